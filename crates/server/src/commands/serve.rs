//! `pq serve`: the app's build and the collector API on one address.

use std::process::ExitCode;

use tokio::net::TcpListener;

use crate::ServerError;
use crate::cli::ServeOptions;
use crate::http::listener::{self, ConnectionLimits};
use crate::http::{ApiConfig, AppState, cors, router};
use crate::storage::Database;
use crate::sync::Limits;

/// Runs the server until SIGTERM or SIGINT (Ctrl-C); requests in progress then have 10 s
/// to finish.
pub fn run(options: ServeOptions) -> Result<ExitCode, ServerError> {
    init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServerError::Runtime)?;
    runtime.block_on(serve(options))?;
    Ok(ExitCode::SUCCESS)
}

async fn serve(options: ServeOptions) -> Result<(), ServerError> {
    // Refuse a bad --allow-origin before anything else.
    cors(&options.allow_origins)?;
    let database = Database::open(&options.database.location).await?;
    if !options.dist.join("index.html").is_file() {
        tracing::warn!(
            dist = %options.dist.display(),
            "no app build found: only the API is served (build it with `cargo xtask serve`)"
        );
    }
    let listener = TcpListener::bind(options.addr)
        .await
        .map_err(|source| ServerError::Bind {
            addr: options.addr,
            source,
        })?;
    let local = listener.local_addr().map_err(ServerError::Serve)?;
    let config = ApiConfig {
        limits: Limits {
            max_items: options.max_batch_items,
            max_bytes: options.max_batch_bytes,
        },
        allowed_origins: options.allow_origins.clone(),
        // This server speaks no TLS: off the loopback, a proxy in front of it must.
        insecure_cookies: options.insecure_cookies || options.addr.ip().is_loopback(),
        ..ApiConfig::default()
    };
    if !config.allowed_origins.is_empty() {
        tracing::info!(origins = ?config.allowed_origins, "CORS allows these origins");
    }
    let app = router(AppState::with_config(
        database,
        options.dist.clone(),
        config,
    ));
    // The exact wording is read by the test harness to learn the port.
    println!(
        "PQ Survey is ready at http://{local}/ (data: {})",
        options.database.location
    );
    listener::serve(
        listener,
        app,
        ConnectionLimits::default(),
        shutdown_signal(),
    )
    .await;
    Ok(())
}

/// Completes on SIGTERM (what service managers and `docker stop` send) or SIGINT (Ctrl-C).
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            // No handler could be installed: wait for the other signal.
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => tracing::info!("SIGINT received"),
        () = terminate => tracing::info!("SIGTERM received"),
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // A second initialisation (tests) is harmless: keep the first.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
