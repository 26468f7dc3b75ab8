//! Dashboard sessions: only the SHA-256 of a session id is stored, with the admin token it
//! was opened with and when it ends. A session is valid while it has not ended and its token
//! is not revoked.

use super::{Database, TokenRecord};
use crate::ServerError;

impl Database {
    /// Records a session opened with token `token_id`, ending at `expires_at` (RFC 3339,
    /// UTC, as `clock` writes it); sessions already ended are removed on the way.
    pub async fn insert_session(
        &self,
        hash: &str,
        token_id: &str,
        created_at: &str,
        expires_at: &str,
    ) -> Result<(), ServerError> {
        let mut transaction = self.pool().begin().await?;
        sqlx::query(&self.sql("DELETE FROM admin_sessions WHERE expires_at <= ?"))
            .bind(created_at)
            .execute(&mut *transaction)
            .await?;
        sqlx::query(&self.sql(
            "INSERT INTO admin_sessions (hash, token_id, created_at, expires_at)
             VALUES (?, ?, ?, ?)",
        ))
        .bind(hash)
        .bind(token_id)
        .bind(created_at)
        .bind(expires_at)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(())
    }

    /// The token of the session whose id hashes to `hash`, when the session has not ended at
    /// `now` and the token is not revoked.
    pub async fn session_token(
        &self,
        hash: &str,
        now: &str,
    ) -> Result<Option<TokenRecord>, ServerError> {
        let query = self.sql(
            "SELECT t.id, t.hash, t.role, t.tax_code, t.name, t.form_id, t.created_at,
                    t.revoked_at
             FROM admin_sessions s JOIN tokens t ON t.id = s.token_id
             WHERE s.hash = ? AND s.expires_at > ? AND t.revoked_at IS NULL",
        );
        let row = sqlx::query(&query)
            .bind(hash)
            .bind(now)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(super::tokens::record).transpose()?)
    }

    /// Ends the session whose id hashes to `hash`.
    pub async fn delete_session(&self, hash: &str) -> Result<(), ServerError> {
        sqlx::query(&self.sql("DELETE FROM admin_sessions WHERE hash = ?"))
            .bind(hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Ends every session opened with token `token_id` (when it is revoked).
    pub async fn delete_sessions_of(&self, token_id: &str) -> Result<u64, ServerError> {
        let done = sqlx::query(&self.sql("DELETE FROM admin_sessions WHERE token_id = ?"))
            .bind(token_id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}
