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

    pub fn forms(&self) -> &[Arc<CompiledForm>] {
        &self.forms
    }

    /// The form with this id and version (the version a record was started with).
    pub fn find(&self, id: &str, version: &str) -> Option<Arc<CompiledForm>> {
        self.forms
            .iter()
            .find(|f| form_id(f) == id && form_version(f) == version)
            .or_else(|| self.forms.iter().find(|f| form_id(f) == id))
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
