//! `--format table | csv | json | jsonl | markdown`.

use serde_json::Value;

use crate::common::TestEnv;

const ACTOR_COLUMNS: [&str; 8] = [
    "key", "name", "kind", "parent", "aliases", "members", "tags", "notes",
];

#[test]
fn json_is_an_array_of_objects_keyed_by_column() {
    let env = TestEnv::sample();
    let rows = env.ok(["--format", "json", "actor", "list"]).json_rows();
    assert_eq!(rows.len(), 5);
    for row in &rows {
        let keys: Vec<&str> = row.keys().map(String::as_str).collect();
        assert_eq!(keys, ACTOR_COLUMNS);
    }
    assert_eq!(rows[4]["key"], "zelensky");
    assert_eq!(rows[4]["parent"], "ukraine");
    assert_eq!(rows[0]["parent"], Value::Null);
}

#[test]
fn json_of_an_empty_list_is_an_empty_array() {
    let env = TestEnv::init();
    assert_eq!(
        env.ok(["--format", "json", "stance", "list"]).json(),
        Value::Array(vec![])
    );
}

#[test]
fn jsonl_is_one_object_per_line() {
    let env = TestEnv::sample();
    let run = env.ok(["--format", "jsonl", "stance", "list"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    let ids: Vec<i64> = lines
        .iter()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("each line is JSON");
            assert!(v.is_object());
            v["id"].as_i64().unwrap()
        })
        .collect();
    assert_eq!(ids, vec![3, 1, 2]);
}

#[test]
fn csv_has_a_header_and_one_record_per_row() {
    let env = TestEnv::sample();
    let run = env.ok(["--format", "csv", "actor", "list"]);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ACTOR_COLUMNS);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 5);
    let zelensky = &records[4];
    assert_eq!(&zelensky[0], "zelensky");
    assert_eq!(&zelensky[1], "Volodymyr Zelensky");
    assert_eq!(&zelensky[3], "ukraine");
    assert_eq!(&zelensky[4], "Zelenskyy");
    assert_eq!(&zelensky[5], "", "null is empty");
}

#[test]
fn csv_quotes_commas_and_quotes() {
    let env = TestEnv::init();
    let name = "Smith, \"Jr\"";
    env.ok([
        "actor", "add", "--key", "smith", "--name", name, "--kind", "person",
    ]);
    let run = env.ok(["--format", "csv", "actor", "list"]);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!(&record[1], name);
}

#[test]
fn markdown_is_a_table_with_a_separator_line() {
    let env = TestEnv::sample();
    let run = env.ok(["--format", "markdown", "plan", "list"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "| key | title | status | first_reported_on | proposers | provisions | text_known | responds_to | supersedes | superseded_by | notes |"
    );
    assert_eq!(
        lines[1],
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    );
    assert_eq!(lines.len(), 4);
    assert!(lines[2].starts_with("| eu-plan |"), "{}", lines[2]);
}

#[test]
fn markdown_escapes_pipes_in_cells() {
    let env = TestEnv::init();
    env.ok([
        "actor", "add", "--key", "pipe", "--name", "A | B", "--kind", "media",
    ]);
    env.ok(["--format", "markdown", "actor", "list"])
        .stdout_has(&["| pipe | A \\| B | media |"]);
}

#[test]
fn table_is_the_default_and_says_when_there_are_no_rows() {
    let env = TestEnv::init();
    assert_eq!(env.ok(["actor", "list"]).stdout, "(no rows)\n");
    let env = TestEnv::sample();
    env.ok(["actor", "list"])
        .stdout_has(&["key", "name", "Volodymyr Zelensky", "ukraine"]);
}

#[test]
fn show_in_json_is_one_object_and_in_markdown_field_value_rows() {
    let env = TestEnv::sample();
    let shown = env
        .ok(["--format", "json", "plan", "show", "eu-plan"])
        .json();
    assert!(shown.is_object());
    assert_eq!(shown["status"], "counter-proposal");
    env.ok(["--format", "markdown", "plan", "show", "eu-plan"])
        .stdout_has(&[
            "| field | value |",
            "| --- | --- |",
            "| status | counter-proposal |",
        ]);
}

#[test]
fn write_outcomes_follow_the_format() {
    let env = TestEnv::init();
    let json = env
        .ok([
            "--format", "json", "actor", "add", "--key", "a", "--name", "A", "--kind", "state",
        ])
        .json();
    assert_eq!(
        json,
        serde_json::json!({"action": "added", "kind": "actor", "key": "a"})
    );
    let csv = env.ok([
        "--format", "csv", "actor", "add", "--key", "b", "--name", "B", "--kind", "state",
    ]);
    assert_eq!(csv.stdout, "action,kind,key\nadded,actor,b\n");
    let jsonl = env.ok(["--format", "jsonl", "actor", "remove", "b"]);
    assert_eq!(
        jsonl.stdout,
        "{\"action\":\"removed\",\"kind\":\"actor\",\"key\":\"b\"}\n"
    );
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let env = TestEnv::sample();
    env.run(["--format", "xml", "actor", "list"])
        .code(2)
        .stderr_has(&["xml"]);
}
