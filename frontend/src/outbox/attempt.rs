//! One attempt at one outbox item: the engine's delivery machine (posthorn_proto::outbox
//! `Delivery`) says what to do next; this file does it (search Sent, build the message, store the
//! state, submit it, file the copy) and tells the machine how it went, writing notes a person
//! reads.

use std::pin::Pin;
use std::rc::Rc;

use posthorn_proto::compose::{BuiltMessage, build};
use posthorn_proto::outbox::{Outcome, Settled, Step};

use super::item::{OutboxState, delivery_summary, online, remember_size_limit, waiting_for_network};
use super::sender::Shared;
use crate::account::{AccountSettings, IncomingProtocol};
use crate::session::filing::{self, FilingError};
use crate::session::smtp::{self, SendError};

/// One attempt at the item with this id, as [`ATTEMPT`] hands it out.
pub(super) type AttemptFn = fn(Rc<Shared>, String) -> Pin<Box<dyn Future<Output = Attempt>>>;

crate::lazy::lazy_part! {
    /// The code that sends (SMTP, the MIME builder, the look into Sent, filing the copy), fetched
    /// when the outbox first has something due (lazy.rs).
    in send: pub(super) static ATTEMPT: Part<AttemptFn> =
        |shared, id| Box::pin(async move { shared.attempt(&id).await });
}

crate::lazy::lazy_part! {
    /// The start of an account's outbox (sender.rs: its items read from the store, then its loop
    /// kicked), in the same part: nothing is sent without the code above.
    in send: pub(super) static START: Part<fn(&str, crate::account::Accounts, crate::protocol_log::ProtocolLog)> =
        |email, accounts, log| super::sender::shared(email, accounts, log).kick();
}

/// The result of one attempt, for the sender loop.
pub(super) enum Attempt {
    /// Done with this item for now (sent, failed, deferred or still uncertain).
    Next,
    /// The network or the bridge is not there: later items would not get through either.
    Offline,
    /// No password in this session: nothing can be sent until it is given.
    Locked,
}

/// What the machine learns from a submission that did not end with the server's 250.
fn outcome_of(e: &mut SendError) -> Outcome {
    let recipients = std::mem::take(&mut e.recipients);
    if e.deferred {
        Outcome::Deferred { recipients, retry_only: std::mem::take(&mut e.retry_only) }
    } else if e.transient {
        Outcome::Unreachable
    } else if e.uncertain {
        Outcome::Broken { recipients }
    } else {
        Outcome::Refused { recipients }
    }
}

impl Shared {
    fn wait_for_network(self: &Rc<Self>, id: &str) -> Attempt {
        self.update(id, |i| {
            i.delivery.wait_for_network();
            i.note = waiting_for_network();
        });
        Attempt::Offline
    }

    pub(super) async fn attempt(self: &Rc<Self>, id: &str) -> Attempt {
        let Some(item) = self.get(id) else { return Attempt::Next };
        if !online() {
            return self.wait_for_network(id);
        }
        let email = &self.email;
        let (Some(account), Some(password)) = (self.accounts.get(email), self.accounts.password(email))
        else {
            self.update(id, |i| i.note = crate::i18n::t().waiting_for_password.into());
            return Attempt::Locked;
        };
        let log = self.log;

        match item.delivery.next_step() {
            Step::Nothing => return Attempt::Next,
            Step::Send => {}
            Step::AskPerson { owed_to } => {
                self.update(id, |i| {
                    i.error = Some((crate::i18n::t().engine.err_broke_for_some)(&owed_to.join(", ")));
                    i.note.clear();
                });
                return Attempt::Next;
            }
            // A POP3 account has no Sent folder on a server: the person decides.
            Step::CheckSent if account.incoming_protocol == IncomingProtocol::Pop3 => {
                let t = crate::i18n::t();
                self.update(id, |i| {
                    i.error = Some((t.engine.err_sent_not_checked)(t.delivery.no_sent_to_check));
                    i.note.clear();
                });
                return Attempt::Next;
            }
            Step::CheckSent => {
                self.show(id, |i| i.note = crate::i18n::t().checking_sent.into());
                match filing::in_sent(&account, &password, log, id).await {
                    Ok(true) => {
                        self.update(id, |i| {
                            // Only the item searched for (not a new one put in meanwhile).
                            i.delivery.checked_sent(true);
                            if i.state() == OutboxState::Sent {
                                i.error = None;
                                i.note = crate::i18n::t().sent_already.into();
                                i.draft.attachments.clear();
                            }
                        });
                        return Attempt::Next;
                    }
                    // Recorded in memory only: after a reload, Sent is searched again.
                    Ok(false) => {
                        self.show(id, |i| i.delivery.checked_sent(false));
                    }
                    Err(_) if !online() => return self.wait_for_network(id),
                    Err(e) => {
                        self.update(id, |i| {
                            i.error = Some((crate::i18n::t().engine.err_sent_not_checked)(&e.with_reply()));
                            i.note.clear();
                        });
                        return Attempt::Next;
                    }
                }
            }
        }

        let built = match build(&item.draft) {
            Ok(mut built) if !item.delivery.owed_to().is_empty() => {
                built.envelope.to.retain(|m| item.delivery.owes(m.as_str()));
                if built.envelope.to.is_empty() {
                    // Nobody left to send to (the recipients were edited away).
                    self.update(id, |i| {
                        i.delivery.nobody_left();
                        i.note = crate::i18n::t().sent_done.into();
                    });
                    return Attempt::Next;
                }
                built
            }
            Ok(built) => built,
            Err(e) => {
                self.update(id, |i| {
                    i.delivery.fail();
                    i.error = Some(e.to_string());
                    i.note.clear();
                });
                return Attempt::Next;
            }
        };
        // Removed, edited or sent elsewhere while the Sent folder was searched: not ours to send.
        if !self.get(id).is_some_and(|i| i.state() == item.state()) {
            return Attempt::Next;
        }
        // On disk before the connection opens: if the page dies from here on, the item comes back
        // as Uncertain, never as unsent. The machine refuses an uncertain item not searched for.
        let began = self.show(id, |i| {
            let began = i.delivery.begin_sending();
            if began {
                i.error = None;
                i.note = crate::i18n::t().connecting.into();
            }
            began
        });
        if began != Some(true) {
            return Attempt::Next;
        }
        if let Err(e) = self.save().await {
            self.update(id, |i| {
                i.delivery.fail();
                i.error = Some((crate::i18n::t().engine.err_outbox_not_stored)(&e.to_string()));
                i.note.clear();
            });
            return Attempt::Next;
        }
        let outcome =
            smtp::submit(&account, &password, log, &built, |step| _ = self.show(id, |i| i.note = step)).await;
        match outcome {
            Ok(done) => {
                remember_size_limit(email, done.size_limit);
                let reply = done.reply;
                let settled = self.show(id, |i| {
                    let settled = i.delivery.settle(Outcome::Accepted { recipients: done.recipients });
                    // Who the server took it for, already while the copy is being filed.
                    let delivery = delivery_summary(i.recipients());
                    i.note = format!("{} {delivery}", (crate::i18n::t().sent_filing)(&reply))
                        .trim_end()
                        .to_owned();
                    settled
                });
                if let Some(Settled::Delivered { first, owed }) = settled {
                    self.delivered(&account, &password, id, first, owed, built).await;
                }
                Attempt::Next
            }
            Err(mut e) => {
                remember_size_limit(email, e.size_limit);
                let outcome = outcome_of(&mut e);
                match self.show(id, |i| i.delivery.settle(outcome)) {
                    // The server is up and answered; other messages may well go through, so the
                    // pass goes on, and this one waits its turn.
                    Some(Settled::Deferred) => {
                        let delay = self.scheduler.borrow_mut().deferred();
                        self.update(id, |i| {
                            i.error = None;
                            i.note = (crate::i18n::t().deferred_retry)(
                                &crate::format::duration(delay),
                                &e.message,
                            );
                        });
                        self.retry_in(delay);
                        Attempt::Next
                    }
                    Some(Settled::Offline) => {
                        self.update(id, |i| {
                            i.error = None;
                            i.note = if online() {
                                (crate::i18n::t().waiting_for_network_retry)(&e.message)
                            } else {
                                waiting_for_network()
                            };
                        });
                        Attempt::Offline
                    }
                    _ => {
                        self.update(id, |i| {
                            i.error = Some(e.message);
                            i.sign_in_refused = e.sign_in_refused;
                            i.note.clear();
                        });
                        Attempt::Next
                    }
                }
            }
        }
    }

    /// The server took the message: record it at once, file the copy in Sent the first time, and
    /// say to whom it went; if it asked to try some recipients later, back off.
    async fn delivered(
        self: &Rc<Self>,
        account: &AccountSettings,
        password: &posthorn_proto::secret::Secret,
        id: &str,
        first: bool,
        owed: Vec<String>,
        built: BuiltMessage,
    ) {
        // Right after the 250: from now on a reload shows it sent (to those who got it).
        let _ = self.save().await;
        // Filed once, when it first went out. POP3 accounts have no server folders; some servers
        // file sent mail themselves.
        let filed =
            if !first || account.server_files_sent || account.incoming_protocol == IncomingProtocol::Pop3 {
                None
            } else {
                Some(filing::file_sent(account, password, self.log, id, built.data).await)
            };
        // The message it answers or forwards is marked so, once, when it first went out.
        let origin = self.get(id).and_then(|i| i.origin).filter(|_| first);
        if let Some(origin) = origin
            && account.incoming_protocol == IncomingProtocol::Imap
            && let Err(e) = filing::mark_origin(account, password, self.log, &origin).await
        {
            web_sys::console::warn_1(&format!("The answered message was not marked: {e}").into());
        }
        let no_sent_folder = matches!(filed, Some(Err(FilingError::NoSentFolder)));
        let not_filed = matches!(&filed, Some(Err(e)) if !matches!(e, FilingError::NoSentFolder));
        let filed = match filed {
            None => crate::i18n::t().delivery.sent_plain.to_owned(),
            // The app's name for the Sent folder, as the folder list shows it.
            Some(Ok(_)) => (crate::i18n::t().delivery.sent_filed_in)(crate::i18n::t().sent),
            Some(Err(e)) => (crate::i18n::t().delivery.sent_not_filed)(&e.to_string()),
        };
        // Each part is a sentence; the note adds the full stops.
        let filed = filed.trim_end_matches('.');
        let delivery = delivery_summary(self.get(id).as_ref().map_or(&[][..], |i| i.recipients()));
        if owed.is_empty() {
            self.scheduler.borrow_mut().delivered();
            self.update(id, |i| {
                i.note = if first {
                    format!("{filed}. {delivery}")
                } else {
                    (crate::i18n::t().delivery.sent_to_rest)(&delivery)
                };
                i.no_sent_folder = no_sent_folder;
                i.not_filed = not_filed;
                // The copy in storage is no longer needed to send; keep the item small (unless it
                // waits to be filed in Sent).
                if !no_sent_folder && !not_filed {
                    i.draft.attachments.clear();
                }
            });
        } else {
            let delay = self.scheduler.borrow_mut().deferred();
            self.update(id, |i| {
                i.no_sent_folder = no_sent_folder;
                i.not_filed = not_filed;
                i.note = (crate::i18n::t().delivery.sent_some_deferred)(
                    filed,
                    &owed.join(", "),
                    &crate::format::duration(delay),
                );
            });
            self.retry_in(delay);
        }
    }
}
