//! Records saved per second through the app's own `Store::save`: the ignored wasm-bindgen
//! test `tests/storage_bench.rs`, built in release and run in headless Chromium.

use super::stats::thousands;
use super::table::Row;
use crate::error::XtaskError;
use crate::process;
use crate::toolchain::CHROMEDRIVER;

const MARK: &str = "PQ_BENCH records_saved_per_second=";

pub fn saves_per_second() -> Result<Row, XtaskError> {
    println!(
        "\n━━ storage: records saved per second (Store::save, release wasm, headless Chromium) ━━"
    );
    let mut test = process::cargo();
    test.args([
        "test",
        "--release",
        "--package",
        "pq_app",
        "--target",
        "wasm32-unknown-unknown",
        "--test",
        "storage_bench",
        "--",
        "--include-ignored",
        "--nocapture",
    ])
    .env("CHROMEDRIVER", CHROMEDRIVER)
    .env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    )
    .env("WASM_BINDGEN_TEST_TIMEOUT", "300");
    let printed = process::run_capturing(&mut test, "storage benchmark (wasm-bindgen-test)")?;
    let rate = read_rate(&printed).ok_or_else(|| {
        XtaskError::Check(format!("the storage benchmark printed no \"{MARK}…\" line"))
    })?;
    Ok(Row::new(
        "storage",
        "records saved per second (Store::save, one transaction each)",
        format!("{} /s", thousands(rate)),
    ))
}

fn read_rate(printed: &str) -> Option<f64> {
    printed.lines().find_map(|line| {
        let (_, rest) = line.split_once(MARK)?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_rate_line() {
        let printed =
            "running 1 test\nPQ_BENCH records_saved_per_second=812.5 saves=2000 ms=2461\n";
        assert_eq!(super::read_rate(printed), Some(812.5));
        assert_eq!(super::read_rate("nothing"), None);
    }
}
