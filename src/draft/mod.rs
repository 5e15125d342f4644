//! `provtrack draft`: candidate statements from an article's text, for the analyst to
//! confirm. Everything here is mechanical and explained: each candidate carries the
//! sentence it came from and why each field was chosen; positions are suggestions only
//! (written `?position`, which `import` refuses until the analyst confirms them).
//!
//! The steps: paragraphs → quotations (every usual mark) → sentences → speech events
//! ("X said", "according to X", "X told reporters") with their speakers resolved to
//! known actors (key, name, alias, surname), to proposed new actors, to anonymous
//! sources or by pronoun to the last speaker → dates relative to publication → targets
//! ranked by similarity → position, kind and attribution from cues.

mod render;
pub mod text;
pub mod when;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::input::{ActorFields, PlanFields, ProvisionFields};
use crate::model::{Attribution, Position, StanceKind};
use text::{Quote, Word};

pub use render::{to_claims, to_toml};

/// What the database knows: the article's words are matched against these.
#[derive(Debug, Default, Clone)]
pub struct Known {
    pub actors: Vec<ActorFields>,
    pub plans: Vec<PlanFields>,
    pub provisions: Vec<ProvisionFields>,
}

/// The source the article is, as given on the command line.
#[derive(Debug, Clone)]
pub struct SourceInfo {
    pub key: String,
    pub outlet: String,
    pub title: Option<String>,
    /// As given (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub published_on: String,
    /// The day relative dates count from (the first day of a month or year).
    pub published: NaiveDate,
    pub kind: String,
}

/// One candidate statement.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Candidate {
    /// 1-based paragraph and sentence numbers, for the comment.
    pub paragraph: usize,
    pub sentence_no: usize,
    pub sentence: String,
    pub actor: String,
    pub actor_why: String,
    pub via: Vec<String>,
    pub attribution: Attribution,
    pub attribution_why: String,
    pub kind: StanceKind,
    pub kind_why: String,
    pub position: Position,
    pub position_why: String,
    pub stated_on: String,
    pub inferred: bool,
    pub date_why: String,
    /// The plan, for a statement about the plan as a whole (no provision).
    pub plan: Option<String>,
    pub provision: Option<String>,
    pub target_why: String,
    pub quote: Option<String>,
    pub evidence: Option<String>,
}

/// The draft: proposed new actors and the candidates, in article order.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub source: Option<SourceInfo>,
    pub new_actors: Vec<(ActorFields, String)>,
    pub candidates: Vec<Candidate>,
    /// The title taken from the text when none was given.
    pub title_why: Option<String>,
}

// ------------------------------------------------------------------ vocabularies

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "wrote",
    "writes",
    "stated",
    "declared",
    "noted",
    "warned",
    "insisted",
    "argued",
    "claimed",
    "confirmed",
    "explained",
    "stressed",
    "announced",
    "tweeted",
    "posted",
    "suggested",
    "saying",
    "acknowledged",
    "admitted",
    "emphasized",
    "emphasised",
    "replied",
    "responded",
    "urged",
    "predicted",
    "described",
    "describe",
    "describes",
    "called",
    "laid",
    "outlined",
    "expressed",
    "remarked",
    "believes",
    "maintained",
    "maintains",
    "promised",
    "vowed",
    "threatened",
    "demanded",
    "adding",
];

/// Words of a speaker's role that come before a name (German Defense Minister Boris
/// Pistorius).
const TITLE_WORDS: &[&str] = &[
    "president",
    "prime",
    "minister",
    "secretary",
    "defense",
    "defence",
    "foreign",
    "press",
    "chancellor",
    "senator",
    "sen",
    "gen",
    "general",
    "ambassador",
    "envoy",
    "special",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "deputy",
    "vice",
    "state",
    "army",
    "national",
    "security",
    "adviser",
    "advisor",
    "chief",
    "head",
    "commander",
    "former",
    "leader",
    "mayor",
    "governor",
    "king",
    "queen",
    "pope",
    "lawmaker",
    "representative",
    "rep",
    "speaker",
    "director",
    "analyst",
    "professor",
    "dr",
    "mr",
    "mrs",
    "ms",
    "senior",
    "top",
    "official",
    "diplomat",
    "white",
    "house",
    "kremlin",
    "editor",
    "economy",
    "finance",
    "interior",
    "justice",
    "affairs",
    "high",
    "commissioner",
    "member",
    "parliament",
    "duma",
    "mp",
    "the",
];

/// Words that make a capitalised name a body rather than a person.
const BODY_WORDS: &[&str] = &[
    "commission",
    "ministry",
    "council",
    "office",
    "parliament",
    "union",
    "agency",
    "service",
    "government",
    "committee",
    "alliance",
    "nations",
    "party",
    "forces",
    "department",
    "administration",
    "bank",
    "fund",
    "institute",
    "group",
    "organization",
    "organisation",
    "assembly",
    "court",
    "senate",
    "congress",
];

/// Nationality and country words → the key or name of the country's actor.
const COUNTRIES: &[(&str, &str)] = &[
    ("us", "united-states"),
    ("u.s", "united-states"),
    ("american", "united-states"),
    ("washington", "united-states"),
    ("white house", "united-states"),
    ("ukrainian", "ukraine"),
    ("ukraine", "ukraine"),
    ("kyiv", "ukraine"),
    ("russian", "russia"),
    ("russia", "russia"),
    ("kremlin", "russia"),
    ("moscow", "russia"),
    ("german", "germany"),
    ("germany", "germany"),
    ("french", "france"),
    ("france", "france"),
    ("british", "united-kingdom"),
    ("uk", "united-kingdom"),
    ("u.k", "united-kingdom"),
    ("greek", "greece"),
    ("italian", "italy"),
    ("polish", "poland"),
    ("turkish", "turkey"),
    ("chinese", "china"),
    ("european", "european-union"),
    ("eu", "european-union"),
    ("nato", "nato"),
    ("hungarian", "hungary"),
    ("finnish", "finland"),
    ("estonian", "estonia"),
    ("latvian", "latvia"),
    ("lithuanian", "lithuania"),
    ("dutch", "netherlands"),
    ("spanish", "spain"),
    ("canadian", "canada"),
    ("japanese", "japan"),
    ("indian", "india"),
    ("israeli", "israel"),
    ("saudi", "saudi-arabia"),
];

const ANONYMOUS_NOUNS: &[&str] = &[
    "official",
    "officials",
    "source",
    "sources",
    "person",
    "people",
    "diplomat",
    "diplomats",
    "insider",
    "insiders",
    "aide",
    "aides",
];

/// Words that refer to a plan without naming a provision.
const PLAN_WORDS: &[&str] = &[
    "plan",
    "plans",
    "proposal",
    "proposals",
    "idea",
    "document",
    "deal",
    "framework",
    "draft",
    "initiative",
    "agreement",
    "blueprint",
    "roadmap",
    "points",
    "terms",
];

const STOPWORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "by",
    "at",
    "from",
    "as",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "which",
    "who",
    "whom",
    "would",
    "will",
    "could",
    "should",
    "must",
    "may",
    "might",
    "can",
    "has",
    "have",
    "had",
    "not",
    "no",
    "any",
    "all",
    "also",
    "but",
    "if",
    "than",
    "then",
    "there",
    "their",
    "they",
    "them",
    "he",
    "she",
    "his",
    "her",
    "we",
    "our",
    "you",
    "i",
    "said",
    "says",
    "told",
    "plan",
    "such",
    "more",
    "most",
    "some",
    "other",
    "into",
    "over",
    "after",
    "before",
    "about",
    "up",
    "out",
    "so",
    "what",
    "when",
    "where",
    "how",
    "do",
    "does",
    "did",
    "just",
    "only",
    "both",
    "each",
    "one",
    "new",
    "us",
    "u.s",
    "while",
    "according",
    "under",
    "including",
    "via",
    "per",
    "said",
    "say",
    "like",
];

// ------------------------------------------------------------------ actors in text

/// How a known actor can be written.
struct Pattern {
    words: Vec<String>,
    /// The exact text for short forms (US, EU), which must match case and all.
    exact: Option<String>,
    /// Written in lower case where it starts ("the Kremlin spokesman"): matches so.
    lower_ok: bool,
    actor: usize,
    how: &'static str,
}

struct Index {
    patterns: Vec<Pattern>,
    by_first: HashMap<String, Vec<usize>>,
}

fn fold_words(text: &str) -> Vec<String> {
    text::words(text, 0, text.len())
        .into_iter()
        .map(|w| w.norm)
        .collect()
}

impl Index {
    fn new(actors: &[ActorFields]) -> Index {
        let mut patterns = Vec::new();
        let mut seen: HashSet<Vec<String>> = HashSet::new();
        let mut add = |text: &str, actor: usize, how: &'static str, patterns: &mut Vec<Pattern>| {
            let text = text.split('(').next().unwrap_or(text).trim();
            let words = fold_words(text);
            if words.is_empty() || !seen.insert(words.clone()) {
                return;
            }
            if words.len() == 1 && STOPWORDS.contains(&words[0].as_str()) && text.len() > 3 {
                return;
            }
            let exact = (words.len() == 1 && text.chars().count() <= 3).then(|| text.to_string());
            let lower_ok = words.len() > 1 && text.chars().next().is_some_and(char::is_lowercase);
            patterns.push(Pattern {
                words,
                exact,
                lower_ok,
                actor,
                how,
            });
        };
        // Full forms first, so that they win over surnames shared by two actors.
        for (i, a) in actors.iter().enumerate() {
            if let Some(name) = &a.name {
                add(name, i, "name", &mut patterns);
            }
            for alias in &a.aliases {
                add(alias, i, "alias", &mut patterns);
            }
            if let Some(key) = &a.key {
                add(&key.replace('-', " "), i, "key", &mut patterns);
            }
        }
        for (i, a) in actors.iter().enumerate() {
            if a.kind.map(|k| k.as_str()) != Some("person") {
                continue;
            }
            let names = a.name.iter().chain(a.aliases.iter());
            for name in names {
                let words: Vec<&str> = name.split_whitespace().collect();
                if words.len() >= 2 {
                    let last = words[words.len() - 1];
                    if last.chars().count() >= 3
                        && last.chars().next().is_some_and(char::is_uppercase)
                    {
                        add(last, i, "surname", &mut patterns);
                    }
                }
            }
        }
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in patterns.iter().enumerate() {
            by_first.entry(p.words[0].clone()).or_default().push(i);
        }
        Index { patterns, by_first }
    }

    /// Known actors named in `words`: (first word, last word + 1, actor, how).
    fn mentions(&self, text: &str, words: &[Word]) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let mut best: Option<(usize, usize)> = None;
            if let Some(list) = self.by_first.get(&words[i].norm) {
                for &pi in list {
                    let p = &self.patterns[pi];
                    let n = p.words.len();
                    if i + n > words.len() {
                        continue;
                    }
                    if !(0..n).all(|k| words[i + k].norm == p.words[k]) {
                        continue;
                    }
                    let raw = &text[words[i].start..words[i + n - 1].end];
                    let raw = raw.trim_end_matches('.');
                    if let Some(exact) = &p.exact {
                        if raw.trim_end_matches(['’', '\'', 's']) != exact.trim_end_matches('.')
                            && raw != exact
                        {
                            continue;
                        }
                    } else if !words[i].capital && !p.lower_ok {
                        continue;
                    }
                    if best.is_none_or(|(_, bn)| n > bn) {
                        best = Some((pi, n));
                    }
                }
            }
            match best {
                Some((pi, n)) => {
                    let p = &self.patterns[pi];
                    out.push(Mention {
                        first: i,
                        end: i + n,
                        who: Who::Known(p.actor),
                        how: p.how.to_string(),
                        possessive: words[i + n - 1].possessive,
                    });
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Who {
    Known(usize),
    /// A proposed new actor (index into the draft's new actors).
    New(usize),
    /// Unnamed sources; the actor they speak for, if the words say.
    Anonymous(Option<usize>, String),
    /// A plan's text ("according to the proposal"): its proposers speak.
    Plan,
    /// he, she, they: the last speaker.
    Pronoun(String),
}

#[derive(Debug, Clone)]
struct Mention {
    first: usize,
    end: usize,
    who: Who,
    how: String,
    possessive: bool,
}

// ------------------------------------------------------------------ targets

struct Target {
    provision: Option<usize>,
    plan: usize,
    stems: HashMap<String, f64>,
    figures: HashSet<String>,
}

struct Targets {
    list: Vec<Target>,
    idf: HashMap<String, f64>,
}

fn is_figure(norm: &str) -> Option<String> {
    let n = norm.trim_start_matches("us$").trim_start_matches('$');
    let digits: String = n.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() == 4 && digits.starts_with("20") {
        return None;
    }
    let value: u64 = digits.parse().ok()?;
    (value >= 10).then_some(digits)
}

fn content(words: &[Word]) -> (HashMap<String, f64>, HashSet<String>) {
    let mut stems = HashMap::new();
    let mut figures = HashSet::new();
    for (k, w) in words.iter().enumerate() {
        if let Some(f) = is_figure(&w.norm) {
            // The figure with its unit too: "100 days" is not "$100 billion".
            if let Some(next) = words.get(k + 1) {
                if next.norm.chars().all(char::is_alphabetic) {
                    figures.insert(format!("{f} {}", text::stem(&next.norm)));
                }
            }
            figures.insert(f);
            continue;
        }
        if w.norm.chars().count() < 3 || STOPWORDS.contains(&w.norm.as_str()) {
            continue;
        }
        if w.norm.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let weight = if w.capital { 1.5 } else { 1.0 };
        let e = stems.entry(text::stem(&w.norm)).or_insert(0.0);
        if weight > *e {
            *e = weight;
        }
    }
    (stems, figures)
}

impl Targets {
    fn new(known: &Known) -> Targets {
        let plan_index: HashMap<&str, usize> = known
            .plans
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.key.as_deref().map(|k| (k, i)))
            .collect();
        let mut list = Vec::new();
        for (i, p) in known.provisions.iter().enumerate() {
            let Some(&plan) = p.plan.as_deref().and_then(|k| plan_index.get(k)) else {
                continue;
            };
            let text = format!(
                "{} {} {}",
                p.title.as_deref().unwrap_or(""),
                p.text.as_deref().unwrap_or(""),
                p.key.as_deref().unwrap_or("").replace('-', " ")
            );
            let (stems, figures) = content(&text::words(&text, 0, text.len()));
            list.push(Target {
                provision: Some(i),
                plan,
                stems,
                figures,
            });
        }
        for (i, p) in known.plans.iter().enumerate() {
            let text = format!(
                "{} {}",
                p.title.as_deref().unwrap_or(""),
                p.key.as_deref().unwrap_or("").replace('-', " ")
            );
            let (stems, figures) = content(&text::words(&text, 0, text.len()));
            list.push(Target {
                provision: None,
                plan: i,
                stems,
                figures,
            });
        }
        let mut df: HashMap<String, f64> = HashMap::new();
        for t in &list {
            for s in t.stems.keys() {
                *df.entry(s.clone()).or_insert(0.0) += 1.0;
            }
        }
        let n = list.len().max(1) as f64;
        let idf = df
            .into_iter()
            .map(|(s, d)| (s, (1.0 + n / d).ln()))
            .collect();
        Targets { list, idf }
    }

    /// Every target's score for a sentence, with the words that matched, best first.
    fn rank(
        &self,
        stems: &HashMap<String, f64>,
        figures: &HashSet<String>,
        article_plan: Option<usize>,
    ) -> Vec<(usize, f64, Vec<String>)> {
        let mut out: Vec<(usize, f64, Vec<String>)> = Vec::new();
        for (ti, t) in self.list.iter().enumerate() {
            let mut score = 0.0;
            let mut why = Vec::new();
            for f in figures {
                if t.figures.contains(f) {
                    score += 4.0;
                    why.push(f.clone());
                }
            }
            for (s, w) in stems {
                if let Some(tw) = t.stems.get(s) {
                    score += self.idf.get(s).copied().unwrap_or(1.0) * w.max(*tw);
                    why.push(s.clone());
                }
            }
            if score <= 0.0 {
                continue;
            }
            if article_plan.is_some_and(|p| p != t.plan) {
                score *= 0.6;
            }
            why.sort();
            out.push((ti, score, why));
        }
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

/// The score a provision needs to be filled in rather than the plan as a whole.
const PROVISION_FLOOR: f64 = 3.5;

// ------------------------------------------------------------------ positions

/// The position a sentence's words suggest, and the words.
fn position_cue(lower: &str) -> Option<(Position, String)> {
    const CUES: &[(Position, &[&str])] = &[
        (
            Position::Rejects,
            &[
                "rejected",
                "rejects",
                "reject ",
                "unacceptable",
                "dead on arrival",
                "refused",
                "refuses",
                "ruled out",
                "rules out",
                "never accept",
                "will not accept",
                "won't accept",
                "cannot accept",
                "out of the question",
                "no chance",
                "red line",
            ],
        ),
        (
            Position::Conditional,
            &[
                "only if",
                "could form the basis",
                "on condition",
                "provided that",
                "as long as",
                "must have",
                "must involve",
                "must include",
                "must be",
                "has to",
                "had to",
                "need to",
                "needs to",
                "if flexibility",
            ],
        ),
        (
            Position::Opposes,
            &[
                "opposed",
                "opposes",
                "oppose",
                "object",
                "problematic",
                "bothers me",
                "criticis",
                "criticiz",
                "against",
                "unrealistic",
                "concern",
                "wary",
                "negative",
                "warned",
                "prolong the war",
                "don't see",
                "not see",
            ],
        ),
        (
            Position::Supports,
            &[
                "supports",
                "support",
                "backs",
                "backing",
                "welcomed",
                "welcomes",
                "welcome",
                "good plan",
                "endorse",
                "positive",
                "acceptable",
                "optimistic",
                "optimism",
                "agreed",
                "in favour",
                "in favor",
                "a chance",
                "real chance",
                "timing is good",
                "genuine interest",
                "being heard",
            ],
        ),
        (
            Position::Undecided,
            &[
                "reviewing",
                "studying",
                "considering",
                "remains to be seen",
                "not yet clear",
                "unclear",
                "develop a list",
                "in flux",
                "fluid",
            ],
        ),
        (
            Position::Neutral,
            &[
                "will be determined",
                "declined to comment",
                "no comment",
                "not going to litigate",
            ],
        ),
    ];
    let mut best: Option<(usize, Position, String)> = None;
    for (position, cues) in CUES {
        for cue in *cues {
            if let Some(at) = lower.find(cue) {
                let negated = {
                    let before = &lower[..at];
                    let tail: Vec<&str> = before.split_whitespace().rev().take(3).collect();
                    tail.iter()
                        .any(|w| matches!(*w, "not" | "no" | "never") || w.ends_with("n't"))
                };
                let (position, note) = match (*position, negated) {
                    (Position::Supports, true) => {
                        (Position::Opposes, format!("\"not … {}\"", cue.trim()))
                    }
                    (Position::Opposes, true) => {
                        (Position::Supports, format!("\"not … {}\"", cue.trim()))
                    }
                    (p, _) => (p, format!("\"{}\"", cue.trim())),
                };
                // The strongest cue wins (the order of CUES); a later cue of the same
                // strength does not replace an earlier one.
                if best.is_none() {
                    best = Some((at, position, note));
                }
            }
        }
        if best.is_some() {
            break;
        }
    }
    best.map(|(_, p, n)| (p, n))
}

// ------------------------------------------------------------------ the draft

struct Para<'a> {
    text: &'a str,
    masked: String,
    quotes: Vec<Quote>,
    sentences: Vec<(usize, usize)>,
}

/// A speech event: "X said", "according to X".
#[derive(Debug, Clone)]
struct Event {
    verb_at: usize,
    who: Who,
    words: String,
    /// The subject follows the verb's clause (reported within reported speech).
    subject_at: usize,
}

struct Drafter<'k> {
    known: &'k Known,
    index: Index,
    targets: Targets,
    published: NaiveDate,
    published_on: String,
    new_actors: Vec<(ActorFields, String)>,
    last_person: Option<(Who, usize)>,
    last_speaker: Option<(Who, usize)>,
    /// The last date each actor was given from the text: (date, approximate, words,
    /// candidate number).
    dates: HashMap<String, (String, bool, String, usize)>,
    /// When the article says the plan was presented: (date, words).
    plan_date: Option<(String, String)>,
    /// The last date words of the current paragraph, before the sentence at hand.
    para_date: Option<(String, bool, String)>,
    /// The last person of each country (by the country's key) the article named.
    last_named: HashMap<String, usize>,
    article_plan: Option<usize>,
}

/// Drafts the candidate statements of `article`.
pub fn draft(article: &str, known: &Known, source: Option<SourceInfo>) -> Draft {
    let (published, published_on) = match &source {
        Some(s) => (s.published, s.published_on.clone()),
        None => (
            NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default(),
            String::new(),
        ),
    };
    let mut d = Drafter {
        known,
        index: Index::new(&known.actors),
        targets: Targets::new(known),
        published,
        published_on,
        new_actors: Vec::new(),
        last_person: None,
        last_speaker: None,
        article_plan: None,
        dates: HashMap::new(),
        plan_date: None,
        para_date: None,
        last_named: HashMap::new(),
    };
    let paras: Vec<Para> = article
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|text| {
            let quotes = text::quotes(text);
            let sentences = text::sentences(text, &quotes);
            let mut masked = String::with_capacity(text.len());
            let mut q = quotes.iter().peekable();
            for (pos, c) in text.char_indices() {
                while q.peek().is_some_and(|x| pos >= x.close_end) {
                    q.next();
                }
                let inside = q.peek().is_some_and(|x| pos >= x.open && pos < x.close_end);
                if inside {
                    masked.extend(std::iter::repeat_n(' ', c.len_utf8()));
                } else {
                    masked.push(c);
                }
            }
            Para {
                text,
                masked,
                quotes,
                sentences,
            }
        })
        .collect();
    d.plan_date = plan_date(&paras, published);
    d.article_plan = d
        .article_plan(&paras)
        .or((known.plans.len() == 1).then_some(0));
    let mut candidates = Vec::new();
    for (pi, para) in paras.iter().enumerate() {
        d.paragraph(pi, para, &mut candidates);
    }
    let title_why = match &source {
        Some(s) if s.title.is_none() => Some("the article's first line".to_string()),
        _ => None,
    };
    Draft {
        source,
        new_actors: d.new_actors,
        candidates,
        title_why,
    }
}

/// When the article says the plan was presented, published or handed over ("Axios
/// published the text of the plan earlier on Thursday").
fn plan_date(paras: &[Para], published: NaiveDate) -> Option<(String, String)> {
    const VERBS: &[&str] = &[
        "presented",
        "unveiled",
        "handed",
        "delivered",
        "sent",
        "submitted",
        "shared",
        "outlined",
        "gave",
    ];
    for p in paras {
        for &(a, b) in &p.sentences {
            let words = text::words(&p.masked, a, b);
            let plan = words.iter().any(|w| PLAN_WORDS.contains(&w.norm.as_str()));
            let verb = words.iter().any(|w| VERBS.contains(&w.norm.as_str()));
            if plan && verb {
                if let Some(f) = when::find(&p.masked[a..b], published) {
                    if !f.approximate {
                        return Some((f.date.format("%Y-%m-%d").to_string(), f.words));
                    }
                }
            }
        }
    }
    None
}

/// The title the article gives: its first line, cut to a sentence of at most 200
/// characters.
pub fn first_line_title(article: &str) -> String {
    let line = article
        .lines()
        .map(str::trim)
        .find(|l| l.split_whitespace().count() >= 3)
        .unwrap_or("");
    let mut title: String = line.chars().take(200).collect();
    if title.chars().count() < line.chars().count() {
        if let Some(cut) = title.rfind(' ') {
            title.truncate(cut);
        }
        title.push('…');
    }
    title
}

/// Words that name a role, not what a statement is about.
const ROLE_WORDS: &[&str] = &[
    "president",
    "prime",
    "minister",
    "secretary",
    "press",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "ambassador",
    "chancellor",
    "senator",
    "official",
    "officials",
    "adviser",
    "advisor",
    "mr",
    "mrs",
    "ms",
    "dr",
    "news",
    "editor",
    "chief",
];

impl Drafter<'_> {
    /// The words of `text[a..b]` a target is matched on: not the actors' names, not
    /// role words.
    fn content_of(
        &self,
        text: &str,
        a: usize,
        b: usize,
    ) -> (HashMap<String, f64>, HashSet<String>) {
        let words = text::words(text, a, b);
        let mut named = vec![false; words.len()];
        for m in self.index.mentions(text, &words) {
            for n in &mut named[m.first..m.end] {
                *n = true;
            }
        }
        let kept: Vec<Word> = words
            .into_iter()
            .zip(named)
            .filter(|(w, n)| {
                let generic = ROLE_WORDS.contains(&w.norm.as_str())
                    || COUNTRIES.iter().any(|(c, _)| *c == w.norm)
                    || matches!(w.norm.as_str(), "current" | "currently" | "now");
                !n && !generic
            })
            .map(|(w, _)| w)
            .collect();
        content(&kept)
    }

    fn actor_key(&self, who: &Who) -> Option<String> {
        match who {
            Who::Known(i) => self.known.actors[*i].key.clone(),
            Who::New(i) => self.new_actors[*i].0.key.clone(),
            Who::Anonymous(Some(i), _) => self.known.actors[*i].key.clone(),
            _ => None,
        }
    }

    fn country(&self, word: &str) -> Option<usize> {
        let key = COUNTRIES.iter().find(|(w, _)| *w == word)?.1;
        self.known
            .actors
            .iter()
            .position(|a| a.key.as_deref() == Some(key))
    }

    fn article_plan(&self, paras: &[Para]) -> Option<usize> {
        let mut totals = vec![0.0; self.known.plans.len()];
        for p in paras {
            for &(a, b) in &p.sentences {
                let (stems, figures) = self.content_of(p.text, a, b);
                let ranked = self.targets.rank(&stems, &figures, None);
                if let Some((ti, score, _)) = ranked.first() {
                    totals[self.targets.list[*ti].plan] += score;
                }
            }
        }
        totals
            .iter()
            .enumerate()
            .filter(|(_, t)| **t > 0.0)
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, _)| i)
    }

    /// Speech events in a sentence's text outside quotations.
    fn events(&mut self, para: &Para, a: usize, b: usize) -> Vec<Event> {
        self.events_in(para.text, &para.masked, a, b)
    }

    /// Speech events in `masked[a..b]` (`text` with quotations blanked, or not).
    fn events_in(&mut self, text: &str, masked: &str, a: usize, b: usize) -> Vec<Event> {
        let words = text::words(masked, a, b);
        let mut out: Vec<Event> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let according =
                w.norm == "according" && words.get(i + 1).is_some_and(|n| n.norm == "to");
            if !(according || SPEECH_VERBS.contains(&w.norm.as_str())) {
                continue;
            }
            if matches!(w.norm.as_str(), "saying" | "adding") {
                // "…, saying any deal must …": the subject of the clause before.
                if let Some(prev) = out.last().cloned() {
                    out.push(Event {
                        verb_at: w.start,
                        subject_at: prev.subject_at,
                        ..prev
                    });
                }
                continue;
            }
            if according {
                // The subject follows: "according to people familiar with the matter".
                let from = words[i + 1].end;
                let to = clause_end(masked, from, b);
                if let Some((who, how)) = self.subject(text, masked, from, to, true) {
                    out.push(Event {
                        verb_at: w.start,
                        who,
                        words: format!("according to {how}"),
                        subject_at: from,
                    });
                }
                continue;
            }
            // The subject before the verb, back to the clause's start.
            let from = clause_start(masked, a, w.start);
            let before = masked[from..w.start].trim();
            let (who, subject_at) = if only_punct(before) {
                // “...,” said Dmitriev: the subject follows.
                let to = clause_end(masked, w.end, b);
                (self.subject(text, masked, w.end, to, true), w.end)
            } else {
                (self.subject(text, masked, from, w.start, false), from)
            };
            if let Some((who, how)) = who {
                out.push(Event {
                    verb_at: w.start,
                    who,
                    words: format!("{how} {}", &masked[w.start..w.end]),
                    subject_at,
                });
            }
        }
        out
    }

    /// The speaker named in `masked[from..to]`: the last chunk (between commas) that is
    /// not an appositive ("Julianne Smith, former … ambassador to Nato, said").
    fn subject(
        &mut self,
        text: &str,
        masked: &str,
        from: usize,
        to: usize,
        forward: bool,
    ) -> Option<(Who, String)> {
        let segment = &masked[from..to];
        let mut chunks: Vec<(usize, usize)> = Vec::new();
        let mut start = from;
        for (i, c) in segment.char_indices() {
            if matches!(c, ',' | '—' | '–' | ';' | '(' | ')') {
                chunks.push((start, from + i));
                start = from + i + c.len_utf8();
            }
        }
        chunks.push((start, to));
        let order: Vec<(usize, usize)> = if forward {
            chunks.into_iter().take(1).collect()
        } else {
            chunks.into_iter().rev().collect()
        };
        for (ca, cb) in order {
            let chunk = masked[ca..cb].trim();
            if chunk.is_empty() {
                continue;
            }
            let words = text::words(masked, ca, cb);
            if words.is_empty() {
                continue;
            }
            if let Some(anon) = self.anonymous(&words) {
                return Some(anon);
            }
            let first_chunk = ca == from;
            let lead = words[0].norm.as_str();
            let named_or_pronoun = words[0].capital || matches!(lead, "he" | "she" | "they");
            let article_first = first_chunk && matches!(lead, "the" | "a" | "an");
            let appositive = !(named_or_pronoun || article_first);
            let mentions = self.index.mentions(text, &words);
            let starts_named = mentions.first().is_some_and(|m| m.first == 0);
            if !forward && appositive && !starts_named {
                // An appositive ("former US ambassador to Nato"): the name is before it.
                continue;
            }
            let plan_ref = words.iter().position(|w| {
                matches!(
                    w.norm.as_str(),
                    "plan" | "proposal" | "document" | "draft" | "text" | "copy" | "terms"
                )
            });
            let pick = if forward {
                mentions.iter().find(|m| !m.possessive)
            } else {
                mentions.iter().rev().find(|m| !m.possessive)
            };
            if let Some(p) = plan_ref {
                let before_mentions =
                    pick.is_none_or(|m| if forward { p < m.first } else { p > m.first });
                if before_mentions && (forward || p + 2 >= words.len()) {
                    return Some((Who::Plan, format!("\"{}\"", words_text(text, &words, p))));
                }
            }
            if let Some(m) = pick {
                let raw = &text[words[m.first].start..words[m.end - 1].end];
                return Some((m.who.clone(), format!("\"{raw}\" ({})", m.how)));
            }
            // "the Ukrainian president": the last person of Ukraine the article named.
            if words.len() >= 3 && words[0].norm == "the" {
                let country = COUNTRIES
                    .iter()
                    .find(|(w, _)| *w == words[1].norm)
                    .map(|(_, k)| k.to_string());
                let titles = words[2..]
                    .iter()
                    .all(|w| TITLE_WORDS.contains(&w.norm.as_str()));
                if let (Some(country), true) = (country, titles) {
                    if let Some(&i) = self.last_named.get(&country) {
                        let phrase = &text[words[0].start..words[words.len() - 1].end];
                        return Some((
                            Who::Known(i),
                            format!(
                                "\"{phrase}\" → {}: the last person of {country} the article named",
                                self.known.actors[i].key.as_deref().unwrap_or("?")
                            ),
                        ));
                    }
                }
            }
            if let Some(w) = words
                .iter()
                .find(|w| matches!(w.norm.as_str(), "he" | "she" | "they"))
            {
                return Some((Who::Pronoun(w.norm.clone()), format!("\"{}\"", w.norm)));
            }
            if let Some(new) = self.new_actor(text, &words) {
                return Some(new);
            }
            return None;
        }
        None
    }

    /// "a U.S. official", "people familiar with the matter", "sources".
    fn anonymous(&self, words: &[Word]) -> Option<(Who, String)> {
        let noun = words
            .iter()
            .position(|w| ANONYMOUS_NOUNS.contains(&w.norm.as_str()))?;
        let first = words[0].norm.as_str();
        let unnamed = matches!(
            first,
            "a" | "an"
                | "one"
                | "two"
                | "three"
                | "several"
                | "some"
                | "people"
                | "sources"
                | "officials"
                | "the"
                | "senior"
                | "western"
                | "diplomatic"
                | "person"
        ) || words[0].norm.ends_with("official");
        // A named person's role ("Kremlin official Yuri Ushakov") is not anonymous.
        let named_after = words[noun + 1..].iter().any(|w| w.capital);
        if !unnamed || named_after || noun > 5 {
            return None;
        }
        let country = words[..noun]
            .iter()
            .find_map(|w| self.country(&w.norm))
            .or_else(|| {
                let two: Vec<String> = words
                    .windows(2)
                    .map(|p| format!("{} {}", p[0].norm, p[1].norm))
                    .collect();
                two.iter().find_map(|t| self.country(t))
            });
        let phrase = words
            .iter()
            .map(|w| w.norm.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Some((
            Who::Anonymous(country, phrase.clone()),
            format!("\"{phrase}\" (unnamed)"),
        ))
    }

    /// An unknown name with the role before it → a proposed new actor.
    fn new_actor(&mut self, text: &str, words: &[Word]) -> Option<(Who, String)> {
        // The last run of capitalised words.
        let mut end = words.len();
        while end > 0 && !words[end - 1].capital {
            end -= 1;
        }
        let mut start = end;
        while start > 0 && words[start - 1].capital && !words[start - 1].possessive {
            start -= 1;
        }
        if start == end {
            return None;
        }
        let run = &words[start..end];
        // Leading role words and nationalities are not the name.
        let mut name_from = 0;
        while name_from < run.len()
            && (TITLE_WORDS.contains(&run[name_from].norm.as_str())
                || COUNTRIES.iter().any(|(w, _)| *w == run[name_from].norm))
        {
            name_from += 1;
        }
        let is_body = run
            .last()
            .is_some_and(|w| BODY_WORDS.contains(&w.norm.as_str()));
        let (name_words, role_words) = if is_body {
            let skip = run.iter().take_while(|w| w.norm == "the").count();
            (&run[skip..], &run[..0])
        } else {
            (&run[name_from..], &run[..name_from])
        };
        if name_words.is_empty() || (!is_body && name_words.len() > 4) {
            return None;
        }
        if !is_body && name_words.len() < 2 {
            return None;
        }
        let name = text[name_words[0].start..name_words[name_words.len() - 1].end].to_string();
        let role = if role_words.is_empty() {
            // The role may precede the run in lower case: "former envoy X".
            let lead: Vec<&Word> = words[..start].iter().collect();
            lead.first()
                .map(|w| text[w.start..words[start - 1].end].to_string())
                .unwrap_or_default()
        } else {
            text[role_words[0].start..role_words[role_words.len() - 1].end].to_string()
        };
        let parent = words[..start]
            .iter()
            .chain(role_words.iter())
            .find_map(|w| self.country(&w.norm))
            .and_then(|i| self.known.actors[i].key.clone());
        let key = slug(&name);
        if key.is_empty() {
            return None;
        }
        if let Some(i) = self
            .new_actors
            .iter()
            .position(|(a, _)| a.key == Some(key.clone()))
        {
            return Some((Who::New(i), format!("\"{name}\" (proposed above)")));
        }
        let kind = if is_body { "organization" } else { "person" };
        let why = format!(
            "\"{}\": not in the database; a {kind}{}{}",
            &text[run[0].start..run[run.len() - 1].end],
            if role.is_empty() {
                String::new()
            } else {
                format!(", role \"{role}\"")
            },
            parent
                .as_ref()
                .map(|p| format!(", parent {p}"))
                .unwrap_or_default()
        );
        self.new_actors.push((
            ActorFields {
                key: Some(key),
                name: Some(name.clone()),
                kind: kind.parse().ok(),
                parent,
                notes: (!role.is_empty()).then_some(role),
                ..Default::default()
            },
            why,
        ));
        Some((
            Who::New(self.new_actors.len() - 1),
            format!("\"{name}\" (new: proposed above)"),
        ))
    }

    fn paragraph(&mut self, pi: usize, para: &Para, out: &mut Vec<Candidate>) {
        // The speaker of the paragraph's last quotation, for quotations that continue.
        let mut quote_speaker: Option<(Who, String, usize)> = None;
        self.para_date = None;
        for (si, &(a, b)) in para.sentences.iter().enumerate() {
            let named = text::words(&para.masked, a, b);
            for m in self.index.mentions(para.text, &named) {
                if let Who::Known(i) = m.who {
                    let actor = &self.known.actors[i];
                    if let (Some("person"), Some(parent)) =
                        (actor.kind.map(|k| k.as_str()), &actor.parent)
                    {
                        self.last_named.insert(parent.clone(), i);
                    }
                }
            }
            // The date words of the sentence just before, for a sentence that goes on
            // about the same moment ("…on Wednesday evening, he expressed…").
            self.para_date = None;
            if si > 0 {
                let (pa, pb) = para.sentences[si - 1];
                if let Some(f) = when::find(&para.masked[pa..pb], self.published) {
                    self.para_date = Some((
                        f.date.format("%Y-%m-%d").to_string(),
                        f.approximate,
                        f.words,
                    ));
                }
            }
            let sentence = &para.text[a..b];
            let events = self.events(para, a, b);
            // Quotation pieces in this sentence (at most one sentence each).
            let pieces: Vec<&str> = para
                .quotes
                .iter()
                .filter_map(|q| {
                    let from = q.inner.0.max(a);
                    let to = q.inner.1.min(b);
                    (from < to).then(|| trim_piece(&para.text[from..to]))
                })
                .filter(|p| p.split_whitespace().count() >= 2)
                .collect();
            // The quotation this sentence is part of may be attributed in another
            // sentence of the same quotation ("“A. B,” she said.").
            let span_events: Vec<Event> = if events.is_empty() && !pieces.is_empty() {
                let others: Vec<(usize, usize)> = para
                    .sentences
                    .iter()
                    .copied()
                    .filter(|&(sa, sb)| {
                        (sa, sb) != (a, b)
                            && para.quotes.iter().any(|q| {
                                q.inner.0 < b && q.inner.1 > a && q.inner.0 < sb && q.inner.1 > sa
                            })
                    })
                    .collect();
                others
                    .into_iter()
                    .flat_map(|(sa, sb)| self.events(para, sa, sb))
                    .collect()
            } else {
                Vec::new()
            };
            let lower = sentence.to_lowercase();
            let outside_words = text::words(&para.masked, a, b);
            let candidate = if !pieces.is_empty() {
                let (who, why, antecedent) = if let Some((who, why, via)) =
                    self.chain(&events).or_else(|| self.chain(&span_events))
                {
                    (Some((who, via)), why, None)
                } else if let Some((who, why, at)) = &quote_speaker {
                    (
                        Some((who.clone(), Vec::new())),
                        format!("continues the quotation of {why}"),
                        Some(*at),
                    )
                } else {
                    (None, String::new(), None)
                };
                let (who, why) = match who {
                    Some(w) => (Some(w), why),
                    None => match self.fallback(para, a, b, &lower) {
                        Some((w, why)) => (Some((w, Vec::new())), why),
                        None => (None, why),
                    },
                };
                let Some((who, via)) = who else {
                    self.push(
                        out,
                        pi,
                        si,
                        sentence,
                        Built {
                            who: None,
                            actor_why: "no speaker found: name the actor".into(),
                            quote: pieces.iter().max_by_key(|p| p.len()).map(|p| p.to_string()),
                            has_outside: outside_words.len() >= 2,
                            kind: None,
                            antecedent: None,
                        },
                        &lower,
                        &para.masked[a..b],
                    );
                    continue;
                };
                let quote = if pieces.len() > 1 {
                    // An interrupted quotation: the longest piece; all are in the evidence.
                    pieces.iter().max_by_key(|p| p.len()).map(|p| p.to_string())
                } else {
                    Some(pieces[0].to_string())
                };
                Built {
                    who: Some((who, via.clone())),
                    actor_why: if pieces.len() > 1 {
                        format!("{why}; the quotation is interrupted: the longest part is the quote, the sentence the evidence")
                    } else {
                        why
                    },
                    quote,
                    has_outside: outside_words.len() >= 2,
                    kind: None,
                    antecedent,
                }
            } else if let Some((who, why, via)) = self.chain(&events) {
                Built {
                    who: Some((who, via.clone())),
                    actor_why: why,
                    quote: None,
                    has_outside: true,
                    kind: None,
                    antecedent: None,
                }
            } else if let Some(b2) = self.unspoken(para, a, b, &lower) {
                b2
            } else {
                continue;
            };
            let speaker = candidate.who.clone();
            let n = out.len();
            self.push(out, pi, si, sentence, candidate, &lower, &para.masked[a..b]);
            if out.len() > n && !pieces.is_empty() {
                if let Some((who, _)) = speaker {
                    let label = out[n].actor.clone();
                    quote_speaker = Some((who.clone(), label.clone(), n));
                    // Reported speech within the quotation: "President Trump believes
                    // that …" said by a White House official → trump, via the speaker.
                    for piece in &pieces {
                        let pa = piece.as_ptr() as usize - para.text.as_ptr() as usize;
                        let pb = pa + piece.len();
                        let inner: Vec<Event> = self
                            .events_in(para.text, para.text, pa, pb)
                            .into_iter()
                            .filter(|e| matches!(e.who, Who::Known(_)))
                            .collect();
                        let Some(e) = inner.first() else { continue };
                        let Some(key) = self.actor_key(&e.who) else {
                            continue;
                        };
                        if key == label || label == "?" {
                            continue;
                        }
                        let built = Built {
                            who: Some((e.who.clone(), vec![label.clone()])),
                            actor_why: format!(
                                "{} inside the quotation of {label}: reported speech within reported speech",
                                e.words
                            ),
                            quote: Some(piece.to_string()),
                            has_outside: true,
                            kind: None,
                            antecedent: Some(n),
                        };
                        let lower_piece = piece.to_lowercase();
                        self.push(
                            out,
                            pi,
                            si,
                            sentence,
                            built,
                            &lower_piece,
                            &para.masked[a..b],
                        );
                    }
                }
            }
        }
    }

    /// The statement's speaker from the sentence's speech events: the innermost
    /// speaker, with the outer ones as intermediaries (nearest to the source first).
    fn chain(&mut self, events: &[Event]) -> Option<(Who, String, Vec<String>)> {
        let mut resolved: Vec<(Who, String)> = Vec::new();
        let mut sorted: Vec<&Event> = events.iter().collect();
        sorted.sort_by_key(|e| e.subject_at.min(e.verb_at));
        for e in sorted {
            let (who, why) = match &e.who {
                Who::Pronoun(p) => {
                    let last = if p == "they" {
                        self.last_speaker.clone()
                    } else {
                        self.last_person.clone()
                    };
                    match last {
                        Some((w, _)) => (
                            w.clone(),
                            format!("\"{p}\" → {} (the last speaker)", self.label(&w)),
                        ),
                        None => continue,
                    }
                }
                other => (other.clone(), e.words.clone()),
            };
            if resolved.last().is_some_and(|(w, _)| *w == who) {
                continue;
            }
            resolved.push((who, why));
        }
        let (who, why) = resolved.pop()?;
        let via = resolved
            .iter()
            .filter_map(|(w, _)| self.actor_key(w))
            .filter(|k| Some(k.clone()) != self.actor_key(&who))
            .collect::<Vec<_>>();
        let why = if via.is_empty() {
            why
        } else {
            format!(
                "{why}, reported by {} (via)",
                resolved
                    .iter()
                    .map(|(_, w)| w.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        Some((who, why, via))
    }

    fn label(&self, who: &Who) -> String {
        match who {
            Who::Anonymous(_, phrase) => format!("\"{phrase}\""),
            Who::Plan => "the plan's proposers".into(),
            other => self.actor_key(other).unwrap_or_else(|| "?".into()),
        }
    }

    /// The speaker of a quotation no speech verb attributes: the plan, when the
    /// sentence speaks of its text or states its terms; else the first actor named.
    fn fallback(&self, para: &Para, a: usize, b: usize, lower: &str) -> Option<(Who, String)> {
        let words = text::words(&para.masked, a, b);
        let plan_subject = words.iter().any(|w| {
            matches!(
                w.norm.as_str(),
                "plan"
                    | "document"
                    | "proposal"
                    | "draft"
                    | "text"
                    | "establishes"
                    | "provides"
                    | "stipulates"
                    | "states"
            )
        });
        let (stems, figures) = self.content_of(para.text, a, b);
        let ranked = self.targets.rank(&stems, &figures, self.article_plan);
        let terms = ranked.first().is_some_and(|(ti, score, _)| {
            self.targets.list[*ti].provision.is_some() && *score >= PROVISION_FLOOR * 1.5
        });
        let modal = lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| matches!(w, "would" | "will" | "must"));
        if plan_subject || (terms && modal) {
            return Some((
                Who::Plan,
                "no speech verb; the sentence gives the plan's text or terms: its proposers".into(),
            ));
        }
        let mentions = self.index.mentions(para.text, &words);
        let m = mentions.iter().find(|m| !m.possessive)?;
        let raw = &para.text[words[m.first].start..words[m.end - 1].end];
        Some((
            m.who.clone(),
            format!(
                "\"{raw}\" ({}): no speech verb; the first actor the sentence names",
                m.how
            ),
        ))
    }

    /// A sentence with no speech verb: the source's own forecast or advice about an
    /// actor, an actor's position the source states, or the plan's terms.
    fn unspoken(&mut self, para: &Para, a: usize, b: usize, lower: &str) -> Option<Built> {
        let words = text::words(&para.masked, a, b);
        let mentions = self.index.mentions(para.text, &words);
        let subject = mentions.iter().find(|m| !m.possessive);
        let forecast = [
            "will object",
            "will oppose",
            "will reject",
            "will also object",
            "will also oppose",
            "will also reject",
            "will support",
            "will back",
            "will welcome",
            "likely to",
            "is expected to",
            "are expected to",
            "would likely",
            "will likely",
            "is set to",
            "are set to",
        ]
        .iter()
        .find(|c| lower.contains(*c));
        let advice = ["should", "ought to", "would do well to"].iter().find(|c| {
            lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == c.trim())
                || lower.contains(*c)
        });
        if let Some(m) = subject {
            let raw = &para.text[words[m.first].start..words[m.end - 1].end];
            if let Some(cue) = forecast {
                return Some(Built {
                    who: Some((m.who.clone(), Vec::new())),
                    actor_why: format!("\"{raw}\" ({}): the subject of the forecast", m.how),
                    quote: None,
                    has_outside: true,
                    kind: Some((
                        StanceKind::Forecast,
                        format!("\"{cue}\": the source's prediction"),
                    )),
                    antecedent: None,
                });
            }
            if let Some(cue) = advice {
                return Some(Built {
                    who: Some((m.who.clone(), Vec::new())),
                    actor_why: format!("\"{raw}\" ({}): the subject of the advice", m.how),
                    quote: None,
                    has_outside: true,
                    kind: Some((
                        StanceKind::Recommendation,
                        format!("\"{cue}\": the source's advice"),
                    )),
                    antecedent: None,
                });
            }
            if let Some((_, cue)) = position_cue(lower) {
                return Some(Built {
                    who: Some((m.who.clone(), Vec::new())),
                    actor_why: format!(
                        "\"{raw}\" ({}): the first actor named, beside {cue}",
                        m.how
                    ),
                    quote: None,
                    has_outside: true,
                    kind: None,
                    antecedent: None,
                });
            }
        }
        // The plan's terms: "Ukraine would have to …" with a provision's words.
        let modal = lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
            matches!(
                w,
                "would"
                    | "will"
                    | "must"
                    | "should"
                    | "proposes"
                    | "envisages"
                    | "foresees"
                    | "forsees"
                    | "calls"
                    | "provides"
                    | "includes"
                    | "establishes"
                    | "stipulates"
                    | "requires"
                    | "states"
                    | "plans"
                    | "contains"
                    | "grants"
                    | "guarantees"
            )
        });
        if !modal {
            return None;
        }
        let (stems, figures) = self.content_of(para.text, a, b);
        let ranked = self.targets.rank(&stems, &figures, self.article_plan);
        let (ti, score, _) = ranked.first()?;
        let t = &self.targets.list[*ti];
        if t.provision.is_none() || *score < PROVISION_FLOOR * 1.5 {
            return None;
        }
        Some(Built {
            who: Some((Who::Plan, Vec::new())),
            actor_why: "the sentence states the plan's terms (\"would\", \"will\", \"must\") with a provision's words: its proposers".into(),
            quote: None,
            has_outside: true,
            kind: None,
            antecedent: None,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        out: &mut Vec<Candidate>,
        pi: usize,
        si: usize,
        sentence: &str,
        built: Built,
        lower: &str,
        masked: &str,
    ) {
        let words = text::words(sentence, 0, sentence.len());
        let (stems, figures) = self.content_of(sentence, 0, sentence.len());
        let ranked = self.targets.rank(&stems, &figures, self.article_plan);
        let mut c = Candidate {
            paragraph: pi + 1,
            sentence_no: si + 1,
            sentence: sentence.to_string(),
            quote: built.quote.clone(),
            ..Default::default()
        };
        // Target: the best provision, or the plan as a whole.
        let plan_words = words.iter().any(|w| PLAN_WORDS.contains(&w.norm.as_str()));
        let best = ranked.first();
        let alternatives = |skip: usize| -> String {
            let rest: Vec<String> = ranked
                .iter()
                .skip(skip)
                .take(2)
                .map(|(ti, s, why)| {
                    format!("{} ({s:.1}: {})", self.target_key(*ti), why.join(", "))
                })
                .collect();
            if rest.is_empty() {
                String::new()
            } else {
                format!("; next: {}", rest.join("; "))
            }
        };
        let whole_plan = |why: &str, d: &Drafter| -> (Option<String>, String) {
            let plan = best
                .filter(|(ti, _, _)| d.targets.list[*ti].provision.is_none())
                .map(|(ti, _, _)| d.targets.list[*ti].plan)
                .or(d.article_plan);
            (
                plan.and_then(|p| d.known.plans[p].key.clone()),
                why.to_string(),
            )
        };
        match best {
            Some((ti, score, why))
                if *score >= PROVISION_FLOOR
                    && why.len() >= 2
                    && self.targets.list[*ti].provision.is_some() =>
            {
                c.provision = Some(self.target_key(*ti));
                c.target_why = format!(
                    "{} (score {score:.1}: {}){}",
                    self.target_key(*ti),
                    why.join(", "),
                    alternatives(1)
                );
            }
            _ => {
                let (plan, why) = whole_plan(
                    if plan_words {
                        "the plan as a whole: the sentence speaks of the plan and names no provision"
                    } else {
                        "the plan as a whole: no provision matches well; the article's plan"
                    },
                    self,
                );
                c.plan = Some(plan.unwrap_or_else(|| "?".into()));
                c.target_why = format!("{why}{}", alternatives(0));
            }
        }
        // Actor, attribution, via.
        let (who, via) = built.who.clone().unzip();
        let via = via.unwrap_or_default();
        c.via = via;
        c.actor_why = built.actor_why.clone();
        match &who {
            Some(Who::Plan) => {
                let plan_key = c.plan.clone().or_else(|| {
                    c.provision.as_ref().and_then(|p| {
                        self.known
                            .provisions
                            .iter()
                            .find(|x| x.key.as_ref() == Some(p))
                            .and_then(|x| x.plan.clone())
                    })
                });
                let proposers = plan_key
                    .as_ref()
                    .and_then(|k| self.known.plans.iter().find(|p| p.key.as_ref() == Some(k)))
                    .map(|p| p.proposers.clone())
                    .unwrap_or_default();
                let mut proposers = proposers;
                // A state speaks for the plan before its envoys.
                proposers.sort_by_key(|k| {
                    let kind = self
                        .known
                        .actors
                        .iter()
                        .find(|a| a.key.as_ref() == Some(k))
                        .and_then(|a| a.kind);
                    kind.map(|k| k.as_str()) != Some("state")
                });
                c.actor = proposers.first().cloned().unwrap_or_else(|| "?".into());
                c.actor_why = format!(
                    "{}; proposer of {}{}",
                    c.actor_why,
                    plan_key.unwrap_or_else(|| "?".into()),
                    if proposers.len() > 1 {
                        format!(" (also: {})", proposers[1..].join(", "))
                    } else {
                        String::new()
                    }
                );
                c.attribution = Attribution::Reported;
                c.attribution_why = "the plan's text as the source reports it".into();
            }
            Some(Who::Anonymous(body, phrase)) => {
                c.actor = body
                    .and_then(|i| self.known.actors[i].key.clone())
                    .unwrap_or_else(|| "?".into());
                if c.actor == "?" {
                    // The actor the unnamed sources speak about: the first one named.
                    let words = text::words(masked, 0, masked.len());
                    let first = self
                        .index
                        .mentions(masked, &words)
                        .into_iter()
                        .find(|m| !m.possessive);
                    match first.and_then(|m| self.actor_key(&m.who).map(|k| (k, m))) {
                        Some((key, m)) => {
                            c.actor_why = format!(
                                "{}; \"{}\" ({}): the first actor the sentence names — check who they speak for",
                                c.actor_why,
                                &masked[words[m.first].start..words[m.end - 1].end],
                                m.how
                            );
                            c.actor = key;
                        }
                        None => {
                            c.actor_why = format!("{}: name the actor they speak for", c.actor_why);
                        }
                    }
                }
                c.attribution = Attribution::Anonymous;
                c.attribution_why = format!("\"{phrase}\": unnamed");
            }
            Some(w) => {
                c.actor = self.actor_key(w).unwrap_or_else(|| "?".into());
                let (attribution, why) = if !c.via.is_empty() {
                    (
                        Attribution::Reported,
                        "heard through an intermediary (via)".to_string(),
                    )
                } else if built.kind.is_some() {
                    (Attribution::Inferred, "the source's own words".to_string())
                } else if built.quote.is_some() {
                    (
                        Attribution::Direct,
                        "the actor's own words in quotation marks".to_string(),
                    )
                } else {
                    (
                        Attribution::Reported,
                        "the source reports it without quoting".to_string(),
                    )
                };
                c.attribution = attribution;
                c.attribution_why = why;
                if let Who::Known(i) = w {
                    let person = self.known.actors[*i].kind.map(|k| k.as_str()) == Some("person");
                    if person {
                        self.last_person = Some((w.clone(), out.len()));
                    }
                }
                if matches!(w, Who::New(_)) {
                    self.last_person = Some((w.clone(), out.len()));
                }
                self.last_speaker = Some((w.clone(), out.len()));
            }
            None => {
                c.actor = "?".into();
                c.attribution = if built.quote.is_some() {
                    Attribution::Direct
                } else {
                    Attribution::Reported
                };
                c.attribution_why = "no speaker: check".into();
            }
        }
        // Kind and position.
        let (kind, kind_why) = built
            .kind
            .clone()
            .unwrap_or((StanceKind::Position, "what the actor holds".to_string()));
        c.kind = kind;
        c.kind_why = kind_why;
        let (position, position_why) = if matches!(who, Some(Who::Plan)) {
            (Position::Proposes, "the plan's own terms".to_string())
        } else {
            match position_cue(lower) {
                Some((p, cue)) => (p, format!("{cue} suggests {p}")),
                None => (
                    Position::Undecided,
                    "no cue in the sentence: choose".to_string(),
                ),
            }
        };
        c.position = position;
        c.position_why = position_why;
        // Date.
        let found = when::find(masked, self.published);
        let remembered = self.dates.get(&c.actor).cloned();
        match (found, built.antecedent) {
            (Some(f), _) => {
                c.stated_on = f.date.format("%Y-%m-%d").to_string();
                c.inferred = f.approximate;
                c.date_why = format!(
                    "\"{}\"{}",
                    f.words,
                    if f.approximate {
                        ": approximate, marked inferred"
                    } else {
                        ""
                    }
                );
                if c.actor != "?" {
                    self.dates.insert(
                        c.actor.clone(),
                        (
                            c.stated_on.clone(),
                            c.inferred,
                            f.words.clone(),
                            out.len() + 1,
                        ),
                    );
                }
            }
            (None, Some(at)) if at < out.len() => {
                c.stated_on = out[at].stated_on.clone();
                c.inferred = out[at].inferred;
                c.date_why = format!(
                    "the date of the quotation it continues (candidate {})",
                    at + 1
                );
            }
            _ => {
                let later = lower.split_whitespace().any(|w| w == "later");
                match (&who, remembered) {
                    (Some(Who::Plan), _) if self.plan_date.is_some() => {
                        let (date, words) = self.plan_date.clone().unwrap_or_default();
                        c.stated_on = date;
                        c.date_why = format!(
                            "the plan's terms: the day the article says it was presented (\"{words}\"): check"
                        );
                    }
                    (Some(w), Some((date, approximate, words, n))) if !matches!(w, Who::Plan) => {
                        c.stated_on = date;
                        c.inferred = approximate;
                        c.date_why = format!(
                            "no date in the sentence; the date the article gave for {} earlier (\"{words}\", candidate {n}): check",
                            c.actor
                        );
                    }
                    (Some(w), _)
                        if !matches!(w, Who::Plan) && !later && self.para_date.is_some() =>
                    {
                        let (date, approximate, words) = self.para_date.clone().unwrap_or_default();
                        c.stated_on = date;
                        c.inferred = approximate;
                        c.date_why = format!(
                            "no date in the sentence; \"{words}\" in the sentence before: check"
                        );
                        if c.actor != "?" {
                            self.dates.insert(
                                c.actor.clone(),
                                (c.stated_on.clone(), c.inferred, words, out.len() + 1),
                            );
                        }
                    }
                    _ => {
                        c.stated_on = self.published_on.clone();
                        c.inferred = true;
                        c.date_why =
                            "no date in the sentence: the publication date, marked inferred".into();
                    }
                }
            }
        }
        // Words: the quote is the actor's own; the sentence is evidence when the
        // source's words are more than the quotation.
        if built.has_outside || built.quote.is_none() {
            c.evidence = Some(sentence.to_string());
        }
        // One candidate per sentence and actor.
        if out
            .iter()
            .any(|o| o.sentence == c.sentence && o.actor == c.actor && o.quote == c.quote)
        {
            return;
        }
        out.push(c);
    }

    fn target_key(&self, ti: usize) -> String {
        let t = &self.targets.list[ti];
        match t.provision {
            Some(p) => self.known.provisions[p].key.clone().unwrap_or_default(),
            None => format!(
                "plan {}",
                self.known.plans[t.plan].key.clone().unwrap_or_default()
            ),
        }
    }
}

struct Built {
    who: Option<(Who, Vec<String>)>,
    actor_why: String,
    quote: Option<String>,
    has_outside: bool,
    kind: Option<(StanceKind, String)>,
    antecedent: Option<usize>,
}

fn words_text(text: &str, words: &[Word], upto: usize) -> String {
    text[words[0].start..words[upto].end].to_string()
}

fn only_punct(s: &str) -> bool {
    s.chars().all(|c| !c.is_alphanumeric())
}

/// Where the clause holding `at` starts: after the last closing quotation mark, colon
/// or semicolon before it (commas are handled by `subject`).
fn clause_start(masked: &str, sentence_start: usize, at: usize) -> usize {
    // Quotations are blanked in `masked`; a run of 3+ blanks marks where one was.
    let before = &masked[sentence_start..at];
    let mut start = sentence_start;
    if let Some(i) = before.rfind("   ") {
        start = sentence_start + i + 3;
    }
    if let Some(i) = masked[start..at].rfind([';', ':']) {
        start += i + 1;
    }
    // "… that" clauses: a verb's subject is after the last "that".
    let lower = masked[start..at].to_lowercase();
    if let Some(i) = lower.rfind(" that ") {
        start += i + 6;
    }
    start
}

/// Where the phrase after `from` ends: the next comma, stop or quotation.
fn clause_end(masked: &str, from: usize, end: usize) -> usize {
    masked[from..end]
        .find([',', ';', ':', '.', '—'])
        .map_or(end, |i| from + i)
        .max(from)
}

fn trim_piece(s: &str) -> &str {
    s.trim()
        .trim_end_matches([',', ';', ':', '—', '–'])
        .trim_end()
}

/// A key from a name: lower case, ASCII letters and digits, hyphens.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = match c {
            'à'..='å' | 'À'..='Å' => 'a',
            'è'..='ë' | 'È'..='Ë' => 'e',
            'ì'..='ï' | 'Ì'..='Ï' => 'i',
            'ò'..='ö' | 'Ò'..='Ö' => 'o',
            'ù'..='ü' | 'Ù'..='Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out.chars().take(80).collect()
}
