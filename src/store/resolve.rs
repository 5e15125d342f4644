//! What users call a record (its key; an actor also by an alias) resolved to its id, by
//! one rule (`Resolve::resolve`): as given, or else compared as `names::fold` compares
//! names. Two back ends answer its look-ups: the database itself (`Db`, a query per
//! name) and the key maps a bulk import loads once (`KeyMaps`), so that `stance add`
//! and a million-row import check a stance by the same code (`check::stance`), and
//! every kind is resolved by the same rule (`check`, `commands`).

use std::borrow::Cow;
use std::collections::HashMap;

use super::db::Db;
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::names::fold;

/// What checking a record needs to know of the records it names. `resolve` is the one
/// rule by which a name finds its record, for every kind and every command (`add`,
/// `update`, claims files, tables); a back end only answers the look-ups it is made of.
pub trait Resolve {
    /// The id of the record with exactly this key (a stance: this id or key), if any.
    fn find_key(&self, kind: Kind, key: &str) -> Result<Option<i64>>;
    /// The actor an alias names, by the alias folded (`names::fold`), if any.
    fn find_alias(&self, folded: &str) -> Result<Option<i64>>;
    /// The "unknown actor 'x' — did you mean 'y'?" error of a name nothing matched.
    fn unknown(&self, kind: Kind, text: &str) -> Error;
    /// The plan a provision belongs to.
    fn plan_of(&self, provision: i64) -> Result<i64>;
    /// The key of a record, by id.
    fn key_of(&self, kind: Kind, id: i64) -> Result<Cow<'_, str>>;
    /// A source's publication date: the stored first day and its precision.
    fn published_on(&self, source: i64) -> Result<(Cow<'_, str>, Cow<'_, str>)>;

    /// The id of the record `text` names: the key as given; else, for an actor, an
    /// alias compared as `names::fold` compares names (case, spaces around, NFC or
    /// NFD); else the key so compared. Nothing matched: "unknown actor 'x' — did you
    /// mean 'y'?".
    fn resolve(&self, kind: Kind, text: &str) -> Result<i64> {
        if let Some(id) = self.find_key(kind, text)? {
            return Ok(id);
        }
        let folded = fold(text);
        if kind == Kind::Actor {
            if let Some(id) = self.find_alias(&folded)? {
                return Ok(id);
            }
        }
        if folded != text {
            if let Some(id) = self.find_key(kind, &folded)? {
                return Ok(id);
            }
        }
        Err(self.unknown(kind, text))
    }
}

/// The database itself: a query per name.
impl Resolve for Db<'_> {
    fn find_key(&self, kind: Kind, key: &str) -> Result<Option<i64>> {
        self.find(kind, key)
    }

    fn find_alias(&self, folded: &str) -> Result<Option<i64>> {
        self.alias_owner(folded)
            .map(|owner| owner.map(|(id, _)| id))
    }

    fn unknown(&self, kind: Kind, text: &str) -> Error {
        Db::unknown(self, kind, text)
    }

    fn plan_of(&self, provision: i64) -> Result<i64> {
        self.plan_of_provision(provision)
    }

    fn key_of(&self, kind: Kind, id: i64) -> Result<Cow<'_, str>> {
        Db::key_of(self, kind, id).map(Cow::Owned)
    }

    fn published_on(&self, source: i64) -> Result<(Cow<'_, str>, Cow<'_, str>)> {
        let (on, precision) = self.source_date(source)?;
        Ok((Cow::Owned(on), Cow::Owned(precision)))
    }
}

/// Every key and alias with its id, loaded once (inside the import's transaction,
/// after the other kinds are written) so that a bulk import resolves its references
/// without a query per row. Names it does not hold are unknown: the error, with its
/// "did you mean", comes from the database.
pub struct KeyMaps<'a> {
    db: &'a Db<'a>,
    actors: HashMap<String, i64>,
    /// Folded alias → actor (the stored `actor_aliases.folded`).
    aliases: HashMap<String, i64>,
    plans: HashMap<String, i64>,
    provisions: HashMap<String, i64>,
    sources: HashMap<String, i64>,
    /// Provision id → its plan's id.
    provision_plans: HashMap<i64, i64>,
    /// Source id → publication date (stored first day, precision).
    published: HashMap<i64, (String, String)>,
    /// Ids back to keys, for generated stance keys and messages.
    keys: HashMap<(u8, i64), String>,
}

impl<'a> KeyMaps<'a> {
    /// Loads every key and alias of `db` (a few MB at tens of thousands of records).
    pub fn load(db: &'a Db<'a>) -> Result<KeyMaps<'a>> {
        let mut maps = KeyMaps {
            db,
            actors: HashMap::new(),
            aliases: HashMap::new(),
            plans: HashMap::new(),
            provisions: HashMap::new(),
            sources: HashMap::new(),
            provision_plans: HashMap::new(),
            published: HashMap::new(),
            keys: HashMap::new(),
        };
        for (key, id) in db.keys_and_ids(Kind::Actor)? {
            maps.keys.insert((Kind::Actor as u8, id), key.clone());
            maps.actors.insert(key, id);
        }
        for (folded, id) in db.folded_aliases()? {
            maps.aliases.insert(folded, id);
        }
        for (key, id) in db.keys_and_ids(Kind::Plan)? {
            maps.keys.insert((Kind::Plan as u8, id), key.clone());
            maps.plans.insert(key, id);
        }
        for (key, id, plan) in db.provision_keys()? {
            maps.keys.insert((Kind::Provision as u8, id), key.clone());
            maps.provisions.insert(key, id);
            maps.provision_plans.insert(id, plan);
        }
        for (key, id, published) in db.source_keys()? {
            maps.keys.insert((Kind::Source as u8, id), key.clone());
            maps.sources.insert(key, id);
            maps.published.insert(id, published);
        }
        Ok(maps)
    }
}

/// The maps of a bulk import: no query per name.
impl Resolve for KeyMaps<'_> {
    fn find_key(&self, kind: Kind, key: &str) -> Result<Option<i64>> {
        let map = match kind {
            Kind::Actor => &self.actors,
            Kind::Plan => &self.plans,
            Kind::Provision => &self.provisions,
            Kind::Source => &self.sources,
            Kind::Stance => return self.db.find(kind, key),
        };
        Ok(map.get(key).copied())
    }

    fn find_alias(&self, folded: &str) -> Result<Option<i64>> {
        Ok(self.aliases.get(folded).copied())
    }

    fn unknown(&self, kind: Kind, text: &str) -> Error {
        self.db.unknown(kind, text)
    }

    fn plan_of(&self, provision: i64) -> Result<i64> {
        self.provision_plans
            .get(&provision)
            .copied()
            .ok_or_else(|| Error::Unexpected(format!("provision {provision} has no plan")))
    }

    fn key_of(&self, kind: Kind, id: i64) -> Result<Cow<'_, str>> {
        match self.keys.get(&(kind as u8, id)) {
            Some(key) => Ok(Cow::Borrowed(key.as_str())),
            None => Db::key_of(self.db, kind, id).map(Cow::Owned),
        }
    }

    fn published_on(&self, source: i64) -> Result<(Cow<'_, str>, Cow<'_, str>)> {
        let (on, precision) = self
            .published
            .get(&source)
            .ok_or_else(|| Error::Unexpected(format!("source {source} has no publication date")))?;
        Ok((
            Cow::Borrowed(on.as_str()),
            Cow::Borrowed(precision.as_str()),
        ))
    }
}

impl Db<'_> {
    /// Every key of a kind with its id.
    fn keys_and_ids(&self, kind: Kind) -> Result<Vec<(String, i64)>> {
        let sql = format!("SELECT key, id FROM {}", kind.table());
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every alias, folded, with its actor's id.
    fn folded_aliases(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT folded, actor_id FROM actor_aliases")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every provision's key, id and plan id.
    fn provision_keys(&self) -> Result<Vec<(String, i64, i64)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT key, id, plan_id FROM provisions")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every source's key, id and publication date (stored first day, precision).
    #[allow(clippy::type_complexity)]
    fn source_keys(&self) -> Result<Vec<(String, i64, (String, String))>> {
        let mut stmt = self
            .conn
            .prepare("SELECT key, id, published_on, published_precision FROM sources")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, (r.get(2)?, r.get(3)?))))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
