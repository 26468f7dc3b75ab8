//! Splits expression text into tokens.

use super::parser::ParseErrorKind;

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokenKind {
    /// An unsigned number literal (the parser folds a directly preceding `-` into it).
    Number(f64),
    /// A quoted string, escapes resolved.
    Str(String),
    /// `{path}` or `{#path}`: the text inside the braces, trimmed, without `#`.
    Ref {
        path: String,
        raw: bool,
    },
    /// A run of letters, digits and `_` starting with a letter or `_`: a keyword or a
    /// function name.
    Word(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Caret,
    Bang,
    /// `=` or `==`
    Eq,
    /// `!=` or `<>`
    NotEq,
    Lt,
    /// `<=` or `=<`
    Le,
    Gt,
    /// `>=` or `=>`
    Ge,
    AndAnd,
    OrOr,
    /// `*=` (contains)
    StarEq,
    Eof,
}

/// A token and where it is in the text (byte offsets).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

/// A lexical error: what, the message, and the byte offset.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LexError {
    pub kind: ParseErrorKind,
    pub message: String,
    pub position: usize,
}

/// Splits `text` into tokens, ending with [`TokenKind::Eof`].
pub(crate) fn tokenize(text: &str) -> Result<Vec<Token>, LexError> {
    let mut lexer = Lexer {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        tokens: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.tokens)
}

struct Lexer<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    tokens: Vec<Token>,
}

impl Lexer<'_> {
    fn run(&mut self) -> Result<(), LexError> {
        while let Some(c) = self.peek_char() {
            if c.is_whitespace() {
                self.pos += c.len_utf8();
                continue;
            }
            let start = self.pos;
            let kind = match c {
                '0'..='9' => self.number()?,
                '\'' | '"' => self.string(c)?,
                '{' => self.reference()?,
                '}' => {
                    return Err(self.error(
                        ParseErrorKind::UnexpectedCharacter,
                        "unexpected '}' without a matching '{'".to_owned(),
                        start,
                    ));
                }
                c if c.is_alphabetic() || c == '_' => self.word(),
                _ => self.symbol(c)?,
            };
            self.tokens.push(Token {
                kind,
                start,
                end: self.pos,
            });
        }
        self.tokens.push(Token {
            kind: TokenKind::Eof,
            start: self.text.len(),
            end: self.text.len(),
        });
        Ok(())
    }

    fn peek_char(&self) -> Option<char> {
        self.text.get(self.pos..)?.chars().next()
    }

    fn byte_at(&self, index: usize) -> Option<u8> {
        self.bytes.get(index).copied()
    }

    fn error(&self, kind: ParseErrorKind, message: String, position: usize) -> LexError {
        LexError {
            kind,
            message,
            position,
        }
    }

    fn number(&mut self) -> Result<TokenKind, LexError> {
        let start = self.pos;
        if self.byte_at(start) == Some(b'0')
            && matches!(self.byte_at(start + 1), Some(b'x' | b'X'))
            && self
                .byte_at(start + 2)
                .is_some_and(|b| b.is_ascii_hexdigit())
        {
            self.pos = start + 2;
            let mut value: f64 = 0.0;
            while let Some(b) = self.byte_at(self.pos) {
                let Some(digit) = char::from(b).to_digit(16) else {
                    break;
                };
                value = value * 16.0 + f64::from(digit);
                self.pos += 1;
            }
            return self.finite(value, start);
        }
        while self.byte_at(self.pos).is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        if self.byte_at(self.pos) == Some(b'.')
            && self
                .byte_at(self.pos + 1)
                .is_some_and(|b| b.is_ascii_digit())
        {
            self.pos += 1;
            while self.byte_at(self.pos).is_some_and(|b| b.is_ascii_digit()) {
                self.pos += 1;
            }
        }
        let value = self.text[start..self.pos].parse::<f64>().map_err(|_| {
            self.error(
                ParseErrorKind::InvalidNumber,
                "invalid number".to_owned(),
                start,
            )
        })?;
        self.finite(value, start)
    }

    fn finite(&self, value: f64, start: usize) -> Result<TokenKind, LexError> {
        if value.is_finite() {
            Ok(TokenKind::Number(value))
        } else {
            Err(self.error(
                ParseErrorKind::InvalidNumber,
                "number is too large".to_owned(),
                start,
            ))
        }
    }

    /// A string in `quote`s. A backslash before a quote (either kind) or another backslash
    /// escapes it; any other backslash is kept as is.
    fn string(&mut self, quote: char) -> Result<TokenKind, LexError> {
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        loop {
            let Some(c) = self.peek_char() else {
                return Err(self.error(
                    ParseErrorKind::UnterminatedString,
                    format!("missing closing {quote} for the text starting here"),
                    start,
                ));
            };
            self.pos += c.len_utf8();
            if c == quote {
                return Ok(TokenKind::Str(value));
            }
            if c == '\\'
                && let Some(next @ ('\'' | '"' | '\\')) = self.peek_char()
            {
                value.push(next);
                self.pos += 1;
                continue;
            }
            value.push(c);
        }
    }

    fn reference(&mut self) -> Result<TokenKind, LexError> {
        let start = self.pos;
        self.pos += 1;
        let content_start = self.pos;
        loop {
            match self.byte_at(self.pos) {
                None => {
                    return Err(self.error(
                        ParseErrorKind::UnterminatedReference,
                        "missing '}' for the name starting here".to_owned(),
                        start,
                    ));
                }
                Some(b'}') => break,
                Some(b'{') => {
                    return Err(self.error(
                        ParseErrorKind::UnexpectedCharacter,
                        "unexpected '{' inside a name in braces".to_owned(),
                        self.pos,
                    ));
                }
                Some(_) => self.pos += 1,
            }
        }
        let content = self.text[content_start..self.pos].trim();
        self.pos += 1;
        let (path, raw) = match content.strip_prefix('#') {
            Some(rest) => (rest.trim(), true),
            None => (content, false),
        };
        if path.is_empty() {
            return Err(self.error(
                ParseErrorKind::EmptyReference,
                "empty name in braces".to_owned(),
                start,
            ));
        }
        Ok(TokenKind::Ref {
            path: path.to_owned(),
            raw,
        })
    }

    fn word(&mut self) -> TokenKind {
        let start = self.pos;
        while let Some(c) = self.peek_char() {
            if c.is_alphanumeric() || c == '_' {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        TokenKind::Word(self.text[start..self.pos].to_owned())
    }

    fn symbol(&mut self, c: char) -> Result<TokenKind, LexError> {
        let next = self.byte_at(self.pos + 1);
        let (kind, len) = match (c, next) {
            ('(', _) => (TokenKind::LParen, 1),
            (')', _) => (TokenKind::RParen, 1),
            ('[', _) => (TokenKind::LBracket, 1),
            (']', _) => (TokenKind::RBracket, 1),
            (',', _) => (TokenKind::Comma, 1),
            ('+', _) => (TokenKind::Plus, 1),
            ('-', _) => (TokenKind::Minus, 1),
            ('*', Some(b'=')) => (TokenKind::StarEq, 2),
            ('*', _) => (TokenKind::Star, 1),
            ('/', _) => (TokenKind::Slash, 1),
            ('%', _) => (TokenKind::Percent, 1),
            ('^', _) => (TokenKind::Caret, 1),
            ('!', Some(b'=')) => (TokenKind::NotEq, 2),
            ('!', _) => (TokenKind::Bang, 1),
            ('=', Some(b'=')) => (TokenKind::Eq, 2),
            ('=', Some(b'<')) => (TokenKind::Le, 2),
            ('=', Some(b'>')) => (TokenKind::Ge, 2),
            ('=', _) => (TokenKind::Eq, 1),
            ('<', Some(b'=')) => (TokenKind::Le, 2),
            ('<', Some(b'>')) => (TokenKind::NotEq, 2),
            ('<', _) => (TokenKind::Lt, 1),
            ('>', Some(b'=')) => (TokenKind::Ge, 2),
            ('>', _) => (TokenKind::Gt, 1),
            ('&', Some(b'&')) => (TokenKind::AndAnd, 2),
            ('|', Some(b'|')) => (TokenKind::OrOr, 2),
            _ => {
                let message = match c {
                    '&' => "unexpected '&' (write && or and)".to_owned(),
                    '|' => "unexpected '|' (write || or or)".to_owned(),
                    _ => format!("unexpected character '{c}'"),
                };
                return Err(self.error(ParseErrorKind::UnexpectedCharacter, message, self.pos));
            }
        };
        self.pos += len;
        Ok(kind)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        tokenize(text)
            .unwrap()
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    #[test]
    fn numbers() {
        assert_eq!(
            kinds("12 3.25 0x1F 007"),
            vec![
                TokenKind::Number(12.0),
                TokenKind::Number(3.25),
                TokenKind::Number(31.0),
                TokenKind::Number(7.0),
                TokenKind::Eof
            ]
        );
        assert!(tokenize("5.").is_err());
        assert_eq!(
            tokenize(&"9".repeat(400)).unwrap_err().kind,
            ParseErrorKind::InvalidNumber
        );
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(
            kinds(r#"'it\'s' "say \"hi\"" 'a"b' 'c:\d' 'e\\'"#),
            vec![
                TokenKind::Str("it's".into()),
                TokenKind::Str("say \"hi\"".into()),
                TokenKind::Str("a\"b".into()),
                TokenKind::Str("c:\\d".into()),
                TokenKind::Str("e\\".into()),
                TokenKind::Eof
            ]
        );
        let error = tokenize("1 + 'abc").unwrap_err();
        assert_eq!(error.kind, ParseErrorKind::UnterminatedString);
        assert_eq!(error.position, 4);
    }

    #[test]
    fn references() {
        assert_eq!(
            kinds("{ a b.c[0] } {#x} {Tỉnh/Thành-phố}"),
            vec![
                TokenKind::Ref {
                    path: "a b.c[0]".into(),
                    raw: false
                },
                TokenKind::Ref {
                    path: "x".into(),
                    raw: true
                },
                TokenKind::Ref {
                    path: "Tỉnh/Thành-phố".into(),
                    raw: false
                },
                TokenKind::Eof
            ]
        );
        assert_eq!(
            tokenize("{}").unwrap_err().kind,
            ParseErrorKind::EmptyReference
        );
        assert_eq!(
            tokenize("{#}").unwrap_err().kind,
            ParseErrorKind::EmptyReference
        );
        assert_eq!(
            tokenize("{a").unwrap_err().kind,
            ParseErrorKind::UnterminatedReference
        );
        assert_eq!(tokenize("{a{b}}").unwrap_err().position, 2);
        assert_eq!(tokenize("a}").unwrap_err().position, 1);
    }

    #[test]
    fn symbols() {
        assert_eq!(
            kinds("== = != <> <= =< >= => < > && || *= * ! ^ % / + - ( ) [ ] ,"),
            vec![
                TokenKind::Eq,
                TokenKind::Eq,
                TokenKind::NotEq,
                TokenKind::NotEq,
                TokenKind::Le,
                TokenKind::Le,
                TokenKind::Ge,
                TokenKind::Ge,
                TokenKind::Lt,
                TokenKind::Gt,
                TokenKind::AndAnd,
                TokenKind::OrOr,
                TokenKind::StarEq,
                TokenKind::Star,
                TokenKind::Bang,
                TokenKind::Caret,
                TokenKind::Percent,
                TokenKind::Slash,
                TokenKind::Plus,
                TokenKind::Minus,
                TokenKind::LParen,
                TokenKind::RParen,
                TokenKind::LBracket,
                TokenKind::RBracket,
                TokenKind::Comma,
                TokenKind::Eof
            ]
        );
        assert_eq!(tokenize("1 & 2").unwrap_err().position, 2);
        assert_eq!(tokenize("1 ? 2").unwrap_err().position, 2);
    }

    #[test]
    fn words_and_spans() {
        let tokens = tokenize("iif(đúng_1,2)").unwrap();
        assert_eq!(tokens[0].kind, TokenKind::Word("iif".into()));
        assert_eq!(tokens[2].kind, TokenKind::Word("đúng_1".into()));
        assert_eq!((tokens[2].start, tokens[2].end), (4, 12));
    }
}
