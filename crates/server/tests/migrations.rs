//! Several servers started at once on a new database all come up: the schema is made once,
//! under a lock, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;

use pq_server::storage::{Database, latest_version};
use support::{Backend, TestDatabase};

on_both_backends!(
    two_servers_starting_together_both_come_up,
    four_servers_starting_together_all_come_up,
    four_pq_processes_starting_together_all_succeed,
);

/// `servers` opens of one new database, released together; every one must succeed.
async fn start_together(backend: Backend, servers: usize) {
    // A few rounds: a race lost once in a while would otherwise slip through.
    for round in 0..3 {
        let Some(database) = TestDatabase::new(backend).await else {
            return;
        };
        let barrier = Arc::new(tokio::sync::Barrier::new(servers));
        let opens: Vec<_> = (0..servers)
            .map(|_| {
                let location = database.location.clone();
                let barrier = barrier.clone();
                tokio::spawn(async move {
                    barrier.wait().await;
                    Database::open(&location).await
                })
            })
            .collect();
        let mut opened = Vec::new();
        for (n, open) in opens.into_iter().enumerate() {
            match open.await.unwrap() {
                Ok(database) => opened.push(database),
                Err(error) => panic!("round {round}: server {n} of {servers} failed: {error}"),
            }
        }
        for database in &opened {
            assert_eq!(database.schema_version().await.unwrap(), latest_version());
        }
        // Each step was recorded once, and the schema works.
        let steps: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM schema_migrations")
            .fetch_one(opened[0].pool())
            .await
            .unwrap();
        assert_eq!(steps, latest_version());
        pq_server::forms::publish(&opened[1], &support::enterprise_form(1).to_string())
            .await
            .unwrap();
        assert_eq!(opened[0].latest_forms().await.unwrap().len(), 1);
        for database in opened {
            database.pool().close().await;
        }
    }
}

async fn two_servers_starting_together_both_come_up(backend: Backend) {
    start_together(backend, 2).await;
}

async fn four_servers_starting_together_all_come_up(backend: Backend) {
    start_together(backend, 4).await;
}

/// The same with four `pq` processes (each opens and migrates the new database, as `pq serve`
/// does when it starts).
async fn four_pq_processes_starting_together_all_succeed(backend: Backend) {
    let Some(database) = TestDatabase::new(backend).await else {
        return;
    };
    let children: Vec<std::process::Child> = (0..4)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_pq"))
                .args(["token", "list", "--database", &database.location])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let opened = database.open().await;
    assert_eq!(opened.schema_version().await.unwrap(), latest_version());
    opened.pool().close().await;
}
