//! Published form versions. A published version never changes: publishing the same id and
//! version again is accepted only with the very same definition.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Database, is_unique_violation};
use crate::ServerError;

/// One published version with its definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormRecord {
    pub id: String,
    pub version: String,
    /// Publishing order within the form: 1 for the first version published.
    pub seq: i64,
    /// The definition's JSON text, as published.
    pub definition: String,
    pub etag: String,
    pub published_at: String,
}

/// The newest version of a form, for the forms list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormSummaryRecord {
    pub id: String,
    pub version: String,
    /// The form's title as JSON text, when it has one.
    pub title: Option<String>,
    pub etag: String,
    pub published_at: String,
}

/// What publishing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    /// Stored as a new version.
    New { seq: i64, published_at: String },
    /// This version was already published with the same definition: nothing written.
    Unchanged { published_at: String },
    /// This version is already published with another definition: nothing written.
    Different { published_at: String },
}

/// What a new version is stored with.
#[derive(Debug, Clone, Copy)]
pub struct NewForm<'a> {
    pub id: &'a str,
    pub version: &'a str,
    pub definition: &'a str,
    pub title: Option<&'a str>,
    pub etag: &'a str,
    pub published_at: &'a str,
}

fn record(row: &AnyRow) -> Result<FormRecord, sqlx::Error> {
    Ok(FormRecord {
        id: row.try_get("id")?,
        version: row.try_get("version")?,
        seq: row.try_get("seq")?,
        definition: row.try_get("definition")?,
        etag: row.try_get("etag")?,
        published_at: row.try_get("published_at")?,
    })
}

const RECORD_COLUMNS: &str = "id, version, seq, definition, etag, published_at";

impl Database {
    /// Publishes a version of a form, unless that version exists (see [`Published`]).
    pub async fn publish_form(&self, form: NewForm<'_>) -> Result<Published, ServerError> {
        for _ in 0..3 {
            if let Some(existing) = self.form_version(form.id, form.version).await? {
                return Ok(if existing.etag == form.etag {
                    Published::Unchanged {
                        published_at: existing.published_at,
                    }
                } else {
                    Published::Different {
                        published_at: existing.published_at,
                    }
                });
            }
            let insert = self.sql(
                "INSERT INTO forms (id, version, seq, definition, title, etag, published_at)
                 SELECT ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ? FROM forms WHERE id = ?",
            );
            let outcome = sqlx::query(&insert)
                .bind(form.id)
                .bind(form.version)
                .bind(form.definition)
                .bind(form.title)
                .bind(form.etag)
                .bind(form.published_at)
                .bind(form.id)
                .execute(self.pool())
                .await;
            match outcome {
                Ok(_) => {
                    let stored = self.form_version(form.id, form.version).await?;
                    let seq = stored.map_or(0, |s| s.seq);
                    return Ok(Published::New {
                        seq,
                        published_at: form.published_at.to_owned(),
                    });
                }
                // Someone published at the same moment: look again.
                Err(error) if is_unique_violation(&error) => {}
                Err(error) => return Err(error.into()),
            }
        }
        Err(ServerError::Contention)
    }

    /// One published version.
    pub async fn form_version(
        &self,
        id: &str,
        version: &str,
    ) -> Result<Option<FormRecord>, ServerError> {
        let query = self.sql(&format!(
            "SELECT {RECORD_COLUMNS} FROM forms WHERE id = ? AND version = ?"
        ));
        let row = sqlx::query(&query)
            .bind(id)
            .bind(version)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(record).transpose()?)
    }

    /// The newest published version of a form.
    pub async fn latest_form(&self, id: &str) -> Result<Option<FormRecord>, ServerError> {
        let query = self.sql(&format!(
            "SELECT {RECORD_COLUMNS} FROM forms WHERE id = ? ORDER BY seq DESC LIMIT 1"
        ));
        let row = sqlx::query(&query)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(record).transpose()?)
    }

    /// Every published version of a form, newest first.
    pub async fn form_history(&self, id: &str) -> Result<Vec<FormRecord>, ServerError> {
        let query = self.sql(&format!(
            "SELECT {RECORD_COLUMNS} FROM forms WHERE id = ? ORDER BY seq DESC"
        ));
        let rows = sqlx::query(&query).bind(id).fetch_all(self.pool()).await?;
        Ok(rows.iter().map(record).collect::<Result<_, _>>()?)
    }

    /// The versions of a form in publishing order (for messages), without definitions.
    pub async fn form_versions(&self, id: &str) -> Result<Vec<String>, ServerError> {
        let query = self.sql("SELECT version FROM forms WHERE id = ? ORDER BY seq");
        let rows = sqlx::query(&query).bind(id).fetch_all(self.pool()).await?;
        Ok(rows
            .iter()
            .map(|row| row.try_get("version"))
            .collect::<Result<_, _>>()?)
    }

    /// The newest version of every form, by id.
    pub async fn latest_forms(&self) -> Result<Vec<FormSummaryRecord>, ServerError> {
        let rows = sqlx::query(
            "SELECT f.id, f.version, f.title, f.etag, f.published_at FROM forms f
             WHERE f.seq = (SELECT MAX(g.seq) FROM forms g WHERE g.id = f.id)
             ORDER BY f.id",
        )
        .fetch_all(self.pool())
        .await?;
        let summary = |row: &AnyRow| -> Result<FormSummaryRecord, sqlx::Error> {
            Ok(FormSummaryRecord {
                id: row.try_get("id")?,
                version: row.try_get("version")?,
                title: row.try_get("title")?,
                etag: row.try_get("etag")?,
                published_at: row.try_get("published_at")?,
            })
        };
        Ok(rows.iter().map(summary).collect::<Result<_, _>>()?)
    }
}
