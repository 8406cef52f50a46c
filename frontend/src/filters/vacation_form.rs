//! The out-of-office reply's fieldset (RFC 5230 `vacation`; the days it answers, RFC 5260
//! `currentdate`).

use leptos::prelude::*;
use posthorn_proto::sieve::Vacation;

use crate::i18n::t;

/// The choices for the days between two replies to one sender.
const DAYS: [u32; 5] = [1, 3, 7, 14, 30];

/// The fields; each change goes straight into `vacation`.
#[component]
pub fn VacationForm(vacation: RwSignal<Vacation>) -> impl IntoView {
    let date = |value: String| Some(value).filter(|v| !v.is_empty());
    view! {
        <fieldset class="vacation" data-testid="vacation">
            <legend>{t().filters.vacation}</legend>
            <label class="checkbox">
                <input type="checkbox" data-testid="vacation-on" prop:checked=move || vacation.with(|v| v.enabled)
                    on:change=move |ev| vacation.update(|v| v.enabled = event_target_checked(&ev)) />
                {t().filters.vacation_on}
            </label>
            <div class="vacation-dates">
                <label>
                    {t().filters.vacation_from}
                    <input type="date" data-testid="vacation-from"
                        prop:value=move || vacation.with(|v| v.start.clone().unwrap_or_default())
                        on:change=move |ev| vacation.update(|v| v.start = date(event_target_value(&ev))) />
                </label>
                <label>
                    {t().filters.vacation_until}
                    <input type="date" data-testid="vacation-until"
                        prop:value=move || vacation.with(|v| v.end.clone().unwrap_or_default())
                        on:change=move |ev| vacation.update(|v| v.end = date(event_target_value(&ev))) />
                </label>
            </div>
            <label>
                {t().filters.vacation_subject}
                <input type="text" data-testid="vacation-subject" aria-describedby="vacation-subject-hint"
                    prop:value=move || vacation.with(|v| v.subject.clone())
                    on:input=move |ev| vacation.update(|v| v.subject = event_target_value(&ev)) />
            </label>
            <p id="vacation-subject-hint" class="hint">{t().filters.vacation_subject_hint}</p>
            <label>
                {t().filters.vacation_text}
                <textarea data-testid="vacation-text" rows="5"
                    prop:value=move || vacation.with(|v| v.body.clone())
                    on:input=move |ev| vacation.update(|v| v.body = event_target_value(&ev))></textarea>
            </label>
            <label>
                {t().filters.vacation_days}
                <select data-testid="vacation-days"
                    on:change=move |ev| vacation.update(|v| v.days = event_target_value(&ev).parse().unwrap_or(7))>
                    {move || {
                        let chosen = vacation.with(|v| v.days);
                        let mut choices = DAYS.to_vec();
                        if !choices.contains(&chosen) {
                            choices.push(chosen);
                            choices.sort_unstable();
                        }
                        choices
                            .into_iter()
                            .map(|n| view! { <option value=n.to_string() selected=n == chosen>{(t().filters.days)(n)}</option> })
                            .collect_view()
                    }}
                </select>
            </label>
        </fieldset>
    }
}
