//! `provtrack sql`: one statement of the user's own, read-only.
//!
//! Three locks keep the database untouched: the connection is opened read-only, the
//! statement must be one that SQLite itself calls read-only (`sqlite3_stmt_readonly`,
//! which also catches `VACUUM INTO` and pragmas that set a value), and only a single
//! statement is prepared, so nothing can follow a harmless first one.

use rusqlite::Statement;

use super::queries::{json_of, pump, sorted_sql};
use super::records::Db;
use crate::error::{Error, Result};
use crate::rows::{RowSink, Rows};

impl Db<'_> {
    /// Runs `sql` with `params` (NAME, VALUE) bound to its `:NAME` parameters as text,
    /// streaming its rows into `out`.
    pub fn adhoc_sql(
        &self,
        sql: &str,
        params: &[(String, String)],
        out: &mut dyn RowSink,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| match e {
            rusqlite::Error::MultipleStatement => Error::invalid(
                "sql: only a single statement is allowed; remove everything after the first ';'",
            ),
            other => user_error(other),
        })?;
        // A statement of only whitespace or comments prepares to nothing.
        if stmt.expanded_sql().is_none() {
            return Err(Error::invalid("sql: the statement is empty"));
        }
        if !stmt.readonly() {
            let word = first_word(sql);
            let what = match word.as_str() {
                "" => "this statement".to_string(),
                w => format!("'{w}'"),
            };
            return Err(Error::invalid(format!(
                "sql: only a single read-only statement is allowed; {what} would write"
            )));
        }
        if !out.sort().is_empty() {
            // The checks above hold for the statement; the sorted one only wraps it.
            let sorted = sorted_sql(self.conn, sql, out).map_err(|e| match e {
                Error::Unexpected(_) => {
                    Error::invalid("sql: --sort works only with a SELECT statement")
                }
                other => other,
            })?;
            stmt = self.conn.prepare(&sorted).map_err(user_error)?;
        }
        bind(&mut stmt, params)?;
        let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
        pump(&columns, stmt.raw_query(), out, user_error)
    }
}

/// Reads every row of a running statement; `on_error` turns an error of a step, where
/// SQLite reports most of them, into the caller's kind of error.
pub(super) fn collect(
    columns: Vec<String>,
    mut cursor: rusqlite::Rows,
    on_error: fn(rusqlite::Error) -> Error,
) -> Result<Rows> {
    let width = columns.len();
    let mut rows = Rows {
        columns,
        rows: Vec::new(),
    };
    while let Some(row) = cursor.next().map_err(on_error)? {
        rows.rows.push(
            (0..width)
                .map(|i| row.get_ref(i).map(json_of))
                .collect::<rusqlite::Result<_>>()?,
        );
    }
    Ok(rows)
}

/// Binds each `--param NAME=VALUE` to `:NAME` (or `@NAME`, `$NAME`); every parameter
/// of the statement needs a value and every value a parameter.
fn bind(stmt: &mut Statement, params: &[(String, String)]) -> Result<()> {
    let mut used = vec![false; params.len()];
    for index in 1..=stmt.parameter_count() {
        let Some(name) = stmt.parameter_name(index).map(str::to_string) else {
            return Err(Error::invalid(
                "sql: use named parameters such as :name, with --param name=VALUE",
            ));
        };
        let bare = name.trim_start_matches([':', '@', '$', '?']);
        let Some(at) = params.iter().position(|(n, _)| n == bare) else {
            return Err(Error::invalid(format!(
                "sql: no value for {name}; pass --param {bare}=VALUE"
            )));
        };
        used[at] = true;
        stmt.raw_bind_parameter(index, &params[at].1)?;
    }
    match params.iter().zip(&used).find(|(_, used)| !**used) {
        Some(((name, _), _)) => Err(Error::invalid(format!(
            "sql: --param {name} matches no parameter of the statement (write it as :{name})"
        ))),
        None => Ok(()),
    }
}

/// An error of the user's statement (a typo, an unknown table, a bad argument) is
/// invalid input; a busy or failing database keeps its own kind.
fn user_error(e: rusqlite::Error) -> Error {
    match (&e, e.sqlite_error_code()) {
        // A syntax error, an unknown table, column or function, found while preparing.
        (rusqlite::Error::SqlInputError { msg, offset, .. }, _) => {
            Error::invalid(format!("sql: {msg} (at byte {offset} of the statement)"))
        }
        (rusqlite::Error::SqliteFailure(_, Some(message)), Some(code))
            if !matches!(
                code,
                rusqlite::ErrorCode::DatabaseBusy
                    | rusqlite::ErrorCode::DatabaseLocked
                    | rusqlite::ErrorCode::SystemIoFailure
                    | rusqlite::ErrorCode::DatabaseCorrupt
            ) =>
        {
            Error::invalid(format!("sql: {message}"))
        }
        _ => e.into(),
    }
}

/// The statement's first keyword, upper-cased, for messages; leading comments skipped.
fn first_word(sql: &str) -> String {
    let mut rest = sql.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("--") {
            rest = r.split_once('\n').map_or("", |(_, r)| r).trim_start();
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r.split_once("*/").map_or("", |(_, r)| r).trim_start();
        } else {
            break;
        }
    }
    rest.chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_word_skips_leading_space() {
        assert_eq!(first_word("  delete from x"), "DELETE");
        assert_eq!(first_word("-- note\n/* a */ insert into x"), "INSERT");
    }
}
