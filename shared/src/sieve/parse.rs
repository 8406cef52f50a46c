//! The Sieve grammar (RFC 5228 section 8.2): commands with arguments, tests and blocks.

use super::lexer::{SyntaxError, Token, tokens};

/// An argument: a string list (a lone string is a list of one), a number or a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Argument {
    /// `"a"` or `["a", "b"]`.
    Strings(Vec<String>),
    /// `100K`, quantifier applied.
    Number(u64),
    /// `:contains`, without the colon.
    Tag(String),
}

/// A test (section 2.6 and 5): `header :contains "subject" "x"`, `allof (…)`, `not …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Test {
    /// Lowercase.
    pub name: String,
    /// In order.
    pub arguments: Vec<Argument>,
    /// The test or test list that ends the arguments (`allof`, `anyof`, `not`).
    pub tests: Vec<Test>,
}

/// A command (section 2.9 and 3): `require …;`, `if … { … }`, `fileinto "x";`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// Lowercase.
    pub name: String,
    /// In order.
    pub arguments: Vec<Argument>,
    /// The test or tests after the arguments (`if`, `elsif`).
    pub tests: Vec<Test>,
    /// The commands in braces, if the command has a block.
    pub block: Option<Vec<Command>>,
    /// The hash comments right before the command, without the hash.
    pub comments: Vec<String>,
}

/// The commands of a script.
pub fn parse(text: &str) -> Result<Vec<Command>, SyntaxError> {
    let tokens = tokens(text)?;
    let mut parser = Parser { tokens, at: 0, depth: 0 };
    let commands = parser.commands()?;
    match parser.peek() {
        None => Ok(commands),
        Some(_) => Err(parser.error("a closing brace without an opening one")),
    }
}

/// How deep blocks and tests may nest: a script is peer input, and each level is a call.
const MAX_DEPTH: usize = 64;

struct Parser {
    tokens: Vec<(usize, Token)>,
    at: usize,
    depth: usize,
}

impl Parser {
    /// The next token that is not a comment.
    fn peek(&mut self) -> Option<&Token> {
        while matches!(self.tokens.get(self.at), Some((_, Token::Comment(_)))) {
            self.at += 1;
        }
        self.tokens.get(self.at).map(|(_, t)| t)
    }

    fn take(&mut self) -> Option<Token> {
        self.peek()?;
        self.at += 1;
        Some(self.tokens[self.at - 1].1.clone())
    }

    fn error(&self, what: &'static str) -> SyntaxError {
        let line = self.tokens.get(self.at).or(self.tokens.last()).map_or(1, |(line, _)| *line);
        SyntaxError { line, what }
    }

    fn expect(&mut self, c: char, what: &'static str) -> Result<(), SyntaxError> {
        match self.peek() {
            Some(Token::Punct(p)) if *p == c => {
                self.at += 1;
                Ok(())
            }
            _ => Err(self.error(what)),
        }
    }

    /// Commands until the end or a closing brace (left for the caller).
    fn commands(&mut self) -> Result<Vec<Command>, SyntaxError> {
        let mut commands = Vec::new();
        loop {
            let mut comments = Vec::new();
            while let Some((_, Token::Comment(text))) = self.tokens.get(self.at) {
                comments.push(text.clone());
                self.at += 1;
            }
            match self.peek() {
                None | Some(Token::Punct('}')) => return Ok(commands),
                Some(Token::Identifier(_)) => {}
                Some(_) => return Err(self.error("a command was expected")),
            }
            let Some(Token::Identifier(name)) = self.take() else { unreachable!("peeked") };
            let (arguments, tests) = self.arguments()?;
            let block = match self.take() {
                Some(Token::Punct(';')) => None,
                Some(Token::Punct('{')) => {
                    let inner = self.nested(Self::commands)?;
                    self.expect('}', "a block is not closed")?;
                    Some(inner)
                }
                _ => {
                    self.at = self.at.saturating_sub(1);
                    return Err(self.error("a command does not end with ';'"));
                }
            };
            commands.push(Command { name, arguments, tests, block, comments });
        }
    }

    /// `*argument [test / test-list]`.
    fn arguments(&mut self) -> Result<(Vec<Argument>, Vec<Test>), SyntaxError> {
        let mut arguments = Vec::new();
        loop {
            match self.peek() {
                Some(Token::String(_)) => {
                    let Some(Token::String(s)) = self.take() else { unreachable!("peeked") };
                    arguments.push(Argument::Strings(vec![s]));
                }
                Some(Token::Number(n)) => {
                    arguments.push(Argument::Number(*n));
                    self.at += 1;
                }
                Some(Token::Tag(t)) => {
                    arguments.push(Argument::Tag(t.clone()));
                    self.at += 1;
                }
                Some(Token::Punct('[')) => {
                    self.at += 1;
                    arguments.push(Argument::Strings(self.string_list()?));
                }
                Some(Token::Identifier(_)) => return Ok((arguments, vec![self.test()?])),
                Some(Token::Punct('(')) => {
                    self.at += 1;
                    let mut tests = vec![self.test()?];
                    while self.peek() == Some(&Token::Punct(',')) {
                        self.at += 1;
                        tests.push(self.test()?);
                    }
                    self.expect(')', "a test list is not closed")?;
                    return Ok((arguments, tests));
                }
                _ => return Ok((arguments, Vec::new())),
            }
        }
    }

    fn string_list(&mut self) -> Result<Vec<String>, SyntaxError> {
        let mut list = Vec::new();
        loop {
            match self.take() {
                Some(Token::String(s)) => list.push(s),
                _ => return Err(self.error("a string list holds something else")),
            }
            match self.take() {
                Some(Token::Punct(',')) => {}
                Some(Token::Punct(']')) => return Ok(list),
                _ => return Err(self.error("a string list is not closed")),
            }
        }
    }

    /// Runs `inner` one level deeper, within [`MAX_DEPTH`].
    fn nested<T>(&mut self, inner: fn(&mut Self) -> Result<T, SyntaxError>) -> Result<T, SyntaxError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("blocks or tests nested too deeply"));
        }
        self.depth += 1;
        let result = inner(self);
        self.depth -= 1;
        result
    }

    fn test(&mut self) -> Result<Test, SyntaxError> {
        match self.take() {
            Some(Token::Identifier(name)) => {
                let (arguments, tests) = self.nested(Self::arguments)?;
                Ok(Test { name, arguments, tests })
            }
            _ => Err(self.error("a test was expected")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> Argument {
        Argument::Strings(values.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn an_rfc_5228_example_parses() {
        // RFC 5228 section 9, shortened.
        let script = r#"require ["fileinto", "reject"];
# rule:[big]
if size :over 100k { discard; }
elsif address :DOMAIN :is ["From", "To"] "example.com" { keep; }
elsif anyof (not address :all :contains ["To", "Cc"] "me", header :matches "subject" "*money*") {
    fileinto "spam";
}
"#;
        let commands = parse(script).unwrap();
        assert_eq!(commands.len(), 4);
        assert_eq!(commands[0].arguments, vec![strings(&["fileinto", "reject"])]);
        assert_eq!(commands[1].comments, vec![" rule:[big]".to_owned()]);
        assert_eq!(
            commands[1].tests[0].arguments,
            vec![Argument::Tag("over".into()), Argument::Number(102400)]
        );
        assert_eq!(commands[2].tests[0].arguments[0], Argument::Tag("domain".into()));
        let anyof = &commands[3].tests[0];
        assert_eq!(anyof.name, "anyof");
        assert_eq!(anyof.tests[0].name, "not");
        assert_eq!(anyof.tests[0].tests[0].arguments[2], strings(&["To", "Cc"]));
        assert_eq!(commands[3].block.as_ref().unwrap()[0].name, "fileinto");
    }

    #[test]
    fn broken_scripts_say_where() {
        assert_eq!(parse("keep").unwrap_err().what, "a command does not end with ';'");
        assert_eq!(
            parse("if true {\nkeep;\n").unwrap_err(),
            SyntaxError { line: 2, what: "a block is not closed" }
        );
        assert_eq!(parse("keep; }").unwrap_err().what, "a closing brace without an opening one");
        assert_eq!(parse("if anyof (true, ) {}").unwrap_err().what, "a test was expected");
        assert_eq!(parse("x [\"a\" \"b\"];").unwrap_err().what, "a string list is not closed");
        assert_eq!(parse("\"a\";").unwrap_err().what, "a command was expected");
        let deep = format!("if {}true{} {{}}", "not ".repeat(10_000), "");
        assert_eq!(parse(&deep).unwrap_err().what, "blocks or tests nested too deeply");
        let blocks = format!("{}{}", "if true {".repeat(10_000), "}".repeat(10_000));
        assert_eq!(parse(&blocks).unwrap_err().what, "blocks or tests nested too deeply");
    }
}
