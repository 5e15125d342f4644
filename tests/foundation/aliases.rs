//! `actor alias add | remove`, and every `--actor`-like argument taking a key or an
//! alias (aliases case-insensitively).

use crate::common::TestEnv;

fn stance_ids(env: &TestEnv, args: &[&str]) -> Vec<i64> {
    let mut full = vec!["--format", "json", "stance", "list"];
    full.extend_from_slice(args);
    env.ok(full)
        .json_rows()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn alias_add_then_the_alias_names_the_actor() {
    let env = TestEnv::sample();
    env.ok(["actor", "alias", "add", "putin", "V. Putin"])
        .stdout_has(&["'V. Putin' now also names actor 'putin'"]);
    assert_eq!(env.count("actor_aliases"), 2);
    let shown = env
        .ok(["--format", "json", "actor", "show", "v. putin"])
        .json();
    assert_eq!(shown["key"], "putin");
    assert_eq!(shown["aliases"], "V. Putin");
}

#[test]
fn alias_add_of_an_existing_alias_of_the_same_actor_changes_nothing() {
    let env = TestEnv::sample();
    let before = env.dump();
    env.ok(["actor", "alias", "add", "zelensky", "Zelenskyy"])
        .stdout_has(&["already names actor 'zelensky'"]);
    assert_eq!(env.dump(), before);
}

#[test]
fn alias_add_refuses_an_alias_of_another_actor() {
    let env = TestEnv::sample();
    env.fails_unchanged(65, ["actor", "alias", "add", "putin", "zelenskyy"])
        .stderr_has(&["already names actor 'zelensky'"]);
}

#[test]
fn alias_add_refuses_an_alias_that_is_another_actors_key() {
    let env = TestEnv::sample();
    env.fails_unchanged(65, ["actor", "alias", "add", "ukraine", "Russia"])
        .stderr_has(&["shadow", "'russia'"]);
}

#[test]
fn alias_add_to_an_unknown_actor_is_not_found() {
    let env = TestEnv::sample();
    env.fails_unchanged(66, ["actor", "alias", "add", "zelenskiyy", "Ze"])
        .stderr_has(&["unknown actor 'zelenskiyy'", "zelensky"]);
}

#[test]
fn alias_with_a_control_character_is_refused() {
    let env = TestEnv::sample();
    env.fails_unchanged(65, ["actor", "alias", "add", "putin", "V\u{7}P"])
        .stderr_has(&["alias", "control character"]);
}

#[test]
fn alias_remove_frees_the_name() {
    let env = TestEnv::sample();
    env.ok(["actor", "alias", "remove", "zelensky", "Zelenskyy"])
        .stdout_has(&["removed alias 'Zelenskyy' of actor 'zelensky'"]);
    assert_eq!(env.count("actor_aliases"), 0);
    env.fails_unchanged(66, ["actor", "show", "Zelenskyy"]);
    let history = env.count("history");
    assert_eq!(history, 1, "history keeps the removed alias");
    assert_eq!(
        env.text("SELECT command FROM history").as_deref(),
        Some("actor alias remove")
    );
}

#[test]
fn alias_remove_of_an_alias_the_actor_lacks_lists_its_aliases() {
    let env = TestEnv::sample();
    env.fails_unchanged(66, ["actor", "alias", "remove", "zelensky", "Ze"])
        .stderr_has(&["has no alias 'Ze'", "Zelenskyy"]);
}

#[test]
fn actor_show_accepts_the_alias_in_any_case() {
    let env = TestEnv::sample();
    for name in [
        "zelensky",
        "Zelenskyy",
        "zelenskyy",
        "ZELENSKYY",
        "ZELENSKY",
    ] {
        let shown = env.ok(["--format", "json", "actor", "show", name]).json();
        assert_eq!(shown["key"], "zelensky", "actor show {name}");
    }
}

#[test]
fn stance_add_accepts_an_alias_as_actor() {
    let env = TestEnv::sample();
    env.ok([
        "stance",
        "add",
        "--actor",
        "ZELENSKYY",
        "--provision",
        "us-ceasefire",
        "--position",
        "conditional",
        "--source",
        "reuters-1",
        "--date",
        "2025-02-12",
    ])
    .stdout_has(&["added stance 4"]);
    let shown = env.ok(["--format", "json", "stance", "show", "4"]).json();
    assert_eq!(shown["actor"], "zelensky");
}

#[test]
fn stance_list_accepts_an_alias_as_actor() {
    let env = TestEnv::sample();
    assert_eq!(stance_ids(&env, &["--actor", "zelenskyy"]), vec![3, 1]);
    assert_eq!(stance_ids(&env, &["--actor", "zelensky"]), vec![3, 1]);
}

#[test]
fn stance_update_accepts_an_alias_as_actor() {
    let env = TestEnv::sample();
    env.ok(["stance", "update", "2", "--actor", "Zelenskyy"])
        .stdout_has(&["updated stance '2': --actor"]);
    let shown = env.ok(["--format", "json", "stance", "show", "2"]).json();
    assert_eq!(shown["actor"], "zelensky");
}

#[test]
fn parent_and_proposer_accept_an_alias() {
    let env = TestEnv::sample();
    env.ok([
        "actor",
        "add",
        "--key",
        "yermak",
        "--name",
        "Andriy Yermak",
        "--kind",
        "person",
        "--parent",
        "zelenskyy",
    ]);
    let shown = env
        .ok(["--format", "json", "actor", "show", "yermak"])
        .json();
    assert_eq!(shown["parent"], "zelensky");
    let children = env
        .ok(["--format", "json", "actor", "list", "--parent", "Zelenskyy"])
        .json_rows();
    assert_eq!(children.len(), 1);
    assert_eq!(children[0]["key"], "yermak");

    env.ok([
        "plan",
        "add",
        "--key",
        "peace-formula",
        "--title",
        "Peace formula",
        "--status",
        "proposed",
        "--proposer",
        "ZELENSKYY",
    ]);
    let plans = env
        .ok([
            "--format",
            "json",
            "plan",
            "list",
            "--proposer",
            "zelenskyy",
        ])
        .json_rows();
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0]["proposers"], "zelensky");
}

#[test]
fn alias_commands_accept_an_alias_as_actor() {
    let env = TestEnv::sample();
    env.ok(["actor", "alias", "add", "zelenskyy", "Ze"])
        .stdout_has(&["names actor 'zelensky'"]);
    env.ok(["actor", "alias", "remove", "ZE", "Zelenskyy"]);
    let shown = env.ok(["--format", "json", "actor", "show", "ze"]).json();
    assert_eq!(shown["aliases"], "Ze");
}

#[test]

fn non_ascii_aliases_match_in_any_case() {
    let env = TestEnv::sample();
    env.ok(["actor", "alias", "add", "zelensky", "Зеленський"]);
    for name in ["Зеленський", "зеленський", "ЗЕЛЕНСЬКИЙ"] {
        let run = env.run(["--format", "json", "actor", "show", name]);
        run.code(0);
        assert_eq!(run.json()["key"], "zelensky", "actor show {name}");
    }
}

#[test]

fn add_refuses_a_key_that_is_another_actors_alias() {
    let env = TestEnv::sample();
    env.fails_unchanged(
        65,
        [
            "actor",
            "add",
            "--key",
            "zelenskyy",
            "--name",
            "Someone else",
            "--kind",
            "person",
        ],
    )
    .stderr_has(&["zelensky"]);
}
