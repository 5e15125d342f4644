use std::process::ExitCode;

use clap::Parser;

use provtrack::cli::Cli;
use provtrack::commands;
use provtrack::output::Output;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => match provtrack::cli::vocabulary_error(&e) {
            Some(bad) => {
                eprintln!("error: {bad}");
                return ExitCode::from(bad.exit_code());
            }
            None => e.exit(),
        },
    };
    let out = match Output::new(cli.format, cli.shape.settings()) {
        Ok(out) => out,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(e.exit_code());
        }
    };
    match commands::run(cli, out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(provtrack::error::Error::OutputClosed) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
