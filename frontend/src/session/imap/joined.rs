//! Commands that join one running on the session. IMAP lets a client send commands without
//! waiting for the completion of those before (RFC 3501 section 5.5; the engine holds back any
//! that must not overlap), so a request for the open folder that comes while another one waits
//! for the session or runs on it is sent beside it rather than after its completion: the rows
//! the list asks for while a message body loads, the body of a message opened while rows load.
//!
//! The runner ([`ImapSession::run_joined`]) owns the session for its turn and takes the joiners
//! of its folder opening ("generation", mail_state.rs); a joiner it did not take in time goes
//! back to waiting for a turn of its own.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::poll_fn;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Poll, Waker};

use futures_util::future::{Either, select};
use posthorn_proto::imap::{Command, CommandId, Data, Event};

use super::{ImapSession, explain};
use crate::session::MailError;

/// What a joined command came to: its result, and whether the session broke.
type Outcome = Option<(Result<Data, MailError>, bool)>;

/// A joiner's answer, filled in by the runner.
#[derive(Default)]
struct Answer {
    /// `Some` once answered; an answer of `None` sends the joiner back to wait for a turn.
    outcome: RefCell<Option<Outcome>>,
    waker: RefCell<Option<Waker>>,
}

impl Answer {
    fn give(&self, outcome: Outcome) {
        *self.outcome.borrow_mut() = Some(outcome);
        if let Some(waker) = self.waker.borrow_mut().take() {
            waker.wake();
        }
    }
}

/// The commands waiting to join the running one, and which folder opening it runs for.
#[derive(Default)]
pub struct Joiners {
    open_for: Cell<Option<u64>>,
    waiting: RefCell<Vec<(Command, Rc<Answer>)>>,
    waker: RefCell<Option<Waker>>,
}

impl Joiners {
    /// Sends `command` with the command running for folder opening `generation`, if one is;
    /// `None` when none is (or it ended before taking this one): the caller takes a turn. Else
    /// the command's result, and whether the session broke under it.
    pub async fn join(&self, generation: u64, command: Command) -> Outcome {
        if self.open_for.get() != Some(generation) {
            return None;
        }
        let answer = Rc::new(Answer::default());
        self.waiting.borrow_mut().push((command, answer.clone()));
        if let Some(waker) = self.waker.borrow_mut().take() {
            waker.wake();
        }
        poll_fn(|cx| match answer.outcome.borrow_mut().take() {
            Some(outcome) => Poll::Ready(outcome),
            None => {
                *answer.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        })
        .await
    }

    /// A runner for folder opening `generation` is on its way: joiners may come from now on.
    pub fn open(&self, generation: u64) -> bool {
        if self.open_for.get().is_some() {
            return false;
        }
        self.open_for.set(Some(generation));
        true
    }

    /// The runner is done: a joiner it did not take waits for a turn of its own.
    pub fn close(&self) {
        self.open_for.set(None);
        for (_, answer) in self.waiting.borrow_mut().drain(..) {
            answer.give(None);
        }
    }

    fn take(&self) -> Vec<(Command, Rc<Answer>)> {
        std::mem::take(&mut *self.waiting.borrow_mut())
    }

    /// Ready once a joiner waits.
    async fn arrival(&self) {
        poll_fn(|cx| {
            if self.waiting.borrow().is_empty() {
                *self.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            } else {
                Poll::Ready(())
            }
        })
        .await
    }
}

/// The joined commands on the wire and their answers; a runner dropped before their completion
/// sends them back to wait for a turn of their own (their results, when they come, are not
/// anyone's).
#[derive(Default)]
struct Joined(HashMap<CommandId, Rc<Answer>>);

impl Drop for Joined {
    fn drop(&mut self) {
        for (_, answer) in self.0.drain() {
            answer.give(None);
        }
    }
}

/// Closes the joiners when the runner is done, or dropped before it is.
pub struct Closing<'a>(pub &'a Joiners);

impl Drop for Closing<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

impl ImapSession {
    /// Runs `command` to its completion, and with it every command that joins meanwhile
    /// ([`Joiners::join`]), each sent as it comes; returns once all are answered.
    pub async fn run_joined(&mut self, command: Command, joiners: &Joiners) -> Result<Data, MailError> {
        let own = self.enqueue(command);
        let mut own_result = None;
        let mut joined = Joined::default();
        loop {
            for (command, answer) in joiners.take() {
                joined.0.insert(self.enqueue(command), answer);
            }
            if let Some(result) = own_result.take_if(|_| joined.0.is_empty()) {
                return result;
            }
            let event = match select(pin!(self.next_event()), pin!(joiners.arrival())).await {
                Either::Left((event, _)) => event,
                // Sent with the next turn of the loop; what the server said so far stays read.
                Either::Right(((), _)) => continue,
            };
            match event {
                Ok(Event::Done { id, result, .. }) if id == own => own_result = Some(result.map_err(explain)),
                Ok(Event::Done { id, result, .. }) => {
                    if let Some(answer) = joined.0.remove(&id) {
                        answer.give(Some((result.map_err(explain), false)));
                    }
                }
                Ok(other) => self.note(other),
                Err(error) => {
                    let broken = !self.is_usable();
                    for (_, answer) in joined.0.drain() {
                        answer.give(Some((Err(error.clone()), broken)));
                    }
                    return Err(error);
                }
            }
        }
    }
}
