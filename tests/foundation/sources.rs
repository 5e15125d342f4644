//! `source add | update | show | list | remove`.

use crate::common::TestEnv;

fn keys(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut full = vec!["--format", "json", "source", "list"];
    full.extend_from_slice(args);
    env.ok(full)
        .json_rows()
        .iter()
        .map(|r| r["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn add_then_show_returns_the_fields() {
    let env = TestEnv::init();
    env.ok([
        "source",
        "add",
        "--key",
        "ft-1",
        "--outlet",
        "Financial Times",
        "--title",
        "Leaked draft",
        "--published-on",
        "2025-11-20",
        "--kind",
        "leak",
        "--author",
        "A. Writer",
        "--language",
        "en",
        "--url",
        "https://example.org/ft",
    ])
    .stdout_has(&["added source 'ft-1'"]);
    let shown = env
        .ok(["--format", "json", "source", "show", "ft-1"])
        .json();
    assert_eq!(shown["key"], "ft-1");
    assert_eq!(shown["outlet"], "Financial Times");
    assert_eq!(shown["title"], "Leaked draft");
    assert_eq!(shown["author"], "A. Writer");
    assert_eq!(shown["published_on"], "2025-11-20");
    assert_eq!(shown["kind"], "leak");
    assert_eq!(shown["language"], "en");
    assert_eq!(shown["url"], "https://example.org/ft");
    assert_eq!(env.count("sources"), 1);
}

#[test]
fn show_in_a_table_lists_field_and_value() {
    let env = TestEnv::sample();
    env.ok(["source", "show", "reuters-1"]).stdout_has(&[
        "field",
        "value",
        "outlet",
        "Reuters",
        "2025-02-12",
    ]);
}

#[test]
fn list_shows_every_source_with_dates_at_their_precision() {
    let env = TestEnv::sample();
    let rows = env.ok(["--format", "json", "source", "list"]).json_rows();
    let dates: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["key"].as_str().unwrap(),
                r["published_on"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        dates,
        vec![
            ("spare", "2024"),
            ("reuters-1", "2025-02-12"),
            ("kyiv-2", "2025-03")
        ]
    );
}

#[test]
fn list_filters_by_kind_and_outlet() {
    let env = TestEnv::sample();
    assert_eq!(keys(&env, &["--kind", "analysis"]), vec!["kyiv-2"]);
    assert_eq!(keys(&env, &["--outlet", "reuters"]), vec!["reuters-1"]);
    assert_eq!(
        keys(&env, &["--kind", "news", "--outlet", "Kyiv Independent"]),
        Vec::<String>::new()
    );
}

#[test]
fn list_with_an_unknown_kind_lists_the_accepted_kinds() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(65, ["source", "list", "--kind", "blog"]);
    run.stderr_has(&["kind", "'blog'", "news, analysis, opinion, leak"]);
}

#[test]
fn add_with_a_bad_kind_is_refused_listing_the_accepted_values() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(
        65,
        [
            "source",
            "add",
            "--key",
            "x",
            "--outlet",
            "X",
            "--title",
            "X",
            "--published-on",
            "2025",
            "--kind",
            "blog",
        ],
    );
    let line = run.one_error_line();
    assert!(line.contains("invalid kind 'blog'"), "{line}");
    assert!(
        line.contains("news, analysis, opinion, leak, official, interview, transcript"),
        "{line}"
    );
}

#[test]
fn add_without_a_required_field_names_it() {
    let env = TestEnv::init();
    let run = env.fails_unchanged(
        65,
        [
            "source",
            "add",
            "--key",
            "x",
            "--outlet",
            "X",
            "--published-on",
            "2025",
            "--kind",
            "news",
        ],
    );
    run.stderr_has(&["--title"]);
}

#[test]
fn duplicate_key_is_refused_naming_the_existing_source() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(
        65,
        [
            "source",
            "add",
            "--key",
            "reuters-1",
            "--outlet",
            "Other",
            "--title",
            "Other",
            "--published-on",
            "2025",
            "--kind",
            "news",
        ],
    );
    let line = run.one_error_line();
    assert!(line.contains("source 'reuters-1' already exists"), "{line}");
    assert!(
        line.contains("Reuters"),
        "names the existing record: {line}"
    );
}

#[test]
fn duplicate_url_is_refused_naming_the_source_that_has_it() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(
        65,
        [
            "source",
            "add",
            "--key",
            "copy",
            "--outlet",
            "Copy",
            "--title",
            "Copy",
            "--published-on",
            "2025",
            "--kind",
            "news",
            "--url",
            "https://example.org/r1",
        ],
    );
    run.stderr_has(&["https://example.org/r1", "reuters-1"]);
}

#[test]
fn show_unknown_source_suggests_the_nearest_key() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(66, ["source", "show", "reuters-2"]);
    let line = run.one_error_line();
    assert!(line.contains("unknown source 'reuters-2'"), "{line}");
    assert!(line.contains("did you mean"), "{line}");
    assert!(line.contains("'reuters-1'"), "{line}");
}

#[test]
fn update_changes_only_the_given_fields() {
    let env = TestEnv::sample();
    env.ok(["source", "update", "reuters-1", "--title", "New title"])
        .stdout_has(&["updated source 'reuters-1': --title"]);
    let shown = env
        .ok(["--format", "json", "source", "show", "reuters-1"])
        .json();
    assert_eq!(shown["title"], "New title");
    assert_eq!(shown["outlet"], "Reuters");
    assert_eq!(env.count("history"), 1);
}

#[test]
fn update_unset_notes_clears_them() {
    let env = TestEnv::sample();
    env.ok(["source", "update", "kyiv-2", "--unset", "notes"]);
    let shown = env
        .ok(["--format", "json", "source", "show", "kyiv-2"])
        .json();
    assert!(shown["notes"].is_null(), "{shown}");
    assert_eq!(
        env.text("SELECT notes FROM sources WHERE key = 'kyiv-2'"),
        None
    );
}

#[test]
fn update_unset_of_a_required_field_is_refused() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(65, ["source", "update", "kyiv-2", "--unset", "title"]);
    run.stderr_has(&["--unset title", "optional"]);
}

#[test]
fn update_of_an_unknown_source_is_not_found() {
    let env = TestEnv::sample();
    env.fails_unchanged(66, ["source", "update", "nope", "--title", "X"]);
}

#[test]
fn remove_is_refused_while_stances_cite_the_source() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(65, ["source", "remove", "kyiv-2"]);
    let line = run.one_error_line();
    assert!(line.contains("cannot remove source 'kyiv-2'"), "{line}");
    assert!(line.contains("2 stance '2', '3'"), "{line}");
}

#[test]
fn remove_of_an_unreferenced_source_keeps_it_in_history() {
    let env = TestEnv::sample();
    env.ok(["source", "remove", "spare"])
        .stdout_has(&["removed source 'spare'"]);
    assert_eq!(env.count("sources"), 2);
    env.fails_unchanged(66, ["source", "show", "spare"]);
    let versions = env
        .ok(["--format", "json", "history", "source", "spare"])
        .json_rows();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0]["change"], "delete");
    assert_eq!(versions[0]["command"], "source remove");
    assert_eq!(versions[0]["values"]["title"], "Unused");
}
