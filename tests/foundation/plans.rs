//! `plan add | update | show | list | remove`.

use crate::common::TestEnv;

fn keys(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut full = vec!["--format", "json", "plan", "list"];
    full.extend_from_slice(args);
    env.ok(full)
        .json_rows()
        .iter()
        .map(|r| r["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn add_then_show_returns_the_fields_and_proposers() {
    let env = TestEnv::sample();
    let shown = env
        .ok(["--format", "json", "plan", "show", "us-plan"])
        .json();
    assert_eq!(shown["key"], "us-plan");
    assert_eq!(shown["title"], "US 28-point plan");
    assert_eq!(shown["status"], "proposed");
    assert_eq!(shown["first_reported_on"], "2025-11");
    assert_eq!(shown["proposers"], "russia");
    assert_eq!(shown["provisions"], 3);
}

#[test]
fn add_with_several_proposers_links_each() {
    let env = TestEnv::sample();
    env.ok([
        "plan",
        "add",
        "--key",
        "joint",
        "--title",
        "Joint plan",
        "--status",
        "under-negotiation",
        "--proposer",
        "ukraine",
        "--proposer",
        "eu",
    ])
    .stdout_has(&["added plan 'joint'"]);
    let shown = env.ok(["--format", "json", "plan", "show", "joint"]).json();
    assert_eq!(shown["proposers"], "eu, ukraine");
    assert_eq!(env.count("plan_proposers"), 3);
}

#[test]
fn list_filters_by_status_and_proposer() {
    let env = TestEnv::sample();
    assert_eq!(keys(&env, &[]).len(), 2);
    assert_eq!(
        keys(&env, &["--status", "counter-proposal"]),
        vec!["eu-plan"]
    );
    assert_eq!(keys(&env, &["--proposer", "russia"]), vec!["us-plan"]);
    assert_eq!(keys(&env, &["--proposer", "ukraine"]), Vec::<String>::new());
}

#[test]
fn bad_status_lists_the_accepted_values() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(
        65,
        [
            "plan", "add", "--key", "x", "--title", "X", "--status", "draft",
        ],
    );
    let line = run.one_error_line();
    assert!(line.contains("invalid status 'draft'"), "{line}");
    assert!(
        line.contains(
            "leaked, proposed, counter-proposal, under-negotiation, agreed, signed, abandoned"
        ),
        "{line}"
    );
    env.fails_unchanged(65, ["plan", "list", "--status", "draft"]);
}

#[test]
fn unknown_proposer_is_not_found() {
    let env = TestEnv::sample();
    env.fails_unchanged(
        66,
        [
            "plan",
            "add",
            "--key",
            "x",
            "--title",
            "X",
            "--status",
            "leaked",
            "--proposer",
            "rusia",
        ],
    )
    .stderr_has(&["unknown actor 'rusia'", "'russia'"]);
}

#[test]
fn duplicate_key_is_refused_naming_the_existing_plan() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(
        65,
        [
            "plan", "add", "--key", "us-plan", "--title", "Other", "--status", "leaked",
        ],
    );
    let line = run.one_error_line();
    assert!(line.contains("plan 'us-plan' already exists"), "{line}");
    assert!(line.contains("US 28-point plan"), "{line}");
}

#[test]
fn remove_is_refused_while_the_plan_has_provisions() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(65, ["plan", "remove", "us-plan"]);
    let line = run.one_error_line();
    assert!(line.contains("cannot remove plan 'us-plan'"), "{line}");
    assert!(line.contains("3 provision"), "{line}");
    for key in ["'us-territory'", "'us-ceasefire'", "'us-spare'"] {
        assert!(line.contains(key), "{line}");
    }
}

#[test]
fn remove_of_a_plan_without_provisions_succeeds_with_its_proposers() {
    let env = TestEnv::sample();
    env.ok([
        "plan",
        "add",
        "--key",
        "short-lived",
        "--title",
        "Short-lived",
        "--status",
        "abandoned",
        "--proposer",
        "eu",
    ]);
    env.ok(["plan", "remove", "short-lived"])
        .stdout_has(&["removed plan 'short-lived'"]);
    assert_eq!(env.count("plans"), 2);
    assert_eq!(env.count("plan_proposers"), 1);
    env.fails_unchanged(66, ["plan", "show", "short-lived"]);
    let versions = env
        .ok(["--format", "json", "history", "plan", "short-lived"])
        .json_rows();
    // The plan's last version, then the removal of its proposer link before it.
    assert_eq!(versions.len(), 2, "{versions:?}");
    assert_eq!(versions[0]["values"]["status"], "abandoned");
    assert_eq!(versions[1]["change"], "proposer removed");
    assert_eq!(versions[1]["values"]["actor"], "eu");
    // eu is free again once the plan that it proposed is gone.
    env.ok(["actor", "remove", "eu"]);
}

#[test]
fn update_proposer_replaces_the_list() {
    let env = TestEnv::sample();
    env.ok([
        "plan",
        "update",
        "us-plan",
        "--proposer",
        "ukraine",
        "--status",
        "under-negotiation",
    ])
    .stdout_has(&["updated plan 'us-plan': --status, --proposer"]);
    let shown = env
        .ok(["--format", "json", "plan", "show", "us-plan"])
        .json();
    assert_eq!(shown["proposers"], "ukraine");
    assert_eq!(shown["status"], "under-negotiation");
}

#[test]
fn update_unset_first_reported_on_clears_date_and_precision() {
    let env = TestEnv::sample();
    env.ok(["plan", "update", "us-plan", "--unset", "first-reported-on"]);
    let shown = env
        .ok(["--format", "json", "plan", "show", "us-plan"])
        .json();
    assert!(shown["first_reported_on"].is_null());
    assert_eq!(
        env.text("SELECT first_reported_precision FROM plans WHERE key = 'us-plan'"),
        None
    );
}
