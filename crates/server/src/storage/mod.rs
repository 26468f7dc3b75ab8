//! Stored data: one database, SQLite (embedded, the default) or PostgreSQL, same schema.

mod deflators;
mod forms;
mod migrations;
mod sessions;
mod submissions;
mod tokens;

pub use deflators::StoredDeflators;
pub use forms::{FormRecord, FormSummaryRecord, NewForm, Published};
pub use migrations::latest_version;
pub use submissions::{
    Inserted, NewRevision, StoredRevision, StoredSubmission, SubmissionState, state_of,
};
pub use tokens::TokenRecord;

use std::path::Path;

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

use crate::ServerError;

/// Which database engine a location names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// `postgres://…` and `postgresql://…` are PostgreSQL; anything else is a SQLite file.
    pub fn of(location: &str) -> Self {
        if location.starts_with("postgres://") || location.starts_with("postgresql://") {
            Dialect::Postgres
        } else {
            Dialect::Sqlite
        }
    }
}

/// An open, migrated database.
#[derive(Debug, Clone)]
pub struct Database {
    pool: AnyPool,
    dialect: Dialect,
}

impl Database {
    /// Opens (creating when needed) and migrates the database at `location`.
    pub async fn open(location: &str) -> Result<Self, ServerError> {
        sqlx::any::install_default_drivers();
        let dialect = Dialect::of(location);
        let url = match dialect {
            Dialect::Postgres => location.to_owned(),
            Dialect::Sqlite => sqlite_url(location)?,
        };
        let pool = AnyPoolOptions::new()
            .max_connections(match dialect {
                Dialect::Sqlite => 4,
                Dialect::Postgres => 16,
            })
            .connect(&url)
            .await
            .map_err(|source| ServerError::DatabaseOpen {
                location: location.to_owned(),
                source,
            })?;
        if dialect == Dialect::Sqlite {
            use_wal(&pool).await?;
        }
        let database = Database { pool, dialect };
        migrations::apply(&database).await?;
        Ok(database)
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// `query` written with `?` placeholders, in this database's dialect (`$1, $2…` for
    /// PostgreSQL). The queries of this module hold no `?` other than placeholders.
    pub fn sql(&self, query: &str) -> String {
        match self.dialect {
            Dialect::Sqlite => query.to_owned(),
            Dialect::Postgres => {
                let mut out = String::with_capacity(query.len() + 8);
                let mut n = 0;
                for c in query.chars() {
                    if c == '?' {
                        n += 1;
                        out.push('$');
                        out.push_str(&n.to_string());
                    } else {
                        out.push(c);
                    }
                }
                out
            }
        }
    }

    /// True when the database answers a trivial query.
    pub async fn is_healthy(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// The schema version the database is at.
    pub async fn schema_version(&self) -> Result<i64, ServerError> {
        migrations::current_version(self).await
    }
}

/// Puts a SQLite file in WAL mode: readers never wait for a writer, and writers queue instead
/// of failing — several tablets syncing at once is the normal case. The mode stays with the
/// file. Switching needs the file to itself, and SQLite answers "busy" at once (without
/// waiting) when another server opening the same new file switches it at that moment: then
/// ask again, for up to 5 s.
async fn use_wal(pool: &AnyPool) -> Result<(), ServerError> {
    const TRIES: u32 = 100;
    let mut tries = 0;
    loop {
        match sqlx::query("PRAGMA journal_mode = WAL").execute(pool).await {
            Ok(_) => return Ok(()),
            Err(error) if is_busy(&error) && tries < TRIES => {
                tries += 1;
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            Err(error) => return Err(error.into()),
        }
    }
}

/// True for SQLite's SQLITE_BUSY and SQLITE_LOCKED (extended codes included).
fn is_busy(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e)
        if e.code().and_then(|code| code.parse::<u32>().ok()).is_some_and(|n| matches!(n & 0xff, 5 | 6)))
}

/// The sqlx URL of a SQLite file, creating its folder so a fresh checkout just works.
fn sqlite_url(location: &str) -> Result<String, ServerError> {
    let path = location.strip_prefix("sqlite://").unwrap_or(location);
    if let Some(parent) = Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|source| ServerError::DataFolder {
            path: parent.display().to_string(),
            source,
        })?;
    }
    Ok(format!("sqlite://{path}?mode=rwc"))
}

/// True when `error` is a unique-key violation (another writer stored the same key first).
pub(crate) fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn placeholders_follow_the_dialect() {
        let dir = std::env::temp_dir().join(format!("pq-sql-{}", std::process::id()));
        let path = dir.join("t.db");
        let Ok(database) = super::Database::open(&path.to_string_lossy()).await else {
            panic!("cannot open a SQLite file in {}", dir.display());
        };
        assert_eq!(database.sql("a = ? AND b = ?"), "a = ? AND b = ?");
        let postgres = super::Database {
            dialect: super::Dialect::Postgres,
            ..database
        };
        assert_eq!(postgres.sql("a = ? AND b = ?"), "a = $1 AND b = $2");
        let _ = std::fs::remove_dir_all(dir);
    }
}
