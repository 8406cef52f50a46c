//! Receiving: framed responses decoded and dispatched, the greeting and the set-up that follows
//! it (RFC 3501 section 7.1, 6.2.1), continuation requests (section 7.5).

use super::*;

impl ImapClient {
    pub(super) fn record_frame(&mut self, frame: &Frame) {
        let mut display = Vec::new();
        for piece in &frame.pieces {
            let bytes = frame.piece(piece);
            match piece {
                Piece::Line(_) => display.extend_from_slice(bytes),
                Piece::Literal(_) => {
                    display.extend(literal_display(bytes, self.config.transcript_literal_limit))
                }
            }
        }
        let mut partial = Vec::new();
        let mut lines = take_lines(&mut partial, &display);
        if !partial.is_empty() {
            lines.push(transcript::printable(&partial));
        }
        self.transcript.extend(lines.into_iter().map(Line::server));
    }

    pub(super) fn handle_frame(&mut self, frame: Frame) {
        self.record_frame(&frame);
        if self.phase == Phase::Greeting {
            self.handle_greeting(&frame.bytes);
            return;
        }
        if frame.bytes.starts_with(b"+") {
            self.handle_continuation(&frame.bytes);
            return;
        }
        if is_untagged_thread(&frame.bytes) {
            // Read here, not by imap-codec: see shared/src/imap/thread.rs.
            self.threaded(&frame.bytes);
            return;
        }
        // imap-codec cannot read RFC 8970's PREVIEW item: it is taken out first.
        let taken = preview::take(&frame.bytes);
        let bytes = taken.as_ref().map_or(&frame.bytes[..], |t| &t.rest[..]);
        let preview = taken.as_ref().map(|t| t.preview.clone());
        // A status response whose text is UTF-8 is read with that text made ASCII, and its text
        // taken from the line as sent (shared/src/imap/status_text.rs).
        let ascii = status_text::ascii_status(bytes);
        fn decode(b: &[u8]) -> Option<Response<'_>> {
            match ResponseCodec::default().decode(b) {
                Ok(([], response)) => Some(response),
                _ => None,
            }
        }
        // A STATUS with a 0 where a non-zero number belongs is read without that item
        // (shared/src/imap/status.rs).
        let mut decoded = decode(bytes).or_else(|| ascii.as_deref().and_then(decode));
        let zero_free = if decoded.is_none() { status::without_zero_ids(bytes) } else { None };
        if let Some(b) = &zero_free {
            decoded = decode(b);
        }
        let text_of = |parsed: String| match &ascii {
            Some(a) => status_text::original_text(bytes, a, &parsed),
            _ => parsed,
        };
        let response = match decoded {
            Some(response) => response,
            None => {
                if is_ignorable_untagged(&frame.bytes) {
                    // An extension response this client never asked for (RFC 3501 section
                    // 7: a client must cope with unknown untagged data): skip it, it is framed.
                    return;
                }
                if is_untagged_vanished(&frame.bytes) {
                    // A VANISHED whose UID set does not parse (iCloud sends such, see
                    // shared/tests/quirks_icloud.rs): the session is fine, only that list of
                    // expunges is lost, so say so and let the caller diff UIDs instead.
                    self.vanished_unreadable();
                    return;
                }
                self.fail(Error::Malformed { summary: summarise(&frame.bytes) });
                return;
            }
        };
        match response {
            Response::CommandContinuationRequest(_) => self.handle_continuation(&frame.bytes),
            Response::Data(data) => self.handle_data(data, preview),
            Response::Status(Status::Untagged(body)) => {
                let text = text_of(body.text.to_string());
                self.handle_code(body.code.as_ref(), &text, true);
            }
            Response::Status(Status::Bye(bye)) => {
                let text = text_of(bye.text.to_string());
                if self.in_flight.iter().any(|f| matches!(f.collect, Collect::Logout)) {
                    // The expected goodbye to LOGOUT (RFC 3501 section 6.1.3).
                    self.state = SessionState::Logout;
                } else {
                    self.state = SessionState::Logout;
                    self.fail(Error::Bye { text, code: bye.code.as_ref().map(code_text) });
                }
            }
            Response::Status(Status::Tagged(tagged)) => {
                let tag = Tag(tagged.tag.inner().to_owned());
                let text = text_of(tagged.body.text.to_string());
                let code = tagged.body.code;
                self.handle_code(code.as_ref(), &text, false);
                self.complete(tag, tagged.body.kind, code.as_ref(), text);
            }
        }
    }

    pub(super) fn handle_greeting(&mut self, bytes: &[u8]) {
        let greeting = match GreetingCodec::default().decode(bytes) {
            Ok(([], greeting)) => greeting,
            _ => {
                self.fail(Error::Malformed { summary: summarise(bytes) });
                return;
            }
        };
        self.greeting = greeting.text.to_string();
        match greeting.kind {
            GreetingKind::Bye => {
                self.state = SessionState::Logout;
                self.fail(Error::Bye {
                    text: self.greeting.clone(),
                    code: greeting.code.as_ref().map(code_text),
                });
                return;
            }
            GreetingKind::PreAuth => self.state = SessionState::Authenticated,
            GreetingKind::Ok => self.state = SessionState::NotAuthenticated,
        }
        let text = self.greeting.clone();
        self.handle_code(greeting.code.as_ref(), &text, true);
        self.phase = Phase::Setup;
        self.advance_setup();
    }

    /// Capabilities, TLS, then ready (RFC 3501 section 6.2.1, RFC 8314 section 3.2).
    pub(super) fn advance_setup(&mut self) {
        if self.phase != Phase::Setup || !self.in_flight.is_empty() {
            return;
        }
        if self.queue.front().is_some_and(|j| !matches!(j.work, Work::User(_))) {
            return;
        }
        if !self.capabilities_known {
            let id = self.new_id();
            self.queue.push_front(Job { id, report: false, work: Work::Capability { after_auth: false } });
            return;
        }
        if self.config.tls == TlsMode::StartTls && !self.encrypted {
            // No STARTTLS, or a session already authenticated in the clear (PREAUTH): going on
            // would be exactly the downgrade an attacker wants.
            if self.state != SessionState::NotAuthenticated || !self.capabilities.starttls() {
                self.fail(Error::TlsRequired);
                return;
            }
            let id = self.new_id();
            self.queue.push_front(Job { id, report: false, work: Work::StartTls });
            return;
        }
        self.phase = Phase::Ready;
        self.events.push_back(Event::Ready {
            authenticated: self.state != SessionState::NotAuthenticated,
            capabilities: self.capabilities.clone(),
            greeting: self.greeting.clone(),
        });
    }

    /// A `+` line (RFC 3501 section 7.5): for a literal, an AUTHENTICATE challenge, or IDLE.
    pub(super) fn handle_continuation(&mut self, line: &[u8]) {
        if let Some(sending) = &mut self.sending
            && sending.fragments.front().is_some_and(|f| f.wait_for_continuation)
        {
            sending.continued = true;
            return;
        }
        let Some(index) = self
            .in_flight
            .iter()
            .position(|f| matches!(f.collect, Collect::Authenticate { .. } | Collect::Idle))
        else {
            // Nobody is waiting for it. Ignored rather than fatal: it changes nothing.
            return;
        };
        if matches!(self.in_flight[index].collect, Collect::Idle) {
            if !self.idle_started {
                self.idle_started = true;
                self.idle_confirmed();
                let id = self.in_flight[index].id;
                self.events.push_back(Event::IdleStarted { id });
            }
            return;
        }
        let payload = line.strip_prefix(b"+").unwrap_or(line);
        let payload = payload.strip_prefix(b" ").unwrap_or(payload);
        let payload =
            payload.strip_suffix(b"\r\n").or_else(|| payload.strip_suffix(b"\n")).unwrap_or(payload);
        let Collect::Authenticate { authenticator, pending_ir } = &mut self.in_flight[index].collect else {
            return;
        };
        let response = if let Some(ir) = pending_ir.take() {
            // Without SASL-IR the initial response answers the server's empty first challenge
            // (RFC 4959 section 3, RFC 3501 section 6.2.2).
            Ok(ir)
        } else {
            match STANDARD.decode(payload) {
                Ok(challenge) => authenticator.step(&challenge).map_err(Error::Sasl),
                Err(_) => Err(Error::Malformed { summary: summarise(line) }),
            }
        };
        match response {
            Ok(bytes) => {
                let mut out = STANDARD.encode(bytes).into_bytes();
                out.extend_from_slice(b"\r\n");
                self.send_raw(&out, format!("{REDACTED}\r\n").as_bytes());
            }
            Err(error) => {
                // RFC 3501 section 6.2.2: "*" cancels; the server then answers BAD. The real
                // reason is kept for the Done event.
                self.send_raw(b"*\r\n", b"*\r\n");
                self.in_flight[index].collect = Collect::Nothing;
                self.cancelled_auth = Some(error);
            }
        }
    }
}
