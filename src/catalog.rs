//! The forms this app carries: bundled with the build, so they open without a network.

use std::sync::Arc;

use pq_core::compile::{CompiledForm, compile_json};

/// The bundled form definitions (JSON text), in the order shown.
const BUNDLED: &[&str] = &[
    include_str!("../forms/enterprise.json"),
    include_str!("../forms/hospital.json"),
    include_str!("../forms/school.json"),
];

/// The forms the app can open.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    forms: Vec<Arc<CompiledForm>>,
}

impl Catalog {
    /// Compiles the bundled forms; one that does not compile is left out (and logged).
    pub fn bundled() -> Self {
        let forms = BUNDLED
            .iter()
            .filter_map(|text| match compile_json(text) {
                Ok(form) => Some(Arc::new(form)),
                Err(error) => {
                    leptos::logging::error!("a bundled form does not compile: {error}");
                    None
                }
            })
            .collect();
        Catalog { forms }
    }

    /// The bundled forms plus `published` ones (downloaded from the server and kept on the
    /// device); a published version the app already carries is not listed twice.
    pub fn with_published(published: &[serde_json::Value]) -> Self {
        let mut catalog = Catalog::bundled();
        for definition in published {
            match pq_core::compile::compile_json(&definition.to_string()) {
                Ok(form) => {
                    let (id, version) = (form_id(&form), form_version(&form));
                    let known = catalog
                        .forms
                        .iter()
                        .any(|f| form_id(f) == id && form_version(f) == version);
                    if !known {
                        catalog.forms.push(Arc::new(form));
                    }
                }
                Err(error) => leptos::logging::warn!("a published form does not compile: {error}"),
            }
        }
        catalog
    }

    /// Every (id, version) listed, to tell whether anything changed.
    pub fn versions(&self) -> Vec<(String, String)> {
        self.forms
            .iter()
            .map(|f| (form_id(f), form_version(f)))
            .collect()
    }

    /// The forms to offer for a new survey: the newest version of each form id.
    pub fn startable(&self) -> Vec<Arc<CompiledForm>> {
        let mut newest: Vec<Arc<CompiledForm>> = Vec::new();
        for form in &self.forms {
            match newest.iter_mut().find(|f| form_id(f) == form_id(form)) {
                Some(slot) => *slot = Arc::clone(form),
                None => newest.push(Arc::clone(form)),
            }
        }
        newest
    }

    pub fn forms(&self) -> &[Arc<CompiledForm>] {
        &self.forms
    }

    /// The form with this id and version (the version a record was started with); without
    /// that version, the newest of that id.
    pub fn find(&self, id: &str, version: &str) -> Option<Arc<CompiledForm>> {
        self.forms
            .iter()
            .find(|f| form_id(f) == id && form_version(f) == version)
            .or_else(|| self.forms.iter().rev().find(|f| form_id(f) == id))
            .cloned()
    }
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
