//! Time: how long the server may stay silent while the client waits for it, and the renewal of a
//! long IDLE (RFC 2177 section 3). The driver tells the time (see [`crate::time`]); nothing here
//! reads a clock.

use super::*;

impl ImapClient {
    /// What the client waits for the server to say, if anything: the greeting, or the completion
    /// of the oldest command in flight. A running IDLE waits for nothing (the server speaks when
    /// it has news) until DONE is sent.
    pub(super) fn waiting_for(&self) -> Option<&'static str> {
        if self.fatal.is_some() || self.phase == Phase::AwaitingTls {
            return None;
        }
        if self.phase == Phase::Greeting {
            return Some("the greeting");
        }
        let idle_quiet = self.idle_started && !self.idle_done_sent;
        self.in_flight.iter().find(|f| !(matches!(f.collect, Collect::Idle) && idle_quiet)).map(|f| f.name)
    }

    /// When the running IDLE is to be renewed, if one runs and the time is known.
    fn idle_renewal_at(&self) -> Option<Moment> {
        if !self.idle_started || self.idle_done_sent || self.idle_done_requested || self.idle_renewing {
            return None;
        }
        Some(self.idle_since?.saturating_add(self.config.timeouts.idle_renewal))
    }

    pub(super) fn deadline(&self) -> Option<Moment> {
        let reply = self.watch.deadline(self.waiting_for().is_some(), self.config.timeouts.reply);
        match (reply, self.idle_renewal_at()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The driver says the time: a silent server ends the session; an IDLE that has run long
    /// enough is ended with DONE, to be started again when the server confirms.
    pub(super) fn tick(&mut self, now: Moment) {
        if let Some(overdue) = self.watch.overdue(now, self.waiting_for(), self.config.timeouts.reply) {
            // The session cannot go on: the command may or may not have been carried out, and
            // the next response would be attributed to whatever is in flight.
            self.state = SessionState::Logout;
            self.fail(Error::Timeout { step: overdue.step, seconds: overdue.seconds });
            return;
        }
        if self.idle_renewal_at().is_some_and(|at| now >= at) {
            self.idle_renewing = true;
        }
    }

    /// The IDLE `+` came: the renewal clock starts.
    pub(super) fn idle_confirmed(&mut self) {
        self.idle_since = self.watch.now();
    }
}
