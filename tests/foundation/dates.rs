//! Dates: `YYYY-MM-DD`, `YYYY-MM` and `YYYY` set the precision; anything else is
//! refused naming the field and the value.

use crate::common::TestEnv;

const BAD_DATES: [&str; 4] = ["24-02-03", "2024-2-3", "2025-02-30", "2024-13-01"];

fn stance_add(date: &str) -> Vec<&str> {
    vec![
        "stance",
        "add",
        "--actor",
        "eu",
        "--provision",
        "us-ceasefire",
        "--position",
        "undecided",
        "--source",
        "kyiv-2",
        "--date",
        date,
    ]
}

#[test]
fn each_precision_is_stored_and_shown_as_given() {
    let env = TestEnv::sample();
    let rows = env.ok(["--format", "json", "stance", "list"]).json_rows();
    let shown: Vec<(i64, &str)> = rows
        .iter()
        .map(|r| (r["id"].as_i64().unwrap(), r["stated_on"].as_str().unwrap()))
        .collect();
    assert_eq!(shown, vec![(3, "2025"), (1, "2025-02-12"), (2, "2025-03")]);
    let stored: Vec<(String, String)> = {
        let conn = env.read_conn();
        let mut stmt = conn
            .prepare("SELECT stated_on, stated_precision FROM stances ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        stored,
        vec![
            ("2025-02-12".to_string(), "day".to_string()),
            ("2025-03-01".to_string(), "month".to_string()),
            ("2025-01-01".to_string(), "year".to_string()),
        ]
    );
}

#[test]
fn month_precision_shows_as_year_and_month_in_the_table() {
    let env = TestEnv::sample();
    env.ok(stance_add("2025-02"));
    let run = env.ok(["stance", "list", "--actor", "eu"]);
    assert!(run.stdout.contains(" 2025-02 "), "{}", run.stdout);
    assert!(!run.stdout.contains("2025-02-01"), "{}", run.stdout);
}

#[test]
fn a_leap_day_is_accepted() {
    let env = TestEnv::sample();
    env.ok(stance_add("2024-02-29"));
}

#[test]
fn malformed_and_impossible_stance_dates_are_refused() {
    let env = TestEnv::sample();
    for bad in BAD_DATES {
        let run = env.fails_unchanged(65, stance_add(bad));
        let line = run.one_error_line();
        assert!(
            line.contains(&format!("invalid date '{bad}'")),
            "names the field and value: {line}"
        );
    }
}

#[test]
fn malformed_and_impossible_published_on_dates_are_refused() {
    let env = TestEnv::sample();
    for bad in BAD_DATES {
        let run = env.fails_unchanged(
            65,
            [
                "source",
                "add",
                "--key",
                "late",
                "--outlet",
                "X",
                "--title",
                "X",
                "--published-on",
                bad,
                "--kind",
                "news",
            ],
        );
        let line = run.one_error_line();
        assert!(
            line.contains(&format!("invalid published-on '{bad}'")),
            "{line}"
        );
    }
}

#[test]
fn malformed_first_reported_on_dates_are_refused() {
    let env = TestEnv::sample();
    for bad in BAD_DATES {
        env.fails_unchanged(
            65,
            [
                "plan",
                "add",
                "--key",
                "late",
                "--title",
                "X",
                "--status",
                "leaked",
                "--first-reported-on",
                bad,
            ],
        )
        .stderr_has(&[&format!("invalid first-reported-on '{bad}'")]);
    }
}

#[test]
fn malformed_list_filter_dates_are_refused() {
    let env = TestEnv::sample();
    for bad in BAD_DATES {
        env.fails_unchanged(65, ["stance", "list", "--since", bad])
            .stderr_has(&[&format!("invalid since '{bad}'")]);
        env.fails_unchanged(65, ["stance", "list", "--until", bad])
            .stderr_has(&[&format!("invalid until '{bad}'")]);
    }
}

#[test]
fn other_loose_forms_are_refused() {
    let env = TestEnv::sample();
    for bad in [
        "2025/02/01",
        "2025-02-1",
        "20250201",
        "1799",
        "2025-00",
        " 2025",
    ] {
        env.fails_unchanged(65, stance_add(bad))
            .stderr_has(&["invalid date"]);
    }
}
