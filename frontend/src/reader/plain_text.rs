//! A plain-text part as the reader shows it (`posthorn_proto::message::plain_text`): quoted lines
//! in nested blocks with a bar each, web addresses as links that open in a new tab without a
//! referrer, email addresses and `mailto:` URLs as links that open the composer here; the
//! signature, from its separator line `-- ` on (RFC 3676 section 4.3), in a quieter colour.

use leptos::prelude::*;
use posthorn_proto::compose::split_signature;
use posthorn_proto::message::list_headers;
use posthorn_proto::message::plain_text::{Block, Link, links, quote_blocks};

use crate::composer::Composer;

/// The view of a text part.
pub fn text_part(text: &str) -> AnyView {
    let (body, signature) = split_signature(text);
    let composer = use_context::<Composer>();
    let signature = signature.map(|s| {
        view! { <span class="signature" data-testid="signature">{linked(s, composer)}</span> }
    });
    let blocks = if body.is_empty() { Vec::new() } else { quote_blocks(body) };
    view! {
        <div class="body-part" data-testid="body-part" data-kind="text">
            <pre class="text-body" data-testid="text-body" dir="auto">{blocks_view(&blocks, composer)}{signature}</pre>
        </div>
    }
    .into_any()
}

fn blocks_view(blocks: &[Block<'_>], composer: Option<Composer>) -> Vec<AnyView> {
    blocks
        .iter()
        .map(|block| match block {
            Block::Lines(lines) => {
                // Every line ends in its line break, which at a block's end shows no empty line:
                // the text reads (and copies) as written, blank lines included.
                let text = lines.join("\n") + "\n";
                view! { <span class="lines">{linked(&text, composer)}</span> }.into_any()
            }
            Block::Quote(inner) => {
                view! { <span class="quote" role="blockquote" data-testid="quote">{blocks_view(inner, composer)}</span> }
                    .into_any()
            }
        })
        .collect()
}

/// `text` with its links.
fn linked(text: &str, composer: Option<Composer>) -> Vec<AnyView> {
    let mut out = Vec::new();
    let mut at = 0;
    for (range, link) in links(text) {
        if range.start > at {
            out.push(text[at..range.start].to_owned().into_any());
        }
        let shown = text[range.clone()].to_owned();
        out.push(match link {
            Link::Web(url) => view! {
                <a href=url target="_blank" rel="noopener noreferrer" data-testid="text-link">{shown}</a>
            }
            .into_any(),
            Link::Mail(url) => {
                let mail = list_headers::mail_to(&url);
                let write = move |ev: leptos::ev::MouseEvent| {
                    if let (Some(composer), Some(mail)) = (composer, &mail) {
                        ev.prevent_default();
                        composer.write_to(mail);
                    }
                };
                view! { <a href=url on:click=write data-testid="text-link">{shown}</a> }.into_any()
            }
        });
        at = range.end;
    }
    if at < text.len() {
        out.push(text[at..].to_owned().into_any());
    }
    out
}
