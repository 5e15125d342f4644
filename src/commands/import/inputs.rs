//! What an import reads: the files and folders named (a folder stands for every data
//! file under it), standard input spooled to a temporary file, each file's format and
//! record kind. Nothing is written here.

use std::path::{Path, PathBuf};

use crate::claims::{self, Parsed};
use crate::cli::ImportArgs;
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::output::Format;
use crate::tabular::{self, DataFormat, TableKind, TableRecord};

/// Everything an import reads, before anything is written.
#[derive(Default)]
pub(super) struct Inputs {
    pub(super) claims: Vec<Parsed>,
    /// Records of the small kinds from tables, with their `file:line`.
    pub(super) records: Vec<(String, TableRecord)>,
    /// Stance tables, streamed while writing.
    pub(super) stance_files: Vec<(PathBuf, DataFormat)>,
    pub(super) files: usize,
}

/// Reads every input `import` names (folders expanded, stdin spooled), checking
/// each file's format and record kind; claims files and the tables of the small kinds
/// are parsed, stance tables only found (they are streamed while writing).
pub(super) fn read(
    printed: Format,
    args: &ImportArgs,
    stdin: &mut Option<Spool>,
) -> Result<Inputs> {
    let forced_kind = args.kind;
    let input_format = args.input_format;
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
                .ok_or_else(|| unknown_format(&path, printed))?;
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
                     plans, provisions, provision_reports or stances (e.g. stances.{}), or \
                     pass --kind",
                    path.display(),
                    format.extension()
                ))
            })?;
        if kind == TableKind::Records(Kind::Stance) {
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
    Ok(inputs)
}

/// stdin, copied to a temporary file (removed when dropped) so that it is read like any
/// file, a stance table of any size in bounded memory; its format is `--input-format`
/// or detected from its first lines, and so is the record kind of a table.
pub(super) struct Spool {
    path: PathBuf,
    format: DataFormat,
    kind: Option<TableKind>,
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
    pub(super) fn rename_in(&self, e: Error) -> Error {
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

/// Every .toml and .json file of a folder, in name order.
pub(super) fn read_dir(dir: &Path) -> Result<Vec<Parsed>> {
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
