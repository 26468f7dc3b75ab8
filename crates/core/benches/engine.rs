//! Engine speed on a big generated form: 1,000 questions on 10 pages, 500 calculated values
//! and 500 `visibleIf` conditions. Targets (native, median): compile ≤ 10 ms, one answer
//! change ≤ 50 µs. Also judging one enterprise submission of Plan 285 as the collector does
//! (`FormState` + validation + the answers kept): ≤ 100 µs.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use pq_core::compile::compile_json;
use pq_core::expression::Date;
use pq_core::state::FormState;
use pq_core::submission::judge;
use serde_json::{Map, Value, json};

/// Question `i` is `q{i}`. Questions 500–999 are shown when one of q0–q9 is above a
/// threshold, so each of q0–q9 drives 50 conditions; calculated value `c{k}` adds two
/// questions and one of q0–q9.
fn big_form() -> String {
    let pages: Vec<Value> = (0..10)
        .map(|p| {
            let elements: Vec<Value> = (p * 100..(p + 1) * 100)
                .map(|i| {
                    let mut q =
                        json!({"type": "text", "name": format!("q{i}"), "inputType": "number"});
                    if i >= 500 {
                        q["visibleIf"] = json!(format!("{{q{}}} > {}", i % 10, i % 7));
                    }
                    q
                })
                .collect();
            json!({"name": format!("page{p}"), "elements": elements})
        })
        .collect();
    let calculated: Vec<Value> = (0..500)
        .map(|k| {
            json!({"name": format!("c{k}"),
                   "expression": format!("{{q{}}} + {{q{}}} * {{q{}}}", 10 + k, 11 + k, k % 10)})
        })
        .collect();
    json!({"pages": pages, "calculatedValues": calculated}).to_string()
}

fn engine(c: &mut Criterion) {
    let text = big_form();
    c.bench_function(
        "compile 1000 questions, 500 calculated, 500 visibleIf",
        |b| b.iter(|| compile_json(black_box(&text)).unwrap()),
    );
    let form = Arc::new(compile_json(&text).unwrap());
    let today = Date::new(2026, 11, 28).unwrap();
    let mut state = FormState::new(Arc::clone(&form), Map::new(), today);
    let mut n = 0_i64;
    c.bench_function(
        "one answer change (50 conditions + 50 calculations depend on it)",
        |b| {
            b.iter(|| {
                n += 1;
                black_box(state.set_value("q3", json!(n % 10)))
            })
        },
    );
}

/// The bundled enterprise form and its golden answers (the repository's test fixture).
fn enterprise() -> (String, Map<String, Value>) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let form = std::fs::read_to_string(format!("{root}/forms/enterprise.json")).unwrap();
    let answers =
        std::fs::read_to_string(format!("{root}/tests/fixtures/forms/enterprise_valid.json"))
            .unwrap();
    (form, serde_json::from_str(&answers).unwrap())
}

fn judging(c: &mut Criterion) {
    let (text, answers) = enterprise();
    let form = Arc::new(compile_json(&text).unwrap());
    let today = Date::new(2025, 6, 15).unwrap();
    assert!(judge(Arc::clone(&form), answers.clone(), "vi", today).valid);
    c.bench_function("judge one enterprise submission", |b| {
        b.iter(|| black_box(judge(Arc::clone(&form), answers.clone(), "vi", today)))
    });
}

criterion_group!(benches, engine, judging);
criterion_main!(benches);
