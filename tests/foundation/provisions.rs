//! `provision add | update | show | list | remove`.

use crate::common::TestEnv;

fn keys(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut full = vec!["--format", "json", "provision", "list"];
    full.extend_from_slice(args);
    env.ok(full)
        .json_rows()
        .iter()
        .map(|r| r["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn add_then_show_returns_the_fields() {
    let env = TestEnv::sample();
    env.ok([
        "provision",
        "add",
        "--key",
        "us-army",
        "--plan",
        "us-plan",
        "--point",
        "6",
        "--title",
        "Army cap",
        "--text",
        "600,000 troops",
        "--category",
        "armed-forces",
    ])
    .stdout_has(&["added provision 'us-army'"]);
    let shown = env
        .ok(["--format", "json", "provision", "show", "us-army"])
        .json();
    assert_eq!(shown["key"], "us-army");
    assert_eq!(shown["plan"], "us-plan");
    assert_eq!(shown["point"], "6");
    assert_eq!(shown["title"], "Army cap");
    assert_eq!(shown["text"], "600,000 troops");
    assert_eq!(shown["category"], "armed-forces");
}

#[test]
fn list_filters_by_plan_and_category() {
    let env = TestEnv::sample();
    assert_eq!(
        keys(&env, &["--plan", "us-plan"]),
        vec!["us-territory", "us-ceasefire", "us-spare"],
        "ordered by point, unnumbered last"
    );
    assert_eq!(
        keys(&env, &["--category", "territory"]),
        vec!["eu-territory", "us-territory"]
    );
    assert_eq!(
        keys(&env, &["--plan", "us-plan", "--category", "territory"]),
        vec!["us-territory"]
    );
    assert_eq!(
        keys(&env, &["--plan", "eu-plan", "--category", "ceasefire"]),
        Vec::<String>::new()
    );
}

#[test]
fn list_with_an_unknown_plan_or_category_fails() {
    let env = TestEnv::sample();
    env.fails_unchanged(66, ["provision", "list", "--plan", "us-plna"])
        .stderr_has(&["unknown plan 'us-plna'", "'us-plan'"]);
    let run = env.fails_unchanged(65, ["provision", "list", "--category", "borders"]);
    run.stderr_has(&["invalid category 'borders'", "territory, ceasefire"]);
}

#[test]
fn add_to_an_unknown_plan_is_not_found() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(
        66,
        [
            "provision",
            "add",
            "--key",
            "x",
            "--plan",
            "nope",
            "--title",
            "X",
            "--category",
            "other",
        ],
    );
    let line = run.one_error_line();
    assert!(line.contains("unknown plan 'nope'"), "{line}");
}

#[test]
fn add_with_a_bad_category_lists_the_accepted_values() {
    let env = TestEnv::sample();
    env.fails_unchanged(
        65,
        [
            "provision",
            "add",
            "--key",
            "x",
            "--plan",
            "us-plan",
            "--title",
            "X",
            "--category",
            "teritory",
        ],
    )
    .stderr_has(&[
        "invalid category 'teritory'",
        "'territory'",
        "nuclear, other",
    ]);
}

#[test]
fn two_provisions_may_share_a_point_label() {
    // Issue 12: two provisions drawn from one point of a plan share its label.
    let env = TestEnv::sample();
    env.ok([
        "provision",
        "add",
        "--key",
        "x",
        "--plan",
        "us-plan",
        "--point",
        "1",
        "--title",
        "X",
        "--category",
        "other",
    ]);
    assert_eq!(
        env.text("SELECT group_concat(key, ' ') FROM (SELECT key FROM provisions WHERE point = '1' ORDER BY key)")
            .unwrap(),
        "us-territory x"
    );
}

#[test]
fn duplicate_key_is_refused_naming_the_existing_provision() {
    let env = TestEnv::sample();
    env.fails_unchanged(
        65,
        [
            "provision",
            "add",
            "--key",
            "us-territory",
            "--plan",
            "eu-plan",
            "--title",
            "X",
            "--category",
            "other",
        ],
    )
    .stderr_has(&["provision 'us-territory' already exists"]);
}

#[test]
fn continues_and_relation_go_together() {
    let env = TestEnv::sample();
    env.fails_unchanged(
        65,
        [
            "provision",
            "add",
            "--key",
            "x",
            "--plan",
            "eu-plan",
            "--title",
            "X",
            "--category",
            "territory",
            "--continues",
            "us-territory",
        ],
    )
    .stderr_has(&["--continues and --relation"]);
    env.ok([
        "provision",
        "add",
        "--key",
        "x",
        "--plan",
        "eu-plan",
        "--title",
        "X",
        "--category",
        "territory",
        "--continues",
        "us-spare",
        "--relation",
        "modified",
    ]);
    let shown = env
        .ok(["--format", "json", "provision", "show", "x"])
        .json();
    assert_eq!(shown["continues"], "us-spare");
    assert_eq!(shown["relation"], "modified");
    // The continued provision cannot be removed now, though no stance names it.
    env.fails_unchanged(65, ["provision", "remove", "us-spare"])
        .stderr_has(&["provision (continues it) 'x'"]);
}

#[test]
fn remove_is_refused_while_stances_name_the_provision() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(65, ["provision", "remove", "us-territory"]);
    let line = run.one_error_line();
    assert!(
        line.contains("cannot remove provision 'us-territory'"),
        "{line}"
    );
    assert!(line.contains("2 stance '1', '2'"), "{line}");
}

#[test]
fn remove_of_a_free_provision_succeeds_and_history_keeps_it() {
    let env = TestEnv::sample();
    env.ok(["provision", "remove", "us-spare"])
        .stdout_has(&["removed provision 'us-spare'"]);
    assert_eq!(env.count("provisions"), 3);
    env.fails_unchanged(66, ["provision", "show", "us-spare"]);
    let versions = env
        .ok(["--format", "json", "history", "provision", "us-spare"])
        .json_rows();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0]["command"], "provision remove");
    assert_eq!(versions[0]["values"]["title"], "Timetable");
}

#[test]
fn update_changes_the_given_fields() {
    let env = TestEnv::sample();
    env.ok(["provision", "update", "us-spare", "--point", "28"])
        .stdout_has(&["updated provision 'us-spare': --point"]);
    let shown = env
        .ok(["--format", "json", "provision", "show", "us-spare"])
        .json();
    assert_eq!(shown["point"], "28");
    env.ok(["provision", "update", "us-spare", "--point", "21a"]);
    let shown = env
        .ok(["--format", "json", "provision", "show", "us-spare"])
        .json();
    assert_eq!(shown["point"], "21a");
}
