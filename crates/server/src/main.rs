//! `pq`: the PQ Survey collector server and command-line tool.

use std::process::ExitCode;

use clap::Parser;
use pq_server::cli::{Cli, Command};

/// mimalloc instead of the system allocator: the server judges every submission with the
/// engine, which allocates many small values.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Serve(options) => pq_server::commands::serve::run(options),
        Command::Eval(options) => pq_server::commands::eval::run(options),
        Command::Check(options) => pq_server::commands::check::run(&options),
        Command::Validate(options) => pq_server::commands::validate::run(&options),
        Command::Forms(command) => pq_server::commands::forms::run(command),
        Command::Token(command) => pq_server::commands::token::run(command),
        Command::Export(options) => pq_server::commands::export::run(&options),
        Command::Settings(command) => pq_server::commands::settings::run(command),
    };
    match outcome {
        Ok(code) => code,
        // The reader of standard output went away: end quietly, as `eval --batch` does.
        Err(error) if error.is_closed_output() => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pq: {error}");
            error.exit_code()
        }
    }
}
