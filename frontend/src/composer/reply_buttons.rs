//! Reply, Reply all, Forward and Forward as attachment, for the reader.

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
