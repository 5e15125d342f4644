//! Bad input in general: usage errors (exit 2), one-line messages, and a database that
//! is exactly as before after any failed command.

use crate::common::{capture, TestEnv};

#[test]
fn an_unknown_flag_is_a_usage_error() {
    let env = TestEnv::sample();
    let before = env.dump();
    env.run(["actor", "list", "--colour", "red"])
        .code(2)
        .stderr_has(&["--colour"]);
    env.run(["--bogus", "actor", "list"]).code(2);
    assert_eq!(env.dump(), before);
}

#[test]
fn a_missing_subcommand_is_a_usage_error() {
    let env = TestEnv::sample();
    let run = capture(&mut env.command());
    run.code(2);
    env.run(Vec::<&str>::new()).code(2);
    env.run(["actor"]).code(2);
    env.run(["actor", "alias"]).code(2);
    env.run(["stance"]).code(2);
}

#[test]
fn an_unknown_subcommand_is_a_usage_error() {
    let env = TestEnv::sample();
    env.run(["actors", "list"]).code(2);
    env.run(["actor", "delete", "eu"]).code(2);
}

#[test]
fn a_missing_positional_is_a_usage_error() {
    let env = TestEnv::sample();
    env.run(["actor", "show"]).code(2);
    env.run(["history", "actor"]).code(2);
    env.run(["actor", "alias", "add", "eu"]).code(2);
}

#[test]
fn a_point_label_with_spaces_or_symbols_is_refused() {
    let env = TestEnv::sample();
    let before = env.dump();
    env.run([
        "provision",
        "add",
        "--key",
        "x",
        "--plan",
        "us-plan",
        "--point",
        "seven!",
        "--title",
        "X",
        "--category",
        "other",
    ])
    .code(65)
    .stderr_has(&["invalid point 'seven!'"]);
    assert_eq!(env.dump(), before);
}

#[test]
fn help_and_version_succeed() {
    let env = TestEnv::new();
    env.run(["--help"]).code(0).stdout_has(&["Usage"]);
    env.run(["--version"]).code(0).stdout_has(&["provtrack"]);
    assert!(!env.db_path().exists());
}

#[test]
fn every_failed_command_leaves_the_database_as_it_was() {
    let env = TestEnv::sample();
    let cases: &[(i32, &[&str])] = &[
        (66, &["actor", "show", "nobody"]),
        (66, &["actor", "remove", "nobody"]),
        (65, &["actor", "remove", "zelensky"]),
        (
            65,
            &[
                "actor", "add", "--key", "ukraine", "--name", "U", "--kind", "state",
            ],
        ),
        (
            65,
            &[
                "actor", "add", "--key", "x", "--name", "X", "--kind", "country",
            ],
        ),
        (
            65,
            &[
                "actor", "add", "--key", "x", "--name", "", "--kind", "state",
            ],
        ),
        (65, &["actor", "add", "--key", "x", "--kind", "state"]),
        (66, &["actor", "alias", "remove", "eu", "Europe"]),
        (65, &["plan", "remove", "eu-plan"]),
        (66, &["plan", "show", "nope"]),
        (
            66,
            &[
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
        ),
        (
            65,
            &[
                "provision",
                "add",
                "--key",
                "x",
                "--plan",
                "eu-plan",
                "--title",
                "X",
                "--category",
                "other",
                "--point",
                "7 (a)",
            ],
        ),
        (65, &["provision", "remove", "eu-territory"]),
        (65, &["source", "remove", "reuters-1"]),
        (65, &["stance", "update", "1", "--status", "retracted"]),
        (65, &["stance", "update", "1", "--date", "2025-02-30"]),
        (66, &["stance", "update", "1", "--actor", "zelenskiyy"]),
        (66, &["stance", "remove", "7"]),
        (65, &["history", "person", "zelensky"]),
    ];
    for (code, args) in cases {
        env.fails_unchanged(*code, args.iter().copied());
    }
    assert_eq!(env.count("history"), 0);
}

#[test]
fn a_failure_after_a_partial_write_rolls_the_whole_command_back() {
    let env = TestEnv::sample();
    // The actor row is inserted before its second alias turns out to be taken.
    let run = env.fails_unchanged(
        65,
        [
            "actor",
            "add",
            "--key",
            "office",
            "--name",
            "Presidential Office",
            "--kind",
            "organization",
            "--alias",
            "OP",
            "--alias",
            "Zelenskyy",
        ],
    );
    run.stderr_has(&["alias 'Zelenskyy' already names actor 'zelensky'"]);
    env.fails_unchanged(66, ["actor", "show", "office"]);
    env.fails_unchanged(66, ["actor", "show", "OP"]);
}

#[test]
fn references_to_missing_records_are_refused_before_the_database_sees_them() {
    let env = TestEnv::sample();
    env.fails_unchanged(
        66,
        [
            "provision",
            "add",
            "--key",
            "orphan",
            "--plan",
            "nope",
            "--title",
            "Orphan",
            "--category",
            "other",
        ],
    )
    .stderr_has(&["unknown plan 'nope'"]);
    assert_eq!(env.count("provisions"), 4);
}

#[test]
fn unknown_keys_give_one_line_naming_the_kind_and_value() {
    let env = TestEnv::sample();
    for (kind, key) in [
        ("source", "reuters-9"),
        ("actor", "zelenskiyy"),
        ("plan", "us-plam"),
        ("provision", "us-ceasfire"),
        ("stance", "12"),
    ] {
        let run = env.fails_unchanged(66, [kind, "show", key]);
        let line = run.one_error_line();
        assert!(line.contains(&format!("unknown {kind} '{key}'")), "{line}");
    }
}

#[test]
fn unknown_keys_without_a_near_match_point_to_list() {
    let env = TestEnv::sample();
    env.fails_unchanged(66, ["plan", "show", "qqqqqq"])
        .stderr_has(&["unknown plan 'qqqqqq'", "provtrack plan list"]);
}

/// A bad value of a vocabulary flag (a clap `ValueEnum`) is told as a bad value anywhere
/// else: one line naming the field and the value, the nearest values and the accepted
/// ones, exit 65, nothing written. A bad value of another flag stays clap's usage error.
#[test]
fn a_bad_vocabulary_value_in_a_flag_is_one_line_with_a_suggestion() {
    let env = TestEnv::sample();
    let cases: [(&[&str], &str); 5] = [
        (
            &["source", "list", "--kind", "newz"],
            "invalid kind 'newz' — did you mean 'news'? (expected one of: news, analysis,",
        ),
        (
            &["stance", "list", "--position", "suports"],
            "invalid position 'suports' — did you mean 'supports'?",
        ),
        (
            &["report", "contested", "--category", "teritory"],
            "invalid category 'teritory' — did you mean 'territory'?",
        ),
        (
            &["search", "ceasefire", "--kind", "provisions"],
            "invalid kind 'provisions' — did you mean 'provision'?",
        ),
        (
            &["plan", "list", "--status", "draft"],
            "invalid status 'draft' (expected one of: leaked, proposed,",
        ),
    ];
    for (args, message) in cases {
        let run = env.fails_unchanged(65, args);
        let line = run.one_error_line();
        assert!(line.contains(message), "{args:?}: {line}");
    }
    env.run(["--format", "xml", "source", "list"])
        .code(2)
        .stderr_has(&["possible values"]);
}
