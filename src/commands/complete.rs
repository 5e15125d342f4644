//! `provtrack __complete CWORD WORD...`: the values the shell completion scripts offer.
//!
//! The scripts (`provtrack completions SHELL`) pass the whole command line and the index
//! of the word being completed; this finds, from the same clap definitions as the
//! parser, which argument that word is the value of, and prints the mode on the first
//! line, then the candidates one per line:
//! - `values`: the candidates follow (record keys from the database the command would
//!   open, respecting --db and PROVTRACK_DB, or a fixed vocabulary);
//! - `files`: complete file names;
//! - `default`: nothing special; the script falls back to clap's own completion
//!   (subcommands and flags).
//!
//! The one mapping from arguments to what their values are is `values_of`.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Arg, Command, CommandFactory};

use crate::cli::Cli;
use crate::error::Result;
use crate::model;
use crate::model::Kind;
use crate::output::Output;
use crate::store::{Store, SEARCH_KINDS};

/// At most this many record names are offered.
const LIMIT: u32 = 500;

/// What the value of an argument is.
#[derive(Debug, PartialEq)]
enum Values {
    /// Keys of a record kind (actors: also aliases) from the database.
    Records(Kind),
    /// A fixed list.
    Words(Vec<String>),
    /// File names.
    Files,
    /// Nothing known: the shell's default.
    Default,
}

fn words(list: &[&str]) -> Values {
    Values::Words(list.iter().map(|s| s.to_string()).collect())
}

/// The record kind a command noun (`plan`, `actor`, ...) names.
fn noun_kind(noun: &str) -> Option<Kind> {
    Kind::parse(noun).ok()
}

/// The one mapping from an argument (by its clap id, in the command `path`, with the
/// positional values given before it) to what its values are.
fn values_of(path: &[String], arg: &Arg, before: &[String]) -> Values {
    let possible = arg.get_possible_values();
    if !possible.is_empty() {
        return Values::Words(
            possible
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect(),
        );
    }
    let noun = path.first().map(String::as_str).unwrap_or("");
    let verb = path.get(1).map(String::as_str).unwrap_or("");
    match arg.get_id().as_str() {
        "plan" | "a" | "b" | "responds_to" | "supersedes" => Values::Records(Kind::Plan),
        "actor" | "proposers" | "parent" | "members" => Values::Records(Kind::Actor),
        "provision" | "continues" => Values::Records(Kind::Provision),
        "source" | "basis" => Values::Records(Kind::Source),
        "text_known" => words(model::TEXT_KNOWN),
        "category" => words(model::CATEGORIES),
        "position" => words(model::POSITIONS),
        "attribution" => words(model::ATTRIBUTIONS),
        "relation" => words(model::RELATIONS),
        "status" if noun == "plan" => words(model::PLAN_STATUSES),
        "status" if noun == "stance" => words(model::STANCE_STATUSES),
        "kind" => match noun {
            "source" => words(model::SOURCE_KINDS),
            "actor" => words(model::ACTOR_KINDS),
            "search" => words(SEARCH_KINDS),
            "history" => words(&Kind::ALL.map(Kind::noun)),
            _ => Values::Default,
        },
        // `show KEY`, `update KEY`, `remove KEY`; `stance show ID`; `history KIND KEY`.
        "key" | "target" | "id" if arg.is_positional() => {
            let kind = if noun == "history" {
                before.first().and_then(|k| noun_kind(k))
            } else if verb == "add" {
                None
            } else {
                noun_kind(noun)
            };
            kind.map_or(Values::Default, Values::Records)
        }
        "unset" => match noun {
            "source" => words(crate::input::SourceFields::OPTIONAL),
            "actor" => words(crate::input::ActorFields::OPTIONAL),
            "plan" => words(crate::input::PlanFields::OPTIONAL),
            "provision" => words(crate::input::ProvisionFields::OPTIONAL),
            "stance" => words(crate::check::stance::OPTIONAL),
            _ => Values::Default,
        },
        "alias" if noun == "actor" && verb == "alias" => Values::Default,
        "files" | "path" | "dir" | "out" | "output" | "db" | "datasette_metadata"
        | "datasette_config" => Values::Files,
        _ => Values::Default,
    }
}

/// Finds a flag of `cmd` (or of the commands above it: global flags) by its long name.
fn long_flag<'c>(stack: &[&'c Command], name: &str) -> Option<&'c Arg> {
    stack
        .iter()
        .rev()
        .find_map(|c| c.get_arguments().find(|a| a.get_long() == Some(name)))
}

fn takes_value(arg: &Arg) -> bool {
    arg.get_action().takes_values()
}

/// What to offer for word `cword` of `words` (words[0] is the program).
fn complete(words: &[String], cword: usize) -> (Values, String, Option<PathBuf>) {
    let root = Cli::command();
    let mut stack: Vec<&Command> = vec![&root];
    let mut path: Vec<String> = Vec::new();
    let mut positionals: Vec<String> = Vec::new();
    let mut db: Option<PathBuf> = None;
    let mut only_positionals = false;
    let cur = words.get(cword).cloned().unwrap_or_default();
    let mut i = 1;
    // The flag whose value the current word is, if any.
    let mut value_of: Option<&Arg> = None;
    while i < cword.min(words.len()) {
        let word = &words[i];
        let cmd = *stack.last().expect("the root is on the stack");
        if !only_positionals && word == "--" {
            only_positionals = true;
        } else if !only_positionals && word.starts_with("--") {
            let (name, inline) = match word[2..].split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (&word[2..], None),
            };
            if let Some(arg) = long_flag(&stack, name) {
                let value = match inline {
                    Some(v) => Some(v.to_string()),
                    None if takes_value(arg) => {
                        // bash splits `--db=x` into `--db`, `=`, `x`.
                        if words.get(i + 1).map(String::as_str) == Some("=") {
                            i += 1;
                        }
                        i += 1;
                        if i >= cword {
                            value_of = Some(arg);
                        }
                        words.get(i).cloned()
                    }
                    None => None,
                };
                if arg.get_id() == "db" {
                    db = value.map(PathBuf::from);
                }
            }
        } else if !only_positionals && word.starts_with('-') && word.len() > 1 {
            // Short flags: `-q`, `-o FILE` (or `-oFILE`).
            let short = word.chars().nth(1).unwrap_or('-');
            let arg = stack
                .iter()
                .rev()
                .find_map(|c| c.get_arguments().find(|a| a.get_short() == Some(short)));
            if let Some(arg) = arg.filter(|a| takes_value(a) && word.chars().count() == 2) {
                i += 1;
                if i >= cword {
                    value_of = Some(arg);
                }
            }
        } else if let Some(sub) = positionals
            .is_empty()
            .then(|| cmd.find_subcommand(word))
            .flatten()
        {
            path.push(sub.get_name().to_string());
            stack.push(sub);
        } else {
            positionals.push(word.clone());
        }
        i += 1;
    }
    if db.is_none() {
        db = std::env::var_os("PROVTRACK_DB").map(PathBuf::from);
    }
    let cmd = *stack.last().expect("the root is on the stack");
    let values = if let Some(arg) = value_of {
        values_of(&path, arg, &positionals)
    } else if cur.starts_with('-') || (cmd.has_subcommands() && positionals.is_empty()) {
        Values::Default
    } else {
        let args: Vec<&Arg> = cmd.get_positionals().collect();
        let arg = args.get(positionals.len()).or_else(|| {
            args.last()
                .filter(|a| a.get_num_args().is_some_and(|n| n.max_values() > 1))
        });
        arg.map_or(Values::Default, |a| values_of(&path, a, &positionals))
    };
    (values, cur, db)
}

pub fn run(mut out: Output, cword: usize, words: &[String], busy_timeout: Duration) -> Result<()> {
    let (values, cur, db) = complete(words, cword);
    let (mode, candidates) = match values {
        Values::Default => ("default", Vec::new()),
        Values::Files => ("files", Vec::new()),
        Values::Words(list) => {
            let lower = cur.to_lowercase();
            let list = list
                .into_iter()
                .filter(|w| w.to_lowercase().starts_with(&lower))
                .collect();
            ("values", list)
        }
        Values::Records(kind) => {
            // No database, or one that cannot be read: no names, and no error either.
            let names = db
                .or_else(|| super::default_db_path().ok())
                .and_then(|path| Store::open_for_status(&path, busy_timeout).ok())
                .and_then(|store| store.db().names_with_prefix(kind, &cur, LIMIT).ok())
                .unwrap_or_default();
            ("values", names)
        }
    };
    let mut text = format!("{mode}\n");
    for c in candidates {
        // One per line: a name holding a line break cannot be offered.
        if !c.contains(['\n', '\r']) {
            text.push_str(&c);
            text.push('\n');
        }
    }
    out.bytes(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: &str) -> Values {
        let mut words: Vec<String> = line.split_whitespace().map(String::from).collect();
        if line.ends_with(' ') {
            words.push(String::new());
        }
        let cword = words.len() - 1;
        complete(&words, cword).0
    }

    #[test]
    fn every_flag_value_and_positional_maps_to_its_values() {
        assert_eq!(
            at("provtrack report matrix --plan us"),
            Values::Records(Kind::Plan)
        );
        assert_eq!(
            at("provtrack --db x.db stance list --actor "),
            Values::Records(Kind::Actor)
        );
        assert_eq!(at("provtrack plan show "), Values::Records(Kind::Plan));
        assert_eq!(at("provtrack stance show "), Values::Records(Kind::Stance));
        assert_eq!(
            at("provtrack history provision "),
            Values::Records(Kind::Provision)
        );
        assert_eq!(
            at("provtrack report plan-diff a "),
            Values::Records(Kind::Plan)
        );
        assert_eq!(
            at("provtrack plan list --status "),
            words(model::PLAN_STATUSES)
        );
        assert_eq!(
            at("provtrack stance update 3 --status "),
            words(model::STANCE_STATUSES)
        );
        assert_eq!(at("provtrack import "), Values::Files);
        assert_eq!(
            at("provtrack source update k --unset "),
            words(crate::input::SourceFields::OPTIONAL)
        );
        assert_eq!(
            at("provtrack -o out.csv plan show "),
            Values::Records(Kind::Plan)
        );
        assert_eq!(at("provtrack plan list -o "), Values::Files);
        assert_eq!(at("provtrack -q plan show "), Values::Records(Kind::Plan));
        assert_eq!(at("provtrack import a.toml "), Values::Files);
        assert_eq!(at("provtrack plan "), Values::Default);
        assert_eq!(at("provtrack plan list --"), Values::Default);
        assert_eq!(at("provtrack plan add --key "), Values::Default);
    }
}
