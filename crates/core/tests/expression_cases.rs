//! Runs every case of `fixtures/expression_cases.json` (expression text, variables, the
//! result survey-core gives) through our evaluator and prints the pass rate.
//!
//! A case with `"parses": false` is text survey-core cannot parse (it answers `null`, false
//! as a condition): it matches when we cannot parse it either, or answer the same.
//!
//! `PQ_EXPRESSION_CASES=path` runs another file of the same shape instead.
//!
//! Each case either matches survey-core, or carries a `difference` saying why we answer
//! otherwise on purpose; the test fails when a case without a `difference` does not match,
//! or when a case marked as a difference matches after all (the mark is then stale).

use pq_core::expression::{Date, MapContext, parse};
use serde_json::Value;

struct Outcome {
    matched: bool,
    ours: Value,
}

fn numbers_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| numbers_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| numbers_equal(v, w)))
        }
        _ => a == b,
    }
}

fn run(case: &Value, today: Date) -> Outcome {
    let text = case["expression"].as_str().unwrap_or_default();
    let ctx = MapContext::from_json(case["values"].clone(), today);
    let ours = match parse(text) {
        Ok(expression) if case["mode"] == "condition" => {
            Value::Bool(expression.evaluate_condition(&ctx))
        }
        Ok(expression) => expression.evaluate(&ctx),
        Err(error) => serde_json::json!({ "error": error.to_string() }),
    };
    // Our numbers go through the same JSON text and reader as the fixture's (serde_json
    // reads some decimals one binary digit off; both sides then are off alike).
    let ours = serde_json::from_str(&ours.to_string()).unwrap_or(ours);
    // Text survey-core cannot parse (it answers null and warns) matches our parse error.
    let matched = if case["parses"] == Value::Bool(false) {
        ours.get("error").is_some() || numbers_equal(&ours, &case["expected"])
    } else {
        numbers_equal(&ours, &case["expected"])
    };
    Outcome { matched, ours }
}

#[test]
fn survey_core_expression_cases() {
    // PQ_EXPRESSION_CASES=path runs another file of the same shape (to try new cases).
    let path = std::env::var("PQ_EXPRESSION_CASES").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/expression_cases.json"
        )
        .to_owned()
    });
    let text = std::fs::read_to_string(&path).expect("the cases file can be read");
    let fixture: Value = serde_json::from_str(&text).expect("the cases file is JSON");
    let today = Date::parse(fixture["today"].as_str().unwrap_or_default()).expect("a date");
    let cases = fixture["cases"].as_array().expect("a list of cases");
    if std::env::var_os("PQ_EXPRESSION_CASES").is_none() {
        assert!(cases.len() > 1000, "the fixture lost its cases");
    }

    let mut matched = 0;
    let mut unexpected = Vec::new();
    for case in cases {
        let outcome = run(case, today);
        let difference = case.get("difference").and_then(Value::as_str);
        if outcome.matched {
            matched += 1;
        }
        match (outcome.matched, difference) {
            (true, None) | (false, Some(_)) => {}
            (false, None) => unexpected.push(format!(
                "{} with {} → ours {}, survey-core {}",
                case["expression"], case["values"], outcome.ours, case["expected"]
            )),
            (true, Some(reason)) => unexpected.push(format!(
                "{} now matches survey-core: remove its difference ({reason})",
                case["expression"]
            )),
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let rate = 100.0 * f64::from(matched) / cases.len() as f64;
    println!(
        "survey-core expression cases: {matched} of {} match ({rate:.1} %)",
        cases.len()
    );
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
}
