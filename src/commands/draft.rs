//! `provtrack draft ARTICLE`: a claims file of candidate statements drafted from an
//! article's text (see `crate::draft`). Reads the database; writes nothing to it.

use std::io::Read;

use super::Ctx;
use crate::cli::DraftArgs;
use crate::dates::PartialDate;
use crate::draft::{self, Known, SourceInfo};
use crate::error::{Error, Result};
use crate::model::check_key;
use crate::output::Format;

pub fn run(ctx: &mut Ctx, args: &DraftArgs) -> Result<()> {
    let json = match ctx.out.format() {
        Format::Table | Format::Toml => false,
        Format::Json => true,
        other => {
            return Err(Error::invalid(format!(
                "draft writes a claims file: TOML (the default, or --format toml) or --format \
                 json; not {}",
                format!("{other:?}").to_lowercase()
            )))
        }
    };
    let key = check_key("--source", &args.source)?;
    let kind = args.kind.as_str().to_string();
    let published = PartialDate::parse("--published-on", &args.published_on)?;
    if args.outlet.trim().is_empty() {
        return Err(Error::invalid("--outlet is empty: name the publication"));
    }
    let (name, article) = read_article(&args.article)?;
    let mut store = ctx.read()?;
    let known = store.snapshot(|db| {
        Ok(Known {
            actors: db.export_actors()?,
            plans: db.export_plans()?,
            provisions: db.export_provisions()?,
        })
    })?;
    let source = SourceInfo {
        key,
        outlet: args.outlet.trim().to_string(),
        title: args.title.clone(),
        published_on: args.published_on.clone(),
        published: published.date,
        kind,
    };
    let drafted = draft::draft(&article, &known, Some(source));
    let title = draft::first_line_title(&article);
    let text = if json {
        crate::claims::to_json(&draft::to_claims(&drafted, &title))?
    } else {
        draft::to_toml(&drafted, &name, &title)
    };
    ctx.out.bytes(text.as_bytes())?;
    ctx.out.status(&format!(
        "drafted {} candidate statement(s) and {} new actor(s) from {name}: confirm each \
         position (remove its \"?\"), then `provtrack import --dry-run FILE`",
        drafted.candidates.len(),
        drafted.new_actors.len()
    ))
}

fn read_article(path: &std::path::Path) -> Result<(String, String)> {
    let name = path.display().to_string();
    let bytes = if name == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| Error::Io(format!("stdin: cannot read: {e}")))?;
        b
    } else {
        std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::not_found(format!("{name}: no such file")),
            _ => Error::Io(format!("{name}: cannot read: {e}")),
        })?
    };
    let name = if name == "-" {
        "stdin".to_string()
    } else {
        name
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        Error::invalid(format!(
            "{name}:{line}: the article is not valid UTF-8 text"
        ))
    })?;
    Ok((name, text))
}
