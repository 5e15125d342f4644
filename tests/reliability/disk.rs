//! A full disk and a read-only database: a write that cannot be completed exits 74
//! with a clear message and the earlier data intact; a read-only database still
//! answers reads.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use provtrack::synth::{write_tables, Config};
use provtrack::tabular::DataFormat;

use super::support::{euid, integrity, Tmpfs};
use crate::common::{bytes, dump, listing, TestEnv};

const ADD_ACTOR: &[&str] = &[
    "actor", "add", "--key", "late", "--name", "Late", "--kind", "state",
];

/// A small database with two actors at `db`, made by provtrack.
fn small_database(env: &TestEnv, db: &Path) {
    for (key, name) in [("ukraine", "Ukraine"), ("russia", "Russia")] {
        let run = env.run_on(
            db,
            [
                "actor", "add", "--key", key, "--name", name, "--kind", "state",
            ],
        );
        run.code(0);
    }
}

#[test]
fn a_write_on_a_full_disk_exits_74_and_keeps_the_earlier_data() {
    let env = TestEnv::new();
    let mount = match Tmpfs::mount(&env.path("small-disk"), "2m") {
        Ok(m) => m,
        Err(why) => {
            println!("skipped: a_write_on_a_full_disk: {why}");
            return;
        }
    };
    let db = env.path("small-disk/provtrack.db");
    small_database(&env, &db);
    // About 8 MB of stances, read from outside the 2 MB file system.
    let tables = env.path("tables");
    let config = Config {
        stances: 20_000,
        seed: 74,
        tricky: false,
    };
    write_tables(&config, &tables, DataFormat::Csv).expect("generate the tables");
    let before = dump(&db);

    let run = env.run_on(&db, ["import".as_ref(), tables.as_os_str()]);
    run.code(74);
    let line = run.one_error_line();
    assert!(line.contains("full"), "{line}");
    assert!(line.contains("nothing was written"), "{line}");
    assert_eq!(dump(&db), before, "the earlier data changed");
    assert_eq!(integrity(&db), "ok");
    env.run_on(&db, ["actor", "show", "russia"]).code(0);
    drop(mount);
}

/// Where the read-only database of the test lives, and how it was made read-only.
enum ReadOnly {
    /// A tmpfs remounted read-only (as root), unmounted when dropped.
    Mount { _tmpfs: Tmpfs },
    /// A folder and file without write permission (as another user than root).
    Modes(PathBuf),
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if let ReadOnly::Modes(dir) = self {
            // Give write permission back, so the temporary folder can be removed.
            let _ = std::fs::set_permissions(&*dir, std::fs::Permissions::from_mode(0o755));
        }
    }
}

#[test]
fn a_read_only_database_answers_reads_and_refuses_writes_with_74() {
    let env = TestEnv::new();
    let dir = env.path("read-only");
    let db = dir.join("provtrack.db");
    let guard = match Tmpfs::mount(&dir, "4m") {
        Ok(mount) => {
            small_database(&env, &db);
            mount.remount_read_only();
            ReadOnly::Mount { _tmpfs: mount }
        }
        Err(why) if euid() == Some(0) => {
            // Root ignores file modes, so they cannot make the file read-only.
            println!(
                "skipped: a_read_only_database: {why}; and as root chmod does not stop writes"
            );
            return;
        }
        Err(_) => {
            small_database(&env, &db);
            std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
            ReadOnly::Modes(dir.clone())
        }
    };
    let before = bytes(&db);
    let files = listing(&dir);

    // Reads answer, although SQLite cannot create the WAL's -shm file beside it.
    let rows = env
        .run_on(&db, ["--format", "json", "actor", "list"])
        .code(0)
        .json_rows();
    assert_eq!(rows.len(), 2, "{rows:?}");
    env.run_on(&db, ["actor", "show", "ukraine"]).code(0);
    env.run_on(&db, ["doctor"]).code(0);

    for args in [
        ADD_ACTOR,
        &["stance", "retract", "1", "--reason", "x"],
        &["migrate"],
    ] {
        let run = env.run_on(&db, args);
        run.code(74);
        let line = run.one_error_line();
        assert!(line.contains("read-only"), "{args:?}: {line}");
        assert!(line.contains("nothing was written"), "{args:?}: {line}");
    }
    assert!(bytes(&db) == before, "the read-only database changed");
    assert_eq!(listing(&dir), files, "files appeared beside it");
    drop(guard);
}
