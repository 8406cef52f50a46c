//! The *Structure* view: the message's MIME tree (RFC 2045, 2046, 2183), every part with its type,
//! charset, transfer encoding, disposition, file name and size, for people who debug mail.

use leptos::prelude::*;
use posthorn_proto::message::MimeNode;

fn node(part: &MimeNode) -> AnyView {
    let mut facts = Vec::new();
    if let Some(charset) = &part.charset {
        facts.push(format!("charset={charset}"));
    }
    if let Some(encoding) = &part.transfer_encoding {
        facts.push(encoding.clone());
    }
    if let Some(disposition) = &part.disposition {
        facts.push(disposition.clone());
    }
    if let Some(name) = &part.name {
        facts.push(format!("\u{201c}{name}\u{201d}"));
    }
    facts.push(crate::format::size(part.size as u64));
    let children: Vec<AnyView> = part.children.iter().map(node).collect();
    view! {
        <li>
            <code class="mime-type">{part.content_type.clone()}</code>
            " " <span class="mime-facts">{facts.join(" · ")}</span>
            {(!children.is_empty()).then(|| view! { <ul>{children}</ul> })}
        </li>
    }
    .into_any()
}

/// The tree, from the message's root part.
#[component]
pub fn Structure(root: MimeNode) -> impl IntoView {
    view! {
        <ul class="mime-structure" data-testid="structure">{node(&root)}</ul>
    }
}
