//! What a host page asks of an embedded survey: the attributes of `<pq-survey>`, the options
//! of `PQSurvey.mount`, the query of `embed.html` — all the same names.

use serde::Deserialize;

/// Which form to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormRef {
    /// A form the app knows by id: bundled, or published by the collector.
    Id(String),
    /// A form definition (JSON) to download.
    Url(String),
}

impl FormRef {
    /// A reference as written in the `form` attribute: an address (absolute, or a path
    /// starting with `/`, `./` or `../`, or a name ending in `.json`) is downloaded; anything
    /// else is a form id.
    pub fn parse(text: &str) -> Option<FormRef> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let address = text.starts_with("https://")
            || text.starts_with("http://")
            || text.starts_with('/')
            || text.starts_with("./")
            || text.starts_with("../")
            || text.ends_with(".json");
        Some(if address {
            FormRef::Url(text.to_owned())
        } else {
            FormRef::Id(text.to_owned())
        })
    }
}

/// Why the host's options cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionsError {
    #[error("the options are not a JSON object: {0}")]
    NotAnObject(String),
    #[error("no form: set the `form` attribute to a form id or the address of a definition")]
    MissingForm,
}

/// The options as the host wrote them (every one optional, text like HTML attributes).
#[derive(Debug, Default, Deserialize)]
struct RawOptions {
    form: Option<String>,
    server: Option<String>,
    token: Option<String>,
    lang: Option<String>,
    #[serde(alias = "draft-key", alias = "draftKey")]
    draft_key: Option<String>,
    readonly: Option<serde_json::Value>,
}

/// What an embedded survey was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedOptions {
    pub form: FormRef,
    /// The collector's base address; `None`: nothing is sent from this survey.
    pub server: Option<String>,
    pub token: Option<String>,
    /// The interface language (`vi`, `en`); `None`: the app's default.
    pub lang: Option<String>,
    /// The host's own key for its user: the same key resumes the same draft.
    pub draft_key: Option<String>,
    /// Shown, not edited.
    pub read_only: bool,
}

impl EmbedOptions {
    /// Reads the options from JSON (`{"form": "…", "draft-key": "…", "readonly": ""}`). Blank
    /// values count as absent; `readonly` is on when present, as an HTML boolean attribute,
    /// unless it is `false` or `"false"`.
    pub fn from_json(text: &str) -> Result<EmbedOptions, OptionsError> {
        let raw: RawOptions =
            serde_json::from_str(text).map_err(|e| OptionsError::NotAnObject(e.to_string()))?;
        let given =
            |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let form = raw
            .form
            .as_deref()
            .and_then(FormRef::parse)
            .ok_or(OptionsError::MissingForm)?;
        let read_only = match raw.readonly {
            None | Some(serde_json::Value::Null) | Some(serde_json::Value::Bool(false)) => false,
            Some(serde_json::Value::String(text)) => text.trim() != "false",
            Some(_) => true,
        };
        Ok(EmbedOptions {
            form,
            server: given(raw.server).map(|s| s.trim_end_matches('/').to_owned()),
            token: given(raw.token),
            lang: given(raw.lang),
            draft_key: given(raw.draft_key),
            read_only,
        })
    }

    /// Where and with which token this survey sends, when both are given.
    pub fn collector(&self) -> Option<(&str, &str)> {
        Some((self.server.as_deref()?, self.token.as_deref()?))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_addresses_are_told_apart() {
        assert_eq!(
            FormRef::parse("pq-bn285-school"),
            Some(FormRef::Id("pq-bn285-school".into()))
        );
        for address in [
            "https://x.vn/f.json",
            "http://x/f",
            "/forms/a",
            "./a",
            "../a",
            "a.json",
        ] {
            assert_eq!(
                FormRef::parse(address),
                Some(FormRef::Url(address.into())),
                "{address}"
            );
        }
        assert_eq!(FormRef::parse("  "), None);
    }

    #[test]
    fn attributes_are_read_as_html_would() {
        let options = EmbedOptions::from_json(
            r#"{"form":" school ","server":"http://127.0.0.1:8080/","token":"t","lang":"en",
                "draft-key":"user-7","readonly":""}"#,
        )
        .unwrap();
        assert_eq!(options.form, FormRef::Id("school".into()));
        assert_eq!(options.server.as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!(options.collector(), Some(("http://127.0.0.1:8080", "t")));
        assert_eq!(options.lang.as_deref(), Some("en"));
        assert_eq!(options.draft_key.as_deref(), Some("user-7"));
        assert!(options.read_only);
    }

    #[test]
    fn blank_values_are_absent_and_readonly_can_be_turned_off() {
        let options =
            EmbedOptions::from_json(r#"{"form":"a","token":"","draftKey":" ","readonly":"false"}"#)
                .unwrap();
        assert_eq!(options.token, None);
        assert_eq!(options.draft_key, None);
        assert_eq!(options.collector(), None);
        assert!(!options.read_only);
        assert!(
            !EmbedOptions::from_json(r#"{"form":"a","readonly":false}"#)
                .unwrap()
                .read_only
        );
        assert!(
            EmbedOptions::from_json(r#"{"form":"a","readonly":true}"#)
                .unwrap()
                .read_only
        );
    }

    #[test]
    fn a_form_is_required() {
        assert_eq!(
            EmbedOptions::from_json("{}"),
            Err(OptionsError::MissingForm)
        );
        assert_eq!(
            EmbedOptions::from_json(r#"{"form":""}"#),
            Err(OptionsError::MissingForm)
        );
        assert!(matches!(
            EmbedOptions::from_json("[1]"),
            Err(OptionsError::NotAnObject(_))
        ));
    }
}
