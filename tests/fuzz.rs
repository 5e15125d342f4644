//! Property tests (proptest) of everything that parses user input: the date parser,
//! the claims-file parser (TOML and JSON) and the CSV tables of `import`. On any input
//! they return a value or an error, never panic; errors are one line; accepted dates
//! round-trip; and an import of arbitrary bytes exits 0, 65 or 66 (never 101, a panic)
//! and writes nothing when it fails.
//!
//! `PROPTEST_CASES=100000 cargo test --release --test integration fuzz::` fuzzes the
//! parsers longer (the binary test keeps its 24 cases).
//!
//! Failing cases proptest found are kept in tests/fuzz.proptest-regressions (beside
//! this file, committed) and re-run first: see `config`.

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};

use provtrack::claims;
use provtrack::dates::{PartialDate, Precision};
use provtrack::tabular::{self, DataFormat, Kind, StanceReader};

use crate::common::TestEnv;

/// The number of cases of a parser property: `PROPTEST_CASES` when set, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The config of a parser property: `cases(default)` cases, and the regressions file
/// named explicitly. proptest's default (`SourceParallel`) would look for them in
/// ../proptest-regressions/fuzz.txt now that tests/ holds a main.rs, silently
/// dropping the cases kept in tests/fuzz.proptest-regressions.
fn config(default: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::with_cases(cases(default))
    }
}

/// Strings shaped like dates (digits and dashes of about the right lengths), where
/// the parser's edge cases are, mixed with arbitrary strings.
fn date_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,5}(-[0-9]{1,3}){0,3}",
        "[0-9+ -]{0,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn the_date_parser_never_panics_and_accepted_dates_round_trip(text in date_like()) {
        match PartialDate::parse("date", &text) {
            Ok(date) => {
                let shown = provtrack::dates::display(&date.stored(), date.precision.as_str());
                prop_assert_eq!(shown.clone(), text.clone());
                let parts = text.split('-').count();
                let expected = [Precision::Year, Precision::Month, Precision::Day][parts - 1];
                prop_assert_eq!(date.precision, expected);
                prop_assert!(date.last_day() >= date.stored());
                let again = PartialDate::parse("date", &shown).unwrap();
                prop_assert_eq!(again, date);
            }
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.starts_with("invalid date '"), "{}", message);
                prop_assert!(!message.contains('\n'), "{}", message);
                prop_assert_eq!(e.exit_code(), 65);
            }
        }
    }

    #[test]
    fn every_real_day_from_1800_to_2200_is_accepted(
        year in 1800i32..=2200,
        month in 1u32..=12,
        day in 1u32..=31,
    ) {
        let text = format!("{year:04}-{month:02}-{day:02}");
        let real = chrono::NaiveDate::from_ymd_opt(year, month, day).is_some();
        prop_assert_eq!(PartialDate::parse("date", &text).is_ok(), real, "{}", text);
    }
}

/// A valid claims file, for mutations.
const CLAIMS: &str = r#"[source]
key = "dw-2025-02-13"
outlet = "DW"
title = "What we know"
published_on = "2025-02-13"
kind = "news"

[[actors]]
key = "zelensky"
name = "Volodymyr Zelensky"
kind = "person"
aliases = ["Zelenskyy"]

[[stances]]
actor = "Zelenskyy"
provision = "ceasefire"
position = "rejects"
stated_on = "2025-02"
"#;

/// The JSON form of `CLAIMS`.
const CLAIMS_JSON: &str = r#"{"source": {"key": "dw-2025-02-13", "outlet": "DW", "title": "What we know",
 "published_on": "2025-02-13", "kind": "news"},
 "actors": [{"key": "zelensky", "name": "Volodymyr Zelensky", "kind": "person", "aliases": ["Zelenskyy"]}],
 "stances": [{"actor": "Zelenskyy", "provision": "ceasefire", "position": "rejects", "stated_on": "2025-02"}]}"#;

/// `base` with up to four edits: a character inserted, deleted or replaced at random
/// places (byte offsets moved to the next character boundary).
fn mutated(base: &'static str) -> impl Strategy<Value = String> {
    prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<char>()), 1..5).prop_map(
        move |edits| {
            let mut text = base.to_string();
            for (at, op, c) in edits {
                let mut i = at.index(text.len() + 1);
                while !text.is_char_boundary(i) {
                    i += 1;
                }
                match op {
                    0 => text.insert(i, c),
                    1 if i < text.len() => {
                        text.remove(i);
                    }
                    _ if i < text.len() => {
                        text.remove(i);
                        text.insert(i, c);
                    }
                    _ => text.push(c),
                }
            }
            text
        },
    )
}

/// Parses `text` as a claims file named `name`: a value or a one-line error.
fn parses_or_one_line_error(name: &str, text: String) -> Result<(), TestCaseError> {
    match claims::parse(name, text) {
        Ok(parsed) => {
            // Error places are computed for records of a parsed file too.
            for i in 0..parsed.claims.actors.len() {
                prop_assert!(parsed.place("actors", i).starts_with(name));
            }
        }
        Err(e) => {
            let message = e.to_string();
            prop_assert!(message.starts_with(name), "{}", message);
            prop_assert!(!message.contains('\n'), "{}", message);
            prop_assert_eq!(e.exit_code(), 65);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn the_claims_parser_never_panics_on_any_toml(text in any::<String>()) {
        parses_or_one_line_error("any.toml", text)?;
    }

    #[test]
    fn the_claims_parser_never_panics_on_any_json(text in any::<String>()) {
        parses_or_one_line_error("any.json", text)?;
    }

    #[test]
    fn the_claims_parser_never_panics_on_damaged_toml(text in mutated(CLAIMS)) {
        parses_or_one_line_error("damaged.toml", text)?;
    }

    #[test]
    fn the_claims_parser_never_panics_on_damaged_json(text in mutated(CLAIMS_JSON)) {
        parses_or_one_line_error("damaged.json", text)?;
    }
}

/// Bytes for a CSV table: a real header and CSV-ish lines (quotes, separators, line
/// ends, a BOM, NUL, invalid UTF-8), or anything at all.
fn csv_bytes(header: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let cell = prop_oneof![
        "[a-z0-9-]{0,8}",
        Just("\"".to_string()),
        Just("\"a,\"\"b\"\"\"".to_string()),
        Just("\r".to_string()),
        Just("\u{feff}".to_string()),
        Just("\0".to_string()),
        Just("2025-02".to_string()),
        Just("supports".to_string()),
        any::<String>(),
    ];
    let line = prop::collection::vec(cell, 0..6).prop_map(|cells| cells.join(","));
    let table = (
        any::<bool>(),
        prop::collection::vec(line, 0..6),
        prop::collection::vec(any::<u8>(), 0..3),
    )
        .prop_map(move |(bom, lines, junk)| {
            let mut bytes = Vec::new();
            if bom {
                bytes.extend_from_slice("\u{feff}".as_bytes());
            }
            bytes.extend_from_slice(header.as_bytes());
            for line in lines {
                bytes.push(b'\n');
                bytes.extend_from_slice(line.as_bytes());
            }
            bytes.extend(junk);
            bytes
        });
    prop_oneof![3 => table, 1 => prop::collection::vec(any::<u8>(), 0..200)]
}

/// Reads a stance table to its end or its first error.
fn read_stances(path: &std::path::Path) -> provtrack::error::Result<u64> {
    let mut reader = StanceReader::open(path, DataFormat::Csv)?;
    let mut n = 0;
    while reader.next_stance()?.is_some() {
        n += 1;
    }
    Ok(n)
}

#[test]
fn the_csv_readers_never_panic_on_any_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut runner = TestRunner::new(Config {
        cases: cases(256),
        failure_persistence: None,
        ..Config::default()
    });
    let actors = dir.path().join("actors.csv");
    runner
        .run(&csv_bytes("key,name,kind,parent,aliases,notes"), |bytes| {
            std::fs::write(&actors, &bytes).unwrap();
            if let Err(e) = tabular::read_records(&actors, DataFormat::Csv, Kind::Actor) {
                let message = e.to_string();
                prop_assert!(message.contains("actors.csv"), "{}", message);
                prop_assert!(!message.contains('\n'), "{}", message);
            }
            Ok(())
        })
        .unwrap();
    let stances = dir.path().join("stances.csv");
    runner
        .run(
            &csv_bytes("actor,provision,position,source,date,quote"),
            |bytes| {
                std::fs::write(&stances, &bytes).unwrap();
                if let Err(e) = read_stances(&stances) {
                    let message = e.to_string();
                    prop_assert!(message.contains("stances.csv"), "{}", message);
                    prop_assert!(!message.contains('\n'), "{}", message);
                }
                Ok(())
            },
        )
        .unwrap();
}

/// The binary end to end, so each case costs a process: few cases.
#[test]
fn importing_arbitrary_csv_exits_0_65_or_66_and_fails_without_writing() {
    let env = TestEnv::sample();
    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        prop_oneof![Just("actors.csv"), Just("stances.csv")],
        csv_bytes("actor,provision,position,source,date"),
        csv_bytes("key,name,kind,parent,aliases"),
    );
    runner
        .run(&strategy, |(name, stance_bytes, actor_bytes)| {
            let bytes = if name == "stances.csv" {
                stance_bytes
            } else {
                actor_bytes
            };
            std::fs::write(env.path(name), &bytes).unwrap();
            let before = env.dump();
            let run = env.run(["import", name]);
            prop_assert!(
                [0, 65, 66].contains(&run.code),
                "exit {}: {}",
                run.code,
                run.stderr
            );
            prop_assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
            if run.code != 0 {
                prop_assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
                prop_assert!(env.dump() == before, "a failed import wrote");
            }
            Ok(())
        })
        .unwrap();
}
