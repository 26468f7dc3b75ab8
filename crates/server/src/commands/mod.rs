//! One module per `pq` subcommand.

pub mod check;
pub mod eval;
pub mod export;
pub mod forms;
pub mod serve;
pub mod settings;
pub mod token;
pub mod validate;

use std::fmt::Display;
use std::future::Future;
use std::io::Write;

use crate::ServerError;

/// Writes `text` and a line break to standard output. A reader that went away (`pq validate
/// … | head -c1`) is an error ([`ServerError::is_closed_output`]) that ends the command
/// quietly, instead of the panic `println!` gives.
pub(crate) fn print_line(text: impl Display) -> Result<(), ServerError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(ServerError::WriteOutput)
}

/// Runs a command's async work on a small runtime of its own.
pub(crate) fn block_on<T>(
    work: impl Future<Output = Result<T, ServerError>>,
) -> Result<T, ServerError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(ServerError::Runtime)?
        .block_on(work)
}
