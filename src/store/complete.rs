//! The names shell completion offers: record keys (and actor aliases) that start with
//! what has been typed so far.

use super::Db;
use crate::error::Result;
use crate::model::Kind;
use crate::names::fold;

impl Db<'_> {
    /// Up to `limit` names of records of `kind` starting with `prefix` (keys compare
    /// as typed in lowercase, aliases folded; stances by id), in order.
    pub fn names_with_prefix(&self, kind: Kind, prefix: &str, limit: u32) -> Result<Vec<String>> {
        let sql = match kind {
            Kind::Stance => {
                "SELECT CAST(id AS TEXT) AS name FROM stances
                 WHERE substr(CAST(id AS TEXT), 1, length(?1)) = ?1 ORDER BY id LIMIT ?2"
            }
            Kind::Actor => {
                "SELECT name FROM (
                     SELECT key AS name FROM actors WHERE substr(key, 1, length(?1)) = ?1
                     UNION
                     SELECT alias FROM actor_aliases WHERE substr(folded, 1, length(?3)) = ?3)
                 ORDER BY name LIMIT ?2"
            }
            Kind::Source => {
                "SELECT key FROM sources WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key LIMIT ?2"
            }
            Kind::Plan => {
                "SELECT key FROM plans WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key LIMIT ?2"
            }
            Kind::Provision => {
                "SELECT key FROM provisions WHERE substr(key, 1, length(?1)) = ?1
                 ORDER BY key LIMIT ?2"
            }
        };
        let mut stmt = self.conn.prepare(sql)?;
        let lower = prefix.to_lowercase();
        let folded = fold(prefix);
        let rows = if kind == Kind::Actor {
            stmt.query_map(rusqlite::params![lower, limit, folded], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?
        } else {
            stmt.query_map(rusqlite::params![lower, limit], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?
        };
        Ok(rows)
    }
}
