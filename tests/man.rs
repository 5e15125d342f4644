//! Man pages: `provtrack man --dir DIR` writes one page per command and subcommand,
//! each with ENVIRONMENT, EXIT STATUS and EXAMPLES, and no page refers to one that
//! does not exist.

use std::collections::BTreeSet;

use crate::common::TestEnv;
use clap::Parser;

fn pages(env: &TestEnv) -> Vec<(String, String)> {
    let dir = env.path("man1");
    env.ok(["man", "--dir", dir.to_str().unwrap()])
        .stderr_has(&["man pages"]);
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    pages.sort();
    pages
}

/// The subcommand paths `provtrack help` lists, recursively, as page names.
fn commands(env: &TestEnv, path: &[String], names: &mut BTreeSet<String>) {
    names.insert(format!(
        "provtrack{}.1",
        path.iter().map(|p| format!("-{p}")).collect::<String>()
    ));
    let mut args = path.to_vec();
    args.push("--help".into());
    let help = env.ok(&args).stdout;
    let subs: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .filter(|name| name != "help")
        .collect();
    for sub in subs {
        let mut p = path.to_vec();
        p.push(sub);
        commands(env, &p, names);
    }
}

/// Issue 14: "Man page refers to `provtrack-report(1)` and other pages that do not
/// exist"; one page per subcommand.
#[test]
fn one_page_per_command_and_every_reference_exists() {
    let env = TestEnv::new();
    let pages = pages(&env);
    let names: BTreeSet<String> = pages.iter().map(|(n, _)| n.clone()).collect();
    let mut expected = BTreeSet::new();
    commands(&env, &[], &mut expected);
    assert!(expected.len() > 50, "{expected:?}");
    assert_eq!(names, expected, "one page per command in --help");
    for (name, text) in &pages {
        assert!(text.contains("\n.TH provtrack"), "{name}");
        for (at, _) in text.match_indices("provtrack") {
            let rest = &text[at..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '\\'))
                .unwrap_or(rest.len());
            if rest[end..].starts_with("(1)") {
                let page = format!("{}.1", rest[..end].replace("\\-", "-"));
                assert!(
                    names.contains(&page),
                    "{name} refers to {page}, which does not exist"
                );
            }
        }
    }
    assert!(
        !names.iter().any(|n| n.contains("complete")),
        "no page for the hidden __complete"
    );
}

/// Issue 14: "no ENVIRONMENT, EXIT STATUS or EXAMPLES sections".
#[test]
fn every_page_has_environment_exit_status_and_examples_that_parse() {
    let env = TestEnv::new();
    for (name, text) in pages(&env) {
        for needle in [
            ".SH ENVIRONMENT",
            "PROVTRACK_DB",
            "PROVTRACK_BUSY_TIMEOUT",
            "NO_COLOR",
            ".SH \"EXIT STATUS\"",
            "65",
            "66",
            "75",
            ".SH EXAMPLES",
        ] {
            assert!(text.contains(needle), "{name} lacks {needle}");
        }
        let examples: Vec<String> = text
            .split(".SH EXAMPLES")
            .nth(1)
            .unwrap()
            .lines()
            .skip_while(|l| *l != ".nf")
            .skip(1)
            .take_while(|l| *l != ".fi")
            .map(|l| {
                l.replace("\\-", "-")
                    .replace("\\(aq", "'")
                    .replace("\\*(Aq", "'")
            })
            .collect();
        assert!(!examples.is_empty(), "{name} has no example");
        for example in examples {
            let words = split(example.split(" > ").next().unwrap());
            assert_eq!(words[0], "provtrack", "{name}: {example}");
            if let Err(e) = provtrack::cli::Cli::try_parse_from(&words) {
                panic!("{name}: the example `{example}` does not parse: {e}");
            }
        }
    }
}

/// Shell words: spaces split, single quotes group.
fn split(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
}

/// `provtrack man` alone still prints the main page.
#[test]
fn man_without_dir_prints_the_main_page() {
    let env = TestEnv::new();
    let page = env.ok(["man"]).stdout;
    assert!(
        page.contains(".TH provtrack 1"),
        "{}",
        &page[..100.min(page.len())]
    );
    assert!(page.contains("provtrack\\-report(1)") || page.contains("provtrack-report(1)"));
    assert!(page.contains(".SH EXAMPLES"));
}
