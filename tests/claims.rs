//! Issue 11: what the news actually says. Stances on a plan as a whole or on several
//! provisions, `neutral`, kinds of statement, reported speech and relayed sources,
//! quote and evidence apart, inferred dates, the current stance preferring the actor's
//! own word, and stable stance keys — each through the built binary, as a user would.

use crate::common::TestEnv;
use serde_json::{Map, Value};

/// A plan with two provisions, its proposer, other actors, and sources published on
/// consecutive days (Rubio's own words on the 23rd; the senators' account on the
/// 24th; a leak relayed by two outlets).
const BASE: &str = r#"
[[actors]]
key = "united-states"
name = "United States"
kind = "state"

[[actors]]
key = "rubio"
name = "Marco Rubio"
kind = "person"
parent = "united-states"

[[actors]]
key = "king"
name = "Angus King"
kind = "person"

[[actors]]
key = "russia"
name = "Russia"
kind = "state"

[[actors]]
key = "kallas"
name = "Kaja Kallas"
kind = "person"

[[actors]]
key = "nato"
name = "NATO"
kind = "organization"

[[actors]]
key = "peskov"
name = "Dmitry Peskov"
kind = "person"

[[plans]]
key = "us-28"
title = "US 28-point plan"
status = "proposed"
proposers = ["united-states"]

[[provisions]]
key = "army-cap"
plan = "us-28"
point = 6
title = "Cap on Ukraine's armed forces"
category = "armed-forces"

[[provisions]]
key = "territory"
plan = "us-28"
point = 21
title = "Territory"
category = "territory"
"#;

fn source(key: &str, day: &str) -> String {
    format!(
        "[source]\nkey = \"{key}\"\noutlet = \"{key}\"\ntitle = \"{key}\"\npublished_on = \"{day}\"\nkind = \"news\"\n"
    )
}

fn env_with(files: &[(&str, String)]) -> TestEnv {
    let env = TestEnv::init();
    let mut args = vec!["import".to_string()];
    for (name, text) in files {
        let path = env.path(name);
        std::fs::write(&path, text).unwrap();
        args.push(path.to_string_lossy().into_owned());
    }
    env.ok(&args);
    env
}

fn base() -> TestEnv {
    env_with(&[("base.toml", BASE.to_string())])
}

fn json(env: &TestEnv, args: &[&str]) -> Vec<Map<String, Value>> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    env.ok(all).json_rows()
}

fn add(env: &TestEnv, args: &[&str]) -> String {
    let mut all = vec!["stance", "add"];
    all.extend_from_slice(args);
    env.ok(all).stdout
}

fn add_sources(env: &TestEnv, sources: &[(&str, &str)]) {
    for (key, day) in sources {
        env.ok([
            "source",
            "add",
            "--key",
            key,
            "--outlet",
            key,
            "--title",
            key,
            "--published-on",
            day,
            "--kind",
            "news",
        ]);
    }
}

// ------------------------------------------------------- 1. targets, whole plan

#[test]
fn a_whole_plan_stance_appears_once_in_the_matrix_and_once_in_sources() {
    let env = base();
    add_sources(&env, &[("reuters-1121", "2025-11-21")]);
    add(
        &env,
        &[
            "--actor",
            "united-states",
            "--plan",
            "us-28",
            "--position",
            "supports",
            "--source",
            "reuters-1121",
            "--date",
            "2025-11-21",
        ],
    );
    let matrix = json(&env, &["report", "matrix", "--plan", "us-28"]);
    assert_eq!(
        matrix[0].keys().collect::<Vec<_>>(),
        ["actor", "whole plan", "army-cap", "territory"],
        "the whole plan comes first"
    );
    assert_eq!(matrix.len(), 1);
    assert_eq!(matrix[0]["whole plan"], "supports (2025-11-21)");
    assert!(matrix[0]["army-cap"].is_null() && matrix[0]["territory"].is_null());
    let sources = json(&env, &["report", "sources"]);
    let reuters = sources
        .iter()
        .find(|r| r["source"] == "reuters-1121")
        .unwrap();
    assert_eq!(reuters["stances"], 1);
    assert_eq!(reuters["provisions"], 0);
    assert_eq!(reuters["plans"], 1);
    // The proposer has a stance on its own plan: coverage does not list it as silent.
    let coverage = json(&env, &["report", "coverage"]);
    assert!(
        !coverage.iter().any(|r| r["subject"] == "actor"),
        "{coverage:?}"
    );
    // One row in the timeline and in contested, with no provision.
    let timeline = json(&env, &["report", "timeline"]);
    assert_eq!(timeline.len(), 1);
    assert!(timeline[0]["provision"].is_null());
    let contested = json(&env, &["report", "contested"]);
    assert_eq!(contested.len(), 1);
    assert!(contested[0]["provision"].is_null());
    assert_eq!(contested[0]["supporters"], "united-states (supports)");
}

#[test]
fn one_statement_on_several_provisions_is_one_stance_counted_once() {
    let env = base();
    add_sources(&env, &[("politico-1125", "2025-11-25")]);
    let out = add(
        &env,
        &[
            "--actor",
            "kallas",
            "--provision",
            "army-cap",
            "--provision",
            "territory",
            "--position",
            "opposes",
            "--source",
            "politico-1125",
            "--quote",
            "The pressure should be on the aggressor",
        ],
    );
    assert!(out.starts_with("added stance 1 "), "{out}");
    assert_eq!(env.count("stances"), 1);
    let shown = env.ok(["--format", "json", "stance", "show", "1"]).json();
    assert_eq!(shown["provision"], "army-cap, territory");
    assert_eq!(shown["plan"], "us-28");
    let matrix = json(&env, &["report", "matrix", "--plan", "us-28"]);
    assert_eq!(matrix[0]["army-cap"], "opposes (~2025-11-25)");
    assert_eq!(matrix[0]["territory"], "opposes (~2025-11-25)");
    let sources = json(&env, &["report", "sources"]);
    assert_eq!(sources[0]["stances"], 1, "a statement, not its targets");
    assert_eq!(sources[0]["provisions"], 2);
    // Provisions of another plan cannot be mixed in.
    env.ok([
        "plan",
        "add",
        "--key",
        "eu-plan",
        "--title",
        "EU",
        "--status",
        "counter-proposal",
    ]);
    env.ok([
        "provision",
        "add",
        "--key",
        "eu-army",
        "--plan",
        "eu-plan",
        "--title",
        "Army",
        "--category",
        "armed-forces",
    ]);
    env.fails_unchanged(
        65,
        [
            "stance",
            "add",
            "--actor",
            "kallas",
            "--provision",
            "army-cap",
            "--provision",
            "eu-army",
            "--position",
            "opposes",
            "--source",
            "politico-1125",
        ],
    )
    .stderr_has(&["provision 'eu-army' is in plan 'eu-plan', not 'us-28'"]);
    env.fails_unchanged(
        65,
        [
            "stance",
            "add",
            "--actor",
            "kallas",
            "--position",
            "opposes",
            "--source",
            "politico-1125",
        ],
    )
    .stderr_has(&["missing --plan or --provision"]);
}

#[test]
fn claims_files_take_provisions_and_plan() {
    let file = format!(
        "{}\n[[stances]]\nactor = \"kallas\"\nprovisions = [\"army-cap\", \"territory\"]\nposition = \"opposes\"\n\n[[stances]]\nactor = \"united-states\"\nplan = \"us-28\"\nposition = \"proposes\"\n",
        source("politico-1125", "2025-11-25")
    );
    let env = env_with(&[("base.toml", BASE.to_string()), ("p.toml", file)]);
    assert_eq!(env.count("stances"), 2);
    assert_eq!(env.count("stance_targets"), 3);
    let matrix = json(&env, &["report", "matrix", "--plan", "us-28"]);
    let us = matrix
        .iter()
        .find(|r| r["actor"] == "united-states")
        .unwrap();
    assert_eq!(us["whole plan"], "proposes (~2025-11-25)");
}

// ------------------------------------------------------------- 2. neutral

#[test]
fn neutral_is_its_own_position_scored_zero() {
    let env = base();
    add_sources(&env, &[("tass-1121", "2025-11-21")]);
    add(
        &env,
        &[
            "--actor",
            "peskov",
            "--provision",
            "territory",
            "--position",
            "neutral",
            "--source",
            "tass-1121",
            "--evidence",
            "Who must recognize what will be determined at the negotiations, Peskov said.",
        ],
    );
    let shown = env.ok(["--format", "json", "stance", "show", "1"]).json();
    assert_eq!(shown["position"], "neutral");
    assert_eq!(shown["score"], 0);
    let contested = json(&env, &["report", "contested"]);
    assert_eq!(contested[0]["undecided"], "peskov");
    env.fails_unchanged(
        65,
        [
            "stance",
            "add",
            "--actor",
            "peskov",
            "--plan",
            "us-28",
            "--position",
            "netural",
            "--source",
            "tass-1121",
        ],
    )
    .stderr_has(&["did you mean", "neutral"]);
}

// ---------------------------------------------------------------- 3. kinds

#[test]
fn forecasts_and_recommendations_stay_out_of_who_stands_where() {
    let env = base();
    add_sources(&env, &[("ft-1122", "2025-11-22")]);
    add(
        &env,
        &[
            "--actor",
            "nato",
            "--provision",
            "army-cap",
            "--position",
            "opposes",
            "--kind",
            "forecast",
            "--source",
            "ft-1122",
            "--evidence",
            "Nato will also object.",
        ],
    );
    add(
        &env,
        &[
            "--actor",
            "russia",
            "--plan",
            "us-28",
            "--position",
            "supports",
            "--kind",
            "recommendation",
            "--source",
            "ft-1122",
        ],
    );
    add(
        &env,
        &[
            "--actor",
            "kallas",
            "--provision",
            "army-cap",
            "--position",
            "rejects",
            "--source",
            "ft-1122",
        ],
    );
    let matrix = json(&env, &["report", "matrix", "--plan", "us-28"]);
    assert_eq!(
        matrix
            .iter()
            .map(|r| r["actor"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["kallas"],
        "positions only"
    );
    let contested = json(&env, &["report", "contested"]);
    assert_eq!(contested.len(), 1);
    assert_eq!(contested[0]["actors"], 1);
    let timeline = json(&env, &["report", "timeline"]);
    let mut kinds: Vec<&str> = timeline
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["forecast", "position", "recommendation"]);
    // --kind filters every report.
    let forecasts = json(
        &env,
        &["report", "matrix", "--plan", "us-28", "--kind", "forecast"],
    );
    assert_eq!(forecasts.len(), 1);
    assert_eq!(forecasts[0]["actor"], "nato");
    assert_eq!(forecasts[0]["army-cap"], "opposes (~2025-11-22)");
    let only = json(&env, &["report", "timeline", "--kind", "recommendation"]);
    assert_eq!(only.len(), 1);
    assert_eq!(only[0]["actor"], "russia");
    let sources = json(&env, &["report", "sources", "--kind", "forecast"]);
    assert_eq!(sources[0]["stances"], 1);
    env.fails_unchanged(65, ["report", "timeline", "--kind", "prediction"])
        .stderr_has(&["invalid kind 'prediction'"]);
}

// ------------------------------------------- 4. reported speech, relayed sources

#[test]
fn a_leak_relayed_by_two_outlets_is_one_independent_source() {
    let env = base();
    add_sources(
        &env,
        &[
            ("strana-leak", "2025-11-20"),
            ("dw-1121", "2025-11-21"),
            ("korybko-1122", "2025-11-22"),
        ],
    );
    for (source, position) in [("dw-1121", "opposes"), ("korybko-1122", "rejects")] {
        add(
            &env,
            &[
                "--actor",
                "russia",
                "--provision",
                "territory",
                "--position",
                position,
                "--source",
                source,
                "--relays",
                "strana-leak",
                "--attribution",
                "anonymous",
                "--date",
                "2025-11-20",
            ],
        );
    }
    let sources = json(&env, &["report", "sources"]);
    let independent: Vec<&str> = sources
        .iter()
        .filter(|r| r["stances"].as_i64().unwrap() > 0)
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert_eq!(independent, ["strana-leak"], "{sources:?}");
    for outlet in ["dw-1121", "korybko-1122"] {
        let row = sources.iter().find(|r| r["source"] == outlet).unwrap();
        assert_eq!(row["relayed"], 1, "{row:?}");
    }
    // Two copies of one leak do not disagree with each other as sources do.
    assert!(json(&env, &["report", "conflicts"]).is_empty());
    // Coverage sees a single source behind the provision.
    let coverage = json(&env, &["report", "coverage"]);
    let territory = coverage.iter().find(|r| r["key"] == "territory").unwrap();
    assert_eq!(territory["gap"], "single source");
    let timeline = json(&env, &["report", "timeline"]);
    assert!(timeline.iter().all(|r| r["relays"] == "strana-leak"));
    // A relayed source is still referenced: it cannot be removed under the stances.
    env.fails_unchanged(65, ["source", "remove", "strana-leak"])
        .stderr_has(&["relays it"]);
}

/// The Rubio case: his own "authored by the U.S." and, a day later in another outlet,
/// Senator King's account that Rubio called it a Russian wish list, both about the
/// same day.
#[test]
fn the_actors_own_word_outranks_a_second_hand_account_of_the_same_day() {
    let env = base();
    add_sources(
        &env,
        &[
            ("state-dept-1123", "2025-11-23"),
            ("reuters-1124", "2025-11-24"),
        ],
    );
    add(
        &env,
        &[
            "--actor",
            "rubio",
            "--plan",
            "us-28",
            "--position",
            "supports",
            "--source",
            "state-dept-1123",
            "--date",
            "2025-11-22",
            "--attribution",
            "direct",
            "--quote",
            "The peace proposal was authored by the U.S.",
        ],
    );
    add(
        &env,
        &[
            "--actor",
            "rubio",
            "--plan",
            "us-28",
            "--position",
            "opposes",
            "--source",
            "reuters-1124",
            "--date",
            "2025-11-22",
            "--via",
            "king",
            "--evidence",
            "Senator King said Rubio told them the plan was a Russian wish list.",
        ],
    );
    let matrix = json(&env, &["report", "matrix", "--plan", "us-28"]);
    assert_eq!(matrix.len(), 1);
    assert_eq!(matrix[0]["actor"], "rubio");
    assert_eq!(matrix[0]["whole plan"], "supports (2025-11-22)");
    let conflicts = json(&env, &["report", "conflicts"]);
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0]["conflict"], "disputed account");
    assert_eq!(conflicts[0]["first_position"], "supports");
    assert_eq!(conflicts[0]["second_position"], "opposes");
    let timeline = json(&env, &["report", "timeline"]);
    let hearsay = timeline
        .iter()
        .find(|r| r["source"] == "reuters-1124")
        .unwrap();
    assert_eq!(hearsay["via"], "king");
    assert_eq!(hearsay["attribution"], "reported");
    // Direct means the actor's own words to the source: not with an intermediary.
    env.fails_unchanged(
        65,
        [
            "stance",
            "add",
            "--actor",
            "rubio",
            "--plan",
            "us-28",
            "--position",
            "opposes",
            "--source",
            "reuters-1124",
            "--via",
            "king",
            "--attribution",
            "direct",
        ],
    )
    .stderr_has(&["attribution 'direct'"]);
}

#[test]
fn independent_sources_that_disagree_are_labelled_so() {
    let env = base();
    add_sources(&env, &[("a-1121", "2025-11-21"), ("b-1122", "2025-11-22")]);
    for (source, position) in [("a-1121", "supports"), ("b-1122", "rejects")] {
        add(
            &env,
            &[
                "--actor",
                "russia",
                "--plan",
                "us-28",
                "--position",
                position,
                "--source",
                source,
                "--date",
                "2025-11-21",
            ],
        );
    }
    let conflicts = json(&env, &["report", "conflicts"]);
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0]["conflict"], "sources disagree");
}

// ----------------------------------------------------- 5. quote and evidence

#[test]
fn quote_and_evidence_are_kept_apart_and_shown() {
    let env = base();
    add_sources(&env, &[("bbc-1123", "2025-11-23")]);
    add(
        &env,
        &[
            "--actor",
            "kallas",
            "--provision",
            "territory",
            "--position",
            "opposes",
            "--source",
            "bbc-1123",
            "--quote",
            "Ukraine must not be forced to give up land",
            "--evidence",
            "Kallas told reporters the plan rewards the aggressor.",
        ],
    );
    let shown = env.ok(["--format", "json", "stance", "show", "1"]).json();
    assert_eq!(shown["quote"], "Ukraine must not be forced to give up land");
    assert_eq!(
        shown["evidence"],
        "Kallas told reporters the plan rewards the aggressor."
    );
    let timeline = json(&env, &["report", "timeline"]);
    assert_eq!(
        timeline[0]["evidence"],
        "Kallas told reporters the plan rewards the aggressor."
    );
    let html = env
        .ok(["--format", "html", "report", "matrix", "--plan", "us-28"])
        .stdout;
    assert!(html.contains("rewards the aggressor"), "{html}");
    let found = json(&env, &["search", "aggressor"]);
    assert_eq!(found.len(), 1);
}

// ------------------------------------------------------------ 6. inferred dates

#[test]
fn an_undated_stance_takes_the_publication_day_marked_inferred() {
    let env = base();
    add_sources(&env, &[("ap-1121", "2025-11-21")]);
    add(
        &env,
        &[
            "--actor",
            "russia",
            "--plan",
            "us-28",
            "--position",
            "supports",
            "--source",
            "ap-1121",
        ],
    );
    let shown = env.ok(["--format", "json", "stance", "show", "1"]).json();
    assert_eq!(shown["stated_on"], "2025-11-21");
    assert_eq!(shown["stated_inferred"], true);
    let table = env.ok(["stance", "list"]).stdout;
    assert!(table.contains("~2025-11-21"), "{table}");
    let timeline = json(&env, &["report", "timeline"]);
    assert_eq!(timeline[0]["stated_on"], "2025-11-21");
    assert_eq!(timeline[0]["stated_inferred"], true);
    assert_eq!(timeline[0]["published_inferred"], false);
    // A stated date is not inferred unless the analyst says so.
    env.ok(["stance", "update", "1", "--date", "2025-11-20"]);
    let shown = env.ok(["--format", "json", "stance", "show", "1"]).json();
    assert_eq!(shown["stated_inferred"], false);
    env.ok(["stance", "update", "1", "--date-inferred"]);
    let shown = env.ok(["--format", "json", "stance", "show", "1"]).json();
    assert_eq!(shown["stated_inferred"], true);
    // Source publication dates too.
    env.ok(["source", "update", "ap-1121", "--published-inferred"]);
    let markdown = env.ok(["--format", "markdown", "source", "list"]).stdout;
    assert!(markdown.contains("~2025-11-21"), "{markdown}");
    let sources = json(&env, &["source", "list"]);
    assert_eq!(sources[0]["published_inferred"], true);
}

#[test]
fn a_stance_dated_after_its_source_is_refused() {
    let env = base();
    add_sources(&env, &[("ap-1121", "2025-11-21")]);
    env.fails_unchanged(
        65,
        [
            "stance",
            "add",
            "--actor",
            "russia",
            "--plan",
            "us-28",
            "--position",
            "supports",
            "--source",
            "ap-1121",
            "--date",
            "2025-11-22",
        ],
    )
    .stderr_has(&[
        "invalid date '2025-11-22'",
        "after its source's publication (2025-11-21)",
    ]);
    let file = format!(
        "{}\n[[stances]]\nactor = \"russia\"\nplan = \"us-28\"\nposition = \"supports\"\nstated_on = \"2025-12\"\n",
        source("ap-1130", "2025-11-30")
    );
    let path = env.path("late.toml");
    std::fs::write(&path, file).unwrap();
    env.fails_unchanged(65, ["import", path.to_str().unwrap()])
        .stderr_has(&["late.toml", "after its source's publication"]);
}

// --------------------------------------------------------------- 8. stable keys

fn kallas_file(date: &str, provision: &str) -> String {
    format!(
        "{}\n[[stances]]\nkey = \"kallas-aggressor\"\nactor = \"kallas\"\nprovisions = [\"{provision}\"]\nposition = \"opposes\"\nstated_on = \"{date}\"\n",
        source("politico-1125", "2025-11-25")
    )
}

#[test]
fn reimporting_a_keyed_stance_with_a_new_date_or_provision_updates_it_in_place() {
    let env = env_with(&[
        ("base.toml", BASE.to_string()),
        ("k.toml", kallas_file("2025-11-24", "army-cap")),
    ]);
    let path = env.path("k.toml");
    std::fs::write(&path, kallas_file("2025-11-23", "territory")).unwrap();
    let dry = env.ok(["import", "--dry-run", path.to_str().unwrap()]);
    dry.stderr_has(&[
        "would update stance 'kallas-aggressor'",
        "provisions: army-cap → territory",
        "stated_on: 2025-11-24 → 2025-11-23",
    ]);
    assert_eq!(
        env.text("SELECT stated_on FROM stances").as_deref(),
        Some("2025-11-24"),
        "a dry run writes nothing"
    );
    env.ok(["import", path.to_str().unwrap()]);
    assert_eq!(env.count("stances"), 1, "updated, not duplicated");
    let shown = env
        .ok(["--format", "json", "stance", "show", "kallas-aggressor"])
        .json();
    assert_eq!(shown["stated_on"], "2025-11-23");
    assert_eq!(shown["provision"], "territory");
    let history = json(&env, &["history", "stance", "kallas-aggressor"]);
    // The current version, the provision it was about before, and the old date.
    assert_eq!(history.len(), 3, "{history:?}");
    assert_eq!(history[1]["change"], "target removed");
    assert_eq!(history[1]["values"]["provision"], "army-cap");
    assert_eq!(history[2]["values"]["stated_on"], "2025-11-24");
    let conn = env.read_conn();
    let old_targets: i64 = conn
        .query_row(
            "SELECT count(*) FROM history WHERE table_name = 'stance_targets'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(old_targets, 1, "the old target is kept in history");
}

#[test]
fn keys_are_generated_exported_and_stable() {
    let file = format!(
        "{}\n[[stances]]\nactor = \"kallas\"\nprovision = \"territory\"\nposition = \"opposes\"\n",
        source("politico-1125", "2025-11-25")
    );
    let env = env_with(&[("base.toml", BASE.to_string()), ("p.toml", file.clone())]);
    let key = env.text("SELECT key FROM stances").unwrap();
    assert!(key.starts_with("politico-1125-"), "{key}");
    // Another database importing the same file gives the stance the same key.
    let other = env_with(&[("base.toml", BASE.to_string()), ("p.toml", file)]);
    assert_eq!(other.text("SELECT key FROM stances").unwrap(), key);
    let out = env.path("out");
    env.ok(["export", "--out", out.to_str().unwrap()]);
    let exported = std::fs::read_to_string(out.join("sources/politico-1125.toml")).unwrap();
    assert!(exported.contains(&format!("key = \"{key}\"")), "{exported}");
}

#[test]
fn two_records_with_one_key_in_an_import_name_both_places() {
    let twice = format!(
        "{}\n[[stances]]\nkey = \"k1\"\nactor = \"kallas\"\nplan = \"us-28\"\nposition = \"opposes\"\n\n[[stances]]\nkey = \"k1\"\nactor = \"russia\"\nplan = \"us-28\"\nposition = \"supports\"\n",
        source("politico-1125", "2025-11-25")
    );
    let env = base();
    let path = env.path("twice.toml");
    std::fs::write(&path, &twice).unwrap();
    let run = env.fails_unchanged(65, ["import", path.to_str().unwrap()]);
    let line = run.one_error_line().to_string();
    assert!(
        line.contains("twice.toml:8") && line.contains("twice.toml:14") && line.contains("'k1'"),
        "{line}"
    );
    // Without keys, the same identity twice is the same error.
    let same = format!(
        "{}\n[[stances]]\nactor = \"kallas\"\nplan = \"us-28\"\nposition = \"opposes\"\n\n[[stances]]\nactor = \"kallas\"\nplan = \"us-28\"\nposition = \"rejects\"\n",
        source("politico-1125", "2025-11-25")
    );
    std::fs::write(&path, same).unwrap();
    let run = env.fails_unchanged(65, ["import", path.to_str().unwrap()]);
    run.stderr_has(&["twice.toml:8", "twice.toml:13", "the same stance"]);
}

#[test]
fn a_dry_run_lists_every_record_it_would_add_or_update() {
    let env = base();
    let file = format!(
        "{}\n[[actors]]\nkey = \"kallas\"\nname = \"Kaja Kallas, EU High Representative\"\nkind = \"person\"\n\n[[stances]]\nkey = \"k1\"\nactor = \"kallas\"\nplan = \"us-28\"\nposition = \"opposes\"\n",
        source("politico-1125", "2025-11-25")
    );
    let path = env.path("new.toml");
    std::fs::write(&path, file).unwrap();
    let before = env.dump();
    let run = env.ok(["import", "--dry-run", path.to_str().unwrap()]);
    run.stderr_has(&[
        "would add source 'politico-1125'",
        "would update actor 'kallas': name: 'Kaja Kallas' → 'Kaja Kallas, EU High Representative'",
        "would add stance 'k1'",
    ]);
    assert_eq!(env.dump(), before);
}

// ------------------------------------------------------ export round trip, help

#[test]
fn export_import_export_is_byte_identical_with_every_new_field() {
    let env = base();
    add_sources(
        &env,
        &[("strana-leak", "2025-11-20"), ("dw-1121", "2025-11-21")],
    );
    env.ok(["source", "update", "strana-leak", "--published-inferred"]);
    add(
        &env,
        &[
            "--key",
            "dw-russia",
            "--actor",
            "rubio",
            "--provision",
            "army-cap",
            "--provision",
            "territory",
            "--position",
            "neutral",
            "--kind",
            "forecast",
            "--source",
            "dw-1121",
            "--relays",
            "strana-leak",
            "--via",
            "king",
            "--via",
            "peskov",
            "--quote",
            "q",
            "--evidence",
            "e",
            "--date",
            "2025-11",
            "--date-inferred",
        ],
    );
    add(
        &env,
        &[
            "--actor",
            "russia",
            "--plan",
            "us-28",
            "--position",
            "supports",
            "--source",
            "dw-1121",
        ],
    );
    for format in ["toml", "csv", "jsonl", "json"] {
        let export = |env: &TestEnv, dir: &std::path::Path| {
            let mut args = vec!["export", "--out", dir.to_str().unwrap()];
            if format != "toml" {
                args.extend(["--file-format", format]);
            }
            env.ok(args);
        };
        let first = env.path(&format!("first-{format}"));
        export(&env, &first);
        let copy = TestEnv::init();
        copy.ok(["import", first.to_str().unwrap()]);
        let second = copy.path("second");
        export(&copy, &second);
        assert_eq!(
            crate::common::listing(&first),
            crate::common::listing(&second),
            "{format}: the same files"
        );
        for name in crate::common::listing(&first) {
            if !first.join(&name).is_file() {
                continue;
            }
            assert_eq!(
                std::fs::read(first.join(&name)).unwrap(),
                std::fs::read(second.join(&name)).unwrap(),
                "{format}: {name} differs"
            );
        }
        let shown = copy
            .ok(["--format", "json", "stance", "show", "dw-russia"])
            .json();
        assert_eq!(shown["via"], "king < peskov", "{format}");
        assert_eq!(shown["relays"], "strana-leak", "{format}");
        assert_eq!(shown["kind"], "forecast", "{format}");
        assert_eq!(shown["stated_inferred"], true, "{format}");
    }
}

#[test]
fn every_new_flag_is_in_the_help() {
    let env = TestEnv::new();
    let help = env.ok(["stance", "add", "--help"]).stdout;
    for flag in [
        "--plan",
        "--provision",
        "--kind",
        "--via",
        "--relays",
        "--quote",
        "--evidence",
        "--date-inferred",
        "--key",
        "neutral",
    ] {
        assert!(help.contains(flag), "stance add --help lacks {flag}");
    }
    let help = env.ok(["source", "add", "--help"]).stdout;
    assert!(help.contains("--published-inferred"));
    let help = env.ok(["report", "timeline", "--help"]).stdout;
    assert!(help.contains("--kind"));
}

// ------------------------------------------------------------------- migration

/// A database at the previous level (2), with stances changed and removed, so that
/// history holds their past versions and the id counter is ahead of the table.
#[test]
fn a_level_2_database_with_history_upgrades_without_losing_a_row() {
    use provtrack::store::migrate::{self, MIGRATIONS};
    let env = TestEnv::new();
    let db = env.db_path().to_path_buf();
    {
        let mut conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
        migrate::apply(&mut conn, &MIGRATIONS[..2]).unwrap();
        conn.execute_batch(
            "INSERT INTO sources (key, outlet, title, published_on, kind) VALUES
                 ('axios', 'Axios', 'Scoop', '2025-11-19', 'news'),
                 ('reuters', 'Reuters', 'Talks', '2025-11-21', 'news');
             INSERT INTO actors (key, name, kind) VALUES
                 ('us', 'United States', 'state'), ('ukraine', 'Ukraine', 'state');
             INSERT INTO plans (key, title, status) VALUES ('us-28', 'US plan', 'proposed');
             INSERT INTO plan_proposers (plan_id, actor_id) VALUES (1, 1);
             INSERT INTO provisions (key, plan_id, point, title, category) VALUES
                 ('whole-plan', 1, NULL, 'The plan as a whole', 'other'),
                 ('army-cap', 1, 6, 'Army cap', 'armed-forces');
             INSERT INTO stances (actor_id, provision_id, position, source_id, stated_on,
                                  quote, attribution, recorded_at) VALUES
                 (1, 1, 'proposes', 1, '2025-11-19', 'Our plan', 'direct', '2025-11-19T10:00:00Z'),
                 (2, 2, 'opposes', 2, '2025-11-21', NULL, 'reported', '2025-11-21T10:00:00Z'),
                 (2, 1, 'undecided', 2, '2025-11-20', NULL, 'reported', '2025-11-21T10:00:00Z');
             UPDATE stances SET position = 'rejects' WHERE id = 2;
             DELETE FROM stances WHERE id = 3;",
        )
        .unwrap();
    }
    let history_before: Vec<(i64, String, String)> = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let mut stmt = conn
            .prepare("SELECT record_id, operation, old_values FROM history ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(history_before.len(), 2);
    env.ok(["migrate"])
        .stderr_has(&["backup of the previous version"]);
    let conn = env.read_conn();
    let history_after: Vec<(i64, String, String)> = {
        let mut stmt = conn
            .prepare("SELECT record_id, operation, old_values FROM history ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(history_after, history_before, "history is kept as it was");
    let rows: Vec<(i64, String, i64, Option<i64>, String)> = {
        let mut stmt = conn
            .prepare(
                "SELECT st.id, st.key, st.plan_id, t.provision_id, st.position FROM stances st
                 JOIN stance_targets t ON t.stance_id = st.id ORDER BY st.id",
            )
            .unwrap();
        stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    assert_eq!(
        rows,
        [
            (1, "stance-1".into(), 1, Some(1), "proposes".into()),
            (2, "stance-2".into(), 1, Some(2), "rejects".into()),
        ]
    );
    drop(conn);
    // Each stance keeps its past versions, found by id or by its new key.
    let versions = json(&env, &["history", "stance", "stance-2"]);
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1]["values"]["position"], "opposes");
    let removed = json(&env, &["history", "stance", "3"]);
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0]["change"], "delete");
    // The removed stance's id is not given again.
    let out = add(
        &env,
        &[
            "--actor",
            "ukraine",
            "--plan",
            "us-28",
            "--position",
            "neutral",
            "--source",
            "reuters",
        ],
    );
    assert!(out.starts_with("added stance 4 "), "{out}");
    env.ok(["doctor"]);
    let matrix = json(&env, &["report", "matrix", "--plan", "us-28"]);
    assert_eq!(matrix.len(), 2);
}
