//! Values during evaluation and SurveyJS's rules for converting and comparing them.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::Write as _;

use serde_json::Value as Json;

use super::date::Date;

/// A value during evaluation. Like JSON, plus dates (which come from the date functions and
/// leave evaluation as `"YYYY-MM-DD"`). Strings borrow from the expression when they can.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Str(Cow<'a, str>),
    Date(Date),
    Array(Vec<Val<'a>>),
    Object(Vec<(String, Val<'a>)>),
}

impl<'a> Val<'a> {
    pub fn str(text: impl Into<Cow<'a, str>>) -> Val<'a> {
        Val::Str(text.into())
    }

    /// A number. NaN and the infinities stay numbers during evaluation, as in JavaScript
    /// (NaN is an empty value that equals nothing; `{a} ^ -1 > 100` holds for 0), and
    /// leave it as `null`.
    pub fn num(value: f64) -> Val<'a> {
        Val::Num(value)
    }

    pub fn from_json(json: Json) -> Val<'static> {
        match json {
            Json::Null => Val::Null,
            Json::Bool(b) => Val::Bool(b),
            Json::Number(n) => n.as_f64().map_or(Val::Null, Val::num),
            Json::String(s) => Val::Str(Cow::Owned(s)),
            Json::Array(items) => Val::Array(items.into_iter().map(Val::from_json).collect()),
            Json::Object(map) => Val::Object(
                map.into_iter()
                    .map(|(k, v)| (k, Val::from_json(v)))
                    .collect(),
            ),
        }
    }

    pub fn into_json(self) -> Json {
        match self {
            Val::Null => Json::Null,
            Val::Bool(b) => Json::Bool(b),
            Val::Num(n) => number_to_json(n),
            Val::Str(s) => Json::String(s.into_owned()),
            Val::Date(d) => Json::String(d.to_string()),
            Val::Array(items) => Json::Array(items.into_iter().map(Val::into_json).collect()),
            Val::Object(fields) => Json::Object(
                fields
                    .into_iter()
                    .map(|(k, v)| (k, v.into_json()))
                    .collect(),
            ),
        }
    }

    /// The field `name` of an object, by its exact key.
    pub fn field_exact(&self, name: &str) -> Option<&Val<'a>> {
        let Val::Object(fields) = self else {
            return None;
        };
        fields.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// A JSON number for `value`: an integer when it is one (below 2^53), else a float;
/// `null` for NaN and infinities.
pub(crate) fn number_to_json(value: f64) -> Json {
    if !value.is_finite() {
        return Json::Null;
    }
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        #[allow(clippy::cast_possible_truncation)]
        return Json::from(value as i64);
    }
    serde_json::Number::from_f64(value).map_or(Json::Null, Json::Number)
}

/// Case-insensitive equality (Unicode lower case), without allocating.
pub(crate) fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// SurveyJS `Helpers.isValueEmpty`: undefined, null, `""`, `[]`, and objects whose values
/// are all empty. `0` and `false` are not empty.
pub(crate) fn is_empty(value: &Val) -> bool {
    match value {
        Val::Null => true,
        Val::Str(s) => s.is_empty(),
        Val::Num(n) => n.is_nan(),
        Val::Array(items) => items.is_empty(),
        Val::Object(fields) => fields.iter().all(|(_, v)| is_empty(v)),
        Val::Bool(_) | Val::Date(_) => false,
    }
}

/// The same test on JSON: whether an answer counts as not given.
pub fn json_is_empty(value: &Json) -> bool {
    match value {
        Json::Null => true,
        Json::String(s) => s.is_empty(),
        Json::Array(items) => items.is_empty(),
        Json::Object(map) => map.values().all(json_is_empty),
        Json::Bool(_) | Json::Number(_) => false,
    }
}

/// JavaScript `value == true` on a JSON result: whether a condition's value counts as `true`.
pub fn json_is_true(value: &Json) -> bool {
    match value {
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64() == Some(1.0),
        Json::String(s) => js_string_to_number(s) == 1.0,
        // `[x] == true` compares x's text with 1; longer or empty arrays never equal it.
        Json::Array(items) => match items.as_slice() {
            [single @ (Json::Number(_) | Json::String(_) | Json::Array(_))] => json_is_true(single),
            _ => false,
        },
        Json::Null | Json::Object(_) => false,
    }
}

/// JavaScript truthiness (`!!value`).
pub(crate) fn truthy(value: &Val) -> bool {
    match value {
        Val::Null => false,
        Val::Bool(b) => *b,
        Val::Num(n) => *n != 0.0 && !n.is_nan(),
        Val::Str(s) => !s.is_empty(),
        Val::Date(_) | Val::Array(_) | Val::Object(_) => true,
    }
}

/// JavaScript `value == true`: how SurveyJS turns a condition's result into a boolean.
pub(crate) fn loosely_true(value: &Val) -> bool {
    match value {
        Val::Bool(b) => *b,
        Val::Num(n) => *n == 1.0,
        Val::Str(s) => js_string_to_number(s) == 1.0,
        Val::Array(_) => js_string_to_number(&js_string(value)) == 1.0,
        Val::Null | Val::Date(_) | Val::Object(_) => false,
    }
}

/// Whether `text` is a decimal number literal as JavaScript's `Number()` reads it:
/// optional sign, digits with an optional fraction (or a fraction alone), optional exponent.
fn decimal_literal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut i = 0;
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits_start = i;
    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let mut digits = i - digits_start;
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        let fraction_start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        digits += i - fraction_start;
    }
    if digits == 0 {
        return None;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exponent_start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == exponent_start {
            return None;
        }
    }
    if i != bytes.len() {
        return None;
    }
    text.parse::<f64>().ok()
}

/// Reads `0x…`, `0b…`, `0o…` integers (JavaScript `Number()` prefixes).
fn radix_literal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    if bytes.len() < 3 || bytes[0] != b'0' {
        return None;
    }
    let radix = match bytes[1] {
        b'x' | b'X' => 16,
        b'b' | b'B' => 2,
        b'o' | b'O' => 8,
        _ => return None,
    };
    let mut value = 0.0_f64;
    for c in text[2..].chars() {
        value = value * f64::from(radix) + f64::from(c.to_digit(radix)?);
    }
    Some(value)
}

/// JavaScript `Number(text)`: NaN when the text is not a number; `""` is 0.
pub(crate) fn js_string_to_number(text: &str) -> f64 {
    let t = text.trim();
    if t.is_empty() {
        return 0.0;
    }
    match t {
        "Infinity" | "+Infinity" => return f64::INFINITY,
        "-Infinity" => return f64::NEG_INFINITY,
        _ => {}
    }
    radix_literal(t)
        .or_else(|| decimal_literal(t))
        .unwrap_or(f64::NAN)
}

/// SurveyJS `Helpers.isNumber`/`getNumber` for text: the number a question's text answer
/// stands for, if any. Surrounding whitespace is ignored, `0x…` is hexadecimal, a single
/// comma is a decimal separator (`"1,5"` is 1.5), and more than 15 digits stay text (long
/// identifiers are not numbers).
pub(crate) fn survey_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(hex) = t.strip_prefix("0x") {
        if t.len() > 32 || hex.is_empty() {
            return None;
        }
        return radix_literal(t);
    }
    if t.len() > 15 && t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value = if t.matches(',').count() == 1 {
        decimal_literal(&t.replacen(',', ".", 1))
    } else {
        decimal_literal(t)
    };
    value.filter(|v| v.is_finite())
}

/// SurveyJS's conversion of a variable's value (`Const.getCorrectValue`), skipped for
/// `{#name}`: text `"true"`/`"false"` (any case) becomes a boolean; text wrapped in quotes
/// loses them; numeric text becomes a number, except text starting with `0` that is not
/// `0`, `0.…`, `0,…` or `0x…` (codes such as `"0123"` stay text).
pub(crate) fn convert_variable(value: Val<'_>) -> Val<'_> {
    let Val::Str(text) = &value else {
        return value;
    };
    if text.is_empty() {
        return value;
    }
    if text.eq_ignore_ascii_case("true") {
        return Val::Bool(true);
    }
    if text.eq_ignore_ascii_case("false") {
        return Val::Bool(false);
    }
    let mut chars = text.chars();
    if let (Some(first), Some(last)) = (chars.next(), chars.next_back())
        && is_quote(first)
        && is_quote(last)
    {
        let inner = &text[first.len_utf8()..text.len() - last.len_utf8()];
        return Val::Str(Cow::Owned(inner.to_owned()));
    }
    if let Some(number) = survey_number(text) {
        let bytes = text.as_bytes();
        if bytes[0] == b'0' && !text.starts_with("0x") {
            let has_point = bytes.len() > 1 && (bytes[1] == b'.' || bytes[1] == b',');
            if !has_point && bytes.len() > 1 {
                return value;
            }
        }
        return Val::Num(number);
    }
    value
}

fn is_quote(c: char) -> bool {
    c == '\'' || c == '"'
}

/// JavaScript `String(number)`.
pub(crate) fn js_number_string(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if value == 0.0 {
        return "0".to_owned();
    }
    let magnitude = value.abs();
    if (1e-6..1e21).contains(&magnitude) {
        return value.to_string();
    }
    // Exponent form, `1e+21` / `1.5e-7` as JavaScript writes it.
    let text = format!("{value:e}");
    match text.split_once('e') {
        Some((mantissa, exponent)) if !exponent.starts_with('-') => {
            format!("{mantissa}e+{exponent}")
        }
        _ => text,
    }
}

/// JavaScript `String(value)` (dates as `YYYY-MM-DD`), appended to `out`.
pub(crate) fn write_js_string(value: &Val, out: &mut String) {
    match value {
        Val::Null => out.push_str("null"),
        Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Val::Num(n) => out.push_str(&js_number_string(*n)),
        Val::Str(s) => out.push_str(s),
        Val::Date(d) => {
            let _ = write!(out, "{d}");
        }
        Val::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !matches!(item, Val::Null) {
                    write_js_string(item, out);
                }
            }
        }
        Val::Object(_) => out.push_str("[object Object]"),
    }
}

/// JavaScript `String(value)`.
pub(crate) fn js_string<'a>(value: &Val<'a>) -> Cow<'a, str> {
    if let Val::Str(s) = value {
        return s.clone();
    }
    let mut out = String::new();
    write_js_string(value, &mut out);
    Cow::Owned(out)
}

/// JavaScript `Number(value)` (NaN when not a number; `null` is 0).
pub(crate) fn js_number(value: &Val) -> f64 {
    match value {
        Val::Null => 0.0,
        Val::Bool(b) => f64::from(u8::from(*b)),
        Val::Num(n) => *n,
        Val::Str(s) => js_string_to_number(s),
        Val::Array(items) if items.is_empty() => 0.0,
        Val::Array(items) if items.len() == 1 => js_string_to_number(&js_string(value)),
        // A date is its milliseconds since 1970-01-01 (midnight, UTC).
        #[allow(clippy::cast_precision_loss)]
        Val::Date(d) => d.days_since_epoch() as f64 * 86_400_000.0,
        Val::Array(_) | Val::Object(_) => f64::NAN,
    }
}

/// A number for a function argument: numbers, numeric text (SurveyJS rules) and booleans.
pub(crate) fn to_number(value: &Val) -> Option<f64> {
    match value {
        Val::Num(n) => Some(*n).filter(|n| n.is_finite()),
        Val::Str(s) => survey_number(s),
        Val::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// A date for a date function argument: a date, a date text, or milliseconds since
/// 1970-01-01 (UTC; a boolean is 0 or 1 ms), as JavaScript's `new Date(value)` reads them.
pub(crate) fn to_date(value: &Val) -> Option<Date> {
    match value {
        Val::Date(d) => Some(*d),
        // JavaScript's `new Date(true)` is 1 ms after 1970-01-01.
        Val::Bool(_) => Some(Date::EPOCH),
        Val::Str(s) => Date::parse_rolling(s),
        Val::Num(ms) if ms.is_finite() => {
            #[allow(clippy::cast_possible_truncation)]
            let days = (ms / 86_400_000.0).floor() as i64;
            Date::from_days_since_epoch(days)
        }
        _ => None,
    }
}

/// The number of decimals in the shortest text of `value` (0 for integers), as SurveyJS
/// counts them: the characters after the `.` of JavaScript's text of the number, so
/// `1.5e-7` counts 4 and `1e-7` none.
pub(crate) fn count_decimals(value: f64) -> usize {
    if !value.is_finite() || value.fract() == 0.0 {
        return 0;
    }
    let text = js_number_string(value);
    text.find('.').map_or(0, |dot| text.len() - dot - 1)
}

/// `value` rounded to `digits` decimals, as JavaScript's `parseFloat(value.toFixed(digits))`.
pub(crate) fn to_fixed(value: f64, digits: usize) -> f64 {
    if !value.is_finite() {
        return value;
    }
    format!("{:.*}", digits.min(100), value)
        .parse()
        .unwrap_or(value)
}

/// SurveyJS's correction of float noise after `+` and `-`: the result keeps as many
/// decimals as the operand with the most (`0.1 + 0.2` is `0.3`).
pub(crate) fn correct_sum(a: f64, b: f64, result: f64) -> f64 {
    let digits = count_decimals(a).max(count_decimals(b));
    if digits > 0 {
        to_fixed(result, digits)
    } else {
        result
    }
}

/// SurveyJS's correction after `*`: the result keeps the operands' decimals added up
/// (`3 * 0.6` is `1.8`).
pub(crate) fn correct_product(a: f64, b: f64, result: f64) -> f64 {
    let digits = count_decimals(a) + count_decimals(b);
    if digits > 0 {
        to_fixed(result, digits)
    } else {
        result
    }
}

/// SurveyJS `Helpers.isTwoValueEquals` as the `=` operator calls it (array order ignored,
/// text compared trimmed and ignoring case), after the operator's own conversions: a text
/// `'undefined'` counts as no value, and text compared with a date is read as a date.
pub(crate) fn equals(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Date(date), Val::Str(text)) | (Val::Str(text), Val::Date(date)) => {
            return Date::parse_rolling(text) == Some(*date);
        }
        _ => {}
    }
    operand_equals(a, b)
}

fn is_undefined_text(value: &Val) -> bool {
    matches!(value, Val::Str(s) if s == "undefined")
}

/// `OperandMaker.isTwoValueEquals`: the text `'undefined'` counts as no value.
pub(crate) fn operand_equals(a: &Val, b: &Val) -> bool {
    let a = if is_undefined_text(a) { &Val::Null } else { a };
    let b = if is_undefined_text(b) { &Val::Null } else { b };
    two_value_equals(a, b)
}

/// The number a value stands for in SurveyJS's "both convertible to numbers" equality
/// test: numbers, and text that JavaScript reads as a decimal number.
fn equality_number(value: &Val) -> Option<f64> {
    match value {
        Val::Num(n) if !n.is_nan() => Some(*n),
        Val::Str(s) => {
            let t = s.trim();
            if t.is_empty() {
                return None;
            }
            decimal_literal(t)
        }
        _ => None,
    }
}

fn is_object_like(value: &Val) -> bool {
    matches!(value, Val::Array(_) | Val::Object(_) | Val::Date(_))
}

fn two_value_equals(x: &Val, y: &Val) -> bool {
    match (x, y) {
        (Val::Null, Val::Null) => return true,
        (Val::Null, Val::Str(s)) | (Val::Str(s), Val::Null) if s.is_empty() => return true,
        (Val::Str(a), Val::Str(b)) => return eq_ignore_case(a.trim(), b.trim()),
        (Val::Date(a), Val::Date(b)) => return a == b,
        (Val::Num(a), Val::Num(b)) if a == b => return true,
        (Val::Bool(a), Val::Bool(b)) if a == b => return true,
        _ => {}
    }
    if let (Some(a), Some(b)) = (equality_number(x), equality_number(y))
        && a == b
    {
        return true;
    }
    if is_empty(x) != is_empty(y) {
        return false;
    }
    match (x, y) {
        (Val::Bool(b), Val::Str(s)) | (Val::Str(s), Val::Bool(b)) => {
            return s.to_lowercase() == if *b { "true" } else { "false" };
        }
        _ => {}
    }
    if !is_object_like(x) && !is_object_like(y) {
        return js_loose_equals(x, y);
    }
    match (x, y) {
        (Val::Array(a), Val::Array(b)) => arrays_equal_ignoring_order(a, b),
        (Val::Object(a), Val::Object(b)) => {
            a.len() == b.len()
                && a.iter().all(|(key, value)| {
                    b.iter()
                        .find(|(k, _)| k == key)
                        .is_some_and(|(_, other)| two_value_equals(value, other))
                })
        }
        _ => false,
    }
}

/// JavaScript `==` between primitives (null, booleans, numbers, text).
fn js_loose_equals(x: &Val, y: &Val) -> bool {
    match (x, y) {
        (Val::Null, Val::Null) => true,
        (Val::Null, _) | (_, Val::Null) => false,
        (Val::Str(a), Val::Str(b)) => a == b,
        _ => {
            let (a, b) = (js_number(x), js_number(y));
            a == b
        }
    }
}

/// SurveyJS's array equality ignoring order: same length, and after sorting both as
/// JavaScript's `sort()` does (by the items' text), the items equal pairwise. So
/// `[1, 2] = [2, 1]`, but `['b', 'A'] = ['a', 'B']` is false (sorted, `'A'` meets `'B'`),
/// and arrays of objects compare in their given order.
fn arrays_equal_ignoring_order(a: &[Val], b: &[Val]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let sorted = |items: &[Val]| {
        let mut keyed: Vec<(String, usize)> = items
            .iter()
            .enumerate()
            .map(|(i, item)| (js_sort_key(item), i))
            .collect();
        // Stable, as JavaScript's sort is: equal texts keep their order.
        keyed.sort_by(|x, y| x.0.encode_utf16().cmp(y.0.encode_utf16()));
        keyed.into_iter().map(|(_, i)| i).collect::<Vec<_>>()
    };
    let (x, y) = (sorted(a), sorted(b));
    x.iter()
        .zip(&y)
        .all(|(&i, &j)| two_value_equals(&a[i], &b[j]))
}

/// The text JavaScript's default `sort()` orders an item by (`null` as "null").
fn js_sort_key(item: &Val) -> String {
    match item {
        Val::Null => "null".to_owned(),
        other => js_string(other).into_owned(),
    }
}

/// The order of two values for `<`, `>`, as JavaScript's relational operators decide it
/// after SurveyJS's preparation: `None` when they cannot be compared (either is `null`,
/// a number is NaN, a date text is invalid…). Dates compare with dates and date texts
/// (and with numbers as milliseconds since 1970);
/// two texts (arrays and objects count as their text) compare by code point, so `'10' < '9'`
/// and `'B' < 'a'`; anything else compares as JavaScript numbers (`'' < 5`, `true > 0`).
pub(crate) fn compare(a: &Val, b: &Val) -> Option<Ordering> {
    match (a, b) {
        (Val::Null, _) | (_, Val::Null) => None,
        (Val::Date(x), Val::Date(y)) => Some(x.cmp(y)),
        (Val::Date(x), Val::Str(s)) => Date::parse_rolling(s).map(|y| x.cmp(&y)),
        (Val::Str(s), Val::Date(y)) => Date::parse_rolling(s).map(|x| x.cmp(y)),
        _ => {
            let textual = |v: &Val| matches!(v, Val::Str(_) | Val::Array(_) | Val::Object(_));
            if textual(a) && textual(b) {
                return Some(js_string(a).as_ref().cmp(js_string(b).as_ref()));
            }
            js_number(a).partial_cmp(&js_number(b))
        }
    }
}

/// JavaScript falsiness: `!value`.
fn falsy(value: &Val) -> bool {
    !truthy(value)
}

/// SurveyJS `containsCore` (with its default, case-insensitive comparator):
/// * an empty array contains nothing (`notcontains` is true);
/// * `null`, `""` (and NaN) contain nothing, for `notcontains` too;
/// * an array contains an item equal to the right side (equality as `=`), or, for an array
///   on the right, every one of its items;
/// * anything else is read as text (`0`, `false`, `true`, objects as JavaScript prints
///   them) and contains the right side's text as a substring, ignoring case; a falsy right
///   side (`null`, `""`, `0`, `false`) is never found, for `notcontains` too.
pub(crate) fn contains_core(left: &Val, right: &Val, is_contains: bool) -> bool {
    match left {
        Val::Array(items) if items.is_empty() => !is_contains,
        Val::Array(items) => {
            let wanted = match right {
                Val::Array(r) => r.as_slice(),
                _ => std::slice::from_ref(right),
            };
            let all_found = wanted
                .iter()
                .all(|item| items.iter().any(|l| operand_equals(l, item)));
            all_found == is_contains
        }
        Val::Null => false,
        Val::Str(text) if text.is_empty() => false,
        Val::Num(n) if n.is_nan() => false,
        Val::Str(text) => text_contains(text, right, is_contains),
        other => text_contains(&js_string(other), right, is_contains),
    }
}

fn text_contains(text: &str, right: &Val, is_contains: bool) -> bool {
    if falsy(right) {
        return false;
    }
    let needle = js_string(right);
    contains_ignoring_case(text, &needle) == is_contains
}

/// Whether `haystack` contains `needle` ignoring case (JavaScript `toLowerCase` on both);
/// without allocating when both are ASCII.
pub(crate) fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    if haystack.is_ascii() && needle.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        return n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

/// `contains` / `*=`.
pub(crate) fn contains(left: &Val, right: &Val) -> bool {
    contains_core(left, right, true)
}

/// `notcontains`: also true when the left side is falsy (`null`, `""`, `0`, `false`) and
/// the right side is not empty.
pub(crate) fn not_contains(left: &Val, right: &Val) -> bool {
    if falsy(left) && !is_empty(right) {
        return true;
    }
    contains_core(left, right, false)
}

/// SurveyJS `anyof`: true when both sides are empty; false when only the left is; true when
/// only the right is; a single value on the left must be contained in the right side
/// (`'b' anyof ['a', 'b']`, `'b' anyof 'abc'`); an array on the left must contain the right
/// side (a single value) or one of its items.
pub(crate) fn any_of(left: &Val, right: &Val) -> bool {
    let (left_empty, right_empty) = (is_empty(left), is_empty(right));
    if left_empty && right_empty {
        return true;
    }
    if left_empty {
        return false;
    }
    if right_empty {
        return true;
    }
    match (left, right) {
        (Val::Array(_), Val::Array(items)) => items.iter().any(|item| contains(left, item)),
        (Val::Array(_), _) => contains(left, right),
        _ => contains(right, left),
    }
}

/// `allof`: every item on the right is contained in the left side (false when the left
/// side is falsy and the right side is not empty; true for an empty array on the right).
pub(crate) fn all_of(left: &Val, right: &Val) -> bool {
    if falsy(left) && !is_empty(right) {
        return false;
    }
    match right {
        Val::Array(items) => items.iter().all(|item| contains(left, item)),
        _ => contains(left, right),
    }
}

/// SurveyJS `noneof`: exactly `!(left anyof right)`, so false when both sides are empty or
/// only the right side is, true when only the left side is.
pub(crate) fn none_of(left: &Val, right: &Val) -> bool {
    !any_of(left, right)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn s(text: &str) -> Val<'static> {
        Val::str(text.to_owned())
    }

    #[test]
    fn survey_numbers() {
        assert_eq!(survey_number("12"), Some(12.0));
        assert_eq!(survey_number(" 1.5 "), Some(1.5));
        assert_eq!(survey_number("1,5"), Some(1.5));
        assert_eq!(survey_number("1,000,000"), None);
        assert_eq!(survey_number("-3"), Some(-3.0));
        assert_eq!(survey_number("1e3"), Some(1000.0));
        assert_eq!(survey_number("0x1F"), Some(31.0));
        assert_eq!(survey_number("2024-01-01"), None);
        assert_eq!(survey_number("1234567890123456"), None);
        assert_eq!(
            survey_number("123456789012345"),
            Some(123_456_789_012_345.0)
        );
        assert_eq!(survey_number("abc"), None);
        assert_eq!(survey_number(""), None);
        assert_eq!(survey_number("Infinity"), None);
        assert_eq!(survey_number("."), None);
    }

    #[test]
    fn js_numbers() {
        assert_eq!(js_string_to_number(""), 0.0);
        assert_eq!(js_string_to_number(" 5 "), 5.0);
        assert_eq!(js_string_to_number("0x10"), 16.0);
        assert!(js_string_to_number("1,5").is_nan());
        assert_eq!(js_number(&Val::Bool(true)), 1.0);
        assert_eq!(js_number(&Val::Array(vec![s("7")])), 7.0);
        assert!(js_number(&Val::Array(vec![s("7"), s("8")])).is_nan());
    }

    #[test]
    fn number_strings() {
        assert_eq!(js_number_string(5.0), "5");
        assert_eq!(js_number_string(-0.0), "0");
        assert_eq!(js_number_string(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(js_number_string(1e21), "1e+21");
        assert_eq!(js_number_string(1.5e-7), "1.5e-7");
        assert_eq!(js_number_string(0.000_001), "0.000001");
        assert_eq!(js_number_string(123_456.789), "123456.789");
    }

    #[test]
    fn variable_conversion() {
        assert_eq!(convert_variable(s("5")), Val::Num(5.0));
        assert_eq!(convert_variable(s("0.5")), Val::Num(0.5));
        assert_eq!(convert_variable(s("0")), Val::Num(0.0));
        assert_eq!(convert_variable(s("0123")), s("0123"));
        assert_eq!(convert_variable(s("TRUE")), Val::Bool(true));
        assert_eq!(convert_variable(s("'quoted'")), s("quoted"));
        assert_eq!(convert_variable(s("abc")), s("abc"));
        assert_eq!(convert_variable(s("'")), s("'"));
    }

    #[test]
    fn float_correction() {
        assert_eq!(correct_sum(0.1, 0.2, 0.1 + 0.2), 0.3);
        assert_eq!(correct_product(3.0, 0.6, 3.0 * 0.6), 1.8);
        assert_eq!(count_decimals(0.000_015), 6);
        // JavaScript writes these `1.5e-7` and `1e-7`: SurveyJS counts what follows the dot.
        assert_eq!(count_decimals(0.000_000_15), 4);
        assert_eq!(count_decimals(0.000_000_1), 0);
        assert_eq!(to_fixed(1.005, 2), 1.0);
    }

    #[test]
    fn json_numbers() {
        assert_eq!(number_to_json(3.0), serde_json::json!(3));
        assert_eq!(number_to_json(-0.0), serde_json::json!(0));
        assert_eq!(number_to_json(1.5), serde_json::json!(1.5));
        assert_eq!(number_to_json(f64::NAN), Json::Null);
        assert_eq!(number_to_json(1e300), serde_json::json!(1e300));
    }

    #[test]
    fn emptiness() {
        assert!(is_empty(&Val::Null));
        assert!(is_empty(&s("")));
        assert!(is_empty(&Val::Array(vec![])));
        assert!(is_empty(&Val::Object(vec![("a".into(), Val::Null)])));
        assert!(!is_empty(&Val::Num(0.0)));
        assert!(!is_empty(&Val::Bool(false)));
        assert!(!is_empty(&s(" ")));
    }
}
