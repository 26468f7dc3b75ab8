//! The engine's criterion benchmark (`crates/core/benches/engine.rs`), run natively; its
//! medians read from criterion's estimates under the target folder.

use std::path::Path;

use serde_json::Value;

use super::table::Row;
use crate::error::XtaskError;
use crate::process;
use crate::project;

const COMPILE: &str = "compile 1000 questions, 500 calculated, 500 visibleIf";
const CHANGE: &str = "one answer change (50 conditions + 50 calculations depend on it)";
const JUDGE: &str = "judge one enterprise submission";

pub fn rows() -> Result<Vec<Row>, XtaskError> {
    println!("\n━━ engine (criterion, native) ━━");
    process::run(
        process::cargo().args(["bench", "--package", "pq_core", "--bench", "engine"]),
        "cargo bench engine",
    )?;
    let folder = project::target_dir().join("criterion");
    let compile = median_ns(&folder, COMPILE)?;
    let change = median_ns(&folder, CHANGE)?;
    let judge = median_ns(&folder, JUDGE)?;
    Ok(vec![
        Row::new(
            "engine",
            "compile the big form (native, criterion median)",
            format!("{:.1} ms", compile / 1e6),
        )
        .target("≤ 10 ms"),
        Row::new(
            "engine",
            "one answer change, 50 conditions + 50 calculations (native, criterion median)",
            format!("{:.1} µs", change / 1e3),
        )
        .target("≤ 50 µs"),
        Row::new(
            "engine",
            "judge one enterprise submission: state, validation, answers kept (native, criterion median)",
            format!("{:.1} µs", judge / 1e3),
        )
        .target("≤ 100 µs"),
    ])
}

/// The median, in nanoseconds, of the benchmark named `id` in criterion's folder.
fn median_ns(folder: &Path, id: &str) -> Result<f64, XtaskError> {
    let read = |path: &Path| -> Result<Value, XtaskError> {
        let text = std::fs::read_to_string(path).map_err(|source| XtaskError::Read {
            path: path.display().to_string(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|e| {
            XtaskError::Check(format!("{}: not criterion's JSON: {e}", path.display()))
        })
    };
    let entries = std::fs::read_dir(folder).map_err(|source| XtaskError::Read {
        path: folder.display().to_string(),
        source,
    })?;
    for entry in entries.map_while(Result::ok) {
        let new = entry.path().join("new");
        let Ok(benchmark) = read(&new.join("benchmark.json")) else {
            continue;
        };
        if benchmark["full_id"].as_str() == Some(id) {
            return read(&new.join("estimates.json"))?["median"]["point_estimate"]
                .as_f64()
                .ok_or_else(|| XtaskError::Check(format!("criterion has no median for {id}")));
        }
    }
    Err(XtaskError::Missing(format!(
        "criterion wrote no result for \"{id}\" under {}",
        folder.display()
    )))
}
