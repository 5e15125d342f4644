//! `provtrack actor ...`: states, blocs, organisations, people, media, and their aliases.

use super::editable::{self, check_new_key, integer_of, text_of, Changed, Editable};
use super::Ctx;
use crate::check::{check_tag, Mode, Naming};
use crate::cli::{ActorCommand, ActorFilter, AliasArgs, AliasCommand, TagArgs, TagCommand};
use crate::error::{Error, Result};
use crate::input::ActorFields;
use crate::model::Kind;
use crate::model::{check_line, ActorKind, MAX_NAME};
use crate::names::fold;
use crate::store::{CheckedFields, Db, Resolve};

pub fn run(ctx: &mut Ctx, cmd: ActorCommand) -> Result<()> {
    match cmd {
        ActorCommand::Record(cmd) => editable::run(ctx, cmd, list),
        ActorCommand::Alias(AliasCommand::Add(args)) => alias_add(ctx, &args),
        ActorCommand::Alias(AliasCommand::Remove(args)) => alias_remove(ctx, &args),
        ActorCommand::Tag(TagCommand::Add(args)) => tag(ctx, &args, true),
        ActorCommand::Tag(TagCommand::Remove(args)) => tag(ctx, &args, false),
    }
}

/// `actor tag add|remove ACTOR TAG`.
fn tag(ctx: &mut Ctx, args: &TagArgs, add: bool) -> Result<()> {
    let tag = check_tag(&args.tag)?;
    let mut store = ctx.write()?;
    let command = if add {
        "actor tag add"
    } else {
        "actor tag remove"
    };
    let (key, changed) = store.write(command, |db| {
        let id = db.resolve(Kind::Actor, &args.actor)?;
        let changed = if add {
            db.add_tag(id, &tag)?
        } else {
            db.remove_tag(id, &tag)?
        };
        Ok((db.key_of(Kind::Actor, id)?, changed))
    })?;
    let message = match (add, changed) {
        (true, true) => format!("actor '{key}' now has tag '{tag}'"),
        (true, false) => format!("actor '{key}' already has tag '{tag}'"),
        (false, true) => format!("actor '{key}' no longer has tag '{tag}'"),
        (false, false) => format!("actor '{key}' has no tag '{tag}'"),
    };
    let action = if changed { "updated" } else { "unchanged" };
    ctx.out.outcome(action, "actor", &key, &message)
}

fn list(ctx: &mut Ctx, filter: &ActorFilter) -> Result<()> {
    let store = ctx.read()?;
    let db = store.db();
    let parent = filter
        .parent
        .as_deref()
        .map(|p| db.resolve(Kind::Actor, p))
        .transpose()?;
    ctx.out
        .scan_columns(&["key", "kind", "parent", "name", "aliases"]);
    db.list_actors(filter.kind.map(ActorKind::as_str), parent, &mut ctx.out)
}

impl Editable for ActorFields {
    const KIND: Kind = Kind::Actor;

    fn insert(&self, db: &Db, naming: Naming) -> Result<String> {
        let row = self.check(db, Mode::Add, naming, &[])?;
        check_new_key(db, Kind::Actor, &row, None)?;
        check_key_not_alias(db, &row, None)?;
        let key = text_of(&row, "key").unwrap_or_default().to_string();
        let members = self.member_ids(db)?;
        let tags = self.check_tags()?;
        let id = db.insert(Kind::Actor, &row)?;
        for alias in self.check_aliases()? {
            add_alias(db, id, &alias)?;
        }
        db.set_members(id, &members)?;
        for tag in tags {
            db.add_tag(id, &tag)?;
        }
        Ok(key)
    }

    fn update(&self, db: &Db, id: i64, unset: &[String], naming: Naming) -> Result<Changed> {
        if !self.aliases.is_empty() {
            return Err(Error::invalid(
                "--alias is for `actor add`; use `provtrack actor alias add ACTOR ALIAS` to add one",
            ));
        }
        if !self.tags.is_empty() {
            return Err(Error::invalid(
                "--tag is for `actor add`; use `provtrack actor tag add ACTOR TAG` to add one",
            ));
        }
        let mut changed = update(db, id, self, unset, naming)?;
        // On the command line, --member lists the members in full; --unset members
        // removes them.
        let members = if unset.iter().any(|u| u == "members") {
            Some(Vec::new())
        } else if self.members.is_empty() {
            None
        } else {
            Some(self.member_ids(db)?)
        };
        if let Some(members) = members {
            if db.set_members(id, &members)? {
                changed.push("members");
            }
        }
        Ok(changed)
    }
}

/// Sets the given fields of an actor (not its aliases); returns what changed.
pub(super) fn update(
    db: &Db,
    id: i64,
    fields: &ActorFields,
    unset: &[String],
    naming: Naming,
) -> Result<Changed> {
    let row = fields.check(db, Mode::Update, naming, unset)?;
    check_new_key(db, Kind::Actor, &row, Some(id))?;
    check_key_not_alias(db, &row, Some(id))?;
    check_parent_cycle(db, id, &row)?;
    db.update_changed(Kind::Actor, id, &row)
}

/// Refuses a key that is another actor's alias: the two would name different actors.
fn check_key_not_alias(db: &Db, row: &CheckedFields, actor: Option<i64>) -> Result<()> {
    let Some(key) = text_of(row, "key") else {
        return Ok(());
    };
    match db.alias_owner(key)? {
        Some((owner, owner_key)) if Some(owner) != actor => Err(Error::invalid(format!(
            "key '{key}' is already an alias of actor '{owner_key}'"
        ))),
        _ => Ok(()),
    }
}

/// Refuses a parent chain that leads back to the actor itself.
fn check_parent_cycle(db: &Db, id: i64, row: &CheckedFields) -> Result<()> {
    let Some(start) = integer_of(row, "parent") else {
        return Ok(());
    };
    // Parents are checked on every change, so an existing chain has no cycle to loop on.
    let mut ancestor = Some(start);
    while let Some(a) = ancestor {
        if a == id {
            return Err(Error::invalid(format!(
                "parent '{}' would make actor '{}' its own ancestor",
                db.key_of(Kind::Actor, start)?,
                db.key_of(Kind::Actor, id)?
            )));
        }
        ancestor = db.parent_of(a)?;
    }
    Ok(())
}

/// Adds an alias unless it already names an actor (as an alias or a key). Adding an
/// alias the actor already has changes nothing and returns false.
pub(super) fn add_alias(db: &Db, actor_id: i64, alias: &str) -> Result<bool> {
    let alias = crate::names::clean(&check_line("alias", alias, MAX_NAME)?);
    if let Some((owner, owner_key)) = db.alias_owner(&alias)? {
        if owner == actor_id {
            return Ok(false);
        }
        return Err(Error::invalid(format!(
            "alias '{alias}' already names actor '{owner_key}'"
        )));
    }
    if let Some(other) = db.find(Kind::Actor, &fold(&alias))? {
        if other != actor_id {
            return Err(Error::invalid(format!(
                "alias '{alias}' would shadow the key of actor '{}'",
                db.key_of(Kind::Actor, other)?
            )));
        }
    }
    db.add_alias(actor_id, &alias)?;
    Ok(true)
}

fn alias_add(ctx: &mut Ctx, args: &AliasArgs) -> Result<()> {
    let mut store = ctx.write()?;
    let (key, added) = store.write("actor alias add", |db| {
        let id = db.resolve(Kind::Actor, &args.actor)?;
        let added = add_alias(db, id, &args.alias)?;
        Ok((db.key_of(Kind::Actor, id)?, added))
    })?;
    let (action, message) = if added {
        (
            "updated",
            format!("'{}' now also names actor '{key}'", args.alias),
        )
    } else {
        (
            "unchanged",
            format!("'{}' already names actor '{key}'", args.alias),
        )
    };
    ctx.out.outcome(action, "actor", &key, &message)
}

fn alias_remove(ctx: &mut Ctx, args: &AliasArgs) -> Result<()> {
    let mut store = ctx.write()?;
    let key = store.write("actor alias remove", |db| {
        let id = db.resolve(Kind::Actor, &args.actor)?;
        let key = db.key_of(Kind::Actor, id)?;
        if !db.remove_alias(id, &args.alias)? {
            let known = db.aliases_of(id)?;
            return Err(Error::not_found(format!(
                "actor '{key}' has no alias '{}' (its aliases: {})",
                args.alias,
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )));
        }
        Ok(key)
    })?;
    let message = format!("removed alias '{}' of actor '{key}'", args.alias);
    ctx.out.outcome("updated", "actor", &key, &message)
}
