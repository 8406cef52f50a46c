//! Send: the checks before a message goes to the outbox (the attachment reminder, the size the
//! server takes), now or at a time the person chose (*Send later*, as Thunderbird and Gmail offer
//! it). A message sent later waits in the outbox, held until its time (the engine's
//! `Delivery::held`, kept on disk), and carries that time as its Date; it goes out while the app
//! is open in a browser then, or as soon as it is opened after.

use super::*;
use crate::menu::Menu;

/// When the person asked a message to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendTime {
    /// Now (after the Undo send delay, where one is chosen).
    Now,
    /// At this wall-clock time (Unix milliseconds).
    At(u64),
}

/// The hour a morning choice means.
const MORNING_HOUR: u32 = 8;

/// [`MORNING_HOUR`] in the browser's time zone, `days` days after today, as Unix milliseconds.
fn morning_in(days: u32) -> u64 {
    let date = js_sys::Date::new_0();
    // The Date carries a day past the month's end into the next month.
    date.set_date(date.get_date() + days);
    date.set_hours(MORNING_HOUR);
    date.set_minutes(0);
    date.set_seconds(0);
    date.set_milliseconds(0);
    date.get_time().max(0.0) as u64
}

/// Days from a day of the week (`Date.getDay()`: 0 Sunday … 6 Saturday) to the next Monday: 1 to 7.
fn days_to_monday(weekday: u32) -> u32 {
    match (8 - weekday % 7) % 7 {
        0 => 7,
        days => days,
    }
}

/// The time a `datetime-local` field holds (the browser's time zone), as Unix milliseconds.
fn local_time(value: &str) -> Option<u64> {
    let millis = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
    (!value.is_empty() && millis.is_finite() && millis > 0.0).then_some(millis as u64)
}

impl Composer {
    /// Sends the open form now.
    pub fn send(&self) {
        self.send_when(SendTime::Now);
    }

    /// Checks the open form and hands it to the outbox, to go `when`; once per form, a text that
    /// speaks of an attachment without one is held back to ask ([`Self::reminded`]).
    pub fn send_when(&self, when: SendTime) {
        let forgotten = self.form.with_untracked(|f| {
            f.as_ref().is_some_and(|f| f.attachments.is_empty() && compose::mentions_attachment(&f.body))
        });
        if forgotten && self.reminded.get_untracked().is_none() {
            self.problem.set(None);
            self.reminded.set(Some(when));
            // Its first choice takes the focus, which brings it into view (keyboard users and
            // screen readers land on it; role=alert reads it out).
            crate::keyboard::focus_when_rendered("[data-testid=reminder-attach]".into(), 10);
            return;
        }
        self.send_anyway(when);
    }

    /// Sends the open form `when` without the attachment reminder (its *Send anyway*).
    pub fn send_anyway(&self, when: SendTime) {
        self.reminded.set(None);
        let Some(form) = self.form.get_untracked() else { return };
        let mut draft = form.to_draft(self.sender(&form));
        if let SendTime::At(until) = when {
            if until <= crate::outbox::wall_clock() {
                self.problem.set(Some(t().send_at_past.into()));
                return;
            }
            draft.date = form::date_at(until as f64);
        }
        if let Err(e) = build(&draft) {
            self.problem.set(Some(e.to_string()));
            return;
        }
        if let Some(limit) = known_size_limit(&self.email.get_value())
            && form.attachments_size() * 4 / 3 > limit
        {
            self.problem.set(Some((t().attachments_too_large)(&size(form.attachments_size()), &size(limit))));
            return;
        }
        self.problem.set(None);
        self.form.set(None);
        // The edit counter moves on, so no pending save writes the sent form back.
        self.edits.update_value(|n| *n += 1);
        // The outbox is written first (IndexedDB runs the two writes in the order they began): a
        // page that dies in between keeps the message twice, never not at all.
        // Its recipients are suggested from now on (address_book.rs).
        let known = self.collected.with_untracked(|known| address_book::with_recipients(known, &draft));
        self.collected.set(known.clone());
        let forgotten = self.forgotten.with_untracked(|f| address_book::remembered(f, &draft));
        let forget_less = forgotten.len() != self.forgotten.with_untracked(Vec::len);
        if forget_less {
            self.forgotten.set(forgotten.clone());
        }
        let email = self.email.get_value();
        spawn_local(async move {
            address_book::keep(&email, &known).await;
            if forget_less {
                address_book::keep_forgotten(&email, &forgotten).await;
            }
        });
        match when {
            SendTime::Now => self.outbox.enqueue(draft, form.origin.clone()),
            SendTime::At(until) => self.outbox.enqueue_at(draft, until, form.origin.clone()),
        }
        self.save_local();
    }
}

/// *Send later*: tomorrow morning, next Monday morning, or a date and time picked.
#[component]
pub fn SendLater(composer: Composer) -> impl IntoView {
    let picked = RwSignal::new(String::new());
    let at = move |until: u64| composer.send_when(SendTime::At(until));
    let on_pick = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match local_time(&picked.get_untracked()) {
            Some(until) => at(until),
            None => composer.problem.set(Some(t().send_at_missing.into())),
        }
    };
    view! {
        <Menu
            class="more-menu send-later"
            testid="send-later"
            closes_on_choice=true
            summary=view! { {t().send_later} }.into_any()
        >
            <button data-testid="send-tomorrow" on:click=move |_| at(morning_in(1))>{t().tomorrow_morning}</button>
            <button data-testid="send-monday" on:click=move |_| {
                at(morning_in(days_to_monday(js_sys::Date::new_0().get_day())))
            }>{t().monday_morning}</button>
            <form class="send-at" on:submit=on_pick>
                <label>
                    <span>{t().pick_a_time}</span>
                    <input type="datetime-local" step="1" name="send-at"
                        on:input=move |ev| picked.set(event_target_value(&ev)) />
                </label>
                <button type="submit" data-testid="schedule">{t().schedule}</button>
            </form>
        </Menu>
    }
}

#[cfg(test)]
mod tests {
    use super::days_to_monday;
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn monday_is_the_next_one_never_today() {
        // Sunday … Saturday.
        assert_eq!((0..7).map(days_to_monday).collect::<Vec<_>>(), [1, 7, 6, 5, 4, 3, 2]);
    }
}
