//! `pq eval`, run as the real binary.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn pq(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pq"))
        .args(args)
        .output()
        .unwrap()
}

fn pq_with_input(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pq"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_owned();
    // Write from another thread so that a full stdout pipe cannot deadlock the test.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[track_caller]
fn assert_prints(args: &[&str], expected: &str) {
    let output = pq(args);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    assert_eq!(stdout(&output), format!("{expected}\n"));
}

#[test]
fn evaluates_an_expression_against_values() {
    assert_prints(
        &[
            "eval",
            "iif({a} > 1, 'big', 'small')",
            "--values",
            r#"{"a": 3}"#,
        ],
        r#""big""#,
    );
    assert_prints(&["eval", "{a} + {b}"], "0");
    assert_prints(
        &["eval", "[{a}, {b}]", "--values", r#"{"a": "1", "b": "x"}"#],
        r#"[1,"x"]"#,
    );
}

#[test]
fn condition_prints_the_visible_if_boolean() {
    assert_prints(
        &["eval", "--condition", "{x} notempty", "--values", "{}"],
        "false",
    );
    assert_prints(
        &["eval", "--condition", "{x}", "--values", r#"{"x": "1"}"#],
        "true",
    );
    // Without --condition the value itself is printed.
    assert_prints(&["eval", "{x}", "--values", r#"{"x": 2}"#], "2");
    assert_prints(
        &["eval", "--condition", "{x}", "--values", r#"{"x": 2}"#],
        "false",
    );
}

#[test]
fn today_injects_the_clock() {
    assert_prints(
        &["eval", "today()", "--today", "2024-05-01"],
        r#""2024-05-01""#,
    );
    assert_prints(
        &["eval", "today(-1)", "--today", "2024-03-01"],
        r#""2024-02-29""#,
    );
    assert_prints(
        &[
            "eval",
            "age({birth})",
            "--values",
            r#"{"birth": "2000-05-02"}"#,
            "--today",
            "2024-05-01",
        ],
        "23",
    );
    assert_prints(
        &[
            "eval",
            "age({birth})",
            "--values",
            r#"{"birth": "2000-05-02"}"#,
            "--today",
            "2024-05-02",
        ],
        "24",
    );
}

#[test]
fn without_today_the_system_date_is_used() {
    let output = pq(&["eval", "currentYear()"]);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let year: i32 = stdout(&output).trim().parse().unwrap();
    assert!(year >= 2024, "{year}");
}

#[test]
fn a_malformed_today_is_a_usage_error() {
    for bad in ["2024-02-30", "2024-5-1", "yesterday", "2024-05"] {
        let output = pq(&["eval", "today()", "--today", bad]);
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&output).contains("YYYY-MM-DD"),
            "{}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn a_parse_error_names_the_position_and_exits_1() {
    let output = pq(&["eval", "iif({a} > 1, 'big' 'small')"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(message.starts_with("pq: "), "{message}");
    assert!(message.contains("column 20"), "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");

    // A bare word is text as in SurveyJS, but only with Latin letters.
    let output = pq(&["eval", "{q} = có"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.starts_with("pq: ") && message.contains("có") && message.contains("column 7"),
        "{message}"
    );
}

#[test]
fn bad_values_are_a_usage_error() {
    let output = pq(&["eval", "{a}", "--values", "{a: 1}"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(
        message.starts_with("pq: --values is not valid JSON"),
        "{message}"
    );

    let output = pq(&["eval", "{a}", "--values", "[1, 2]"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("--values must be a JSON object") && message.contains("an array"),
        "{message}"
    );
}

#[test]
fn an_expression_or_batch_is_required_but_not_both() {
    assert_eq!(pq(&["eval"]).status.code(), Some(2));
    assert_eq!(pq(&["eval", "1", "--batch"]).status.code(), Some(2));
}

#[test]
fn batch_answers_every_line_in_order() {
    let input = concat!(
        r#"{"expr": "iif({a} > 1, 'big', 'small')", "values": {"a": 3}}"#,
        "\n",
        r#"{"expr": "{x} notempty", "condition": true}"#,
        "\n\n",
        "this is not json\n",
        r#"{"expr": "1 +"}"#,
        "\n",
        r#"{"values": {}}"#,
        "\n",
        r#"{"expr": "age({b})", "values": {"b": "2000-01-01"}, "condition": false}"#,
        "\n",
        r#"{"expr": "today()"}"#,
    );
    let output = pq_with_input(&["eval", "--batch", "--today", "2024-05-01"], input);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 7, "{lines:?}");
    assert_eq!(lines[0], serde_json::json!({"value": "big"}));
    assert_eq!(lines[1], serde_json::json!({"value": false}));
    let error = lines[2]["error"].as_str().unwrap();
    assert!(error.contains("input line 4"), "{error}");
    let error = lines[3]["error"].as_str().unwrap();
    assert!(error.contains("column"), "{error}");
    let error = lines[4]["error"].as_str().unwrap();
    assert!(
        error.contains("input line 6") && error.contains("missing field `expr`"),
        "{error}"
    );
    assert_eq!(lines[5], serde_json::json!({"value": 24}));
    assert_eq!(lines[6], serde_json::json!({"value": "2024-05-01"}));
}

#[test]
fn batch_handles_thousands_of_lines() {
    let input: String = (0..5000)
        .map(|i| format!("{{\"expr\": \"{{n}} * 2\", \"values\": {{\"n\": {i}}}}}\n"))
        .collect();
    let output = pq_with_input(&["eval", "--batch"], &input);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5000);
    assert_eq!(lines[0], r#"{"value":0}"#);
    assert_eq!(lines[4999], r#"{"value":9998}"#);
}
