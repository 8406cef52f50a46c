//! Untagged responses (RFC 3501 section 7.2 to 7.4) and response codes (section 7.1): they may
//! come at any time, so they update the selected mailbox whenever they arrive and hand their data to
//! the command in flight that collects that kind.

use super::*;

impl ImapClient {
    pub(super) fn set_capabilities(&mut self, caps: &Vec1<WireCapability<'_>>) {
        self.capabilities = Capabilities::from_names(caps.as_ref().iter().map(|c| c.to_string()));
        self.capabilities_known = true;
    }

    /// Response codes in any status response (RFC 3501 section 7.1).
    pub(super) fn handle_code(&mut self, code: Option<&Code<'_>>, text: &str, untagged: bool) {
        let Some(code) = code else { return };
        match code {
            Code::Alert => self.events.push_back(Event::Alert(text.to_owned())),
            Code::Capability(caps) => self.set_capabilities(caps),
            Code::UidValidity(v) => self.with_mailbox(|m| m.uidvalidity = Some(v.get())),
            Code::UidNext(v) => self.with_mailbox(|m| m.uidnext = Some(v.get())),
            Code::Unseen(v) => self.with_mailbox(|m| m.first_unseen = Some(v.get())),
            Code::PermanentFlags(flags) => {
                let flags = flags
                    .iter()
                    .map(|f| match f {
                        FlagPerm::Flag(flag) => flag.to_string(),
                        FlagPerm::Asterisk => "\\*".to_owned(),
                    })
                    .collect();
                self.with_mailbox(|m| m.permanent_flags = flags);
            }
            Code::HighestModSeq(v) => self.with_mailbox(|m| m.highestmodseq = Some(v.get())),
            Code::NoModSeq => self.with_mailbox(|m| m.highestmodseq = None),
            Code::ReadOnly => self.with_mailbox(|m| m.read_only = true),
            Code::Closed if untagged => {
                // RFC 7162 section 3.2.11: everything before this belonged to the old mailbox.
                if let Some(m) = &self.mailbox {
                    let fresh = Mailbox::new(m.name.clone(), m.read_only, self.config.limits.max_messages);
                    self.mailbox = Some(fresh);
                }
            }
            Code::CopyUid { uid_validity, source, destination } if untagged => {
                // RFC 6851 section 4.3: MOVE reports COPYUID in an untagged OK.
                let copy_uid = copy_uid(uid_validity.get(), source, destination);
                if let Some(f) = self.in_flight.iter_mut().find(|f| matches!(f.collect, Collect::Move { .. }))
                {
                    f.collect = Collect::Move { copy_uid: Some(copy_uid) };
                }
            }
            _ => {}
        }
    }

    pub(super) fn with_mailbox(&mut self, f: impl FnOnce(&mut Mailbox)) {
        if let Some(mailbox) = &mut self.mailbox {
            f(mailbox);
        }
    }

    pub(super) fn selecting(&self) -> bool {
        self.in_flight.iter().any(|f| matches!(f.collect, Collect::Select { .. }))
    }

    /// A `* THREAD` line (RFC 5256 section 4), for the UID THREAD in flight. One that does not
    /// read fails that command only; the session goes on.
    pub(super) fn threaded(&mut self, bytes: &[u8]) {
        let Some(Collect::Thread(result)) =
            self.in_flight.iter_mut().map(|f| &mut f.collect).find(|c| matches!(c, Collect::Thread(_)))
        else {
            // Nobody asked: unknown untagged data is ignored (RFC 3501 section 7).
            return;
        };
        match (parse_thread_data(bytes), result.as_mut()) {
            (Some(threads), Ok(so_far)) => so_far.extend(threads),
            (None, _) => *result = Err(summarise(bytes)),
            (Some(_), Err(_)) => {}
        }
    }

    /// A VANISHED that could not be read: the SELECT collecting it says so in its result, else
    /// an event does.
    pub(super) fn vanished_unreadable(&mut self) {
        if let Some(Collect::Select { vanished_unreadable, .. }) =
            self.in_flight.iter_mut().map(|f| &mut f.collect).find(|c| matches!(c, Collect::Select { .. }))
        {
            *vanished_unreadable = true;
        } else {
            self.events.push_back(Event::Mailbox(MailboxUpdate::VanishedUnreadable));
        }
    }

    /// `preview`: the `PREVIEW` item taken out of this response before it was decoded
    /// (shared/src/imap/preview.rs), `Some(None)` for `PREVIEW NIL`.
    pub(super) fn handle_data(&mut self, data: WireData<'_>, preview: Option<Option<String>>) {
        match data {
            WireData::Capability(caps) => self.set_capabilities(&caps),
            WireData::List { items, delimiter, mailbox } => {
                self.listed(false, &items, delimiter.map(|d| d.inner()), &mailbox)
            }
            WireData::Lsub { items, delimiter, mailbox } => {
                self.listed(true, &items, delimiter.map(|d| d.inner()), &mailbox)
            }
            WireData::Status { mailbox, items } => {
                let name = wire_name(&mailbox);
                // The server may spell the name differently (INBOX's case, a quoted form), so an
                // exact match is preferred and any STATUS in flight is the fallback.
                let index = self
                    .in_flight
                    .iter()
                    .position(|f| matches!(&f.collect, Collect::Status { status } if status.mailbox.as_wire().as_bytes().eq_ignore_ascii_case(&name)))
                    .or_else(|| self.in_flight.iter().position(|f| matches!(f.collect, Collect::Status { .. })));
                if let Some(Collect::Status { status, .. }) = index.map(|i| &mut self.in_flight[i].collect) {
                    for item in items.iter() {
                        match item {
                            StatusDataItem::Messages(n) => status.messages = Some(*n),
                            StatusDataItem::Recent(n) => status.recent = Some(*n),
                            StatusDataItem::UidNext(n) => status.uidnext = Some(n.get()),
                            StatusDataItem::UidValidity(n) => status.uidvalidity = Some(n.get()),
                            StatusDataItem::Unseen(n) => status.unseen = Some(*n),
                            StatusDataItem::HighestModSeq(n) => status.highestmodseq = Some(*n),
                            _ => {}
                        }
                    }
                }
            }
            WireData::Search(uids, modseq) => {
                if let Some(Collect::Search(result)) = self
                    .in_flight
                    .iter_mut()
                    .map(|f| &mut f.collect)
                    .find(|c| matches!(c, Collect::Search(_)))
                {
                    result.uids.extend(uids.iter().map(|u| u.get()));
                    result.highest_modseq = modseq.map(|m| m.get());
                }
            }
            // RFC 5256 section 4: `* SORT` lists the UIDs (for UID SORT) in order; a long list
            // may come in several responses, which follow one another.
            WireData::Sort(uids, _) => {
                if let Some(Collect::Sort(result)) =
                    self.in_flight.iter_mut().map(|f| &mut f.collect).find(|c| matches!(c, Collect::Sort(_)))
                {
                    result.extend(uids.iter().map(|u| u.get()));
                }
            }
            WireData::Flags(flags) => {
                let flags = flags.iter().map(|f| Flag::from_wire(&f.to_string())).collect();
                self.with_mailbox(|m| m.flags = flags);
            }
            WireData::Exists(n) => {
                self.with_mailbox(|m| m.set_exists(n));
                if !self.selecting() && self.mailbox.is_some() {
                    self.events.push_back(Event::Mailbox(MailboxUpdate::Exists(n)));
                }
            }
            WireData::Recent(n) => self.with_mailbox(|m| m.recent = n),
            WireData::Expunge(seq) => {
                let seq = seq.get();
                let uid = self.mailbox.as_mut().and_then(|m| m.expunge_seq(seq));
                if self.mailbox.is_some() {
                    self.events.push_back(Event::Mailbox(MailboxUpdate::Expunged { seq, uid }));
                }
            }
            WireData::Vanished { earlier, known_uids } => {
                let uids = SequenceSet::from_wire(&known_uids);
                if let Some(m) = &mut self.mailbox {
                    m.vanish(&uids, earlier);
                }
                if let Some(Collect::Select { vanished, .. }) = self
                    .in_flight
                    .iter_mut()
                    .map(|f| &mut f.collect)
                    .find(|c| matches!(c, Collect::Select { .. }))
                {
                    vanished.push(uids);
                } else {
                    self.events.push_back(Event::Mailbox(MailboxUpdate::Vanished { uids, earlier }));
                }
            }
            WireData::Fetch { seq, items } => {
                let mut message = FetchedMessage::from_wire(seq.get(), items.as_ref());
                message.preview = preview.flatten();
                self.fetched(message)
            }
            WireData::Id { parameters } => {
                let fields: Vec<(String, Option<String>)> = parameters
                    .into_iter()
                    .flatten()
                    .map(|(field, value)| {
                        let text = |s: &[u8]| String::from_utf8_lossy(s).into_owned();
                        (text(field.as_ref()), value.0.map(|v| text(v.as_ref())))
                    })
                    .collect();
                if let Some(Collect::Id(list)) =
                    self.in_flight.iter_mut().map(|f| &mut f.collect).find(|c| matches!(c, Collect::Id(_)))
                {
                    *list = fields;
                }
            }
            WireData::Enabled { capabilities } => {
                let names: Vec<String> =
                    capabilities.iter().map(|c| c.to_string().to_ascii_uppercase()).collect();
                self.enabled.extend(names.iter().cloned());
                if let Some(Collect::Enable(list)) = self
                    .in_flight
                    .iter_mut()
                    .map(|f| &mut f.collect)
                    .find(|c| matches!(c, Collect::Enable(_)))
                {
                    list.extend(names);
                }
            }
            WireData::Namespace { personal, other, shared } => {
                let convert = |list: &Vec<imap_codec::imap_types::extensions::namespace::Namespace<'_>>| {
                    list.iter()
                        .map(|n| Namespace {
                            prefix: MailboxName::from_wire(String::from_utf8_lossy(n.prefix.as_ref())),
                            delimiter: n.delimiter.as_ref().map(|d| d.inner()),
                        })
                        .collect()
                };
                let namespaces = Namespaces {
                    personal: convert(&personal),
                    other: convert(&other),
                    shared: convert(&shared),
                };
                if let Some(Collect::Namespace(slot)) = self
                    .in_flight
                    .iter_mut()
                    .map(|f| &mut f.collect)
                    .find(|c| matches!(c, Collect::Namespace(_)))
                {
                    *slot = Some(namespaces);
                }
            }
            // The roots a GETQUOTAROOT names (QUOTAROOT), then each root's resources (QUOTA).
            WireData::QuotaRoot { roots, .. } => {
                if let Some(collected) = self.collecting_quota() {
                    for root in roots {
                        crate::imap::quota::root_named(collected, root.as_ref());
                    }
                }
            }
            WireData::Quota { root, quotas } => {
                if let Some(collected) = self.collecting_quota() {
                    let resources = crate::imap::quota::resources(quotas.as_ref());
                    crate::imap::quota::root_named(collected, root.as_ref()).resources = resources;
                }
            }
            // THREAD is read apart (`threaded`); the rest is never asked for by this client.
            _ => {}
        }
    }

    /// The roots the GETQUOTAROOT in flight collects, if one is.
    fn collecting_quota(&mut self) -> Option<&mut Vec<crate::imap::QuotaRoot>> {
        self.in_flight.iter_mut().find_map(|f| match &mut f.collect {
            Collect::Quota(roots) => Some(roots),
            _ => None,
        })
    }

    pub(super) fn listed(
        &mut self,
        lsub: bool,
        items: &[imap_codec::imap_types::flag::FlagNameAttribute<'_>],
        delimiter: Option<char>,
        mailbox: &WireMailbox<'_>,
    ) {
        let wire = wire_name(mailbox);
        let mailbox = MailboxName::from_wire(String::from_utf8_lossy(&wire).into_owned());
        let name = mailbox.display(self.utf8_enabled());
        let attributes: Vec<String> = items.iter().map(|a| a.to_string()).collect();
        let special_use = attribute_role(&attributes).or_else(|| name_role(&name, delimiter));
        let entry = ListedMailbox { mailbox, name, delimiter, attributes, special_use };
        if let Some(Collect::List { result, .. }) = self
            .in_flight
            .iter_mut()
            .map(|f| &mut f.collect)
            .find(|c| matches!(c, Collect::List { lsub: l, .. } if *l == lsub))
        {
            result.mailboxes.push(entry);
        }
    }

    pub(super) fn fetched(&mut self, message: FetchedMessage) {
        let uid = match &mut self.mailbox {
            Some(m) => m.fetched(message.seq, message.uid, message.flags.as_ref(), message.modseq),
            None => message.uid,
        };
        let mut message = message;
        if message.uid.is_none() {
            message.uid = uid;
        }
        let largest_uid =
            self.mailbox.as_ref().and_then(|m| m.uidnext).map(|n| n.saturating_sub(1)).unwrap_or(u32::MAX);
        let largest_seq = self.mailbox.as_ref().map(|m| m.exists).unwrap_or(u32::MAX);
        for flight in &mut self.in_flight {
            match &mut flight.collect {
                Collect::Fetch { set, uid: by_uid, messages } => {
                    let wanted = if *by_uid {
                        message.uid.is_some_and(|u| set.contains(u, largest_uid.max(u)))
                    } else {
                        set.contains(message.seq, largest_seq.max(message.seq))
                    };
                    if wanted {
                        messages.push(message);
                        return;
                    }
                }
                Collect::Store { uids, messages }
                    if message.uid.is_some_and(|u| uids.contains(u, largest_uid.max(u))) =>
                {
                    messages.push(message);
                    return;
                }
                Collect::Select { changed, .. } => {
                    changed.push(message);
                    return;
                }
                _ => {}
            }
        }
        if let Some(flags) = message.flags {
            self.events.push_back(Event::Mailbox(MailboxUpdate::FlagsChanged {
                seq: message.seq,
                uid: message.uid,
                flags,
                modseq: message.modseq,
            }));
        }
    }
}
