//! `kill -9` in the middle of a large import: the database is as it was before the
//! import, `integrity_check` passes on reopen, and provtrack keeps working.

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::Child;
use std::thread;
use std::time::{Duration, Instant};

use provtrack::synth::{write_tables, Config};
use provtrack::tabular::DataFormat;

use super::support::{integrity, spawn};
use crate::common::TestEnv;

/// The size of a file, 0 when it does not exist.
fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// Sends SIGKILL to a running import and asserts that the signal is what ended it
/// (and not a finished import).
#[track_caller]
fn kill_mid_way(mut child: Child, when: &str) {
    if let Some(status) = child.try_wait().unwrap() {
        panic!(
            "the import ended ({status}) before it could be killed {when}; make the input bigger"
        );
    }
    child.kill().expect("send SIGKILL");
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(9), "killed {when}: {status}");
}

/// The database is exactly as before, intact, and answers provtrack's reads and writes.
#[track_caller]
fn as_before(env: &TestEnv, before: &str, when: &str) {
    assert_eq!(
        integrity(env.db_path()),
        "ok",
        "integrity after a kill {when}"
    );
    assert!(
        env.dump() == before,
        "the database changed after a kill {when}"
    );
    env.ok(["stance", "show", "1"]);
    env.ok(["doctor"]);
}

#[test]
fn kill_9_in_the_middle_of_a_large_import_leaves_the_database_as_before() {
    let env = TestEnv::sample();
    // About 100,000 stances: some 2 s of import in a debug build.
    let dir = env.path("synth");
    write_tables(
        &Config {
            stances: 100_000,
            seed: 6,
            tricky: false,
        },
        &dir,
        DataFormat::Csv,
    )
    .expect("generate the tables");
    let before = env.dump();
    let wal = env.path("provtrack.db-wal");

    // 1. While the files are read and the rows staged: nothing has reached the
    //    database file or its WAL yet.
    let child = spawn(&env, ["import", "synth"]);
    thread::sleep(Duration::from_millis(300));
    kill_mid_way(child, "while staging");
    as_before(&env, &before, "while staging");

    // 2. Once more than 1 MiB of pages is in the WAL (the inserted stances spill from
    //    the page cache, then the commit writes the rest): the frames are there, but
    //    not a commit frame, so they are ignored on reopen.
    let child = spawn(&env, ["import", "synth"]);
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut child = Some(child);
    while Instant::now() < deadline {
        let frames = size(&wal);
        if frames > 1 << 20 {
            kill_mid_way(child.take().unwrap(), "while writing");
            println!("killed while writing, with {frames} bytes in the WAL");
            break;
        }
        thread::sleep(Duration::from_millis(1));
    }
    assert!(child.is_none(), "the WAL never grew within 120 s");
    assert!(
        size(&wal) > 1 << 20,
        "the killed import left its WAL frames"
    );
    as_before(&env, &before, "while writing");

    // provtrack writes again after the crash.
    env.ok([
        "actor", "add", "--key", "after", "--name", "After", "--kind", "state",
    ]);
    assert_eq!(env.count("stances"), 3);
    assert_eq!(integrity(env.db_path()), "ok");
}
