//! Publishing forms, and the compiled forms submissions are judged against.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use pq_core::compile::{CompileError, CompiledForm, compile_json};
use pq_core::form::Diagnostic;
use pq_core::sync::{Problem, version_text};
use serde_json::Value;

use crate::ServerError;
use crate::clock::now_rfc3339;
use crate::storage::{Database, NewForm, Published};
use crate::tokens::sha256_hex;

/// Why `pq forms publish` refuses a definition.
#[derive(Debug, thiserror::Error)]
pub enum PublishFailure {
    /// What `pq check` rejects.
    #[error("the form has {} error(s); run `pq check`", .0.errors.len())]
    Broken(CompileError),
    #[error("the form has no \"id\": give it one, e.g. \"id\": \"enterprise\"")]
    NoId,
    #[error("the form has no \"version\": give it one, e.g. \"version\": 1")]
    NoVersion,
    #[error(
        "version {version} of form '{id}' was published on {published_at} with a different \
         definition; a published version never changes: raise \"version\" and publish again"
    )]
    Different {
        id: String,
        version: String,
        published_at: String,
    },
    #[error(transparent)]
    Server(#[from] ServerError),
}

/// What was published.
#[derive(Debug, Clone)]
pub struct PublishReport {
    pub id: String,
    pub version: String,
    pub etag: String,
    /// Questions (elements holding an answer), panels' contents included.
    pub questions: usize,
    pub warnings: Vec<Diagnostic>,
    pub outcome: Published,
}

/// The `ETag` of a definition: a hash of its JSON, ignoring whitespace (quoted, as the
/// header carries it).
pub fn etag_of(definition: &Value) -> String {
    let canonical = definition.to_string();
    let hash = sha256_hex(canonical.as_bytes());
    format!("\"{}\"", &hash[..32])
}

/// Publishes `text` (a form definition) unless `pq check` would reject it or its version is
/// already published with another definition.
pub async fn publish(database: &Database, text: &str) -> Result<PublishReport, PublishFailure> {
    let form = compile_json(text).map_err(PublishFailure::Broken)?;
    let definition = form.definition();
    let id = definition
        .id
        .clone()
        .filter(|id| !id.trim().is_empty())
        .ok_or(PublishFailure::NoId)?;
    let version = definition
        .version
        .as_ref()
        .map(version_text)
        .filter(|v| !v.trim().is_empty())
        .ok_or(PublishFailure::NoVersion)?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        // compile_json read it already; this cannot fail, but say so if it does.
        PublishFailure::Server(ServerError::PublishRefused {
            path: id.clone(),
            reason: e.to_string(),
        })
    })?;
    let etag = etag_of(&value);
    let title = definition.title.as_ref().map(|t| t.to_json().to_string());
    let questions = definition
        .walk()
        .iter()
        .filter(|r| r.element.kind.has_value())
        .count();
    let published_at = now_rfc3339()?;
    let outcome = database
        .publish_form(NewForm {
            id: &id,
            version: &version,
            definition: text,
            title: title.as_deref(),
            etag: &etag,
            published_at: &published_at,
        })
        .await?;
    if let Published::Different { published_at } = outcome {
        return Err(PublishFailure::Different {
            id,
            version,
            published_at,
        });
    }
    if let Published::New { .. } = outcome {
        tracing::info!(form = %id, version = %version, "form published");
    }
    Ok(PublishReport {
        id,
        version,
        etag,
        questions,
        warnings: form.warnings().to_vec(),
        outcome,
    })
}

/// Every definition compiled so far in this process, by its ETag (a hash of its text), so a
/// form is compiled once and not once per batch: a definition's text decides its compiled
/// form, whichever database it came from.
static COMPILED: LazyLock<Mutex<HashMap<String, Arc<CompiledForm>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The compiled form of `definition` (whose ETag is `etag`).
fn compiled(etag: &str, definition: &str) -> Result<Arc<CompiledForm>, CompileError> {
    let known = |map: &HashMap<String, Arc<CompiledForm>>| map.get(etag).cloned();
    if let Some(form) = COMPILED.lock().ok().and_then(|map| known(&map)) {
        return Ok(form);
    }
    let form = Arc::new(compile_json(definition)?);
    if let Ok(mut map) = COMPILED.lock() {
        map.insert(etag.to_owned(), Arc::clone(&form));
    }
    Ok(form)
}

/// The forms one batch needs, each compiled once. Published versions never change, so
/// nothing here can go stale while the batch runs.
pub struct FormCache<'a> {
    database: &'a Database,
    forms: HashMap<(String, String), Result<Arc<CompiledForm>, Problem>>,
}

impl<'a> FormCache<'a> {
    pub fn new(database: &'a Database) -> Self {
        Self {
            database,
            forms: HashMap::new(),
        }
    }

    /// The compiled form, or the problem to reject a submission with (unknown form, unknown
    /// version, or a stored definition that no longer compiles).
    pub async fn get(
        &mut self,
        form_id: &str,
        version: &str,
    ) -> Result<Result<Arc<CompiledForm>, Problem>, ServerError> {
        let key = (form_id.to_owned(), version.to_owned());
        if let Some(found) = self.forms.get(&key) {
            return Ok(found.clone());
        }
        let found = match self.database.form_version(form_id, version).await? {
            Some(record) => match compiled(&record.etag, &record.definition) {
                Ok(form) => Ok(form),
                Err(error) => {
                    tracing::error!(form = form_id, version, %error, "a published form no longer compiles");
                    Err(Problem::FormUnusable {
                        form_id: form_id.to_owned(),
                        version: version.to_owned(),
                    })
                }
            },
            None => {
                let published = self.database.form_versions(form_id).await?;
                if published.is_empty() {
                    Err(Problem::UnknownForm {
                        form_id: form_id.to_owned(),
                    })
                } else {
                    Err(Problem::UnknownVersion {
                        form_id: form_id.to_owned(),
                        version: version.to_owned(),
                        published,
                    })
                }
            }
        };
        self.forms.insert(key, found.clone());
        Ok(found)
    }
}
