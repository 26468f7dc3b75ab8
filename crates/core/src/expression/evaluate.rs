//! Evaluation of the tree against a [`Context`].

use std::borrow::Cow;
use std::cmp::Ordering;

use super::ast::{BinaryOp, Node, Reference, UnaryOp};
use super::context::Context;
use super::functions;
use super::value::{
    Val, all_of, any_of, compare, contains, convert_variable, correct_product, correct_sum, equals,
    is_empty, js_number, js_string, loosely_true, none_of, not_contains, survey_number, truthy,
    write_js_string,
};

/// Evaluates `node`.
pub(crate) fn evaluate<'a>(node: &'a Node, ctx: &dyn Context) -> Val<'a> {
    match node {
        Node::Null => Val::Null,
        Node::Bool(b) => Val::Bool(*b),
        Node::Number(n) => Val::num(*n),
        Node::String(s) => Val::Str(Cow::Borrowed(s)),
        Node::Array(items) => Val::Array(items.iter().map(|item| evaluate(item, ctx)).collect()),
        Node::Reference(reference) => reference_value(reference, ctx),
        Node::Unary { op, operand } => unary(*op, evaluate(operand, ctx)),
        Node::Chain { first, rest } => {
            rest.iter().fold(evaluate(first, ctx), |left, (op, right)| {
                binary(*op, left, right, ctx)
            })
        }
        Node::Call { function, args } => functions::call(*function, args, ctx),
    }
}

/// Evaluates `node` as a condition (JavaScript `result == true`).
pub(crate) fn evaluate_condition(node: &Node, ctx: &dyn Context) -> bool {
    loosely_true(&evaluate(node, ctx))
}

/// The value of `{path}`, as SurveyJS's `Variable` reads it: what the context has at the
/// path (an empty value such as `""` or `[]` stays what it is), converted unless the
/// reference is raw (`{#x}`). With no value at the path:
/// * `{x.length}` is the length of the array or text `x` (0 for anything else, and when
///   `x` has no value);
/// * a path that reads as the inside of a JSON object (`{"key": 1}`) is that object;
/// * anything else is `null`.
fn reference_value(reference: &Reference, ctx: &dyn Context) -> Val<'static> {
    let path = reference.path.as_str();
    let Some(json) = ctx.value(path) else {
        if let Some(base) = path.strip_suffix(".length").filter(|base| !base.is_empty()) {
            return length_of(ctx.value(base));
        }
        return json_object_literal(path).map_or(Val::Null, Val::from_json);
    };
    let value = Val::from_json(json);
    if reference.raw {
        value
    } else {
        convert_variable(value)
    }
}

/// The object `{path}` stands for when the path is the inside of a JSON object
/// (SurveyJS reads `{"key": 1}` as an object when no variable has that name).
pub(crate) fn json_object_literal(path: &str) -> Option<serde_json::Value> {
    if path.find(':').is_none_or(|at| at < 1) {
        return None;
    }
    let text = format!("{{{path}}}");
    serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .filter(serde_json::Value::is_object)
}

fn length_of(value: Option<serde_json::Value>) -> Val<'static> {
    use serde_json::Value as Json;
    #[allow(clippy::cast_precision_loss)]
    match value {
        Some(Json::Array(items)) => Val::Num(items.len() as f64),
        Some(Json::String(text)) => Val::Num(text.chars().count() as f64),
        _ => Val::Num(0.0),
    }
}

fn unary(op: UnaryOp, value: Val<'_>) -> Val<'_> {
    match op {
        UnaryOp::Not => Val::Bool(!truthy(&value)),
        UnaryOp::Empty => Val::Bool(is_empty(&value)),
        UnaryOp::NotEmpty => Val::Bool(!is_empty(&value)),
        UnaryOp::Minus => match value {
            Val::Null => Val::Null,
            other => Val::num(-js_number(&other)),
        },
    }
}

/// Applies `op` to the value of its left operand and its (unevaluated) right operand.
fn binary<'a>(op: BinaryOp, l: Val<'a>, right: &'a Node, ctx: &dyn Context) -> Val<'a> {
    match op {
        BinaryOp::And => {
            if !is_empty(&l) && !truthy(&l) {
                return l;
            }
            let (l, r) = convert_empty_operands(l, evaluate(right, ctx));
            if truthy(&l) { r } else { l }
        }
        BinaryOp::Or => {
            if !is_empty(&l) && truthy(&l) {
                return l;
            }
            let (l, r) = convert_empty_operands(l, evaluate(right, ctx));
            if truthy(&l) { l } else { r }
        }
        BinaryOp::Add
        | BinaryOp::Subtract
        | BinaryOp::Multiply
        | BinaryOp::Divide
        | BinaryOp::Modulo
        | BinaryOp::Power => {
            let (l, r) = convert_empty_operands(l, evaluate(right, ctx));
            arithmetic(op, l, r)
        }
        _ => {
            let r = evaluate(right, ctx);
            let (l, r) = if op.precedence() == BinaryOp::Equal.precedence() {
                empty_text_as_today(l, r, ctx)
            } else {
                (l, r)
            };
            Val::Bool(match op {
                BinaryOp::Equal => equals(&l, &r),
                BinaryOp::NotEqual => !equals(&l, &r),
                BinaryOp::Less => compare(&l, &r) == Some(Ordering::Less),
                BinaryOp::Greater => compare(&l, &r) == Some(Ordering::Greater),
                BinaryOp::LessOrEqual => equals(&l, &r) || compare(&l, &r) == Some(Ordering::Less),
                BinaryOp::GreaterOrEqual => {
                    equals(&l, &r) || compare(&l, &r) == Some(Ordering::Greater)
                }
                BinaryOp::Contains => contains(&l, &r),
                BinaryOp::NotContains => not_contains(&l, &r),
                BinaryOp::AnyOf => any_of(&l, &r),
                BinaryOp::AllOf => all_of(&l, &r),
                BinaryOp::NoneOf => none_of(&l, &r),
                _ => false,
            })
        }
    }
}

/// SurveyJS reads a text compared with a date as a date, and JavaScript's `new Date('')`
/// is the current time, which the comparison then cuts to its day: an empty text next to a
/// date is today.
fn empty_text_as_today<'a>(l: Val<'a>, r: Val<'a>, ctx: &dyn Context) -> (Val<'a>, Val<'a>) {
    match (&l, &r) {
        (Val::Date(_), Val::Str(text)) if text.is_empty() => (l, Val::Date(ctx.today())),
        (Val::Str(text), Val::Date(_)) if text.is_empty() => (Val::Date(ctx.today()), r),
        _ => (l, r),
    }
}

/// SurveyJS's preparation of arithmetic (and `and`/`or`) operands: an empty operand becomes
/// `0` next to a number, stays `""` if it is text, becomes `""` next to text, `[]` next to
/// an array, and `0` otherwise. The right operand is converted against the converted left.
fn convert_empty_operands<'a>(left: Val<'a>, right: Val<'a>) -> (Val<'a>, Val<'a>) {
    let left = convert_empty(left, &right);
    let right = convert_empty(right, &left);
    (left, right)
}

fn convert_empty<'a>(value: Val<'a>, other: &Val) -> Val<'a> {
    if !is_empty(&value) {
        return value;
    }
    match (&value, other) {
        (_, Val::Num(_)) => Val::Num(0.0),
        (Val::Str(_), _) => value,
        (_, Val::Str(_)) => Val::str(""),
        (_, Val::Array(_)) => Val::Array(Vec::new()),
        _ => Val::Num(0.0),
    }
}

fn arithmetic<'a>(op: BinaryOp, l: Val<'a>, r: Val<'a>) -> Val<'a> {
    match op {
        BinaryOp::Add => add(l, r),
        BinaryOp::Subtract => {
            let (a, b) = (js_number(&l), js_number(&r));
            Val::num(correct_sum(a, b, a - b))
        }
        BinaryOp::Multiply => {
            let (a, b) = (js_number(&l), js_number(&r));
            Val::num(correct_product(a, b, a * b))
        }
        BinaryOp::Divide | BinaryOp::Modulo => {
            if !truthy(&r) {
                return Val::Null;
            }
            let (a, b) = (js_number(&l), js_number(&r));
            Val::num(if op == BinaryOp::Divide { a / b } else { a % b })
        }
        BinaryOp::Power => Val::num(js_pow(js_number(&l), js_number(&r))),
        _ => Val::Null,
    }
}

/// JavaScript's `Math.pow`, which differs from IEEE `pow` in two places: a NaN exponent
/// gives NaN (`1 ^ NaN`), and so does ±1 to an infinite power.
fn js_pow(base: f64, exponent: f64) -> f64 {
    if exponent.is_nan() || (base.abs() == 1.0 && exponent.is_infinite()) {
        return f64::NAN;
    }
    base.powf(exponent)
}

/// The number SurveyJS's `+` sees in a value (`Helpers.isNumber`): numbers, numeric text,
/// and an array of one item that reads as a number (JavaScript's `parseFloat([5])` is 5).
fn plus_number(value: &Val) -> Option<f64> {
    match value {
        Val::Num(n) => Some(*n),
        Val::Str(s) => survey_number(s),
        Val::Array(items) if items.len() == 1 => Some(js_number(value)).filter(|n| n.is_finite()),
        _ => None,
    }
}

/// SurveyJS `Helpers.sumAnyValues`: numbers add (with float correction); text joins; arrays
/// concatenate; an array plus text joins the array with `", "`; an array plus a number adds
/// up the array's numbers.
fn add<'a>(l: Val<'a>, r: Val<'a>) -> Val<'a> {
    match (plus_number(&l), plus_number(&r)) {
        (Some(a), Some(b)) => {
            // Both read as numbers, but JavaScript's `+` still joins text (and an array,
            // as its text: `[1] + 1` is "11").
            if matches!(l, Val::Str(_) | Val::Array(_)) || matches!(r, Val::Str(_) | Val::Array(_))
            {
                concat(&l, &r)
            } else {
                Val::num(correct_sum(a, b, a + b))
            }
        }
        _ => match (l, r) {
            (Val::Array(mut a), Val::Array(b)) => {
                a.extend(b);
                Val::Array(a)
            }
            (Val::Array(items), Val::Str(s)) => {
                let mut out = join(&items);
                out.push_str(&s);
                Val::str(out)
            }
            (Val::Str(s), Val::Array(items)) => {
                let mut out = s.into_owned();
                out.push_str(&join(&items));
                Val::str(out)
            }
            (Val::Array(items), Val::Num(n)) | (Val::Num(n), Val::Array(items)) => {
                let total = items.iter().fold(0.0, |total, item| match item {
                    Val::Num(x) => correct_sum(total, *x, total + x),
                    _ => total,
                });
                Val::num(correct_sum(total, n, total + n))
            }
            (l, r) => {
                let textual = |v: &Val| {
                    matches!(
                        v,
                        Val::Str(_) | Val::Date(_) | Val::Array(_) | Val::Object(_)
                    )
                };
                if textual(&l) || textual(&r) {
                    concat(&l, &r)
                } else {
                    Val::num(js_number(&l) + js_number(&r))
                }
            }
        },
    }
}

fn concat<'a>(l: &Val<'a>, r: &Val<'a>) -> Val<'a> {
    let mut out = js_string(l).into_owned();
    write_js_string(r, &mut out);
    Val::str(out)
}

fn join(items: &[Val]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if !matches!(item, Val::Null) {
            write_js_string(item, &mut out);
        }
    }
    out
}
