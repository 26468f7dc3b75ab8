//! Arbitrary text through the expression parser: whatever parses prints back to text that
//! parses to the same tree, and evaluates without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pq_core::expression::{Date, MapContext, parse};

fuzz_target!(|text: &str| {
    let Ok(expression) = parse(text) else {
        return;
    };
    let printed = expression.to_string();
    match parse(&printed) {
        Ok(again) => assert_eq!(
            again, expression,
            "{text:?} printed as {printed:?}, which parses to another tree"
        ),
        Err(error) => panic!("{text:?} printed as {printed:?}, which does not parse: {error}"),
    }
    let Some(today) = Date::new(2024, 5, 1) else {
        return;
    };
    let context = MapContext::new(serde_json::Map::new(), today);
    let _ = expression.evaluate(&context);
    let _ = expression.evaluate_condition(&context);
});
