//! Time as the driver tells it: the engine has no clock (it builds for wasm32, where
//! `std::time::Instant::now` panics, and the tests inject theirs), so every client is told the
//! time and says when it next needs to be told again.
//!
//! The contract, as in quinn-proto: whenever the driver acts (bytes read, a command queued, a
//! timer fired), it first calls [`Client::handle_timeout`](crate::engine::Client::handle_timeout)
//! with the current [`Moment`], then feeds input and loops on `next`; afterwards it arms one
//! timer for [`Client::next_deadline`](crate::engine::Client::next_deadline), if any. A client that
//! is never told the time never times out (the behaviour before time came in).

use core::time::Duration;

/// A moment on the driver's monotonic clock, in milliseconds since an epoch the driver chooses
/// (the page's `performance.now()` origin in the browser, the start of a test natively). Only
/// differences between moments of one clock mean anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Moment(u64);

impl Moment {
    /// The moment `millis` milliseconds after the clock's epoch.
    pub const fn from_millis(millis: u64) -> Self {
        Self(millis)
    }

    /// Milliseconds since the clock's epoch.
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// This moment plus `duration`, saturating at the end of time.
    pub fn saturating_add(self, duration: Duration) -> Self {
        let millis = u64::try_from(duration.as_millis()).unwrap_or(u64::MAX);
        Self(self.0.saturating_add(millis))
    }

    /// How long after `earlier` this moment is (zero if it is not later).
    pub fn saturating_duration_since(self, earlier: Moment) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0))
    }
}

/// How long a client waits for the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// How long the server may stay silent while the client waits for its answer (a greeting, a
    /// reply, the rest of a response). Any byte from the server restarts the wait, so a large
    /// download on a slow link is not cut off; a server that says nothing for this long is taken
    /// for gone and the connection must be replaced.
    pub reply: Duration,
    /// When a running IMAP IDLE is ended with DONE and started again. RFC 2177 section 3: a
    /// server may log out a client idle for 30 minutes, so clients re-issue IDLE at least every
    /// 29 minutes.
    pub idle_renewal: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self { reply: Duration::from_secs(60), idle_renewal: Duration::from_secs(28 * 60) }
    }
}

/// A client's watch on server silence: the last time it was told, and since when it has been
/// waiting for the server without hearing from it.
#[derive(Debug, Clone, Default)]
pub(crate) struct SilenceWatch {
    now: Option<Moment>,
    since: Option<Moment>,
}

impl SilenceWatch {
    /// The driver's latest time, if it ever gave one.
    pub(crate) fn now(&self) -> Option<Moment> {
        self.now
    }

    /// The driver says the time; `waiting` is whether the client now waits for the server. The
    /// wait starts at the first moment it is known to be waiting and ends when it no longer is.
    pub(crate) fn tick(&mut self, now: Moment, waiting: bool) {
        self.now = Some(now);
        if !waiting {
            self.since = None;
        } else if self.since.is_none() {
            self.since = Some(now);
        }
    }

    /// Bytes went to or came from the server: the silence, if any, starts again now.
    pub(crate) fn activity(&mut self) {
        if self.now.is_some() {
            self.since = self.now;
        }
    }

    /// When the wait runs out, if the client is waiting and has been told the time.
    pub(crate) fn deadline(&self, waiting: bool, limit: Duration) -> Option<Moment> {
        if !waiting {
            return None;
        }
        Some(self.since.or(self.now)?.saturating_add(limit))
    }

    /// Whether the wait has run out at the last time told.
    pub(crate) fn expired(&self, waiting: bool, limit: Duration) -> bool {
        match (self.deadline(waiting, limit), self.now) {
            (Some(deadline), Some(now)) => now >= deadline,
            _ => false,
        }
    }

    /// The driver says the time while the client waits for `waiting` (the step's name, or `None`
    /// when it waits for nothing): the step the server left unanswered for `limit`, if it did.
    /// All three clients end their session on it, each with its own error type.
    pub(crate) fn overdue(
        &mut self,
        now: Moment,
        waiting: Option<&'static str>,
        limit: Duration,
    ) -> Option<Overdue> {
        self.tick(now, waiting.is_some());
        let step = waiting?;
        self.expired(true, limit).then(|| Overdue { step: step.to_owned(), seconds: limit.as_secs() })
    }
}

/// A step the server did not answer in time: its name and the wait, for the clients' `Timeout`
/// errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Overdue {
    pub(crate) step: String,
    pub(crate) seconds: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_starts_when_waiting_is_first_known_and_bytes_restart_it() {
        let limit = Duration::from_secs(60);
        let mut watch = SilenceWatch::default();
        assert_eq!(watch.deadline(true, limit), None, "no time told, no deadline");
        watch.tick(Moment::from_millis(1_000), false);
        assert_eq!(watch.deadline(false, limit), None);
        watch.tick(Moment::from_millis(2_000), true);
        assert_eq!(watch.deadline(true, limit), Some(Moment::from_millis(62_000)));
        watch.tick(Moment::from_millis(30_000), true);
        watch.activity();
        assert_eq!(watch.deadline(true, limit), Some(Moment::from_millis(90_000)));
        watch.tick(Moment::from_millis(89_999), true);
        assert!(!watch.expired(true, limit));
        watch.tick(Moment::from_millis(90_000), true);
        assert!(watch.expired(true, limit));
    }

    #[test]
    fn a_step_is_overdue_only_while_waited_for_past_the_limit() {
        let limit = Duration::from_secs(10);
        let mut watch = SilenceWatch::default();
        assert_eq!(watch.overdue(Moment::from_millis(0), None, limit), None);
        assert_eq!(watch.overdue(Moment::from_millis(1_000), Some("NOOP"), limit), None);
        assert_eq!(watch.overdue(Moment::from_millis(10_999), Some("NOOP"), limit), None);
        assert_eq!(
            watch.overdue(Moment::from_millis(11_000), Some("NOOP"), limit),
            Some(Overdue { step: "NOOP".to_owned(), seconds: 10 })
        );
        // Answered in between: the next wait starts afresh.
        assert_eq!(watch.overdue(Moment::from_millis(12_000), None, limit), None);
        assert_eq!(watch.overdue(Moment::from_millis(13_000), Some("QUIT"), limit), None);
    }

    #[test]
    fn moments_saturate() {
        let end = Moment::from_millis(u64::MAX - 1);
        assert_eq!(end.saturating_add(Duration::from_secs(5)).as_millis(), u64::MAX);
        assert_eq!(Moment::from_millis(5).saturating_duration_since(end), Duration::ZERO);
    }
}
