//! A tagged response completes its command (RFC 3501 section 7.1): what it yields on OK, what
//! error on NO or BAD, and the commands that continue as another one (MOVE without MOVE, the
//! CAPABILITY after a login).

use super::*;

impl ImapClient {
    /// A tagged response: the command with this tag is complete (RFC 3501 section 7.1).
    pub(super) fn complete(&mut self, tag: Tag, kind: StatusKind, code: Option<&Code<'_>>, text: String) {
        let Some(index) = self.in_flight.iter().position(|f| f.tag == tag) else {
            // A tag we never sent: nothing to complete.
            return;
        };
        let flight = self.in_flight.remove(index);
        if self.sending.as_ref().is_some_and(|s| s.tag == tag) {
            // The server answered before taking the literal (e.g. NO [TOOBIG]): the rest of the
            // command is not sent.
            self.sending = None;
        }
        if matches!(flight.collect, Collect::Idle) {
            // Ended only for its renewal (RFC 2177 section 3), with nobody else asking for the
            // connection: the same IDLE goes on, the caller hears no Done.
            let renew = self.idle_renewing
                && !self.idle_done_requested
                && self.queue.is_empty()
                && kind == StatusKind::Ok;
            self.idle_started = false;
            self.idle_done_requested = false;
            self.idle_done_sent = false;
            self.idle_renewing = false;
            self.idle_since = None;
            if renew {
                let InFlight { id, report, .. } = flight;
                self.queue.push_front(Job { id, report, work: Work::User(Command::Idle) });
                return;
            }
        }
        let InFlight { id, report, name, collect, .. } = flight;
        let result = if kind == StatusKind::Ok {
            self.succeeded(id, report, collect, code)
        } else {
            self.failed(collect, kind, name, code, text)
        };
        if let Some(result) = result {
            if report {
                self.report(id, Some(tag), result);
            } else if let Err(error) = result {
                // An internal command failing (CAPABILITY, STARTTLS) ends the set-up.
                self.fail(error);
            }
        }
        self.advance_setup();
    }

    pub(super) fn failed(
        &mut self,
        collect: Collect,
        kind: StatusKind,
        name: &'static str,
        code: Option<&Code<'_>>,
        text: String,
    ) -> Option<Result<Data, Error>> {
        if let Some(error) = self.cancelled_auth.take() {
            return Some(Err(error));
        }
        match collect {
            Collect::Select { .. } => {
                // RFC 3501 section 6.3.1: a failed SELECT leaves no mailbox selected.
                self.mailbox = None;
                self.state = SessionState::Authenticated;
            }
            Collect::StartTls => {
                // The server refused STARTTLS: with TLS required, that is the end.
                self.fail(Error::TlsRequired);
                return None;
            }
            _ => {}
        }
        let command = name.to_owned();
        let code = code.map(code_text);
        Some(Err(if kind == StatusKind::No {
            Error::No { command, text, code }
        } else {
            Error::Bad { command, text, code }
        }))
    }

    /// What a successful command yields; `None` if the command continues as another one.
    pub(super) fn succeeded(
        &mut self,
        id: CommandId,
        report: bool,
        collect: Collect,
        code: Option<&Code<'_>>,
    ) -> Option<Result<Data, Error>> {
        let data = match collect {
            Collect::Nothing | Collect::Idle => Data::None,
            Collect::Logout => {
                self.state = SessionState::Logout;
                Data::None
            }
            Collect::Close => {
                self.mailbox = None;
                self.state = SessionState::Authenticated;
                Data::None
            }
            Collect::Capability { after_auth: false } => Data::Capabilities(self.capabilities.clone()),
            Collect::Capability { after_auth: true } => Data::Authenticated(self.capabilities.clone()),
            Collect::StartTls => {
                if self.framer.has_buffered() {
                    // RFC 2595 section 3.1 / RFC 3501 section 6.2.1: anything after the
                    // go-ahead was sent before the handshake, so an attacker may have put it
                    // there.
                    self.fail(Error::StartTlsInjection);
                    return None;
                }
                self.phase = Phase::AwaitingTls;
                return None;
            }
            Collect::Login => return self.authenticated(id, report, code),
            Collect::Authenticate { mut authenticator, .. } => {
                if let Err(error) = authenticator.finish(None) {
                    // SCRAM: the server did not prove it knows the password. It may be an
                    // impostor; do not go on with it.
                    self.fail(Error::Sasl(error.clone()));
                    return Some(Err(Error::Sasl(error)));
                }
                return self.authenticated(id, report, code);
            }
            Collect::Namespace(namespaces) => Data::Namespaces(namespaces.unwrap_or_default()),
            Collect::List { mut result, .. } => {
                result.settle_roles();
                Data::List(result)
            }
            Collect::Status { status, .. } => Data::Status(status),
            Collect::Quota(roots) => Data::Quota(roots),
            Collect::Select { vanished, vanished_unreadable, changed } => {
                if let Some(m) = &mut self.mailbox
                    && matches!(code, Some(Code::ReadOnly))
                {
                    m.read_only = true;
                }
                self.state = SessionState::Selected;
                let mailbox = self.mailbox.clone().unwrap_or_default();
                Data::Selected(Box::new(SelectResult { mailbox, vanished, vanished_unreadable, changed }))
            }
            Collect::Fetch { messages, .. } => Data::Fetched(messages),
            Collect::Search(result) => Data::Searched(result),
            Collect::Sort(uids) => Data::Sorted(uids),
            Collect::Thread(Ok(threads)) => Data::Threaded(threads),
            // The session is fine; only this answer is lost (see shared/src/imap/thread.rs).
            Collect::Thread(Err(summary)) => return Some(Err(Error::Malformed { summary })),
            Collect::Store { messages, .. } => Data::Stored {
                messages,
                modified: match code {
                    Some(Code::Modified(set)) => Some(SequenceSet::from_wire(set)),
                    _ => None,
                },
            },
            Collect::Copy { then_move: None } => {
                Data::Copied { copy_uid: tagged_copy_uid(code), expunged: false }
            }
            Collect::Copy { then_move: Some(uids) } => {
                // MOVE fallback, step 2 (RFC 6851 section 3.3).
                self.queue.push_front(Job {
                    id,
                    report,
                    work: Work::MoveStore { uids, copy_uid: tagged_copy_uid(code) },
                });
                return None;
            }
            Collect::MoveStore { uids, copy_uid } => {
                if self.capabilities.uidplus() {
                    self.queue.push_front(Job { id, report, work: Work::MoveExpunge { uids, copy_uid } });
                    return None;
                }
                // Plain EXPUNGE would also remove other messages someone flagged \Deleted.
                Data::Copied { copy_uid, expunged: false }
            }
            Collect::MoveExpunge { copy_uid } => Data::Copied { copy_uid, expunged: true },
            Collect::Move { copy_uid } => {
                Data::Copied { copy_uid: copy_uid.or_else(|| tagged_copy_uid(code)), expunged: true }
            }
            Collect::Append => Data::Appended(match code {
                Some(Code::AppendUid { uid_validity, uid }) => {
                    Some(AppendUid { uidvalidity: uid_validity.get(), uid: uid.get() })
                }
                _ => None,
            }),
            Collect::Enable(list) => Data::Enabled(list),
            Collect::Id(fields) => Data::Id(fields),
        };
        Some(Ok(data))
    }

    /// After LOGIN or AUTHENTICATE: capabilities may have changed (RFC 3501 section 6.2.2,
    /// 6.2.3); ask again unless the OK carried them.
    pub(super) fn authenticated(
        &mut self,
        id: CommandId,
        report: bool,
        code: Option<&Code<'_>>,
    ) -> Option<Result<Data, Error>> {
        self.state = SessionState::Authenticated;
        if matches!(code, Some(Code::Capability(_))) {
            return Some(Ok(Data::Authenticated(self.capabilities.clone())));
        }
        self.queue.push_front(Job { id, report, work: Work::Capability { after_auth: true } });
        None
    }
}
