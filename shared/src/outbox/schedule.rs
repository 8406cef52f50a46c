//! When the outbox makes a pass over its queue: one pass at a time, another when asked during
//! one, and timed retries that back off while the server keeps saying "not now".

use core::time::Duration;

use super::delivery::Delivery;
use crate::time::Moment;

/// A pass is tried again after this long when the network is there but the bridge was not
/// (there is no `online` event to wait for then).
pub const RETRY_AFTER: Duration = Duration::from_secs(15);

/// The first wait after the server answered "try again later" (4yz), doubled after each further
/// such answer up to [`DEFERRED_MAX`]: greylisting lets a sender through after a minute or a few,
/// and a server that is full or shutting down wants fewer attempts, not more.
pub const DEFERRED_FIRST: Duration = Duration::from_secs(30);
/// The longest wait between attempts while the server keeps deferring.
pub const DEFERRED_MAX: Duration = Duration::from_secs(16 * 60);

/// One account's sender: whether a pass runs, whether another is owed, the timed retry, and the
/// backoff. The driver has one per account, so at most one pass runs at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scheduler {
    running: bool,
    again: bool,
    retry_at: Option<Moment>,
    deferrals: u32,
}

impl Scheduler {
    /// A sender with nothing running.
    pub fn new() -> Self {
        Self::default()
    }

    /// Something may be sendable now (start, a password given, back online, a new item). Returns
    /// true when the driver is to start the pass loop; false when a running one makes one more
    /// pass instead.
    pub fn kick(&mut self) -> bool {
        if self.running {
            self.again = true;
            return false;
        }
        self.running = true;
        true
    }

    /// The loop starts a pass.
    pub fn pass_started(&mut self) {
        self.again = false;
    }

    /// A pass ended. Returns true when the loop makes another (someone asked during it); false
    /// when the loop stops.
    pub fn pass_ended(&mut self) -> bool {
        if self.again {
            return true;
        }
        self.running = false;
        false
    }

    /// Whether a pass loop runs.
    pub fn running(&self) -> bool {
        self.running
    }

    /// Another pass is wanted `delay` after `now`. Returns the moment to arm a timer for, or None
    /// when a retry is armed already or the browser is offline (its `online` event will kick).
    pub fn retry_in(&mut self, now: Moment, delay: Duration, online: bool) -> Option<Moment> {
        if !online || self.retry_at.is_some() {
            return None;
        }
        let at = now.saturating_add(delay);
        self.retry_at = Some(at);
        Some(at)
    }

    /// When the armed retry is due, if one is.
    pub fn retry_at(&self) -> Option<Moment> {
        self.retry_at
    }

    /// The retry timer fired: as [`Self::kick`].
    pub fn retry_due(&mut self) -> bool {
        self.retry_at = None;
        self.kick()
    }

    /// The server said "try again later" once more: how long to wait, doubling from
    /// [`DEFERRED_FIRST`] up to [`DEFERRED_MAX`].
    pub fn deferred(&mut self) -> Duration {
        let n = self.deferrals;
        self.deferrals = n.saturating_add(1);
        DEFERRED_FIRST.saturating_mul(1 << n.min(10)).min(DEFERRED_MAX)
    }

    /// A message went out to all it was owed to: the next "not now" waits the shortest again.
    pub fn delivered(&mut self) {
        self.deferrals = 0;
    }
}

/// One pass over the queue: every due item once, oldest first, each tried at most once (an item
/// that stays due, deferred or uncertain, waits for the next pass).
#[derive(Debug, Clone, Default)]
pub struct Pass {
    tried: Vec<String>,
}

impl Pass {
    /// A pass that tried nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of the next item to try at `now` (Unix milliseconds), from the queue in order
    /// (`(id, delivery)`), marked as tried; None when the pass is over.
    pub fn next<'a>(
        &mut self,
        queue: impl IntoIterator<Item = (&'a str, &'a Delivery)>,
        now: u64,
    ) -> Option<String> {
        let id = queue
            .into_iter()
            .find(|(id, delivery)| delivery.is_due(now) && !self.tried.iter().any(|t| t == id))
            .map(|(id, _)| id.to_owned())?;
        self.tried.push(id.clone());
        Some(id)
    }
}
