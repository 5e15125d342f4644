//! Plans evolve (issue 12): plan relations and the `superseded` status, how much of a
//! plan's text is known, many-to-many lineage with a basis, point labels, and the
//! reports that follow lineage.
//!
//! The fixture is the story of November 2025 in miniature: the 28-point plan, the
//! European counter-proposal that answers it point by point (its territory point
//! merges four 28-point provisions, on Reuters' word), the Geneva framework whose text
//! was never published (summary), and a 20-point draft that supersedes the 28 points
//! and is known only in part.

use std::path::Path;

use crate::common::TestEnv;
use serde_json::{Map, Value};

const PLANS: &str = r#"
[source]
key = "reuters-eu"
outlet = "Reuters"
title = "Europe's counter-proposal to the US peace plan"
published_on = "2025-11-23"
kind = "news"

[[actors]]
key = "zelensky"
name = "Volodymyr Zelensky"
kind = "person"

[[actors]]
key = "usa"
name = "United States"
kind = "state"

[[plans]]
key = "us-28"
title = "US 28-point plan"
status = "leaked"
first_reported_on = "2025-11-19"
proposers = ["usa"]

[[plans]]
key = "eu-counter"
title = "European counter-proposal"
status = "counter-proposal"
first_reported_on = "2025-11-23"
responds_to = ["us-28"]

[[plans]]
key = "geneva"
title = "Geneva 19-point framework"
status = "under-negotiation"
first_reported_on = "2025-11-24"
text_known = "summary"
responds_to = ["us-28"]

[[plans]]
key = "draft-20"
title = "20-point draft"
status = "under-negotiation"
first_reported_on = "2025-12-02"
text_known = "partial"
supersedes = ["us-28"]

[[provisions]]
key = "28-elections"
plan = "us-28"
point = 2
title = "Elections within 100 days"
category = "elections-governance"

[[provisions]]
key = "28-cap"
plan = "us-28"
point = 6
title = "Armed forces capped at 600,000"
text = "Ukraine's armed forces are limited to 600,000."
category = "armed-forces"

[[provisions]]
key = "28-g8"
plan = "us-28"
point = 10
title = "Russia back in the G8"
category = "us-russia-relations"

[[provisions]]
key = "28-recognise"
plan = "us-28"
point = "21a"
title = "Crimea, Luhansk and Donetsk recognised as de facto Russian"
category = "territory"

[[provisions]]
key = "28-freeze"
plan = "us-28"
point = "21b"
title = "Kherson and Zaporizhzhia frozen on the contact line"
category = "territory"

[[provisions]]
key = "28-withdraw"
plan = "us-28"
point = "21c"
title = "Ukraine withdraws from Donetsk"
category = "territory"

[[provisions]]
key = "28-dmz"
plan = "us-28"
point = "21(d)"
title = "Demilitarised buffer zone in Donetsk"
category = "territory"

[[provisions]]
key = "eu-territory"
plan = "eu-counter"
point = 21
title = "Territorial questions negotiated from the line of contact"
category = "territory"
continues = ["28-recognise", "28-freeze", "28-withdraw", "28-dmz"]
relation = "merged"
basis = "reuters-eu"

[[provisions]]
key = "eu-cap"
plan = "eu-counter"
point = 6
title = "Armed forces capped at 800,000 in peacetime"
text = "Ukraine's armed forces are limited to 800,000 in peacetime."
category = "armed-forces"
continues = "28-cap"
relation = "modified"

[[provisions]]
key = "geneva-cap"
plan = "geneva"
title = "The army's size, to be agreed"
category = "armed-forces"
continues = "28-cap"
relation = "modified"

[[provisions]]
key = "draft20-cap"
plan = "draft-20"
point = 6
title = "Armed forces of 800,000 in peacetime"
category = "armed-forces"
continues = "eu-cap"
relation = "same"
"#;

fn env_with_plans() -> TestEnv {
    let env = TestEnv::init();
    std::fs::write(env.path("plans.toml"), PLANS).unwrap();
    env.ok(["import", env.path("plans.toml").to_str().unwrap()]);
    env
}

fn rows(env: &TestEnv, args: &[&str]) -> Vec<Map<String, Value>> {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--format", "json"]);
    env.ok(all).json_rows()
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

// Item 3: many-to-many lineage with a basis --------------------------------------------

#[test]
fn the_counter_proposals_territory_point_merges_four_provisions_none_dropped() {
    let env = env_with_plans();
    let diff = rows(&env, &["report", "plan-diff", "us-28", "eu-counter"]);
    let merged: Vec<String> = diff
        .iter()
        .filter(|r| r["change"] == "merged")
        .map(|r| {
            assert_eq!(r["provision_b"], "eu-territory");
            assert_eq!(r["basis"], "reuters-eu");
            text(&r["provision_a"])
        })
        .collect();
    assert_eq!(
        merged,
        ["28-recognise", "28-freeze", "28-withdraw", "28-dmz"],
        "four merged rows, in point order: {diff:?}"
    );
    let dropped: Vec<String> = diff
        .iter()
        .filter(|r| r["change"] == "dropped")
        .map(|r| text(&r["provision_a"]))
        .collect();
    assert_eq!(dropped, ["28-elections", "28-g8"], "{diff:?}");
    let cap = diff.iter().find(|r| r["provision_b"] == "eu-cap").unwrap();
    assert_eq!(cap["change"], "modified");
    assert_eq!(cap["basis"], "editorial");
}

#[test]
fn provision_show_lists_every_link_with_its_relation_and_basis() {
    let env = env_with_plans();
    let shown = env
        .ok(["provision", "show", "eu-territory", "--format", "json"])
        .json();
    let shown = if shown.is_array() {
        shown[0].clone()
    } else {
        shown
    };
    assert_eq!(
        shown["continues"],
        "28-dmz, 28-freeze, 28-recognise, 28-withdraw"
    );
    assert_eq!(shown["relation"], "merged");
    assert_eq!(shown["basis"], "reuters-eu");
    let earlier = env
        .ok(["provision", "show", "28-cap", "--format", "json"])
        .json();
    let earlier = if earlier.is_array() {
        earlier[0].clone()
    } else {
        earlier
    };
    assert_eq!(earlier["continued_by"], "eu-cap, geneva-cap");
}

#[test]
fn repeatable_continues_on_the_command_line_with_one_relation_and_a_source_basis() {
    let env = env_with_plans();
    env.ok([
        "provision",
        "add",
        "--key",
        "draft20-territory",
        "--plan",
        "draft-20",
        "--title",
        "Territory",
        "--category",
        "territory",
        "--continues",
        "28-freeze",
        "--continues",
        "28-withdraw",
        "--relation",
        "merged",
        "--basis",
        "reuters-eu",
    ]);
    assert_eq!(
        env.text(
            "SELECT group_concat(c.key || ':' || l.relation || ':' || s.key, ' ')
             FROM (SELECT * FROM provision_links ORDER BY continues_id) l
             JOIN provisions p ON p.id = l.provision_id
             JOIN provisions c ON c.id = l.continues_id
             JOIN sources s ON s.id = l.basis_source_id
             WHERE p.key = 'draft20-territory'"
        )
        .unwrap(),
        "28-freeze:merged:reuters-eu 28-withdraw:merged:reuters-eu"
    );
    // On update, --continues replaces the list; --unset continues removes it.
    env.ok([
        "provision",
        "update",
        "draft20-territory",
        "--continues",
        "eu-territory",
        "--relation",
        "same",
    ]);
    let shown = env
        .ok(["provision", "show", "draft20-territory", "--format", "json"])
        .json();
    let shown = if shown.is_array() {
        shown[0].clone()
    } else {
        shown
    };
    assert_eq!(shown["continues"], "eu-territory");
    assert_eq!(shown["basis"], "editorial");
    env.ok([
        "provision",
        "update",
        "draft20-territory",
        "--unset",
        "continues",
    ]);
    assert_eq!(
        env.text(
            "SELECT CAST(count(*) AS TEXT) FROM provision_links l JOIN provisions p ON p.id = l.provision_id
             WHERE p.key = 'draft20-territory'"
        )
        .unwrap(),
        "0"
    );
    // Every removed link is kept in history.
    assert_eq!(
        env.text("SELECT CAST(count(*) AS TEXT) FROM history WHERE table_name = 'provision_links'")
            .unwrap(),
        "3"
    );
}

#[test]
fn cycles_links_inside_one_plan_and_unknown_bases_are_refused_unchanged() {
    let env = env_with_plans();
    let err = env
        .fails_unchanged(
            65,
            [
                "provision",
                "update",
                "28-cap",
                "--continues",
                "draft20-cap",
                "--relation",
                "modified",
            ],
        )
        .one_error_line()
        .to_string();
    assert!(err.contains("cycle") && err.contains("28-cap"), "{err}");
    let err = env
        .fails_unchanged(
            65,
            [
                "provision",
                "update",
                "28-g8",
                "--continues",
                "28-cap",
                "--relation",
                "modified",
            ],
        )
        .one_error_line()
        .to_string();
    assert!(err.contains("both are in plan 'us-28'"), "{err}");
    let err = env
        .fails_unchanged(
            66,
            [
                "provision",
                "update",
                "eu-cap",
                "--continues",
                "28-cap",
                "--relation",
                "modified",
                "--basis",
                "reuters-eux",
            ],
        )
        .one_error_line()
        .to_string();
    assert!(
        err.contains("--basis") && err.contains("reuters-eu"),
        "{err}"
    );
    let err = env
        .fails_unchanged(
            65,
            [
                "provision",
                "update",
                "eu-cap",
                "--continues",
                "28-cap",
                "--continues",
                "28-g8",
                "--relation",
                "modified",
                "--relation",
                "merged",
                "--relation",
                "split",
            ],
        )
        .one_error_line()
        .to_string();
    assert!(
        err.contains("--relation given 3 times for 2 --continues"),
        "{err}"
    );
}

#[test]
fn an_upgraded_database_keeps_its_single_link_as_an_editorial_lineage_link() {
    use provtrack::store::migrate::{self, MIGRATIONS};
    let env = TestEnv::new();
    {
        let mut conn = rusqlite::Connection::open(env.db_path()).unwrap();
        // The level of the statement model, before lineage (issue 12).
        let statements = MIGRATIONS
            .iter()
            .position(|m| m.name.ends_with("_statements"))
            .unwrap()
            + 1;
        migrate::apply(&mut conn, &MIGRATIONS[..statements]).unwrap();
        conn.execute_batch(
            "INSERT INTO plans (key, title, status) VALUES ('a', 'A', 'leaked'), ('b', 'B', 'proposed');
             INSERT INTO provisions (key, plan_id, point, title, category, continues_id, relation)
             VALUES ('a1', 1, 7, 'x', 'territory', NULL, NULL),
                    ('b1', 2, 7, 'y', 'territory', 1, 'modified');
             UPDATE provisions SET title = 'y2' WHERE key = 'b1';",
        )
        .unwrap();
    }
    env.ok(["migrate"]);
    let shown = env
        .ok(["provision", "show", "b1", "--format", "json"])
        .json();
    let shown = if shown.is_array() {
        shown[0].clone()
    } else {
        shown
    };
    assert_eq!(shown["continues"], "a1");
    assert_eq!(shown["relation"], "modified");
    assert_eq!(shown["basis"], "editorial");
    assert_eq!(shown["point"], "7");
    // The history of before the upgrade is still there.
    assert_eq!(
        env.text("SELECT CAST(count(*) AS TEXT) FROM history WHERE table_name = 'provisions' AND record_key = 'b1'")
            .unwrap(),
        "1"
    );
    let diff = rows(&env, &["report", "plan-diff", "a", "b"]);
    assert_eq!(diff.len(), 1);
    assert_eq!(diff[0]["change"], "modified");
}

// Item 1: plan relations -----------------------------------------------------------------

#[test]
fn plans_respond_to_and_supersede_others_and_versions_draws_the_family() {
    let env = env_with_plans();
    env.ok(["plan", "update", "us-28", "--status", "superseded"]);
    let shown = env.ok(["plan", "show", "us-28", "--format", "json"]).json();
    let shown = if shown.is_array() {
        shown[0].clone()
    } else {
        shown
    };
    assert_eq!(shown["status"], "superseded");
    assert_eq!(shown["superseded_by"], "draft-20");
    let shown = env
        .ok(["plan", "show", "eu-counter", "--format", "json"])
        .json();
    let shown = if shown.is_array() {
        shown[0].clone()
    } else {
        shown
    };
    assert_eq!(shown["responds_to"], "us-28");

    env.ok([
        "plan",
        "add",
        "--key",
        "other",
        "--title",
        "Unrelated",
        "--status",
        "proposed",
    ]);
    let family = rows(&env, &["report", "versions", "--plan", "eu-counter"]);
    let keys: Vec<String> = family.iter().map(|r| text(&r["plan"])).collect();
    assert_eq!(keys, ["us-28", "eu-counter", "geneva", "draft-20"]);
    assert_eq!(family[0]["answered_by"], "eu-counter, geneva");
    assert_eq!(family[0]["superseded_by"], "draft-20");
    assert_eq!(family[3]["supersedes"], "us-28");
    assert_eq!(family[3]["text_known"], "partial");
}

#[test]
fn a_plan_cannot_relate_to_itself_nor_supersede_in_a_circle() {
    let env = env_with_plans();
    let err = env
        .fails_unchanged(65, ["plan", "update", "us-28", "--responds-to", "us-28"])
        .one_error_line()
        .to_string();
    assert!(err.contains("--responds-to names the plan itself"), "{err}");
    let err = env
        .fails_unchanged(65, ["plan", "update", "us-28", "--supersedes", "draft-20"])
        .one_error_line()
        .to_string();
    assert!(err.contains("cycle"), "{err}");
    env.fails_unchanged(65, ["plan", "update", "us-28", "--status", "replaced"])
        .stderr_has(&["superseded"]);
}

// Item 2: how much of a plan's text is known ----------------------------------------------

#[test]
fn a_plan_known_in_part_or_in_summary_gives_not_reported_instead_of_dropped() {
    let env = env_with_plans();
    for plan in ["geneva", "draft-20"] {
        let diff = rows(&env, &["report", "plan-diff", "us-28", plan]);
        assert!(
            !diff.iter().any(|r| r["change"] == "dropped"),
            "{plan}: {diff:?}"
        );
        let not_reported = diff
            .iter()
            .filter(|r| r["change"] == "not reported")
            .count();
        let expected = if plan == "geneva" { 6 } else { 7 };
        assert_eq!(not_reported, expected, "{plan}: {diff:?}");
    }
    // Once the text is known in full, the same provisions are dropped.
    env.ok(["plan", "update", "geneva", "--text-known", "full"]);
    let diff = rows(&env, &["report", "plan-diff", "us-28", "geneva"]);
    assert_eq!(diff.iter().filter(|r| r["change"] == "dropped").count(), 6);
    env.fails_unchanged(65, ["plan", "update", "geneva", "--text-known", "most"])
        .stderr_has(&["text_known", "full, partial, summary"]);
}

// Item 4: point labels ---------------------------------------------------------------------

#[test]
fn point_labels_are_kept_as_written_in_natural_order_and_may_repeat() {
    let env = env_with_plans();
    env.ok([
        "provision",
        "add",
        "--key",
        "28-dmz-monitoring",
        "--plan",
        "us-28",
        "--point",
        "21(d)",
        "--title",
        "The zone is monitored",
        "--category",
        "territory",
    ]);
    let listed = rows(&env, &["provision", "list", "--plan", "us-28"]);
    let points: Vec<String> = listed.iter().map(|r| text(&r["point"])).collect();
    assert_eq!(
        points,
        ["2", "6", "10", "21a", "21b", "21c", "21(d)", "21(d)"],
        "{listed:?}"
    );
    let err = env
        .fails_unchanged(
            65,
            [
                "provision",
                "add",
                "--key",
                "bad",
                "--plan",
                "us-28",
                "--point",
                "21 a",
                "--title",
                "x",
                "--category",
                "territory",
            ],
        )
        .one_error_line()
        .to_string();
    assert!(err.contains("invalid point '21 a'"), "{err}");
}

// Files: claims, CSV and JSON Lines round trips ----------------------------------------

#[test]
fn exports_of_lineage_and_plan_relations_import_again_byte_identical() {
    let env = env_with_plans();
    for format in ["toml", "csv", "jsonl"] {
        let first = env.path(&format!("first-{format}"));
        let second = env.path(&format!("second-{format}"));
        let copy = env.path(&format!("copy-{format}.db"));
        let mut export = vec!["export", "--out", first.to_str().unwrap()];
        if format != "toml" {
            export.extend(["--file-format", format]);
        }
        env.ok(export.clone());
        env.run_on(&copy, ["import", first.to_str().unwrap()])
            .code(0);
        let mut again = vec!["export", "--out", second.to_str().unwrap()];
        if format != "toml" {
            again.extend(["--file-format", format]);
        }
        env.run_on(&copy, again).code(0);
        let files = files_under(&first);
        assert_eq!(files, files_under(&second), "{format}");
        for name in files {
            assert_eq!(
                crate::common::bytes(&first.join(&name)),
                crate::common::bytes(&second.join(&name)),
                "{format}: {name} differs after the round trip"
            );
        }
    }
    let plans = std::fs::read_to_string(env.path("first-toml").join("plans.toml")).unwrap();
    assert!(plans.contains("responds_to = [\"us-28\"]"), "{plans}");
    assert!(plans.contains("point = \"21(d)\""), "{plans}");
    assert!(
        plans
            .contains("continues = [\"28-dmz\", \"28-freeze\", \"28-recognise\", \"28-withdraw\"]"),
        "{plans}"
    );
}

/// Every file under `dir`, as paths relative to it, sorted.
fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for name in crate::common::listing(dir) {
        let path = dir.join(&name);
        if path.is_dir() {
            out.extend(
                files_under(&path)
                    .into_iter()
                    .map(|n| format!("{name}/{n}")),
            );
        } else {
            out.push(name);
        }
    }
    out.sort();
    out
}

// Item 5: reports that follow lineage ---------------------------------------------------

const STANCES: &str = r#"
[source]
key = "kyiv-2025-11-25"
outlet = "Kyiv Independent"
title = "Zelensky backs the European army figure"
published_on = "2025-11-25"
kind = "news"

[[stances]]
actor = "zelensky"
provision = "28-cap"
position = "undecided"
stated_on = "2025-11-21"
source = "reuters-eu"
quote = "We are studying the figure."

[[stances]]
actor = "zelensky"
provision = "eu-cap"
position = "supports"
stated_on = "2025-11-25"
quote = "800,000 in peacetime is a figure we can accept."
"#;

fn env_with_stances() -> TestEnv {
    let env = env_with_plans();
    std::fs::write(env.path("stances.toml"), STANCES).unwrap();
    env.ok(["import", env.path("stances.toml").to_str().unwrap()]);
    env
}

#[test]
fn zelenskys_move_from_600k_to_800k_is_a_shift_across_the_lineage() {
    let env = env_with_stances();
    let shifts = rows(&env, &["report", "shifts", "--actor", "zelensky"]);
    assert_eq!(shifts.len(), 1, "{shifts:?}");
    let s = &shifts[0];
    assert_eq!(s["provision"], "eu-cap");
    assert_eq!(s["from_provision"], "28-cap");
    assert_eq!(s["from_plan"], "us-28");
    assert_eq!(s["from_position"], "undecided");
    assert_eq!(s["to_position"], "supports");
    assert_eq!(s["from_stated_on"], "2025-11-21");
    assert_eq!(s["to_stated_on"], "2025-11-25");
    // With --plan, the earlier version (of another plan) is still compared.
    let shifts = rows(&env, &["report", "shifts", "--plan", "eu-counter"]);
    assert_eq!(shifts.len(), 1, "{shifts:?}");
    // --no-lineage compares stances on one provision only.
    let shifts = rows(&env, &["report", "shifts", "--no-lineage"]);
    assert!(shifts.is_empty(), "{shifts:?}");
}

#[test]
fn thread_lists_every_version_then_every_stance_in_date_order() {
    let env = env_with_stances();
    for start in ["28-cap", "eu-cap", "draft20-cap"] {
        let thread = rows(&env, &["report", "thread", start]);
        let entries: Vec<(String, String)> = thread
            .iter()
            .map(|r| (text(&r["entry"]), text(&r["provision"])))
            .collect();
        assert_eq!(
            entries,
            [
                ("version".into(), "28-cap".into()),
                ("version".into(), "eu-cap".into()),
                ("version".into(), "geneva-cap".into()),
                ("version".into(), "draft20-cap".into()),
                ("stance".into(), "28-cap".into()),
                ("stance".into(), "eu-cap".into()),
            ],
            "from {start}: {thread:?}"
        );
        assert_eq!(
            thread[1]["text"],
            "Ukraine's armed forces are limited to 800,000 in peacetime."
        );
        assert_eq!(
            thread[5]["text"],
            "800,000 in peacetime is a figure we can accept."
        );
    }
    let err = env
        .fails_unchanged(66, ["report", "thread", "eu-capp"])
        .one_error_line()
        .to_string();
    assert!(err.contains("eu-cap"), "{err}");
}

// Item 8: sql --as-of ------------------------------------------------------------------------

#[test]
fn sql_as_of_sees_current_stances_and_reports_as_known_that_day() {
    let env = env_with_stances();
    let query = "SELECT provision, position FROM current_stances WHERE actor = 'zelensky' ORDER BY provision";
    let now = rows(&env, &["sql", query]);
    assert_eq!(now.len(), 2, "{now:?}");
    let then = rows(&env, &["sql", "--as-of", "2025-11-23", query]);
    assert_eq!(then.len(), 1, "{then:?}");
    assert_eq!(then[0]["provision"], "28-cap");
    assert_eq!(then[0]["position"], "undecided");
    // The report views too, by the same rule (a month means up to its end).
    let shifts = "SELECT actor FROM report_shifts";
    assert_eq!(rows(&env, &["sql", shifts]).len(), 1);
    assert_eq!(
        rows(&env, &["sql", "--as-of", "2025-11-24", shifts]).len(),
        0
    );
    assert_eq!(rows(&env, &["sql", "--as-of", "2025-11", shifts]).len(), 1);
    env.fails_unchanged(65, ["sql", "--as-of", "2025-13", shifts])
        .stderr_has(&["as-of"]);
}

// Item 6: what a source says a provision contains -----------------------------------------

const TELEGRAPH: &str = r#"
[source]
key = "telegraph-eu"
outlet = "The Telegraph"
title = "Europe keeps the army cap"
published_on = "2025-11-24"
kind = "news"

[[provision_reports]]
provision = "eu-cap"
text = "The European text keeps the 28-point plan's cap of 600,000 troops."
"#;

#[test]
fn terms_differ_when_independent_sources_give_different_figures() {
    let env = env_with_plans();
    env.ok([
        "provision",
        "report",
        "eu-cap",
        "--source",
        "reuters-eu",
        "--text",
        "Ukraine's armed forces would be capped at 800,000 in peacetime.",
    ]);
    // Before a second account there is nothing to compare.
    assert!(rows(&env, &["report", "conflicts"]).is_empty());
    std::fs::write(env.path("telegraph.toml"), TELEGRAPH).unwrap();
    env.ok(["import", env.path("telegraph.toml").to_str().unwrap()]);
    let conflicts = rows(&env, &["report", "conflicts"]);
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let c = &conflicts[0];
    assert_eq!(c["conflict"], "terms differ");
    assert_eq!(c["provision"], "eu-cap");
    assert_eq!(c["first_source"], "reuters-eu");
    assert_eq!(c["second_source"], "telegraph-eu");
    assert!(text(&c["first_text"]).contains("800,000"), "{c:?}");
    assert!(text(&c["second_text"]).contains("600,000"), "{c:?}");
    // Only the figures count: the same figure in other words is no conflict.
    env.ok([
        "provision",
        "report",
        "eu-cap",
        "--source",
        "telegraph-eu",
        "--text",
        "Europe's draft allows an army of 800 000 in peacetime.",
    ]);
    assert!(rows(&env, &["report", "conflicts"]).is_empty());
    // The account is exported with its source, and comes back the same.
    env.ok(["export", "--out", env.path("out").to_str().unwrap()]);
    let file =
        std::fs::read_to_string(env.path("out").join("sources").join("telegraph-eu.toml")).unwrap();
    assert!(
        file.contains("[[provision_reports]]") && file.contains("figures = \"800000\""),
        "{file}"
    );
    let err = env
        .fails_unchanged(
            66,
            [
                "provision",
                "report",
                "eu-cap",
                "--source",
                "nobody",
                "--text",
                "x",
            ],
        )
        .one_error_line()
        .to_string();
    assert!(err.contains("nobody"), "{err}");
}

/// Issue 12: provision reports travel in the tables layout too (they were only in
/// claims files; `export --layout tables` said so and left them out), as a table of
/// their own, `provision_reports.csv` or `.jsonl`, that `import` reads back.
#[test]
fn provision_reports_round_trip_through_csv_and_jsonl_tables() {
    let env = env_with_plans();
    env.ok([
        "provision",
        "report",
        "eu-cap",
        "--source",
        "reuters-eu",
        "--text",
        "Ukraine's armed forces would be capped at 800,000 in peacetime.",
    ]);
    std::fs::write(env.path("telegraph.toml"), TELEGRAPH).unwrap();
    env.ok(["import", env.path("telegraph.toml").to_str().unwrap()]);
    let conflicts = rows(&env, &["report", "conflicts"]);
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    for format in ["csv", "jsonl"] {
        let out = env.path(&format!("tables-{format}"));
        let out = out.to_str().unwrap();
        let run = env.ok([
            "export",
            "--layout",
            "tables",
            "--file-format",
            format,
            "--out",
            out,
        ]);
        assert!(!run.stderr.contains("not in the tables"), "{}", run.stderr);
        assert!(run.stderr.contains("2 provision_reports"), "{}", run.stderr);
        let table =
            std::fs::read_to_string(Path::new(out).join(format!("provision_reports.{format}")))
                .unwrap();
        if format == "csv" {
            assert!(
                table.starts_with("provision,source,text,figures\n"),
                "{table}"
            );
        }
        assert!(
            table.contains("reuters-eu") && table.contains("600000"),
            "{table}"
        );
        // Into a new database: the same accounts, the same conflict.
        let db = env.path(&format!("copy-{format}.db"));
        let dry = env.run_on(&db, ["import", "--dry-run", out]);
        dry.code(0);
        assert!(
            dry.stderr
                .contains("would add provision report 'eu-cap' from 'telegraph-eu'"),
            "{}",
            dry.stderr
        );
        let run = env.run_on(&db, ["import", "--format", "csv", out]);
        run.code(0);
        assert!(
            run.stdout.contains("provision report,2,0,0"),
            "{}",
            run.stdout
        );
        let again = env.run_on(&db, ["--format", "json", "report", "conflicts"]);
        again.code(0);
        assert_eq!(again.json_rows(), conflicts, "{format}");
        // Imported twice: nothing changes.
        let run = env.run_on(&db, ["import", "--format", "csv", out]);
        assert!(
            run.stdout.contains("provision report,0,0,2"),
            "{}",
            run.stdout
        );
    }
    // A file whose name does not say what it holds: --kind provision-report.
    let renamed = env.path("accounts.csv");
    std::fs::copy(
        env.path("tables-csv").join("provision_reports.csv"),
        &renamed,
    )
    .unwrap();
    let run = env.ok([
        "import",
        "--kind",
        "provision-report",
        "--format",
        "csv",
        renamed.to_str().unwrap(),
    ]);
    assert!(
        run.stdout.contains("provision report,0,0,2"),
        "{}",
        run.stdout
    );
    let err = env
        .fails_unchanged(
            65,
            [
                "import",
                "--kind",
                "provision-reprot",
                renamed.to_str().unwrap(),
            ],
        )
        .one_error_line()
        .to_string();
    assert!(err.contains("did you mean"), "{err}");
    // A row that names no source is refused with its file and line, and nothing is
    // written.
    let bad = env.path("bad/provision_reports.csv");
    std::fs::create_dir_all(bad.parent().unwrap()).unwrap();
    std::fs::write(&bad, "provision,text\neu-cap,A cap of 700000.\n").unwrap();
    let err = env
        .fails_unchanged(65, ["import", bad.to_str().unwrap()])
        .one_error_line()
        .to_string();
    assert!(
        err.contains("provision_reports.csv:2") && err.contains("missing source"),
        "{err}"
    );
}

#[test]
fn matrix_inherit_fills_empty_cells_from_the_provision_they_continue() {
    let env = env_with_stances();
    // The 20-point draft has no stance of its own: without --inherit, no rows.
    let plain = rows(&env, &["report", "matrix", "--plan", "draft-20"]);
    assert!(plain.is_empty(), "{plain:?}");
    let inherited = rows(
        &env,
        &["report", "matrix", "--plan", "draft-20", "--inherit"],
    );
    assert_eq!(inherited.len(), 1, "{inherited:?}");
    assert_eq!(inherited[0]["actor"], "zelensky");
    // The nearest version first: eu-cap (supports), not 28-cap (undecided).
    assert_eq!(
        inherited[0]["draft20-cap"],
        "supports (2025-11-25) ← eu-cap"
    );
    // In the European matrix, its own stance wins over the inherited one.
    let eu = rows(
        &env,
        &["report", "matrix", "--plan", "eu-counter", "--inherit"],
    );
    assert_eq!(eu[0]["eu-cap"], "supports (2025-11-25)");
    let table = env
        .ok(["report", "matrix", "--plan", "draft-20", "--inherit"])
        .stdout;
    assert!(table.contains("lower case: inherited"), "{table}");
    // And as known before the European text: the 28-point stance.
    let then = rows(
        &env,
        &[
            "report",
            "matrix",
            "--plan",
            "draft-20",
            "--inherit",
            "--as-of",
            "2025-11-23",
        ],
    );
    assert_eq!(then[0]["draft20-cap"], "undecided (2025-11-21) ← 28-cap");
}

// Item 7: joint statements and groups --------------------------------------------------------

const G20: &str = r#"
[source]
key = "g20-2025-11-22"
outlet = "G20"
title = "Joint statement on Ukraine"
published_on = "2025-11-22"
kind = "official"

[[actors]]
key = "merz"
name = "Friedrich Merz"
kind = "person"
tags = ["europe"]

[[actors]]
key = "macron"
name = "Emmanuel Macron"
kind = "person"
tags = ["europe"]

[[actors]]
key = "g20-statement"
name = "Joint statement of 22 November"
kind = "statement"
members = ["merz", "macron", "zelensky"]

[[stances]]
actor = "g20-statement"
provision = "28-cap"
position = "opposes"
stated_on = "2025-11-22"
evidence = "The signatories are concerned by the proposed limits on Ukraine's armed forces."
"#;

fn env_with_g20() -> TestEnv {
    let env = env_with_stances();
    std::fs::write(env.path("g20.toml"), G20).unwrap();
    env.ok(["import", env.path("g20.toml").to_str().unwrap()]);
    env
}

#[test]
fn a_joint_statement_shows_on_each_members_row_with_expand_members() {
    let env = env_with_g20();
    let shown = env
        .ok(["actor", "show", "g20-statement", "--format", "json"])
        .json();
    let shown = if shown.is_array() {
        shown[0].clone()
    } else {
        shown
    };
    assert_eq!(shown["members"], "macron, merz, zelensky");
    assert_eq!(shown["kind"], "statement");
    let plain = rows(&env, &["report", "matrix", "--plan", "us-28"]);
    let actors: Vec<String> = plain.iter().map(|r| text(&r["actor"])).collect();
    assert!(actors.contains(&"g20-statement".to_string()), "{actors:?}");
    assert!(!actors.contains(&"merz".to_string()), "{actors:?}");
    let expanded = rows(
        &env,
        &["report", "matrix", "--plan", "us-28", "--expand-members"],
    );
    let row = |who: &str| expanded.iter().find(|r| r["actor"] == who).unwrap().clone();
    assert_eq!(
        row("merz")["28-cap"],
        "opposes (2025-11-22) via g20-statement"
    );
    assert_eq!(
        row("macron")["28-cap"],
        "opposes (2025-11-22) via g20-statement"
    );
    // Zelensky's own stance on the 28-point cap stays his own.
    assert_eq!(row("zelensky")["28-cap"], "undecided (2025-11-21)");
    assert_eq!(row("g20-statement")["28-cap"], "opposes (2025-11-22)");
}

#[test]
fn tags_group_actors_and_every_report_takes_group() {
    let env = env_with_g20();
    env.ok(["actor", "tag", "add", "g20-statement", "europe"]);
    env.ok(["actor", "tag", "add", "zelensky", "ukraine-side"]);
    let shown = env.ok(["actor", "show", "merz", "--format", "json"]).json();
    let shown = if shown.is_array() {
        shown[0].clone()
    } else {
        shown
    };
    assert_eq!(shown["tags"], "europe");
    // Which European actors oppose the army cap as of 26 November?
    let matrix = rows(
        &env,
        &[
            "report",
            "matrix",
            "--plan",
            "us-28",
            "--group",
            "europe",
            "--as-of",
            "2025-11-26",
        ],
    );
    let actors: Vec<String> = matrix.iter().map(|r| text(&r["actor"])).collect();
    assert_eq!(actors, ["g20-statement"]);
    let timeline = rows(&env, &["report", "timeline", "--group", "ukraine-side"]);
    assert!(timeline.iter().all(|r| r["actor"] == "zelensky") && timeline.len() == 2);
    let shifts = rows(&env, &["report", "shifts", "--group", "europe"]);
    assert!(shifts.is_empty(), "{shifts:?}");
    for report in [
        vec!["report", "contested", "--group", "europe"],
        vec!["report", "coverage", "--group", "europe"],
        vec!["report", "conflicts", "--group", "europe"],
        vec!["report", "sources", "--group", "europe"],
        vec!["report", "thread", "28-cap", "--group", "europe"],
    ] {
        env.ok(report);
    }
    let thread = rows(&env, &["report", "thread", "28-cap", "--group", "europe"]);
    let stances: Vec<String> = thread
        .iter()
        .filter(|r| r["entry"] == "stance")
        .map(|r| text(&r["actor"]))
        .collect();
    assert_eq!(stances, ["g20-statement"]);
    env.fails_unchanged(66, ["report", "timeline", "--group", "asia"])
        .stderr_has(&["no actor has tag 'asia'"]);
    env.ok(["actor", "tag", "remove", "zelensky", "ukraine-side"]);
    assert_eq!(
        env.text("SELECT CAST(count(*) AS TEXT) FROM history WHERE table_name = 'actor_tags'")
            .unwrap(),
        "1"
    );
}

#[test]
fn unset_clears_a_plans_relations_and_keeps_them_in_history() {
    let env = env_with_plans();
    env.ok(["plan", "update", "eu-counter", "--unset", "responds-to"]);
    let shown = env
        .ok(["plan", "show", "eu-counter", "--format", "json"])
        .json();
    let shown = if shown.is_array() {
        shown[0].clone()
    } else {
        shown
    };
    assert_eq!(shown["responds_to"], Value::Null);
    assert_eq!(
        env.text("SELECT CAST(count(*) AS TEXT) FROM history WHERE table_name = 'plan_relations'")
            .unwrap(),
        "1"
    );
}
