//! `pq eval`: evaluates an expression against answers, once or for a stream of JSON lines.

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use pq_core::expression::{Date, MapContext, ParseError, parse};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ServerError;
use crate::cli::EvalOptions;

/// Runs `pq eval`.
pub fn run(options: EvalOptions) -> Result<ExitCode, ServerError> {
    let outcome = if options.batch {
        let today = crate::clock::today_or(options.today)?;
        run_batch(
            io::stdin().lock(),
            BufWriter::new(io::stdout().lock()),
            today,
        )
    } else {
        let values = parse_values(&options.values)?;
        let today = crate::clock::today_or(options.today)?;
        // clap requires the expression unless `--batch` is given.
        let text = options.expression.unwrap_or_default();
        let value = evaluate(&text, values, options.condition, today)?;
        let mut out = io::stdout().lock();
        writeln!(out, "{value}")
            .and_then(|()| out.flush())
            .map_err(ServerError::WriteOutput)
    };
    match outcome {
        // The reader went away (`pq eval --batch … | head`): nothing more to say.
        Err(ServerError::WriteOutput(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => Err(error),
        Ok(()) => Ok(ExitCode::SUCCESS),
    }
}

/// Parses `text` and evaluates it against `values` on `today`: its value, or with
/// `condition` the boolean that `visibleIf` with that text would give.
pub fn evaluate(
    text: &str,
    values: Map<String, Value>,
    condition: bool,
    today: Date,
) -> Result<Value, ParseError> {
    let expression = parse(text)?;
    let context = MapContext::new(values, today);
    Ok(if condition {
        Value::Bool(expression.evaluate_condition(&context))
    } else {
        expression.evaluate(&context)
    })
}

/// One line of `--batch` input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    expr: String,
    #[serde(default)]
    values: Option<Map<String, Value>>,
    #[serde(default)]
    condition: bool,
}

/// One line of `--batch` output.
#[derive(Debug, Serialize)]
#[serde(rename_all = "lowercase")]
enum Response {
    Value(Value),
    Error(String),
}

/// Answers every non-blank JSON line of `input` with one JSON line on `output`, in order.
/// Malformed lines and expressions that do not parse are answered with `{"error": …}`;
/// only failing to read or write stops the run.
pub fn run_batch(
    mut input: impl BufRead,
    mut output: impl Write,
    today: Date,
) -> Result<(), ServerError> {
    let mut line = Vec::new();
    let mut number = 0_usize;
    loop {
        line.clear();
        let read = input
            .read_until(b'\n', &mut line)
            .map_err(ServerError::ReadInput)?;
        if read == 0 {
            break;
        }
        number += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let response = answer(&line, number, today);
        serde_json::to_writer(&mut output, &response)
            .map_err(|error| ServerError::WriteOutput(error.into()))?;
        output.write_all(b"\n").map_err(ServerError::WriteOutput)?;
    }
    output.flush().map_err(ServerError::WriteOutput)
}

fn answer(line: &[u8], number: usize, today: Date) -> Response {
    let request: Request = match serde_json::from_slice(line) {
        Ok(request) => request,
        Err(error) => return Response::Error(malformed(&error, number)),
    };
    let values = request.values.unwrap_or_default();
    match evaluate(&request.expr, values, request.condition, today) {
        Ok(value) => Response::Value(value),
        Err(error) => Response::Error(error.to_string()),
    }
}

/// Describes a malformed input line, e.g. ``input line 3: missing field `expr` at column 17``.
fn malformed(error: &serde_json::Error, number: usize) -> String {
    let text = error.to_string();
    if error.line() == 0 {
        return format!("input line {number}: {text}");
    }
    // serde_json ends its message with the position in the text it read, which is one line.
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text);
    format!(
        "input line {number}: {message} at column {}",
        error.column()
    )
}

/// The answers given with `--values`: a JSON object.
fn parse_values(text: &str) -> Result<Map<String, Value>, ServerError> {
    match serde_json::from_str(text).map_err(ServerError::ValuesSyntax)? {
        Value::Object(map) => Ok(map),
        other => Err(ServerError::ValuesNotObject {
            found: json_kind(&other),
        }),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn day() -> Date {
        Date::new(2024, 5, 1).unwrap()
    }

    fn batch(input: &str) -> Vec<String> {
        let mut output = Vec::new();
        run_batch(input.as_bytes(), &mut output, day()).unwrap();
        String::from_utf8(output)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn batch_answers_each_line_in_order_and_skips_blank_lines() {
        let lines = batch(
            "{\"expr\": \"1 + 2\"}\n\n   \n\
             {\"expr\": \"{a} > 1\", \"values\": {\"a\": 2}, \"condition\": true}\r\n\
             {\"expr\": \"today()\"}",
        );
        assert_eq!(
            lines,
            [
                r#"{"value":3}"#,
                r#"{"value":true}"#,
                r#"{"value":"2024-05-01"}"#
            ]
        );
    }

    #[test]
    fn malformed_lines_name_the_line_and_the_problem() {
        let lines = batch("{\"expr\": \"1\"}\n{oops\n{\"exp\": \"1\"}\n{}\n{\"expr\": 1}\n");
        assert_eq!(lines[0], r#"{"value":1}"#);
        assert!(
            lines[1].contains("input line 2: key must be a string at column 2"),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].contains("input line 3: unknown field `exp`"),
            "{}",
            lines[2]
        );
        assert!(
            lines[3].contains("input line 4: missing field `expr`"),
            "{}",
            lines[3]
        );
        assert!(
            lines[4].contains("input line 5: invalid type"),
            "{}",
            lines[4]
        );
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn values_must_be_a_json_object() {
        assert!(matches!(
            parse_values("{\"a\": "),
            Err(ServerError::ValuesSyntax(_))
        ));
        assert!(matches!(
            parse_values("[1]"),
            Err(ServerError::ValuesNotObject { found: "an array" })
        ));
        assert_eq!(parse_values("{\"a\": 1}").unwrap().len(), 1);
    }
}
