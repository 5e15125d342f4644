//! Bulk import: CSV and JSON Lines tables of every record kind, errors that name file
//! and line and write nothing, idempotence, and a large generated import.

use std::path::{Path, PathBuf};
use std::time::Instant;

use assert_cmd::Command;
use provtrack::synth::{self, Config};
use provtrack::tabular::DataFormat;
use tempfile::TempDir;

struct Env {
    dir: TempDir,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Env {
    fn new() -> Self {
        Env {
            dir: TempDir::new().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("pt.db")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn run(&self, args: &[&str]) -> Run {
        let out = Command::cargo_bin("provtrack")
            .unwrap()
            .env_remove("PROVTRACK_DB")
            .env("PROVTRACK_NOW", "2026-01-01T00:00:00Z")
            .arg("--db")
            .arg(self.db())
            .args(args)
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn import(&self, files: &[&Path], extra: &[&str]) -> Run {
        let mut args = vec!["import", "--format", "csv"];
        args.extend(extra);
        args.extend(files.iter().map(|p| p.to_str().unwrap()));
        self.run(&args)
    }

    fn count(&self, sql: &str) -> i64 {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// Every row of the record tables and history, for "nothing changed" checks.
    fn dump(&self) -> String {
        if !self.db().exists() {
            return "no database".into();
        }
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        let mut text = String::new();
        for table in [
            "sources",
            "actors",
            "actor_aliases",
            "plans",
            "plan_proposers",
            "provisions",
            "stances",
            "history",
        ] {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
                .unwrap();
            let width = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    (0..width)
                        .map(|i| {
                            r.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
                .unwrap();
            for row in rows {
                text.push_str(&format!("{table}: {}\n", row.unwrap().join(" | ")));
            }
        }
        text
    }
}

const SOURCES_CSV: &str = "\
key,outlet,title,url,author,published_on,kind,language,notes
dw-2025-02-13,DW,\"What we know, so far\",https://dw.example/1,,2025-02-13,news,en,
axios-2025-11-19,Axios,Scoop: the 28 points,,Barak Ravid,2025-11-19,leak,,\"two\nlines\"
";

// Zelensky comes before his parent and uses a `;` list of aliases, one with an escaped `;`.
const ACTORS_CSV: &str = "\
key,name,kind,parent,aliases,notes
zelensky,Volodymyr Zelensky,person,ukraine,Zelenskyy;Zelenskiy;Zel\\;x,
ukraine,Ukraine,state,,Kyiv,
united-states,United States,state,,US,
";

const PLANS_CSV: &str = "\
key,title,status,first_reported_on,proposers,notes
us-28-point-plan,US 28-point plan,proposed,2025-11,US,
us-100-day-plan,US 100-day plan,leaked,2025-02,united-states;Kyiv,
";

// The first provision continues the second, which comes later in the file.
const PROVISIONS_CSV: &str = "\
key,plan,point,title,text,category,continues,relation,notes
28pt-neutrality,us-28-point-plan,7,No NATO,\"Ukraine would \"\"never\"\" join\",nato-neutrality,100day-neutrality,modified,
100day-neutrality,us-100-day-plan,,Neutrality,,nato-neutrality,,,
";

// The issue's header: actor,provision,position,source,date,quote,attribution,notes.
const STANCES_CSV: &str = "\
actor,provision,position,source,date,quote,attribution,notes
Zelenskyy,28pt-neutrality,rejects,axios-2025-11-19,2025-11-19,\"We will not, ever.\",direct,
ukraine,100day-neutrality,opposes,dw-2025-02-13,2025-02,,,
US,28pt-neutrality,proposes,axios-2025-11-19,2025-11-19,,reported,\"notes, with a comma\"
";

fn write_tables(env: &Env, dir: &str) -> Vec<PathBuf> {
    vec![
        env.file(&format!("{dir}/stances.csv"), STANCES_CSV),
        env.file(&format!("{dir}/provisions.csv"), PROVISIONS_CSV),
        env.file(&format!("{dir}/plans.csv"), PLANS_CSV),
        env.file(&format!("{dir}/actors.csv"), ACTORS_CSV),
        env.file(&format!("{dir}/sources.csv"), SOURCES_CSV),
    ]
}

#[test]
fn csv_tables_of_every_kind_import_in_any_order() {
    let env = Env::new();
    let files = write_tables(&env, "t");
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let run = env.import(&refs, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("source,2,0,0"), "{}", run.stdout);
    assert!(run.stdout.contains("actor,3,0,0"), "{}", run.stdout);
    assert!(run.stdout.contains("plan,2,0,0"), "{}", run.stdout);
    assert!(run.stdout.contains("provision,2,0,0"), "{}", run.stdout);
    assert!(run.stdout.contains("stance,3,0,0"), "{}", run.stdout);
    assert_eq!(
        env.count("SELECT count(*) FROM actor_aliases WHERE alias = 'Zel;x'"),
        1
    );
    assert_eq!(
        env.count("SELECT count(*) FROM actors a JOIN actors p ON p.id = a.parent_id WHERE a.key = 'zelensky' AND p.key = 'ukraine'"),
        1
    );
    assert_eq!(env.count("SELECT count(*) FROM plan_proposers"), 3);
    assert_eq!(
        env.count("SELECT count(*) FROM provisions p JOIN provision_links l ON l.provision_id = p.id WHERE p.point = '7'"),
        1
    );
    assert_eq!(
        env.count("SELECT count(*) FROM stances WHERE stated_precision = 'month' AND attribution = 'reported'"),
        1
    );
    assert_eq!(
        env.count("SELECT count(*) FROM sources WHERE notes = 'two\nlines'"),
        1
    );
    let list = env.run(&["stance", "list", "--actor", "zelensky", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(rows[0]["quote"], "We will not, ever.");
}

#[test]
fn a_folder_imports_every_table_in_it() {
    let env = Env::new();
    write_tables(&env, "folder");
    let run = env.run(&["import", env.path("folder").to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(env.count("SELECT count(*) FROM stances"), 3);
}

#[test]
fn json_lines_tables_of_every_kind() {
    let env = Env::new();
    let files = [
        env.file(
            "j/sources.jsonl",
            r#"{"key": "s1", "outlet": "AP", "title": "T", "published_on": "2025-03-01", "kind": "news"}
"#,
        ),
        env.file(
            "j/actors.jsonl",
            r#"{"key": "kremlin", "name": "Kremlin", "kind": "organization", "parent": "russia"}

{"key": "russia", "name": "Russia", "kind": "state", "aliases": ["Moscow", "RF"]}
"#,
        ),
        env.file(
            "j/plans.jsonl",
            r#"{"key": "p", "title": "Plan", "status": "proposed", "proposers": ["Moscow"]}
"#,
        ),
        env.file(
            "j/provisions.jsonl",
            r#"{"key": "p-1", "plan": "p", "point": 1, "title": "One", "category": "territory"}
"#,
        ),
        env.file(
            "j/stances.jsonl",
            r#"{"actor": "RF", "provision": "p-1", "position": "supports", "source": "s1", "date": "2025-03-01"}
{"actor": "kremlin", "provision": "p-1", "position": "supports", "source": "s1", "stated_on": "2025-02", "status": "retracted", "reason": "misquoted"}
{"actor": "kremlin", "provision": "p-1", "position": "conditional", "source": "s1"}
"#,
        ),
    ];
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let run = env.import(&refs, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("stance,3,0,0"), "{}", run.stdout);
    assert_eq!(
        env.count("SELECT count(*) FROM stances WHERE status = 'retracted' AND status_reason = 'misquoted'"),
        1
    );
    // No date: the source's publication date.
    assert_eq!(
        env.count("SELECT count(*) FROM stances WHERE position = 'conditional' AND stated_on = '2025-03-01'"),
        1
    );
}

#[test]
fn the_kind_and_format_can_be_given_when_the_name_does_not_say() {
    let env = Env::new();
    let sources = env.file("feed-a.txt", SOURCES_CSV);
    let run = env.run(&["import", sources.to_str().unwrap()]);
    assert_eq!(run.code, 65, "{}", run.stderr);
    assert!(run.stderr.contains("--input-format"), "{}", run.stderr);
    // --format csv is the summary's format, not the input's: it points to --input-format.
    let run = env.import(&[&sources], &[]);
    assert_eq!(run.code, 65, "{}", run.stderr);
    assert!(run.stderr.contains("--input-format csv"), "{}", run.stderr);
    let run = env.import(&[&sources], &["--input-format", "csv"]);
    assert_eq!(run.code, 65, "{}", run.stderr);
    assert!(run.stderr.contains("--kind"), "{}", run.stderr);
    let run = env.import(&[&sources], &["--input-format", "csv", "--kind", "source"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(env.count("SELECT count(*) FROM sources"), 2);
}

#[test]
fn importing_again_changes_nothing_and_an_edit_is_one_update() {
    let env = Env::new();
    let files = write_tables(&env, "t");
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    assert_eq!(env.import(&refs, &[]).code, 0);
    let before = env.dump();
    let again = env.import(&refs, &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.contains("stance,0,0,3"), "{}", again.stdout);
    assert!(
        again.stderr.contains("changed 0 record(s)"),
        "{}",
        again.stderr
    );
    assert_eq!(env.dump(), before);

    // One stance changes position; a field left empty keeps its stored value.
    let edited = STANCES_CSV
        .replace(
            "ukraine,100day-neutrality,opposes",
            "ukraine,100day-neutrality,rejects",
        )
        .replace("\"We will not, ever.\",direct", ",direct");
    let stances = env.file("t/stances.csv", &edited);
    let run = env.import(&[&stances], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("stance,0,1,2"), "{}", run.stdout);
    assert_eq!(
        env.count(
            "SELECT count(*) FROM history WHERE table_name = 'stances' AND command = 'import'"
        ),
        1
    );
    assert_eq!(
        env.count("SELECT count(*) FROM stances WHERE quote = 'We will not, ever.'"),
        1
    );
}

/// The same stance twice in one import is an error naming both lines, never
/// last-one-wins (issue 11, item 8), and nothing is written.
#[test]
fn the_same_stance_twice_in_one_input_is_an_error_naming_both_lines() {
    let env = Env::new();
    let files = write_tables(&env, "t");
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    assert_eq!(env.import(&refs[1..], &[]).code, 0);
    let twice =
        format!("{STANCES_CSV}Zelenskiy,28pt-neutrality,opposes,axios-2025-11-19,2025-11-19,,,\n");
    let stances = env.file("t/stances.csv", &twice);
    let before = env.dump();
    let run = env.import(&[&stances], &[]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stderr.contains("stances.csv:5") && run.stderr.contains("stances.csv:2"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    assert_eq!(env.dump(), before);
}

/// Each bad table is refused with one error line naming the file and line, and the
/// database is left exactly as it was, including the good files of the same import.
#[test]
fn errors_name_file_and_line_and_write_nothing() {
    let good_line = "US,28pt-neutrality,supports,dw-2025-02-13,2025-02-13,,,\n";
    let header = "actor,provision,position,source,date,quote,attribution,notes\n";
    let cases: Vec<(&str, Vec<u8>, i32, Vec<&str>)> = vec![
        (
            "bad-position",
            format!("{header}{good_line}US,28pt-neutrality,suports,dw-2025-02-13,2025-02-13,,,\n")
                .into_bytes(),
            65,
            vec!["stances.csv:3:", "invalid position 'suports'", "did you mean"],
        ),
        (
            "unknown-actor",
            format!("{header}{good_line}{good_line}Zelenskiyy,28pt-neutrality,rejects,dw-2025-02-13,2025-02-13,,,\n")
                .into_bytes(),
            66,
            vec!["stances.csv:4:", "unknown actor 'Zelenskiyy'", "did you mean"],
        ),
        (
            "bad-date",
            format!("{header}US,28pt-neutrality,supports,dw-2025-02-13,2025-02-30,,,\n")
                .into_bytes(),
            65,
            vec!["stances.csv:2:", "invalid date '2025-02-30'"],
        ),
        (
            "field-count",
            format!("{header}{good_line}US,28pt-neutrality,supports\n").into_bytes(),
            65,
            vec!["stances.csv:3:", "3 field(s)", "header has 8"],
        ),
        (
            "unknown-column",
            "actor,provision,postion\nUS,28pt-neutrality,supports\n"
                .to_string()
                .into_bytes(),
            65,
            vec!["stances.csv:1:", "unknown column 'postion'"],
        ),
        (
            "invalid-utf8",
            [
                header.as_bytes(),
                good_line.as_bytes(),
                b"US,28pt-neutrality,supports,dw-2025-02-13,2025-02-13,Caf\xe9,,\n",
            ]
            .concat(),
            65,
            vec!["stances.csv:3:", "not valid UTF-8"],
        ),
        (
            "missing-source",
            format!("{header}US,28pt-neutrality,supports,,2025-02-13,,,\n").into_bytes(),
            65,
            vec!["stances.csv:2:", "missing source"],
        ),
        (
            "reason-without-status",
            "actor,provision,position,source,date,reason\nUS,28pt-neutrality,supports,dw-2025-02-13,2025,why\n"
                .to_string()
                .into_bytes(),
            65,
            vec!["stances.csv:2:", "reason goes with a status"],
        ),
    ];
    for (name, bytes, code, needles) in cases {
        let env = Env::new();
        let files = write_tables(&env, "t");
        let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        assert_eq!(env.import(&refs[2..], &[]).code, 0);
        let before = env.dump();
        let bad = env.path(&format!("{name}/stances.csv"));
        std::fs::create_dir_all(bad.parent().unwrap()).unwrap();
        std::fs::write(&bad, bytes).unwrap();
        // The good sources and provisions of the same import must not be written either.
        let run = env.import(&[&files[1], &files[4], &bad], &[]);
        assert_eq!(run.code, code, "{name}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{name}: {}", run.stderr);
        for needle in needles {
            assert!(
                run.stderr.contains(needle),
                "{name}: '{needle}' not in {}",
                run.stderr
            );
        }
        assert_eq!(env.dump(), before, "{name}: the database changed");
    }
}

#[test]
fn json_lines_errors_name_the_line() {
    let env = Env::new();
    let bad = env.file("stances.jsonl", "\n  \n{\"actor\": \"x\", oops}\n");
    let run = env.import(&[&bad], &[]);
    assert_eq!(run.code, 65, "{}", run.stderr);
    assert!(run.stderr.contains("stances.jsonl:3:"), "{}", run.stderr);
    let unknown = env.file("actors.jsonl", "{\"key\": \"a\", \"nmae\": \"A\"}\n");
    let run = env.import(&[&unknown], &[]);
    assert_eq!(run.code, 65, "{}", run.stderr);
    assert!(run.stderr.contains("actors.jsonl:1:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown field `nmae`"),
        "{}",
        run.stderr
    );
    assert!(!env.db().exists() || env.count("SELECT count(*) FROM actors") == 0);
}

#[test]
fn dry_run_counts_and_writes_nothing() {
    let env = Env::new();
    let files = write_tables(&env, "t");
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let run = env.import(&refs, &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("stance,3,0,0"), "{}", run.stdout);
    assert!(!env.db().exists(), "a dry run must not create the database");
    assert_eq!(env.import(&refs[1..], &[]).code, 0);
    let before = env.dump();
    let run = env.import(&refs, &["--dry-run"]);
    assert!(run.stdout.contains("stance,3,0,0"), "{}", run.stdout);
    assert_eq!(env.dump(), before);
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let env = Env::new();
    let files = write_tables(&env, "t");
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let run = env.import(&refs, &[]);
    assert_eq!(run.code, 0);
    assert!(!run.stderr.contains("rows/s"), "{}", run.stderr);
    assert!(!run.stderr.contains('\r'), "{:?}", run.stderr);
}

/// 100,000 generated stances (thousands of actors, provisions and sources) in one
/// import, in well under a minute even in a debug build; a second import of the same
/// files changes nothing.
#[test]
fn a_large_generated_import() {
    let env = Env::new();
    let dir = env.path("synth");
    let counts = synth::write_tables(
        &Config {
            stances: 100_000,
            seed: 5,
            tricky: false,
        },
        &dir,
        DataFormat::Csv,
    )
    .unwrap();
    assert_eq!(counts.stances, 100_000);
    let start = Instant::now();
    let run = env.run(&["import", "--format", "csv", dir.to_str().unwrap()]);
    let took = start.elapsed();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("stance,100000,0,0"), "{}", run.stdout);
    assert_eq!(env.count("SELECT count(*) FROM stances"), 100_000);
    assert_eq!(
        env.count("SELECT count(*) FROM sources"),
        counts.sources as i64
    );
    eprintln!("imported 100,000 stances in {took:.1?}");
    let again = env.run(&[
        "import",
        "--format",
        "csv",
        dir.join("stances.csv").to_str().unwrap(),
    ]);
    assert!(
        again.stdout.contains("stance,0,0,100000"),
        "{}",
        again.stdout
    );
    assert_eq!(env.count("SELECT count(*) FROM history"), 0);
    let check = env.run(&["doctor"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

/// Each pair's current stance by the rule itself (latest active by date stated, then
/// the source's publication date, then id), as latest_stances holds it.
const RANKED: &str = "
SELECT r.plan_id, r.target, r.kind, a.key, r.actor_id, r.id, r.stated_on, r.firsthand,
       r.published_on, r.position, pos.score, r.source_id, r.stated_precision,
       r.stated_inferred
FROM (SELECT st.*, coalesce(t.provision_id, 0) AS target,
             st.attribution = 'direct' AS firsthand, s.published_on, row_number() OVER (
          PARTITION BY st.plan_id, coalesce(t.provision_id, 0), st.kind, st.actor_id
          ORDER BY st.stated_on DESC, st.attribution = 'direct' DESC, s.published_on DESC,
                   st.id DESC) AS recency
      FROM stance_targets t JOIN stances st ON st.id = t.stance_id
      JOIN sources s ON s.id = st.source_id
      WHERE st.status = 'active') r
JOIN actors a ON a.id = r.actor_id
JOIN positions pos ON pos.key = r.position
WHERE r.recency = 1";

/// A large load drops the trigger that keeps latest_stances in step and picks every
/// pair's current stance once the rows are in; a small one goes through the trigger.
/// Both leave the table as the rule says, retractions and re-imports included.
#[test]
fn bulk_imports_keep_the_current_stances_in_step() {
    let env = Env::new();
    let dir = env.path("synth");
    synth::write_tables(
        &Config {
            stances: 30_000,
            seed: 11,
            tricky: true,
        },
        &dir,
        DataFormat::Csv,
    )
    .unwrap();
    // The first 25,000 stances in one large load, the rest in a small one.
    let text = std::fs::read_to_string(dir.join("stances.csv")).unwrap();
    let mut rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .into_records()
        .map(Result::unwrap);
    let header = rows.next().unwrap();
    let rows: Vec<csv::StringRecord> = rows.collect();
    let write = |name: &str, part: &[csv::StringRecord]| {
        let path = env.path(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut w = csv::Writer::from_path(&path).unwrap();
        w.write_record(&header).unwrap();
        for r in part {
            w.write_record(r).unwrap();
        }
        w.flush().unwrap();
        path
    };
    let first = write("first/stances.csv", &rows[..25_000]);
    let rest = write("rest/stances.csv", &rows[25_000..]);
    // Every column of latest_stances but its rank key, recency.
    let table = "SELECT plan_id, provision_id, kind, actor, actor_id, stance_id, stated_on, \
                 firsthand, published_on, position, score, source_id, stated_precision, \
                 stated_inferred FROM latest_stances";
    let in_step = |after: &str| {
        for (a, b) in [(table, RANKED), (RANKED, table)] {
            let sql = format!("SELECT count(*) FROM ({a} EXCEPT {b})");
            assert_eq!(env.count(&sql), 0, "after {after}: {a}");
        }
        assert!(env.count("SELECT count(*) FROM latest_stances") > 1000);
        assert_eq!(
            env.count(
                "SELECT count(*) FROM sqlite_schema
                 WHERE type = 'trigger' AND name = 'target_stances_latest_insert'"
            ),
            1,
            "after {after}: the trigger is back"
        );
        // Level 11: each source's tallies, counted here from the stances and targets.
        let tallied = "SELECT o, count(*), count(DISTINCT actor_id), count(DISTINCT plan_id),
                              (SELECT count(DISTINCT t.provision_id)
                               FROM stance_targets t JOIN stances y ON y.id = t.stance_id
                               WHERE coalesce(y.relays_source_id, y.source_id) = o
                                 AND t.provision_id IS NOT NULL)
                       FROM (SELECT coalesce(relays_source_id, source_id) AS o, actor_id,
                                    plan_id FROM stances)
                       GROUP BY o";
        let tallies = "SELECT source_id, stances, actors, plans, provisions FROM source_tallies";
        for (a, b) in [(tallies, tallied), (tallied, tallies)] {
            let sql = format!("SELECT count(*) FROM ({a} EXCEPT {b})");
            assert_eq!(env.count(&sql), 0, "after {after}: {a}");
        }
        assert!(env.count("SELECT count(*) FROM source_tallies") > 100);
        assert_eq!(
            env.count(
                "SELECT count(*) FROM sqlite_schema
                 WHERE type = 'trigger' AND name LIKE 'source\\_tallies\\_%' ESCAPE '\\'"
            ),
            6,
            "after {after}: the tallies' triggers are back"
        );
    };
    let mut tables: Vec<String> = ["sources", "actors", "plans", "provisions"]
        .iter()
        .map(|t| dir.join(format!("{t}.csv")).to_str().unwrap().to_string())
        .collect();
    tables.push(first.to_str().unwrap().to_string());
    let mut args = vec!["import", "--format", "csv"];
    args.extend(tables.iter().map(String::as_str));
    let run = env.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        env.count("SELECT count(*) FROM stances WHERE status = 'retracted'") > 0,
        "the data has retractions"
    );
    in_step("a large load");
    let run = env.import(&[&rest], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    in_step("a small load");
    let run = env.import(&[&dir.join("stances.csv")], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    in_step("the same stances again");
    assert_eq!(env.count("SELECT count(*) FROM stances"), 30_000);
}

#[test]
fn a_bom_and_crlf_line_ends_are_read_and_lines_still_counted_right() {
    let env = Env::new();
    let files = write_tables(&env, "t");
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    assert_eq!(env.import(&refs[1..], &[]).code, 0);
    let crlf = format!("\u{feff}{}", STANCES_CSV.replace('\n', "\r\n"));
    let stances = env.file("crlf/stances.csv", &crlf);
    let run = env.import(&[&stances], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("stance,3,0,0"), "{}", run.stdout);
    let bad = crlf.replace("rejects", "rejcts");
    let stances = env.file("crlf2/stances.csv", &bad);
    let run = env.import(&[&stances], &[]);
    assert_eq!(run.code, 65, "{}", run.stderr);
    assert!(run.stderr.contains("stances.csv:2:"), "{}", run.stderr);
}
