//! Errors a user can see, each with its exit code.
//!
//! Every failure that reaches `main` is one of these kinds. The message is printed once,
//! as `error: {message}`, on stderr; the kind picks the exit code documented in the
//! README. Constructors take the field and the value so messages name both.

use std::fmt;

/// Exit codes (sysexits-style, documented in the README).
pub mod exit {
    pub const OK: u8 = 0;
    pub const UNEXPECTED: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const INVALID: u8 = 65;
    pub const NOT_FOUND: u8 = 66;
    pub const IO: u8 = 74;
    pub const BUSY: u8 = 75;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: a value that does not parse or breaks a rule. Nothing was written.
    #[error("{}", one_line(.0))]
    Invalid(String),
    /// A key, file or database that does not exist.
    #[error("{}", one_line(.0))]
    NotFound(String),
    /// The database is locked by another writer past the busy timeout.
    #[error("{}", one_line(.0))]
    Busy(String),
    /// The disk is full, the file is read-only, or another I/O failure.
    #[error("{}", one_line(.0))]
    Io(String),
    /// Anything else: a bug or an unexpected state of the database.
    #[error("{}", one_line(.0))]
    Unexpected(String),
    /// stdout was closed by the reader (`provtrack ... | head`): not a failure.
    #[error("output closed")]
    OutputClosed,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A message as one line: control characters (a newline in a field name read from a
/// file, a terminal escape) are shown escaped (`\n`, `\u{1b}`), so every error is one
/// line on stderr and cannot drive the user's terminal.
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut line = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            line.extend(c.escape_debug());
        } else {
            line.push(c);
        }
    }
    std::borrow::Cow::Owned(line)
}

impl Error {
    pub fn invalid(msg: impl fmt::Display) -> Self {
        Error::Invalid(msg.to_string())
    }

    pub fn not_found(msg: impl fmt::Display) -> Self {
        Error::NotFound(msg.to_string())
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_) => exit::INVALID,
            Error::NotFound(_) => exit::NOT_FOUND,
            Error::Busy(_) => exit::BUSY,
            Error::Io(_) => exit::IO,
            Error::Unexpected(_) => exit::UNEXPECTED,
            Error::OutputClosed => exit::OK,
        }
    }

    /// Prefixes the message with where it happened (a file, a record), keeping the kind.
    pub fn context(self, place: impl fmt::Display) -> Self {
        let wrap = |m: String| format!("{place}: {m}");
        match self {
            Error::Invalid(m) => Error::Invalid(wrap(m)),
            Error::NotFound(m) => Error::NotFound(wrap(m)),
            Error::Busy(m) => Error::Busy(wrap(m)),
            Error::Io(m) => Error::Io(wrap(m)),
            Error::Unexpected(m) => Error::Unexpected(wrap(m)),
            Error::OutputClosed => Error::OutputClosed,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        // A stored value outside a vocabulary (a position or category another tool
        // added to its lookup table): the vocabulary's own message, not rusqlite's.
        if let rusqlite::Error::FromSqlConversionFailure(_, _, inner) = &e {
            if let Some(inner) = inner.downcast_ref::<Error>() {
                let inner = inner.to_string();
                let value = inner.strip_prefix("invalid ").unwrap_or(&inner);
                return Error::Invalid(format!(
                    "the database holds {value}, a value another tool wrote that this \
                     provtrack does not know; change it to one of those"
                ));
            }
        }
        let code = e.sqlite_error_code();
        let msg = e.to_string();
        match code {
            Some(C::DatabaseBusy) | Some(C::DatabaseLocked) => Error::Busy(format!(
                "database busy: another provtrack is writing ({msg}); try again, or raise --busy-timeout"
            )),
            Some(C::DiskFull) => Error::Io(format!("database or disk is full ({msg}); nothing was written")),
            Some(C::ReadOnly) => Error::Io(format!("database is read-only ({msg}); nothing was written")),
            // The -shm file could not grow: on a full disk SQLite says only "disk I/O error".
            Some(C::SystemIoFailure) if extended_code(&e) == Some(SQLITE_IOERR_SHMSIZE) => {
                Error::Io(format!(
                    "database or disk is full (the database's -shm file cannot grow: {msg}); \
                     nothing was written"
                ))
            }
            Some(C::SystemIoFailure) | Some(C::CannotOpen) | Some(C::PermissionDenied) => {
                Error::Io(format!("database I/O error: {msg}"))
            }
            Some(C::NotADatabase) => Error::Invalid(format!("not a provtrack database: {msg}")),
            Some(C::ConstraintViolation) => Error::Invalid(format!("rejected by the database: {msg}")),
            _ => Error::Unexpected(format!("database error: {msg}")),
        }
    }
}

/// SQLITE_IOERR_SHMSIZE: growing the -shm file failed (no space left).
const SQLITE_IOERR_SHMSIZE: i32 = 10 | (19 << 8);

fn extended_code(e: &rusqlite::Error) -> Option<i32> {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.extended_code),
        _ => None,
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e.to_string())
    }
}
