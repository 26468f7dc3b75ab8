//! `cargo xtask test`: every check and test, in order, stopping at the first failure.

use std::process::Command;

use crate::app_build::{self, Profile};
use crate::error::XtaskError;
use crate::postgres::{self, TestPostgres};
use crate::process::{self, Tally};
use crate::project;
use crate::toolchain::{self, CHROMEDRIVER, CHROMIUM, Needs};

/// One stage of the suite.
struct Stage {
    title: &'static str,
    command: Command,
    counts_tests: bool,
    /// Runs with a PostgreSQL server, its URL in `PQ_TEST_POSTGRES_URL`.
    needs_postgres: bool,
}

pub fn run() -> Result<(), XtaskError> {
    let tools = toolchain::ensure(Needs::Test)?;
    let mut tally = Tally::default();
    let outcome = run_stages(&tools, &mut tally);
    println!();
    match &outcome {
        Ok(()) => println!("All checks passed."),
        Err(error) => println!("Stopped: {error}"),
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    outcome
}

fn run_stages(tools: &toolchain::Tools, tally: &mut Tally) -> Result<(), XtaskError> {
    for mut stage in checks_and_unit_tests() {
        if stage.needs_postgres {
            // Stopped when `database` goes out of scope, whatever the stage's outcome.
            let database = TestPostgres::start()?;
            stage.command.env(postgres::URL_VAR, database.url());
            run_stage(stage, tally)?;
        } else {
            run_stage(stage, tally)?;
        }
    }
    app_build::build_release(tools)?;
    let server = app_build::build_server(Profile::Debug)?;
    let mut e2e = process::command("node");
    e2e.args(["--test", "--test-reporter=tap", "--test-concurrency=1"])
        .current_dir(project::e2e_dir())
        .env("PQ_BIN", &server)
        .env("PQ_DIST", app_build::dist_dir())
        .env("CHROMIUM", CHROMIUM);
    run_stage(
        Stage {
            title: "end-to-end tests (Playwright, headless Chromium)",
            command: e2e,
            counts_tests: true,
            needs_postgres: false,
        },
        tally,
    )?;
    let mut budget = process::cargo();
    budget.args(["xtask", "bench", "--check"]);
    run_stage(
        Stage {
            title: "size budget",
            command: budget,
            counts_tests: false,
            needs_postgres: false,
        },
        tally,
    )
}

fn checks_and_unit_tests() -> Vec<Stage> {
    let cargo = |args: &[&str]| {
        let mut command = process::cargo();
        command.args(args);
        command
    };
    let mut browser = cargo(&[
        "test",
        "--package",
        "pq_app",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    browser
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    vec![
        Stage {
            title: "formatting (cargo fmt --check)",
            command: cargo(&["fmt", "--all", "--check"]),
            counts_tests: false,
            needs_postgres: false,
        },
        Stage {
            title: "lints, native crates (clippy -D warnings)",
            command: cargo(&[
                "clippy",
                "--workspace",
                "--exclude",
                "pq_app",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
            counts_tests: false,
            needs_postgres: false,
        },
        Stage {
            title: "lints, app for wasm32 (clippy -D warnings)",
            command: cargo(&[
                "clippy",
                "--package",
                "pq_app",
                "--target",
                "wasm32-unknown-unknown",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
            counts_tests: false,
            needs_postgres: false,
        },
        Stage {
            title: "native tests of every crate",
            command: cargo(&["test", "--workspace", "--exclude", "pq_app"]),
            counts_tests: true,
            needs_postgres: true,
        },
        Stage {
            title: "browser tests of the app (wasm-bindgen-test, headless Chromium)",
            command: browser,
            counts_tests: true,
            needs_postgres: false,
        },
    ]
}

fn run_stage(mut stage: Stage, tally: &mut Tally) -> Result<(), XtaskError> {
    println!("\n━━ {} ━━", stage.title);
    if !stage.counts_tests {
        return process::run(&mut stage.command, stage.title);
    }
    let (counted, outcome) = process::run_tests(&mut stage.command, stage.title);
    tally.add(counted);
    if outcome.is_ok() && counted.passed + counted.failed == 0 {
        return Err(XtaskError::Check(format!("{}: no test ran", stage.title)));
    }
    outcome
}
