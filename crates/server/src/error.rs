//! Errors of the server and the command-line tool.

use std::net::SocketAddr;

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
}
