//! A stance as a statement: what one source reports one actor said (a position), or
//! what the source forecasts or recommends, about one plan as a whole or about one or
//! more of its provisions. `stance add/update` and imports build a `Statement` with
//! their references resolved, check it here by the same rules, and compare it with
//! the stored one field by field.

use crate::error::{Error, Result};
use crate::model::{Attribution, Position, StanceKind, StanceStatus};

/// A stance with its references resolved to ids. `provisions` is sorted and empty for
/// a stance on the plan as a whole; `via` is nearest first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Statement {
    pub key: String,
    pub actor_id: i64,
    pub plan_id: i64,
    pub provisions: Vec<i64>,
    pub kind: StanceKind,
    pub position: Position,
    pub source_id: i64,
    pub relays: Option<i64>,
    /// The stored date (`YYYY-MM-DD`), its precision, and whether it is inferred.
    pub stated_on: String,
    pub precision: String,
    pub inferred: bool,
    pub quote: Option<String>,
    pub evidence: Option<String>,
    pub attribution: Attribution,
    pub via: Vec<i64>,
    pub status: StanceStatus,
    pub reason: Option<String>,
    pub notes: Option<String>,
    pub recorded_at: String,
}

/// The fields `changed_fields` compares, in the order they are listed, named as claims
/// files name them (`stated_on` is the date with its precision).
pub const FIELDS: &[&str] = &[
    "key",
    "actor",
    "plan",
    "provisions",
    "kind",
    "position",
    "source",
    "relays",
    "stated_on",
    "stated_inferred",
    "quote",
    "evidence",
    "attribution",
    "via",
    "status",
    "reason",
    "notes",
];

impl Statement {
    /// The names of the fields whose values differ (`FIELDS` order).
    pub fn changed_fields(&self, new: &Statement) -> Vec<&'static str> {
        FIELDS
            .iter()
            .copied()
            .filter(|f| match *f {
                "key" => self.key != new.key,
                "actor" => self.actor_id != new.actor_id,
                "plan" => self.plan_id != new.plan_id,
                "provisions" => self.provisions != new.provisions,
                "kind" => self.kind != new.kind,
                "position" => self.position != new.position,
                "source" => self.source_id != new.source_id,
                "relays" => self.relays != new.relays,
                "stated_on" => self.stated_on != new.stated_on || self.precision != new.precision,
                "stated_inferred" => self.inferred != new.inferred,
                "quote" => self.quote != new.quote,
                "evidence" => self.evidence != new.evidence,
                "attribution" => self.attribution != new.attribution,
                "via" => self.via != new.via,
                "status" => self.status != new.status,
                "reason" => self.reason != new.reason,
                _ => self.notes != new.notes,
            })
            .collect()
    }

    /// Sets the status and reason a user gives (`--status`/`--reason`, or a record's
    /// `status`/`reason`) on this stance as stored (or, new, active): a reason alone
    /// changes the reason of a retracted or corrected stance; retracted and corrected
    /// need a reason; going back to active clears it.
    pub fn set_status(&mut self, status: Option<StanceStatus>, reason: Option<&str>) -> Result<()> {
        let reason = reason
            .map(|r| crate::model::check_text("reason", r, crate::model::MAX_QUOTE))
            .transpose()?;
        let status = match status {
            Some(x) => x,
            None if reason.is_none() => return Ok(()),
            None => self.status,
        };
        match (status, reason) {
            (StanceStatus::Active, None) => self.reason = None,
            (StanceStatus::Active, Some(_)) => {
                return Err(Error::invalid(
                    "reason goes with a status (retracted or corrected): an active stance has \
                     none",
                ))
            }
            (_, Some(r)) => self.reason = Some(r),
            (x, None) => {
                if self.reason.is_none() {
                    return Err(Error::invalid(format!(
                        "status {x} needs a reason: say why"
                    )));
                }
            }
        }
        self.status = status;
        Ok(())
    }

    /// The rules that tie fields together. `published` is the source's publication date
    /// (stored first day and precision); `provision_plans` the plan of each provision.
    pub fn check(&self, published: (&str, &str), provision_plans: &[(i64, i64)]) -> Result<()> {
        crate::model::check_stance_key(&self.key)?;
        for (_, plan) in provision_plans {
            if *plan != self.plan_id {
                return Err(Error::invalid(
                    "the provisions of one stance must all be in its plan: a stance is about \
                     one plan (record one stance per plan)",
                ));
            }
        }
        if self.attribution == Attribution::Direct && !self.via.is_empty() {
            return Err(Error::invalid(
                "attribution 'direct' means the source had the actor's own words; with --via \
                 the source heard them through someone else (use reported)",
            ));
        }
        if self.via.len() > crate::model::MAX_VIA {
            return Err(Error::invalid(format!(
                "--via names {} intermediaries; a stance is heard through at most {}",
                self.via.len(),
                crate::model::MAX_VIA
            )));
        }
        if self.relays == Some(self.source_id) {
            return Err(Error::invalid(
                "--relays names the stance's own source; it names the other source it repeats",
            ));
        }
        let (published_on, published_precision) = published;
        let last = crate::dates::PartialDate::parse(
            "published_on",
            &crate::dates::display(published_on, published_precision),
        )
        .map(|d| d.last_day())
        .unwrap_or_else(|_| published_on.to_string());
        if self.stated_on.as_str() > last.as_str() {
            return Err(Error::invalid(format!(
                "invalid date '{}': after its source's publication ({}); a source cannot \
                 report what was said after it was published",
                crate::dates::display(&self.stated_on, &self.precision),
                crate::dates::display(published_on, published_precision)
            )));
        }
        match (self.status, &self.reason) {
            (StanceStatus::Active, Some(_)) => Err(Error::invalid(
                "reason goes with status retracted or corrected; an active stance has none",
            )),
            (s, None) if s != StanceStatus::Active => Err(Error::invalid(format!(
                "status {s} needs a reason: say why"
            ))),
            _ => Ok(()),
        }
    }
}

/// A generated stance key: the source's key and a hash of what the stance says
/// (actor, plan, provisions, date, kind, intermediaries, by key), so the same record
/// imported into two databases gets the same key.
pub fn generated_key(
    source: &str,
    actor: &str,
    plan: &str,
    provisions: &[&str],
    stated_on: &str,
    kind: &str,
    via: &[&str],
) -> String {
    let mut provisions = provisions.to_vec();
    provisions.sort_unstable();
    let text = format!(
        "{actor}\u{1f}{plan}\u{1f}{}\u{1f}{stated_on}\u{1f}{kind}\u{1f}{}",
        provisions.join(","),
        via.join(",")
    );
    // FNV-1a, 64 bits: stable across builds and platforms.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{source}-{:08x}", (hash >> 32) ^ (hash & 0xffff_ffff))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_stable_and_ignore_provision_order() {
        let a = generated_key(
            "s",
            "putin",
            "p",
            &["b", "a"],
            "2025-11-21",
            "position",
            &[],
        );
        let b = generated_key(
            "s",
            "putin",
            "p",
            &["a", "b"],
            "2025-11-21",
            "position",
            &[],
        );
        assert_eq!(a, b);
        assert!(a.starts_with("s-") && a.len() == 10, "{a}");
        let c = generated_key(
            "s",
            "putin",
            "p",
            &["a", "b"],
            "2025-11-22",
            "position",
            &[],
        );
        assert_ne!(a, c);
    }
}
