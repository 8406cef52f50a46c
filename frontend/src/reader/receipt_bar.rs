//! Above a message that asks for a read receipt (RFC 8098 section 2.1): who asks, where the
//! receipt would go when that is not the sender, and *Send receipt* or *Don't send*. Nothing is
//! sent without that choice, and either choice marks the message `$MDNSent` on the server (RFC
//! 3503), so that no client asks again. Not in Sent, Drafts, Junk or Trash (a junk sender asks to
//! learn that the address reads mail), nor for the account's own messages.

use leptos::prelude::*;
use posthorn_proto::compose::{MDN_SENT, receipt_requested};
use posthorn_proto::imap::{Flag, SpecialUse};
use posthorn_proto::message::ReadableMessage;

use crate::composer::Composer;
use crate::i18n::t;
use crate::mail_state::MailState;

/// The bar for message `uid`, where it asks and has not been answered.
#[component]
pub fn ReceiptBar(state: MailState, uid: u32, message: ReadableMessage) -> impl IntoView {
    let composer = use_context::<Composer>()?;
    let request = receipt_requested(&message)?;
    let elsewhere_folder = untrack(|| {
        [SpecialUse::Sent, SpecialUse::Drafts, SpecialUse::Junk, SpecialUse::Trash]
            .into_iter()
            .any(|r| state.in_role(r))
    });
    if elsewhere_folder || message.from.iter().any(|m| composer.is_mine(&m.address)) {
        return None;
    }
    let rows = state.list.rows;
    let answered = Memo::new(move |_| rows.with(|r| r.get(&uid).is_none_or(|row| row.mdn_sent)));
    let stored = StoredValue::new(message.clone());
    let answer = Callback::new(move |send: bool| {
        if send && !stored.with_value(|m| composer.send_receipt(m)) {
            return;
        }
        state.set_flag(vec![uid], Flag::Keyword(MDN_SENT.into()), true);
    });
    let asked = (t().receipt_asked)(&crate::reader::sender_shown(&message));
    let goes_to = request.to.iter().map(|a| a.address.clone()).collect::<Vec<_>>().join(", ");
    let elsewhere = request.elsewhere.then(|| (t().receipt_goes_elsewhere)(&goes_to));
    Some(view! {
        <Show when=move || !answered.get()>
            <div class="receipt-bar" role="note" data-testid="receipt-bar">
                <span>{asked.clone()}</span>
                {elsewhere.clone().map(|w| view! { <span class="warning" data-testid="receipt-elsewhere">{w}</span> })}
                <span class="receipt-actions">
                    <button class="primary" data-testid="send-receipt" on:click=move |_| answer.run(true)>{t().send_receipt}</button>
                    <button data-testid="decline-receipt" on:click=move |_| answer.run(false)>{t().decline_receipt}</button>
                </span>
            </div>
        </Show>
    })
}
