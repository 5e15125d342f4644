//! `provtrack seed`: the six articles' claims, loaded through the import path.
//!
//! The checks against the article texts read ../shared/articles, which exists in CI
//! and in the team's workspace; in a clone without it they print why and skip.

#[allow(dead_code)]
mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::TestEnv;
use serde_json::{Map, Value};

/// Which article (file, and for the file holding two pieces, the marker that ends the
/// first piece) each seed source reports.
const ARTICLES: &[(&str, &str, Piece)] = &[
    (
        "voiceofeast-2025-01-17-trans-dnieper",
        "002_fd604a30050a0ad9.txt",
        Piece::AfterMarker("#DonaldTrump"),
    ),
    (
        "voiceofeast-2025-02-12-peace-talks-next",
        "002_fd604a30050a0ad9.txt",
        Piece::BeforeMarker("#DonaldTrump"),
    ),
    (
        "dw-2025-02-13-us-peace-plans",
        "000_36027c35bc2d4b23.txt",
        Piece::Whole,
    ),
    (
        "bloomberg-2025-11-21-28-point-plan",
        "001_03ba0516430cc8c1.txt",
        Piece::Whole,
    ),
    (
        "italian-2025-11-21-28-point-plan-article-5",
        "003_1d8b70d1a4602716.txt",
        Piece::Whole,
    ),
    (
        "axios-2025-11-19-secret-28-point-plan",
        "004_5b40a9a174e14c80.txt",
        Piece::Whole,
    ),
];

#[derive(Clone, Copy)]
enum Piece {
    Whole,
    BeforeMarker(&'static str),
    AfterMarker(&'static str),
}

fn articles_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/articles");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "skipped: {} does not exist (it does in CI and the team workspace)",
            dir.display()
        );
        None
    }
}

/// The article text for a source key, whitespace runs folded to one space.
fn article(dir: &std::path::Path, source: &str) -> String {
    let (_, file, piece) = ARTICLES
        .iter()
        .find(|(key, _, _)| *key == source)
        .unwrap_or_else(|| panic!("source '{source}' has no article in ARTICLES"));
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let text = match piece {
        Piece::Whole => text.as_str(),
        Piece::BeforeMarker(m) => &text[..text.find(m).unwrap()],
        Piece::AfterMarker(m) => &text[text.find(m).unwrap()..],
    };
    fold(text)
}

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn seeded() -> TestEnv {
    let env = TestEnv::new();
    env.ok(["seed"]);
    env
}

fn list(env: &TestEnv, args: &[&str]) -> Vec<Map<String, Value>> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    env.ok(all).json_rows()
}

#[test]
fn the_built_in_seeds_are_exactly_the_files_in_seeds() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml") || n.ends_with(".json"))
        .collect();
    on_disk.sort();
    let built_in: Vec<String> = provtrack::seeds::SEEDS
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(
        built_in, on_disk,
        "list every seeds/ file in src/seeds.rs, in load order"
    );
}

#[test]
fn seeding_an_empty_database_gives_at_least_the_expected_counts() {
    let env = seeded();
    for (table, floor) in [
        ("sources", 6),
        ("actors", 25),
        ("plans", 5),
        ("provisions", 40),
        ("stances", 50),
    ] {
        let n = env.count(table);
        assert!(n >= floor, "{table}: {n} < {floor}");
    }
    assert_eq!(env.count("sources"), 6, "one source per article");
}

#[test]
fn seeding_twice_changes_nothing() {
    let env = seeded();
    let before = env.dump();
    let again = env.ok(["seed", "--format", "csv"]);
    assert!(
        again.stderr.contains("changed 0 record(s)"),
        "{}",
        again.stderr
    );
    assert!(again.stdout.contains("stance,0,0,"), "{}", again.stdout);
    assert_eq!(env.dump(), before);
}

#[test]
fn seed_ends_with_counts_and_what_to_try_next() {
    let env = TestEnv::new();
    let run = env.ok(["seed"]);
    assert!(
        run.stderr.contains("the database now holds 6 sources"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("try next:"), "{}", run.stderr);
    // Each suggested command works on the seeded database.
    for line in run
        .stderr
        .lines()
        .filter(|l| l.trim_start().starts_with("provtrack "))
    {
        let args: Vec<&str> = line.split_whitespace().skip(1).collect();
        env.ok(args);
    }
}

#[test]
fn seed_from_another_folder_uses_the_import_path() {
    let env = TestEnv::new();
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    env.ok(["seed", "--dir", seeds.to_str().unwrap()]);
    let built_in = seeded();
    assert_eq!(env.count("stances"), built_in.count("stances"));
    let empty = env.path("empty");
    std::fs::create_dir(&empty).unwrap();
    env.fails_unchanged(66, ["seed", "--dir", empty.to_str().unwrap()]);
}

#[test]
fn every_quote_is_verbatim_from_its_article_and_one_sentence_at_most() {
    let Some(dir) = articles_dir() else { return };
    let env = seeded();
    let mut texts = BTreeMap::new();
    let stances = list(&env, &["stance", "list"]);
    let mut quotes = 0;
    for stance in &stances {
        let Some(quote) = stance["quote"].as_str() else {
            continue;
        };
        let source = stance["source"].as_str().unwrap();
        let text = texts
            .entry(source.to_string())
            .or_insert_with(|| article(&dir, source));
        let quote = fold(quote);
        assert!(
            text.contains(&quote),
            "stance {}: quote not in {source}: {quote}",
            stance["id"]
        );
        // One sentence at most: no sentence end followed by another sentence inside.
        let inner = quote.trim_end_matches(['.', '!', '?', '"', '”', '’', '\'']);
        for end in [". ", "! ", "? "] {
            if let Some(i) = inner.find(end) {
                let next = inner[i + 2..].chars().next().unwrap_or(' ');
                assert!(
                    !next.is_uppercase(),
                    "stance {}: quote spans two sentences: {quote}",
                    stance["id"]
                );
            }
        }
        quotes += 1;
    }
    assert!(quotes >= 30, "only {quotes} stances carry a quote");
}

#[test]
fn every_source_is_one_of_the_six_articles_with_no_invented_url() {
    let env = seeded();
    let sources = list(&env, &["source", "list"]);
    let keys: Vec<&str> = sources.iter().map(|s| s["key"].as_str().unwrap()).collect();
    let mut expected: Vec<&str> = ARTICLES.iter().map(|(k, _, _)| *k).collect();
    expected.sort();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort();
    assert_eq!(keys_sorted, expected);
    for s in &sources {
        assert!(s["url"].is_null(), "no article prints a url: {}", s["key"]);
    }
    let dw = sources
        .iter()
        .find(|s| s["key"] == "dw-2025-02-13-us-peace-plans")
        .unwrap();
    assert!(dw["outlet"].as_str().unwrap().starts_with("DW"));
    let bloomberg = sources
        .iter()
        .find(|s| s["key"] == "bloomberg-2025-11-21-28-point-plan")
        .unwrap();
    assert_eq!(
        bloomberg["outlet"], "Bloomberg",
        "the publication, not the re-poster"
    );
    assert!(bloomberg["notes"]
        .as_str()
        .unwrap()
        .contains("Tham Yek Lee"));
    assert_eq!(bloomberg["published_on"], "2025-11-21");
}

/// Every spelling of an actor that the articles use resolves to that actor.
#[test]
fn every_spelling_in_the_articles_resolves_to_its_actor() {
    let spellings = [
        ("Zelenskyy", "zelensky"),
        ("Zelenskiy", "zelensky"),
        ("Zelensky", "zelensky"),
        ("Kyiv", "ukraine"),
        ("Kiev", "ukraine"),
        ("Kremlin", "russia"),
        ("Moscow", "russia"),
        ("Washington", "united-states"),
        ("Nato", "nato"),
        ("NATO", "nato"),
        ("Hegseth", "hegseth"),
        ("Witkoff", "witkoff"),
        ("Dmitriev", "dmitriev"),
        ("Kallas", "kallas"),
        ("strana.today", "strana-today"),
    ];
    let env = seeded();
    let corpus = articles_dir().map(|dir| {
        ARTICLES
            .iter()
            .map(|(k, _, _)| article(&dir, k))
            .collect::<Vec<_>>()
            .join(" ")
    });
    for (spelling, key) in spellings {
        if let Some(corpus) = &corpus {
            assert!(
                corpus.contains(spelling),
                "'{spelling}' is not in the articles"
            );
        }
        let shown = env
            .ok(["actor", "show", spelling, "--format", "json"])
            .json();
        assert_eq!(shown["key"], key, "'{spelling}' should name {key}");
    }
    let hegseth = env
        .ok(["actor", "show", "hegseth", "--format", "json"])
        .json();
    assert_eq!(hegseth["parent"], "united-states");
    let kallas = env
        .ok(["actor", "show", "kallas", "--format", "json"])
        .json();
    assert_eq!(kallas["parent"], "european-union");
}

fn provision(env: &TestEnv, key: &str) -> Value {
    env.ok(["provision", "show", key, "--format", "json"])
        .json()
}

/// Spot checks of facts the articles state, found by content rather than by key.
#[test]
fn named_facts_are_recorded_with_their_figures() {
    let env = seeded();
    let provisions = list(&env, &["provision", "list"]);
    let find = |plan: &str, needles: &[&str]| {
        provisions
            .iter()
            .find(|p| {
                let text = format!(
                    "{} {}",
                    p["title"].as_str().unwrap_or(""),
                    p["text"].as_str().unwrap_or("")
                );
                p["plan"] == plan && needles.iter().all(|n| text.contains(n))
            })
            .unwrap_or_else(|| panic!("no provision of {plan} mentions {needles:?}"))
            .clone()
    };
    let cap = find("us-28-point-plan", &["600,000", "900,000"]);
    assert_eq!(cap["category"], "armed-forces");
    let elections = find("us-28-point-plan", &["100 days"]);
    assert_eq!(elections["category"], "elections-governance");
    let ceasefire = find("us-100-day-peace-plan", &["April 20"]);
    assert_eq!(ceasefire["category"], "ceasefire");
    let assets = find("us-28-point-plan", &["$100 billion", "50%"]);
    assert_eq!(assets["category"], "frozen-assets");
    find("us-100-day-peace-plan", &["May 9"]);
    let reconstruction = find("us-100-day-peace-plan", &["$500 billion"]);
    assert_eq!(reconstruction["category"], "reconstruction");
}

#[test]
fn the_28_point_plan_continues_the_100_day_plan_where_the_articles_say_so() {
    let env = seeded();
    let provisions = list(&env, &["provision", "list", "--plan", "us-28-point-plan"]);
    let continued: Vec<(String, String)> = provisions
        .iter()
        .filter_map(|p| {
            let from = p["continues"].as_str()?;
            let plan = provision(&env, from)["plan"].as_str()?.to_string();
            Some((p["category"].as_str()?.to_string(), plan))
        })
        .collect();
    for category in ["nato-neutrality", "territory"] {
        assert!(
            continued.iter().any(|(c, plan)| c == category && plan == "us-100-day-peace-plan"),
            "no {category} provision of the 28-point plan continues the 100-day plan: {continued:?}"
        );
    }
    let dmz = provisions
        .iter()
        .find(|p| p["continues"] == "100day-demilitarised-buffer-zone")
        .expect("the buffer zone continues into the 28-point plan");
    assert_eq!(dmz["relation"], "modified");
}

#[test]
fn stances_record_who_said_what_and_how() {
    let env = seeded();
    let zelensky = list(
        &env,
        &[
            "stance",
            "list",
            "--actor",
            "Zelenskyy",
            "--plan",
            "us-100-day-peace-plan",
        ],
    );
    let rejects = zelensky
        .iter()
        .find(|s| s["position"] == "rejects")
        .expect("DW: Zelenskyy has rejected recognising Russian sovereignty");
    assert_eq!(rejects["provision"], "100day-recognise-russian-sovereignty");
    let leavitt = list(&env, &["stance", "list", "--actor", "leavitt"]);
    assert!(leavitt
        .iter()
        .all(|s| s["attribution"] == "direct" && s["position"] == "supports"));
    let hegseth = list(&env, &["stance", "list", "--actor", "hegseth"]);
    assert!(hegseth.iter().any(|s| s["stated_on"] == "2025-02-12"));
    for attribution in ["direct", "reported", "anonymous", "inferred"] {
        let n = list(&env, &["stance", "list"])
            .iter()
            .filter(|s| s["attribution"] == attribution)
            .count();
        assert!(n > 0, "no {attribution} stance in the seeds");
    }
}
