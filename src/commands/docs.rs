//! `provtrack completions SHELL` and `provtrack man`: generated from the same clap
//! definitions as the parser, so they never drift from the real flags.

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
        values) compadd -Q -- "${(@q)reply[2,-1]}" ;;
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

pub fn man(mut out: Output) -> Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| Error::Io(format!("cannot render the man page: {e}")))?;
    out.bytes(&page)
}
