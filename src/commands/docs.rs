//! `provtrack completions SHELL` and `provtrack man`: generated from the same clap
//! definitions as the parser, so they never drift from the real flags.

use std::path::Path;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::output::Output;

pub fn completions(mut out: Output, shell: clap_complete::Shell) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut visible_command(), "provtrack", &mut script);
    let script = String::from_utf8_lossy(&script).into_owned();
    let script = match shell {
        clap_complete::Shell::Bash => format!("{script}{BASH_VALUES}"),
        clap_complete::Shell::Zsh => zsh(&script),
        clap_complete::Shell::Fish => format!("{script}{FISH_VALUES}{}", fish_flag_rules()),
        _ => script,
    };
    out.bytes(script.as_bytes())
}

/// The command tree without its hidden subcommands (`__complete`), which clap's
/// completion scripts would otherwise offer.
fn visible_command() -> clap::Command {
    let full = Cli::command();
    let cmd = clap::Command::new("provtrack")
        .args(full.get_arguments().cloned().collect::<Vec<_>>())
        .subcommands(
            full.get_subcommands()
                .filter(|s| !s.is_hide_set())
                .cloned()
                .collect::<Vec<_>>(),
        );
    cmd.version(env!("CARGO_PKG_VERSION"))
}

/// Values for bash: asks `provtrack __complete` what the word is (see
/// commands/complete.rs) and falls back to clap's `_provtrack` for subcommands and
/// flags. Registered after clap's, so it replaces it.
const BASH_VALUES: &str = r#"
# Values: record keys from the database the command would open (--db, PROVTRACK_DB),
# fixed vocabularies, and files; `provtrack __complete` says which.
_provtrack_values() {
    local cur="${COMP_WORDS[COMP_CWORD]}" bin="${COMP_WORDS[0]}" line mode=
    [[ $bin == "~/"* ]] && bin="$HOME/${bin#"~/"}"
    local -a found=()
    while IFS= read -r line; do
        if [[ -z $mode ]]; then mode=$line; else found+=("$line"); fi
    done < <("$bin" __complete "$COMP_CWORD" "${COMP_WORDS[@]}" 2>/dev/null)
    case $mode in
        values)
            COMPREPLY=()
            for line in "${found[@]}"; do
                COMPREPLY+=("$(printf '%q' "$line")")
            done
            ;;
        files)
            compopt -o filenames 2>/dev/null
            local IFS=$'\n'
            COMPREPLY=($(compgen -f -- "$cur"))
            ;;
        *) _provtrack "$@" ;;
    esac
    return 0
}
complete -F _provtrack_values -o nosort -o bashdefault -o default provtrack
"#;

/// Values for zsh: the same question, answered with compadd or _files; otherwise
/// clap's `_provtrack`, renamed `_provtrack_clap`.
fn zsh(clap: &str) -> String {
    let renamed = clap.replace("_provtrack() {", "_provtrack_clap() {");
    let (body, dispatch) = match renamed.rfind("if [ \"$funcstack[1]\"") {
        Some(at) => renamed.split_at(at),
        None => (renamed.as_str(), ""),
    };
    format!("{body}{ZSH_VALUES}{dispatch}")
}

const ZSH_VALUES: &str = r#"
# Values: record keys from the database the command would open (--db, PROVTRACK_DB),
# fixed vocabularies, and files; `provtrack __complete` says which.
_provtrack() {
    local -a reply
    reply=("${(@f)$(${words[1]} __complete $((CURRENT - 1)) "${words[@]}" 2>/dev/null)}")
    case ${reply[1]} in
        values) compadd -- "${(@)reply[2,-1]}" ;;
        files) _files ;;
        *) _provtrack_clap "$@" ;;
    esac
}

"#;

/// fish completes a flag's value only from rules for that flag: one per long flag that
/// takes a value, offering what `provtrack __complete` says.
fn fish_flag_rules() -> String {
    fn collect(cmd: &clap::Command, names: &mut std::collections::BTreeSet<String>) {
        for arg in cmd.get_arguments() {
            if let Some(long) = arg.get_long() {
                if arg.get_action().takes_values() {
                    names.insert(long.to_string());
                }
            }
        }
        for sub in cmd.get_subcommands() {
            collect(sub, names);
        }
    }
    let mut names = std::collections::BTreeSet::new();
    collect(&Cli::command(), &mut names);
    names
        .iter()
        .map(|long| {
            format!(
                "complete -c provtrack -n __provtrack_has_values -l {long} -x -a '(__provtrack_values)'\n"
            )
        })
        .collect()
}

/// Values for fish: one more rule, whose candidates come from `provtrack __complete`.
const FISH_VALUES: &str = r#"
# Values: record keys from the database the command would open (--db, PROVTRACK_DB),
# fixed vocabularies, and files; `provtrack __complete` says which.
function __provtrack_values
    set -l words (commandline -opc) (commandline -ct)
    set -l reply (provtrack __complete (math (count $words) - 1) $words 2>/dev/null)
    switch "$reply[1]"
        case values
            printf '%s
' $reply[2..-1]
        case files
            __fish_complete_path (commandline -ct)
    end
end
function __provtrack_has_values
    set -l words (commandline -opc) (commandline -ct)
    set -l mode (provtrack __complete (math (count $words) - 1) $words 2>/dev/null)[1]
    test "$mode" = values -o "$mode" = files
end
complete -c provtrack -f -n __provtrack_has_values -a '(__provtrack_values)'
"#;

/// `provtrack man`: the main page on stdout; `provtrack man --dir DIR`: one page per
/// command and subcommand (provtrack.1, provtrack-report.1, provtrack-report-matrix.1,
/// ...) written to DIR, each with ENVIRONMENT, EXIT STATUS and EXAMPLES sections.
pub fn man(mut out: Output, dir: Option<&Path>) -> Result<()> {
    let pages = man_pages()?;
    match dir {
        None => {
            let main = pages
                .into_iter()
                .find(|(name, _)| name == "provtrack.1")
                .map(|(_, text)| text)
                .unwrap_or_default();
            out.bytes(main.as_bytes())
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::Io(format!("--dir {}: {e}", dir.display())))?;
            let count = pages.len();
            for (name, text) in pages {
                let path = dir.join(&name);
                std::fs::write(&path, text)
                    .map_err(|e| Error::Io(format!("{}: {e}", path.display())))?;
            }
            out.status(&format!(
                "wrote {count} man pages to {}; read them with: man -l {}/provtrack.1, or add \
                 the folder's parent to MANPATH",
                dir.display(),
                dir.display()
            ))
        }
    }
}

/// Every page, as (file name, roff text): the command and each visible subcommand.
pub fn man_pages() -> Result<Vec<(String, String)>> {
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    let mut pages = Vec::new();
    page(&root, &[], None, &mut pages)?;
    Ok(pages)
}

fn page(
    cmd: &clap::Command,
    path: &[String],
    parent: Option<&str>,
    pages: &mut Vec<(String, String)>,
) -> Result<()> {
    let name = cmd.get_display_name().unwrap_or(cmd.get_name()).to_string();
    let man = clap_mangen::Man::new(cmd.clone())
        .source(format!("provtrack {}", env!("CARGO_PKG_VERSION")))
        .manual("provtrack manual");
    let mut text = Vec::new();
    let fail = |e: std::io::Error| Error::Io(format!("cannot render the man page {name}: {e}"));
    man.render_title(&mut text).map_err(fail)?;
    man.render_name_section(&mut text).map_err(fail)?;
    man.render_synopsis_section(&mut text).map_err(fail)?;
    man.render_description_section(&mut text).map_err(fail)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut text).map_err(fail)?;
    }
    let subs: Vec<&clap::Command> = cmd.get_subcommands().filter(|s| !s.is_hide_set()).collect();
    if !subs.is_empty() {
        man.render_subcommands_section(&mut text).map_err(fail)?;
    }
    let mut roff = String::from_utf8_lossy(&text).into_owned();
    roff.push_str(&extra_sections(cmd, path, parent));
    pages.push((format!("{name}.1"), roff));
    for sub in subs {
        let mut sub_path = path.to_vec();
        sub_path.push(sub.get_name().to_string());
        page(sub, &sub_path, Some(&name), pages)?;
    }
    Ok(())
}

/// Examples of each command, by its path of subcommand names. A command without an
/// entry shows its subcommands' first examples, or its --help.
const EXAMPLES: &[(&str, &[&str])] = &[
    ("", &["provtrack seed", "provtrack report matrix --plan us-28-point-plan", "provtrack --db team.db stance list --actor zelensky --format csv"]),
    ("init", &["provtrack --db newsroom.db init"]),
    ("migrate", &["provtrack migrate --status", "provtrack migrate"]),
    ("source add", &["provtrack source add --key reuters-2025-11-21 --outlet Reuters --title 'US plan leaked' --published-on 2025-11-21 --kind news"]),
    ("source update", &["provtrack source update reuters-2025-11-21 --url https://example.org/story"]),
    ("source show", &["provtrack source show bloomberg-2025-11-21-28-point-plan"]),
    ("source list", &["provtrack source list --kind leak", "provtrack source list --outlet Bloomberg --format csv"]),
    ("source remove", &["provtrack source remove reuters-2025-11-21"]),
    ("actor add", &["provtrack actor add --key zelensky --name 'Volodymyr Zelensky' --kind person --parent ukraine --alias Zelenskyy"]),
    ("actor update", &["provtrack actor update zelensky --notes 'President of Ukraine'"]),
    ("actor show", &["provtrack actor show Zelenskiy"]),
    ("actor list", &["provtrack actor list --kind state", "provtrack actor list --parent ukraine"]),
    ("actor remove", &["provtrack actor remove zelensky"]),
    ("actor alias add", &["provtrack actor alias add zelensky Selenskyj"]),
    ("actor alias remove", &["provtrack actor alias remove zelensky Selenskyj"]),
    ("actor tag add", &["provtrack actor tag add kallas europe"]),
    ("actor tag remove", &["provtrack actor tag remove kallas europe"]),
    ("plan add", &["provtrack plan add --key us-28-point-plan --title 'US 28-point plan' --status leaked --first-reported-on 2025-11 --proposer usa"]),
    ("plan update", &["provtrack plan update us-28-point-plan --status under-negotiation", "provtrack plan update geneva-framework --text-known summary --responds-to us-28-point-plan", "provtrack plan update us-28-point-plan --status superseded"]),
    ("plan show", &["provtrack plan show us-28-point-plan"]),
    ("plan list", &["provtrack plan list --status proposed", "provtrack plan list --proposer russia"]),
    ("plan remove", &["provtrack plan remove us-28-point-plan"]),
    ("provision add", &["provtrack provision add --key 28pt-ceasefire --plan us-28-point-plan --point 21 --title 'Ceasefire along the line' --category ceasefire"]),
    ("provision update", &["provtrack provision update 28pt-ceasefire --category territory", "provtrack provision update eu-territory --continues 28pt-recognise --continues 28pt-freeze --relation merged --basis reuters-2025-11-23"]),
    ("provision show", &["provtrack provision show 28pt-no-nato-in-constitution"]),
    ("provision list", &["provtrack provision list --plan us-28-point-plan --category territory"]),
    ("provision remove", &["provtrack provision remove 28pt-ceasefire"]),
    ("provision report", &["provtrack provision report eu-army-cap --source reuters-2025-11-23 --text 'The army is capped at 800,000 in peacetime.'"]),
    ("stance add", &["provtrack stance add --actor zelensky --provision 28pt-no-nato-in-constitution --position rejects --source bloomberg-2025-11-21-28-point-plan --date 2025-11-21 --attribution direct"]),
    ("stance update", &["provtrack stance update 12 --position conditional", "provtrack stance update 12 --status corrected --reason 'wrong provision'"]),
    ("stance show", &["provtrack stance show 12"]),
    ("stance list", &["provtrack stance list --actor Zelenskiy --since 2025-11-01", "provtrack stance list --plan us-28-point-plan --format jsonl"]),
    ("stance retract", &["provtrack stance retract 12 --reason 'misattributed by the outlet'"]),
    ("stance remove", &["provtrack stance remove 12"]),
    ("history", &["provtrack history actor zelensky", "provtrack history stance 12 --format json"]),
    ("import", &["provtrack import --dry-run newsroom-claims/", "provtrack import stances-2025-11-24.csv"]),
    ("export", &["provtrack export --out newsroom-claims/", "provtrack export --out tables/ --format csv", "provtrack export --datasette-metadata metadata.json"]),
    ("seed", &["provtrack seed", "provtrack seed --dry-run"]),
    ("draft", &["provtrack draft article.txt --source reuters-2025-11-23 --outlet Reuters --published-on 2025-11-23 -o claims/reuters-2025-11-23.toml", "provtrack draft - --source reuters-2025-11-23 --outlet Reuters --published-on 2025-11-23 --format json"]),
    ("backup", &["provtrack backup provtrack-2025-11-23.db"]),
    ("doctor", &["provtrack doctor"]),
    ("completions", &["provtrack completions bash > ~/.local/share/bash-completion/completions/provtrack"]),
    ("man", &["provtrack man --dir ~/.local/share/man/man1"]),
    ("report matrix", &["provtrack report matrix --plan us-28-point-plan", "provtrack report matrix --plan us-28-point-plan --as-of 2025-11-25 --format html", "provtrack report matrix --plan us-28-point-plan --group europe --expand-members --inherit"]),
    ("report timeline", &["provtrack report timeline --actor Zelenskiy", "provtrack report timeline --provision 28pt-no-nato-in-constitution"]),
    ("report shifts", &["provtrack report shifts --since 2025-11-01"]),
    ("report conflicts", &["provtrack report conflicts --window 14"]),
    ("report contested", &["provtrack report contested --plan us-28-point-plan"]),
    ("report coverage", &["provtrack report coverage --plan us-28-point-plan"]),
    ("report plan-diff", &["provtrack report plan-diff us-100-day-peace-plan us-28-point-plan"]),
    ("report sources", &["provtrack report sources --actor russia"]),
    ("report versions", &["provtrack report versions --plan us-28-point-plan"]),
    ("report thread", &["provtrack report thread 28pt-cap-ukrainian-armed-forces", "provtrack report thread 28pt-cap-ukrainian-armed-forces --actor zelensky"]),
    ("sql", &["provtrack sql 'SELECT plan, count(*) FROM report_matrix GROUP BY plan'", "provtrack sql 'SELECT * FROM actors WHERE kind = :kind' --param kind=state"]),
    ("search", &["provtrack search ceasefire monitoring", "provtrack search --raw 'nato NEAR/5 membership' --kind provision"]),
];

/// Environment variables every command reads.
const ENVIRONMENT: &[(&str, &str)] = &[
    ("PROVTRACK_DB", "The database file, as --db gives it (--db wins). Default: provtrack.db in the user's data directory (on Linux ~/.local/share/provtrack/)."),
    ("PROVTRACK_BUSY_TIMEOUT", "How long a write waits for another writer, in milliseconds, as --busy-timeout gives it. Default: 5000."),
    ("NO_COLOR", "When set, no colour in help or messages, even on a terminal."),
];

/// The exit codes, as documented in the README.
const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success."),
    ("1", "Unexpected error (a bug, or a database damaged outside provtrack)."),
    ("2", "Usage: unknown command or flag, missing argument."),
    ("65", "Invalid data: a bad value, a duplicate key, a refused removal, a file that is not a provtrack database or is newer; nothing was written."),
    ("66", "Not found: an unknown key, a missing database or input file."),
    ("74", "I/O: disk full, read-only file; nothing was written."),
    ("75", "Busy: another process held the database past the busy timeout; try again."),
];

fn examples_of(cmd: &clap::Command, path: &[String]) -> Vec<String> {
    let key = path.join(" ");
    if let Some((_, list)) = EXAMPLES.iter().find(|(k, _)| *k == key) {
        return list.iter().map(|s| s.to_string()).collect();
    }
    let from_subs: Vec<String> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .filter_map(|s| {
            let mut p = path.to_vec();
            p.push(s.get_name().to_string());
            let key = p.join(" ");
            EXAMPLES
                .iter()
                .find(|(k, _)| *k == key)
                .and_then(|(_, list)| list.first())
                .map(|s| s.to_string())
        })
        .collect();
    if from_subs.is_empty() {
        vec![format!("provtrack {key} --help").replace("  ", " ")]
    } else {
        from_subs
    }
}

fn extra_sections(cmd: &clap::Command, path: &[String], parent: Option<&str>) -> String {
    use clap_mangen::roff::{bold, roman, Roff};
    let mut roff = Roff::new();
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, what) in ENVIRONMENT {
        roff.control("TP", []);
        roff.text([bold(*name)]);
        roff.text([roman(*what)]);
    }
    roff.control("SH", ["EXIT STATUS"]);
    for (code, what) in EXIT_STATUS {
        roff.control("TP", []);
        roff.text([bold(*code)]);
        roff.text([roman(*what)]);
    }
    roff.control("SH", ["EXAMPLES"]);
    roff.control("nf", []);
    for line in examples_of(cmd, path) {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
    if let Some(parent) = parent {
        roff.control("SH", ["SEE ALSO"]);
        let mut also = vec![format!("{parent}(1)")];
        if parent != "provtrack" {
            also.push("provtrack(1)".to_string());
        }
        roff.text([roman(also.join(", "))]);
    }
    roff.to_roff()
}
