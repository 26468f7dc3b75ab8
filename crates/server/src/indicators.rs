//! Plan-285 indicators over the stored submissions (`GET /api/v1/indicators[.csv]`): the
//! newest revision of every submission, read with the form version it answered, measured by
//! `pq_core::indicators`.

use std::collections::BTreeSet;

use pq_core::expression::Date;
use pq_core::indicators::{
    Bound, Filter, FormSet, IndicatorReport, Kind, Parameters, PlanGoal, compute, reporting_year_of,
};

use crate::ServerError;
use crate::forms::FormCache;
use crate::storage::{Database, StoredSubmission};

/// The UTF-8 byte-order mark that starts the CSV.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The CSV's columns.
pub const CSV_HEADERS: [&str; 13] = [
    "target",
    "title_vi",
    "title_en",
    "unit",
    "plan",
    "value",
    "note",
    "submissions",
    "submission_ids",
    "measure",
    "prices",
    "coverage_firms",
    "coverage_value_added_share",
];

/// Every target over the stored submissions `filter` keeps, with the capital share
/// `capital_share` and the loaded deflator table (if any); `today` is what the forms'
/// `currentYear()` sees.
pub async fn report(
    database: &Database,
    filter: &Filter,
    capital_share: f64,
    today: Date,
) -> Result<IndicatorReport, ServerError> {
    let records = database.latest_submissions(None, None).await?;
    report_of(database, &records, filter, capital_share, today).await
}

/// Every target over `records` (newest revisions, as read from `database`) that `filter`
/// keeps; the forms they answered and the deflator table are read from `database`.
pub async fn report_of(
    database: &Database,
    records: &[StoredSubmission],
    filter: &Filter,
    capital_share: f64,
    today: Date,
) -> Result<IndicatorReport, ServerError> {
    let submissions: Vec<_> = records.iter().map(|r| r.submission.clone()).collect();
    let versions: BTreeSet<(&str, &str)> = submissions
        .iter()
        .filter(|s| Kind::of_form(&s.form_id).is_some())
        .map(|s| (s.form_id.as_str(), s.form_version.as_str()))
        .collect();
    let mut cache = FormCache::new(database);
    let mut forms = FormSet::new();
    for (id, version) in versions {
        // A version that is gone or no longer compiles leaves its submissions in `skipped`.
        if let Ok(form) = cache.get(id, version).await? {
            forms.insert(form);
        }
    }
    let parameters = Parameters {
        capital_share,
        deflators: database.deflators().await?.map(|stored| stored.table),
    };
    Ok(compute(&submissions, &forms, filter, &parameters, today))
}

/// The reporting years the Plan-285 submissions among `records` answer (`report_year`, or
/// the end of a school's `school_year`), oldest first.
pub fn reporting_years(records: &[StoredSubmission]) -> Vec<i32> {
    let years: BTreeSet<i32> = records
        .iter()
        .filter_map(|r| reporting_year_of(&r.submission.form_id, &r.submission.answers))
        .collect();
    years.into_iter().collect()
}

/// A number as the CSV writes it: up to 4 decimals, no trailing zeros.
fn number_text(n: f64) -> String {
    let text = format!("{n:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// The plan's numbers in words: `≈ 12.5`, `45–47 (2023–2025); > 50 (2026–2030)`.
pub fn plan_text(goals: &[PlanGoal]) -> String {
    goals
        .iter()
        .map(|goal| {
            let number = match goal.max {
                Some(max) => format!("{}–{}", number_text(goal.min), number_text(max)),
                None => number_text(goal.min),
            };
            let prefix = match goal.bound {
                Bound::About => "≈ ",
                Bound::AtLeast => "≥ ",
                Bound::MoreThan => "> ",
                Bound::Range | Bound::Exactly => "",
            };
            let period = match (goal.from_year, goal.to_year) {
                (Some(from), Some(to)) => format!(" ({from}–{to})"),
                (None, Some(to)) => format!(" (by {to})"),
                (Some(from), None) => format!(" (from {from})"),
                (None, None) => String::new(),
            };
            format!("{prefix}{number}{period}")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The report as CSV, one row per target: UTF-8 with a byte-order mark. A target with no
/// data has an empty `value` and `no data` as its `note`.
pub fn csv(report: &IndicatorReport) -> Result<Vec<u8>, ServerError> {
    let failed = |e: csv::Error| ServerError::Export(e.to_string());
    let mut writer = csv::Writer::from_writer(BOM.to_vec());
    writer.write_record(CSV_HEADERS).map_err(failed)?;
    for target in &report.targets {
        let figure = &target.figure;
        writer
            .write_record([
                target.target.clone(),
                target.title_vi.clone(),
                target.title_en.clone(),
                target.unit.clone(),
                plan_text(&target.plan),
                figure.value.map(number_text).unwrap_or_default(),
                if figure.value.is_none() {
                    "no data".into()
                } else {
                    String::new()
                },
                figure.submissions.len().to_string(),
                figure.submissions.join(" "),
                target.measure.clone(),
                if target.money_based {
                    report.prices.label_en.clone()
                } else {
                    String::new()
                },
                figure
                    .coverage
                    .as_ref()
                    .map(|c| c.firms.to_string())
                    .unwrap_or_default(),
                figure
                    .coverage
                    .as_ref()
                    .and_then(|c| c.value_added_share)
                    .map(number_text)
                    .unwrap_or_default(),
            ])
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| ServerError::Export(e.to_string()))
}

#[cfg(test)]
mod tests {
    use pq_core::indicators::PLAN_TARGETS;

    use super::*;

    #[test]
    fn plans_and_numbers_in_words() {
        assert_eq!(number_text(9.467_980_295_566_502), "9.468");
        assert_eq!(number_text(600.0), "600");
        assert_eq!(number_text(61.375), "61.375");
        let plan = |i: usize| plan_text(PLAN_TARGETS[i].goals);
        assert_eq!(plan(0), "≈ 12.5");
        assert_eq!(plan(1), "≈ 45–47 (2023–2025); > 50 (2026–2030)");
        assert_eq!(plan(3), "> 500");
        assert_eq!(plan(7), "> 60 (by 2025); ≥ 90 (by 2030)");
        assert_eq!(plan(8), "2");
    }
}
