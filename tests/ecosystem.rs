//! Shell completions, the man page and colour: generated from the same clap
//! definitions as the parser, and no escape codes where they do not belong.

#[allow(dead_code)]
mod common;

use common::TestEnv;

#[test]
fn completions_cover_every_command_for_each_shell() {
    let env = TestEnv::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = env.ok(["completions", shell]).stdout;
        for command in [
            "stance",
            "report",
            "import",
            "export",
            "matrix",
            "busy-timeout",
        ] {
            assert!(
                script.contains(command),
                "{shell} completions lack {command}"
            );
        }
    }
    env.run(["completions", "tcsh"]).code(2);
    assert!(!env.db_path().exists(), "completions need no database");
}

#[test]
fn the_man_page_is_roff_with_every_command() {
    let env = TestEnv::new();
    let page = env.ok(["man"]).stdout;
    assert!(
        page.contains(".TH provtrack 1"),
        "{}",
        &page[..200.min(page.len())]
    );
    for command in [
        "init",
        "stance",
        "report",
        "backup",
        "doctor",
        "completions",
    ] {
        assert!(page.contains(command), "the man page lacks {command}");
    }
}

#[test]
fn no_escape_codes_in_piped_output_or_with_no_color() {
    let env = TestEnv::new();
    env.ok(["seed"]);
    for args in [
        vec!["--help"],
        vec!["report", "matrix", "--plan", "us-28-point-plan"],
        vec!["actor", "list"],
    ] {
        let run = env
            .command()
            .env("NO_COLOR", "1")
            .arg("--db")
            .arg(env.db_path())
            .args(&args)
            .output()
            .unwrap();
        assert!(!run.stdout.contains(&0x1b), "ESC in stdout of {args:?}");
        assert!(!run.stderr.contains(&0x1b), "ESC in stderr of {args:?}");
    }
    let error = env.run(["actor", "show", "nobody"]);
    assert!(!error.stderr.contains('\u{1b}'));
}
