//! API tokens: made, hashed, checked and revoked.
//!
//! A token is `pq_` followed by 48 random hex digits (192 bits). Only its SHA-256 is stored;
//! a token's id is the first 12 hex digits of that hash.

use std::fmt::Write as _;

use pq_core::sync::{Principal, Role};
use sha2::{Digest, Sha256};

use crate::ServerError;
use crate::clock::now_rfc3339;
use crate::storage::{Database, TokenRecord};

/// Every token starts so (it tells people what the string is).
pub const TOKEN_PREFIX: &str = "pq_";
const RANDOM_BYTES: usize = 24;
const ID_DIGITS: usize = 12;

/// A request authenticated by a valid token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub token_id: String,
    pub principal: Principal,
}

/// Why a request is not authenticated (`401`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthFailure {
    #[error("this API needs a token: send the header 'Authorization: Bearer <token>'")]
    Missing,
    #[error("the Authorization header must be 'Bearer <token>'")]
    Malformed,
    #[error("unknown token")]
    Unknown,
    #[error("this token was revoked")]
    Revoked,
}

/// What a new token is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    pub role: Role,
    pub tax_code: Option<String>,
    pub name: Option<String>,
    pub form_id: Option<String>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// SHA-256 of `text`, in hex.
pub fn sha256_hex(text: &[u8]) -> String {
    hex(&Sha256::digest(text))
}

/// A fresh random token.
pub fn generate() -> Result<String, ServerError> {
    Ok(format!("{TOKEN_PREFIX}{}", random_hex(RANDOM_BYTES)?))
}

/// `bytes` random bytes from the operating system, in hex.
pub fn random_hex(bytes: usize) -> Result<String, ServerError> {
    let mut random = vec![0_u8; bytes];
    getrandom::getrandom(&mut random).map_err(|e| ServerError::Random(e.to_string()))?;
    Ok(hex(&random))
}

/// The id people use for the token with this hash.
pub fn id_of_hash(hash: &str) -> String {
    hash.chars().take(ID_DIGITS).collect()
}

/// Makes and stores a token; returns the token (to show once) and what is stored.
pub async fn create(
    database: &Database,
    request: TokenRequest,
) -> Result<(String, TokenRecord), ServerError> {
    let tax_code = request
        .tax_code
        .map(|code| code.trim().to_owned())
        .filter(|code| !code.is_empty());
    match (request.role, &tax_code) {
        (Role::Enterprise, None) => {
            return Err(ServerError::TokenOptions(
                "an enterprise token needs --enterprise TAXCODE".into(),
            ));
        }
        (Role::Surveyor | Role::Admin, Some(_)) => {
            return Err(ServerError::TokenOptions(format!(
                "--enterprise is only for enterprise tokens, not {}",
                request.role
            )));
        }
        _ => {}
    }
    if let Some(form) = &request.form_id
        && database.latest_form(form).await?.is_none()
    {
        return Err(ServerError::UnknownForm(form.clone()));
    }
    let token = generate()?;
    let hash = sha256_hex(token.as_bytes());
    let record = TokenRecord {
        id: id_of_hash(&hash),
        hash,
        role: request.role.as_str().to_owned(),
        tax_code,
        name: request.name.filter(|n| !n.trim().is_empty()),
        form_id: request.form_id,
        created_at: now_rfc3339()?,
        revoked_at: None,
    };
    database.insert_token(&record).await?;
    tracing::info!(token = %record.id, role = %record.role, "token created");
    Ok((token, record))
}

/// Revokes the token named by its id or given whole; returns it as it was before.
pub async fn revoke(database: &Database, id_or_token: &str) -> Result<TokenRecord, ServerError> {
    let given = id_or_token.trim();
    let found = if given.starts_with(TOKEN_PREFIX) {
        database
            .token_by_hash(&sha256_hex(given.as_bytes()))
            .await?
    } else {
        database.token_by_id(given).await?
    };
    let record = found.ok_or_else(|| ServerError::UnknownToken(given.to_owned()))?;
    if database.revoke_token(&record.id, &now_rfc3339()?).await? {
        tracing::info!(token = %record.id, "token revoked");
    }
    // Dashboard sessions opened with it end too (they are refused anyway once it is revoked).
    database.delete_sessions_of(&record.id).await?;
    Ok(record)
}

/// Checks an `Authorization` header value.
pub async fn authenticate(
    database: &Database,
    authorization: Option<&str>,
) -> Result<Result<Caller, AuthFailure>, ServerError> {
    let Some(header) = authorization else {
        return Ok(Err(AuthFailure::Missing));
    };
    let token = match header.trim().split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ => return Ok(Err(AuthFailure::Malformed)),
    };
    if token.is_empty() {
        return Ok(Err(AuthFailure::Malformed));
    }
    let Some(record) = database
        .token_by_hash(&sha256_hex(token.as_bytes()))
        .await?
    else {
        return Ok(Err(AuthFailure::Unknown));
    };
    if record.revoked_at.is_some() {
        return Ok(Err(AuthFailure::Revoked));
    }
    let Ok(role) = record.role.parse::<Role>() else {
        tracing::error!(token = %record.id, role = %record.role, "stored token has an unknown role");
        return Ok(Err(AuthFailure::Unknown));
    };
    Ok(Ok(Caller {
        token_id: record.id,
        principal: Principal {
            role,
            tax_code: record.tax_code,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed_to_a_short_id() {
        let a = generate().unwrap_or_default();
        let b = generate().unwrap_or_default();
        assert_eq!(a.len(), TOKEN_PREFIX.len() + 2 * RANDOM_BYTES, "{a}");
        assert!(a.starts_with(TOKEN_PREFIX));
        assert_ne!(a, b);
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(id_of_hash(&sha256_hex(b"abc")), "ba7816bf8f01");
    }
}
