//! Reply, Reply all, Forward, Forward as attachment, Reply to list, Edit as new message and
//! Unsubscribe, for the reader.

use posthorn_proto::message::list_headers;

use super::*;

/// Reply, Reply all and Forward, for the reader.
#[component]
pub fn ReplyButtons(message: ReadableMessage) -> impl IntoView {
    let Some(composer) = use_context::<Composer>() else { return ().into_any() };
    let message = StoredValue::new(message);
    view! {
        <button class="primary" data-testid="reply" title=t().reply on:click=move |_| message.with_value(|m| composer.reply(m, ReplyKind::Sender))>
            {crate::icons::icon(crate::icons::Icon::Reply)}<span class="label">{t().reply}</span>
        </button>
        <button data-testid="reply-all" title=t().reply_all on:click=move |_| message.with_value(|m| composer.reply(m, ReplyKind::All))>
            {crate::icons::icon(crate::icons::Icon::ReplyAll)}<span class="label">{t().reply_all}</span>
        </button>
        <button data-testid="forward" title=t().forward on:click=move |_| message.with_value(|m| composer.forward(m, None))>
            {crate::icons::icon(crate::icons::Icon::Forward)}<span class="label">{t().forward}</span>
        </button>
    }
    .into_any()
}

/// Forward as attachment (RFC 2046 5.2.1: the whole message as a message/rfc822 part), for the
/// reader's More menu.
#[component]
pub fn ForwardAttachment(message: ReadableMessage, raw: Vec<u8>) -> impl IntoView {
    let Some(composer) = use_context::<Composer>() else { return ().into_any() };
    let message = StoredValue::new(message);
    let raw = StoredValue::new(raw);
    view! {
        <button data-testid="forward-attachment" on:click=move |_| {
            message.with_value(|m| raw.with_value(|r| composer.forward(m, Some(r))))
        }>{t().forward_attachment}</button>
    }
    .into_any()
}

/// Reply to list, for the reader's More menu where the message came through a mailing list that
/// takes posts (RFC 2369 section 3.4, `List-Post`).
#[component]
pub fn ReplyToList(message: ReadableMessage) -> impl IntoView {
    let Some(composer) = use_context::<Composer>() else { return ().into_any() };
    if list_headers::post_address(&message.headers).is_none() {
        return ().into_any();
    }
    let message = StoredValue::new(message);
    view! {
        <button data-testid="reply-list" on:click=move |_| message.with_value(|m| composer.reply(m, ReplyKind::List))>
            {t().reply_list}
        </button>
    }
    .into_any()
}

/// Edit as new message, for the reader's More menu: the message in the composer as a new one, to
/// send again changed or to use as a template.
#[component]
pub fn EditAsNew(message: ReadableMessage) -> impl IntoView {
    let Some(composer) = use_context::<Composer>() else { return ().into_any() };
    let message = StoredValue::new(message);
    view! {
        <button data-testid="edit-as-new" on:click=move |_| message.with_value(|m| composer.edit_as_new(m))>
            {t().edit_as_new}
        </button>
    }
    .into_any()
}

/// Unsubscribe, beside the sender where the message names a way to leave its list (RFC 2369
/// section 3.2, `List-Unsubscribe`): writes the message the list asks for in the composer, to be
/// sent or not (`mailto:`, preferred: it stays here and tells the list nothing until sent), else
/// opens the list's page in a new tab, without a referrer.
#[component]
pub fn Unsubscribe(message: ReadableMessage) -> impl IntoView {
    let composer = use_context::<Composer>();
    let ways = list_headers::unsubscribe(&message.headers);
    let mail = ways.iter().find_map(|w| match w {
        list_headers::Unsubscribe::Mail(m) => Some(m.clone()),
        list_headers::Unsubscribe::Web(_) => None,
    });
    let web = ways.iter().find_map(|w| match w {
        list_headers::Unsubscribe::Web(url) => Some(url.clone()),
        list_headers::Unsubscribe::Mail(_) => None,
    });
    let act: Box<dyn Fn()> = match (mail, composer, web) {
        (Some(mail), Some(composer), _) => Box::new(move || composer.write_to(&mail)),
        (_, _, Some(url)) => Box::new(move || {
            if let Some(window) = web_sys::window() {
                let _ = window.open_with_url_and_target_and_features(&url, "_blank", "noopener,noreferrer");
            }
        }),
        _ => return ().into_any(),
    };
    view! {
        <button class="quiet unsubscribe" data-testid="unsubscribe" title=t().unsubscribe_title on:click=move |_| act()>
            {t().unsubscribe}
        </button>
    }
    .into_any()
}

/// The text selected in a message's plain-text body (`[data-testid=text-body]`, the reader's and
/// the conversation view's), if any: what a reply then quotes. A selection elsewhere (the list,
/// the composer) or in an HTML body's sandboxed frame, which the app cannot read, is none.
pub(super) fn selected_text() -> Option<String> {
    let selection = web_sys::window()?.get_selection().ok()??;
    if selection.is_collapsed() {
        return None;
    }
    let node = selection.anchor_node()?;
    let element = match node.dyn_ref::<web_sys::Element>() {
        Some(element) => element.clone(),
        None => node.parent_element()?,
    };
    element.closest("[data-testid=text-body]").ok()??;
    let text: String = selection.to_string().into();
    (!text.trim().is_empty()).then_some(text)
}
