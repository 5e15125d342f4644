//! Synthetic data for benchmarks and tests: N stances with the actors, plans,
//! provisions and sources they need, as importable tables (CSV or JSON Lines).
//!
//! The same seed always gives the same bytes. The shape follows real coverage: a few
//! actors and provisions get most of the attention (Zipf-distributed), sources come in
//! date order with a heavy-tailed number of claims each (a wire story reports two, a
//! long explainer two hundred), and text has commas, quotes and non-ASCII letters.
//! With `tricky`, text also has newlines, tabs, semicolons, backslashes, pipes and
//! mixed scripts, aliases contain the CSV list separator, and some stances are
//! retracted: the cases a round trip through every format must survive.
//!
//! Used by `cargo run --example generate` (the benchmark) and by the tests.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use chrono::{Datelike, Days, NaiveDate};

use crate::error::{Error, Result};
use crate::input::StanceRecord;
use crate::input::{ActorFields, PlanFields, ProvisionFields, SourceFields};
use crate::model::Kind;
use crate::model::{
    Attribution, GivenPosition, Position, Relation, StanceStatus, ACTOR_KINDS, CATEGORIES,
    PLAN_STATUSES, SOURCE_KINDS,
};
use crate::tabular::{self, DataFormat, TableWriter};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub stances: u64,
    pub seed: u64,
    /// Hard text for round-trip tests (see the module doc).
    pub tricky: bool,
}

/// How many records of each kind were written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub sources: u64,
    pub actors: u64,
    pub plans: u64,
    pub provisions: u64,
    pub stances: u64,
}

/// A small, fast, deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Samples indexes 0..n with probability proportional to 1 / (i + 1)^s.
struct Zipf {
    cdf: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Self {
        let mut total = 0.0;
        let cdf = (0..n)
            .map(|i| {
                total += 1.0 / ((i + 1) as f64).powf(s);
                total
            })
            .collect::<Vec<_>>();
        Zipf {
            cdf: cdf.into_iter().map(|c| c / total).collect(),
        }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.unit();
        self.cdf.partition_point(|c| *c < u).min(self.cdf.len() - 1)
    }
}

const FIRST: &[&str] = &[
    "Olena",
    "Andriy",
    "Sergei",
    "Maria",
    "Jean",
    "Ursula",
    "Kaja",
    "Antonio",
    "Recep",
    "Keir",
    "Giorgia",
    "Donald",
    "Marco",
    "Steve",
    "Dmytro",
    "Rustem",
    "Yulia",
    "Kirill",
    "Mark",
    "Friedrich",
    "Emmanuel",
    "Viktor",
    "Robert",
    "Alexander",
    "Annalena",
    "Boris",
    "Petr",
    "Jens",
    "Kristalina",
    "Li",
];
const LAST: &[&str] = &[
    "Kovalenko",
    "Shevchenko",
    "Lavrov",
    "Müller",
    "Dubois",
    "Rossi",
    "Novak",
    "Kowalski",
    "Yılmaz",
    "García",
    "Smith",
    "Petrov",
    "Bondarenko",
    "Umerov",
    "Sybiha",
    "Witkoff",
    "Rubio",
    "Kallas",
    "Tusk",
    "Orbán",
    "Fico",
    "Stoltenberg",
    "Jørgensen",
    "Zelinska",
    "Dmitriev",
];
const STATES: &[&str] = &[
    "Ukraine",
    "Russia",
    "United States",
    "Germany",
    "France",
    "United Kingdom",
    "Poland",
    "Türkiye",
    "Italy",
    "China",
    "Hungary",
    "Slovakia",
    "Finland",
    "Estonia",
    "Qatar",
    "Saudi Arabia",
    "India",
    "Brazil",
    "Japan",
    "Norway",
];
const OUTLETS: &[&str] = &[
    "Reuters",
    "AP",
    "AFP",
    "Bloomberg",
    "Axios",
    "Politico",
    "The Guardian",
    "Le Monde",
    "DW",
    "Kyiv Independent",
    "Ukrainska Pravda",
    "Meduza",
    "TASS",
    "RIA Novosti",
    "Financial Times",
    "The Economist",
    "Der Spiegel",
    "Corriere della Sera",
    "NHK",
    "Al Jazeera",
    "Gazeta Wyborcza",
    "Frankfurter Allgemeine",
    "El País",
    "Yle",
    "ERR News",
    "BBC",
    "CNN",
    "NYT",
    "WSJ",
    "WaPo",
];
const WORDS: &[&str] = &[
    "ceasefire",
    "territory",
    "guarantees",
    "sanctions",
    "assets",
    "elections",
    "neutrality",
    "front line",
    "negotiations",
    "withdrawal",
    "monitoring",
    "peacekeepers",
    "reconstruction",
    "prisoners",
    "exchange",
    "amnesty",
    "Zaporizhzhia",
    "Donbas",
    "Crimea",
    "NATO",
    "EU",
    "referendum",
    "buffer zone",
    "troop cap",
    "security",
    "framework",
    "timetable",
    "envoy",
];
const TRICKY: &[&str] = &[
    "\"quoted\"",
    "comma, inside",
    "semi;colon",
    "back\\slash",
    "pipe | bar",
    "Зеленський",
    "Friedensplan",
    "سلام",
    "和平",
    "🕊️",
    "'single'",
    "«guillemets»",
    "tab\there",
    "new\nline",
    "crlf\r\nline",
    "ends with space ",
    "#hash",
    "= formula",
    "[brackets]",
    "{braces}",
    "'''",
    "\"\"\"",
];

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The generator's state: the records written so far, by index.
struct Synth {
    cfg: Config,
    rng: Rng,
}

impl Synth {
    /// A phrase of `n` words; with `multiline`, tricky text may hold line breaks.
    fn phrase(&mut self, n: usize, multiline: bool) -> String {
        let mut words = Vec::with_capacity(n);
        for _ in 0..n {
            if self.cfg.tricky && self.rng.chance(0.25) {
                let t = *self.rng.pick(TRICKY);
                if multiline || !t.contains(['\n', '\r', '\t']) {
                    words.push(t.to_string());
                    continue;
                }
            }
            words.push(self.rng.pick(WORDS).to_string());
        }
        let mut text = words.join(" ");
        if let Some(first) = text.get(..1) {
            text = first.to_uppercase() + &text[1..];
        }
        if !multiline {
            text = text.trim_end().to_string();
        }
        text
    }

    fn sentence(&mut self) -> String {
        let n = 6 + self.rng.below(14);
        let mut s = self.phrase(n, true);
        if self.rng.chance(0.3) {
            s.push_str(", officials said");
        }
        s.push('.');
        s
    }
}

fn day(base: NaiveDate, offset: u64) -> NaiveDate {
    base.checked_add_days(Days::new(offset)).unwrap_or(base)
}

/// Writes `sources`, `actors`, `plans`, `provisions` and `stances` tables into `dir`
/// in `format` (CSV or JSON Lines).
pub fn write_tables(cfg: &Config, dir: &Path, format: DataFormat) -> Result<Counts> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::Io(format!("{}: cannot create it: {e}", dir.display())))?;
    let open = |kind: Kind| -> Result<TableWriter<std::io::BufWriter<std::fs::File>>> {
        let path = dir.join(format!("{}.{}", kind.table(), format.extension()));
        let file = std::fs::File::create(&path)
            .map_err(|e| Error::Io(format!("{}: {e}", path.display())))?;
        TableWriter::new(
            std::io::BufWriter::with_capacity(1 << 16, file),
            format,
            kind,
        )
    };
    let mut g = Synth {
        cfg: *cfg,
        rng: Rng(cfg.seed ^ 0x5052_5654),
    };
    let n = cfg.stances.max(1);
    let n_actors = ((n / 250) as usize).clamp(20, 4000);
    let n_provisions = ((n / 400) as usize).clamp(20, 2500);
    let n_plans = (n_provisions / 20).clamp(3, 200);
    let mut counts = Counts::default();
    let start = NaiveDate::from_ymd_opt(2022, 2, 1).expect("a real date");

    // Actors: the first are states; most others are people who speak for one.
    let mut actors_w = open(Kind::Actor)?;
    let mut actor_keys: Vec<String> = Vec::with_capacity(n_actors);
    let mut actor_aliases: Vec<Option<String>> = Vec::with_capacity(n_actors);
    let mut states = Vec::new();
    for i in 0..n_actors {
        let (name, kind) = if let Some(state) = STATES.get(i) {
            (state.to_string(), "state")
        } else {
            let kind = match g.rng.below(20) {
                0 => "bloc",
                1..=2 => "organization",
                3 => "media",
                4 => "state",
                _ => "person",
            };
            let name = match kind {
                "person" => format!("{} {}", g.rng.pick(FIRST), g.rng.pick(LAST)),
                _ => format!("{} {}", g.phrase(2, false), kind),
            };
            (name, kind)
        };
        debug_assert!(ACTOR_KINDS.contains(&kind));
        let key = format!("{}-{i}", slug(&name).chars().take(60).collect::<String>())
            .trim_start_matches('-')
            .to_string();
        if kind == "state" {
            states.push(i);
        }
        let parent = (kind == "person" && !states.is_empty() && g.rng.chance(0.7))
            .then(|| actor_keys[states[g.rng.below(states.len())]].clone());
        let mut aliases = Vec::new();
        if g.rng.chance(0.2) {
            let sep = if cfg.tricky { "; \\ " } else { " " };
            aliases.push(format!("{name}{sep}#{i}"));
        }
        if cfg.tricky && g.rng.chance(0.1) {
            aliases.push(format!("Ім'я {i}"));
        }
        actor_aliases.push(aliases.first().cloned());
        let notes = g.rng.chance(0.3).then(|| g.sentence());
        let actor = ActorFields {
            key: Some(key.clone()),
            name: Some(name),
            kind: kind.parse().ok(),
            parent,
            aliases,
            members: Vec::new(),
            // Groups: a third of the actors are tagged europe, for --group.
            tags: if g.rng.chance(0.33) {
                vec!["europe".to_string()]
            } else {
                Vec::new()
            },
            notes,
        };
        actors_w.write(&tabular::cells(&actor))?;
        actor_keys.push(key);
        counts.actors += 1;
    }
    actors_w.finish()?;

    // Plans, proposed by states.
    let mut plans_w = open(Kind::Plan)?;
    let mut plan_keys: Vec<String> = Vec::with_capacity(n_plans);
    for i in 0..n_plans {
        let word = WORDS[g.rng.below(WORDS.len())];
        let key = format!("plan-{i}-{}", slug(word));
        let proposers = (0..1 + g.rng.below(2))
            .map(|_| actor_keys[states[g.rng.below(states.len())]].clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let plan = PlanFields {
            key: Some(key.clone()),
            title: Some(format!("Plan {i}: {}", g.phrase(4, false))),
            status: g.rng.pick(PLAN_STATUSES).parse().ok(),
            first_reported_on: g.rng.chance(0.8).then(|| {
                day(start, (i * 1500 / n_plans) as u64)
                    .format("%Y-%m")
                    .to_string()
            }),
            text_known: g
                .rng
                .pick(&["full", "full", "partial", "summary"])
                .parse()
                .ok(),
            proposers,
            // Plan families: a later plan answers an earlier one, or replaces it.
            responds_to: (i > 0 && g.rng.chance(0.4))
                .then(|| plan_keys[g.rng.below(i)].clone())
                .into_iter()
                .collect(),
            supersedes: (i > 0 && g.rng.chance(0.3))
                .then(|| plan_keys[i - 1].clone())
                .into_iter()
                .collect(),
            notes: g.rng.chance(0.5).then(|| g.sentence()),
        };
        plans_w.write(&tabular::cells(&plan))?;
        plan_keys.push(key);
        counts.plans += 1;
    }
    plans_w.finish()?;

    // Provisions: numbered within their plan; some continue one of an earlier plan.
    let mut provisions_w = open(Kind::Provision)?;
    let mut provision_keys: Vec<String> = Vec::with_capacity(n_provisions);
    let mut provision_plan = Vec::with_capacity(n_provisions);
    let mut points = vec![0i64; n_plans];
    for i in 0..n_provisions {
        let plan = i * n_plans / n_provisions;
        points[plan] += 1;
        let key = format!("{}-p{}", plan_keys[plan], points[plan]);
        // Lineage: some continue one provision of an earlier plan, a few merge two or
        // three of one earlier plan.
        let mut continues: Vec<usize> = Vec::new();
        if plan > 0 && g.rng.chance(0.3) {
            let candidates: Vec<usize> = (0..i).filter(|&j| provision_plan[j] < plan).collect();
            let first = candidates[g.rng.below(candidates.len())];
            continues.push(first);
            if g.rng.chance(0.2) {
                let same_plan: Vec<usize> = candidates
                    .iter()
                    .copied()
                    .filter(|&j| provision_plan[j] == provision_plan[first] && j != first)
                    .collect();
                for _ in 0..1 + g.rng.below(2) {
                    if !same_plan.is_empty() {
                        let j = same_plan[g.rng.below(same_plan.len())];
                        if !continues.contains(&j) {
                            continues.push(j);
                        }
                    }
                }
            }
        }
        let relation = match continues.len() {
            0 => Vec::new(),
            1 => vec![*g
                .rng
                .pick(&[Relation::Same, Relation::Modified, Relation::Split])],
            _ => vec![Relation::Merged],
        };
        let provision = ProvisionFields {
            key: Some(key.clone()),
            plan: Some(plan_keys[plan].clone()),
            point: g.rng.chance(0.9).then(|| {
                // Now and then a sub-point as plans write them (21a).
                if g.rng.chance(0.1) {
                    format!("{}a", points[plan])
                } else {
                    points[plan].to_string()
                }
            }),
            title: Some(g.phrase(5, false)),
            text: g.rng.chance(0.8).then(|| g.sentence()),
            category: g.rng.pick(CATEGORIES).parse().ok(),
            continues: continues
                .iter()
                .map(|&j| provision_keys[j].clone())
                .collect(),
            relation,
            basis: Vec::new(),
            notes: g.rng.chance(0.2).then(|| g.sentence()),
        };
        provisions_w.write(&tabular::cells(&provision))?;
        provision_keys.push(key);
        provision_plan.push(plan);
        counts.provisions += 1;
    }
    provisions_w.finish()?;

    // Sources in date order, each with a heavy-tailed number of stances.
    let mut sources_w = open(Kind::Source)?;
    let mut stances_w = open(Kind::Stance)?;
    let actor_pick = Zipf::new(n_actors, 1.0);
    let provision_pick = Zipf::new(n_provisions, 0.9);
    let outlet_pick = Zipf::new(OUTLETS.len(), 1.1);
    let mean_per_source = 50.0;
    let expected_sources = (n as f64 / mean_per_source).max(1.0);
    let span_days = 1600.0;
    let mut written = 0u64;
    let mut s = 0u64;
    let mut seen = HashSet::new();
    while written < n {
        let published = day(start, (s as f64 * span_days / expected_sources) as u64);
        let outlet = OUTLETS[outlet_pick.sample(&mut g.rng)];
        let key = format!("{}-{}-{s}", slug(outlet), published.format("%Y-%m-%d"));
        let kind = *g.rng.pick(SOURCE_KINDS);
        let source = SourceFields {
            key: Some(key.clone()),
            outlet: Some(outlet.to_string()),
            title: Some(g.phrase(8, false)),
            url: g
                .rng
                .chance(0.7)
                .then(|| format!("https://news.example/{key}")),
            author: g
                .rng
                .chance(0.6)
                .then(|| format!("{} {}", g.rng.pick(FIRST), g.rng.pick(LAST))),
            published_on: Some(published.format("%Y-%m-%d").to_string()),
            kind: kind.parse().ok(),
            language: g.rng.chance(0.8).then(|| "en".to_string()),
            notes: g.rng.chance(0.1).then(|| g.sentence()),
            published_inferred: None,
        };
        sources_w.write(&tabular::cells(&source))?;
        counts.sources += 1;
        // Pareto-like: mostly a handful, sometimes hundreds.
        let u = g.rng.unit().max(1e-9);
        let size = ((mean_per_source * 0.35) / u.powf(0.6)).min(2000.0) as u64;
        let size = size.clamp(1, n - written);
        seen.clear();
        let mut k = 0;
        while k < size {
            let a = actor_pick.sample(&mut g.rng);
            let p = provision_pick.sample(&mut g.rng);
            let (date, precise) = match g.rng.below(10) {
                0..=6 => (published, true),
                7..=8 => (day(published, 0).pred_opt().unwrap_or(published), true),
                _ => (published, false),
            };
            // The identity is the stored date: a month is stored as its first day.
            let stored = if precise {
                date
            } else {
                date.with_day(1).unwrap_or(date)
            };
            if !seen.insert((a, p, stored)) {
                if seen.len() as u64 > size * 4 + 64 {
                    break; // a tiny universe: give up on this source
                }
                continue;
            }
            let date_text = if precise {
                date.format("%Y-%m-%d").to_string()
            } else {
                date.format("%Y-%m").to_string()
            };
            let actor = match &actor_aliases[a] {
                Some(alias) if g.rng.chance(0.05) => alias.clone(),
                _ => actor_keys[a].clone(),
            };
            let retracted = cfg.tricky && g.rng.chance(0.05);
            let stance = StanceRecord {
                actor: Some(actor),
                provision: Some(provision_keys[p].clone()),
                position: Some(GivenPosition::Confirmed(
                    Position::ALL[g.rng.below(Position::ALL.len())],
                )),
                source: Some(key.clone()),
                stated_on: Some(date_text),
                quote: g.rng.chance(0.6).then(|| g.sentence()),
                attribution: Some(*g.rng.pick(Attribution::ALL)),
                notes: g.rng.chance(0.1).then(|| g.sentence()),
                status: retracted.then_some(StanceStatus::Retracted),
                reason: retracted.then(|| g.sentence()),
                recorded_at: cfg
                    .tricky
                    .then(|| format!("2026-01-{:02}T12:00:00Z", 1 + g.rng.below(28))),
                ..StanceRecord::default()
            };
            stances_w.write(&tabular::cells(&stance))?;
            written += 1;
            k += 1;
        }
        s += 1;
    }
    sources_w.finish()?;
    stances_w.finish()?.flush().ok();
    counts.stances = written;
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        let a = tempfile_dir("a");
        let b = tempfile_dir("b");
        let cfg = Config {
            stances: 500,
            seed: 7,
            tricky: true,
        };
        let ca = write_tables(&cfg, &a, DataFormat::Csv).unwrap();
        let cb = write_tables(&cfg, &b, DataFormat::Csv).unwrap();
        assert_eq!(ca, cb);
        assert_eq!(ca.stances, 500);
        for t in ["sources", "actors", "plans", "provisions", "stances"] {
            let x = std::fs::read(a.join(format!("{t}.csv"))).unwrap();
            let y = std::fs::read(b.join(format!("{t}.csv"))).unwrap();
            assert_eq!(x, y, "{t}");
        }
        let _ = std::fs::remove_dir_all(a);
        let _ = std::fs::remove_dir_all(b);
    }

    fn tempfile_dir(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("provtrack-synth-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }
}
