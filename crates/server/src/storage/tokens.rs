//! API tokens. Only the SHA-256 hash of a token is stored; the token itself is shown once.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::Database;
use crate::ServerError;

/// A stored token (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    /// The hash's first 12 hex digits: how people name a token.
    pub id: String,
    /// SHA-256 of the token, hex.
    pub hash: String,
    /// `surveyor`, `enterprise` or `admin`.
    pub role: String,
    pub tax_code: Option<String>,
    pub name: Option<String>,
    /// The form an invitation link was made for.
    pub form_id: Option<String>,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

const COLUMNS: &str = "id, hash, role, tax_code, name, form_id, created_at, revoked_at";

pub(super) fn record(row: &AnyRow) -> Result<TokenRecord, sqlx::Error> {
    Ok(TokenRecord {
        id: row.try_get("id")?,
        hash: row.try_get("hash")?,
        role: row.try_get("role")?,
        tax_code: row.try_get("tax_code")?,
        name: row.try_get("name")?,
        form_id: row.try_get("form_id")?,
        created_at: row.try_get("created_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

impl Database {
    pub async fn insert_token(&self, token: &TokenRecord) -> Result<(), ServerError> {
        let query = self.sql(&format!(
            "INSERT INTO tokens ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        ));
        sqlx::query(&query)
            .bind(&token.id)
            .bind(&token.hash)
            .bind(&token.role)
            .bind(token.tax_code.as_deref())
            .bind(token.name.as_deref())
            .bind(token.form_id.as_deref())
            .bind(&token.created_at)
            .bind(token.revoked_at.as_deref())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The token whose hash is `hash`, revoked or not.
    pub async fn token_by_hash(&self, hash: &str) -> Result<Option<TokenRecord>, ServerError> {
        let query = self.sql(&format!("SELECT {COLUMNS} FROM tokens WHERE hash = ?"));
        let row = sqlx::query(&query)
            .bind(hash)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(record).transpose()?)
    }

    /// The token with this id.
    pub async fn token_by_id(&self, id: &str) -> Result<Option<TokenRecord>, ServerError> {
        let query = self.sql(&format!("SELECT {COLUMNS} FROM tokens WHERE id = ?"));
        let row = sqlx::query(&query)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(record).transpose()?)
    }

    /// Every token, oldest first.
    pub async fn tokens(&self) -> Result<Vec<TokenRecord>, ServerError> {
        let query = format!("SELECT {COLUMNS} FROM tokens ORDER BY created_at, id");
        let rows = sqlx::query(&query).fetch_all(self.pool()).await?;
        Ok(rows.iter().map(record).collect::<Result<_, _>>()?)
    }

    /// Marks a token revoked (from `at` on); false when it was revoked already.
    pub async fn revoke_token(&self, id: &str, at: &str) -> Result<bool, ServerError> {
        let query =
            self.sql("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
        let done = sqlx::query(&query)
            .bind(at)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
