//! `actor add | update | show | list | remove`.

use crate::common::TestEnv;

fn keys(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut full = vec!["--format", "json", "actor", "list"];
    full.extend_from_slice(args);
    env.ok(full)
        .json_rows()
        .iter()
        .map(|r| r["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn add_then_show_returns_the_fields_parent_and_aliases() {
    let env = TestEnv::sample();
    let shown = env
        .ok(["--format", "json", "actor", "show", "zelensky"])
        .json();
    assert_eq!(shown["key"], "zelensky");
    assert_eq!(shown["name"], "Volodymyr Zelensky");
    assert_eq!(shown["kind"], "person");
    assert_eq!(shown["parent"], "ukraine");
    assert_eq!(shown["aliases"], "Zelenskyy");
    assert!(shown["notes"].is_null());
}

#[test]
fn add_prints_the_key() {
    let env = TestEnv::init();
    env.ok([
        "actor",
        "add",
        "--key",
        "nato",
        "--name",
        "NATO",
        "--kind",
        "organization",
        "--notes",
        "alliance",
    ])
    .stdout_has(&["added actor 'nato'"]);
    assert_eq!(env.count("actors"), 1);
    assert_eq!(
        env.text("SELECT notes FROM actors WHERE key = 'nato'")
            .as_deref(),
        Some("alliance")
    );
}

#[test]
fn list_is_sorted_by_key() {
    let env = TestEnv::sample();
    assert_eq!(
        keys(&env, &[]),
        vec!["eu", "putin", "russia", "ukraine", "zelensky"]
    );
}

#[test]
fn list_filters_by_kind() {
    let env = TestEnv::sample();
    assert_eq!(keys(&env, &["--kind", "person"]), vec!["putin", "zelensky"]);
    assert_eq!(keys(&env, &["--kind", "bloc"]), vec!["eu"]);
    assert_eq!(keys(&env, &["--kind", "media"]), Vec::<String>::new());
}

#[test]
fn list_filters_by_parent() {
    let env = TestEnv::sample();
    assert_eq!(keys(&env, &["--parent", "russia"]), vec!["putin"]);
    assert_eq!(
        keys(&env, &["--kind", "person", "--parent", "ukraine"]),
        vec!["zelensky"]
    );
}

#[test]
fn list_with_a_bad_kind_lists_the_accepted_kinds() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(65, ["actor", "list", "--kind", "persn"]);
    let line = run.one_error_line();
    assert!(line.contains("invalid kind 'persn'"), "{line}");
    assert!(
        line.contains("state, bloc, organization, person, media"),
        "{line}"
    );
}

#[test]
fn add_with_a_bad_kind_lists_the_accepted_kinds() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(
        65,
        [
            "actor", "add", "--key", "x", "--name", "X", "--kind", "country",
        ],
    );
    let line = run.one_error_line();
    assert!(line.contains("kind"), "{line}");
    assert!(line.contains("'country'"), "{line}");
    assert!(
        line.contains("state, bloc, organization, person, media"),
        "{line}"
    );
}

#[test]
fn add_with_a_bad_key_is_refused() {
    let env = TestEnv::init();
    let run = env.fails_unchanged(
        65,
        [
            "actor",
            "add",
            "--key",
            "Not A Slug",
            "--name",
            "X",
            "--kind",
            "state",
        ],
    );
    run.stderr_has(&["invalid key 'Not A Slug'"]);
    assert_eq!(env.count("actors"), 0);
}

#[test]
fn duplicate_key_is_refused_naming_the_existing_actor() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(
        65,
        [
            "actor", "add", "--key", "zelensky", "--name", "Someone", "--kind", "person",
        ],
    );
    let line = run.one_error_line();
    assert!(line.contains("actor 'zelensky' already exists"), "{line}");
    assert!(line.contains("Volodymyr Zelensky"), "{line}");
}

#[test]
fn unknown_actor_names_the_value_and_the_nearest_match() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(66, ["actor", "show", "zelenskiyy"]);
    let line = run.one_error_line();
    assert!(line.contains("unknown actor 'zelenskiyy'"), "{line}");
    assert!(line.contains("did you mean"), "{line}");
    assert!(line.contains("zelensky"), "{line}");
}

#[test]
fn unknown_parent_is_not_found() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(
        66,
        [
            "actor", "add", "--key", "x", "--name", "X", "--kind", "person", "--parent", "ukrane",
        ],
    );
    let line = run.one_error_line();
    assert!(line.contains("unknown actor 'ukrane'"), "{line}");
    assert!(line.contains("'ukraine'"), "{line}");
}

#[test]
fn sql_looking_names_are_stored_literally() {
    let env = TestEnv::init();
    let name = "Robert'); DROP TABLE actors;--";
    env.ok([
        "actor", "add", "--key", "bobby", "--name", name, "--kind", "person",
    ]);
    let shown = env
        .ok(["--format", "json", "actor", "show", "bobby"])
        .json();
    assert_eq!(shown["name"], name);
    assert_eq!(env.count("actors"), 1, "the actors table still exists");
    assert_eq!(
        env.text("SELECT name FROM actors WHERE key = 'bobby'")
            .as_deref(),
        Some(name)
    );
}

#[test]
fn control_characters_in_a_name_are_refused() {
    let env = TestEnv::sample();
    for name in ["a\u{1}b", "a\u{7}b", "line\nbreak"] {
        let run = env.fails_unchanged(
            65,
            [
                "actor", "add", "--key", "ctl", "--name", name, "--kind", "person",
            ],
        );
        let line = run.one_error_line();
        assert!(line.contains("name"), "{line}");
        assert!(line.contains("control character"), "{line}");
    }
}

#[test]
fn remove_is_refused_while_stances_name_the_actor() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(65, ["actor", "remove", "zelensky"]);
    let line = run.one_error_line();
    assert!(line.contains("cannot remove actor 'zelensky'"), "{line}");
    assert!(line.contains("2 stance '1', '3'"), "{line}");
}

#[test]
fn remove_is_refused_while_a_child_actor_names_it_as_parent() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(65, ["actor", "remove", "ukraine"]);
    let line = run.one_error_line();
    assert!(line.contains("cannot remove actor 'ukraine'"), "{line}");
    assert!(line.contains("actor (child) 'zelensky'"), "{line}");
}

#[test]
fn remove_lists_every_kind_of_dependent() {
    let env = TestEnv::sample();
    let run = env.fails_unchanged(65, ["actor", "remove", "russia"]);
    let line = run.one_error_line();
    assert!(line.contains("actor (child) 'putin'"), "{line}");
    assert!(line.contains("plan (proposer of) 'us-plan'"), "{line}");
}

#[test]
fn remove_by_alias_is_refused_like_by_key() {
    let env = TestEnv::sample();
    env.fails_unchanged(65, ["actor", "remove", "ZELENSKYY"])
        .stderr_has(&["cannot remove actor 'zelensky'"]);
}

#[test]
fn remove_of_a_free_actor_succeeds_and_history_keeps_it() {
    let env = TestEnv::sample();
    env.ok(["actor", "remove", "eu"])
        .stdout_has(&["removed actor 'eu'"]);
    assert_eq!(env.count("actors"), 4);
    env.fails_unchanged(66, ["actor", "show", "eu"]);
    let versions = env
        .ok(["--format", "json", "history", "actor", "eu"])
        .json_rows();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0]["change"], "delete");
    assert_eq!(versions[0]["command"], "actor remove");
    assert_eq!(versions[0]["values"]["name"], "European Union");
}

#[test]
fn remove_takes_the_actors_aliases_with_it() {
    let env = TestEnv::sample();
    env.ok(["actor", "alias", "add", "eu", "European Union"]);
    env.ok(["actor", "remove", "eu"]);
    assert_eq!(
        env.count("actor_aliases"),
        1,
        "only zelensky's alias is left"
    );
    // The freed alias can name another actor now.
    env.ok(["actor", "alias", "add", "ukraine", "European Union"]);
}

#[test]
fn update_changes_the_given_fields_and_reports_them() {
    let env = TestEnv::sample();
    env.ok(["actor", "update", "putin", "--notes", "President"])
        .stdout_has(&["updated actor 'putin': --notes"]);
    let shown = env
        .ok(["--format", "json", "actor", "show", "putin"])
        .json();
    assert_eq!(shown["notes"], "President");
    assert_eq!(shown["name"], "Vladimir Putin");
}

#[test]
fn update_with_the_stored_values_reports_unchanged() {
    let env = TestEnv::sample();
    let before = env.dump();
    env.ok(["actor", "update", "putin", "--kind", "person"])
        .stdout_has(&["unchanged"]);
    assert_eq!(env.dump(), before);
}

#[test]
fn update_refuses_a_parent_cycle() {
    let env = TestEnv::sample();
    env.fails_unchanged(65, ["actor", "update", "ukraine", "--parent", "zelensky"])
        .stderr_has(&["own ancestor"]);
}

#[test]
fn update_unset_parent_clears_it() {
    let env = TestEnv::sample();
    env.ok(["actor", "update", "zelensky", "--unset", "parent"]);
    let shown = env
        .ok(["--format", "json", "actor", "show", "zelensky"])
        .json();
    assert!(shown["parent"].is_null());
    env.fails_unchanged(65, ["actor", "update", "zelensky", "--unset", "name"]);
}

#[test]
fn update_key_renames_and_history_follows_the_record() {
    let env = TestEnv::sample();
    env.ok(["actor", "update", "putin", "--key", "vladimir-putin"]);
    env.fails_unchanged(66, ["actor", "show", "putin"]);
    let stance = env.ok(["--format", "json", "stance", "show", "2"]).json();
    assert_eq!(stance["actor"], "vladimir-putin");
    let versions = env
        .ok(["--format", "json", "history", "actor", "vladimir-putin"])
        .json_rows();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1]["changed_fields"], "key");
    assert_eq!(versions[1]["values"]["key"], "putin");
}

#[test]
fn update_key_to_an_existing_key_or_alias_is_refused() {
    let env = TestEnv::sample();
    env.fails_unchanged(65, ["actor", "update", "putin", "--key", "russia"])
        .stderr_has(&["actor 'russia' already exists"]);
    env.fails_unchanged(65, ["actor", "update", "putin", "--key", "zelenskyy"])
        .stderr_has(&["already an alias of actor 'zelensky'"]);
}
