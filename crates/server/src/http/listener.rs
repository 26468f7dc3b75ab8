//! Accepting connections for `pq serve`, so that nothing hangs: a request's headers must
//! arrive within [`ConnectionLimits::header_read`] — the same clock runs while a kept-alive
//! connection waits for its next request, so an idle connection is closed after it too —
//! request bodies keep a floor rate (`slow_body`), and a shutdown stops accepting at once,
//! lets the requests in progress finish for up to [`ConnectionLimits::shutdown_grace`], then
//! ends.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// How long a connection may take, and how long a shutdown waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// The longest wait for a request's headers, from a connection's opening or the end of
    /// its previous response (so also the idle keep-alive time).
    pub header_read: Duration,
    /// How long a shutdown lets requests in progress finish.
    pub shutdown_grace: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then stops accepting, lets the
/// connections' requests in progress finish within the grace, and returns.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    // Small answers go out at once (as axum::serve does).
                    let _ = stream.set_nodelay(true);
                    connections.spawn(connection(stream, app.clone(), limits, stopping.clone()));
                }
                Err(error) => {
                    // Out of file descriptors and the like: wait a little, keep serving.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let open = connections.len();
    tracing::info!(
        connections = open,
        grace_seconds = limits.shutdown_grace.as_secs(),
        "stopping: no new connections; requests in progress may finish"
    );
    let _ = stop.send(true);
    let finished = tokio::time::timeout(limits.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if finished.is_err() {
        tracing::warn!(
            connections = connections.len(),
            "requests still running after the grace period were cut off"
        );
        connections.shutdown().await;
    }
    tracing::info!("stopped");
}

/// Serves one connection until it ends or the server stops (then gracefully: the request in
/// progress is answered, then the connection is closed).
async fn connection(
    stream: tokio::net::TcpStream,
    app: Router,
    limits: ConnectionLimits,
    mut stopping: watch::Receiver<bool>,
) {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .keep_alive(true);
    let connection = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
    let mut connection = std::pin::pin!(connection);
    let stop = async move {
        // Also when the server is gone (the sender dropped).
        let _stopped = stopping.wait_for(|stop| *stop).await.is_ok();
    };
    let outcome = tokio::select! {
        outcome = connection.as_mut() => outcome,
        () = stop => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(error) = outcome {
        // Timeouts, resets and malformed requests end a connection; nothing to do about it.
        tracing::debug!(%error, "connection ended");
    }
}
