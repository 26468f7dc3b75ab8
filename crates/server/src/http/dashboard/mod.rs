//! The plan dashboard under `/admin` (admin token required): Plan-285 targets T1–T12 beside
//! the figures `pq_core::indicators` computes from the stored submissions, as server-made
//! HTML and SVG (no script), with filters, links to the submissions behind every figure, and
//! the same figures as JSON and CSV.

mod chart;
mod form_words;
mod markup;
mod report_page;
mod session;
mod submissions_page;
mod words;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use pq_core::indicators::IndicatorReport;
use serde::Deserialize;

use super::AppState;
use super::api::IndicatorQuery;
use crate::clock::system_today;
use crate::indicators;
use crate::storage::StoredSubmission;
use form_words::FormWords;
pub(super) use markup::STYLE;
use markup::page_response;
use report_page::Chosen;
use session::{Admin, PageFailure};
use submissions_page::Which;
use words::Lang;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(dashboard))
        .route("/admin/", get(dashboard))
        .route("/admin/indicators.json", get(indicators_json))
        .route("/admin/indicators.csv", get(indicators_csv))
        .route("/admin/submissions", get(figure_submissions))
        .route("/admin/submissions/{id}", get(one_submission))
        .route("/admin/login", post(session::sign_in))
        .route("/admin/logout", post(session::sign_out))
}

/// The dashboard's query: the filters, the language, and (for the submissions list) which
/// figure.
#[derive(Debug, Default, Deserialize)]
struct PageQuery {
    year: Option<String>,
    district: Option<String>,
    commune: Option<String>,
    former_province: Option<String>,
    sector: Option<String>,
    alpha: Option<String>,
    lang: Option<String>,
    target: Option<String>,
    part: Option<String>,
    in_year: Option<String>,
}

impl PageQuery {
    fn lang(&self) -> Lang {
        Lang::from_code(self.lang.as_deref())
    }

    fn chosen(&self) -> Chosen {
        let text = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_owned();
        Chosen {
            year: text(&self.year),
            district: text(&self.district),
            commune: text(&self.commune),
            former_province: text(&self.former_province),
            sector: text(&self.sector),
            alpha: text(&self.alpha),
        }
    }

    /// The report these filters ask for, over `stored` (the newest revisions).
    async fn report(
        &self,
        state: &AppState,
        stored: &[StoredSubmission],
    ) -> Result<IndicatorReport, PageFailure> {
        let lang = self.lang();
        let query = IndicatorQuery {
            year: self.year.clone(),
            district: self.district.clone(),
            commune: self.commune.clone(),
            former_province: self.former_province.clone(),
            sector: self.sector.clone(),
            alpha: self.alpha.clone(),
        };
        let bad = |failure: super::auth::ApiFailure| PageFailure::BadRequest {
            lang,
            message: failure.message,
        };
        let filter = query.filter().map_err(bad)?;
        let capital_share = query.capital_share().map_err(bad)?;
        let today = system_today().map_err(|e| PageFailure::server(lang, e))?;
        indicators::report_of(state.database(), stored, &filter, capital_share, today)
            .await
            .map_err(|e| PageFailure::server(lang, e))
    }
}

/// The newest revision of every stored submission, read once per page.
async fn stored(state: &AppState, lang: Lang) -> Result<Vec<StoredSubmission>, PageFailure> {
    state
        .database()
        .latest_submissions(None, None)
        .await
        .map_err(|e| PageFailure::server(lang, e))
}

async fn form_words(state: &AppState, lang: Lang) -> Result<FormWords, PageFailure> {
    FormWords::load(state.database())
        .await
        .map_err(|e| PageFailure::server(lang, e))
}

async fn dashboard(
    State(state): State<AppState>,
    _admin: Admin,
    Query(query): Query<PageQuery>,
) -> Result<Response, PageFailure> {
    let lang = query.lang();
    let chosen = query.chosen();
    let stored = stored(&state, lang).await?;
    let report = query.report(&state, &stored).await?;
    // The filter offers every year in the data, whatever is filtered now.
    let years = indicators::reporting_years(&stored);
    let words = form_words(&state, lang).await?;
    let body = report_page::render(&report, &chosen, &years, &words, lang);
    let switch = chosen.link("/admin", lang.other(), &[]);
    Ok(page_response(
        StatusCode::OK,
        lang,
        lang.pick("Bảng theo dõi Kế hoạch 285", "Plan 285 dashboard"),
        &switch,
        &body,
    ))
}

async fn indicators_json(
    State(state): State<AppState>,
    _admin: Admin,
    Query(query): Query<PageQuery>,
) -> Result<Response, PageFailure> {
    let report = query
        .report(&state, &stored(&state, query.lang()).await?)
        .await?;
    Ok(axum::Json(report).into_response())
}

async fn indicators_csv(
    State(state): State<AppState>,
    _admin: Admin,
    Query(query): Query<PageQuery>,
) -> Result<Response, PageFailure> {
    let lang = query.lang();
    let report = query.report(&state, &stored(&state, lang).await?).await?;
    let csv = indicators::csv(&report).map_err(|e| PageFailure::server(lang, e))?;
    Ok(super::api::indicators_csv_download(csv))
}

async fn figure_submissions(
    State(state): State<AppState>,
    _admin: Admin,
    Query(query): Query<PageQuery>,
) -> Result<Response, PageFailure> {
    let lang = query.lang();
    let chosen = query.chosen();
    let which = match (query.part.as_deref(), query.in_year.as_deref()) {
        (Some(part), _) if !part.trim().is_empty() => Which::Part(part.trim().to_owned()),
        (_, Some(year)) if !year.trim().is_empty() => {
            Which::Year(year.trim().parse().map_err(|_| PageFailure::BadRequest {
                lang,
                message: format!("{} '{year}'", lang.pick("Năm không hợp lệ:", "Not a year:")),
            })?)
        }
        _ => Which::Headline,
    };
    let name = query.target.clone().unwrap_or_default();
    let stored = stored(&state, lang).await?;
    let report = query.report(&state, &stored).await?;
    let words = form_words(&state, lang).await?;
    let not_found = || PageFailure::NotFound {
        lang,
        what: format!(
            "{name} {}",
            match &which {
                Which::Headline => String::new(),
                Which::Part(key) => key.clone(),
                Which::Year(year) => year.to_string(),
            }
        )
        .trim()
        .to_owned(),
    };
    let target = report
        .targets
        .iter()
        .find(|t| t.target.eq_ignore_ascii_case(name.trim()))
        .ok_or_else(not_found)?;
    let (label, figure) =
        submissions_page::figure(target, &which, &words, lang).ok_or_else(not_found)?;
    let body = submissions_page::list(target, &label, figure, &stored, &chosen, &words, lang);
    let mut extra = vec![("target", target.target.as_str())];
    if let Some(part) = query.part.as_deref() {
        extra.push(("part", part));
    }
    if let Some(year) = query.in_year.as_deref() {
        extra.push(("in_year", year));
    }
    let switch = chosen.link("/admin/submissions", lang.other(), &extra);
    Ok(page_response(
        StatusCode::OK,
        lang,
        &format!("{} — {label}", target.target),
        &switch,
        &body,
    ))
}

async fn one_submission(
    State(state): State<AppState>,
    _admin: Admin,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, PageFailure> {
    let lang = query.lang();
    let record = state
        .database()
        .latest_submission(&id)
        .await
        .map_err(|e| PageFailure::server(lang, e))?
        .ok_or_else(|| PageFailure::NotFound {
            lang,
            what: id.clone(),
        })?;
    let words = form_words(&state, lang).await?;
    let switch = format!(
        "/admin/submissions/{}?lang={}",
        markup::query_value(&id),
        lang.other().code()
    );
    Ok(page_response(
        StatusCode::OK,
        lang,
        &id,
        &markup::escape(&switch),
        &submissions_page::detail(&record, &words, lang),
    ))
}
