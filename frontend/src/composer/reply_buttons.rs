//! Reply, Reply all, Forward and Forward as attachment, for the reader.

use super::*;

/// Reply, Reply all, Forward and Forward as attachment, for the reader.
#[component]
pub fn ReplyButtons(message: ReadableMessage, raw: Vec<u8>) -> impl IntoView {
    let Some(composer) = use_context::<Composer>() else { return ().into_any() };
    let message = StoredValue::new(message);
    let raw = StoredValue::new(raw);
    view! {
        <button class="primary" data-testid="reply" on:click=move |_| message.with_value(|m| composer.reply(m, ReplyKind::Sender))>
            {crate::icons::icon(crate::icons::Icon::Reply)}{t().reply}
        </button>
        <button data-testid="reply-all" on:click=move |_| message.with_value(|m| composer.reply(m, ReplyKind::All))>
            {crate::icons::icon(crate::icons::Icon::ReplyAll)}{t().reply_all}
        </button>
        <button data-testid="forward" on:click=move |_| message.with_value(|m| composer.forward(m, None))>
            {crate::icons::icon(crate::icons::Icon::Forward)}{t().forward}
        </button>
        <button data-testid="forward-attachment" on:click=move |_| {
            message.with_value(|m| raw.with_value(|r| composer.forward(m, Some(r))))
        }>{t().forward_attachment}</button>
    }
    .into_any()
}
