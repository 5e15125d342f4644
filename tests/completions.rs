//! Shell completion with values, driven as bash drives it: the generated script is
//! sourced, COMP_WORDS and COMP_CWORD are set as bash sets them for a command line, the
//! completion function runs, and COMPREPLY is what the user would be offered.

use std::path::Path;
use std::process::Command;

use crate::common::TestEnv;

/// What bash offers for `line` (the word being completed is the last; a line ending in
/// a space completes an empty word), run in `dir` with `env` set.
fn offered(env: &TestEnv, line: &str, vars: &[(&str, &str)]) -> Vec<String> {
    let script = env.ok(["completions", "bash"]).stdout;
    let script_path = env.path("provtrack.bash");
    std::fs::write(&script_path, script).unwrap();
    let mut words: Vec<String> = line.split(' ').map(String::from).collect();
    if words.last().is_some_and(String::is_empty) && words.len() > 1 {
        // `COMP_WORDS` holds the empty word being completed.
    } else if words.is_empty() {
        words.push(String::new());
    }
    let quoted: Vec<String> = words
        .iter()
        .map(|w| format!("'{}'", w.replace('\'', "'\\''")))
        .collect();
    let program = format!(
        "source '{}'
         COMP_WORDS=({})
         COMP_CWORD={}
         COMP_LINE='{}'
         COMP_POINT=${{#COMP_LINE}}
         _provtrack_values provtrack \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script_path.display(),
        quoted.join(" "),
        words.len() - 1,
        line.replace('\'', "'\\''"),
    );
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_provtrack")).parent().unwrap();
    let mut cmd = Command::new("bash");
    cmd.arg("-c")
        .arg(&program)
        .current_dir(env.dir())
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin_dir.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("PROVTRACK_DB", env.db_path())
        .env("HOME", env.dir());
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "bash failed on {line:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut found: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    found.sort();
    found
}

fn seeded() -> TestEnv {
    TestEnv::seeded()
}

/// Issue 14: "not `--plan us-<TAB>`, `--actor zel<TAB>`".
#[test]
fn record_keys_and_aliases_come_from_the_database() {
    let env = seeded();
    let plans = offered(&env, "provtrack report matrix --plan us-", &[]);
    assert!(
        plans.contains(&"us-100-day-peace-plan".to_string())
            && plans.contains(&"us-28-point-plan".to_string())
            && plans.iter().all(|p| p.starts_with("us-")),
        "{plans:?}"
    );
    let actors = offered(&env, "provtrack stance list --actor zel", &[]);
    assert!(
        actors.contains(&"zelensky".to_string())
            && actors.contains(&"Zelenskiy".to_string())
            && actors.contains(&"Zelenskyy".to_string()),
        "{actors:?}"
    );
    assert!(
        actors.iter().all(|a| a.to_lowercase().starts_with("zel")),
        "{actors:?}"
    );
    // Aliases with spaces are offered escaped, as one word.
    let full = offered(&env, "provtrack report timeline --actor volodymyr", &[]);
    assert!(
        full.contains(&"Volodymyr\\ Zelenskiy".to_string()),
        "{full:?}"
    );
    assert_eq!(
        offered(
            &env,
            "provtrack report timeline --provision 28pt-no-nato-in",
            &[]
        ),
        ["28pt-no-nato-in-constitution"]
    );
    assert_eq!(
        offered(
            &env,
            "provtrack stance list --source bloomberg-2025-11",
            &[]
        ),
        ["bloomberg-2025-11-21-28-point-plan"]
    );
    // Positional keys: show, update, remove, history, plan-diff.
    assert_eq!(
        offered(&env, "provtrack plan show us-2", &[]),
        ["us-28-point-plan"]
    );
    assert_eq!(
        offered(
            &env,
            "provtrack report plan-diff us-100-day-peace-plan us-2",
            &[]
        ),
        ["us-28-point-plan"]
    );
    assert!(offered(&env, "provtrack history actor zelensk", &[]).contains(&"zelensky".to_string()));
    assert_eq!(
        offered(&env, "provtrack history ", &[]),
        ["actor", "plan", "provision", "source", "stance"]
    );
}

#[test]
fn the_database_is_the_one_the_command_would_open() {
    let env = seeded();
    let other = env.path("other.db");
    let other_s = other.to_str().unwrap();
    env.run_on(
        &other,
        [
            "plan",
            "add",
            "--key",
            "us-other-plan",
            "--title",
            "Other",
            "--status",
            "proposed",
        ],
    )
    .code(0);
    // --db on the line wins over PROVTRACK_DB (which the helper sets to the seeded one).
    assert_eq!(
        offered(
            &env,
            &format!("provtrack --db {other_s} plan show us-"),
            &[]
        ),
        ["us-other-plan"]
    );
    assert_eq!(
        offered(
            &env,
            &format!("provtrack plan show --db {other_s} us-"),
            &[]
        ),
        ["us-other-plan"]
    );
    assert_eq!(
        offered(
            &env,
            "provtrack plan show us-",
            &[("PROVTRACK_DB", other_s)]
        ),
        ["us-other-plan"]
    );
    // No database: nothing offered, nothing created, no error.
    let missing = env.path("missing.db");
    assert!(offered(
        &env,
        "provtrack plan show us-",
        &[("PROVTRACK_DB", missing.to_str().unwrap())]
    )
    .is_empty());
    assert!(!missing.exists());
}

/// Issue 14: "nor even the fixed lists (`--category`, `--position`, `--status`)".
#[test]
fn every_fixed_vocabulary_is_offered() {
    let env = TestEnv::new();
    let positions = offered(&env, "provtrack stance list --position ", &[]);
    assert!(
        positions.contains(&"supports".to_string()) && positions.contains(&"rejects".to_string()),
        "{positions:?}"
    );
    assert_eq!(
        offered(&env, "provtrack provision list --category terr", &[]),
        ["territory"]
    );
    assert!(offered(&env, "provtrack plan list --status ", &[]).contains(&"leaked".to_string()));
    assert_eq!(
        offered(&env, "provtrack stance update 3 --status ", &[]),
        ["active", "corrected", "retracted"]
    );
    assert!(offered(&env, "provtrack source add --kind ", &[]).contains(&"leak".to_string()));
    assert!(offered(&env, "provtrack actor list --kind ", &[]).contains(&"bloc".to_string()));
    assert_eq!(
        offered(&env, "provtrack search ceasefire --kind ", &[]),
        ["provision", "source", "stance"]
    );
    assert!(
        offered(&env, "provtrack stance add --attribution ", &[]).contains(&"direct".to_string())
    );
    assert!(
        offered(&env, "provtrack provision add --relation ", &[]).contains(&"modified".to_string())
    );
    assert!(offered(&env, "provtrack --format ", &[]).contains(&"jsonl".to_string()));
    assert!(offered(&env, "provtrack import --kind ", &[]).contains(&"stance".to_string()));
    assert!(!env.db_path().exists(), "vocabularies need no database");
}

/// Issue 14: "`import <TAB>` offers no files until a letter is typed".
#[test]
fn import_offers_files_before_a_letter_is_typed() {
    let env = TestEnv::new();
    std::fs::write(env.path("claims.toml"), "").unwrap();
    std::fs::create_dir(env.path("feed")).unwrap();
    let files = offered(&env, "provtrack import ", &[]);
    assert!(files.contains(&"claims.toml".to_string()), "{files:?}");
    assert!(files.contains(&"feed".to_string()), "{files:?}");
    let files = offered(&env, "provtrack import claims.toml ", &[]);
    assert!(files.contains(&"feed".to_string()), "{files:?}");
}

/// Subcommands and flags are still completed (by clap's part of the script).
#[test]
fn subcommands_and_flags_still_complete() {
    let env = TestEnv::new();
    assert_eq!(offered(&env, "provtrack rep", &[]), ["report"]);
    assert!(offered(&env, "provtrack report ", &[]).contains(&"matrix".to_string()));
    let flags = offered(&env, "provtrack stance list --p", &[]);
    assert!(
        flags.contains(&"--plan".to_string()) && flags.contains(&"--position".to_string()),
        "{flags:?}"
    );
    assert!(!offered(&env, "provtrack ", &[]).contains(&"__complete".to_string()));
}

/// fish, when it is installed (CI drives bash only): `complete -C` prints what fish
/// offers for a command line.
#[test]
fn fish_offers_the_same_values() {
    let env = seeded();
    if Command::new("fish").arg("--version").output().is_err() {
        println!("skipped: fish is not installed");
        return;
    }
    let script = env.path("provtrack.fish");
    std::fs::write(&script, env.ok(["completions", "fish"]).stdout).unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_provtrack")).parent().unwrap();
    let fish = |line: &str| -> Vec<String> {
        let out = Command::new("fish")
            .arg("-c")
            .arg(format!("source {}; complete -C '{line}'", script.display()))
            .current_dir(env.dir())
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    bin_dir.display(),
                    std::env::var("PATH").unwrap_or_default()
                ),
            )
            .env("PROVTRACK_DB", env.db_path())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap_or("").to_string())
            .collect()
    };
    assert!(fish("provtrack report matrix --plan us-").contains(&"us-28-point-plan".to_string()));
    assert!(fish("provtrack plan show us-").contains(&"us-28-point-plan".to_string()));
    assert!(fish("provtrack stance list --actor zel").contains(&"Zelenskiy".to_string()));
    assert!(fish("provtrack plan list --status ").contains(&"leaked".to_string()));
}

/// The zsh script parses (when zsh is installed) and asks `provtrack __complete`.
#[test]
fn the_zsh_script_parses_and_asks_for_values() {
    let env = TestEnv::new();
    let text = env.ok(["completions", "zsh"]).stdout;
    assert!(
        text.contains("__complete") && text.contains("_provtrack_clap"),
        "{text}"
    );
    if Command::new("zsh").arg("--version").output().is_err() {
        println!("skipped: zsh is not installed");
        return;
    }
    let script = env.path("_provtrack");
    std::fs::write(&script, text).unwrap();
    let out = Command::new("zsh").arg("-n").arg(&script).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The function itself, with zsh's completion builtins standing in: what it hands
    // to compadd, _files or clap's function for a command line.
    env.ok(["seed"]);
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_provtrack")).parent().unwrap();
    let program = format!(
        "source {}
         compadd() {{ print -l -- \"$@\"; }}
         _files() {{ print FILES; }}
         _provtrack_clap() {{ print CLAP; }}
         words=(provtrack report matrix --plan us-2); CURRENT=5; _provtrack; print -r -- SEPARATOR
         words=(provtrack stance list --actor 'Volodymyr Zelenskiy'); CURRENT=5; _provtrack; print -r -- SEPARATOR
         words=(provtrack import ''); CURRENT=3; _provtrack; print -r -- SEPARATOR
         words=(provtrack rep); CURRENT=2; _provtrack",
        script.display()
    );
    let out = Command::new("zsh")
        .arg("-c")
        .arg(program)
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin_dir.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("PROVTRACK_DB", env.db_path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let parts: Vec<Vec<&str>> = text
        .split("SEPARATOR\n")
        .map(|p| p.lines().filter(|l| *l != "--").collect())
        .collect();
    assert_eq!(parts.len(), 4, "{text}");
    assert_eq!(parts[0], ["us-28-point-plan"], "{text}");
    assert_eq!(
        parts[1],
        ["Volodymyr Zelenskiy"],
        "one candidate, spaces and all: {text}"
    );
    assert_eq!(parts[2], ["FILES"], "{text}");
    assert_eq!(parts[3], ["CLAP"], "{text}");
}
