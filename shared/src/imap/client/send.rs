//! Sending: what may go on the wire now (RFC 3501 section 5.5 on pipelining, RFC 2177 on ending
//! IDLE), the fragments of a command in flight, and the transcript of what was sent.

use super::*;

impl ImapClient {
    /// Sends what may be sent now. Returns whether anything happened.
    pub(super) fn pump(&mut self) -> bool {
        let before = (self.output.len(), self.events.len());
        loop {
            self.flush_sending();
            if self.sending.is_some() || self.fatal.is_some() {
                break;
            }
            if self.idle_running() {
                // A command waiting behind IDLE ends it, whoever enqueued it.
                let wanted = self.idle_done_requested || self.idle_renewing || !self.queue.is_empty();
                if self.idle_started && wanted && !self.idle_done_sent {
                    // RFC 2177 section 3: DONE is a bare line, no tag.
                    self.send_raw(b"DONE\r\n", b"DONE\r\n");
                    self.idle_done_sent = true;
                }
                break;
            }
            let Some(job) = self.queue.front() else { break };
            let internal = !matches!(job.work, Work::User(_));
            let allowed = match self.phase {
                Phase::Ready => true,
                Phase::Setup => internal,
                Phase::Greeting | Phase::AwaitingTls => false,
            };
            if !allowed || self.state == SessionState::Logout {
                if self.state == SessionState::Logout && self.phase == Phase::Ready && !internal {
                    let job = self.queue.pop_front().expect("front exists");
                    self.report(
                        job.id,
                        None,
                        Err(Error::WrongState {
                            command: name_of(&job.work),
                            state: SessionState::Logout.name(),
                            hint: "connect again",
                        }),
                    );
                    continue;
                }
                break;
            }
            let (barrier, kind) = classify(&job.work);
            if self.in_flight.iter().any(|f| f.barrier) {
                break;
            }
            if barrier && !self.in_flight.is_empty() {
                break;
            }
            if kind != DataKind::None
                && kind != DataKind::Status
                && self.in_flight.iter().any(|f| f.kind == kind)
                && !self.fetch_beside(&job.work)
            {
                break;
            }
            let job = self.queue.pop_front().expect("front exists");
            self.start(job, barrier, kind);
        }
        (self.output.len(), self.events.len()) != before
    }

    /// Whether `work` is a UID FETCH that may go beside the FETCHes and STOREs in flight: no
    /// message is in two of their sets, so each untagged FETCH answer has one owner, the command
    /// whose set holds its UID (untagged.rs `fetched`; RFC 3501 section 5.5). The rows of a list
    /// load this way while a large message body is on its way.
    fn fetch_beside(&self, work: &Work) -> bool {
        let Work::User(Command::Fetch { set, uid: true, .. }) = work else { return false };
        self.in_flight.iter().filter(|f| f.kind == DataKind::Fetch).all(|f| match &f.collect {
            Collect::Fetch { set: other, uid: true, .. } | Collect::Store { uids: other, .. } => {
                set.is_disjoint(other)
            }
            _ => false,
        })
    }

    pub(super) fn idle_running(&self) -> bool {
        self.in_flight.iter().any(|f| matches!(f.collect, Collect::Idle))
    }

    pub(super) fn flush_sending(&mut self) {
        while let Some(sending) = &mut self.sending {
            let Some(front) = sending.fragments.front() else {
                self.sending = None;
                break;
            };
            if front.wait_for_continuation && !sending.continued {
                break;
            }
            sending.continued = false;
            let fragment = sending.fragments.pop_front().expect("front exists");
            self.send_raw(&fragment.bytes, &fragment.display);
        }
    }

    /// Queues bytes for the wire and their transcript form.
    pub(super) fn send_raw(&mut self, bytes: &[u8], display: &[u8]) {
        self.output.extend_from_slice(bytes);
        let lines = take_lines(&mut self.client_partial, display);
        self.transcript.extend(lines.into_iter().map(Line::client));
    }

    pub(super) fn report(&mut self, id: CommandId, tag: Option<Tag>, result: Result<Data, Error>) {
        self.events.push_back(Event::Done { id, tag, result });
    }

    /// Checks a job against state and capabilities, encodes it and starts sending it.
    pub(super) fn start(&mut self, job: Job, barrier: bool, kind: DataKind) {
        let Job { id, report, work } = job;
        if let Err(error) = self.check(&work) {
            return self.report(id, None, Err(error));
        }
        // SignIn becomes AUTHENTICATE or LOGIN now that the capabilities are known, and is checked
        // again as what it became.
        let work = match work {
            Work::User(Command::SignIn { credentials, options }) => {
                let (caps, policy) = (&self.capabilities, &self.config.policy);
                match sign_in::resolve(&credentials, &options, caps, policy, self.encrypted) {
                    Ok(command) => Work::User(command),
                    Err(error) => return self.report(id, None, Err(error)),
                }
            }
            work => work,
        };
        let name = name_of(&work);
        if let Err(error) = self.check(&work) {
            self.report(id, None, Err(error));
            return;
        }
        let tag = self.tags.next_tag();
        match self.prepare(&tag, work) {
            Ok((fragments, collect)) => {
                if matches!(collect, Collect::Idle) {
                    self.idle_started = false;
                    self.idle_done_sent = false;
                }
                self.in_flight.push(InFlight { tag: tag.clone(), id, report, name, barrier, kind, collect });
                self.sending = Some(Sending { tag, fragments: fragments.into(), continued: false });
                self.flush_sending();
            }
            Err(error) => self.report(id, None, Err(error)),
        }
    }
}
