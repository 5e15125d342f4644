//! Strict parsing of the dates a user types: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
//!
//! chrono alone accepts `2024-2-3` and `24-02-03` (year 24), so the shape is checked
//! first; chrono then rejects days that do not exist (`2025-02-30`).

use chrono::NaiveDate;

use crate::error::{Error, Result};

/// A date with the precision the user gave it. Stored as its first day plus precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub date: NaiveDate,
    pub precision: Precision,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Day,
    Month,
    Year,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

const MIN_YEAR: i32 = 1800;
const MAX_YEAR: i32 = 2200;

impl PartialDate {
    /// Parses `value` for the field named `field`; the error names both.
    pub fn parse(field: &str, value: &str) -> Result<Self> {
        let bad = |why: &str| {
            Error::invalid(format!(
                "invalid {field} '{}': {why}",
                crate::model::printable(value)
            ))
        };
        let parts: Vec<&str> = value.split('-').collect();
        let shape_ok = matches!(parts.len(), 1..=3)
            && parts[0].len() == 4
            && parts[1..].iter().all(|p| p.len() == 2)
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !shape_ok {
            return Err(bad("expected YYYY-MM-DD, YYYY-MM or YYYY"));
        }
        let num = |s: &str| s.parse::<u32>().expect("digits checked above");
        let year = num(parts[0]) as i32;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(bad(&format!(
                "year must be between {MIN_YEAR} and {MAX_YEAR}"
            )));
        }
        let month = parts.get(1).map_or(1, |m| num(m));
        let day = parts.get(2).map_or(1, |d| num(d));
        let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| bad("no such date"))?;
        let precision = match parts.len() {
            1 => Precision::Year,
            2 => Precision::Month,
            _ => Precision::Day,
        };
        Ok(PartialDate { date, precision })
    }

    /// The stored form: always a full `YYYY-MM-DD`.
    pub fn stored(&self) -> String {
        self.date.format("%Y-%m-%d").to_string()
    }

    /// The last day the date covers (`2025-02` → `2025-02-28`), for inclusive ends.
    pub fn last_day(&self) -> String {
        let next = match self.precision {
            Precision::Day => return self.stored(),
            Precision::Month => self.date.checked_add_months(chrono::Months::new(1)),
            Precision::Year => self.date.checked_add_months(chrono::Months::new(12)),
        };
        next.and_then(|d| d.pred_opt())
            .map_or_else(|| self.stored(), |d| d.format("%Y-%m-%d").to_string())
    }
}

/// Shows a stored date at its precision (`2025-02-01` + `month` → `2025-02`).
pub fn display(stored: &str, precision: &str) -> String {
    match precision {
        "year" => stored.get(..4).unwrap_or(stored).to_string(),
        "month" => stored.get(..7).unwrap_or(stored).to_string(),
        _ => stored.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_three_forms() {
        let d = PartialDate::parse("date", "2025-02-12").unwrap();
        assert_eq!(
            (d.stored(), d.precision),
            ("2025-02-12".into(), Precision::Day)
        );
        let m = PartialDate::parse("date", "2025-02").unwrap();
        assert_eq!(
            (m.stored(), display(&m.stored(), m.precision.as_str())),
            ("2025-02-01".into(), "2025-02".into())
        );
        let y = PartialDate::parse("date", "2025").unwrap();
        assert_eq!(
            (y.stored(), y.precision),
            ("2025-01-01".into(), Precision::Year)
        );
        assert_eq!(
            PartialDate::parse("d", "2024-02").unwrap().last_day(),
            "2024-02-29"
        );
        assert_eq!(y.last_day(), "2025-12-31");
    }

    #[test]
    fn rejects_loose_and_impossible_dates() {
        for bad in [
            "24-02-03",
            "2024-2-3",
            "2025-02-30",
            "2024-13-01",
            "",
            "+12024-01-01",
            "2025-02-1x",
            "2025/02/01",
            "0024-02-03",
        ] {
            assert!(
                PartialDate::parse("date", bad).is_err(),
                "{bad} was accepted"
            );
        }
    }
}
