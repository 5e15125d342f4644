//! `provtrack import FILE...` and `provtrack seed`: claims files into the database.
//!
//! All files are parsed first; then every record is written in one transaction, in file
//! order. Any error rolls everything back and names the file, record and field. Records
//! are merged by key (stances by actor, provision, source and date): a record that is
//! already stored gets only the fields the file sets, so importing twice changes nothing.

use std::path::Path;

use super::records::Editable;
use super::{actor, plan, provision, source, stance, Ctx};
use crate::claims::{self, Parsed};
use crate::cli::{ImportArgs, SeedArgs};
use crate::error::{Error, Result};
use crate::fields::{ActorFields, Mode, StanceFields};
use crate::rows::Rows;
use crate::store::{Db, Kind, Store};

/// What an import did (or would do) per record kind.
#[derive(Debug, Default)]
struct Tally {
    counts: [[u64; 3]; 5],
}

#[derive(Clone, Copy)]
enum Change {
    Added = 0,
    Updated = 1,
    Unchanged = 2,
}

impl Tally {
    fn count(&mut self, kind: Kind, change: Change) {
        let k = Kind::ALL
            .iter()
            .position(|x| *x == kind)
            .expect("every kind is in ALL");
        self.counts[k][change as usize] += 1;
    }

    fn rows(&self) -> Rows {
        let mut rows = Rows::new(&["kind", "added", "updated", "unchanged"]);
        for (kind, [added, updated, unchanged]) in Kind::ALL.iter().zip(self.counts) {
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
    let files = args
        .files
        .iter()
        .map(|p| claims::read(p))
        .collect::<Result<Vec<_>>>()?;
    load(ctx, &files, args.dry_run, "import")
}

pub fn seed(ctx: &mut Ctx, args: &SeedArgs) -> Result<()> {
    let files = match &args.dir {
        Some(dir) => read_dir(dir)?,
        None => crate::seeds::SEEDS
            .iter()
            .map(|(name, text)| claims::parse(&format!("seeds/{name}"), text.to_string()))
            .collect::<Result<Vec<_>>>()?,
    };
    load(ctx, &files, args.dry_run, "seed")?;
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

/// Every .toml and .json file of a folder, in name order.
fn read_dir(dir: &Path) -> Result<Vec<Parsed>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::not_found(format!("--dir {}: {e}", dir.display())))?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("toml" | "json")
            )
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(Error::not_found(format!(
            "--dir {}: no .toml or .json claims files there",
            dir.display()
        )));
    }
    paths.iter().map(|p| claims::read(p)).collect()
}

fn load(ctx: &mut Ctx, files: &[Parsed], dry_run: bool, command: &str) -> Result<()> {
    let mut store: Store = if dry_run && !ctx.db_path.exists() {
        Store::open_scratch(&ctx.db_path)?
    } else {
        ctx.write()?
    };
    let apply = |db: &Db| {
        let mut tally = Tally::default();
        for file in files {
            apply_file(db, file, &mut tally)?;
        }
        Ok(tally)
    };
    let tally = if dry_run {
        store.dry_run(command, apply)?
    } else {
        store.write(command, apply)?
    };
    let verb = if dry_run { "would change" } else { "changed" };
    ctx.out.status(&format!(
        "{} file(s) checked; {verb} {} record(s){}",
        files.len(),
        tally.total_changes(),
        if dry_run {
            "; nothing was written (--dry-run)"
        } else {
            ""
        }
    ))?;
    ctx.out.rows(&tally.rows())
}

fn apply_file(db: &Db, file: &Parsed, tally: &mut Tally) -> Result<()> {
    let c = &file.claims;
    let mut default_source = None;
    if let Some(fields) = &c.source {
        let place = format!("{}: source", file.name);
        let id = upsert(
            db,
            Kind::Source,
            fields.key.as_deref(),
            tally,
            |id| match id {
                Some(id) => source::update(db, id, fields, &[]),
                None => fields.insert(db).map(|_| vec!["key"]),
            },
        )
        .map_err(|e| e.context(&place))?;
        default_source = Some(id);
    }
    for (i, fields) in c.actors.iter().enumerate() {
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
                    )?;
                    for alias in fields.check_aliases()? {
                        if actor::add_alias(db, id, &alias)? {
                            changed.push("aliases");
                        }
                    }
                    Ok(changed)
                }
                None => fields.insert(db).map(|_| vec!["key"]),
            },
        )
        .map_err(|e| e.context(file.place("actors", i)))?;
    }
    for (i, fields) in c.plans.iter().enumerate() {
        upsert(
            db,
            Kind::Plan,
            fields.key.as_deref(),
            tally,
            |id| match id {
                Some(id) => {
                    let mut changed = plan::update(db, id, fields, &[])?;
                    // A file adds proposers; it never removes those recorded elsewhere.
                    let mut proposers = db.proposers_of(id)?;
                    proposers.extend(fields.proposer_ids(db)?);
                    if db.set_proposers(id, &proposers)? {
                        changed.push("proposers");
                    }
                    Ok(changed)
                }
                None => fields.insert(db).map(|_| vec!["key"]),
            },
        )
        .map_err(|e| e.context(file.place("plans", i)))?;
    }
    for (i, fields) in c.provisions.iter().enumerate() {
        upsert(
            db,
            Kind::Provision,
            fields.key.as_deref(),
            tally,
            |id| match id {
                Some(id) => provision::update(db, id, fields, &[]),
                None => fields.insert(db).map(|_| vec!["key"]),
            },
        )
        .map_err(|e| e.context(file.place("provisions", i)))?;
    }
    for (i, fields) in c.stances.iter().enumerate() {
        apply_stance(db, fields, default_source, tally)
            .map_err(|e| e.context(file.place("stances", i)))?;
    }
    Ok(())
}

/// Inserts or updates one keyed record and counts what happened. `write` gets the id
/// of the stored record, or None to insert; it returns the changed fields.
fn upsert(
    db: &Db,
    kind: Kind,
    key: Option<&str>,
    tally: &mut Tally,
    write: impl FnOnce(Option<i64>) -> Result<Vec<&'static str>>,
) -> Result<i64> {
    let key =
        key.ok_or_else(|| Error::invalid(format!("missing key: every {} needs one", kind.noun())))?;
    let existing = db.find(kind, key)?;
    let changed = write(existing)?;
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

fn apply_stance(
    db: &Db,
    fields: &StanceFields,
    default_source: Option<i64>,
    tally: &mut Tally,
) -> Result<()> {
    if fields.source.is_none() && default_source.is_none() {
        return Err(Error::invalid(
            "missing source: the file has no [source] and the stance names none",
        ));
    }
    let row = fields.to_row(db, Mode::Add, default_source, &[])?;
    match stance::existing(db, &row)? {
        Some(id) => {
            let changed = db.update_changed(Kind::Stance, id, &row)?;
            tally.count(
                Kind::Stance,
                if changed.is_empty() {
                    Change::Unchanged
                } else {
                    Change::Updated
                },
            );
        }
        None => {
            stance::insert(db, fields, default_source)?;
            tally.count(Kind::Stance, Change::Added);
        }
    }
    Ok(())
}
