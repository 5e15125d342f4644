//! `provtrack draft`: each rule on a small hand-written article, against a small
//! database of actors, a plan and its provisions. Publication day: Friday 21 November
//! 2025.

use crate::common::TestEnv;
use serde_json::Value;

const KNOWN: &str = r#"
[[actors]]
key = "united-states"
name = "United States"
kind = "state"
aliases = ["US", "U.S.", "Washington"]

[[actors]]
key = "germany"
name = "Germany"
kind = "state"

[[actors]]
key = "ukraine"
name = "Ukraine"
kind = "state"
aliases = ["Kyiv"]

[[actors]]
key = "russia"
name = "Russia"
kind = "state"
aliases = ["Moscow"]

[[actors]]
key = "nato"
name = "NATO"
kind = "organization"
aliases = ["Nato"]

[[actors]]
key = "rubio"
name = "Marco Rubio"
kind = "person"
parent = "united-states"

[[actors]]
key = "king"
name = "Angus King"
kind = "person"
parent = "united-states"

[[actors]]
key = "zelensky"
name = "Volodymyr Zelensky"
kind = "person"
parent = "ukraine"
aliases = ["Zelenskyy"]

[[actors]]
key = "peskov"
name = "Dmitry Peskov"
kind = "person"
parent = "russia"
aliases = ["the Kremlin spokesman"]

[[plans]]
key = "peace-plan"
title = "US 28-point peace plan"
status = "proposed"
proposers = ["united-states"]

[[provisions]]
key = "army-cap"
plan = "peace-plan"
title = "Ukraine's armed forces capped at 600,000"
text = "The Ukrainian Armed Forces are limited to 600,000 troops."
category = "armed-forces"

[[provisions]]
key = "elections"
plan = "peace-plan"
title = "Ukraine holds elections within 100 days"
text = "Elections are held within 100 days of an agreement."
category = "elections-governance"

[[provisions]]
key = "frozen-assets"
plan = "peace-plan"
title = "$100 billion of frozen Russian assets go to rebuilding Ukraine"
text = "Some $100 billion of frozen Russian assets go to US-led rebuilding."
category = "frozen-assets"

[[provisions]]
key = "no-nato"
plan = "peace-plan"
title = "Ukraine renounces NATO membership in its constitution"
text = "Ukraine enshrines in its constitution that it will not join NATO."
category = "nato-neutrality"
"#;

fn env() -> TestEnv {
    let env = TestEnv::new();
    let known = env.path("known.toml");
    std::fs::write(&known, KNOWN).unwrap();
    env.ok(["import", "--quiet", known.to_str().unwrap()]);
    env
}

fn draft_args<'a>(article: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "draft",
        article,
        "--source",
        "test-2025-11-21",
        "--outlet",
        "Test News",
        "--published-on",
        "2025-11-21",
    ];
    args.extend_from_slice(extra);
    args
}

/// Drafts `text` and returns the JSON claims file.
fn draft(env: &TestEnv, text: &str) -> Value {
    let article = env.path("article.txt");
    std::fs::write(&article, text).unwrap();
    env.ok(draft_args(article.to_str().unwrap(), &["--format", "json"]))
        .json()
}

fn stances(v: &Value) -> Vec<Value> {
    v["stances"].as_array().cloned().unwrap_or_default()
}

fn field<'a>(s: &'a Value, name: &str) -> &'a str {
    s[name].as_str().unwrap_or("")
}

/// The one candidate whose quote (or, without one, evidence) contains `needle`.
#[track_caller]
fn candidate(v: &Value, needle: &str) -> Value {
    let all = stances(v);
    let found: Vec<&Value> = all
        .iter()
        .filter(|s| field(s, "quote").contains(needle) || field(s, "evidence").contains(needle))
        .collect();
    assert!(
        !found.is_empty(),
        "no candidate holds {needle:?}:\n{}",
        serde_json::to_string_pretty(v).unwrap()
    );
    found[0].clone()
}

#[test]
fn every_quotation_mark_gives_a_verbatim_quote_and_its_speaker() {
    let env = env();
    let text = "“We reject the army cap outright,” Zelensky said on Wednesday.\n\
                \"The elections clause is acceptable,\" Marco Rubio said.\n\
                ‘We will never accept this plan,’ Zelensky told reporters.\n\
                «The plan is a good basis», Dmitry Peskov said.\n\
                „Wir lehnen das ab“, Angus King said.\n";
    let v = draft(&env, text);
    for (quote, actor) in [
        ("We reject the army cap outright", "zelensky"),
        ("The elections clause is acceptable", "rubio"),
        ("We will never accept this plan", "zelensky"),
        ("The plan is a good basis", "peskov"),
        ("Wir lehnen das ab", "king"),
    ] {
        let c = candidate(&v, quote);
        assert_eq!(field(&c, "quote"), quote, "{c}");
        assert_eq!(field(&c, "actor"), actor, "{c}");
        assert_eq!(field(&c, "attribution"), "direct", "{c}");
    }
}

#[test]
fn a_quotation_over_several_sentences_is_one_candidate_per_sentence_all_attributed() {
    let env = env();
    let text = "“The army cap is unacceptable. We will not sign it,” Zelensky said.\n\
                “It is a good plan. It should be acceptable to both sides,” Marco Rubio said on Thursday. \
                “We believe in it.”\n";
    let v = draft(&env, text);
    let a = candidate(&v, "The army cap is unacceptable.");
    assert_eq!(field(&a, "actor"), "zelensky");
    assert_eq!(field(&a, "quote"), "The army cap is unacceptable.");
    let b = candidate(&v, "We will not sign it");
    assert_eq!(field(&b, "actor"), "zelensky");
    // The quotation that continues after "Rubio said on Thursday." is his, and dated so.
    let c = candidate(&v, "We believe in it.");
    assert_eq!(field(&c, "actor"), "rubio", "{c}");
    assert_eq!(field(&c, "stated_on"), "2025-11-20", "{c}");
}

#[test]
fn an_interrupted_quotation_is_one_candidate_with_the_whole_sentence_as_evidence() {
    let env = env();
    let sentence =
        "“The cap of 600,000 troops is too low,” Zelensky said, “and we cannot accept it.”";
    let v = draft(&env, &format!("{sentence}\n"));
    let all = stances(&v);
    assert_eq!(all.len(), 1, "{v}");
    let c = &all[0];
    assert_eq!(field(c, "actor"), "zelensky");
    assert_eq!(field(c, "quote"), "The cap of 600,000 troops is too low");
    assert_eq!(field(c, "evidence"), sentence);
    assert_eq!(
        field(c, "provision"),
        "army-cap",
        "the figure names the provision"
    );
}

#[test]
fn anonymous_sources_give_attribution_anonymous_and_the_body_they_speak_for() {
    let env = env();
    let v = draft(
        &env,
        "The army cap of 600,000 is not negotiable, a U.S. official said.\n\
         According to people familiar with the matter, Ukraine rejected the elections clause.\n",
    );
    let a = candidate(&v, "not negotiable");
    assert_eq!(field(&a, "attribution"), "anonymous");
    assert_eq!(field(&a, "actor"), "united-states");
    let b = candidate(&v, "people familiar with the matter");
    assert_eq!(field(&b, "attribution"), "anonymous");
    assert_eq!(
        field(&b, "actor"),
        "ukraine",
        "the actor the sources speak of: {b}"
    );
}

#[test]
fn reported_speech_within_reported_speech_gives_via() {
    let env = env();
    let v = draft(
        &env,
        "Senator Angus King said that Marco Rubio told them the frozen assets clause would be dropped.\n",
    );
    let c = candidate(&v, "frozen assets clause");
    assert_eq!(field(&c, "actor"), "rubio", "{c}");
    assert_eq!(c["via"], serde_json::json!(["king"]), "{c}");
    assert_eq!(field(&c, "attribution"), "reported");
    assert_eq!(field(&c, "provision"), "frozen-assets");
}

#[test]
fn relative_dates_resolve_against_publication_and_say_which_words() {
    let env = env();
    let v = draft(
        &env,
        "Zelensky said on Wednesday that the army cap was unacceptable.\n\
         Marco Rubio said Thursday that the elections clause was acceptable.\n\
         Angus King said last week that he backs the plan.\n\
         Dmitry Peskov said on 12 February that Moscow supports the frozen assets clause.\n\
         Germany said Nov 18 that it opposes the NATO clause.\n\
         Kyiv said that it welcomed the plan.\n",
    );
    let dates: Vec<(String, String, bool)> = stances(&v)
        .iter()
        .map(|s| {
            (
                field(s, "actor").to_string(),
                field(s, "stated_on").to_string(),
                s["stated_inferred"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    let want = [
        ("zelensky", "2025-11-19", false),
        ("rubio", "2025-11-20", false),
        ("king", "2025-11-14", true),
        ("peskov", "2025-02-12", false),
        ("germany", "2025-11-18", false),
        ("ukraine", "2025-11-21", true),
    ];
    for (actor, date, inferred) in want {
        assert!(
            dates.contains(&(actor.to_string(), date.to_string(), inferred)),
            "{actor} {date} inferred={inferred} not in {dates:?}"
        );
    }
    // The TOML says which words gave each date.
    let article = env.path("article.txt");
    let toml = env.ok(draft_args(article.to_str().unwrap(), &[])).stdout;
    for words in [
        "\"on Wednesday\"",
        "\"Thursday\"",
        "\"last week\": approximate",
        "\"on 12 February\"",
        "\"Nov 18\"",
        "no date in the sentence: the publication date, marked inferred",
    ] {
        assert!(
            toml.contains(&format!("# date: {words}")),
            "{words}:\n{toml}"
        );
    }
}

#[test]
fn an_unknown_person_with_a_title_is_proposed_as_a_new_actor_with_parent() {
    let env = env();
    let v = draft(
        &env,
        "German Defense Minister Boris Pistorius said the army cap of 600,000 was dangerous.\n",
    );
    let actors = v["actors"].as_array().cloned().unwrap_or_default();
    assert_eq!(actors.len(), 1, "{v}");
    let a = &actors[0];
    assert_eq!(field(a, "key"), "boris-pistorius");
    assert_eq!(field(a, "name"), "Boris Pistorius");
    assert_eq!(field(a, "kind"), "person");
    assert_eq!(field(a, "parent"), "germany");
    assert_eq!(field(a, "notes"), "German Defense Minister");
    let c = candidate(&v, "Pistorius");
    assert_eq!(field(&c, "actor"), "boris-pistorius");
}

#[test]
fn a_title_alias_names_its_actor() {
    let env = env();
    let v = draft(
        &env,
        "The plan could form the basis of a settlement, the Kremlin spokesman said.\n",
    );
    let c = candidate(&v, "form the basis");
    assert_eq!(field(&c, "actor"), "peskov", "{c}");
    assert_eq!(field(&c, "position"), "?conditional", "{c}");
    assert_eq!(field(&c, "plan"), "peace-plan", "the plan as a whole: {c}");
}

#[test]
fn figures_rank_the_provisions_and_the_next_two_are_named() {
    let env = env();
    let text = "Zelensky said the $100 billion idea was welcome.\n";
    let v = draft(&env, text);
    let c = candidate(&v, "$100 billion");
    assert_eq!(field(&c, "provision"), "frozen-assets", "{c}");
    let article = env.path("article.txt");
    let toml = env.ok(draft_args(article.to_str().unwrap(), &[])).stdout;
    let target = toml
        .lines()
        .find(|l| l.starts_with("# target: frozen-assets"))
        .unwrap_or_else(|| panic!("no target comment:\n{toml}"));
    assert!(target.contains("; next: elections"), "{target}");
}

#[test]
fn forecasts_and_advice_are_proposed_with_their_kind() {
    let env = env();
    let v = draft(
        &env,
        "Members of Nato will also object to the NATO clause.\n\
         Russia should accept the elections clause.\n",
    );
    let a = candidate(&v, "will also object");
    assert_eq!(field(&a, "actor"), "nato");
    assert_eq!(field(&a, "kind"), "forecast");
    assert_eq!(field(&a, "position"), "?opposes");
    assert_eq!(field(&a, "attribution"), "inferred");
    let b = candidate(&v, "should accept");
    assert_eq!(field(&b, "actor"), "russia");
    assert_eq!(field(&b, "kind"), "recommendation");
}

#[test]
fn import_refuses_a_draft_until_each_position_is_confirmed() {
    let env = env();
    let article = env.path("article.txt");
    std::fs::write(
        &article,
        "“We reject the army cap,” Zelensky said on Wednesday.\n\
         Marco Rubio said Thursday that he backs the elections clause.\n",
    )
    .unwrap();
    let out = env.path("draft.toml");
    env.ok(draft_args(
        article.to_str().unwrap(),
        &["-o", out.to_str().unwrap()],
    ));
    let text = std::fs::read_to_string(&out).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("position = \"?"))
        .unwrap()
        + 1;
    for dry in [true, false] {
        let mut args = vec!["import"];
        if dry {
            args.push("--dry-run");
        }
        args.push(out.to_str().unwrap());
        let run = env.fails_unchanged(65, args);
        let error = run.one_error_line();
        assert!(
            error.contains(&format!(
                "draft.toml:{line}: stances[0]: position '?rejects'"
            )),
            "{error}"
        );
        assert!(error.contains("not yet confirmed"), "{error}");
        assert!(error.contains("2 suggestion(s) left"), "{error}");
    }
    // Confirmed (the "?" removed), the file imports as drafted.
    std::fs::write(&out, text.replace("position = \"?", "position = \"")).unwrap();
    env.ok(["import", "--dry-run", out.to_str().unwrap()]);
    env.ok(["import", out.to_str().unwrap()]);
    assert_eq!(env.count("stances"), 2);
    assert_eq!(
        env.text("SELECT position FROM stances ORDER BY id LIMIT 1"),
        Some("rejects".into())
    );
}

#[test]
fn the_json_draft_is_a_claims_file_and_import_refuses_it_too() {
    let env = env();
    let article = env.path("article.txt");
    std::fs::write(
        &article,
        "Zelensky said on Wednesday he rejected the army cap.\n",
    )
    .unwrap();
    let out = env.path("draft.json");
    env.ok(draft_args(
        article.to_str().unwrap(),
        &["--format", "json", "-o", out.to_str().unwrap()],
    ));
    let run = env.fails_unchanged(65, ["import", out.to_str().unwrap()]);
    assert!(
        run.one_error_line().contains("draft.json:"),
        "{}",
        run.stderr
    );
}

#[test]
fn draft_never_writes_to_the_database_and_reads_stdin() {
    let env = env();
    let before = env.dump();
    let mut cmd = env.command();
    cmd.arg("--db")
        .arg(env.db_path())
        .args(draft_args("-", &[]))
        .write_stdin("Zelensky said on Wednesday that he rejected the army cap.\n");
    let run = crate::common::capture(&mut cmd);
    run.code(0);
    assert!(
        run.stdout.contains("actor = \"zelensky\""),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("# Drafted by `provtrack draft` from stdin"));
    assert_eq!(env.dump(), before);
}

#[test]
fn bad_arguments_are_one_line_errors_naming_the_field() {
    let env = env();
    let article = env.path("article.txt");
    std::fs::write(&article, "Zelensky said so.\n").unwrap();
    let a = article.to_str().unwrap();
    let run = env.fails_unchanged(
        65,
        [
            "draft",
            a,
            "--source",
            "s",
            "--outlet",
            "X",
            "--published-on",
            "21-11-2025",
        ],
    );
    assert!(run.one_error_line().contains("--published-on '21-11-2025'"));
    let run = env.fails_unchanged(
        65,
        [
            "draft",
            a,
            "--source",
            "Bad Key",
            "--outlet",
            "X",
            "--published-on",
            "2025-11-21",
        ],
    );
    assert!(run.one_error_line().contains("--source 'Bad Key'"));
    let run = env.fails_unchanged(
        65,
        [
            "draft",
            a,
            "--source",
            "s",
            "--outlet",
            "X",
            "--published-on",
            "2025-11-21",
            "--format",
            "csv",
        ],
    );
    assert!(run.one_error_line().contains("--format json"));
    let run = env.fails_unchanged(
        66,
        [
            "draft",
            "missing.txt",
            "--source",
            "s",
            "--outlet",
            "X",
            "--published-on",
            "2025-11-21",
        ],
    );
    assert!(run.one_error_line().contains("missing.txt: no such file"));
}

#[test]
fn the_readme_worked_example_runs_on_the_seed_article() {
    let Some(articles) = crate::common::shared_articles("the README's draft example") else {
        return;
    };
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let section = readme
        .split("#### A worked example: drafting Bloomberg")
        .nth(1)
        .expect("README has the draft worked example")
        .split("\n#### ")
        .next()
        .unwrap();
    let blocks: Vec<&str> = section.split("```").collect();
    // blocks[1] is the sh block; blocks[3] and [5] the TOML excerpts.
    let sh = blocks[1].strip_prefix("sh\n").expect("an sh block first");
    let env = TestEnv::new();
    let mut last: Option<crate::common::Run> = None;
    let mut ran = 0;
    for line in sh.lines() {
        if let Some(expected) = line.strip_prefix("# → ") {
            let run = last.as_ref().expect("an expectation follows a command");
            // Each part between "…" is shown (the parts after the first: anywhere).
            let shown = format!("{}{}", run.stdout, run.stderr);
            let mut parts = expected.split('…').map(str::trim).filter(|p| !p.is_empty());
            let first = parts.next().unwrap();
            // The file and the line, then what the message says.
            let head = first.split(" stances[").next().unwrap();
            assert!(
                shown.contains(head),
                "README expects {head:?}\ngot:\n{shown}"
            );
            for part in parts {
                assert!(
                    shown.contains(part),
                    "README expects {part:?}\ngot:\n{shown}"
                );
            }
            assert_eq!(expected.starts_with("error:"), run.code != 0, "{shown}");
            continue;
        }
        let Some(args) = line.strip_prefix("provtrack ") else {
            continue;
        };
        let line = args.replace("../shared/articles/", &format!("{}/", articles.display()));
        // The one quoted argument (--title "...") stays one argument.
        let mut argv: Vec<String> = Vec::new();
        let mut rest = line.as_str();
        while !rest.is_empty() {
            rest = rest.trim_start();
            if let Some(q) = rest.strip_prefix('"') {
                let end = q.find('"').unwrap();
                argv.push(q[..end].to_string());
                rest = &q[end + 1..];
            } else {
                let end = rest.find(' ').unwrap_or(rest.len());
                argv.push(rest[..end].to_string());
                rest = &rest[end..];
            }
        }
        let mut cmd = env.command();
        cmd.current_dir(env.dir())
            .arg("--db")
            .arg(env.db_path())
            .args(&argv);
        last = Some(crate::common::capture(&mut cmd));
        ran += 1;
    }
    assert_eq!(ran, 3, "seed, draft and import --dry-run");
    // The excerpts' words are the draft's, verbatim.
    let drafted = std::fs::read_to_string(env.dir().join("bloomberg.toml")).unwrap();
    for block in [blocks[3], blocks[5]] {
        for line in block.lines() {
            if line.starts_with("quote = ") || line.starts_with("evidence = ") {
                assert!(drafted.contains(line), "not in the draft: {line}");
            }
        }
    }
}

#[test]
fn format_toml_is_the_default_and_only_for_claims_files() {
    let env = env();
    let article = env.path("article.txt");
    std::fs::write(
        &article,
        "Zelensky wrote on X that he rejected the army cap.\n\
         The European Commission said it welcomed the plan.\n",
    )
    .unwrap();
    let a = article.to_str().unwrap();
    let default = env.ok(draft_args(a, &[])).stdout;
    let toml = env.ok(draft_args(a, &["--format", "toml"])).stdout;
    assert_eq!(default, toml);
    // "X wrote on X": the writer; an unknown body is proposed as an organization.
    assert!(default.contains("actor = \"zelensky\""), "{default}");
    assert!(
        default.contains("key = \"european-commission\"\nname = \"European Commission\"\nkind = \"organization\""),
        "{default}"
    );
    let run = env.fails_unchanged(65, ["actor", "list", "--format", "toml"]);
    assert!(
        run.one_error_line().contains("--format toml"),
        "{}",
        run.stderr
    );
}
