//! `init` and `migrate`: creating the database and moving it to the current schema.

use serde_json::Value;

use super::Ctx;
use crate::cli::MigrateArgs;
use crate::error::Result;
use crate::result_set::ResultSet;
use crate::store::Store;

pub fn init(ctx: &mut Ctx) -> Result<()> {
    let store = ctx.write()?;
    let path = store.path().display().to_string();
    ctx.out.outcome(
        "ready",
        "database",
        &path,
        &format!("database ready: {path}"),
    )
}

pub fn migrate(ctx: &mut Ctx, args: &MigrateArgs) -> Result<()> {
    let store = if args.status {
        Store::open_for_status(&ctx.db_path, ctx.busy_timeout)?
    } else {
        ctx.write()?
    };
    let mut rows = ResultSet::new(&["level", "name", "state"]);
    for (level, name, applied) in store.migration_status()? {
        let state = if applied { "applied" } else { "pending" };
        rows.push(vec![Value::from(level), name.into(), state.into()]);
    }
    ctx.out.rows(&rows)
}
