//! Schema migrations: numbered steps, each applied once, in order, inside one transaction.
//!
//! Several servers may start at once on a new database: the steps run under a lock —
//! PostgreSQL's transaction-scoped advisory lock, SQLite's write lock taken at `BEGIN
//! IMMEDIATE` — so one server migrates while the others wait, then find nothing left to do.
//! Every statement also says `IF NOT EXISTS`.

use sqlx::AnyConnection;
use sqlx::{Executor, Row};

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
            "CREATE TABLE IF NOT EXISTS forms (
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
            "CREATE TABLE IF NOT EXISTS submissions (
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
            "CREATE INDEX IF NOT EXISTS submissions_by_form ON submissions (form_id)",
            "CREATE INDEX IF NOT EXISTS submissions_by_tax_code ON submissions (tax_code)",
            // API tokens: only the SHA-256 of the token is kept; `id` is the hash's first 12 hex
            // digits, shown by `pq token list` and accepted by `pq token revoke`.
            "CREATE TABLE IF NOT EXISTS tokens (
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
        description: "who holds each submission id",
        statements: &[
            // One row per submission id: the tax code and revision of its newest stored revision.
            // Storing a revision claims (or locks) this row in the same transaction, so an
            // enterprise's right to an id is decided atomically with the insert.
            "CREATE TABLE IF NOT EXISTS submission_holders (
            id TEXT PRIMARY KEY,
            tax_code TEXT,
            revision BIGINT NOT NULL
        )",
            "INSERT INTO submission_holders (id, tax_code, revision)
         SELECT s.id, s.tax_code, s.revision FROM submissions s
         WHERE s.revision = (SELECT MAX(m.revision) FROM submissions m WHERE m.id = s.id)",
        ],
    },
    Migration {
        version: 3,
        description: "dashboard sessions",
        statements: &[
            // A signed-in dashboard reader: the SHA-256 of the session id the cookie holds (never
            // the id itself, never the admin token), the token it was opened with, and when it
            // ends.
            "CREATE TABLE IF NOT EXISTS admin_sessions (
            hash TEXT PRIMARY KEY,
            token_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )",
            "CREATE INDEX IF NOT EXISTS admin_sessions_by_token ON admin_sessions (token_id)",
        ],
    },
    Migration {
        version: 4,
        description: "the deflator table of the indicators (constant prices)",
        statements: &[
            // The one loaded table: its base year and source line (`pq settings deflators`).
            "CREATE TABLE IF NOT EXISTS deflator_table (
            id BIGINT PRIMARY KEY,
            base_year BIGINT NOT NULL,
            source TEXT NOT NULL,
            loaded_at TEXT NOT NULL
        )",
            // Its price indices (base year = 100) per year and VSIC section (`*`: every other).
            "CREATE TABLE IF NOT EXISTS deflator_rows (
            year BIGINT NOT NULL,
            section TEXT NOT NULL,
            value_added DOUBLE PRECISION NOT NULL,
            capital DOUBLE PRECISION,
            PRIMARY KEY (year, section)
        )",
        ],
    },
];

/// The PostgreSQL advisory lock key that migrations hold (any constant shared by all
/// servers; "pqmig" in ASCII).
const MIGRATION_LOCK: i64 = 0x70_71_6d_69_67;

/// Brings the database up to the newest schema, under the migration lock.
pub(super) async fn apply(database: &Database) -> Result<(), ServerError> {
    let mut connection = database.pool().acquire().await?;
    let begin = match database.dialect() {
        Dialect::Sqlite => "BEGIN IMMEDIATE",
        Dialect::Postgres => "BEGIN",
    };
    connection.execute(begin).await?;
    match migrate(&mut connection, database.dialect()).await {
        Ok(applied) => {
            connection.execute("COMMIT").await?;
            for migration in applied {
                tracing::info!(version = migration.version, "{}", migration.description);
            }
            Ok(())
        }
        Err(error) => {
            if connection.execute("ROLLBACK").await.is_err() {
                // Do not hand a connection in an unknown state back to the pool.
                connection.detach();
            }
            Err(error)
        }
    }
}

/// The steps not applied yet, applied on `connection` (in a transaction).
async fn migrate(
    connection: &mut AnyConnection,
    dialect: Dialect,
) -> Result<Vec<&'static Migration>, ServerError> {
    if dialect == Dialect::Postgres {
        // Held until the transaction ends; other servers wait here.
        connection
            .execute(
                format!("SELECT 1 AS locked FROM pg_advisory_xact_lock({MIGRATION_LOCK})").as_str(),
            )
            .await?;
    }
    connection
        .execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                version BIGINT PRIMARY KEY,
                description TEXT NOT NULL
            )",
        )
        .await?;
    let row = sqlx::query(VERSION_QUERY)
        .fetch_one(&mut *connection)
        .await?;
    let current: i64 = row.try_get("version")?;
    let record = match dialect {
        Dialect::Sqlite => "INSERT INTO schema_migrations (version, description) VALUES (?, ?)",
        Dialect::Postgres => "INSERT INTO schema_migrations (version, description) VALUES ($1, $2)",
    };
    let mut applied = Vec::new();
    for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
        for statement in migration.statements {
            connection.execute(*statement).await?;
        }
        sqlx::query(record)
            .bind(migration.version)
            .bind(migration.description)
            .execute(&mut *connection)
            .await?;
        applied.push(migration);
    }
    Ok(applied)
}

const VERSION_QUERY: &str = "SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations";

pub(super) async fn current_version(database: &Database) -> Result<i64, ServerError> {
    let row = sqlx::query(VERSION_QUERY)
        .fetch_one(database.pool())
        .await?;
    Ok(row.try_get::<i64, _>("version")?)
}

/// The newest schema version this build knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}
