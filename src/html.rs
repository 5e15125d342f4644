//! Self-contained HTML pages: the stance matrix as a heatmap, a timeline of stances per
//! actor as inline SVG, and any result as a plain table.
//!
//! A page is one file with inline CSS and SVG and no script or network fetch, so it can
//! be mailed to an editor, opened offline, printed, or read on a phone. Each cell keeps
//! its evidence (position, date, source, attribution, quote) in a `<details>` element:
//! a click or tap opens it, and the `title` attribute shows it on hover.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::result_set::{cell_text, ResultSet};

/// One stance as the pages show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stance {
    pub actor: String,
    pub provision: String,
    pub position: String,
    pub score: i64,
    pub stated_on: String,
    pub source: String,
    pub attribution: String,
    pub quote: Option<String>,
    /// The source's sentence that reports it.
    pub evidence: Option<String>,
    /// The source as a reader knows it: outlet, title and link (None: only the key).
    pub cited: Option<Cited>,
}

/// A source as an opened cell shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cited {
    pub outlet: String,
    pub title: String,
    pub url: Option<String>,
}

/// A provision as a matrix column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub key: String,
    pub title: String,
    pub point: Option<String>,
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --pos2: #1a7f37; --pos1: #8fd19e; --zero: #d8dee4; --neg1: #f4a3a3; --neg2: #b42318; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1rem; color: #1f2328; }
h1 { font-size: 1.3rem; margin: 0 0 .25rem; }
p.meta { color: #57606a; margin: 0 0 1rem; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; font-size: .85rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .4rem; vertical-align: top; text-align: left; }
thead th { background: #f6f8fa; position: sticky; top: 0; z-index: 2; }
th.actor { position: sticky; left: 0; background: #fff; white-space: nowrap; z-index: 1; }
/* The corner stays above both the column headers and the actor names scrolling under it. */
thead th.actor { top: 0; left: 0; z-index: 3; background: #f6f8fa; }
/* Sticky cells keep their borders only with separate borders (collapsed ones scroll
   away with the cells under them, letting those show through at the edges). */
table.matrix { border-collapse: separate; border-spacing: 0; }
table.matrix th, table.matrix td { border-width: 0 1px 1px 0; }
table.matrix tr > :first-child { border-left-width: 1px; }
table.matrix thead th { border-top-width: 1px; }
.date { white-space: nowrap; }
th.provision { min-width: 7rem; max-width: 11rem; font-weight: 600; }
th.provision small { display: block; font-weight: 400; color: #57606a; }
td.cell { min-width: 6rem; }
td.s2 { background: var(--pos2); color: #fff; } td.s1 { background: var(--pos1); }
td.s0 { background: var(--zero); } td.s-1 { background: var(--neg1); }
td.s-2 { background: var(--neg2); color: #fff; }
details summary { cursor: pointer; list-style: none; font-weight: 600; }
details summary::-webkit-details-marker { display: none; }
details[open] { min-width: 14rem; }
details p { margin: .25rem 0 0; font-size: .8rem; }
blockquote { margin: .25rem 0 0; font-style: italic; }
.legend span { display: inline-block; padding: .1rem .5rem; margin-right: .25rem; border-radius: 3px; font-size: .8rem; }
svg { max-width: 100%; height: auto; font-size: 11px; }
svg text { fill: #1f2328; }
@media print {
  body { margin: 0; font-size: 10pt; }
  .scroll { overflow: visible; }
  details > *:not(summary) { display: block; }
  th.actor, thead th { position: static; }
  td.s2, td.s-2 { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  td, .legend span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@media (max-width: 600px) { body { margin: .5rem; font-size: 14px; } }
"#;

/// The frame every page shares.
fn page(title: &str, meta: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{t}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{t}</h1>\n\
         <p class=\"meta\">{m}</p>\n{body}</body>\n</html>\n",
        t = escape(title),
        m = escape(meta)
    )
}

fn legend() -> String {
    let mut html = String::from("<p class=\"legend\">");
    for (class, label) in [
        ("s2", "proposes / supports (+2)"),
        ("s1", "conditional (+1)"),
        ("s0", "undecided (0)"),
        ("s-1", "opposes (−1)"),
        ("s-2", "rejects (−2)"),
    ] {
        let _ = write!(
            html,
            "<span class=\"{class}\" style=\"background:var(--{})\">{label}</span>",
            css_var(class)
        );
    }
    html.push_str("</p>\n");
    html
}

fn css_var(class: &str) -> &'static str {
    match class {
        "s2" => "pos2",
        "s1" => "pos1",
        "s0" => "zero",
        "s-1" => "neg1",
        _ => "neg2",
    }
}

/// The evidence behind a stance, as one line of plain text (for `title`).
fn evidence(s: &Stance) -> String {
    let source = match &s.cited {
        Some(c) => format!("{}: {}", c.outlet, c.title),
        None => s.source.clone(),
    };
    let mut text = format!(
        "{} · {} · {} ({})",
        s.position, s.stated_on, source, s.attribution
    );
    if let Some(q) = &s.quote {
        let _ = write!(text, " — “{q}”");
    }
    if let Some(e) = &s.evidence {
        let _ = write!(text, " — source: {e}");
    }
    text
}

/// The source of a stance as an opened cell shows it: outlet, title as a link to the
/// article when it has a URL (http or https only), else the source's key.
fn source_html(s: &Stance) -> String {
    let Some(c) = &s.cited else {
        return escape(&s.source);
    };
    let title = match c
        .url
        .as_deref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    {
        Some(url) => format!(
            "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
            escape(url),
            escape(&c.title)
        ),
        None => escape(&c.title),
    };
    format!(
        "<cite class=\"source\" title=\"{key}\">{outlet}: {title}</cite>",
        key = escape(&s.source),
        outlet = escape(&c.outlet)
    )
}

/// The stance matrix: one row per actor (in the order given), one column per
/// provision, each cell coloured by the actor's current position.
pub fn matrix_page(
    title: &str,
    meta: &str,
    actors: &[String],
    columns: &[Column],
    cells: &[Stance],
) -> String {
    let by_cell: BTreeMap<(&str, &str), &Stance> = cells
        .iter()
        .map(|s| ((s.actor.as_str(), s.provision.as_str()), s))
        .collect();
    let mut body = legend();
    body.push_str(
        "<div class=\"scroll\"><table class=\"matrix\">\n<thead><tr><th class=\"actor\">actor</th>",
    );
    for c in columns {
        let point = c
            .point
            .as_ref()
            .map(|p| format!("{}. ", escape(p)))
            .unwrap_or_default();
        let _ = write!(
            body,
            "<th class=\"provision\" scope=\"col\" title=\"{k}\">{point}{t}<small>{k}</small></th>",
            k = escape(&c.key),
            t = escape(&c.title)
        );
    }
    body.push_str("</tr></thead>\n<tbody>\n");
    for actor in actors {
        let _ = write!(
            body,
            "<tr><th class=\"actor\" scope=\"row\">{}</th>",
            escape(actor)
        );
        for c in columns {
            match by_cell.get(&(actor.as_str(), c.key.as_str())) {
                Some(s) => {
                    let _ = write!(
                        body,
                        "<td class=\"cell s{score}\" title=\"{ev}\"><details><summary>{pos}</summary>\
                         <p><span class=\"date\">{date}</span> · {src} ({attr})</p>{quote}{evidence}</details></td>",
                        score = s.score.clamp(-2, 2),
                        ev = escape(&evidence(s)),
                        pos = escape(&s.position),
                        date = escape(&s.stated_on),
                        src = source_html(s),
                        attr = escape(&s.attribution),
                        quote = s
                            .quote
                            .as_deref()
                            .map(|q| format!("<blockquote>“{}”</blockquote>", escape(q)))
                            .unwrap_or_default(),
                        evidence = s
                            .evidence
                            .as_deref()
                            .map(|e| format!("<p>source: {}</p>", escape(e)))
                            .unwrap_or_default()
                    );
                }
                None => body.push_str("<td class=\"cell empty\"></td>"),
            }
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</tbody></table></div>\n");
    page(title, meta, &body)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` (or shorter) date, for the time axis.
fn day_number(date: &str) -> Option<i64> {
    // An inferred date is shown as `~2025-11-21`: it is placed at that day all the same.
    let mut parts = date
        .trim_start_matches('~')
        .split('-')
        .map(|p| p.parse::<u32>().ok());
    let year = parts.next()?? as i32;
    let month = parts.next().flatten().unwrap_or(1);
    let day = parts.next().flatten().unwrap_or(1);
    let d = chrono::NaiveDate::from_ymd_opt(year, month, day)?;
    Some(
        d.signed_duration_since(chrono::NaiveDate::default())
            .num_days(),
    )
}

/// A timeline: one lane per actor (for a single actor's timeline, one lane per
/// provision), a dot per stance at its date, coloured by position, with the stance's
/// evidence as the dot's tooltip; the stances also as a table. Dots of one lane on one
/// day are stacked, so that none hides another.
pub fn timeline_page(title: &str, meta: &str, stances: &[Stance]) -> String {
    let single_actor = stances
        .first()
        .is_some_and(|first| stances.iter().all(|s| s.actor == first.actor));
    let lane_of = |s: &Stance| -> String {
        if single_actor {
            if s.provision.is_empty() {
                "the plan as a whole".to_string()
            } else {
                s.provision.clone()
            }
        } else {
            s.actor.clone()
        }
    };
    let mut lanes: Vec<String> = Vec::new();
    for s in stances {
        let lane = lane_of(s);
        if !lanes.contains(&lane) {
            lanes.push(lane);
        }
    }
    let days: Vec<i64> = stances
        .iter()
        .filter_map(|s| day_number(&s.stated_on))
        .collect();
    let (first, last) = (
        days.iter().min().copied().unwrap_or(0),
        days.iter().max().copied().unwrap_or(0),
    );
    let span = (last - first).max(1) as f64;
    // How many dots each lane has on its busiest day: the lane is that many dots high.
    let mut per_day: BTreeMap<(String, i64), usize> = BTreeMap::new();
    for s in stances {
        if let Some(day) = day_number(&s.stated_on) {
            *per_day.entry((lane_of(s), day)).or_default() += 1;
        }
    }
    let (dot_gap, min_lane) = (13.0, 22.0);
    let lane_height = |lane: &str| -> f64 {
        let most = per_day
            .iter()
            .filter(|((l, _), _)| l == lane)
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(1);
        (dot_gap * most as f64 + 9.0).max(min_lane)
    };
    let longest = lanes.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let label_w = (longest.min(40) as f64 * 6.6 + 12.0).clamp(130.0, 280.0);
    let plot_w = 640.0;
    let height = 30.0 + lanes.iter().map(|l| lane_height(l)).sum::<f64>();
    let mut svg = format!(
        "<div class=\"scroll\"><svg viewBox=\"0 0 {w} {height}\" width=\"{w}\" role=\"img\" \
         aria-label=\"stances over time per {lane}\" xmlns=\"http://www.w3.org/2000/svg\">\n",
        w = label_w + plot_w + 20.0,
        lane = if single_actor { "provision" } else { "actor" }
    );
    let first_date = stances
        .iter()
        .map(|s| s.stated_on.as_str())
        .min()
        .unwrap_or("");
    let last_date = stances
        .iter()
        .map(|s| s.stated_on.as_str())
        .max()
        .unwrap_or("");
    let _ = writeln!(
        svg,
        "<text x=\"{label_w}\" y=\"12\">{}</text><text x=\"{}\" y=\"12\" text-anchor=\"end\">{}</text>",
        escape(first_date),
        label_w + plot_w,
        escape(last_date)
    );
    let mut top = 20.0;
    for lane in &lanes {
        let h = lane_height(lane);
        let mid = top + h / 2.0;
        let label: String = if lane.chars().count() > 40 {
            lane.chars().take(39).chain(['…']).collect()
        } else {
            lane.clone()
        };
        let _ = writeln!(
            svg,
            "<text x=\"0\" y=\"{ty}\"><title>{full}</title>{a}</text><line x1=\"{label_w}\" x2=\"{x2}\" y1=\"{mid}\" y2=\"{mid}\" stroke=\"#d0d7de\"/>",
            ty = mid + 4.0,
            full = escape(lane),
            a = escape(&label),
            x2 = label_w + plot_w
        );
        let mut placed: BTreeMap<i64, usize> = BTreeMap::new();
        for s in stances.iter().filter(|s| lane_of(s) == *lane) {
            let Some(day) = day_number(&s.stated_on) else {
                continue;
            };
            let n = per_day.get(&(lane.clone(), day)).copied().unwrap_or(1);
            let k = placed.entry(day).or_default();
            let y = mid + (*k as f64 - (n as f64 - 1.0) / 2.0) * dot_gap;
            *k += 1;
            let x = label_w + plot_w * (day - first) as f64 / span;
            let other = if single_actor { &s.actor } else { &s.provision };
            let _ = writeln!(
                svg,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"6\" fill=\"var(--{})\" stroke=\"#1f2328\" stroke-width=\"0.5\"><title>{}: {}</title></circle>",
                css_var(&format!("s{}", s.score.clamp(-2, 2))),
                escape(other),
                escape(&evidence(s))
            );
        }
        top += h;
    }
    svg.push_str("</svg></div>\n");
    let mut rows = ResultSet::new(&[
        "stated_on",
        "actor",
        "provision",
        "position",
        "source",
        "attribution",
        "quote",
        "evidence",
    ]);
    for s in stances {
        rows.push(vec![
            s.stated_on.clone().into(),
            s.actor.clone().into(),
            s.provision.clone().into(),
            s.position.clone().into(),
            s.source.clone().into(),
            s.attribution.clone().into(),
            s.quote.clone().into(),
            s.evidence.clone().into(),
        ]);
    }
    page(title, meta, &format!("{}{svg}{}", legend(), table(&rows)))
}

/// A day or a time (`2025-11-21`, `2025-11-21T10:00:00Z`): kept on one line.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
        && (b.len() == 10 || b[10] == b'T')
}

/// Any result as an HTML table.
fn table(rows: &ResultSet) -> String {
    let mut html = String::from("<div class=\"scroll\"><table>\n<thead><tr>");
    for c in &rows.columns {
        let _ = write!(html, "<th>{}</th>", escape(c));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in &rows.rows {
        html.push_str("<tr>");
        for v in row {
            let text = cell_text(v);
            if is_date(&text) {
                let _ = write!(html, "<td class=\"date\">{}</td>", escape(&text));
            } else {
                let _ = write!(html, "<td>{}</td>", escape(&text));
            }
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody></table></div>\n");
    html
}

/// A page holding one result table.
pub fn table_page(title: &str, meta: &str, rows: &ResultSet) -> String {
    page(title, meta, &table(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stance(actor: &str, provision: &str, score: i64, quote: Option<&str>) -> Stance {
        Stance {
            actor: actor.into(),
            provision: provision.into(),
            position: if score > 0 { "supports" } else { "rejects" }.into(),
            score,
            stated_on: "2025-11-20".into(),
            source: "bloomberg".into(),
            attribution: "direct".into(),
            quote: quote.map(str::to_string),
            cited: None,
            evidence: None,
        }
    }

    #[test]
    fn matrix_cells_are_coloured_and_escaped() {
        let columns = vec![Column {
            key: "p1".into(),
            title: "Cap <600,000>".into(),
            point: Some("3".into()),
        }];
        let cells = vec![stance(
            "zelensky",
            "p1",
            -2,
            Some("No \"deal\" & no <script>"),
        )];
        let html = matrix_page(
            "M",
            "as of now",
            &["zelensky".into(), "putin".into()],
            &columns,
            &cells,
        );
        assert!(html.contains("<td class=\"cell s-2\""));
        assert!(html.contains("Cap &lt;600,000&gt;"));
        assert!(html.contains("No &quot;deal&quot; &amp; no &lt;script&gt;"));
        assert!(!html.contains("<script"));
        assert!(
            html.contains("<td class=\"cell empty\"></td>"),
            "putin has no stance"
        );
    }

    #[test]
    fn timeline_places_dots_in_date_order() {
        let mut late = stance("trump", "p1", 2, None);
        late.stated_on = "2025-12-20".into();
        let html = timeline_page("T", "", &[stance("trump", "p1", 2, None), late]);
        // An inferred date (`~`) is a dot like any other.
        let mut inferred = stance("trump", "p1", 2, None);
        inferred.stated_on = format!("~{}", inferred.stated_on);
        let page = timeline_page("T", "", &[inferred]);
        assert_eq!(page.matches("<circle").count(), 1);
        assert_eq!(html.matches("<circle").count(), 2);
        assert!(html.contains("cx=\"130.0\"") && html.contains("cx=\"770.0\""));
    }
}
