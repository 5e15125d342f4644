//! `report matrix|timeline --format html`: one self-contained page per report.

#[allow(dead_code)]
mod common;

use common::TestEnv;

fn seeded() -> TestEnv {
    let env = TestEnv::new();
    env.ok(["seed"]);
    env
}

/// Nothing in a page may reach the network: no scripts, links, images or frames.
fn assert_self_contained(html: &str) {
    for forbidden in [
        "<script", "<link", "<img", "<iframe", "src=", "href=", "@import", "url(",
    ] {
        assert!(!html.contains(forbidden), "the page contains {forbidden}");
    }
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<style>") && html.contains("@media print"));
    assert!(html.contains("name=\"viewport\""), "readable on a phone");
    assert!(html.trim_end().ends_with("</html>"));
}

#[test]
fn the_matrix_page_has_a_row_per_actor_and_a_column_per_provision() {
    let env = seeded();
    let plan = "us-28-point-plan";
    let html = env
        .ok(["report", "matrix", "--plan", plan, "--format", "html"])
        .stdout;
    assert_self_contained(&html);
    let matrix = env
        .ok(["report", "matrix", "--plan", plan, "--format", "json"])
        .json_rows();
    let actors = html.matches("<th class=\"actor\" scope=\"row\">").count();
    assert_eq!(actors, matrix.len(), "one row per actor of the json matrix");
    let provisions = env
        .ok(["provision", "list", "--plan", plan, "--format", "json"])
        .json_rows();
    assert_eq!(
        html.matches("<th class=\"provision\"").count(),
        provisions.len()
    );
    // Every filled cell of the json matrix is a coloured cell with its evidence.
    let filled: usize = matrix
        .iter()
        .map(|row| row.iter().skip(1).filter(|(_, v)| !v.is_null()).count())
        .sum();
    assert_eq!(html.matches("<td class=\"cell s").count(), filled);
    assert!(
        html.contains("<details><summary>rejects</summary>"),
        "Ukraine's rejections show"
    );
    assert!(
        html.contains("Witkoff") || html.contains("witkoff"),
        "the drafters show"
    );
    assert!(
        html.contains("bloomberg-2025-11-21-28-point-plan"),
        "cells name their source"
    );
}

#[test]
fn the_timeline_page_has_a_dot_per_stance() {
    let env = seeded();
    let args = ["report", "timeline", "--actor", "zelensky"];
    let html = env
        .ok(args.iter().copied().chain(["--format", "html"]))
        .stdout;
    assert_self_contained(&html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""));
    let stances = env
        .ok(args.iter().copied().chain(["--format", "json"]))
        .json_rows();
    assert!(!stances.is_empty());
    assert_eq!(html.matches("<circle").count(), stances.len());
    assert!(html.contains("<svg"));
}

#[test]
fn other_results_are_an_html_table() {
    let env = seeded();
    let html = env.ok(["actor", "list", "--format", "html"]).stdout;
    assert_self_contained(&html);
    let actors = env.ok(["actor", "list", "--format", "json"]).json_rows();
    assert_eq!(
        html.matches("<tr>").count(),
        actors.len() + 1,
        "a header row and a row per actor"
    );
}
