//! The command line of `pq`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use pq_core::expression::Date;
use pq_core::sync::{DEFAULT_MAX_BATCH_BYTES, DEFAULT_MAX_BATCH_ITEMS, Role};

use crate::export::Format;

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
    /// Publish forms and list the published ones.
    #[command(subcommand)]
    Forms(FormsCommand),
    /// Create, list and revoke API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Export a form's submissions (newest revision of each) as CSV, Excel or JSON.
    Export(ExportOptions),
    /// Settings of the plan indicators (the deflator table for constant prices).
    #[command(subcommand)]
    Settings(SettingsCommand),
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Load the deflator table (year × VSIC section price indices, base year, source) T1 and
    /// T2 are computed at constant prices with; it replaces the loaded one, or, when the file
    /// has a problem, nothing changes. Without FILE, show the loaded table.
    Deflators(DeflatorsOptions),
}

#[derive(Debug, Clone, Args)]
pub struct DeflatorsOptions {
    /// The CSV file: a `source,…` line, a `base_year,…` line, the header
    /// `year,section,value_added,capital`, then one row per year and section.
    #[arg(value_name = "FILE.csv")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub database: DatabaseOption,
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
    /// An origin (https://portal.example.vn) whose pages may call the API (CORS); repeat the
    /// option or separate with commas; `*` allows any.
    #[arg(
        long = "allow-origin",
        env = "PQ_ALLOW_ORIGIN",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    pub allow_origins: Vec<String>,
    /// Most submissions in one batch (more: 413).
    #[arg(long, env = "PQ_MAX_BATCH_ITEMS", default_value_t = DEFAULT_MAX_BATCH_ITEMS)]
    pub max_batch_items: usize,
    /// Most bytes in one batch's body (more: 413).
    #[arg(long, env = "PQ_MAX_BATCH_BYTES", default_value_t = DEFAULT_MAX_BATCH_BYTES)]
    pub max_batch_bytes: usize,
    /// Send the dashboard's session cookie without `Secure`, for a server reached over plain
    /// HTTP on a network (it is left off anyway when listening on loopback).
    #[arg(long, env = "PQ_INSECURE_COOKIES")]
    pub insecure_cookies: bool,
}

#[derive(Debug, Subcommand)]
pub enum FormsCommand {
    /// Publish a form, or a new version of it (refused when `pq check` finds an error, or
    /// when that version is already published with another definition).
    Publish(PublishOptions),
    /// List the published forms and their versions.
    List(DatabaseOnly),
}

#[derive(Debug, Clone, Args)]
pub struct PublishOptions {
    /// The form definition (SurveyJS JSON with "id" and "version").
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub database: DatabaseOption,
}

#[derive(Debug, Clone, Args)]
pub struct DatabaseOnly {
    #[command(flatten)]
    pub database: DatabaseOption,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token. Prints the token on the first line (it is shown only once: only its
    /// hash is kept), and with --link the invitation URL on the second.
    Create(TokenCreateOptions),
    /// Revoke a token, named by its id (see `pq token list`) or given whole.
    Revoke(TokenRevokeOptions),
    /// List the tokens (ids, roles, names; never the tokens themselves).
    List(DatabaseOnly),
}

#[derive(Debug, Clone, Args)]
pub struct TokenCreateOptions {
    /// surveyor (submits), enterprise (its own tax code only) or admin (reads and exports).
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
    /// The enterprise's tax code (enterprise tokens only).
    #[arg(long, value_name = "TAXCODE")]
    pub enterprise: Option<String>,
    /// Who the token is for, as people say it.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The form an invitation opens (must be published).
    #[arg(long, value_name = "ID")]
    pub form: Option<String>,
    /// Also print an invitation URL that opens the app with this server, the token and the
    /// form set (needs --form).
    #[arg(long, requires = "form")]
    pub link: bool,
    /// The address the app is served at, for --link.
    #[arg(
        long,
        env = "PQ_BASE_URL",
        value_name = "URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub base_url: String,
    #[command(flatten)]
    pub database: DatabaseOption,
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse::<Role>().map_err(|e| e.to_string())
}

#[derive(Debug, Clone, Args)]
pub struct TokenRevokeOptions {
    /// The token's id (12 hex digits) or the token itself.
    #[arg(value_name = "ID")]
    pub token: String,
    #[command(flatten)]
    pub database: DatabaseOption,
}

#[derive(Debug, Clone, Args)]
pub struct ExportOptions {
    /// The form's id.
    #[arg(long, value_name = "ID")]
    pub form: String,
    /// csv (one file per table), xlsx (one sheet per table) or json.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Where to write (default: FORM.csv|xlsx|json here); `-` for standard output. CSV tables
    /// of repeating groups go beside it as FILE-STEM.GROUP.csv.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Language of choice labels: vi or en.
    #[arg(long, default_value = "vi")]
    pub locale: String,
    #[command(flatten)]
    pub database: DatabaseOption,
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
