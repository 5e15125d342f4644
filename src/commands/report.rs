//! `provtrack report NAME`: the questions analysts ask, answered by the report_* views.
//!
//! Flags become `ReportParams` (keys resolved, dates checked, `--as-of 2025-11` meaning
//! up to the end of November) and the store runs the report's view with them. The
//! matrix view gives one row per actor and provision; it is turned here into one row
//! per actor with a column per provision of the plan, so that the picture reads.

use std::collections::HashMap;

use serde_json::Value;

use super::{charts, Ctx};
use crate::cli::{MatrixArgs, PlanDiffArgs, ReportCommand, ReportFilter, ReportScope};
use crate::dates::PartialDate;
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::output::Format;
use crate::result_set::{cell_text, InferredDates, ResultSet};
use crate::store::{Db, Report, ReportParams, Resolve};

pub fn run(ctx: &mut Ctx, cmd: ReportCommand) -> Result<()> {
    let store = ctx.read()?;
    let db = store.db();
    let html = ctx.out.format() == Format::Html;
    let (report, params) = match cmd {
        ReportCommand::Matrix(args) if html && (args.inherit || args.expand_members) => {
            return Err(Error::invalid(
                "--inherit and --expand-members are not drawn in the HTML matrix; use --format table, csv or json",
            ))
        }
        ReportCommand::Matrix(args) if html => return ctx.out.page(&charts::matrix(&db, &args)?),
        ReportCommand::Matrix(args) => {
            let (matrix, provisions) = matrix(&db, &args)?;
            if ctx.out.format() == Format::Table {
                let (compact, legend) = compact_matrix(&matrix, &provisions)?;
                let note = if args.inherit || args.expand_members {
                    INHERIT_NOTE
                } else {
                    MATRIX_NOTE
                };
                return ctx.out.rows_with_legend(&compact, &legend, note);
            }
            return ctx.out.rows(&matrix);
        }
        ReportCommand::Timeline(args) => {
            let params = ReportParams {
                provision: resolve(&db, Kind::Provision, args.provision.as_deref())?,
                ..filter_params(&db, &args.filter)?
            };
            if html {
                return ctx.out.page(&charts::timeline(&db, &params)?);
            }
            ctx.out.scan_columns(&[
                "stated_on",
                "actor",
                "position",
                "provision",
                "source",
                "quote",
            ]);
            (Report::Timeline, params)
        }
        ReportCommand::Shifts(args) => {
            let since = args
                .since
                .as_deref()
                .map(|d| PartialDate::parse("since", d))
                .transpose()?;
            let params = ReportParams {
                since: since.map(|d| d.stored()),
                lineage: !args.no_lineage,
                ..filter_params(&db, &args.filter)?
            };
            (Report::Shifts, params)
        }
        ReportCommand::Conflicts(args) => {
            let params = ReportParams {
                window_days: args.window,
                ..filter_params(&db, &args.filter)?
            };
            (Report::Conflicts, params)
        }
        ReportCommand::Contested(filter) => (Report::Contested, filter_params(&db, &filter)?),
        ReportCommand::Coverage(filter) => (Report::Coverage, filter_params(&db, &filter)?),
        ReportCommand::PlanDiff(args) => return ctx.out.rows(&plan_diff(&db, &args)?),
        ReportCommand::Sources(filter) => (Report::Sources, filter_params(&db, &filter)?),
        ReportCommand::Thread(args) => {
            let as_of = args
                .as_of
                .as_deref()
                .map(|d| PartialDate::parse("as-of", d))
                .transpose()?;
            let params = ReportParams {
                provision: Some(db.resolve(Kind::Provision, &args.provision)?),
                actor: resolve(&db, Kind::Actor, args.actor.as_deref())?,
                as_of: as_of.map(|d| d.last_day()),
                group: group(&db, args.group.as_deref())?,
                ..ReportParams::default()
            };
            (Report::Thread, params)
        }
        ReportCommand::Versions(args) => {
            let params = ReportParams {
                plan: resolve(&db, Kind::Plan, args.plan.as_deref())?,
                ..ReportParams::default()
            };
            (Report::Versions, params)
        }
    };
    let for_people = ctx.for_people();
    db.report_into(
        report,
        &params,
        &mut InferredDates::new(&mut ctx.out, for_people),
    )
}

/// What the letters of the matrix's terminal table mean.
const MATRIX_NOTE: &str = "P proposes, S supports, C conditional, U undecided, N neutral, \
O opposes, R rejects, blank: no stance. Dates and full words: --format csv, json or html.";

/// The note of `--inherit`: what a lower-case letter means.
const INHERIT_NOTE: &str = "P proposes, S supports, C conditional, U undecided, N neutral, \
O opposes, R rejects, blank: no stance; lower case: inherited from the provision it continues \
(--inherit) or from a joint statement (--expand-members). Dates, full words and where from: \
--format csv or json.";

/// The matrix as a person reads it at 80 columns: one letter per cell under the
/// provision's number, and a legend of the numbers.
fn compact_matrix(matrix: &ResultSet, provisions: &ResultSet) -> Result<(ResultSet, ResultSet)> {
    let mut columns = vec!["actor".to_string()];
    columns.extend((1..matrix.columns.len()).map(|n| n.to_string()));
    let rows = matrix
        .rows
        .iter()
        .map(|row| {
            let mut out = vec![row[0].clone()];
            out.extend(row[1..].iter().map(|cell| match cell {
                Value::String(s) if s.contains(INHERITED) || s.contains(VIA_STATEMENT) => {
                    Value::String(position_letter(s).to_lowercase())
                }
                Value::String(s) => Value::String(position_letter(s).to_string()),
                _ => Value::Null,
            }));
            out
        })
        .collect();
    let (key, title) = (column(provisions, "key")?, column(provisions, "title")?);
    let mut legend = ResultSet::new(&["#", "provision", "title"]);
    for (n, row) in provisions.rows.iter().enumerate() {
        legend.push(vec![
            Value::from(n as i64 + 1),
            row[key].clone(),
            row[title].clone(),
        ]);
    }
    Ok((ResultSet { columns, rows }, legend))
}

/// The letter of a matrix cell such as `supports (2025-11-20)`.
fn position_letter(cell: &str) -> &'static str {
    match cell.split(' ').next().unwrap_or_default() {
        "proposes" => "P",
        "supports" => "S",
        "conditional" => "C",
        "undecided" => "U",
        "neutral" => "N",
        "opposes" => "O",
        "rejects" => "R",
        _ => "?",
    }
}

/// The parameters of `--plan` and the scope flags.
fn filter_params(db: &Db, filter: &ReportFilter) -> Result<ReportParams> {
    Ok(ReportParams {
        plan: resolve(db, Kind::Plan, filter.plan.as_deref())?,
        ..scope_params(db, &filter.scope)?
    })
}

/// The parameters of `--as-of`, `--category` and `--actor`.
pub(super) fn scope_params(db: &Db, scope: &ReportScope) -> Result<ReportParams> {
    let as_of = scope
        .as_of
        .as_deref()
        .map(|d| PartialDate::parse("as-of", d))
        .transpose()?;
    let category = scope.category.map(|c| c.as_str().to_string());
    let kind = scope.kind.map(|k| k.as_str().to_string());
    Ok(ReportParams {
        as_of: as_of.map(|d| d.last_day()),
        actor: resolve(db, Kind::Actor, scope.actor.as_deref())?,
        category,
        kind,
        group: group(db, scope.group.as_deref())?,
        ..ReportParams::default()
    })
}

/// `--group TAG`: a tag some actor has.
fn group(db: &Db, tag: Option<&str>) -> Result<Option<String>> {
    let Some(tag) = tag else { return Ok(None) };
    let tag = crate::check::check_tag(tag)?;
    if !db.tag_exists(&tag)? {
        return Err(Error::NotFound(format!(
            "no actor has tag '{tag}' (tag one with `provtrack actor tag add ACTOR {tag}`)"
        )));
    }
    Ok(Some(tag))
}

pub(super) fn resolve(db: &Db, kind: Kind, key: Option<&str>) -> Result<Option<i64>> {
    key.map(|k| db.resolve(kind, k)).transpose()
}

/// The matrix column of stances on the plan as a whole.
pub(super) const WHOLE_PLAN: &str = "whole plan";

/// The matrix: one row per actor, in the view's order, and one column for the plan as
/// a whole then one per provision of the plan (by point), each cell the actor's
/// current position and its date (`~` before an inferred date).
fn matrix(db: &Db, args: &MatrixArgs) -> Result<(ResultSet, ResultSet)> {
    let params = ReportParams {
        plan: Some(db.resolve(Kind::Plan, &args.plan)?),
        ..scope_params(db, &args.scope)?
    };
    let cells = db.report(Report::Matrix, &params)?;
    let mut provisions = ResultSet::default();
    db.list_provisions(params.plan, params.category.as_deref(), &mut provisions)?;
    let key = column(&provisions, "key")?;
    if params.category.is_none() {
        // The plan as a whole, as the first column.
        // (No key in the legend: its key column holds keys only.)
        let mut whole = vec![Value::Null; provisions.columns.len()];
        whole[column(&provisions, "title")?] = Value::String("the plan as a whole".into());
        provisions.rows.insert(0, whole);
    }
    let keys: Vec<String> = provisions
        .rows
        .iter()
        .map(|r| match &r[key] {
            Value::Null => WHOLE_PLAN.to_string(),
            k => cell_text(k),
        })
        .collect();
    let mut matrix = pivot(&cells, &keys)?;
    if args.inherit {
        let plan = params.plan.unwrap_or_default();
        inherit(&mut matrix, &db.inherited_stances(plan, &params)?, &keys)?;
    }
    if args.expand_members {
        expand_members(&mut matrix, &db.all_members()?);
    }
    Ok((matrix, provisions))
}

/// What marks a cell a member has from a joint statement it signed:
/// `supports (2025-11-22) via g20-statement`.
const VIA_STATEMENT: &str = " via ";

/// Copies each joint statement's cells onto its members' rows where they have no stance
/// of their own (marked with the statement); a member with no row gets one, after the
/// others.
fn expand_members(matrix: &mut ResultSet, members: &[(String, String)]) {
    let width = matrix.columns.len();
    let mut row_of: HashMap<String, usize> = matrix
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (cell_text(&r[0]), i))
        .collect();
    let mut added: Vec<Vec<Value>> = Vec::new();
    for (statement, member) in members {
        let Some(&from) = row_of.get(statement) else {
            continue;
        };
        let cells: Vec<Value> = if from < matrix.rows.len() {
            matrix.rows[from].clone()
        } else {
            added[from - matrix.rows.len()].clone()
        };
        let at = match row_of.get(member) {
            Some(&i) => i,
            None => {
                let mut empty = vec![Value::Null; width];
                empty[0] = Value::String(member.clone());
                added.push(empty);
                let i = matrix.rows.len() + added.len() - 1;
                row_of.insert(member.clone(), i);
                i
            }
        };
        let row = if at < matrix.rows.len() {
            &mut matrix.rows[at]
        } else {
            &mut added[at - matrix.rows.len()]
        };
        for (c, cell) in cells.iter().enumerate().skip(1) {
            if let (true, Value::String(text)) = (row[c].is_null(), cell) {
                if !text.contains(VIA_STATEMENT) {
                    row[c] = Value::String(format!("{text}{VIA_STATEMENT}{statement}"));
                }
            }
        }
    }
    added.sort_by_key(|r| cell_text(&r[0]));
    matrix.rows.extend(added);
}

/// What marks an inherited cell: `supports (2025-11-21) ← 28pt-cap`.
const INHERITED: &str = " ← ";

/// Fills the empty cells of `matrix` from the stances on earlier versions (nearest
/// first, as `inherited` is ordered), marked with the provision they come from; an
/// actor with stances only on earlier versions gets a row, after the others.
fn inherit(matrix: &mut ResultSet, inherited: &ResultSet, provisions: &[String]) -> Result<()> {
    let col = |name| column(inherited, name);
    let (provision, actor, position, stated, inferred, from) = (
        col("provision")?,
        col("actor")?,
        col("position")?,
        col("stated")?,
        col("stated_inferred")?,
        col("inherited_from")?,
    );
    let column_of: HashMap<&str, usize> = provisions
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i + 1))
        .collect();
    let mut row_of: HashMap<String, usize> = matrix
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (cell_text(&r[0]), i))
        .collect();
    let mut added: Vec<Vec<Value>> = Vec::new();
    let width = provisions.len() + 1;
    for r in &inherited.rows {
        let Some(&c) = column_of.get(cell_text(&r[provision]).as_str()) else {
            continue;
        };
        let name = cell_text(&r[actor]);
        let row = match row_of.get(&name) {
            Some(&i) if i < matrix.rows.len() => &mut matrix.rows[i],
            Some(&i) => &mut added[i - matrix.rows.len()],
            None => {
                let mut empty = vec![Value::Null; width];
                empty[0] = Value::String(name.clone());
                added.push(empty);
                row_of.insert(name, matrix.rows.len() + added.len() - 1);
                added.last_mut().expect("just pushed")
            }
        };
        if row[c].is_null() {
            let mark = if r[inferred].as_i64() == Some(1) {
                "~"
            } else {
                ""
            };
            row[c] = Value::String(format!(
                "{} ({mark}{}){INHERITED}{}",
                cell_text(&r[position]),
                cell_text(&r[stated]),
                cell_text(&r[from])
            ));
        }
    }
    added.sort_by_key(|r| cell_text(&r[0]));
    matrix.rows.extend(added);
    Ok(())
}

/// Turns (actor, provision, position, stated_on) rows into one row per actor.
fn pivot(cells: &ResultSet, provisions: &[String]) -> Result<ResultSet> {
    let col = |name| column(cells, name);
    let (actor, provision, position, stated_on) = (
        col("actor")?,
        col("provision")?,
        col("position")?,
        col("stated_on")?,
    );
    let mut columns = vec!["actor".to_string()];
    columns.extend(provisions.iter().cloned());
    let mut matrix = ResultSet {
        columns,
        rows: Vec::new(),
    };
    // Thousands of actors and dozens of provisions: find rows and columns by key.
    let column_of: HashMap<&str, usize> = provisions
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let mut row_of: HashMap<String, usize> = HashMap::new();
    let inferred = cells.columns.iter().position(|c| c == "stated_inferred");
    for row in &cells.rows {
        let name = &row[actor];
        let at = *row_of.entry(cell_text(name)).or_insert_with(|| {
            let mut empty = vec![Value::Null; provisions.len() + 1];
            empty[0] = name.clone();
            matrix.rows.push(empty);
            matrix.rows.len() - 1
        });
        let key = match &row[provision] {
            Value::Null => WHOLE_PLAN.to_string(),
            other => cell_text(other),
        };
        let mark = match inferred.map(|i| &row[i]) {
            Some(Value::Bool(true)) => "~",
            Some(Value::Number(n)) if n.as_i64() == Some(1) => "~",
            _ => "",
        };
        if let Some(&i) = column_of.get(key.as_str()) {
            matrix.rows[at][i + 1] = Value::String(format!(
                "{} ({mark}{})",
                cell_text(&row[position]),
                cell_text(&row[stated_on])
            ));
        }
    }
    Ok(matrix)
}

/// Provision by provision, what plan B did with plan A.
fn plan_diff(db: &Db, args: &PlanDiffArgs) -> Result<ResultSet> {
    let a = db.resolve(Kind::Plan, &args.a)?;
    let b = db.resolve(Kind::Plan, &args.b)?;
    if a == b {
        return Err(Error::invalid(format!(
            "plan-diff compares two different plans; both are '{}'",
            args.a
        )));
    }
    let params = ReportParams {
        plan_pair: Some((a, b)),
        ..ReportParams::default()
    };
    db.report(Report::PlanDiff, &params)
}

/// The index of a column the code relies on.
pub(super) fn column(rows: &ResultSet, name: &str) -> Result<usize> {
    rows.columns.iter().position(|c| c == name).ok_or_else(|| {
        Error::Unexpected(format!(
            "the report has no column '{name}'; is the database altered?"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pivot_puts_each_actor_on_one_row_in_order() {
        let mut cells = ResultSet::new(&["plan", "actor", "provision", "position", "stated_on"]);
        for (actor, provision, position) in [
            ("us", "p2", "proposes"),
            ("us", "p1", "supports"),
            ("ukraine", "p2", "rejects"),
        ] {
            cells.push(vec![
                "x".into(),
                actor.into(),
                provision.into(),
                position.into(),
                "2025-11".into(),
            ]);
        }
        let keys = ["p1", "p2", "p3"].map(String::from);
        let matrix = pivot(&cells, &keys).unwrap();
        assert_eq!(matrix.columns, ["actor", "p1", "p2", "p3"]);
        assert_eq!(
            matrix.rows,
            vec![
                vec![
                    "us".into(),
                    "supports (2025-11)".into(),
                    "proposes (2025-11)".into(),
                    Value::Null
                ],
                vec![
                    "ukraine".into(),
                    Value::Null,
                    "rejects (2025-11)".into(),
                    Value::Null
                ],
            ]
        );
    }
}
