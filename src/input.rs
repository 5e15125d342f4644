//! What a user gives, as plain data: the fields of each record kind as command-line
//! flags (`actor add --key ... --name ...`) or as a record of a claims file or table.
//! One type serves both, so the command line and `import` check and store a record the
//! same way (`check`). These types depend on nothing in `store/`: the store
//! returns them (`export`) and `check` turns them into the checked values it writes.

use clap::Args;
use serde::{Deserialize, Serialize};

use crate::model::*;

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
    #[arg(long, value_enum)]
    #[serde(
        default,
        deserialize_with = "one_or_many",
        serialize_with = "one_when_single",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub relation: Vec<Relation>,
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
    #[arg(long, value_enum)]
    pub kind: Option<StanceKind>,
    /// proposes, supports, conditional, undecided, neutral, opposes or rejects (required for add)
    #[arg(long, value_enum)]
    pub position: Option<Position>,
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
    #[arg(long, value_enum)]
    pub attribution: Option<Attribution>,
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

/// A source's account of a provision's text and figures, as files hold it.
#[derive(Debug, Default, Deserialize, Serialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProvisionReportRecord {
    /// The provision's key.
    pub provision: Option<String>,
    /// Optional in a claims file (defaults to its `[source]`).
    pub source: Option<String>,
    /// What the source says the provision contains.
    pub text: Option<String>,
    /// The figures it gives (`600000`); not given: the numbers in the text.
    pub figures: Option<String>,
}

/// A stance as files hold it (claims files, CSV and JSON Lines): everything
/// `stance add` takes, plus what `stance update`/`retract` and the database add, so
/// that an export can be imported again without losing anything.
#[derive(Debug, Default, Deserialize, Serialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StanceRecord {
    /// The stance's stable key; generated when absent (and then written by export).
    pub key: Option<String>,
    /// Key or alias.
    pub actor: Option<String>,
    /// The plan: alone, the stance is about the plan as a whole; with provisions,
    /// their plan (optional then).
    pub plan: Option<String>,
    /// One provision (the same as `provisions = ["..."]`).
    pub provision: Option<String>,
    /// The provisions of one plan the statement is about.
    #[serde(default)]
    pub provisions: Vec<String>,
    /// position (default), forecast or recommendation.
    pub kind: Option<StanceKind>,
    /// The position; `?supports` is one `provtrack draft` suggested, refused until
    /// confirmed.
    pub position: Option<GivenPosition>,
    /// Optional in a claims file (defaults to its `[source]`); required in tables.
    pub source: Option<String>,
    /// A source whose report this one repeats.
    pub relays: Option<String>,
    /// The intermediaries the source heard the actor through, nearest first.
    #[serde(default)]
    pub via: Vec<String>,
    /// When the actor said it; CSV calls the column `date`. Defaults to the source's
    /// publication date, marked inferred.
    #[serde(alias = "date")]
    pub stated_on: Option<String>,
    /// The date is inferred rather than stated; CSV calls the column `date_inferred`.
    #[serde(alias = "date_inferred")]
    pub stated_inferred: Option<bool>,
    /// The actor's own words.
    pub quote: Option<String>,
    /// The source's sentence that reports, paraphrases or infers the stance.
    pub evidence: Option<String>,
    pub attribution: Option<Attribution>,
    pub notes: Option<String>,
    /// active, retracted or corrected; not given keeps what is stored (new: active).
    pub status: Option<StanceStatus>,
    /// Why it was retracted or corrected (required with those statuses).
    pub reason: Option<String>,
    /// When it was first recorded (`YYYY-MM-DDTHH:MM:SSZ`); not given: now. Only used
    /// when the stance is added; an existing stance keeps its own.
    pub recorded_at: Option<String>,
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

impl SourceFields {
    /// The fields `--unset` may clear.
    pub const OPTIONAL: &'static [&'static str] = &["url", "author", "language", "notes"];
}

impl ActorFields {
    /// The fields `--unset` may clear.
    pub const OPTIONAL: &'static [&'static str] = &["parent", "members", "notes"];
}

impl PlanFields {
    /// The fields `--unset` may clear.
    pub const OPTIONAL: &'static [&'static str] =
        &["first_reported_on", "responds_to", "supersedes", "notes"];
}

impl ProvisionFields {
    /// The fields `--unset` may clear.
    pub const OPTIONAL: &'static [&'static str] = &["point", "text", "continues", "notes"];
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

/// One value or a list of them (`continues = "a"` or `continues = ["a", "b"]`). A bad
/// value keeps its own error (`invalid relation 'x' — did you mean ...`), with its place.
fn one_or_many<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> std::result::Result<Vec<T>, D::Error> {
    use serde::de::{self, IntoDeserializer};
    struct OneOrMany<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> de::Visitor<'de> for OneOrMany<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a text or a list of texts")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Vec<T>, E> {
            T::deserialize(v.into_deserializer()).map(|one| vec![one])
        }
        fn visit_seq<A: de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> std::result::Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            Ok(out)
        }
        fn visit_unit<E: de::Error>(self) -> std::result::Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: de::Error>(self) -> std::result::Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_some<D: serde::Deserializer<'de>>(
            self,
            d: D,
        ) -> std::result::Result<Vec<T>, D::Error> {
            d.deserialize_any(self)
        }
    }
    d.deserialize_any(OneOrMany(std::marker::PhantomData))
}

/// A list of one is written as its one value.
fn one_when_single<S: serde::Serializer, T: Serialize>(
    items: &[T],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match items {
        [one] => one.serialize(s),
        many => many.serialize(s),
    }
}

impl StanceFields {
    /// The stance as files give one, so that the command line and imports check it by
    /// the same code (`check::stance`); `status` and `reason` are
    /// `stance update`'s own flags.
    pub fn to_record(&self, status: Option<StanceStatus>, reason: Option<&str>) -> StanceRecord {
        StanceRecord {
            key: self.key.clone(),
            actor: self.actor.clone(),
            plan: self.plan.clone(),
            provision: None,
            provisions: self.provisions.clone(),
            kind: self.kind,
            position: self.position.map(GivenPosition::Confirmed),
            source: self.source.clone(),
            relays: self.relays.clone(),
            via: self.via.clone(),
            stated_on: self.date.clone(),
            stated_inferred: self.date_inferred,
            quote: self.quote.clone(),
            evidence: self.evidence.clone(),
            attribution: self.attribution,
            notes: self.notes.clone(),
            status,
            reason: reason.map(str::to_string),
            recorded_at: None,
        }
    }
}
