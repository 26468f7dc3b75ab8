//! `cargo xtask bench`: every measurement of the product in one run, printed as one table.
//! `--check` only measures the app shell against the size budget (fast: `cargo xtask test`
//! runs it).
//!
//! Each measurement adds rows to the table; to add one, write a function returning
//! `Result<Vec<Row>, XtaskError>` and call it from [`run`].

use std::path::Path;

use crate::app_build::{self, Profile};
use crate::error::XtaskError;
use crate::project;
use crate::toolchain::{self, Needs};

mod browser;
mod engine;
mod server_load;
mod size;
mod stats;
mod storage;
pub mod table;

use size::{Shell, kb};
use table::Row;

pub fn run(check: bool) -> Result<(), XtaskError> {
    if check {
        return check_budget();
    }
    let tools = toolchain::ensure(Needs::Bench)?;
    app_build::build_release(&tools)?;
    let server = app_build::build_server(Profile::Release)?;
    let dist = app_build::dist_dir();

    let app = Shell::of_app(&dist, true)?;
    let surveyjs = Shell::of_surveyjs(&project::surveyjs_dir().join("node_modules"))?;
    println!();
    app.print("PQ Survey app shell (wasm + js + css)");
    surveyjs.print(&format!(
        "SurveyJS {} (core + js-ui + css)",
        toolchain::SURVEYJS_VERSION
    ));
    let mut rows: Vec<Row> = size::rows(&app, Some(&surveyjs));
    rows.extend(browser::rows(&server)?);
    rows.push(storage::saves_per_second()?);
    rows.extend(engine::rows()?);
    println!("→ the collector under load (SQLite, then PostgreSQL)");
    rows.extend(server_load::rows(&server)?);

    // Grouped by section, in the table's order; within one, in the order measured.
    rows.sort_by_key(|row| table::section_rank(&row.section));
    println!("\n{}", table::markdown(&rows));
    within_budget(&app)
}

/// `--check`: the shell's gzip size against the budget; builds the app only when there is no
/// build yet.
fn check_budget() -> Result<(), XtaskError> {
    let dist = app_build::dist_dir();
    if !dist.join("index.html").is_file() {
        let tools = toolchain::ensure(Needs::Build)?;
        app_build::build_release(&tools)?;
    }
    let app = Shell::of_app(&dist, false)?;
    app.print("app shell (wasm + js + css)");
    println!("\n{}", table::markdown(&size::rows(&app, None)));
    within_budget(&app)
}

fn within_budget(app: &Shell) -> Result<(), XtaskError> {
    let budget = budget(&project::root())?;
    let verdict = format!(
        "app shell: {:.1} KB gzip, budget {:.1} KB",
        kb(app.gzip()),
        kb(budget)
    );
    if app.gzip() > budget {
        return Err(XtaskError::Check(format!(
            "{verdict}: over budget (xtask/size-budget.toml)"
        )));
    }
    println!("{verdict}: within budget");
    Ok(())
}

fn budget(root: &Path) -> Result<u64, XtaskError> {
    let path = root.join("xtask").join("size-budget.toml");
    let text = std::fs::read_to_string(&path).map_err(|source| XtaskError::Read {
        path: path.display().to_string(),
        source,
    })?;
    text.lines()
        .filter_map(|line| line.split_once('='))
        .find(|(key, _)| key.trim() == "shell_gzip_max_bytes")
        .and_then(|(_, value)| value.trim().parse().ok())
        .ok_or_else(|| {
            XtaskError::Check(format!(
                "{}: shell_gzip_max_bytes is missing",
                path.display()
            ))
        })
}
