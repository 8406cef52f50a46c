//! Kept CSS read by a browser's own tokenizer: cssparser, the CSS Syntax Level 3 tokenizer of
//! Servo and Firefox. The sanitiser finds `url(` with its own small scanner
//! (`shared/src/message/sanitize/css.rs`); whatever the browser reads as a URL, an `@import` or a
//! refused function in the sanitiser's output shows where the two read CSS differently.

use cssparser::{ParseError, Parser, ParserInput, Token};
use posthorn_proto::message::sanitize::{REFUSED_FUNCTIONS, UrlKind, classify};

/// Panics if the browser would read, in `css`, a URL that is neither embedded nor absolute, an
/// `@import`, or a refused function. `origin` is the input, for the message.
pub fn assert_only_checked_urls(css: &str, origin: &str) {
    let mut input = ParserInput::new(css);
    let mut parser = Parser::new(&mut input);
    walk(&mut parser, css, origin);
}

fn checked(url: &str, css: &str, origin: &str) {
    assert!(
        matches!(classify(url), UrlKind::Embedded | UrlKind::Remote(_)),
        "the browser reads url({url:?}) in the kept CSS {css:?} from {origin:?}"
    );
}

fn walk(parser: &mut Parser<'_, '_>, css: &str, origin: &str) {
    while let Ok(token) = parser.next_including_whitespace_and_comments() {
        match token.clone() {
            Token::UnquotedUrl(url) => checked(&url, css, origin),
            Token::AtKeyword(name) => {
                assert!(
                    !name.eq_ignore_ascii_case("import"),
                    "an @import in the kept CSS {css:?} from {origin:?}"
                )
            }
            Token::Function(name) => {
                let lower = name.to_ascii_lowercase();
                assert!(
                    !REFUSED_FUNCTIONS.contains(&lower.as_str()),
                    "{name}( in the kept CSS {css:?} from {origin:?}"
                );
                let _ = parser.parse_nested_block(|inner| -> Result<(), ParseError<'_, ()>> {
                    if lower == "url" {
                        match inner.next() {
                            Ok(Token::QuotedString(url)) => checked(url, css, origin),
                            Ok(other) => panic!("url({other:?} in the kept CSS {css:?} from {origin:?}"),
                            Err(_) => panic!("an empty url() in the kept CSS {css:?} from {origin:?}"),
                        }
                    }
                    walk(inner, css, origin);
                    Ok(())
                });
            }
            Token::ParenthesisBlock | Token::SquareBracketBlock | Token::CurlyBracketBlock => {
                let _ = parser.parse_nested_block(|inner| -> Result<(), ParseError<'_, ()>> {
                    walk(inner, css, origin);
                    Ok(())
                });
            }
            _ => {}
        }
    }
}
