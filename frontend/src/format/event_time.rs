//! An invitation's time as the reader reads it (`posthorn_proto::message::calendar::When`): a UTC
//! time and a time in a named zone in the reader's own zone, a floating time and a whole day as
//! written. The zone database is the browser's (`Intl.DateTimeFormat`'s `timeZone`); a zone it
//! does not know (Outlook's Windows names) is shown as written, with its name.

use posthorn_proto::message::calendar::{When, days_from_civil};
use wasm_bindgen::{JsCast, JsValue};

use super::{full_date, intl};

/// The wall-clock time of `format`'s zone at the Unix time `unix`, as seconds "as if UTC".
fn wall_clock(format: &js_sys::Intl::DateTimeFormat, unix: i64) -> Option<i64> {
    let parts = format.format_to_parts(&js_sys::Date::new(&JsValue::from_f64(unix as f64 * 1000.0)));
    let mut fields = [0i64; 6];
    for part in parts.iter() {
        let kind = js_sys::Reflect::get(&part, &"type".into()).ok()?.as_string()?;
        let value = js_sys::Reflect::get(&part, &"value".into()).ok()?.as_string()?;
        if let Some(i) = ["year", "month", "day", "hour", "minute", "second"].iter().position(|k| *k == kind)
        {
            fields[i] = value.parse().ok()?;
        }
    }
    let [y, mo, d, h, mi, s] = fields;
    Some(days_from_civil(y, mo, d) * 86_400 + (h % 24) * 3600 + mi * 60 + s)
}

/// The Unix time of the wall-clock time `seconds` ("as if UTC") in `zone`; `None` where the
/// browser does not know the zone.
fn in_zone(seconds: i64, zone: &str) -> Option<i64> {
    let options = js_sys::Object::new();
    for (name, value) in [
        ("timeZone", zone),
        ("hourCycle", "h23"),
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "numeric"),
        ("second", "numeric"),
    ] {
        js_sys::Reflect::set(&options, &name.into(), &value.into()).ok()?;
    }
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor: js_sys::Function =
        js_sys::Reflect::get(&intl, &"DateTimeFormat".into()).ok()?.dyn_into().ok()?;
    // An unknown zone throws a RangeError: constructed through Reflect, it is an Err here.
    let args = js_sys::Array::of2(&js_sys::Array::of1(&"en-US".into()), &options);
    let format: js_sys::Intl::DateTimeFormat =
        js_sys::Reflect::construct(&constructor, &args).ok()?.unchecked_into();
    // The zone's offset at a guess, then at the corrected time (right on both sides of a change
    // of offset, but for the hour that does not exist or exists twice).
    let mut unix = seconds;
    for _ in 0..2 {
        unix = seconds - (wall_clock(&format, unix)? - unix);
    }
    Some(unix)
}

/// `when` in words, in the reader's language.
pub fn event_time(when: &When) -> String {
    let as_written = |seconds: i64, style: &[(&str, &str)]| {
        let mut options = style.to_vec();
        options.push(("timeZone", "UTC"));
        intl(seconds, &options)
    };
    let date_and_time = [("dateStyle", "full"), ("timeStyle", "short")];
    match when {
        When::Utc(unix) => full_date(*unix),
        When::Day(seconds) => as_written(*seconds, &[("dateStyle", "full")]),
        When::Local { seconds, zone: None } => as_written(*seconds, &date_and_time),
        When::Local { seconds, zone: Some(zone) } => match in_zone(*seconds, zone) {
            Some(unix) => full_date(unix),
            None => format!("{} ({zone})", as_written(*seconds, &date_and_time)),
        },
    }
}

/// The Unix time `when` stands for where it has a time of day in a zone the browser knows.
fn instant(when: &When) -> Option<i64> {
    match when {
        When::Utc(unix) => Some(*unix),
        When::Local { seconds, zone: Some(zone) } => in_zone(*seconds, zone),
        _ => None,
    }
}

/// From `start` to `end` in words: the end's time of day alone where both fall on one day of
/// the reader's (`Thursday, 10 December 2026 at 10:00 – 11:00`).
pub fn event_span(start: &When, end: Option<&When>) -> String {
    let from = event_time(start);
    let Some(end) = end else { return from };
    match (instant(start), instant(end)) {
        (Some(a), Some(b)) if intl(a, &[("dateStyle", "short")]) == intl(b, &[("dateStyle", "short")]) => {
            format!("{from} – {}", intl(b, &[("timeStyle", "short")]))
        }
        // A whole day ends at the start of the next one (RFC 5545 section 3.6.1): one day is
        // just its date.
        _ if matches!((start, end), (When::Day(a), When::Day(b)) if b - a <= 86_400) => from,
        _ => format!("{from} – {}", event_time(end)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_zone_the_browser_knows_converts_on_both_sides_of_summer_time() {
        let day = |y, m, d| days_from_civil(y, m, d) * 86_400;
        // 10:00 in Berlin is 09:00 UTC in winter, 08:00 in summer.
        assert_eq!(
            in_zone(day(2026, 12, 10) + 10 * 3600, "Europe/Berlin"),
            Some(day(2026, 12, 10) + 9 * 3600)
        );
        assert_eq!(in_zone(day(2026, 7, 1) + 10 * 3600, "Europe/Berlin"), Some(day(2026, 7, 1) + 8 * 3600));
        assert_eq!(
            in_zone(day(2026, 7, 1) + 10 * 3600, "America/New_York"),
            Some(day(2026, 7, 1) + 14 * 3600)
        );
        assert_eq!(in_zone(0, "W. Europe Standard Time"), None, "not a zone the browser knows");
    }
}
