//! The command line of `pq`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
}
