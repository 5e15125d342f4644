//! The layout of the test suite: every `.rs` file under tests/ is part of the one test
//! binary (`[[test]] integration`, root tests/main.rs). With `autotests = false` Cargo
//! no longer builds each tests/*.rs on its own, so a file nobody declares with `mod`
//! would silently never run; this test names it instead.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The files reachable from `root` through `mod NAME;` and `#[path = "..."] mod NAME;`
/// declarations, followed as rustc follows them.
fn module_tree(root: &Path) -> BTreeSet<PathBuf> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(file) = todo.pop() {
        if !seen.insert(file.clone()) {
            continue;
        }
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
        let parent = file.parent().unwrap().to_path_buf();
        // `mod x;` in main.rs, lib.rs or mod.rs is looked up beside the file; in
        // any other file `a.rs`, in the directory `a/`. `#[path]` is always
        // relative to the directory the declaring file is in.
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let children_dir = if file == root || stem == "mod" {
            parent.clone()
        } else {
            parent.join(&stem)
        };
        let mut path_attr: Option<String> = None;
        for line in text.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("#[path") {
                let value = rest
                    .split('"')
                    .nth(1)
                    .unwrap_or_else(|| panic!("{}: unreadable {line}", file.display()));
                path_attr = Some(value.to_string());
                continue;
            }
            if line.starts_with("#[") || line.starts_with("//") {
                continue;
            }
            let decl = line.strip_prefix("pub ").unwrap_or(line);
            let decl = decl.strip_prefix("pub(crate) ").unwrap_or(decl);
            let Some(name) = decl.strip_prefix("mod ").and_then(|d| d.strip_suffix(';')) else {
                path_attr = None;
                continue;
            };
            let child = match path_attr.take() {
                Some(p) => parent.join(p),
                None => {
                    let flat = children_dir.join(format!("{name}.rs"));
                    if flat.is_file() {
                        flat
                    } else {
                        children_dir.join(name).join("mod.rs")
                    }
                }
            };
            assert!(
                child.is_file(),
                "{} declares `mod {name};` but {} does not exist",
                file.display(),
                child.display()
            );
            todo.push(child);
        }
    }
    seen
}

/// Every `.rs` file under `dir`, at any depth.
fn rs_files(dir: &Path) -> BTreeSet<PathBuf> {
    let mut found = BTreeSet::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.insert(path);
            }
        }
    }
    found
}

/// The `.rs` files under `dir` that the module tree rooted at `dir/main.rs` leaves out.
fn left_out(dir: &Path) -> Vec<String> {
    let tree = module_tree(&dir.join("main.rs"));
    rs_files(dir)
        .difference(&tree)
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect()
}

#[test]
fn every_rs_file_under_tests_is_in_the_module_tree() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let missing = left_out(&tests);
    assert!(
        missing.is_empty(),
        "these files under tests/ are not declared with `mod` in tests/main.rs or a \
         module below it, so they never compile or run: {missing:?}"
    );
    // The tree really is followed to the bottom (a nested module of a nested module).
    let tree = module_tree(&tests.join("main.rs"));
    assert!(tree.contains(&tests.join("reliability/attack.rs")));
    assert!(tree.contains(&tests.join("foundation/stances.rs")));
}

#[test]
fn a_file_left_out_of_the_module_tree_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("group")).unwrap();
    std::fs::create_dir_all(d.join("other")).unwrap();
    std::fs::create_dir_all(d.join("moved")).unwrap();
    std::fs::write(
        d.join("main.rs"),
        "//! root\nmod group;\n#[cfg(unix)]\nmod other;\n#[path = \"moved/here.rs\"]\nmod elsewhere;\n// mod commented;\n",
    )
    .unwrap();
    std::fs::write(d.join("group.rs"), "mod inner;\n").unwrap();
    std::fs::write(d.join("group/inner.rs"), "#[test]\nfn t() {}\n").unwrap();
    std::fs::write(d.join("other/mod.rs"), "pub mod deeper;\n").unwrap();
    std::fs::write(d.join("other/deeper.rs"), "").unwrap();
    std::fs::write(d.join("moved/here.rs"), "").unwrap();
    assert_eq!(left_out(d), Vec::<String>::new());
    std::fs::write(d.join("forgotten.rs"), "#[test]\nfn never_runs() {}\n").unwrap();
    std::fs::write(d.join("group/orphan.rs"), "").unwrap();
    std::fs::write(d.join("commented.rs"), "").unwrap();
    assert_eq!(
        left_out(d),
        ["commented.rs", "forgotten.rs", "group/orphan.rs"]
    );
}

/// `cargo test --test NAME` in the README, the scripts, CI and BENCHMARKS.md names the
/// one test target there is (`integration`): the per-file targets are gone.
#[test]
fn every_test_target_the_docs_name_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![
        root.join("README.md"),
        root.join("BENCHMARKS.md"),
        root.join(".ci/run"),
    ];
    for entry in std::fs::read_dir(root.join("scripts")).unwrap() {
        files.push(entry.unwrap().path());
    }
    let mut named = 0;
    for file in files.iter().filter(|f| f.is_file()) {
        let text = std::fs::read_to_string(file).unwrap();
        for (i, line) in text.lines().enumerate() {
            let mut rest = line;
            while let Some(at) = rest.find("--test ") {
                rest = &rest[at + "--test ".len()..];
                let target: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                assert_eq!(
                    target,
                    "integration",
                    "{}:{}: `--test {target}` names no test target; use \
                     `--test integration MODULE::`",
                    file.display(),
                    i + 1
                );
                named += 1;
            }
        }
    }
    assert!(
        named >= 2,
        "the README and scripts/draft_eval.sh name the target"
    );
}
