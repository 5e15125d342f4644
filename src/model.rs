//! The vocabularies and field rules shared by commands and imports.
//!
//! The schema enforces the same rules with CHECK constraints; checking here first lets
//! an error name the field, the value and the accepted values, and suggest a fix.

use crate::error::{Error, Result};
use crate::suggest::did_you_mean;

pub const SOURCE_KINDS: &[&str] = &[
    "news",
    "analysis",
    "opinion",
    "leak",
    "official",
    "interview",
    "transcript",
];
pub const ACTOR_KINDS: &[&str] = &[
    "state",
    "bloc",
    "organization",
    "person",
    "media",
    "statement",
];
pub const PLAN_STATUSES: &[&str] = &[
    "leaked",
    "proposed",
    "counter-proposal",
    "under-negotiation",
    "agreed",
    "signed",
    "abandoned",
    "superseded",
];
/// How much of a plan's text is known: the whole of it, part of it, or only a summary.
pub const TEXT_KNOWN: &[&str] = &["full", "partial", "summary"];
/// The basis of a lineage link that no source states: the analyst's own reading.
pub const EDITORIAL: &str = "editorial";
pub const POSITIONS: &[&str] = &[
    "proposes",
    "supports",
    "conditional",
    "undecided",
    "neutral",
    "opposes",
    "rejects",
];
pub const STANCE_KINDS: &[&str] = &["position", "forecast", "recommendation"];
pub const ATTRIBUTIONS: &[&str] = &["direct", "reported", "anonymous", "inferred"];
pub const STANCE_STATUSES: &[&str] = &["active", "retracted", "corrected"];
pub const RELATIONS: &[&str] = &["same", "modified", "merged", "split"];
pub const CATEGORIES: &[&str] = &[
    "territory",
    "ceasefire",
    "security-guarantees",
    "nato-neutrality",
    "armed-forces",
    "peacekeeping",
    "sanctions",
    "frozen-assets",
    "reconstruction",
    "elections-governance",
    "humanitarian",
    "eu-integration",
    "european-security",
    "us-russia-relations",
    "nuclear",
    "other",
];

/// Longest name (actor names, aliases, outlets, authors), in characters.
pub const MAX_NAME: usize = 200;
/// Longest title (of a source, plan or provision), in characters.
pub const MAX_TITLE: usize = 500;
/// Longest language tag.
pub const MAX_LANGUAGE: usize = 35;
/// Longest free-text field (provision text, notes), in characters.
pub const MAX_TEXT: usize = 10_000;
/// Longest quote or reason, in characters.
pub const MAX_QUOTE: usize = 2_000;
/// Longest key.
pub const MAX_KEY: usize = 80;

/// Checks that `value` is one of `allowed`, naming the field and the accepted values.
pub fn check_vocab(field: &str, value: &str, allowed: &[&str]) -> Result<String> {
    if allowed.contains(&value) {
        return Ok(value.to_string());
    }
    let hint = match did_you_mean(value, allowed.iter().copied()) {
        Some(s) => format!(" — did you mean {s}?"),
        None => String::new(),
    };
    Err(Error::invalid(format!(
        "invalid {field} '{value}'{hint} (expected one of: {})",
        allowed.join(", ")
    )))
}

/// Checks a record key: a lowercase slug such as `zelensky` or `us-28-point-plan`.
pub fn check_key(field: &str, value: &str) -> Result<String> {
    let ok_chars = value
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let ok_ends = !value.starts_with('-') && !value.ends_with('-');
    if value.is_empty() || value.len() > MAX_KEY || !ok_chars || !ok_ends {
        return Err(Error::invalid(format!(
            "invalid {field} '{}': a key is 1 to {MAX_KEY} characters of a-z, 0-9 and '-', \
             not starting or ending with '-' (for example 'us-28-point-plan')",
            printable(value)
        )));
    }
    Ok(value.to_string())
}

/// Longest stance key (a generated one is a source key and a suffix).
pub const MAX_STANCE_KEY: usize = 120;

/// Checks a stance key: a slug like other keys, up to `MAX_STANCE_KEY` characters.
pub fn check_stance_key(value: &str) -> Result<String> {
    let short: String = value.chars().take(MAX_KEY).collect();
    if value.len() <= MAX_STANCE_KEY && check_key("key", &short).is_ok() {
        let tail_ok = value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !value.ends_with('-');
        if tail_ok {
            return Ok(value.to_string());
        }
    }
    Err(Error::invalid(format!(
        "invalid key '{}': a stance key is 1 to {MAX_STANCE_KEY} characters of a-z, 0-9 and \
         '-', not starting or ending with '-' (for example 'reuters-2025-11-21-putin')",
        printable(value)
    )))
}

/// Shortest language tag (`en`), as the schema's CHECK on sources.language has it.
pub const MIN_LANGUAGE: usize = 2;

/// Checks a language tag: one line of 2 to 35 characters (`en`, `uk`, `pt-BR`).
pub fn check_language(value: &str) -> Result<String> {
    let value = check_line("language", value, MAX_LANGUAGE)?;
    if value.chars().count() < MIN_LANGUAGE {
        return Err(Error::invalid(format!(
            "invalid language '{}': a language tag is {MIN_LANGUAGE} to {MAX_LANGUAGE} \
             characters, such as en, uk or pt-BR",
            printable(&value)
        )));
    }
    Ok(value)
}

/// The most intermediaries a stance is heard through (`--via`), as the schema's CHECK
/// on stance_via.hop has it.
pub const MAX_VIA: usize = 20;

/// A time as `recorded_at` stores it: exactly `YYYY-MM-DDTHH:MM:SSZ`, a real UTC time.
pub fn check_timestamp(field: &str, value: &str) -> Result<String> {
    let ok = chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%SZ")
        .is_ok_and(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string() == value);
    if ok {
        Ok(value.to_string())
    } else {
        Err(Error::invalid(format!(
            "invalid {field} '{}': expected YYYY-MM-DDTHH:MM:SSZ",
            printable(value)
        )))
    }
}

/// Checks a one-line text field: not empty, no control characters, at most `max` chars.
pub fn check_line(field: &str, value: &str, max: usize) -> Result<String> {
    check_text_inner(field, value, max, false)
}

/// Checks a multi-line text field: like `check_line` but newlines and tabs are allowed.
pub fn check_text(field: &str, value: &str, max: usize) -> Result<String> {
    check_text_inner(field, value, max, true)
}

fn check_text_inner(field: &str, value: &str, max: usize, multiline: bool) -> Result<String> {
    if value.trim().is_empty() {
        return Err(Error::invalid(format!("{field} must not be empty")));
    }
    let count = value.chars().count();
    if count > max {
        return Err(Error::invalid(format!(
            "{field} is {count} characters long; the limit is {max}"
        )));
    }
    // A carriage return alone would overwrite the line on a terminal ("...\rUkraine
    // SUPPORTS it!"); only the one of a Windows line end (\r\n) is allowed.
    let mut chars = value.chars().peekable();
    let mut bad = None;
    while let Some(c) = chars.next() {
        let allowed =
            multiline && (c == '\n' || c == '\t' || (c == '\r' && chars.peek() == Some(&'\n')));
        if c.is_control() && !allowed {
            bad = Some(c);
            break;
        }
    }
    if let Some(c) = bad {
        return Err(Error::invalid(format!(
            "{field} '{}' contains the control character U+{:04X}, which is not allowed",
            printable(value),
            c as u32
        )));
    }
    Ok(value.to_string())
}

/// A value as it can be shown in a one-line message: control characters escaped, cut short.
pub fn printable(value: &str) -> String {
    let escaped: String = value.chars().flat_map(char::escape_debug).collect();
    let escaped = escaped.replace("\\'", "'").replace("\\\"", "\"");
    if escaped.chars().count() > 60 {
        let short: String = escaped.chars().take(57).collect();
        format!("{short}...")
    } else {
        escaped
    }
}

/// The figures of a text, as `report conflicts` compares them: every number, with its
/// thousands separators dropped (`600,000` and `600 000` are `600000`), in the order
/// they appear, without repeats, joined by `, `; None when there is none.
pub fn figures(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut number = String::new();
        while i < chars.len() {
            if chars[i].is_ascii_digit() {
                number.push(chars[i]);
                i += 1;
            } else if matches!(chars[i], ',' | ' ' | '\u{a0}' | '\u{202f}')
                && i + 3 < chars.len() + 1
                && chars
                    .get(i + 1..i + 4)
                    .is_some_and(|g| g.iter().all(char::is_ascii_digit))
                && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
            {
                i += 1;
            } else {
                break;
            }
        }
        if !out.contains(&number) {
            out.push(number);
        }
    }
    (!out.is_empty()).then(|| out.join(", "))
}

#[cfg(test)]
mod figure_tests {
    use super::figures;

    #[test]
    fn numbers_lose_their_thousands_separators() {
        assert_eq!(figures("capped at 600,000").as_deref(), Some("600000"));
        assert_eq!(
            figures("800 000 in peacetime, up from 600,000").as_deref(),
            Some("800000, 600000")
        );
        assert_eq!(figures("21 points, 2025").as_deref(), Some("21, 2025"));
        assert_eq!(figures("no figure"), None);
    }
}
