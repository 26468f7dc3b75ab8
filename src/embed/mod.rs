//! The survey embedded in another site's page: `static/pq-survey.js` defines `<pq-survey>`,
//! loads this wasm once per page and calls [`mount_survey`] for each element, inside the
//! element's shadow root. See `docs/embedding.md`.
//!
//! An embedded survey shows one form — the host user's draft, found by form id and
//! `draft-key`, else a new one — and never touches the host's address bar or `<html lang>`.

mod form_source;
mod handle;
mod root;
mod scope;

pub use form_source::{FormSourceError, resolve_form};
pub use handle::{EmbeddedSurvey, mount_survey};
pub use scope::Embedding;
