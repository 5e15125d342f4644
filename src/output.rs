//! All formatting: tables on a terminal, CSV, JSON, JSON Lines and Markdown for pipes.
//!
//! Commands hand `Output` neutral `Rows` or a short outcome; data goes to stdout and
//! status lines to stderr. JSON is an array of objects whose keys are the column names.

use std::io::{self, IsTerminal, Write};

use comfy_table::{presets, ContentArrangement, Table};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::rows::{cell_text, Rows};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Jsonl,
    Markdown,
    /// One self-contained HTML page (the report matrix and timeline as charts)
    Html,
}

pub struct Output {
    format: Format,
    out: Box<dyn Write>,
    err: Box<dyn Write>,
    terminal: bool,
}

impl Output {
    /// Output to the process's stdout and stderr.
    pub fn stdio(format: Format) -> Self {
        Output {
            format,
            terminal: io::stdout().is_terminal(),
            out: Box::new(io::stdout()),
            err: Box::new(io::stderr()),
        }
    }

    /// Output to the given writers (for tests and embedding).
    pub fn to_writers(format: Format, out: Box<dyn Write>, err: Box<dyn Write>) -> Self {
        Output {
            format,
            out,
            err,
            terminal: false,
        }
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// A list of records or a report.
    pub fn rows(&mut self, rows: &Rows) -> Result<()> {
        let text = match self.format {
            Format::Table => self.table(rows),
            Format::Csv => csv_text(rows)?,
            Format::Json => pretty(&Value::Array(
                rows.objects().into_iter().map(Value::Object).collect(),
            )),
            Format::Jsonl => jsonl(rows),
            Format::Markdown => markdown(rows),
            Format::Html => crate::html::table_page("provtrack", &rows_meta(rows), rows),
        };
        self.write_out(&text)
    }

    /// A whole page already rendered (the HTML report charts).
    pub fn page(&mut self, html: &str) -> Result<()> {
        self.write_out(html)
    }

    /// One record: a field/value table on a terminal, one object in JSON.
    pub fn record(&mut self, rows: &Rows) -> Result<()> {
        match self.format {
            Format::Table | Format::Markdown => {
                let mut vertical = Rows::new(&["field", "value"]);
                for (column, value) in rows
                    .columns
                    .iter()
                    .zip(rows.rows.first().into_iter().flatten())
                {
                    vertical.push(vec![Value::String(column.clone()), value.clone()]);
                }
                let text = if self.format == Format::Table {
                    self.table(&vertical)
                } else {
                    markdown(&vertical)
                };
                self.write_out(&text)
            }
            Format::Json => {
                let object = rows.objects().into_iter().next().unwrap_or_default();
                self.write_out(&pretty(&Value::Object(object)))
            }
            Format::Csv | Format::Jsonl | Format::Html => self.rows(rows),
        }
    }

    /// The outcome of a write: a sentence in a table, an object in the machine formats.
    pub fn outcome(&mut self, action: &str, kind: &str, key: &str, message: &str) -> Result<()> {
        let mut rows = Rows::new(&["action", "kind", "key"]);
        rows.push(vec![action.into(), kind.into(), key.into()]);
        match self.format {
            Format::Table | Format::Markdown | Format::Html => {
                self.write_out(&format!("{message}\n"))
            }
            Format::Json => {
                let object = rows.objects().into_iter().next().unwrap_or_default();
                self.write_out(&pretty(&Value::Object(object)))
            }
            _ => self.rows(&rows),
        }
    }

    /// Raw bytes on stdout whatever the format (generated scripts and pages).
    pub fn bytes(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes).map_err(write_error)?;
        self.out.flush().map_err(write_error)
    }

    /// A status line on stderr: progress, hints, what was done.
    pub fn status(&mut self, text: &str) -> Result<()> {
        writeln!(self.err, "{text}").map_err(write_error)
    }

    fn write_out(&mut self, text: &str) -> Result<()> {
        self.out.write_all(text.as_bytes()).map_err(write_error)?;
        self.out.flush().map_err(write_error)
    }

    fn table(&self, rows: &Rows) -> String {
        if rows.is_empty() {
            return "(no rows)\n".to_string();
        }
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED);
        if self.terminal {
            table.set_content_arrangement(ContentArrangement::Dynamic);
        }
        table.set_header(&rows.columns);
        for row in &rows.rows {
            table.add_row(row.iter().map(cell_text));
        }
        format!("{table}\n")
    }
}

fn write_error(e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Error::OutputClosed;
    }
    Error::Io(format!("cannot write output: {e}"))
}

fn rows_meta(rows: &Rows) -> String {
    format!("{} row(s)", rows.rows.len())
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values always serialise");
    text.push('\n');
    text
}

fn jsonl(rows: &Rows) -> String {
    rows.objects()
        .into_iter()
        .map(|o: Map<String, Value>| format!("{}\n", Value::Object(o)))
        .collect()
}

fn csv_text(rows: &Rows) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let io_err = |e: csv::Error| Error::Unexpected(format!("cannot write CSV: {e}"));
    writer.write_record(&rows.columns).map_err(io_err)?;
    for row in &rows.rows {
        writer
            .write_record(row.iter().map(cell_text))
            .map_err(io_err)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::Unexpected(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 cells is UTF-8"))
}

/// A GitHub-flavoured Markdown table; pipes and newlines in cells are escaped so that
/// each record stays one row.
fn markdown(rows: &Rows) -> String {
    let escape = |s: String| {
        s.replace('\\', "\\\\")
            .replace('|', "\\|")
            .replace("\r\n", "<br>")
            .replace(['\n', '\r'], "<br>")
    };
    let mut text = format!(
        "| {} |\n",
        rows.columns
            .iter()
            .cloned()
            .map(escape)
            .collect::<Vec<_>>()
            .join(" | ")
    );
    text.push_str(&format!("|{}\n", " --- |".repeat(rows.columns.len())));
    for row in &rows.rows {
        let cells: Vec<String> = row.iter().map(|v| escape(cell_text(v))).collect();
        text.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_pipes_and_newlines() {
        let mut rows = Rows::new(&["a"]);
        rows.push(vec!["x | y\nz".into()]);
        assert_eq!(markdown(&rows), "| a |\n| --- |\n| x \\| y<br>z |\n");
    }
}
