//! The store: the only module that holds SQL.
//!
//! `Store::open_*` decides whether a file may be opened at all (it must be a provtrack
//! database at a level this binary knows), sets the connection's pragmas and migrates.
//! Every write runs in `Store::write`: one `BEGIN IMMEDIATE` transaction that commits
//! everything or nothing, with the command's name recorded for the history triggers.

mod adhoc;
mod bulk;
mod complete;
mod db;
mod doctor;
mod export;
mod lineage;
pub mod migrate;
mod queries;
mod reports;
mod resolve;
mod search;
mod stances;

pub use bulk::{Refused, StanceBulk, Tag};
pub use db::{CheckedFields, Db, FieldValue};
pub use doctor::damage;
pub use lineage::{LineageLink, ReportWritten};
pub use queries::{HistoryEntry, Link, StanceFilter};
pub use reports::{Report, ReportParams};
pub use resolve::{KeyMaps, Resolve};
pub use search::{words_query, SEARCH_KINDS};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use migrate::{latest_level, APPLICATION_ID};

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The file this store opened (device, inode), checked again inside every write
    /// transaction: a write never goes to a file that was removed or replaced meanwhile.
    identity: Option<FileId>,
}

/// A file's device and inode number.
type FileId = (u64, u64);

#[cfg(unix)]
fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(path)
        .ok()
        .map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(_path: &Path) -> Option<FileId> {
    None
}

/// `path` with `suffix` appended to its file name (`db` + `-wal` is `db-wal`).
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

impl Drop for Store {
    fn drop(&mut self) {
        // The last connection to close checkpoints the whole WAL while it holds an
        // exclusive lock that stops new readers; after a large write that takes seconds.
        // A passive checkpoint first does that work without blocking anyone, so the
        // lock at close is held only for a moment. (On a read-only connection, and
        // when another connection reads an older snapshot, it does what it can.)
        let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(PASSIVE);");
    }
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
                    identity: None,
                })
            }
        }
    }

    /// Opens the database for a command that writes: creates it when missing and
    /// applies pending migrations (after a backup beside the file when it holds data).
    ///
    /// A missing database is made complete in a temporary file beside it and then
    /// linked into place, so that no other process ever sees it half-initialised and
    /// concurrent first writes all open the same, finished database.
    pub fn open_for_write(path: &Path, busy_timeout: Duration) -> Result<Opened> {
        let mut inspection = inspect(path)?;
        let mut new_file = false;
        if let Inspection::Missing = inspection {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Error::Io(format!(
                        "cannot create the directory {}: {e}",
                        dir.display()
                    ))
                })?;
            }
            new_file = create_database(path)?;
            inspection = inspect(path)?;
        }
        let created = new_file || matches!(inspection, Inspection::Blank);
        let identity = file_id(path);
        // No CREATE flag: the file exists now, and a file removed since is an error
        // rather than a new empty database.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
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
        if let Inspection::Blank = inspection {
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
                identity,
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
            identity: None,
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

    /// Runs `f` in one IMMEDIATE transaction and commits, or rolls back on any error
    /// (one is a record `f` wrote that breaks a rule of `doctor`'s: see `check_rules`).
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
        if let Some(id) = self.identity {
            if file_id(&self.path) != Some(id) {
                return Err(Error::Busy(format!(
                    "the database file {} was removed or replaced by another process while \
                     this command waited; nothing was written; try again",
                    self.path.display()
                )));
            }
        }
        tx.execute(
            "INSERT INTO current_operation (id, command) VALUES (1, ?1)",
            [command],
        )?;
        let db = Db::new(&tx);
        let marks = db.marks()?;
        let value = f(&db)?;
        // Every rule `doctor` checks holds for what this write touched, whichever
        // command or import path wrote it.
        db.check_rules(&marks)?;
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

/// A connection for `inspect` that creates no file beside the database and leaves
/// none behind. Without a -wal or -journal file the main file is complete, so it is
/// opened `immutable` (a plain read-only open of a WAL-mode file would create -wal and
/// -shm files). With one, the file is opened read-write when it can be (with writes
/// switched off), so that SQLite rolls a hot journal back and, as the last connection,
/// removes the WAL when it closes; read-only otherwise.
fn open_for_inspection(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if beside(path, "-wal").exists() || beside(path, "-journal").exists() {
        if let Some(conn) = open_writable_for_reading(path, Duration::from_secs(5))? {
            return Ok(conn);
        }
        return Ok(Connection::open_with_flags(path, flags)?);
    }
    open_immutable(path)
}

/// A connection that reads the file as it is on disk, taking no locks and creating no
/// file: only for a database no writer is using (it has no -wal file).
fn open_immutable(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
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

/// A read-write connection (never creating the file) with writes switched off
/// (`query_only`), that has read the schema: SQLite rolls back a hot journal on this
/// first read, and when this is the last connection to close it removes the -wal and
/// -shm files, which a read-only connection cannot. `None` when the file or its folder
/// cannot be written or the first read fails for want of space (a full disk, where
/// the -shm file cannot grow): the caller then reads another way.
fn open_writable_for_reading(path: &Path, busy_timeout: Duration) -> Result<Option<Connection>> {
    use rusqlite::ErrorCode as C;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let fallback = |e: &rusqlite::Error| {
        matches!(
            e.sqlite_error_code(),
            Some(
                C::CannotOpen
                    | C::ReadOnly
                    | C::PermissionDenied
                    | C::SystemIoFailure
                    | C::DiskFull
            )
        )
    };
    let conn = match Connection::open_with_flags(path, flags) {
        Ok(conn) => conn,
        Err(e) if fallback(&e) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if conn.is_readonly(rusqlite::MAIN_DB)? {
        return Ok(None);
    }
    configure(&conn, busy_timeout)?;
    let probe = conn
        .execute_batch("PRAGMA query_only = ON;")
        .and_then(|()| {
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })
        });
    match probe {
        Ok(_) => Ok(Some(conn)),
        Err(e) if fallback(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The connection of a read command: read-write with writes switched off where the
/// file can be written (see `open_writable_for_reading`), so it rolls back a hot
/// journal and leaves no -wal or -shm file behind. Where it cannot be written (a
/// read-only file system, a folder the user may not write, a full disk) a read-only
/// connection; and when that cannot read either, for want of the -shm file, and no
/// -wal file was there before (so the main file is complete and no writer is at
/// work), the file is opened `immutable`.
fn open_read_only_connection(path: &Path, busy_timeout: Duration) -> Result<Connection> {
    let wal_before = beside(path, "-wal").exists();
    if let Some(conn) = open_writable_for_reading(path, busy_timeout)? {
        return Ok(conn);
    }
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
                Some(
                    rusqlite::ErrorCode::CannotOpen
                        | rusqlite::ErrorCode::ReadOnly
                        | rusqlite::ErrorCode::SystemIoFailure
                        | rusqlite::ErrorCode::DiskFull
                )
            ) =>
        {
            if wal_before {
                return Err(e.into());
            }
            drop(conn);
            let conn = open_immutable(path)?;
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

/// Makes a complete database (migrated, in WAL mode) in a temporary file beside
/// `path` and hard-links it to `path`, which fails when `path` exists: creating the
/// database is atomic and never replaces a file another process made meanwhile.
/// Returns whether this call made the file at `path` (false: another process did).
fn create_database(path: &Path) -> Result<bool> {
    let temp = temporary_beside(path, "new")?;
    let made = (|| -> Result<()> {
        let mut conn = Connection::open_with_flags(
            &temp,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_NOFOLLOW,
        )?;
        conn.execute_batch("PRAGMA journal_mode = WAL;")?;
        migrate::apply_pending(&mut conn)?;
        // Every page into the file itself before it is linked into place: closing would
        // checkpoint too, but a checkpoint that fails there (a full disk) is not
        // reported, and the WAL holding the pages is removed with the temporary file.
        let (busy, log, done): (i64, i64, i64) =
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        if busy != 0 || log != done {
            return Err(Error::Io(format!(
                "cannot write the new database {} completely; nothing was written",
                path.display()
            )));
        }
        conn.close().map_err(|(_, e)| e)?;
        Ok(())
    })();
    let placed = made.and_then(|()| link_into_place(&temp, path));
    remove_with_companions(&temp);
    match placed {
        Ok(()) => Ok(true),
        Err(Error::Invalid(_)) => Ok(false),
        Err(e) => Err(e.context(format!("cannot create the database {}", path.display()))),
    }
}

/// A new empty file beside `path`, named `.<name>.<what>-<pid>-<n>.tmp`, created
/// exclusively (never following a link).
fn temporary_beside(path: &Path, what: &str) -> Result<PathBuf> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    for n in 0..1000 {
        let temp = path.with_file_name(format!(".{name}.{what}-{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(_) => return Ok(temp),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_error(path, e)),
        }
    }
    Err(Error::Io(format!(
        "cannot create a temporary file beside {}",
        path.display()
    )))
}

/// Gives the complete file `temp` the name `target`, only if `target` does not exist
/// (not even as a dangling symbolic link): `Error::Invalid` when it does.
fn link_into_place(temp: &Path, target: &Path) -> Result<()> {
    let exists = || {
        Error::invalid(format!(
            "{} already exists; choose a new file name",
            target.display()
        ))
    };
    match std::fs::hard_link(temp, target) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists()),
        // A file system without hard links: check, then rename (not atomic).
        Err(_) if std::fs::symlink_metadata(target).is_ok() => Err(exists()),
        Err(_) => std::fs::rename(temp, target).map_err(|e| io_error(target, e)),
    }
}

/// An I/O error about `path`, as the user should read it: a full disk says so.
fn io_error(path: &Path, e: std::io::Error) -> Error {
    if e.raw_os_error() == Some(28) {
        return Error::Io(format!(
            "database or disk is full ({}: {e}); nothing was written",
            path.display()
        ));
    }
    Error::Io(format!("{}: {e}", path.display()))
}

/// Removes a database file and the -wal, -shm and -journal files beside it.
fn remove_with_companions(path: &Path) {
    for suffix in ["-wal", "-shm", "-journal", ""] {
        let _ = std::fs::remove_file(beside(path, suffix));
    }
}

/// After a failed first command: removes the database this command created, but only
/// when nothing was written to it and no other process has it open. Leaving WAL mode
/// needs every other connection closed; the exclusive lock then keeps everyone out
/// while the rows are compared with a fresh database's and the file is removed (a
/// process that opened the file just before will find it replaced when it writes, see
/// `Store::transaction`). Otherwise the file is left as it is, in WAL mode.
pub fn remove_if_untouched(path: &Path) -> bool {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let Ok(conn) = Connection::open_with_flags(path, flags) else {
        return false;
    };
    let _ = conn.busy_timeout(Duration::ZERO);
    let mode = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    });
    if !mode.is_ok_and(|m| m.eq_ignore_ascii_case("delete")) {
        return false;
    }
    let untouched = conn.execute_batch("BEGIN EXCLUSIVE").is_ok()
        && Store::open_scratch(path)
            .and_then(|fresh| Ok(table_counts(&fresh.conn)? == table_counts(&conn)?))
            .unwrap_or(false);
    if untouched {
        remove_with_companions(path);
        return true;
    }
    let _ = conn.execute_batch("ROLLBACK; PRAGMA journal_mode = WAL;");
    false
}

/// Every table's name and row count, and the schema level.
fn table_counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut counts = vec![("user_version".to_string(), migrate::current_level(conn)?)];
    for name in names {
        // Table names come from sqlite_schema, quoted as identifiers.
        let sql = format!("SELECT count(*) FROM \"{}\"", name.replace('"', "\"\""));
        counts.push((name, conn.query_row(&sql, [], |r| r.get(0))?));
    }
    Ok(counts)
}

/// Copies the database beside itself as `<name>.bak-v<level>` (or, when that exists,
/// `<name>.bak-v<level>.2`, `.3`, …: an earlier backup is never overwritten) with
/// SQLite's online backup API, before a migration changes it.
fn backup_before_migration(conn: &Connection, path: &Path, level: i64) -> Result<PathBuf> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".bak-v{level}"));
    let first = path.with_file_name(&name);
    for n in 1.. {
        let target = if n == 1 {
            first.clone()
        } else {
            beside(&first, &format!(".{n}"))
        };
        match backup_to(conn, &target) {
            Err(Error::Invalid(_)) => continue,
            other => return other.map(|()| target),
        }
    }
    unreachable!("an unbounded range ends only by returning")
}

/// Copies the open database to `target` with SQLite's online backup API: into a
/// temporary file beside it, linked to `target` only when complete. `target` is never
/// overwritten and never followed when it is a symbolic link (`Error::Invalid` when it
/// exists), and a failed copy leaves no file.
fn backup_to(conn: &Connection, target: &Path) -> Result<()> {
    if std::fs::symlink_metadata(target).is_ok() {
        return Err(Error::invalid(format!(
            "backup path {} already exists; choose a new file name",
            target.display()
        )));
    }
    let temp = temporary_beside(target, "backup")?;
    let copied = (|| -> Result<()> {
        let mut dst = Connection::open_with_flags(
            &temp,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_NOFOLLOW,
        )?;
        {
            let backup = rusqlite::backup::Backup::new(conn, &mut dst)?;
            backup.run_to_completion(256, Duration::from_millis(10), None)?;
        }
        dst.close().map_err(|(_, e)| e)?;
        Ok(())
    })();
    let placed = copied.and_then(|()| {
        link_into_place(&temp, target).map_err(|e| match e {
            Error::Invalid(_) => Error::invalid(format!(
                "backup path {} already exists; choose a new file name",
                target.display()
            )),
            other => other,
        })
    });
    remove_with_companions(&temp);
    placed
}
