//! Claims files: one article's source, actors, plans, provisions and stances, in TOML
//! or JSON. This module parses them; `commands::import` writes them.
//! The format is documented in docs/claims-format.md and the README.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::fields::{ActorFields, PlanFields, ProvisionFields, SourceFields, StanceFields};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimsFile {
    pub source: Option<SourceFields>,
    #[serde(default)]
    pub actors: Vec<ActorFields>,
    #[serde(default)]
    pub plans: Vec<PlanFields>,
    #[serde(default)]
    pub provisions: Vec<ProvisionFields>,
    #[serde(default)]
    pub stances: Vec<StanceFields>,
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
    let claims = if is_toml {
        toml::from_str(&text).map_err(|e| toml_error(name, &text, &e))?
    } else {
        serde_json::from_str(&text)
            .map_err(|e| Error::invalid(format!("{name}:{}:{}: {e}", e.line(), e.column())))?
    };
    Ok(Parsed {
        name: name.to_string(),
        text,
        claims,
        is_toml,
    })
}

/// Reads and parses a claims file from disk, reporting invalid UTF-8 with its line.
pub fn read(path: &Path) -> Result<Parsed> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::not_found(format!("{name}: no such file")),
        _ => Error::Io(format!("{name}: cannot read: {e}")),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        Error::invalid(format!("{name}:{line}: the file is not valid UTF-8"))
    })?;
    parse(&name, text)
}

/// A TOML error as one line: `file:line:column: message`.
fn toml_error(name: &str, text: &str, e: &toml::de::Error) -> Error {
    let message = e.message().replace('\n', " ");
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            Error::invalid(format!("{name}:{line}:{column}: {message}"))
        }
        None => Error::invalid(format!("{name}: {message}")),
    }
}
