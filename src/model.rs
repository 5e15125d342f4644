//! The vocabularies and field rules shared by commands and imports.
//!
//! The schema enforces the same rules with CHECK constraints; checking here first lets
//! an error name the field, the value and the accepted values, and suggest a fix.

use crate::error::{Error, Result};
use crate::suggest::did_you_mean;

/// The record kinds. `noun` names one in commands and messages, `table` many (the
/// plural: the table that holds them, and a table file's name, `stances.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Source,
    Actor,
    Plan,
    Provision,
    Stance,
}

/// `history KIND` takes a record kind by its noun (`actor`) or its table (`actors`).
impl clap::ValueEnum for Kind {
    fn value_variants<'a>() -> &'a [Self] {
        &Kind::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.noun()).alias(self.table()))
    }
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Source,
        Kind::Actor,
        Kind::Plan,
        Kind::Provision,
        Kind::Stance,
    ];

    pub fn table(self) -> &'static str {
        match self {
            Kind::Source => "sources",
            Kind::Actor => "actors",
            Kind::Plan => "plans",
            Kind::Provision => "provisions",
            Kind::Stance => "stances",
        }
    }

    /// The singular noun used in commands and messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Source => "source",
            Kind::Actor => "actor",
            Kind::Plan => "plan",
            Kind::Provision => "provision",
            Kind::Stance => "stance",
        }
    }

    pub fn parse(noun: &str) -> Result<Kind> {
        let nouns: Vec<&str> = Kind::ALL.iter().map(|k| k.noun()).collect();
        Kind::ALL
            .into_iter()
            .find(|k| k.noun() == noun || k.table() == noun)
            .ok_or_else(|| {
                let hint = did_you_mean(noun, nouns.iter().copied())
                    .map(|s| format!(" — did you mean {s}?"))
                    .unwrap_or_default();
                Error::invalid(format!(
                    "unknown record kind '{noun}'{hint} (expected one of: {})",
                    nouns.join(", ")
                ))
            })
    }
}

/// A vocabulary: an enum whose variants are the accepted values of one field. Values
/// are parsed at the boundary (a clap `ValueEnum` for flags, serde for claims files and
/// tables) and stored as their text (`as_str`). A bad value is refused with the field,
/// the value, a "did you mean" and the accepted values, as `check_vocab` words it.
/// The schema holds the same lists as CHECKs or lookup tables; a test compares them.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, field $field:literal, list $list:ident $(, default $default:ident)? {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
        pub enum $name {
            $($(#[$vmeta])* #[value(name = $text)] $variant),+
        }

        impl $name {
            /// Every value, in the order help and messages list them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every value as stored.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The value as stored and as the user writes it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Parses a value, or fails with "invalid FIELD 'x' — did you mean 'y'?
            /// (expected one of: ...)".
            pub fn parse(value: &str) -> Result<Self> {
                Self::parse_as($field, value)
            }

            /// Like `parse`, naming the field `field` in the error.
            pub fn parse_as(field: &str, value: &str) -> Result<Self> {
                match Self::ALL.iter().find(|v| v.as_str() == value) {
                    Some(v) => Ok(*v),
                    None => Err(check_vocab(field, value, Self::NAMES)
                        .err()
                        .unwrap_or_else(|| Error::invalid(format!("invalid {field} '{value}'")))),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(value: &str) -> Result<Self> {
                Self::parse(value)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                Self::parse(text).map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }

        $(
            /// The value a new record takes when none is given.
            impl Default for $name {
                fn default() -> Self {
                    $name::$default
                }
            }
        )?

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }

        /// Every value as stored (the vocabulary's list, for code that checks text).
        pub const $list: &[&str] = $name::NAMES;
    };
}

vocabulary! {
    /// What kind of text a source is.
    SourceKind, field "kind", list SOURCE_KINDS {
        News = "news",
        Analysis = "analysis",
        Opinion = "opinion",
        Leak = "leak",
        Official = "official",
        Interview = "interview",
        Transcript = "transcript",
    }
}

vocabulary! {
    /// What kind of actor speaks or is spoken of.
    ActorKind, field "kind", list ACTOR_KINDS {
        State = "state",
        Bloc = "bloc",
        Organization = "organization",
        Person = "person",
        Media = "media",
        Statement = "statement",
    }
}

vocabulary! {
    /// Where a plan stands.
    PlanStatus, field "status", list PLAN_STATUSES {
        Leaked = "leaked",
        Proposed = "proposed",
        CounterProposal = "counter-proposal",
        UnderNegotiation = "under-negotiation",
        Agreed = "agreed",
        Signed = "signed",
        Abandoned = "abandoned",
        Superseded = "superseded",
    }
}

vocabulary! {
    /// How much of a plan's text is known: the whole of it, part of it, or only a summary.
    TextKnown, field "text_known", list TEXT_KNOWN {
        Full = "full",
        Partial = "partial",
        Summary = "summary",
    }
}

vocabulary! {
    /// How one plan relates to another.
    PlanRelation, field "relation", list PLAN_RELATIONS {
        RespondsTo = "responds-to",
        Supersedes = "supersedes",
    }
}

vocabulary! {
    /// Where an actor stands on a plan or provision; `positions` holds each one's score.
    /// (`Undecided` is only the placeholder of `Statement::default()`: a new stance is
    /// refused without the position it is given.)
    Position, field "position", list POSITIONS, default Undecided {
        Proposes = "proposes",
        Supports = "supports",
        Conditional = "conditional",
        Undecided = "undecided",
        Neutral = "neutral",
        Opposes = "opposes",
        Rejects = "rejects",
    }
}

vocabulary! {
    /// What a stance records: the actor's position, the source's forecast of it, or
    /// advice about what the actor should do.
    StanceKind, field "kind", list STANCE_KINDS, default Position {
        Position = "position",
        Forecast = "forecast",
        Recommendation = "recommendation",
    }
}

vocabulary! {
    /// How the source had the actor's words.
    Attribution, field "attribution", list ATTRIBUTIONS, default Reported {
        Direct = "direct",
        Reported = "reported",
        Anonymous = "anonymous",
        Inferred = "inferred",
    }
}

vocabulary! {
    /// Whether a stance still stands.
    StanceStatus, field "status", list STANCE_STATUSES, default Active {
        Active = "active",
        Retracted = "retracted",
        Corrected = "corrected",
    }
}

vocabulary! {
    /// How a provision continues one of an earlier plan.
    Relation, field "relation", list RELATIONS {
        Same = "same",
        Modified = "modified",
        Merged = "merged",
        Split = "split",
    }
}

vocabulary! {
    /// What a provision is about; `categories` holds each one's description.
    Category, field "category", list CATEGORIES {
        Territory = "territory",
        Ceasefire = "ceasefire",
        SecurityGuarantees = "security-guarantees",
        NatoNeutrality = "nato-neutrality",
        ArmedForces = "armed-forces",
        Peacekeeping = "peacekeeping",
        Sanctions = "sanctions",
        FrozenAssets = "frozen-assets",
        Reconstruction = "reconstruction",
        ElectionsGovernance = "elections-governance",
        Humanitarian = "humanitarian",
        EuIntegration = "eu-integration",
        EuropeanSecurity = "european-security",
        UsRussiaRelations = "us-russia-relations",
        Nuclear = "nuclear",
        Other = "other",
    }
}

vocabulary! {
    /// What a search hit is.
    SearchKind, field "kind", list SEARCH_KINDS {
        Provision = "provision",
        Stance = "stance",
        Source = "source",
    }
}

impl PlanRelation {
    /// The field of a plan that lists the plans it relates to this way, as claims
    /// files and `changed` lists name it (`responds_to`, `supersedes`).
    pub fn field(self) -> &'static str {
        match self {
            PlanRelation::RespondsTo => "responds_to",
            PlanRelation::Supersedes => "supersedes",
        }
    }
}

/// A stance's position as a file gives it: confirmed (`position = "supports"`), or
/// suggested by `provtrack draft` and not yet confirmed (`position = "?supports"`),
/// which `import` refuses until the analyst removes the `?`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GivenPosition {
    Confirmed(Position),
    Suggested(Position),
}

impl GivenPosition {
    /// Parses `supports` or `?supports`; a bad position is refused as `Position::parse`
    /// words it.
    pub fn parse(value: &str) -> Result<Self> {
        match value.strip_prefix('?') {
            Some(rest) => Position::parse(rest).map(GivenPosition::Suggested),
            None => Position::parse(value).map(GivenPosition::Confirmed),
        }
    }
}

impl std::fmt::Display for GivenPosition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GivenPosition::Confirmed(p) => f.write_str(p.as_str()),
            GivenPosition::Suggested(p) => write!(f, "?{p}"),
        }
    }
}

impl std::str::FromStr for GivenPosition {
    type Err = Error;
    fn from_str(value: &str) -> Result<Self> {
        Self::parse(value)
    }
}

impl serde::Serialize for GivenPosition {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for GivenPosition {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The basis of a lineage link that no source states: the analyst's own reading.
pub const EDITORIAL: &str = "editorial";

/// Every vocabulary's field name (as messages name it) and values, for code that
/// meets a value outside a typed field (a clap error names the values it expected:
/// `cli::vocabulary_error` finds whose).
pub const VOCABULARIES: &[(&str, &[&str])] = &[
    ("kind", SOURCE_KINDS),
    ("kind", ACTOR_KINDS),
    ("status", PLAN_STATUSES),
    ("text_known", TEXT_KNOWN),
    ("relation", PLAN_RELATIONS),
    ("position", POSITIONS),
    ("kind", STANCE_KINDS),
    ("attribution", ATTRIBUTIONS),
    ("status", STANCE_STATUSES),
    ("relation", RELATIONS),
    ("category", CATEGORIES),
    ("kind", SEARCH_KINDS),
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

#[cfg(test)]
mod vocabulary_tests {
    use super::*;
    use rusqlite::Connection;

    /// A new database with every migration applied.
    fn fresh() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::store::migrate::apply(&mut conn, crate::store::migrate::MIGRATIONS).unwrap();
        conn
    }

    /// The values a table's `CHECK (column IN ('a', 'b', ...))` accepts, as the table's
    /// SQL in sqlite_master of a new database has it.
    fn check_list(conn: &Connection, table: &str, column: &str) -> Option<Vec<String>> {
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .ok()?;
        let sql = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        let opening = format!("({column} IN (");
        let start = sql.find(&opening)? + opening.len();
        let list = &sql[start..start + sql[start..].find(')')?];
        Some(
            list.split(',')
                .map(|v| v.trim().trim_matches('\'').to_string())
                .collect(),
        )
    }

    /// The keys of a lookup table.
    fn keys(conn: &Connection, table: &str) -> Vec<String> {
        let mut stmt = conn.prepare(&format!("SELECT key FROM {table}")).unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    fn sorted(values: impl IntoIterator<Item = String>) -> Vec<String> {
        let mut v: Vec<String> = values.into_iter().collect();
        v.sort();
        v
    }

    /// Every vocabulary enum accepts exactly what the schema of a new database accepts:
    /// its CHECK list, or the keys of its lookup table (positions, categories). A
    /// mismatch names the vocabulary, the table and both lists.
    #[test]
    fn the_schema_accepts_exactly_the_values_of_each_vocabulary() {
        let conn = fresh();
        let checks: &[(&str, &str, &str, &[&str])] = &[
            ("SourceKind", "sources", "kind", SourceKind::NAMES),
            ("ActorKind", "actors", "kind", ActorKind::NAMES),
            ("PlanStatus", "plans", "status", PlanStatus::NAMES),
            ("TextKnown", "plans", "text_known", TextKnown::NAMES),
            (
                "PlanRelation",
                "plan_relations",
                "relation",
                PlanRelation::NAMES,
            ),
            ("StanceKind", "stances", "kind", StanceKind::NAMES),
            ("Attribution", "stances", "attribution", Attribution::NAMES),
            ("StanceStatus", "stances", "status", StanceStatus::NAMES),
            ("Relation", "provision_links", "relation", Relation::NAMES),
            ("SearchKind", "search_records", "kind", SearchKind::NAMES),
        ];
        let mut mismatches = Vec::new();
        for (name, table, column, names) in checks {
            let enum_values = sorted(names.iter().map(|n| n.to_string()));
            match check_list(&conn, table, column) {
                None => {
                    mismatches.push(format!("{name}: {table} has no CHECK ({column} IN (...))"))
                }
                Some(schema) if sorted(schema.clone()) != enum_values => mismatches.push(format!(
                    "{name}: {table}.{column} accepts {schema:?}, the enum {names:?}"
                )),
                Some(_) => {}
            }
        }
        for (name, table, names) in [
            ("Position", "positions", Position::NAMES),
            ("Category", "categories", Category::NAMES),
        ] {
            let schema = sorted(keys(&conn, table));
            if schema != sorted(names.iter().map(|n| n.to_string())) {
                mismatches.push(format!(
                    "{name}: the table {table} holds {schema:?}, the enum {names:?}"
                ));
            }
        }
        assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    }

    #[test]
    fn a_value_parses_to_its_variant_and_is_stored_as_its_text() {
        for name in Position::NAMES {
            assert_eq!(Position::parse(name).unwrap().as_str(), *name);
        }
        assert_eq!(
            "counter-proposal".parse::<PlanStatus>().unwrap(),
            PlanStatus::CounterProposal
        );
        let e = StanceKind::parse("guess").unwrap_err().to_string();
        assert_eq!(
            e,
            "invalid kind 'guess' (expected one of: position, forecast, recommendation)"
        );
        let e = Position::parse("suports").unwrap_err().to_string();
        assert!(
            e.starts_with("invalid position 'suports' — did you mean 'supports'?"),
            "{e}"
        );
        let json: Relation = serde_json::from_str("\"modified\"").unwrap();
        assert_eq!(json, Relation::Modified);
        assert_eq!(serde_json::to_string(&json).unwrap(), "\"modified\"");
        let bad = serde_json::from_str::<Relation>("\"same-ish\"")
            .unwrap_err()
            .to_string();
        assert!(bad.contains("invalid relation 'same-ish'"), "{bad}");
    }
}
