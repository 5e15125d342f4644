//! Every rule `doctor` checks is enforced when writing (issue 10): a write that would
//! break one is refused with one line naming the field and the value, exit 65, and the
//! database is left as it was, whichever command or import path wrote it. `doctor`
//! still finds what another tool wrote.

use super::support::fails_cleanly;
use crate::common::{capture, TestEnv};

/// A source `s1` published on 2025-11-20, actors `ua` and `ru`, plans `v` and `w` with
/// provisions `v1`, `v2` (plan v) and `w1` (plan w, continuing v1), and a stance of ua
/// on v2 stated on 2025-11-10.
fn setup() -> TestEnv {
    let env = TestEnv::init();
    let commands: &[&[&str]] = &[
        &[
            "source",
            "add",
            "--key",
            "s1",
            "--outlet",
            "Reuters",
            "--title",
            "T",
            "--published-on",
            "2025-11-20",
            "--kind",
            "news",
        ],
        &[
            "actor", "add", "--key", "ua", "--name", "Ukraine", "--kind", "state",
        ],
        &[
            "actor", "add", "--key", "ru", "--name", "Russia", "--kind", "state",
        ],
        &[
            "plan", "add", "--key", "v", "--title", "V", "--status", "proposed",
        ],
        &[
            "plan", "add", "--key", "w", "--title", "W", "--status", "proposed",
        ],
        &[
            "provision",
            "add",
            "--key",
            "v1",
            "--plan",
            "v",
            "--title",
            "A",
            "--category",
            "territory",
        ],
        &[
            "provision",
            "add",
            "--key",
            "v2",
            "--plan",
            "v",
            "--title",
            "B",
            "--category",
            "territory",
        ],
        &[
            "provision",
            "add",
            "--key",
            "w1",
            "--plan",
            "w",
            "--title",
            "C",
            "--category",
            "territory",
            "--continues",
            "v1",
            "--relation",
            "same",
        ],
        &[
            "stance",
            "add",
            "--actor",
            "ua",
            "--provision",
            "v2",
            "--position",
            "supports",
            "--source",
            "s1",
            "--date",
            "2025-11-10",
        ],
    ];
    for args in commands {
        env.ok(*args);
    }
    env
}

fn no_raw_sqlite(line: &str) {
    assert!(
        !line.contains("constraint failed") && !line.contains("rejected by the database"),
        "a raw SQLite message reached the user: {line}"
    );
}

#[test]
fn a_source_cannot_be_redated_before_its_stances() {
    let env = setup();
    let run = fails_cleanly(
        &env,
        65,
        ["source", "update", "s1", "--published-on", "2025-11-01"],
        &["2025-11-10", "2025-11-01", "--published-on"],
    );
    no_raw_sqlite(run.one_error_line());
    // A day to a month that still holds the stance's day is fine.
    env.ok(["source", "update", "s1", "--published-on", "2025-11"]);
}

#[test]
fn an_import_cannot_redate_a_source_before_its_stances() {
    let env = setup();
    let file = env.path("s1.toml");
    std::fs::write(
        &file,
        "[source]\nkey = \"s1\"\noutlet = \"Reuters\"\ntitle = \"T\"\n\
         published_on = \"2025-11-01\"\nkind = \"news\"\n",
    )
    .unwrap();
    let file = file.to_string_lossy().into_owned();
    fails_cleanly(&env, 65, ["import", &file], &["2025-11-10", "2025-11-01"]);
    fails_cleanly(
        &env,
        65,
        ["import", "--dry-run", &file],
        &["2025-11-10", "2025-11-01"],
    );
}

#[test]
fn a_provision_cannot_move_away_from_the_plan_of_its_stances() {
    let env = setup();
    fails_cleanly(
        &env,
        65,
        ["provision", "update", "v2", "--plan", "w"],
        &["targets v2", "not in its plan"],
    );
}

#[test]
fn lineage_within_one_plan_and_cycles_stay_refused() {
    // Fixed before issue 10; kept here so that they stay fixed.
    let env = setup();
    fails_cleanly(
        &env,
        65,
        [
            "provision",
            "add",
            "--key",
            "v3",
            "--plan",
            "v",
            "--title",
            "D",
            "--category",
            "territory",
            "--continues",
            "v1",
            "--relation",
            "same",
        ],
        &["v3", "v1", "plan 'v'"],
    );
    fails_cleanly(
        &env,
        65,
        [
            "provision",
            "update",
            "v1",
            "--continues",
            "w1",
            "--relation",
            "same",
        ],
        &["cycle", "v1"],
    );
    fails_cleanly(
        &env,
        65,
        ["provision", "update", "w1", "--plan", "v"],
        &["w1", "v1"],
    );
    // What was written exports and imports again.
    let out = env.path("out");
    env.ok(["export", "--out", &out.to_string_lossy()]);
    let copy = TestEnv::init();
    copy.ok(["import", &out.to_string_lossy()]);
    assert_eq!(copy.count("provision_links"), 1);
}

#[test]
fn a_language_tag_of_one_character_is_refused_by_name() {
    let env = setup();
    for args in [
        vec![
            "source",
            "add",
            "--key",
            "s2",
            "--outlet",
            "R",
            "--title",
            "T",
            "--published-on",
            "2025-11-20",
            "--kind",
            "news",
            "--language",
            "e",
        ],
        vec!["source", "update", "s1", "--language", "e"],
    ] {
        let run = fails_cleanly(&env, 65, args, &["language", "'e'"]);
        no_raw_sqlite(run.one_error_line());
    }
    env.ok(["source", "update", "s1", "--language", "uk"]);
}

#[test]
fn more_intermediaries_than_the_schema_holds_are_refused_by_name() {
    let env = setup();
    let mut args = vec![
        "stance",
        "add",
        "--actor",
        "ua",
        "--plan",
        "v",
        "--position",
        "supports",
        "--source",
        "s1",
        "--date",
        "2025-11-12",
    ];
    for _ in 0..21 {
        args.extend(["--via", "ru"]);
    }
    let run = fails_cleanly(&env, 65, args, &["--via", "21", "20"]);
    no_raw_sqlite(run.one_error_line());
}

#[test]
fn a_malformed_provtrack_now_is_refused_and_nothing_is_written() {
    let env = setup();
    let before = env.dump();
    let mut cmd = env.command();
    cmd.env("PROVTRACK_NOW", "garbage").args([
        "--db",
        &env.db_path().to_string_lossy(),
        "stance",
        "add",
        "--actor",
        "ru",
        "--plan",
        "v",
        "--position",
        "opposes",
        "--source",
        "s1",
        "--date",
        "2025-11-12",
    ]);
    let run = capture(&mut cmd);
    run.code(65);
    let line = run.one_error_line();
    assert!(
        line.contains("PROVTRACK_NOW") && line.contains("garbage"),
        "{line}"
    );
    assert_eq!(env.dump(), before, "a refused write changed the database");
    // The export of what was written imports again (the round trip the bad time broke).
    let out = env.path("out");
    env.ok(["export", "--out", &out.to_string_lossy()]);
    TestEnv::init().ok(["import", &out.to_string_lossy()]);
}

#[test]
fn doctor_finds_a_time_or_a_lineage_cycle_another_tool_wrote() {
    let env = setup();
    {
        let conn = env.write_conn();
        conn.execute_batch(
            "UPDATE stances SET recorded_at = 'garbage';
             INSERT INTO provision_links (provision_id, continues_id, relation)
             SELECT (SELECT id FROM provisions WHERE key = 'v1'),
                    (SELECT id FROM provisions WHERE key = 'w1'), 'same';",
        )
        .unwrap();
    }
    let run = env.run(["doctor"]);
    run.code(65);
    run.stdout_has(&[
        "recorded times are UTC times",
        "is recorded at 'garbage'",
        "no provision continues itself",
        "provision v1 continues itself",
    ]);
}
