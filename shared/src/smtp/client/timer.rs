//! Time: how long the server may stay silent while the client waits for a reply (RFC 5321
//! section 4.5.3.2 gives per-command server timeouts of minutes; a client waiting longer than
//! its own limit gives the connection up). The driver tells the time (see [`crate::time`]).

use super::{Error, Expect, Phase, SmtpClient};
use crate::time::Moment;

impl SmtpClient {
    /// What the client waits for the server to answer, if anything.
    pub(super) fn waiting_for(&self) -> Option<&'static str> {
        if self.failed.is_some() {
            return None;
        }
        Some(match &self.phase {
            Phase::Greeting => "the greeting",
            Phase::Ehlo => "EHLO",
            Phase::Helo => "HELO",
            Phase::StartTls => "STARTTLS",
            Phase::Auth(_) => "AUTH",
            Phase::Transaction(tx) => match tx.expect.front() {
                Some(Expect::Mail) => "MAIL FROM",
                Some(Expect::Rcpt(_)) => "RCPT TO",
                Some(Expect::Data) => "DATA",
                Some(Expect::EndOfData) => "the end of the message data",
                Some(Expect::Rset) => "RSET",
                None => "the message",
            },
            Phase::Noop(_) => "NOOP",
            Phase::Rset(_) => "RSET",
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
