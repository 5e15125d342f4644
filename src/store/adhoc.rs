//! `provtrack sql`: one statement of the user's own, read-only.
//!
//! Three locks keep the database untouched: the connection is opened read-only, the
//! statement must be one that SQLite itself calls read-only (`sqlite3_stmt_readonly`,
//! which also catches `VACUUM INTO` and pragmas that set a value), and only a single
//! statement is prepared, so nothing can follow a harmless first one.
//!
//! A statement that runs past its time limit (`sql --timeout`) is interrupted through
//! SQLite's interrupt handle, from a timer thread that ends with the statement. The
//! limit counts the time SQLite works, not the time spent handing rows to the output
//! (a pager the user reads at leisure, a slow pipe).

use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::{Connection, Statement};

use super::db::Db;
use super::queries::{json_of, pump, sorted_sql};
use crate::error::{Error, Result};
use crate::result_set::{ResultSet, RowSink};

impl Db<'_> {
    /// Runs `sql` with `params` (NAME, VALUE) bound to its `:NAME` parameters as text,
    /// streaming its rows into `out`; interrupted (exit 75) once SQLite has worked on it
    /// for longer than `timeout`.
    pub fn adhoc_sql(
        &self,
        sql: &str,
        params: &[(String, String)],
        timeout: Option<Duration>,
        out: &mut dyn RowSink,
    ) -> Result<()> {
        let Some(limit) = timeout else {
            return self.run_adhoc(sql, params, out);
        };
        let deadline = Deadline::start(self.conn, limit);
        let mut timed = Timed {
            inner: out,
            deadline: &deadline,
        };
        let result = self.run_adhoc(sql, params, &mut timed);
        let passed = deadline.finish();
        result.map_err(|e| {
            if passed {
                Error::Busy(format!(
                    "sql: interrupted after --timeout {} s, the statement ran too long; \
                     nothing was changed. Narrow it, or raise --timeout (0: no limit)",
                    limit.as_secs()
                ))
            } else {
                e
            }
        })
    }

    fn run_adhoc(
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
) -> Result<ResultSet> {
    let width = columns.len();
    let mut rows = ResultSet {
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

/// The clock of `sql --timeout`: a thread that interrupts the connection's statement
/// once the time SQLite has worked on it (the clock runs except while paused) passes
/// the limit.
struct Deadline {
    shared: Arc<(Mutex<Clock>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

struct Clock {
    /// Time worked before the current run of the clock.
    spent: Duration,
    /// When the clock last started; None while paused.
    since: Option<Instant>,
    done: bool,
    passed: bool,
}

impl Deadline {
    fn start(conn: &Connection, limit: Duration) -> Deadline {
        let handle = conn.get_interrupt_handle();
        let shared = Arc::new((
            Mutex::new(Clock {
                spent: Duration::ZERO,
                since: Some(Instant::now()),
                done: false,
                passed: false,
            }),
            Condvar::new(),
        ));
        let theirs = Arc::clone(&shared);
        let thread = std::thread::spawn(move || {
            let (lock, wake) = &*theirs;
            let Ok(mut clock) = lock.lock() else { return };
            // Pausing and restarting the clock wakes nobody (that would cost a switch
            // of threads per row): the thread wakes when the limit would pass had the
            // clock run all along, and waits again for what is left.
            while !clock.done {
                let worked = clock.spent + clock.since.map_or(Duration::ZERO, |s| s.elapsed());
                if worked >= limit {
                    clock.passed = true;
                    handle.interrupt();
                    return;
                }
                clock = match wake.wait_timeout(clock, limit - worked) {
                    Ok((c, _)) => c,
                    Err(_) => return,
                };
            }
        });
        Deadline {
            shared,
            thread: Some(thread),
        }
    }

    /// Stops (`run` false) or restarts the clock.
    fn run(&self, run: bool) {
        let (lock, _) = &*self.shared;
        if let Ok(mut clock) = lock.lock() {
            match (run, clock.since) {
                (false, Some(since)) => {
                    clock.spent += since.elapsed();
                    clock.since = None;
                }
                (true, None) => clock.since = Some(Instant::now()),
                _ => {}
            }
        }
    }

    /// Ends the clock and its thread; whether the limit passed (and so interrupted).
    fn finish(mut self) -> bool {
        let (lock, wake) = &*self.shared;
        if let Ok(mut clock) = lock.lock() {
            clock.done = true;
            wake.notify_all();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        lock.lock().map(|c| c.passed).unwrap_or(false)
    }
}

/// The output of a timed statement: the clock stops while a row is handed on.
struct Timed<'a> {
    inner: &'a mut dyn RowSink,
    deadline: &'a Deadline,
}

impl Timed<'_> {
    fn paused<T>(&mut self, f: impl FnOnce(&mut dyn RowSink) -> T) -> T {
        self.deadline.run(false);
        let value = f(self.inner);
        self.deadline.run(true);
        value
    }
}

impl RowSink for Timed<'_> {
    fn sort(&self) -> &[(String, bool)] {
        self.inner.sort()
    }
    fn start(&mut self, columns: &[String]) -> Result<()> {
        self.paused(|sink| sink.start(columns))
    }
    fn row(&mut self, cells: &[crate::result_set::CellRef]) -> Result<bool> {
        self.paused(|sink| sink.row(cells))
    }
    fn finish(&mut self) -> Result<()> {
        self.paused(|sink| sink.finish())
    }
}

/// An error of the user's statement (a typo, an unknown table, a bad argument) is
/// invalid input; a busy or failing database, or an interrupted statement, keeps its
/// own kind.
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
                    | rusqlite::ErrorCode::OperationInterrupted
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
