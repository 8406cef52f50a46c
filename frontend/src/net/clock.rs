//! The browser's clock for the engine: the engine has none (see `posthorn_proto::time`), so the
//! driver reads `performance.now()` (monotonic, milliseconds since the page loaded) and sleeps
//! with `setTimeout` until the engine's next deadline.

use std::time::Duration;

use posthorn_proto::time::{Moment, Timeouts};

/// Now, on the page's monotonic clock.
pub fn now() -> Moment {
    let millis = web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now());
    Moment::from_millis(millis.max(0.0) as u64)
}

/// Resolves after `duration` (a `setTimeout`). Dropping it early leaves the timer to fire into
/// nothing, which is harmless.
pub async fn sleep(duration: Duration) {
    // setTimeout takes a 32-bit signed delay; longer ones fire at once, so they are capped (the
    // caller looks at the clock again when it wakes).
    let millis = duration.as_millis().min(i32::MAX as u128) as i32;
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
}

/// The engine's timeouts: the defaults (`posthorn_proto::time::Timeouts`, a minute for an answer),
/// or the reply timeout in seconds from the page's `reply_timeout` query parameter (1 to 3600),
/// which lets a test or a person on a slow link choose another.
pub fn timeouts() -> Timeouts {
    let mut timeouts = Timeouts::default();
    if let Some(seconds) = query_parameter("reply_timeout").and_then(|v| v.parse::<u64>().ok())
        && (1..=3600).contains(&seconds)
    {
        timeouts.reply = Duration::from_secs(seconds);
    }
    timeouts
}

fn query_parameter(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let search = search.strip_prefix('?').unwrap_or(&search);
    search.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| value.to_owned())
    })
}
