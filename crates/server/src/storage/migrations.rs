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

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        description: "forms, submissions and tokens",
        statements: &[
            // Every published version of every form; `seq` is the publishing order within a form
            // (the newest version has the highest), `etag` a hash of the definition.
            "CREATE TABLE forms (
            id TEXT NOT NULL,
            version TEXT NOT NULL,
            seq BIGINT NOT NULL,
            definition TEXT NOT NULL,
            title TEXT,
            etag TEXT NOT NULL,
            published_at TEXT NOT NULL,
            PRIMARY KEY (id, version),
            UNIQUE (id, seq)
        )",
            // Every stored revision of every submission; `body` is the submission's JSON,
            // `tax_code` its `tax_code` answer (for enterprise tokens' scope).
            "CREATE TABLE submissions (
            id TEXT NOT NULL,
            revision BIGINT NOT NULL,
            form_id TEXT NOT NULL,
            form_version TEXT NOT NULL,
            tax_code TEXT,
            body TEXT NOT NULL,
            token_id TEXT NOT NULL,
            received_at TEXT NOT NULL,
            PRIMARY KEY (id, revision)
        )",
            "CREATE INDEX submissions_by_form ON submissions (form_id)",
            "CREATE INDEX submissions_by_tax_code ON submissions (tax_code)",
            // API tokens: only the SHA-256 of the token is kept; `id` is the hash's first 12 hex
            // digits, shown by `pq token list` and accepted by `pq token revoke`.
            "CREATE TABLE tokens (
            id TEXT PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL,
            tax_code TEXT,
            name TEXT,
            form_id TEXT,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        )",
        ],
    },
    Migration {
        version: 2,
        description: "the deflator table of the indicators (constant prices)",
        statements: &[
            // The one loaded table: its base year and source line (`pq settings deflators`).
            "CREATE TABLE deflator_table (
            id BIGINT PRIMARY KEY,
            base_year BIGINT NOT NULL,
            source TEXT NOT NULL,
            loaded_at TEXT NOT NULL
        )",
            // Its price indices (base year = 100) per year and VSIC section (`*`: every other).
            "CREATE TABLE deflator_rows (
            year BIGINT NOT NULL,
            section TEXT NOT NULL,
            value_added DOUBLE PRECISION NOT NULL,
            capital DOUBLE PRECISION,
            PRIMARY KEY (year, section)
        )",
        ],
    },
];

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
