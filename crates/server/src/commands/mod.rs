//! One module per `pq` subcommand.

pub mod check;
pub mod eval;
pub mod serve;
pub mod validate;
