//! Checked input: a record as the user gave it (`crate::input`) turned into the values
//! the store writes (`store::CheckedFields`), by one rule whether it came from flags or
//! a file. Required fields (when adding), forms (slugs, lengths, dates), vocabularies
//! and references: names are resolved to ids through `store::Resolve`, so the same
//! rule holds whether names are looked up in the database or in a bulk import's maps.
//! A stance has its own checks (`stance`), shared by `stance add|update` and imports.

pub mod stance;

use crate::dates::PartialDate;
use crate::error::{Error, Result};
use crate::input::{ActorFields, PlanFields, ProvisionFields, SourceFields};
use crate::model::*;
use crate::store::{CheckedFields, FieldValue, LineageLink, Resolve};

/// The longest value a one-line column takes, as the schema's CHECKs allow.
fn max_length(column: &str) -> usize {
    match column {
        "title" => MAX_TITLE,
        "language" => MAX_LANGUAGE,
        _ => MAX_NAME,
    }
}

/// The ids of the records a list of names gives, in order.
fn resolve_each(names: &impl Resolve, kind: Kind, list: &[String]) -> Result<Vec<i64>> {
    list.iter().map(|name| names.resolve(kind, name)).collect()
}

/// How messages name a field: by the flag that sets it (`--published-on`, `--date`)
/// on the command line, or by its name in claims files and tables (`published_on`,
/// `stated_on`) for a record read from one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    Flags,
    Fields,
}

impl Naming {
    /// A field of a kind as messages name it.
    pub fn name(self, kind: Kind, field: &str) -> String {
        match self {
            Naming::Flags => crate::input::flag(kind, field),
            Naming::Fields => field.to_string(),
        }
    }
}

/// Whether a record is being created (required fields must be given) or changed (only
/// the given fields are set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Add,
    Update,
}

/// Checks the fields of one record as given and collects their checked values.
struct FieldChecker<'a, R: Resolve> {
    kind: Kind,
    mode: Mode,
    naming: Naming,
    fields: CheckedFields,
    names: &'a R,
}

impl<'a, R: Resolve> FieldChecker<'a, R> {
    fn new(names: &'a R, kind: Kind, mode: Mode, naming: Naming) -> Self {
        FieldChecker {
            kind,
            mode,
            naming,
            fields: Vec::new(),
            names,
        }
    }

    /// The value given for a field; a required field missing is an error when adding.
    fn given<'v>(
        &self,
        field: &str,
        value: &'v Option<String>,
        required: bool,
    ) -> Result<Option<&'v str>> {
        match (value, self.mode) {
            (None, Mode::Add) if required => Err(Error::invalid(format!(
                "missing {}: a new {} needs it",
                self.naming.name(self.kind, field),
                self.kind.noun()
            ))),
            (v, _) => Ok(v.as_deref()),
        }
    }

    fn set(&mut self, column: &'static str, value: FieldValue) {
        self.fields.push((column, value));
    }

    fn key(&mut self, value: &Option<String>) -> Result<()> {
        if let Some(v) = self.given("key", value, true)? {
            self.set("key", FieldValue::Text(check_key("key", v)?));
        }
        Ok(())
    }

    fn line(&mut self, column: &'static str, value: &Option<String>, required: bool) -> Result<()> {
        let value = self.given(column, value, required)?;
        if let Some(v) = value {
            self.set(
                column,
                FieldValue::Text(check_line(column, v, max_length(column))?),
            );
        }
        Ok(())
    }

    fn text(&mut self, column: &'static str, value: &Option<String>, max: usize) -> Result<()> {
        if let Some(v) = value {
            self.set(column, FieldValue::Text(check_text(column, v, max)?));
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
        if let Some(v) = self.given(column, &value, required)? {
            self.set(column, FieldValue::Text(v.to_string()));
        }
        Ok(())
    }

    /// A date field (kept with its precision).
    fn date(&mut self, field: &'static str, value: &Option<String>, required: bool) -> Result<()> {
        let name = match self.naming {
            Naming::Flags => field.replace('_', "-"),
            Naming::Fields => field.to_string(),
        };
        let value = self.given(field, value, required)?;
        if let Some(v) = value {
            self.set(field, FieldValue::Date(PartialDate::parse(&name, v)?));
        }
        Ok(())
    }

    /// A reference to another record by key (actors: or alias).
    fn reference(
        &mut self,
        column: &'static str,
        kind: Kind,
        value: &Option<String>,
        required: bool,
    ) -> Result<Option<i64>> {
        let value = self.given(column, value, required)?;
        match value {
            Some(v) => {
                let id = self.names.resolve(kind, v)?;
                self.set(column, FieldValue::Integer(id));
                Ok(Some(id))
            }
            None => Ok(None),
        }
    }

    /// Clears optional columns named by `--unset`, refusing required ones.
    /// `optional` is the kind's `OPTIONAL`; the fields of it in `apart` are lists kept
    /// in tables of their own, which the command clears, and are skipped here.
    fn unset(&mut self, names: &[String], optional: &[&'static str], apart: &[&str]) -> Result<()> {
        for name in names {
            let field = name.replace('-', "_");
            let Some(field) = optional.iter().find(|f| **f == field) else {
                return Err(Error::invalid(format!(
                    "--unset {name}: not an optional {} field (optional: {})",
                    self.kind.noun(),
                    optional.join(", ")
                )));
            };
            if !apart.contains(field) {
                self.set(field, FieldValue::Null);
            }
        }
        Ok(())
    }
}

impl SourceFields {
    pub fn check(
        &self,
        names: &impl Resolve,
        mode: Mode,
        naming: Naming,
        unset: &[String],
    ) -> Result<CheckedFields> {
        let mut row = FieldChecker::new(names, Kind::Source, mode, naming);
        row.key(&self.key)?;
        row.line("outlet", &self.outlet, true)?;
        row.line("title", &self.title, true)?;
        if let Some(url) = &self.url {
            row.set("url", FieldValue::Text(check_line("url", url, MAX_QUOTE)?));
        }
        row.line("author", &self.author, false)?;
        row.date("published_on", &self.published_on, true)?;
        if let Some(inferred) = self.published_inferred {
            row.set("published_inferred", FieldValue::Integer(inferred as i64));
        }
        row.vocab("kind", self.kind, SourceKind::as_str, true)?;
        if let Some(language) = &self.language {
            row.set("language", FieldValue::Text(check_language(language)?));
        }
        row.text("notes", &self.notes, MAX_TEXT)?;
        row.unset(unset, Self::OPTIONAL, &[])?;
        Ok(row.fields)
    }
}

impl ActorFields {
    /// The actor's columns; aliases are handled apart (see `check_aliases`).
    pub fn check(
        &self,
        names: &impl Resolve,
        mode: Mode,
        naming: Naming,
        unset: &[String],
    ) -> Result<CheckedFields> {
        let mut row = FieldChecker::new(names, Kind::Actor, mode, naming);
        row.key(&self.key)?;
        row.line("name", &self.name, true)?;
        row.vocab("kind", self.kind, ActorKind::as_str, true)?;
        row.reference("parent", Kind::Actor, &self.parent, false)?;
        row.text("notes", &self.notes, MAX_TEXT)?;
        row.unset(unset, Self::OPTIONAL, &["members"])?;
        Ok(row.fields)
    }

    /// The members given, resolved.
    pub fn member_ids(&self, names: &impl Resolve) -> Result<Vec<i64>> {
        resolve_each(names, Kind::Actor, &self.members)
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
    /// The plan's columns; proposers are resolved by `proposer_ids`.
    pub fn check(
        &self,
        names: &impl Resolve,
        mode: Mode,
        naming: Naming,
        unset: &[String],
    ) -> Result<CheckedFields> {
        let mut row = FieldChecker::new(names, Kind::Plan, mode, naming);
        row.key(&self.key)?;
        row.line("title", &self.title, true)?;
        row.vocab("status", self.status, PlanStatus::as_str, true)?;
        row.date("first_reported_on", &self.first_reported_on, false)?;
        row.vocab("text_known", self.text_known, TextKnown::as_str, false)?;
        row.text("notes", &self.notes, MAX_TEXT)?;
        // The relations are rows of plan_relations, cleared by `plan::update`.
        row.unset(unset, Self::OPTIONAL, &["responds_to", "supersedes"])?;
        Ok(row.fields)
    }

    pub fn proposer_ids(&self, names: &impl Resolve) -> Result<Vec<i64>> {
        resolve_each(names, Kind::Actor, &self.proposers)
    }

    /// The plans this one responds to and supersedes, resolved, by relation; a
    /// relation whose list is not given is left out (an update keeps it as stored).
    pub fn relation_ids(&self, names: &impl Resolve) -> Result<Vec<(PlanRelation, Vec<i64>)>> {
        let mut out = Vec::new();
        for (relation, plans) in [
            (PlanRelation::RespondsTo, &self.responds_to),
            (PlanRelation::Supersedes, &self.supersedes),
        ] {
            if plans.is_empty() {
                continue;
            }
            out.push((relation, resolve_each(names, Kind::Plan, plans)?));
        }
        Ok(out)
    }
}

/// A point label as written: 1 to 20 letters, digits, dots, dashes and brackets.
fn check_label(value: &str) -> Result<String> {
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

impl ProvisionFields {
    /// The provision's columns; its lineage links are resolved by `links`.
    pub fn check(
        &self,
        names: &impl Resolve,
        mode: Mode,
        naming: Naming,
        unset: &[String],
    ) -> Result<CheckedFields> {
        let mut row = FieldChecker::new(names, Kind::Provision, mode, naming);
        row.key(&self.key)?;
        row.reference("plan", Kind::Plan, &self.plan, true)?;
        if let Some(point) = &self.point {
            row.set("point", FieldValue::Text(check_label(point)?));
        }
        row.line("title", &self.title, true)?;
        row.text("text", &self.text, MAX_TEXT)?;
        row.vocab("category", self.category, Category::as_str, true)?;
        row.text("notes", &self.notes, MAX_TEXT)?;
        // The lineage links are rows of provision_links, cleared by `provision::update`.
        row.unset(unset, Self::OPTIONAL, &["continues"])?;
        Ok(row.fields)
    }

    /// The lineage links given, resolved and checked; None when none are given (an
    /// update then keeps the stored ones). `--relation` and `--basis` give one value
    /// for every link, or one per `--continues`, in order; the basis defaults to
    /// editorial.
    pub fn links(&self, names: &impl Resolve, naming: Naming) -> Result<Option<Vec<LineageLink>>> {
        let name = |field: &str| naming.name(Kind::Provision, field);
        let (continues_field, relation_field, basis_field) =
            (name("continues"), name("relation"), name("basis"));
        if self.continues.is_empty() {
            if !self.relation.is_empty() || !self.basis.is_empty() {
                return Err(Error::invalid(format!(
                    "{continues_field} and {relation_field} go together: name the earlier provision and how this one continues it ({basis_field} too goes with {continues_field})",
                )));
            }
            return Ok(None);
        }
        if self.relation.is_empty() {
            return Err(Error::invalid(format!(
                "{continues_field} and {relation_field} go together: name the earlier provision and how this one continues it",
            )));
        }
        let n = self.continues.len();
        let per_link = |flag: &str, given: usize| -> Result<()> {
            if given > 1 && given != n {
                return Err(Error::invalid(format!(
                    "{flag} given {given} times for {n} {continues_field}: give it once (for every link) or once per {continues_field}"
                )));
            }
            Ok(())
        };
        per_link(&relation_field, self.relation.len())?;
        per_link(&basis_field, self.basis.len())?;
        let mut links: Vec<LineageLink> = Vec::with_capacity(n);
        for (i, key) in self.continues.iter().enumerate() {
            let continues_id = names.resolve(Kind::Provision, key)?;
            let relation = self.relation[if self.relation.len() == 1 { 0 } else { i }];
            let basis = match self.basis.len() {
                0 => EDITORIAL,
                1 => self.basis[0].as_str(),
                _ => self.basis[i].as_str(),
            };
            let basis_source_id = if basis.trim().eq_ignore_ascii_case(EDITORIAL) {
                None
            } else {
                Some(names.resolve(Kind::Source, basis).map_err(|e| {
                    e.context(format!("{basis_field} (a source key, or editorial)"))
                })?)
            };
            if links.iter().any(|l| l.continues_id == continues_id) {
                return Err(Error::invalid(format!(
                    "{continues_field} '{key}' is given twice"
                )));
            }
            links.push(LineageLink {
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
