//! Tables: one record kind per file, as CSV (with a header line) or JSON Lines.
//!
//! `provtrack import` reads them and `provtrack export --layout tables` writes them.
//! The columns of each kind are the fields of its claims-file record, with two
//! differences: a stance's date column is `date` (claims files say `stated_on`; both are
//! read), and in CSV the lists (an actor's aliases, a plan's proposers) are one cell with
//! the items separated by `;` (a `;` or `\` inside an item is written `\;` or `\\`).
//! An empty CSV cell is a field not given. A CSV text cell that a spreadsheet would run
//! as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is
//! written with a leading `'`, which reading removes (`output::guard_formula`), so
//! export and import round-trip byte for byte.
//!
//! Reading is streamed: stances come one at a time, so a file of any size is read in
//! bounded memory. Every error names the file and the line.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use serde_json::{Map, Value as Json};

use crate::error::{Error, Result};
use crate::input::{ActorFields, PlanFields, ProvisionFields, SourceFields};
use crate::input::{ProvisionReportRecord, StanceRecord};
/// The record kind a table holds (`kind_of_path`, `read_records`).
pub use crate::model::Kind;

/// What one table file holds: the records of one kind, or provision reports (what a
/// source says a provision contains). A provision report has no key of its own (it is
/// named by its provision and source), so it is not a record `Kind`: no `show`,
/// `history` or key resolution applies to it; only tables and claims files carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Records(Kind),
    ProvisionReports,
}

impl From<Kind> for TableKind {
    fn from(kind: Kind) -> Self {
        TableKind::Records(kind)
    }
}

impl TableKind {
    /// Every table, in the order an import writes them and an export lists them.
    pub const ALL: [TableKind; 6] = [
        TableKind::Records(Kind::Source),
        TableKind::Records(Kind::Actor),
        TableKind::Records(Kind::Plan),
        TableKind::Records(Kind::Provision),
        TableKind::ProvisionReports,
        TableKind::Records(Kind::Stance),
    ];

    /// The file name an export writes (without extension), plural.
    pub fn table(self) -> &'static str {
        match self {
            TableKind::Records(kind) => kind.table(),
            TableKind::ProvisionReports => "provision_reports",
        }
    }

    /// The singular noun used in messages and in an import's summary.
    pub fn noun(self) -> &'static str {
        match self {
            TableKind::Records(kind) => kind.noun(),
            TableKind::ProvisionReports => "provision report",
        }
    }

    /// The names a file can start with to hold this table.
    fn file_names(self) -> Vec<&'static str> {
        match self {
            TableKind::Records(kind) => vec![kind.table(), kind.noun()],
            TableKind::ProvisionReports => vec![
                "provision_reports",
                "provision-reports",
                "provision_report",
                "provision-report",
            ],
        }
    }

    /// The name `import --kind` takes: a record kind's noun, or `provision-report`.
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Records(kind) => kind.noun(),
            TableKind::ProvisionReports => "provision-report",
        }
    }

    /// `import --kind`: a kind's name or one of its file names (`stances`,
    /// `provision_reports`), or "unknown record kind ... did you mean".
    pub fn parse(name: &str) -> Result<TableKind> {
        if let Some(kind) = TableKind::ALL
            .into_iter()
            .find(|k| k.name() == name || k.file_names().contains(&name))
        {
            return Ok(kind);
        }
        let names: Vec<&str> = TableKind::ALL.iter().map(|k| k.name()).collect();
        let hint = crate::suggest::did_you_mean(name, names.iter().copied())
            .map(|s| format!(" — did you mean {s}?"))
            .unwrap_or_default();
        Err(Error::invalid(format!(
            "unknown record kind '{}'{hint} (expected one of: {})",
            crate::model::printable(name),
            names.join(", ")
        )))
    }
}

/// `import --kind`: a kind's name (`stance`, `provision-report`), its table's name
/// (`stances`, `provision_reports`) or another spelling a file name may use.
impl clap::ValueEnum for TableKind {
    fn value_variants<'a>() -> &'a [Self] {
        &TableKind::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let aliases = self
            .file_names()
            .into_iter()
            .filter(|name| *name != self.name());
        Some(clap::builder::PossibleValue::new(self.name()).aliases(aliases))
    }
}

/// The data formats `import` reads and `export` writes (`--input-format`,
/// `--file-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DataFormat {
    /// Claims files in TOML.
    Toml,
    /// Claims files in JSON.
    Json,
    /// One table per file, CSV with a header.
    Csv,
    /// One table per file, one JSON object per line.
    #[value(alias = "ndjson")]
    Jsonl,
}

impl DataFormat {
    /// The format a file name's extension names, if any.
    pub fn of_path(path: &Path) -> Option<DataFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "toml" => Some(DataFormat::Toml),
            "json" => Some(DataFormat::Json),
            "csv" => Some(DataFormat::Csv),
            "jsonl" | "ndjson" => Some(DataFormat::Jsonl),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            DataFormat::Toml => "toml",
            DataFormat::Json => "json",
            DataFormat::Csv => "csv",
            DataFormat::Jsonl => "jsonl",
        }
    }

    /// Whether files of this format hold one record kind each (tables) rather than
    /// claims files.
    pub fn is_table(self) -> bool {
        matches!(self, DataFormat::Csv | DataFormat::Jsonl)
    }
}

/// The record kind a table file holds, from its name: `stances.csv`, `actors.jsonl`,
/// `stance-feed-2025.csv` (the plural or singular noun, alone or followed by `-`, `_`
/// or `.`).
pub fn kind_of_path(path: &Path) -> Option<TableKind> {
    let stem = path.file_stem()?.to_str()?.to_ascii_lowercase();
    let named = |kind: &TableKind| {
        kind.file_names().iter().any(|name| {
            stem == *name
                || stem
                    .strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with(['-', '_', '.']))
        })
    };
    // `provision_reports.csv` also starts with `provision_`: the longer name first.
    let reports = TableKind::ProvisionReports;
    if named(&reports) {
        return Some(reports);
    }
    TableKind::ALL.into_iter().find(named)
}

/// The format of data from its first bytes (stdin has no file name): a first line
/// that is a whole JSON object means JSON Lines, other JSON a claims file; a TOML
/// table header, `key = value` or a comment means TOML; a header of comma-separated
/// names means CSV.
pub fn detect_format(head: &[u8]) -> Option<DataFormat> {
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let first = text.lines().next()?.trim();
    if first.starts_with('{') {
        let object = serde_json::from_str::<Json>(first).ok();
        let claims = |o: &Json| o.get("source").is_some_and(Json::is_object);
        return Some(match object {
            Some(o) if o.is_object() && (text.lines().count() > 1 || !claims(&o)) => {
                DataFormat::Jsonl
            }
            _ => DataFormat::Json,
        });
    }
    if first.starts_with('#') || first.starts_with('[') {
        return Some(DataFormat::Toml);
    }
    let before_comma = first.split(',').next().unwrap_or_default();
    if before_comma.contains('=') {
        return Some(DataFormat::Toml);
    }
    let names = first.split(',').all(|n| {
        let n = n.trim().trim_matches('"');
        !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    names.then_some(DataFormat::Csv)
}

/// The record kind of a table from its first line: the one kind whose columns include
/// every column of the CSV header, or every key of the first JSON object.
pub fn detect_kind(head: &[u8], format: DataFormat) -> Option<TableKind> {
    let text = String::from_utf8_lossy(head);
    let first = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .lines()
        .next()?
        .to_string();
    let names: Vec<String> = match format {
        DataFormat::Csv => first
            .split(',')
            .map(|n| n.trim().trim_matches('"').to_string())
            .collect(),
        DataFormat::Jsonl => match serde_json::from_str::<Json>(&first).ok()? {
            Json::Object(o) => o.keys().cloned().collect(),
            _ => return None,
        },
        _ => return None,
    };
    let fits: Vec<TableKind> = TableKind::ALL
        .into_iter()
        .filter(|&kind| {
            names
                .iter()
                .all(|n| columns(kind).contains(&canonical_column(kind, n)))
        })
        .collect();
    match fits.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// One column of a kind's table, defined once for every use: its name (the CSV header
/// and the JSON Lines key), the cell an export writes for a record, and how a CSV cell
/// sets the record an import reads. A kind's columns are listed in `Table::COLUMNS`, in
/// the order `export` writes them.
pub struct Column<R: 'static> {
    pub name: &'static str,
    get: fn(&R) -> Cell,
    set: fn(&mut R, Option<&str>) -> Result<()>,
}

/// A record kind read and written as a table.
pub trait Table: Default + Sized + 'static {
    const COLUMNS: &'static [Column<Self>];
}

/// A column of text, of a list (`a;b`), or of true/false.
macro_rules! column {
    ($name:literal, $field:ident, text) => {
        Column {
            name: $name,
            get: |r| Cell::from(r.$field.clone()),
            set: |r, v| {
                r.$field = v.map(str::to_string);
                Ok(())
            },
        }
    };
    ($name:literal, $field:ident, list) => {
        Column {
            name: $name,
            get: |r| Cell::List(r.$field.clone()),
            set: |r, v| {
                r.$field = v.map(split_list).unwrap_or_default();
                Ok(())
            },
        }
    };
    ($name:literal, $field:ident, vocabulary) => {
        Column {
            name: $name,
            get: |r| Cell::from(r.$field.map(|v| v.as_str().to_string())),
            set: |r, v| {
                r.$field = v.map(str::parse).transpose()?;
                Ok(())
            },
        }
    };
    ($name:literal, $field:ident, parsed) => {
        Column {
            name: $name,
            get: |r| Cell::from(r.$field.map(|v| v.to_string())),
            set: |r, v| {
                r.$field = v.map(str::parse).transpose()?;
                Ok(())
            },
        }
    };
    ($name:literal, $field:ident, vocabulary list) => {
        Column {
            name: $name,
            get: |r| Cell::List(r.$field.iter().map(|v| v.to_string()).collect()),
            set: |r, v| {
                r.$field = v
                    .map(|v| split_list(v).iter().map(|i| i.parse()).collect())
                    .transpose()?
                    .unwrap_or_default();
                Ok(())
            },
        }
    };
    ($name:literal, $field:ident, bool) => {
        Column {
            name: $name,
            get: |r| r.$field.map_or(Cell::Empty, Cell::Bool),
            set: |r, v| {
                r.$field = boolean($name, v)?;
                Ok(())
            },
        }
    };
}

impl Table for SourceFields {
    const COLUMNS: &'static [Column<Self>] = &[
        column!("key", key, text),
        column!("outlet", outlet, text),
        column!("title", title, text),
        column!("url", url, text),
        column!("author", author, text),
        column!("published_on", published_on, text),
        column!("published_inferred", published_inferred, bool),
        column!("kind", kind, vocabulary),
        column!("language", language, text),
        column!("notes", notes, text),
    ];
}

impl Table for ActorFields {
    const COLUMNS: &'static [Column<Self>] = &[
        column!("key", key, text),
        column!("name", name, text),
        column!("kind", kind, vocabulary),
        column!("parent", parent, text),
        column!("aliases", aliases, list),
        column!("members", members, list),
        column!("tags", tags, list),
        column!("notes", notes, text),
    ];
}

impl Table for PlanFields {
    const COLUMNS: &'static [Column<Self>] = &[
        column!("key", key, text),
        column!("title", title, text),
        column!("status", status, vocabulary),
        column!("first_reported_on", first_reported_on, text),
        column!("text_known", text_known, vocabulary),
        column!("proposers", proposers, list),
        column!("responds_to", responds_to, list),
        column!("supersedes", supersedes, list),
        column!("notes", notes, text),
    ];
}

impl Table for ProvisionFields {
    const COLUMNS: &'static [Column<Self>] = &[
        column!("key", key, text),
        column!("plan", plan, text),
        // A plain number label is written as a number.
        Column {
            name: "point",
            get: |r| match &r.point {
                None => Cell::Empty,
                Some(p) => match p.parse::<i64>() {
                    Ok(n) if n.to_string() == *p => Cell::Int(n),
                    _ => Cell::Text(p.clone()),
                },
            },
            set: |r, v| {
                r.point = v.map(str::to_string);
                Ok(())
            },
        },
        column!("title", title, text),
        column!("text", text, text),
        column!("category", category, vocabulary),
        column!("continues", continues, list),
        column!("relation", relation, vocabulary list),
        column!("basis", basis, list),
        column!("notes", notes, text),
    ];
}

impl Table for ProvisionReportRecord {
    const COLUMNS: &'static [Column<Self>] = &[
        column!("provision", provision, text),
        column!("source", source, text),
        column!("text", text, text),
        column!("figures", figures, text),
    ];
}

impl Table for StanceRecord {
    const COLUMNS: &'static [Column<Self>] = &[
        column!("key", key, text),
        column!("actor", actor, text),
        column!("plan", plan, text),
        // One list of provisions (a record's `provision` and `provisions` together).
        Column {
            name: "provisions",
            get: |r| Cell::List(r.provision.iter().chain(&r.provisions).cloned().collect()),
            set: |r, v| {
                r.provisions = v.map(split_list).unwrap_or_default();
                Ok(())
            },
        },
        column!("kind", kind, vocabulary),
        column!("position", position, parsed),
        column!("source", source, text),
        column!("relays", relays, text),
        column!("via", via, list),
        column!("date", stated_on, text),
        column!("date_inferred", stated_inferred, bool),
        column!("quote", quote, text),
        column!("evidence", evidence, text),
        column!("attribution", attribution, vocabulary),
        column!("notes", notes, text),
        column!("status", status, vocabulary),
        column!("reason", reason, text),
        column!("recorded_at", recorded_at, text),
    ];
}

/// The names of each table's columns, in the order `export` writes them.
pub fn columns(kind: TableKind) -> Vec<&'static str> {
    fn names<R: Table>() -> Vec<&'static str> {
        R::COLUMNS.iter().map(|c| c.name).collect()
    }
    match kind {
        TableKind::Records(Kind::Source) => names::<SourceFields>(),
        TableKind::Records(Kind::Actor) => names::<ActorFields>(),
        TableKind::Records(Kind::Plan) => names::<PlanFields>(),
        TableKind::Records(Kind::Provision) => names::<ProvisionFields>(),
        TableKind::ProvisionReports => names::<ProvisionReportRecord>(),
        TableKind::Records(Kind::Stance) => names::<StanceRecord>(),
    }
}

/// A column name as the table knows it: a stance table also reads the claims-file
/// names `stated_on`, `stated_inferred` and `provision`.
fn canonical_column(kind: TableKind, name: &str) -> &str {
    match (kind, name) {
        (TableKind::Records(Kind::Stance), "stated_on") => "date",
        (TableKind::Records(Kind::Stance), "stated_inferred") => "date_inferred",
        (TableKind::Records(Kind::Stance), "provision") => "provisions",
        (_, name) => name,
    }
}

/// The cells of a record, in its kind's column order.
pub fn cells<R: Table>(record: &R) -> Vec<Cell> {
    R::COLUMNS.iter().map(|c| (c.get)(record)).collect()
}

/// A true/false cell.
fn boolean(column: &str, value: Option<&str>) -> Result<Option<bool>> {
    match value {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(other) => Err(Error::invalid(format!(
            "invalid {column} '{}': expected true or false",
            crate::model::printable(other)
        ))),
    }
}

/// Splits a CSV list cell: `a;b\;c` → `a`, `b;c`.
pub fn split_list(cell: &str) -> Vec<String> {
    if cell.is_empty() {
        return Vec::new();
    }
    let mut items = vec![String::new()];
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    items.last_mut().expect("never empty").push(next);
                } else {
                    items.last_mut().expect("never empty").push('\\');
                }
            }
            ';' => items.push(String::new()),
            c => items.last_mut().expect("never empty").push(c),
        }
    }
    items
}

/// Joins list items into one CSV cell, escaping `;` and `\`.
pub fn join_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| i.replace('\\', "\\\\").replace(';', "\\;"))
        .collect::<Vec<_>>()
        .join(";")
}

/// One record read from a table file of a small kind (everything but stances, which
/// are streamed): the input record of its kind, as the command line would give it.
#[derive(Debug, Clone)]
pub enum TableRecord {
    Source(SourceFields),
    Actor(ActorFields),
    Plan(PlanFields),
    Provision(ProvisionFields),
    ProvisionReport(ProvisionReportRecord),
}

/// A record with the `file:line` it came from.
pub type Placed<T> = (String, T);

/// Reads every record of a table file of a small kind (sources, actors, plans,
/// provisions, provision reports). Stances are streamed with `StanceReader` instead.
pub fn read_records(
    path: &Path,
    format: DataFormat,
    kind: impl Into<TableKind>,
) -> Result<Vec<Placed<TableRecord>>> {
    let kind = kind.into();
    let name = path.display().to_string();
    let mut out = Vec::new();
    match format {
        DataFormat::Csv => {
            let mut table = CsvTable::open(path, kind)?;
            while let Some(line) = table.next()? {
                let record = table
                    .record(kind)
                    .map_err(|e| e.context(format!("{name}:{line}")))?;
                out.push((format!("{name}:{line}"), record));
            }
        }
        DataFormat::Jsonl => {
            let mut lines = JsonLines::open(path)?;
            while let Some(line) = lines.next()? {
                let place = format!("{name}:{line}");
                let text = lines.text();
                let parsed = match kind {
                    TableKind::Records(Kind::Source) => {
                        serde_json::from_str(text).map(TableRecord::Source)
                    }
                    TableKind::Records(Kind::Actor) => {
                        serde_json::from_str(text).map(TableRecord::Actor)
                    }
                    TableKind::Records(Kind::Plan) => {
                        serde_json::from_str(text).map(TableRecord::Plan)
                    }
                    TableKind::Records(Kind::Provision) => {
                        serde_json::from_str(text).map(TableRecord::Provision)
                    }
                    TableKind::ProvisionReports => {
                        serde_json::from_str(text).map(TableRecord::ProvisionReport)
                    }
                    TableKind::Records(Kind::Stance) => unreachable!("stances are streamed"),
                };
                let record = parsed.map_err(|e| json_error(&place, &e))?;
                out.push((place, record));
            }
        }
        DataFormat::Toml | DataFormat::Json => {
            unreachable!("claims files are read by claims::read")
        }
    }
    Ok(out)
}

/// A JSON Lines error as `file:line: message`; a syntax error keeps its column.
fn json_error(place: &str, e: &serde_json::Error) -> Error {
    match e.classify() {
        serde_json::error::Category::Data => {
            Error::invalid(format!("{place}: {}", crate::claims::json_message(e)))
        }
        _ => Error::invalid(format!("{place}: {e}")),
    }
}

/// Opens a file for reading, with the import's error messages.
fn open(path: &Path) -> Result<File> {
    let name = path.display();
    File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::not_found(format!("{name}: no such file")),
        _ => Error::Io(format!("{name}: cannot read: {e}")),
    })
}

/// Counts the bytes read through it, for the progress bar.
struct Counting<R> {
    inner: R,
    bytes: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.set(self.bytes.get() + n as u64);
        Ok(n)
    }
}

/// A CSV file read record by record, with its header checked against the kind's columns.
struct CsvTable {
    name: String,
    reader: csv::Reader<Counting<File>>,
    /// For each column of the kind (in `columns(kind)` order), its index in the file.
    index: Vec<Option<usize>>,
    record: csv::ByteRecord,
    bytes: std::rc::Rc<std::cell::Cell<u64>>,
    /// 1 when lines end in CRLF: the csv crate then reports each record's line before
    /// counting the `\n` that ends the line before it.
    line_offset: u64,
}

/// Whether the first line of the file ends in CRLF.
fn ends_lines_with_crlf(path: &Path) -> bool {
    let mut head = Vec::new();
    let read = File::open(path).and_then(|f| f.take(1 << 16).read_to_end(&mut head));
    read.is_ok()
        && head
            .iter()
            .position(|&b| b == b'\n')
            .is_some_and(|i| i > 0 && head[i - 1] == b'\r')
}

impl CsvTable {
    fn open(path: &Path, kind: TableKind) -> Result<Self> {
        let name = path.display().to_string();
        let bytes = std::rc::Rc::new(std::cell::Cell::new(0));
        let file = Counting {
            inner: open(path)?,
            bytes: bytes.clone(),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .buffer_capacity(1 << 16)
            .from_reader(file);
        let headers = reader
            .byte_headers()
            .map_err(|e| csv_error(&name, &e, 0))?
            .clone();
        if headers.is_empty() || (headers.len() == 1 && headers[0].is_empty()) {
            return Err(Error::invalid(format!(
                "{name}:1: the file is empty; a CSV table starts with a header line ({})",
                columns(kind).join(",")
            )));
        }
        let wanted = columns(kind);
        let mut index = vec![None; wanted.len()];
        for (i, raw) in headers.iter().enumerate() {
            let header = std::str::from_utf8(raw)
                .map_err(|_| Error::invalid(format!("{name}:1: the header is not valid UTF-8")))?;
            let header = header.trim_start_matches('\u{feff}').trim();
            let canonical = canonical_column(kind, header);
            let Some(col) = wanted.iter().position(|w| *w == canonical) else {
                return Err(Error::invalid(format!(
                    "{name}:1: unknown column '{}' in a {} table (the columns are: {})",
                    crate::model::printable(header),
                    kind.noun(),
                    wanted.join(",")
                )));
            };
            if index[col].is_some() {
                return Err(Error::invalid(format!(
                    "{name}:1: the column '{header}' appears twice"
                )));
            }
            index[col] = Some(i);
        }
        Ok(CsvTable {
            name,
            reader,
            index,
            record: csv::ByteRecord::new(),
            bytes,
            line_offset: u64::from(ends_lines_with_crlf(path)),
        })
    }

    /// Reads the next record; returns its line number, or None at the end.
    fn next(&mut self) -> Result<Option<u64>> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => Ok(Some(
                self.record.position().map_or(0, |p| p.line()) + self.line_offset,
            )),
            Ok(false) => Ok(None),
            Err(e) => Err(csv_error(&self.name, &e, self.line_offset)),
        }
    }

    /// The cell of the kind's `col`-th column (by `columns(kind)` order), None when the
    /// file has no such column or the cell is empty.
    fn cell(&self, col: usize) -> Result<Option<&str>> {
        let Some(i) = self.index[col] else {
            return Ok(None);
        };
        let raw = self.record.get(i).unwrap_or_default();
        if raw.is_empty() {
            return Ok(None);
        }
        std::str::from_utf8(raw)
            .map(|text| Some(crate::output::unguard_formula(text)))
            .map_err(|_| Error::invalid(format!("column {}: the text is not valid UTF-8", i + 1)))
    }

    /// The current row as a record of the kind.
    fn read<R: Table>(&self) -> Result<R> {
        let mut record = R::default();
        for (col, column) in R::COLUMNS.iter().enumerate() {
            (column.set)(&mut record, self.cell(col)?)?;
        }
        Ok(record)
    }

    fn record(&self, kind: TableKind) -> Result<TableRecord> {
        Ok(match kind {
            TableKind::Records(Kind::Source) => TableRecord::Source(self.read()?),
            TableKind::Records(Kind::Actor) => TableRecord::Actor(self.read()?),
            TableKind::Records(Kind::Plan) => TableRecord::Plan(self.read()?),
            TableKind::Records(Kind::Provision) => TableRecord::Provision(self.read()?),
            TableKind::ProvisionReports => TableRecord::ProvisionReport(self.read()?),
            TableKind::Records(Kind::Stance) => unreachable!("stances are read by stance()"),
        })
    }

    fn stance(&self) -> Result<StanceRecord> {
        self.read()
    }
}

/// A csv crate error as `file:line: message`.
fn csv_error(name: &str, e: &csv::Error, line_offset: u64) -> Error {
    let line = e.position().map(|p| p.line() + line_offset);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "the record has {len} field(s) but the header has {expected_len} \
             (a quote left open swallows the lines after it)"
        ),
        csv::ErrorKind::Utf8 { .. } => "the text is not valid UTF-8".to_string(),
        csv::ErrorKind::Io(io) => return Error::Io(format!("{name}: cannot read: {io}")),
        _ => e.to_string(),
    };
    match line {
        Some(l) => Error::invalid(format!("{name}:{l}: {message}")),
        None => Error::invalid(format!("{name}: {message}")),
    }
}

/// A JSON Lines file read line by line; blank lines are skipped.
struct JsonLines {
    name: String,
    reader: BufReader<Counting<File>>,
    buf: Vec<u8>,
    line: u64,
    bytes: std::rc::Rc<std::cell::Cell<u64>>,
}

impl JsonLines {
    fn open(path: &Path) -> Result<Self> {
        let bytes = std::rc::Rc::new(std::cell::Cell::new(0));
        Ok(JsonLines {
            name: path.display().to_string(),
            reader: BufReader::with_capacity(
                1 << 16,
                Counting {
                    inner: open(path)?,
                    bytes: bytes.clone(),
                },
            ),
            buf: Vec::new(),
            line: 0,
            bytes,
        })
    }

    /// Reads the next non-blank line; returns its number, or None at the end.
    fn next(&mut self) -> Result<Option<u64>> {
        loop {
            self.buf.clear();
            let n = self
                .reader
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| Error::Io(format!("{}: cannot read: {e}", self.name)))?;
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            if std::str::from_utf8(&self.buf).is_err() {
                return Err(Error::invalid(format!(
                    "{}:{}: the line is not valid UTF-8",
                    self.name, self.line
                )));
            }
            if !self.text().trim().is_empty() {
                return Ok(Some(self.line));
            }
        }
    }

    fn text(&self) -> &str {
        // CheckedFields in `next`.
        std::str::from_utf8(&self.buf).unwrap_or_default()
    }
}

/// Streams the stances of a CSV or JSON Lines file, one record at a time.
pub struct StanceReader {
    name: String,
    total_bytes: u64,
    inner: StanceInner,
}

enum StanceInner {
    Csv(CsvTable),
    Jsonl(JsonLines),
}

impl StanceReader {
    pub fn open(path: &Path, format: DataFormat) -> Result<Self> {
        let total_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let inner = match format {
            DataFormat::Csv => StanceInner::Csv(CsvTable::open(path, Kind::Stance.into())?),
            DataFormat::Jsonl => StanceInner::Jsonl(JsonLines::open(path)?),
            _ => unreachable!("claims files are read by claims::read"),
        };
        Ok(StanceReader {
            name: path.display().to_string(),
            total_bytes,
            inner,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn total_bytes(&self) -> u64 {
        self.total_bytes
    }

    pub fn bytes_read(&self) -> u64 {
        match &self.inner {
            StanceInner::Csv(t) => t.bytes.get(),
            StanceInner::Jsonl(j) => j.bytes.get(),
        }
    }

    /// The next stance and its line number, or None at the end of the file.
    pub fn next_stance(&mut self) -> Result<Option<(u64, StanceRecord)>> {
        match &mut self.inner {
            StanceInner::Csv(table) => {
                let Some(line) = table.next()? else {
                    return Ok(None);
                };
                let record = table
                    .stance()
                    .map_err(|e| e.context(format!("{}:{line}", self.name)))?;
                Ok(Some((line, record)))
            }
            StanceInner::Jsonl(lines) => {
                let Some(line) = lines.next()? else {
                    return Ok(None);
                };
                let record = serde_json::from_str(lines.text())
                    .map_err(|e| json_error(&format!("{}:{line}", self.name), &e))?;
                Ok(Some((line, record)))
            }
        }
    }
}

/// One cell of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Bool(bool),
    List(Vec<String>),
}

impl From<Option<String>> for Cell {
    fn from(v: Option<String>) -> Self {
        v.map_or(Cell::Empty, Cell::Text)
    }
}

/// Writes one table, as CSV (header first) or JSON Lines; the same rows always give
/// the same bytes.
pub struct TableWriter<W: Write> {
    kind: TableKind,
    inner: TableInner<W>,
}

enum TableInner<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Jsonl(W),
}

impl<W: Write> TableWriter<W> {
    pub fn new(out: W, format: DataFormat, kind: impl Into<TableKind>) -> Result<Self> {
        let kind = kind.into();
        let inner = match format {
            DataFormat::Csv => {
                let mut w = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::Any(b'\n'))
                    .from_writer(out);
                w.write_record(columns(kind)).map_err(csv_write_error)?;
                TableInner::Csv(Box::new(w))
            }
            DataFormat::Jsonl => TableInner::Jsonl(out),
            _ => unreachable!("claims files are written by claims::to_toml"),
        };
        Ok(TableWriter { kind, inner })
    }

    pub fn write(&mut self, cells: &[Cell]) -> Result<()> {
        match &mut self.inner {
            TableInner::Csv(w) => {
                let texts = cells.iter().map(|c| match c {
                    Cell::Empty => String::new(),
                    Cell::Text(s) => crate::output::guard_formula(s).into_owned(),
                    Cell::Int(i) => i.to_string(),
                    Cell::Bool(b) => b.to_string(),
                    Cell::List(items) => {
                        crate::output::guard_formula(&join_list(items)).into_owned()
                    }
                });
                w.write_record(texts).map_err(csv_write_error)
            }
            TableInner::Jsonl(w) => {
                let mut object = Map::new();
                for (column, cell) in columns(self.kind).iter().zip(cells) {
                    let value = match cell {
                        Cell::Empty => continue,
                        Cell::List(items) if items.is_empty() => continue,
                        Cell::Text(s) => Json::String(s.clone()),
                        Cell::Int(i) => Json::from(*i),
                        Cell::Bool(b) => Json::Bool(*b),
                        Cell::List(items) => {
                            Json::Array(items.iter().cloned().map(Json::String).collect())
                        }
                    };
                    object.insert(column.to_string(), value);
                }
                let mut line = Json::Object(object).to_string();
                line.push('\n');
                w.write_all(line.as_bytes())
                    .map_err(|e| Error::Io(format!("cannot write: {e}")))
            }
        }
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(self) -> Result<W> {
        match self.inner {
            TableInner::Csv(w) => w
                .into_inner()
                .map_err(|e| Error::Io(format!("cannot write: {}", e.error()))),
            TableInner::Jsonl(mut w) => {
                w.flush()
                    .map_err(|e| Error::Io(format!("cannot write: {e}")))?;
                Ok(w)
            }
        }
    }
}

fn csv_write_error(e: csv::Error) -> Error {
    Error::Io(format!("cannot write CSV: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_and_join_with_escapes() {
        let items = vec!["a".to_string(), "b;c".into(), "d\\e".into(), "".into()];
        let cell = join_list(&items);
        assert_eq!(cell, "a;b\\;c;d\\\\e;");
        assert_eq!(split_list(&cell), items);
        assert_eq!(split_list(""), Vec::<String>::new());
        assert_eq!(
            split_list("Zelenskyy;Zelenskiy"),
            ["Zelenskyy", "Zelenskiy"]
        );
    }

    #[test]
    fn a_table_read_from_stdin_is_told_by_its_header() {
        let csv = |head: &str| detect_kind(head.as_bytes(), DataFormat::Csv);
        assert_eq!(
            csv("provision,source,text,figures\n"),
            Some(TableKind::ProvisionReports)
        );
        assert_eq!(
            csv("provision,source,text\n"),
            Some(TableKind::ProvisionReports)
        );
        assert_eq!(
            csv("key,plan,point,title,text\n"),
            Some(TableKind::Records(Kind::Provision))
        );
        assert_eq!(
            csv("key,actor,plan,provision,position,source,date\n"),
            Some(TableKind::Records(Kind::Stance))
        );
        let jsonl = detect_kind(
            br#"{"provision":"eu-cap","source":"reuters-eu","text":"800,000"}"#,
            DataFormat::Jsonl,
        );
        assert_eq!(jsonl, Some(TableKind::ProvisionReports));
    }

    #[test]
    fn kinds_come_from_file_names() {
        let k = |p: &str| kind_of_path(Path::new(p));
        let r = |kind: Kind| Some(TableKind::Records(kind));
        assert_eq!(k("out/stances.csv"), r(Kind::Stance));
        assert_eq!(k("stance-feed-2025.jsonl"), r(Kind::Stance));
        assert_eq!(k("Actors.CSV"), r(Kind::Actor));
        assert_eq!(k("provisions.jsonl"), r(Kind::Provision));
        assert_eq!(k("provision-v2.jsonl"), r(Kind::Provision));
        assert_eq!(k("plans_v2.csv"), r(Kind::Plan));
        assert_eq!(
            k("provision_reports.csv"),
            Some(TableKind::ProvisionReports)
        );
        assert_eq!(
            k("provision-reports-reuters.jsonl"),
            Some(TableKind::ProvisionReports)
        );
        assert_eq!(k("sourcesfoo.csv"), None);
        assert_eq!(k("feed.csv"), None);
    }
}
