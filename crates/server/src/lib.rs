//! The `pq` binary's library: the collector server and the command-line tool, thin over
//! `pq_core`.

pub mod cli;
pub mod clock;
pub mod commands;
pub mod error;
pub mod http;
pub mod storage;

pub use error::ServerError;
