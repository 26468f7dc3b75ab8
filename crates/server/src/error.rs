//! Errors of the server and the command-line tool.

use std::net::SocketAddr;
use std::process::ExitCode;

/// The exit code of a usage error (as clap uses for bad arguments).
pub const USAGE_EXIT_CODE: u8 = 2;

/// Everything that can stop a `pq` command.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot open the database {location}: {source}")]
    DatabaseOpen {
        location: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot create the data folder {path}: {source}")]
    DataFolder {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error(
        "cannot listen on {addr}: {source} (is another server using it? choose one with --addr)"
    )]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Serve(#[source] std::io::Error),
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
    /// The expression given to `pq eval` does not parse; the message carries the position.
    #[error("{0}")]
    Expression(#[from] pq_core::expression::ParseError),
    #[error("--values is not valid JSON: {0}")]
    ValuesSyntax(#[source] serde_json::Error),
    #[error("--values must be a JSON object of answers such as '{{\"a\": 3}}', not {found}")]
    ValuesNotObject { found: &'static str },
    #[error("the system clock is out of the supported date range; give --today YYYY-MM-DD")]
    Clock,
    #[error("cannot read standard input: {0}")]
    ReadInput(#[source] std::io::Error),
    #[error("cannot write the output: {0}")]
    WriteOutput(#[source] std::io::Error),
    #[error("cannot read {path}: {source}")]
    ReadFile {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: the form does not compile ({errors} error(s)); run `pq check {path}`")]
    FormInvalid { path: String, errors: usize },
    #[error("{path}: not a JSON object of answers: {reason}")]
    AnswersInvalid { path: String, reason: String },
    /// `pq forms publish` refuses a form; the problems were printed before.
    #[error("{path}: not published: {reason}")]
    PublishRefused { path: String, reason: String },
    #[error("no form '{0}' is published (see `pq forms list`)")]
    UnknownForm(String),
    #[error("stored submission {id} cannot be read: {reason}")]
    CorruptRecord { id: String, reason: String },
    #[error("the database stayed busy with the same record; try again")]
    Contention,
    #[error("cannot make a random token: {0}")]
    Random(String),
    #[error("{0}")]
    TokenOptions(String),
    #[error("no token '{0}' (see `pq token list`)")]
    UnknownToken(String),
    #[error("--allow-origin {origin}: {reason}")]
    Origin { origin: String, reason: String },
    #[error("cannot write the export: {0}")]
    Export(String),
    /// `pq settings deflators` refuses a file; every problem is listed with its line.
    #[error("{path}: {source}")]
    Deflators {
        path: String,
        #[source]
        source: crate::deflators::DeflatorFileError,
    },
    #[error("cannot write {path}: {source}")]
    WriteFile {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl ServerError {
    /// True when the database refused one record's content (a value it cannot hold, a
    /// constraint of the schema): the record is the problem, not the server, and other
    /// records may be stored.
    pub fn is_about_the_record(&self) -> bool {
        let Self::Database(sqlx::Error::Database(error)) = self else {
            return false;
        };
        let Some(code) = error.code() else {
            return false;
        };
        if error
            .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
            .is_some()
        {
            // SQLSTATE classes: 22 data exception (bad encoding, value too long…), 23
            // integrity constraint, 54 program limit exceeded (a row too big for an index).
            return ["22", "23", "54"]
                .iter()
                .any(|class| code.starts_with(class));
        }
        // SQLite's (extended) result code, whose low byte is the primary code: 18 TOOBIG,
        // 19 CONSTRAINT, 20 MISMATCH.
        code.parse::<u32>()
            .is_ok_and(|n| matches!(n & 0xff, 18..=20))
    }

    /// True when standard output was closed by its reader (`pq validate … | head -c1`):
    /// nothing more to say, and nothing to complain about.
    pub fn is_closed_output(&self) -> bool {
        matches!(self, Self::WriteOutput(error) if error.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// True when the request could succeed later unchanged: the database is unreachable,
    /// busy or failing for reasons that are not about what was sent (`503` with
    /// `Retry-After`, never `500`).
    pub fn is_unavailable(&self) -> bool {
        match self {
            Self::Database(_) => !self.is_about_the_record(),
            Self::DatabaseOpen { .. } | Self::Contention => true,
            _ => false,
        }
    }

    /// The process exit code for this error: 2 for usage errors, 1 for the rest.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Self::ValuesSyntax(_)
            | Self::ValuesNotObject { .. }
            | Self::TokenOptions(_)
            | Self::Origin { .. } => ExitCode::from(USAGE_EXIT_CODE),
            _ => ExitCode::FAILURE,
        }
    }
}
