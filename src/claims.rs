//! Claims files: one article's source, actors, plans, provisions and stances, in TOML
//! or JSON. This module parses and writes them; `commands::import` stores them and
//! `commands::export` produces them. The format is documented in
//! the README ("Claims files").

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::error::{Error, Result};
use crate::input::{
    ActorFields, PlanFields, ProvisionFields, ProvisionReportRecord, SourceFields, StanceRecord,
};
use crate::model::GivenPosition;

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimsFile {
    pub source: Option<SourceFields>,
    #[serde(default)]
    pub actors: Vec<ActorFields>,
    #[serde(default)]
    pub plans: Vec<PlanFields>,
    #[serde(default)]
    pub provisions: Vec<ProvisionFields>,
    /// What this file's source (or another, by key) says a provision contains.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provision_reports: Vec<ProvisionReportRecord>,
    #[serde(default)]
    pub stances: Vec<StanceRecord>,
}

/// A parsed file with what is needed to point at its records in error messages.
pub struct Parsed {
    pub name: String,
    pub text: String,
    pub claims: ClaimsFile,
    is_toml: bool,
}

impl Parsed {
    /// `file:line: table[i]` for the i-th record of `table` (line only in TOML, where
    /// each record starts with a `[[table]]` header).
    pub fn place(&self, table: &str, index: usize) -> String {
        let header = format!("[[{table}]]");
        let line = self
            .is_toml
            .then(|| {
                self.text
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| l.trim() == header)
                    .nth(index)
                    .map(|(n, _)| n + 1)
            })
            .flatten();
        match line {
            Some(n) => format!("{}:{n}: {table}[{index}]", self.name),
            None => format!("{}: {table}[{index}]", self.name),
        }
    }
}

/// Parses a claims file's text; the format comes from the file name's extension.
pub fn parse(name: &str, text: String) -> Result<Parsed> {
    let extension = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let is_toml = match extension.as_deref() {
        Some("toml") => true,
        Some("json") => false,
        _ => {
            return Err(Error::invalid(format!(
                "{name}: unknown claims file type; expected a .toml or .json file"
            )))
        }
    };
    parse_as(name, text, is_toml)
}

/// Parses a claims file's text as TOML (`is_toml`) or JSON, whatever its name.
pub fn parse_as(name: &str, text: String, is_toml: bool) -> Result<Parsed> {
    let claims = if is_toml {
        toml::from_str(&text).map_err(|e| toml_error(name, &text, &e))?
    } else {
        serde_json::from_str(&text).map_err(|e| {
            Error::invalid(format!(
                "{name}:{}:{}: {}",
                e.line(),
                e.column(),
                json_message(&e)
            ))
        })?
    };
    unconfirmed(name, &text, &claims, is_toml)?;
    Ok(Parsed {
        name: name.to_string(),
        text,
        claims,
        is_toml,
    })
}

/// Refuses a file with a position `provtrack draft` suggested and nobody confirmed
/// (`position = "?supports"`), naming the first one's line.
fn unconfirmed(name: &str, text: &str, claims: &ClaimsFile, is_toml: bool) -> Result<()> {
    let open: Vec<(usize, crate::model::Position)> = claims
        .stances
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s.position {
            Some(GivenPosition::Suggested(p)) => Some((i, p)),
            _ => None,
        })
        .collect();
    let Some(&(index, position)) = open.first() else {
        return Ok(());
    };
    // The line of the first suggested position in the text.
    let line = text
        .lines()
        .position(|l| {
            let l = l.trim_start();
            let key = if is_toml {
                l.starts_with("position")
            } else {
                l.starts_with("\"position\"")
            };
            key && l.contains("\"?")
        })
        .map_or(String::new(), |n| format!(":{}", n + 1));
    Err(Error::invalid(format!(
        "{name}{line}: stances[{index}]: position '?{position}' is a suggestion from provtrack \
         draft, not yet confirmed: write position = \"{position}\" (or another position) once \
         you have checked the stance ({} suggestion(s) left in this file)",
        open.len()
    )))
}

/// Reads and parses a claims file from disk, reporting invalid UTF-8 with its line.
pub fn read(path: &Path) -> Result<Parsed> {
    let name = path.display().to_string();
    let text = read_text(path)?;
    parse(&name, text)
}

/// Reads a claims file from disk as TOML (`is_toml`) or JSON, whatever its extension.
pub fn read_as(path: &Path, is_toml: bool) -> Result<Parsed> {
    let name = path.display().to_string();
    let text = read_text(path)?;
    parse_as(&name, text, is_toml)
}

fn read_text(path: &Path) -> Result<String> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::not_found(format!("{name}: no such file")),
        _ => Error::Io(format!("{name}: cannot read: {e}")),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        Error::invalid(format!("{name}:{line}: the file is not valid UTF-8"))
    })
}

/// A JSON error's message without the " at line L column C" serde_json adds (the
/// caller names the place).
pub fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&suffix) {
        Some(message) => message.to_string(),
        None => text,
    }
}

/// A TOML error as one line: `file:line:column: message`.
fn toml_error(name: &str, text: &str, e: &toml::de::Error) -> Error {
    let message = e.message().replace('\n', " ");
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            let record = record_at(text, line)
                .map(|r| format!("{r}: "))
                .unwrap_or_default();
            Error::invalid(format!("{name}:{line}:{column}: {record}{message}"))
        }
        None => Error::invalid(format!("{name}: {message}")),
    }
}

/// The record that line `line` (from 1) of a TOML claims file is in, as `place` names
/// it: `stances[2]` under the third `[[stances]]` header, `source` under `[source]`.
fn record_at(text: &str, line: usize) -> Option<String> {
    let headers: Vec<&str> = text
        .lines()
        .take(line)
        .map(str::trim)
        .filter(|l| {
            let name = l.trim_start_matches('[').trim_end_matches(']');
            l.starts_with('[')
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        })
        .collect();
    let last = *headers.last()?;
    let table = last.trim_matches(['[', ']']);
    if last.starts_with("[[") {
        let index = headers.iter().filter(|h| **h == last).count() - 1;
        Some(format!("{table}[{index}]"))
    } else {
        Some(table.to_string())
    }
}

/// A claims file as TOML text: fields in the documented order, absent fields and
/// empty lists left out. The same file always gives the same bytes.
pub fn to_toml(file: &ClaimsFile) -> Result<String> {
    let value = compact(serde_json::to_value(file).map_err(unexpected)?);
    toml::to_string(&value).map_err(|e| Error::Unexpected(format!("cannot write TOML: {e}")))
}

/// A claims file as pretty-printed JSON, with the same rules as `to_toml`.
pub fn to_json(file: &ClaimsFile) -> Result<String> {
    let value = compact(serde_json::to_value(file).map_err(unexpected)?);
    let mut text = serde_json::to_string_pretty(&value).map_err(unexpected)?;
    text.push('\n');
    Ok(text)
}

fn unexpected(e: serde_json::Error) -> Error {
    Error::Unexpected(format!("cannot serialise a record: {e}"))
}

/// Drops nulls, empty arrays and empty objects, recursively (keeps key order).
fn compact(value: Json) -> Json {
    match value {
        Json::Object(map) => Json::Object(
            map.into_iter()
                .map(|(k, v)| (k, compact(v)))
                .filter(|(_, v)| match v {
                    Json::Null => false,
                    Json::Array(a) => !a.is_empty(),
                    Json::Object(o) => !o.is_empty(),
                    _ => true,
                })
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.into_iter().map(compact).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_json_round_trip_tricky_text() {
        let file = ClaimsFile {
            source: Some(SourceFields {
                key: Some("s".into()),
                outlet: Some("Outlet \"quoted\", with comma | pipe".into()),
                notes: Some("line one\nline two\twith tab \\ backslash ''' \"\"\"".into()),
                ..Default::default()
            }),
            stances: vec![StanceRecord {
                actor: Some("Зеленський".into()),
                quote: Some("«Ні» — said he; 'no'".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let toml_text = to_toml(&file).unwrap();
        let back = parse("x.toml", toml_text.clone()).unwrap();
        assert_eq!(back.claims.source, file.source);
        assert_eq!(back.claims.stances, file.stances);
        assert_eq!(to_toml(&back.claims).unwrap(), toml_text);
        let json_text = to_json(&file).unwrap();
        let back = parse("x.json", json_text.clone()).unwrap();
        assert_eq!(back.claims.stances, file.stances);
        assert_eq!(to_json(&back.claims).unwrap(), json_text);
    }
}
