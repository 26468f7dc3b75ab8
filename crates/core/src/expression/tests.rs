//! Behaviour of the expression language as a whole: syntax, SurveyJS semantics, functions,
//! errors, and properties (no panics, print/parse round trip).
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;

fn today() -> Date {
    // A Wednesday.
    Date::new(2024, 5, 15).unwrap()
}

fn ctx(values: Value) -> MapContext {
    MapContext::from_json(values, today())
}

fn parsed(text: &str) -> Expression {
    parse(text).unwrap_or_else(|e| panic!("{text:?} does not parse: {e}"))
}

fn eval_with(text: &str, values: Value) -> Value {
    parsed(text).evaluate(&ctx(values))
}

fn eval(text: &str) -> Value {
    eval_with(text, json!({}))
}

fn cond_with(text: &str, values: Value) -> bool {
    parsed(text).evaluate_condition(&ctx(values))
}

fn cond(text: &str) -> bool {
    cond_with(text, json!({}))
}

fn canonical(text: &str) -> String {
    parsed(text).to_string()
}

fn error(text: &str) -> ParseError {
    match parse(text) {
        Ok(e) => panic!("{text:?} parsed as {e}"),
        Err(e) => e,
    }
}

fn answers() -> Value {
    json!({
        "num": "5",
        "ten": "10",
        "nine": "9",
        "zip": "0123",
        "comma": "1,5",
        "yes": "true",
        "quoted": "'q'",
        "long": "1234567890123456",
        "cb": ["a", "b"],
        "country": "vn",
        "text": "Hello",
        "vn": "héllo",
        "arr": [1, 2, 3],
        "emptyText": "",
        "emptyArr": [],
        "emptyObj": {"a": null, "b": ""},
        "obj": {"a": 1},
        "panel": [{"q": "first"}, {"q": "last"}],
        "d": "2024-01-01",
        "dtoday": "2024-05-15",
        "two": 2,
        "t": true,
    })
}

fn a(text: &str) -> Value {
    eval_with(text, answers())
}

fn ca(text: &str) -> bool {
    cond_with(text, answers())
}

// ---------------------------------------------------------------------------------------
// Syntax and precedence
// ---------------------------------------------------------------------------------------

#[test]
fn arithmetic_precedence() {
    assert_eq!(eval("1 + 2 * 3"), json!(7));
    assert_eq!(eval("(1 + 2) * 3"), json!(9));
    assert_eq!(eval("2 ^ 3 ^ 2"), json!(64));
    assert_eq!(eval("2 * 3 ^ 2"), json!(18));
    assert_eq!(eval("2 power 3"), json!(8));
    assert_eq!(eval("10 - 2 - 3"), json!(5));
    assert_eq!(eval("12 / 2 / 3"), json!(2));
    assert_eq!(eval("7 % 3 * 2"), json!(2));
    assert_eq!(eval("-2 ^ 2"), json!(4));
}

#[test]
fn logical_precedence() {
    assert!(cond("true or false and false"));
    assert!(!cond("(true or false) and false"));
    assert!(cond("1 + 1 = 2 and 2 * 2 = 4"));
    assert!(cond("1 < 2 = true"));
    assert!(cond("[1] contains 1 = true"));
}

#[test]
fn minus_signs() {
    assert_eq!(eval("5 -3"), json!(2));
    assert_eq!(eval("5-3"), json!(2));
    assert_eq!(eval("5 - -3"), json!(8));
    assert_eq!(eval("-5 + 1"), json!(-4));
    assert_eq!(eval_with("{a}-1", json!({"a": 3})), json!(2));
    assert_eq!(eval_with("-{a}", json!({"a": 3})), json!(-3));
    assert_eq!(eval("-{x}"), Value::Null);
    assert_eq!(eval("-(2 + 3)"), json!(-5));
    assert_eq!(eval("- 5"), json!(-5));
    assert_eq!(eval("--5"), json!(5));
    assert_eq!(eval("-'4'"), json!(-4));
    assert_eq!(eval("-'abc'"), Value::Null);
}

#[test]
fn prefix_binds_to_the_next_operand() {
    let tree = parsed("!{a} = 1");
    assert!(matches!(
        tree.root(),
        Node::Chain { first, rest }
            if rest[0].0 == BinaryOp::Equal
                && matches!(**first, Node::Unary { op: UnaryOp::Not, .. })
    ));
    let tree = parsed("!{a} empty");
    assert!(matches!(
        tree.root(),
        Node::Unary { op: UnaryOp::Not, operand }
            if matches!(**operand, Node::Unary { op: UnaryOp::Empty, .. })
    ));
    assert!(cond("!({x} = 1)"));
    assert!(cond("!{x} empty = false"));
}

#[test]
fn every_operator_spelling() {
    let cases: &[(&str, BinaryOp)] = &[
        ("or", BinaryOp::Or),
        ("||", BinaryOp::Or),
        ("and", BinaryOp::And),
        ("&&", BinaryOp::And),
        ("=", BinaryOp::Equal),
        ("==", BinaryOp::Equal),
        ("equal", BinaryOp::Equal),
        ("equals", BinaryOp::Equal),
        ("!=", BinaryOp::NotEqual),
        ("<>", BinaryOp::NotEqual),
        ("notequal", BinaryOp::NotEqual),
        ("notequals", BinaryOp::NotEqual),
        ("<", BinaryOp::Less),
        ("less", BinaryOp::Less),
        ("<=", BinaryOp::LessOrEqual),
        ("=<", BinaryOp::LessOrEqual),
        ("lessorequal", BinaryOp::LessOrEqual),
        (">", BinaryOp::Greater),
        ("greater", BinaryOp::Greater),
        (">=", BinaryOp::GreaterOrEqual),
        ("=>", BinaryOp::GreaterOrEqual),
        ("greaterorequal", BinaryOp::GreaterOrEqual),
        ("+", BinaryOp::Add),
        ("-", BinaryOp::Subtract),
        ("*", BinaryOp::Multiply),
        ("/", BinaryOp::Divide),
        ("%", BinaryOp::Modulo),
        ("^", BinaryOp::Power),
        ("power", BinaryOp::Power),
        ("contains", BinaryOp::Contains),
        ("contain", BinaryOp::Contains),
        ("*=", BinaryOp::Contains),
        ("notcontains", BinaryOp::NotContains),
        ("notcontain", BinaryOp::NotContains),
        ("anyof", BinaryOp::AnyOf),
        ("allof", BinaryOp::AllOf),
        ("noneof", BinaryOp::NoneOf),
    ];
    for (spelling, expected) in cases {
        for text in [
            format!("{{a}} {spelling} {{b}}"),
            format!("{{a}} {} {{b}}", spelling.to_uppercase()),
        ] {
            let tree = parsed(&text);
            assert!(
                matches!(tree.root(), Node::Chain { rest, .. } if rest[0].0 == *expected),
                "{text} parsed as {tree:?}"
            );
            assert_eq!(
                tree.to_string(),
                format!("{{a}} {} {{b}}", expected.symbol())
            );
        }
    }
    for (text, op) in [
        ("!{a}", UnaryOp::Not),
        ("negate {a}", UnaryOp::Not),
        ("NOT {a}", UnaryOp::Not),
        ("-{a}", UnaryOp::Minus),
        ("{a} empty", UnaryOp::Empty),
        ("{a} Empty", UnaryOp::Empty),
        ("{a} notempty", UnaryOp::NotEmpty),
    ] {
        assert!(
            matches!(parsed(text).root(), Node::Unary { op: o, .. } if *o == op),
            "{text}"
        );
    }
}

#[test]
fn literals() {
    assert_eq!(eval("12"), json!(12));
    assert_eq!(eval("3.25"), json!(3.25));
    assert_eq!(eval("0x1F"), json!(31));
    assert_eq!(eval("'it\\'s'"), json!("it's"));
    assert_eq!(eval("\"say \\\"hi\\\"\""), json!("say \"hi\""));
    assert_eq!(eval("'a\"b'"), json!("a\"b"));
    assert_eq!(eval("TRUE"), json!(true));
    assert_eq!(eval("False"), json!(false));
    assert_eq!(eval("null"), Value::Null);
    assert_eq!(eval("undefined"), Value::Null);
    assert_eq!(eval("[1, 'a', [true]]"), json!([1, "a", [true]]));
    assert_eq!(eval("[]"), json!([]));
    assert_eq!(eval("''"), json!(""));
}

#[test]
fn canonical_text() {
    assert_eq!(canonical("{a}+{b}*2"), "{a} + {b} * 2");
    assert_eq!(canonical("({a}+{b})*2"), "({a} + {b}) * 2");
    assert_eq!(canonical("{a} - ({b} - {c})"), "{a} - ({b} - {c})");
    assert_eq!(canonical("({a} - {b}) - {c}"), "({a} - {b}) - {c}");
    assert_eq!(canonical("{a} - {b} + {c}"), "{a} - {b} + {c}");
    assert_eq!(canonical("({a} * {b}) + {c}"), "{a} * {b} + {c}");
    assert_eq!(canonical("!({a} = 1)"), "!({a} = 1)");
    assert_eq!(canonical("negate {a}"), "!{a}");
    assert_eq!(canonical("{a} EQUAL \"x\""), "{a} = 'x'");
    assert_eq!(canonical("{ #a }"), "{#a}");
    assert_eq!(
        canonical("IIF({a}, SUM(1,2), [ ])"),
        "iif({a}, sum(1, 2), [])"
    );
    assert_eq!(canonical("- (5)"), "-(5)");
    assert_eq!(canonical("-5"), "-5");
    assert_eq!(canonical("(!{a}) empty"), "(!{a}) empty");
    assert_eq!(canonical("'a\\\\b\\'c'"), "'a\\\\b\\'c'");
    assert_eq!(canonical("{a} and ({b} or {c})"), "{a} and ({b} or {c})");
    assert_eq!(canonical("{a} or {b} and {c}"), "{a} or {b} and {c}");
    for text in [
        "{a} + {b} * 2",
        "-(5) empty",
        "-{a} ^ 2",
        "!!{a}",
        "{a} contains 'x' = true",
        "0.1 + 1000000000000000000000",
    ] {
        assert_eq!(parsed(&canonical(text)), parsed(text), "{text}");
    }
}

#[test]
fn expression_from_str() {
    let e: Expression = "1 + 1".parse().unwrap();
    assert_eq!(e.evaluate(&ctx(json!({}))), json!(2));
    assert!("1 +".parse::<Expression>().is_err());
    assert_eq!(Expression::new(Node::Number(4.0)).to_string(), "4");
}

// ---------------------------------------------------------------------------------------
// Parse errors
// ---------------------------------------------------------------------------------------

#[test]
fn error_positions_and_messages() {
    let e = error("(1 + 2 3");
    assert_eq!(e.kind(), ParseErrorKind::UnexpectedToken);
    assert_eq!(e.message(), "expected ')'");
    assert_eq!((e.position(), e.line(), e.column()), (7, 1, 8));
    assert_eq!(e.to_string(), "expected ')' at column 8");

    let e = error("iif({a} > 1, 2 3)");
    assert_eq!(e.to_string(), "expected ',' or ')' at column 16");

    let e = error("1 +");
    assert_eq!(e.kind(), ParseErrorKind::UnexpectedEnd);
    assert_eq!(e.column(), 4);

    assert_eq!(error("").kind(), ParseErrorKind::Empty);
    assert_eq!(error("  \n ").kind(), ParseErrorKind::Empty);

    // Bare words are text, but only words SurveyJS reads so: Latin letters, digits, `_`.
    let e = error("{a} = chưa");
    assert_eq!(e.kind(), ParseErrorKind::UnknownWord);
    assert_eq!(e.column(), 7);
    assert!(e.message().contains("{chưa}"));
    assert!(e.message().contains("'chưa'"));

    let e = error("sum(1) + foo(1)");
    assert_eq!(e.kind(), ParseErrorKind::UnknownFunction);
    assert_eq!(e.to_string(), "unknown function 'foo' at column 10");

    let e = error("1 2");
    assert_eq!(e.kind(), ParseErrorKind::UnexpectedToken);
    assert_eq!(
        e.to_string(),
        "expected an operator but found number 2 at column 3"
    );

    assert_eq!(
        error("1)").to_string(),
        "unexpected ')' without a matching '(' at column 2"
    );
    assert_eq!(error(")").kind(), ParseErrorKind::UnexpectedToken);
    assert_eq!(error("{a} and").kind(), ParseErrorKind::UnexpectedEnd);
    assert_eq!(error("and {a}").kind(), ParseErrorKind::UnexpectedToken);
    assert_eq!(error("{a} contains").kind(), ParseErrorKind::UnexpectedEnd);
    assert_eq!(error("[1, 2").kind(), ParseErrorKind::UnexpectedEnd);
    assert_eq!(error("f(,)").kind(), ParseErrorKind::UnknownFunction);
    assert_eq!(error("sum(1,)").kind(), ParseErrorKind::UnexpectedToken);

    let e = error("{a} = 'x");
    assert_eq!(e.kind(), ParseErrorKind::UnterminatedString);
    assert_eq!(e.column(), 7);
    assert_eq!(error("{a").kind(), ParseErrorKind::UnterminatedReference);
    assert_eq!(error("{} = 1").kind(), ParseErrorKind::EmptyReference);
    assert_eq!(error("1 # 2").kind(), ParseErrorKind::UnexpectedCharacter);
    assert_eq!(
        error(&format!("1{}", "0".repeat(400))).kind(),
        ParseErrorKind::InvalidNumber
    );

    let e = error("1 +\n  )");
    assert_eq!((e.line(), e.column()), (2, 3));
    assert_eq!(
        e.to_string(),
        "expected a value but found ')' at line 2, column 3"
    );

    // Byte position and character column differ with Vietnamese text.
    let e = error("{tỉnh thành} = có");
    assert_eq!(e.position(), 18);
    assert_eq!(e.column(), 16);
}

#[test]
fn nesting_is_limited() {
    let deep = |n: usize| format!("{}1{}", "(".repeat(n), ")".repeat(n));
    assert!(parse(&deep(MAX_NESTING)).is_ok());
    assert_eq!(
        error(&deep(MAX_NESTING + 1)).kind(),
        ParseErrorKind::TooDeep
    );
    assert_eq!(error(&deep(100_000)).kind(), ParseErrorKind::TooDeep);
    assert_eq!(
        error(&format!("{}1", "!".repeat(10_000))).kind(),
        ParseErrorKind::TooDeep
    );
    assert_eq!(
        error(&format!("{}1{}", "abs(".repeat(1000), ")".repeat(1000))).kind(),
        ParseErrorKind::TooDeep
    );
    assert_eq!(
        error(&format!("{}1{}", "[".repeat(1000), "]".repeat(1000))).kind(),
        ParseErrorKind::TooDeep
    );
    // Long chains of one level are fine; deep nesting of levels is not.
    assert!(parse(&format!("1{}", " + 1 - 1".repeat(5000))).is_ok());
    assert_eq!(
        error(&staircase(MAX_TREE_DEPTH / 7 + 2)).kind(),
        ParseErrorKind::TooDeep
    );
    assert!(parse(&staircase(MAX_TREE_DEPTH / 7 - 2)).is_ok());
    assert_eq!(
        error(&format!("1{}", " empty".repeat(MAX_TREE_DEPTH + 1))).kind(),
        ParseErrorKind::TooDeep
    );
}

/// `n` levels of parentheses, each nesting every operator level: about 7 tree levels each.
fn staircase(n: usize) -> String {
    format!(
        "{}{{a}}{}",
        "{a} or {b} and {a} = {a} + {a} * {a} ^ {a} contains (".repeat(n),
        ")".repeat(n)
    )
}

/// The deepest staircase that parses.
fn deepest_staircase() -> String {
    (1..MAX_NESTING)
        .map(staircase)
        .take_while(|text| parse(text).is_ok())
        .last()
        .unwrap()
}

#[test]
fn the_deepest_trees_fit_a_small_stack() {
    // Parsing, printing, evaluating, cloning, comparing and dropping the deepest accepted
    // trees, in a debug build, in a 1 MiB thread (release builds need far less; browsers
    // give WebAssembly about 1 MiB).
    let handle = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(|| {
            let values = json!({"a": 0, "b": 1});
            let deep = [
                deepest_staircase(),
                format!(
                    "{}-1{}",
                    "abs(".repeat(MAX_NESTING - 1),
                    ")".repeat(MAX_NESTING - 1)
                ),
                format!("{}1", "!".repeat(MAX_NESTING - 1)),
                format!("1{}", " empty".repeat(MAX_TREE_DEPTH)),
                format!("{{a}}{}", " + {a}".repeat(100_000)),
            ];
            for text in deep {
                let e = parse(&text).unwrap();
                let _ = e.evaluate(&ctx(values.clone()));
                let copy = e.clone();
                assert_eq!(parse(&e.to_string()).unwrap(), copy);
                assert!(!e.references().is_empty() || e.references().is_empty());
            }
            let sum = parse(&format!("{{b}}{}", " + {b}".repeat(100_000))).unwrap();
            assert_eq!(sum.evaluate(&ctx(values)), json!(100_001));
        })
        .unwrap();
    handle.join().unwrap();
}

// ---------------------------------------------------------------------------------------
// References
// ---------------------------------------------------------------------------------------

#[test]
fn references_in_order_without_duplicates() {
    let e = parsed("{a} + {b.c} + {a} + {#a} + {panel[0].q} + { a }");
    let refs = e.references();
    let paths: Vec<(&str, &str, bool)> = refs
        .iter()
        .map(|r| (r.path.as_str(), r.root.as_str(), r.raw))
        .collect();
    assert_eq!(
        paths,
        vec![
            ("a", "a", false),
            ("b.c", "b", false),
            ("a", "a", true),
            ("panel[0].q", "panel", false)
        ]
    );
    assert_eq!(Reference::new("x[1]", false).root, "x");
    let e = parsed("countInArray({orders}, 'qty', {qty} > 0) + sumInArray({rows}, {field})");
    let paths: Vec<String> = e.references().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, vec!["orders", "rows", "field"]);
}

#[test]
fn function_names() {
    let e = parsed("IIF(1, SUM(1), sum(2)) + dateadd(today(), 1)");
    assert_eq!(e.functions(), vec!["iif", "sum", "dateAdd", "today"]);
    assert!(parsed("{a}").functions().is_empty());
    assert!(is_known_function("iif"));
    assert!(is_known_function("SumInArray"));
    assert!(is_known_function("isValidTaxCode"));
    assert!(!is_known_function("foo"));
    for function in Function::all() {
        assert_eq!(Function::from_name(function.name()), Some(function));
    }
}

#[test]
fn reference_values_and_conversion() {
    assert_eq!(a("{num}"), json!(5));
    assert_eq!(a("{#num}"), json!("5"));
    assert_eq!(a("{zip}"), json!("0123"));
    assert_eq!(a("{comma}"), json!(1.5));
    assert_eq!(a("{yes}"), json!(true));
    assert_eq!(a("{quoted}"), json!("q"));
    assert_eq!(a("{long}"), json!("1234567890123456"));
    // Empty values stay what they are (SurveyJS converts only non-empty text).
    assert_eq!(a("{emptyText}"), json!(""));
    assert_eq!(a("{emptyArr}"), json!([]));
    assert_eq!(a("{emptyObj}"), json!({"a": null, "b": ""}));
    // A name that reads as the inside of a JSON object, with no variable of that name, is
    // the object.
    assert_eq!(a("{\"key\": 1}"), json!({"key": 1}));
    assert!(cond("{\"k\": \"v\"} = {\"k\": \"V\"}"));
    assert!(!cond("{\"k\": \"v\"} = {\"k\": \"w\"}"));
    assert!(parsed("{\"k\": 1} = {q}").references().len() == 1);
    assert_eq!(a("{missing}"), Value::Null);
    assert_eq!(a("{cb}"), json!(["a", "b"]));
    assert_eq!(a("{CB}"), json!(["a", "b"]));
    assert_eq!(a("{panel[0].q}"), json!("first"));
    assert_eq!(a("{panel[-1].q}"), json!("last"));
    assert_eq!(a("{obj.a}"), json!(1));
    assert_eq!(
        eval_with(
            "{Tỉnh / thành phố} + {a-b}",
            json!({"Tỉnh / thành phố": "x", "a-b": "y"})
        ),
        json!("xy")
    );
}

#[test]
fn lengths() {
    assert_eq!(a("{arr.length}"), json!(3));
    assert_eq!(a("{vn.length}"), json!(5));
    assert_eq!(a("{missing.length}"), json!(0));
    assert_eq!(a("{emptyText.length}"), json!(0));
    assert_eq!(a("{emptyArr.length}"), json!(0));
    assert_eq!(a("{panel.length}"), json!(2));
    assert_eq!(a("{obj.length}"), json!(0));
    assert_eq!(a("{num.length}"), json!(1));
    assert_eq!(a("{two.length}"), json!(0));
    assert_eq!(
        eval_with("{o.length}", json!({"o": {"length": 7}})),
        json!(7)
    );
    assert!(ca("{cb.length} = 2"));
}

#[test]
fn dotted_names_prefer_the_longest_key() {
    let values = json!({"a": {"b": 1}, "a.b": 2});
    assert_eq!(eval_with("{a.b}", values.clone()), json!(2));
    let values = json!({"a": {"b": {"c": 1}}, "a.b": {"c": 2}});
    assert_eq!(eval_with("{a.b.c}", values), json!(2));
}

// ---------------------------------------------------------------------------------------
// Equality and comparison
// ---------------------------------------------------------------------------------------

#[test]
fn empty_values_in_comparisons() {
    assert!(cond("{x} != 3"));
    assert!(!cond("{x} = 3"));
    assert!(cond("{x} = ''"));
    assert!(cond("{x} = null"));
    assert!(cond("{x} = 'undefined'"));
    assert!(!cond("{x} = 0"));
    assert!(!cond("{x} < 3"));
    assert!(!cond("{x} > 3"));
    assert!(!cond("{x} >= 3"));
    assert!(cond("{x} <= ''"));
    assert!(!cond("{x} = []"));
}

#[test]
fn equality_rules() {
    assert!(cond("'ABC' = 'abc'"));
    assert!(cond("' abc ' == 'abc'"));
    assert!(cond("'Đà Nẵng' = 'đà nẵng'"));
    assert!(cond("5 = '5'"));
    assert!(cond("5 = '5.0'"));
    assert!(!cond("'5' = '5.0'"));
    assert!(ca("{num} = '5.0'"));
    assert!(cond("true = 'TRUE'"));
    assert!(cond("false = 'false'"));
    assert!(cond("true = 1"));
    assert!(!cond("true = 2"));
    assert!(cond("[1, 2] = [2, 1]"));
    assert!(!cond("[1, 2] = [1]"));
    // Arrays are sorted by their items' text, then compared pairwise, as SurveyJS does:
    // items that differ only in case can end up facing the wrong partner, and arrays of
    // objects compare in their given order.
    assert!(cond("['a', 'b'] = ['B', 'A']"));
    assert!(!cond("['A', 'b'] = ['B', 'a']"));
    assert!(cond("[10, 9] = [9, 10]"));
    assert!(!cond_with(
        "{a} = {b}",
        json!({"a": [{"x": 1}, {"x": 2}], "b": [{"x": 2}, {"x": 1}]})
    ));
    assert!(cond_with(
        "{a} = {b}",
        json!({"a": [{"x": 1}, {"x": 2}], "b": [{"x": 1}, {"x": "2"}]})
    ));
    assert!(!cond("[1, 1] = [1, 2]"));
    assert!(ca("{cb} = ['b', 'a']"));
    assert!(!ca("{cb} = 'a'"));
    assert!(ca("{obj} = {obj}"));
    assert!(cond_with(
        "{o} = {p}",
        json!({"o": {"a": 1, "b": [1, 2]}, "p": {"b": [2, 1], "a": "1"}})
    ));
    assert!(!cond_with(
        "{o} = {p}",
        json!({"o": {"a": 1}, "p": {"a": 1, "b": 2}})
    ));
    assert!(!cond("'abc' = 3"));
    assert!(cond("'abc' != 3"));
    assert!(ca("{dtoday} = today()"));
    assert!(!ca("{d} = today()"));
    assert!(!cond("'not a date' = today()"));
    assert!(cond("today() = '2024-05-15T08:00:00'"));
    // An empty text next to a date is today (JavaScript's `new Date('')` is now).
    assert!(cond_with("{e} = today()", json!({"e": ""})));
    assert!(cond_with(
        "{e} >= today() and {e} <= today()",
        json!({"e": ""})
    ));
    assert!(!cond_with("{e} < today()", json!({"e": ""})));
}

#[test]
fn ordering_rules() {
    // Two texts compare as JavaScript compares them, by code point, even when they read as
    // numbers; answers are numbers already ({ten} is 10).
    assert!(!cond("'10' > '9'"));
    assert!(cond("'10' < '9'"));
    assert!(ca("{ten} > {nine}"));
    assert!(!ca("{#ten} > {#nine}"));
    // Text against a number compares as numbers (`''` is 0).
    assert!(cond("'' < 1"));
    assert!(cond_with("{e} < 5", json!({"e": ""})));
    assert!(ca("{ten} greater {nine}"));
    assert!(cond("'abc' < 'abd'"));
    assert!(cond("'B' < 'a'"));
    assert!(cond("2 >= 2"));
    assert!(cond("2 greaterorequal 1"));
    assert!(cond("2 <= 2"));
    assert!(cond("1 lessorequal 2"));
    assert!(cond("1 less 2"));
    assert!(cond("'abc' <= 'ABC'"));
    assert!(!cond("'abc' < 3"));
    assert!(!cond("'abc' > 3"));
    assert!(cond("true > 0"));
    assert!(cond("'2' < 10"));
    assert!(ca("{d} < today()"));
    assert!(ca("{d} < '2024-02-01'"));
    assert!(cond("dateAdd(today(), 7) > today()"));
    assert!(cond("today() > '2024-05-14'"));
    assert!(!cond("today() > 'garbage'"));
    // A date against a number compares its milliseconds since 1970.
    assert!(cond("today() > 5"));
    assert!(cond("today() = today()"));
    assert_eq!(eval("today() - 1"), json!(1_715_731_199_999_i64));
}

// ---------------------------------------------------------------------------------------
// Arithmetic and logic
// ---------------------------------------------------------------------------------------

#[test]
fn addition_rules() {
    assert_eq!(eval("1 + 'a'"), json!("1a"));
    assert_eq!(eval("'1' + 2"), json!("12"));
    assert_eq!(eval("'a' + 'b'"), json!("ab"));
    assert_eq!(a("{num} + 2"), json!(7));
    assert_eq!(a("{#num} + 2"), json!("52"));
    assert_eq!(eval("{a} + {b}"), json!(0));
    assert_eq!(eval("{a} + ' kg'"), json!(" kg"));
    assert_eq!(eval("{a} + 3"), json!(3));
    assert_eq!(eval("[1, 2] + [3]"), json!([1, 2, 3]));
    assert_eq!(eval("[1, 2] + 'x'"), json!("1, 2x"));
    assert_eq!(eval("'x' + [1, 2]"), json!("x1, 2"));
    assert_eq!(eval("[1, 2] + 3"), json!(6));
    // A one-item array reads as a number, but `+` joins it as text, as JavaScript does
    // (survey-core then fails on its float correction; here the joined text stays).
    assert_eq!(eval("[0.1] + 0.2"), json!("0.10.2"));
    assert_eq!(eval("[1] + 1"), json!("11"));
    assert_eq!(eval("[1] + [2]"), json!("12"));
    assert_eq!(eval("[1] + {a}"), json!([1]));
    assert_eq!(eval("true + 1"), json!(2));
    assert_eq!(eval("1.5 + null"), json!(1.5));
    assert_eq!(eval("today() + ''"), json!("2024-05-15"));
    assert_eq!(eval("'n=' + 0.5"), json!("n=0.5"));
}

#[test]
fn float_noise_is_corrected() {
    assert_eq!(eval("3 * 0.6"), json!(1.8));
    assert_eq!(eval("0.1 + 0.2"), json!(0.3));
    assert_eq!(eval("1.1 - 1"), json!(0.1));
    assert_eq!(eval("0.07 * 100"), json!(7));
    assert_eq!(eval("1.15 * 3"), json!(3.45));
    assert_eq!(eval("10 / 3"), json!(10.0 / 3.0));
}

#[test]
fn other_arithmetic() {
    assert_eq!(eval("10 / 4"), json!(2.5));
    assert_eq!(eval("7 % 3"), json!(1));
    assert_eq!(eval("-7 % 3"), json!(-1));
    assert_eq!(eval("2 ^ 0.5"), json!(2f64.sqrt()));
    assert_eq!(eval("'6' / '2'"), json!(3));
    assert_eq!(eval("'6' * 2"), json!(12));
    assert_eq!(eval("'abc' * 2"), Value::Null);
    assert_eq!(eval("{a} * 2"), json!(0));
}

#[test]
fn no_nan_or_infinity() {
    for text in [
        "1 / 0",
        "0 / 0",
        "5 % 0",
        "{a} / {b}",
        "5 / {b}",
        "2 ^ 100000",
        "(-8) ^ 0.5",
        "0 ^ -1",
        "'x' - 1",
        "round(1 / 0)",
        "growth(1, 0)",
        "-{x}",
    ] {
        assert_eq!(eval(text), Value::Null, "{text}");
    }
    assert_eq!(error("1e308").kind(), ParseErrorKind::UnexpectedToken);
    // NaN is an empty value that equals nothing, and 0 next to a number.
    assert!(!cond("'a' * 1 = 'b' * 1"));
    assert!(cond("{x} != 'a' * 1"));
    assert!(cond("('a' * 1) empty"));
    assert!(!cond("'a' * 1 empty"));
    assert_eq!(eval("'a' * 1 + 2"), json!(2));
    assert!(!cond("round('x') = round('y')"));
    assert_eq!(eval("avg('a' * 1)"), Value::Null);
    // `^` is JavaScript's Math.pow.
    assert_eq!(eval("1 ^ 'a'"), Value::Null);
    // …while a NaN operand is empty and becomes 0 first.
    assert_eq!(eval("1 ^ ('a' * 1)"), json!(1));
    assert!(!cond("true ^ 'a' >= -1"));
    // Inside the expression an infinity is a number, as in JavaScript.
    assert!(cond("0 ^ -1 > 100"));
    assert!(cond_with("{a} ^ -1 > 100", json!({"a": 0})));
    assert_eq!(eval("(0 ^ -1) * 0 + 1"), json!(1));
    assert_eq!(eval("'n: ' + 0 ^ -1"), json!("n: Infinity"));
    assert!(cond("5 / '0' > 1"));
}

#[test]
fn logic_operators() {
    assert!(cond("true and true"));
    assert!(!cond("true && false"));
    assert!(cond("false || true"));
    assert_eq!(eval("1 and 2"), json!(2));
    assert_eq!(eval("0 and 2"), json!(0));
    assert_eq!(eval("0 or 'x'"), json!("x"));
    assert_eq!(eval("{a} or 'none'"), json!("none"));
    assert_eq!(eval("{a} and true"), json!(0));
    assert_eq!(eval("{a} or {b}"), json!(0));
    assert_eq!(eval("'' or 5"), json!(5));
    assert!(cond("!0"));
    assert!(cond("!''"));
    assert!(!cond("!'a'"));
    assert!(!cond("negate true"));
    assert!(cond("not {x}"));
    assert!(!cond("![]"));
}

#[test]
fn condition_truthiness() {
    assert!(ca("{t}"));
    assert!(!ca("{two}"));
    assert!(cond("1"));
    assert!(cond("'1'"));
    assert!(cond("[1]"));
    assert!(cond("['1']"));
    assert!(!cond("'yes'"));
    assert!(!cond("[1, 1]"));
    assert!(!cond("null"));
    assert!(!cond("today()"));
    assert!(ca("{yes}"));
    assert!(!ca("{#yes}"));
}

// ---------------------------------------------------------------------------------------
// Empty and containment
// ---------------------------------------------------------------------------------------

#[test]
fn empty_and_notempty() {
    assert!(cond("{x} empty"));
    assert!(ca("{emptyText} empty"));
    assert!(ca("{emptyArr} empty"));
    assert!(ca("{emptyObj} empty"));
    assert!(ca("{cb} notempty"));
    assert!(ca("{obj} notempty"));
    assert!(!cond("0 empty"));
    assert!(cond("false notempty"));
    assert!(cond("[] empty"));
    assert!(cond("'' empty"));
    assert!(!cond("' ' empty"));
    assert!(cond("null empty"));
    assert!(cond("sum() notempty"));
}

#[test]
fn contains_rules() {
    assert!(ca("{cb} contains 'a'"));
    assert!(ca("{cb} contain 'A'"));
    assert!(ca("{cb} *= 'b'"));
    assert!(ca("{cb} contains ['a', 'b']"));
    assert!(!ca("{cb} contains ['a', 'z']"));
    assert!(!ca("{cb} contains 'z'"));
    // Text contains text ignoring case (SurveyJS's default comparator).
    assert!(ca("{text} contains 'ell'"));
    assert!(ca("{text} contains 'ELL'"));
    assert!(cond("'AbcDEf' contains 'bC'"));
    assert!(cond("'Đà Nẵng' contains 'NẴNG'"));
    assert!(!cond("'abc' contains 'abcd'"));
    // An empty array contains nothing; `notcontains` holds for it.
    assert!(!cond("[] contains 'C1'"));
    assert!(cond_with("{a} notcontains 0", json!({"a": []})));
    assert!(cond_with("{a} notcontains 0", json!({"a": [1, 2]})));
    assert!(!cond_with("{a} notcontains '0'", json!({"a": [0, 1]})));
    // Objects in arrays compare by their fields.
    assert!(cond_with(
        "{a} contains {b}",
        json!({"a": [{"id": 1}, {"id": 2}], "b": {"id": 1}})
    ));
    // A boolean is read as its text (`'TRUE'` answers are booleans).
    assert!(cond_with("{v} contains 'TRU'", json!({"v": "TRUE"})));
    assert!(cond_with("{v} contains 'FALSE'", json!({"v": "FALSE"})));
    assert!(!cond("'a0' contains 0"));
    assert!(!ca("{text} contains ''"));
    assert!(cond("123 contains 2"));
    assert!(cond("true contains 'RU'"));
    assert!(!cond("{x} contains 'a'"));
    assert!(cond("[1, 2] contains '2'"));
    assert!(cond_with("{n} contains 1", json!({"n": ["1", "2"]})));
}

#[test]
fn notcontains_rules() {
    assert!(ca("{cb} notcontains 'z'"));
    assert!(ca("{cb} notcontain 'z'"));
    assert!(!ca("{cb} notcontains 'a'"));
    assert!(ca("{cb} notcontains ['a', 'z']"));
    assert!(cond("{x} notcontains 'a'"));
    assert!(!cond("{x} notcontains ''"));
    assert!(ca("{text} notcontains 'xyz'"));
    assert!(!ca("{text} notcontains 'llo'"));
}

#[test]
fn anyof_allof_noneof() {
    assert!(ca("{cb} anyof ['a', 'z']"));
    assert!(!ca("{cb} anyof ['y', 'z']"));
    assert!(ca("{cb} anyof 'b'"));
    assert!(ca("{country} anyof ['vn', 'la']"));
    assert!(ca("{country} anyof ['VN']"));
    assert!(!ca("{country} anyof ['th']"));
    assert!(!cond("{x} anyof ['a']"));
    assert!(cond("{x} anyof []"));
    assert!(ca("{cb} anyof []"));

    assert!(ca("{cb} allof ['a', 'b']"));
    assert!(ca("{cb} allof ['b']"));
    assert!(!ca("{cb} allof ['a', 'z']"));
    assert!(ca("{cb} allof 'a'"));
    assert!(!cond("{x} allof ['a']"));
    assert!(cond("{x} allof []"));

    // `noneof` is exactly `not anyof`.
    assert!(ca("{cb} noneof ['y', 'z']"));
    assert!(!ca("{cb} noneof ['a']"));
    assert!(!ca("{cb} noneof ['z', 'b']"));
    assert!(ca("{country} noneof ['th', 'la']"));
    assert!(!ca("{country} noneof ['vn']"));
    assert!(cond("{x} noneof ['a']"));
    assert!(cond_with("{v} noneof ['a', 'b']", json!({"v": []})));
    assert!(!ca("{cb} noneof []"));
    assert!(!cond("{x} noneof []"));
    assert!(cond_with("{v} anyof [7, 3, 0]", json!({"v": 0})));
    assert!(!cond_with("{v} anyof [7, 3, 0]", json!({"v": 1})));
    assert!(cond("'b' anyof 'abc'"));
}

// ---------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------

#[test]
fn iif() {
    assert_eq!(
        eval_with("iif({a} > 1, 'big', 'small')", json!({"a": 2})),
        json!("big")
    );
    assert_eq!(
        eval_with("iif({a} > 1, 'big', 'small')", json!({})),
        json!("small")
    );
    assert_eq!(eval("iif('x', 1, 2)"), json!(1));
    assert_eq!(eval("iif(0, 1)"), Value::Null);
    assert_eq!(eval("iif()"), Value::Null);
}

#[test]
fn aggregates() {
    let values = json!({"x": "5", "list": [3, "4"], "e": ""});
    assert_eq!(
        eval_with("sum(1, 2, [3, 4], {x}, {missing})", values.clone()),
        json!(15)
    );
    assert_eq!(
        eval_with("sum({list}, 0.1, 0.2)", values.clone()),
        json!(7.3)
    );
    assert_eq!(eval("sum()"), json!(0));
    // `sum` adds with JavaScript's `+`: text joins.
    assert_eq!(eval("sum('a', 1)"), json!("0a1"));
    assert_eq!(eval("sum(true, 2)"), json!(3));
    assert_eq!(eval("sum([0.3, 0.6])"), json!(0.9));
    assert_eq!(eval("avg([0.3, 0.6])"), json!(0.45));
    assert_eq!(eval_with("min({list}, 10, -1)", values.clone()), json!(-1));
    assert_eq!(eval_with("max({list}, 1)", values.clone()), json!(4));
    assert_eq!(eval("min()"), Value::Null);
    assert_eq!(eval("max('a')"), json!("a"));
    assert_eq!(eval("max('a', 'b')"), json!("b"));
    assert_eq!(
        eval_with("min({a}, {b})", json!({"a": 0, "b": 3})),
        json!(0)
    );
    assert_eq!(
        eval_with("max({a}, {b})", json!({"a": 0, "b": -3})),
        json!(0)
    );
    assert_eq!(eval_with("avg({list}, 5)", values.clone()), json!(4));
    assert_eq!(eval("avg()"), json!(0));
    assert_eq!(
        eval_with("count({list}, 'a', {missing}, {e})", values),
        json!(4)
    );
    assert_eq!(eval("count()"), json!(0));
}

#[test]
fn rounding() {
    assert_eq!(eval("round(2.345, 2)"), json!(2.35));
    assert_eq!(eval("round(1.005, 2)"), json!(1.01));
    assert_eq!(eval("round(-2.5)"), json!(-3));
    assert_eq!(eval("round(2.5)"), json!(3));
    assert_eq!(eval("round(0.5)"), json!(1));
    assert_eq!(eval("round(0.4)"), json!(0));
    assert_eq!(eval("round(99.5)"), json!(100));
    assert_eq!(eval("round(9.995, 2)"), json!(10));
    assert_eq!(eval("round(0.004, 2)"), json!(0));
    assert_eq!(eval("round(0.005, 2)"), json!(0.01));
    assert_eq!(eval("round(1234, -2)"), json!(1200));
    assert_eq!(eval("round(1250, -2)"), json!(1300));
    assert_eq!(eval("round(40, -2)"), json!(0));
    assert_eq!(eval("round(50, -2)"), json!(100));
    assert_eq!(eval("round(12, 3)"), json!(12));
    assert_eq!(eval("round('3.7')"), json!(4));
    assert_eq!(eval("round('x')"), Value::Null);
    // The arguments are flattened without `null`s first: a missing number makes the
    // digits the number.
    assert_eq!(eval("round({x}, 2)"), json!(2));
    assert_eq!(eval("round({x})"), Value::Null);
    assert_eq!(eval("round(1.5, 'x')"), Value::Null);
    assert_eq!(eval("round(-1.005, 2)"), json!(-1.01));
    assert_eq!(eval("round(-0.5)"), json!(-1));
    assert_eq!(eval("trunc(2.789, 1)"), json!(2.7));
    assert_eq!(eval("trunc(-2.7)"), json!(-2));
    assert_eq!(eval("trunc(1999, -3)"), json!(1999));
    assert_eq!(eval("trunc(-0.5)"), json!(0));
    assert_eq!(eval("trunc(1.005, 2)"), json!(1));
    assert_eq!(eval("trunc(-5.015, 2)"), json!(-5.01));
    assert_eq!(eval("trunc(1.5, 'x')"), Value::Null);
    assert_eq!(eval("trunc({x})"), Value::Null);
    assert_eq!(eval("abs(-3)"), json!(3));
    assert_eq!(eval("abs('-1.5')"), json!(1.5));
    assert_eq!(eval("abs({x})"), Value::Null);
}

#[test]
fn substring_function() {
    assert_eq!(eval("substring('abcdef', 1, 3)"), json!("bc"));
    assert_eq!(eval("substring('abc', 2)"), json!("c"));
    assert_eq!(eval("substring('abc', 3, 1)"), json!("bc"));
    assert_eq!(eval("substring('abc', -5, 99)"), json!("abc"));
    assert_eq!(eval("substring('Việt Nam', 0, 4)"), json!("Việt"));
    // Only text has substrings: a number gives "".
    assert_eq!(eval("substring(12345, 0, 2)"), json!(""));
    assert_eq!(eval("substring('abcdef', '1', 'x')"), json!("bcdef"));
    assert_eq!(eval("substring({x}, 0)"), json!(""));
    assert_eq!(eval("substring('abc')"), json!(""));
    assert_eq!(eval("substring('abc', 'x')"), json!(""));
}

#[test]
fn date_functions() {
    assert_eq!(eval("today()"), json!("2024-05-15"));
    assert_eq!(eval("today(-1)"), json!("2024-05-14"));
    assert_eq!(eval("today(30)"), json!("2024-06-14"));
    assert_eq!(eval("currentDate()"), json!("2024-05-15"));
    assert_eq!(eval("currentYear()"), json!(2024));
    assert_eq!(eval("year()"), json!(2024));
    assert_eq!(eval("month('2024-02-10')"), json!(2));
    assert_eq!(eval_with("day({d})", json!({"d": "2024-02-10"})), json!(10));
    assert_eq!(eval("weekday('2024-05-15')"), json!(3));
    assert_eq!(eval("weekday()"), json!(3));
    assert_eq!(eval("year('garbage')"), Value::Null);
    // A day beyond its month's end rolls over, as JavaScript's dates do.
    assert_eq!(eval("getDate('2024-02-30')"), json!("2024-03-01"));
    assert_eq!(eval("getDate('2024-02-32')"), Value::Null);
    assert_eq!(
        eval("getDate('2024-02-03T10:00')"),
        json!("2024-02-03T10:00:00")
    );
    assert_eq!(eval("getDate('2024-02-03T00:00')"), json!("2024-02-03"));
    assert_eq!(eval("getDate({x})"), Value::Null);
    assert_eq!(eval("getDate(86400000)"), json!("1970-01-02"));
    assert_eq!(eval("getYear('2020-07-01')"), json!(2020));
    assert_eq!(eval("getYear()"), Value::Null);
}

#[test]
fn age_and_differences() {
    assert_eq!(eval("age('2000-05-16')"), json!(23));
    assert_eq!(eval("age('2000-05-15')"), json!(24));
    assert_eq!(eval("age('2000-05-15', 'months')"), json!(288));
    assert_eq!(eval("age({x})"), Value::Null);
    // Any unit but 'months' and 'days' counts years; 'days' is 0 (SurveyJS counts days to
    // a missing date).
    assert_eq!(eval("age('2000-05-15', 'weeks')"), json!(24));
    assert_eq!(eval("age('2000-05-15', 'days')"), json!(0));
    assert_eq!(eval("dateDiff('2024-01-01', '2024-03-01')"), json!(60));
    assert_eq!(
        eval("dateDiff('2024-03-01', '2024-01-01', 'days')"),
        json!(60)
    );
    assert_eq!(
        eval("dateDiff('2000-05-16', '2024-05-15', 'years')"),
        json!(23)
    );
    assert_eq!(
        eval("dateDiff('2024-05-15', '2000-05-16', 'Years')"),
        json!(-24)
    );
    assert_eq!(
        eval("dateDiff('2024-01-31', '2024-03-30', 'months')"),
        json!(1)
    );
    assert_eq!(
        eval("dateDiff('2024-01-31', '2024-03-31', 'month')"),
        json!(0)
    );
    assert_eq!(eval("dateDiff('2024-01-01', {x})"), Value::Null);
    assert_eq!(eval("dateDiff('2024-01-01', 'nope')"), Value::Null);
    assert_eq!(eval("diffDays('2024-01-10', '2024-01-01')"), json!(9));
    assert_eq!(eval("diffDays('2024-01-10', {x})"), json!(0));
}

#[test]
fn date_add() {
    assert_eq!(
        eval("dateAdd('2024-01-31', 1, 'months')"),
        json!("2024-03-02")
    );
    assert_eq!(eval("dateAdd('2024-01-31', 10)"), json!("2024-02-10"));
    assert_eq!(
        eval("dateAdd('2024-01-31', -31, 'days')"),
        json!("2023-12-31")
    );
    assert_eq!(
        eval("dateAdd('2020-02-29', 2, 'years')"),
        json!("2022-03-01")
    );
    assert_eq!(
        eval("dateAdd('2020-02-29', -2, 'years')"),
        json!("2018-03-01")
    );
    // Units are written as SurveyJS compares them; others leave the date unchanged.
    assert_eq!(
        eval("dateAdd('2024-02-29', 1, 'YEARS')"),
        json!("2024-02-29")
    );
    assert_eq!(eval("dateAdd('2024-02-29', 0)"), Value::Null);
    assert_eq!(
        eval("dateAdd('2024-02-29', 1, 'fortnights')"),
        json!("2024-02-29")
    );
    assert_eq!(eval("dateAdd({x}, 1)"), Value::Null);
    assert_eq!(eval("dateAdd('9999-12-31', 1)"), Value::Null);
    assert_eq!(eval("dateAdd(today(), 1) = '2024-05-16'"), json!(true));
}

fn orders() -> Value {
    json!({
        "orders": [
            {"qty": 2, "price": "10"},
            {"qty": 0, "price": 5},
            {"qty": null, "price": 7},
            {"price": 1},
            {"qty": "3", "price": 2.5},
            "not an object",
        ],
        "matrix": {"row1": {"col": 4}, "row2": {"col": "6"}, "row3": {}},
    })
}

#[test]
fn in_array_functions() {
    let e = |text: &str| eval_with(text, orders());
    assert_eq!(e("sumInArray({orders}, 'qty')"), json!(5));
    assert_eq!(e("countInArray({orders}, 'qty')"), json!(3));
    assert_eq!(e("minInArray({orders}, 'qty')"), json!(0));
    assert_eq!(e("maxInArray({orders}, 'price')"), json!(10));
    assert_eq!(e("avgInArray({orders}, 'qty')"), json!(5.0 / 3.0));
    assert_eq!(e("sumInArray({orders}, 'price', {qty} > 0)"), json!(12.5));
    assert_eq!(e("countInArray({orders}, 'price', '{qty} > 0')"), json!(2));
    assert_eq!(e("countInArray({orders}, 'price', '{qty} >')"), json!(0));
    assert_eq!(e("sumInArray({orders}, 'price', {QTY} empty)"), json!(8));
    assert_eq!(e("sumInArray({matrix}, 'col')"), json!(10));
    assert_eq!(e("sumInArray({missing}, 'col')"), json!(0));
    assert_eq!(e("avgInArray({missing}, 'col')"), json!(0));
    assert_eq!(e("minInArray({missing}, 'col')"), Value::Null);
    assert_eq!(e("maxInArray({orders}, 'nothing')"), Value::Null);
    assert_eq!(e("sumInArray({orders})"), json!(0));
    assert_eq!(e("sumInArray({orders}, 5)"), json!(0));
}

#[test]
fn in_array_return_field_and_conditions() {
    let rows = json!({
        "rows": [
            {"price": 30, "name": "C", "active": true},
            {"price": 10, "name": "A", "active": true},
            {"price": 5, "name": "X", "active": false},
        ],
        "minimum": 8,
    });
    let e = |text: &str| eval_with(text, rows.clone());
    // A quoted third argument without `{ } < > = !` names the field to return.
    assert_eq!(e("minInArray({rows}, 'price', 'name')"), json!("X"));
    assert_eq!(e("maxInArray({rows}, 'price', 'name')"), json!("C"));
    assert_eq!(
        e("minInArray({rows}, 'price', 'name', {active} = true)"),
        json!("A")
    );
    assert_eq!(e("minInArray({rows}, 'price', 'missing')"), Value::Null);
    // The other functions ignore it; the condition is then the fourth argument.
    assert_eq!(e("sumInArray({rows}, 'price', 'name')"), json!(45));
    assert_eq!(
        e("countInArray({rows}, 'price', 'name', {active} = false)"),
        json!(1)
    );
    // A quoted text with those characters is the condition.
    assert_eq!(e("sumInArray({rows}, 'price', '{price} > 6')"), json!(40));
    // Names that are not fields of an item are read from the context.
    assert_eq!(
        e("sumInArray({rows}, 'price', {price} > {minimum})"),
        json!(40)
    );
    // The field is found by its exact key; in the condition, names ignore case.
    assert_eq!(e("sumInArray({rows}, 'PRICE')"), json!(0));
    assert_eq!(e("sumInArray({rows}, 'price', {ACTIVE} = true)"), json!(40));
    // A condition given by a variable holding text is that text, parsed.
    assert_eq!(
        eval_with(
            "countInArray({rows}, 'price', {rule})",
            json!({"rows": rows["rows"], "rule": "{price} < 20"})
        ),
        json!(2)
    );
    // Names in the conditions are not dependencies by default, but can be listed.
    let expression = parsed("sumInArray({rows}, 'price', {price} > {minimum}) + {x}");
    let paths = |refs: Vec<Reference>| refs.into_iter().map(|r| r.path).collect::<Vec<_>>();
    assert_eq!(paths(expression.references()), ["rows", "x"]);
    assert_eq!(
        paths(expression.item_condition_references()),
        ["price", "minimum"]
    );
    // Five arguments are too many.
    assert_eq!(e("sumInArray({rows}, 'price', 'name', true, 1)"), json!(0));
}

#[test]
fn time_units() {
    let e = |text: &str| eval(text);
    assert_eq!(
        e("dateDiff('2021-02-02T01:00', '2021-02-03T12:00', 'hours')"),
        json!(35)
    );
    assert_eq!(
        e("dateDiff('2021-02-03T12:00', '2021-02-02T01:00', 'minutes')"),
        json!(2100)
    );
    assert_eq!(
        e("dateDiff('2025-07-25T02:13:48', '2025-07-25T02:15:05', 'seconds')"),
        json!(77)
    );
    // Rounded up.
    assert_eq!(
        e("dateDiff('2021-02-02', '2021-02-02T00:30', 'hours')"),
        json!(1)
    );
    assert_eq!(
        e("dateAdd('2026-02-28', 2, 'hours')"),
        json!("2026-02-28T02:00:00")
    );
    assert_eq!(
        e("dateAdd('2026-02-28T00:00:00', -2, 'minutes')"),
        json!("2026-02-27T23:58:00")
    );
    assert_eq!(
        e("dateAdd('2026-02-28', 172800, 'seconds')"),
        json!("2026-03-02")
    );
    assert_eq!(
        e("dateAdd('2026-02-28T10:30', 1, 'days')"),
        json!("2026-03-01T10:30:00")
    );
    // Amounts are added the way JavaScript's date setters take them: fractions cut after
    // the addition, text joined to the day's digits.
    assert_eq!(e("today(-0.5)"), json!("2024-05-14"));
    assert_eq!(e("today(true)"), json!("2024-05-16"));
    assert_eq!(e("today('2')"), json!("2024-09-29"));
    assert_eq!(e("today('x')"), Value::Null);
    assert_eq!(e("dateAdd('2024-01-01', '1')"), json!("2024-01-11"));
    assert_eq!(e("dateAdd('2024-01-31', -1.5)"), json!("2024-01-29"));
    // Invalid dates: no months, 0 years (JavaScript's `~~NaN`).
    assert_eq!(e("age('garbage')"), json!(0));
    assert_eq!(e("age('garbage', 'months')"), Value::Null);
    assert_eq!(e("year(true)"), json!(1970));
}

#[test]
fn bare_words_and_lenient_syntax() {
    assert_eq!(eval("yes"), json!("yes"));
    assert!(cond_with("{a} = abc", json!({"a": "ABC"})));
    assert!(cond_with("{a} = ab_cd2", json!({"a": "ab_cd2"})));
    // Operator words where a value belongs are words too.
    assert!(cond_with("{a} = empty", json!({"a": "empty"})));
    assert_eq!(canonical("{a} = yes"), "{a} = 'yes'");
    // `null` and `undefined` only in lower case.
    assert!(cond("{a} = null"));
    assert!(!cond("{a} = NULL"));
    assert!(cond_with("{a} = NULL", json!({"a": "null"})));
    assert_eq!(eval("TRUE"), json!(true));
    // `not` before an operand negates it; elsewhere it is a word.
    assert!(cond("not {a}"));
    assert!(cond_with("{a} = not", json!({"a": "not"})));
    // A `(` still open at the end closes there.
    assert_eq!(eval("sum([0.3, 0.6]"), json!(0.9));
    assert_eq!(eval("(1 + 2"), json!(3));
    assert_eq!(eval("iif(true, (1 + 2"), json!(3));
    assert!(parse("[1, 2").is_err());
    assert_eq!(eval("{a}and{b}"), json!(0));
}

#[test]
fn empty_values_keep_their_kind() {
    let v = json!({"arr": [], "text": "", "obj": {}});
    assert_eq!(eval_with("iif({arr}, 'y', 'n')", v.clone()), json!("y"));
    assert_eq!(eval_with("iif({obj}, 'y', 'n')", v.clone()), json!("y"));
    assert_eq!(eval_with("iif({text}, 'y', 'n')", v.clone()), json!("n"));
    assert!(!cond_with("!{arr}", v.clone()));
    assert!(cond_with(
        "{arr} empty and {text} empty and {obj} empty",
        v.clone()
    ));
    assert!(cond_with("{arr} = []", v.clone()));
    assert!(!cond("{missing} = []"));
    assert_eq!(eval_with("{arr} + 1", v.clone()), json!(1));
    assert_eq!(eval_with("{text} + 'x'", v), json!("x"));
}

/// A context that answers the functions which need the survey around the expression.
struct Survey(MapContext);

impl Context for Survey {
    fn value(&self, path: &str) -> Option<Value> {
        self.0.value(path)
    }
    fn today(&self) -> Date {
        self.0.today()
    }
    fn property_value(&self, name: &str, property: &str) -> Option<Value> {
        (name == "q1" && property == "title").then(|| json!("First question"))
    }
    fn is_container_ready(&self, name: &str, panel_index: Option<usize>) -> bool {
        name == "page1" || (name == "members" && panel_index == Some(0))
    }
    fn is_display_mode(&self) -> bool {
        true
    }
}

#[test]
fn functions_that_ask_the_survey() {
    let survey = Survey(ctx(json!({"q1": "other", "q1-Comment": "my text"})));
    let e = |text: &str| parsed(text).evaluate(&survey);
    assert_eq!(e("propertyValue('q1', 'title')"), json!("First question"));
    assert_eq!(e("propertyValue('q1', 'visible')"), Value::Null);
    assert_eq!(e("propertyValue('q1')"), Value::Null);
    assert_eq!(e("getComment('q1')"), json!("my text"));
    assert_eq!(e("getComment('q2')"), json!(""));
    assert_eq!(e("getComment('q1', 'item1')"), json!(""));
    assert_eq!(e("getComment()"), Value::Null);
    assert_eq!(e("isContainerReady('page1')"), json!(true));
    assert_eq!(e("isContainerReady('members', 0)"), json!(true));
    assert_eq!(e("isContainerReady('members', 1)"), json!(false));
    assert_eq!(e("isContainerReady()"), json!(false));
    assert_eq!(e("isDisplayMode()"), json!(true));
    // Without answers from the survey: the defaults.
    assert_eq!(eval("isDisplayMode()"), json!(false));
    assert_eq!(eval("isContainerReady('page1')"), json!(false));
    assert_eq!(eval("propertyValue('q1', 'title')"), Value::Null);
}

struct Labels(MapContext);

impl Context for Labels {
    fn value(&self, path: &str) -> Option<Value> {
        self.0.value(path)
    }
    fn today(&self) -> Date {
        self.0.today()
    }
    fn display_value(&self, name: &str, value: &Value) -> Option<String> {
        (name == "color").then(|| format!("Color #{value}"))
    }
}

#[test]
fn display_values() {
    let labels = Labels(ctx(json!({"color": 2, "size": "L"})));
    let e = |text: &str| parsed(text).evaluate(&labels);
    assert_eq!(e("displayValue('color')"), json!("Color #2"));
    assert_eq!(e("displayValue('color', 3)"), json!("Color #3"));
    assert_eq!(e("displayValue('size')"), json!("L"));
    assert_eq!(e("displayValue('')"), json!(""));
    assert_eq!(e("displayValue('nothing')"), Value::Null);
}

#[test]
fn tax_codes() {
    for valid in [
        "isValidTaxCode('0100233488')",
        "isValidTaxCode('2300325764')",
        "isValidTaxCode(' 0100233488-001 ')",
        "isValidTaxCode('0100233488-999')",
        "isValidTaxCode(2300325764)",
    ] {
        assert!(cond(valid), "{valid}");
    }
    assert!(cond_with("isValidTaxCode({t})", json!({"t": "2300325764"})));
    for invalid in [
        "isValidTaxCode('0100233487')",
        "isValidTaxCode('0100233488-000')",
        "isValidTaxCode('0100233488-01')",
        "isValidTaxCode('0100233488001')",
        "isValidTaxCode('010023348')",
        "isValidTaxCode('01002334880')",
        "isValidTaxCode('01002334a8')",
        "isValidTaxCode('0000000000')",
        "isValidTaxCode('')",
        "isValidTaxCode({x})",
        "isValidTaxCode(true)",
        "isValidTaxCode(123.5)",
    ] {
        assert!(!cond(invalid), "{invalid}");
    }
}

#[test]
fn growth_function() {
    assert_eq!(eval("growth(110, 100)"), json!(10));
    assert_eq!(eval("growth(1.1, 1)"), json!(10));
    assert_eq!(eval("growth(50, 100)"), json!(-50));
    assert_eq!(eval("growth('150', '100')"), json!(50));
    assert_eq!(eval("growth(5, 0)"), Value::Null);
    assert_eq!(eval("growth({x}, 5)"), Value::Null);
    assert_eq!(eval("growth(5, {x})"), Value::Null);
    assert_eq!(eval("growth('a', 5)"), Value::Null);
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

fn path_strategy() -> impl Strategy<Value = String> {
    "[a-zA-Z_àáạảãđêếệôơưĐ][a-zA-Z0-9_ àáạảãđêếệôơư.\\-]{0,10}(\\[-?[0-9]\\])?(\\.[a-z]{1,3})?"
        .prop_map(|s| s.trim().to_owned())
}

fn leaf() -> impl Strategy<Value = Node> {
    prop_oneof![
        Just(Node::Null),
        any::<bool>().prop_map(Node::Bool),
        (-1000i32..1000).prop_map(|n| Node::Number(f64::from(n))),
        any::<f64>()
            .prop_filter("finite", |n| n.is_finite())
            .prop_map(Node::Number),
        "[ -~àđ']{0,8}".prop_map(Node::String),
        (path_strategy(), any::<bool>())
            .prop_map(|(path, raw)| Node::Reference(Reference::new(path, raw))),
    ]
}

fn unary_op() -> impl Strategy<Value = UnaryOp> {
    prop_oneof![
        Just(UnaryOp::Not),
        Just(UnaryOp::Minus),
        Just(UnaryOp::Empty),
        Just(UnaryOp::NotEmpty),
    ]
}

/// The binary operators by level, loosest first.
const LEVELS: &[&[BinaryOp]] = &[
    &[BinaryOp::Or],
    &[BinaryOp::And],
    &[
        BinaryOp::Equal,
        BinaryOp::NotEqual,
        BinaryOp::Less,
        BinaryOp::LessOrEqual,
        BinaryOp::Greater,
        BinaryOp::GreaterOrEqual,
    ],
    &[BinaryOp::Add, BinaryOp::Subtract],
    &[BinaryOp::Multiply, BinaryOp::Divide, BinaryOp::Modulo],
    &[BinaryOp::Power],
    &[
        BinaryOp::Contains,
        BinaryOp::NotContains,
        BinaryOp::AnyOf,
        BinaryOp::AllOf,
        BinaryOp::NoneOf,
    ],
];

#[test]
fn levels_match_precedence() {
    for (i, level) in LEVELS.iter().enumerate() {
        for op in *level {
            assert_eq!(usize::from(op.precedence()), i + 1);
        }
    }
}

fn node() -> impl Strategy<Value = Node> {
    leaf().prop_recursive(6, 64, 4, |inner| {
        prop_oneof![
            (unary_op(), inner.clone()).prop_map(|(op, operand)| Node::Unary {
                op,
                operand: Box::new(operand)
            }),
            (
                0..LEVELS.len(),
                inner.clone(),
                prop::collection::vec((0..3usize, inner.clone()), 1..4)
            )
                .prop_map(|(level, first, rest)| {
                    let ops = LEVELS[level];
                    Node::Chain {
                        first: Box::new(first),
                        rest: rest
                            .into_iter()
                            .map(|(i, item)| (ops[i % ops.len()], item))
                            .collect(),
                    }
                }),
            (
                prop::sample::select(Function::all().collect::<Vec<_>>()),
                prop::collection::vec(inner.clone(), 0..4)
            )
                .prop_map(|(function, args)| Node::Call { function, args }),
            prop::collection::vec(inner, 0..4).prop_map(Node::Array),
        ]
    })
}

fn sample_context() -> MapContext {
    ctx(json!({
        "a": "5", "b": [1, "2", 3], "c": {"d": [{"e": "2024-01-01"}]}, "f": "", "g": true,
        "orders": [{"qty": 1}, {"qty": "x"}],
    }))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_never_panics(text in ".{0,64}") {
        let _ = parse(&text);
    }

    #[test]
    fn parse_never_panics_on_expression_like_text(
        text in "[-+*/%^!=<>&|(){}\\[\\],'\"#.a-z0-9 \\\\]{0,48}"
    ) {
        if let Ok(e) = parse(&text) {
            let _ = e.evaluate(&sample_context());
            prop_assert_eq!(parse(&e.to_string()).ok(), Some(e));
        }
    }

    #[test]
    fn printed_trees_parse_back(tree in node()) {
        let expression = Expression::new(tree);
        let text = expression.to_string();
        let reparsed = parse(&text);
        prop_assert!(reparsed.is_ok(), "{} does not parse: {:?}", text, reparsed);
        prop_assert_eq!(reparsed.ok(), Some(expression));
    }

    #[test]
    fn evaluation_never_panics_nor_yields_nan(tree in node()) {
        let expression = Expression::new(tree);
        let ctx = sample_context();
        let value = expression.evaluate(&ctx);
        let _ = expression.evaluate_condition(&ctx);
        let _ = expression.references();
        let _ = expression.functions();
        // serde_json cannot hold NaN or infinities, so serialising proves there are none.
        prop_assert!(serde_json::to_string(&value).is_ok());
    }

    #[test]
    fn date_arithmetic_round_trips(days in -700_000i64..2_900_000, shift in -100_000i64..100_000) {
        let date = Date::from_days_since_epoch(days).unwrap();
        prop_assert_eq!(Date::parse(&date.to_string()), Some(date));
        if let Some(moved) = date.add_days(shift) {
            prop_assert_eq!(date.days_between(moved), shift);
        }
    }
}
