//! The command line of `pq`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use pq_core::expression::Date;

/// The default database: an embedded SQLite file under `./data/`.
pub const DEFAULT_DATABASE: &str = "data/pq.db";

/// PQ Survey's collector server and command-line tool.
#[derive(Debug, Parser)]
#[command(name = "pq", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the app and the collector API.
    Serve(ServeOptions),
    /// Evaluate an expression against answers (try out conditions and formulas).
    Eval(EvalOptions),
    /// Check form definitions: every error and warning, with its JSON path.
    Check(CheckOptions),
    /// Decide on a set of answers exactly as the server decides on a submission.
    Validate(ValidateOptions),
}

/// Where stored data lives; shared by every subcommand that touches it.
#[derive(Debug, Clone, Args)]
pub struct DatabaseOption {
    /// A SQLite file path (created when missing) or a `postgres://…` URL.
    #[arg(long = "database", env = "PQ_DATABASE", default_value = DEFAULT_DATABASE)]
    pub location: String,
}

#[derive(Debug, Clone, Args)]
pub struct ServeOptions {
    /// Address to listen on.
    #[arg(long, env = "PQ_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub database: DatabaseOption,
    /// Folder holding the app's build (trunk's output).
    #[arg(long, env = "PQ_DIST", default_value = "dist")]
    pub dist: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct EvalOptions {
    /// The expression, e.g. "iif({a} > 1, 'big', 'small')".
    #[arg(required_unless_present = "batch", conflicts_with = "batch")]
    pub expression: Option<String>,
    /// The answers, as a JSON object.
    #[arg(
        long,
        value_name = "JSON",
        default_value = "{}",
        conflicts_with = "batch"
    )]
    pub values: String,
    /// Print the boolean a `visibleIf` with this text would give.
    #[arg(long, conflicts_with = "batch")]
    pub condition: bool,
    /// Today's date, YYYY-MM-DD (default: the system's current date, in UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub today: Option<Date>,
    /// Read JSON lines `{"expr": …, "values": {…}, "condition": bool}` on standard input and
    /// print one `{"value": …}` or `{"error": …}` line for each.
    #[arg(long)]
    pub batch: bool,
}

/// Reads a date written exactly `YYYY-MM-DD`.
fn parse_day(text: &str) -> Result<Date, String> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    shaped
        .then(|| Date::parse(text))
        .flatten()
        .ok_or_else(|| format!("'{text}' is not a date written YYYY-MM-DD"))
}

#[derive(Debug, Clone, Args)]
pub struct CheckOptions {
    /// Form definition files (SurveyJS JSON).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct ValidateOptions {
    /// The form definition.
    #[arg(long, value_name = "FILE")]
    pub form: PathBuf,
    /// The answers, a JSON object.
    #[arg(value_name = "ANSWERS.json")]
    pub answers: PathBuf,
    /// Language of the messages: vi or en.
    #[arg(long, default_value = "vi")]
    pub locale: String,
    /// Today's date, YYYY-MM-DD (default: the system's current date, in UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub today: Option<Date>,
}
