//! `provtrack search TEXT`: full-text search of provisions, stance quotes and notes,
//! and source titles, best hits first.
//!
//! The words are searched as written (each one quoted for FTS5, all must match), so
//! `search Article 5` or `search "don't"` never trip over FTS5's query syntax; `--raw`
//! hands the text to FTS5 for OR, NEAR, phrases and prefixes.

use super::Ctx;
use crate::cli::SearchArgs;
use crate::error::{Error, Result};
use crate::model::SearchKind;
use crate::store::words_query;

pub fn run(ctx: &mut Ctx, args: &SearchArgs) -> Result<()> {
    let text = args.text.join(" ");
    let query = if args.raw {
        text.trim().to_string()
    } else {
        words_query(&text)
    };
    if query.is_empty() {
        return Err(Error::invalid("search: give the words to find"));
    }
    let kind = args.kind.map(SearchKind::as_str);
    let store = ctx.read()?;
    let rows = store
        .db()
        .search(&query, kind, search_limit(ctx.out.limit()))?;
    ctx.out.rows(&rows)
}

/// How many hits to ask for: `--limit`, 50 by default.
fn search_limit(limit: Option<u64>) -> u32 {
    limit.map_or(50, |n| u32::try_from(n).unwrap_or(u32::MAX))
}
