//! Dates in an article's words, relative to its publication date: "on Wednesday",
//! "Thursday", "yesterday", "last week", "on 12 February", "Nov 21", "November 21".

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A date found in a text: the day, whether it is only approximate, and the words.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub date: NaiveDate,
    pub approximate: bool,
    pub words: String,
}

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let i = MONTHS.iter().position(|m| w.starts_with(m))?;
    // The word is the month's name or an abbreviation of it (Sept, Nov).
    (full[i].starts_with(&w) || w == "sept").then_some(i as u32 + 1)
}

fn day(word: &str) -> Option<u32> {
    // "21", "21):", "24-26", "12th," — the leading digits, then nothing but a suffix.
    let w = word.trim_start_matches(|c: char| !c.is_ascii_digit());
    let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
    let rest = &w[digits.len()..];
    let rest = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|x| rest.strip_prefix(x))
        .unwrap_or(rest);
    let suffix_ok = rest
        .chars()
        .all(|c| !c.is_alphanumeric() || c.is_ascii_digit());
    let d: u32 = digits.parse().ok()?;
    (suffix_ok && digits.len() <= 2 && (1..=31).contains(&d)).then_some(d)
}

/// The first date expression in `text` (words split on whitespace), resolved against
/// `published`. Never after `published`.
pub fn find(text: &str, published: NaiveDate) -> Option<Found> {
    let raw: Vec<&str> = text.split_whitespace().collect();
    let clean: Vec<String> = raw
        .iter()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    for i in 0..clean.len() {
        let w = clean[i].as_str();
        let prev = if i > 0 { clean[i - 1].as_str() } else { "" };
        let words = |a: usize, b: usize| raw[a..b].join(" ");
        let phrase = |a: usize, b: usize| {
            words(a, b)
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        };
        if let Some((_, wd)) = WEEKDAYS.iter().find(|(n, _)| *n == w) {
            // The latest such day on or before publication ("on Thursday").
            let back =
                (published.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
            let from = if prev == "on" || prev == "last" {
                i - 1
            } else {
                i
            };
            let back = if prev == "last" && back == 0 { 7 } else { back };
            return Some(Found {
                date: published - Duration::days(i64::from(back)),
                approximate: false,
                words: phrase(from, i + 1),
            });
        }
        if w == "yesterday" {
            return Some(Found {
                date: published - Duration::days(1),
                approximate: false,
                words: phrase(i, i + 1),
            });
        }
        if w == "week" && prev == "last" {
            return Some(Found {
                date: published - Duration::days(7),
                approximate: true,
                words: phrase(i - 1, i + 1),
            });
        }
        if let Some(m) = month(w) {
            // "Nov 21", "November 21", "on 12 February", "12 Feb."
            let after = raw.get(i + 1).and_then(|x| day(x));
            let before = if i > 0 { day(raw[i - 1]) } else { None };
            let (d, from, to) = match (after, before) {
                (Some(d), _) => (d, i, i + 2),
                (None, Some(d)) => (d, i - 1, i + 1),
                _ => continue,
            };
            let from = if from > 0 && clean[from - 1] == "on" {
                from - 1
            } else {
                from
            };
            let mut year = published.year();
            // An explicit year right after: "Nov 21, 2025".
            if let Some(y) = raw.get(to).and_then(|x| {
                x.trim_matches(|c: char| !c.is_ascii_digit())
                    .parse::<i32>()
                    .ok()
            }) {
                if (1800..=2200).contains(&y) {
                    year = y;
                }
            }
            let Some(mut date) = NaiveDate::from_ymd_opt(year, m, d) else {
                continue;
            };
            if date > published {
                // A day later in the year: last year's, if that is recent (a January
                // article's "Dec 28"); otherwise a deadline or plan, not when anyone
                // spoke.
                match NaiveDate::from_ymd_opt(year - 1, m, d) {
                    Some(earlier)
                        if (published - earlier).num_days() <= 180 && year == published.year() =>
                    {
                        date = earlier
                    }
                    _ => continue,
                }
            }
            return Some(Found {
                date,
                approximate: false,
                words: phrase(from, to),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn relative_days_resolve_against_publication() {
        let friday = d("2025-11-21");
        let f = find("told reporters on Thursday.", friday).unwrap();
        assert_eq!((f.date, f.words.as_str()), (d("2025-11-20"), "on Thursday"));
        assert_eq!(find("said Friday", friday).unwrap().date, friday);
        assert_eq!(find("last Friday", friday).unwrap().date, d("2025-11-14"));
        assert_eq!(find("yesterday", friday).unwrap().date, d("2025-11-20"));
        let w = find("met last week", friday).unwrap();
        assert!(w.approximate);
        assert_eq!(w.date, d("2025-11-14"));
    }

    #[test]
    fn day_and_month_in_either_order_never_after_publication() {
        let p = d("2025-02-13");
        assert_eq!(find("on 12 February,", p).unwrap().date, d("2025-02-12"));
        assert_eq!(find("(Nov 21):", p).unwrap().date, d("2024-11-21"));
        // A deadline after publication is not a statement's date.
        assert_eq!(
            find("by March 1, said on 12 February", p).unwrap().date,
            d("2025-02-12")
        );
        assert_eq!(
            find("Dec 28", d("2025-01-05")).unwrap().date,
            d("2024-12-28")
        );
        assert_eq!(find("on Nov. 21, 2024", p).unwrap().date, d("2024-11-21"));
        assert_eq!(find("May I say", p), None);
        assert_eq!(find("in March", p), None);
    }
}
