//! `pq check` and `pq validate`, run as a user runs them.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

fn pq(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pq"))
        .args(args)
        .output()
        .unwrap()
}

fn write(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, value.to_string()).unwrap();
    path
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn check_reports_an_unknown_reference_and_a_cycle_with_their_paths() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(
        dir.path(),
        "broken.json",
        &json!({
            "pages": [{"name": "p", "elements": [
                {"type": "text", "name": "employees", "inputType": "number"},
                {"type": "text", "name": "wage", "visibleIf": "{employes} > 0", "colour": "red"}
            ]}],
            "calculatedValues": [
                {"name": "a", "expression": "{b} + {employees}"},
                {"name": "b", "expression": "{a} / 2"}
            ]
        }),
    );
    let good = write(
        dir.path(),
        "good.json",
        &json!({"elements": [{"type": "text", "name": "q"}]}),
    );
    let output = pq(&["check", broken.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    let file = broken.display().to_string();
    assert_eq!(
        lines,
        vec![
            format!(
                "{file}: pages[0].elements[1].visibleIf: unknown question 'employes' — did you mean 'employees'?"
            ),
            format!(
                "{file}: calculatedValues[0].expression: cycle: the calculation depends on itself ('a' → 'b' → 'a'); see also calculatedValues[1].expression"
            ),
            format!("{file}: pages[0].elements[1]: warning: unknown property 'colour' (kept)"),
        ]
    );
    let summary = String::from_utf8_lossy(&output.stderr);
    assert!(
        summary.contains("2 form(s) checked: 2 error(s), 1 warning(s)"),
        "{summary}"
    );
}

#[test]
fn check_passes_a_clean_form_and_names_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "good.json",
        &json!({"elements": [{"type": "text", "name": "q"}]}),
    );
    let output = pq(&["check", good.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "");
    let missing = pq(&["check", "/nonexistent/form.json"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("cannot read /nonexistent/form.json")
    );
    let not_json = write(dir.path(), "bad.json", &json!("x"));
    std::fs::write(&not_json, "{\"pages\": [").unwrap();
    let output = pq(&["check", not_json.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("line 1"), "{}", stdout(&output));
}

fn enterprise_form(dir: &Path) -> PathBuf {
    write(
        dir,
        "form.json",
        &json!({"elements": [
            {"type": "text", "name": "tax_code", "isRequired": true, "validators": [
                {"type": "expression", "expression": "isValidTaxCode({tax_code})",
                 "text": {"default": "Mã số doanh nghiệp không hợp lệ.", "en": "Invalid enterprise code."}}
            ]},
            {"type": "text", "name": "employees", "inputType": "number", "min": 0},
            {"type": "text", "name": "value_added", "inputType": "number"}
        ],
        "calculatedValues": [{"name": "productivity",
            "expression": "iif({employees} > 0, {value_added} / {employees}, '')"}]}),
    )
}

#[test]
fn validate_reports_a_failing_validator_with_the_element_path() {
    let dir = tempfile::tempdir().unwrap();
    let form = enterprise_form(dir.path());
    let answers = write(
        dir.path(),
        "answers.json",
        &json!({"tax_code": "2300325765", "employees": 4, "value_added": 10}),
    );
    let output = pq(&[
        "validate",
        "--form",
        form.to_str().unwrap(),
        answers.to_str().unwrap(),
        "--locale",
        "en",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let verdict: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        verdict,
        json!({
            "valid": false,
            "errors": [{"path": "tax_code", "element": "elements[0]", "message": "Invalid enterprise code."}],
            "calculated": {"productivity": 2.5},
            "answers": {"tax_code": "2300325765", "employees": 4, "value_added": 10}
        })
    );
    let vietnamese = pq(&[
        "validate",
        "--form",
        form.to_str().unwrap(),
        answers.to_str().unwrap(),
    ]);
    let verdict: Value = serde_json::from_slice(&vietnamese.stdout).unwrap();
    assert_eq!(
        verdict["errors"][0]["message"],
        "Mã số doanh nghiệp không hợp lệ."
    );
}

#[test]
fn validate_accepts_good_answers() {
    let dir = tempfile::tempdir().unwrap();
    let form = enterprise_form(dir.path());
    let answers = write(
        dir.path(),
        "answers.json",
        &json!({"tax_code": "2300325764", "employees": 4, "value_added": 10}),
    );
    let output = pq(&[
        "validate",
        "--form",
        form.to_str().unwrap(),
        answers.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let verdict: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(verdict["valid"], true);
    assert_eq!(verdict["errors"], json!([]));
}

#[test]
fn validate_explains_bad_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let form = enterprise_form(dir.path());
    let list = write(dir.path(), "list.json", &json!([1, 2]));
    let output = pq(&[
        "validate",
        "--form",
        form.to_str().unwrap(),
        list.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not an object"));
    let broken = write(
        dir.path(),
        "broken.json",
        &json!({"elements": [{"type": "text", "name": "q", "visibleIf": "{nope}"}]}),
    );
    let output = pq(&[
        "validate",
        "--form",
        broken.to_str().unwrap(),
        list.to_str().unwrap(),
    ]);
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("does not compile (1 error(s)); run `pq check")
    );
}

#[test]
fn the_bundled_forms_check_clean() {
    // Version 2 in forms/, version 1 kept in forms/v1/ (drafts of it still finish).
    let forms = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../forms");
    let mut files: Vec<String> = [forms.clone(), forms.join("v1")]
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    assert_eq!(files.len(), 6, "{files:?}");
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let output = pq(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "", "no errors and no warnings");
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("6 form(s) checked: 0 error(s), 0 warning(s)")
    );
}

/// The day the golden answers are judged on (reporting year 2024).
const TODAY: &str = "2025-06-15";

/// The golden enterprise answers of the core's Plan-285 tests, with one answer changed.
fn enterprise_answers_with(dir: &Path, name: &str, value: Value) -> PathBuf {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/forms/enterprise_valid.json");
    let mut answers: serde_json::Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(golden).unwrap()).unwrap();
    answers.insert(name.to_owned(), value);
    write(dir, &format!("{name}.json"), &Value::Object(answers))
}

#[test]
fn validate_refuses_answers_that_do_not_fit_the_bundled_form() {
    let dir = tempfile::tempdir().unwrap();
    let form = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../forms/enterprise.json");
    let golden = enterprise_answers_with(dir.path(), "unused", Value::Null);
    let output = pq(&[
        "validate",
        "--form",
        form.to_str().unwrap(),
        golden.to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    for (name, value, path, message) in [
        (
            "district",
            json!("atlantis"),
            "district",
            "“atlantis” is not one of this question's choices.",
        ),
        (
            "vsic_section",
            json!("ZZ"),
            "vsic_section",
            "“ZZ” is not one of this question's choices.",
        ),
        (
            "company_name",
            json!({"name": "Công ty"}),
            "company_name",
            "The answer must be text.",
        ),
        (
            "certificates",
            json!("ISO 9001"),
            "certificates",
            "The answer must be a list of entries.",
        ),
    ] {
        let answers = enterprise_answers_with(dir.path(), name, value);
        let output = pq(&[
            "validate",
            "--form",
            form.to_str().unwrap(),
            answers.to_str().unwrap(),
            "--locale",
            "en",
            "--today",
            TODAY,
        ]);
        assert_eq!(output.status.code(), Some(1), "{name}: {}", stdout(&output));
        let verdict: Value = serde_json::from_slice(&output.stdout).unwrap();
        let errors = verdict["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
        assert_eq!(errors[0]["path"], path);
        assert_eq!(errors[0]["message"], message);
        assert!(errors[0]["element"].as_str().unwrap().starts_with("pages["));
    }
    // A name the form does not know: valid, dropped from what is kept, with a warning.
    let answers = enterprise_answers_with(dir.path(), "injected", json!("x"));
    let output = pq(&[
        "validate",
        "--form",
        form.to_str().unwrap(),
        answers.to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let verdict: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(verdict["answers"].get("injected").is_none());
    assert!(verdict["answers"].get("district").is_some());
    assert_eq!(verdict["errors"][0]["path"], "injected");
    assert_eq!(verdict["errors"][0]["level"], "warning");
}

/// `pq validate … | head -c1`: the reader goes away after one byte; `pq` ends quietly (no
/// panic, no message) instead of dying on the broken pipe.
#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    // Far more output than a pipe holds: 3,000 unanswered required questions.
    let elements: Vec<Value> = (0..3000)
        .map(|n| json!({"type": "text", "name": format!("q{n}"), "isRequired": true}))
        .collect();
    let form = write(dir.path(), "form.json", &json!({"elements": elements}));
    let answers = write(dir.path(), "answers.json", &json!({}));
    let mut child = Command::new(env!("CARGO_BIN_EXE_pq"))
        .args([
            "validate",
            "--form",
            form.to_str().unwrap(),
            answers.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0_u8; 1];
    stdout.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"{");
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr, "", "nothing to say about a reader that left");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn check_knows_the_new_types_and_validate_checks_their_answers() {
    let dir = tempfile::tempdir().unwrap();
    let form = write(
        dir.path(),
        "new_types.json",
        &json!({"elements": [
            {"type": "image", "imageLink": "logo.png", "altText": "Logo"},
            {"type": "tagbox", "name": "communes", "choices": ["db", "ts"]},
            {"type": "ranking", "name": "priorities", "choices": ["h", "s"]},
            {"type": "imagepicker", "name": "animal", "choices": [{"value": "cat", "imageLink": "c.png"}]},
            {"type": "slider", "name": "band", "sliderType": "range", "max": 10},
            {"type": "signaturepad", "name": "signature"}
        ]}),
    );
    let output = pq(&["check", form.to_str().unwrap()]);
    let file = form.display().to_string();
    let unknown: Vec<String> = stdout(&output)
        .lines()
        .filter(|line| line.contains("unknown element type"))
        .map(str::to_owned)
        .collect();
    assert_eq!(
        unknown,
        [format!(
            "{file}: elements[5]: warning: unknown element type 'signaturepad' (kept as written)"
        )]
    );
    assert!(!stdout(&output).contains("'tagbox'"));
    let good = write(
        dir.path(),
        "good.json",
        &json!({"communes": ["ts"], "priorities": ["s", "h"], "animal": "cat", "band": [1, 9]}),
    );
    let output = pq(&[
        "validate",
        "--form",
        form.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let bad = write(
        dir.path(),
        "bad.json",
        &json!({"communes": ["hn"], "priorities": ["s"], "animal": ["cat"], "band": [9, 1]}),
    );
    let output = pq(&[
        "validate",
        "--form",
        form.to_str().unwrap(),
        bad.to_str().unwrap(),
        "--locale",
        "en",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let verdict: Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors: Vec<(String, String)> = verdict["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_owned(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("communes[0]", "“hn” is not one of this question's choices."),
        ("priorities", "Please rank every item."),
        ("animal", "The answer must be one choice."),
        ("band", "The start of the range must not be above its end."),
    ];
    assert_eq!(
        errors,
        expected.map(|(p, m)| (p.to_owned(), m.to_owned())).to_vec()
    );
}
