//! What a query or report gives back: a result set of named columns and rows of JSON
//! values (`ResultSet`), or the same rows streamed one at a time (`RowSink`, `CellRef`).
//!
//! The store produces them and `output` renders them in every format, so neither needs
//! to know about the other. (What a user gives is `crate::input`; what the store writes
//! is `store::CheckedFields`.)

use serde_json::{Map, Value};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResultSet {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl ResultSet {
    pub fn new(columns: &[&str]) -> Self {
        ResultSet {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Each row as a JSON object with the column names as keys, in column order.
    pub fn objects(&self) -> Vec<Map<String, Value>> {
        self.rows
            .iter()
            .map(|row| {
                self.columns
                    .iter()
                    .cloned()
                    .zip(row.iter().cloned())
                    .collect::<Map<String, Value>>()
            })
            .collect()
    }
}

/// A cell as plain text: strings bare, null empty, anything else as JSON.
pub fn cell_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One cell of a streamed row, borrowed from SQLite's buffers or from `ResultSet`: rows go
/// from the store to the output one at a time, without a copy of the result set.
#[derive(Debug, Clone, Copy)]
pub enum CellRef<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    /// Text that is not valid UTF-8 (written by another tool): shown lossily.
    Bytes(&'a [u8]),
    /// A blob, shown by its size.
    Blob(usize),
    /// A JSON value held in `ResultSet` (history's old values).
    Json(&'a Value),
}

impl<'a> CellRef<'a> {
    pub fn of_json(value: &'a Value) -> Self {
        match value {
            Value::Null => CellRef::Null,
            Value::String(s) => CellRef::Text(s),
            Value::Number(n) => match n.as_i64() {
                Some(i) => CellRef::Int(i),
                None => CellRef::Json(value),
            },
            other => CellRef::Json(other),
        }
    }

    /// The cell as plain text, the way `cell_text` shows a JSON value.
    pub fn text(&self) -> std::borrow::Cow<'a, str> {
        use std::borrow::Cow;
        match *self {
            CellRef::Null => Cow::Borrowed(""),
            CellRef::Int(i) => Cow::Owned(i.to_string()),
            CellRef::Real(f) => Cow::Owned(
                serde_json::Number::from_f64(f).map_or_else(String::new, |n| n.to_string()),
            ),
            CellRef::Text(s) => Cow::Borrowed(s),
            CellRef::Bytes(b) => String::from_utf8_lossy(b),
            CellRef::Blob(n) => Cow::Owned(format!("<{n} bytes>")),
            CellRef::Json(v) => Cow::Owned(cell_text(v)),
        }
    }

    /// Whether the cell is a number (numbers are never guarded or truncated).
    pub fn is_number(&self) -> bool {
        matches!(self, CellRef::Int(_) | CellRef::Real(_))
            || matches!(self, CellRef::Json(Value::Number(_)))
    }

    /// The cell as a JSON value (for sorting rows held in memory).
    pub fn to_json(self) -> Value {
        match self {
            CellRef::Null => Value::Null,
            CellRef::Int(i) => Value::from(i),
            CellRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
            CellRef::Json(v) => v.clone(),
            _ => Value::String(self.text().into_owned()),
        }
    }
}

/// Where streamed rows go: the store calls `start` once with the column names, then
/// `row` for each row until it returns false (a `--limit` reached), then `finish`.
pub trait RowSink {
    /// The order the user asked for (`--sort`): (column, descending). The store sorts
    /// in SQL so that rows still stream.
    fn sort(&self) -> &[(String, bool)] {
        &[]
    }
    fn start(&mut self, columns: &[String]) -> crate::error::Result<()>;
    /// Takes one row; false when no more rows are wanted.
    fn row(&mut self, cells: &[CellRef]) -> crate::error::Result<bool>;
    fn finish(&mut self) -> crate::error::Result<()>;
}

/// Checks that every name in `wanted` is one of `columns`; the error names the flag,
/// the value and the columns there are (or the likely intended one).
pub fn check_columns<'a>(
    flag: &str,
    wanted: impl IntoIterator<Item = &'a str>,
    columns: &[String],
) -> crate::error::Result<()> {
    for name in wanted {
        if !columns.iter().any(|c| c == name) {
            let hint = match crate::suggest::did_you_mean(name, columns.iter().map(String::as_str))
            {
                Some(s) => format!("did you mean {s}? "),
                None => String::new(),
            };
            return Err(crate::error::Error::invalid(format!(
                "{flag} '{}': no such column; {hint}the columns are: {}",
                crate::model::printable(name),
                columns.join(", ")
            )));
        }
    }
    Ok(())
}

/// Collecting rows in memory (for the few results that are reshaped before printing).
impl RowSink for ResultSet {
    fn start(&mut self, columns: &[String]) -> crate::error::Result<()> {
        self.columns = columns.to_vec();
        Ok(())
    }

    fn row(&mut self, cells: &[CellRef]) -> crate::error::Result<bool> {
        self.rows
            .push(cells.iter().copied().map(CellRef::to_json).collect());
        Ok(true)
    }

    fn finish(&mut self) -> crate::error::Result<()> {
        Ok(())
    }
}

/// Whether a cell holds true (a JSON true, or SQLite's 1).
pub fn truthy(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_i64() == Some(1),
        _ => false,
    }
}

static TRUE: Value = Value::Bool(true);
static FALSE: Value = Value::Bool(false);

/// Dates that say how they are known, on the way to the output: each column
/// `X_inferred` (SQLite's 0/1) becomes a JSON boolean beside its date, the column
/// before it. For people (`for_people`: a table, Markdown, HTML) it is folded into that
/// date instead, as `~2025-11-21`, and the column is left out.
pub struct InferredDates<'s> {
    inner: &'s mut dyn RowSink,
    for_people: bool,
    flagged: Vec<usize>,
}

impl<'s> InferredDates<'s> {
    pub fn new(inner: &'s mut dyn RowSink, for_people: bool) -> Self {
        InferredDates {
            inner,
            for_people,
            flagged: Vec::new(),
        }
    }
}

impl RowSink for InferredDates<'_> {
    fn sort(&self) -> &[(String, bool)] {
        self.inner.sort()
    }

    fn start(&mut self, columns: &[String]) -> crate::error::Result<()> {
        self.flagged = columns
            .iter()
            .enumerate()
            .filter(|(i, c)| *i > 0 && c.ends_with("_inferred"))
            .map(|(i, _)| i)
            .collect();
        if self.for_people && !self.flagged.is_empty() {
            let kept: Vec<String> = columns
                .iter()
                .enumerate()
                .filter(|(i, _)| !self.flagged.contains(i))
                .map(|(_, c)| c.clone())
                .collect();
            return self.inner.start(&kept);
        }
        self.inner.start(columns)
    }

    fn row(&mut self, cells: &[CellRef]) -> crate::error::Result<bool> {
        if self.flagged.is_empty() {
            return self.inner.row(cells);
        }
        let on = |c: &CellRef| {
            matches!(c, CellRef::Int(1)) || matches!(c, CellRef::Json(v) if truthy(v))
        };
        if !self.for_people {
            let mut out = cells.to_vec();
            for &i in &self.flagged {
                if let Some(c) = out.get_mut(i) {
                    *c = CellRef::Json(if on(c) { &TRUE } else { &FALSE });
                }
            }
            return self.inner.row(&out);
        }
        let marked: Vec<Option<String>> = (0..cells.len())
            .map(|i| {
                let flag = self.flagged.contains(&(i + 1)) && cells.get(i + 1).is_some_and(on);
                (flag && !matches!(cells[i], CellRef::Null))
                    .then(|| format!("~{}", cells[i].text()))
            })
            .collect();
        let out: Vec<CellRef> = (0..cells.len())
            .filter(|i| !self.flagged.contains(i))
            .map(|i| match &marked[i] {
                Some(text) => CellRef::Text(text),
                None => cells[i],
            })
            .collect();
        self.inner.row(&out)
    }

    fn finish(&mut self) -> crate::error::Result<()> {
        self.inner.finish()
    }
}

impl ResultSet {
    /// `InferredDates` for rows held in memory (a record shown, the matrix).
    pub fn inferred_dates(self, for_people: bool) -> ResultSet {
        let mut out = ResultSet::default();
        let mut sink = InferredDates::new(&mut out, for_people);
        let cells: Vec<Vec<CellRef>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(CellRef::of_json).collect())
            .collect();
        let ok = sink.start(&self.columns).is_ok()
            && cells.iter().all(|r| sink.row(r).is_ok())
            && sink.finish().is_ok();
        if ok {
            out
        } else {
            self
        }
    }
}
