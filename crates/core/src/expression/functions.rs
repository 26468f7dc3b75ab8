//! The built-in functions.

use std::borrow::Cow;

use super::ast::{Expression, Node};
use super::context::Context;
use super::date::Date;
use super::evaluate::{evaluate, evaluate_condition};
use super::value::{
    Val, correct_sum, is_empty, js_number_string, js_string, to_date, to_number, truthy,
};

/// A built-in function. Names are matched without regard to ASCII case and printed in
/// the canonical spelling of [`Function::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Function {
    /// `iif(condition, ifTrue, ifFalse)`
    Iif,
    /// `sum(a, b, …)` (arrays are flattened)
    Sum,
    /// `min(a, b, …)`
    Min,
    /// `max(a, b, …)`
    Max,
    /// `avg(a, b, …)`
    Avg,
    /// `count(a, b, …)`
    Count,
    /// `round(x, digits?)`
    Round,
    /// `trunc(x, digits?)`
    Trunc,
    /// `abs(x)`
    Abs,
    /// `substring(text, start, end?)`
    Substring,
    /// `today(days?)`
    Today,
    /// `currentDate()`
    CurrentDate,
    /// `currentYear()`
    CurrentYear,
    /// `year(date?)`
    Year,
    /// `month(date?)`
    Month,
    /// `day(date?)`
    Day,
    /// `weekday(date?)`
    Weekday,
    /// `getDate(value)`
    GetDate,
    /// `getYear(date)`
    GetYear,
    /// `age(birthDate, unit?)`
    Age,
    /// `dateAdd(date, amount, unit?)`
    DateAdd,
    /// `dateDiff(from, to, unit?)`
    DateDiff,
    /// `diffDays(from, to)`
    DiffDays,
    /// `sumInArray(array, field, condition?)`
    SumInArray,
    /// `countInArray(array, field, condition?)`
    CountInArray,
    /// `minInArray(array, field, condition?)`
    MinInArray,
    /// `maxInArray(array, field, condition?)`
    MaxInArray,
    /// `avgInArray(array, field, condition?)`
    AvgInArray,
    /// `displayValue(name, value?)`
    DisplayValue,
    /// `isValidTaxCode(value)`
    IsValidTaxCode,
    /// `growth(now, before)`
    Growth,
}

const FUNCTIONS: &[(Function, &str)] = &[
    (Function::Iif, "iif"),
    (Function::Sum, "sum"),
    (Function::Min, "min"),
    (Function::Max, "max"),
    (Function::Avg, "avg"),
    (Function::Count, "count"),
    (Function::Round, "round"),
    (Function::Trunc, "trunc"),
    (Function::Abs, "abs"),
    (Function::Substring, "substring"),
    (Function::Today, "today"),
    (Function::CurrentDate, "currentDate"),
    (Function::CurrentYear, "currentYear"),
    (Function::Year, "year"),
    (Function::Month, "month"),
    (Function::Day, "day"),
    (Function::Weekday, "weekday"),
    (Function::GetDate, "getDate"),
    (Function::GetYear, "getYear"),
    (Function::Age, "age"),
    (Function::DateAdd, "dateAdd"),
    (Function::DateDiff, "dateDiff"),
    (Function::DiffDays, "diffDays"),
    (Function::SumInArray, "sumInArray"),
    (Function::CountInArray, "countInArray"),
    (Function::MinInArray, "minInArray"),
    (Function::MaxInArray, "maxInArray"),
    (Function::AvgInArray, "avgInArray"),
    (Function::DisplayValue, "displayValue"),
    (Function::IsValidTaxCode, "isValidTaxCode"),
    (Function::Growth, "growth"),
];

impl Function {
    /// The function called `name` (ASCII case ignored).
    pub fn from_name(name: &str) -> Option<Function> {
        FUNCTIONS
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
            .map(|&(f, _)| f)
    }

    /// The canonical name.
    pub fn name(self) -> &'static str {
        FUNCTIONS
            .iter()
            .find(|(f, _)| *f == self)
            .map_or("", |&(_, n)| n)
    }

    /// Every built-in function, in the order of this documentation.
    pub fn all() -> impl Iterator<Item = Function> {
        FUNCTIONS.iter().map(|&(f, _)| f)
    }

    /// Whether this is one of the `…InArray` functions, whose third argument is a condition
    /// on each item of the array.
    pub fn is_in_array(self) -> bool {
        matches!(
            self,
            Function::SumInArray
                | Function::CountInArray
                | Function::MinInArray
                | Function::MaxInArray
                | Function::AvgInArray
        )
    }
}

/// Whether `name` is a built-in function (ASCII case ignored).
pub fn is_known_function(name: &str) -> bool {
    Function::from_name(name).is_some()
}

fn arg<'a>(args: &'a [Node], index: usize, ctx: &dyn Context) -> Val<'a> {
    args.get(index)
        .map_or(Val::Null, |node| evaluate(node, ctx))
}

/// Calls `function` with unevaluated `args` (so `iif` evaluates only the branch it takes).
pub(crate) fn call<'a>(function: Function, args: &'a [Node], ctx: &dyn Context) -> Val<'a> {
    // Each function has its own small `fn`: nested calls recurse through here, and one
    // big match would make every level's stack frame as large as all arms together.
    match function {
        Function::Iif => iif(args, ctx),
        Function::Sum | Function::Min | Function::Max | Function::Avg | Function::Count => {
            aggregate(function, args, ctx)
        }
        Function::Round | Function::Trunc => round(function, args, ctx),
        Function::Abs => abs(args, ctx),
        Function::Substring => substring(args, ctx),
        Function::Today => today(args, ctx),
        Function::CurrentDate => Val::Date(ctx.today()),
        Function::CurrentYear => Val::Num(f64::from(ctx.today().year())),
        Function::Year | Function::Month | Function::Day | Function::Weekday => {
            date_part(function, args, ctx)
        }
        Function::GetDate => get_date(args, ctx),
        Function::GetYear => get_year(args, ctx),
        Function::Age => age(args, ctx),
        Function::DateDiff => date_diff_function(args, ctx),
        Function::DiffDays => diff_days(args, ctx),
        Function::DateAdd => date_add(args, ctx),
        Function::SumInArray
        | Function::CountInArray
        | Function::MinInArray
        | Function::MaxInArray
        | Function::AvgInArray => in_array(function, args, ctx),
        Function::DisplayValue => display_value(args, ctx),
        Function::IsValidTaxCode => Val::Bool(is_valid_tax_code(&arg(args, 0, ctx))),
        Function::Growth => growth(args, ctx),
    }
}

fn iif<'a>(args: &'a [Node], ctx: &dyn Context) -> Val<'a> {
    if truthy(&arg(args, 0, ctx)) {
        arg(args, 1, ctx)
    } else {
        arg(args, 2, ctx)
    }
}

fn round(function: Function, args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let Some(value) = to_number(&arg(args, 0, ctx)) else {
        return Val::Null;
    };
    let digits = match args.get(1) {
        None => 0,
        Some(node) => match to_number(&evaluate(node, ctx)) {
            #[allow(clippy::cast_possible_truncation)]
            Some(d) => d.trunc().clamp(-20.0, 20.0) as i32,
            None => 0,
        },
    };
    Val::num(round_decimal(value, digits, function == Function::Round))
}

fn abs(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    to_number(&arg(args, 0, ctx)).map_or(Val::Null, |n| Val::num(n.abs()))
}

fn today(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let days = to_number(&arg(args, 0, ctx)).unwrap_or(0.0);
    date_value(ctx.today().add_days(whole(days)))
}

fn date_part(function: Function, args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let value = arg(args, 0, ctx);
    let date = if truthy(&value) {
        to_date(&value)
    } else {
        Some(ctx.today())
    };
    date.map_or(Val::Null, |d| {
        Val::Num(match function {
            Function::Year => f64::from(d.year()),
            Function::Month => f64::from(d.month()),
            Function::Day => f64::from(d.day()),
            _ => f64::from(d.weekday()),
        })
    })
}

fn get_date(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let value = arg(args, 0, ctx);
    if !truthy(&value) {
        return Val::Null;
    }
    date_value(to_date(&value))
}

fn get_year(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let value = arg(args, 0, ctx);
    if args.len() != 1 || !truthy(&value) {
        return Val::Null;
    }
    to_date(&value).map_or(Val::Null, |d| Val::Num(f64::from(d.year())))
}

fn age(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let value = arg(args, 0, ctx);
    if !truthy(&value) {
        return Val::Null;
    }
    let unit = DateUnit::from_arg(&arg(args, 1, ctx), DateUnit::Years);
    match (to_date(&value), unit) {
        (Some(birth), Some(unit)) => date_diff(birth, ctx.today(), unit),
        _ => Val::Null,
    }
}

fn date_diff_function(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let (from, to) = (arg(args, 0, ctx), arg(args, 1, ctx));
    if !truthy(&from) || !truthy(&to) {
        return Val::Null;
    }
    let unit = DateUnit::from_arg(&arg(args, 2, ctx), DateUnit::Days);
    match (to_date(&from), to_date(&to), unit) {
        (Some(from), Some(to), Some(unit)) => date_diff(from, to, unit),
        _ => Val::Null,
    }
}

fn diff_days(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let (from, to) = (arg(args, 0, ctx), arg(args, 1, ctx));
    if args.len() != 2 || !truthy(&from) || !truthy(&to) {
        return Val::Num(0.0);
    }
    match (to_date(&from), to_date(&to)) {
        (Some(from), Some(to)) => date_diff(from, to, DateUnit::Days),
        _ => Val::Null,
    }
}

fn growth(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let now = to_number(&arg(args, 0, ctx));
    let before = to_number(&arg(args, 1, ctx));
    match (now, before) {
        (Some(now), Some(before)) if before != 0.0 => {
            Val::num(correct_sum(now, before, now - before) * 100.0 / before)
        }
        _ => Val::Null,
    }
}

fn date_value(date: Option<Date>) -> Val<'static> {
    date.map_or(Val::Null, Val::Date)
}

/// `value` truncated to a whole number (saturating).
fn whole(value: f64) -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let whole = value.trunc() as i64;
    whole
}

/// Adds every numeric argument (arrays flattened, numeric text read as numbers, other items
/// ignored); `count` counts every item that is not `null`.
fn aggregate<'a>(function: Function, args: &'a [Node], ctx: &dyn Context) -> Val<'a> {
    fn flatten(value: &Val, numbers: &mut Vec<f64>, count: &mut usize) {
        match value {
            Val::Null => {}
            Val::Array(items) => items.iter().for_each(|i| flatten(i, numbers, count)),
            other => {
                *count += 1;
                match other {
                    Val::Num(n) => numbers.push(*n),
                    Val::Str(s) => numbers.extend(super::value::survey_number(s)),
                    _ => {}
                }
            }
        }
    }
    let mut numbers = Vec::new();
    let mut count = 0;
    for node in args {
        flatten(&evaluate(node, ctx), &mut numbers, &mut count);
    }
    let sum = || {
        numbers
            .iter()
            .fold(0.0, |total, x| correct_sum(total, *x, total + x))
    };
    #[allow(clippy::cast_precision_loss)]
    match function {
        Function::Count => Val::Num(count as f64),
        Function::Sum => Val::num(sum()),
        Function::Avg if numbers.is_empty() => Val::Num(0.0),
        Function::Avg => Val::num(sum() / numbers.len() as f64),
        Function::Min => numbers
            .iter()
            .copied()
            .reduce(f64::min)
            .map_or(Val::Null, Val::num),
        _ => numbers
            .iter()
            .copied()
            .reduce(f64::max)
            .map_or(Val::Null, Val::num),
    }
}

/// Rounds (half away from zero) or truncates `value` at `digits` decimals (negative: tens,
/// hundreds…), working on its shortest decimal text so that `round(1.005, 2)` is `1.01`.
pub(crate) fn round_decimal(value: f64, digits: i32, round: bool) -> f64 {
    if !value.is_finite() || value == 0.0 {
        return value;
    }
    // Shortest digits and exponent: value = 0.d1d2d3… × 10^point.
    let text = format!("{:e}", value.abs());
    let Some((mantissa, exponent)) = text.split_once('e') else {
        return value;
    };
    let Ok(exponent) = exponent.parse::<i32>() else {
        return value;
    };
    let mut digits_of: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    let point = exponent + 1;
    let keep = point + digits;
    let Ok(keep_len) = usize::try_from(keep) else {
        // Every digit is dropped.
        let first = digits_of.first().copied().unwrap_or(0);
        let result = if round && keep == 0 && first >= 5 {
            10f64.powi(-digits)
        } else {
            0.0
        };
        return result.copysign(value);
    };
    if keep_len >= digits_of.len() {
        return value;
    }
    let round_up = round && digits_of[keep_len] >= 5;
    digits_of.truncate(keep_len);
    let scale = point - keep;
    if round_up {
        let mut i = keep_len;
        loop {
            if i == 0 {
                // 99.9 → 100: one more digit, same scale.
                digits_of.insert(0, 1);
                break;
            }
            i -= 1;
            if digits_of[i] == 9 {
                digits_of[i] = 0;
            } else {
                digits_of[i] += 1;
                break;
            }
        }
    }
    if digits_of.is_empty() {
        return 0.0_f64.copysign(value);
    }
    let mut number: String = digits_of.iter().map(|d| char::from(b'0' + d)).collect();
    number.push('e');
    number.push_str(&scale.to_string());
    number
        .parse::<f64>()
        .map_or(value, |magnitude| magnitude.copysign(value))
}

/// JavaScript `text.substring(start, end)` on characters; numbers are used as their text.
fn substring<'a>(args: &'a [Node], ctx: &dyn Context) -> Val<'a> {
    let text = match arg(args, 0, ctx) {
        Val::Str(s) if !s.is_empty() => s,
        Val::Num(n) => Cow::Owned(js_number_string(n)),
        _ => return Val::str(""),
    };
    let Some(start) = to_number(&arg(args, 1, ctx)) else {
        return Val::str("");
    };
    let length = text.chars().count();
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let clamp = |x: f64| x.trunc().clamp(0.0, length as f64) as usize;
    let start = clamp(start);
    let end = match args.get(2).map(|node| to_number(&evaluate(node, ctx))) {
        Some(Some(end)) => clamp(end),
        _ => length,
    };
    let (from, to) = if start <= end {
        (start, end)
    } else {
        (end, start)
    };
    Val::str(text.chars().skip(from).take(to - from).collect::<String>())
}

/// A unit of the date functions: `days`, `months`, `years` (or singular, any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateUnit {
    Days,
    Months,
    Years,
}

impl DateUnit {
    /// The unit named by `value`; `default` when it is empty; `None` when unknown.
    fn from_arg(value: &Val, default: DateUnit) -> Option<DateUnit> {
        if !truthy(value) {
            return Some(default);
        }
        let Val::Str(name) = value else {
            return None;
        };
        let name = name.trim();
        let is = |word: &str| {
            name.eq_ignore_ascii_case(word)
                || name
                    .strip_suffix(['s', 'S'])
                    .is_some_and(|n| n.eq_ignore_ascii_case(word))
        };
        if is("day") {
            Some(DateUnit::Days)
        } else if is("month") {
            Some(DateUnit::Months)
        } else if is("year") {
            Some(DateUnit::Years)
        } else {
            None
        }
    }
}

/// SurveyJS `dateDiff`: days are counted without sign; months and years are whole
/// (signed) periods.
#[allow(clippy::cast_precision_loss)]
fn date_diff(from: Date, to: Date, unit: DateUnit) -> Val<'static> {
    Val::Num(match unit {
        DateUnit::Days => from.days_between(to).abs() as f64,
        DateUnit::Months => from.months_between(to) as f64,
        DateUnit::Years => (from.months_between(to) / 12) as f64,
    })
}

fn date_add<'a>(args: &'a [Node], ctx: &dyn Context) -> Val<'a> {
    let value = arg(args, 0, ctx);
    if !truthy(&value) {
        return Val::Null;
    }
    let Some(date) = to_date(&value) else {
        return Val::Null;
    };
    let amount = whole(to_number(&arg(args, 1, ctx)).unwrap_or(0.0));
    let moved = match DateUnit::from_arg(&arg(args, 2, ctx), DateUnit::Days) {
        Some(DateUnit::Days) => date.add_days(amount),
        Some(DateUnit::Months) => date.add_months(amount),
        Some(DateUnit::Years) => date.add_years(amount),
        // SurveyJS leaves the date as it is for an unknown unit.
        None => Some(date),
    };
    date_value(moved)
}

/// The condition of an `…InArray` call: its third argument, or the expression in it when it
/// is quoted text.
enum ItemCondition<'a> {
    None,
    Node(&'a Node),
    Parsed(Expression),
    Invalid,
}

fn in_array<'a>(function: Function, args: &'a [Node], ctx: &dyn Context) -> Val<'a> {
    let fallback = match function {
        Function::SumInArray | Function::CountInArray | Function::AvgInArray => Val::Num(0.0),
        _ => Val::Null,
    };
    if !(2..=3).contains(&args.len()) {
        return fallback;
    }
    let data = arg(args, 0, ctx);
    let items: Vec<&Val> = match &data {
        Val::Array(items) => items.iter().collect(),
        Val::Object(fields) => fields.iter().map(|(_, v)| v).collect(),
        _ => return fallback,
    };
    let name = match arg(args, 1, ctx) {
        Val::Str(name) => name,
        _ => return fallback,
    };
    let condition = match args.get(2) {
        None => ItemCondition::None,
        Some(Node::String(text)) => match super::parse(text) {
            Ok(expression) => ItemCondition::Parsed(expression),
            Err(_) => ItemCondition::Invalid,
        },
        Some(node) => ItemCondition::Node(node),
    };
    let mut numbers: Vec<f64> = Vec::new();
    let mut count = 0_usize;
    for item in items {
        let Some(field) = item.field(&name) else {
            continue;
        };
        if is_empty(field) {
            continue;
        }
        let passes = match &condition {
            ItemCondition::None => true,
            ItemCondition::Invalid => false,
            ItemCondition::Node(node) => item_passes(node, item, ctx),
            ItemCondition::Parsed(expression) => item_passes(expression.root(), item, ctx),
        };
        if !passes {
            continue;
        }
        count += 1;
        match field {
            Val::Num(n) => numbers.push(*n),
            Val::Str(s) => numbers.extend(super::value::survey_number(s)),
            _ => {}
        }
    }
    let sum = numbers
        .iter()
        .fold(0.0, |total, x| correct_sum(total, *x, total + x));
    #[allow(clippy::cast_precision_loss)]
    match function {
        Function::SumInArray => Val::num(sum),
        Function::CountInArray => Val::Num(count as f64),
        Function::AvgInArray if count == 0 => Val::Num(0.0),
        Function::AvgInArray => Val::num(sum / count as f64),
        Function::MinInArray => numbers
            .iter()
            .copied()
            .reduce(f64::min)
            .map_or(Val::Null, Val::num),
        _ => numbers
            .iter()
            .copied()
            .reduce(f64::max)
            .map_or(Val::Null, Val::num),
    }
}

/// Evaluates an item condition with the item's fields as the variables.
fn item_passes(condition: &Node, item: &Val, ctx: &dyn Context) -> bool {
    let values = match item.clone().into_json() {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    let item_ctx = super::context::MapContext::new(values, ctx.today());
    evaluate_condition(condition, &item_ctx)
}

/// `displayValue(name, value?)`: the context's display text for the question `name` and
/// the given value (or its current value); the value itself when the context has none.
fn display_value<'a>(args: &'a [Node], ctx: &dyn Context) -> Val<'a> {
    let name = js_string(&arg(args, 0, ctx)).into_owned();
    if name.is_empty() {
        return Val::str("");
    }
    let value = match args.get(1).map(|node| evaluate(node, ctx)) {
        Some(value) if !is_empty(&value) => value.into_json(),
        _ => ctx.value(&name).unwrap_or(serde_json::Value::Null),
    };
    match ctx.display_value(&name, &value) {
        Some(text) => Val::str(text),
        None => Val::from_json(value),
    }
}

/// Whether `value` is a valid Vietnamese enterprise tax code: 10 digits, or 10 digits, `-`
/// and a 3-digit branch number 001–999; the 10th digit is the check digit.
pub(crate) fn is_valid_tax_code(value: &Val) -> bool {
    let text: Cow<str> = match value {
        Val::Str(s) => Cow::Borrowed(s.trim()),
        Val::Num(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e15 => Cow::Owned(format!("{n}")),
        _ => return false,
    };
    let bytes = text.as_bytes();
    let (main, branch) = match bytes.len() {
        10 => (bytes, None),
        14 if bytes[10] == b'-' => (&bytes[..10], Some(&bytes[11..])),
        _ => return false,
    };
    if !main.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if let Some(branch) = branch
        && (!branch.iter().all(u8::is_ascii_digit) || branch == b"000")
    {
        return false;
    }
    const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];
    let sum: u32 = main
        .iter()
        .zip(WEIGHTS)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    let check = 10 - sum % 11;
    check < 10 && u32::from(main[9] - b'0') == check
}
