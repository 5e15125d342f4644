//! Helpers of the reliability tests: the three checks every failure gets (exit code,
//! one-line message, database unchanged and intact), background runs of the binary
//! that can be killed, and a tmpfs mount that is always unmounted.

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use rusqlite::{Connection, OpenFlags};

use crate::common::{Run, TestEnv, RECORD_TABLES};

/// Runs `args`, and asserts the exit code, exactly one `error: ...` line on stderr that
/// contains every needle (ASCII case-insensitively), the database's rows exactly as
/// before, and `integrity_check` ok. Returns the run.
#[track_caller]
pub fn fails_cleanly<I, S>(env: &TestEnv, code: i32, args: I, needles: &[&str]) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let run = env.fails_unchanged(code, args);
    let line = run.one_error_line().to_ascii_lowercase();
    for needle in needles {
        assert!(
            line.contains(&needle.to_ascii_lowercase()),
            "the error line does not mention {needle:?}: {line}"
        );
    }
    assert_eq!(integrity(env.db_path()), "ok");
    run
}

/// `PRAGMA integrity_check` of the database at `path`, its lines joined.
pub fn integrity(path: &Path) -> String {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the database read-only");
    let mut stmt = conn.prepare("PRAGMA integrity_check").unwrap();
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    lines.join("; ")
}

/// The user's records and their history, row by row: what must survive a migration
/// (which adds tables, so `common::dump` differs) unchanged.
pub fn records(path: &Path) -> String {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the database read-only");
    let mut text = String::new();
    // The columns every level has: level 3 made a stance's provision a row of
    // stance_targets and added columns, which are left out here.
    let has_targets: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'stance_targets'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
        > 0;
    let has_links: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'provision_links'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
        > 0;
    for table in RECORD_TABLES.iter().chain(&["history"]) {
        let sql = match *table {
            "sources" => "SELECT id, key, outlet, title, url, author, published_on,
                          published_precision, kind, language, notes FROM sources ORDER BY rowid"
                .to_string(),
            "stances" if has_targets => "SELECT st.id, st.actor_id, t.provision_id, st.position,
                          st.source_id, st.stated_on, st.stated_precision, st.quote,
                          st.attribution, st.status, st.status_reason, st.notes, st.recorded_at
                          FROM stances st JOIN stance_targets t ON t.stance_id = st.id
                          ORDER BY st.id"
                .to_string(),
            "stance_targets" | "stance_via" => continue,
            // Level 6 added columns to plans, made a point a label (text) and moved a
            // provision's lineage to provision_links: compared as level 1 had them.
            "plans" => "SELECT id, key, title, status, first_reported_on,
                          first_reported_precision, notes FROM plans ORDER BY rowid"
                .to_string(),
            "provisions" if has_links => "SELECT pv.id, pv.key, pv.plan_id,
                          CAST(pv.point AS TEXT), pv.title, pv.text, pv.category,
                          l.continues_id, l.relation, pv.notes
                          FROM provisions pv LEFT JOIN provision_links l ON l.provision_id = pv.id
                          ORDER BY pv.id, l.continues_id"
                .to_string(),
            "provisions" => "SELECT id, key, plan_id, CAST(point AS TEXT), title, text, category,
                          continues_id, relation, notes FROM provisions ORDER BY rowid"
                .to_string(),
            _ => format!("SELECT * FROM \"{table}\" ORDER BY rowid"),
        };
        let mut stmt = conn.prepare(&sql).unwrap();
        let width = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        writeln!(text, "[{table}]").unwrap();
        while let Some(row) = rows.next().unwrap() {
            let cells: Vec<String> = (0..width)
                .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                .collect();
            writeln!(text, "  {}", cells.join(" | ")).unwrap();
        }
    }
    text
}

/// The number of rows of `table` in the database at `path`.
pub fn count_in(path: &Path, table: &str) -> i64 {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the database read-only");
    conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
        r.get(0)
    })
    .unwrap()
}

/// Starts `provtrack --db <db> ARGS...` in the background with the same isolated
/// environment as `TestEnv::command`, output discarded, so that it can be killed.
pub fn spawn<I, S>(env: &TestEnv, args: I) -> Child
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_provtrack"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("PROVTRACK_") {
            cmd.env_remove(&name);
        }
    }
    cmd.env_remove("RUST_BACKTRACE")
        .env("HOME", env.dir())
        .env("XDG_DATA_HOME", env.dir().join("xdg-data"))
        .env("PROVTRACK_NOW", crate::common::NOW)
        .current_dir(env.dir())
        .arg("--db")
        .arg(env.db_path())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd.spawn().expect("start provtrack")
}

/// Waits for a background run; returns its exit code (-1 for a signal) and stderr.
pub fn finish(child: Child) -> (i32, String) {
    let out = child.wait_with_output().expect("wait for provtrack");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A connection that holds the database's write lock (`BEGIN IMMEDIATE`) with one
/// uncommitted actor `uncommitted`, as a second provtrack in the middle of a command
/// would.
pub fn hold_write_lock(env: &TestEnv) -> Connection {
    let conn = env.write_conn();
    conn.execute_batch(
        "BEGIN IMMEDIATE;
         INSERT INTO actors (key, name, kind) VALUES ('uncommitted', 'Uncommitted', 'state');",
    )
    .expect("take the write lock");
    conn
}

/// The effective user id (0 for root), from /proc; None when it cannot be read.
pub fn euid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}

/// A tmpfs of a fixed size mounted at a directory, unmounted when dropped (also when
/// the test fails). Mounting needs root (CAP_SYS_ADMIN) on Linux.
pub struct Tmpfs {
    dir: PathBuf,
}

impl Tmpfs {
    /// Mounts a tmpfs of `size` (such as "1m") at `dir`, creating it; Err says why not.
    pub fn mount(dir: &Path, size: &str) -> Result<Tmpfs, String> {
        if !cfg!(target_os = "linux") {
            return Err("tmpfs mounts need Linux".into());
        }
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "mount -t tmpfs failed (needs root with CAP_SYS_ADMIN): {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(Tmpfs {
            dir: dir.to_path_buf(),
        })
    }

    /// Makes the file system read-only.
    pub fn remount_read_only(&self) {
        let status = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.dir)
            .status()
            .expect("run mount");
        assert!(status.success(), "remount {} read-only", self.dir.display());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let unmounted = Command::new("umount")
            .arg(&self.dir)
            .status()
            .is_ok_and(|s| s.success());
        if !unmounted {
            // Busy (a process of a failed test still holds a file): detach it anyway.
            let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
        }
    }
}
