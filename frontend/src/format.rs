//! Small display helpers.

/// `YYYY-MM-DD HH:MM` for a Unix time shown at the given offset from UTC (minutes).
pub fn date_time(unix: i64, offset_minutes: i32) -> String {
    let offset_minutes = offset_minutes.clamp(-1439, 1439) as i16;
    posthorn_proto::compose::MessageDate { unix_seconds: unix, offset_minutes }.to_display()
}

/// A byte count as people read it: `512 B`, `4.2 KB`, `1.3 MB`.
pub fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => tenths(bytes, 100, "KB"),
        _ => tenths(bytes, 100_000, "MB"),
    }
}

/// A wait as people say it: `30 seconds`, `1 minute`, `16 minutes`.
pub fn duration(d: std::time::Duration) -> String {
    let (n, unit) = match d.as_secs() {
        s if s < 60 => (s, "second"),
        s => (s / 60, "minute"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// `bytes / (unit * 10)` with one decimal, rounded half up, in integer arithmetic: formatting an
/// `f64` would link the float formatter into the wasm (about 20 KB) for this one use.
fn tenths(bytes: u64, unit: u64, name: &str) -> String {
    let tenths = bytes.saturating_add(unit / 2) / unit;
    format!("{}.{} {name}", tenths / 10, tenths % 10)
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
}
