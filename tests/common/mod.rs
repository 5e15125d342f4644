//! Shared helpers: an isolated environment that runs the built `provtrack` binary
//! against a database in a temporary directory, and read-only views of that database
//! (row counts, full dumps, file bytes) for "nothing changed" checks.

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use tempfile::TempDir;

/// The fixed clock every test runs with.
pub const NOW: &str = "2026-01-01T00:00:00Z";

/// The record tables of the schema (without vocabularies and bookkeeping).
pub const RECORD_TABLES: &[&str] = &[
    "sources",
    "actors",
    "actor_aliases",
    "plans",
    "plan_proposers",
    "provisions",
    "stances",
];

/// What one run of the binary showed the user.
#[derive(Debug, Clone)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// Asserts the exit code, showing the whole run when it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code, expected,
            "expected exit code {expected}, got {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Asserts that stderr contains every one of `needles`.
    #[track_caller]
    pub fn stderr_has(&self, needles: &[&str]) -> &Self {
        for n in needles {
            assert!(
                self.stderr.contains(n),
                "stderr does not contain {n:?}\n--- stderr\n{}",
                self.stderr
            );
        }
        self
    }

    /// Asserts that stdout contains every one of `needles`.
    #[track_caller]
    pub fn stdout_has(&self, needles: &[&str]) -> &Self {
        for n in needles {
            assert!(
                self.stdout.contains(n),
                "stdout does not contain {n:?}\n--- stdout\n{}",
                self.stdout
            );
        }
        self
    }

    /// Asserts that stderr is exactly one `error: ...` line and returns it.
    #[track_caller]
    pub fn one_error_line(&self) -> &str {
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "expected one line on stderr, got:\n{}",
            self.stderr
        );
        assert!(
            lines[0].starts_with("error: "),
            "stderr line does not start with 'error: ': {}",
            lines[0]
        );
        lines[0]
    }

    /// stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// stdout parsed as a JSON array of objects.
    #[track_caller]
    pub fn json_rows(&self) -> Vec<serde_json::Map<String, Value>> {
        match self.json() {
            Value::Array(items) => items
                .into_iter()
                .map(|v| match v {
                    Value::Object(o) => o,
                    other => panic!("expected an object, got {other}"),
                })
                .collect(),
            other => panic!("expected a JSON array, got {other}"),
        }
    }
}

/// A temporary directory with a database path inside it, and a way to run provtrack
/// against it with an environment that cannot reach the user's real files.
pub struct TestEnv {
    dir: TempDir,
    db: PathBuf,
}

impl TestEnv {
    /// A fresh directory; the database path does not exist yet.
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("provtrack-test")
            .tempdir()
            .expect("create a temporary directory");
        let db = dir.path().join("provtrack.db");
        TestEnv { dir, db }
    }

    /// A fresh directory with an initialised, empty database.
    pub fn init() -> Self {
        let env = Self::new();
        env.ok(["init"]);
        env
    }

    /// An initialised database with a small set of linked records:
    ///
    /// - actors `ukraine` (state), `zelensky` (person, parent ukraine, alias Zelenskyy),
    ///   `russia` (state), `putin` (person, parent russia), `eu` (bloc, no links)
    /// - sources `reuters-1` (Reuters, 2025-02-12, news), `kyiv-2` (Kyiv Independent,
    ///   2025-03, analysis, with notes), `spare` (unreferenced)
    /// - plans `us-plan` (proposed, proposer russia), `eu-plan` (counter-proposal)
    /// - provisions `us-territory` (us-plan, territory, point 1), `us-ceasefire`
    ///   (us-plan, ceasefire, point 2), `eu-territory` (eu-plan, territory), `us-spare`
    ///   (us-plan, other; unreferenced)
    /// - stances 1: zelensky rejects us-territory, reuters-1, 2025-02-12;
    ///   2: putin supports us-territory, kyiv-2, 2025-03 (month);
    ///   3: zelensky supports eu-territory, kyiv-2, 2025 (year)
    ///
    /// The database is built once per test process (`build_sample`, 18 runs of the
    /// binary) and its file copied into each test's fresh directory: a test that
    /// changes its sample changes only its own copy.
    pub fn sample() -> Self {
        static SAMPLE: OnceLock<Vec<u8>> = OnceLock::new();
        Self::with_database(SAMPLE.get_or_init(|| Self::build_sample().database_bytes()))
    }

    /// A database holding the seed data (`provtrack seed`), loaded once per test
    /// process and copied like `sample`.
    pub fn seeded() -> Self {
        static SEEDED: OnceLock<Vec<u8>> = OnceLock::new();
        Self::with_database(SEEDED.get_or_init(|| {
            let env = Self::new();
            env.ok(["seed"]);
            env.database_bytes()
        }))
    }

    /// A fresh directory whose database file holds `bytes`.
    fn with_database(bytes: &[u8]) -> Self {
        let env = Self::new();
        std::fs::write(&env.db, bytes)
            .unwrap_or_else(|e| panic!("write {}: {e}", env.db.display()));
        env
    }

    /// The bytes of the database file, which must be complete on its own: no -wal,
    /// -shm or -journal file beside it (provtrack checkpoints and removes the WAL when
    /// its last connection closes).
    #[track_caller]
    pub fn database_bytes(&self) -> Vec<u8> {
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut name = self.db.clone().into_os_string();
            name.push(suffix);
            assert!(
                !Path::new(&name).exists(),
                "{} is left beside the database: its file alone is not the database",
                Path::new(&name).display()
            );
        }
        bytes(&self.db)
    }

    /// The sample database built by running the commands (see `sample`).
    pub fn build_sample() -> Self {
        let env = Self::init();
        let commands: &[&[&str]] = &[
            &[
                "actor", "add", "--key", "ukraine", "--name", "Ukraine", "--kind", "state",
            ],
            &[
                "actor",
                "add",
                "--key",
                "zelensky",
                "--name",
                "Volodymyr Zelensky",
                "--kind",
                "person",
                "--parent",
                "ukraine",
                "--alias",
                "Zelenskyy",
            ],
            &[
                "actor", "add", "--key", "russia", "--name", "Russia", "--kind", "state",
            ],
            &[
                "actor",
                "add",
                "--key",
                "putin",
                "--name",
                "Vladimir Putin",
                "--kind",
                "person",
                "--parent",
                "russia",
            ],
            &[
                "actor",
                "add",
                "--key",
                "eu",
                "--name",
                "European Union",
                "--kind",
                "bloc",
            ],
            &[
                "source",
                "add",
                "--key",
                "reuters-1",
                "--outlet",
                "Reuters",
                "--title",
                "Kyiv rejects territorial terms",
                "--published-on",
                "2025-02-12",
                "--kind",
                "news",
                "--url",
                "https://example.org/r1",
            ],
            &[
                "source",
                "add",
                "--key",
                "kyiv-2",
                "--outlet",
                "Kyiv Independent",
                "--title",
                "What the plans say",
                "--published-on",
                "2025-03",
                "--kind",
                "analysis",
                "--notes",
                "paywalled",
            ],
            &[
                "source",
                "add",
                "--key",
                "spare",
                "--outlet",
                "Spare",
                "--title",
                "Unused",
                "--published-on",
                "2024",
                "--kind",
                "opinion",
            ],
            &[
                "plan",
                "add",
                "--key",
                "us-plan",
                "--title",
                "US 28-point plan",
                "--status",
                "proposed",
                "--first-reported-on",
                "2025-11",
                "--proposer",
                "russia",
            ],
            &[
                "plan",
                "add",
                "--key",
                "eu-plan",
                "--title",
                "European counter-proposal",
                "--status",
                "counter-proposal",
            ],
            &[
                "provision",
                "add",
                "--key",
                "us-territory",
                "--plan",
                "us-plan",
                "--point",
                "1",
                "--title",
                "Recognise control",
                "--category",
                "territory",
            ],
            &[
                "provision",
                "add",
                "--key",
                "us-ceasefire",
                "--plan",
                "us-plan",
                "--point",
                "2",
                "--title",
                "Freeze the line",
                "--category",
                "ceasefire",
            ],
            &[
                "provision",
                "add",
                "--key",
                "eu-territory",
                "--plan",
                "eu-plan",
                "--title",
                "Talks from the line of contact",
                "--category",
                "territory",
            ],
            &[
                "provision",
                "add",
                "--key",
                "us-spare",
                "--plan",
                "us-plan",
                "--title",
                "Timetable",
                "--category",
                "other",
            ],
            &[
                "stance",
                "add",
                "--actor",
                "zelensky",
                "--provision",
                "us-territory",
                "--position",
                "rejects",
                "--source",
                "reuters-1",
                "--date",
                "2025-02-12",
                "--quote",
                "We will not give up our land",
            ],
            &[
                "stance",
                "add",
                "--actor",
                "putin",
                "--provision",
                "us-territory",
                "--position",
                "supports",
                "--source",
                "kyiv-2",
                "--date",
                "2025-03",
            ],
            &[
                "stance",
                "add",
                "--actor",
                "zelensky",
                "--provision",
                "eu-territory",
                "--position",
                "supports",
                "--source",
                "kyiv-2",
                "--date",
                "2025",
            ],
        ];
        for args in commands {
            env.ok(args.iter().copied());
        }
        env
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn db_path(&self) -> &Path {
        &self.db
    }

    /// A path inside the temporary directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary with an isolated environment and no arguments: no PROVTRACK_*
    /// variables from the caller, HOME and XDG_DATA_HOME inside the temporary
    /// directory, a fixed clock, and the temporary directory as working directory.
    pub fn command(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("provtrack").expect("the provtrack binary");
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("PROVTRACK_") {
                cmd.env_remove(&name);
            }
        }
        cmd.env_remove("PROVTRACK_DB")
            .env_remove("RUST_BACKTRACE")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("xdg-data"))
            .env("PROVTRACK_NOW", NOW)
            .current_dir(self.dir.path());
        cmd
    }

    /// Runs `provtrack --db <db> ARGS...`.
    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.run_on(&self.db, args)
    }

    /// Runs `provtrack --db <db> ARGS...` with another database path.
    pub fn run_on<I, S>(&self, db: &Path, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.command();
        cmd.arg("--db").arg(db).args(args);
        capture(&mut cmd)
    }

    /// Runs a command that must succeed (exit 0).
    #[track_caller]
    pub fn ok<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let run = self.run(args);
        run.code(0);
        run
    }

    /// Runs a command that must fail with `code` and leave the database exactly as it
    /// was (every table's rows, the schema level and the history log).
    #[track_caller]
    pub fn fails_unchanged<I, S>(&self, code: i32, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let before = self.dump();
        let run = self.run(args);
        run.code(code);
        let after = self.dump();
        assert!(
            before == after,
            "the database changed after a failed command\n--- stderr\n{}\n--- before\n{before}\n--- after\n{after}",
            run.stderr
        );
        run
    }

    /// A read-only connection to the database.
    pub fn read_conn(&self) -> Connection {
        Connection::open_with_flags(&self.db, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open the database read-only")
    }

    /// A read-write connection to the database, as another tool would have.
    pub fn write_conn(&self) -> Connection {
        Connection::open(&self.db).expect("open the database")
    }

    /// The number of rows in a table.
    pub fn count(&self, table: &str) -> i64 {
        self.read_conn()
            .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
                r.get(0)
            })
            .expect("count rows")
    }

    /// One text (or NULL) value from the database.
    pub fn text(&self, sql: &str) -> Option<String> {
        self.read_conn()
            .query_row(sql, [], |r| r.get(0))
            .expect("query one value")
    }

    /// Every table's row count and rows, plus the schema level and application id:
    /// equal dumps mean the database holds the same data.
    pub fn dump(&self) -> String {
        dump(&self.db)
    }
}

/// Runs a prepared command and captures what the user would see.
pub fn capture(cmd: &mut assert_cmd::Command) -> Run {
    let out = cmd.output().expect("run provtrack");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// `../shared/articles` (the seed articles, beside the checkout in CI and the team's
/// workspace), for a test that needs it `why`. When it is missing: with the environment
/// variable `CI` set the test fails with that reason; elsewhere it prints
/// `skipped: ...` and gets `None` (the test then returns, passing).
#[track_caller]
pub fn shared_articles(why: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/articles");
    match needed_dir(&dir, std::env::var_os("CI").is_some(), why) {
        Ok(Needed::Here(dir)) => Some(dir),
        Ok(Needed::Skip(reason)) => {
            println!("{reason}");
            None
        }
        Err(failure) => panic!("{failure}"),
    }
}

/// What a test does about a directory it needs (see `shared_articles`).
#[derive(Debug, PartialEq)]
pub enum Needed {
    /// It is there (the canonical path).
    Here(PathBuf),
    /// It is missing and this is not CI: the test skips, printing this line.
    Skip(String),
}

/// `dir` if it is a directory; else, in CI (`ci`), the failure message, and elsewhere
/// the line a skipped test prints. `why` says what the directory is needed for.
pub fn needed_dir(dir: &Path, ci: bool, why: &str) -> Result<Needed, String> {
    if dir.is_dir() {
        let dir = dir
            .canonicalize()
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        return Ok(Needed::Here(dir));
    }
    if ci {
        return Err(format!(
            "CI is set but {} is missing: {why} needs it; check it out beside the project",
            dir.display()
        ));
    }
    Ok(Needed::Skip(format!(
        "skipped: {} does not exist ({why} needs it; it does in CI and the team workspace)",
        dir.display()
    )))
}

/// See `TestEnv::dump`.
pub fn dump(path: &Path) -> String {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the database read-only");
    let mut text = String::new();
    for pragma in ["user_version", "application_id"] {
        let v: i64 = conn
            .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
            .expect("read a pragma");
        writeln!(text, "{pragma} = {v}").unwrap();
    }
    // With whether each is a WITHOUT ROWID table (read in primary key order).
    let tables: Vec<(String, bool)> = {
        let mut stmt = conn
            // Virtual tables (the search index) but not their WITHOUT ROWID shadow tables.
            .prepare(
                "SELECT name, wr FROM pragma_table_list
                 WHERE schema = 'main' AND type IN ('table', 'virtual')
                   AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .expect("list tables");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("list tables")
            .collect::<rusqlite::Result<_>>()
            .expect("list tables")
    };
    for (table, without_rowid) in tables {
        let count: i64 = conn
            .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
                r.get(0)
            })
            .expect("count rows");
        writeln!(text, "[{table}] {count} rows").unwrap();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT * FROM \"{table}\"{}",
                if without_rowid { "" } else { " ORDER BY rowid" }
            ))
            .expect("select rows");
        let width = stmt.column_count();
        let mut rows = stmt.query([]).expect("select rows");
        while let Some(row) = rows.next().expect("read a row") {
            let cells: Vec<String> = (0..width)
                .map(|i| match row.get_ref(i).expect("read a cell") {
                    ValueRef::Null => "NULL".to_string(),
                    ValueRef::Integer(n) => n.to_string(),
                    ValueRef::Real(f) => f.to_string(),
                    ValueRef::Text(t) => format!("{:?}", String::from_utf8_lossy(t)),
                    ValueRef::Blob(b) => format!("blob{b:?}"),
                })
                .collect();
            writeln!(text, "  {}", cells.join(" | ")).unwrap();
        }
    }
    text
}

/// The bytes of a file, for byte-for-byte "left untouched" checks.
pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The names in a directory, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read the directory")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}
