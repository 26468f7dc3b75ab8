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
//!   and `row`), `{q.length}` (items of an array, characters of a text). `{#name}` takes the
//!   value as is, without the conversions below. Whitespace just inside the braces is
//!   ignored. A reference that reads as the inside of a JSON object (`{"key": 1}`) and
//!   names no variable is that object (it is not listed by [`Expression::references`]).
//! * **Literals**: numbers (`12`, `3.25`, `-5`, `0x10`), text in `'…'` or `"…"` (`\'`,
//!   `\"` and `\\` are escapes; any other backslash is kept), `true`, `false` (any case),
//!   `null`, `undefined` (= `null`; lower case only, as SurveyJS), arrays `[1, 'a', {q}]`.
//! * **Bare words** are text, as in SurveyJS: `{q} = yes` is `{q} = 'yes'`. A bare word is
//!   Latin letters, digits and `_`, starting with a letter or `_`; an operator word
//!   (`and`, `contains`, `empty`…) in the place of a value is a bare word too
//!   (`{q} = empty` compares with the text `'empty'`). Other words (`{q} = có`) are errors
//!   ([`ParseErrorKind::UnknownWord`]), since SurveyJS cannot read them either.
//! * **Operators**, loosest first; every binary operator is left-associative:
//!
//!   | level | operators |
//!   | --- | --- |
//!   | 1 | `or`, `\|\|` |
//!   | 2 | `and`, `&&` |
//!   | 3 | `=` `==` `equal` `equals`, `!=` `<>` `notequal` `notequals`, `<` `less`, `<=` `=<` `lessorequal`, `>` `greater`, `>=` `=>` `greaterorequal` |
//!   | 4 | `+`, `-` |
//!   | 5 | `*`, `/`, `%` |
//!   | 6 | `^`, `power` (left-associative: `2 ^ 3 ^ 2` is 64) |
//!   | 7 | `contains` `contain` `*=`, `notcontains` `notcontain`, `anyof`, `allof`, `noneof` |
//!   | 8 | prefix `!` `negate` `not` and `-`; postfix `empty`, `notempty` |
//!
//!   As in SurveyJS, a prefix operator applies to the operand right after it: `!{a} = 1`
//!   is `(!{a}) = 1`; write `!({a} = 1)`. A postfix operator belongs to the operand before
//!   it: `!{a} empty` is `!({a} empty)`. `-` directly before a digit is part of the number.
//!   No space is needed around operator words (`{a}and{b}`).
//! * **Keywords** are case-insensitive (`AND`, `Contains`, `TRUE`). So are function names,
//!   which print in their canonical spelling. An unknown function is an error
//!   ([`ParseErrorKind::UnknownFunction`]).
//! * A `(` still open at the end of the text is closed there, as SurveyJS's grammar allows:
//!   `sum([1, 2]` and `{a} > 1 and ({b} < 2` parse.
//! * Parse errors carry a byte position, a line and a column, and read like
//!   `expected ')' at column 14`. Nesting is limited to [`MAX_NESTING`] levels and the tree
//!   to [`MAX_TREE_DEPTH`] levels, so hostile input cannot exhaust the stack.
//! * `Display` prints canonical text (single quotes, symbol operators, only the needed
//!   parentheses) that parses back to the same tree.
//!
//! # Semantics
//!
//! These follow survey-core (survey-library `packages/survey-core`: `expressions.ts`,
//! `helpers.ts`, `functionsfactory.ts`, `conditionProcessValue.ts`, and its tests). They
//! are measured: `tests/fixtures/expression_cases.json` holds about 5,800 cases with the
//! result survey-core itself gives, and `tests/expression_cases.rs` checks every one (the
//! few deliberate differences are marked there with their reason, and listed last here).
//!
//! **Values of references.** A reference is the context's value at its path, as it is:
//! an empty text stays `""`, an empty array `[]`. A missing value is `null`; `{x.length}`
//! of a missing value, or of anything but an array or a text, is 0. Unless written `{#…}`,
//! non-empty text is converted: `"true"`/`"false"` (any case) become booleans; text wrapped
//! in quotes loses them; numeric text becomes a number (`"12"`, `" 1.5 "`, `"-3"`, `"1e3"`,
//! `"0x1F"`, and `"1,5"` with a single comma as decimal separator), except text starting
//! with `0` that is not `0`, `0.…` or `0,…` (`"0123"` stays text) and digit strings longer
//! than 15 characters (identifiers stay text). Items inside arrays and objects are not
//! converted.
//!
//! **Empty.** `empty` is true for `null`, `""`, `[]`, objects whose values are all empty,
//! and NaN; `0` and `false` are not empty. `notempty` is the opposite. Like `!`, they apply
//! to the operand right before them: `'a' * 1 empty` is `'a' * (1 empty)`.
//!
//! **Equality** (`=`, and `!=` as its negation):
//! * `null` equals `null` and `""`; a value equals nothing else when exactly one side is
//!   empty: `{x} = 3` is false and `{x} != 3` true when `x` has no value.
//! * Text equals text ignoring case and surrounding whitespace (`'Abc ' = 'abc'`).
//! * A number equals text that reads as the same decimal number (`5 = '5'`, `5 = '5.0'`,
//!   `10 = '010'`), but two texts compare as texts (`'10' = '010'` is false).
//! * A boolean equals the text `'true'`/`'false'` (any case), and `1`/`0` (JavaScript `==`).
//! * Arrays are equal when, both sorted by their items' text (JavaScript's `sort()`), their
//!   items are equal pairwise: `[1, 2] = [2, 1]`, but `['A', 'b'] = ['B', 'a']` is false
//!   (`'A'` meets `'B'`), and arrays of objects compare in their given order. Objects are
//!   equal when they have the same keys with equal values.
//! * A date equals a text that reads as the same date (an empty text next to a date is
//!   today, as JavaScript's `new Date('')` is now); the text `'undefined'` counts as `null`.
//!
//! **Order** (`<`, `>`; `<=` is `=` or `<`, `>=` is `=` or `>`), as JavaScript compares:
//! false when either side is `null`. Dates compare with dates and date texts, and with
//! numbers as milliseconds since 1970. Two texts (arrays and objects count as their text)
//! compare by code point, case-sensitively, even when they read as numbers: `'10' < '9'`
//! (answers are numbers already, so `{ten} > {nine}` compares 10 and 9). Anything else is
//! read as JavaScript numbers (`'' < 1`, `true > 0`; `'abc'` is not a number, which makes
//! the comparison false).
//!
//! **Arithmetic.** An empty operand becomes `0` next to a number, stays `""` if it is text,
//! becomes `""` next to text, `[]` next to an array, and `0` otherwise (so `{a} + {b}` is
//! 0 with no answers).
//! * `+` adds numbers and numeric text, but if either side *is* text (or a one-item array,
//!   which reads as a number) the result is JavaScript's text: `1 + 'a'` is `"1a"`,
//!   `'1' + 2` is `"12"`, `[1] + 1` is `"11"` (a reference to `"1"` is already the number
//!   1). Two arrays concatenate; an array plus text joins the array with `", "`; an array
//!   plus a number adds up the array's numbers. Dates join as `YYYY-MM-DD` text.
//! * `-`, `*`, `/`, `%`, `^` read both sides as JavaScript numbers (a date is its
//!   milliseconds).
//! * Float noise is corrected after `+` and `-` (the result is rounded to the larger number
//!   of decimals of the operands: `0.1 + 0.2` is `0.3`) and after `*` (to the sum of their
//!   decimals: `3 * 0.6` is `1.8`), as SurveyJS does; decimals are the characters after the
//!   `.` of JavaScript's text of the number (`1.5e-7` counts 4, `1e-7` none).
//!   Division is not corrected.
//! * Division or remainder by zero (or by an empty value) is `null`. NaN and the
//!   infinities stay numbers inside the expression, as in JavaScript: NaN is an empty value
//!   that equals nothing (`'a' * 1 = 'b' * 1` is false) and becomes 0 next to a number; an
//!   infinity compares (`{a} ^ -1 > 100` holds for 0). Both come out as `null`. `^` is
//!   JavaScript's `Math.pow` (`1 ^ NaN` is NaN).
//! * Unary `-` negates a number (`null` stays `null`).
//!
//! **Logic.** `!x` is the JavaScript `!` (`null`, `0`, `""`, `false` are falsy; `[]` and
//! objects are truthy). `and`/`or` return one of their operands, as JavaScript's `&&`/`||`
//! do, after the empty-operand conversion above (`{a} or 'none'` is `'none'` when `a` has no
//! value). A condition holds when its value is loosely equal to `true`
//! ([`Expression::evaluate_condition`]): `true`, `1`, `'1'`, `[1]`; so `{a}` alone is true
//! for `true` but not for `2` or `'yes'`.
//!
//! **Containment.**
//! * `a contains b`: an array contains an item equal to `b` (equality as `=`) or, for an
//!   array `b`, every item of `b`; an empty array contains nothing. Anything else is read as
//!   text (`0`, `false`, `true`, a number, an object as `[object Object]`) and contains
//!   `b`'s text as a substring, **ignoring case** (SurveyJS's default comparator):
//!   `'AbcDEf' contains 'bC'`. False when `a` is `null` or `""`, and when `b` is falsy
//!   (`null`, `""`, `0`, `false`) for a text `a`.
//! * `a notcontains b`: true when `a` is falsy (`null`, `""`, `0`, `false`) and `b` is not
//!   empty; true for an empty array `a`; else the opposite of `contains`, except that a
//!   `null`/`""` `a`, or a falsy `b` for a text `a`, is false here too.
//! * `a anyof b`: true when both are empty; false when only `a` is; true when only `b` is;
//!   with an array `a`, `a` contains `b` or one of its items; with a single value `a`, `b`
//!   contains it (`{country} anyof ['vn', 'la']`, and `'b' anyof 'abc'` as text).
//! * `a allof b`: every item of `b` is contained in `a` (false when `a` is falsy and `b` is
//!   not empty; true for an empty array `b`).
//! * `a noneof b`: exactly `!(a anyof b)` (so false when both sides are empty).
//!
//! **Functions.** Arguments are evaluated as needed (`iif` evaluates one branch).
//! * `iif(c, x, y?)`: `x` when `c` is truthy (JavaScript), else `y` (`null` when missing);
//!   `null` with fewer than two arguments.
//! * `sum`, `avg`, `min`, `max`, `count` work on their arguments flattened: `null`s
//!   dropped, arrays opened, numeric text read as numbers. `sum` adds with JavaScript's `+`
//!   and the float correction (`sum(true, 2)` is 3, `sum('a', 1)` is `"0a1"`); `avg` is
//!   that sum over the number of items (0 with none); `count` counts the items (`""`
//!   counts); `min`/`max` keep the item JavaScript's `<`/`>` ranks first (`max('a', 'b')`
//!   is `'b'`), `null` with none.
//! * `round(x, digits = 0)` is `Math.round(x · 10ᵈ · (1 + ε)) / 10ᵈ`: `round(1.005, 2)` is
//!   1.01, `round(-2.5)` is -3, `round(1250, -2)` is 1300. `trunc(x, digits)` cuts
//!   JavaScript's text of `x` after `digits` decimals (`trunc(2.175, 1)` is 2.1); without
//!   digits, or with 0, negative or fractional digits, it keeps the whole part. Both work
//!   on the flattened arguments, so `round({missing}, 2)` is 2; a non-number gives NaN
//!   (`null`).
//! * `substring(text, start, end?)` as JavaScript's `substring` on characters (indexes are
//!   clamped, swapped when reversed; `end` is ignored when it is not a number); `""` when
//!   the first argument is not a non-empty text (a number is not text) or `start` is not a
//!   number.
//! * Dates: the date functions read dates, date texts (`YYYY-MM-DD`, `YYYY-MM`, ISO
//!   date-times: see [`Date::parse`]; as in JavaScript, a day beyond its month's end up to
//!   31 rolls over: `2024-02-30` is 1 March), millisecond timestamps and booleans (1970-01-01), and
//!   return dates, which come out of [`Expression::evaluate`] as `"YYYY-MM-DD"`, or
//!   `"YYYY-MM-DDTHH:MM:SS"` text when they have a time of day. `today(n = 0)` is the
//!   context's today plus `n` days; `currentDate()` is today; `currentYear()`. `year(d)`,
//!   `month(d)` (1–12), `day(d)`, `weekday(d)` (0 = Sunday) use today when `d` is missing
//!   or empty, and are `null` for an invalid date. `getDate(v)` (keeps a time of day),
//!   `getYear(d)` (exactly one argument). An amount of days, months… is added the way
//!   JavaScript's date setters take it: a fraction is cut after the addition
//!   (`today(-0.5)` is yesterday), and text is joined to the day's digits (`today('2')` on
//!   the 15th is the 152nd day of the month, text that is no number gives `null`).
//! * Units are compared as SurveyJS writes them: lower case and plural (`'days'`,
//!   `'months'`, `'years'`, `'hours'`, `'minutes'`, `'seconds'`).
//!   `dateDiff(from, to, unit = 'days')`: days between the dates without sign; hours,
//!   minutes, seconds between the date-times without sign, rounded up; whole months for
//!   `'months'`; whole years (signed, towards zero) for `'years'` **and any other unit**
//!   (`'day'`, `'weeks'`…). An invalid date gives `null`, or 0 years.
//!   `age(birth, unit = 'years')`: whole years from `birth` to today, months for
//!   `'months'`, and 0 for `'days'` (SurveyJS counts days to a missing date).
//!   `diffDays(a, b)`: days without sign, 0 when either is missing.
//!   `dateAdd(date, n, unit = 'days')`: `null` when the date or `n` is missing **or 0**;
//!   a day beyond the target month's end rolls over as in JavaScript (31 January 2021 +
//!   1 month is 3 March; 29 February 2020 + 2 years is 1 March 2022); an unknown unit
//!   leaves the date as it is.
//! * `sumInArray(array, 'field', returnField?, condition?)`, `countInArray`, `minInArray`,
//!   `maxInArray`, `avgInArray` (two to four arguments): over the items of an array of
//!   objects (or the values of an object, as a matrix stores its rows) whose `field` (the
//!   exact key) is not empty and that pass the condition. The third argument is a return
//!   field when it is a quoted text without `{ } < > = !`: `minInArray`/`maxInArray` then
//!   return that field of the best item (`maxInArray({rows}, 'price', 'name')`); otherwise
//!   it is the condition, written as an expression (`countInArray({orders}, 'qty',
//!   {qty} > 0)`) or given as text (`'{qty} > 0'`; invalid text matches no item). In the
//!   condition the item's fields are the variables (names ignoring case), and other names
//!   are read from the context (`{qty} > {minimum}`); such outer names are not listed by
//!   [`Expression::references`]. Numeric text counts as a number, other text is skipped by
//!   the sum and min/max but counted; `sumInArray` adds with JavaScript's `+`.
//!   `sumInArray`, `countInArray` and `avgInArray` of nothing are 0; `minInArray` and
//!   `maxInArray` of nothing are `null`.
//! * Functions that need the survey around the expression ask the [`Context`]:
//!   `displayValue(name, value?)` ([`Context::display_value`]; the value itself when the
//!   context has no text), `propertyValue(name, property)` ([`Context::property_value`];
//!   `null` by default), `getComment(name, item?)` ([`Context::comment`]; by default the
//!   value of `name-Comment`, `""` when none), `isContainerReady(name, panelIndex?)`
//!   ([`Context::is_container_ready`]; false by default, as SurveyJS answers without a
//!   survey) and `isDisplayMode()` ([`Context::is_display_mode`]; false by default).
//! * `isValidTaxCode(v)`: whether `v` is a valid Vietnamese enterprise tax code: 10 digits,
//!   or 10 digits, `-` and a branch number `001`–`999`. The 10th digit must equal
//!   `10 − (Σ dᵢ·wᵢ mod 11)` over the first nine digits with weights 31, 29, 23, 19, 17, 13,
//!   7, 5, 3 (a remainder of 0 makes every code invalid). Numbers are read as their digits;
//!   empty values are not valid (combine with `{q} empty or …` for optional questions).
//! * `growth(now, before)`: `(now − before) / before × 100`, the percentage growth; `null`
//!   when either is missing or not a number, or `before` is 0.
//! * `abs(x)`: the absolute value of a number or numeric text; `null` otherwise.
//!
//! **Context.** [`Context::value`] receives the path as written (`panel[0].q`); the
//! evaluator handles `.length`. [`MapContext`] resolves paths in a JSON object with
//! [`resolve_path`]: a key equal to the whole path wins (keys may contain dots), then the
//! longest key that prefixes the path, exact case before any case.
//!
//! ## Differences from SurveyJS
//!
//! Each is deliberate; the measured cases mark them with the same reasons.
//!
//! * More is accepted: function names in any case and with a space before `(` (SurveyJS
//!   answers `null` for `SUM(1)`), leading zeros and hexadecimal letters in numbers
//!   (`007`, `0x1F`), `-` before any operand (`-{a}`), `not` as `!`, the other quote
//!   character inside a text (`'say "hi"'`), whitespace just inside braces (`{ a }` is
//!   `{a}`; SurveyJS looks up the name with its spaces), and the functions `abs`,
//!   `isValidTaxCode`, `growth`.
//! * Less is accepted: an unknown function is a parse error (SurveyJS answers `null` and
//!   warns), and so is a missing right operand (`{a} contains`, which SurveyJS compares
//!   with nothing) and a bare word with other than Latin letters.
//! * SurveyJS rewrites `=>`, `=<`, `<>`, `equals` and `notequals` everywhere in the text
//!   before parsing, inside quotes and braces too (`'x<>y'` is `'x!=y'` there, `{notequals}`
//!   names `notequal `); here they are operators only where an operator stands.
//! * `\\` in a text is one backslash here (SurveyJS keeps both characters), so that any
//!   text can be written and printed back.
//! * SurveyJS's grammar drops a whole argument list whose first item is the literal
//!   `null` (`min(null, 3)` is `min()` there), and survey-core fails with a TypeError on
//!   `null` or `undefined` later in a list (`iif({a} > 0, {a}, null)` cannot run there);
//!   here the literal is simply `null` wherever it is.
//! * Dates have no time of day unless a text gives one: `currentDate()` equals `today()`
//!   (the context gives the date only). A date with a time of day is `YYYY-MM-DDTHH:MM:SS`
//!   text, compared by its date (and `substring` works on it). Time zones are ignored.
//!   Only ISO dates are read (JavaScript's lenient parser also reads `03/02/2024`, `'1'`
//!   or `'months'` as dates), an array is not a date, and a date function given no date
//!   answers `null` (JavaScript keeps an "Invalid Date", a value that is not empty).
//! * An object is read as the text `[object Object]` by `contains` and `anyof`; SurveyJS
//!   treats an object that has a `length` key as a list.
//! * `a contains -b` is `a contains (-b)` here; SurveyJS's grammar, whose right operand of
//!   `contains` is optional, reads `(a contains) - b`.
//! * `^` with a fractional exponent may differ from JavaScript's `Math.pow` in the last
//!   binary digit.
//! * A date joins text as `YYYY-MM-DD` (JavaScript writes its long date text).
//! * Text lengths and `substring` count characters, not UTF-16 code units.
//! * `displayValue` is synchronous and falls back to the value itself.
//! * Where survey-core fails with an exception (`[0.1] + 0.2` breaks its float
//!   correction), the uncorrected JavaScript result is returned.

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
