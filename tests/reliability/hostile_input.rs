//! Hostile input: SQL in names stored literally; NUL and control characters refused;
//! oversized fields refused with the limit; invalid UTF-8, broken CSV and report SQL
//! that would write refused with the place named. Nothing is written by a refusal.

use std::path::PathBuf;

use super::support::{fails_cleanly, integrity};
use crate::common::TestEnv;

const BOBBY: &str = "Robert'); DROP TABLE actors;--";

/// Writes `content` to `name` in the test directory and returns the path as a string.
fn file(env: &TestEnv, name: &str, content: &[u8]) -> String {
    let path: PathBuf = env.path(name);
    std::fs::write(&path, content).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn names_with_quotes_and_sql_are_stored_literally() {
    let env = TestEnv::sample();
    env.ok([
        "actor",
        "add",
        "--key",
        "bobby",
        "--name",
        BOBBY,
        "--kind",
        "person",
        "--alias",
        "\"; DELETE FROM stances; --",
    ]);
    let shown = env
        .ok(["--format", "json", "actor", "show", "bobby"])
        .json();
    assert_eq!(shown["name"], BOBBY, "{shown}");
    env.ok(["actor", "show", "\"; DELETE FROM stances; --"]);
    assert_eq!(
        env.text("SELECT name FROM actors WHERE key = 'bobby'"),
        Some(BOBBY.into())
    );
    // Every table is still there with its rows.
    assert_eq!(env.count("actors"), 6);
    assert_eq!(env.count("stances"), 3);
    assert_eq!(integrity(env.db_path()), "ok");
}

#[test]
fn nul_and_control_characters_in_names_are_rejected() {
    let env = TestEnv::sample();
    // argv cannot carry NUL; the other control characters can.
    for name in ["bell\u{7}", "esc\u{1b}[31mred", "two\nlines", "del\u{7f}"] {
        fails_cleanly(
            &env,
            65,
            [
                "actor", "add", "--key", "ctl", "--name", name, "--kind", "state",
            ],
            &["name", "control character"],
        );
    }
    // NUL through files: TOML and JSON escapes, and a raw byte in a CSV cell.
    let toml = file(
        &env,
        "nul.toml",
        b"[[actors]]\nkey = \"nul\"\nname = \"a\\u0000b\"\nkind = \"state\"\n",
    );
    let json = file(
        &env,
        "nul.json",
        br#"{"actors": [{"key": "nul", "name": "a\u0000b", "kind": "state"}]}"#,
    );
    let csv = file(&env, "actors.csv", b"key,name,kind\nnul,a\0b,state\n");
    for (path, place) in [
        (&toml, "nul.toml:"),
        (&json, "nul.json"),
        (&csv, "actors.csv:2"),
    ] {
        fails_cleanly(
            &env,
            65,
            ["import", path],
            &[place, "name", "control character U+0000"],
        );
    }
}

#[test]
fn oversized_fields_are_rejected_with_the_documented_limit() {
    let env = TestEnv::sample();
    // 10 MB fields come through files (argv carries at most 128 KiB per argument).
    let ten_mb = "x".repeat(10_000_000);
    let notes = file(
        &env,
        "notes.toml",
        format!(
            "[[actors]]\nkey = \"big\"\nname = \"Big\"\nkind = \"state\"\nnotes = \"{ten_mb}\"\n"
        )
        .as_bytes(),
    );
    fails_cleanly(
        &env,
        65,
        ["import", &notes],
        &[
            "notes.toml:",
            "notes is 10000000 characters long",
            "limit is 10000",
        ],
    );
    let title = file(
        &env,
        "title.json",
        format!(r#"{{"plans": [{{"key": "big", "title": "{ten_mb}", "status": "leaked"}}]}}"#)
            .as_bytes(),
    );
    fails_cleanly(
        &env,
        65,
        ["import", &title],
        &[
            "title.json",
            "title is 10000000 characters long",
            "limit is 500",
        ],
    );
    let quote = file(
        &env,
        "stances.csv",
        format!("actor,provision,position,source,date,quote\neu,us-spare,supports,spare,2024,{ten_mb}\n")
            .as_bytes(),
    );
    fails_cleanly(
        &env,
        65,
        ["import", &quote],
        &[
            "stances.csv:2",
            "quote is 10000000 characters long",
            "limit is 2000",
        ],
    );
    // The largest argument Linux passes whole: 100,000 characters for a name.
    let long_name = "n".repeat(100_000);
    fails_cleanly(
        &env,
        65,
        [
            "actor", "add", "--key", "long", "--name", &long_name, "--kind", "state",
        ],
        &["name is 100000 characters long", "limit is 200"],
    );
}

#[test]
fn invalid_utf8_in_files_is_reported_with_file_and_line() {
    let env = TestEnv::sample();
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "latin1.toml",
            b"[[actors]]\nkey = \"cafe\"\nname = \"Caf\xe9\"\nkind = \"state\"\n",
            "latin1.toml:3:",
        ),
        (
            "actors.csv",
            b"key,name,kind\nok,Fine,state\ncafe,Caf\xe9,state\n",
            "actors.csv:3:",
        ),
        (
            "actors.jsonl",
            b"{\"key\": \"ok\", \"name\": \"Fine\", \"kind\": \"state\"}\n{\"key\": \"cafe\", \"name\": \"Caf\xe9\", \"kind\": \"state\"}\n",
            "actors.jsonl:2:",
        ),
    ];
    for (name, content, place) in cases {
        let path = file(&env, name, content);
        fails_cleanly(&env, 65, ["import", &path], &[place, "not valid UTF-8"]);
    }
}

#[test]
fn csv_with_wrong_field_counts_is_rejected_with_its_line() {
    let env = TestEnv::sample();
    let short = file(
        &env,
        "actors.csv",
        b"key,name,kind\nok,Fine,state\nshort,Short\n",
    );
    fails_cleanly(
        &env,
        65,
        ["import", &short],
        &["actors.csv:3", "2 field(s)", "header has 3"],
    );
    let long = file(
        &env,
        "actors-long.csv",
        b"key,name,kind\nok,Fine,state\nlong,Long,state,extra\n",
    );
    fails_cleanly(
        &env,
        65,
        ["import", &long],
        &["actors-long.csv:3", "4 field(s)", "header has 3"],
    );
}

#[test]
fn csv_with_an_unterminated_quote_is_rejected() {
    let env = TestEnv::sample();
    // The open quote swallows the rest of the file into one cell: the record comes
    // out short, and the message says why.
    let path = file(
        &env,
        "actors.csv",
        b"key,name,kind\nok,\"Fine,state\nnext,Next,state\n",
    );
    fails_cleanly(
        &env,
        65,
        ["import", &path],
        &["actors.csv:2", "field(s)", "a quote left open"],
    );
}

#[test]
fn csv_with_a_bom_and_crlf_line_ends_is_read_cleanly() {
    let env = TestEnv::sample();
    let path = file(
        &env,
        "actors.csv",
        b"\xef\xbb\xbfkey,name,kind\r\nbom,\"Byte, Order\",state\r\ncrlf,Carriage Return,bloc\r\n",
    );
    env.ok(["import", &path]);
    let conn = env.read_conn();
    let mut stmt = conn
        .prepare("SELECT key, name, kind FROM actors WHERE key IN ('bom', 'crlf') ORDER BY key")
        .unwrap();
    let rows: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            ("bom".into(), "Byte, Order".into(), "state".into()),
            ("crlf".into(), "Carriage Return".into(), "bloc".into()),
        ]
    );
    // Importing it again changes nothing.
    let before = env.dump();
    env.ok(["import", &path]);
    assert_eq!(env.dump(), before);
}

#[test]
fn report_sql_that_writes_or_stacks_statements_is_refused() {
    let env = TestEnv::sample();
    for (sql, needles) in [
        ("DELETE FROM actors", &["'DELETE' would write"][..]),
        ("SELECT 1; DROP TABLE actors", &["only a single statement"]),
        ("UPDATE actors SET name = 'x'", &["'UPDATE' would write"]),
        ("PRAGMA user_version = 7", &["would write"]),
        // ATTACH is read-only to SQLite, but the connection is: nothing is created.
        ("ATTACH 'other.db' AS other", &["other.db"]),
    ] {
        fails_cleanly(&env, 65, ["sql", sql], needles);
    }
    assert!(!env.path("other.db").exists());
}

#[test]
fn control_characters_read_from_files_are_escaped_in_the_one_line_error() {
    let env = TestEnv::sample();
    // A field name with a newline and a terminal escape: the parser's message quotes it.
    let path = file(
        &env,
        "fields.json",
        b"{\"actors\": [{\"key\": \"x\", \"na\\nme\\u001b[2J\": \"X\"}]}",
    );
    let run = fails_cleanly(
        &env,
        65,
        ["import", &path],
        &["fields.json:1:", "unknown field"],
    );
    assert!(run.stderr.contains("na\\nme\\u{1b}[2J"), "{}", run.stderr);
    assert!(
        !run.stderr.contains('\u{1b}'),
        "a raw escape reached the terminal"
    );
}
