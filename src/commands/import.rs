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
use crate::dates::PartialDate;
use crate::error::{Error, Result};
use crate::fields::{ActorFields, PlanFields, ProvisionFields, SourceFields};
use crate::model::{
    check_text, check_vocab, ATTRIBUTIONS, MAX_QUOTE, MAX_TEXT, POSITIONS, STANCE_STATUSES,
};
use crate::names::fold;
use crate::output::Format;
use crate::progress::Progress;
use crate::rows::Rows;
use crate::store::{Db, KeyMaps, Kind, Outcome, StanceValues, Store};
use crate::tabular::{self, DataFormat, Record, StanceReader};

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
    fn add(&mut self, kind: Kind, change: Change, n: u64) {
        let k = Kind::ALL
            .iter()
            .position(|x| *x == kind)
            .expect("every kind is in ALL");
        self.counts[k][change as usize] += n;
    }

    /// Moves `n` of `kind` from one column to another.
    fn reclassify(&mut self, kind: Kind, from: Change, to: Change, n: u64) {
        let k = Kind::ALL
            .iter()
            .position(|x| *x == kind)
            .expect("every kind is in ALL");
        self.counts[k][from as usize] -= n;
        self.counts[k][to as usize] += n;
    }

    fn count(&mut self, kind: Kind, change: Change) {
        self.add(kind, change, 1);
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
                .or_else(|| format_flag(ctx.out.format()))
                .ok_or_else(|| {
                    Error::invalid(format!(
                        "{}: cannot tell the format from the file name; name it .toml, .json, \
                         .csv or .jsonl, or pass --input-format csv, json, jsonl or toml",
                        path.display()
                    ))
                })?;
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

/// The input format `--format` names, for files whose extension does not say (the
/// way before `--input-format`, still accepted).
fn format_flag(format: Format) -> Option<DataFormat> {
    match format {
        Format::Csv => Some(DataFormat::Csv),
        Format::Json => Some(DataFormat::Json),
        Format::Jsonl => Some(DataFormat::Jsonl),
        _ => None,
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
        let mut tally = Tally::default();
        apply_all(db, inputs, &mut tally)?;
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
    for i in order {
        let (origin, fields) = &actors[i];
        apply_actor(db, fields, tally).map_err(|e| e.context(origin.place()))?;
    }

    // Plans.
    for file in &inputs.claims {
        for (j, fields) in file.claims.plans.iter().enumerate() {
            apply_plan(db, fields, tally).map_err(|e| e.context(file.place("plans", j)))?;
        }
    }
    for (place, record) in &inputs.records {
        if let Record::Plan(fields) = record {
            apply_plan(db, fields, tally).map_err(|e| e.context(place))?;
        }
    }

    // Provisions, the ones continued first.
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
    let order = dependency_order(
        &provisions,
        |p| p.key.iter().cloned().collect(),
        |p| p.continues.as_deref(),
    );
    for i in order {
        let (origin, fields) = &provisions[i];
        apply_provision(db, fields, tally).map_err(|e| e.context(origin.place()))?;
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

/// How often (in rows) the progress bar is updated.
const PROGRESS_EVERY: u64 = 4096;

/// Writes the stances of the claims files, then streams those of the stance tables.
/// Each is checked and resolved as it is read; new ones are inserted together at the
/// end (see `StanceBulk`), and an error names the file and line either way.
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
    let maps = db.key_maps()?;
    let checker = StanceChecker {
        db,
        maps: &maps,
        now: db.now(),
    };
    let mut bulk = db.stance_bulk()?;
    let mut count = |outcome| match outcome {
        Outcome::Added => tally.count(Kind::Stance, Change::Added),
        Outcome::Updated => tally.count(Kind::Stance, Change::Updated),
        Outcome::Unchanged => tally.count(Kind::Stance, Change::Unchanged),
    };
    // Inputs are numbered: the claims files first, then the stance tables.
    for (n, (file, default_source)) in inputs.claims.iter().zip(default_sources).enumerate() {
        for (i, record) in file.claims.stances.iter().enumerate() {
            let outcome = checker
                .check(record, *default_source)
                .and_then(|c| bulk.write(&c.values(), (n as i64, i as i64)))
                .map_err(|e| e.context(file.place("stances", i)))?;
            count(outcome);
        }
    }
    let mut names = Vec::new();
    for (path, format) in &inputs.stance_files {
        let n = (inputs.claims.len() + names.len()) as i64;
        let mut reader = StanceReader::open(path, *format)?;
        names.push(reader.name().to_string());
        let mut progress = Progress::new(reader.name(), reader.total_bytes());
        let mut rows = 0u64;
        while let Some((line, record)) = reader.next_stance()? {
            let outcome = checker
                .check(&record, None)
                .and_then(|c| bulk.write(&c.values(), (n, line as i64)))
                .map_err(|e| e.context(format!("{}:{line}", reader.name())))?;
            count(outcome);
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
    let added = result.map_err(|(e, tag)| match tag {
        Some((n, line)) => {
            let n = n as usize;
            match inputs.claims.get(n) {
                Some(file) => e.context(file.place("stances", line as usize)),
                None => e.context(format!("{}:{line}", names[n - inputs.claims.len()])),
            }
        }
        None => e,
    })?;
    // The same new stance twice in the inputs: one row, the second occurrence an update.
    let repeated = staged - added;
    tally.reclassify(Kind::Stance, Change::Added, Change::Updated, repeated);
    Ok(())
}

/// Checks a stance record and resolves its references, with the rules of `stance add`.
struct StanceChecker<'a> {
    db: &'a Db<'a>,
    maps: &'a KeyMaps,
    now: String,
}

/// A checked stance: owned values behind `StanceValues`.
struct Checked<'r> {
    actor_id: i64,
    provision_id: i64,
    source_id: i64,
    position: &'r str,
    stated_on: String,
    precision: &'static str,
    record: &'r StanceRecord,
    recorded_at: &'r str,
}

impl Checked<'_> {
    fn values(&self) -> StanceValues<'_> {
        let r = self.record;
        StanceValues {
            actor_id: self.actor_id,
            provision_id: self.provision_id,
            source_id: self.source_id,
            position: self.position,
            stated_on: &self.stated_on,
            precision: self.precision,
            quote: r.quote.as_deref(),
            attribution: r.attribution.as_deref(),
            status: r.status.as_deref(),
            reason: r.reason.as_deref(),
            notes: r.notes.as_deref(),
            recorded_at: self.recorded_at,
        }
    }
}

impl<'a> StanceChecker<'a> {
    fn check<'r>(
        &'r self,
        r: &'r StanceRecord,
        default_source: Option<i64>,
    ) -> Result<Checked<'r>> {
        let required = |value: &'r Option<String>, field: &str| {
            value
                .as_deref()
                .ok_or_else(|| Error::invalid(format!("missing {field}: a new stance needs it")))
        };
        let actor = required(&r.actor, "actor")?;
        let actor_id = self
            .maps
            .actor(actor)
            .ok_or_else(|| self.db.unknown(Kind::Actor, actor))?;
        let provision = required(&r.provision, "provision")?;
        let provision_id = self
            .maps
            .provision(provision)
            .ok_or_else(|| self.db.unknown(Kind::Provision, provision))?;
        let position = match &r.position {
            Some(p) if POSITIONS.contains(&p.as_str()) => p.as_str(),
            Some(p) => return Err(check_vocab("position", p, POSITIONS).unwrap_err()),
            None => {
                return Err(Error::invalid(format!(
                    "missing position: a new stance needs it (one of: {})",
                    POSITIONS.join(", ")
                )))
            }
        };
        let source_id = match (&r.source, default_source) {
            (Some(s), _) => self
                .maps
                .source(s)
                .ok_or_else(|| self.db.unknown(Kind::Source, s))?,
            (None, Some(id)) => id,
            (None, None) => {
                return Err(Error::invalid(
                    "missing source: the file has no [source] and the stance names none",
                ))
            }
        };
        let date_text = match &r.stated_on {
            Some(d) => d.as_str(),
            None => self.maps.published_on(source_id).ok_or_else(|| {
                Error::Unexpected(format!("source {source_id} has no publication date"))
            })?,
        };
        let date = PartialDate::parse("date", date_text)?;
        if let Some(q) = &r.quote {
            check_text("quote", q, MAX_QUOTE)?;
        }
        if let Some(a) = &r.attribution {
            if !ATTRIBUTIONS.contains(&a.as_str()) {
                return Err(check_vocab("attribution", a, ATTRIBUTIONS).unwrap_err());
            }
        }
        if let Some(n) = &r.notes {
            check_text("notes", n, MAX_TEXT)?;
        }
        if let Some(reason) = &r.reason {
            check_text("reason", reason, MAX_QUOTE)?;
        }
        match (r.status.as_deref(), &r.reason) {
            (Some(s), _) if !STANCE_STATUSES.contains(&s) => {
                return Err(check_vocab("status", s, STANCE_STATUSES).unwrap_err())
            }
            (Some("active"), Some(_)) => {
                return Err(Error::invalid(
                    "reason goes with status retracted or corrected; an active stance has none",
                ))
            }
            (Some(s), None) if s != "active" => {
                return Err(Error::invalid(format!(
                    "status {s} needs a reason: say why"
                )))
            }
            (None, Some(_)) => {
                return Err(Error::invalid(
                    "reason goes with a status (retracted or corrected)",
                ))
            }
            _ => {}
        }
        let recorded_at = match &r.recorded_at {
            Some(t) => check_timestamp(t)?,
            None => self.now.as_str(),
        };
        Ok(Checked {
            actor_id,
            provision_id,
            source_id,
            position,
            stated_on: date.stored(),
            precision: date.precision.as_str(),
            record: r,
            recorded_at,
        })
    }
}

/// A `recorded_at` value: exactly `YYYY-MM-DDTHH:MM:SSZ`, a real time.
fn check_timestamp(value: &str) -> Result<&str> {
    let ok = chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%SZ")
        .is_ok_and(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string() == value);
    if ok {
        Ok(value)
    } else {
        Err(Error::invalid(format!(
            "invalid recorded_at '{}': expected YYYY-MM-DDTHH:MM:SSZ",
            crate::model::printable(value)
        )))
    }
}
