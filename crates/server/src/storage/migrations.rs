//! Schema migrations: numbered steps, each applied once, in order, inside a transaction.

use sqlx::Row;

use super::{Database, Dialect};
use crate::ServerError;

/// One schema step. The SQL is portable between SQLite and PostgreSQL; a step that needs
/// dialect-specific SQL gets a second list when it comes.
struct Migration {
    version: i64,
    description: &'static str,
    statements: &'static [&'static str],
}

const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    description: "forms and submissions",
    statements: &[
        "CREATE TABLE forms (
            id TEXT NOT NULL,
            version TEXT NOT NULL,
            definition TEXT NOT NULL,
            published_at TEXT NOT NULL,
            PRIMARY KEY (id, version)
        )",
        "CREATE TABLE submissions (
            id TEXT NOT NULL,
            revision BIGINT NOT NULL,
            form_id TEXT NOT NULL,
            form_version TEXT NOT NULL,
            body TEXT NOT NULL,
            received_at TEXT NOT NULL,
            PRIMARY KEY (id, revision)
        )",
    ],
}];

/// Brings the database up to the newest schema.
pub(super) async fn apply(database: &Database) -> Result<(), ServerError> {
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY,
            description TEXT NOT NULL
        )",
    )
    .execute(database.pool())
    .await?;
    let current = current_version(database).await?;
    for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
        let mut transaction = database.pool().begin().await?;
        for statement in migration.statements {
            sqlx::query(statement).execute(&mut *transaction).await?;
        }
        let record = match database.dialect() {
            Dialect::Sqlite => "INSERT INTO schema_migrations (version, description) VALUES (?, ?)",
            Dialect::Postgres => {
                "INSERT INTO schema_migrations (version, description) VALUES ($1, $2)"
            }
        };
        sqlx::query(record)
            .bind(migration.version)
            .bind(migration.description)
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
        tracing::info!(version = migration.version, "{}", migration.description);
    }
    Ok(())
}

pub(super) async fn current_version(database: &Database) -> Result<i64, ServerError> {
    let row = sqlx::query("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations")
        .fetch_one(database.pool())
        .await?;
    Ok(row.try_get::<i64, _>("version")?)
}

/// The newest schema version this build knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}
