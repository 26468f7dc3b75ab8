//! The SurveyJS-compatible expression language: `visibleIf`, `enableIf`, `requiredIf`,
//! validators, calculated values and expression questions.
//!
//! ```
//! use pq_core::expression::{parse, Date, MapContext};
//! use serde_json::json;
//!
//! let expression = parse("{age} >= 18 and {consent} = true").unwrap();
//! let today = Date::new(2024, 5, 1).unwrap();
//! let answers = MapContext::from_json(json!({"age": "21", "consent": true}), today);
//! assert!(expression.evaluate_condition(&answers));
//! assert_eq!(expression.to_string(), "{age} >= 18 and {consent} = true");
//! ```
//!
//! [`parse`] turns text into an [`Expression`]; [`Expression::evaluate`] computes its value
//! against a [`Context`] (the answers and today's date) and
//! [`Expression::evaluate_condition`] decides a condition. Evaluation never panics and never
//! yields NaN or an infinity: such results are `null`.
//!
//! # Syntax
//!
//! * **References**: `{name}`, with any characters but braces inside (spaces, dots, dashes,
//!   Vietnamese letters): `{q1}`, `{address.city}`, `{panel[0].q}`, `{panel[-1].q}` (the
//!   last entry), `{row.col}`, `{panel.q}` (in a dynamic panel: the context supplies `panel`
//!   and `row`), `{q.length}` (items of an array, characters of a text; 0 when `q` has no
//!   value). `{#name}` takes the value as is, without the conversions below. Whitespace just
//!   inside the braces is ignored.
//! * **Literals**: numbers (`12`, `3.25`, `-5`, `0x1F`), text in `'…'` or `"…"` (`\'`,
//!   `\"` and `\\` are escapes; any other backslash is kept), `true`, `false`, `null`,
//!   `undefined` (= `null`), arrays `[1, 'a', {q}]`.
//! * **Operators**, loosest first; every binary operator is left-associative:
//!
//!   | level | operators |
//!   | --- | --- |
//!   | 1 | `or`, `\|\|` |
//!   | 2 | `and`, `&&` |
//!   | 3 | `=` `==` `equal`, `!=` `<>` `notequal`, `<` `less`, `<=` `lessorequal`, `>` `greater`, `>=` `greaterorequal` |
//!   | 4 | `+`, `-` |
//!   | 5 | `*`, `/`, `%` |
//!   | 6 | `^`, `power` (left-associative: `2 ^ 3 ^ 2` is 64) |
//!   | 7 | `contains` `contain` `*=`, `notcontains` `notcontain`, `anyof`, `allof`, `noneof` |
//!   | 8 | prefix `!` `negate` `not` and `-`; postfix `empty`, `notempty` |
//!
//!   As in SurveyJS, a prefix operator applies to the operand right after it: `!{a} = 1`
//!   is `(!{a}) = 1`; write `!({a} = 1)`. A postfix operator belongs to the operand before
//!   it: `!{a} empty` is `!({a} empty)`. `-` directly before a digit is part of the number.
//! * **Keywords** are case-insensitive (`AND`, `Contains`, `TRUE`). So are function names,
//!   which print in their canonical spelling. A bare word that is neither is an error
//!   ([`ParseErrorKind::UnknownWord`]), as is an unknown function
//!   ([`ParseErrorKind::UnknownFunction`]).
//! * Parse errors carry a byte position, a line and a column, and read like
//!   `expected ')' at column 14`. Nesting is limited to [`MAX_NESTING`] levels and the tree
//!   to [`MAX_TREE_DEPTH`] levels, so hostile input cannot exhaust the stack.
//! * `Display` prints canonical text (single quotes, symbol operators, only the needed
//!   parentheses) that parses back to the same tree.
//!
//! # Semantics
//!
//! These follow SurveyJS (survey-library `expressions.ts`, `helpers.ts`,
//! `functionsfactory.ts`, `conditionProcessValue.ts`); the differences are listed last.
//!
//! **Values of references.** A reference with no value, or an empty one (`null`, `""`, `[]`,
//! an object whose values are all empty), is `null`. Otherwise, unless written `{#…}`, text
//! is converted: `"true"`/`"false"` (any case) become booleans; text wrapped in quotes loses
//! them; numeric text becomes a number (`"12"`, `" 1.5 "`, `"-3"`, `"1e3"`, `"0x1F"`, and
//! `"1,5"` with a single comma as decimal separator), except text starting with `0` that is
//! not `0`, `0.…` or `0,…` (`"0123"` stays text) and digit strings longer than 15 characters
//! (identifiers stay text). Items inside arrays and objects are not converted.
//!
//! **Empty.** `empty` is true for `null`, `""`, `[]` and objects whose values are all empty;
//! `0` and `false` are not empty. `notempty` is the opposite.
//!
//! **Equality** (`=`, and `!=` as its negation):
//! * `null` equals `null` and `""`; a value equals nothing else when exactly one side is
//!   empty: `{x} = 3` is false and `{x} != 3` true when `x` has no value.
//! * Text equals text ignoring case and surrounding whitespace (`'Abc ' = 'abc'`).
//! * A number equals text that reads as the same number (`5 = '5'`, `5 = '5.0'`).
//! * A boolean equals the text `'true'`/`'false'` (any case), and `1`/`0` (JavaScript `==`).
//! * Arrays are equal when they have the same items in any order (`[1, 2] = [2, 1]`);
//!   objects when they have the same keys with equal values.
//! * A date equals a text that reads as the same date; the text `'undefined'` counts as
//!   `null`.
//!
//! **Order** (`<`, `>`; `<=` is `=` or `<`, `>=` is `=` or `>`): false when either side is
//! `null`. Dates compare with dates and date texts. Two texts compare as numbers when both
//! are numeric (`'10' > '9'`), else by code point (case-sensitive; ISO dates compare
//! correctly as text). Otherwise both sides are read as JavaScript numbers (`true` is 1,
//! `'abc'` is not a number, which makes the comparison false).
//!
//! **Arithmetic.** An empty operand becomes `0` next to a number, `""` next to text, `[]`
//! next to an array, and `0` otherwise (so `{a} + {b}` is 0 with no answers).
//! * `+` adds numbers and numeric text (`'1' + 2`… is text: if either side *is* text the
//!   result is text, `1 + 'a'` is `"1a"`, `'1' + 2` is `"12"`; a reference to `"1"` is
//!   already the number 1). Arrays concatenate; an array plus text joins the array with
//!   `", "`; an array plus a number adds up the array's numbers. Dates join as
//!   `YYYY-MM-DD` text.
//! * `-`, `*`, `/`, `%`, `^` read both sides as JavaScript numbers.
//! * Float noise is corrected after `+` and `-` (the result is rounded to the larger number
//!   of decimals of the operands: `0.1 + 0.2` is `0.3`) and after `*` (to the sum of their
//!   decimals: `3 * 0.6` is `1.8`), as SurveyJS does.
//! * Division or remainder by zero (or by an empty value) is `null`; any NaN or infinite
//!   result is `null`.
//! * Unary `-` negates a number (`null` stays `null`).
//!
//! **Logic.** `!x` is the JavaScript `!` (`null`, `0`, `""`, `false` are falsy). `and`/`or`
//! return one of their operands, as JavaScript's `&&`/`||` do, after the empty-operand
//! conversion above (`{a} or 'none'` is `'none'` when `a` has no value). A condition holds
//! when its value is loosely equal to `true` ([`Expression::evaluate_condition`]): `true`,
//! `1`, `'1'`, `[1]`; so `{a}` alone is true for `true` but not for `2` or `'yes'`.
//!
//! **Containment.**
//! * `a contains b`: text contains text (case-sensitive); an array contains an item (equality
//!   as above) or, for an array `b`, every item of `b`; other values are compared as text
//!   ignoring case. False when `a` is `null`/`""`, or when `b` is falsy with text `a`.
//! * `a notcontains b`: the opposite, and true when `a` is falsy and `b` is not empty.
//! * `a anyof b`: true when both are empty; false when only `a` is; true when only `b` is;
//!   with an array `a`, some item of `b` is in `a`; with a single value `a`, `b` contains it
//!   (`{country} anyof ['vn', 'la']`).
//! * `a allof b`: every item of `b` is in `a` (false when `a` is falsy and `b` is not empty).
//! * `a noneof b`: true when either side is empty, else not `a anyof b`.
//!
//! **Functions.** Arguments are evaluated as needed (`iif` evaluates one branch).
//! * `iif(c, x, y)`: `x` when `c` is truthy (JavaScript), else `y`.
//! * `sum`, `avg`, `min`, `max`, `count` take any number of arguments and flatten arrays;
//!   `null`s are skipped; numeric text counts as a number; other items are ignored by
//!   `sum`/`avg`/`min`/`max` and counted by `count`. `sum` and `avg` of nothing are 0,
//!   `min`/`max` of nothing are `null`.
//! * `round(x, digits = 0)` rounds half away from zero on the number's shortest decimal text
//!   (`round(1.005, 2)` is 1.01, `round(-2.5)` is -3); `trunc(x, digits = 0)` cuts toward
//!   zero; negative digits round to tens, hundreds…; `abs(x)`. Non-numbers give `null`.
//! * `substring(text, start, end?)` as JavaScript's `substring` on characters (indexes are
//!   clamped, swapped when reversed); a number is used as its text; other values give `""`.
//! * Dates: the date functions read dates, date texts (`YYYY-MM-DD`, `YYYY-MM`, ISO
//!   date-times: see [`Date::parse`]) and millisecond timestamps, and return dates, which
//!   come out of [`Expression::evaluate`] as `"YYYY-MM-DD"`. `today(n = 0)` is the context's
//!   today plus `n` days; `currentDate()` is today (no time of day); `currentYear()`.
//!   `year(d)`, `month(d)` (1–12), `day(d)`, `weekday(d)` (0 = Sunday) use today when `d` is
//!   missing or empty, and are `null` for an invalid date. `getDate(v)`, `getYear(d)`.
//!   `age(birth, unit = 'years')` is whole years (or `'months'`, `'days'`) from `birth` to
//!   today. `dateDiff(from, to, unit = 'days')`: days are counted without sign (SurveyJS);
//!   months and years are whole, signed periods (a month counts when its day is reached).
//!   `diffDays(a, b)`: days without sign, 0 when either is missing.
//!   `dateAdd(date, n, unit = 'days')` adds days, months or years (a day beyond the target
//!   month's end becomes its last day: 31 January + 1 month is 29 February 2024). Units
//!   are `day(s)`, `month(s)`, `year(s)` in any case; an unknown unit makes
//!   `dateDiff`/`age` `null` and leaves `dateAdd`'s date unchanged.
//! * `sumInArray(array, 'field', condition?)`, `countInArray`, `minInArray`, `maxInArray`,
//!   `avgInArray`: over the items of an array of objects (or the values of an object, as
//!   a matrix stores its rows) whose `field` is not empty. The optional condition is an
//!   expression evaluated on each item, with the item's fields as variables:
//!   `countInArray({orders}, 'qty', {qty} > 0)`; it may also be given as text
//!   (`'{qty} > 0'`), and invalid text matches no item. References inside the condition
//!   are not listed by [`Expression::references`]. `sumInArray`, `countInArray` and
//!   `avgInArray` of nothing are 0; `minInArray`/`maxInArray` of nothing are `null`.
//! * `displayValue(name, value?)`: [`Context::display_value`] for the question `name` and
//!   the value (default: its current value); the value itself when the context has no text.
//! * `isValidTaxCode(v)`: whether `v` is a valid Vietnamese enterprise tax code: 10 digits,
//!   or 10 digits, `-` and a branch number `001`–`999`. The 10th digit must equal
//!   `10 − (Σ dᵢ·wᵢ mod 11)` over the first nine digits with weights 31, 29, 23, 19, 17, 13,
//!   7, 5, 3 (a remainder of 0 makes every code invalid). Numbers are read as their digits;
//!   empty values are not valid (combine with `{q} empty or …` for optional questions).
//! * `growth(now, before)`: `(now − before) / before × 100`, the percentage growth; `null`
//!   when either is missing or not a number, or `before` is 0.
//!
//! **Context.** [`Context::value`] receives the path as written (`panel[0].q`); the
//! evaluator handles `.length`. [`MapContext`] resolves paths in a JSON object with
//! [`resolve_path`]: a key equal to the whole path wins (keys may contain dots), then the
//! longest key that prefixes the path, exact case before any case.
//!
//! ## Differences from SurveyJS
//!
//! * Bare words (`{q} = yes`) are errors here; SurveyJS reads them as the text `'yes'`.
//!   Unknown function names are errors; SurveyJS returns `null` and warns. Unbalanced
//!   parentheses and a missing right operand are errors; SurveyJS's grammar tolerates some.
//! * Added: `not` (SurveyJS has only `!` and `negate`), unary `-` before any operand, `<>`,
//!   `=<`, `=>`, `equals`, `notequals` (older SurveyJS grammars), `\\` in strings, the other
//!   quote character inside a string, case-insensitive function names, the functions `trunc`,
//!   `abs`, `isValidTaxCode`, `growth`, and negative indexes (`{panel[-1].q}`).
//! * `noneof` is defined here as stated above (SurveyJS's definition was not available).
//! * Two numeric texts compare as numbers in `<`/`>` (SurveyJS compares them as text).
//! * Dates have no time of day: `currentDate()` equals `today()`, date-times are cut to
//!   their date, and time zones are ignored.
//! * `dateAdd` clamps to the end of the month (JavaScript rolls over: 31 January + 1 month
//!   is 2 or 3 March there) and adds 0 as 0 (SurveyJS returns `null` for 0).
//! * `sum`/`avg`/`min`/`max` ignore non-numeric items (JavaScript would concatenate or
//!   yield NaN); `substring` accepts numbers (SurveyJS returns `""` for them).
//! * Array equality matches items as a multiset (SurveyJS sorts both arrays as text first,
//!   which can mis-pair items that differ only in case).
//! * Text lengths and `substring` count characters, not UTF-16 code units.
//! * `displayValue` is synchronous and falls back to the value itself.
//! * `{#name}` with a value that is an empty string is `null` like any empty value.

mod ast;
mod context;
mod date;
mod evaluate;
mod functions;
mod lexer;
mod parser;
mod value;

#[cfg(test)]
mod tests;

pub use ast::{BinaryOp, Expression, Node, Reference, UnaryOp};
pub use context::{Context, MapContext, resolve_path};
pub use date::{Date, DateParseError, MAX_YEAR, MIN_YEAR, days_in_month, is_leap_year};
pub use functions::{Function, is_known_function};
pub use parser::{MAX_NESTING, MAX_TREE_DEPTH, ParseError, ParseErrorKind, parse};
pub use value::{json_is_empty as is_empty, json_is_true as is_true};
