//! `provtrack report`, `sql` and `search`, run through the built binary.
//!
//! Most tests use a crafted fixture of three sources that makes every report
//! non-trivial: a full flop, a half flip and a same-score change, two conflicts, a
//! retracted stance, a plan-diff with every relation, a silent proposer, and stances a
//! later source published only after they were stated (for `--as-of`). The seed tests
//! at the end check the reports on the articles' own claims.

use crate::common::TestEnv;
use serde_json::{Map, Value};

const WIRE: &str = r#"
[source]
key = "wire-1"
outlet = "Wire"
title = "Draft peace plan text leaks"
published_on = "2025-11-20"
kind = "news"

[[actors]]
key = "us"
name = "United States"
kind = "state"
aliases = ["Washington"]

[[actors]]
key = "envoy"
name = "The US envoy"
kind = "person"
parent = "us"

[[actors]]
key = "ukraine"
name = "Ukraine"
kind = "state"
aliases = ["Kyiv"]

[[actors]]
key = "zelensky"
name = "Volodymyr Zelensky"
kind = "person"
parent = "ukraine"

[[actors]]
key = "russia"
name = "Russia"
kind = "state"

[[actors]]
key = "eu"
name = "European Union"
kind = "bloc"

[[plans]]
key = "draft-plan"
title = "The leaked draft"
status = "leaked"
first_reported_on = "2025-11-20"
proposers = ["us"]

[[provisions]]
key = "d1"
plan = "draft-plan"
point = 1
title = "Ceasefire along the line of contact"
text = "Fighting stops along the current line of contact."
category = "ceasefire"

[[provisions]]
key = "d2"
plan = "draft-plan"
point = 2
title = "No NATO membership"
text = "Ukraine will not join NATO and writes this into its constitution."
category = "nato-neutrality"

[[provisions]]
key = "d3"
plan = "draft-plan"
point = 3
title = "Army capped at 600,000"
category = "armed-forces"

[[provisions]]
key = "d4"
plan = "draft-plan"
point = 4
title = "Elections within 100 days"
category = "elections-governance"

[[provisions]]
key = "d5"
plan = "draft-plan"
point = 5
title = "Amnesty for all parties"
category = "humanitarian"

[[provisions]]
key = "d6"
plan = "draft-plan"
point = 6
title = "Sanctions lifted in stages"
category = "sanctions"

[[stances]]
actor = "us"
provision = "d1"
position = "proposes"
stated_on = "2025-11-20"

[[stances]]
actor = "us"
provision = "d2"
position = "proposes"
stated_on = "2025-11-20"
quote = "The plan is fair to both sides."

[[stances]]
actor = "envoy"
provision = "d2"
position = "supports"
stated_on = "2025-11-20"

[[stances]]
actor = "ukraine"
provision = "d1"
position = "supports"
stated_on = "2025-11-20"

[[stances]]
actor = "ukraine"
provision = "d2"
position = "conditional"
stated_on = "2025-11-20"
"#;

const PAPER: &str = r#"
[source]
key = "paper-2"
outlet = "Paper"
title = "Kyiv says no to the constitution clause"
published_on = "2025-11-22"
kind = "news"

[[plans]]
key = "eu-plan"
title = "The European counter-proposal"
status = "counter-proposal"
first_reported_on = "2025-11-25"
proposers = ["eu"]

[[provisions]]
key = "e1"
plan = "eu-plan"
title = "Talks start from the line of contact"
category = "ceasefire"

[[stances]]
actor = "Kyiv"
provision = "d2"
position = "rejects"
stated_on = "2025-11-21"
attribution = "direct"
quote = "We will never write that into our constitution."

[[stances]]
actor = "zelensky"
provision = "d3"
position = "opposes"
stated_on = "2025-11-22"

[[stances]]
actor = "russia"
provision = "d2"
position = "supports"
stated_on = "2025-11-22"

[[stances]]
actor = "russia"
provision = "d1"
position = "supports"
stated_on = "2025-11-22"
notes = "Retracted by the paper later."
"#;

const REVIEW: &str = r#"
[source]
key = "review-3"
outlet = "Review"
title = "What changed in the revised plan"
published_on = "2025-12"
kind = "analysis"

[[plans]]
key = "revised-plan"
title = "The revised plan"
status = "proposed"
first_reported_on = "2025-12"
proposers = ["us"]

[[provisions]]
key = "r1"
plan = "revised-plan"
point = 1
title = "Ceasefire along the line of contact"
text = "Fighting stops along the current line of contact."
category = "ceasefire"
continues = "d1"
relation = "same"

[[provisions]]
key = "r2"
plan = "revised-plan"
point = 2
title = "NATO membership left to the alliance's consensus"
category = "nato-neutrality"
continues = "d2"
relation = "modified"

[[provisions]]
key = "r3"
plan = "revised-plan"
point = 3
title = "Army capped at 800,000 in peacetime"
category = "armed-forces"
continues = "d3"
relation = "split"

[[provisions]]
key = "r4"
plan = "revised-plan"
point = 4
title = "No limit on reserve forces"
category = "armed-forces"
continues = "d3"
relation = "split"

[[provisions]]
key = "r5"
plan = "revised-plan"
point = 5
title = "Elections and amnesty in one package"
category = "elections-governance"
continues = "d4"
relation = "merged"

[[provisions]]
key = "r6"
plan = "revised-plan"
point = 6
title = "Article 5-like security guarantee"
text = "Allies treat an attack on Ukraine as an attack on all of them."
category = "security-guarantees"

[[stances]]
actor = "envoy"
provision = "d2"
position = "proposes"
stated_on = "2025-12"

[[stances]]
actor = "ukraine"
provision = "d1"
position = "undecided"
stated_on = "2025-12"

[[stances]]
actor = "ukraine"
provision = "r2"
position = "supports"
stated_on = "2025-12"
notes = "Accepted after the revision."

[[stances]]
actor = "us"
provision = "r6"
position = "proposes"
stated_on = "2025-12"
quote = "A guarantee like Article 5."

[[stances]]
actor = "zelensky"
provision = "r6"
position = "supports"
stated_on = "2025-12"

[[stances]]
actor = "russia"
provision = "r6"
position = "rejects"
stated_on = "2025-12"
"#;

/// The fixture: three sources imported, and Russia's stance on d1 retracted.
fn fixture() -> TestEnv {
    let env = TestEnv::new();
    for (name, text) in [
        ("wire.toml", WIRE),
        ("paper.toml", PAPER),
        ("review.toml", REVIEW),
    ] {
        std::fs::write(env.path(name), text).expect("write a claims file");
    }
    env.ok(["import", "wire.toml", "paper.toml", "review.toml"]);
    let id = stance_id(&env, "russia", "d1");
    env.ok(["stance", "retract", &id, "--reason", "misattributed"]);
    env
}

fn stance_id(env: &TestEnv, actor: &str, provision: &str) -> String {
    let rows = json(
        env,
        &["stance", "list", "--actor", actor, "--provision", provision],
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    rows[0]["id"].to_string()
}

/// The rows of a command run with `--format json`.
fn json(env: &TestEnv, args: &[&str]) -> Vec<Map<String, Value>> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    env.ok(all).json_rows()
}

/// One field of every row, as text (null as "").
fn field(rows: &[Map<String, Value>], name: &str) -> Vec<String> {
    rows.iter()
        .map(|r| match &r[name] {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

/// Selected fields of every row, joined by " | ", for compact comparisons.
fn lines(rows: &[Map<String, Value>], names: &[&str]) -> Vec<String> {
    let columns: Vec<Vec<String>> = names.iter().map(|n| field(rows, n)).collect();
    (0..rows.len())
        .map(|i| {
            columns
                .iter()
                .map(|c| c[i].as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

// ---------------------------------------------------------------- matrix

#[test]
fn matrix_puts_the_drafters_first_and_shows_current_positions() {
    let env = fixture();
    let rows = json(&env, &["report", "matrix", "--plan", "draft-plan"]);
    assert_eq!(
        rows[0].keys().collect::<Vec<_>>(),
        ["actor", "whole plan", "d1", "d2", "d3", "d4", "d5", "d6"]
    );
    assert_eq!(
        lines(&rows, &["actor", "d1", "d2", "d3"]),
        [
            "us | proposes (2025-11-20) | proposes (2025-11-20) | ",
            "envoy |  | proposes (2025-12) | ",
            "russia |  | supports (2025-11-22) | ",
            "ukraine | undecided (2025-12) | rejects (2025-11-21) | ",
            "zelensky |  |  | opposes (2025-11-22)",
        ]
    );
    assert!(rows.iter().all(|r| r["d4"].is_null()));
}

#[test]
fn matrix_as_of_shows_what_was_known_that_day() {
    let env = fixture();
    // Ukraine's rejection was stated on the 21st but published only on the 22nd.
    for day in ["2025-11-20", "2025-11-21"] {
        let rows = json(
            &env,
            &["report", "matrix", "--plan", "draft-plan", "--as-of", day],
        );
        assert_eq!(
            lines(&rows, &["actor", "d1", "d2"]),
            [
                "us | proposes (2025-11-20) | proposes (2025-11-20)",
                "envoy |  | supports (2025-11-20)",
                "ukraine | supports (2025-11-20) | conditional (2025-11-20)",
            ],
            "as of {day}"
        );
    }
    // A month means its last day.
    let rows = json(
        &env,
        &[
            "report",
            "matrix",
            "--plan",
            "draft-plan",
            "--as-of",
            "2025-11",
        ],
    );
    assert_eq!(
        lines(&rows, &["actor", "d2"]),
        [
            "us | proposes (2025-11-20)",
            "envoy | supports (2025-11-20)",
            "russia | supports (2025-11-22)",
            "ukraine | rejects (2025-11-21)",
            "zelensky | ",
        ]
    );
}

#[test]
fn matrix_filters_by_category_and_actor() {
    let env = fixture();
    let rows = json(
        &env,
        &[
            "report",
            "matrix",
            "--plan",
            "draft-plan",
            "--category",
            "nato-neutrality",
            "--actor",
            "Kyiv",
        ],
    );
    assert_eq!(
        lines(&rows, &["actor", "d2"]),
        ["ukraine | rejects (2025-11-21)"]
    );
    assert_eq!(rows[0].keys().collect::<Vec<_>>(), ["actor", "d2"]);
}

#[test]
fn matrix_view_holds_the_same_cells() {
    let env = fixture();
    let matrix = json(&env, &["report", "matrix", "--plan", "draft-plan"]);
    let view = json(
        &env,
        &[
            "sql",
            "SELECT * FROM report_matrix WHERE plan = 'draft-plan'",
        ],
    );
    let cells: usize = matrix
        .iter()
        .map(|r| r.values().skip(1).filter(|v| !v.is_null()).count())
        .sum();
    assert_eq!(cells, view.len());
    for cell in &view {
        let row = matrix
            .iter()
            .find(|r| r["actor"] == cell["actor"])
            .expect("every actor of the view has a row");
        let provision = cell["provision"].as_str().unwrap();
        let text = format!(
            "{} ({})",
            cell["position"].as_str().unwrap(),
            cell["stated_on"].as_str().unwrap()
        );
        assert_eq!(row[provision], text.as_str());
    }
    assert_eq!(
        field(&view, "role").first().map(String::as_str),
        Some("proposer")
    );
}

// ---------------------------------------------------------------- timeline

#[test]
fn timeline_lists_every_stance_in_date_order() {
    let env = fixture();
    let rows = json(&env, &["report", "timeline"]);
    assert_eq!(rows.len(), 15);
    let dates = field(&rows, "stated_on");
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    let retracted: Vec<Map<String, Value>> = rows
        .into_iter()
        .filter(|r| r["status"] == "retracted")
        .collect();
    assert_eq!(lines(&retracted, &["actor", "provision"]), ["russia | d1"]);
}

#[test]
fn timeline_filters_by_actor_alias_and_provision() {
    let env = fixture();
    let rows = json(&env, &["report", "timeline", "--actor", "Kyiv"]);
    assert_eq!(
        lines(
            &rows,
            &[
                "stated_on",
                "provision",
                "position",
                "source",
                "published_on"
            ]
        ),
        [
            "2025-11-20 | d1 | supports | wire-1 | 2025-11-20",
            "2025-11-20 | d2 | conditional | wire-1 | 2025-11-20",
            "2025-11-21 | d2 | rejects | paper-2 | 2025-11-22",
            "2025-12 | d1 | undecided | review-3 | 2025-12",
            "2025-12 | r2 | supports | review-3 | 2025-12",
        ]
    );
    let rows = json(&env, &["report", "timeline", "--provision", "d2"]);
    assert_eq!(
        lines(&rows, &["actor", "position", "attribution", "quote"]),
        [
            "us | proposes | reported | The plan is fair to both sides.",
            "envoy | supports | reported | ",
            "ukraine | conditional | reported | ",
            "ukraine | rejects | direct | We will never write that into our constitution.",
            "russia | supports | reported | ",
            "envoy | proposes | reported | ",
        ]
    );
    let rows = json(&env, &["report", "timeline", "--plan", "revised-plan"]);
    assert_eq!(rows.len(), 4);
}

// ---------------------------------------------------------------- shifts

#[test]
fn shifts_show_each_change_with_its_flip() {
    let env = fixture();
    let rows = json(&env, &["report", "shifts"]);
    assert_eq!(
        lines(
            &rows,
            &[
                "actor",
                "provision",
                "from_position",
                "to_position",
                "from_stated_on",
                "to_stated_on",
                "from_source",
                "to_source",
                "score_change",
                "flip"
            ]
        ),
        [
            "ukraine | d2 | conditional | rejects | 2025-11-20 | 2025-11-21 | wire-1 | paper-2 | -3 | full flop",
            "envoy | d2 | supports | proposes | 2025-11-20 | 2025-12 | wire-1 | review-3 | 0 | no flip",
            "ukraine | d1 | supports | undecided | 2025-11-20 | 2025-12 | wire-1 | review-3 | -2 | half flip",
            // Across lineage (issue 12): r2 continues d2.
            "ukraine | r2 | rejects | supports | 2025-11-21 | 2025-12 | paper-2 | review-3 | 4 | full flop",
        ]
    );
    let one_provision = json(&env, &["report", "shifts", "--no-lineage"]);
    assert_eq!(field(&one_provision, "provision"), ["d2", "d2", "d1"]);
}

#[test]
fn shifts_since_and_as_of() {
    let env = fixture();
    let since = json(&env, &["report", "shifts", "--since", "2025-12"]);
    assert_eq!(field(&since, "actor"), ["envoy", "ukraine", "ukraine"]);
    let as_of = json(&env, &["report", "shifts", "--as-of", "2025-11-30"]);
    assert_eq!(lines(&as_of, &["actor", "provision"]), ["ukraine | d2"]);
    let none = json(&env, &["report", "shifts", "--as-of", "2025-11-21"]);
    assert!(none.is_empty(), "{none:?}");
}

// ---------------------------------------------------------------- conflicts

#[test]
fn conflicts_pair_sources_that_disagree_within_the_window() {
    let env = fixture();
    let rows = json(&env, &["report", "conflicts"]);
    assert_eq!(
        lines(
            &rows,
            &[
                "actor",
                "provision",
                "first_position",
                "first_source",
                "second_position",
                "second_source",
                "days_apart"
            ]
        ),
        [
            "ukraine | d1 | supports | wire-1 | undecided | review-3 | 11",
            "ukraine | d2 | conditional | wire-1 | rejects | paper-2 | 1",
        ]
    );
    let narrow = json(&env, &["report", "conflicts", "--window", "5"]);
    assert_eq!(field(&narrow, "provision"), ["d2"]);
    assert!(json(&env, &["report", "conflicts", "--window", "0"]).is_empty());
}

// ---------------------------------------------------------------- contested

#[test]
fn contested_ranks_provisions_by_spread_with_both_sides() {
    let env = fixture();
    let rows = json(&env, &["report", "contested", "--plan", "draft-plan"]);
    assert_eq!(
        lines(
            &rows,
            &["provision", "spread", "actors", "supporters", "undecided", "opponents"]
        ),
        [
            "d2 | 4 | 4 | envoy (proposes), russia (supports), us (proposes) |  | ukraine (rejects)",
            "d1 | 2 | 2 | us (proposes) | ukraine | ",
            "d3 | 0 | 1 |  |  | zelensky (opposes)",
        ]
    );
    let revised = json(&env, &["report", "contested", "--plan", "revised-plan"]);
    assert_eq!(
        lines(&revised, &["provision", "spread"]),
        ["r6 | 4", "r2 | 0"]
    );
}

// ---------------------------------------------------------------- coverage

#[test]
fn coverage_lists_thin_provisions_and_silent_proposers() {
    let env = fixture();
    let rows = json(&env, &["report", "coverage"]);
    assert_eq!(
        lines(
            &rows,
            &["plan", "subject", "key", "gap", "stances", "source"]
        ),
        [
            "draft-plan | provision | d3 | single source | 1 | paper-2",
            "draft-plan | provision | d4 | no stance | 0 | ",
            "draft-plan | provision | d5 | no stance | 0 | ",
            "draft-plan | provision | d6 | no stance | 0 | ",
            "eu-plan | provision | e1 | no stance | 0 | ",
            "eu-plan | actor | eu | no stance on its own plan | 0 | ",
            "revised-plan | provision | r1 | no stance | 0 | ",
            "revised-plan | provision | r2 | single source | 1 | review-3",
            "revised-plan | provision | r3 | no stance | 0 | ",
            "revised-plan | provision | r4 | no stance | 0 | ",
            "revised-plan | provision | r5 | no stance | 0 | ",
            "revised-plan | provision | r6 | single source | 3 | review-3",
        ]
    );
}

#[test]
fn coverage_as_of_leaves_out_plans_not_yet_reported() {
    let env = fixture();
    let rows = json(&env, &["report", "coverage", "--as-of", "2025-11-21"]);
    assert_eq!(
        lines(&rows, &["key", "gap"]),
        [
            "d1 | single source",
            "d2 | single source",
            "d3 | no stance",
            "d4 | no stance",
            "d5 | no stance",
            "d6 | no stance",
        ]
    );
}

// ---------------------------------------------------------------- plan-diff

#[test]
fn plan_diff_shows_every_relation_side_by_side() {
    let env = fixture();
    let rows = json(&env, &["report", "plan-diff", "draft-plan", "revised-plan"]);
    assert_eq!(
        lines(&rows, &["change", "provision_a", "provision_b"]),
        [
            "kept | d1 | r1",
            "modified | d2 | r2",
            "split | d3 | r3",
            "split | d3 | r4",
            "merged | d4 | r5",
            "added |  | r6",
            "dropped | d5 | ",
            "dropped | d6 | ",
        ]
    );
    assert_eq!(
        rows[1]["text_a"],
        "Ukraine will not join NATO and writes this into its constitution."
    );
    assert_eq!(
        rows[1]["title_b"],
        "NATO membership left to the alliance's consensus"
    );
}

#[test]
fn plan_diff_of_unlinked_plans_drops_and_adds_everything() {
    let env = fixture();
    let rows = json(&env, &["report", "plan-diff", "eu-plan", "draft-plan"]);
    let changes = field(&rows, "change");
    assert_eq!(changes.iter().filter(|c| *c == "added").count(), 6);
    assert_eq!(changes.iter().filter(|c| *c == "dropped").count(), 1);
}

#[test]
fn plan_diff_refuses_one_plan_twice() {
    let env = fixture();
    env.fails_unchanged(66, ["report", "plan-diff", "draft-plna", "revised-plan"])
        .stderr_has(&["unknown plan 'draft-plna'", "draft-plan"]);
    env.fails_unchanged(65, ["report", "plan-diff", "draft-plan", "draft-plan"])
        .stderr_has(&["two different plans"]);
}

// ---------------------------------------------------------------- sources

#[test]
fn sources_count_what_each_source_reports() {
    let env = fixture();
    let rows = json(&env, &["report", "sources"]);
    assert_eq!(
        lines(
            &rows,
            &[
                "source",
                "published_on",
                "stances",
                "provisions",
                "actors",
                "plans"
            ]
        ),
        [
            "wire-1 | 2025-11-20 | 5 | 2 | 3 | 1",
            "paper-2 | 2025-11-22 | 4 | 3 | 3 | 1",
            "review-3 | 2025-12 | 6 | 4 | 5 | 2",
        ]
    );
    let as_of = json(&env, &["report", "sources", "--as-of", "2025-11-21"]);
    assert_eq!(field(&as_of, "source"), ["wire-1"]);
    let plan = json(&env, &["report", "sources", "--plan", "revised-plan"]);
    assert_eq!(
        lines(&plan, &["source", "stances", "provisions", "actors"]),
        ["review-3 | 4 | 2 | 4"]
    );
}

// ---------------------------------------------------------------- views

/// Each report's flags, its view, and the fields of its JSON rows.
const REPORTS: &[(&[&str], &str, &[&str])] = &[
    (
        &["timeline"],
        "report_timeline",
        &[
            "stated_on",
            "stated_inferred",
            "actor",
            "provision",
            "plan",
            "kind",
            "position",
            "source",
            "published_on",
            "published_inferred",
            "attribution",
            "via",
            "relays",
            "status",
            "quote",
            "evidence",
            "stance",
            "key",
        ],
    ),
    (
        &["shifts"],
        "report_shifts",
        &[
            "actor",
            "provision",
            "plan",
            "from_position",
            "to_position",
            "from_stated_on",
            "to_stated_on",
            "from_source",
            "to_source",
            "score_change",
            "flip",
            "from_provision",
            "from_plan",
        ],
    ),
    (
        &["conflicts"],
        "report_conflicts",
        &[
            "actor",
            "provision",
            "plan",
            "first_position",
            "first_stated_on",
            "first_source",
            "second_position",
            "second_stated_on",
            "second_source",
            "days_apart",
            "conflict",
            "first_text",
            "second_text",
        ],
    ),
    (
        &["contested"],
        "report_contested",
        &[
            "plan",
            "provision",
            "point",
            "category",
            "spread",
            "actors",
            "supporters",
            "undecided",
            "opponents",
        ],
    ),
    (
        &["coverage"],
        "report_coverage",
        &["plan", "subject", "key", "gap", "stances", "source"],
    ),
    (
        &["plan-diff", "draft-plan", "revised-plan"],
        "report_plan_diff",
        &[
            "plan_a",
            "plan_b",
            "change",
            "provision_a",
            "point_a",
            "title_a",
            "text_a",
            "provision_b",
            "point_b",
            "title_b",
            "text_b",
            "basis",
        ],
    ),
    (
        &["sources"],
        "report_sources",
        &[
            "source",
            "outlet",
            "published_on",
            "published_inferred",
            "kind",
            "stances",
            "provisions",
            "actors",
            "plans",
            "relayed",
        ],
    ),
];

#[test]
fn each_report_is_the_same_as_its_view() {
    let env = fixture();
    for (args, view, _) in REPORTS {
        let mut report = vec!["report"];
        report.extend_from_slice(args);
        let sql = format!("SELECT * FROM {view}");
        // The views hold SQLite's 0/1 where the report prints a JSON boolean.
        let mut from_sql = json(&env, &["sql", &sql]);
        for row in &mut from_sql {
            for (name, value) in row.iter_mut() {
                if name.ends_with("_inferred") {
                    *value = Value::Bool(value.as_i64() == Some(1));
                }
            }
        }
        assert_eq!(
            json(&env, &report),
            from_sql,
            "report {args:?} and {view} differ"
        );
    }
}

#[test]
fn every_view_answers_to_plain_sql() {
    let env = fixture();
    let conn = env.read_conn();
    for view in [
        "current_stances",
        "known_stances",
        "report_matrix",
        "report_timeline",
        "report_shifts",
        "report_conflicts",
        "report_contested",
        "report_coverage",
        "report_plan_diff",
        "report_sources",
    ] {
        let count: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {view}"), [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{view}: {e}"));
        assert!(count > 0, "{view} is empty");
    }
    let current: i64 = conn
        .query_row(
            "SELECT count(*) FROM current_stances WHERE actor = 'ukraine'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(current, 3, "ukraine's current stances on d1, d2 and r2");
}

/// The lookup of one current stance reads the provision's rows of latest_stances by
/// its primary key and the stance by id (with --as-of, the pair's candidates, through
/// the primary key of target_stances), and scans no table.
#[test]
fn the_current_stance_lookup_uses_an_index() {
    let env = fixture();
    let conn = env.read_conn();
    let mut stmt = conn
        .prepare(
            "EXPLAIN QUERY PLAN SELECT * FROM current_stances
             WHERE actor_id = ?1 AND provision_id = ?2",
        )
        .unwrap();
    let plan: Vec<String> = stmt
        .query_map([1, 2], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        plan.iter()
            .any(|d| d.starts_with("SEARCH c USING PRIMARY KEY (plan_id=? AND provision_id=?")),
        "the plan does not read latest_stances by its key:\n{}",
        plan.join("\n")
    );
    assert!(
        plan.iter().any(|d| d.starts_with(
            "SEARCH t USING PRIMARY KEY (plan_id=? AND provision_id=? AND actor_id=?"
        )),
        "the --as-of look-up does not use the index:\n{}",
        plan.join("\n")
    );
    // The only scans are of the targets (each plan as a whole, and the provisions),
    // materialized once: no stance table is scanned.
    assert!(
        !plan
            .iter()
            .any(|d| d.starts_with("SCAN") && d != "SCAN t" && !d.starts_with("SCAN pl ")),
        "the plan scans a table:\n{}",
        plan.join("\n")
    );
}

// ---------------------------------------------------------------- formats

#[test]
fn every_report_prints_in_every_format_with_its_fields() {
    let env = fixture();
    let mut reports: Vec<(Vec<&str>, Vec<&str>)> = REPORTS
        .iter()
        .map(|(args, _, fields)| (args.to_vec(), fields.to_vec()))
        .collect();
    reports.push((
        vec!["matrix", "--plan", "revised-plan"],
        vec!["actor", "whole plan", "r1", "r2", "r3", "r4", "r5", "r6"],
    ));
    for (args, fields) in reports {
        let run = |format: &str| {
            let mut all = vec!["--format", format, "report"];
            all.extend_from_slice(&args);
            env.ok(all).stdout
        };
        let json_rows = json(&env, &[&["report"], args.as_slice()].concat());
        assert!(!json_rows.is_empty(), "{args:?}");
        for row in &json_rows {
            assert_eq!(row.keys().collect::<Vec<_>>(), fields, "{args:?}");
        }
        let csv = run("csv");
        assert_eq!(
            csv.lines().next(),
            Some(fields.join(",").as_str()),
            "{args:?}"
        );
        let jsonl = run("jsonl");
        assert_eq!(jsonl.lines().count(), json_rows.len(), "{args:?}");
        for (line, row) in jsonl.lines().zip(&json_rows) {
            let parsed: Map<String, Value> = serde_json::from_str(line).unwrap();
            assert_eq!(&parsed, row, "{args:?}");
        }
        // For people, an inferred date is shown as `~2025-11-21` in its own column.
        let shown: Vec<&str> = fields
            .iter()
            .copied()
            .filter(|f| !f.ends_with("_inferred"))
            .collect();
        let markdown = run("markdown");
        assert_eq!(
            markdown.lines().next(),
            Some(format!("| {} |", shown.join(" | ")).as_str()),
            "{args:?}"
        );
        // The table shows the columns a person scans first (the timeline leaves its
        // notes to --columns); every field is there when asked for.
        let table = run("table");
        let header = table.lines().next().unwrap_or_default();
        if args[0] == "matrix" {
            // Provisions by number, with a legend of the numbers (the first column is
            // the plan as a whole).
            assert!(fields[2..].iter().all(|f| table.contains(f)), "{table}");
            assert!(table.contains("the plan as a whole"), "{table}");
        } else {
            assert!(
                header.split_whitespace().all(|w| shown.contains(&w)),
                "{args:?}\n{table}"
            );
            let columns = shown.join(",");
            let mut all = vec!["--columns", columns.as_str(), "report"];
            all.extend_from_slice(&args);
            let full = env.ok(all).stdout;
            assert!(shown.iter().all(|f| full.contains(f)), "{args:?}\n{full}");
        }
    }
}

// ---------------------------------------------------------------- bad input

#[test]
fn reports_check_their_flags() {
    let env = fixture();
    env.fails_unchanged(65, ["report", "timeline", "--as-of", "2025-13"])
        .stderr_has(&["invalid as-of '2025-13'"]);
    env.fails_unchanged(65, ["report", "shifts", "--since", "yesterday"])
        .stderr_has(&["invalid since 'yesterday'"]);
    env.fails_unchanged(65, ["report", "contested", "--category", "teritory"])
        .stderr_has(&["territory"]);
    env.fails_unchanged(66, ["report", "matrix", "--plan", "no-such-plan"])
        .stderr_has(&["unknown plan 'no-such-plan'"]);
    env.fails_unchanged(66, ["report", "timeline", "--actor", "Kyv"])
        .stderr_has(&["unknown actor 'Kyv'", "Kyiv"]);
    env.fails_unchanged(2, ["report", "matrix"]);
}

#[test]
fn reports_on_a_missing_database_create_nothing() {
    let env = TestEnv::new();
    env.run(["report", "sources"])
        .code(66)
        .stderr_has(&["no provtrack database"]);
    assert!(!env.db_path().exists());
}

// ---------------------------------------------------------------- sql

#[test]
fn sql_runs_one_select_with_parameters() {
    let env = fixture();
    let rows = json(
        &env,
        &[
            "sql",
            "SELECT key, point FROM provisions WHERE plan_id = (SELECT id FROM plans WHERE key = :plan) AND point <= :n ORDER BY point",
            "--param",
            "plan=revised-plan",
            "--param",
            ":n=2",
        ],
    );
    assert_eq!(lines(&rows, &["key", "point"]), ["r1 | 1", "r2 | 2"]);
    let csv = env.ok(["--format", "csv", "sql", "SELECT 1 AS one, NULL AS two"]);
    assert_eq!(csv.stdout, "one,two\n1,\n");
}

#[test]
fn sql_refuses_writes_and_several_statements() {
    let env = fixture();
    let refused = [
        ("DELETE FROM stances", "'DELETE' would write"),
        (
            "INSERT INTO categories VALUES ('x', 'y')",
            "'INSERT' would write",
        ),
        ("UPDATE actors SET name = 'x'", "'UPDATE' would write"),
        ("DROP TABLE history", "'DROP' would write"),
        ("CREATE TABLE t (x)", "'CREATE' would write"),
        ("PRAGMA user_version = 7", "'PRAGMA' would write"),
        (
            "WITH x AS (SELECT 1) DELETE FROM stances",
            "'WITH' would write",
        ),
        ("/* tidy up */ DELETE FROM stances", "'DELETE' would write"),
        ("SELECT 1; DELETE FROM stances", "only a single statement"),
        ("SELECT 1; SELECT 2", "only a single statement"),
        ("  -- nothing", "empty"),
    ];
    for (sql, message) in refused {
        let run = env.fails_unchanged(65, ["sql", sql]);
        assert!(
            run.one_error_line().contains(message),
            "{sql}: {}",
            run.stderr
        );
    }
    let target = env.path("copy.db");
    let vacuum = format!("VACUUM INTO '{}'", target.display());
    env.fails_unchanged(65, ["sql", &vacuum])
        .stderr_has(&["'VACUUM' would write"]);
    assert!(!target.exists());
}

#[test]
fn sql_checks_its_parameters_and_statement() {
    let env = fixture();
    env.fails_unchanged(65, ["sql", "SELECT :a"])
        .stderr_has(&["no value for :a; pass --param a=VALUE"]);
    env.fails_unchanged(65, ["sql", "SELECT 1", "--param", "a=1"])
        .stderr_has(&["--param a matches no parameter"]);
    env.fails_unchanged(65, ["sql", "SELECT ?"])
        .stderr_has(&["named parameters"]);
    env.fails_unchanged(65, ["sql", "SELECT :a", "--param", "a"])
        .stderr_has(&["expected NAME=VALUE"]);
    env.fails_unchanged(65, ["sql", "SELECT * FROM nowhere"])
        .stderr_has(&["sql: no such table: nowhere"]);
}

// ---------------------------------------------------------------- search

#[test]
fn search_finds_provisions_stances_and_sources_ranked() {
    let env = fixture();
    let rows = json(&env, &["search", "constitution"]);
    let mut kinds = field(&rows, "kind");
    kinds.sort();
    assert_eq!(kinds, ["provision", "source", "stance"]);
    assert_eq!(
        rows[0].keys().collect::<Vec<_>>(),
        ["kind", "key", "title", "snippet", "rank"]
    );
    assert_eq!(field(&rows, "rank"), ["1", "2", "3"]);
    let stance = rows.iter().find(|r| r["kind"] == "stance").unwrap();
    assert_eq!(stance["title"], "ukraine rejects d2");
    assert_eq!(
        stance["snippet"],
        "We will never write that into our [constitution]."
    );
    let sources = json(&env, &["search", "--kind", "source", "constitution"]);
    assert_eq!(
        lines(&sources, &["key", "title"]),
        ["paper-2 | Kyiv says no to the constitution clause"]
    );
}

#[test]
fn search_takes_words_as_written_or_fts5_with_raw() {
    let env = fixture();
    let mut hits = lines(&json(&env, &["search", "Article 5"]), &["kind", "key"]);
    hits.sort();
    let stance = stance_id(&env, "us", "r6");
    assert_eq!(
        hits,
        ["provision | r6".to_string(), format!("stance | {stance}")]
    );
    // Words that are FTS5 syntax are searched as words: d2 says "not join NATO and".
    let words = json(&env, &["search", "constitution", "NOT", "AND", "("]);
    assert_eq!(lines(&words, &["kind", "key"]), ["provision | d2"]);
    let raw = json(&env, &["search", "--raw", "constitut* OR guarantee"]);
    assert_eq!(raw.len(), 5, "{raw:?}");
    env.fails_unchanged(65, ["search", "--raw", "constitution AND ("])
        .stderr_has(&["not a valid FTS5 query"]);
    env.fails_unchanged(65, ["search", "--kind", "plan", "x"])
        .stderr_has(&["invalid kind 'plan'"]);
}

#[test]
fn the_search_index_follows_changes_and_history_still_records_them() {
    let env = fixture();
    let history = env.count("history");
    env.ok([
        "provision",
        "update",
        "r6",
        "--title",
        "Collective defence guarantee",
        "--text",
        "Allies defend Ukraine together.",
    ]);
    assert!(json(&env, &["search", "--kind", "provision", "Article"]).is_empty());
    let found = json(&env, &["search", "collective", "defence"]);
    assert_eq!(lines(&found, &["kind", "key"]), ["provision | r6"]);
    let id = stance_id(&env, "us", "r6");
    env.ok(["stance", "remove", &id]);
    assert!(json(&env, &["search", "Article"]).is_empty());
    env.ok([
        "source",
        "update",
        "wire-1",
        "--title",
        "The draft surfaces",
    ]);
    assert!(json(&env, &["search", "leaks"]).is_empty());
    assert_eq!(
        field(&json(&env, &["search", "surfaces"]), "key"),
        ["wire-1"]
    );
    env.ok([
        "stance",
        "update",
        &stance_id(&env, "ukraine", "r2"),
        "--notes",
        "Welcomed.",
    ]);
    assert_eq!(json(&env, &["search", "welcomed"]).len(), 1);
    assert_eq!(
        env.count("history"),
        history + 5,
        "the history triggers still fire (a removed stance: its row and its target)"
    );
}

#[test]
fn the_migration_indexes_data_that_was_already_there() {
    let env = TestEnv::new();
    {
        let conn = env.write_conn();
        conn.execute_batch(include_str!("../migrations/0001_init.sql"))
            .unwrap();
        conn.execute_batch(
            "PRAGMA user_version = 1; PRAGMA application_id = 1347573332;
             INSERT INTO sources (key, outlet, title, published_on, kind)
             VALUES ('old', 'Old', 'An older report on sanctions', '2025-01-01', 'news');",
        )
        .unwrap();
    }
    env.ok(["migrate"]);
    let rows = json(&env, &["search", "sanctions"]);
    assert_eq!(lines(&rows, &["kind", "key"]), ["source | old"]);
}

// ---------------------------------------------------------------- seed data

#[test]
fn seed_matrix_of_the_28_point_plan_shows_drafters_then_ukraine() {
    let env = TestEnv::seeded();
    let roles = json(
        &env,
        &[
            "sql",
            "SELECT actor, min(role) AS role FROM report_matrix WHERE plan = :plan GROUP BY actor",
            "--param",
            "plan=us-28-point-plan",
        ],
    );
    let proposers: Vec<String> = roles
        .iter()
        .filter(|r| r["role"] == "proposer")
        .map(|r| r["actor"].as_str().unwrap().to_string())
        .collect();
    assert!(
        proposers.contains(&"united-states".to_string()),
        "{proposers:?}"
    );
    let matrix = json(&env, &["report", "matrix", "--plan", "us-28-point-plan"]);
    let actors = field(&matrix, "actor");
    assert_eq!(
        actors[..proposers.len()]
            .iter()
            .collect::<std::collections::BTreeSet<_>>(),
        proposers.iter().collect(),
        "the proposers come first: {actors:?}"
    );
    for actor in ["united-states", "ukraine"] {
        let row = matrix
            .iter()
            .find(|r| r["actor"] == actor)
            .unwrap_or_else(|| panic!("{actor} has a row: {actors:?}"));
        assert!(
            row.values().skip(1).any(|v| !v.is_null()),
            "{actor} has positions"
        );
    }
    let us = matrix
        .iter()
        .find(|r| r["actor"] == "united-states")
        .unwrap();
    assert!(us
        .values()
        .any(|v| v.as_str().is_some_and(|s| s.starts_with("proposes ("))));
    let ukraine_at = actors.iter().position(|a| a == "ukraine").unwrap();
    assert!(ukraine_at >= proposers.len());
}

#[test]
fn seed_reports_answer_on_the_articles() {
    let env = TestEnv::seeded();
    let stances = env.count("stances");
    let sources = json(&env, &["report", "sources"]);
    let reported: i64 = sources.iter().map(|r| r["stances"].as_i64().unwrap()).sum();
    assert_eq!(reported, stances);
    // Every stance is on the timeline (a stance on several provisions once per target).
    let timeline = json(&env, &["report", "timeline"]);
    let on_timeline: std::collections::BTreeSet<_> = timeline
        .iter()
        .map(|r| r["stance"].clone().to_string())
        .collect();
    assert_eq!(on_timeline.len() as i64, stances);
    assert!(
        timeline.len() as i64 > stances,
        "the seeds have multi-provision stances"
    );
    let diff = json(
        &env,
        &[
            "report",
            "plan-diff",
            "us-100-day-peace-plan",
            "us-28-point-plan",
        ],
    );
    let changes = field(&diff, "change");
    assert!(changes.iter().any(|c| c == "added"), "{changes:?}");
    assert!(
        changes
            .iter()
            .any(|c| ["kept", "modified", "merged", "split"].contains(&c.as_str())),
        "{changes:?}"
    );
    let contested = json(&env, &["report", "contested", "--plan", "us-28-point-plan"]);
    assert!(contested[0]["spread"].as_i64().unwrap() > 0);
    let hits = json(&env, &["search", "Article 5"]);
    assert!(hits.iter().any(|h| h["kind"] == "source"), "{hits:?}");
}
