//! One module per `pq` subcommand.

pub mod eval;
pub mod serve;
