//! `provtrack source ...`: the articles, speeches and leaks that report claims.

use super::editable::{self, check_new_key, text_of, Changed, Editable};
use super::Ctx;
use crate::check::{Mode, Naming};
use crate::cli::{SourceCommand, SourceFilter};
use crate::error::{Error, Result};
use crate::input::SourceFields;
use crate::model::Kind;
use crate::model::SourceKind;
use crate::result_set::InferredDates;
use crate::store::{CheckedFields, Db};

pub fn run(ctx: &mut Ctx, cmd: SourceCommand) -> Result<()> {
    editable::run(ctx, cmd, list)
}

fn list(ctx: &mut Ctx, filter: &SourceFilter) -> Result<()> {
    let store = ctx.read()?;
    ctx.out
        .scan_columns(&["key", "published_on", "outlet", "kind", "title"]);
    let for_people = ctx.for_people();
    store.db().list_sources(
        filter.kind.map(SourceKind::as_str),
        filter.outlet.as_deref(),
        &mut InferredDates::new(&mut ctx.out, for_people),
    )
}

impl Editable for SourceFields {
    const KIND: Kind = Kind::Source;

    fn insert(&self, db: &Db, naming: Naming) -> Result<String> {
        let row = self.check(db, Mode::Add, naming, &[])?;
        check_unique(db, &row, None)?;
        db.insert(Kind::Source, &row)?;
        Ok(text_of(&row, "key").unwrap_or_default().to_string())
    }

    fn update(&self, db: &Db, id: i64, unset: &[String], naming: Naming) -> Result<Changed> {
        let row = self.check(db, Mode::Update, naming, unset)?;
        check_unique(db, &row, Some(id))?;
        db.update_changed(Kind::Source, id, &row)
    }
}

fn check_unique(db: &Db, row: &CheckedFields, except: Option<i64>) -> Result<()> {
    check_new_key(db, Kind::Source, row, except)?;
    if let Some(url) = text_of(row, "url") {
        if let Some(other) = db.source_with_url(url)? {
            if db.find(Kind::Source, &other)? != except {
                return Err(Error::invalid(format!(
                    "url '{url}' is already recorded for source '{other}'"
                )));
            }
        }
    }
    Ok(())
}
