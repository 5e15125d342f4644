//! The fields of each record kind as a user gives them: as command-line flags
//! (`actor add --key ... --name ...`) or as a record in a claims file. One type serves
//! both, so the command line and `import` check and store a record the same way.

use clap::Args;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use crate::dates::PartialDate;
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{Db, Fields, Kind};

#[derive(Debug, Args, Default, Deserialize, Serialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SourceFields {
    /// Unique key, a lowercase slug (required for add)
    #[arg(long)]
    pub key: Option<String>,
    /// The publication (required for add)
    #[arg(long)]
    pub outlet: Option<String>,
    /// Headline or title (required for add)
    #[arg(long)]
    pub title: Option<String>,
    /// Web address; unique when present
    #[arg(long)]
    pub url: Option<String>,
    #[arg(long)]
    pub author: Option<String>,
    /// Publication date: YYYY-MM-DD, YYYY-MM or YYYY (required for add)
    #[arg(long, value_name = "DATE")]
    pub published_on: Option<String>,
    /// The publication date is inferred, not printed on the source
    /// (`--published-inferred false` to clear)
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub published_inferred: Option<bool>,
    /// news, analysis, opinion, leak, official, interview or transcript (required for add)
    #[arg(long)]
    pub kind: Option<String>,
    /// Language tag, e.g. en
    #[arg(long)]
    pub language: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Debug, Args, Default, Deserialize, Serialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ActorFields {
    /// Unique key, a lowercase slug (required for add)
    #[arg(long)]
    pub key: Option<String>,
    /// Full name (required for add)
    #[arg(long)]
    pub name: Option<String>,
    /// state, bloc, organization, person or media (required for add)
    #[arg(long)]
    pub kind: Option<String>,
    /// The actor this one speaks for (key or alias)
    #[arg(long)]
    pub parent: Option<String>,
    /// Another name for the actor (repeatable; add only)
    #[arg(long = "alias", value_name = "ALIAS")]
    #[serde(default)]
    pub aliases: Vec<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Debug, Args, Default, Deserialize, Serialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PlanFields {
    /// Unique key, a lowercase slug (required for add)
    #[arg(long)]
    pub key: Option<String>,
    /// Title (required for add)
    #[arg(long)]
    pub title: Option<String>,
    /// leaked, proposed, counter-proposal, under-negotiation, agreed, signed or abandoned (required for add)
    #[arg(long)]
    pub status: Option<String>,
    /// When the plan was first reported: YYYY-MM-DD, YYYY-MM or YYYY
    #[arg(long, value_name = "DATE")]
    pub first_reported_on: Option<String>,
    /// An actor who proposes the plan (repeatable; on update, replaces the list)
    #[arg(long = "proposer", value_name = "ACTOR")]
    #[serde(default)]
    pub proposers: Vec<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Debug, Args, Default, Deserialize, Serialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProvisionFields {
    /// Unique key, a lowercase slug (required for add)
    #[arg(long)]
    pub key: Option<String>,
    /// The plan that contains it (required for add)
    #[arg(long)]
    pub plan: Option<String>,
    /// Point number in the plan, where a source gives one
    #[arg(long)]
    pub point: Option<i64>,
    /// Short title (required for add)
    #[arg(long)]
    pub title: Option<String>,
    /// What the provision says, with its figures
    #[arg(long)]
    pub text: Option<String>,
    /// Category, e.g. territory or ceasefire (required for add)
    #[arg(long)]
    pub category: Option<String>,
    /// A provision of an earlier plan that this one continues
    #[arg(long, value_name = "PROVISION")]
    pub continues: Option<String>,
    /// How it continues it: same, modified, merged or split (with --continues)
    #[arg(long)]
    pub relation: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Debug, Args, Default, Deserialize, Serialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StanceFields {
    /// A stable key for the stance, a lowercase slug [add default: generated from the
    /// source and what the stance says]
    #[arg(long)]
    pub key: Option<String>,
    /// The actor (key or alias) (required for add)
    #[arg(long)]
    pub actor: Option<String>,
    /// The plan; without --provision the stance is about the plan as a whole (one of
    /// --plan and --provision is required for add)
    #[arg(long)]
    pub plan: Option<String>,
    /// A provision the statement is about (repeatable: one statement on several
    /// provisions of one plan; on update, replaces the list)
    #[arg(long = "provision", value_name = "PROVISION")]
    #[serde(default)]
    pub provisions: Vec<String>,
    /// position, forecast (the source's prediction of the actor's position) or
    /// recommendation (advice about what the actor should do) [add default: position]
    #[arg(long)]
    pub kind: Option<String>,
    /// proposes, supports, conditional, undecided, neutral, opposes or rejects (required for add)
    #[arg(long)]
    pub position: Option<String>,
    /// The source that reports it (required for add)
    #[arg(long)]
    pub source: Option<String>,
    /// When the actor said it: YYYY-MM-DD, YYYY-MM or YYYY; not after the source's
    /// publication [add default: the source's publication date, marked inferred]
    #[arg(long, value_name = "DATE")]
    #[serde(rename = "stated_on")]
    pub date: Option<String>,
    /// The date is inferred, not stated by the source (`--date-inferred false` to clear)
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub date_inferred: Option<bool>,
    /// The actor's own words, verbatim (nothing of the journalist's)
    #[arg(long)]
    pub quote: Option<String>,
    /// The source's sentence that reports, paraphrases or infers the stance (verbatim,
    /// at most one sentence)
    #[arg(long)]
    pub evidence: Option<String>,
    /// direct (the actor's own, on-record word), reported, anonymous or inferred
    /// [add default: reported]
    #[arg(long)]
    pub attribution: Option<String>,
    /// An intermediary through whom the source heard the actor (repeatable, nearest to
    /// the source first; on update, replaces the list)
    #[arg(long = "via", value_name = "ACTOR")]
    #[serde(default)]
    pub via: Vec<String>,
    /// A source whose report this source repeats (it is then not an independent source)
    #[arg(long, value_name = "SOURCE")]
    pub relays: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

/// The longest value a one-line column takes, as the schema's CHECKs allow.
fn max_length(column: &str) -> usize {
    match column {
        "title" => MAX_TITLE,
        "language" => MAX_LANGUAGE,
        _ => MAX_NAME,
    }
}

/// Whether a record is being created (required fields must be given) or changed (only
/// the given fields are set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Add,
    Update,
}

/// Collects checked column values for one record.
struct Row<'a> {
    mode: Mode,
    noun: &'static str,
    fields: Fields,
    db: &'a Db<'a>,
}

impl<'a> Row<'a> {
    fn new(db: &'a Db<'a>, mode: Mode, noun: &'static str) -> Self {
        Row {
            mode,
            noun,
            fields: Vec::new(),
            db,
        }
    }

    /// The value given for a field; a required field missing is an error when adding.
    fn given<'v>(
        &self,
        flag: &str,
        value: &'v Option<String>,
        required: bool,
    ) -> Result<Option<&'v str>> {
        match (value, self.mode) {
            (None, Mode::Add) if required => Err(Error::invalid(format!(
                "missing {flag}: a new {} needs it",
                self.noun
            ))),
            (v, _) => Ok(v.as_deref()),
        }
    }

    fn set(&mut self, column: &'static str, value: Value) {
        self.fields.push((column, value));
    }

    fn key(&mut self, value: &Option<String>) -> Result<()> {
        if let Some(v) = self.given("--key", value, true)? {
            self.set("key", Value::Text(check_key("key", v)?));
        }
        Ok(())
    }

    fn line(&mut self, column: &'static str, value: &Option<String>, required: bool) -> Result<()> {
        let flag = format!("--{}", column.replace('_', "-"));
        let value = self.given(&flag, value, required)?;
        if let Some(v) = value {
            self.set(
                column,
                Value::Text(check_line(column, v, max_length(column))?),
            );
        }
        Ok(())
    }

    fn text(&mut self, column: &'static str, value: &Option<String>, max: usize) -> Result<()> {
        if let Some(v) = value {
            self.set(column, Value::Text(check_text(column, v, max)?));
        }
        Ok(())
    }

    fn vocab(
        &mut self,
        column: &'static str,
        value: &Option<String>,
        allowed: &[&str],
        required: bool,
    ) -> Result<()> {
        let value = self.given(&format!("--{column}"), value, required)?;
        if let Some(v) = value {
            self.set(column, Value::Text(check_vocab(column, v, allowed)?));
        }
        Ok(())
    }

    /// A date field and its precision column.
    fn date(
        &mut self,
        field: &str,
        columns: (&'static str, &'static str),
        value: &Option<String>,
        required: bool,
    ) -> Result<()> {
        let value = self.given(&format!("--{field}"), value, required)?;
        if let Some(v) = value {
            let date = PartialDate::parse(field, v)?;
            self.set(columns.0, Value::Text(date.stored()));
            self.set(columns.1, Value::Text(date.precision.as_str().to_string()));
        }
        Ok(())
    }

    /// A reference to another record by key (actors: or alias).
    fn reference(
        &mut self,
        column: &'static str,
        flag: &str,
        kind: Kind,
        value: &Option<String>,
        required: bool,
    ) -> Result<Option<i64>> {
        let value = self.given(flag, value, required)?;
        match value {
            Some(v) => {
                let id = self.db.resolve(kind, v)?;
                self.set(column, Value::Integer(id));
                Ok(Some(id))
            }
            None => Ok(None),
        }
    }

    /// Clears optional columns named by `--unset`, refusing required ones.
    fn unset(&mut self, names: &[String], optional: &[&'static str]) -> Result<()> {
        for name in names {
            let column = name.replace('-', "_");
            let Some(col) = optional.iter().find(|c| **c == column) else {
                return Err(Error::invalid(format!(
                    "--unset {name}: not an optional {} field (optional: {})",
                    self.noun,
                    optional.join(", ")
                )));
            };
            self.set(col, Value::Null);
        }
        Ok(())
    }
}

impl SourceFields {
    pub const OPTIONAL: &'static [&'static str] = &["url", "author", "language", "notes"];

    pub fn to_row(&self, db: &Db, mode: Mode, unset: &[String]) -> Result<Fields> {
        let mut row = Row::new(db, mode, "source");
        row.key(&self.key)?;
        row.line("outlet", &self.outlet, true)?;
        row.line("title", &self.title, true)?;
        if let Some(url) = &self.url {
            row.set("url", Value::Text(check_line("url", url, MAX_QUOTE)?));
        }
        row.line("author", &self.author, false)?;
        row.date(
            "published-on",
            ("published_on", "published_precision"),
            &self.published_on,
            true,
        )?;
        if let Some(inferred) = self.published_inferred {
            row.set("published_inferred", Value::Integer(inferred as i64));
        }
        row.vocab("kind", &self.kind, SOURCE_KINDS, true)?;
        row.line("language", &self.language, false)?;
        row.text("notes", &self.notes, MAX_TEXT)?;
        row.unset(unset, Self::OPTIONAL)?;
        Ok(row.fields)
    }
}

impl ActorFields {
    pub const OPTIONAL: &'static [&'static str] = &["parent", "notes"];

    /// The actor's columns; aliases are handled apart (see `check_aliases`).
    pub fn to_row(&self, db: &Db, mode: Mode, unset: &[String]) -> Result<Fields> {
        let mut row = Row::new(db, mode, "actor");
        row.key(&self.key)?;
        row.line("name", &self.name, true)?;
        row.vocab("kind", &self.kind, ACTOR_KINDS, true)?;
        row.reference("parent_id", "--parent", Kind::Actor, &self.parent, false)?;
        row.text("notes", &self.notes, MAX_TEXT)?;
        let unset: Vec<String> = unset
            .iter()
            .map(|u| {
                if u == "parent" {
                    "parent_id".to_string()
                } else {
                    u.clone()
                }
            })
            .collect();
        row.unset(&unset, &["parent_id", "notes"])?;
        Ok(row.fields)
    }

    /// Checks each alias's text; whether it is free is checked when it is added.
    pub fn check_aliases(&self) -> Result<Vec<String>> {
        self.aliases
            .iter()
            .map(|a| check_line("alias", a, MAX_NAME))
            .collect()
    }
}

impl PlanFields {
    pub const OPTIONAL: &'static [&'static str] = &["first_reported_on", "notes"];

    /// The plan's columns; proposers are resolved by `proposer_ids`.
    pub fn to_row(&self, db: &Db, mode: Mode, unset: &[String]) -> Result<Fields> {
        let mut row = Row::new(db, mode, "plan");
        row.key(&self.key)?;
        row.line("title", &self.title, true)?;
        row.vocab("status", &self.status, PLAN_STATUSES, true)?;
        row.date(
            "first-reported-on",
            ("first_reported_on", "first_reported_precision"),
            &self.first_reported_on,
            false,
        )?;
        row.text("notes", &self.notes, MAX_TEXT)?;
        if unset
            .iter()
            .any(|u| u == "first_reported_on" || u == "first-reported-on")
        {
            row.set("first_reported_precision", Value::Null);
        }
        row.unset(unset, Self::OPTIONAL)?;
        Ok(row.fields)
    }

    pub fn proposer_ids(&self, db: &Db) -> Result<Vec<i64>> {
        self.proposers
            .iter()
            .map(|p| db.resolve(Kind::Actor, p))
            .collect()
    }
}

impl ProvisionFields {
    pub const OPTIONAL: &'static [&'static str] = &["point", "text", "continues", "notes"];

    pub fn to_row(&self, db: &Db, mode: Mode, unset: &[String]) -> Result<Fields> {
        let mut row = Row::new(db, mode, "provision");
        row.key(&self.key)?;
        row.reference("plan_id", "--plan", Kind::Plan, &self.plan, true)?;
        if let Some(point) = self.point {
            if !(1..=1000).contains(&point) {
                return Err(Error::invalid(format!(
                    "invalid point {point}: expected 1 to 1000"
                )));
            }
            row.set("point", Value::Integer(point));
        }
        row.line("title", &self.title, true)?;
        row.text("text", &self.text, MAX_TEXT)?;
        row.vocab("category", &self.category, CATEGORIES, true)?;
        row.reference(
            "continues_id",
            "--continues",
            Kind::Provision,
            &self.continues,
            false,
        )?;
        row.vocab("relation", &self.relation, RELATIONS, false)?;
        if self.continues.is_some() != self.relation.is_some() && mode == Mode::Add {
            return Err(Error::invalid(
                "--continues and --relation go together: name the earlier provision and how this one continues it",
            ));
        }
        row.text("notes", &self.notes, MAX_TEXT)?;
        let mut columns: Vec<String> = Vec::new();
        for u in unset {
            if u == "continues" {
                columns.push("continues_id".into());
                columns.push("relation".into());
            } else {
                columns.push(u.clone());
            }
        }
        row.unset(
            &columns,
            &["point", "text", "continues_id", "relation", "notes"],
        )?;
        Ok(row.fields)
    }
}

impl StanceFields {
    /// What `stance update --unset` clears (`provisions`: the stance is then about the
    /// plan as a whole).
    pub const OPTIONAL: &'static [&'static str] =
        &["quote", "evidence", "notes", "relays", "via", "provisions"];
}
