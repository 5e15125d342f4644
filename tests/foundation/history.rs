//! `history KIND KEY`, and the append-only history log underneath it.

use crate::common::TestEnv;

#[test]
fn two_stance_updates_make_three_versions_newest_first() {
    let env = TestEnv::sample();
    env.ok(["stance", "update", "1", "--position", "opposes"]);
    env.ok(["stance", "update", "1", "--notes", "softened"]);
    let versions = env
        .ok(["--format", "json", "history", "stance", "1"])
        .json_rows();
    assert_eq!(versions.len(), 3);
    let labels: Vec<&str> = versions
        .iter()
        .map(|v| v["version"].as_str().unwrap())
        .collect();
    assert_eq!(labels, vec!["3 (current)", "2", "1"]);

    assert_eq!(versions[0]["values"]["notes"], "softened");
    assert_eq!(versions[0]["values"]["position"], "opposes");
    assert!(versions[0]["command"].is_null());

    assert_eq!(versions[1]["command"], "stance update");
    assert_eq!(versions[1]["change"], "update");
    assert_eq!(versions[1]["changed_fields"], "notes");
    assert_eq!(versions[1]["values"]["position"], "opposes");
    assert!(versions[1]["values"]["notes"].is_null());

    assert_eq!(versions[2]["command"], "stance update");
    assert_eq!(versions[2]["changed_fields"], "position");
    assert_eq!(versions[2]["values"]["position"], "rejects");
    assert_eq!(env.count("history"), 2);
}

#[test]
fn history_table_shows_the_command_name() {
    let env = TestEnv::sample();
    env.ok(["stance", "retract", "1", "--reason", "misquoted"]);
    env.ok(["history", "stance", "1"])
        .stdout_has(&["2 (current)", "stance retract", "misquoted"]);
}

#[test]
fn two_actor_updates_make_three_versions_naming_actor_update() {
    let env = TestEnv::sample();
    env.ok(["actor", "update", "putin", "--notes", "first"]);
    env.ok(["actor", "update", "putin", "--name", "V. V. Putin"]);
    let versions = env
        .ok(["--format", "json", "history", "actor", "putin"])
        .json_rows();
    assert_eq!(versions.len(), 3);
    assert_eq!(versions[0]["version"], "3 (current)");
    assert_eq!(versions[0]["values"]["name"], "V. V. Putin");
    assert_eq!(versions[1]["command"], "actor update");
    assert_eq!(versions[1]["changed_fields"], "name");
    assert_eq!(versions[1]["values"]["notes"], "first");
    assert_eq!(versions[2]["command"], "actor update");
    assert_eq!(versions[2]["changed_fields"], "notes");
    assert!(versions[2]["values"]["notes"].is_null());
}

#[test]
fn a_record_never_changed_has_only_its_current_version() {
    let env = TestEnv::sample();
    let versions = env
        .ok(["--format", "json", "history", "source", "reuters-1"])
        .json_rows();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0]["version"], "1 (current)");
    assert_eq!(versions[0]["values"]["outlet"], "Reuters");
}

#[test]
fn history_accepts_plural_kinds_and_actor_aliases() {
    let env = TestEnv::sample();
    env.ok(["history", "actors", "zelensky"]);
    let versions = env
        .ok(["--format", "json", "history", "actor", "Zelenskyy"])
        .json_rows();
    assert_eq!(versions[0]["values"]["key"], "zelensky");
}

#[test]
fn history_of_a_removed_record_shows_its_last_version() {
    let env = TestEnv::sample();
    env.ok(["source", "remove", "spare"]);
    let versions = env
        .ok(["--format", "json", "history", "source", "spare"])
        .json_rows();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0]["change"], "delete");
    assert_eq!(versions[0]["changed_fields"], "(record removed)");
    assert_eq!(versions[0]["values"]["key"], "spare");
}

#[test]
fn history_of_an_unknown_kind_lists_the_kinds() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(65, ["history", "actr", "zelensky"]);
    let line = run.one_error_line();
    assert!(line.contains("unknown record kind 'actr'"), "{line}");
    assert!(line.contains("'actor'"), "{line}");
    assert!(
        line.contains("source, actor, plan, provision, stance"),
        "{line}"
    );
}

#[test]
fn history_of_an_unknown_key_is_not_found() {
    let env = TestEnv::sample();
    env.fails_unchanged(66, ["history", "actor", "zelenskiyy"])
        .stderr_has(&["unknown actor 'zelenskiyy'", "zelensky"]);
}

#[test]
fn history_rows_cannot_be_updated_or_deleted() {
    let env = TestEnv::sample();
    env.ok(["stance", "update", "1", "--position", "opposes"]);
    assert_eq!(env.count("history"), 1);
    let conn = env.write_conn();
    let update = conn
        .execute("UPDATE history SET command = 'forged'", [])
        .expect_err("UPDATE history must fail");
    assert!(
        update.to_string().contains("history is append-only"),
        "{update}"
    );
    let delete = conn
        .execute("DELETE FROM history", [])
        .expect_err("DELETE FROM history must fail");
    assert!(
        delete.to_string().contains("history is append-only"),
        "{delete}"
    );
    drop(conn);
    assert_eq!(env.count("history"), 1);
    assert_eq!(
        env.text("SELECT command FROM history").as_deref(),
        Some("stance update")
    );
}

#[test]
fn changes_made_by_other_tools_are_logged_as_external() {
    let env = TestEnv::sample();
    env.write_conn()
        .execute(
            "UPDATE actors SET notes = 'edited by hand' WHERE key = 'eu'",
            [],
        )
        .unwrap();
    let versions = env
        .ok(["--format", "json", "history", "actor", "eu"])
        .json_rows();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1]["command"], "external");
    assert_eq!(versions[1]["changed_fields"], "notes");
}

#[test]
fn no_write_leaves_a_current_operation_behind() {
    let env = TestEnv::sample();
    env.ok(["stance", "update", "1", "--position", "opposes"]);
    env.fails_unchanged(65, ["stance", "update", "1", "--status", "corrected"]);
    assert_eq!(env.count("current_operation"), 0);
}

#[test]

fn a_new_record_does_not_inherit_a_removed_records_history() {
    let env = TestEnv::sample();
    env.ok(["actor", "remove", "eu"]);
    env.ok([
        "actor",
        "add",
        "--key",
        "nato",
        "--name",
        "NATO",
        "--kind",
        "organization",
    ]);
    let nato = env
        .ok(["--format", "json", "history", "actor", "nato"])
        .json_rows();
    assert_eq!(nato.len(), 1, "nato has never changed: {nato:?}");
    let eu = env
        .ok(["--format", "json", "history", "actor", "eu"])
        .json_rows();
    assert!(
        eu.iter().all(|v| v["values"]["key"] == "eu"),
        "history of eu shows another actor: {eu:?}"
    );
}
