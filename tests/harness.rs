//! The test harness itself: the sample fixture copied from one built per process, and
//! the rule for tests that need ../shared.

use crate::common::{self, TestEnv};

#[test]
fn a_copied_sample_holds_what_the_commands_build() {
    let built = TestEnv::build_sample();
    let copied = TestEnv::sample();
    // The database file alone, in the test's own directory.
    assert_eq!(common::listing(copied.dir()), ["provtrack.db"]);
    assert_eq!(copied.dump(), built.dump());
    assert_eq!(copied.count("stances"), 3);
    copied.ok(["doctor"]);
    copied
        .ok(["stance", "show", "1"])
        .stdout_has(&["We will not give up our land"]);
}

#[test]
fn each_sample_is_a_fresh_copy_that_changes_alone() {
    let first = TestEnv::sample();
    let untouched = first.dump();
    first.ok([
        "actor", "add", "--key", "nato", "--name", "NATO", "--kind", "bloc",
    ]);
    first.ok(["stance", "remove", "1"]);
    assert_eq!(first.count("actors"), 6);
    assert_eq!(first.count("stances"), 2);
    let second = TestEnv::sample();
    assert_ne!(first.db_path(), second.db_path());
    assert_eq!(second.count("actors"), 5);
    assert_eq!(second.dump(), untouched);
}

#[test]
fn a_missing_shared_folder_fails_in_ci_and_skips_elsewhere() {
    let env = TestEnv::new();
    let missing = env.path("shared/articles");
    let failure = common::needed_dir(&missing, true, "the seed checks").unwrap_err();
    assert!(failure.starts_with("CI is set but "), "{failure}");
    assert!(failure.contains("shared/articles is missing"), "{failure}");
    assert!(failure.contains("the seed checks"), "{failure}");
    assert!(!failure.contains('\n'), "{failure}");
    match common::needed_dir(&missing, false, "the seed checks") {
        Ok(common::Needed::Skip(reason)) => {
            assert!(reason.starts_with("skipped: "), "{reason}");
            assert!(
                reason.contains("shared/articles does not exist"),
                "{reason}"
            );
            assert!(reason.contains("the seed checks"), "{reason}");
        }
        other => panic!("expected a skip, got {other:?}"),
    }
    // A file of that name is not the folder either.
    std::fs::create_dir_all(env.path("shared")).unwrap();
    std::fs::write(&missing, "").unwrap();
    assert!(common::needed_dir(&missing, true, "x").is_err());
}

#[test]
fn a_present_shared_folder_is_used_in_ci_and_elsewhere() {
    let env = TestEnv::new();
    let here = env.path("shared/articles");
    std::fs::create_dir_all(&here).unwrap();
    for ci in [true, false] {
        assert_eq!(
            common::needed_dir(&here, ci, "x"),
            Ok(common::Needed::Here(here.canonicalize().unwrap()))
        );
    }
}
