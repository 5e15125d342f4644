//! `provtrack import FILE...` and `provtrack seed`: claims files and tables into the
//! database.
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

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::records::Editable;
use super::{actor, plan, provision, source, Ctx};
use crate::claims::{self, Parsed, StanceRecord};
use crate::cli::{ImportArgs, SeedArgs};
use crate::error::{Error, Result};
use crate::fields::{ActorFields, Link, PlanFields, ProvisionFields, SourceFields};
use crate::names::fold;
use crate::output::Format;
use crate::progress::Progress;
use crate::rows::Rows;
use crate::stance_check::{self, Naming, StanceInput};
use crate::statement::Statement;
use crate::store::{Db, KeyMaps, Kind, Resolve, Store, Tag};
use crate::tabular::{self, DataFormat, Record, StanceReader};

/// What an import did (or would do) per record kind.
#[derive(Debug, Default)]
struct Tally {
    counts: [[u64; 3]; 5],
    /// With --dry-run: one line per record that would be added or updated.
    listing: Option<Vec<String>>,
}

#[derive(Clone, Copy)]
enum Change {
    Added = 0,
    Updated = 1,
    Unchanged = 2,
}

impl Tally {
    fn add(&mut self, kind: Kind, change: Change, n: u64) {
        let k = Kind::ALL
            .iter()
            .position(|x| *x == kind)
            .expect("every kind is in ALL");
        self.counts[k][change as usize] += n;
    }

    fn count(&mut self, kind: Kind, change: Change) {
        self.add(kind, change, 1);
    }

    fn unchanged(&self, kind: Kind) -> u64 {
        let k = Kind::ALL.iter().position(|x| *x == kind).unwrap_or(0);
        self.counts[k][Change::Unchanged as usize]
    }

    /// A record's relations or lineage changed after the record itself was written:
    /// one counted unchanged then is updated after all.
    fn relinked(&mut self, kind: Kind, key: Option<&str>, was_unchanged: bool) {
        if was_unchanged {
            let k = Kind::ALL.iter().position(|x| *x == kind).unwrap_or(0);
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

/// Everything an import reads, before anything is written.
#[derive(Default)]
struct Inputs {
    claims: Vec<Parsed>,
    /// Records of the small kinds from tables, with their `file:line`.
    records: Vec<(String, Record)>,
    /// Stance tables, streamed while writing.
    stance_files: Vec<(PathBuf, DataFormat)>,
    files: usize,
}

pub fn import(ctx: &mut Ctx, args: &ImportArgs) -> Result<()> {
    let mut stdin = None;
    let result = import_inputs(ctx, args, &mut stdin);
    match stdin {
        // Messages name stdin, not the copy of it.
        Some(spool) => result.map_err(|e| spool.rename_in(e)),
        None => result,
    }
}

fn import_inputs(ctx: &mut Ctx, args: &ImportArgs, stdin: &mut Option<Spool>) -> Result<()> {
    let forced_kind = args.kind.as_deref().map(Kind::parse).transpose()?;
    let input_format = args.input_format.as_deref().and_then(DataFormat::of_name);
    let mut inputs = Inputs::default();
    for path in expand(&args.files)? {
        let mut detected_kind = None;
        let (path, format) = if path.as_os_str() == "-" {
            if stdin.is_some() {
                return Err(Error::invalid("import: '-' (stdin) can be given only once"));
            }
            let spool = Spool::read_stdin(input_format)?;
            detected_kind = spool.kind;
            let found = (spool.path.clone(), spool.format);
            *stdin = Some(spool);
            found
        } else {
            let format = DataFormat::of_path(&path)
                .or(input_format)
                .ok_or_else(|| unknown_format(&path, ctx.out.format()))?;
            (path, format)
        };
        inputs.files += 1;
        if !format.is_table() {
            inputs
                .claims
                .push(claims::read_as(&path, format == DataFormat::Toml)?);
            continue;
        }
        let kind = forced_kind
            .or(detected_kind)
            .or_else(|| tabular::kind_of_path(&path))
            .ok_or_else(|| {
                Error::invalid(format!(
                    "{}: cannot tell which records the table holds; name it sources, actors, \
                     plans, provisions or stances (e.g. stances.{}), or pass --kind",
                    path.display(),
                    format.extension()
                ))
            })?;
        if kind == Kind::Stance {
            if !path.exists() {
                return Err(Error::not_found(format!(
                    "{}: no such file",
                    path.display()
                )));
            }
            inputs.stance_files.push((path, format));
        } else {
            inputs
                .records
                .extend(tabular::read_records(&path, format, kind)?);
        }
    }
    load(ctx, &inputs, args.dry_run, "import")
}

/// stdin, copied to a temporary file (removed when dropped) so that it is read like any
/// file, a stance table of any size in bounded memory; its format is `--input-format`
/// or detected from its first lines, and so is the record kind of a table.
struct Spool {
    path: PathBuf,
    format: DataFormat,
    kind: Option<Kind>,
}

impl Spool {
    fn read_stdin(format: Option<DataFormat>) -> Result<Spool> {
        use std::io::{Read, Write};
        let dir = std::env::temp_dir();
        let path = dir.join(format!(
            "provtrack-stdin-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        let mut file = std::fs::File::options()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Error::Io(format!("stdin: cannot make a temporary copy: {e}")))?;
        let mut spool = Spool {
            path,
            format: DataFormat::Csv,
            kind: None,
        };
        let mut head = Vec::new();
        std::io::stdin()
            .lock()
            .take(1 << 16)
            .read_to_end(&mut head)
            .map_err(|e| Error::Io(format!("stdin: cannot read: {e}")))?;
        file.write_all(&head)
            .and_then(|()| std::io::copy(&mut std::io::stdin().lock(), &mut file).map(|_| ()))
            .and_then(|()| file.flush())
            .map_err(|e| Error::Io(format!("stdin: cannot make a temporary copy: {e}")))?;
        if head.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::invalid(
                "stdin: nothing to import (the input is empty)",
            ));
        }
        spool.format = match format.or_else(|| tabular::detect_format(&head)) {
            Some(f) => f,
            None => {
                return Err(Error::invalid(
                    "stdin: cannot tell the format from the content; pass --input-format \
                     csv, jsonl, toml or json",
                ))
            }
        };
        if spool.format.is_table() {
            spool.kind = tabular::detect_kind(&head, spool.format);
        }
        Ok(spool)
    }

    /// The error with the temporary file's name replaced by `stdin`.
    fn rename_in(&self, e: Error) -> Error {
        let name = self.path.display().to_string();
        let fix = |m: String| m.replace(&name, "stdin");
        match e {
            Error::Invalid(m) => Error::Invalid(fix(m)),
            Error::NotFound(m) => Error::NotFound(fix(m)),
            Error::Busy(m) => Error::Busy(fix(m)),
            Error::Io(m) => Error::Io(fix(m)),
            Error::Unexpected(m) => Error::Unexpected(fix(m)),
            Error::OutputClosed => Error::OutputClosed,
        }
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The error for a file whose name does not say its format. `--format` named it
/// before `--input-format` existed: given a data format, the message says so.
fn unknown_format(path: &Path, printed: Format) -> Error {
    let old = match printed {
        Format::Csv => Some("csv"),
        Format::Json => Some("json"),
        Format::Jsonl => Some("jsonl"),
        Format::Toml => Some("toml"),
        _ => None,
    };
    match old {
        Some(name) => Error::invalid(format!(
            "{}: cannot tell the format from the file name; --format is how the summary is \
             printed: read the file as {name} with --input-format {name}",
            path.display()
        )),
        None => Error::invalid(format!(
            "{}: cannot tell the format from the file name; name it .toml, .json, .csv or \
             .jsonl, or pass --input-format csv, json, jsonl or toml",
            path.display()
        )),
    }
}

/// The files named, with each folder replaced by the data files under it (by path).
/// A path that does not exist is not found (66), whatever its name says it holds;
/// `-` is standard input.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() != "-" && !path.exists() {
            return Err(Error::not_found(format!(
                "{}: no such file or folder; the path does not exist",
                path.display()
            )));
        }
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            if found.is_empty() {
                return Err(Error::not_found(format!(
                    "{}: no .toml, .json, .csv or .jsonl files there",
                    path.display()
                )));
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::Io(format!("{}: cannot read the folder: {e}", dir.display())))?;
    for entry in entries {
        let path = entry
            .map_err(|e| Error::Io(format!("{}: {e}", dir.display())))?
            .path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, found)?;
        } else if DataFormat::of_path(&path).is_some() {
            found.push(path);
        }
    }
    Ok(())
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
        if let Record::Source(fields) = record {
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
        if let Record::Actor(a) = record {
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
        if let Record::Plan(p) = record {
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
                .filter(|(r, _)| r == relation)
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
        if let Record::Provision(p) = record {
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
        let Some(links) = fields.links(db).map_err(|e| e.context(origin.place()))? else {
            continue;
        };
        // A file adds links (or restates one's relation and basis); it never removes
        // those recorded elsewhere.
        let mut all: Vec<Link> = db
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
            apply_provision_report(db, r, *default_source)
                .map_err(|e| e.context(file.place("provision_reports", i)))?;
        }
    }

    apply_stances(db, inputs, &default_sources, tally)
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
            Some(id) => source::update(db, id, fields, &[]),
            None => fields.insert(db).map(|_| vec!["key"]),
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
}

fn apply_plan(db: &Db, fields: &PlanFields, tally: &mut Tally) -> Result<i64> {
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
}

/// Records one source's account of a provision (the file's `[source]` unless it names
/// another).
fn apply_provision_report(
    db: &Db,
    r: &claims::ProvisionReportRecord,
    default_source: Option<i64>,
) -> Result<bool> {
    let provision = r.provision.as_deref().ok_or_else(|| {
        Error::invalid(
            "missing provision: a provision report names the provision it gives an account of",
        )
    })?;
    let provision_id = db.resolve(Kind::Provision, provision)?;
    let source_id = match (&r.source, default_source) {
        (Some(s), _) => db.resolve(Kind::Source, s)?,
        (None, Some(id)) => id,
        (None, None) => return Err(Error::invalid(
            "missing source: a provision report needs source = \"...\" or a [source] in its file",
        )),
    };
    let text = r.text.as_deref().ok_or_else(|| {
        Error::invalid("missing text: what the source says the provision contains")
    })?;
    provision::report(db, provision_id, source_id, text, r.figures.as_deref())
}

fn apply_provision(db: &Db, fields: &ProvisionFields, tally: &mut Tally) -> Result<i64> {
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
    let before = match (existing, &tally.listing) {
        (Some(id), Some(_)) => db.raw(kind, id)?,
        _ => None,
    };
    let changed = write(existing)?;
    if let Some(list) = tally.listing.as_mut() {
        match (existing, before) {
            (None, _) => list.push(format!("add {} '{key}'", kind.noun())),
            (Some(id), Some(before)) if !changed.is_empty() => {
                let after = db.raw(kind, id)?.unwrap_or_default();
                let mut fields = Vec::new();
                if let (Some(b), Some(a)) = (before.as_object(), after.as_object()) {
                    for (column, old) in b {
                        let new = a.get(column).cloned().unwrap_or_default();
                        if *old != new {
                            fields.push(format!("{column}: {old} → {new}"));
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

/// How often (in rows) the progress bar is updated.
const PROGRESS_EVERY: u64 = 4096;

/// Writes the stances of the claims files, then streams those of the stance tables.
/// Each is checked and resolved as it is read; a stored one (by key, or for a record
/// without a key by identity) is updated at once, new ones are inserted together at
/// the end (see `StanceBulk`). An error names the file and line either way; a stance
/// named twice in one import names both places.
fn apply_stances(
    db: &Db,
    inputs: &Inputs,
    default_sources: &[Option<i64>],
    tally: &mut Tally,
) -> Result<()> {
    let total_claims: usize = inputs.claims.iter().map(|f| f.claims.stances.len()).sum();
    if total_claims == 0 && inputs.stance_files.is_empty() {
        return Ok(());
    }
    let maps = KeyMaps::load(db)?;
    let now = db.now()?;
    let mut bulk = db.stance_bulk()?;
    // Stored stances updated by this import, by key: a second record for one of them
    // is an error, not last-one-wins.
    let mut updated: HashMap<String, (Tag, bool)> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let place = |names: &[String], (n, line): Tag| -> String {
        match inputs.claims.get(n as usize) {
            Some(file) => file.place("stances", line as usize),
            None => format!("{}:{line}", names[n as usize - inputs.claims.len()]),
        }
    };
    let mut one = |record: &StanceRecord,
                   default_source: Option<i64>,
                   tag: Tag,
                   names: &[String],
                   tally: &mut Tally|
     -> Result<()> {
        let input = StanceInput {
            record,
            naming: Naming::Fields,
            default_source,
            unset: &[],
            now: &now,
        };
        let mut new = stance_check::unsettled(&maps, &input)?;
        let key_given = record.key.is_some();
        match bulk.find(db, &new, key_given)? {
            None => {
                new.set_status(record.status.as_deref(), record.reason.as_deref())?;
                bulk.stage(&new, key_given, tag)?;
                tally.count(Kind::Stance, Change::Added);
                if let Some(list) = tally.listing.as_mut() {
                    list.push(format!(
                        "add stance '{}': {}",
                        new.key,
                        describe(&new, &maps)
                    ));
                }
            }
            Some((id, old)) => {
                if let Some((earlier, key_given)) = updated.get(&old.key) {
                    return Err(twice(
                        &place(names, *earlier),
                        &old.key,
                        *key_given || record.key.is_some(),
                    ));
                }
                updated.insert(old.key.clone(), (tag, key_given));
                // The stored stance with the fields the record gives.
                let merged = stance_check::statement(&maps, &input, Some(&old))?;
                let changed = db.update_statement(id, &old, &merged)?;
                if changed.is_empty() {
                    tally.count(Kind::Stance, Change::Unchanged);
                } else {
                    tally.count(Kind::Stance, Change::Updated);
                    if let Some(list) = tally.listing.as_mut() {
                        let fields: Vec<String> = changed
                            .iter()
                            .map(|f| {
                                format!(
                                    "{f}: {} → {}",
                                    field_text(f, &old, &maps),
                                    field_text(f, &merged, &maps)
                                )
                            })
                            .collect();
                        list.push(format!(
                            "update stance '{}': {}",
                            old.key,
                            fields.join("; ")
                        ));
                    }
                }
            }
        }
        Ok(())
    };
    // Inputs are numbered: the claims files first, then the stance tables.
    for (n, (file, default_source)) in inputs.claims.iter().zip(default_sources).enumerate() {
        for (i, record) in file.claims.stances.iter().enumerate() {
            one(record, *default_source, (n as i64, i as i64), &names, tally)
                .map_err(|e| e.context(file.place("stances", i)))?;
        }
    }
    for (path, format) in &inputs.stance_files {
        let n = (inputs.claims.len() + names.len()) as i64;
        let mut reader = StanceReader::open(path, *format)?;
        names.push(reader.name().to_string());
        let mut progress = Progress::new(reader.name(), reader.total_bytes());
        let mut rows = 0u64;
        while let Some((line, record)) = reader.next_stance()? {
            one(&record, None, (n, line as i64), &names, tally)
                .map_err(|e| e.context(format!("{}:{line}", reader.name())))?;
            rows += 1;
            if rows.is_multiple_of(PROGRESS_EVERY) {
                progress.update(rows, reader.bytes_read());
            }
        }
        progress.finish();
    }
    let staged = bulk.staged();
    let spinner = (staged >= 10_000).then(|| {
        Progress::spinner(&format!(
            "writing {} new stances",
            crate::progress::thousands(staged)
        ))
    });
    let result = bulk.finish();
    if let Some(s) = spinner {
        s.finish();
    }
    result.map_err(|refused| {
        let Some(tag) = refused.tag else {
            return refused.error;
        };
        let here = place(&names, tag);
        match refused.twin {
            Some((earlier, key_given, key)) => {
                twice(&place(&names, earlier), &key, key_given).context(here)
            }
            None => refused.error.context(here),
        }
    })?;
    Ok(())
}

/// The error for one stance named twice in an import (`earlier` is the other place).
fn twice(earlier: &str, key: &str, key_given: bool) -> Error {
    if key_given {
        let key = if key.is_empty() {
            String::new()
        } else {
            format!(" '{key}'")
        };
        Error::invalid(format!(
            "the stance key{key} is also used at {earlier}: two records of one import cannot \
             be the same stance (give each its own key, or remove one)"
        ))
    } else {
        Error::invalid(format!(
            "the same stance (actor, targets, source, date, kind and intermediaries) is also \
             at {earlier}: give each record its own key if they are two accounts, or remove one"
        ))
    }
}

/// A record's key for the dry-run listing.
fn key(maps: &impl Resolve, kind: Kind, id: i64) -> String {
    maps.key_of(kind, id)
        .map(|k| k.into_owned())
        .unwrap_or_default()
}

/// A stance in a few words, for the dry-run listing.
fn describe(s: &Statement, maps: &impl Resolve) -> String {
    format!(
        "{} {} {} on {} ({}, {})",
        key(maps, Kind::Actor, s.actor_id),
        s.kind,
        s.position,
        target_text(s, maps),
        key(maps, Kind::Source, s.source_id),
        crate::dates::display(&s.stated_on, &s.precision)
    )
}

fn target_text(s: &Statement, maps: &impl Resolve) -> String {
    if s.provisions.is_empty() {
        format!("{} (the plan as a whole)", key(maps, Kind::Plan, s.plan_id))
    } else {
        s.provisions
            .iter()
            .map(|p| key(maps, Kind::Provision, *p).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One field of a stance as text, for the dry-run listing.
fn field_text(field: &str, s: &Statement, maps: &impl Resolve) -> String {
    let opt = |v: &Option<String>| {
        v.clone()
            .map_or_else(|| "(none)".into(), |t| format!("'{t}'"))
    };
    match field {
        "key" => s.key.clone(),
        "actor" => key(maps, Kind::Actor, s.actor_id).to_string(),
        "plan" => key(maps, Kind::Plan, s.plan_id).to_string(),
        "provisions" => target_text(s, maps),
        "kind" => s.kind.clone(),
        "position" => s.position.clone(),
        "source" => key(maps, Kind::Source, s.source_id).to_string(),
        "relays" => s.relays.map_or_else(
            || "(none)".into(),
            |r| key(maps, Kind::Source, r).to_string(),
        ),
        "stated_on" => crate::dates::display(&s.stated_on, &s.precision),
        "stated_inferred" => s.inferred.to_string(),
        "quote" => opt(&s.quote),
        "evidence" => opt(&s.evidence),
        "attribution" => s.attribution.clone(),
        "via" => {
            if s.via.is_empty() {
                "(none)".into()
            } else {
                s.via
                    .iter()
                    .map(|a| key(maps, Kind::Actor, *a).to_string())
                    .collect::<Vec<_>>()
                    .join(" < ")
            }
        }
        "status" => s.status.clone(),
        "reason" => opt(&s.reason),
        _ => opt(&s.notes),
    }
}
