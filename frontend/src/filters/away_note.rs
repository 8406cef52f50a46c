//! The status line's word that an account's out-of-office reply is on (account.rs
//! `OutOfOffice`, as the Filters dialog last read or saved it), with a button that opens the
//! dialog: a reply left on answers everyone who writes.

use leptos::prelude::*;

use super::FiltersOpen;
use crate::account::{Accounts, OutOfOffice};
use crate::i18n::t;

/// Shown while the reply for `email` is on and its last day has not passed; where several
/// accounts share the status line (All inboxes), `name` says whose it is.
#[component]
pub fn AwayNote(email: String, #[prop(optional, into)] name: Option<String>) -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let open = use_context::<FiltersOpen>();
    move || {
        let away = accounts
            .list
            .with(|l| l.iter().find(|a| a.email == email).and_then(|a| a.out_of_office.clone()))?;
        let (from, until) = days_left(&away, &today())?;
        let (from, until) = (from.map(shown), until.map(shown));
        let email = email.clone();
        let whose = name.as_ref().map(|name| format!("{name}: "));
        Some(view! {
            <span class="away" data-testid="out-of-office">
                {whose}
                {(t().filters.away)(from.as_deref(), until.as_deref())}
                {open.map(|open| view! {
                    " "
                    <button type="button" class="quiet" data-testid="out-of-office-change"
                        on:click=move |_| open.account.set(Some(email.clone()))>{t().filters.away_change}</button>
                })}
            </span>
        })
    }
}

/// The days to name on `today`: the first day where it is still to come, and the last; `None`
/// once the last day has passed. RFC 5260 dates compare as text.
fn days_left<'a>(away: &'a OutOfOffice, today: &str) -> Option<(Option<&'a str>, Option<&'a str>)> {
    let (start, end) = (away.start.as_deref(), away.end.as_deref());
    if end.is_some_and(|end| end < today) {
        return None;
    }
    Some((start.filter(|start| *start > today), end))
}

/// Today on this device, as RFC 5260 writes a date.
fn today() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

/// A `YYYY-MM-DD` date in the locale's words; as it is where it is not one.
fn shown(date: &str) -> String {
    let mut parts = date.splitn(3, '-').map(str::parse::<u32>);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) if (1..=12).contains(&m) => {
            // Noon, so that no time zone moves it to another day.
            let day = js_sys::Date::new_with_year_month_day_hr(y, m as i32 - 1, d as i32, 12);
            crate::format::day((day.get_time() / 1000.0) as i64)
        }
        _ => date.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    fn away(start: Option<&str>, end: Option<&str>) -> OutOfOffice {
        OutOfOffice { start: start.map(str::to_owned), end: end.map(str::to_owned) }
    }

    #[wasm_bindgen_test]
    fn names_a_first_day_to_come_and_the_last_until_it_passes() {
        let today = "2026-12-06";
        assert_eq!(days_left(&away(None, None), today), Some((None, None)));
        assert_eq!(days_left(&away(Some("2026-12-01"), None), today), Some((None, None)));
        assert_eq!(
            days_left(&away(Some("2026-12-20"), Some("2027-01-03")), today),
            Some((Some("2026-12-20"), Some("2027-01-03")))
        );
        assert_eq!(days_left(&away(None, Some("2026-12-06")), today), Some((None, Some("2026-12-06"))));
        assert_eq!(days_left(&away(Some("2026-11-20"), Some("2026-12-05")), today), None);
    }

    #[wasm_bindgen_test]
    fn a_date_reads_in_the_locale_and_anything_else_as_it_is() {
        assert_eq!(shown("2026-13-01"), "2026-13-01");
        assert_eq!(shown("soon"), "soon");
        let day = shown("2026-12-20");
        assert!(day.contains("20") && day.contains("2026"), "{day}");
    }
}
