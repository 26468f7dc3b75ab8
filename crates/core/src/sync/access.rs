//! What a token may do.
//!
//! | role | forms | submit | read submissions | exports |
//! | --- | --- | --- | --- | --- |
//! | `surveyor` | yes | any | no | no |
//! | `enterprise` | yes | only its own tax code's | only its own tax code's | no |
//! | `admin` | yes | any | all | yes |

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::TAX_CODE_ANSWER;
use crate::form::value_as_text;

/// The kinds of token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A field surveyor's tablet: submits any survey.
    Surveyor,
    /// One enterprise answering on its own: submits and reads only its tax code's records.
    Enterprise,
    /// The province's staff: reads everything, exports.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Surveyor, Role::Enterprise, Role::Admin];

    /// The protocol's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Surveyor => "surveyor",
            Self::Enterprise => "enterprise",
            Self::Admin => "admin",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is none of `surveyor`, `enterprise`, `admin`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role '{0}': use surveyor, enterprise or admin")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(text: &str) -> Result<Self, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == text)
            .ok_or_else(|| UnknownRole(text.to_owned()))
    }
}

/// Why a request is refused (`403`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("{role} tokens cannot {action}")]
    Role { role: Role, action: &'static str },
    #[error(
        "an enterprise token submits only its own tax code's records: submission {index} has \
         tax_code {found}, not {own}"
    )]
    OtherTaxCode {
        index: usize,
        found: String,
        own: String,
    },
    #[error("this record belongs to another enterprise")]
    OtherEnterprise,
    #[error("this enterprise token has no tax code; create a new one with --enterprise")]
    NoTaxCode,
}

/// Who is calling: a token's role and, for enterprises, its tax code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub role: Role,
    /// The enterprise's tax code (enterprise tokens only).
    pub tax_code: Option<String>,
}

impl Principal {
    /// May this caller submit a batch whose items are `items`? Enterprises may only submit
    /// items whose `answers.tax_code` is their own; items without readable answers are left
    /// to be rejected one by one.
    pub fn may_submit(&self, items: &[Value]) -> Result<(), Denied> {
        if self.role != Role::Enterprise {
            return Ok(());
        }
        let own = self.own_tax_code()?;
        for (index, item) in items.iter().enumerate() {
            let Some(answers) = item.get("answers").and_then(Value::as_object) else {
                continue;
            };
            let found = tax_code_of(answers);
            if found.as_deref() != Some(own) {
                return Err(Denied::OtherTaxCode {
                    index,
                    found: found.map_or_else(|| "missing".to_owned(), |t| format!("'{t}'")),
                    own: format!("'{own}'"),
                });
            }
        }
        Ok(())
    }

    /// May this caller read a stored record whose tax code is `record_tax_code`?
    pub fn may_read(&self, record_tax_code: Option<&str>) -> Result<(), Denied> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Surveyor => Err(Denied::Role {
                role: self.role,
                action: "read submissions",
            }),
            Role::Enterprise if record_tax_code == Some(self.own_tax_code()?) => Ok(()),
            Role::Enterprise => Err(Denied::OtherEnterprise),
        }
    }

    /// May this caller store a new revision over a record whose tax code is `record_tax_code`?
    /// (An enterprise cannot take over another's id.)
    pub fn may_revise(&self, record_tax_code: Option<&str>) -> bool {
        self.role != Role::Enterprise || record_tax_code == self.tax_code.as_deref()
    }

    /// The tax code every submission listing must be limited to: `Ok(None)` for all (admin),
    /// `Ok(Some(code))` for an enterprise's own.
    pub fn listing_scope(&self) -> Result<Option<&str>, Denied> {
        match self.role {
            Role::Admin => Ok(None),
            Role::Enterprise => self.own_tax_code().map(Some),
            Role::Surveyor => Err(Denied::Role {
                role: self.role,
                action: "read submissions",
            }),
        }
    }

    /// May this caller download exports?
    pub fn may_export(&self) -> Result<(), Denied> {
        match self.role {
            Role::Admin => Ok(()),
            role => Err(Denied::Role {
                role,
                action: "download exports (admin only)",
            }),
        }
    }

    fn own_tax_code(&self) -> Result<&str, Denied> {
        self.tax_code.as_deref().ok_or(Denied::NoTaxCode)
    }
}

/// The tax code a set of answers belongs to: the [`TAX_CODE_ANSWER`] answer as text, trimmed;
/// `None` when absent or blank.
pub fn tax_code_of(answers: &Map<String, Value>) -> Option<String> {
    let value = answers.get(TAX_CODE_ANSWER)?;
    if matches!(value, Value::Array(_) | Value::Object(_)) {
        return None;
    }
    let text = value_as_text(value);
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;

    fn enterprise(code: &str) -> Principal {
        Principal {
            role: Role::Enterprise,
            tax_code: Some(code.into()),
        }
    }

    fn admin() -> Principal {
        Principal {
            role: Role::Admin,
            tax_code: None,
        }
    }

    fn surveyor() -> Principal {
        Principal {
            role: Role::Surveyor,
            tax_code: None,
        }
    }

    #[test]
    fn roles_read_and_write_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
            assert_eq!(serde_json::to_value(role).unwrap(), json!(role.as_str()));
        }
        assert_eq!(
            "boss".parse::<Role>().unwrap_err().to_string(),
            "unknown role 'boss': use surveyor, enterprise or admin"
        );
    }

    #[test]
    fn the_tax_code_answer_is_trimmed_text() {
        let answers = |v: Value| json!({ "tax_code": v }).as_object().unwrap().clone();
        assert_eq!(
            tax_code_of(&answers(json!(" 2300325765 "))).as_deref(),
            Some("2300325765")
        );
        assert_eq!(
            tax_code_of(&answers(json!(2_300_325_765_u64))).as_deref(),
            Some("2300325765")
        );
        assert_eq!(tax_code_of(&answers(json!("  "))), None);
        assert_eq!(tax_code_of(&answers(json!(["1"]))), None);
        assert_eq!(tax_code_of(&Map::new()), None);
    }

    #[test]
    fn enterprises_submit_only_their_own_tax_code() {
        let own = json!({"answers": {"tax_code": "2300325765"}});
        let other = json!({"answers": {"tax_code": "0100109106"}});
        let missing = json!({"answers": {"name": "x"}});
        let unreadable = json!({"answers": 3});
        let me = enterprise("2300325765");
        assert!(me.may_submit(&[own.clone(), unreadable.clone()]).is_ok());
        assert_eq!(
            me.may_submit(&[own.clone(), other.clone()])
                .unwrap_err()
                .to_string(),
            "an enterprise token submits only its own tax code's records: submission 1 has \
             tax_code '0100109106', not '2300325765'"
        );
        assert!(matches!(
            me.may_submit(std::slice::from_ref(&missing)),
            Err(Denied::OtherTaxCode { index: 0, .. })
        ));
        assert!(surveyor().may_submit(&[other.clone(), missing]).is_ok());
        assert!(admin().may_submit(&[other]).is_ok());
        let no_code = Principal {
            role: Role::Enterprise,
            tax_code: None,
        };
        assert_eq!(no_code.may_submit(&[own]), Err(Denied::NoTaxCode));
    }

    #[test]
    fn reading_and_exporting() {
        let me = enterprise("2300325765");
        assert!(me.may_read(Some("2300325765")).is_ok());
        assert_eq!(
            me.may_read(Some("0100109106")),
            Err(Denied::OtherEnterprise)
        );
        assert_eq!(me.may_read(None), Err(Denied::OtherEnterprise));
        assert!(admin().may_read(None).is_ok());
        assert!(surveyor().may_read(Some("2300325765")).is_err());
        assert_eq!(me.listing_scope(), Ok(Some("2300325765")));
        assert_eq!(admin().listing_scope(), Ok(None));
        assert!(surveyor().listing_scope().is_err());
        assert!(admin().may_export().is_ok());
        assert_eq!(
            me.may_export().unwrap_err().to_string(),
            "enterprise tokens cannot download exports (admin only)"
        );
        assert!(me.may_revise(Some("2300325765")));
        assert!(!me.may_revise(Some("0100109106")));
        assert!(surveyor().may_revise(Some("0100109106")));
    }
}
