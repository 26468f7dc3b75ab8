//! Exports of a form's submissions: CSV, Excel or JSON, the newest revision of each.
//!
//! - CSV: `{form}.csv` (one row per submission) and `{form}.{group}.csv` per repeating group
//!   (dynamic panel or dynamic matrix), UTF-8 with a byte-order mark;
//! - Excel: `{form}.xlsx`, the same tables as sheets;
//! - JSON: `{form}.json`, `{"form_id", "exported_at", "submissions": [...]}` with each
//!   submission as sent plus `received_at`.

mod csv_file;
mod table;
mod xlsx_file;

pub use table::{Cell, LABEL_SUFFIX, META_COLUMNS, REPEAT_KEY_COLUMNS, Table, Tables, build};

use pq_core::form::{FormDefinition, load};
use serde_json::{Value, json};

use crate::ServerError;
use crate::clock::now_rfc3339;
use crate::storage::Database;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Xlsx,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Json => "json",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Json => "application/json",
        }
    }

    /// The format named by a file extension.
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension {
            "csv" => Some(Self::Csv),
            "xlsx" => Some(Self::Xlsx),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// One file of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// `{form}.csv`, `{form}.{group}.csv`, `{form}.xlsx` or `{form}.json`.
    pub name: String,
    /// The repeating group whose table this is (CSV only).
    pub group: Option<String>,
    pub format: Format,
    pub bytes: Vec<u8>,
}

/// `name` made safe as part of a file name: anything but ASCII letters, digits, `-` and `_`
/// becomes `_`.
pub fn file_part(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// An export's files: the main one first; CSV exports add one file per repeating group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// How many submissions (rows of the main table).
    pub submissions: usize,
    pub files: Vec<ExportFile>,
}

/// Exports `form_id`'s submissions; labels are in `locale`.
pub async fn export(
    database: &Database,
    form_id: &str,
    format: Format,
    locale: &str,
) -> Result<Export, ServerError> {
    let history = database.form_history(form_id).await?;
    if history.is_empty() {
        return Err(ServerError::UnknownForm(form_id.to_owned()));
    }
    let records = database.latest_submissions(Some(form_id), None).await?;
    let stem = file_part(form_id);
    let count = records.len();
    let done = |files: Vec<ExportFile>| Export {
        submissions: count,
        files,
    };
    let file = |name: String, bytes: Vec<u8>| ExportFile {
        name,
        group: None,
        format,
        bytes,
    };
    if format == Format::Json {
        let submissions: Vec<Value> = records
            .iter()
            .map(|record| {
                let mut value = json!(record.submission);
                if let Value::Object(map) = &mut value {
                    map.insert("received_at".into(), json!(record.received_at));
                }
                value
            })
            .collect();
        let document = json!({
            "form_id": form_id,
            "exported_at": now_rfc3339()?,
            "submissions": submissions,
        });
        let bytes =
            serde_json::to_vec_pretty(&document).map_err(|e| ServerError::Export(e.to_string()))?;
        return Ok(done(vec![file(format!("{stem}.json"), bytes)]));
    }
    let definitions: Vec<FormDefinition> = history
        .iter()
        .filter_map(|record| match load(&record.definition) {
            Ok(loaded) => Some(loaded.definition),
            Err(error) => {
                tracing::error!(form = form_id, version = %record.version, %error, "a published form no longer loads");
                None
            }
        })
        .collect();
    let tables = build(form_id, &definitions, &records, locale);
    if format == Format::Xlsx {
        let all: Vec<&Table> = std::iter::once(&tables.main)
            .chain(&tables.repeats)
            .collect();
        return Ok(done(vec![file(
            format!("{stem}.xlsx"),
            xlsx_file::write(&all)?,
        )]));
    }
    let mut files = vec![file(format!("{stem}.csv"), csv_file::write(&tables.main)?)];
    for repeat in &tables.repeats {
        files.push(ExportFile {
            group: Some(repeat.name.clone()),
            ..file(
                format!("{stem}.{}.csv", file_part(&repeat.name)),
                csv_file::write(repeat)?,
            )
        });
    }
    Ok(done(files))
}
