//! The sanitising pass a message's HTML goes through before it reaches the sandboxed frame.
//!
//! It is the third wall, beside the frame's sandbox (no script, opaque origin) and the message's
//! Content-Security-Policy: it takes out what the other two do not stop, above all the hints that
//! make a browser open connections on its own (`<link rel=preconnect>`, `dns-prefetch`, prefetch
//! and preload, which no policy governs, and the speculative loads of frames and objects), and it
//! makes every URL absolute or nothing: a message has no base, so a relative link would resolve
//! against the app's own address.
//!
//! Every tag that is kept is written anew from [`tokenizer`]'s tokens with an allow-list of
//! elements and attributes and every value escaped, so the browser parses exactly what was checked
//! here. Foreign content (`<svg>`, `<math>`), where the browser tokenizes differently, is not kept;
//! a `<style>` whose text contains `<` is dropped, so no context can turn it into markup.

mod allow_list;
mod css;
pub(crate) mod references;
pub mod tokenizer;

use allow_list::{ATTRIBUTES, DROPPED_WITH_CONTENT, ELEMENTS, RESOURCE_ATTRIBUTES, SHOWN_AS_TEXT, is_aria};
pub use css::{REFUSED_FUNCTIONS, UrlKind, classify};
use references::decode_references;
use tokenizer::{Attribute, Token, Tokenizer};

/// The result of [`sanitize`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sanitized {
    /// The markup to show.
    pub html: String,
    /// Remote images kept (`<img src>`, `background`, CSS `url()`): they load only with consent.
    pub remote_images: usize,
    /// Remote references taken out for good (frames, objects, `<link>`, scripts, `@import`,
    /// `srcset`, …): nothing loads them, consent or not.
    pub removed_remote: usize,
}

impl Sanitized {
    /// Whether the message refers to anything on the network at all (the consent bar shows).
    pub fn has_remote(&self) -> bool {
        self.remote_images + self.removed_remote > 0
    }
}

/// Sanitises a message's HTML (see the module documentation).
pub fn sanitize(html: &str) -> Sanitized {
    let mut out =
        Sanitized { html: String::with_capacity(html.len() + html.len() / 8), ..Sanitized::default() };
    let mut tokens = Tokenizer::new(html);
    while let Some(token) = tokens.next_token() {
        match token {
            Token::Text(text) => out.html.push_str(text),
            Token::LessThan => out.html.push_str("&lt;"),
            Token::Comment => {}
            Token::EndTag { name } => {
                if ELEMENTS.contains(&name.as_str()) {
                    out.html.push_str("</");
                    out.html.push_str(&name);
                    out.html.push('>');
                }
            }
            Token::StartTag { name, attributes } => start_tag(&mut out, &mut tokens, &name, &attributes),
        }
    }
    out
}

fn start_tag(out: &mut Sanitized, tokens: &mut Tokenizer<'_>, name: &str, attributes: &[Attribute<'_>]) {
    match name {
        "style" => {
            let text = tokens.raw_text_until_end_tag("style");
            if text.contains('<') {
                return;
            }
            if let Some(clean) = css::clean(text) {
                out.remote_images += clean.remote;
                out.removed_remote += clean.removed;
                out.html.push_str("<style>");
                out.html.push_str(&clean.css);
                out.html.push_str("</style>");
            }
        }
        "plaintext" => {
            let text = tokens.remainder();
            out.html.push_str("<pre>");
            push_escaped_text(&mut out.html, text);
            out.html.push_str("</pre>");
        }
        _ if SHOWN_AS_TEXT.contains(&name) => {
            let text = tokens.raw_text_until_end_tag(name);
            out.html.push_str("<pre>");
            push_escaped_text(&mut out.html, text);
            out.html.push_str("</pre>");
        }
        _ if DROPPED_WITH_CONTENT.contains(&name) => {
            out.removed_remote += removed_references(name, attributes);
            if name == "template" {
                skip_element(tokens, name);
            } else {
                tokens.raw_text_until_end_tag(name);
            }
        }
        _ if ELEMENTS.contains(&name) => kept_tag(out, name, attributes),
        // Everything else (`<link>`, `<meta>`, `<base>`, frames, objects, forms, media, `<svg>`,
        // unknown elements): the tag goes, its content stays as the content of its parent.
        _ => out.removed_remote += removed_references(name, attributes),
    }
}

/// Skips a non-raw-text element (such as `<template>`) with everything inside, nested copies of it
/// included.
fn skip_element(tokens: &mut Tokenizer<'_>, name: &str) {
    let mut depth = 1usize;
    while let Some(token) = tokens.next_token() {
        match token {
            Token::StartTag { name: inner, .. } if inner == name => depth += 1,
            Token::StartTag { name: inner, .. }
                if inner == "style" || DROPPED_WITH_CONTENT.contains(&inner.as_str()) =>
            {
                tokens.raw_text_until_end_tag(&inner);
            }
            Token::EndTag { name: inner } if inner == name => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

/// How many remote references a dropped element carried.
fn removed_references(name: &str, attributes: &[Attribute<'_>]) -> usize {
    let refresh = name == "meta"
        && attributes.iter().any(|a| {
            a.name == "http-equiv" && decode_references(a.raw_value).eq_ignore_ascii_case("refresh")
        });
    let resources = attributes
        .iter()
        .filter(|a| RESOURCE_ATTRIBUTES.contains(&a.name.as_str()) && !a.raw_value.trim().is_empty())
        .count();
    resources + usize::from(refresh)
}

fn kept_tag(out: &mut Sanitized, name: &str, attributes: &[Attribute<'_>]) {
    out.html.push('<');
    out.html.push_str(name);
    let mut fragment = false;
    for attribute in attributes {
        let attr = attribute.name.as_str();
        match attr {
            "href" if matches!(name, "a" | "area") => fragment = link(out, attribute.raw_value),
            "src" if name == "img" => image(out, "src", attribute.raw_value),
            "background" => image(out, "background", attribute.raw_value),
            "style" => {
                if let Some(clean) = css::clean(&decode_references(attribute.raw_value)) {
                    out.remote_images += clean.remote;
                    out.removed_remote += clean.removed;
                    push_attribute(&mut out.html, "style", &clean.css);
                }
            }
            _ if ATTRIBUTES.contains(&attr) || is_aria(attr) => {
                // Written as the browser would have read it: references stay for it to decode.
                out.html.push(' ');
                out.html.push_str(attr);
                out.html.push_str("=\"");
                out.html.push_str(&attribute.raw_value.replace('"', "&quot;"));
                out.html.push('"');
            }
            _ if RESOURCE_ATTRIBUTES.contains(&attr) && !attribute.raw_value.trim().is_empty() => {
                out.removed_remote += 1;
            }
            // Event handlers, `target`, `rel`, `data-*` and the rest.
            _ => {}
        }
    }
    if matches!(name, "a" | "area") {
        // Links open in a new tab, without the app as opener or referrer; a link to a place in
        // the message stays in the frame (a same-document navigation, no request).
        out.html.push_str(if fragment {
            " target=\"_self\""
        } else {
            " target=\"_blank\" rel=\"noopener noreferrer\""
        });
    }
    out.html.push('>');
}

/// A link's target: absolute web and mail links and places in the message are kept; a relative
/// link (which would resolve against the app) and every other scheme go nowhere. Returns whether
/// the kept address is a place in the message, decided on the same trimmed address that is kept.
fn link(out: &mut Sanitized, raw: &str) -> bool {
    let href = decode_references(raw);
    let trimmed = href.trim_matches(|c: char| c <= ' ');
    let kept = match classify(trimmed) {
        UrlKind::Remote(url) => Some(url),
        UrlKind::Embedded => None,
        UrlKind::Other => {
            let lower = trimmed.to_ascii_lowercase();
            (lower.starts_with("mailto:") || lower.starts_with("tel:") || trimmed.starts_with('#'))
                .then(|| trimmed.to_owned())
        }
    };
    match kept {
        Some(url) => {
            push_attribute(&mut out.html, "href", &url);
            url.starts_with('#')
        }
        None => false,
    }
}

/// An image source: embedded `data:` images are kept, remote ones are kept and counted (the
/// message's policy holds them back until consent), anything else is dropped.
fn image(out: &mut Sanitized, attribute: &str, raw: &str) {
    let url = decode_references(raw);
    match classify(&url) {
        UrlKind::Embedded => push_attribute(&mut out.html, attribute, url.trim()),
        UrlKind::Remote(url) => {
            out.remote_images += 1;
            push_attribute(&mut out.html, attribute, &url);
        }
        UrlKind::Other => {}
    }
}

/// ` name="value"` with the value escaped for a double-quoted attribute.
pub(crate) fn push_attribute(html: &mut String, name: &str, value: &str) {
    html.push(' ');
    html.push_str(name);
    html.push_str("=\"");
    for c in value.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '"' => html.push_str("&quot;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            c => html.push(c),
        }
    }
    html.push('"');
}

pub(crate) fn push_escaped_text(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            c => html.push(c),
        }
    }
}
