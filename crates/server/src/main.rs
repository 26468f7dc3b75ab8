//! `pq`: the PQ Survey collector server and command-line tool.

use std::process::ExitCode;

use clap::Parser;
use pq_server::cli::{Cli, Command};

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
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("pq: {error}");
            error.exit_code()
        }
    }
}
