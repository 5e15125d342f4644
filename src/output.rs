//! All formatting: tables for people, CSV, JSON, JSON Lines and Markdown for programs
//! and documents.
//!
//! Commands hand `Output` a `ResultSet`, or stream rows into it (it is a `RowSink`),
//! or a short outcome; data goes to stdout (or `-o FILE`) and status lines to stderr.
//! JSON is an array of objects whose keys are the column names.
//!
//! Every format but HTML streams: a row is written as soon as SQLite returns it, so
//! memory does not grow with the result. The table format holds one page of rows at a
//! time (`PAGE_ROWS`) to size its columns.
//!
//! Tables are for people. They fit the terminal's width: keys, dates, numbers and other
//! words without spaces are never cut; text is cut with `…`; if the unbreakable columns
//! alone are too wide the table is printed in bands that repeat the first column. Each
//! row is one line: newlines, carriage returns, escape sequences and other control
//! characters in stored text are shown as visible symbols (`↵`, `␍`, `␛`), so text
//! cannot drive or spoof the terminal. `list` commands show the columns a person scans
//! first; `--columns` picks others. On a terminal, long output goes through `$PAGER`
//! (`less -FRX` by default).
//!
//! CSV cells that a spreadsheet would run as a formula (text starting with `=`, `+`,
//! `-`, `@`, a tab or a carriage return) are written with a leading `'`; see
//! `guard_formula`, which `import` reverses.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use serde_json::Value;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::error::{Error, Result};
use crate::result_set::{check_columns, CellRef, ResultSet, RowSink};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Jsonl,
    Markdown,
    /// One self-contained HTML page (the report matrix and timeline as charts)
    Html,
    /// A claims file (`draft`'s default)
    Toml,
}

/// How output is shaped, from the global flags.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `--columns a,b`: these columns, in this order.
    pub columns: Option<Vec<String>>,
    /// `--sort COL[:desc]` (repeatable): the order of the rows.
    pub sort: Vec<(String, bool)>,
    /// `--limit N`: at most N rows.
    pub limit: Option<u64>,
    /// `--no-pager`.
    pub no_pager: bool,
    /// `--quiet`: no status lines, no sentences for people.
    pub quiet: bool,
    /// `-o/--output FILE`: write there (replaced only when the command succeeds).
    pub output: Option<PathBuf>,
}

/// ResultSet of a table held at once: the columns are sized on each page.
const PAGE_ROWS: usize = 1000;

/// The widest an unbreakable cell (a key, a date) may be before it counts as text.
const MAX_KEY_WIDTH: usize = 64;

/// The narrowest a text column is cut to before the table goes into bands.
const MIN_TEXT_WIDTH: usize = 10;

const SEPARATOR: &str = "  ";

pub struct Output {
    format: Format,
    settings: Settings,
    out: Box<dyn Write>,
    err: Box<dyn Write>,
    /// Whether people read stdout: a terminal, and no `-o`.
    terminal: bool,
    /// The width tables fit, None for no limit.
    width: Option<usize>,
    pager: Option<Child>,
    /// `-o FILE`: the temporary file written, and the file it becomes.
    file: Option<(PathBuf, PathBuf)>,
    /// The columns a list shows by default in a table (set by the command).
    scan: Option<&'static [&'static str]>,
    stream: Option<Stream>,
    started: bool,
    closed: bool,
}

impl Output {
    /// Output to the process's stdout and stderr, with default settings.
    pub fn stdio(format: Format) -> Self {
        Output::new(format, Settings::default()).expect("stdout needs no file")
    }

    /// Output to stdout (or the `-o` file) and stderr, shaped by `settings`.
    pub fn new(format: Format, settings: Settings) -> Result<Self> {
        let terminal = settings.output.is_none() && io::stdout().is_terminal();
        let mut file = None;
        let out: Box<dyn Write> = match &settings.output {
            Some(path) if path.as_os_str() == "-" => Box::new(io::stdout()),
            Some(path) => {
                let mut name = path.clone().into_os_string();
                name.push(format!(".tmp-{}", std::process::id()));
                let tmp = PathBuf::from(name);
                let created = File::options()
                    .write(true)
                    .create_new(true)
                    .open(&tmp)
                    .map_err(|e| {
                        Error::Io(format!("--output {}: cannot write: {e}", path.display()))
                    })?;
                file = Some((tmp, path.clone()));
                Box::new(created)
            }
            None => Box::new(io::stdout()),
        };
        let width = if terminal {
            Some(
                terminal_size::terminal_size()
                    .map(|(w, _)| usize::from(w.0))
                    .or_else(env_columns)
                    .unwrap_or(80),
            )
        } else {
            env_columns()
        };
        if settings.quiet {
            crate::progress::set_quiet();
        }
        Ok(Output {
            format,
            settings,
            out: Box::new(BufWriter::with_capacity(1 << 16, out)),
            err: Box::new(io::stderr()),
            terminal,
            width,
            pager: None,
            file,
            scan: None,
            stream: None,
            started: false,
            closed: false,
        })
    }

    /// Output to the given writers (for the unit tests below); tables fit `width`.
    #[cfg(test)]
    fn to_writers(
        format: Format,
        out: Box<dyn Write>,
        err: Box<dyn Write>,
        width: Option<usize>,
    ) -> Self {
        Output {
            format,
            settings: Settings::default(),
            out,
            err,
            terminal: false,
            width,
            pager: None,
            file: None,
            scan: None,
            stream: None,
            started: false,
            closed: false,
        }
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// `--limit`, if given.
    pub fn limit(&self) -> Option<u64> {
        self.settings.limit
    }

    pub fn quiet(&self) -> bool {
        self.settings.quiet
    }

    /// The columns a list shows in a table unless `--columns` says otherwise.
    pub fn scan_columns(&mut self, columns: &'static [&'static str]) {
        self.scan = Some(columns);
    }

    /// A list of records or a report held in memory (sorted and cut like a stream).
    pub fn rows(&mut self, rows: &ResultSet) -> Result<()> {
        if self.format == Format::Html {
            self.begin_data()?;
            let text = crate::html::table_page("provtrack", &rows_meta(rows), rows);
            return self.write_out(&text);
        }
        let mut order: Vec<usize> = (0..rows.rows.len()).collect();
        if !self.settings.sort.is_empty() {
            check_columns(
                "--sort",
                self.settings.sort.iter().map(|(c, _)| c.as_str()),
                &rows.columns,
            )?;
            let keys: Vec<(usize, bool)> = self
                .settings
                .sort
                .iter()
                .map(|(c, desc)| (rows.columns.iter().position(|x| x == c).unwrap_or(0), *desc))
                .collect();
            order.sort_by(|&a, &b| {
                keys.iter()
                    .map(|&(i, desc)| {
                        let o = compare_json(&rows.rows[a][i], &rows.rows[b][i]);
                        if desc {
                            o.reverse()
                        } else {
                            o
                        }
                    })
                    .find(|o| o.is_ne())
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
        }
        self.start(&rows.columns)?;
        let mut cells = Vec::with_capacity(rows.columns.len());
        for i in order {
            cells.clear();
            cells.extend(rows.rows[i].iter().map(CellRef::of_json));
            if !self.row(&cells)? {
                break;
            }
        }
        self.finish()
    }

    /// A table followed by lines that explain it (the matrix's legend).
    pub fn rows_with_legend(
        &mut self,
        rows: &ResultSet,
        legend: &ResultSet,
        note: &str,
    ) -> Result<()> {
        self.rows(rows)?;
        self.write_out("\n")?;
        // The legend is whole, in its own order, whatever shaped the table.
        let (sort, limit, columns) = (
            std::mem::take(&mut self.settings.sort),
            self.settings.limit.take(),
            self.settings.columns.take(),
        );
        let result = self.rows(legend);
        (
            self.settings.sort,
            self.settings.limit,
            self.settings.columns,
        ) = (sort, limit, columns);
        result?;
        let note = display_text(note);
        let lines = match self.width {
            Some(w) => wrap(&note, w),
            None => vec![note.into_owned()],
        };
        self.write_out(&format!("{}\n", lines.join("\n")))
    }

    /// A whole page already rendered (the HTML report charts).
    pub fn page(&mut self, html: &str) -> Result<()> {
        self.begin_data()?;
        self.write_out(html)
    }

    /// One record: a field/value table for people (long text wrapped, not cut), one
    /// object in JSON.
    pub fn record(&mut self, rows: &ResultSet) -> Result<()> {
        match self.format {
            Format::Table | Format::Markdown | Format::Toml => {
                let mut vertical = ResultSet::new(&["field", "value"]);
                for (column, value) in rows
                    .columns
                    .iter()
                    .zip(rows.rows.first().into_iter().flatten())
                {
                    if let Some(wanted) = &self.settings.columns {
                        if !wanted.contains(column) {
                            continue;
                        }
                    }
                    vertical.push(vec![Value::String(column.clone()), value.clone()]);
                }
                if let Some(wanted) = &self.settings.columns {
                    check_columns(
                        "--columns",
                        wanted.iter().map(String::as_str),
                        &rows.columns,
                    )?;
                }
                self.begin_data()?;
                let text = if self.format == Format::Table {
                    record_table(&vertical, self.width)
                } else {
                    let mut text = String::new();
                    markdown_header(&mut text, &vertical.columns);
                    for row in &vertical.rows {
                        let cells: Vec<CellRef> = row.iter().map(CellRef::of_json).collect();
                        markdown_row(&mut text, &cells);
                    }
                    text
                };
                self.write_out(&text)
            }
            Format::Json => {
                let mut object = rows.objects().into_iter().next().unwrap_or_default();
                if let Some(wanted) = &self.settings.columns {
                    check_columns(
                        "--columns",
                        wanted.iter().map(String::as_str),
                        &rows.columns,
                    )?;
                    object = wanted
                        .iter()
                        .filter_map(|c| object.get(c).map(|v| (c.clone(), v.clone())))
                        .collect();
                }
                self.begin_data()?;
                self.write_out(&pretty(&Value::Object(object)))
            }
            Format::Csv | Format::Jsonl | Format::Html => self.rows(rows),
        }
    }

    /// The outcome of a write: a sentence in a table, an object in the machine formats.
    pub fn outcome(&mut self, action: &str, kind: &str, key: &str, message: &str) -> Result<()> {
        let mut rows = ResultSet::new(&["action", "kind", "key"]);
        rows.push(vec![action.into(), kind.into(), key.into()]);
        match self.format {
            Format::Table | Format::Markdown | Format::Html | Format::Toml => {
                if self.settings.quiet {
                    return Ok(());
                }
                self.write_out(&format!("{}\n", display_text(message)))
            }
            Format::Json => {
                let object = rows.objects().into_iter().next().unwrap_or_default();
                self.write_out(&pretty(&Value::Object(object)))
            }
            _ => {
                let (columns, scan) = (self.settings.columns.take(), self.scan.take());
                let result = self.rows(&rows);
                (self.settings.columns, self.scan) = (columns, scan);
                result
            }
        }
    }

    /// A whole generated text on stdout whatever the format (a completion script, a
    /// man page): the command's last output, so the output is closed after it (the
    /// `-o` file put in place).
    pub fn bytes(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes).map_err(write_error)?;
        self.close()
    }

    /// A status line on stderr: progress, hints, what was done (none with `--quiet`).
    pub fn status(&mut self, text: &str) -> Result<()> {
        if self.settings.quiet {
            return Ok(());
        }
        for line in text.split('\n') {
            writeln!(self.err, "{}", display_text(line)).map_err(write_error)?;
        }
        Ok(())
    }

    /// Ends the output of a successful command: flushes, waits for the pager, and puts
    /// the `-o` file in place.
    pub fn close(&mut self) -> Result<()> {
        self.closed = true;
        let flushed = self.out.flush().map_err(write_error);
        self.out = Box::new(io::sink());
        if let Some(mut pager) = self.pager.take() {
            let _ = pager.wait();
        }
        match flushed {
            Err(Error::OutputClosed) => {}
            other => other?,
        }
        if let Some((tmp, path)) = self.file.take() {
            std::fs::rename(&tmp, &path).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                Error::Io(format!("--output {}: cannot write: {e}", path.display()))
            })?;
        }
        Ok(())
    }

    fn write_out(&mut self, text: &str) -> Result<()> {
        self.out.write_all(text.as_bytes()).map_err(write_error)
    }

    /// Before the first byte of data: on a terminal, start the pager.
    fn begin_data(&mut self) -> Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        if !self.terminal || self.settings.no_pager {
            return Ok(());
        }
        let command = match std::env::var("PAGER") {
            Ok(p) if p.trim().is_empty() || p.trim() == "cat" => return Ok(()),
            Ok(p) => p,
            Err(_) => "less -FRX".to_string(),
        };
        let spawned = Command::new("sh")
            .arg("-c")
            .arg(&command)
            .stdin(Stdio::piped())
            .spawn();
        if let Ok(mut child) = spawned {
            if let Some(stdin) = child.stdin.take() {
                self.out.flush().map_err(write_error)?;
                self.out = Box::new(BufWriter::with_capacity(1 << 16, stdin));
                self.pager = Some(child);
            }
        }
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.closed {
            let _ = self.out.flush();
            self.out = Box::new(io::sink());
            if let Some(mut pager) = self.pager.take() {
                let _ = pager.wait();
            }
            if let Some((tmp, _)) = self.file.take() {
                let _ = std::fs::remove_file(tmp);
            }
        }
    }
}

/// The bytes the CSV writer produced, taken after each row.
#[derive(Clone, Default)]
struct SharedBuffer(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Write for SharedBuffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `COLUMNS` from the environment, when it is a width.
fn env_columns() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w >= 20)
}

/// The state of a stream of rows in one format.
struct Stream {
    /// For each column shown, the index of the source column.
    pick: Vec<usize>,
    columns: Vec<String>,
    written: u64,
    kind: StreamKind,
}

enum StreamKind {
    Csv {
        writer: Box<csv::Writer<SharedBuffer>>,
        buffer: SharedBuffer,
    },
    /// JSON (`pretty`: in an array) or JSON Lines: for each key, the column holding
    /// its value (a repeated column name keeps its first place and last value).
    Json {
        keys: Vec<(String, usize)>,
        pretty: bool,
        first: bool,
    },
    Markdown,
    Table {
        page: Vec<Vec<String>>,
        numeric: Vec<bool>,
        widths: Option<Vec<usize>>,
    },
    Html(ResultSet),
}

impl RowSink for Output {
    fn sort(&self) -> &[(String, bool)] {
        &self.settings.sort
    }

    fn start(&mut self, columns: &[String]) -> Result<()> {
        let names: Vec<String> = match (&self.settings.columns, self.scan, self.format) {
            (Some(wanted), _, _) => {
                check_columns("--columns", wanted.iter().map(String::as_str), columns)?;
                wanted.clone()
            }
            (None, Some(scan), Format::Table) => scan
                .iter()
                .filter(|s| columns.iter().any(|c| c == *s))
                .map(|s| s.to_string())
                .collect(),
            _ => columns.to_vec(),
        };
        let pick: Vec<usize> = if names == columns {
            (0..columns.len()).collect()
        } else {
            names
                .iter()
                .map(|n| columns.iter().position(|c| c == n).unwrap_or(0))
                .collect()
        };
        self.begin_data()?;
        let kind = match self.format {
            Format::Csv => {
                let buffer = SharedBuffer::default();
                let mut writer = csv::Writer::from_writer(buffer.clone());
                writer.write_record(&names).map_err(csv_error)?;
                writer.flush().map_err(|e| Error::Io(e.to_string()))?;
                let header = std::mem::take(&mut *buffer.0.borrow_mut());
                self.out.write_all(&header).map_err(write_error)?;
                StreamKind::Csv {
                    writer: Box::new(writer),
                    buffer,
                }
            }
            Format::Json | Format::Jsonl => {
                let mut keys: Vec<(String, usize)> = Vec::new();
                for (i, name) in names.iter().enumerate() {
                    match keys.iter_mut().find(|(k, _)| k == name) {
                        Some(k) => k.1 = i,
                        None => keys.push((name.clone(), i)),
                    }
                }
                let keys = keys
                    .into_iter()
                    .map(|(k, i)| (Value::String(k).to_string(), i))
                    .collect();
                StreamKind::Json {
                    keys,
                    pretty: self.format == Format::Json,
                    first: true,
                }
            }
            Format::Markdown => {
                let mut text = String::new();
                markdown_header(&mut text, &names);
                self.write_out(&text)?;
                StreamKind::Markdown
            }
            Format::Table | Format::Toml => StreamKind::Table {
                page: Vec::new(),
                numeric: vec![true; names.len()],
                widths: None,
            },
            Format::Html => StreamKind::Html(ResultSet {
                columns: names.clone(),
                rows: Vec::new(),
            }),
        };
        self.stream = Some(Stream {
            pick,
            columns: names,
            written: 0,
            kind,
        });
        Ok(())
    }

    fn row(&mut self, cells: &[CellRef]) -> Result<bool> {
        let Some(stream) = self.stream.as_mut() else {
            return Ok(false);
        };
        if self.settings.limit.is_some_and(|n| stream.written >= n) {
            return Ok(false);
        }
        stream.written += 1;
        let pick = &stream.pick;
        let cell = |i: usize| cells.get(pick[i]).copied().unwrap_or(CellRef::Null);
        let mut flush_page = false;
        let bytes: Option<Vec<u8>> = match &mut stream.kind {
            StreamKind::Csv { writer, buffer } => {
                for i in 0..pick.len() {
                    let c = cell(i);
                    let text = c.text();
                    if !c.is_number() {
                        writer
                            .write_field(guard_formula(&text).as_bytes())
                            .map_err(csv_error)?;
                    } else {
                        writer.write_field(text.as_bytes()).map_err(csv_error)?;
                    }
                }
                writer.write_record(None::<&[u8]>).map_err(csv_error)?;
                writer.flush().map_err(|e| Error::Io(e.to_string()))?;
                Some(std::mem::take(&mut *buffer.0.borrow_mut()))
            }
            StreamKind::Json {
                keys,
                pretty,
                first,
            } => {
                let mut line = Vec::with_capacity(256);
                if *pretty {
                    line.extend_from_slice(if *first { b"[\n  {" } else { b",\n  {" });
                } else {
                    line.push(b'{');
                }
                for (n, (key, i)) in keys.iter().enumerate() {
                    if n > 0 {
                        line.push(b',');
                    }
                    if *pretty {
                        line.extend_from_slice(b"\n    ");
                    }
                    line.extend_from_slice(key.as_bytes());
                    line.extend_from_slice(if *pretty { b": " } else { b":" });
                    json_cell(&mut line, cell(*i), *pretty)?;
                }
                if *pretty {
                    line.extend_from_slice(if keys.is_empty() { b"}" } else { b"\n  }" });
                } else {
                    line.extend_from_slice(b"}\n");
                }
                *first = false;
                Some(line)
            }
            StreamKind::Markdown => {
                let row: Vec<CellRef> = (0..pick.len()).map(cell).collect();
                let mut text = String::new();
                markdown_row(&mut text, &row);
                Some(text.into_bytes())
            }
            StreamKind::Table { page, numeric, .. } => {
                let row: Vec<String> = (0..pick.len())
                    .map(|i| {
                        let c = cell(i);
                        if !c.is_number() && !matches!(c, CellRef::Null) {
                            numeric[i] = false;
                        }
                        display_text(&c.text()).into_owned()
                    })
                    .collect();
                page.push(row);
                flush_page = page.len() >= PAGE_ROWS;
                None
            }
            StreamKind::Html(rows) => {
                rows.rows
                    .push((0..pick.len()).map(|i| cell(i).to_json()).collect());
                None
            }
        };
        if let Some(bytes) = bytes {
            self.out.write_all(&bytes).map_err(write_error)?;
        }
        if flush_page {
            self.flush_table_page(false)?;
        }
        Ok(true)
    }

    fn finish(&mut self) -> Result<()> {
        let Some(stream) = self.stream.as_mut() else {
            return Ok(());
        };
        match &mut stream.kind {
            StreamKind::Json {
                pretty: true,
                first,
                ..
            } => {
                let end = if *first { "[]\n" } else { "\n]\n" };
                self.write_out(end)?;
            }
            StreamKind::Table { .. } => self.flush_table_page(true)?,
            StreamKind::Html(rows) => {
                let rows = std::mem::take(rows);
                let text = crate::html::table_page("provtrack", &rows_meta(&rows), &rows);
                self.write_out(&text)?;
            }
            _ => {}
        }
        self.stream = None;
        self.out.flush().map_err(write_error)
    }
}

impl Output {
    /// Prints the table rows held; a header when the column widths change (or first).
    fn flush_table_page(&mut self, last: bool) -> Result<()> {
        let width = self.width;
        let Some(stream) = self.stream.as_mut() else {
            return Ok(());
        };
        let StreamKind::Table {
            page,
            numeric,
            widths,
        } = &mut stream.kind
        else {
            return Ok(());
        };
        if page.is_empty() {
            if last && stream.written == 0 {
                return self.write_out("(no rows)\n");
            }
            return Ok(());
        }
        let text = render_table(&stream.columns, page, numeric, width, widths);
        page.clear();
        self.write_out(&text)
    }
}

/// Renders rows as aligned columns fitting `width`; `previous` holds the widths of the
/// page before (the header is repeated only when they change).
fn render_table(
    columns: &[String],
    rows: &[Vec<String>],
    numeric: &[bool],
    width: Option<usize>,
    previous: &mut Option<Vec<usize>>,
) -> String {
    let headers: Vec<String> = columns
        .iter()
        .map(|c| display_text(c).into_owned())
        .collect();
    let n = headers.len();
    let content: Vec<usize> = (0..n)
        .map(|i| rows.iter().map(|r| r[i].width()).max().unwrap_or(0))
        .collect();
    let text_column: Vec<bool> = (0..n)
        .map(|i| {
            !numeric[i] && (content[i] > MAX_KEY_WIDTH || rows.iter().any(|r| r[i].contains(' ')))
        })
        .collect();
    let natural: Vec<usize> = (0..n).map(|i| content[i].max(headers[i].width())).collect();
    let bands = layout(&natural, &content, &text_column, width);
    let mut out = String::new();
    let widths_now: Vec<usize> = bands
        .iter()
        .flat_map(|b| b.iter().map(|(_, w)| *w))
        .collect();
    let repeat_header = previous.as_ref() != Some(&widths_now);
    for (b, band) in bands.iter().enumerate() {
        if b > 0 || (!repeat_header && bands.len() > 1) {
            out.push('\n');
        }
        if repeat_header || bands.len() > 1 {
            let line: Vec<String> = band
                .iter()
                .map(|&(i, w)| pad(&cut(&headers[i], w), w, false))
                .collect();
            out.push_str(line.join(SEPARATOR).trim_end());
            out.push('\n');
            let rule: Vec<String> = band.iter().map(|&(_, w)| "─".repeat(w)).collect();
            out.push_str(&rule.join(SEPARATOR));
            out.push('\n');
        }
        for row in rows {
            let line: Vec<String> = band
                .iter()
                .map(|&(i, w)| pad(&cut(&row[i], w), w, numeric[i]))
                .collect();
            out.push_str(line.join(SEPARATOR).trim_end());
            out.push('\n');
        }
    }
    *previous = Some(widths_now);
    out
}

/// The columns of each band and their widths. Unbreakable columns keep their content
/// width (a header may be cut to it); text columns share what is left, down to
/// `MIN_TEXT_WIDTH`; when even that does not fit, the columns go into bands, each
/// repeating the first column.
fn layout(
    natural: &[usize],
    content: &[usize],
    text_column: &[bool],
    width: Option<usize>,
) -> Vec<Vec<(usize, usize)>> {
    let all: Vec<usize> = (0..natural.len()).collect();
    let Some(width) = width else {
        return vec![all.iter().map(|&i| (i, natural[i])).collect()];
    };
    if let Some(fit) = fit(&all, natural, content, text_column, width) {
        return vec![fit];
    }
    let mut bands = Vec::new();
    let mut band = vec![0];
    for i in 1..natural.len() {
        let mut trial = band.clone();
        trial.push(i);
        if band.len() > 1 && fit(&trial, natural, content, text_column, width).is_none() {
            bands.push(band);
            band = vec![0, i];
        } else {
            band = trial;
        }
    }
    bands.push(band);
    bands
        .into_iter()
        .map(|b| {
            fit(&b, natural, content, text_column, width)
                .unwrap_or_else(|| b.iter().map(|&i| (i, natural[i])).collect())
        })
        .collect()
}

/// Widths for `columns` within `width`, or None when they cannot fit: text columns
/// are cut first; headers only when that is not enough.
fn fit(
    columns: &[usize],
    natural: &[usize],
    content: &[usize],
    text_column: &[bool],
    width: usize,
) -> Option<Vec<(usize, usize)>> {
    let seps = SEPARATOR.len() * columns.len().saturating_sub(1);
    let total: usize = columns.iter().map(|&i| natural[i]).sum::<usize>() + seps;
    if total <= width {
        return Some(columns.iter().map(|&i| (i, natural[i])).collect());
    }
    share(columns, natural, natural, text_column, width)
        .or_else(|| share(columns, natural, content, text_column, width))
}

/// Widths with the unbreakable columns at `fixed` width (their header cut to it,
/// keeping at least 6 characters of the name) and the text columns sharing the rest.
fn share(
    columns: &[usize],
    natural: &[usize],
    fixed: &[usize],
    text_column: &[bool],
    width: usize,
) -> Option<Vec<(usize, usize)>> {
    let seps = SEPARATOR.len() * columns.len().saturating_sub(1);
    let mut widths: Vec<usize> = columns
        .iter()
        .map(|&i| {
            if text_column[i] {
                0
            } else {
                natural[i].min(fixed[i].max(6))
            }
        })
        .collect();
    let fixed: usize = widths.iter().sum::<usize>() + seps;
    let flexible: Vec<usize> = (0..columns.len())
        .filter(|&k| text_column[columns[k]])
        .collect();
    let minimum: usize = flexible
        .iter()
        .map(|&k| natural[columns[k]].min(MIN_TEXT_WIDTH))
        .sum();
    if fixed + minimum > width {
        return None;
    }
    // Share what is left: the narrowest text columns get their full width first.
    let mut left = width - fixed;
    let mut pending = flexible.clone();
    pending.sort_by_key(|&k| natural[columns[k]]);
    while !pending.is_empty() {
        let share = left / pending.len();
        let k = pending[0];
        let w = natural[columns[k]];
        if w <= share {
            widths[k] = w;
            left -= w;
            pending.remove(0);
        } else {
            for (j, &k) in pending.iter().enumerate() {
                widths[k] = share + usize::from(j < left % pending.len());
            }
            break;
        }
    }
    Some(columns.iter().copied().zip(widths).collect())
}

/// The field/value view of one record; values wrap (at spaces where possible) instead
/// of being cut, and keep their own line breaks.
fn record_table(rows: &ResultSet, width: Option<usize>) -> String {
    if rows.is_empty() {
        return "(no rows)\n".to_string();
    }
    let fields: Vec<String> = rows
        .rows
        .iter()
        .map(|r| display_text(&crate::result_set::cell_text(&r[0])).into_owned())
        .collect();
    let field_width = fields.iter().map(|f| f.width()).max().unwrap_or(0).max(5);
    let value_width = width.map(|w| w.saturating_sub(field_width + SEPARATOR.len()).max(20));
    let mut out = format!(
        "{}{SEPARATOR}value\n{}{SEPARATOR}{}\n",
        pad("field", field_width, false),
        "─".repeat(field_width),
        "─".repeat(value_width.unwrap_or(5).min(40))
    );
    for (field, row) in fields.iter().zip(&rows.rows) {
        let value = crate::result_set::cell_text(&row[1]);
        let mut lines: Vec<String> = Vec::new();
        for line in value.split('\n') {
            let shown = display_text(line.strip_suffix('\r').unwrap_or(line));
            match value_width {
                Some(w) => lines.extend(wrap(&shown, w)),
                None => lines.push(shown.into_owned()),
            }
        }
        for (n, line) in lines.iter().enumerate() {
            let label = if n == 0 { field.as_str() } else { "" };
            let text = format!("{}{SEPARATOR}{line}", pad(label, field_width, false));
            out.push_str(text.trim_end());
            out.push('\n');
        }
    }
    out
}

/// Splits `text` into lines at most `width` wide, at spaces where possible.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    for word in text.split_inclusive(' ') {
        let w = word.trim_end().width();
        if line_width + w > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line).trim_end().to_string());
            line_width = 0;
        }
        if w > width {
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if line_width + cw > width {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                line.push(c);
                line_width += cw;
            }
        } else {
            line.push_str(word);
            line_width += word.width();
        }
    }
    lines.push(line.trim_end().to_string());
    lines
}

/// `text` cut to `width` columns, with `…` when cut.
fn cut(text: &str, width: usize) -> Cow<'_, str> {
    if text.width() <= width {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > width {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    Cow::Owned(out)
}

fn pad(text: &str, width: usize, right: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(text.width()));
    if right {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}

/// Text as it may reach a terminal: one line, with control characters (a carriage
/// return that would overwrite the line, an escape sequence, a bidirectional override)
/// shown as visible symbols rather than obeyed.
pub fn display_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A Windows line end is one line break.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => out.push('↵'),
            '\t' => out.push(' '),
            '\u{7f}' => out.push('␡'),
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('�'));
            }
            c if needs_escape(c) => out.push_str(&format!("<U+{:04X}>", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A CSV cell that a spreadsheet would not run as a formula: text starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (the spreadsheet
/// convention for "this is text"). Text that already starts with one or more `'`
/// before such a character gets one more, so that `unguard_formula` gives back the
/// exact text: export then import round-trips byte for byte.
pub fn guard_formula(text: &str) -> Cow<'_, str> {
    let rest = text.trim_start_matches('\'');
    if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Reverses `guard_formula`: one leading `'` is dropped from a cell of `'`s followed by
/// `=`, `+`, `-`, `@`, a tab or a carriage return.
pub fn unguard_formula(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest)
            if rest
                .trim_start_matches('\'')
                .starts_with(['=', '+', '-', '@', '\t', '\r']) =>
        {
            rest
        }
        _ => text,
    }
}

fn json_cell(out: &mut Vec<u8>, cell: CellRef, pretty: bool) -> Result<()> {
    let result = match cell {
        CellRef::Null => {
            out.extend_from_slice(b"null");
            Ok(())
        }
        CellRef::Int(i) => serde_json::to_writer(&mut *out, &i),
        CellRef::Real(f) => serde_json::to_writer(
            &mut *out,
            &serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ),
        CellRef::Text(s) => serde_json::to_writer(&mut *out, s),
        CellRef::Json(v) if pretty => {
            let text = serde_json::to_string_pretty(v).map_err(json_error)?;
            out.extend_from_slice(text.replace('\n', "\n    ").as_bytes());
            Ok(())
        }
        CellRef::Json(v) => serde_json::to_writer(&mut *out, v),
        other => serde_json::to_writer(&mut *out, &other.text()),
    };
    result.map_err(json_error)
}

fn json_error(e: serde_json::Error) -> Error {
    Error::Unexpected(format!("cannot write JSON: {e}"))
}

fn csv_error(e: csv::Error) -> Error {
    Error::Unexpected(format!("cannot write CSV: {e}"))
}

fn write_error(e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Error::OutputClosed;
    }
    Error::Io(format!("cannot write output: {e}"))
}

fn rows_meta(rows: &ResultSet) -> String {
    format!("{} row(s)", rows.rows.len())
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values always serialise");
    text.push('\n');
    text
}

/// Orders JSON cells: nulls first, numbers by value, everything else as text.
fn compare_json(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .unwrap_or(0.0)
            .total_cmp(&y.as_f64().unwrap_or(0.0)),
        (Value::Number(_), _) => Ordering::Less,
        (_, Value::Number(_)) => Ordering::Greater,
        _ => crate::result_set::cell_text(a).cmp(&crate::result_set::cell_text(b)),
    }
}

/// A GitHub-flavoured Markdown cell: pipes and backslashes escaped, newlines as
/// `<br>`, and `<`, `>`, `&` as entities so that stored text can never put raw HTML
/// (a `<script>`) into the document; control characters shown visibly.
fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    display_text(&out).into_owned()
}

fn markdown_header(out: &mut String, columns: &[String]) {
    let names: Vec<String> = columns.iter().map(|c| markdown_cell(c)).collect();
    out.push_str(&format!("| {} |\n", names.join(" | ")));
    out.push_str(&format!("|{}\n", " --- |".repeat(columns.len())));
}

fn markdown_row(out: &mut String, cells: &[CellRef]) {
    let cells: Vec<String> = cells.iter().map(|c| markdown_cell(&c.text())).collect();
    out.push_str(&format!("| {} |\n", cells.join(" | ")));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(format: Format, rows: &ResultSet, width: Option<usize>) -> String {
        let buffer = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
        impl Write for Shared {
            fn write(&mut self, b: &[u8]) -> io::Result<usize> {
                self.0.borrow_mut().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut out = Output::to_writers(
            format,
            Box::new(Shared(buffer.clone())),
            Box::new(io::sink()),
            width,
        );
        out.rows(rows).unwrap();
        drop(out);
        let text = String::from_utf8(buffer.borrow().clone()).unwrap();
        text
    }

    #[test]
    fn markdown_escapes_pipes_newlines_and_html() {
        let mut rows = ResultSet::new(&["a"]);
        rows.push(vec!["x | y\nz <script>&".into()]);
        assert_eq!(
            render(Format::Markdown, &rows, None),
            "| a |\n| --- |\n| x \\| y<br>z &lt;script&gt;&amp; |\n"
        );
    }

    #[test]
    fn json_streams_the_same_text_as_serde() {
        let mut rows = ResultSet::new(&["a", "b", "a"]);
        rows.push(vec![1.into(), "x\n\"y\"".into(), Value::Null]);
        rows.push(vec![
            2.5.into(),
            serde_json::json!({"k": [1, 2]}),
            "z".into(),
        ]);
        let expected = pretty(&Value::Array(
            rows.objects().into_iter().map(Value::Object).collect(),
        ));
        assert_eq!(render(Format::Json, &rows, None), expected);
        let lines: String = rows
            .objects()
            .into_iter()
            .map(|o| format!("{}\n", Value::Object(o)))
            .collect();
        assert_eq!(render(Format::Jsonl, &rows, None), lines);
        assert_eq!(render(Format::Json, &ResultSet::new(&["a"]), None), "[]\n");
    }

    #[test]
    fn formula_guard_round_trips() {
        for text in [
            "=1+1", "'=1", "''@x", "-", "plain", "'quoted'", "", "\tx", "'",
        ] {
            assert_eq!(unguard_formula(&guard_formula(text)), text, "{text:?}");
        }
        assert_eq!(guard_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(guard_formula("'tis"), "'tis");
        assert_eq!(unguard_formula("'tis"), "'tis");
    }

    #[test]
    fn tables_fit_the_width_without_cutting_keys() {
        let mut rows = ResultSet::new(&["key", "title", "date"]);
        rows.push(vec![
            "a-rather-long-key-that-must-stay-whole".into(),
            "A title with many words that will not fit in the width given".into(),
            "2025-11-20".into(),
        ]);
        let text = render(Format::Table, &rows, Some(60));
        for line in text.lines() {
            assert!(line.width() <= 60, "{line:?}");
        }
        assert!(text.contains("a-rather-long-key-that-must-stay-whole"));
        assert!(text.contains("2025-11-20"));
        assert!(text.contains('…'));
    }

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(display_text("a\rb\u{1b}[2Jc\n"), "a␍b␛[2Jc↵");
        assert_eq!(display_text("x\u{202e}y"), "x<U+202E>y");
        assert_eq!(display_text("one\r\ntwo"), "one↵two");
    }
}
