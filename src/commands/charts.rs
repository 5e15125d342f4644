//! `report matrix|timeline --format html`: the report's rows gathered into the data
//! of an HTML page (see `crate::html`): the matrix's current stances with their quote
//! and attribution (from the view `current_stances`, with the same flags), and the
//! timeline's stances with their position scores.

use std::collections::{HashMap, HashSet};

use super::report::{column, scope_params};
use crate::cli::MatrixArgs;
use crate::error::Result;
use crate::html::{self, Cited, Column, Stance};
use crate::model::Kind;
use crate::result_set::{cell_text, ResultSet};
use crate::store::{Db, Report, ReportParams, Resolve};

pub fn matrix(db: &Db, args: &MatrixArgs) -> Result<String> {
    let plan = db.resolve(Kind::Plan, &args.plan)?;
    let params = ReportParams {
        plan: Some(plan),
        ..scope_params(db, &args.scope)?
    };
    let cells = db.report(Report::Matrix, &params)?;
    let mut provisions = ResultSet::default();
    db.list_provisions(Some(plan), params.category.as_deref(), &mut provisions)?;
    // A matrix cell is a current stance: found by actor and provision (thousands of
    // actors at most: look-ups, not searches).
    let mut evidence: HashMap<(String, String), Stance> = current(&db.current_stances(&params)?)?
        .into_iter()
        .map(|s| ((s.actor.clone(), s.provision.clone()), s))
        .collect();
    let (actor, provision) = (column(&cells, "actor")?, column(&cells, "provision")?);
    let mut actors: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut current = Vec::new();
    for row in &cells.rows {
        let [a, p] = [actor, provision].map(|i| cell_text(&row[i]));
        if seen.insert(a.clone()) {
            actors.push(a.clone());
        }
        if let Some(stance) = evidence.remove(&(a, p)) {
            current.push(stance);
        }
    }
    let (key, title, point) = (
        column(&provisions, "key")?,
        column(&provisions, "title")?,
        column(&provisions, "point")?,
    );
    let mut columns: Vec<Column> = Vec::new();
    if params.category.is_none() {
        // Stances on the plan as a whole: the provision is empty.
        columns.push(Column {
            key: String::new(),
            title: "the plan as a whole".into(),
            point: None,
        });
    }
    columns.extend(provisions.rows.iter().map(|r| Column {
        key: cell_text(&r[key]),
        title: cell_text(&r[title]),
        point: match &r[point] {
            serde_json::Value::Null => None,
            v => Some(cell_text(v)),
        },
    }));
    let plan_row = db.show(Kind::Plan, plan)?;
    let plan_title = plan_row.rows[0][column(&plan_row, "title")?].clone();
    let heading = format!("{} — stance matrix", cell_text(&plan_title));
    cite(db, &mut current)?;
    Ok(html::matrix_page(
        &heading,
        &meta(&params),
        &actors,
        &columns,
        &current,
    ))
}

pub fn timeline(db: &Db, params: &ReportParams) -> Result<String> {
    let rows = db.report(Report::Timeline, params)?;
    let mut stances = stances(&rows, &db.position_scores()?)?;
    cite(db, &mut stances)?;
    Ok(html::timeline_page(
        &timeline_heading(db, params)?,
        &meta(params),
        &stances,
    ))
}

/// "Volodymyr Zelensky (zelensky): stances over time on US 28-point plan".
fn timeline_heading(db: &Db, params: &ReportParams) -> Result<String> {
    let field = |kind: Kind, id: i64, name: &str| -> Result<String> {
        let row = db.show(kind, id)?;
        Ok(row
            .rows
            .first()
            .map(|r| cell_text(&r[column(&row, name).unwrap_or(0)]))
            .unwrap_or_default())
    };
    let mut heading = match params.actor {
        Some(id) => format!(
            "{} ({}): stances over time",
            field(Kind::Actor, id, "name")?,
            field(Kind::Actor, id, "key")?
        ),
        None => "Stances over time".to_string(),
    };
    if let Some(id) = params.provision {
        heading.push_str(&format!(" on {}", field(Kind::Provision, id, "title")?));
    } else if let Some(id) = params.plan {
        heading.push_str(&format!(" on {}", field(Kind::Plan, id, "title")?));
    }
    if let Some(category) = &params.category {
        heading.push_str(&format!(" ({category})"));
    }
    Ok(heading)
}

/// Fills in each stance's source as a reader knows it: outlet, title and link.
fn cite(db: &Db, stances: &mut [Stance]) -> Result<()> {
    let mut cited: HashMap<String, Option<Cited>> = HashMap::new();
    for s in stances.iter_mut() {
        if !cited.contains_key(&s.source) {
            let found = match db.find(Kind::Source, &s.source)? {
                Some(id) => {
                    let row = db.show(Kind::Source, id)?;
                    let get = |name: &str| {
                        column(&row, name)
                            .ok()
                            .and_then(|i| row.rows.first().map(|r| r[i].clone()))
                    };
                    Some(Cited {
                        outlet: get("outlet").map(|v| cell_text(&v)).unwrap_or_default(),
                        title: get("title").map(|v| cell_text(&v)).unwrap_or_default(),
                        url: get("url").and_then(|v| v.as_str().map(str::to_string)),
                    })
                }
                None => None,
            };
            cited.insert(s.source.clone(), found);
        }
        s.cited = cited.get(&s.source).cloned().flatten();
    }
    Ok(())
}

/// Current stances (`Db::current_stances`) as page stances.
fn current(rows: &ResultSet) -> Result<Vec<Stance>> {
    let col = |name| column(rows, name);
    let (actor, provision, position, score, stated, source, attribution, quote) = (
        col("actor")?,
        col("provision")?,
        col("position")?,
        col("score")?,
        col("stated")?,
        col("source")?,
        col("attribution")?,
        col("quote")?,
    );
    let (evidence, inferred) = (col("evidence")?, col("stated_inferred")?);
    Ok(rows
        .rows
        .iter()
        .map(|r| Stance {
            actor: cell_text(&r[actor]),
            provision: cell_text(&r[provision]),
            position: cell_text(&r[position]),
            score: r[score].as_i64().unwrap_or(0),
            stated_on: inferred_date(&r[stated], &r[inferred]),
            source: cell_text(&r[source]),
            attribution: cell_text(&r[attribution]),
            quote: r[quote].as_str().map(str::to_string),
            cited: None,
            evidence: r[evidence].as_str().map(str::to_string),
        })
        .collect())
}

/// The timeline report's rows as page stances.
fn stances(rows: &ResultSet, scores: &HashMap<String, i64>) -> Result<Vec<Stance>> {
    let col = |name| column(rows, name);
    let (actor, provision, position, stated_on, source, attribution, quote) = (
        col("actor")?,
        col("provision")?,
        col("position")?,
        col("stated_on")?,
        col("source")?,
        col("attribution")?,
        col("quote")?,
    );
    let (evidence, inferred) = (col("evidence")?, col("stated_inferred")?);
    Ok(rows
        .rows
        .iter()
        .map(|r| {
            let position = cell_text(&r[position]);
            Stance {
                actor: cell_text(&r[actor]),
                provision: cell_text(&r[provision]),
                score: scores.get(&position).copied().unwrap_or(0),
                position,
                stated_on: inferred_date(&r[stated_on], &r[inferred]),
                source: cell_text(&r[source]),
                attribution: cell_text(&r[attribution]),
                quote: r[quote].as_str().map(str::to_string),
                cited: None,
                evidence: r[evidence].as_str().map(str::to_string),
            }
        })
        .collect())
}

/// A date, with `~` before it when it is inferred.
fn inferred_date(date: &serde_json::Value, inferred: &serde_json::Value) -> String {
    let mark = if crate::result_set::truthy(inferred) {
        "~"
    } else {
        ""
    };
    format!("{mark}{}", cell_text(date))
}

fn meta(params: &ReportParams) -> String {
    let known = match params.as_of.as_deref() {
        Some(day) => format!("As known on {day}."),
        None => "As known today.".to_string(),
    };
    format!("{known} Generated by provtrack; click or hover a cell for its source and quote.")
}
