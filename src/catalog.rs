//! The forms this app carries: bundled with the build, so they open without a network, plus
//! the published ones downloaded from the server.
//!
//! A form is compiled the first time it is needed, then kept: opening one form (a reload on
//! its page, an invitation link) compiles that form only, not every form the app carries.

use std::sync::{Arc, OnceLock};

use pq_core::compile::{CompiledForm, compile_json};
use serde::Deserialize;

/// The bundled form definitions (JSON text), in the order shown.
const BUNDLED: &[&str] = &[
    include_str!("../forms/enterprise.json"),
    include_str!("../forms/hospital.json"),
    include_str!("../forms/school.json"),
];

/// Where a form's definition comes from.
#[derive(Debug)]
enum Source {
    Bundled(&'static str),
    Published(serde_json::Value),
}

/// One form of the catalog: its id and version (read without compiling), and the compiled
/// form once something asked for it (`None` inside: it does not compile, logged once).
#[derive(Debug)]
struct Entry {
    id: String,
    version: String,
    source: Source,
    compiled: OnceLock<Option<Arc<CompiledForm>>>,
}

/// The top-level fields read without compiling a bundled definition.
#[derive(Deserialize, Default)]
struct Head {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    version: Option<serde_json::Value>,
}

impl Entry {
    fn new(id: String, version: String, source: Source) -> Arc<Self> {
        Arc::new(Entry {
            id,
            version,
            source,
            compiled: OnceLock::new(),
        })
    }

    fn bundled(text: &'static str) -> Arc<Self> {
        let head: Head = serde_json::from_str(text).unwrap_or_default();
        Entry::new(
            field_text(head.id.as_ref(), ""),
            field_text(head.version.as_ref(), "1"),
            Source::Bundled(text),
        )
    }

    fn published(definition: serde_json::Value) -> Arc<Self> {
        let (id, version) = id_and_version(&definition);
        Entry::new(id, version, Source::Published(definition))
    }

    /// The compiled form, compiling it the first time.
    fn form(&self) -> Option<Arc<CompiledForm>> {
        self.compiled
            .get_or_init(|| {
                let compiled = match &self.source {
                    Source::Bundled(text) => compile_json(text).map_err(|e| e.to_string()),
                    Source::Published(definition) => compile_value(definition.clone()),
                };
                match compiled {
                    Ok(form) => Some(Arc::new(form)),
                    Err(error) => {
                        match self.source {
                            Source::Bundled(_) => {
                                leptos::logging::error!("a bundled form does not compile: {error}")
                            }
                            Source::Published(_) => {
                                leptos::logging::warn!("a published form does not compile: {error}")
                            }
                        }
                        None
                    }
                }
            })
            .clone()
    }

    fn is(&self, id: &str, version: &str) -> bool {
        self.id == id && self.version == version
    }
}

/// The forms the app can open.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// The bundled forms first, then the published ones.
    entries: Vec<Arc<Entry>>,
    /// How many of `entries` are bundled.
    bundled: usize,
}

impl Catalog {
    /// The bundled forms (each compiled when first needed; one that does not compile is left
    /// out then, and logged).
    pub fn bundled() -> Self {
        let entries: Vec<Arc<Entry>> = BUNDLED.iter().map(|text| Entry::bundled(text)).collect();
        Catalog {
            bundled: entries.len(),
            entries,
        }
    }

    /// This catalog's bundled forms plus `published` ones (downloaded from the server and kept
    /// on the device); a published version the app already carries is not listed twice.
    ///
    /// Nothing is compiled twice: the bundled forms and the published versions this catalog
    /// already holds are kept as they are (a published version never changes: the server
    /// refuses another definition under the same version).
    pub fn with_published(&self, published: Vec<serde_json::Value>) -> Self {
        let mut catalog = Catalog {
            entries: self.entries[..self.bundled].to_vec(),
            bundled: self.bundled,
        };
        for definition in published {
            let (id, version) = id_and_version(&definition);
            if catalog.entries.iter().any(|e| e.is(&id, &version)) {
                continue;
            }
            match self.entries[self.bundled..]
                .iter()
                .find(|e| e.is(&id, &version))
            {
                Some(known) => catalog.entries.push(Arc::clone(known)),
                None => catalog.entries.push(Entry::published(definition)),
            }
        }
        catalog
    }

    /// Every (id, version) listed, to tell whether anything changed.
    pub fn versions(&self) -> Vec<(String, String)> {
        self.entries
            .iter()
            .map(|e| (e.id.clone(), e.version.clone()))
            .collect()
    }

    /// The forms to offer for a new survey: the newest version of each form id that compiles.
    pub fn startable(&self) -> Vec<Arc<CompiledForm>> {
        let mut ids: Vec<&str> = Vec::new();
        for entry in &self.entries {
            if !ids.contains(&entry.id.as_str()) {
                ids.push(&entry.id);
            }
        }
        ids.into_iter()
            .filter_map(|id| {
                self.entries
                    .iter()
                    .rev()
                    .filter(|e| e.id == id)
                    .find_map(|e| e.form())
            })
            .collect()
    }

    /// Every form that compiles.
    pub fn forms(&self) -> Vec<Arc<CompiledForm>> {
        self.entries.iter().filter_map(|e| e.form()).collect()
    }

    /// The form with this id and version (the version a record was started with); without
    /// that version, the newest of that id.
    pub fn find(&self, id: &str, version: &str) -> Option<Arc<CompiledForm>> {
        self.entries
            .iter()
            .filter(|e| e.is(id, version))
            .find_map(|e| e.form())
            .or_else(|| {
                self.entries
                    .iter()
                    .rev()
                    .filter(|e| e.id == id)
                    .find_map(|e| e.form())
            })
    }
}

/// A definition's id and version as text, the way [`form_id`] and [`form_version`] read them
/// from the compiled form.
fn id_and_version(definition: &serde_json::Value) -> (String, String) {
    (
        field_text(definition.get("id"), ""),
        field_text(definition.get("version"), "1"),
    )
}

/// A top-level field as text: a string as it is, a number as its digits, `missing` when absent.
fn field_text(value: Option<&serde_json::Value>, missing: &str) -> String {
    match value {
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(serde_json::Value::Null) | None => missing.to_owned(),
        Some(other) => other.to_string(),
    }
}

/// Loads and compiles an already-parsed definition (no round trip through JSON text).
fn compile_value(definition: serde_json::Value) -> Result<CompiledForm, String> {
    let loaded = pq_core::form::load_value(definition).map_err(|e| e.to_string())?;
    pq_core::compile::compile(loaded.definition, loaded.warnings).map_err(|e| e.to_string())
}

/// A form's id (its title's default text when it has none).
pub fn form_id(form: &CompiledForm) -> String {
    form.definition().id.clone().unwrap_or_default()
}

/// A form's version as text.
pub fn form_version(form: &CompiledForm) -> String {
    form.definition()
        .version
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_else(|| "1".to_owned())
}

/// A form's title in `locale`.
pub fn form_title(form: &CompiledForm, locale: &str) -> String {
    form.definition()
        .title
        .as_ref()
        .map(|t| t.get(locale).to_owned())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| form_id(form))
}
