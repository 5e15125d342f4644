//! A real Datasette serving a copy of the seeded database under another name, with the
//! files `export --datasette-metadata` and `--datasette-config` write: every table,
//! view and canned query is fetched over HTTP on 127.0.0.1 and its rows checked, so the
//! integration cannot silently break.
//!
//! The Datasette executables come from PROVTRACK_DATASETTE (paths separated by ':'),
//! else from the pinned virtualenvs `.ci/run` installs under
//! ~/.cache/provtrack-datasette/ds-VERSION. In CI a missing Datasette fails the test;
//! elsewhere it is skipped with the reason.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::TestEnv;
use serde_json::Value;

/// The name the copy is served under (not the file name of the database it was made
/// from: the metadata must follow --database-name).
const NAME: &str = "published";

fn datasettes() -> Vec<PathBuf> {
    if let Some(list) = std::env::var_os("PROVTRACK_DATASETTE") {
        return std::env::split_paths(&list)
            .filter(|p| p.is_file())
            .collect();
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")));
    let Some(root) = cache.map(|c| c.join("provtrack-datasette")) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .map(|e| e.path().join("bin").join("datasette"))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// GET over HTTP/1.0 (no chunked encoding): the status and the body.
fn get(port: u16, path: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, body.to_string()))
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn rows(port: u16, path: &str) -> Vec<serde_json::Map<String, Value>> {
    let (status, body) = get(port, path).unwrap();
    assert_eq!(status, 200, "GET {path}: {}", &body[..body.len().min(500)]);
    let value: Value = serde_json::from_str(&body).unwrap_or_else(|e| {
        panic!(
            "GET {path}: not JSON ({e}): {}",
            &body[..body.len().min(500)]
        )
    });
    value
        .as_array()
        .unwrap_or_else(|| panic!("GET {path}: not an array"))
        .iter()
        .map(|r| r.as_object().unwrap().clone())
        .collect()
}

#[test]
fn a_real_datasette_serves_every_table_view_and_canned_query() {
    let found = datasettes();
    if found.is_empty() {
        let why = "no Datasette: set PROVTRACK_DATASETTE or run .ci/run, which installs the \
                   pinned versions under ~/.cache/provtrack-datasette";
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs Datasette: {why}"
        );
        println!("skipped: {why}");
        return;
    }
    let env = TestEnv::seeded();
    // A temporary copy, served under another name.
    let copy = env.path(&format!("{NAME}.db"));
    env.ok(["backup", copy.to_str().unwrap()]);
    let meta_file = env.path("metadata.json");
    let config_file = env.path("datasette.yaml");
    env.ok([
        "export",
        "--datasette-metadata",
        meta_file.to_str().unwrap(),
        "--datasette-config",
        config_file.to_str().unwrap(),
        "--database-name",
        NAME,
    ]);
    let meta: Value = serde_json::from_str(&std::fs::read_to_string(&meta_file).unwrap()).unwrap();
    for datasette in found {
        check(&env, &datasette, &copy, &meta_file, &config_file, &meta);
    }
}

fn check(
    env: &TestEnv,
    datasette: &Path,
    copy: &Path,
    meta_file: &Path,
    config_file: &Path,
    meta: &Value,
) {
    let version = Command::new(datasette)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    // Datasette 1.0 takes canned queries and table options only from its configuration.
    let one_oh = !version.contains("version 0.");
    println!("checking {version} ({})", datasette.display());
    let port = free_port();
    let mut cmd = Command::new(datasette);
    cmd.arg("serve")
        .arg("--immutable")
        .arg(copy)
        .arg("-m")
        .arg(meta_file)
        .args(["-h", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if one_oh {
        cmd.arg("-c").arg(config_file);
    }
    let _server = Server(cmd.spawn().unwrap());
    let start = Instant::now();
    while get(port, "/-/versions.json").map(|(s, _)| s).unwrap_or(0) != 200 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{version} did not answer on port {port}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    // Every table and view, with all its rows (up to Datasette's page of 1000).
    let conn = rusqlite::Connection::open(copy).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index_%' ORDER BY name",
        )
        .unwrap();
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(names.len() > 20, "{names:?}");
    for name in &names {
        let count: i64 = conn
            .query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| {
                r.get(0)
            })
            .unwrap();
        let got = rows(port, &format!("/{NAME}/{name}.json?_shape=array&_size=max"));
        assert_eq!(got.len() as i64, count.min(1000), "{version}: {name}");
        // Its page shows the description from the metadata (kept under --database-name).
        let (status, html) = get(port, &format!("/{NAME}/{name}")).unwrap();
        assert_eq!(status, 200, "{version}: {name}");
        let description = meta["databases"][NAME]["tables"][name]["description"]
            .as_str()
            .unwrap_or_else(|| panic!("{name} has no description"));
        let start: String = description.chars().take(30).collect();
        let start = start.replace('&', "&amp;").replace('\'', "&#39;");
        assert!(
            html.contains(&start),
            "{version}: the page of {name} lacks {start:?}"
        );
    }
    // The sources table's own page: not taken over by a canned query.
    let sources = rows(port, &format!("/{NAME}/sources.json?_shape=array"));
    assert!(sources
        .iter()
        .all(|r| r.contains_key("key") && r.contains_key("outlet")));

    // Foreign keys are labelled by key.
    let stances = rows(
        port,
        &format!("/{NAME}/stances.json?_shape=array&_labels=on&_size=20"),
    );
    for stance in &stances {
        let source = &stance["source_id"];
        let key: String = conn
            .query_row(
                "SELECT key FROM sources WHERE id = ?1",
                [source["value"].as_i64().unwrap()],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(source["label"], key.as_str(), "{version}");
    }

    // Search rows link to their record.
    let hits = rows(
        port,
        &format!("/{NAME}/search_records.json?_search=ceasefire&_shape=array&_labels=on&_size=max"),
    );
    let expected: i64 = conn
        .query_row(
            "SELECT count(*) FROM search_index WHERE search_index MATCH 'ceasefire'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(expected > 0);
    assert_eq!(hits.len() as i64, expected, "{version}: search hits");
    for hit in &hits {
        let linked: Vec<&str> = ["provision_id", "stance_id", "source_id"]
            .into_iter()
            .filter(|c| !hit[*c].is_null())
            .collect();
        assert_eq!(linked.len(), 1, "{version}: {hit:?}");
    }
    let (_, page) = get(port, &format!("/{NAME}/search_records?_search=ceasefire")).unwrap();
    assert!(
        page.contains(&format!("href=\"/{NAME}/provisions/")),
        "{version}: search results link to provisions"
    );

    // Every canned query gives the rows of its report view for the same keys (given
    // here as an alias, and in another case, as a reader might type them).
    let queries = meta["databases"][NAME]["queries"].as_object().unwrap();
    assert_eq!(queries.len(), 10);
    for (query, def) in queries {
        let report = query.trim_start_matches("report-");
        let view = format!("report_{}", report.replace('-', "_"));
        let (params, filter): (Vec<(&str, &str)>, &str) = match report {
            "matrix" => (
                vec![("plan", "US-28-point-plan")],
                "plan = 'us-28-point-plan'",
            ),
            "timeline" => (vec![("actor", "Zelenskiy")], "actor = 'zelensky'"),
            "plan-diff" => (
                vec![
                    ("plan_a", "us-100-day-peace-plan"),
                    ("plan_b", "us-28-point-plan"),
                ],
                "plan_a = 'us-100-day-peace-plan' AND plan_b = 'us-28-point-plan'",
            ),
            "versions" => (
                vec![("plan", "US-28-point-plan")],
                "plan IN (WITH RECURSIVE family (id) AS (
                     SELECT id FROM plans WHERE key = 'us-28-point-plan'
                     UNION
                     SELECT CASE WHEN r.plan_id = f.id THEN r.other_plan_id ELSE r.plan_id END
                     FROM plan_relations r JOIN family f
                       ON r.plan_id = f.id OR r.other_plan_id = f.id)
                   SELECT pl.key FROM family JOIN plans pl ON pl.id = family.id)",
            ),
            "thread" => (
                vec![("provision", "28pt-Cap-Ukrainian-Armed-Forces")],
                "provision IN (SELECT pv.key FROM provision_lineage d
                   JOIN provisions pv ON pv.id = d.provision_id
                   WHERE d.ancestor_id IN (SELECT l.ancestor_id FROM provision_lineage l
                     JOIN provisions p ON p.id = l.provision_id
                     WHERE p.key = '28pt-cap-ukrainian-armed-forces'))",
            ),
            _ => (vec![], "1"),
        };
        let query_string: String = params
            .iter()
            .map(|(k, v)| format!("&{k}={}", encode(v)))
            .collect();
        let got = rows(
            port,
            &format!("/{NAME}/{query}.json?_shape=array&_size=max{query_string}"),
        );
        let expected: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM {view} WHERE {filter}"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            params.is_empty() || expected > 0,
            "{view} has rows for {filter}"
        );
        assert_eq!(got.len() as i64, expected.min(1000), "{version}: {query}");
        assert!(def["sql"].is_string());
    }
    let _ = env;
}
