//! Vocabularies as types: a stance's kind, position, attribution and status, a
//! provision's relation and the data formats are parsed where they are given (flags by
//! clap, files by serde or the table reader), and a bad value is one line naming the
//! place, the field and the value, with a suggestion; exit 65, nothing written.

use crate::common::TestEnv;

/// A claims file about the sample's records; `{stance}` and `{provision}` are lines
/// added to its stance and its provision.
fn claims_file(stance: &str, provision: &str) -> String {
    format!(
        r#"[source]
key = "vocab-1"
outlet = "Outlet"
title = "Title"
published_on = "2025-03-01"
kind = "news"

[[provisions]]
key = "vocab-provision"
plan = "eu-plan"
title = "A provision"
category = "territory"
continues = ["us-territory", "us-ceasefire"]
relation = "same"
{provision}
[[stances]]
actor = "putin"
plan = "us-plan"
position = "rejects"

[[stances]]
actor = "zelensky"
plan = "us-plan"
position = "supports"
{stance}"#
    )
}

/// The 1-based line and column where `needle` first starts in `text`.
fn line_and_column(text: &str, needle: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .find_map(|(n, l)| l.find(needle).map(|c| (n + 1, c + 1)))
        .unwrap_or_else(|| panic!("{needle:?} is not in\n{text}"))
}

/// A bad value in a TOML claims file is refused where it is written: the file, the
/// line and column of the value, the record it belongs to, the field, the value and
/// the nearest accepted one.
#[test]
fn a_bad_value_in_a_claims_file_names_its_line_record_field_and_a_suggestion() {
    let env = TestEnv::sample();
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        // (stance line, provision line, where the value starts, record, message)
        (
            "position = \"suports\"",
            "",
            "\"suports\"",
            "stances[1]",
            "invalid position 'suports' — did you mean 'supports'?",
        ),
        (
            "attribution = \"diret\"",
            "",
            "\"diret\"",
            "stances[1]",
            "invalid attribution 'diret' — did you mean 'direct'?",
        ),
        (
            "kind = \"forcast\"",
            "",
            "\"forcast\"",
            "stances[1]",
            "invalid kind 'forcast' — did you mean 'forecast'?",
        ),
        (
            "status = \"retractd\"\nreason = \"why\"",
            "",
            "\"retractd\"",
            "stances[1]",
            "invalid status 'retractd' — did you mean 'retracted'?",
        ),
        (
            "",
            "relation = [\"same\", \"modifed\"]",
            // The list as a whole.
            "[\"same\", \"modifed\"]",
            "provisions[0]",
            "invalid relation 'modifed' — did you mean 'modified'?",
        ),
    ];
    for (stance, provision, at, record, message) in cases {
        let mut text = claims_file(stance, provision);
        if !provision.is_empty() {
            text = text.replace("relation = \"same\"\n", "");
        }
        if stance.starts_with("position") {
            text = text.replacen("position = \"supports\"\n", "", 1);
        }
        let path = env.path("claims.toml");
        std::fs::write(&path, &text).unwrap();
        let (line, column) = line_and_column(&text, at);
        let run = env.fails_unchanged(65, ["import", path.to_str().unwrap()]);
        let error = run.one_error_line();
        let expected = format!("claims.toml:{line}:{column}: {record}: {message}");
        assert!(
            error.contains(&expected),
            "expected {expected:?}\ngot {error}"
        );
    }
}

/// JSON claims files and JSON Lines tables name the place once: no trailing "at line
/// L column C" after the message.
#[test]
fn a_bad_value_in_json_names_its_place_once() {
    let env = TestEnv::sample();
    let json = env.path("claims.json");
    std::fs::write(
        &json,
        r#"{"source": {"key": "vocab-1", "outlet": "O", "title": "T",
  "published_on": "2025-03-01", "kind": "newz"}}
"#,
    )
    .unwrap();
    let jsonl = env.path("stances.jsonl");
    std::fs::write(
        &jsonl,
        "{\"actor\": \"putin\", \"plan\": \"us-plan\", \"position\": \"rejects\", \
         \"source\": \"reuters-1\", \"attribution\": \"anonymus\"}\n",
    )
    .unwrap();
    for (path, expected) in [
        (
            &json,
            "claims.json:2:47: invalid kind 'newz' — did you mean 'news'?",
        ),
        (
            &jsonl,
            "stances.jsonl:1: invalid attribution 'anonymus' — did you mean 'anonymous'?",
        ),
    ] {
        let run = env.fails_unchanged(65, ["import", path.to_str().unwrap()]);
        let error = run.one_error_line();
        assert!(
            error.contains(expected),
            "expected {expected:?}\ngot {error}"
        );
        assert!(
            error.ends_with(')') && !error.contains(" at line "),
            "the place is named twice: {error}"
        );
    }
}

/// A CSV table's stance vocabularies are checked as the row is read, naming the file
/// and line; a position `draft` suggested (`?supports`) is not one a table can give.
#[test]
fn a_bad_value_in_a_stance_table_names_the_file_and_line() {
    let env = TestEnv::sample();
    let header = "actor,plan,position,source,kind,attribution,status,reason\n";
    let good = "putin,us-plan,rejects,reuters-1,,,,\n";
    let cases = [
        (
            "zelensky,us-plan,supports,reuters-1,forecastt,,,\n",
            "invalid kind 'forecastt' — did you mean 'forecast'?",
        ),
        (
            "zelensky,us-plan,supports,reuters-1,,reportd,,\n",
            "invalid attribution 'reportd' — did you mean 'reported'?",
        ),
        (
            "zelensky,us-plan,supports,reuters-1,,,corected,why\n",
            "invalid status 'corected' — did you mean 'corrected'?",
        ),
        (
            "zelensky,us-plan,?supports,reuters-1,,,,\n",
            "invalid position '?supports': a position suggested by provtrack draft, not yet \
             confirmed; write supports",
        ),
    ];
    for (row, message) in cases {
        let path = env.path("stances.csv");
        std::fs::write(&path, format!("{header}{good}{row}")).unwrap();
        let run = env.fails_unchanged(65, ["import", path.to_str().unwrap()]);
        let error = run.one_error_line();
        let expected = format!("stances.csv:3: {message}");
        assert!(
            error.contains(&expected),
            "expected {expected:?}\ngot {error}"
        );
    }
}

/// The flags of these vocabularies are clap value enums: a bad value is told as in a
/// file (one line, the field, the value, a suggestion, exit 65), and `--help` lists the
/// accepted values.
#[test]
fn a_bad_value_of_a_vocabulary_flag_is_one_line_with_a_suggestion() {
    let env = TestEnv::sample();
    let add = [
        "stance",
        "add",
        "--actor",
        "eu",
        "--plan",
        "eu-plan",
        "--position",
        "supports",
        "--source",
        "kyiv-2",
    ];
    let cases: &[(&[&str], &str)] = &[
        (
            &["--attribution", "diret"],
            "invalid attribution 'diret' — did you mean 'direct'?",
        ),
        (
            &["--kind", "forcast"],
            "invalid kind 'forcast' — did you mean 'forecast'?",
        ),
    ];
    for (extra, message) in cases {
        let mut args = add.to_vec();
        args.extend_from_slice(extra);
        let run = env.fails_unchanged(65, args);
        assert!(run.one_error_line().contains(message), "{}", run.stderr);
    }
    let run = env.fails_unchanged(65, ["stance", "update", "1", "--status", "retractd"]);
    assert!(
        run.one_error_line()
            .contains("invalid status 'retractd' — did you mean 'retracted'?"),
        "{}",
        run.stderr
    );
    let run = env.fails_unchanged(
        65,
        [
            "provision",
            "update",
            "eu-territory",
            "--continues",
            "us-territory",
            "--relation",
            "mergd",
        ],
    );
    assert!(
        run.one_error_line()
            .contains("invalid relation 'mergd' — did you mean 'merged'?"),
        "{}",
        run.stderr
    );
    let help = env.ok(["stance", "add", "--help"]);
    help.stdout_has(&[
        "[possible values: position, forecast, recommendation]",
        "[possible values: direct, reported, anonymous, inferred]",
    ]);
    env.run(["import", "--input-format", "yaml", "x"])
        .code(2)
        .stderr_has(&["[possible values: toml, json, csv, jsonl]"]);
}

/// Typed values go back out as the text they came in as: a stance's kind, status and
/// attribution and a provision's relations survive export and import unchanged.
#[test]
fn typed_values_round_trip_through_export_and_import() {
    let env = TestEnv::sample();
    env.ok([
        "stance",
        "add",
        "--actor",
        "eu",
        "--plan",
        "eu-plan",
        "--position",
        "conditional",
        "--source",
        "kyiv-2",
        "--kind",
        "recommendation",
        "--attribution",
        "anonymous",
    ]);
    env.ok([
        "stance",
        "update",
        "1",
        "--status",
        "corrected",
        "--reason",
        "r",
    ]);
    env.ok([
        "provision",
        "update",
        "eu-territory",
        "--continues",
        "us-territory",
        "--continues",
        "us-ceasefire",
        "--relation",
        "merged",
    ]);
    let before = env.dump();
    for layout in ["claims", "tables"] {
        let out = env.path(layout);
        env.ok(["export", "--out", out.to_str().unwrap(), "--layout", layout]);
        let again = TestEnv::init();
        again.ok(["import", out.to_str().unwrap()]);
        let stances = again
            .run(["stance", "list", "--format", "json"])
            .json_rows();
        let eu = stances
            .iter()
            .find(|s| s["actor"] == "eu")
            .unwrap_or_else(|| panic!("{layout}: no stance of eu"));
        assert_eq!(eu["kind"], "recommendation", "{layout}");
        assert_eq!(eu["attribution"], "anonymous", "{layout}");
        assert_eq!(eu["position"], "conditional", "{layout}");
        let relation = again.text(
            "SELECT group_concat(relation) FROM provision_links l \
             JOIN provisions p ON p.id = l.provision_id WHERE p.key = 'eu-territory'",
        );
        assert_eq!(relation.as_deref(), Some("merged,merged"), "{layout}");
        assert_eq!(
            again
                .text("SELECT status FROM stances WHERE status_reason = 'r'")
                .as_deref(),
            Some("corrected"),
            "{layout}"
        );
    }
    assert_eq!(env.dump(), before);
}

/// A position another tool added to the `positions` table (a lookup table, not a
/// CHECK) and gave a stance: commands that read the stance as a record refuse it in
/// one line naming the value and the accepted ones (exit 65), not with rusqlite's
/// conversion error.
#[test]
fn a_stored_value_outside_its_vocabulary_is_named_in_one_line() {
    let env = TestEnv::sample();
    env.write_conn()
        .execute_batch(
            "INSERT INTO positions (key, score, description) VALUES ('sceptical', -1, 'x');
             UPDATE stances SET position = 'sceptical' WHERE id = 1;",
        )
        .unwrap();
    let out = env.path("out");
    for args in [
        vec!["export", "--out", out.to_str().unwrap()],
        vec!["stance", "update", "1", "--notes", "n"],
    ] {
        let run = env.fails_unchanged(65, &args);
        let line = run.one_error_line();
        assert!(
            line.contains("the database holds position 'sceptical' (expected one of: proposes,"),
            "{args:?}: {line}"
        );
        assert!(!line.contains("Conversion error"), "{line}");
    }
}
