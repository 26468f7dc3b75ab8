//! Invitation links: a URL that opens the app with the server and token set and a form
//! started, for enterprises answering on their own (`pq token create … --link`).
//!
//! ```text
//! https://pq.example.vn/invite#server=https%3A%2F%2Fpq.example.vn&token=pq_…&form=enterprise&tax_code=2300325765
//! ```
//!
//! The parameters are in the fragment (after `#`) so the token never reaches a server's logs:
//! browsers do not send fragments. Values are percent-encoded (UTF-8).

use super::text::{percent_decode, percent_encode};

/// The path of invitation links under the app's address.
pub const INVITATION_PATH: &str = "invite";

/// What an invitation link carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// The collector server's address (the API is under `{server}/api/v1`).
    pub server: String,
    /// The token to send as `Authorization: Bearer …`.
    pub token: String,
    /// The form to start (its `id`).
    pub form_id: Option<String>,
    /// The enterprise's tax code, to fill in the `tax_code` answer.
    pub tax_code: Option<String>,
}

/// Why a URL is not an invitation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvitationError {
    #[error("the link has no '#…' part with the invitation's parameters")]
    NoFragment,
    #[error("the invitation link has no '{0}' parameter")]
    Missing(&'static str),
    #[error("the invitation link's '{0}' parameter is not valid percent-encoded text")]
    Encoding(String),
}

impl Invitation {
    /// The link under `app_url` (the address the app is served at, with or without a
    /// trailing `/`): `{app_url}/invite#server=…&token=…[&form=…][&tax_code=…]`.
    pub fn to_url(&self, app_url: &str) -> String {
        let base = app_url.split('#').next().unwrap_or(app_url);
        let base = base.trim_end_matches('/');
        let mut url = format!(
            "{base}/{INVITATION_PATH}#server={}&token={}",
            percent_encode(&self.server),
            percent_encode(&self.token)
        );
        if let Some(form) = &self.form_id {
            url.push_str("&form=");
            url.push_str(&percent_encode(form));
        }
        if let Some(code) = &self.tax_code {
            url.push_str("&tax_code=");
            url.push_str(&percent_encode(code));
        }
        url
    }

    /// Reads an invitation from a whole URL (or from its fragment alone, `#…` or without the
    /// `#`). Unknown parameters are ignored; `server` and `token` are required.
    pub fn from_url(url: &str) -> Result<Invitation, InvitationError> {
        let fragment = match url.split_once('#') {
            Some((_, fragment)) => fragment,
            None if url.contains("://") => return Err(InvitationError::NoFragment),
            None => url,
        };
        let mut server = None;
        let mut token = None;
        let mut form_id = None;
        let mut tax_code = None;
        for pair in fragment.split('&').filter(|p| !p.is_empty()) {
            let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
            let value =
                percent_decode(raw).ok_or_else(|| InvitationError::Encoding(key.to_owned()))?;
            let slot = match key {
                "server" => &mut server,
                "token" => &mut token,
                "form" => &mut form_id,
                "tax_code" => &mut tax_code,
                _ => continue,
            };
            *slot = Some(value).filter(|v| !v.is_empty());
        }
        Ok(Invitation {
            server: server.ok_or(InvitationError::Missing("server"))?,
            token: token.ok_or(InvitationError::Missing("token"))?,
            form_id,
            tax_code,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn invitation() -> Invitation {
        Invitation {
            server: "https://pq.bacninh.gov.vn".into(),
            token: "pq_0123abcd".into(),
            form_id: Some("enterprise".into()),
            tax_code: Some("2300325765".into()),
        }
    }

    #[test]
    fn writes_the_documented_link() {
        assert_eq!(
            invitation().to_url("https://pq.bacninh.gov.vn/"),
            "https://pq.bacninh.gov.vn/invite#server=https%3A%2F%2Fpq.bacninh.gov.vn\
             &token=pq_0123abcd&form=enterprise&tax_code=2300325765"
        );
        let bare = Invitation {
            form_id: None,
            tax_code: None,
            ..invitation()
        };
        assert_eq!(
            bare.to_url("http://127.0.0.1:8080/survey#old"),
            "http://127.0.0.1:8080/survey/invite#server=https%3A%2F%2Fpq.bacninh.gov.vn\
             &token=pq_0123abcd"
        );
    }

    #[test]
    fn reads_back_what_it_writes() {
        let url = invitation().to_url("https://portal.example.vn/khao-sat");
        assert_eq!(Invitation::from_url(&url).unwrap(), invitation());
        let fragment = url.split_once('#').unwrap().1;
        assert_eq!(Invitation::from_url(fragment).unwrap(), invitation());
        assert_eq!(
            Invitation::from_url(&format!("#{fragment}&utm=x")).unwrap(),
            invitation()
        );
        let odd = Invitation {
            form_id: Some("khảo sát & đánh giá".into()),
            ..invitation()
        };
        assert_eq!(Invitation::from_url(&odd.to_url("http://h")).unwrap(), odd);
    }

    #[test]
    fn says_what_is_missing() {
        assert_eq!(
            Invitation::from_url("https://pq.example.vn/invite"),
            Err(InvitationError::NoFragment)
        );
        assert_eq!(
            Invitation::from_url("https://h/invite#server=x"),
            Err(InvitationError::Missing("token"))
        );
        assert_eq!(
            Invitation::from_url("https://h/invite#server=x&token=%zz"),
            Err(InvitationError::Encoding("token".into()))
        );
    }
}
