//! From a queued job to what goes on the wire: the state and capability checks of RFC 3501
//! section 3 and 6, then the fragments and what the command collects until it completes.

use super::*;

impl ImapClient {
    /// RFC 3501 section 3: which commands are valid in which state; and what the server lacks.
    pub(super) fn check(&self, work: &Work) -> Result<(), Error> {
        let Work::User(command) = work else { return Ok(()) };
        use SessionState::*;
        let name = command.name();
        let state = self.state;
        let wrong = |hint: &'static str| Err(Error::WrongState { command: name, state: state.name(), hint });
        match command {
            // ID is valid in every state (RFC 2971 section 3.1).
            Command::Capability | Command::Noop | Command::Logout | Command::Id { .. } => {}
            Command::Login { .. } | Command::Authenticate(_) | Command::SignIn { .. } => {
                if state != NotAuthenticated {
                    return wrong("the session is already logged in");
                }
            }
            Command::Namespace
            | Command::List { .. }
            | Command::Lsub { .. }
            | Command::Status { .. }
            | Command::GetQuotaRoot { .. }
            | Command::Select { .. }
            | Command::Examine { .. }
            | Command::Create { .. }
            | Command::CreateSpecialUse { .. }
            | Command::Delete { .. }
            | Command::Rename { .. }
            | Command::Subscribe { .. }
            | Command::Unsubscribe { .. }
            | Command::Append { .. }
            | Command::Idle
            | Command::Enable { .. } => {
                if state == NotAuthenticated {
                    return wrong("log in first");
                }
            }
            Command::Fetch { .. }
            | Command::Search { .. }
            | Command::Sort { .. }
            | Command::Thread { .. }
            | Command::Store { .. }
            | Command::Copy { .. }
            | Command::Move { .. }
            | Command::Expunge
            | Command::UidExpunge { .. }
            | Command::Close
            | Command::Unselect => {
                if state != Selected {
                    return wrong("select a mailbox first");
                }
            }
        }
        let caps = &self.capabilities;
        let need = |ok: bool, capability: &'static str| {
            if ok { Ok(()) } else { Err(Error::NotSupported { capability }) }
        };
        match command {
            Command::Login { .. } => {
                if caps.login_disabled() {
                    return Err(Error::LoginDisabled);
                }
                self.config.policy.check_cleartext_command("LOGIN", self.encrypted)?;
            }
            Command::Authenticate(auth) => self.config.policy.check(auth.mechanism(), self.encrypted)?,
            Command::Namespace => need(caps.namespace(), "NAMESPACE")?,
            Command::GetQuotaRoot { .. } => need(caps.quota(), "QUOTA")?,
            Command::CreateSpecialUse { .. } => need(caps.create_special_use(), "CREATE-SPECIAL-USE")?,
            Command::Idle => need(caps.idle(), "IDLE")?,
            Command::Sort { sort, .. } => {
                need(caps.sort(), "SORT")?;
                if sort.iter().any(|c| c.key.needs_display()) {
                    need(caps.sort_display(), "SORT=DISPLAY")?;
                }
            }
            Command::Thread { algorithm, .. } => need(
                caps.thread(*algorithm),
                if *algorithm == ThreadAlgorithm::References {
                    "THREAD=REFERENCES"
                } else {
                    "THREAD=ORDEREDSUBJECT"
                },
            )?,
            Command::Enable { .. } => need(caps.enable(), "ENABLE")?,
            Command::Id { .. } => need(caps.has("ID"), "ID")?,
            Command::UidExpunge { .. } => need(caps.uidplus(), "UIDPLUS")?,
            Command::Unselect => need(caps.unselect(), "UNSELECT")?,
            Command::Select { qresync: Some(_), .. } | Command::Examine { qresync: Some(_), .. } => {
                need(self.enabled.contains("QRESYNC"), "QRESYNC (enable it first)")?
            }
            Command::Fetch { changed_since: Some(_), vanished, uid, .. } => {
                need(caps.condstore(), "CONDSTORE")?;
                if *vanished {
                    need(
                        self.enabled.contains("QRESYNC") && *uid,
                        "QRESYNC (enable it first; UID FETCH only)",
                    )?;
                }
            }
            Command::Store { unchanged_since: Some(_), .. } => need(caps.condstore(), "CONDSTORE")?,
            _ => {}
        }
        Ok(())
    }

    /// Builds the fragments and the collector for a job.
    pub(super) fn prepare(&mut self, tag: &Tag, work: Work) -> Result<(Vec<OutFragment>, Collect), Error> {
        let ctx = self.context();
        let simple = |ctx: &Context<'_>, body: CommandBody<'static>| ctx.encode(tag, body);
        let result = match work {
            Work::Capability { after_auth } => {
                (simple(&ctx, CommandBody::Capability)?, Collect::Capability { after_auth })
            }
            Work::StartTls => (simple(&ctx, CommandBody::StartTLS)?, Collect::StartTls),
            Work::MoveStore { uids, copy_uid } => (
                simple(&ctx, ctx.store(&uids, StoreAction::Add, &[Flag::Deleted], None, true)?)?,
                Collect::MoveStore { uids, copy_uid },
            ),
            Work::MoveExpunge { uids, copy_uid } => (
                simple(&ctx, CommandBody::ExpungeUid { sequence_set: uids.to_wire() })?,
                Collect::MoveExpunge { copy_uid },
            ),
            Work::User(command) => match command {
                Command::Capability => {
                    (simple(&ctx, CommandBody::Capability)?, Collect::Capability { after_auth: false })
                }
                Command::Noop => (simple(&ctx, CommandBody::Noop)?, Collect::Nothing),
                Command::Logout => (simple(&ctx, CommandBody::Logout)?, Collect::Logout),
                Command::Login { username, password } => {
                    (ctx.login(tag, &username, password.expose())?, Collect::Login)
                }
                Command::Authenticate(mut authenticator) => {
                    let initial = authenticator.initial_response();
                    let (ir_now, pending_ir) =
                        if self.capabilities.sasl_ir() { (initial, None) } else { (None, initial) };
                    let fragments = ctx.authenticate(tag, authenticator.mechanism().name(), ir_now)?;
                    (fragments, Collect::Authenticate { authenticator, pending_ir })
                }
                // start() turns it into AUTHENTICATE or LOGIN before it gets here.
                Command::SignIn { .. } => {
                    return Err(Error::InvalidArgument { what: "SignIn", reason: "not resolved".into() });
                }
                Command::Namespace => (simple(&ctx, CommandBody::Namespace)?, Collect::Namespace(None)),
                Command::List { reference, pattern } => (
                    simple(&ctx, ctx.list(&reference, &pattern, false)?)?,
                    Collect::List { result: ListResult::default(), lsub: false },
                ),
                Command::Lsub { reference, pattern } => (
                    simple(&ctx, ctx.list(&reference, &pattern, true)?)?,
                    Collect::List { result: ListResult::default(), lsub: true },
                ),
                Command::GetQuotaRoot { mailbox } => (
                    simple(&ctx, CommandBody::GetQuotaRoot { mailbox: ctx.mailbox(&mailbox)? })?,
                    Collect::Quota(Vec::new()),
                ),
                Command::Status { mailbox } => (
                    simple(&ctx, ctx.status(&mailbox)?)?,
                    Collect::Status { status: MailboxStatus { mailbox, ..MailboxStatus::default() } },
                ),
                Command::Select { mailbox, qresync } => {
                    let body = ctx.select(&mailbox, qresync.as_ref(), false)?;
                    let fragments = simple(&ctx, body)?;
                    self.begin_select(mailbox, false);
                    (
                        fragments,
                        Collect::Select {
                            vanished: Vec::new(),
                            vanished_unreadable: false,
                            changed: Vec::new(),
                        },
                    )
                }
                Command::Examine { mailbox, qresync } => {
                    let body = ctx.select(&mailbox, qresync.as_ref(), true)?;
                    let fragments = simple(&ctx, body)?;
                    self.begin_select(mailbox, true);
                    (
                        fragments,
                        Collect::Select {
                            vanished: Vec::new(),
                            vanished_unreadable: false,
                            changed: Vec::new(),
                        },
                    )
                }
                Command::Create { mailbox } => {
                    (simple(&ctx, CommandBody::Create { mailbox: ctx.mailbox(&mailbox)? })?, Collect::Nothing)
                }
                Command::CreateSpecialUse { mailbox, role } => {
                    let fragments = simple(&ctx, CommandBody::Create { mailbox: ctx.mailbox(&mailbox)? })?;
                    (ctx.with_use(fragments, role)?, Collect::Nothing)
                }
                Command::Delete { mailbox } => {
                    (simple(&ctx, CommandBody::Delete { mailbox: ctx.mailbox(&mailbox)? })?, Collect::Nothing)
                }
                Command::Rename { from, to } => (
                    simple(&ctx, CommandBody::Rename { from: ctx.mailbox(&from)?, to: ctx.mailbox(&to)? })?,
                    Collect::Nothing,
                ),
                Command::Subscribe { mailbox } => (
                    simple(&ctx, CommandBody::Subscribe { mailbox: ctx.mailbox(&mailbox)? })?,
                    Collect::Nothing,
                ),
                Command::Unsubscribe { mailbox } => (
                    simple(&ctx, CommandBody::Unsubscribe { mailbox: ctx.mailbox(&mailbox)? })?,
                    Collect::Nothing,
                ),
                Command::Append { mailbox, flags, internal_date, message } => {
                    (simple(&ctx, ctx.append(&mailbox, &flags, internal_date, &message)?)?, Collect::Append)
                }
                Command::Fetch { set, uid, mut items, changed_since, vanished } => (
                    {
                        // Only where announced (RFC 8970 section 4): a server without it would
                        // answer BAD to the whole FETCH (RFC 3501 section 7.1.3).
                        items.preview &= self.capabilities.preview();
                        let mut fragments =
                            simple(&ctx, ctx.fetch(&set, uid, &items, changed_since, vanished)?)?;
                        if items.preview {
                            preview::ask(&mut fragments);
                        }
                        fragments
                    },
                    Collect::Fetch { set, uid, messages: Vec::new() },
                ),
                Command::Search { criteria } => {
                    (simple(&ctx, ctx.search(&criteria)?)?, Collect::Search(SearchResult::default()))
                }
                Command::Sort { sort, criteria } => {
                    (simple(&ctx, ctx.sort(&sort, &criteria)?)?, Collect::Sort(Vec::new()))
                }
                // The threads so far, or the summary of a `* THREAD` line that did not read.
                Command::Thread { algorithm, criteria } => {
                    (simple(&ctx, ctx.thread(algorithm, &criteria)?)?, Collect::Thread(Ok(Vec::new())))
                }
                Command::Store { uids, action, flags, unchanged_since } => (
                    simple(&ctx, ctx.store(&uids, action, &flags, unchanged_since, false)?)?,
                    Collect::Store { uids, messages: Vec::new() },
                ),
                Command::Copy { uids, to } => (
                    simple(
                        &ctx,
                        CommandBody::Copy {
                            sequence_set: uids.to_wire(),
                            mailbox: ctx.mailbox(&to)?,
                            uid: true,
                        },
                    )?,
                    Collect::Copy { then_move: None },
                ),
                Command::Move { uids, to } => {
                    if self.capabilities.move_() {
                        (
                            simple(
                                &ctx,
                                CommandBody::Move {
                                    sequence_set: uids.to_wire(),
                                    mailbox: ctx.mailbox(&to)?,
                                    uid: true,
                                },
                            )?,
                            Collect::Move { copy_uid: None },
                        )
                    } else {
                        (
                            simple(
                                &ctx,
                                CommandBody::Copy {
                                    sequence_set: uids.to_wire(),
                                    mailbox: ctx.mailbox(&to)?,
                                    uid: true,
                                },
                            )?,
                            Collect::Copy { then_move: Some(uids) },
                        )
                    }
                }
                Command::Expunge => (simple(&ctx, CommandBody::Expunge)?, Collect::Nothing),
                Command::UidExpunge { uids } => (
                    simple(&ctx, CommandBody::ExpungeUid { sequence_set: uids.to_wire() })?,
                    Collect::Nothing,
                ),
                Command::Close => (simple(&ctx, CommandBody::Close)?, Collect::Close),
                Command::Unselect => (simple(&ctx, CommandBody::Unselect)?, Collect::Close),
                Command::Idle => (simple(&ctx, CommandBody::Idle)?, Collect::Idle),
                Command::Enable { capabilities } => {
                    (simple(&ctx, ctx.enable(&capabilities)?)?, Collect::Enable(Vec::new()))
                }
                Command::Id { parameters } => (simple(&ctx, ctx.id(&parameters)?)?, Collect::Id(Vec::new())),
            },
        };
        Ok(result)
    }

    /// SELECT/EXAMINE: from now on untagged data belongs to the new mailbox (RFC 3501 section
    /// 6.3.1: a SELECT deselects the current mailbox at once, even if it then fails).
    pub(super) fn begin_select(&mut self, name: MailboxName, read_only: bool) {
        self.mailbox = Some(Mailbox::new(name, read_only, self.config.limits.max_messages));
        self.state = SessionState::Authenticated;
    }
}
