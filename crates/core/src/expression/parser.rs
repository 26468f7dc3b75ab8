//! Turns tokens into an [`Expression`] tree, with SurveyJS's precedence.

use std::fmt;

use super::ast::{BinaryOp, Expression, Node, Reference, UnaryOp};
use super::functions::Function;
use super::lexer::{LexError, Token, TokenKind, tokenize};

/// How deeply parentheses, brackets, function calls and prefix operators may nest.
pub const MAX_NESTING: usize = 128;

/// How deep the tree may be. A chain of operators of one level (`a + b - c + …`, of any
/// length) is one level; each nesting of a looser level inside a tighter one (through
/// parentheses), each prefix or postfix operator, call and array adds one.
pub const MAX_TREE_DEPTH: usize = 256;

/// What kind of mistake a [`ParseError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The text is empty or only whitespace.
    Empty,
    /// A character that starts no token.
    UnexpectedCharacter,
    /// A number that cannot be read (too large).
    InvalidNumber,
    /// A quote without its closing quote.
    UnterminatedString,
    /// A `{` without its `}`.
    UnterminatedReference,
    /// `{}` or `{#}`.
    EmptyReference,
    /// A token where it does not fit (e.g. a missing operand or parenthesis).
    UnexpectedToken,
    /// The text ends where more was expected.
    UnexpectedEnd,
    /// A bare word (not a keyword nor a function call) with characters SurveyJS does not
    /// accept outside quotes (anything but ASCII letters, digits and `_`). Plain bare words
    /// are text constants.
    UnknownWord,
    /// A call of a function that does not exist.
    UnknownFunction,
    /// Nesting deeper than [`MAX_NESTING`] or a tree deeper than [`MAX_TREE_DEPTH`].
    TooDeep,
}

/// Why a text is not a valid expression, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at {}", Location { line: *.line, column: *.column })]
pub struct ParseError {
    kind: ParseErrorKind,
    message: String,
    position: usize,
    line: usize,
    column: usize,
}

struct Location {
    line: usize,
    column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 1 {
            write!(f, "line {}, column {}", self.line, self.column)
        } else {
            write!(f, "column {}", self.column)
        }
    }
}

impl ParseError {
    fn new(text: &str, kind: ParseErrorKind, message: String, position: usize) -> ParseError {
        let position = position.min(text.len());
        let before = text.get(..position).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        ParseError {
            kind,
            message,
            position,
            line,
            column,
        }
    }

    /// What kind of mistake this is.
    pub fn kind(&self) -> ParseErrorKind {
        self.kind
    }

    /// The message without the location, e.g. `expected ')'`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Byte offset in the text where the problem is.
    pub fn position(&self) -> usize {
        self.position
    }

    /// 1-based line of [`position`](Self::position).
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column (in characters) of [`position`](Self::position) within its line.
    pub fn column(&self) -> usize {
        self.column
    }
}

/// Parses expression text.
pub fn parse(text: &str) -> Result<Expression, ParseError> {
    let tokens = tokenize(text).map_err(
        |LexError {
             kind,
             message,
             position,
         }| { ParseError::new(text, kind, message, position) },
    )?;
    let parser = Parser {
        text,
        tokens,
        index: 0,
        nesting: 0,
    };
    parser.run().map(Expression::new)
}

/// The keywords, compared without regard to ASCII case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keyword {
    Infix(BinaryOp),
    Not,
    Empty,
    NotEmpty,
    True,
    False,
    Null,
}

fn keyword(word: &str) -> Option<Keyword> {
    const TABLE: &[(&str, Keyword)] = &[
        ("or", Keyword::Infix(BinaryOp::Or)),
        ("and", Keyword::Infix(BinaryOp::And)),
        ("equal", Keyword::Infix(BinaryOp::Equal)),
        ("equals", Keyword::Infix(BinaryOp::Equal)),
        ("notequal", Keyword::Infix(BinaryOp::NotEqual)),
        ("notequals", Keyword::Infix(BinaryOp::NotEqual)),
        ("less", Keyword::Infix(BinaryOp::Less)),
        ("lessorequal", Keyword::Infix(BinaryOp::LessOrEqual)),
        ("greater", Keyword::Infix(BinaryOp::Greater)),
        ("greaterorequal", Keyword::Infix(BinaryOp::GreaterOrEqual)),
        ("power", Keyword::Infix(BinaryOp::Power)),
        ("contains", Keyword::Infix(BinaryOp::Contains)),
        ("contain", Keyword::Infix(BinaryOp::Contains)),
        ("notcontains", Keyword::Infix(BinaryOp::NotContains)),
        ("notcontain", Keyword::Infix(BinaryOp::NotContains)),
        ("anyof", Keyword::Infix(BinaryOp::AnyOf)),
        ("allof", Keyword::Infix(BinaryOp::AllOf)),
        ("noneof", Keyword::Infix(BinaryOp::NoneOf)),
        ("not", Keyword::Not),
        ("negate", Keyword::Not),
        ("empty", Keyword::Empty),
        ("notempty", Keyword::NotEmpty),
        ("true", Keyword::True),
        ("false", Keyword::False),
        ("null", Keyword::Null),
        ("undefined", Keyword::Null),
    ];
    TABLE
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|&(_, keyword)| keyword)
}

fn describe(kind: &TokenKind) -> String {
    match kind {
        TokenKind::Number(n) => format!("number {n}"),
        TokenKind::Str(_) => "a quoted text".to_owned(),
        TokenKind::Ref { path, .. } => format!("{{{path}}}"),
        TokenKind::Word(word) => format!("'{word}'"),
        TokenKind::Eof => "the end of the expression".to_owned(),
        other => format!("'{}'", symbol(other)),
    }
}

fn symbol(kind: &TokenKind) -> &'static str {
    match kind {
        TokenKind::LParen => "(",
        TokenKind::RParen => ")",
        TokenKind::LBracket => "[",
        TokenKind::RBracket => "]",
        TokenKind::Comma => ",",
        TokenKind::Plus => "+",
        TokenKind::Minus => "-",
        TokenKind::Star => "*",
        TokenKind::Slash => "/",
        TokenKind::Percent => "%",
        TokenKind::Caret => "^",
        TokenKind::Bang => "!",
        TokenKind::Eq => "=",
        TokenKind::NotEq => "!=",
        TokenKind::Lt => "<",
        TokenKind::Le => "<=",
        TokenKind::Gt => ">",
        TokenKind::Ge => ">=",
        TokenKind::AndAnd => "&&",
        TokenKind::OrOr => "||",
        TokenKind::StarEq => "*=",
        TokenKind::Number(_)
        | TokenKind::Str(_)
        | TokenKind::Ref { .. }
        | TokenKind::Word(_)
        | TokenKind::Eof => "",
    }
}

/// An operand on the operand stack.
struct Operand {
    node: Node,
    depth: usize,
    /// The level of the chain `node` is, when later operators of that level may extend it
    /// (not when it was written in parentheses).
    open_level: Option<u8>,
}

/// An operator waiting for its right-hand side.
#[derive(Clone, Copy)]
enum Pending {
    Prefix { op: UnaryOp, position: usize },
    Binary { op: BinaryOp, position: usize },
}

/// What an open bracket is.
enum Group {
    Top,
    Paren,
    Array,
    Call(Function),
}

/// An open bracket (or the whole text) and the expression being built inside it.
struct Frame {
    group: Group,
    /// The finished items of an array or call.
    items: Vec<Node>,
    items_depth: usize,
    operands: Vec<Operand>,
    pending: Vec<Pending>,
}

impl Frame {
    fn new(group: Group) -> Frame {
        Frame {
            group,
            items: Vec::new(),
            items_depth: 0,
            operands: Vec::new(),
            pending: Vec::new(),
        }
    }
}

/// An operator-precedence parser with explicit stacks, so that no input can exhaust the
/// call stack while parsing.
struct Parser<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    index: usize,
    /// Open brackets and pending prefix operators.
    nesting: usize,
}

const EOF_TOKEN: Token = Token {
    kind: TokenKind::Eof,
    start: 0,
    end: 0,
};

impl Parser<'_> {
    fn token(&self, index: usize) -> &Token {
        self.tokens
            .get(index)
            .or_else(|| self.tokens.last())
            .unwrap_or(&EOF_TOKEN)
    }

    #[cold]
    fn error(&self, kind: ParseErrorKind, message: String, position: usize) -> ParseError {
        ParseError::new(self.text, kind, message, position)
    }

    #[cold]
    fn unexpected(&self, token: &Token, expected: &str) -> ParseError {
        let kind = if token.kind == TokenKind::Eof {
            ParseErrorKind::UnexpectedEnd
        } else {
            ParseErrorKind::UnexpectedToken
        };
        self.error(kind, format!("expected {expected}"), token.start)
    }

    fn enter(&mut self, position: usize) -> Result<(), ParseError> {
        if self.nesting >= MAX_NESTING {
            return Err(self.error(
                ParseErrorKind::TooDeep,
                format!("expression is nested more than {MAX_NESTING} levels deep"),
                position,
            ));
        }
        self.nesting += 1;
        Ok(())
    }

    fn check_depth(&self, depth: usize, position: usize) -> Result<(), ParseError> {
        if depth > MAX_TREE_DEPTH {
            return Err(self.error(
                ParseErrorKind::TooDeep,
                format!("expression is nested too deeply (more than {MAX_TREE_DEPTH} levels)"),
                position,
            ));
        }
        Ok(())
    }

    fn run(mut self) -> Result<Node, ParseError> {
        if self.token(0).kind == TokenKind::Eof {
            return Err(self.error(ParseErrorKind::Empty, "empty expression".to_owned(), 0));
        }
        let mut frames = vec![Frame::new(Group::Top)];
        let mut expect_operand = true;
        loop {
            let frame = frames.last_mut().ok_or_else(|| self.internal())?;
            if expect_operand {
                expect_operand = self.operand(&mut frames)?;
                continue;
            }
            let token = self.token(self.index).clone();
            if let Some(op) = infix(&token.kind) {
                self.reduce(frame, op.precedence())?;
                frame.pending.push(Pending::Binary {
                    op,
                    position: token.start,
                });
                self.index += 1;
                expect_operand = true;
                continue;
            }
            if let TokenKind::Word(word) = &token.kind {
                let postfix = match keyword(word) {
                    Some(Keyword::Empty) => Some(UnaryOp::Empty),
                    Some(Keyword::NotEmpty) => Some(UnaryOp::NotEmpty),
                    _ => None,
                };
                if let Some(op) = postfix {
                    let operand = frame.operands.pop().ok_or_else(|| self.internal())?;
                    let operand = self.wrap(op, operand, token.start)?;
                    frame.operands.push(operand);
                    self.index += 1;
                    continue;
                }
            }
            // The operand is complete: what follows must end the current bracket.
            let closes = matches!(
                (&frame.group, &token.kind),
                (Group::Top, TokenKind::Eof)
                    | (
                        Group::Paren | Group::Call(_),
                        TokenKind::RParen | TokenKind::Eof
                    )
                    | (Group::Array, TokenKind::RBracket | TokenKind::Comma)
                    | (Group::Call(_), TokenKind::Comma)
            );
            if !closes {
                return Err(self.misplaced(&frame.group, &token));
            }
            self.reduce(frame, 0)?;
            let operand = frame.operands.pop().ok_or_else(|| self.internal())?;
            if token.kind == TokenKind::Comma {
                frame.items_depth = frame.items_depth.max(operand.depth + 1);
                frame.items.push(operand.node);
                self.index += 1;
                expect_operand = true;
                continue;
            }
            let Some(mut done) = frames.pop() else {
                return Err(self.internal());
            };
            let operand = match done.group {
                Group::Top => return Ok(operand.node),
                Group::Paren => Operand {
                    open_level: None,
                    ..operand
                },
                Group::Array | Group::Call(_) => {
                    let depth = done.items_depth.max(operand.depth + 1);
                    done.items.push(operand.node);
                    let node = match done.group {
                        Group::Call(function) => Node::Call {
                            function,
                            args: done.items,
                        },
                        _ => Node::Array(done.items),
                    };
                    Operand {
                        node,
                        depth,
                        open_level: None,
                    }
                }
            };
            self.nesting = self.nesting.saturating_sub(1);
            self.check_depth(operand.depth, token.start)?;
            frames
                .last_mut()
                .ok_or_else(|| self.internal())?
                .operands
                .push(operand);
            // A `(` still open at the end is closed there, as SurveyJS's grammar allows
            // (`sum([1, 2]`): the end stays to close the brackets around it.
            if token.kind != TokenKind::Eof {
                self.index += 1;
            }
        }
    }

    #[cold]
    fn internal(&self) -> ParseError {
        self.error(
            ParseErrorKind::UnexpectedToken,
            "internal parser error".to_owned(),
            self.token(self.index).start,
        )
    }

    /// The error for a token that cannot follow a complete operand in `group`.
    #[cold]
    fn misplaced(&self, group: &Group, token: &Token) -> ParseError {
        match (group, &token.kind) {
            (Group::Top, TokenKind::RParen) => self.error(
                ParseErrorKind::UnexpectedToken,
                "unexpected ')' without a matching '('".to_owned(),
                token.start,
            ),
            (Group::Top, kind) => self.error(
                ParseErrorKind::UnexpectedToken,
                format!("expected an operator but found {}", describe(kind)),
                token.start,
            ),
            (Group::Paren, _) => self.unexpected(token, "')'"),
            (Group::Array, _) => self.unexpected(token, "',' or ']'"),
            (Group::Call(_), _) => self.unexpected(token, "',' or ')'"),
        }
    }

    /// Reads what may start an operand: prefix operators, opening brackets, or a whole
    /// operand. Returns whether an operand is still expected.
    fn operand(&mut self, frames: &mut Vec<Frame>) -> Result<bool, ParseError> {
        let token = self.token(self.index).clone();
        let next = self.token(self.index + 1).clone();
        let position = token.start;
        let leaf = match token.kind {
            TokenKind::Bang => return self.prefix(frames, UnaryOp::Not, position),
            TokenKind::Minus => {
                if let TokenKind::Number(value) = next.kind
                    && next.start == token.end
                {
                    // `-5`: a negative literal, as SurveyJS reads it.
                    self.index += 1;
                    Node::Number(-value)
                } else {
                    return self.prefix(frames, UnaryOp::Minus, position);
                }
            }
            TokenKind::Number(value) => Node::Number(value),
            TokenKind::Str(text) => Node::String(text),
            TokenKind::Ref { path, raw } => Node::Reference(Reference::new(path, raw)),
            TokenKind::LParen => {
                self.enter(position)?;
                frames.push(Frame::new(Group::Paren));
                self.index += 1;
                return Ok(true);
            }
            TokenKind::LBracket => return self.open_list(frames, Group::Array, &next, position),
            TokenKind::Word(word) => match keyword(&word) {
                Some(Keyword::Not) if starts_operand(&next.kind) => {
                    return self.prefix(frames, UnaryOp::Not, position);
                }
                Some(Keyword::True) => Node::Bool(true),
                Some(Keyword::False) => Node::Bool(false),
                // SurveyJS reads only the lower-case spellings as the empty value; `NULL` is
                // a word like any other.
                Some(Keyword::Null) if word == "null" || word == "undefined" => Node::Null,
                _ if next.kind == TokenKind::LParen => {
                    let Some(function) = Function::from_name(&word) else {
                        return Err(self.error(
                            ParseErrorKind::UnknownFunction,
                            format!("unknown function '{word}'"),
                            position,
                        ));
                    };
                    self.index += 1;
                    let after = self.token(self.index + 1).clone();
                    return self.open_list(frames, Group::Call(function), &after, position);
                }
                // A bare word is text, as in SurveyJS (`{q} = yes` is `{q} = 'yes'`).
                _ if is_plain_word(&word) => Node::String(word),
                _ => return Err(self.unknown_word(&word, position)),
            },
            TokenKind::Eof => {
                return Err(self.error(
                    ParseErrorKind::UnexpectedEnd,
                    "unexpected end of the expression: expected a value".to_owned(),
                    position,
                ));
            }
            other => {
                return Err(self.error(
                    ParseErrorKind::UnexpectedToken,
                    format!("expected a value but found {}", describe(&other)),
                    position,
                ));
            }
        };
        self.index += 1;
        frames
            .last_mut()
            .ok_or_else(|| self.internal())?
            .operands
            .push(Operand {
                node: leaf,
                depth: 0,
                open_level: None,
            });
        Ok(false)
    }

    #[cold]
    fn unknown_word(&self, word: &str, position: usize) -> ParseError {
        self.error(
            ParseErrorKind::UnknownWord,
            format!(
                "'{word}' is not a word SurveyJS reads without quotes (only Latin letters, \
                 digits and '_'): write text in quotes, like '{word}', and a question name \
                 in braces, like {{{word}}}"
            ),
            position,
        )
    }

    fn prefix(
        &mut self,
        frames: &mut [Frame],
        op: UnaryOp,
        position: usize,
    ) -> Result<bool, ParseError> {
        self.enter(position)?;
        frames
            .last_mut()
            .ok_or_else(|| self.internal())?
            .pending
            .push(Pending::Prefix { op, position });
        self.index += 1;
        Ok(true)
    }

    /// At `[` or a function's `(` (the current token): an empty list is a finished
    /// operand; otherwise a new bracket opens.
    fn open_list(
        &mut self,
        frames: &mut Vec<Frame>,
        group: Group,
        after: &Token,
        position: usize,
    ) -> Result<bool, ParseError> {
        let close = match group {
            Group::Array => TokenKind::RBracket,
            _ => TokenKind::RParen,
        };
        if after.kind == close {
            let node = match group {
                Group::Call(function) => Node::Call {
                    function,
                    args: Vec::new(),
                },
                _ => Node::Array(Vec::new()),
            };
            self.index += 2;
            frames
                .last_mut()
                .ok_or_else(|| self.internal())?
                .operands
                .push(Operand {
                    node,
                    depth: 1,
                    open_level: None,
                });
            return Ok(false);
        }
        self.enter(position)?;
        frames.push(Frame::new(group));
        self.index += 1;
        Ok(true)
    }

    /// Applies a unary operator to an operand.
    fn wrap(&self, op: UnaryOp, operand: Operand, position: usize) -> Result<Operand, ParseError> {
        let depth = operand.depth + 1;
        self.check_depth(depth, position)?;
        Ok(Operand {
            node: Node::Unary {
                op,
                operand: Box::new(operand.node),
            },
            depth,
            open_level: None,
        })
    }

    /// Applies the pending prefix operators and the pending binary operators of at least
    /// `min_precedence` (all of them for 0) of `frame`.
    fn reduce(&mut self, frame: &mut Frame, min_precedence: u8) -> Result<(), ParseError> {
        while let Some(&pending) = frame.pending.last() {
            match pending {
                Pending::Prefix { op, position } => {
                    frame.pending.pop();
                    self.nesting = self.nesting.saturating_sub(1);
                    let operand = frame.operands.pop().ok_or_else(|| self.internal())?;
                    let operand = self.wrap(op, operand, position)?;
                    frame.operands.push(operand);
                }
                Pending::Binary { op, position } if op.precedence() >= min_precedence => {
                    frame.pending.pop();
                    let right = frame.operands.pop().ok_or_else(|| self.internal())?;
                    let left = frame.operands.pop().ok_or_else(|| self.internal())?;
                    let level = op.precedence();
                    let combined = match left {
                        Operand {
                            node: Node::Chain { first, mut rest },
                            depth,
                            open_level: Some(open),
                        } if open == level => {
                            rest.push((op, right.node));
                            Operand {
                                node: Node::Chain { first, rest },
                                depth: depth.max(right.depth + 1),
                                open_level: Some(level),
                            }
                        }
                        left => Operand {
                            depth: left.depth.max(right.depth) + 1,
                            node: Node::binary(op, left.node, right.node),
                            open_level: Some(level),
                        },
                    };
                    self.check_depth(combined.depth, position)?;
                    frame.operands.push(combined);
                }
                Pending::Binary { .. } => break,
            }
        }
        Ok(())
    }
}

/// Whether a token can begin an operand (so that `not` before it is the prefix operator,
/// and `not` anywhere else is a bare word).
fn starts_operand(kind: &TokenKind) -> bool {
    match kind {
        TokenKind::Number(_)
        | TokenKind::Str(_)
        | TokenKind::Ref { .. }
        | TokenKind::LParen
        | TokenKind::LBracket
        | TokenKind::Bang
        | TokenKind::Minus => true,
        TokenKind::Word(word) => !matches!(keyword(word), Some(Keyword::Infix(_))),
        _ => false,
    }
}

/// Whether `word` is what SurveyJS reads as a bare text constant: ASCII letters and `_`,
/// then any mix of those and digits.
fn is_plain_word(word: &str) -> bool {
    word.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The binary operator a token stands for, if any.
fn infix(kind: &TokenKind) -> Option<BinaryOp> {
    Some(match kind {
        TokenKind::OrOr => BinaryOp::Or,
        TokenKind::AndAnd => BinaryOp::And,
        TokenKind::Eq => BinaryOp::Equal,
        TokenKind::NotEq => BinaryOp::NotEqual,
        TokenKind::Lt => BinaryOp::Less,
        TokenKind::Le => BinaryOp::LessOrEqual,
        TokenKind::Gt => BinaryOp::Greater,
        TokenKind::Ge => BinaryOp::GreaterOrEqual,
        TokenKind::Plus => BinaryOp::Add,
        TokenKind::Minus => BinaryOp::Subtract,
        TokenKind::Star => BinaryOp::Multiply,
        TokenKind::Slash => BinaryOp::Divide,
        TokenKind::Percent => BinaryOp::Modulo,
        TokenKind::Caret => BinaryOp::Power,
        TokenKind::StarEq => BinaryOp::Contains,
        TokenKind::Word(word) => match keyword(word)? {
            Keyword::Infix(op) => op,
            _ => return None,
        },
        _ => return None,
    })
}
