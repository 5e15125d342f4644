//! `provtrack export --out DIR`: the whole database as files that `import` reads back.
//!
//! Layouts (`--layout`, with the files' format `--file-format`; the global `--format`
//! is how the summary is printed, as for every command):
//! - claims files (`--layout claims`, the default; TOML, or `--file-format json`):
//!   `actors.toml`, `plans.toml` (plans and their provisions) and `sources/<key>.toml`,
//!   one per source with its stances;
//! - tables (`--layout tables`; CSV, or `--file-format jsonl`): `sources`, `actors`,
//!   `plans`, `provisions` and `stances`, one file each.
//!
//! Everything is read in one snapshot and ordered by keys and dates, never by ids, and
//! formatted the same way every time: an export after no change gives the same bytes,
//! and a change shows as a small diff. A file whose content is unchanged is not
//! rewritten; a `sources/` file of a source that no longer exists is removed.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use super::{datasette, Ctx};
use crate::claims::{self, ClaimsFile};
use crate::cli::{ExportArgs, Layout};
use crate::error::{Error, Result};
use crate::input::StanceRecord;
use crate::model::Kind;
use crate::output::Format;
use crate::store::Db;
use crate::tabular::{self, DataFormat, Table, TableKind, TableWriter};

/// `export`: the data files with --out, Datasette's files with --datasette-metadata
/// and --datasette-config, or both.
pub fn run(ctx: &mut Ctx, args: &ExportArgs) -> Result<()> {
    if args.datasette_metadata.is_some() || args.datasette_config.is_some() {
        datasette::write_files(
            ctx,
            args.datasette_metadata.as_deref(),
            args.datasette_config.as_deref(),
            args.database_name.as_deref(),
        )?;
    } else if args.database_name.is_some() {
        return Err(Error::invalid(
            "--database-name names the database in --datasette-metadata or --datasette-config; \
             give one of them",
        ));
    }
    match &args.out {
        Some(out) => {
            let format = file_format(ctx.out.format(), args)?;
            export(ctx, out, format)
        }
        None => Ok(()),
    }
}

/// The files' format from --layout and --file-format. `--format` named it before
/// those flags existed; given one of the data formats it now says which flags to use.
fn file_format(printed: Format, args: &ExportArgs) -> Result<DataFormat> {
    if let Some(name) = match printed {
        Format::Csv => Some("csv"),
        Format::Json => Some("json"),
        Format::Jsonl => Some("jsonl"),
        Format::Toml => Some("toml"),
        _ => None,
    } {
        let layout = if matches!(printed, Format::Csv | Format::Jsonl) {
            "tables"
        } else {
            "claims"
        };
        return Err(Error::invalid(format!(
            "--format {name}: --format is how results are printed; the files' layout and \
             format are --layout claims|tables and --file-format toml|json|csv|jsonl \
             (here: --layout {layout} --file-format {name})"
        )));
    }
    let format = args.file_format;
    let layout = args.layout.unwrap_or(match format {
        Some(f) if f.is_table() => Layout::Tables,
        _ => Layout::Claims,
    });
    match (layout, format) {
        (Layout::Claims, None) => Ok(DataFormat::Toml),
        (Layout::Tables, None) => Ok(DataFormat::Csv),
        (Layout::Claims, Some(f)) if !f.is_table() => Ok(f),
        (Layout::Tables, Some(f)) if f.is_table() => Ok(f),
        (Layout::Claims, Some(f)) => Err(Error::invalid(format!(
            "--file-format {}: claims files are toml or json; {} is for --layout tables",
            f.extension(),
            f.extension()
        ))),
        (Layout::Tables, Some(f)) => Err(Error::invalid(format!(
            "--file-format {}: tables are csv or jsonl; {} is for --layout claims",
            f.extension(),
            f.extension()
        ))),
    }
}

fn export(ctx: &mut Ctx, out: &Path, format: DataFormat) -> Result<()> {
    let mut store = ctx.read()?;
    std::fs::create_dir_all(out)
        .map_err(|e| Error::Io(format!("--out {}: cannot create it: {e}", out.display())))?;
    let mut files = FileSet::new(out);
    files.refuse_links_before_writing(format.extension())?;
    let counts = store.snapshot(|db| {
        if format.is_table() {
            write_tables(db, &mut files, format)
        } else {
            write_claims(db, &mut files, format)
        }
    })?;
    let counts_text = counts
        .iter()
        .map(|(kind, n)| format!("{n} {}", kind.table()))
        .collect::<Vec<_>>()
        .join(", ");
    ctx.out.status(&format!(
        "exported {counts_text} to {}: {} file(s) written, {} unchanged, {} removed",
        out.display(),
        files.written,
        files.unchanged,
        files.removed
    ))
}

/// Writes claims files; returns the record counts.
fn write_claims(
    db: &Db,
    files: &mut FileSet,
    format: DataFormat,
) -> Result<Vec<(TableKind, usize)>> {
    let ext = format.extension();
    let render = |file: &ClaimsFile| match format {
        DataFormat::Toml => claims::to_toml(file),
        _ => claims::to_json(file),
    };
    let actors = db.export_actors()?;
    let plans = db.export_plans()?;
    let provisions = db.export_provisions()?;
    let sources = db.export_sources()?;
    let mut counts = vec![
        (Kind::Source.into(), sources.len()),
        (Kind::Actor.into(), actors.len()),
        (Kind::Plan.into(), plans.len()),
        (Kind::Provision.into(), provisions.len()),
    ];
    let actors_file = ClaimsFile {
        actors,
        ..Default::default()
    };
    files.put(
        Path::new(&format!("actors.{ext}")),
        render(&actors_file)?.as_bytes(),
    )?;
    let plans_file = ClaimsFile {
        plans,
        provisions,
        ..Default::default()
    };
    files.put(
        Path::new(&format!("plans.{ext}")),
        render(&plans_file)?.as_bytes(),
    )?;
    let mut stances = 0;
    let mut reports = 0;
    let mut names = BTreeSet::new();
    for source in sources {
        let key = source.key.clone().unwrap_or_default();
        let mut file = ClaimsFile {
            source: Some(source),
            ..Default::default()
        };
        file.provision_reports = db.provision_reports_of_source(&key)?;
        reports += file.provision_reports.len();
        db.each_stance_of_source(&key, |mut s| {
            s.source = None;
            file.stances.push(s);
            Ok(())
        })?;
        stances += file.stances.len();
        let name = format!("{key}.{ext}");
        files.put(&Path::new("sources").join(&name), render(&file)?.as_bytes())?;
        names.insert(name);
    }
    files.remove_stale(Path::new("sources"), ext, &names)?;
    counts.push((TableKind::ProvisionReports, reports));
    counts.push((Kind::Stance.into(), stances));
    Ok(counts)
}

/// Writes one table per kind; returns the record counts.
fn write_tables(
    db: &Db,
    files: &mut FileSet,
    format: DataFormat,
) -> Result<Vec<(TableKind, usize)>> {
    let ext = format.extension();
    let mut counts = vec![
        put_table(files, format, Kind::Source, &db.export_sources()?)?,
        put_table(files, format, Kind::Actor, &db.export_actors()?)?,
        put_table(files, format, Kind::Plan, &db.export_plans()?)?,
        put_table(files, format, Kind::Provision, &db.export_provisions()?)?,
        put_table(
            files,
            format,
            TableKind::ProvisionReports,
            &db.export_provision_reports()?,
        )?,
    ];
    let mut stances = 0;
    files.put_stream(&table_path(Kind::Stance, ext), |out| {
        let mut w = TableWriter::new(out, format, Kind::Stance)?;
        db.each_stance(|s: StanceRecord| {
            stances += 1;
            w.write(&tabular::cells(&s))
        })?;
        w.finish().map(drop)
    })?;
    counts.push((Kind::Stance.into(), stances));
    Ok(counts)
}

/// Writes one table of records read whole (stances, too many for that, are streamed);
/// returns its kind and count.
fn put_table<R: Table>(
    files: &mut FileSet,
    format: DataFormat,
    kind: impl Into<TableKind>,
    records: &[R],
) -> Result<(TableKind, usize)> {
    let kind = kind.into();
    files.put_stream(&table_path(kind, format.extension()), |out| {
        let mut w = TableWriter::new(out, format, kind)?;
        for r in records {
            w.write(&tabular::cells(r))?;
        }
        w.finish().map(drop)
    })?;
    Ok((kind, records.len()))
}

fn table_path(kind: impl Into<TableKind>, ext: &str) -> PathBuf {
    let kind = kind.into();
    PathBuf::from(format!("{}.{ext}", kind.table()))
}

/// The files of an export: each written through a temporary file and renamed into
/// place only when its content changed.
struct FileSet {
    dir: PathBuf,
    written: usize,
    unchanged: usize,
    removed: usize,
}

impl FileSet {
    fn new(dir: &Path) -> Self {
        FileSet {
            dir: dir.to_path_buf(),
            written: 0,
            unchanged: 0,
            removed: 0,
        }
    }

    fn put(&mut self, rel: &Path, content: &[u8]) -> Result<()> {
        self.put_stream(rel, |out| {
            out.write_all(content).map_err(|e| io_error(rel, e))
        })
    }

    /// Writes `rel` (relative to the export folder) with `write`, replacing the file
    /// only when the new bytes differ.
    fn put_stream(
        &mut self,
        rel: &Path,
        write: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
    ) -> Result<()> {
        let target = self.dir.join(rel);
        self.refuse_links(rel)?;
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
        }
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("export");
        let temp_name = format!(".{name}.tmp");
        let temp = target.with_file_name(&temp_name);
        self.refuse_links(&rel.with_file_name(&temp_name))?;
        // A temporary file left by an interrupted export is replaced; `create_new`
        // never follows a link put there since the check.
        let _ = std::fs::remove_file(&temp);
        let file = File::options()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(|e| io_error(&temp, e))?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        let result = write(&mut out).and_then(|()| out.flush().map_err(|e| io_error(&temp, e)));
        drop(out);
        if let Err(e) = result {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
        if same_content(&temp, &target)? {
            std::fs::remove_file(&temp).map_err(|e| io_error(&temp, e))?;
            self.unchanged += 1;
        } else {
            std::fs::rename(&temp, &target).map_err(|e| io_error(&target, e))?;
            self.written += 1;
        }
        Ok(())
    }

    /// Refuses a symbolic link at `rel` or at any folder on the way to it inside the
    /// export folder: a link committed by a collaborator (`sources -> /somewhere`) must
    /// not make export write or delete files outside the folder.
    fn refuse_links(&self, rel: &Path) -> Result<()> {
        let mut path = self.dir.clone();
        for part in rel.components() {
            path.push(part);
            let is_link =
                std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
            if is_link {
                return Err(Error::invalid(format!(
                    "--out {}: {} is a symbolic link; export does not follow links inside \
                     its folder (a link there may point anywhere). Remove it and export again",
                    self.dir.display(),
                    path.strip_prefix(&self.dir).unwrap_or(&path).display()
                )));
            }
        }
        Ok(())
    }

    /// Refuses, before anything is written, a symbolic link inside the folder (or its
    /// `sources` folder) where this export would write: `sources` itself, a file with
    /// the export's extension, or its temporary file.
    fn refuse_links_before_writing(&self, ext: &str) -> Result<()> {
        let ours = |name: &str| {
            let name = name.trim_start_matches('.').trim_end_matches(".tmp");
            name == "sources" || name.ends_with(&format!(".{ext}"))
        };
        for rel in [Path::new(""), Path::new("sources")] {
            self.refuse_links(rel)?;
            let Ok(entries) = std::fs::read_dir(self.dir.join(rel)) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                if ours(&name.to_string_lossy()) {
                    self.refuse_links(&rel.join(&name))?;
                }
            }
        }
        Ok(())
    }

    /// Removes the files with extension `ext` in `rel` that this export did not write.
    fn remove_stale(&mut self, rel: &Path, ext: &str, keep: &BTreeSet<String>) -> Result<()> {
        self.refuse_links(rel)?;
        let dir = self.dir.join(rel);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Ok(());
        };
        for entry in entries {
            let path = entry.map_err(|e| io_error(&dir, e))?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let ours =
                path.extension().and_then(|e| e.to_str()) == Some(ext) && !name.starts_with('.');
            if ours && !keep.contains(name) {
                std::fs::remove_file(&path).map_err(|e| io_error(&path, e))?;
                self.removed += 1;
            }
        }
        Ok(())
    }
}

fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::Io(format!("{}: {e}", path.display()))
}

/// Whether two files hold the same bytes (false when `b` does not exist), read in
/// chunks so that a large table is never held in memory.
fn same_content(a: &Path, b: &Path) -> Result<bool> {
    let (Ok(meta_a), Ok(meta_b)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return Ok(false);
    };
    if meta_a.len() != meta_b.len() {
        return Ok(false);
    }
    let mut fa = File::open(a).map_err(|e| io_error(a, e))?;
    let mut fb = File::open(b).map_err(|e| io_error(b, e))?;
    let (mut ba, mut bb) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = read_full(&mut fa, &mut ba).map_err(|e| io_error(a, e))?;
        let m = read_full(&mut fb, &mut bb).map_err(|e| io_error(b, e))?;
        if n != m || ba[..n] != bb[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

fn read_full(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        let n = f.read(&mut buf[filled..])?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}
