//! The store: the only module that holds SQL.
//!
//! `Store::open_*` decides whether a file may be opened at all (it must be a provtrack
//! database at a level this binary knows), sets the connection's pragmas and migrates.
//! Every write runs in `Store::write`: one `BEGIN IMMEDIATE` transaction that commits
//! everything or nothing, with the command's name recorded for the history triggers.

mod adhoc;
mod bulk;
mod complete;
mod doctor;
pub mod migrate;
mod queries;
mod records;
mod reports;
mod search;

pub use bulk::{KeyMaps, Outcome, StanceBulk, StanceValues, Tag};
pub use queries::StanceFilter;
pub use records::{fold, Db, Fields, Kind};
pub use reports::{Report, ReportParams};
pub use search::{words_query, SEARCH_KINDS};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use migrate::{latest_level, APPLICATION_ID};

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// What the file at a path is, read without changing a byte of it.
enum Inspection {
    Missing,
    /// An empty file, or a database with no tables and no provtrack tag: safe to initialise.
    Blank,
    Provtrack {
        level: i64,
    },
}

/// A summary of `open_for_write`'s migration work, for commands that report it.
pub struct Opened {
    pub store: Store,
    /// The database was initialised now (a missing or empty file).
    pub created: bool,
    /// The file did not exist before.
    pub new_file: bool,
    pub applied: Vec<&'static str>,
    pub backup: Option<PathBuf>,
}

impl Store {
    /// Opens the database for a command that only reads. A missing file is an error and
    /// nothing is created; the connection is read-only.
    pub fn open_for_read(path: &Path, busy_timeout: Duration) -> Result<Store> {
        Self::open_read_only(path, busy_timeout, false)
    }

    /// Like `open_for_read`, but also opens a database that has pending migrations,
    /// so `migrate --status` can list them.
    pub fn open_for_status(path: &Path, busy_timeout: Duration) -> Result<Store> {
        Self::open_read_only(path, busy_timeout, true)
    }

    fn open_read_only(path: &Path, busy_timeout: Duration, any_level: bool) -> Result<Store> {
        match inspect(path)? {
            Inspection::Missing | Inspection::Blank => Err(Error::not_found(format!(
                "no provtrack database at {}; create one with `provtrack init` or load the \
                 example data with `provtrack seed`",
                path.display()
            ))),
            Inspection::Provtrack { level } if level < latest_level() && !any_level => {
                Err(Error::invalid(format!(
                "the database at {} is at schema level {level} and this provtrack needs level {}; \
                 run `provtrack migrate` (a backup is made first)",
                path.display(),
                latest_level()
            )))
            }
            Inspection::Provtrack { .. } => {
                let conn = open_read_only_connection(path, busy_timeout)?;
                Ok(Store {
                    conn,
                    path: path.to_path_buf(),
                })
            }
        }
    }

    /// Opens the database for a command that writes: creates it when missing and
    /// applies pending migrations (after a backup beside the file when it holds data).
    pub fn open_for_write(path: &Path, busy_timeout: Duration) -> Result<Opened> {
        let inspection = inspect(path)?;
        let created = matches!(inspection, Inspection::Missing | Inspection::Blank);
        let new_file = matches!(inspection, Inspection::Missing);
        if let Inspection::Missing = inspection {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Error::Io(format!(
                        "cannot create the directory {}: {e}",
                        dir.display()
                    ))
                })?;
            }
        }
        let mut conn = Connection::open(path)?;
        // SQLite falls back to a read-only open when the file or its file system cannot
        // be written; say so before anything fails half-way with a vaguer error.
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(Error::Io(format!(
                "the database at {} is read-only (the file or its file system cannot be \
                 written); nothing was written. Read commands still work",
                path.display()
            )));
        }
        configure(&conn, busy_timeout)?;
        let backup = match inspection {
            Inspection::Provtrack { level } if level > 0 && level < latest_level() => {
                Some(backup_before_migration(&conn, path, level)?)
            }
            _ => None,
        };
        if created {
            conn.execute_batch("PRAGMA journal_mode = WAL;")?;
        }
        let applied = migrate::apply_pending(&mut conn)?
            .into_iter()
            .map(|m| m.name)
            .collect();
        Ok(Opened {
            store: Store {
                conn,
                path: path.to_path_buf(),
            },
            created,
            new_file,
            applied,
            backup,
        })
    }

    /// A new, migrated database in memory: where `--dry-run` works when the database
    /// file does not exist yet, so that a dry run creates nothing.
    pub fn open_scratch(path: &Path) -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn, Duration::ZERO)?;
        migrate::apply_pending(&mut conn)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Writes a consistent copy of the database to `target` (online backup API).
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        backup_to(&self.conn, target)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A read-only view for queries.
    pub fn db(&self) -> Db<'_> {
        Db::new(&self.conn)
    }

    /// Runs `f` in one IMMEDIATE transaction and commits, or rolls back on any error.
    /// `command` (such as "actor add") is what history rows will name.
    pub fn write<T>(&mut self, command: &str, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        self.transaction(command, true, f)
    }

    /// Like `write`, but always rolls back: for `--dry-run`.
    pub fn dry_run<T>(&mut self, command: &str, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        self.transaction(command, false, f)
    }

    fn transaction<T>(
        &mut self,
        command: &str,
        commit: bool,
        f: impl FnOnce(&Db) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO current_operation (id, command) VALUES (1, ?1)",
            [command],
        )?;
        let value = f(&Db::new(&tx))?;
        tx.execute("DELETE FROM current_operation", [])?;
        if commit {
            tx.commit()?;
        }
        // Dropping an uncommitted transaction rolls it back.
        Ok(value)
    }

    /// Migration levels: (level, name, applied?) for `migrate --status`.
    pub fn migration_status(&self) -> Result<Vec<(i64, &'static str, bool)>> {
        let level = migrate::current_level(&self.conn)?;
        Ok(migrate::MIGRATIONS
            .iter()
            .map(|m| (m.level, m.name, m.level <= level))
            .collect())
    }
}

/// Reads the header of the file at `path` through a read-only connection, so that a
/// file that is not ours is refused before anything could write to it.
fn inspect(path: &Path) -> Result<Inspection> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Inspection::Missing),
        Err(e) => return Err(Error::Io(format!("cannot read {}: {e}", path.display()))),
        Ok(meta) if meta.is_dir() => {
            return Err(Error::invalid(format!(
                "--db {} is a directory, not a database file",
                path.display()
            )))
        }
        Ok(meta) if meta.len() == 0 => return Ok(Inspection::Blank),
        Ok(_) => {}
    }
    let not_ours = |why: &str| {
        Error::invalid(format!(
            "{} is not a provtrack database ({why}); it was left untouched",
            path.display()
        ))
    };
    let conn = open_for_inspection(path)?;
    let header = conn.query_row("PRAGMA application_id", [], |r| r.get::<_, i64>(0));
    let app_id = match header {
        Ok(id) => id,
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            return Err(not_ours("not an SQLite file"))
        }
        Err(e) => return Err(e.into()),
    };
    let level = migrate::current_level(&conn)?;
    if app_id == 0 {
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        if tables == 0 && level == 0 {
            return Ok(Inspection::Blank);
        }
        return Err(not_ours("an SQLite database of another application"));
    }
    if app_id != APPLICATION_ID {
        return Err(not_ours(&format!("application_id {app_id}")));
    }
    if level > latest_level() {
        return Err(Error::invalid(format!(
            "{} was made by a newer provtrack (schema level {level}; this one knows up to {}); \
             upgrade provtrack. The file was left untouched",
            path.display(),
            latest_level()
        )));
    }
    Ok(Inspection::Provtrack { level })
}

/// A read-only connection that creates no file beside the database. Without a -wal or
/// -journal file the main file is complete, so it is opened `immutable` (a plain
/// read-only open of a WAL-mode file would create -wal and -shm files); with one, a
/// plain read-only open sees the pending changes and the files exist already.
fn open_for_inspection(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let beside = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        std::path::PathBuf::from(p).exists()
    };
    if beside("-wal") || beside("-journal") {
        return Ok(Connection::open_with_flags(path, flags)?);
    }
    let absolute = std::fs::canonicalize(path)?;
    // SQLite URIs need '%', '?' and '#' escaped in the path.
    let escaped = absolute
        .to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23");
    let uri = format!("file:{escaped}?immutable=1");
    Ok(Connection::open_with_flags(
        uri,
        flags | OpenFlags::SQLITE_OPEN_URI,
    )?)
}

/// The read-only connection of a read command. A WAL-mode database needs its -shm file,
/// which SQLite cannot create on a read-only file system or in a directory the user
/// may not write: the first read then fails (SQLITE_CANTOPEN, or SQLITE_READONLY_CANTINIT
/// in an unwritable directory). With no -wal file beside it the main file is complete
/// and no writer can be at work (a writer needs the -wal file), so it is then opened
/// `immutable`, like `open_for_inspection` does.
fn open_read_only_connection(path: &Path, busy_timeout: Duration) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    configure(&conn, busy_timeout)?;
    let probe = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    });
    match probe {
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
            ) =>
        {
            let mut wal = path.as_os_str().to_owned();
            wal.push("-wal");
            if Path::new(&wal).exists() {
                return Err(e.into());
            }
            drop(conn);
            let conn = open_for_inspection(path)?;
            configure(&conn, busy_timeout)?;
            Ok(conn)
        }
        Err(e) => Err(e.into()),
        Ok(_) => Ok(conn),
    }
}

fn configure(conn: &Connection, busy_timeout: Duration) -> Result<()> {
    conn.busy_timeout(busy_timeout)?;
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    Ok(())
}

/// Copies the database beside itself as `<name>.bak-v<level>` with SQLite's online
/// backup API, before a migration changes it.
fn backup_before_migration(conn: &Connection, path: &Path, level: i64) -> Result<PathBuf> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".bak-v{level}"));
    let target = path.with_file_name(name);
    backup_to(conn, &target)?;
    Ok(target)
}

/// Copies the open database to `target` with SQLite's online backup API.
fn backup_to(conn: &Connection, target: &Path) -> Result<()> {
    let mut dst = Connection::open(target)?;
    let backup = rusqlite::backup::Backup::new(conn, &mut dst)?;
    backup.run_to_completion(256, Duration::from_millis(10), None)?;
    Ok(())
}
