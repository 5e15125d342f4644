//! Output for people and for programs (issue 14, issue 15 items 5-7): tables that fit
//! a real terminal (driven through a pty), the pager, `--columns`/`--limit`/`--sort`,
//! `-o`, `--quiet`, `import -`, and text that cannot spoof a terminal, a spreadsheet or
//! a Markdown document.

use std::process::{Command, Stdio};

use crate::common::TestEnv;
use unicode_width::UnicodeWidthStr;

/// Whether the `script` command (util-linux), which gives a command a pty, is here.
/// Missing, the pty tests fail in CI and are skipped with a reason elsewhere.
fn have_script() -> bool {
    let found = Command::new("script")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "the pty tests need the `script` command (util-linux); install it"
        );
        eprintln!("skipped: no `script` command to give provtrack a terminal");
    }
    found
}

/// Runs `provtrack ARGS` on a pty `cols` wide, as a person at a terminal would, and
/// returns what the terminal received (lines without the pty's `\r`).
fn on_terminal(env: &TestEnv, cols: u16, args: &str, pager: Option<&str>) -> String {
    let bin = assert_cmd::cargo::cargo_bin("provtrack");
    let inner = format!(
        "stty cols {cols} rows 24; {} --db {} {args}",
        bin.display(),
        env.db_path().display()
    );
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &inner, "/dev/null"])
        .current_dir(env.dir())
        .env_remove("COLUMNS")
        .env("TERM", "dumb")
        .stdin(Stdio::null());
    match pager {
        Some(p) => cmd.env("PAGER", p),
        None => cmd.env_remove("PAGER"),
    };
    let out = cmd.output().expect("run script");
    assert!(
        out.status.success(),
        "{args} failed on a terminal:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).replace('\r', "")
}

fn seeded() -> TestEnv {
    TestEnv::seeded()
}

/// The values of one column, as CSV (keys of the seeded plans, provisions...).
fn keys(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--format", "csv", "--columns", "key"];
    all.extend(args);
    env.ok(all)
        .stdout
        .lines()
        .skip(1)
        .map(str::to_string)
        .collect()
}

#[track_caller]
fn assert_fits(text: &str, cols: usize) {
    for line in text.lines() {
        assert!(
            line.width() <= cols,
            "a line is {} columns wide on a {cols}-column terminal:\n{line}\n---\n{text}",
            line.width()
        );
    }
}

/// Every key appears whole, as a word of its own, on some line.
#[track_caller]
fn assert_whole(text: &str, keys: &[String]) {
    assert!(!keys.is_empty());
    for key in keys {
        assert!(
            text.lines()
                .any(|l| l.split_whitespace().any(|word| word == key)),
            "key {key} is not shown whole:\n{text}"
        );
    }
}

#[test]
fn plan_list_and_the_matrix_fit_80_columns_on_a_terminal_with_no_key_broken() {
    if !have_script() {
        return;
    }
    let env = seeded();
    let plans = on_terminal(&env, 80, "plan list --no-pager", None);
    assert_fits(&plans, 80);
    assert_whole(&plans, &keys(&env, &["plan", "list"]));
    for date in ["2021-12", "2025-11-19"] {
        assert!(plans.contains(date), "{date} missing:\n{plans}");
    }

    let matrix = on_terminal(
        &env,
        80,
        "report matrix --plan us-28-point-plan --no-pager",
        None,
    );
    assert_fits(&matrix, 80);
    assert_whole(
        &matrix,
        &keys(&env, &["provision", "list", "--plan", "us-28-point-plan"]),
    );
    assert_whole(&matrix, &["united-states".to_string(), "zelensky".into()]);
    assert!(matrix.contains("P proposes"), "no legend:\n{matrix}");

    // Wider terminals get wider tables; still nothing wider than the terminal.
    let wide = on_terminal(&env, 200, "provision list --no-pager", None);
    assert_fits(&wide, 200);
    assert!(wide.lines().any(|l| l.width() > 100), "{wide}");
}

#[test]
fn a_terminal_gets_the_pager_and_no_pager_prints_directly() {
    if !have_script() {
        return;
    }
    let env = seeded();
    let paged = env.path("paged.txt");
    let pager = format!("cat > {}", paged.display());
    let shown = on_terminal(&env, 80, "plan list", Some(&pager));
    assert!(!shown.contains("us-28-point-plan"), "{shown}");
    let through_pager = std::fs::read_to_string(&paged).unwrap();
    assert!(through_pager.contains("us-28-point-plan"));

    std::fs::remove_file(&paged).unwrap();
    let direct = on_terminal(&env, 80, "plan list --no-pager", Some(&pager));
    assert!(direct.contains("us-28-point-plan"));
    assert!(!paged.exists());
}

#[test]
fn piped_tables_keep_whole_cells_and_one_line_per_row() {
    let env = seeded();
    let out = env.ok(["provision", "list", "--plan", "us-28-point-plan"]);
    let titles = env.ok([
        "--format",
        "csv",
        "--columns",
        "title",
        "provision",
        "list",
        "--plan",
        "us-28-point-plan",
    ]);
    // Header, rule, one line per provision; every title whole (not cut) in a pipe.
    let provisions = titles.stdout.lines().count() - 1;
    assert!(provisions >= 20, "{}", titles.stdout);
    assert_eq!(out.stdout.lines().count(), 2 + provisions, "{}", out.stdout);
    for title in titles.stdout.lines().skip(1) {
        let title = title.trim_matches('"').replace("\"\"", "\"");
        assert!(out.stdout.contains(&title), "{title}");
    }
    // The long text columns (the 1,980-byte lines) are left to `show` and `--columns`.
    let header: Vec<&str> = out
        .stdout
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(header, ["key", "point", "category", "title"]);
}

#[test]
fn columns_limit_and_sort_shape_lists_and_reports() {
    let env = TestEnv::sample();
    let out = env.ok([
        "--format",
        "csv",
        "--columns",
        "key,kind",
        "--sort",
        "key:desc",
        "--limit",
        "2",
        "actor",
        "list",
    ]);
    assert_eq!(out.stdout, "key,kind\nzelensky,person\nukraine,state\n");

    let timeline = env.ok([
        "--format",
        "csv",
        "--columns",
        "actor,position",
        "--sort",
        "actor",
        "report",
        "timeline",
    ]);
    assert_eq!(
        timeline.stdout,
        "actor,position\nputin,supports\nzelensky,rejects\nzelensky,supports\n"
    );

    let sql = env.ok([
        "--format",
        "jsonl",
        "--limit",
        "1",
        "--sort",
        "n:desc",
        "sql",
        "SELECT key, length(key) AS n FROM actors",
    ]);
    assert_eq!(sql.stdout, "{\"key\":\"zelensky\",\"n\":8}\n");

    // The matrix's rows are sorted and cut; its legend stays whole.
    let matrix = env.ok([
        "--sort",
        "actor:desc",
        "--limit",
        "1",
        "report",
        "matrix",
        "--plan",
        "us-plan",
    ]);
    let lines: Vec<&str> = matrix.stdout.lines().collect();
    assert!(lines[2].starts_with("zelensky"), "{}", matrix.stdout);
    assert!(!lines[3].starts_with("putin"), "{}", matrix.stdout);
    for key in ["us-territory", "us-ceasefire", "us-spare"] {
        assert!(matrix.stdout.contains(key), "{}", matrix.stdout);
    }

    // Notes are not in the list's table, but --columns brings them.
    let table = env.ok(["source", "list"]);
    assert!(!table.stdout.contains("paywalled"));
    let notes = env.ok(["--columns", "key,notes", "source", "list"]);
    assert!(notes.stdout.contains("paywalled"));

    let bad = env.fails_unchanged(65, ["--columns", "key,nmae", "actor", "list"]);
    bad.stderr_has(&["--columns 'nmae'", "'name'"]);
    env.fails_unchanged(65, ["--sort", "nope", "stance", "list"])
        .stderr_has(&["--sort 'nope'"]);
}

#[test]
fn output_goes_to_a_file_and_quiet_silences_status_lines() {
    let env = TestEnv::new();
    let added = env.ok([
        "--quiet", "actor", "add", "--key", "eu", "--name", "EU", "--kind", "bloc",
    ]);
    assert_eq!(added.stdout, "");
    assert_eq!(added.stderr, "", "--quiet still printed a status line");
    let file = env.path("actors.csv");
    let run = env.ok([
        "--format",
        "csv",
        "-o",
        file.to_str().unwrap(),
        "actor",
        "list",
    ]);
    assert_eq!(run.stdout, "");
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .starts_with("key,name,kind"));
    let script = env.path("provtrack.bash");
    env.ok(["-o", script.to_str().unwrap(), "completions", "bash"]);
    assert!(std::fs::read_to_string(&script)
        .unwrap()
        .contains("_provtrack"));
    let one = env.ok([
        "--format",
        "json",
        "--columns",
        "key",
        "actor",
        "show",
        "eu",
    ]);
    assert_eq!(one.json(), serde_json::json!({"key": "eu"}));
    // A failed command leaves no file behind.
    let missing = env.path("none.csv");
    env.run(["-o", missing.to_str().unwrap(), "actor", "show", "nobody"])
        .code(66);
    assert!(!missing.exists());
}

fn import_stdin(env: &TestEnv, args: &[&str], input: &str) -> crate::common::Run {
    let mut cmd = env.command();
    cmd.arg("--db")
        .arg(env.db_path())
        .args(["import", "-"])
        .args(args);
    let output = cmd.write_stdin(input.as_bytes().to_vec()).output().unwrap();
    crate::common::Run {
        stdout: String::from_utf8_lossy(&output.stdout).into(),
        stderr: String::from_utf8_lossy(&output.stderr).into(),
        code: output.status.code().unwrap_or(-1),
    }
}

#[test]
fn import_reads_stdin_with_the_format_and_kind_detected_or_given() {
    let env = TestEnv::init();
    import_stdin(&env, &[], "key,name,kind\neu,European Union,bloc\n").code(0);
    import_stdin(
        &env,
        &[],
        "{\"key\":\"nato\",\"name\":\"NATO\",\"kind\":\"organization\"}\n",
    )
    .code(0);
    import_stdin(
        &env,
        &["--input-format", "csv", "--kind", "actor"],
        "key,name\nun,United Nations\n",
    )
    .code(65)
    .stderr_has(&["stdin"]);
    import_stdin(
        &env,
        &["--input-format", "csv", "--kind", "actor"],
        "key,name,kind\nun,United Nations,organization\n",
    )
    .code(0);
    assert_eq!(env.count("actors"), 3);
    let toml = "[source]\nkey = \"s1\"\noutlet = \"Reuters\"\ntitle = \"T\"\n\
                published_on = \"2025-01-02\"\nkind = \"news\"\n";
    import_stdin(&env, &[], toml).code(0);
    assert_eq!(env.count("sources"), 1);
    // A table whose kind cannot be told asks for --kind; nothing is written.
    let before = env.count("actors");
    import_stdin(&env, &[], "key,title\nx,y\n")
        .code(65)
        .stderr_has(&["--kind"]);
    assert_eq!(env.count("actors"), before);
}

// Issue 15, item 5: a raw carriage return or escape sequence in stored text must not
// reach the terminal; a lone \r is refused on input.
#[test]
fn control_characters_in_stored_text_are_shown_not_obeyed() {
    let env = TestEnv::sample();
    let spoof = "Ukraine rejects it.\rUkraine SUPPORTS it!";
    env.fails_unchanged(65, ["stance", "update", "1", "--quote", spoof])
        .stderr_has(&["quote", "U+000D"]);
    // Another tool writes what provtrack refuses.
    env.write_conn()
        .execute(
            "UPDATE stances SET quote = ?1, notes = ?2 WHERE id = 1",
            [spoof, "\u{1b}]0;owned\u{7}\u{1b}[2Jcleared"],
        )
        .unwrap();
    for args in [
        vec!["stance", "list"],
        vec!["stance", "show", "1"],
        vec!["--columns", "id,notes", "stance", "list"],
        vec!["report", "timeline"],
        vec!["--format", "markdown", "stance", "list"],
    ] {
        let out = env.ok(&args);
        assert!(
            !out.stdout.contains('\r') && !out.stdout.contains('\u{1b}'),
            "{args:?} printed a raw control character: {:?}",
            out.stdout
        );
    }
    let shown = env.ok(["stance", "show", "1"]).stdout;
    assert!(
        shown.contains("Ukraine rejects it.␍Ukraine SUPPORTS it!"),
        "{shown}"
    );
    // Programs still get the exact text.
    let json = env.ok(["--format", "json", "stance", "show", "1"]).json();
    assert_eq!(json["quote"], spoof);
}

// Issue 15, item 6: CSV cells a spreadsheet would run as a formula are guarded, and
// export then import still round-trips byte for byte.
#[test]
fn csv_cells_that_look_like_formulas_are_guarded_and_round_trip() {
    let env = TestEnv::sample();
    let formula = "=HYPERLINK(\"http://evil.example\",\"click\")";
    env.ok(["actor", "update", "eu", "--name", formula]);
    env.ok(["actor", "update", "russia", "--notes", "'=already quoted"]);
    env.ok(["actor", "update", "ukraine", "--notes", "'tis plain"]);
    let csv = env.ok(["--format", "csv", "actor", "list"]).stdout;
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""),
        "{csv}"
    );
    assert!(!csv
        .lines()
        .any(|l| l.split(',').any(|c| c.starts_with('='))));

    let out = env.path("out");
    env.ok([
        "export",
        "--layout",
        "tables",
        "--out",
        out.to_str().unwrap(),
    ]);
    let actors = std::fs::read_to_string(out.join("actors.csv")).unwrap();
    assert!(actors.contains("'=HYPERLINK"), "{actors}");
    assert!(actors.contains("''=already quoted"), "{actors}");
    assert!(actors.contains(",'tis plain"), "{actors}");

    let copy = TestEnv::init();
    copy.ok(["import", out.to_str().unwrap()]);
    assert_eq!(
        copy.text("SELECT name FROM actors WHERE key = 'eu'")
            .as_deref(),
        Some(formula)
    );
    assert_eq!(
        copy.text("SELECT notes FROM actors WHERE key = 'russia'")
            .as_deref(),
        Some("'=already quoted")
    );
    let again = copy.path("again");
    copy.ok([
        "export",
        "--layout",
        "tables",
        "--out",
        again.to_str().unwrap(),
    ]);
    for table in ["actors", "sources", "plans", "provisions", "stances"] {
        let name = format!("{table}.csv");
        assert_eq!(
            std::fs::read(out.join(&name)).unwrap(),
            std::fs::read(again.join(&name)).unwrap(),
            "{name} changed through export and import"
        );
    }
}

// Issue 15, item 7: stored text cannot put raw HTML into a Markdown document.
#[test]
fn markdown_escapes_raw_html() {
    let env = TestEnv::sample();
    env.ok([
        "stance",
        "update",
        "1",
        "--quote",
        "<script>alert(1)</script> & <b>bold</b>",
    ]);
    let md = env.ok(["--format", "markdown", "stance", "list"]).stdout;
    assert!(!md.contains("<script>") && !md.contains("<b>"), "{md}");
    assert!(
        md.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;"),
        "{md}"
    );
    let show = env
        .ok(["--format", "markdown", "stance", "show", "1"])
        .stdout;
    assert!(!show.contains("<script>"), "{show}");
}

#[test]
fn every_format_streams_the_rows_of_sql() {
    // More rows than a table page holds, in every format; all of them arrive.
    let env = TestEnv::init();
    let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) \
               SELECT i, 'row ' || i AS label FROM n";
    for format in ["csv", "jsonl", "markdown", "table"] {
        let out = env.ok(["--format", format, "sql", sql]);
        let rows = out.stdout.lines().filter(|l| l.contains("row ")).count();
        assert_eq!(rows, 2500, "{format}");
        assert!(out.stdout.contains("row 2500"), "{format}");
    }
    let json = env.ok(["--format", "json", "sql", sql]).json();
    assert_eq!(json.as_array().unwrap().len(), 2500);
}
