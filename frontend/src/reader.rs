//! The reader pane: headers, the body (HTML in a sandboxed iframe, or plain text), attachments,
//! nested messages, all headers and the raw source.

use leptos::prelude::*;
use posthorn_proto::message::ReadableMessage;

use crate::mail_state::MailState;

mod attachments;
mod html_body;

pub use attachments::Attachments;
pub use html_body::HtmlBody;

/// The reader for the open message.
#[component]
pub fn Reader(state: MailState) -> impl IntoView {
    let open = state.open;
    view! {
        <article class="reader" data-testid="reader">
            {move || match open.get() {
                None => view! { <p class="empty">"Select a message to read it."</p> }.into_any(),
                Some((uid, message, raw)) => view! { <MessageBody uid=uid message=message raw=raw /> }.into_any(),
            }}
        </article>
    }
}

/// One message: headers, body, attachments, nested messages, all headers and the source.
#[component]
pub fn MessageBody(uid: u32, message: ReadableMessage, raw: Vec<u8>) -> impl IntoView {
    let prefer_html = RwSignal::new(true);
    let show_headers = RwSignal::new(false);
    let show_source = RwSignal::new(false);
    let html = message.html.clone();
    let attachments = message.attachments.clone();
    let sender = message.from.first().map(|m| m.address.clone());
    let text = message.text.clone();
    let has_html = html.is_some();
    let headers = message.headers.clone();
    let source = String::from_utf8_lossy(&raw).into_owned();
    let nested = message.nested.clone();
    let list =
        |v: &[posthorn_proto::message::Mailbox]| v.iter().map(|m| m.display()).collect::<Vec<_>>().join(", ");

    view! {
        <header class="message-header" data-uid=uid>
            <h2 data-testid="reader-subject">{message.subject.clone()}</h2>
            <div><b>"From: "</b><span data-testid="reader-from">{list(&message.from)}</span></div>
            <div><b>"To: "</b>{list(&message.to)}</div>
            {(!message.cc.is_empty()).then(|| view! { <div><b>"Cc: "</b>{list(&message.cc)}</div> })}
            <div><b>"Date: "</b>{message.date.clone().unwrap_or_default()}</div>
            <div class="reader-actions">
                <crate::composer::ReplyButtons message=message.clone() raw=raw.clone() />
                {has_html.then(|| view! {
                    <button data-testid="toggle-plain" on:click=move |_| prefer_html.update(|p| *p = !*p)>
                        {move || if prefer_html.get() { "Show plain text" } else { "Show HTML" }}
                    </button>
                })}
                <button on:click=move |_| show_headers.update(|v| *v = !*v)>"All headers"</button>
                <button on:click=move |_| show_source.update(|v| *v = !*v)>"Source"</button>
            </div>
        </header>
        {move || show_headers.get().then(|| view! {
            <table class="all-headers">
                {headers.iter().map(|(n, v)| view! { <tr><th>{n.clone()}</th><td>{v.clone()}</td></tr> }).collect_view()}
            </table>
        })}
        {move || show_source.get().then(|| view! { <pre class="source" data-testid="source">{source.clone()}</pre> })}
        {
            let attachments = attachments.clone();
            let text = text.clone();
            let html = html.clone();
            move || match (&html, prefer_html.get()) {
                (Some(html), true) => view! {
                    <HtmlBody html=html.clone() attachments=attachments.clone() sender=sender.clone() />
                }
                .into_any(),
                _ => view! { <pre class="text-body" data-testid="text-body">{text.clone()}</pre> }.into_any(),
            }
        }
        <Attachments attachments=message.attachments.clone() />
        {nested.into_iter().map(|inner| view! {
            <section class="nested-message" data-testid="nested-message">
                <h3>{format!("Attached message: {}", inner.subject)}</h3>
                <pre class="text-body">{inner.text.clone()}</pre>
            </section>
        }).collect_view()}
    }
}
