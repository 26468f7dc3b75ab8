//! The collector API, `/api/v1/…`. Handlers only translate HTTP: the decisions are in
//! `pq_core::sync` and in the server's `sync`, `forms`, `export` and `storage` modules.

use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use pq_core::form::LocalizedText;
use pq_core::indicators::{
    DEFAULT_CAPITAL_SHARE, Filter, FormerProvince, IndicatorReport, commune_unit,
};
use pq_core::sync::{Denied, FormList, FormSummary, PublishedForm, Role, etag_matches};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::auth::{ApiFailure, Authenticated};
use crate::clock::system_today;
use crate::export::{self, Format, file_part};
use crate::forms::etag_of;
use crate::indicators;
use crate::storage::{FormRecord, StoredSubmission};
use crate::sync::{self, BatchError};
use crate::tokens::sha256_hex;

/// Forms may be kept by the browser but must be revalidated (with `If-None-Match`).
const REVALIDATE: &str = "private, no-cache";
/// Everything else is never stored by caches.
const NO_STORE: &str = "no-store";

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/forms", get(list_forms))
        .route("/forms/{id}", get(latest_form))
        .route("/forms/{id}/versions/{version}", get(form_version))
        .route("/submissions", get(list_submissions).post(post_submissions))
        .route("/submissions/{id}", get(submission))
        .route("/exports/{file}", get(export_file))
        .route("/indicators", get(indicators_json))
        .route("/indicators.csv", get(indicators_csv))
        .fallback(unknown_endpoint)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(no_store))
}

/// Sets `Cache-Control: no-store` on API answers that have no policy of their own.
async fn no_store(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(NO_STORE));
    response
}

async fn method_not_allowed() -> ApiFailure {
    ApiFailure::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "this endpoint does not take this method; see docs/sync-protocol.md",
    )
}

async fn unknown_endpoint() -> ApiFailure {
    ApiFailure::not_found("no such API endpoint; see docs/sync-protocol.md")
}

/// `304` when `If-None-Match` names `etag`, else `body` — both with the `ETag`.
fn conditional(headers: &HeaderMap, etag: &str, body: Value) -> Response {
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| etag_matches(v, etag));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Json(body).into_response()
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
    response
}

async fn list_forms(
    State(state): State<AppState>,
    Authenticated(_caller): Authenticated,
    headers: HeaderMap,
) -> Result<Response, ApiFailure> {
    let records = state.database().latest_forms().await?;
    let forms: Vec<FormSummary> = records
        .into_iter()
        .map(|r| FormSummary {
            title: r
                .title
                .as_deref()
                .and_then(|t| serde_json::from_str::<LocalizedText>(t).ok()),
            id: r.id,
            version: r.version,
            etag: r.etag,
            published_at: r.published_at,
        })
        .collect();
    let tags: String = forms
        .iter()
        .map(|f| format!("{}\n{}\n", f.id, f.etag))
        .collect();
    let etag = format!("\"{}\"", &sha256_hex(tags.as_bytes())[..32]);
    let body = json!(FormList { forms });
    Ok(conditional(&headers, &etag, body))
}

fn published(record: FormRecord) -> Result<(String, Value), ApiFailure> {
    let definition: Value = serde_json::from_str(&record.definition).map_err(|e| {
        crate::ServerError::CorruptRecord {
            id: format!("form {} version {}", record.id, record.version),
            reason: e.to_string(),
        }
    })?;
    // The stored tag is the definition's; recomputing guards against a hand-edited row.
    let etag = etag_of(&definition);
    let body = json!(PublishedForm {
        id: record.id,
        version: record.version,
        etag: etag.clone(),
        published_at: record.published_at,
        definition,
    });
    Ok((etag, body))
}

async fn latest_form(
    State(state): State<AppState>,
    Authenticated(_caller): Authenticated,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiFailure> {
    let record = state
        .database()
        .latest_form(&id)
        .await?
        .ok_or_else(|| ApiFailure::not_found(format!("no form '{id}' is published")))?;
    let (etag, body) = published(record)?;
    Ok(conditional(&headers, &etag, body))
}

async fn form_version(
    State(state): State<AppState>,
    Authenticated(_caller): Authenticated,
    Path((id, version)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiFailure> {
    let record = state
        .database()
        .form_version(&id, &version)
        .await?
        .ok_or_else(|| {
            ApiFailure::not_found(format!("form '{id}' has no published version '{version}'"))
        })?;
    let (etag, body) = published(record)?;
    Ok(conditional(&headers, &etag, body))
}

async fn post_submissions(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiFailure> {
    let limits = state.limits();
    let too_large = || {
        ApiFailure::from_batch(BatchError::TooLarge {
            max: limits.max_bytes,
        })
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.max_bytes as u64) {
        return Err(too_large());
    }
    let bytes = match axum::body::to_bytes(body, limits.max_bytes).await {
        Ok(bytes) => bytes,
        Err(error) => {
            let limited = std::error::Error::source(&error)
                .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
            return Err(if limited {
                too_large()
            } else if super::slow_body::is_too_slow(&error) {
                ApiFailure::new(StatusCode::REQUEST_TIMEOUT, error.to_string())
            } else {
                ApiFailure::new(
                    StatusCode::BAD_REQUEST,
                    format!("cannot read the request body: {error}"),
                )
            });
        }
    };
    let today = system_today()?;
    let response = sync::receive(state.database(), &caller, &bytes, limits, today)
        .await
        .map_err(ApiFailure::from_batch)?;
    Ok(Json(response).into_response())
}

impl ApiFailure {
    fn from_batch(error: BatchError) -> Self {
        match error {
            BatchError::TooManyItems { .. } | BatchError::TooLarge { .. } => {
                Self::new(StatusCode::PAYLOAD_TOO_LARGE, error.to_string())
            }
            BatchError::Malformed(malformed) => {
                Self::new(StatusCode::BAD_REQUEST, malformed.to_string())
            }
            BatchError::Denied(denied) => denied.into(),
            BatchError::Server(error) => error.into(),
        }
    }
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    form_id: Option<String>,
}

async fn list_submissions(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(query): Query<ListQuery>,
) -> Result<Response, ApiFailure> {
    let scope = caller.principal.listing_scope()?;
    let records = state
        .database()
        .latest_submissions(query.form_id.as_deref(), scope)
        .await?;
    let entries: Vec<Value> = records
        .iter()
        .map(|r| {
            let s = &r.submission;
            json!({
                "id": s.id,
                "form_id": s.form_id,
                "form_version": s.form_version,
                "revision": s.revision,
                "updated_at": s.updated_at,
                "received_at": r.received_at,
            })
        })
        .collect();
    Ok(Json(json!({ "submissions": entries })).into_response())
}

async fn submission(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    caller.principal.listing_scope()?;
    // Another enterprise's record is answered as a missing one: which ids exist is not
    // something a token may learn.
    let not_found = || ApiFailure::not_found(format!("no submission '{id}'"));
    let StoredSubmission {
        submission,
        tax_code,
        received_at,
        ..
    } = state
        .database()
        .latest_submission(&id)
        .await?
        .ok_or_else(not_found)?;
    caller
        .principal
        .may_read(tax_code.as_deref())
        .map_err(|denied| match denied {
            Denied::OtherEnterprise => not_found(),
            denied => denied.into(),
        })?;
    Ok(Json(json!({ "submission": submission, "received_at": received_at })).into_response())
}

#[derive(Debug, Deserialize)]
struct ExportQuery {
    locale: Option<String>,
}

async fn export_file(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(file): Path<String>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, ApiFailure> {
    caller.principal.may_export()?;
    let not_found = || {
        ApiFailure::not_found(format!(
            "no export '{file}': ask for FORM.csv, FORM.GROUP.csv, FORM.xlsx or FORM.json"
        ))
    };
    let (stem, extension) = file.rsplit_once('.').ok_or_else(not_found)?;
    let format = Format::from_extension(extension).ok_or_else(not_found)?;
    let locale = query.locale.as_deref().unwrap_or("vi");
    let database = state.database();
    // `FORM.ext`, or for CSV `FORM.GROUP.csv` (a repeating group's table).
    let (form_id, group) = if database.latest_form(stem).await?.is_some() {
        (stem, None)
    } else {
        match stem.rsplit_once('.') {
            Some((form, group)) if format == Format::Csv => (form, Some(group)),
            _ => return Err(not_found()),
        }
    };
    let files = export::export(database, form_id, format, locale)
        .await?
        .files;
    let chosen = match group {
        None => files.first(),
        Some(group) => files
            .iter()
            .find(|f| f.group.as_deref().is_some_and(|g| file_part(g) == group)),
    }
    .ok_or_else(not_found)?;
    let mut response = chosen.bytes.clone().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", chosen.name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if format == Format::Csv && group.is_none() {
        let others: Vec<&str> = files[1..].iter().map(|f| f.name.as_str()).collect();
        if let Ok(value) = HeaderValue::from_str(&others.join(", ")) {
            headers.insert("x-pq-repeat-tables", value);
        }
    }
    tracing::info!(token = %caller.token_id, file = %chosen.name, "export downloaded");
    Ok(response)
}

/// `?year=&district=&commune=&former_province=&sector=&alpha=` of the indicator endpoints;
/// empty values mean no filter (and α = 0.4).
#[derive(Debug, Default, Deserialize)]
pub(super) struct IndicatorQuery {
    pub(super) year: Option<String>,
    pub(super) district: Option<String>,
    pub(super) commune: Option<String>,
    pub(super) former_province: Option<String>,
    pub(super) sector: Option<String>,
    pub(super) alpha: Option<String>,
}

fn given(value: &Option<String>) -> Option<String> {
    value
        .as_ref()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

impl IndicatorQuery {
    pub(super) fn filter(&self) -> Result<Filter, ApiFailure> {
        let bad = |message: String| ApiFailure::new(StatusCode::BAD_REQUEST, message);
        let year = match given(&self.year) {
            None => None,
            Some(text) => Some(
                text.parse::<i32>()
                    .map_err(|_| bad(format!("year must be a year such as 2024, not '{text}'")))?,
            ),
        };
        let commune = match given(&self.commune) {
            None => None,
            Some(code) => Some(
                commune_unit(&code)
                    .map(|unit| unit.code.to_owned())
                    .ok_or_else(|| {
                        bad(format!(
                            "commune must be the 5-digit code of one of Bắc Ninh's 99 communes and wards (such as 09169), not '{code}'"
                        ))
                    })?,
            ),
        };
        let former_province = match given(&self.former_province) {
            None => None,
            Some(key) => Some(FormerProvince::from_key(&key).ok_or_else(|| {
                bad(format!(
                    "former_province must be bac_ninh or bac_giang, not '{key}'"
                ))
            })?),
        };
        Ok(Filter {
            year,
            district: given(&self.district),
            commune,
            former_province,
            sector: given(&self.sector),
        })
    }

    /// The capital share α of T2: `alpha`, between 0 and 1 exclusive; 0.4 when not given.
    pub(super) fn capital_share(&self) -> Result<f64, ApiFailure> {
        match given(&self.alpha) {
            None => Ok(DEFAULT_CAPITAL_SHARE),
            Some(text) => text
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|a| *a > 0.0 && *a < 1.0)
                .ok_or_else(|| {
                    ApiFailure::new(
                        StatusCode::BAD_REQUEST,
                        format!(
                            "alpha (the capital share) must be a number between 0 and 1 such as 0.4, not '{text}'"
                        ),
                    )
                }),
        }
    }
}

/// The indicator report for an admin caller.
async fn indicator_report(
    state: &AppState,
    caller: &crate::tokens::Caller,
    query: IndicatorQuery,
) -> Result<IndicatorReport, ApiFailure> {
    if caller.principal.role != Role::Admin {
        return Err(Denied::Role {
            role: caller.principal.role,
            action: "read the plan indicators (admin only)",
        }
        .into());
    }
    let filter = query.filter()?;
    let capital_share = query.capital_share()?;
    let today = system_today()?;
    Ok(indicators::report(state.database(), &filter, capital_share, today).await?)
}

async fn indicators_json(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(query): Query<IndicatorQuery>,
) -> Result<Response, ApiFailure> {
    let report = indicator_report(&state, &caller, query).await?;
    Ok(Json(report).into_response())
}

async fn indicators_csv(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(query): Query<IndicatorQuery>,
) -> Result<Response, ApiFailure> {
    let report = indicator_report(&state, &caller, query).await?;
    Ok(indicators_csv_download(indicators::csv(&report)?))
}

/// The indicators' CSV as a download, `indicators.csv`.
pub(super) fn indicators_csv_download(csv: Vec<u8>) -> Response {
    let mut response = csv.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"indicators.csv\""),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_STORE));
    response
}
