//! The deflator table T1 and T2 are computed at constant prices with: one table at a time,
//! replaced whole in one transaction.

use pq_core::indicators::{DeflatorRow, DeflatorTable};
use sqlx::Row;

use super::Database;
use crate::ServerError;

/// The loaded table and when it was loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDeflators {
    pub table: DeflatorTable,
    /// RFC 3339.
    pub loaded_at: String,
}

impl Database {
    /// Replaces the deflator table with `table`: every old row goes, every new row comes, or
    /// (on any failure) nothing changes.
    pub async fn replace_deflators(
        &self,
        table: &DeflatorTable,
        loaded_at: &str,
    ) -> Result<(), ServerError> {
        let mut transaction = self.pool().begin().await?;
        sqlx::query("DELETE FROM deflator_rows")
            .execute(&mut *transaction)
            .await?;
        sqlx::query("DELETE FROM deflator_table")
            .execute(&mut *transaction)
            .await?;
        sqlx::query(&self.sql(
            "INSERT INTO deflator_table (id, base_year, source, loaded_at) VALUES (1, ?, ?, ?)",
        ))
        .bind(i64::from(table.base_year))
        .bind(&table.source)
        .bind(loaded_at)
        .execute(&mut *transaction)
        .await?;
        // A missing capital index is left out of the insert (NULL): the Any driver cannot
        // bind a typed NULL for PostgreSQL.
        let with_capital = self.sql(
            "INSERT INTO deflator_rows (year, section, value_added, capital) VALUES (?, ?, ?, ?)",
        );
        let without_capital =
            self.sql("INSERT INTO deflator_rows (year, section, value_added) VALUES (?, ?, ?)");
        for row in &table.rows {
            let query = match row.capital {
                Some(capital) => sqlx::query(&with_capital)
                    .bind(i64::from(row.year))
                    .bind(&row.section)
                    .bind(row.value_added)
                    .bind(capital),
                None => sqlx::query(&without_capital)
                    .bind(i64::from(row.year))
                    .bind(&row.section)
                    .bind(row.value_added),
            };
            query.execute(&mut *transaction).await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    /// The loaded deflator table, if any.
    pub async fn deflators(&self) -> Result<Option<StoredDeflators>, ServerError> {
        let Some(head) =
            sqlx::query("SELECT base_year, source, loaded_at FROM deflator_table WHERE id = 1")
                .fetch_optional(self.pool())
                .await?
        else {
            return Ok(None);
        };
        let year = |n: i64| {
            i32::try_from(n).map_err(|_| ServerError::CorruptRecord {
                id: "deflator_table".into(),
                reason: format!("year {n} is out of range"),
            })
        };
        let rows = sqlx::query(
            "SELECT year, section, value_added, capital FROM deflator_rows ORDER BY year, section",
        )
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(DeflatorRow {
                year: year(row.try_get::<i64, _>("year")?)?,
                section: row.try_get("section")?,
                value_added: row.try_get("value_added")?,
                capital: row.try_get("capital")?,
            })
        })
        .collect::<Result<Vec<_>, ServerError>>()?;
        Ok(Some(StoredDeflators {
            table: DeflatorTable {
                base_year: year(head.try_get::<i64, _>("base_year")?)?,
                source: head.try_get("source")?,
                rows,
            },
            loaded_at: head.try_get("loaded_at")?,
        }))
    }
}
