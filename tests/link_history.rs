//! `history` shows the removals of a record's link rows: a provision's lineage
//! (`provision_links`), a plan's relations (`plan_relations`), a joint statement's
//! members (`actor_members`) and an actor's tags (`actor_tags`). Their triggers logged
//! the rows all along; `history` did not show them. Each test failed before.

use serde_json::{Map, Value};

use crate::common::TestEnv;

/// The rows of `history KIND KEY --format json` whose `change` is `change`.
fn removals(env: &TestEnv, kind: &str, key: &str, change: &str) -> Vec<Map<String, Value>> {
    env.ok(["--format", "json", "history", kind, key])
        .json_rows()
        .into_iter()
        .filter(|r| r["change"] == change)
        .collect()
}

/// Replacing the provision a provision continues shows the old link, with the
/// provision it continued, its relation and its basis, by key.
#[test]
fn provision_history_shows_replaced_lineage() {
    let env = TestEnv::seeded();
    let key = "td-kharkov-for-kursk-swap";
    env.ok([
        "provision",
        "update",
        key,
        "--continues",
        "russia-demand-limit-ukrainian-army",
        "--relation",
        "same",
    ]);
    let rows = removals(&env, "provision", key, "lineage removed");
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(
        rows[0]["values"],
        serde_json::json!({
            "continues": "russia-demand-freeze-front-with-swaps",
            "relation": "modified",
            "basis": "voiceofeast-2025-01-17-trans-dnieper",
        }),
        "{rows:#?}"
    );
    assert_eq!(rows[0]["changed_fields"], "continues, relation, basis");
    assert_eq!(rows[0]["command"], "provision update");
    // An editorial link (no source) says so, as `provision show` does.
    env.ok([
        "provision",
        "update",
        "28pt-recognise-crimea-luhansk-donetsk",
        "--unset",
        "continues",
    ]);
    let rows = removals(
        &env,
        "provision",
        "28pt-recognise-crimea-luhansk-donetsk",
        "lineage removed",
    );
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(
        rows[0]["values"]["continues"],
        "100day-recognise-russian-sovereignty"
    );
    assert_eq!(rows[0]["values"]["basis"], "editorial");
    env.ok(["history", "provision", key])
        .stdout_has(&["lineage removed", "russia-demand-freeze-front-with-swaps"]);
}

/// A plan relation replaced or cleared shows on the plan's history, the other plan by
/// key, under the field the CLI names it by.
#[test]
fn plan_history_shows_removed_relations() {
    let env = TestEnv::seeded();
    let key = "korybko-trans-dnieper-proposal";
    env.ok([
        "plan",
        "update",
        key,
        "--responds-to",
        "trump-putin-talks-2025-02-12",
    ]);
    let rows = removals(&env, "plan", key, "responds_to removed");
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(
        rows[0]["values"],
        serde_json::json!({"responds_to": "russia-demands-bloomberg-2025-01"}),
        "{rows:#?}"
    );
    assert_eq!(rows[0]["changed_fields"], "responds_to");
    let other = "korybko-peace-talks-agenda";
    env.ok(["plan", "update", other, "--supersedes", key]);
    env.ok(["plan", "update", other, "--unset", "supersedes"]);
    let rows = removals(&env, "plan", other, "supersedes removed");
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(
        rows[0]["values"],
        serde_json::json!({"supersedes": key}),
        "{rows:#?}"
    );
    // The relation it kept is not shown as removed.
    assert!(removals(&env, "plan", other, "responds_to removed").is_empty());
    env.ok(["history", "plan", key])
        .stdout_has(&["responds_to removed", "russia-demands-bloomberg-2025-01"]);
}

/// A member dropped from a joint statement shows on the statement's history, by key.
#[test]
fn actor_history_shows_removed_members() {
    let env = TestEnv::sample();
    env.ok([
        "actor",
        "add",
        "--key",
        "joint",
        "--name",
        "Joint statement",
        "--kind",
        "statement",
        "--member",
        "ukraine",
        "--member",
        "zelensky",
    ]);
    env.ok([
        "actor", "update", "joint", "--member", "ukraine", "--member", "russia",
    ]);
    let rows = removals(&env, "actor", "joint", "member removed");
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(
        rows[0]["values"],
        serde_json::json!({"members": "zelensky"}),
        "{rows:#?}"
    );
    assert_eq!(rows[0]["changed_fields"], "members");
    env.ok(["history", "actor", "joint"])
        .stdout_has(&["member removed", "zelensky"]);
}

/// A tag removed from an actor shows on the actor's history.
#[test]
fn actor_history_shows_removed_tags() {
    let env = TestEnv::sample();
    env.ok(["actor", "tag", "add", "putin", "europe"]);
    env.ok(["actor", "tag", "add", "putin", "g7"]);
    env.ok(["actor", "tag", "remove", "putin", "europe"]);
    let rows = removals(&env, "actor", "putin", "tag removed");
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(
        rows[0]["values"],
        serde_json::json!({"tags": "europe"}),
        "{rows:#?}"
    );
    assert_eq!(rows[0]["changed_fields"], "tags");
    env.ok(["history", "actor", "putin"])
        .stdout_has(&["tag removed", "europe"]);
}
