//! `pq check FILE…`: compiles each form definition and prints every problem with its path.

use std::process::ExitCode;

use pq_core::compile::compile_json;
use pq_core::form::{Diagnostic, Severity};

use crate::ServerError;
use crate::cli::CheckOptions;

/// Prints `FILE: <json path>: message` per error and `FILE: <json path>: warning: message`
/// per warning; fails when any file has an error.
pub fn run(options: &CheckOptions) -> Result<ExitCode, ServerError> {
    let mut errors = 0;
    let mut warnings = 0;
    for file in &options.files {
        let name = file.display().to_string();
        let text = std::fs::read_to_string(file).map_err(|source| ServerError::ReadFile {
            path: name.clone(),
            source,
        })?;
        let (found_errors, found_warnings) = match compile_json(&text) {
            Ok(form) => (Vec::new(), form.warnings().to_vec()),
            Err(failure) => (failure.errors, failure.warnings),
        };
        for diagnostic in found_errors.iter().chain(&found_warnings) {
            super::print_line(format_args!("{}", line(&name, diagnostic)))?;
        }
        errors += found_errors.len();
        warnings += found_warnings.len();
    }
    eprintln!(
        "{} form(s) checked: {errors} error(s), {warnings} warning(s)",
        options.files.len()
    );
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// One printed line for a diagnostic of `file`.
pub fn line(file: &str, diagnostic: &Diagnostic) -> String {
    let mut out = String::from(file);
    if !diagnostic.path.is_empty() {
        out.push_str(": ");
        out.push_str(&diagnostic.path);
    }
    out.push_str(": ");
    if diagnostic.severity == Severity::Warning {
        out.push_str("warning: ");
    }
    out.push_str(&diagnostic.message);
    out
}
