//! The fields of each record kind as a user gives them: as command-line flags
//! (`actor add --key ... --name ...`) or as a record in a claims file. One type serves
//! both, so the command line and `import` check and store a record the same way.

use clap::Args;
use serde::{Deserialize, Serialize};

use crate::claims::StanceRecord;
use crate::dates::PartialDate;
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{Checked, Db, Kind, Value};

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
    #[arg(long, value_enum)]
    pub kind: Option<SourceKind>,
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
    /// state, bloc, organization, person, media or statement (a joint statement, with
    /// --member) (required for add)
    #[arg(long, value_enum)]
    pub kind: Option<ActorKind>,
    /// The actor this one speaks for (key or alias)
    #[arg(long)]
    pub parent: Option<String>,
    /// Another name for the actor (repeatable; add only)
    #[arg(long = "alias", value_name = "ALIAS")]
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A member: a signatory of a joint statement, or an actor of a group (repeatable;
    /// on update, replaces the list)
    #[arg(long = "member", value_name = "ACTOR")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// A tag that groups actors, e.g. europe (repeatable; add only: then `actor tag add`)
    #[arg(long = "tag", value_name = "TAG")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
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
    /// leaked, proposed, counter-proposal, under-negotiation, agreed, signed, abandoned
    /// or superseded (required for add)
    #[arg(long, value_enum)]
    pub status: Option<PlanStatus>,
    /// When the plan was first reported: YYYY-MM-DD, YYYY-MM or YYYY
    #[arg(long, value_name = "DATE")]
    pub first_reported_on: Option<String>,
    /// How much of its text is known: full, partial or summary [add default: full].
    /// Plan-diff calls a provision with no successor here `dropped` only when full.
    #[arg(long, value_enum, value_name = "HOW")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_known: Option<TextKnown>,
    /// An actor who proposes the plan (repeatable; on update, replaces the list)
    #[arg(long = "proposer", value_name = "ACTOR")]
    #[serde(default)]
    pub proposers: Vec<String>,
    /// A plan this one answers (repeatable; on update, replaces the list)
    #[arg(long = "responds-to", value_name = "PLAN")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responds_to: Vec<String>,
    /// A plan this one replaces (repeatable; on update, replaces the list)
    #[arg(long = "supersedes", value_name = "PLAN")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supersedes: Vec<String>,
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
    /// The point's label as the plan writes it (21, 21a, 21(d)); listed in natural
    /// order (2 < 10 < 21 < 21a), and two provisions from one point may share it
    #[arg(long, value_name = "LABEL")]
    #[serde(
        default,
        deserialize_with = "label_of_number_or_text",
        serialize_with = "label_as_number_when_plain",
        skip_serializing_if = "Option::is_none"
    )]
    pub point: Option<String>,
    /// Short title (required for add)
    #[arg(long)]
    pub title: Option<String>,
    /// What the provision says, with its figures
    #[arg(long)]
    pub text: Option<String>,
    /// Category, e.g. territory or ceasefire (required for add)
    #[arg(long, value_enum)]
    pub category: Option<Category>,
    /// A provision of an earlier plan that this one continues (repeatable; on update,
    /// replaces the list)
    #[arg(long, value_name = "PROVISION")]
    #[serde(
        default,
        deserialize_with = "one_or_many",
        serialize_with = "one_when_single",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub continues: Vec<String>,
    /// How it continues them: same, modified, merged or split (with --continues; one
    /// for every link, or one per --continues in order)
    #[arg(long)]
    #[serde(
        default,
        deserialize_with = "one_or_many",
        serialize_with = "one_when_single",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub relation: Vec<String>,
    /// Who says so: the key of the source that links them, or `editorial` (the
    /// analyst's own reading) [default: editorial; one for every link, or one per
    /// --continues in order]
    #[arg(long, value_name = "SOURCE")]
    #[serde(
        default,
        deserialize_with = "one_or_many",
        serialize_with = "one_when_single",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub basis: Vec<String>,
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

/// The command-line flag that sets a field (named as claims files and `changed` lists
/// name it), for messages: `--date` for a stance's `stated_on`, `--member` for
/// `members`, `--published-on` for `published_on`.
pub fn flag(kind: Kind, field: &str) -> String {
    let name = match (kind, field) {
        (Kind::Stance, "stated_on") => "date",
        (Kind::Stance, "stated_inferred") => "date-inferred",
        (Kind::Stance, "provisions") => "provision",
        (Kind::Actor, "aliases") => "alias",
        (Kind::Actor, "members") => "member",
        (Kind::Actor, "tags") => "tag",
        (Kind::Plan, "proposers") => "proposer",
        (_, field) => return format!("--{}", field.replace('_', "-")),
    };
    format!("--{name}")
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

/// Collects the checked fields of one record.
struct Row<'a> {
    mode: Mode,
    noun: &'static str,
    fields: Checked,
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

    /// A vocabulary field, parsed already (by clap or serde): stored as its text.
    fn vocab<T: Copy>(
        &mut self,
        column: &'static str,
        value: Option<T>,
        text: fn(T) -> &'static str,
        required: bool,
    ) -> Result<()> {
        let value = value.map(|v| text(v).to_string());
        if let Some(v) = self.given(&format!("--{column}"), &value, required)? {
            self.set(column, Value::Text(v.to_string()));
        }
        Ok(())
    }

    /// A date field (kept with its precision).
    fn date(&mut self, field: &'static str, value: &Option<String>, required: bool) -> Result<()> {
        let name = field.replace('_', "-");
        let value = self.given(&format!("--{name}"), value, required)?;
        if let Some(v) = value {
            self.set(field, Value::Date(PartialDate::parse(&name, v)?));
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

    pub fn to_row(&self, db: &Db, mode: Mode, unset: &[String]) -> Result<Checked> {
        let mut row = Row::new(db, mode, "source");
        row.key(&self.key)?;
        row.line("outlet", &self.outlet, true)?;
        row.line("title", &self.title, true)?;
        if let Some(url) = &self.url {
            row.set("url", Value::Text(check_line("url", url, MAX_QUOTE)?));
        }
        row.line("author", &self.author, false)?;
        row.date("published_on", &self.published_on, true)?;
        if let Some(inferred) = self.published_inferred {
            row.set("published_inferred", Value::Integer(inferred as i64));
        }
        row.vocab("kind", self.kind, SourceKind::as_str, true)?;
        if let Some(language) = &self.language {
            row.set("language", Value::Text(check_language(language)?));
        }
        row.text("notes", &self.notes, MAX_TEXT)?;
        row.unset(unset, Self::OPTIONAL)?;
        Ok(row.fields)
    }
}

impl ActorFields {
    pub const OPTIONAL: &'static [&'static str] = &["parent", "members", "notes"];

    /// The actor's columns; aliases are handled apart (see `check_aliases`).
    pub fn to_row(&self, db: &Db, mode: Mode, unset: &[String]) -> Result<Checked> {
        let mut row = Row::new(db, mode, "actor");
        row.key(&self.key)?;
        row.line("name", &self.name, true)?;
        row.vocab("kind", self.kind, ActorKind::as_str, true)?;
        row.reference("parent", "--parent", Kind::Actor, &self.parent, false)?;
        row.text("notes", &self.notes, MAX_TEXT)?;
        let unset: Vec<String> = unset
            .iter()
            .filter(|u| u.as_str() != "members")
            .cloned()
            .collect();
        row.unset(&unset, &["parent", "notes"])?;
        Ok(row.fields)
    }

    /// The members given, resolved.
    pub fn member_ids(&self, db: &Db) -> Result<Vec<i64>> {
        self.members
            .iter()
            .map(|m| db.resolve(Kind::Actor, m))
            .collect()
    }

    /// The tags given, checked (lowercase slugs like keys).
    pub fn check_tags(&self) -> Result<Vec<String>> {
        self.tags.iter().map(|t| check_tag(t)).collect()
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
    pub const OPTIONAL: &'static [&'static str] =
        &["first_reported_on", "responds_to", "supersedes", "notes"];

    /// The plan's columns; proposers are resolved by `proposer_ids`.
    pub fn to_row(&self, db: &Db, mode: Mode, unset: &[String]) -> Result<Checked> {
        let mut row = Row::new(db, mode, "plan");
        row.key(&self.key)?;
        row.line("title", &self.title, true)?;
        row.vocab("status", self.status, PlanStatus::as_str, true)?;
        row.date("first_reported_on", &self.first_reported_on, false)?;
        row.vocab("text_known", self.text_known, TextKnown::as_str, false)?;
        row.text("notes", &self.notes, MAX_TEXT)?;
        // The relations are rows of plan_relations, cleared by `plan::update`.
        let columns: Vec<String> = unset
            .iter()
            .filter(|u| !matches!(u.replace('-', "_").as_str(), "responds_to" | "supersedes"))
            .cloned()
            .collect();
        row.unset(&columns, &["first_reported_on", "notes"])?;
        Ok(row.fields)
    }

    pub fn proposer_ids(&self, db: &Db) -> Result<Vec<i64>> {
        self.proposers
            .iter()
            .map(|p| db.resolve(Kind::Actor, p))
            .collect()
    }

    /// The plans this one responds to and supersedes, resolved, by relation; a
    /// relation whose list is not given is left out (an update keeps it as stored).
    pub fn relation_ids(&self, db: &Db) -> Result<Vec<(&'static str, Vec<i64>)>> {
        let mut out = Vec::new();
        for (relation, plans) in [
            ("responds-to", &self.responds_to),
            ("supersedes", &self.supersedes),
        ] {
            if plans.is_empty() {
                continue;
            }
            let ids = plans
                .iter()
                .map(|p| db.resolve(Kind::Plan, p))
                .collect::<Result<Vec<_>>>()?;
            out.push((relation, ids));
        }
        Ok(out)
    }
}

/// One lineage link of a provision, resolved: the earlier provision, how this one
/// continues it, and the source that says so (None: editorial).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub continues_id: i64,
    pub relation: String,
    pub basis_source_id: Option<i64>,
}

/// A point label as written: 1 to 20 letters, digits, dots, dashes and brackets.
pub fn check_label(value: &str) -> Result<String> {
    let ok = (1..=20).contains(&value.chars().count())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '(' | ')' | '.' | '-'));
    if !ok {
        return Err(Error::invalid(format!(
            "invalid point '{value}': expected a label as the plan writes it, 1 to 20 letters, \
             digits, dots, dashes or brackets, e.g. 21, 21a or 21(d)"
        )));
    }
    Ok(value.to_string())
}

/// A point in a file: a number (`point = 21`) or a label (`point = "21a"`).
fn label_of_number_or_text<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Label {
        Number(i64),
        Text(String),
    }
    Ok(match Option::<Label>::deserialize(d)? {
        None => None,
        Some(Label::Number(n)) => Some(n.to_string()),
        Some(Label::Text(t)) => Some(t),
    })
}

/// A plain number label (`21`) is written as a number, as before labels; others as text.
fn label_as_number_when_plain<S: serde::Serializer>(
    label: &Option<String>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match label {
        Some(l) => match l.parse::<i64>() {
            Ok(n) if n.to_string() == *l => s.serialize_i64(n),
            _ => s.serialize_str(l),
        },
        None => s.serialize_none(),
    }
}

/// One text or a list of them (`continues = "a"` or `continues = ["a", "b"]`).
fn one_or_many<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(v)) => vec![v],
        Some(OneOrMany::Many(v)) => v,
    })
}

/// A list of one is written as its one value.
fn one_when_single<S: serde::Serializer>(
    items: &[String],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match items {
        [one] => s.serialize_str(one),
        many => many.serialize(s),
    }
}

impl ProvisionFields {
    pub const OPTIONAL: &'static [&'static str] = &["point", "text", "continues", "notes"];

    /// The provision's columns; its lineage links are resolved by `links`.
    pub fn to_row(&self, db: &Db, mode: Mode, unset: &[String]) -> Result<Checked> {
        let mut row = Row::new(db, mode, "provision");
        row.key(&self.key)?;
        row.reference("plan", "--plan", Kind::Plan, &self.plan, true)?;
        if let Some(point) = &self.point {
            row.set("point", Value::Text(check_label(point)?));
        }
        row.line("title", &self.title, true)?;
        row.text("text", &self.text, MAX_TEXT)?;
        row.vocab("category", self.category, Category::as_str, true)?;
        row.text("notes", &self.notes, MAX_TEXT)?;
        let columns: Vec<String> = unset
            .iter()
            .filter(|u| u.as_str() != "continues")
            .cloned()
            .collect();
        row.unset(&columns, &["point", "text", "notes"])?;
        if let Some(u) = unset.iter().find(|u| !Self::OPTIONAL.contains(&u.as_str())) {
            return Err(Error::invalid(format!(
                "--unset {u}: not an optional provision field (optional: {})",
                Self::OPTIONAL.join(", ")
            )));
        }
        Ok(row.fields)
    }

    /// The lineage links given, resolved and checked; None when none are given (an
    /// update then keeps the stored ones). `--relation` and `--basis` give one value
    /// for every link, or one per `--continues`, in order; the basis defaults to
    /// editorial.
    pub fn links(&self, db: &Db) -> Result<Option<Vec<Link>>> {
        if self.continues.is_empty() {
            if !self.relation.is_empty() || !self.basis.is_empty() {
                return Err(Error::invalid(
                    "--continues and --relation go together: name the earlier provision and how this one continues it (--basis too goes with --continues)",
                ));
            }
            return Ok(None);
        }
        if self.relation.is_empty() {
            return Err(Error::invalid(
                "--continues and --relation go together: name the earlier provision and how this one continues it",
            ));
        }
        let n = self.continues.len();
        let per_link = |flag: &str, given: usize| -> Result<()> {
            if given > 1 && given != n {
                return Err(Error::invalid(format!(
                    "{flag} given {given} times for {n} --continues: give it once (for every link) or once per --continues"
                )));
            }
            Ok(())
        };
        per_link("--relation", self.relation.len())?;
        per_link("--basis", self.basis.len())?;
        let mut links: Vec<Link> = Vec::with_capacity(n);
        for (i, key) in self.continues.iter().enumerate() {
            let continues_id = db.resolve(Kind::Provision, key)?;
            let relation = &self.relation[if self.relation.len() == 1 { 0 } else { i }];
            let relation = check_vocab("relation", relation, RELATIONS)?;
            let basis = match self.basis.len() {
                0 => EDITORIAL,
                1 => self.basis[0].as_str(),
                _ => self.basis[i].as_str(),
            };
            let basis_source_id =
                if basis.trim().eq_ignore_ascii_case(EDITORIAL) {
                    None
                } else {
                    Some(db.resolve(Kind::Source, basis).map_err(|e| {
                        e.context("--basis (a source key, or editorial)".to_string())
                    })?)
                };
            if links.iter().any(|l| l.continues_id == continues_id) {
                return Err(Error::invalid(format!(
                    "--continues '{key}' is given twice"
                )));
            }
            links.push(Link {
                continues_id,
                relation,
                basis_source_id,
            });
        }
        Ok(Some(links))
    }
}

/// A tag: a lowercase slug such as `europe` or `g7`.
pub fn check_tag(tag: &str) -> Result<String> {
    let ok = (1..=60).contains(&tag.len())
        && tag
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !tag.starts_with('-');
    if !ok {
        return Err(Error::invalid(format!(
            "invalid tag '{}': expected a lowercase slug of letters, digits and '-', e.g. europe",
            printable(tag)
        )));
    }
    Ok(tag.to_string())
}

impl StanceFields {
    /// The stance as files give one, so that the command line and imports check it by
    /// the same code (`crate::stance_check`); `status` and `reason` are
    /// `stance update`'s own flags.
    pub fn to_record(&self, status: Option<&str>, reason: Option<&str>) -> StanceRecord {
        StanceRecord {
            key: self.key.clone(),
            actor: self.actor.clone(),
            plan: self.plan.clone(),
            provision: None,
            provisions: self.provisions.clone(),
            kind: self.kind.clone(),
            position: self.position.clone(),
            source: self.source.clone(),
            relays: self.relays.clone(),
            via: self.via.clone(),
            stated_on: self.date.clone(),
            stated_inferred: self.date_inferred,
            quote: self.quote.clone(),
            evidence: self.evidence.clone(),
            attribution: self.attribution.clone(),
            notes: self.notes.clone(),
            status: status.map(str::to_string),
            reason: reason.map(str::to_string),
            recorded_at: None,
        }
    }
}
