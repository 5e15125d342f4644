//! A draft as a claims file: TOML with a comment on every candidate (the sentence and
//! why each field was chosen), or JSON (the same records, the reasons in `notes`).

use std::fmt::Write;

use super::{Candidate, Draft};
use crate::claims::ClaimsFile;
use crate::input::SourceFields;
use crate::input::StanceRecord;
use crate::model::{GivenPosition, StanceKind};

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for a comment: one line, no control characters.
fn c(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn source_fields(d: &Draft, title: &str) -> Option<SourceFields> {
    let s = d.source.as_ref()?;
    Some(SourceFields {
        key: Some(s.key.clone()),
        outlet: Some(s.outlet.clone()),
        title: Some(s.title.clone().unwrap_or_else(|| title.to_string())),
        published_on: Some(s.published_on.clone()),
        kind: s.kind.parse().ok(),
        ..Default::default()
    })
}

/// Why each field of a candidate was chosen, one line each.
pub fn reasons(k: &Candidate) -> Vec<String> {
    let mut lines = vec![
        format!("actor: {}", k.actor_why),
        format!("target: {}", k.target_why),
        format!("date: {}", k.date_why),
        format!(
            "position: {} — a suggestion: confirm it (remove the \"?\") or change it",
            k.position_why
        ),
    ];
    if k.kind != StanceKind::Position {
        lines.push(format!("kind: {}", k.kind_why));
    }
    lines.push(format!("attribution: {}", k.attribution_why));
    lines
}

/// The draft as a commented TOML claims file. `title` is used when none was given.
pub fn to_toml(d: &Draft, article: &str, title: &str) -> String {
    let mut out = String::new();
    let n = d.candidates.len();
    let _ = writeln!(
        out,
        "# Drafted by `provtrack draft` from {}: {n} candidate statement(s), in article order.",
        c(article)
    );
    out.push_str(
        "# Nothing here is decided. For each candidate check the actor, the target, the date\n\
         # and the words; confirm its position by removing the \"?\" (or change it); delete\n\
         # the candidates that are not statements. `provtrack import` refuses this file\n\
         # while a position still starts with \"?\".\n",
    );
    if let Some(s) = source_fields(d, title) {
        out.push_str("\n[source]\n");
        let _ = writeln!(out, "key = {}", q(s.key.as_deref().unwrap_or("")));
        let _ = writeln!(out, "outlet = {}", q(s.outlet.as_deref().unwrap_or("")));
        let _ = write!(out, "title = {}", q(s.title.as_deref().unwrap_or("")));
        match &d.title_why {
            Some(why) => {
                let _ = writeln!(out, "  # {}: check it", c(why));
            }
            None => out.push('\n'),
        }
        let _ = writeln!(
            out,
            "published_on = {}",
            q(s.published_on.as_deref().unwrap_or(""))
        );
        let _ = writeln!(out, "kind = {}", q(s.kind.map_or("", |k| k.as_str())));
    }
    for (a, why) in &d.new_actors {
        let _ = writeln!(out, "\n# Proposed new actor — {}", c(why));
        out.push_str("[[actors]]\n");
        let _ = writeln!(out, "key = {}", q(a.key.as_deref().unwrap_or("")));
        let _ = writeln!(out, "name = {}", q(a.name.as_deref().unwrap_or("")));
        let _ = writeln!(out, "kind = {}", q(a.kind.map_or("", |k| k.as_str())));
        if let Some(p) = &a.parent {
            let _ = writeln!(out, "parent = {}", q(p));
        }
        if let Some(n) = &a.notes {
            let _ = writeln!(out, "notes = {}", q(n));
        }
    }
    for (i, k) in d.candidates.iter().enumerate() {
        let _ = writeln!(
            out,
            "\n# ---- candidate {} of {n}: paragraph {}, sentence {}",
            i + 1,
            k.paragraph,
            k.sentence_no
        );
        let _ = writeln!(out, "# {}", c(&k.sentence));
        for line in reasons(k) {
            let _ = writeln!(out, "# {}", c(&line));
        }
        out.push_str("[[stances]]\n");
        let _ = writeln!(out, "actor = {}", q(&k.actor));
        if let Some(p) = &k.provision {
            let _ = writeln!(out, "provision = {}", q(p));
        } else if let Some(p) = &k.plan {
            let _ = writeln!(out, "plan = {}", q(p));
        }
        if k.kind != StanceKind::Position {
            let _ = writeln!(out, "kind = {}", q(k.kind.as_str()));
        }
        let _ = writeln!(out, "position = {}", q(&format!("?{}", k.position)));
        let _ = writeln!(out, "stated_on = {}", q(&k.stated_on));
        if k.inferred {
            out.push_str("stated_inferred = true\n");
        }
        let _ = writeln!(out, "attribution = {}", q(k.attribution.as_str()));
        if !k.via.is_empty() {
            let list: Vec<String> = k.via.iter().map(|v| q(v)).collect();
            let _ = writeln!(out, "via = [{}]", list.join(", "));
        }
        if let Some(quote) = &k.quote {
            let _ = writeln!(out, "quote = {}", q(quote));
        }
        if let Some(e) = &k.evidence {
            let _ = writeln!(out, "evidence = {}", q(e));
        }
    }
    out
}

/// The draft as a claims file (for `--format json`): the reasons go in each stance's
/// `notes`, and positions keep their "?".
pub fn to_claims(d: &Draft, title: &str) -> ClaimsFile {
    ClaimsFile {
        source: source_fields(d, title),
        actors: d.new_actors.iter().map(|(a, _)| a.clone()).collect(),
        stances: d
            .candidates
            .iter()
            .map(|k| StanceRecord {
                actor: Some(k.actor.clone()),
                plan: if k.provision.is_some() {
                    None
                } else {
                    k.plan.clone()
                },
                provision: k.provision.clone(),
                kind: (k.kind != StanceKind::Position).then_some(k.kind),
                position: Some(GivenPosition::Suggested(k.position)),
                via: k.via.clone(),
                stated_on: Some(k.stated_on.clone()),
                stated_inferred: k.inferred.then_some(true),
                quote: k.quote.clone(),
                evidence: k.evidence.clone(),
                attribution: Some(k.attribution),
                notes: Some(format!(
                    "draft: paragraph {}, sentence {}. {}",
                    k.paragraph,
                    k.sentence_no,
                    reasons(k).join(". ")
                )),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}
