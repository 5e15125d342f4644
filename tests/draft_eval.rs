//! The evaluation of `provtrack draft` on the six seed articles: each article in
//! ../shared/articles is drafted against a database holding the seeds (its actors,
//! plans and provisions), and the candidates are compared with the stances seeds/
//! records for it. The floors are tested here; `scripts/draft_eval.sh` prints the
//! figures (the same test, with --nocapture).
//!
//! - quote recall: of the seeded statements whose quote the article prints between
//!   quotation marks (the actor's own words; the first edition of the seeds also put
//!   the outlet's sentences in `quote`, which are counted under "all recall"), the
//!   share with a candidate of the same actor whose quote or evidence holds that quote
//!   (or is held by it);
//! - all recall: of all seeded statements, the share with a candidate of the same
//!   actor whose sentence overlaps the seeded quote or evidence;
//! - date agreement: of the seeded statements found, the share whose first matching
//!   candidate has the seeded date;
//! - candidates per statement: candidates drafted / statements seeded.
//!
//! Statements are seeded stances with duplicates (same actor and same words, one per
//! provision in the first edition of the seeds) counted once. The article of each seed
//! file is found by its words (the piece of ../shared/articles holding most of the
//! file's quotes), so renamed sources or files need no change here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::common::TestEnv;
use serde_json::Value;

const QUOTE_RECALL_FLOOR: f64 = 0.90;
const DATE_FLOOR: f64 = 0.90;
const CANDIDATES_CEILING: f64 = 2.0;

fn fold(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '’' | '‘' | '`' => '\'',
            '“' | '”' | '„' | '«' | '»' => '"',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let words = mapped.split_whitespace().collect::<Vec<_>>().join(" ");
    words
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// The pieces of text the articles hold: each file whole, and a file that holds two
/// pieces (a hashtag line ends the first) also as its two halves.
fn pieces(dir: &Path) -> Vec<(String, String)> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for path in names {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(at) = text.find("#DonaldTrump") {
            out.push((format!("{name} (first piece)"), text[..at].to_string()));
            out.push((format!("{name} (second piece)"), text[at..].to_string()));
        } else {
            out.push((name, text));
        }
    }
    out
}

#[derive(Debug)]
struct Statement {
    actor: String,
    quote: Option<String>,
    evidence: Option<String>,
    date: String,
}

#[derive(Debug)]
struct Drafted {
    actor: String,
    quote: Option<String>,
    evidence: Option<String>,
    date: String,
}

fn overlaps(a: &str, b: &str) -> bool {
    !a.is_empty() && !b.is_empty() && (a.contains(b) || b.contains(a))
}

fn text_of(v: &Value, field: &str) -> Option<String> {
    v.get(field).and_then(Value::as_str).map(fold)
}

#[derive(Default, Debug, Clone, Copy)]
struct Figures {
    statements: usize,
    quoted: usize,
    quoted_found: usize,
    found: usize,
    dated_right: usize,
    candidates: usize,
}

impl Figures {
    fn add(&mut self, o: Figures) {
        self.statements += o.statements;
        self.quoted += o.quoted;
        self.quoted_found += o.quoted_found;
        self.found += o.found;
        self.dated_right += o.dated_right;
        self.candidates += o.candidates;
    }
    fn ratio(a: usize, b: usize) -> f64 {
        if b == 0 {
            1.0
        } else {
            a as f64 / b as f64
        }
    }
    fn quote_recall(&self) -> f64 {
        Self::ratio(self.quoted_found, self.quoted)
    }
    fn all_recall(&self) -> f64 {
        Self::ratio(self.found, self.statements)
    }
    fn date_agreement(&self) -> f64 {
        Self::ratio(self.dated_right, self.found)
    }
    fn per_statement(&self) -> f64 {
        self.candidates as f64 / self.statements.max(1) as f64
    }
    fn row(&self, name: &str) -> String {
        format!(
            "| {name} | {} | {}/{} = {:.0}% | {}/{} = {:.0}% | {}/{} = {:.0}% | {} = {:.2} |",
            self.statements,
            self.quoted_found,
            self.quoted,
            100.0 * self.quote_recall(),
            self.found,
            self.statements,
            100.0 * self.all_recall(),
            self.dated_right,
            self.found,
            100.0 * self.date_agreement(),
            self.candidates,
            self.per_statement()
        )
    }
}

/// The seeds compared with: seeds/, or the folder in DRAFT_EVAL_SEEDS (to try a new
/// edition of the seeds before it is built in).
fn seeds_dir() -> PathBuf {
    std::env::var_os("DRAFT_EVAL_SEEDS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds"))
}

fn evaluate(env: &TestEnv, dir: &Path) -> Vec<(String, Figures)> {
    let seeds = seeds_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let pieces = pieces(dir);
    let mut out = Vec::new();
    for file in files {
        let parsed = provtrack::claims::read(&file).unwrap();
        let Some(source) = parsed.claims.source.as_ref() else {
            continue;
        };
        let published = source.published_on.clone().unwrap();
        // Statements, each (actor, words) once.
        let mut seen = BTreeSet::new();
        let mut statements = Vec::new();
        for s in &parsed.claims.stances {
            if s.source.is_some() || s.status.is_some_and(|x| x.to_string() != "active") {
                continue;
            }
            let actor = s.actor.clone().unwrap_or_default();
            let quote = s.quote.as_deref().map(fold).filter(|q| !q.is_empty());
            let evidence = s.evidence.as_deref().map(fold).filter(|q| !q.is_empty());
            let words = quote.clone().or(evidence.clone()).unwrap_or_default();
            if words.is_empty() || !seen.insert((actor.clone(), words)) {
                continue;
            }
            statements.push(Statement {
                actor,
                quote,
                evidence,
                date: s.stated_on.clone().unwrap_or_else(|| published.clone()),
            });
        }
        if statements.is_empty() {
            // A source recorded for its relays only (no article here).
            continue;
        }
        // The article: the piece holding most of the seeded words.
        let (piece, text) = pieces
            .iter()
            .max_by_key(|(_, text)| {
                let folded = fold(text);
                statements
                    .iter()
                    .filter(|s| {
                        let w = s.quote.clone().or(s.evidence.clone()).unwrap_or_default();
                        folded.contains(&w)
                    })
                    .count()
            })
            .unwrap();
        // The article's quotations (every usual mark), folded.
        let quotations: Vec<String> = text
            .lines()
            .flat_map(|line| {
                provtrack::draft::text::quotes(line)
                    .into_iter()
                    .map(|q| fold(&line[q.inner.0..q.inner.1]))
                    .collect::<Vec<_>>()
            })
            .filter(|q| q.split_whitespace().count() >= 2)
            .collect();
        let article = env.path("article.txt");
        std::fs::write(&article, text).unwrap();
        let run = env.ok([
            "draft",
            article.to_str().unwrap(),
            "--source",
            source.key.as_deref().unwrap(),
            "--outlet",
            source.outlet.as_deref().unwrap(),
            "--published-on",
            &published,
            "--format",
            "json",
        ]);
        let json = run.json();
        let drafted: Vec<Drafted> = json["stances"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|c| Drafted {
                actor: c["actor"].as_str().unwrap_or("").to_string(),
                quote: text_of(c, "quote"),
                evidence: text_of(c, "evidence"),
                date: c["stated_on"].as_str().unwrap_or("").to_string(),
            })
            .collect();
        let mut f = Figures {
            statements: statements.len(),
            candidates: drafted.len(),
            ..Default::default()
        };
        for s in &statements {
            let same_actor = || drafted.iter().filter(|c| c.actor == s.actor);
            // A quote the article prints between quotation marks: the actor's words.
            let quoted = s
                .quote
                .as_ref()
                .filter(|q| quotations.iter().any(|m| overlaps(m, q)));
            if let Some(q) = quoted {
                f.quoted += 1;
                let hit = same_actor().any(|c| {
                    c.quote.as_deref().is_some_and(|cq| overlaps(cq, q))
                        || c.evidence.as_deref().is_some_and(|e| overlaps(e, q))
                });
                if hit {
                    f.quoted_found += 1;
                } else {
                    println!(
                        "  missed quote   [{}] {}: {q}",
                        source.key.as_deref().unwrap(),
                        s.actor
                    );
                }
            }
            let words: Vec<&String> = s.quote.iter().chain(s.evidence.iter()).collect();
            let first = same_actor().find(|c| {
                let mine: Vec<&String> = c.quote.iter().chain(c.evidence.iter()).collect();
                words.iter().any(|w| mine.iter().any(|m| overlaps(m, w)))
            });
            if let Some(c) = first {
                f.found += 1;
                // A seeded month (2025-02) agrees with any day in it.
                if c.date == s.date || (s.date.len() < 10 && c.date.starts_with(&s.date)) {
                    f.dated_right += 1;
                } else {
                    println!(
                        "  other date     [{}] {}: seeded {}, drafted {}",
                        source.key.as_deref().unwrap(),
                        s.actor,
                        s.date,
                        c.date
                    );
                }
            }
        }
        let name = format!("{} ({piece})", source.key.as_deref().unwrap());
        out.push((name, f));
    }
    out
}

#[test]
fn draft_finds_the_seeded_statements_of_the_six_articles() {
    let Some(dir) = crate::common::shared_articles("the draft evaluation") else {
        return;
    };
    let env = TestEnv::new();
    let seeds = seeds_dir();
    env.ok(["seed", "--quiet", "--dir", seeds.to_str().unwrap()]);
    let results = evaluate(&env, &dir);
    assert!(
        results.len() >= 6,
        "six seed files, found {}",
        results.len()
    );
    let mut total = Figures::default();
    println!("| article | statements | quote + actor recall | all recall | date agreement | candidates (per statement) |");
    println!("|---|---|---|---|---|---|");
    for (name, f) in &results {
        println!("{}", f.row(name));
        total.add(*f);
    }
    println!("{}", total.row("**all six**"));
    assert!(
        total.quote_recall() >= QUOTE_RECALL_FLOOR,
        "quote + actor recall {:.1}% < {:.0}%",
        100.0 * total.quote_recall(),
        100.0 * QUOTE_RECALL_FLOOR
    );
    assert!(
        total.date_agreement() >= DATE_FLOOR,
        "date agreement {:.1}% < {:.0}%",
        100.0 * total.date_agreement(),
        100.0 * DATE_FLOOR
    );
    assert!(
        total.per_statement() <= CANDIDATES_CEILING,
        "{:.2} candidates per seeded statement > {CANDIDATES_CEILING}",
        total.per_statement()
    );
}
