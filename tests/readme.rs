//! The README's command examples work as written: every `provtrack` line of the
//! "Commands" section runs, in order, on a fresh database.

use std::path::Path;
use std::process::Command;

/// The `provtrack ...` command lines of the README section `heading`, with `\`
/// continuations joined, skipping lines that write outside the test directory.
fn commands(readme: &str, heading: &str) -> Vec<String> {
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with(heading))
        .unwrap_or_else(|| panic!("README has no section {heading}"));
    let mut lines = Vec::new();
    let mut in_code = false;
    let mut pending = String::new();
    for line in section.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            continue;
        }
        let line = line.trim();
        if let Some(start) = line.strip_suffix('\\') {
            pending.push_str(start);
            continue;
        }
        let full = format!("{pending}{line}");
        pending.clear();
        if full.starts_with("provtrack ") && !full.contains('>') {
            lines.push(full);
        }
    }
    lines
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

#[test]
fn every_command_example_runs_on_a_fresh_database() {
    let examples = commands(&readme(), "Commands");
    assert!(
        examples.len() >= 25,
        "found only {} examples",
        examples.len()
    );
    run_all(&examples, &[]);
}

#[test]
fn the_set_up_examples_run_on_the_seeded_database() {
    let examples = commands(&readme(), "Set up");
    assert!(
        examples.len() >= 3,
        "found only {} examples",
        examples.len()
    );
    run_all(&examples, &["provtrack seed"]);
}

/// Runs `before` and then `examples` with `bash -c` in a fresh directory whose
/// database every command uses, failing on the first that does not succeed.
fn run_all(examples: &[String], before: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_provtrack")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let all = before
        .iter()
        .map(|b| b.to_string())
        .chain(examples.iter().cloned());
    for example in all {
        let out = Command::new("bash")
            .arg("-c")
            .arg(&example)
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("PROVTRACK_DB", dir.path().join("provtrack.db"))
            .env("HOME", dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README example failed: {example}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
