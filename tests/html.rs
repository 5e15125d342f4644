//! `report matrix|timeline --format html`: one self-contained page per report.

use crate::common::TestEnv;

fn seeded() -> TestEnv {
    TestEnv::seeded()
}

/// Nothing in a page may reach the network: no scripts, links, images or frames. The
/// only `href`s are the cited articles' links, which a reader may follow (nothing is
/// fetched when the page opens).
fn assert_self_contained(html: &str) {
    let without_anchors = html
        .replace("<a href=\"https://", "")
        .replace("<a href=\"http://", "");
    for forbidden in [
        "<script", "<link", "<img", "<iframe", "src=", "href=", "@import", "url(",
    ] {
        assert!(
            !without_anchors.contains(forbidden),
            "the page contains {forbidden}"
        );
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
    // A column for the plan as a whole, then one per provision.
    assert_eq!(
        html.matches("<th class=\"provision\"").count(),
        provisions.len() + 1
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

/// The value of `property` in the CSS rule for exactly `selector`.
fn css(html: &str, selector: &str, property: &str) -> Option<String> {
    let style = html.split("<style>").nth(1)?.split("</style>").next()?;
    // Without comments.
    let mut plain = String::new();
    let mut rest = style;
    while let Some(at) = rest.find("/*") {
        plain.push_str(&rest[..at]);
        rest = rest[at..].split_once("*/").map_or("", |(_, r)| r);
    }
    plain.push_str(rest);
    plain.split('}').find_map(|rule| {
        let (sel, body) = rule.split_once('{')?;
        if sel.trim() != selector {
            return None;
        }
        body.split(';').find_map(|decl| {
            let (name, value) = decl.split_once(':')?;
            (name.trim() == property).then(|| value.trim().to_string())
        })
    })
}

/// Issue 14: "on a phone the matrix's corner header disappears under the scrolling
/// headers". The corner is sticky both ways and above the headers and actor names
/// that scroll under it.
#[test]
fn the_corner_header_stays_above_the_scrolling_headers() {
    let env = seeded();
    let html = env
        .ok([
            "report",
            "matrix",
            "--plan",
            "us-28-point-plan",
            "--format",
            "html",
        ])
        .stdout;
    assert!(
        html.contains("<thead><tr><th class=\"actor\">"),
        "the corner is th.actor"
    );
    let z = |selector: &str| -> i64 {
        css(&html, selector, "z-index")
            .unwrap_or_else(|| panic!("no z-index for {selector}"))
            .parse()
            .unwrap()
    };
    assert!(
        z("thead th.actor") > z("thead th"),
        "above the column headers"
    );
    assert!(z("thead th.actor") > z("th.actor"), "above the actor names");
    assert_eq!(css(&html, "thead th.actor", "top").as_deref(), Some("0"));
    assert_eq!(css(&html, "thead th.actor", "left").as_deref(), Some("0"));
}

/// Issue 14: "an opened cell shows the source's slug instead of its outlet, title and
/// link".
#[test]
fn an_opened_cell_shows_the_sources_outlet_title_and_link() {
    let env = seeded();
    let url = "https://www.bloomberg.com/news/articles/2025-11-21/us-plan?x=1&y=2";
    env.ok([
        "source",
        "update",
        "bloomberg-2025-11-21-28-point-plan",
        "--url",
        url,
    ]);
    // Only web links become links.
    env.ok([
        "source",
        "update",
        "axios-2025-11-19-secret-28-point-plan",
        "--url",
        "javascript:alert(1)",
    ]);
    let html = env
        .ok([
            "report",
            "matrix",
            "--plan",
            "us-28-point-plan",
            "--format",
            "html",
        ])
        .stdout;
    let sources = env.ok(["source", "list", "--format", "json"]).json_rows();
    let mut linked = 0;
    for source in &sources {
        let key = source["key"].as_str().unwrap();
        if !html.contains(&format!("title=\"{key}\">")) {
            continue;
        }
        let outlet = source["outlet"].as_str().unwrap();
        let title = source["title"]
            .as_str()
            .unwrap()
            .replace('\'', "&#39;")
            .replace('"', "&quot;");
        assert!(
            html.contains(&format!("{}: ", outlet.replace('&', "&amp;"))),
            "{outlet}"
        );
        assert!(html.contains(&title), "{title}");
        if let Some(url) = source["url"].as_str().filter(|u| u.starts_with("https://")) {
            let url = url.replace('&', "&amp;");
            assert!(html.contains(&format!("<a href=\"{url}\"")), "{url}");
            linked += 1;
        }
    }
    assert!(linked > 0, "the cited Bloomberg article is linked");
    assert!(
        !html.contains("javascript:alert"),
        "not as a link, not at all"
    );
    // The source in a cell is named by outlet and title, not only by its key.
    assert!(!html.contains("· bloomberg-2025-11-21-28-point-plan ("));
}

/// Issue 14: "the timeline heading does not name the actor, and 16 of 18 dots sit on
/// one point".
#[test]
fn the_timeline_names_its_actor_and_no_dot_hides_another() {
    let env = seeded();
    for args in [
        vec!["report", "timeline", "--actor", "Zelenskiy"],
        vec!["report", "timeline", "--plan", "us-28-point-plan"],
        vec!["report", "timeline"],
    ] {
        let html = env
            .ok(args.iter().copied().chain(["--format", "html"]))
            .stdout;
        let points: Vec<(String, String)> = html
            .split("<circle cx=\"")
            .skip(1)
            .map(|rest| {
                let cx = rest.split('"').next().unwrap().to_string();
                let cy = rest
                    .split("cy=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .to_string();
                (cx, cy)
            })
            .collect();
        assert!(points.len() > 5, "{args:?}");
        let distinct: std::collections::HashSet<&(String, String)> = points.iter().collect();
        assert_eq!(
            distinct.len(),
            points.len(),
            "{args:?}: two dots on one point"
        );
    }
    let html = env
        .ok([
            "report",
            "timeline",
            "--actor",
            "Zelenskiy",
            "--format",
            "html",
        ])
        .stdout;
    let h1 = html
        .split("<h1>")
        .nth(1)
        .unwrap()
        .split("</h1>")
        .next()
        .unwrap();
    assert!(h1.contains("Volodymyr Zelensky"), "{h1}");
    let h1 = env
        .ok([
            "report",
            "timeline",
            "--plan",
            "us-28-point-plan",
            "--format",
            "html",
        ])
        .stdout;
    let h1 = h1
        .split("<h1>")
        .nth(1)
        .unwrap()
        .split("</h1>")
        .next()
        .unwrap()
        .to_string();
    assert!(h1.contains("28"), "the plan's title: {h1}");
}

/// Issue 14: "dates wrap at 1280 px": every date in a page is kept on one line.
#[test]
fn dates_never_wrap() {
    let env = seeded();
    for args in [
        vec!["report", "timeline", "--actor", "zelensky"],
        vec!["report", "matrix", "--plan", "us-28-point-plan"],
        vec!["stance", "list"],
    ] {
        let html = env
            .ok(args.iter().copied().chain(["--format", "html"]))
            .stdout;
        assert!(
            css(&html, ".date", "white-space").as_deref() == Some("nowrap"),
            "{args:?}"
        );
        // No date outside an element of class date.
        for (at, _) in html.match_indices("-11-2") {
            let before = &html[..at];
            let open = before.rfind('<').unwrap();
            let tag = &before[open..];
            // A cell or span whose text starts with the date.
            let content = tag.split_once('>').map_or("", |(_, c)| c);
            let is_date = content.len() == 4 && content.bytes().all(|b| b.is_ascii_digit());
            if (tag.starts_with("<td") || tag.starts_with("<span")) && is_date {
                assert!(tag.contains("class=\"date"), "{args:?}: {tag}");
            }
        }
    }
}
