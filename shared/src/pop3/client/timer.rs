//! Time: how long the server may stay silent while the client waits for a response (RFC 1939
//! section 3 lets a server drop an idle client after ten minutes; a client waiting longer than its
//! own limit gives the connection up). The driver tells the time (see [`crate::time`]).

use super::{Error, Phase, Pop3Client};
use crate::time::Moment;

impl Pop3Client {
    /// What the client waits for the server to answer, if anything.
    pub(super) fn waiting_for(&self) -> Option<&'static str> {
        if self.failed.is_some() {
            return None;
        }
        Some(match &self.phase {
            Phase::Greeting => "the greeting",
            Phase::Capa | Phase::CapaLines(_) => "CAPA",
            Phase::Stls => "STLS",
            Phase::User(_) => "USER",
            Phase::Pass => "PASS",
            Phase::Apop => "APOP",
            Phase::Auth { .. } => "AUTH",
            Phase::Command(_, request) | Phase::Block { request, .. } => request.command().keyword(),
            Phase::Quit(_) => "QUIT",
            Phase::Idle | Phase::TlsHandshake | Phase::Closed => return None,
        })
    }

    /// The driver says the time: a server silent for too long ends the session.
    pub(super) fn tick(&mut self, now: Moment) {
        if let Some(overdue) = self.watch.overdue(now, self.waiting_for(), self.config.timeouts.reply) {
            self.fail(Error::Timeout { step: overdue.step, seconds: overdue.seconds });
        }
    }
}
