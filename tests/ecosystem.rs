//! Shell completions, the man page and colour: generated from the same clap
//! definitions as the parser, and no escape codes where they do not belong.

use crate::common::TestEnv;

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
            "input-format",
            "layout",
            "file-format",
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
    let env = TestEnv::seeded();
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

/// Issue 14: `stance show 99999` suggested '99'. Numeric ids get no "did you mean";
/// keys still do.
#[test]
fn did_you_mean_only_for_keys_not_numeric_ids() {
    let env = TestEnv::seeded();
    for args in [
        ["stance", "show", "99999"],
        ["stance", "show", "1x"],
        ["stance", "remove", "99999"],
    ] {
        let run = env.fails_unchanged(66, args);
        let line = run.one_error_line();
        assert!(!line.contains("did you mean"), "{args:?}: {line}");
        assert!(line.contains("provtrack stance list"), "{args:?}: {line}");
    }
    let line = env
        .fails_unchanged(66, ["plan", "show", "12"])
        .one_error_line()
        .to_string();
    assert!(!line.contains("did you mean"), "{line}");
    let line = env
        .fails_unchanged(66, ["actor", "show", "zelenskj"])
        .one_error_line()
        .to_string();
    assert!(line.contains("did you mean 'zelensky'"), "{line}");
}
