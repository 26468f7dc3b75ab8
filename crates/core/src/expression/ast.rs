//! The expression tree, its canonical text form, and what it refers to.

use std::fmt::{self, Write as _};

use super::context::Context;
use super::evaluate;
use super::functions::Function;

/// A parsed expression. Build one with [`parse`](super::parse); print it with `Display` to get
/// canonical text that parses back to the same tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    root: Node,
}

/// One node of the expression tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `null` or `undefined`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number literal (always finite).
    Number(f64),
    /// A quoted string literal.
    String(String),
    /// `[a, b, …]`.
    Array(Vec<Node>),
    /// `{name}` or `{#name}`.
    Reference(Reference),
    /// A prefix (`!`, `-`) or postfix (`empty`, `notempty`) operator.
    Unary {
        /// Which operator.
        op: UnaryOp,
        /// What it applies to.
        operand: Box<Node>,
    },
    /// Binary operators of one precedence level applied from left to right:
    /// `a + b - c` is `first: a, rest: [(+, b), (-, c)]`, evaluated as `(a + b) - c`.
    ///
    /// Invariant (kept by the parser; trees built by hand must keep it too for `Display`
    /// to round-trip): `rest` is not empty and all its operators have the same
    /// [`BinaryOp::precedence`]. A long chain such as `{q1} + {q2} + … + {q500}` is a single
    /// node, so its length does not count towards [`MAX_TREE_DEPTH`](super::MAX_TREE_DEPTH).
    Chain {
        /// The leftmost operand.
        first: Box<Node>,
        /// Each operator with its right operand, in order.
        rest: Vec<(BinaryOp, Node)>,
    },
    /// A function call.
    Call {
        /// Which function.
        function: Function,
        /// Its arguments, unevaluated.
        args: Vec<Node>,
    },
}

/// A variable reference: the text inside `{…}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    /// The full text inside the braces without `#` and surrounding whitespace, e.g.
    /// `panel[0].q`.
    pub path: String,
    /// The first name of the path: the text before the first `.` or `[`, e.g. `panel`.
    /// (A name that itself contains a dot, like `a.b`, has root `a`: the root is a hint
    /// for dependency tracking, not a resolved question name.)
    pub root: String,
    /// Whether the reference was written `{#…}`: its value is used as is, without the
    /// string-to-number/boolean conversion.
    pub raw: bool,
}

impl Reference {
    /// A reference to `path`, computing its root.
    pub fn new(path: impl Into<String>, raw: bool) -> Reference {
        let path = path.into();
        let root = path.split(['.', '[']).next().unwrap_or_default().to_owned();
        Reference { path, root, raw }
    }
}

/// Prefix and postfix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `!x`, `negate x`, `not x`: logical negation (JavaScript truthiness).
    Not,
    /// `-x`: arithmetic negation.
    Minus,
    /// `x empty`.
    Empty,
    /// `x notempty`.
    NotEmpty,
}

/// Binary operators, loosest-binding first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `or`, `||`
    Or,
    /// `and`, `&&`
    And,
    /// `=`, `==`, `equal`
    Equal,
    /// `!=`, `<>`, `notequal`
    NotEqual,
    /// `<`, `less`
    Less,
    /// `<=`, `lessorequal`
    LessOrEqual,
    /// `>`, `greater`
    Greater,
    /// `>=`, `greaterorequal`
    GreaterOrEqual,
    /// `+`
    Add,
    /// `-`
    Subtract,
    /// `*`
    Multiply,
    /// `/`
    Divide,
    /// `%`
    Modulo,
    /// `^`, `power`
    Power,
    /// `contains`, `contain`, `*=`
    Contains,
    /// `notcontains`, `notcontain`
    NotContains,
    /// `anyof`
    AnyOf,
    /// `allof`
    AllOf,
    /// `noneof`
    NoneOf,
}

impl BinaryOp {
    /// Binding strength: higher binds tighter. All binary operators are left-associative.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Equal
            | BinaryOp::NotEqual
            | BinaryOp::Less
            | BinaryOp::LessOrEqual
            | BinaryOp::Greater
            | BinaryOp::GreaterOrEqual => 3,
            BinaryOp::Add | BinaryOp::Subtract => 4,
            BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Modulo => 5,
            BinaryOp::Power => 6,
            BinaryOp::Contains
            | BinaryOp::NotContains
            | BinaryOp::AnyOf
            | BinaryOp::AllOf
            | BinaryOp::NoneOf => 7,
        }
    }

    /// The canonical spelling.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Equal => "=",
            BinaryOp::NotEqual => "!=",
            BinaryOp::Less => "<",
            BinaryOp::LessOrEqual => "<=",
            BinaryOp::Greater => ">",
            BinaryOp::GreaterOrEqual => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Subtract => "-",
            BinaryOp::Multiply => "*",
            BinaryOp::Divide => "/",
            BinaryOp::Modulo => "%",
            BinaryOp::Power => "^",
            BinaryOp::Contains => "contains",
            BinaryOp::NotContains => "notcontains",
            BinaryOp::AnyOf => "anyof",
            BinaryOp::AllOf => "allof",
            BinaryOp::NoneOf => "noneof",
        }
    }
}

/// Precedence of anything that is not a binary operator (it never needs parentheses as
/// an operand of one).
const ATOM_PRECEDENCE: u8 = 100;

impl Node {
    fn precedence(&self) -> u8 {
        match self {
            Node::Chain { rest, .. } => rest
                .first()
                .map_or(ATOM_PRECEDENCE, |(op, _)| op.precedence()),
            _ => ATOM_PRECEDENCE,
        }
    }

    /// A chain of one binary operator: `left op right`.
    pub fn binary(op: BinaryOp, left: Node, right: Node) -> Node {
        Node::Chain {
            first: Box::new(left),
            rest: vec![(op, right)],
        }
    }

    /// Calls `visit` on this node and every node below it, parents first, left to right.
    pub fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Node)) {
        visit(self);
        match self {
            Node::Null | Node::Bool(_) | Node::Number(_) | Node::String(_) | Node::Reference(_) => {
            }
            Node::Array(items) => items.iter().for_each(|item| item.walk(visit)),
            Node::Unary { operand, .. } => operand.walk(visit),
            Node::Chain { first, rest } => {
                first.walk(visit);
                rest.iter().for_each(|(_, item)| item.walk(visit));
            }
            Node::Call { args, .. } => args.iter().for_each(|arg| arg.walk(visit)),
        }
    }

    /// Collects references, skipping the item conditions of the `…InArray` functions
    /// (their names refer to fields of the array's items, not to questions).
    fn collect_references<'a>(&'a self, out: &mut Vec<&'a Reference>) {
        match self {
            // `{"key": 1}` is an object written in braces, not a variable.
            Node::Reference(reference)
                if super::evaluate::json_object_literal(&reference.path).is_some() => {}
            Node::Reference(reference) => {
                if !out.contains(&reference) {
                    out.push(reference);
                }
            }
            Node::Null | Node::Bool(_) | Node::Number(_) | Node::String(_) => {}
            Node::Array(items) => items.iter().for_each(|i| i.collect_references(out)),
            Node::Unary { operand, .. } => operand.collect_references(out),
            Node::Chain { first, rest } => {
                first.collect_references(out);
                rest.iter()
                    .for_each(|(_, item)| item.collect_references(out));
            }
            Node::Call { function, args } => {
                let scanned = if function.is_in_array() {
                    args.len().min(2)
                } else {
                    args.len()
                };
                args[..scanned]
                    .iter()
                    .for_each(|a| a.collect_references(out));
            }
        }
    }
}

impl Expression {
    /// An expression with the given tree. (Trees built by hand should stay within
    /// [`MAX_TREE_DEPTH`](super::MAX_TREE_DEPTH) levels, as parsed ones do.)
    pub fn new(root: Node) -> Expression {
        Expression { root }
    }

    /// The root of the tree.
    pub fn root(&self) -> &Node {
        &self.root
    }

    /// Evaluates the expression (what a SurveyJS `expression` question or calculated value
    /// would show). Never panics; results that would be NaN or infinite are `null`; dates
    /// come out as `"YYYY-MM-DD"` strings.
    pub fn evaluate(&self, ctx: &dyn Context) -> serde_json::Value {
        evaluate::evaluate(&self.root, ctx).into_json()
    }

    /// Evaluates the expression as a condition (`visibleIf`, `enableIf`, …): true only when
    /// the result is loosely equal to `true` in JavaScript terms (`true`, `1`, `"1"`, `[1]`),
    /// as SurveyJS decides.
    pub fn evaluate_condition(&self, ctx: &dyn Context) -> bool {
        evaluate::evaluate_condition(&self.root, ctx)
    }

    /// Every variable referenced, in order of appearance, without duplicates (same path and
    /// same `#`). References inside the condition argument of the `…InArray` functions are
    /// left out: they name fields of the array's items.
    pub fn references(&self) -> Vec<Reference> {
        let mut found = Vec::new();
        self.root.collect_references(&mut found);
        found.into_iter().cloned().collect()
    }

    /// The references inside the conditions (and return fields) of the `…InArray` calls,
    /// which [`references`](Self::references) leaves out, in order of appearance, without
    /// duplicates. Each names a field of the array's items or, when an item has no such
    /// field, a variable of the context: `{minimum}` in
    /// `sumInArray({rows}, 'price', {price} > {minimum})`. A caller that tracks
    /// dependencies can keep those that name its questions.
    pub fn item_condition_references(&self) -> Vec<Reference> {
        let mut found: Vec<&Reference> = Vec::new();
        self.root.walk(&mut |node| {
            if let Node::Call { function, args } = node
                && function.is_in_array()
            {
                let mut inner = Vec::new();
                args.iter()
                    .skip(2)
                    .for_each(|arg| arg.collect_references(&mut inner));
                for reference in inner {
                    if !found.contains(&reference) {
                        found.push(reference);
                    }
                }
            }
        });
        found.into_iter().cloned().collect()
    }

    /// The names of the functions called, in order of appearance, without duplicates.
    pub fn functions(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        self.root.walk(&mut |node| {
            if let Node::Call { function, .. } = node
                && !names.contains(&function.name())
            {
                names.push(function.name());
            }
        });
        names
    }
}

impl std::str::FromStr for Expression {
    type Err = super::ParseError;

    fn from_str(text: &str) -> Result<Expression, super::ParseError> {
        super::parse(text)
    }
}

impl fmt::Display for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.root, f)
    }
}

/// Writes `text` as a single-quoted string literal.
pub(crate) fn write_string_literal(f: &mut impl fmt::Write, text: &str) -> fmt::Result {
    f.write_char('\'')?;
    for c in text.chars() {
        if c == '\'' || c == '\\' {
            f.write_char('\\')?;
        }
        f.write_char(c)?;
    }
    f.write_char('\'')
}

fn write_list(f: &mut fmt::Formatter<'_>, items: &[Node]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        fmt::Display::fmt(item, f)?;
    }
    Ok(())
}

fn write_parenthesized(f: &mut fmt::Formatter<'_>, node: &Node, parens: bool) -> fmt::Result {
    if parens {
        write!(f, "({node})")
    } else {
        fmt::Display::fmt(node, f)
    }
}

/// Prints a chain. A `first` that is itself a chain of the same or a looser level gets
/// parentheses (so the tree reads back unchanged), as does an operand that binds as
/// loosely as its operator. Should a hand-built chain mix levels, the part before each
/// change of level is parenthesized, which keeps the meaning.
fn write_chain(f: &mut fmt::Formatter<'_>, first: &Node, rest: &[(BinaryOp, Node)]) -> fmt::Result {
    let level_changes = rest
        .windows(2)
        .filter(|pair| pair[0].0.precedence() != pair[1].0.precedence())
        .count();
    for _ in 0..level_changes {
        f.write_char('(')?;
    }
    let mut level = rest
        .first()
        .map_or(ATOM_PRECEDENCE, |(op, _)| op.precedence());
    let first_parens = matches!(first, Node::Chain { .. }) && first.precedence() <= level;
    write_parenthesized(f, first, first_parens)?;
    for (i, (op, item)) in rest.iter().enumerate() {
        let precedence = op.precedence();
        if i > 0 && precedence != level {
            f.write_char(')')?;
        }
        level = precedence;
        write!(f, " {} ", op.symbol())?;
        write_parenthesized(f, item, item.precedence() <= precedence)?;
    }
    Ok(())
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Null => f.write_str("null"),
            Node::Bool(value) => write!(f, "{value}"),
            // Rust prints the shortest text that reads back as the same f64, never with an
            // exponent, which is what the lexer reads.
            Node::Number(value) => write!(f, "{value}"),
            Node::String(text) => write_string_literal(f, text),
            Node::Array(items) => {
                f.write_char('[')?;
                write_list(f, items)?;
                f.write_char(']')
            }
            Node::Reference(reference) => {
                let hash = if reference.raw { "#" } else { "" };
                write!(f, "{{{hash}{}}}", reference.path)
            }
            Node::Call { function, args } => {
                write!(f, "{}(", function.name())?;
                write_list(f, args)?;
                f.write_char(')')
            }
            Node::Unary { op, operand } => match op {
                UnaryOp::Not => {
                    f.write_char('!')?;
                    write_parenthesized(f, operand, matches!(**operand, Node::Chain { .. }))
                }
                UnaryOp::Minus => {
                    // `-5` would read back as a negative literal, so a printed operand that
                    // starts with a digit gets parentheses.
                    let text = operand.to_string();
                    let parens = matches!(**operand, Node::Chain { .. })
                        || text.starts_with(|c: char| c.is_ascii_digit());
                    if parens {
                        write!(f, "-({text})")
                    } else {
                        write!(f, "-{text}")
                    }
                }
                UnaryOp::Empty | UnaryOp::NotEmpty => {
                    // A prefix operator would swallow the postfix one: `!x empty` is
                    // `!(x empty)`.
                    let parens = matches!(
                        **operand,
                        Node::Chain { .. }
                            | Node::Unary {
                                op: UnaryOp::Not | UnaryOp::Minus,
                                ..
                            }
                    );
                    write_parenthesized(f, operand, parens)?;
                    f.write_str(if *op == UnaryOp::Empty {
                        " empty"
                    } else {
                        " notempty"
                    })
                }
            },
            Node::Chain { first, rest } => write_chain(f, first, rest),
        }
    }
}
