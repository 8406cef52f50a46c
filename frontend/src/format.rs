//! Small display helpers.

mod event_time;

pub use event_time::event_span;

/// `YYYY-MM-DD HH:MM` for a Unix time shown at the given offset from UTC (minutes).
pub fn date_time(unix: i64, offset_minutes: i32) -> String {
    let offset_minutes = offset_minutes.clamp(-1439, 1439) as i16;
    posthorn_proto::compose::MessageDate { unix_seconds: unix, offset_minutes }.to_display()
}

/// How a date is written in the message list, by its age in the user's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListDate {
    /// Today: the time.
    Time,
    /// In the six days before today: the weekday.
    Weekday,
    /// Earlier this year: day and month.
    DayMonth,
    /// Before this year (or in the future beyond today): the whole date.
    Full,
}

use posthorn_proto::message::calendar::days_from_civil;

/// The list style for a message dated `then` seen `now`, both as (year, month 1-12, day) in the
/// user's time zone.
pub fn list_date_style(then: (i64, i64, i64), now: (i64, i64, i64)) -> ListDate {
    let age = days_from_civil(now.0, now.1, now.2) - days_from_civil(then.0, then.1, then.2);
    match age {
        0 => ListDate::Time,
        1..=6 => ListDate::Weekday,
        _ if age > 0 && then.0 == now.0 => ListDate::DayMonth,
        _ => ListDate::Full,
    }
}

/// A date in the user's time zone and locale, with the browser's `Intl.DateTimeFormat` (the
/// engine gives a timestamp; the browser knows the zone and the language). `options` are
/// `Intl.DateTimeFormat` options as (name, value).
fn intl(unix: i64, options: &[(&str, &str)]) -> String {
    let object = js_sys::Object::new();
    for (name, value) in options {
        let _ = js_sys::Reflect::set(&object, &(*name).into(), &(*value).into());
    }
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix as f64 * 1000.0));
    let locales = js_sys::Array::of1(&crate::i18n::locale().tag().into());
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &object);
    format
        .format()
        .call1(&wasm_bindgen::JsValue::UNDEFINED, &date)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// The local calendar date of a Unix time, as (year, month 1-12, day).
fn local_day(unix_ms: f64) -> (i64, i64, i64) {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_ms));
    (i64::from(date.get_full_year()), i64::from(date.get_month()) + 1, i64::from(date.get_date()))
}

/// A message's date as the list shows it: the time today, the weekday in the last week, day and
/// month this year, the whole date before.
pub fn list_date(unix: i64, now_ms: f64) -> String {
    match list_date_style(local_day(unix as f64 * 1000.0), local_day(now_ms)) {
        ListDate::Time => intl(unix, &[("hour", "numeric"), ("minute", "2-digit")]),
        ListDate::Weekday => intl(unix, &[("weekday", "short")]),
        ListDate::DayMonth => intl(unix, &[("day", "numeric"), ("month", "short")]),
        ListDate::Full => intl(unix, &[("dateStyle", "medium")]),
    }
}

/// A message's date as the reader shows it: weekday, date and time, in words where the locale
/// has them (`Monday, 23 November 2026 at 10:00`).
pub fn full_date(unix: i64) -> String {
    intl(unix, &[("dateStyle", "full"), ("timeStyle", "short")])
}

/// When something is to happen, in a few words: weekday, day, month and time (`Mon, Dec 7,
/// 8:00 AM`, `Mo., 7. Dez., 08:00`).
pub fn when(unix: i64) -> String {
    intl(
        unix,
        &[
            ("weekday", "short"),
            ("day", "numeric"),
            ("month", "short"),
            ("hour", "numeric"),
            ("minute", "2-digit"),
        ],
    )
}

/// A message's date in a line of its own, shorter than [`full_date`]: date and time in the
/// locale's medium style (`Nov 23, 2026, 10:00 AM`, `23.11.2026, 10:00`).
pub fn medium_date(unix: i64) -> String {
    intl(unix, &[("dateStyle", "medium"), ("timeStyle", "short")])
}

/// A day in the locale's medium style (`Nov 23, 2026`, `23.11.2026`).
pub fn day(unix: i64) -> String {
    intl(unix, &[("dateStyle", "medium")])
}

/// A time of day in the locale's short style (`10:00 AM`, `10:00`).
pub fn time(unix: i64) -> String {
    intl(unix, &[("timeStyle", "short")])
}

/// A byte count as people read it: `512 B`, `4.2 KB`, `1.3 MB` (`4,2 KB` in German).
pub fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => tenths(bytes, 100, "KB"),
        _ => tenths(bytes, 100_000, "MB"),
    }
}

/// A count as people read it, its thousands grouped: `2,000` (`2.000` in German).
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(crate::i18n::t().thousands_separator);
        }
        out.push(d);
    }
    out
}

/// A wait as people say it: `30 seconds`, `1 minute`, `16 minutes`.
pub fn duration(d: std::time::Duration) -> String {
    match d.as_secs() {
        s if s < 60 => (crate::i18n::t().seconds)(s),
        s => (crate::i18n::t().minutes)(s / 60),
    }
}

/// `bytes / (unit * 10)` with one decimal, rounded half up, in integer arithmetic: formatting an
/// `f64` would link the float formatter into the wasm (about 20 KB) for this one use.
fn tenths(bytes: u64, unit: u64, name: &str) -> String {
    let tenths = bytes.saturating_add(unit / 2) / unit;
    format!("{}{}{} {name}", tenths / 10, crate::i18n::t().decimal_separator, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn formats_dates_and_sizes() {
        assert_eq!(date_time(0, 0), "1970-01-01 00:00");
        assert_eq!(date_time(1_795_431_600, 60), "2026-11-23 12:00");
        assert_eq!(date_time(951_782_400, 0), "2000-02-29 00:00");
        assert_eq!(size(512), "512 B");
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(2_000), "2,000");
        assert_eq!(count(100_000), "100,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(size(4_200), "4.2 KB");
        assert_eq!(size(1_300_000), "1.3 MB");
        assert_eq!(size(1_000), "1.0 KB");
        assert_eq!(size(1_049), "1.0 KB");
        assert_eq!(size(1_050), "1.1 KB");
        assert_eq!(size(999_999), "1000.0 KB");
        assert_eq!(size(u64::MAX), "18446744073709.5 MB");
        assert_eq!(duration(std::time::Duration::from_secs(30)), "30 seconds");
        assert_eq!(duration(std::time::Duration::from_secs(60)), "1 minute");
        assert_eq!(duration(std::time::Duration::from_secs(16 * 60)), "16 minutes");
    }

    #[wasm_bindgen_test]
    fn list_dates_by_age() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28), 2);
        let now = (2026, 11, 23);
        assert_eq!(list_date_style((2026, 11, 23), now), ListDate::Time);
        assert_eq!(list_date_style((2026, 11, 22), now), ListDate::Weekday);
        assert_eq!(list_date_style((2026, 11, 17), now), ListDate::Weekday);
        assert_eq!(list_date_style((2026, 11, 16), now), ListDate::DayMonth);
        assert_eq!(list_date_style((2026, 1, 1), now), ListDate::DayMonth);
        assert_eq!(list_date_style((2025, 12, 31), (2026, 1, 2)), ListDate::Weekday);
        assert_eq!(list_date_style((2025, 12, 20), (2026, 1, 2)), ListDate::Full);
        assert_eq!(list_date_style((2026, 11, 24), now), ListDate::Full, "tomorrow: a clock that is wrong");
        // What the browser writes is its locale's, but the year is in the full forms and not in
        // the short ones.
        let unix = 987_809_702; // 2001-04-20T23:35:02Z
        let now_ms = 1_795_424_400_000.0; // 2026-11-23
        assert!(list_date(unix, now_ms).contains("2001"), "{}", list_date(unix, now_ms));
        assert!(full_date(unix).contains("2001"), "{}", full_date(unix));
        assert!(!list_date(1_795_420_800, now_ms).contains("2026"), "{}", list_date(1_795_420_800, now_ms));
    }
}
