//! One outbox item's delivery: its state and the transitions between states.

use serde::{Deserialize, Serialize};

use super::outcome::Outcome;
use super::recipients::{RecipientLine, deferred, merge_lines};

/// Where an outbox item stands. The names are kept on disk by the app's outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum State {
    /// Waiting to be sent.
    #[default]
    Waiting,
    /// Being sent now.
    Sending,
    /// Not sent; the person retries or edits it.
    Failed,
    /// Perhaps sent: the connection broke while the message was on its way.
    Uncertain,
    /// The server took it.
    Sent,
}

/// What the driver does next for an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Nothing: it is sent, failed, or being sent.
    Nothing,
    /// Send it (to [`Delivery::owed_to`] if that is not empty).
    Send,
    /// Search the Sent folder for its Message-ID first, and report with
    /// [`Delivery::checked_sent`].
    CheckSent,
    /// Only the person can decide: it went to the other recipients before and is in Sent since
    /// then, so Sent cannot tell whether these ones got it.
    AskPerson {
        /// The recipients for whom it is uncertain.
        owed_to: Vec<String>,
    },
}

/// What an attempt settled, for the driver's pass over the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// The server took the message (250).
    Delivered {
        /// It went out for the first time: the copy is filed in Sent now, and only now.
        first: bool,
        /// The recipients it asked to try later (4yz): the item waits for them; back off.
        owed: Vec<String>,
    },
    /// The server said "not now": back off; other items may go through, so the pass goes on.
    Deferred,
    /// The network or the bridge was not there: later items would not get through either, so
    /// the pass stops and is tried again later.
    Offline,
    /// Refused for good: the item waits for the person.
    Failed,
    /// Perhaps sent: the next pass checks the Sent folder first.
    Uncertain,
}

/// One outbox item's delivery: its state, the recipients' answers so far, and to whom it is still
/// owed. The fields change only through the transitions below, so that an item cannot be sent
/// twice by mistake: [`Delivery::begin_sending`] refuses an uncertain item whose Sent folder was
/// not searched.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Delivery {
    state: State,
    /// Each recipient's answer from the attempts so far.
    #[serde(default)]
    recipients: Vec<RecipientLine>,
    /// The server took the message for some recipients already (and it was filed in Sent then).
    #[serde(default)]
    delivered: bool,
    /// The recipients still owed the message. Empty: every recipient.
    #[serde(default)]
    owed_to: Vec<String>,
    /// The Sent folder was searched for this uncertain item and the message was not there. Not
    /// kept on disk: after a reload it is searched again.
    #[serde(skip)]
    sent_checked: bool,
    /// Held back until then (Unix time in milliseconds), so that the person can still take it
    /// back ("Undo send"); no pass takes it up before. Kept on disk: a reload keeps the hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hold_until: Option<u64>,
}

impl Delivery {
    /// A new item, waiting.
    pub fn new() -> Self {
        Self::default()
    }

    /// Where it stands.
    pub fn state(&self) -> State {
        self.state
    }

    /// Each recipient's answer from the attempts so far.
    pub fn recipients(&self) -> &[RecipientLine] {
        &self.recipients
    }

    /// Whether the server took it for some recipients already.
    pub fn delivered(&self) -> bool {
        self.delivered
    }

    /// The recipients still owed the message, when the server refused some only for now (4yz)
    /// while it took it for others or refused the rest for good; the next attempt goes to these
    /// alone, so nobody gets it twice. Empty: every recipient.
    pub fn owed_to(&self) -> &[String] {
        &self.owed_to
    }

    /// Whether `address` is among the recipients of the next attempt.
    pub fn owes(&self, address: &str) -> bool {
        self.owed_to.is_empty() || self.owed_to.iter().any(|a| a.eq_ignore_ascii_case(address))
    }

    /// A new item, waiting, held back until `until` (Unix milliseconds) for an Undo.
    pub fn held(until: u64) -> Self {
        Self { hold_until: Some(until), ..Self::default() }
    }

    /// Until when it is held back for an Undo, while it waits for its first attempt.
    pub fn held_until(&self) -> Option<u64> {
        self.hold_until.filter(|_| self.state == State::Waiting)
    }

    /// Whether a pass at `now` (Unix milliseconds) takes it up: it waits, and is not held back
    /// any more, or it is uncertain.
    pub fn is_due(&self, now: u64) -> bool {
        match self.state {
            State::Waiting => self.hold_until.is_none_or(|until| now >= until),
            State::Uncertain => true,
            _ => false,
        }
    }

    /// Lets a held item go at the next pass (*Send now*).
    pub fn release(&mut self) {
        self.hold_until = None;
    }

    /// Whether a new item with the same Message-ID may replace this one: not once it went out to
    /// anyone or while it is on its way, as the same message is never sent twice.
    pub fn may_replace(&self) -> bool {
        !self.delivered && !matches!(self.state, State::Sent | State::Sending)
    }

    /// Whether it may be taken out to be edited: as [`Self::may_replace`], since an edited copy
    /// would reach those who got it a second time.
    pub fn may_take(&self) -> bool {
        self.may_replace()
    }

    /// Whether it may be removed: not while it is being sent.
    pub fn may_remove(&self) -> bool {
        self.state != State::Sending
    }

    /// Read back from disk: an item found `Sending` was on its way when the page closed, so it is
    /// uncertain now. Returns whether that was so.
    pub fn resume(&mut self) -> bool {
        self.sent_checked = false;
        if self.state != State::Sending {
            return false;
        }
        self.state = State::Uncertain;
        true
    }

    /// What to do next.
    pub fn next_step(&self) -> Step {
        match self.state {
            State::Waiting => Step::Send,
            State::Uncertain if self.delivered => Step::AskPerson { owed_to: self.owed_to.clone() },
            State::Uncertain if self.sent_checked => Step::Send,
            State::Uncertain => Step::CheckSent,
            State::Sending | State::Sent | State::Failed => Step::Nothing,
        }
    }

    /// The Sent folder was searched for the Message-ID of this uncertain item: found, it was sent
    /// and is `Sent`; not found, the next step is [`Step::Send`].
    pub fn checked_sent(&mut self, found: bool) -> Step {
        if self.state != State::Uncertain {
            return Step::Nothing;
        }
        if found {
            self.state = State::Sent;
        } else {
            self.sent_checked = true;
        }
        self.next_step()
    }

    /// The person says an uncertain item did not arrive: it goes without a look in Sent.
    pub fn send_anyway(&mut self) -> bool {
        self.transition(State::Uncertain, State::Waiting)
    }

    /// The person retries a failed item: it waits in its place in the queue.
    pub fn retry(&mut self) -> bool {
        self.transition(State::Failed, State::Waiting)
    }

    /// Neither the network nor the bridge is there: it waits (an uncertain item stays uncertain).
    pub fn wait_for_network(&mut self) {
        if self.state != State::Uncertain {
            self.state = State::Waiting;
        }
    }

    /// Nobody is left to send to (the recipients owed it were edited away): it is done.
    pub fn nobody_left(&mut self) {
        self.state = State::Sent;
        self.owed_to.clear();
    }

    /// The message could not be built or its state not stored: not sent, for the person to see.
    pub fn fail(&mut self) {
        self.state = State::Failed;
    }

    /// About to connect: `Sending`, to be written to disk before the connection opens. Refused
    /// (returns false, nothing changes) unless [`Self::next_step`] is [`Step::Send`].
    pub fn begin_sending(&mut self) -> bool {
        if self.next_step() != Step::Send {
            return false;
        }
        self.state = State::Sending;
        self.sent_checked = false;
        self.hold_until = None;
        if self.owed_to.is_empty() {
            self.recipients.clear();
        }
        true
    }

    /// The attempt ended with `outcome`.
    pub fn settle(&mut self, outcome: Outcome) -> Settled {
        match outcome {
            Outcome::Accepted { recipients } => {
                let owed = deferred(&recipients);
                let first = !self.delivered;
                self.state = if owed.is_empty() { State::Sent } else { State::Waiting };
                self.delivered = true;
                self.recipients = merge_lines(&self.recipients, recipients);
                self.owed_to = owed.clone();
                Settled::Delivered { first, owed }
            }
            Outcome::Deferred { recipients, retry_only } => {
                self.state = State::Waiting;
                self.recipients = merge_lines(&self.recipients, recipients);
                if !retry_only.is_empty() {
                    self.owed_to = retry_only;
                }
                Settled::Deferred
            }
            Outcome::Unreachable => {
                self.state = State::Waiting;
                Settled::Offline
            }
            Outcome::Refused { recipients } => {
                self.state = State::Failed;
                self.recipients = merge_lines(&self.recipients, recipients);
                Settled::Failed
            }
            Outcome::Broken { recipients } => {
                self.state = State::Uncertain;
                self.recipients = merge_lines(&self.recipients, recipients);
                Settled::Uncertain
            }
        }
    }

    fn transition(&mut self, from: State, to: State) -> bool {
        if self.state != from {
            return false;
        }
        self.state = to;
        true
    }
}
