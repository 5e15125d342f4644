//! Snapshots (insta) of what users read: every report in table, Markdown and HTML on
//! the seed data, and `provtrack --help` with the help of every subcommand. Each
//! snapshot holds the command line, the exit code, stdout and stderr, so a change to
//! any of them shows as a diff in review. The files are in tests/snapshots/.
//!
//! A changed output fails here with the diff. When the change is meant, rewrite the
//! snapshots and review them as code: `INSTA_UPDATE=always cargo test --test
//! integration snapshots::`, then `git diff tests/snapshots/` (insta's `cargo insta
//! review` works too where it is installed). With `CI` set (and in `.ci/run`, which sets
//! INSTA_UPDATE=no) a mismatch or a missing snapshot fails and nothing is written.
//!
//! The output is made the same on every machine: a fixed clock (PROVTRACK_NOW, as in
//! every test), COLUMNS=100 (tables and help wrap there), no terminal (so no pager
//! and no colour; NO_COLOR is set as well), and the test's temporary directory shown
//! as `[TMP]`.

use clap::CommandFactory;

use crate::common::{Run, TestEnv};

/// Runs `args` on `env` as the snapshots see it (fixed width, no colour, no pager).
fn shown(env: &TestEnv, args: &[&str]) -> Run {
    let mut cmd = env.command();
    cmd.arg("--db")
        .arg(env.db_path())
        .args(args)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env("PAGER", "cat")
        .env_remove("CLICOLOR_FORCE");
    crate::common::capture(&mut cmd)
}

/// The snapshot text of a run: the command line, exit code, stdout and stderr, with
/// the temporary directory replaced by `[TMP]`.
fn record(env: &TestEnv, args: &[&str], run: &Run) -> String {
    let tmp = env.dir().display().to_string();
    let text = format!(
        "$ provtrack {}\nexit code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
        args.join(" "),
        run.code,
        run.stdout,
        run.stderr
    );
    text.replace(&tmp, "[TMP]")
}

/// Compares `args`' run with the snapshot `name` in tests/snapshots/.
#[track_caller]
fn snapshot(env: &TestEnv, name: &str, args: &[&str]) {
    let run = shown(env, args);
    let text = record(env, args, &run);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!("provtrack {}", args.join(" ")));
    settings.bind(|| insta::assert_snapshot!(name, text));
}

/// Each report of `report --help` with the arguments it needs on the seed data.
const REPORTS: &[(&str, &[&str])] = &[
    ("matrix", &["--plan", "us-28-point-plan"]),
    ("timeline", &["--plan", "us-28-point-plan"]),
    ("shifts", &[]),
    ("conflicts", &[]),
    ("contested", &[]),
    ("coverage", &[]),
    ("plan-diff", &["us-100-day-peace-plan", "us-28-point-plan"]),
    ("sources", &[]),
    ("versions", &["--plan", "us-28-point-plan"]),
    ("thread", &["28pt-cap-ukrainian-armed-forces"]),
];

const FORMATS: &[&str] = &["table", "markdown", "html"];

#[test]
fn every_report_of_report_help_has_snapshots() {
    let env = TestEnv::new();
    let help = env.ok(["report", "--help"]).stdout;
    let listed: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .collect();
    let snapped: Vec<&str> = REPORTS.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        listed, snapped,
        "a report was added or removed: list it in REPORTS"
    );
}

fn report(name: &str) {
    let env = TestEnv::seeded();
    let args = REPORTS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, args)| *args)
        .unwrap();
    for format in FORMATS {
        let mut argv = vec!["--format", format, "report", name];
        argv.extend_from_slice(args);
        snapshot(&env, &format!("report-{name}-{format}"), &argv);
    }
}

#[test]
fn report_matrix() {
    report("matrix");
}

#[test]
fn report_timeline() {
    report("timeline");
}

#[test]
fn report_shifts() {
    report("shifts");
}

#[test]
fn report_conflicts() {
    report("conflicts");
}

#[test]
fn report_contested() {
    report("contested");
}

#[test]
fn report_coverage() {
    report("coverage");
}

#[test]
fn report_plan_diff() {
    report("plan-diff");
}

#[test]
fn report_sources() {
    report("sources");
}

#[test]
fn report_versions() {
    report("versions");
}

#[test]
fn report_thread() {
    report("thread");
}

/// The name of the help snapshot of a command path.
fn help_name(path: &[String]) -> String {
    if path.is_empty() {
        "help-provtrack".to_string()
    } else {
        format!("help-provtrack-{}", path.join("-"))
    }
}

/// Every command path: [], ["actor"], ["actor", "add"], ... (without `help` and the
/// hidden commands).
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        for sub in cmd.get_subcommands() {
            if sub.get_name() == "help" || sub.is_hide_set() {
                continue;
            }
            path.push(sub.get_name().to_string());
            walk(sub, path, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    walk(&provtrack::cli::Cli::command(), &mut Vec::new(), &mut out);
    out
}

#[test]
fn help_of_every_command() {
    let env = TestEnv::new();
    let paths = command_paths();
    assert!(paths.len() > 20, "{paths:?}");
    for path in paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        snapshot(&env, &help_name(&path), &args);
    }
    assert!(!env.db_path().exists(), "--help needs no database");
}

/// A snapshot no test compares any more (a report or command renamed or removed) is
/// deleted, not left to mislead.
#[test]
fn every_snapshot_file_belongs_to_a_test() {
    let mut expected: Vec<String> = REPORTS
        .iter()
        .flat_map(|(name, _)| FORMATS.iter().map(move |f| format!("report-{name}-{f}")))
        .chain(command_paths().iter().map(|p| help_name(p)))
        .map(|name| format!("{name}.snap"))
        .collect();
    expected.sort();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let on_disk: Vec<String> = crate::common::listing(&dir)
        .into_iter()
        .filter(|name| name.ends_with(".snap"))
        .collect();
    let stale: Vec<&String> = on_disk.iter().filter(|n| !expected.contains(n)).collect();
    assert!(
        stale.is_empty(),
        "tests/snapshots/ holds snapshots no test compares; delete them: {stale:?}"
    );
}
