//! One module per `pq` subcommand.

pub mod serve;
