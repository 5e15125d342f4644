//! `provtrack backup` and `provtrack doctor`: keeping the user's record safe.

use serde_json::Value;

use super::Ctx;
use crate::cli::BackupArgs;
use crate::error::{Error, Result};
use crate::result_set::ResultSet;

/// Copies the database with SQLite's online backup API: consistent even while another
/// provtrack writes. An existing file (a symbolic link included, even one that points
/// nowhere) is never overwritten, and a failed copy leaves no file.
pub fn backup(ctx: &mut Ctx, args: &BackupArgs) -> Result<()> {
    if std::fs::symlink_metadata(&args.path).is_ok() {
        return Err(Error::invalid(format!(
            "backup path {} already exists; choose a new file name",
            args.path.display()
        )));
    }
    let store = ctx.read()?;
    store.backup_to(&args.path)?;
    let path = args.path.display().to_string();
    ctx.out.outcome(
        "backed-up",
        "database",
        &path,
        &format!("backup written to {path}"),
    )
}

/// Runs every check and reports each as ok or the problem with its fix; exits 65 when
/// any check found a problem.
pub fn doctor(ctx: &mut Ctx) -> Result<()> {
    // A file too damaged to open is reported like a failed integrity_check; a file
    // that is not a provtrack database, or none, keeps its own error.
    let checks = match ctx.read() {
        Ok(store) => store.db().doctor()?,
        Err(e @ Error::Unexpected(_)) => vec![crate::store::damage(&ctx.db_path).ok_or(e)?],
        Err(e) => return Err(e),
    };
    let mut rows = ResultSet::new(&["check", "status", "problem", "fix"]);
    let mut problems = 0;
    for check in &checks {
        let (status, fix) = match &check.problem {
            None => ("ok", Value::Null),
            Some(_) => {
                problems += 1;
                ("problem", Value::from(check.fix))
            }
        };
        rows.push(vec![
            check.name.into(),
            status.into(),
            check.problem.clone().map_or(Value::Null, Value::from),
            fix,
        ]);
    }
    ctx.out.rows(&rows)?;
    if problems > 0 {
        return Err(Error::invalid(format!(
            "doctor found {problems} problem(s) in {}",
            ctx.db_path.display()
        )));
    }
    Ok(())
}
