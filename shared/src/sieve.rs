//! Sieve, the language mail servers filter arriving mail with (RFC 5228): a lexer, a parser, and
//! the filters and out-of-office reply the app edits, written as a script and read back from one
//! ([`rules`]). The scripts travel to the server over ManageSieve ([`crate::managesieve`]).

pub mod lexer;
pub mod parse;
pub mod rules;

pub use lexer::SyntaxError;
pub use rules::{
    Action, Condition, Field, Filter, Matching, ReadError, RuleError, Rules, Vacation, like, read, write,
};
