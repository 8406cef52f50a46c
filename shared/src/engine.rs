//! The contract between a sans-IO protocol client and its driver.
//!
//! A driver owns the transport (a TCP/TLS stream on the host, a bridge WebSocket in the browser). It
//! loops: call [`Client::next`]; on [`Io::Output`] write the bytes; on [`Io::NeedMoreInput`] read and
//! call [`Client::enqueue_input`]; on [`Io::StartTls`] upgrade the transport and call
//! [`Client::tls_established`]; hand every event to the caller. The same loop serves every protocol.
//!
//! Time comes in the same way (see [`crate::time`]): before acting, the driver tells the client the
//! time with [`Client::handle_timeout`]; while it waits for input it also waits for
//! [`Client::next_deadline`], and when that passes it calls `handle_timeout` and `next` again.

use std::collections::VecDeque;

use crate::time::{Moment, SilenceWatch};
use crate::transcript::Line;

/// Something only the driver can do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Io {
    /// Read from the transport and pass the bytes to [`Client::enqueue_input`].
    NeedMoreInput,
    /// Write these bytes to the transport, in order, before calling `next` again.
    Output(Vec<u8>),
    /// Upgrade the transport to TLS now. Nothing may be written until the upgrade is complete; any
    /// bytes the server sent after its go-ahead are already an error inside the client.
    StartTls,
}

/// Why [`Client::next`] returned without an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Interrupt<E> {
    /// The driver has to act.
    Io(Io),
    /// The session cannot go on.
    Error(E),
}

/// A sans-IO protocol client driven by bytes.
pub trait Client {
    /// What the client reports to its caller.
    type Event;
    /// Why a session ends with an error.
    type Error;

    /// Feeds bytes read from the transport. A read is not a message: the client frames itself.
    fn enqueue_input(&mut self, bytes: &[u8]);

    /// Advances the state machine.
    fn next(&mut self) -> Result<Self::Event, Interrupt<Self::Error>>;

    /// Tells the client that the TLS upgrade it asked for with [`Io::StartTls`] is complete.
    fn tls_established(&mut self);

    /// Takes the transcript lines produced since the last call (secrets already redacted); the
    /// driver stamps them with the connection id and the time.
    fn drain_transcript(&mut self) -> Vec<Line>;

    /// Tells the client the time. Call it whenever the driver acts (before
    /// [`Client::enqueue_input`] and [`Client::next`]) and when [`Client::next_deadline`] has
    /// passed. A server silent for longer than the client's reply timeout while it waits for an
    /// answer ends the session with a timeout error from the next call to `next`; the connection
    /// is then to be replaced.
    fn handle_timeout(&mut self, now: Moment);

    /// When the client next needs [`Client::handle_timeout`] even if nothing else happens;
    /// `None` while it waits for nothing (or was never told the time).
    fn next_deadline(&self) -> Option<Moment>;
}

/// What the POP3, SMTP and ManageSieve clients hand out from [`Client::next`] before they look at
/// their state: a queued event first, then the bytes to write (the server's silence starts again),
/// then the error that ended the session. `None` when there is none of these.
pub(crate) fn pending<Event, Error: Clone>(
    events: &mut VecDeque<Event>,
    outbox: &mut Vec<u8>,
    failed: &Option<Error>,
    watch: &mut SilenceWatch,
) -> Option<Result<Event, Interrupt<Error>>> {
    if let Some(event) = events.pop_front() {
        return Some(Ok(event));
    }
    if !outbox.is_empty() {
        watch.activity();
        return Some(Err(Interrupt::Io(Io::Output(std::mem::take(outbox)))));
    }
    failed.as_ref().map(|error| Err(Interrupt::Error(error.clone())))
}
