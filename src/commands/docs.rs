//! `provtrack completions SHELL` and `provtrack man`: generated from the same clap
//! definitions as the parser, so they never drift from the real flags.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::output::Output;

pub fn completions(mut out: Output, shell: clap_complete::Shell) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "provtrack", &mut script);
    out.bytes(&script)
}

pub fn man(mut out: Output) -> Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| Error::Io(format!("cannot render the man page: {e}")))?;
    out.bytes(&page)
}
