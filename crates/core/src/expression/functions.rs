//! The built-in functions.

use std::borrow::Cow;

use super::ast::{Expression, Node};
use super::context::Context;
use super::date::Date;
use super::date::DateTime;
use super::evaluate::{evaluate, evaluate_condition};
use super::value::{
    Val, compare, correct_sum, eq_ignore_case, is_empty, js_number, js_number_string, js_string,
    survey_number, to_date, to_number, truthy,
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
    /// `sumInArray(array, field, returnField?, condition?)`
    SumInArray,
    /// `countInArray(array, field, returnField?, condition?)`
    CountInArray,
    /// `minInArray(array, field, returnField?, condition?)`
    MinInArray,
    /// `maxInArray(array, field, returnField?, condition?)`
    MaxInArray,
    /// `avgInArray(array, field, returnField?, condition?)`
    AvgInArray,
    /// `displayValue(name, value?)`
    DisplayValue,
    /// `propertyValue(name, property)`
    PropertyValue,
    /// `getComment(name, item?)`
    GetComment,
    /// `isContainerReady(name, panelIndex?)`
    IsContainerReady,
    /// `isDisplayMode()`
    IsDisplayMode,
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
    (Function::PropertyValue, "propertyValue"),
    (Function::GetComment, "getComment"),
    (Function::IsContainerReady, "isContainerReady"),
    (Function::IsDisplayMode, "isDisplayMode"),
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

    /// Whether this is one of the `…InArray` functions, whose arguments after the second
    /// (a return field, a condition) are about each item of the array.
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
        Function::Round => round(args, ctx),
        Function::Trunc => trunc(args, ctx),
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
        Function::PropertyValue => property_value(args, ctx),
        Function::GetComment => get_comment(args, ctx),
        Function::IsContainerReady => is_container_ready(args, ctx),
        Function::IsDisplayMode => Val::Bool(ctx.is_display_mode()),
        Function::IsValidTaxCode => Val::Bool(is_valid_tax_code(&arg(args, 0, ctx))),
        Function::Growth => growth(args, ctx),
    }
}

/// `iif(condition, ifTrue, ifFalse?)`: `null` with fewer than two arguments.
fn iif<'a>(args: &'a [Node], ctx: &dyn Context) -> Val<'a> {
    if args.len() < 2 {
        return Val::Null;
    }
    if truthy(&arg(args, 0, ctx)) {
        arg(args, 1, ctx)
    } else {
        arg(args, 2, ctx)
    }
}

/// The number SurveyJS's `Helpers.isNumber` sees in a value: a number, or numeric text.
fn numeric(value: &Val) -> Option<f64> {
    match value {
        Val::Num(n) => Some(*n).filter(|n| n.is_finite()),
        Val::Str(s) => survey_number(s),
        _ => None,
    }
}

/// The arguments as SurveyJS's `getParamsAsArray` lists them for `sum`, `min`, `round`…:
/// `null`s dropped, arrays opened (at any depth), numeric text read as numbers.
fn flat_params<'a>(args: &'a [Node], ctx: &dyn Context) -> Vec<Val<'a>> {
    fn push<'a>(value: Val<'a>, out: &mut Vec<Val<'a>>) {
        match value {
            Val::Null => {}
            Val::Array(items) => items.into_iter().for_each(|item| push(item, out)),
            Val::Str(text) => out.push(match survey_number(&text) {
                Some(n) => Val::Num(n),
                None => Val::Str(text),
            }),
            other => out.push(other),
        }
    }
    let mut out = Vec::with_capacity(args.len());
    for node in args {
        push(evaluate(node, ctx), &mut out);
    }
    out
}

/// JavaScript's `a + b` with SurveyJS's float correction, as `sum` adds its items: text
/// (or an array, object or date) on either side joins as text, anything else adds as
/// numbers (`true` is 1).
fn js_plus<'a>(a: Val<'a>, b: Val<'a>) -> Val<'a> {
    let textual = |v: &Val| {
        matches!(
            v,
            Val::Str(_) | Val::Array(_) | Val::Object(_) | Val::Date(_)
        )
    };
    if textual(&a) || textual(&b) {
        let mut text = js_string(&a).into_owned();
        text.push_str(&js_string(&b));
        return Val::str(text);
    }
    let (x, y) = (js_number(&a), js_number(&b));
    Val::num(correct_sum(x, y, x + y))
}

/// `sum`, `avg`, `count`, `min`, `max` over the flattened arguments ([`flat_params`]).
/// `sum` adds with JavaScript's `+` (so text joins), `avg` is that sum over the number of
/// items (0 when there are none), `count` counts the items, `min`/`max` keep the item that
/// JavaScript's `<`/`>` ranks first (`null` when there are none).
fn aggregate<'a>(function: Function, args: &'a [Node], ctx: &dyn Context) -> Val<'a> {
    let items = flat_params(args, ctx);
    #[allow(clippy::cast_precision_loss)]
    let count = items.len() as f64;
    match function {
        Function::Count => Val::Num(count),
        Function::Sum | Function::Avg => {
            let total = items.into_iter().fold(Val::Num(0.0), js_plus);
            match function {
                Function::Sum => total,
                _ if count == 0.0 => Val::Num(0.0),
                _ => Val::num(js_number(&total) / count),
            }
        }
        _ => {
            let replaces = if function == Function::Min {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Less
            };
            let mut best: Option<Val<'a>> = None;
            for item in items {
                match &best {
                    Some(current) if compare(current, &item) != Some(replaces) => {}
                    _ => best = Some(item),
                }
            }
            best.unwrap_or(Val::Null)
        }
    }
}

/// JavaScript `Math.round`: halves go up (towards +∞).
fn js_round(value: f64) -> f64 {
    let floor = value.floor();
    if value - floor >= 0.5 {
        floor + 1.0
    } else {
        floor
    }
}

/// `round(x, digits = 0)` as SurveyJS computes it: `Math.round(x · 10ᵈ · (1 + ε)) / 10ᵈ`, so
/// `round(1.005, 2)` is 1.01 and `round(-2.5)` is -3. On the flattened arguments, so a
/// missing `x` makes the next argument the number. NaN (`null` as a result) when `x` or
/// the digits are not numbers.
fn round(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let items = flat_params(args, ctx);
    let Some(value) = items.first().and_then(numeric) else {
        return Val::Num(f64::NAN);
    };
    let digits = match items.get(1).filter(|d| truthy(d)) {
        None => 0.0,
        Some(digits) => match numeric(digits) {
            Some(d) => d,
            None => return Val::Num(f64::NAN),
        },
    };
    let scale = 10f64.powf(digits);
    Val::num(js_round(value * scale * (1.0 + f64::EPSILON)) / scale)
}

/// `trunc(x, digits)` as SurveyJS computes it: on JavaScript's text of `x`, the sign, the
/// whole digits and, for a whole positive `digits`, the next character and up to `digits`
/// digits (`trunc(2.175, 1)` is 2.1; without digits, or with 0 or negative ones, the whole
/// part). NaN (`null` as a result) when `x` or the digits are not numbers.
fn trunc(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let items = flat_params(args, ctx);
    let Some(value) = items.first().and_then(numeric) else {
        return Val::Num(f64::NAN);
    };
    let digits = match items.get(1).filter(|d| truthy(d)) {
        None => None,
        Some(digits) => match numeric(digits) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Some(d) if d >= 1.0 && d.fract() == 0.0 => Some(d.min(1e6) as usize),
            Some(_) => None,
            None => return Val::Num(f64::NAN),
        },
    };
    let text = js_number_string(value);
    let bytes = text.as_bytes();
    let mut end = usize::from(bytes.first() == Some(&b'-'));
    let whole_start = end;
    while bytes.get(end).is_some_and(u8::is_ascii_digit) {
        end += 1;
    }
    if end == whole_start {
        return Val::Num(f64::NAN);
    }
    if let Some(digits) = digits
        && let Some(next) = text[end..].chars().next()
    {
        end += next.len_utf8();
        let fraction_start = end;
        while end - fraction_start < digits && bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
    }
    Val::num(super::value::js_string_to_number(&text[..end]))
}

fn abs(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    to_number(&arg(args, 0, ctx)).map_or(Val::Null, |n| Val::num(n.abs()))
}

/// `today(days?)`: the context's today, moved by `days` when it is the only argument (the
/// way JavaScript's `setDate` moves it: see [`js_shift`]).
fn today(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let today = ctx.today();
    let days = match args {
        [days] => js_shift(today.day(), &evaluate(days, ctx)),
        _ => Some(0),
    };
    date_value(days.and_then(|days| today.add_days(days)))
}

/// How far JavaScript's date setters (`date.setDate(date.getDate() + amount)`) move a
/// component (day, month, hour…) whose value is `current`: a number or boolean is added
/// and the sum cut to a whole number (`today(-0.5)` is yesterday); text (or an array) is
/// joined to the component's digits and read as a number (`today('2')` on the 15th is the
/// 152nd day of the month); `None` when that is not a finite number.
fn js_shift(current: u32, amount: &Val) -> Option<i64> {
    let target = match amount {
        Val::Null => f64::from(current),
        Val::Num(_) | Val::Bool(_) => f64::from(current) + js_number(amount),
        other => {
            let mut text = current.to_string();
            text.push_str(&js_string(other));
            super::value::js_string_to_number(&text)
        }
    };
    target
        .is_finite()
        .then(|| whole(target).saturating_sub(i64::from(current)))
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

/// `getDate(value)`: the date (with its time of day, if it has one) of a date text or a
/// timestamp; `null` when missing or not a date.
fn get_date(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let value = arg(args, 0, ctx);
    if !truthy(&value) {
        return Val::Null;
    }
    date_time_value(to_date_time(&value))
}

/// A date as a value: a date when it has no time of day, else `YYYY-MM-DDTHH:MM:SS` text.
fn date_time_value(moment: Option<DateTime>) -> Val<'static> {
    match moment {
        Some(moment) if moment.seconds == 0 => Val::Date(moment.date),
        Some(moment) => Val::str(moment.to_string()),
        None => Val::Null,
    }
}

fn get_year(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let value = arg(args, 0, ctx);
    if args.len() != 1 || !truthy(&value) {
        return Val::Null;
    }
    to_date(&value).map_or(Val::Null, |d| Val::Num(f64::from(d.year())))
}

/// The text of a unit argument, or `default` when it is falsy (SurveyJS compares units as
/// written: `'days'`, `'months'`, … in lower case and plural).
fn unit_arg<'a>(
    args: &'a [Node],
    index: usize,
    ctx: &dyn Context,
    default: &'a str,
) -> Cow<'a, str> {
    match arg(args, index, ctx) {
        Val::Str(unit) if !unit.is_empty() => unit,
        value if truthy(&value) => js_string(&value),
        _ => Cow::Borrowed(default),
    }
}

/// SurveyJS `dateDiffMonths` for the units other than days and the time units: whole
/// months for `'months'`, whole years (towards zero) for any other unit. With a date that
/// is not a date, months are `null` and years 0 (JavaScript's `~~NaN`).
fn months_or_years(from: Option<Date>, to: Option<Date>, unit: &str) -> Val<'static> {
    let Some(months) = from.zip(to).map(|(from, to)| from.months_between(to)) else {
        return if unit == "months" {
            Val::Null
        } else {
            Val::Num(0.0)
        };
    };
    #[allow(clippy::cast_precision_loss)]
    Val::Num(if unit == "months" {
        months
    } else {
        months / 12
    } as f64)
}

/// `age(birth, unit = 'years')`: from `birth` to today, in whole years, or months for
/// `'months'`; `'days'` is 0, as SurveyJS computes it (it counts days to a missing date).
fn age(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let value = arg(args, 0, ctx);
    if !truthy(&value) {
        return Val::Null;
    }
    let unit = unit_arg(args, 1, ctx, "years");
    if unit == "days" {
        return Val::Num(0.0);
    }
    months_or_years(to_date(&value), Some(ctx.today()), &unit)
}

/// `dateDiff(from, to, unit = 'days')`: days between the dates (without sign); hours,
/// minutes or seconds between the date-times, rounded up (without sign); whole months for
/// `'months'`; whole years for any other unit (signed, towards zero).
fn date_diff_function(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let (from, to) = (arg(args, 0, ctx), arg(args, 1, ctx));
    if !truthy(&from) || !truthy(&to) {
        return Val::Null;
    }
    let unit = unit_arg(args, 2, ctx, "days");
    let per_unit = match unit.as_ref() {
        "hours" => Some(3600_u64),
        "minutes" => Some(60),
        "seconds" => Some(1),
        _ => None,
    };
    if let Some(per_unit) = per_unit {
        return match (to_date_time(&from), to_date_time(&to)) {
            #[allow(clippy::cast_precision_loss)]
            (Some(from), Some(to)) => {
                let seconds =
                    (to.seconds_since_epoch() - from.seconds_since_epoch()).unsigned_abs();
                Val::Num(seconds.div_ceil(per_unit) as f64)
            }
            _ => Val::Null,
        };
    }
    let (from, to) = (to_date(&from), to_date(&to));
    if unit != "days" {
        return months_or_years(from, to, &unit);
    }
    match (from, to) {
        #[allow(clippy::cast_precision_loss)]
        (Some(from), Some(to)) => Val::Num(from.days_between(to).abs() as f64),
        _ => Val::Null,
    }
}

fn diff_days(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let (from, to) = (arg(args, 0, ctx), arg(args, 1, ctx));
    if args.len() != 2 || !truthy(&from) || !truthy(&to) {
        return Val::Num(0.0);
    }
    match (to_date(&from), to_date(&to)) {
        #[allow(clippy::cast_precision_loss)]
        (Some(from), Some(to)) => Val::Num(from.days_between(to).abs() as f64),
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

/// A date-time for `dateAdd`/`dateDiff`: a date (at midnight), a date or date-time text,
/// or milliseconds since 1970-01-01.
fn to_date_time(value: &Val) -> Option<DateTime> {
    match value {
        Val::Date(d) => Some(DateTime::midnight(*d)),
        Val::Bool(_) => Some(DateTime::midnight(Date::EPOCH)),
        Val::Str(s) => DateTime::parse(s),
        Val::Num(ms) if ms.is_finite() => {
            #[allow(clippy::cast_possible_truncation)]
            let seconds = (ms / 1000.0).floor() as i64;
            DateTime::from_seconds_since_epoch(seconds)
        }
        _ => None,
    }
}

/// `dateAdd(date, amount, unit = 'days')` as SurveyJS computes it: `null` when the date or
/// the amount is missing or 0; units `days`, `months`, `years` (a day beyond the target
/// month's end rolls over into the next month, as JavaScript does), `hours`, `minutes`,
/// `seconds`; any other unit leaves the date as it is. The result is a date, or a
/// `YYYY-MM-DDTHH:MM:SS` text when it has a time of day.
fn date_add<'a>(args: &'a [Node], ctx: &dyn Context) -> Val<'a> {
    let value = arg(args, 0, ctx);
    let amount = arg(args, 1, ctx);
    if !truthy(&value) || !truthy(&amount) {
        return Val::Null;
    }
    let Some(start) = to_date_time(&value) else {
        return Val::Null;
    };
    let unit = unit_arg(args, 2, ctx, "days");
    let (date, seconds) = (start.date, start.seconds);
    let by_seconds = |current: u32, per_unit: i64| {
        js_shift(current, &amount)
            .and_then(|n| n.checked_mul(per_unit))
            .and_then(|s| start.add_seconds(s))
    };
    let moved = match unit.as_ref() {
        "days" => by_seconds(date.day(), 86_400),
        "months" => js_shift(date.month() - 1, &amount).and_then(|n| start.add_months_rolling(n)),
        "years" => js_shift(u32::try_from(date.year()).unwrap_or(0), &amount)
            .and_then(|n| n.checked_mul(12))
            .and_then(|months| start.add_months_rolling(months)),
        "hours" => by_seconds(seconds / 3600, 3600),
        "minutes" => by_seconds(seconds / 60 % 60, 60),
        "seconds" => by_seconds(seconds % 60, 1),
        _ => Some(start),
    };
    date_time_value(moved)
}

/// The condition of an `…InArray` call.
enum ItemCondition<'a> {
    None,
    /// Written as an expression: evaluated on each item.
    Node(&'a Node),
    /// Given as text: parsed, then evaluated on each item.
    Parsed(Expression),
    /// Text that is not an expression: no item passes.
    Invalid,
}

/// The `…InArray` functions, as SurveyJS computes them:
/// `fn(array, field, returnField?, condition?)`. The array may be an object (a matrix's
/// rows by name). An item counts when it is an object whose `field` (exact key) is not
/// empty and that passes the condition. The third argument is the return field when it is
/// a quoted text without `{`, `}`, `<`, `>`, `=`, `!` (only `minInArray`/`maxInArray` use it:
/// they return that field of the best item); otherwise it is the condition, either
/// written as an expression or given as text. In the condition, the item's fields are
/// variables, and other names are read from the context.
fn in_array<'a>(function: Function, args: &'a [Node], ctx: &dyn Context) -> Val<'a> {
    let fallback = match function {
        Function::SumInArray | Function::CountInArray | Function::AvgInArray => Val::Num(0.0),
        _ => Val::Null,
    };
    if !(2..=4).contains(&args.len()) {
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
    let mut return_field: Option<&str> = None;
    let mut condition_index = 2;
    if let Some(Node::String(text)) = args.get(2)
        && !text.contains(['{', '}', '>', '<', '=', '!'])
    {
        return_field = Some(text);
        condition_index = 3;
    }
    let condition = match args.get(condition_index) {
        None => ItemCondition::None,
        Some(Node::String(text)) if !text.is_empty() => parsed_condition(text),
        Some(node) => match evaluate(node, ctx) {
            Val::Str(text) if !text.is_empty() => parsed_condition(&text),
            _ => ItemCondition::Node(node),
        },
    };
    let mut total = Val::Num(0.0);
    let mut count = 0_usize;
    let mut best: Option<(f64, &Val)> = None;
    for item in items {
        let Val::Object(fields) = item else {
            continue;
        };
        let Some(field) = fields.iter().find(|(k, _)| *k == *name).map(|(_, v)| v) else {
            continue;
        };
        if is_empty(field) {
            continue;
        }
        let passes = match &condition {
            ItemCondition::None => true,
            ItemCondition::Invalid => false,
            ItemCondition::Node(node) => item_passes(node, fields, ctx),
            ItemCondition::Parsed(expression) => item_passes(expression.root(), fields, ctx),
        };
        if !passes {
            continue;
        }
        count += 1;
        // SurveyJS reads text as a number, skips text that is not one, and adds anything
        // else with JavaScript's `+` (`true` is 1; an array joins as text).
        let number = match field {
            Val::Num(n) => Some(*n),
            Val::Str(s) => survey_number(s),
            _ => None,
        };
        if !matches!(field, Val::Str(_)) || number.is_some() {
            let addend = number.map_or_else(|| field.clone(), Val::Num);
            total = js_plus(std::mem::replace(&mut total, Val::Null), addend);
        }
        if let Some(n) = number {
            let better = match best {
                None => true,
                Some((current, _)) if function == Function::MinInArray => n < current,
                Some((current, _)) => n > current,
            };
            if better {
                best = Some((n, item));
            }
        }
    }
    #[allow(clippy::cast_precision_loss)]
    match function {
        Function::SumInArray => total,
        Function::CountInArray => Val::Num(count as f64),
        Function::AvgInArray if count == 0 => Val::Num(0.0),
        Function::AvgInArray => Val::num(js_number(&total) / count as f64),
        _ => match (best, return_field) {
            (None, _) => Val::Null,
            (Some((_, item)), Some(field)) if field != name.as_ref() => {
                item.field_exact(field).cloned().unwrap_or(Val::Null)
            }
            (Some((n, _)), _) => Val::num(n),
        },
    }
}

fn parsed_condition(text: &str) -> ItemCondition<'static> {
    match super::parse(text) {
        Ok(expression) => ItemCondition::Parsed(expression),
        Err(_) => ItemCondition::Invalid,
    }
}

/// Evaluates an item condition: the item's fields are the variables (names ignoring
/// case, as in SurveyJS), and any other name is read from the context.
fn item_passes(condition: &Node, fields: &[(String, Val)], ctx: &dyn Context) -> bool {
    let item_ctx = ItemContext { fields, outer: ctx };
    evaluate_condition(condition, &item_ctx)
}

/// An array item's fields in front of the context the `…InArray` call runs in.
struct ItemContext<'c, 'v> {
    fields: &'v [(String, Val<'v>)],
    outer: &'c dyn Context,
}

impl ItemContext<'_, '_> {
    /// The value at `path` among the item's fields: a field named so (exact key first,
    /// then ignoring case), or, for a path with `.` or `[`, what [`resolve_path`] finds in
    /// the item.
    ///
    /// [`resolve_path`]: super::context::resolve_path
    fn field(&self, path: &str) -> Option<serde_json::Value> {
        let by_name = self
            .fields
            .iter()
            .find(|(k, _)| k == path)
            .or_else(|| self.fields.iter().find(|(k, _)| eq_ignore_case(k, path)));
        if let Some((_, value)) = by_name {
            return Some(value.clone().into_json());
        }
        if !path.contains(['.', '[']) {
            return None;
        }
        let values: serde_json::Map<String, serde_json::Value> = self
            .fields
            .iter()
            .map(|(k, v)| (k.clone(), v.clone().into_json()))
            .collect();
        super::context::resolve_path(&values, path).cloned()
    }
}

impl Context for ItemContext<'_, '_> {
    fn value(&self, path: &str) -> Option<serde_json::Value> {
        self.field(path).or_else(|| self.outer.value(path))
    }

    fn today(&self) -> Date {
        self.outer.today()
    }

    fn display_value(&self, name: &str, value: &serde_json::Value) -> Option<String> {
        self.outer.display_value(name, value)
    }

    fn property_value(&self, name: &str, property: &str) -> Option<serde_json::Value> {
        self.outer.property_value(name, property)
    }

    fn comment(&self, name: &str, item: Option<&serde_json::Value>) -> Option<serde_json::Value> {
        self.outer.comment(name, item)
    }

    fn is_container_ready(&self, name: &str, panel_index: Option<usize>) -> bool {
        self.outer.is_container_ready(name, panel_index)
    }

    fn is_display_mode(&self) -> bool {
        self.outer.is_display_mode()
    }
}

/// `propertyValue(name, property)`: [`Context::property_value`]; `null` unless given
/// exactly two non-empty arguments.
fn property_value(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let (name, property) = (arg(args, 0, ctx), arg(args, 1, ctx));
    if args.len() != 2 || !truthy(&name) || !truthy(&property) {
        return Val::Null;
    }
    ctx.property_value(&js_string(&name), &js_string(&property))
        .map_or(Val::Null, Val::from_json)
}

/// `getComment(name, item?)`: [`Context::comment`], `""` when there is none; `null` without
/// a name.
fn get_comment(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let name = arg(args, 0, ctx);
    if !truthy(&name) {
        return Val::Null;
    }
    let item = match args.get(1).map(|node| evaluate(node, ctx)) {
        None | Some(Val::Null) => None,
        Some(item) => Some(item.into_json()),
    };
    ctx.comment(&js_string(&name), item.as_ref())
        .map_or(Val::str(""), Val::from_json)
}

/// `isContainerReady(name, panelIndex?)`: [`Context::is_container_ready`]; false without a
/// name.
fn is_container_ready(args: &[Node], ctx: &dyn Context) -> Val<'static> {
    let name = arg(args, 0, ctx);
    if !truthy(&name) {
        return Val::Bool(false);
    }
    let index = match args.get(1).map(|node| evaluate(node, ctx)) {
        None => None,
        Some(value) => match to_number(&value) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Some(n) if n >= 0.0 => Some(n.trunc().min(1e9) as usize),
            _ => return Val::Bool(false),
        },
    };
    Val::Bool(ctx.is_container_ready(&js_string(&name), index))
}

/// `substring(text, start, end?)` as SurveyJS computes it: JavaScript's `substring` on the
/// text's characters (indexes clamped, swapped when reversed; `end` ignored when it is not
/// a number); `""` when the first argument is not a non-empty text (a number is not text)
/// or `start` is not a number.
fn substring<'a>(args: &'a [Node], ctx: &dyn Context) -> Val<'a> {
    if args.len() < 2 {
        return Val::str("");
    }
    let text = match arg(args, 0, ctx) {
        Val::Str(s) if !s.is_empty() => s,
        _ => return Val::str(""),
    };
    let Some(start) = numeric(&arg(args, 1, ctx)) else {
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
    let end = args
        .get(2)
        .and_then(|node| numeric(&evaluate(node, ctx)))
        .map_or(length, clamp);
    let (from, to) = if start <= end {
        (start, end)
    } else {
        (end, start)
    };
    Val::str(text.chars().skip(from).take(to - from).collect::<String>())
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
