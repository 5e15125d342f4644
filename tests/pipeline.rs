//! One path for every write (issue 10): the command line and imports check a record by
//! the same rules, and messages name fields as the command line does.

use crate::common::TestEnv;

/// Stance 1 of the sample, given the key `s-one`, retracted.
fn retracted_stance() -> TestEnv {
    let env = TestEnv::sample();
    env.ok(["stance", "update", "1", "--key", "s-one"]);
    env.ok(["stance", "retract", "s-one", "--reason", "misquoted"]);
    env
}

const S_ONE: &str = "key,actor,provision,position,source,stated_on";
const S_ONE_ROW: &str = "s-one,zelensky,us-territory,rejects,reuters-1,2025-02-12";

#[test]
fn a_reason_alone_rewords_a_retracted_stance_from_the_command_line() {
    let env = retracted_stance();
    env.ok([
        "stance",
        "update",
        "s-one",
        "--reason",
        "quoted out of context",
    ])
    .stdout_has(&["updated stance 's-one': --reason"]);
    assert_eq!(
        env.text("SELECT status || ': ' || status_reason FROM stances WHERE key = 's-one'"),
        Some("retracted: quoted out of context".into())
    );
}

#[test]
fn a_reason_alone_rewords_a_retracted_stance_from_a_table() {
    let env = retracted_stance();
    let table = env.path("stances.csv");
    std::fs::write(
        &table,
        format!("{S_ONE},reason\n{S_ONE_ROW},quoted out of context\n"),
    )
    .unwrap();
    env.ok(["import", table.to_str().unwrap()]);
    assert_eq!(
        env.text("SELECT status || ': ' || status_reason FROM stances WHERE key = 's-one'"),
        Some("retracted: quoted out of context".into())
    );
}

#[test]
fn a_reason_alone_on_an_active_stance_is_refused_alike_everywhere() {
    let env = TestEnv::sample();
    env.ok(["stance", "update", "1", "--key", "s-one"]);
    let cli = env.fails_unchanged(65, ["stance", "update", "s-one", "--reason", "why"]);
    let table = env.path("stances.csv");
    std::fs::write(&table, format!("{S_ONE},reason\n{S_ONE_ROW},why\n")).unwrap();
    let import = env.fails_unchanged(65, ["import", table.to_str().unwrap()]);
    let rule = "reason goes with a status (retracted or corrected): an active stance has none";
    cli.stderr_has(&[rule]);
    import.stderr_has(&["stances.csv:2:", rule]);
}

#[test]
fn a_status_without_a_reason_is_refused_alike_everywhere() {
    let env = TestEnv::sample();
    env.ok(["stance", "update", "1", "--key", "s-one"]);
    let cli = env.fails_unchanged(65, ["stance", "update", "s-one", "--status", "corrected"]);
    let table = env.path("stances.csv");
    std::fs::write(&table, format!("{S_ONE},status\n{S_ONE_ROW},corrected\n")).unwrap();
    let import = env.fails_unchanged(65, ["import", table.to_str().unwrap()]);
    cli.stderr_has(&["status corrected needs a reason"]);
    import.stderr_has(&["stances.csv:2:", "status corrected needs a reason"]);
}

#[test]
fn update_messages_name_the_flags_not_the_columns() {
    let env = TestEnv::sample();
    let cases: &[(&[&str], &str)] = &[
        (
            &["actor", "update", "putin", "--parent", "ukraine"],
            "updated actor 'putin': --parent\n",
        ),
        (
            &["source", "update", "reuters-1", "--published-on", "2025-02"],
            "updated source 'reuters-1': --published-on\n",
        ),
        (
            &[
                "plan",
                "update",
                "eu-plan",
                "--first-reported-on",
                "2025-01",
            ],
            "updated plan 'eu-plan': --first-reported-on\n",
        ),
        (
            &[
                "stance", "update", "3", "--date", "2025-01", "--actor", "putin",
            ],
            "updated stance '3': --actor, --date\n",
        ),
        (
            &[
                "provision",
                "update",
                "us-spare",
                "--continues",
                "eu-territory",
                "--relation",
                "modified",
            ],
            "updated provision 'us-spare': --continues\n",
        ),
    ];
    for (args, message) in cases {
        let run = env.ok(*args);
        assert_eq!(run.stdout, *message, "{args:?}");
    }
}

#[test]
fn unset_names_the_fields_as_the_command_line_does() {
    let env = TestEnv::sample();
    env.fails_unchanged(65, ["actor", "update", "putin", "--unset", "kind"])
        .stderr_has(&[
            "--unset kind: not an optional actor field (optional: parent, members, notes)",
        ]);
    env.ok(["actor", "update", "putin", "--unset", "parent"])
        .stdout_has(&["updated actor 'putin': --parent\n"]);
    env.ok([
        "plan",
        "update",
        "us-plan",
        "--first-reported-on",
        "2025-01",
    ]);
    env.ok(["plan", "update", "us-plan", "--unset", "first-reported-on"])
        .stdout_has(&["updated plan 'us-plan': --first-reported-on\n"]);
    assert_eq!(
        env.text(
            "SELECT coalesce(first_reported_on, 'none') || ' ' || \
             coalesce(first_reported_precision, 'none') FROM plans WHERE key = 'us-plan'"
        ),
        Some("none none".into())
    );
}
