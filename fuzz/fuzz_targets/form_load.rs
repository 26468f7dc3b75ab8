//! Arbitrary bytes through the form loader: whatever loads writes back JSON that loads again
//! and writes back the same JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pq_core::form::{load, load_value};

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(loaded) = load(text) else {
        return;
    };
    let json = loaded.definition.to_json();
    match load_value(json.clone()) {
        Ok(again) => assert_eq!(
            again.definition.to_json(),
            json,
            "{text:?} loaded as {json}, which writes back differently"
        ),
        Err(error) => panic!("{text:?} loaded as {json}, which does not load again: {error}"),
    }
});
