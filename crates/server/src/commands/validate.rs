//! `pq validate --form FILE ANSWERS.json`: what the server decides for a submission.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use pq_core::compile::compile_json;
use pq_core::submission::judge;
use serde_json::{Map, Value};

use crate::ServerError;
use crate::cli::ValidateOptions;

/// Prints `{"valid", "errors": [{"path", "element", "message"[, "level"]}], "calculated",
/// "answers"}` (`answers`: what the collector would store); exits 1 when the answers are not
/// valid.
pub fn run(options: &ValidateOptions) -> Result<ExitCode, ServerError> {
    let form_name = options.form.display().to_string();
    let form = compile_json(&read(&options.form)?).map_err(|failure| ServerError::FormInvalid {
        path: form_name.clone(),
        errors: failure.errors.len(),
    })?;
    let answers = answers(&options.answers)?;
    let today = crate::clock::today_or(options.today)?;
    let verdict = judge(Arc::new(form), answers, &options.locale, today);
    let printed = serde_json::to_string_pretty(&verdict)
        .map_err(|e| ServerError::WriteOutput(std::io::Error::other(e)))?;
    super::print_line(format_args!("{printed}"))?;
    Ok(if verdict.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn read(path: &Path) -> Result<String, ServerError> {
    std::fs::read_to_string(path).map_err(|source| ServerError::ReadFile {
        path: path.display().to_string(),
        source,
    })
}

fn answers(path: &Path) -> Result<Map<String, Value>, ServerError> {
    let invalid = |reason: String| ServerError::AnswersInvalid {
        path: path.display().to_string(),
        reason,
    };
    match serde_json::from_str::<Value>(&read(path)?) {
        Ok(Value::Object(answers)) => Ok(answers),
        Ok(_) => Err(invalid("the file holds JSON, but not an object".into())),
        Err(error) => Err(invalid(error.to_string())),
    }
}
