//! `pq forms publish FILE` and `pq forms list`.

use std::process::ExitCode;

use crate::ServerError;
use crate::cli::{DatabaseOnly, FormsCommand, PublishOptions};
use crate::commands::block_on;
use crate::commands::check::line;
use crate::forms::{PublishFailure, publish};
use crate::storage::{Database, Published};

pub fn run(command: FormsCommand) -> Result<ExitCode, ServerError> {
    match command {
        FormsCommand::Publish(options) => block_on(run_publish(options)),
        FormsCommand::List(options) => block_on(run_list(options)),
    }
}

async fn run_publish(options: PublishOptions) -> Result<ExitCode, ServerError> {
    let name = options.file.display().to_string();
    let text = std::fs::read_to_string(&options.file).map_err(|source| ServerError::ReadFile {
        path: name.clone(),
        source,
    })?;
    let database = Database::open(&options.database.location).await?;
    let refused = |reason: String| ServerError::PublishRefused {
        path: name.clone(),
        reason,
    };
    let report = match publish(&database, &text).await {
        Ok(report) => report,
        Err(PublishFailure::Broken(failure)) => {
            for diagnostic in failure.errors.iter().chain(&failure.warnings) {
                eprintln!("{}", line(&name, diagnostic));
            }
            return Err(refused(format!(
                "{} error(s), as `pq check` reports",
                failure.errors.len()
            )));
        }
        Err(PublishFailure::Server(error)) => return Err(error),
        Err(other) => return Err(refused(other.to_string())),
    };
    for warning in &report.warnings {
        eprintln!("{}", line(&name, warning));
    }
    match report.outcome {
        Published::New { .. } => super::print_line(format_args!(
            "published form '{}' version {}: {} question(s), ETag {}",
            report.id, report.version, report.questions, report.etag
        ))?,
        Published::Unchanged { published_at } | Published::Different { published_at } => {
            super::print_line(format_args!(
                "form '{}' version {} was already published with this definition on \
                 {published_at}: nothing to do",
                report.id, report.version
            ))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn run_list(options: DatabaseOnly) -> Result<ExitCode, ServerError> {
    let database = Database::open(&options.database.location).await?;
    let forms = database.latest_forms().await?;
    if forms.is_empty() {
        eprintln!("no form is published yet: publish one with `pq forms publish FILE`");
    }
    for form in forms {
        let versions = database.form_versions(&form.id).await?;
        super::print_line(format_args!(
            "{}\tnewest version {} (published {})\tversions: {}",
            form.id,
            form.version,
            form.published_at,
            versions.join(", ")
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
