//! The Date header (RFC 5322 section 3.3) from a time the caller supplies.

use serde::{Deserialize, Serialize};

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A point in time with the writer's UTC offset. The engine reads no clock: the driver passes
/// `Date.now()` and `getTimezoneOffset()` in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageDate {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub unix_seconds: i64,
    /// Local time minus UTC in minutes (east positive; JavaScript's `getTimezoneOffset()` negated).
    pub offset_minutes: i16,
}

impl MessageDate {
    /// `YYYY-MM-DD HH:MM` in the date's own offset, for lists and headers on screen.
    pub fn to_display(&self) -> String {
        let local = self.unix_seconds + i64::from(self.offset_minutes.clamp(-1439, 1439)) * 60;
        let (year, month, day) = civil_from_days(local.div_euclid(86_400));
        let secs = local.rem_euclid(86_400);
        format!("{year:04}-{month:02}-{day:02} {:02}:{:02}", secs / 3600, secs / 60 % 60)
    }

    /// `date-time` as RFC 5322 section 3.3 writes it, in the writer's local time:
    /// `Tue, 14 Nov 2023 23:13:20 +0100`.
    pub fn to_rfc5322(&self) -> String {
        let offset = i64::from(self.offset_minutes.clamp(-1439, 1439));
        let local = self.unix_seconds + offset * 60;
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let sign = if offset < 0 { '-' } else { '+' };
        format!(
            "{}, {} {} {:04} {:02}:{:02}:{:02} {}{:02}{:02}",
            DAYS[days.rem_euclid(7) as usize],
            day,
            MONTHS[(month - 1) as usize],
            year,
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            sign,
            offset.abs() / 60,
            offset.abs() % 60
        )
    }
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to (year, month, day).
pub(super) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    // On wasm32 the tests run in the browser through wasm-bindgen-test (the crate's
    // `run_in_browser` configuration is in message.rs).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn formats_with_the_offset() {
        let d = MessageDate { unix_seconds: 1_700_000_000, offset_minutes: 60 };
        assert_eq!(d.to_rfc5322(), "Tue, 14 Nov 2023 23:13:20 +0100");
        let d = MessageDate { unix_seconds: 1_700_000_000, offset_minutes: -330 };
        assert_eq!(d.to_rfc5322(), "Tue, 14 Nov 2023 16:43:20 -0530");
        let d = MessageDate { unix_seconds: 0, offset_minutes: 0 };
        assert_eq!(d.to_rfc5322(), "Thu, 1 Jan 1970 00:00:00 +0000");
        let d = MessageDate { unix_seconds: 951_782_400, offset_minutes: 0 };
        assert_eq!(d.to_rfc5322(), "Tue, 29 Feb 2000 00:00:00 +0000");
    }
}
