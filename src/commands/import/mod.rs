//! `provtrack import FILE...` and `provtrack seed`: claims files and tables into the
//! database. This module holds the write order (kind by kind, each record merged by
//! key); `inputs` reads the files, `stances` checks and writes the stances.
//!
//! Inputs are claims files (`.toml`, `.json`: a source and the records it mentions) and
//! tables (`.csv`, `.jsonl`: one record kind per file, the kind taken from the file name
//! or `--kind`); a folder stands for every such file under it. Claims files and the
//! tables of the small kinds are parsed first; then everything is written in one
//! transaction, kind by kind (sources, actors, plans, provisions, stances), so a record
//! may refer to one defined in any input, in any order. Stance tables are streamed row by
//! row, checked with keys resolved in memory, and staged for one insert at the end (see
//! `store::bulk`). Any error rolls everything back and names the file, line (or record)
//! and field.
//!
//! Records are merged by key (stances by actor, provision, source and date): a record
//! that is already stored gets only the fields the input sets, so importing twice
//! changes nothing.

mod inputs;
mod stances;

use std::collections::HashMap;

use inputs::{read_dir, Inputs};

use super::editable::{Changed, Editable};
use super::{actor, plan, provision, Ctx};
use crate::check::Naming;
use crate::claims::{self, Parsed};
use crate::cli::{ImportArgs, SeedArgs};
use crate::error::{Error, Result};
use crate::input::{ActorFields, PlanFields, ProvisionFields, ProvisionReportRecord, SourceFields};
use crate::model::Kind;
use crate::names::fold;
use crate::result_set::ResultSet;
use crate::store::{Db, LineageLink, ReportWritten, Resolve, Store};
use crate::tabular::{TableKind, TableRecord};

/// What an import did (or would do) per record kind.
#[derive(Debug, Default)]
pub(super) struct Tally {
    /// Per table, in `TableKind::ALL` order: added, updated, unchanged.
    counts: [[u64; 3]; 6],
    /// With --dry-run: one line per record that would be added or updated.
    listing: Option<Vec<String>>,
}

#[derive(Clone, Copy)]
pub(super) enum Change {
    Added = 0,
    Updated = 1,
    Unchanged = 2,
}

impl Tally {
    fn slot(kind: impl Into<TableKind>) -> usize {
        let kind = kind.into();
        TableKind::ALL
            .iter()
            .position(|x| *x == kind)
            .expect("every table is in ALL")
    }

    fn add(&mut self, kind: impl Into<TableKind>, change: Change, n: u64) {
        self.counts[Self::slot(kind)][change as usize] += n;
    }

    fn count(&mut self, kind: impl Into<TableKind>, change: Change) {
        self.add(kind, change, 1);
    }

    fn unchanged(&self, kind: Kind) -> u64 {
        self.counts[Self::slot(kind)][Change::Unchanged as usize]
    }

    /// A record's relations or lineage changed after the record itself was written:
    /// one counted unchanged then is updated after all.
    fn relinked(&mut self, kind: Kind, key: Option<&str>, was_unchanged: bool) {
        if was_unchanged {
            let k = Self::slot(kind);
            self.counts[k][Change::Unchanged as usize] -= 1;
            self.counts[k][Change::Updated as usize] += 1;
        }
        if let Some(list) = self.listing.as_mut().filter(|_| was_unchanged) {
            let noun = kind.noun();
            let what = if kind == Kind::Plan {
                "relations"
            } else {
                "lineage"
            };
            list.push(format!(
                "update {noun} '{}': {what} changed",
                key.unwrap_or_default()
            ));
        }
    }

    fn rows(&self) -> ResultSet {
        let mut rows = ResultSet::new(&["kind", "added", "updated", "unchanged"]);
        for (kind, [added, updated, unchanged]) in TableKind::ALL.iter().zip(self.counts) {
            rows.push(vec![
                kind.noun().into(),
                added.into(),
                updated.into(),
                unchanged.into(),
            ]);
        }
        rows
    }

    fn total_changes(&self) -> u64 {
        self.counts.iter().map(|[a, u, _]| a + u).sum()
    }
}

pub fn import(ctx: &mut Ctx, args: &ImportArgs) -> Result<()> {
    let mut stdin = None;
    let result = inputs::read(ctx.out.format(), args, &mut stdin)
        .and_then(|inputs| load(ctx, &inputs, args.dry_run, "import"));
    match stdin {
        // Messages name stdin, not the copy of it.
        Some(spool) => result.map_err(|e| spool.rename_in(e)),
        None => result,
    }
}

pub fn seed(ctx: &mut Ctx, args: &SeedArgs) -> Result<()> {
    let claims = match &args.dir {
        Some(dir) => read_dir(dir)?,
        None => crate::seeds::SEEDS
            .iter()
            .map(|(name, text)| claims::parse(&format!("seeds/{name}"), text.to_string()))
            .collect::<Result<Vec<_>>>()?,
    };
    let inputs = Inputs {
        files: claims.len(),
        claims,
        ..Default::default()
    };
    load(ctx, &inputs, args.dry_run, "seed")?;
    if !args.dry_run {
        let store = ctx.read()?;
        let counts = store.db().counts()?;
        ctx.out.status(&format!(
            "the database now holds {}\ntry next:\n  provtrack plan list\n  provtrack provision list --plan us-28-point-plan\n  provtrack stance list --actor zelensky\n  provtrack actor show zelenskiy",
            counts
                .iter()
                .map(|(kind, n)| format!("{n} {kind}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
    }
    Ok(())
}

fn load(ctx: &mut Ctx, inputs: &Inputs, dry_run: bool, command: &str) -> Result<()> {
    let mut store: Store = if dry_run && !ctx.db_path.exists() {
        Store::open_scratch(&ctx.db_path)?
    } else {
        ctx.write()?
    };
    if !inputs.stance_files.is_empty() {
        store.prepare_for_bulk()?;
    }
    let apply = |db: &Db| {
        let mut tally = Tally {
            listing: dry_run.then(Vec::new),
            ..Tally::default()
        };
        apply_all(db, inputs, &mut tally)?;
        Ok(tally)
    };
    let tally = if dry_run {
        store.dry_run(command, apply)?
    } else {
        store.write(command, apply)?
    };
    for line in tally.listing.iter().flatten() {
        ctx.out.status(&format!("would {line}"))?;
    }
    let verb = if dry_run { "would change" } else { "changed" };
    ctx.out.status(&format!(
        "{} file(s) checked; {verb} {} record(s){}",
        inputs.files,
        tally.total_changes(),
        if dry_run {
            "; nothing was written (--dry-run)"
        } else {
            ""
        }
    ))?;
    ctx.out.rows(&tally.rows())
}

/// Where a record came from, turned into `file:line: table[i]` only for an error
/// message (finding a TOML record's line means scanning its file).
enum Origin<'a> {
    Claims(&'a Parsed, &'static str, usize),
    Table(&'a str),
}

impl Origin<'_> {
    fn place(&self) -> String {
        match self {
            Origin::Claims(file, table, i) => file.place(table, *i),
            Origin::Table(place) => place.to_string(),
        }
    }
}

/// Writes every input, kind by kind, so that references resolve whatever the order of
/// the inputs.
fn apply_all(db: &Db, inputs: &Inputs, tally: &mut Tally) -> Result<()> {
    // Sources, and each claims file's own source: the default of its stances.
    let mut default_sources: Vec<Option<i64>> = vec![None; inputs.claims.len()];
    for (i, file) in inputs.claims.iter().enumerate() {
        if let Some(fields) = &file.claims.source {
            let id = apply_source(db, fields, tally)
                .map_err(|e| e.context(format!("{}: source", file.name)))?;
            default_sources[i] = Some(id);
        }
    }
    for (place, record) in &inputs.records {
        if let TableRecord::Source(fields) = record {
            apply_source(db, fields, tally).map_err(|e| e.context(place))?;
        }
    }

    // Actors, parents first.
    let mut actors: Vec<(Origin, &ActorFields)> = Vec::new();
    for file in &inputs.claims {
        for (i, a) in file.claims.actors.iter().enumerate() {
            actors.push((Origin::Claims(file, "actors", i), a));
        }
    }
    for (place, record) in &inputs.records {
        if let TableRecord::Actor(a) = record {
            actors.push((Origin::Table(place), a));
        }
    }
    let order = dependency_order(
        &actors,
        |a| {
            let mut names: Vec<String> = a.key.iter().cloned().collect();
            names.extend(a.aliases.iter().cloned());
            names
        },
        |a| a.parent.as_deref(),
    );
    let mut stored: Vec<(usize, i64, bool)> = Vec::with_capacity(actors.len());
    for i in order {
        let (origin, fields) = &actors[i];
        let bare = ActorFields {
            members: Vec::new(),
            tags: Vec::new(),
            ..(*fields).clone()
        };
        let before = tally.unchanged(Kind::Actor);
        let id = apply_actor(db, &bare, tally).map_err(|e| e.context(origin.place()))?;
        stored.push((i, id, tally.unchanged(Kind::Actor) > before));
    }
    // Then members and tags (a member may come later): a file adds them, it never
    // removes those recorded elsewhere.
    for (i, id, unchanged) in stored {
        let (origin, fields) = &actors[i];
        let mut changed = false;
        if !fields.members.is_empty() {
            let mut all = db.members_of(id)?;
            all.extend(
                fields
                    .member_ids(db)
                    .map_err(|e| e.context(origin.place()))?,
            );
            changed |= db
                .set_members(id, &all)
                .map_err(|e| e.context(origin.place()))?;
        }
        for tag in fields.check_tags().map_err(|e| e.context(origin.place()))? {
            changed |= db.add_tag(id, &tag)?;
        }
        if changed {
            tally.relinked(Kind::Actor, fields.key.as_deref(), unchanged);
        }
    }

    // Plans, then their relations to each other (a plan may answer one given later).
    let mut plans: Vec<(Origin, &PlanFields)> = Vec::new();
    for file in &inputs.claims {
        for (j, p) in file.claims.plans.iter().enumerate() {
            plans.push((Origin::Claims(file, "plans", j), p));
        }
    }
    for (place, record) in &inputs.records {
        if let TableRecord::Plan(p) = record {
            plans.push((Origin::Table(place), p));
        }
    }
    let mut stored = Vec::with_capacity(plans.len());
    for (origin, fields) in &plans {
        let bare = PlanFields {
            responds_to: Vec::new(),
            supersedes: Vec::new(),
            ..(*fields).clone()
        };
        let before = tally.unchanged(Kind::Plan);
        let id = apply_plan(db, &bare, tally).map_err(|e| e.context(origin.place()))?;
        stored.push((id, tally.unchanged(Kind::Plan) > before));
    }
    for ((origin, fields), (id, unchanged)) in plans.iter().zip(stored) {
        let mut changed = false;
        for (relation, others) in fields
            .relation_ids(db)
            .map_err(|e| e.context(origin.place()))?
        {
            // A file adds relations; it never removes those recorded elsewhere.
            let mut all: Vec<i64> = db
                .plan_relations_of(id)?
                .into_iter()
                .filter(|(r, _)| *r == relation)
                .map(|(_, other)| other)
                .collect();
            all.extend(others);
            changed |= db
                .set_plan_relations(id, relation, &all)
                .map_err(|e| e.context(origin.place()))?;
        }
        if changed {
            tally.relinked(Kind::Plan, fields.key.as_deref(), unchanged);
        }
    }

    // Provisions, then their lineage (a provision may continue one given later).
    let mut provisions: Vec<(Origin, &ProvisionFields)> = Vec::new();
    for file in &inputs.claims {
        for (i, p) in file.claims.provisions.iter().enumerate() {
            provisions.push((Origin::Claims(file, "provisions", i), p));
        }
    }
    for (place, record) in &inputs.records {
        if let TableRecord::Provision(p) = record {
            provisions.push((Origin::Table(place), p));
        }
    }
    let mut stored = Vec::with_capacity(provisions.len());
    for (origin, fields) in &provisions {
        let bare = ProvisionFields {
            continues: Vec::new(),
            relation: Vec::new(),
            basis: Vec::new(),
            ..(*fields).clone()
        };
        let before = tally.unchanged(Kind::Provision);
        let id = apply_provision(db, &bare, tally).map_err(|e| e.context(origin.place()))?;
        stored.push((id, tally.unchanged(Kind::Provision) > before));
    }
    for ((origin, fields), (id, unchanged)) in provisions.iter().zip(stored) {
        let Some(links) = fields
            .links(db, Naming::Fields)
            .map_err(|e| e.context(origin.place()))?
        else {
            continue;
        };
        // A file adds links (or restates one's relation and basis); it never removes
        // those recorded elsewhere.
        let mut all: Vec<LineageLink> = db
            .links_of(id)?
            .into_iter()
            .filter(|l| !links.iter().any(|n| n.continues_id == l.continues_id))
            .collect();
        all.extend(links);
        if db
            .set_links(id, &all)
            .map_err(|e| e.context(origin.place()))?
        {
            tally.relinked(Kind::Provision, fields.key.as_deref(), unchanged);
        }
    }

    // What sources say the provisions contain.
    for (file, default_source) in inputs.claims.iter().zip(&default_sources) {
        for (i, r) in file.claims.provision_reports.iter().enumerate() {
            apply_provision_report(db, r, *default_source, tally)
                .map_err(|e| e.context(file.place("provision_reports", i)))?;
        }
    }
    for (place, record) in &inputs.records {
        if let TableRecord::ProvisionReport(r) = record {
            apply_provision_report(db, r, None, tally).map_err(|e| e.context(place.clone()))?;
        }
    }

    stances::apply_stances(db, inputs, &default_sources, tally)
}

/// The order to write `items` in: each one after the item it depends on (an actor's
/// parent, a provision's predecessor) when that item is among them, otherwise in the
/// order given. Names match as `crate::names::fold` compares them; a cycle is left for
/// the writes to refuse.
fn dependency_order<T>(
    items: &[(Origin, &T)],
    names: impl Fn(&T) -> Vec<String>,
    depends_on: impl Fn(&T) -> Option<&str>,
) -> Vec<usize> {
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (i, (_, item)) in items.iter().enumerate() {
        for name in names(item) {
            by_name.entry(fold(&name)).or_insert(i);
        }
    }
    let mut state = vec![0u8; items.len()]; // 0 new, 1 in progress, 2 done
    let mut order = Vec::with_capacity(items.len());
    for start in 0..items.len() {
        // Follow the chain of dependencies up, then emit it top down.
        let mut chain = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            if state[i] != 0 {
                break;
            }
            state[i] = 1;
            chain.push(i);
            at = depends_on(items[i].1)
                .and_then(|d| by_name.get(&fold(d)))
                .copied();
        }
        for i in chain.into_iter().rev() {
            state[i] = 2;
            order.push(i);
        }
    }
    order
}

fn apply_source(db: &Db, fields: &SourceFields, tally: &mut Tally) -> Result<i64> {
    upsert(
        db,
        Kind::Source,
        fields.key.as_deref(),
        tally,
        |id| match id {
            Some(id) => fields.update(db, id, &[], Naming::Fields),
            None => fields.insert(db, Naming::Fields).map(|_| vec!["key"]),
        },
    )
}

fn apply_actor(db: &Db, fields: &ActorFields, tally: &mut Tally) -> Result<i64> {
    upsert(
        db,
        Kind::Actor,
        fields.key.as_deref(),
        tally,
        |id| match id {
            Some(id) => {
                let mut changed = actor::update(
                    db,
                    id,
                    &ActorFields {
                        aliases: vec![],
                        ..fields.clone()
                    },
                    &[],
                    Naming::Fields,
                )?;
                for alias in fields.check_aliases()? {
                    if actor::add_alias(db, id, &alias)? {
                        changed.push("aliases");
                    }
                }
                Ok(changed)
            }
            None => fields.insert(db, Naming::Fields).map(|_| vec!["key"]),
        },
    )
}

fn apply_plan(db: &Db, fields: &PlanFields, tally: &mut Tally) -> Result<i64> {
    upsert(
        db,
        Kind::Plan,
        fields.key.as_deref(),
        tally,
        |id| match id {
            Some(id) => {
                let mut changed = plan::update(db, id, fields, &[], Naming::Fields)?;
                // A file adds proposers; it never removes those recorded elsewhere.
                let mut proposers = db.proposers_of(id)?;
                proposers.extend(fields.proposer_ids(db)?);
                if db.set_proposers(id, &proposers)? {
                    changed.push("proposers");
                }
                Ok(changed)
            }
            None => fields.insert(db, Naming::Fields).map(|_| vec!["key"]),
        },
    )
}

/// Records one source's account of a provision (the file's `[source]` unless it names
/// another) and counts what happened.
fn apply_provision_report(
    db: &Db,
    r: &ProvisionReportRecord,
    default_source: Option<i64>,
    tally: &mut Tally,
) -> Result<()> {
    let provision = r.provision.as_deref().ok_or_else(|| {
        Error::invalid(
            "missing provision: a provision report names the provision it gives an account of",
        )
    })?;
    let provision_id = db.resolve(Kind::Provision, provision)?;
    let source_id =
        match (&r.source, default_source) {
            (Some(s), _) => db.resolve(Kind::Source, s)?,
            (None, Some(id)) => id,
            (None, None) => return Err(Error::invalid(
                "missing source: a provision report needs source = \"...\" (in a table, a source \
             column) or a [source] in its file",
            )),
        };
    let text = r.text.as_deref().ok_or_else(|| {
        Error::invalid("missing text: what the source says the provision contains")
    })?;
    let written = provision::report(db, provision_id, source_id, text, r.figures.as_deref())?;
    if let Some(list) = tally.listing.as_mut() {
        let what = format!(
            "provision report '{}' from '{}'",
            db.key_of(Kind::Provision, provision_id)?,
            db.key_of(Kind::Source, source_id)?
        );
        match written {
            ReportWritten::Added => list.push(format!("add {what}")),
            ReportWritten::Updated => list.push(format!("update {what}: text or figures changed")),
            ReportWritten::Unchanged => {}
        }
    }
    tally.count(
        TableKind::ProvisionReports,
        match written {
            ReportWritten::Added => Change::Added,
            ReportWritten::Updated => Change::Updated,
            ReportWritten::Unchanged => Change::Unchanged,
        },
    );
    Ok(())
}

fn apply_provision(db: &Db, fields: &ProvisionFields, tally: &mut Tally) -> Result<i64> {
    upsert(
        db,
        Kind::Provision,
        fields.key.as_deref(),
        tally,
        |id| match id {
            Some(id) => fields.update(db, id, &[], Naming::Fields),
            None => fields.insert(db, Naming::Fields).map(|_| vec!["key"]),
        },
    )
}

/// Inserts or updates one keyed record and counts what happened. `write` gets the id
/// of the stored record, or None to insert; it returns the changed fields.
fn upsert(
    db: &Db,
    kind: Kind,
    key: Option<&str>,
    tally: &mut Tally,
    write: impl FnOnce(Option<i64>) -> Result<Changed>,
) -> Result<i64> {
    let key =
        key.ok_or_else(|| Error::invalid(format!("missing key: every {} needs one", kind.noun())))?;
    let existing = db.find(kind, key)?;
    let before = match (existing, &tally.listing) {
        (Some(id), Some(_)) => db.record_fields(kind, id)?,
        _ => None,
    };
    let changed = write(existing)?;
    if let Some(list) = tally.listing.as_mut() {
        match (existing, before) {
            (None, _) => list.push(format!("add {} '{key}'", kind.noun())),
            (Some(id), Some(before)) if !changed.is_empty() => {
                let after = db.record_fields(kind, id)?.unwrap_or_default();
                let mut fields = Vec::new();
                if let (Some(b), Some(a)) = (before.as_object(), after.as_object()) {
                    for (field, old) in b {
                        let new = a.get(field).cloned().unwrap_or_default();
                        if *old != new {
                            fields.push(format!(
                                "{field}: {} → {}",
                                shown(field, old),
                                shown(field, &new)
                            ));
                        }
                    }
                }
                for c in &changed {
                    if matches!(*c, "aliases" | "proposers") {
                        fields.push(format!("{c} changed"));
                    }
                }
                list.push(format!(
                    "update {} '{key}': {}",
                    kind.noun(),
                    fields.join("; ")
                ));
            }
            _ => {}
        }
    }
    tally.count(
        kind,
        match (existing, changed.is_empty()) {
            (None, _) => Change::Added,
            (Some(_), false) => Change::Updated,
            (Some(_), true) => Change::Unchanged,
        },
    );
    db.find(kind, key)?
        .ok_or_else(|| Error::Unexpected(format!("{} '{key}' vanished during import", kind.noun())))
}

/// A field's value in the dry-run listing, as the stances' listing shows one: free
/// text quoted, keys, dates and vocabulary words bare, nothing as `(none)`.
fn shown(field: &str, value: &serde_json::Value) -> String {
    use serde_json::Value as Json;
    match value {
        Json::Null => "(none)".into(),
        Json::String(text) if FREE_TEXT.contains(&field) => format!("'{text}'"),
        Json::String(word) => word.clone(),
        other => other.to_string(),
    }
}

/// The fields that hold free text (the others hold keys, dates and vocabulary words).
const FREE_TEXT: &[&str] = &["outlet", "title", "url", "author", "name", "text", "notes"];
