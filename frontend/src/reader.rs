//! The reader pane: headers, the body (HTML in a sandboxed iframe, or plain text), attachments,
//! nested messages, all headers and the raw source.

use leptos::prelude::*;
use posthorn_proto::message::{Attachment, ReadableMessage, has_remote_content, safe_html_document};

use crate::mail_state::MailState;

fn download_url(attachment: &Attachment) -> Option<String> {
    let bytes = js_sys::Uint8Array::from(attachment.content.as_slice());
    let parts = js_sys::Array::of1(&bytes);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&attachment.mime_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

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
    let allow_remote = RwSignal::new(false);
    let show_headers = RwSignal::new(false);
    let show_source = RwSignal::new(false);
    let html = message.html.clone();
    let remote = html.as_deref().is_some_and(has_remote_content);
    let attachments = message.attachments.clone();
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
        {move || (remote && !allow_remote.get() && prefer_html.get()).then(|| view! {
            <div class="remote-bar" data-testid="remote-content-bar">
                "Remote content in this message was blocked to protect your privacy. "
                <button on:click=move |_| allow_remote.set(true)>"Load remote content"</button>
            </div>
        })}
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
                (Some(html), true) => {
                    let doc = safe_html_document(html, &attachments, allow_remote.get());
                    // No allow-scripts and no allow-same-origin: the message cannot run code or
                    // reach the app; popups only so that links can open in a new tab.
                    view! {
                        <iframe
                            class="html-body"
                            data-testid="html-body"
                            sandbox="allow-popups allow-popups-to-escape-sandbox"
                            referrerpolicy="no-referrer"
                            srcdoc=doc
                        ></iframe>
                    }
                        .into_any()
                }
                _ => view! { <pre class="text-body" data-testid="text-body">{text.clone()}</pre> }.into_any(),
            }
        }
        {(!message.attachments.is_empty()).then(|| view! {
            <ul class="attachments" data-testid="attachments">
                {message.attachments.iter().map(|a| {
                    let href = download_url(a).unwrap_or_default();
                    view! {
                        <li>
                            <a href=href download=a.name.clone()>{a.name.clone()}</a>
                            " " <span class="type">{a.mime_type.clone()}</span>
                            " " <span class="size">{crate::format::size(a.content.len() as u64)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
        {nested.into_iter().map(|inner| view! {
            <section class="nested-message" data-testid="nested-message">
                <h3>{format!("Attached message: {}", inner.subject)}</h3>
                <pre class="text-body">{inner.text.clone()}</pre>
            </section>
        }).collect_view()}
    }
}
