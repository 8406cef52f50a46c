//! The composer's place in the mail view: the address suggestions, the open form and the outbox.

use super::address_book::is_forgotten;
use super::*;

/// Every address seen in the open folder's rows and the open message, for autocomplete.
pub fn seen_addresses(state: &MailState) -> Vec<String> {
    let mut seen = BTreeSet::new();
    state.list.rows.with(|rows| {
        for row in rows.values() {
            if row.from.contains('@') {
                seen.insert(row.from.clone());
            }
        }
    });
    state.reader.message.with(|open| {
        if let Some((_, message, _)) = open {
            for m in message.from.iter().chain(&message.to).chain(&message.cc).chain(&message.reply_to) {
                seen.insert(m.display());
            }
        }
    });
    seen.into_iter().collect()
}

/// What the address fields suggest ([`address_book::matches`]), as the host provides it.
#[derive(Clone, Copy)]
pub struct Suggestions(pub Signal<Vec<String>>);

/// The composer and the outbox, for a view of one account, with `seen` (addresses seen in the
/// account's mail), those written to from the outbox and those collected (address_book.rs) as
/// suggestions. Call [`provide_composer`] in the view first.
#[component]
pub fn ComposerHost(#[prop(into)] seen: Signal<Vec<String>>) -> impl IntoView {
    let composer = expect_context::<Composer>();
    // Most recent first: those written to, then those in the outbox, then those seen.
    let suggestions = Memo::new(move |_| {
        let mut all: Vec<String> = composer.collected.with(|c| c.iter().map(Address::display).collect());
        composer.outbox.items.with(|items| {
            for item in items.iter().rev() {
                all.extend(
                    item.draft.to.iter().chain(&item.draft.cc).chain(&item.draft.bcc).map(Address::display),
                );
            }
        });
        all.extend(seen.get());
        let mut once = BTreeSet::new();
        composer.forgotten.with(|forgotten| {
            all.retain(|a| {
                once.insert(Address::parse(a).address.to_lowercase()) && !is_forgotten(forgotten, a)
            })
        });
        all
    });
    provide_context(Suggestions(suggestions.into()));
    view! {
        <div class="composer-host">
            <Show when=move || composer.form.with(Option::is_some)>
                {crate::lazy::deferred(&COMPOSE_FORM, composer)}
            </Show>
            <OutboxView composer=composer />
        </div>
    }
}
