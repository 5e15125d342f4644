//! Writes N synthetic stances, with the sources, actors, plans and provisions they
//! refer to, as tables that `provtrack import` reads (see `provtrack::synth`).
//!
//! ```sh
//! cargo run --release --example generate -- --stances 1000000 --seed 42 --out /tmp/synth
//! provtrack --db /tmp/bench.db import /tmp/synth
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use provtrack::synth::{write_tables, Config};
use provtrack::tabular::DataFormat;

/// Generate synthetic provtrack data: deterministic for a seed.
#[derive(Parser)]
struct Args {
    /// How many stances
    #[arg(long, default_value_t = 100_000)]
    stances: u64,
    /// The random seed: the same seed gives the same files
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The folder to write sources, actors, plans, provisions and stances into
    #[arg(long)]
    out: PathBuf,
    /// csv or jsonl
    #[arg(long, default_value = "csv")]
    format: String,
    /// Hard text (newlines, quotes, separators, mixed scripts), for round-trip tests
    #[arg(long)]
    tricky: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let format = match args.format.as_str() {
        "csv" => DataFormat::Csv,
        "jsonl" => DataFormat::Jsonl,
        other => {
            eprintln!("error: --format {other}: expected csv or jsonl");
            return ExitCode::from(2);
        }
    };
    let cfg = Config {
        stances: args.stances,
        seed: args.seed,
        tricky: args.tricky,
    };
    match write_tables(&cfg, &args.out, format) {
        Ok(c) => {
            eprintln!(
                "wrote {} stances, {} sources, {} actors, {} plans, {} provisions to {}",
                c.stances,
                c.sources,
                c.actors,
                c.plans,
                c.provisions,
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
