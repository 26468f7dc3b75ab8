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

impl From<ServerError> for ApiFailure {
    fn from(error: ServerError) -> Self {
        match error {
            ServerError::UnknownForm(_) => Self::not_found(error.to_string()),
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
