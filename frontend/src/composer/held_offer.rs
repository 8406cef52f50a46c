//! The offer to take back a message just sent, in the status line as Gmail shows it: while the
//! outbox holds a message for its Undo (shared/src/outbox/delivery.rs `Delivery::held`), the line
//! names it and counts down, beside *Undo* (back into the composer, unsent) and *Send now*. The
//! outbox panel (outbox_view.rs) offers the same two for every held message; this line is there
//! for the person who closed the panel or never looks at it.

use super::*;

/// The held message the line offers: the one sent last, where several wait.
fn latest_held(composers: &[Composer]) -> Option<(Composer, String, String, u64, usize)> {
    let mut held: Vec<(Composer, String, String, u64)> = Vec::new();
    for c in composers {
        c.outbox.items.with(|items| {
            for i in items {
                if let Some(until) = i.held_for_undo() {
                    held.push((*c, i.id().to_owned(), i.draft.subject.clone(), until));
                }
            }
        });
    }
    let others = held.len().saturating_sub(1);
    held.into_iter().max_by_key(|h| h.3).map(|(c, id, subject, until)| (c, id, subject, until, others))
}

/// The line's offer for the held messages of `composers` (one account's, or each of All inboxes).
#[component]
pub fn HeldOffer(composers: Vec<Composer>) -> impl IntoView {
    let now = RwSignal::new(crate::outbox::wall_clock());
    let any_held = {
        let composers = composers.clone();
        Memo::new(move |_| {
            composers.iter().any(|c| c.outbox.items.with(|i| i.iter().any(|i| i.held_for_undo().is_some())))
        })
    };
    // The clock ticks only while something is held.
    let ticking: StoredValue<Option<IntervalHandle>> = StoredValue::new(None);
    let stop = move || {
        if let Some(handle) = ticking.try_get_value().flatten() {
            handle.clear();
            ticking.set_value(None);
        }
    };
    Effect::new(move |_| {
        if !any_held.get() {
            stop();
        } else if ticking.get_value().is_none() {
            now.set(crate::outbox::wall_clock());
            let tick = move || now.set(crate::outbox::wall_clock());
            ticking.set_value(set_interval_with_handle(tick, std::time::Duration::from_millis(250)).ok());
        }
    });
    on_cleanup(stop);
    move || {
        latest_held(&composers).map(|(composer, id, subject, until, others)| {
            let (undo_id, now_id) = (id.clone(), id);
            let left = move || crate::outbox::seconds_left(until, now.get());
            view! {
                <span class="undo" data-testid="held-offer">
                    // The count changes every second: read out once by the live region
                    // (announce.rs), not again at every tick.
                    <span class="moved" aria-hidden="true" data-testid="held-count">{move || (t().held_offer)(&subject, left(), others)}</span>
                    " "
                    <button class="quiet" data-testid="held-undo" on:click=move |_| composer.edit(&undo_id)>{t().undo_send_button}</button>
                    <button class="quiet" data-testid="held-send-now" on:click=move |_| composer.outbox.send_now(&now_id)>{t().send_now}</button>
                </span>
            }
        })
    }
}
