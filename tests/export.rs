//! Export: deterministic files in every format, small diffs for small changes, and the
//! round trip export → import into an empty database → export giving identical files,
//! on the seeds and on generated records with hard text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs provtrack on the database `db` (a file name in the temporary folder).
    fn run(&self, db: &str, args: &[&str]) -> Run {
        let out = Command::cargo_bin("provtrack")
            .unwrap()
            .env_remove("PROVTRACK_DB")
            .env("PROVTRACK_NOW", "2026-01-01T00:00:00Z")
            .arg("--db")
            .arg(self.path(db))
            .args(args)
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    #[track_caller]
    fn ok(&self, db: &str, args: &[&str]) -> Run {
        let run = self.run(db, args);
        assert_eq!(run.code, 0, "{args:?}: {}{}", run.stdout, run.stderr);
        run
    }

    /// Exports `db` into the folder `out` with `--file-format` (None: default).
    fn export(&self, db: &str, out: &str, format: Option<&str>) -> Run {
        let out = self.path(out);
        let mut args = vec!["export", "--out", out.to_str().unwrap()];
        if let Some(f) = format {
            args.extend(["--file-format", f]);
        }
        self.ok(db, &args)
    }
}

/// Every file under `dir`, by relative path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[track_caller]
fn assert_same_files(a: &Path, b: &Path) {
    let (fa, fb) = (files(a), files(b));
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        fb.keys().collect::<Vec<_>>(),
        "different file sets"
    );
    for (name, bytes) in &fa {
        if bytes != &fb[name] {
            let (ta, tb) = (
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&fb[name]),
            );
            let first = ta
                .lines()
                .zip(tb.lines())
                .position(|(x, y)| x != y)
                .unwrap_or(0);
            panic!(
                "{name} differs from line {}:\n{:?}\n{:?}",
                first + 1,
                ta.lines().nth(first),
                tb.lines().nth(first)
            );
        }
    }
}

const FORMATS: [Option<&str>; 4] = [None, Some("json"), Some("csv"), Some("jsonl")];

#[test]
fn the_layouts_of_each_format() {
    let env = Env::new();
    env.ok("a.db", &["seed"]);
    env.export("a.db", "toml", None);
    let toml = files(&env.path("toml"));
    assert!(toml.contains_key("actors.toml") && toml.contains_key("plans.toml"));
    let sources: Vec<_> = toml.keys().filter(|k| k.starts_with("sources/")).collect();
    // Six articles and the four reports they relay (Bloomberg, strana.today, Bild, ntv).
    assert_eq!(sources.len(), 10, "one file per seed source: {sources:?}");
    let text = String::from_utf8(toml["plans.toml"].clone()).unwrap();
    assert!(text.contains("[[plans]]") && text.contains("[[provisions]]"));
    env.export("a.db", "csv", Some("csv"));
    let csv = files(&env.path("csv"));
    assert_eq!(
        csv.keys().collect::<Vec<_>>(),
        [
            "actors.csv",
            "plans.csv",
            "provision_reports.csv",
            "provisions.csv",
            "sources.csv",
            "stances.csv"
        ]
    );
    let stances = String::from_utf8(csv["stances.csv"].clone()).unwrap();
    assert!(stances.starts_with(
        "key,actor,plan,provisions,kind,position,source,relays,via,date,date_inferred,quote,\
         evidence,attribution,notes,status,reason,recorded_at\n"
    ));
    // --layout alone, and the layout --file-format implies, give the same tables.
    let run = env.run(
        "a.db",
        &[
            "export",
            "--layout",
            "tables",
            "--out",
            env.path("tables").to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(files(&env.path("tables")), csv);
    // A layout and a file format that do not go together are refused.
    let mixed = env.path("mixed");
    for (layout, format) in [("claims", "csv"), ("tables", "json")] {
        let args = [
            "export",
            "--layout",
            layout,
            "--file-format",
            format,
            "--out",
            mixed.to_str().unwrap(),
        ];
        let refused = env.run("a.db", &args);
        assert_eq!(refused.code, 65, "{}", refused.stderr);
        assert!(refused.stderr.contains(&format!("--file-format {format}")));
    }
    assert!(!env.path("mixed").exists());
}

/// `--format` is how results are printed: the way it chose the layout and the files'
/// format before `--layout` and `--file-format` is refused with the flags to use.
#[test]
fn format_no_longer_chooses_the_files() {
    let env = Env::new();
    env.ok("a.db", &["seed"]);
    for (format, hint) in [
        ("csv", "--layout tables --file-format csv"),
        ("jsonl", "--layout tables --file-format jsonl"),
        ("json", "--layout claims --file-format json"),
        ("toml", "--layout claims --file-format toml"),
    ] {
        let out = env.path(format);
        let refused = env.run(
            "a.db",
            &["--format", format, "export", "--out", out.to_str().unwrap()],
        );
        assert_eq!(refused.code, 65, "{}", refused.stderr);
        let line = refused.stderr.trim();
        assert_eq!(line.lines().count(), 1, "{line}");
        assert!(line.contains(hint), "{line}");
        assert!(!out.exists(), "a refused export wrote {}", out.display());
    }
    // import: a file whose name does not say its format is read by --input-format;
    // --format names the summary's format only.
    let file = env.path("feed.txt");
    std::fs::write(&file, "key,name,kind\nua,Ukraine,state\n").unwrap();
    let refused = env.run(
        "b.db",
        &[
            "--format",
            "csv",
            "import",
            "--kind",
            "actor",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(refused.code, 65, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("--input-format csv"),
        "{}",
        refused.stderr
    );
    let run = env.run(
        "b.db",
        &[
            "--format",
            "csv",
            "import",
            "--kind",
            "actor",
            "--input-format",
            "csv",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("actor,1,0,0"), "{}", run.stdout);
}

#[test]
fn a_second_export_is_byte_identical_and_rewrites_nothing() {
    let env = Env::new();
    env.ok("a.db", &["seed"]);
    for format in FORMATS {
        let first = env.export("a.db", "one", format);
        let copy = env.path("copy");
        let _ = std::fs::remove_dir_all(&copy);
        std::fs::create_dir_all(&copy).unwrap();
        for (name, bytes) in files(&env.path("one")) {
            let path = copy.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let again = env.export("a.db", "one", format);
        assert!(first.stderr.contains("0 unchanged"), "{}", first.stderr);
        assert!(
            again.stderr.contains("0 file(s) written"),
            "{}",
            again.stderr
        );
        assert_same_files(&env.path("one"), &copy);
        std::fs::remove_dir_all(env.path("one")).unwrap();
    }
}

#[test]
fn a_change_shows_as_a_small_diff() {
    let env = Env::new();
    env.ok("a.db", &["seed"]);
    env.export("a.db", "before", None);
    env.export("a.db", "after", None);
    env.ok(
        "a.db",
        &["stance", "retract", "1", "--reason", "misattributed"],
    );
    let run = env.export("a.db", "after", None);
    assert!(run.stderr.contains("1 file(s) written"), "{}", run.stderr);
    let (before, after) = (files(&env.path("before")), files(&env.path("after")));
    let changed: Vec<_> = before.keys().filter(|k| before[*k] != after[*k]).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    let (a, b) = (
        String::from_utf8_lossy(&before[changed[0]]).into_owned(),
        String::from_utf8_lossy(&after[changed[0]]).into_owned(),
    );
    let added = b.lines().count() - a.lines().count();
    assert_eq!(added, 2, "status and reason lines:\n{b}");
    assert!(b.contains("status = \"retracted\"") && b.contains("reason = \"misattributed\""));
}

#[test]
fn a_removed_source_loses_its_file() {
    let env = Env::new();
    env.ok("a.db", &["seed"]);
    env.ok(
        "a.db",
        &[
            "source",
            "add",
            "--key",
            "lonely",
            "--outlet",
            "X",
            "--title",
            "T",
            "--published-on",
            "2025",
            "--kind",
            "news",
        ],
    );
    env.export("a.db", "out", None);
    assert!(env.path("out/sources/lonely.toml").exists());
    env.ok("a.db", &["source", "remove", "lonely"]);
    let run = env.export("a.db", "out", None);
    assert!(run.stderr.contains("1 removed"), "{}", run.stderr);
    assert!(!env.path("out/sources/lonely.toml").exists());
}

/// The seeds, in every format: export, import into an empty database, export again.
#[test]
fn the_seeds_round_trip_in_every_format() {
    let env = Env::new();
    env.ok("seeded.db", &["seed"]);
    for (i, format) in FORMATS.iter().enumerate() {
        let (first, second, db) = (format!("a{i}"), format!("b{i}"), format!("r{i}.db"));
        env.export("seeded.db", &first, *format);
        env.ok(&db, &["import", env.path(&first).to_str().unwrap()]);
        env.export(&db, &second, *format);
        assert_same_files(&env.path(&first), &env.path(&second));
    }
}

/// The round-trip property on generated records with hard text (quotes, commas,
/// newlines, tabs, `;` and `\` in list items, mixed scripts, retractions), over
/// several seeds and every format.
#[test]
fn generated_records_round_trip_in_every_format() {
    for seed in 1..=4u64 {
        let env = Env::new();
        let data = env.path("data");
        let format_in = if seed % 2 == 0 {
            DataFormat::Jsonl
        } else {
            DataFormat::Csv
        };
        synth::write_tables(
            &Config {
                stances: 400,
                seed,
                tricky: true,
            },
            &data,
            format_in,
        )
        .unwrap();
        env.ok("gen.db", &["import", data.to_str().unwrap()]);
        for (i, format) in FORMATS.iter().enumerate() {
            let (first, second, db) = (format!("a{i}"), format!("b{i}"), format!("r{i}.db"));
            env.export("gen.db", &first, *format);
            env.ok(&db, &["import", env.path(&first).to_str().unwrap()]);
            env.export(&db, &second, *format);
            assert_same_files(&env.path(&first), &env.path(&second));
            // Importing the export back into the database it came from changes nothing.
            let back = env.ok("gen.db", &["import", env.path(&first).to_str().unwrap()]);
            assert!(
                back.stderr.contains("changed 0 record(s)"),
                "seed {seed}, format {format:?}: {}{}",
                back.stdout,
                back.stderr
            );
        }
    }
}
