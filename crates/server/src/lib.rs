//! The `pq` binary's library: the collector server and the command-line tool, thin over
//! `pq_core`.

pub mod cli;
pub mod clock;
pub mod commands;
pub mod deflators;
pub mod error;
pub mod export;
pub mod forms;
pub mod http;
pub mod indicators;
pub mod storage;
pub mod sync;
pub mod tokens;

pub use error::ServerError;
