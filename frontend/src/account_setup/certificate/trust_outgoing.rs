//! Trusting an unknown outgoing server certificate from the outbox.

use leptos::prelude::*;

use super::{OUTGOING_REFUSED, TrustFromMailView, outgoing_met};

/// Beside an outbox item that was not sent: the certificate the outgoing server was refused
/// over, with its details and, where trusting helps, the button to trust it for that server
/// (the mail view offers the same for the incoming server). `on_trusted` sends the item again.
#[component]
pub fn TrustOutgoing(email: String, on_trusted: Callback<()>) -> impl IntoView {
    let refused = OUTGOING_REFUSED.with(Clone::clone);
    move || {
        refused.with(|m| m.get(&email).cloned()).map(|untrusted| {
            let email = email.clone();
            let then = Callback::new(move |()| {
                outgoing_met(&email, None);
                on_trusted.run(());
            });
            view! { <TrustFromMailView untrusted on_trusted=then /> }
        })
    }
}
