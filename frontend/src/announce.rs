//! What the mail view tells a person who is not looking at it: a polite live region (WAI-ARIA 1.2,
//! `aria-live`) that screen readers read out when new mail arrives in the open folder or the
//! outbox sends or gives up on a message; the unread count in the tab's title and on the app's
//! icon (Badging API, where the browser has it); and, when asked for in the settings, a system
//! notification for new mail while the tab is hidden.

use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::composer::Composer;
use crate::i18n::t;
use crate::mail_state::MailState;
use crate::outbox::OutboxState;

mod unread_title;

pub use unread_title::UnreadTitle;

/// Where the choice to be notified is kept (`"1"`: notify).
const NOTIFY_KEY: &str = "posthorn.notify";

/// The name the tab shows without unread mail.
const APP_NAME: &str = "Posthorn";

/// Whether new-mail notifications were asked for.
pub fn notify_chosen() -> bool {
    crate::store::local_storage().and_then(|s| s.get_item(NOTIFY_KEY).ok().flatten()).as_deref() == Some("1")
}

/// Keeps the choice; turning it on asks the browser for permission (it asks the person once).
pub fn choose_notify(on: bool) {
    if let Some(s) = crate::store::local_storage() {
        let _ = if on { s.set_item(NOTIFY_KEY, "1") } else { s.remove_item(NOTIFY_KEY) };
    }
    if on && let Some(request) = notification_api().and_then(|n| method(&n, "requestPermission")) {
        let _ = request.call0(&notification_api().unwrap_or(JsValue::UNDEFINED));
    }
}

/// The `Notification` constructor, where the browser has one.
fn notification_api() -> Option<JsValue> {
    js_sys::Reflect::get(&js_sys::global(), &"Notification".into()).ok().filter(JsValue::is_function)
}

fn method(target: &JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(target, &name.into()).ok()?.dyn_into::<js_sys::Function>().ok()
}

/// Shows a system notification if they were asked for, permitted, and the tab is hidden.
fn notify(title: &str, body: &str) {
    let hidden = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden());
    let Some(api) = notification_api() else { return };
    let granted = js_sys::Reflect::get(&api, &"permission".into()).ok().and_then(|p| p.as_string());
    if !hidden || !notify_chosen() || granted.as_deref() != Some("granted") {
        return;
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"body".into(), &body.into());
    let _ = js_sys::Reflect::set(&options, &"tag".into(), &"posthorn-new-mail".into());
    if let Ok(ctor) = api.dyn_into::<js_sys::Function>() {
        let _ = js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&title.into(), &options));
    }
}

/// Puts `unread` on the app's icon (`navigator.setAppBadge`), or clears it at zero.
fn badge(unread: u32) {
    let navigator: JsValue = window().navigator().into();
    let call = if unread > 0 {
        method(&navigator, "setAppBadge").map(|f| f.call1(&navigator, &unread.into()))
    } else {
        method(&navigator, "clearAppBadge").map(|f| f.call0(&navigator))
    };
    // The promise rejects where badges are not allowed (not installed): nothing to do then.
    if let Some(Ok(promise)) = call
        && let Ok(promise) = promise.dyn_into::<js_sys::Promise>()
    {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}

/// The live region for the mail view of `state` (new mail in its open folder and the outbox's
/// send results), or for a POP3 inbox (no `state`: send results only, as a maildrop keeps no
/// unread count and is not watched). "All inboxes" has one per account.
#[component]
pub fn Announcer(#[prop(optional_no_strip)] state: Option<MailState>, composer: Composer) -> impl IntoView {
    let said = RwSignal::new(String::new());

    if let Some(state) = state {
        // New mail in the open folder (mail_state.rs sets `arrived` when EXISTS brought some).
        let arrived = state.list.arrived;
        let rows = state.list.rows;
        Effect::new(move |first_done: Option<()>| {
            let uids = arrived.get();
            // The state outlives this view: what arrived before it was shown is old news.
            if first_done.is_none() || uids.is_empty() {
                return;
            }
            let text = (t().new_mail_arrived)(uids.len());
            let first = rows.with_untracked(|r| {
                uids.iter().rev().find_map(|u| r.get(u)).map(|r| format!("{}: {}", r.from, r.subject))
            });
            notify(&text, &first.unwrap_or_default());
            said.set(text);
        });
    }

    // Send results: an item of the outbox that reaches Sent or Failed while this view is open,
    // and one put in and held for its Undo (composer/held_offer.rs counts it down, unread).
    let items = composer.outbox.items;
    let seen: StoredValue<Option<HashMap<String, OutboxState>>> = StoredValue::new(None);
    Effect::new(move |_| {
        // Held for an Undo: until when (a message sent later says its note instead).
        let now: HashMap<String, (OutboxState, String, Option<u64>)> = items.with(|items| {
            items
                .iter()
                .map(|i| (i.id().to_owned(), (i.state(), i.draft.subject.clone(), i.held_for_undo())))
                .collect()
        });
        // The first look is what the store held: nothing to announce yet.
        let before = seen.get_value();
        seen.set_value(Some(now.iter().map(|(id, (s, ..))| (id.clone(), *s)).collect()));
        let Some(before) = before else { return };
        for (id, (state, subject, held_until)) in &now {
            if before.get(id) == Some(state) {
                continue;
            }
            match (state, held_until) {
                (OutboxState::Sent, _) => said.set((t().sent_to_server)(subject)),
                (OutboxState::Failed, _) => said.set((t().not_sent)(subject)),
                (_, Some(until)) if !before.contains_key(id) => {
                    let seconds = crate::outbox::seconds_left(*until, crate::outbox::wall_clock());
                    said.set((t().held_announce)(subject, seconds as u32));
                }
                _ => {}
            }
        }
    });

    view! {
        <div class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
            {move || said.get()}
        </div>
    }
}
