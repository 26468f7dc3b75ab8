//! One module per `pq` subcommand.

pub mod check;
pub mod eval;
pub mod export;
pub mod forms;
pub mod serve;
pub mod settings;
pub mod token;
pub mod validate;

use std::future::Future;

use crate::ServerError;

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
