//! Showing values to people: numbers in the respondent's conventions, and indicators that
//! could not be computed shown as such (never `NaN`, never a misleading `0`).

use serde_json::Value;

/// How many fraction digits numbers show unless a form says otherwise.
pub const DEFAULT_FRACTION_DIGITS: usize = 2;

/// A number as people write it: Vietnamese `1.234.567,5`, English `1,234,567.5`. At most
/// `fraction_digits` decimals, trailing zeros dropped.
pub fn format_number(value: f64, locale: &str, fraction_digits: usize) -> String {
    if !value.is_finite() {
        return not_enough_data(locale).to_owned();
    }
    let (group, decimal) = if is_vietnamese(locale) {
        ('.', ',')
    } else {
        (',', '.')
    };
    let fixed = format!("{:.*}", fraction_digits, value.abs());
    let (whole, fraction) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let fraction = fraction.trim_end_matches('0');
    let mut out = String::with_capacity(fixed.len() + fixed.len() / 3 + 1);
    let negative = value < 0.0 && (whole.bytes().any(|b| b != b'0') || !fraction.is_empty());
    if negative {
        out.push('-');
    }
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(digit);
    }
    if !fraction.is_empty() {
        out.push(decimal);
        out.push_str(fraction);
    }
    out
}

/// A typed answer: all its digits, the locale's decimal mark, and thousands separators only
/// from five digits on, so years stay `2024` while money reads `1.234.567,5`.
pub fn format_plain_number(value: f64, locale: &str) -> String {
    if value.abs() >= 10_000.0 {
        return format_number(value, locale, 6);
    }
    let shown = if value.fract() == 0.0 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    };
    if is_vietnamese(locale) {
        shown.replace('.', ",")
    } else {
        shown
    }
}

/// A computed value for display: numbers formatted, text as is, nothing → "not enough data".
pub fn indicator(value: &Value, locale: &str, fraction_digits: usize) -> String {
    match value {
        Value::Number(n) => n.as_f64().map_or_else(
            || not_enough_data(locale).to_owned(),
            |v| format_number(v, locale, fraction_digits),
        ),
        Value::String(s) if !s.trim().is_empty() => s.clone(),
        Value::Bool(b) => yes_no(*b, locale).to_owned(),
        _ => not_enough_data(locale).to_owned(),
    }
}

/// What an indicator shows when its inputs are missing or it cannot be computed.
pub fn not_enough_data(locale: &str) -> &'static str {
    if is_vietnamese(locale) {
        "Chưa đủ dữ liệu"
    } else {
        "Not enough data"
    }
}

fn yes_no(value: bool, locale: &str) -> &'static str {
    match (value, is_vietnamese(locale)) {
        (true, true) => "Có",
        (false, true) => "Không",
        (true, false) => "Yes",
        (false, false) => "No",
    }
}

/// Whether the locale is Vietnamese (`vi`, `vi-VN`…).
pub fn is_vietnamese(locale: &str) -> bool {
    locale
        .split(['-', '_'])
        .next()
        .is_some_and(|root| root.eq_ignore_ascii_case("vi"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn vietnamese_and_english_number_conventions() {
        assert_eq!(format_number(1_234_567.5, "vi", 2), "1.234.567,5");
        assert_eq!(format_number(1_234_567.5, "en", 2), "1,234,567.5");
        assert_eq!(format_number(38.75, "vi", 2), "38,75");
        assert_eq!(format_number(1000.0, "vi", 2), "1.000");
        assert_eq!(format_number(-0.004, "vi", 2), "0");
        assert_eq!(format_number(-12_345.678, "en", 1), "-12,345.7");
        assert_eq!(format_number(999.999, "vi", 2), "1.000");
        assert_eq!(format_number(f64::NAN, "en", 2), "Not enough data");
    }

    #[test]
    fn typed_numbers_keep_their_digits() {
        assert_eq!(format_plain_number(2024.0, "vi"), "2024");
        assert_eq!(format_plain_number(3.5, "vi"), "3,5");
        assert_eq!(format_plain_number(3.5, "en"), "3.5");
        assert_eq!(format_plain_number(-12.0, "en"), "-12");
        assert_eq!(format_plain_number(1_234_567.5, "vi"), "1.234.567,5");
    }

    #[test]
    fn indicators_without_data_say_so() {
        assert_eq!(indicator(&json!(null), "vi", 2), "Chưa đủ dữ liệu");
        assert_eq!(indicator(&json!(""), "en", 2), "Not enough data");
        assert_eq!(indicator(&json!(3.1), "vi", 2), "3,1");
        assert_eq!(indicator(&json!(true), "en", 2), "Yes");
    }
}
