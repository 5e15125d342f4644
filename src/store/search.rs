//! `provtrack search`: FTS5 over provision titles and texts, stance quotes and notes,
//! and source titles.
//!
//! The index is the table `search_index` of migration 0002, kept in step by triggers.
//! Its rowid encodes the record (id * 4 + 1 provision, + 2 stance, + 3 source), so a hit
//! is shown with the record's current key and title however they changed since.

use rusqlite::types::ToSql;

use super::adhoc::collect;
use super::db::Db;
use crate::error::{Error, Result};
use crate::result_set::ResultSet;

/// The kinds of record the index holds.
pub const SEARCH_KINDS: &[&str] = crate::model::SEARCH_KINDS;

/// Ranks hits by bm25 (best first) and describes each; snippets mark matches `[so]`.
const SEARCH: &str = "
SELECT hit.kind,
       CASE hit.kind WHEN 'provision' THEN pv.key WHEN 'source' THEN s.key
            ELSE CAST(st.id AS TEXT) END AS key,
       CASE hit.kind WHEN 'provision' THEN pv.title WHEN 'source' THEN s.title
            ELSE sa.key || ' ' || st.position || ' ' || coalesce(
                (SELECT group_concat(key, ', ') FROM (SELECT spv.key FROM stance_targets t
                  JOIN provisions spv ON spv.id = t.provision_id WHERE t.stance_id = st.id
                  ORDER BY spv.key)),
                spl.key) END AS title,
       hit.snippet, row_number() OVER (ORDER BY hit.score, hit.id) AS rank
FROM (SELECT si.rowid AS id, si.kind, bm25(search_index) AS score,
             snippet(search_index, -1, '[', ']', '…', 12) AS snippet
      FROM search_index si
      WHERE search_index MATCH :query AND (:kind IS NULL OR si.kind = :kind)) hit
LEFT JOIN provisions pv ON hit.kind = 'provision' AND pv.id = hit.id / 4
LEFT JOIN sources s ON hit.kind = 'source' AND s.id = hit.id / 4
LEFT JOIN stances st ON hit.kind = 'stance' AND st.id = hit.id / 4
LEFT JOIN actors sa ON sa.id = st.actor_id
LEFT JOIN plans spl ON spl.id = st.plan_id
ORDER BY rank
LIMIT :limit";

impl Db<'_> {
    /// The best `limit` hits of an FTS5 `query`, optionally of one kind only.
    pub fn search(&self, query: &str, kind: Option<&str>, limit: u32) -> Result<ResultSet> {
        let mut stmt = self.conn.prepare(SEARCH)?;
        let columns = stmt.column_names().map(str::to_string).collect();
        let bound: &[(&str, &dyn ToSql)] =
            &[(":query", &query), (":kind", &kind), (":limit", &limit)];
        let cursor = stmt.query(bound).map_err(query_error)?;
        collect(columns, cursor, query_error)
    }
}

/// FTS5 reports a malformed query when the search runs, with SQLite's generic error
/// code: "fts5: syntax error near ...", "unterminated string", "unknown special query",
/// "no such column: x". The statement around the query is fixed, so any such error is
/// the query's; a busy or failing database keeps its own kind.
fn query_error(e: rusqlite::Error) -> Error {
    match &e {
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error {
                code: rusqlite::ErrorCode::Unknown,
                ..
            },
            Some(message),
        ) => Error::invalid(format!(
            "search: not a valid FTS5 query ({message}); without --raw the words are \
                 searched as written"
        )),
        _ => e.into(),
    }
}

/// Spellings of one name that the sources use interchangeably (Ukrainian and Russian
/// transliterations, English variants): a search for one finds the others. Matching is
/// on the whole word, ignoring case; accents are already ignored by the index.
pub const SPELLINGS: &[&[&str]] = &[
    &["Kyiv", "Kiev"],
    &["Zaporizhzhia", "Zaporizhzhya", "Zaporozhye", "Zaporozhe"],
    &["Kharkiv", "Kharkov"],
    &["Donbas", "Donbass"],
    &["Luhansk", "Lugansk"],
    &["Dnipro", "Dnieper", "Dnepr"],
    &["Odesa", "Odessa"],
    &["Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskii"],
];

/// An FTS5 query that finds `words` as written: each word quoted, so punctuation and
/// FTS5 keywords (AND, OR, NOT, NEAR) are plain text; all words must match. A word with
/// other spellings (`SPELLINGS`) matches any of them: such groups follow the other
/// words with an explicit AND, as FTS5 allows the implicit AND only between phrases
/// (and a phrase with no word in it, such as `"("`, is only harmless there).
pub fn words_query(words: &str) -> String {
    let quote = |w: &str| format!("\"{}\"", w.replace('"', "\"\""));
    let (mut phrases, mut groups) = (Vec::new(), Vec::new());
    for word in words.split_whitespace() {
        match SPELLINGS
            .iter()
            .find(|group| group.iter().any(|s| s.eq_ignore_ascii_case(word)))
        {
            Some(group) => groups.push(format!(
                "({})",
                group
                    .iter()
                    .map(|s| quote(s))
                    .collect::<Vec<_>>()
                    .join(" OR ")
            )),
            None => phrases.push(quote(word)),
        }
    }
    let phrases = phrases.join(" ");
    std::iter::once(phrases)
        .filter(|p| !p.is_empty())
        .chain(groups)
        .collect::<Vec<_>>()
        .join(" AND ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_and_quotes_doubled() {
        assert_eq!(words_query(" Article  5 "), "\"Article\" \"5\"");
        assert_eq!(
            words_query("say \"no\" OR"),
            "\"say\" \"\"\"no\"\"\" \"OR\""
        );
    }

    #[test]
    fn a_place_with_other_spellings_matches_any_of_them() {
        assert_eq!(
            words_query("kiev peace talks"),
            "\"peace\" \"talks\" AND (\"Kyiv\" OR \"Kiev\")"
        );
        assert_eq!(
            words_query("Kharkiv Kiev"),
            "(\"Kharkiv\" OR \"Kharkov\") AND (\"Kyiv\" OR \"Kiev\")"
        );
        for group in SPELLINGS {
            assert!(group.len() > 1);
            for other in SPELLINGS.iter().filter(|g| !std::ptr::eq(*g, group)) {
                assert!(
                    group
                        .iter()
                        .all(|s| !other.iter().any(|o| o.eq_ignore_ascii_case(s))),
                    "{s:?} is in two groups",
                    s = group
                );
            }
        }
    }
}
