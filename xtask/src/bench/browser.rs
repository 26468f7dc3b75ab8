//! The browser measurements (`xtask/browser-bench/bench.mjs`, headless Chromium through
//! playwright-core): the big form in PQ Survey and in SurveyJS, app start with many records,
//! and the outbox sent to pq serve. The script prints raw samples as JSON; the rows are
//! made here.

use std::path::Path;

use serde_json::Value;

use super::stats::{median, percentile, thousands};
use super::table::Row;
use crate::app_build;
use crate::error::XtaskError;
use crate::process;
use crate::project;
use crate::toolchain::CHROMIUM;

/// Runs the browser benchmark against the release app in `dist/` served by `server`.
pub fn rows(server: &Path) -> Result<Vec<Row>, XtaskError> {
    println!("\n━━ browser: big form (PQ Survey and SurveyJS), storage, sync ━━");
    let mut node = process::command("node");
    node.arg("bench.mjs")
        .current_dir(project::browser_bench_dir())
        .env("PQ_BIN", server)
        .env("PQ_DIST", app_build::dist_dir())
        .env("CHROMIUM", CHROMIUM)
        .env("SURVEYJS", project::surveyjs_dir().join("node_modules"))
        .env("PQ_ROOT", project::root());
    let printed = process::run_capturing(&mut node, "browser benchmark (node bench.mjs)")?;
    let results: Value = printed
        .lines()
        .rev()
        .find_map(|line| serde_json::from_str(line).ok())
        .ok_or_else(|| XtaskError::Check("the browser benchmark printed no results".into()))?;
    from_results(&results)
}

fn samples(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

fn missing(what: &str) -> XtaskError {
    XtaskError::Check(format!("the browser benchmark has no {what}"))
}

/// One big-form measure of both engines: PQ Survey's, SurveyJS's and their ratio.
fn versus(
    measure: &str,
    pq: Option<f64>,
    surveyjs: Option<f64>,
    digits: usize,
) -> Result<Row, XtaskError> {
    let pq = pq.ok_or_else(|| missing(&format!("PQ Survey {measure}")))?;
    let surveyjs = surveyjs.ok_or_else(|| missing(&format!("SurveyJS {measure}")))?;
    Ok(Row::new("big form", measure, format!("{pq:.digits$} ms"))
        .versus(format!("{surveyjs:.digits$} ms"), pq / surveyjs))
}

fn from_results(results: &Value) -> Result<Vec<Row>, XtaskError> {
    let big = &results["big_form"];
    let (pq, sj) = (&big["pq"], &big["surveyjs"]);
    let loads = samples(&pq["first_render_ms"]).len();
    let changes = samples(&pq["change_ms"]).len();
    let first = |engine: &Value| median(&samples(&engine["first_render_ms"]));
    let change = |engine: &Value, p| percentile(&samples(&engine["change_ms"]), p);
    let mut rows = vec![
        versus(
            &format!("first page rendered, from navigation (median of {loads} loads)"),
            first(pq),
            first(sj),
            0,
        )?
        .target("≤ ⅓ SurveyJS"),
        versus(
            &format!("one answer change → DOM updated, p50 of {changes}"),
            change(pq, 50.0),
            change(sj, 50.0),
            1,
        )?
        .target("≤ ⅕ SurveyJS"),
        versus(
            &format!("one answer change → DOM updated, p95 of {changes}"),
            change(pq, 95.0),
            change(sj, 95.0),
            1,
        )?
        .target("≤ ⅕ SurveyJS, ≤ 16 ms"),
    ];
    let storage = &results["storage"];
    let records = storage["records"]
        .as_f64()
        .ok_or_else(|| missing("storage run"))?;
    let start = samples(&storage["start_ms"]);
    let start_ms = median(&start).ok_or_else(|| missing("app start time"))?;
    rows.push(Row::new(
        "storage",
        &format!(
            "app start with {} records until home lists them (count + first 50 cards; median of {} loads)",
            thousands(records),
            start.len()
        ),
        format!("{start_ms:.0} ms"),
    ));
    let sync = &results["sync"];
    let sent = sync["submissions"]
        .as_f64()
        .ok_or_else(|| missing("sync run"))?;
    let seconds = sync["seconds"]
        .as_f64()
        .ok_or_else(|| missing("sync time"))?;
    rows.push(Row::new(
        "sync",
        &format!(
            "{} outbox submissions → pq serve (SQLite), end to end ({seconds:.1} s)",
            thousands(sent)
        ),
        format!("{} /s", thousands(sent / seconds)),
    ));
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn rows_from_samples() {
        let results = json!({
            "big_form": {
                "pq": {"first_render_ms": [300.0, 340.0, 320.0], "change_ms": [5.0, 6.0, 7.0, 20.0]},
                "surveyjs": {"first_render_ms": [700.0, 760.0, 740.0], "change_ms": [100.0, 120.0, 480.0, 500.0]}
            },
            "storage": {"records": 10000, "start_ms": [2000.0, 2100.0, 2050.0]},
            "sync": {"submissions": 10000, "seconds": 20.0}
        });
        let rows = super::from_results(&results).unwrap_or_default();
        let table = super::super::table::markdown(&rows);
        assert!(table.contains("| 320 ms | 740 ms | 0.43 |"), "{table}");
        assert!(
            table.contains("p95 of 4 | 20.0 ms | 500.0 ms | 0.04 |"),
            "{table}"
        );
        assert!(table.contains("| 2050 ms |"), "{table}");
        assert!(table.contains("| 500 /s |"), "{table}");
    }
}
