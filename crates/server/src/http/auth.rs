//! Who is calling, and the shape of every API error.

use axum::Json;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pq_core::sync::{ApiError, Denied};

use super::AppState;
use crate::ServerError;
use crate::tokens::{AuthFailure, Caller, authenticate};

/// An API answer that is not a success: a status and `{"error": "…"}`.
#[derive(Debug)]
pub struct ApiFailure {
    pub status: StatusCode,
    pub message: String,
}

impl ApiFailure {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
}

impl From<Denied> for ApiFailure {
    fn from(denied: Denied) -> Self {
        Self::new(StatusCode::FORBIDDEN, denied.to_string())
    }
}

impl From<AuthFailure> for ApiFailure {
    fn from(failure: AuthFailure) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, failure.to_string())
    }
}

/// How long a client should wait before retrying after a `503`, in seconds.
pub const RETRY_AFTER_SECONDS: u32 = 30;

impl From<ServerError> for ApiFailure {
    fn from(error: ServerError) -> Self {
        match error {
            ServerError::UnknownForm(_) => Self::not_found(error.to_string()),
            error if error.is_unavailable() => {
                tracing::error!(%error, "request failed: the database is unavailable");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!(
                        "the server's database is unavailable; nothing was lost, send the same \
                         request again in {RETRY_AFTER_SECONDS} seconds"
                    ),
                )
            }
            error if error.is_about_the_record() => {
                tracing::warn!(%error, "request refused by the database");
                Self::new(
                    StatusCode::BAD_REQUEST,
                    "the request holds a value the database cannot store or look up",
                )
            }
            error => {
                tracing::error!(%error, "request failed");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the server could not complete the request; try again later",
                )
            }
        }
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        let unauthorized = self.status == StatusCode::UNAUTHORIZED;
        let mut response = (
            self.status,
            Json(ApiError {
                error: self.message,
            }),
        )
            .into_response();
        if unauthorized {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"pq\""),
            );
        }
        if self.status == StatusCode::REQUEST_TIMEOUT {
            // The rest of a too-slow body is not waited for.
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        response
    }
}

/// The caller, from `Authorization: Bearer <token>`; `401` without a valid token.
pub struct Authenticated(pub Caller);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiFailure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = match parts.headers.get(header::AUTHORIZATION) {
            None => None,
            Some(value) => Some(value.to_str().map_err(|_| AuthFailure::Malformed)?),
        };
        let caller = authenticate(state.database(), header).await??;
        Ok(Self(caller))
    }
}
