//! The composer's place in the mail view: the address suggestions, the open form and the outbox.

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

/// The composer and the outbox, for a view of one account, with `seen` (addresses seen in the
/// account's mail) and those written to from the outbox as suggestions. Call
/// [`provide_composer`] in the view first.
#[component]
pub fn ComposerHost(#[prop(into)] seen: Signal<Vec<String>>) -> impl IntoView {
    let composer = expect_context::<Composer>();
    let suggestions = move || {
        let mut all: BTreeSet<String> = seen.get().into_iter().collect();
        composer.outbox.items.with(|items| {
            for item in items {
                for a in item.draft.to.iter().chain(&item.draft.cc).chain(&item.draft.bcc) {
                    all.insert(a.display());
                }
            }
        });
        all
    };
    view! {
        <div class="composer-host">
            <datalist id="posthorn-addresses">
                {move || suggestions().into_iter().map(|a| view! { <option value=a></option> }).collect_view()}
            </datalist>
            <Show when=move || composer.form.with(Option::is_some)>
                <ComposeForm composer=composer />
            </Show>
            <OutboxView composer=composer />
        </div>
    }
}
