//! `provtrack provision ...`: what each plan contains, and its lineage.

use super::editable::{self, check_new_key, text_of, Changed, Editable};
use super::Ctx;
use crate::check::{Mode, Naming};
use crate::cli::{ProvisionCommand, ProvisionFilter, ProvisionReportArgs};
use crate::error::Result;
use crate::input::ProvisionFields;
use crate::model::Kind;
use crate::model::{check_line, check_text, Category, MAX_NAME, MAX_TEXT};
use crate::store::{Db, ReportWritten, Resolve};

pub fn run(ctx: &mut Ctx, cmd: ProvisionCommand) -> Result<()> {
    match cmd {
        ProvisionCommand::Record(cmd) => editable::run(ctx, cmd, list),
        ProvisionCommand::Report(args) => report_cmd(ctx, &args),
    }
}

/// `provision report P --source S --text TEXT [--figures F]`.
fn report_cmd(ctx: &mut Ctx, args: &ProvisionReportArgs) -> Result<()> {
    let mut store = ctx.write()?;
    let (key, source, changed) = store.write("provision report", |db| {
        let id = db.resolve(Kind::Provision, &args.provision)?;
        let source = db.resolve(Kind::Source, &args.source)?;
        let changed = report(db, id, source, &args.text, args.figures.as_deref())?
            != ReportWritten::Unchanged;
        Ok((
            db.key_of(Kind::Provision, id)?,
            db.key_of(Kind::Source, source)?,
            changed,
        ))
    })?;
    let (action, message) = if changed {
        (
            "updated",
            format!("recorded what '{source}' says provision '{key}' contains"),
        )
    } else {
        (
            "unchanged",
            format!("'{source}' already says that of provision '{key}'"),
        )
    };
    ctx.out.outcome(action, "provision", &key, &message)
}

/// Records what a source says a provision contains; the figures are the text's numbers
/// unless given.
pub(super) fn report(
    db: &Db,
    provision_id: i64,
    source_id: i64,
    text: &str,
    figures: Option<&str>,
) -> Result<ReportWritten> {
    let text = check_text("text", text, MAX_TEXT)?;
    let figures = match figures {
        Some(f) => Some(check_line("figures", f, MAX_NAME)?),
        None => crate::model::figures(&text),
    };
    db.set_provision_report(provision_id, source_id, &text, figures.as_deref())
}

fn list(ctx: &mut Ctx, filter: &ProvisionFilter) -> Result<()> {
    let store = ctx.read()?;
    let db = store.db();
    let plan = filter
        .plan
        .as_deref()
        .map(|p| db.resolve(Kind::Plan, p))
        .transpose()?;
    ctx.out.scan_columns(&["key", "point", "category", "title"]);
    db.list_provisions(plan, filter.category.map(Category::as_str), &mut ctx.out)
}

impl Editable for ProvisionFields {
    const KIND: Kind = Kind::Provision;

    /// Adds a provision with its lineage links; returns its key.
    fn insert(&self, db: &Db, naming: Naming) -> Result<String> {
        let row = self.check(db, Mode::Add, naming, &[])?;
        check_new_key(db, Kind::Provision, &row, None)?;
        let links = self.links(db, naming)?;
        let id = db.insert(Kind::Provision, &row)?;
        if let Some(links) = links {
            db.set_links(id, &links)?;
        }
        Ok(text_of(&row, "key").unwrap_or_default().to_string())
    }

    /// Sets the given fields of a provision; `--continues` replaces its lineage links
    /// and `--unset continues` removes them. Returns what changed.
    fn update(&self, db: &Db, id: i64, unset: &[String], naming: Naming) -> Result<Changed> {
        let row = self.check(db, Mode::Update, naming, unset)?;
        check_new_key(db, Kind::Provision, &row, Some(id))?;
        let links = self.links(db, naming)?;
        let mut changed = db.update_changed(Kind::Provision, id, &row)?;
        let links = match links {
            Some(links) => Some(links),
            None if unset.iter().any(|u| u == "continues") => Some(Vec::new()),
            None => None,
        };
        let relinked = match links {
            Some(links) => db.set_links(id, &links)?,
            // A provision moved to another plan must not end up linked inside one plan.
            None => {
                db.check_lineage(id)?;
                false
            }
        };
        if relinked {
            changed.push("continues");
        }
        Ok(changed)
    }
}
