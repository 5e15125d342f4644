//! `stance add | update | show | list | retract | remove`.

use crate::common::TestEnv;

fn ids(env: &TestEnv, args: &[&str]) -> Vec<i64> {
    let mut full = vec!["--format", "json", "stance", "list"];
    full.extend_from_slice(args);
    env.ok(full)
        .json_rows()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

const ADD_EU_CEASEFIRE: [&str; 12] = [
    "stance",
    "add",
    "--actor",
    "eu",
    "--provision",
    "us-ceasefire",
    "--position",
    "conditional",
    "--source",
    "reuters-1",
    "--date",
    "2025-02-12",
];

#[test]
fn add_prints_the_new_stance_id() {
    let env = TestEnv::sample();
    let run = env.ok(ADD_EU_CEASEFIRE);
    assert!(
        run.stdout
            .trim()
            .starts_with("added stance 4 (key reuters-1-"),
        "{}",
        run.stdout
    );
    assert_eq!(env.count("stances"), 4);
    assert_eq!(
        env.text("SELECT position FROM stances WHERE id = 4")
            .as_deref(),
        Some("conditional")
    );
}

#[test]
fn add_in_json_reports_the_id_as_key() {
    let env = TestEnv::sample();
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(&ADD_EU_CEASEFIRE);
    let out = env.ok(args).json();
    assert_eq!(out["action"], "added");
    assert_eq!(out["kind"], "stance");
    assert_eq!(out["key"], "4");
}

#[test]
fn show_returns_the_stance_with_names_and_defaults() {
    let env = TestEnv::sample();
    let shown = env.ok(["--format", "json", "stance", "show", "1"]).json();
    assert_eq!(shown["id"], 1);
    assert_eq!(shown["actor"], "zelensky");
    assert_eq!(shown["provision"], "us-territory");
    assert_eq!(shown["plan"], "us-plan");
    assert_eq!(shown["position"], "rejects");
    assert_eq!(shown["score"], -2);
    assert_eq!(shown["source"], "reuters-1");
    assert_eq!(shown["stated_on"], "2025-02-12");
    assert_eq!(shown["attribution"], "reported");
    assert_eq!(shown["status"], "active");
    assert!(shown["status_reason"].is_null());
    assert_eq!(shown["quote"], "We will not give up our land");
    assert_eq!(shown["recorded_at"], crate::common::NOW);
}

#[test]
fn show_of_an_unknown_stance_is_not_found() {
    let env = TestEnv::sample();
    env.fails_unchanged(66, ["stance", "show", "99"])
        .stderr_has(&["unknown stance '99'"]);
    env.fails_unchanged(66, ["stance", "show", "one"]);
}

#[test]
fn list_is_ordered_by_date() {
    let env = TestEnv::sample();
    assert_eq!(ids(&env, &[]), vec![3, 1, 2]);
}

#[test]
fn list_filters_by_actor_provision_plan_source_and_position() {
    let env = TestEnv::sample();
    assert_eq!(ids(&env, &["--actor", "putin"]), vec![2]);
    assert_eq!(ids(&env, &["--provision", "us-territory"]), vec![1, 2]);
    assert_eq!(ids(&env, &["--plan", "eu-plan"]), vec![3]);
    assert_eq!(ids(&env, &["--source", "kyiv-2"]), vec![3, 2]);
    assert_eq!(ids(&env, &["--position", "supports"]), vec![3, 2]);
    assert_eq!(
        ids(&env, &["--actor", "zelensky", "--plan", "us-plan"]),
        vec![1]
    );
    assert_eq!(
        ids(&env, &["--actor", "putin", "--position", "rejects"]),
        Vec::<i64>::new()
    );
}

#[test]
fn list_filters_by_since_and_until_inclusively() {
    let env = TestEnv::sample();
    assert_eq!(ids(&env, &["--since", "2025-02-12"]), vec![1, 2]);
    assert_eq!(ids(&env, &["--until", "2025-02-12"]), vec![3, 1]);
    assert_eq!(ids(&env, &["--since", "2025-02-13"]), vec![2]);
    // A month covers all of its days at either end.
    assert_eq!(ids(&env, &["--until", "2025-02"]), vec![3, 1]);
    assert_eq!(
        ids(&env, &["--since", "2025-03", "--until", "2025-03"]),
        vec![2]
    );
    assert_eq!(ids(&env, &["--since", "2026"]), Vec::<i64>::new());
}

#[test]
fn list_with_unknown_references_is_not_found() {
    let env = TestEnv::sample();
    for (flag, value, noun) in [
        ("--actor", "zelenskiyy", "actor"),
        ("--provision", "us-teritory", "provision"),
        ("--plan", "us-plna", "plan"),
        ("--source", "reuters", "source"),
    ] {
        let run = env.fails_unchanged(66, ["stance", "list", flag, value]);
        let line = run.one_error_line();
        assert!(
            line.contains(&format!("unknown {noun} '{value}'")),
            "{line}"
        );
    }
}

#[test]
fn list_with_a_bad_position_lists_the_accepted_values() {
    let env = TestEnv::sample();
    env.fails_unchanged(65, ["stance", "list", "--position", "against"])
        .stderr_has(&[
            "invalid position 'against'",
            "proposes, supports, conditional, undecided, neutral, opposes, rejects",
        ]);
}

#[test]
fn add_with_a_bad_position_lists_the_accepted_values() {
    let env = TestEnv::sample();
    let mut args = ADD_EU_CEASEFIRE.to_vec();
    args[7] = "maybe";
    let run = env.fails_unchanged(65, args);
    let line = run.one_error_line();
    assert!(line.contains("invalid position 'maybe'"), "{line}");
    assert!(
        line.contains("proposes, supports, conditional, undecided, neutral, opposes, rejects"),
        "{line}"
    );
}

#[test]
fn add_with_a_bad_attribution_lists_the_accepted_values() {
    let env = TestEnv::sample();
    let mut args = ADD_EU_CEASEFIRE.to_vec();
    args.extend(["--attribution", "rumour"]);
    env.fails_unchanged(65, args).stderr_has(&[
        "attribution",
        "'rumour'",
        "direct, reported, anonymous, inferred",
    ]);
}

#[test]
fn add_with_unknown_references_is_not_found() {
    let env = TestEnv::sample();
    for (index, value, noun) in [
        (3, "eu-commission", "actor"),
        (5, "us-ceasfire", "provision"),
        (9, "reuters-9", "source"),
    ] {
        let mut args = ADD_EU_CEASEFIRE.to_vec();
        args[index] = value;
        let run = env.fails_unchanged(66, args);
        run.stderr_has(&[&format!("unknown {noun} '{value}'")]);
    }
}

#[test]
fn add_without_a_position_names_the_flag() {
    let env = TestEnv::sample();
    let args: Vec<&str> = ADD_EU_CEASEFIRE
        .iter()
        .copied()
        .filter(|a| *a != "--position" && *a != "conditional")
        .collect();
    env.fails_unchanged(65, args)
        .stderr_has(&["missing --position"]);
}

#[test]
fn a_second_stance_with_the_same_identity_is_refused_naming_the_first() {
    let env = TestEnv::sample();
    env.fails_unchanged(
        65,
        [
            "stance",
            "add",
            "--actor",
            "zelensky",
            "--provision",
            "us-territory",
            "--position",
            "opposes",
            "--source",
            "reuters-1",
            "--date",
            "2025-02-12",
        ],
    )
    .stderr_has(&["stance 1 (", "already records"]);
}

#[test]
fn update_changes_the_given_fields() {
    let env = TestEnv::sample();
    env.ok(["stance", "update", "1", "--position", "opposes"])
        .stdout_has(&["updated stance '1': --position"]);
    let shown = env.ok(["--format", "json", "stance", "show", "1"]).json();
    assert_eq!(shown["position"], "opposes");
    assert_eq!(shown["score"], -1);
    assert_eq!(shown["quote"], "We will not give up our land");
}

#[test]
fn update_with_the_stored_values_reports_unchanged() {
    let env = TestEnv::sample();
    let before = env.dump();
    env.ok(["stance", "update", "1", "--position", "rejects"])
        .stdout_has(&["stance '1' unchanged"]);
    assert_eq!(env.dump(), before);
}

#[test]
fn update_unset_quote_clears_it() {
    let env = TestEnv::sample();
    env.ok(["stance", "update", "1", "--unset", "quote"]);
    assert_eq!(env.text("SELECT quote FROM stances WHERE id = 1"), None);
    env.fails_unchanged(65, ["stance", "update", "1", "--unset", "position"])
        .stderr_has(&["--unset position"]);
}

/// Stance 2 (putin, us-territory, kyiv-2, 2025-03) moved onto stance 1's identity.
const ONTO_STANCE_1: [&str; 9] = [
    "stance",
    "update",
    "2",
    "--actor",
    "zelensky",
    "--source",
    "reuters-1",
    "--date",
    "2025-02-12",
];

#[test]
fn update_to_the_identity_of_another_stance_is_refused() {
    let env = TestEnv::sample();
    env.fails_unchanged(65, ONTO_STANCE_1).one_error_line();
}

#[test]

fn update_to_the_identity_of_another_stance_names_that_stance() {
    let env = TestEnv::sample();
    env.fails_unchanged(65, ONTO_STANCE_1)
        .stderr_has(&["stance 1 (", "already records"]);
}

#[test]
fn update_status_corrected_without_reason_is_refused() {
    let env = TestEnv::sample();
    env.fails_unchanged(65, ["stance", "update", "1", "--status", "corrected"])
        .stderr_has(&["status corrected needs a reason"]);
}

#[test]
fn update_status_corrected_with_reason_records_both() {
    let env = TestEnv::sample();
    env.ok([
        "stance",
        "update",
        "1",
        "--status",
        "corrected",
        "--reason",
        "date was wrong",
    ]);
    let shown = env.ok(["--format", "json", "stance", "show", "1"]).json();
    assert_eq!(shown["status"], "corrected");
    assert_eq!(shown["status_reason"], "date was wrong");
}

#[test]
fn update_with_a_bad_status_lists_the_accepted_values() {
    let env = TestEnv::sample();
    env.fails_unchanged(
        65,
        [
            "stance", "update", "1", "--status", "deleted", "--reason", "x",
        ],
    )
    .stderr_has(&["invalid status 'deleted'", "active, retracted, corrected"]);
}

#[test]
fn update_reason_on_an_active_stance_is_refused() {
    let env = TestEnv::sample();
    env.fails_unchanged(
        65,
        [
            "stance", "update", "1", "--status", "active", "--reason", "x",
        ],
    );
}

#[test]
fn retract_sets_the_status_and_the_reason() {
    let env = TestEnv::sample();
    env.ok([
        "stance",
        "retract",
        "2",
        "--reason",
        "source withdrew the story",
    ])
    .stdout_has(&["retracted stance 2 (source withdrew the story)"]);
    let shown = env.ok(["--format", "json", "stance", "show", "2"]).json();
    assert_eq!(shown["status"], "retracted");
    assert_eq!(shown["status_reason"], "source withdrew the story");
    assert_eq!(env.count("stances"), 3, "a retracted stance stays recorded");
    assert_eq!(
        env.text("SELECT status_reason FROM stances WHERE id = 2")
            .as_deref(),
        Some("source withdrew the story")
    );
    let versions = env
        .ok(["--format", "json", "history", "stance", "2"])
        .json_rows();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1]["command"], "stance retract");
    assert_eq!(versions[1]["changed_fields"], "status, reason");
}

#[test]
fn retract_then_reactivate_clears_the_reason() {
    let env = TestEnv::sample();
    env.ok(["stance", "retract", "2", "--reason", "unsure"]);
    env.ok(["stance", "update", "2", "--status", "active"]);
    let shown = env.ok(["--format", "json", "stance", "show", "2"]).json();
    assert_eq!(shown["status"], "active");
    assert!(shown["status_reason"].is_null());
}

#[test]
fn retract_needs_a_reason() {
    let env = TestEnv::sample();
    let before = env.dump();
    env.run(["stance", "retract", "2"])
        .code(2)
        .stderr_has(&["--reason"]);
    assert_eq!(env.dump(), before);
    env.fails_unchanged(65, ["stance", "retract", "2", "--reason", " "])
        .stderr_has(&["reason must not be empty"]);
}

#[test]
fn retract_of_an_unknown_stance_is_not_found() {
    let env = TestEnv::sample();
    env.fails_unchanged(66, ["stance", "retract", "42", "--reason", "x"])
        .stderr_has(&["unknown stance '42'"]);
}

#[test]
fn remove_deletes_the_stance_and_history_keeps_it() {
    let env = TestEnv::sample();
    env.ok(["stance", "remove", "3"])
        .stdout_has(&["removed stance '"]);
    assert_eq!(env.count("stances"), 2);
    env.fails_unchanged(66, ["stance", "show", "3"]);
    let versions = env
        .ok(["--format", "json", "history", "stance", "3"])
        .json_rows();
    // The removal, and what the stance was about (its target, removed with it).
    assert_eq!(versions.len(), 2, "{versions:?}");
    let delete = versions.iter().find(|v| v["change"] == "delete").unwrap();
    assert_eq!(delete["values"]["position"], "supports");
    assert!(
        versions.iter().any(|v| v["change"] == "target removed"),
        "{versions:?}"
    );
    // With its stances gone, the actor's other dependents are what is left.
    env.ok(["stance", "remove", "1"]);
    env.ok(["actor", "remove", "zelensky"]);
}

#[test]

fn a_new_stance_does_not_inherit_a_removed_stances_id() {
    let env = TestEnv::sample();
    env.ok(["stance", "remove", "3"]);
    let run = env.ok(ADD_EU_CEASEFIRE);
    assert!(
        !run.stdout.starts_with("added stance 3 "),
        "id 3 was reused"
    );
}
