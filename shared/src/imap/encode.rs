//! From the caller's [`Command`]s to bytes on the wire, via imap-codec's fragment encoder.
//!
//! imap-codec cannot build invalid syntax: values become atoms, quoted strings or literals as their
//! bytes require (RFC 3501 section 4.3), so CR, LF and NUL never turn into protocol
//! (ARCHITECTURE.md, *User input never becomes protocol syntax*). It yields *fragments* — a line,
//! then a literal — so the client can wait for the server's `+` before a synchronising literal.
//! This module also decides what the transcript shows for each fragment, with secrets redacted.

use std::num::{NonZeroU32, NonZeroU64};

use imap_codec::CommandCodec;
use imap_codec::encode::{Encoder, Fragment};
use imap_codec::imap_types::IntoStatic;
use imap_codec::imap_types::auth::AuthMechanism;
use imap_codec::imap_types::command::{
    Command as WireCommand, CommandBody, FetchModifier, SelectParameter, StoreModifier,
};
use imap_codec::imap_types::core::{AString, Charset, IString, LiteralMode, NString, Vec1};
use imap_codec::imap_types::datetime::{DateTime, NaiveDate};
use imap_codec::imap_types::extensions::binary::LiteralOrLiteral8;
use imap_codec::imap_types::extensions::enable::CapabilityEnable;
use imap_codec::imap_types::extensions::thread::ThreadingAlgorithm as WireThreadingAlgorithm;
use imap_codec::imap_types::extensions::utf8::QuotedUtf8;
use imap_codec::imap_types::fetch::{
    MacroOrMessageDataItemNames, MessageDataItemName, Part, Section as WireSection,
};
use imap_codec::imap_types::flag::{Flag as WireFlag, StoreResponse, StoreType};
use imap_codec::imap_types::mailbox::{ListMailbox, Mailbox as WireMailbox};
use imap_codec::imap_types::search::SearchKey as WireKey;
use imap_codec::imap_types::secret::Secret as WireSecret;
use imap_codec::imap_types::status::StatusDataItemName;

use crate::imap::capability::Capabilities;
use crate::imap::command::{Date, FetchItems, Flag, Qresync, SearchKey, Section, StoreAction, Timestamp};
use crate::imap::error::Error;
use crate::imap::list::SpecialUse;
use crate::imap::mailbox_name::MailboxName;
use crate::imap::sequence_set::SequenceSet;
use crate::imap::sort::SortCriterion;
use crate::imap::tag::Tag;
use crate::imap::thread::ThreadAlgorithm;
use crate::transcript::{self, REDACTED};

/// A piece of a command ready for the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutFragment {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// A synchronising literal: it may only follow the server's `+` (RFC 3501 section 7.5).
    pub wait_for_continuation: bool,
    /// What the transcript shows for these bytes: the same, a redaction, or a size summary.
    pub display: Vec<u8>,
}

/// What the encoder needs to know about the session.
pub(crate) struct Context<'a> {
    pub capabilities: &'a Capabilities,
    pub transcript_literal_limit: usize,
    /// UTF8=ACCEPT is enabled (RFC 6855 section 3): names and search values travel as UTF-8.
    pub utf8: bool,
}

impl Context<'_> {
    /// Non-synchronising literals where the server allows them (RFC 7888 section 4).
    fn literal_mode(&self, len: usize) -> LiteralMode {
        if self.capabilities.literal_plus() || (self.capabilities.literal_minus() && len <= 4096) {
            LiteralMode::NonSync
        } else {
            LiteralMode::Sync
        }
    }

    /// An astring for a user value: atom, quoted or literal as its bytes need. NUL cannot be
    /// carried by any of them (RFC 3501 section 4.3: CHAR8 excludes NUL), so it is refused.
    pub fn astring(&self, value: &str, what: &'static str) -> Result<AString<'static>, Error> {
        if value.contains('\0') {
            return Err(Error::InvalidArgument { what, reason: "it contains a NUL character".into() });
        }
        // After ENABLE UTF8=ACCEPT, UTF-8 may be quoted (RFC 6855 section 3), which saves the
        // round trip a synchronising literal costs.
        if self.utf8 && !value.is_ascii() && QuotedUtf8::validate(value).is_ok() {
            let quoted = QuotedUtf8::try_from(value.to_owned())
                .map_err(|e| Error::InvalidArgument { what, reason: e.to_string() })?;
            return Ok(AString::String(IString::QuotedUtf8(quoted)));
        }
        let mut astring = AString::try_from(value.to_owned())
            .map_err(|e| Error::InvalidArgument { what, reason: e.to_string() })?;
        if let AString::String(IString::Literal(literal)) = &mut astring {
            literal.set_mode(self.literal_mode(value.len()));
        }
        Ok(astring)
    }

    /// A mailbox name, as it is: it is already in its wire form ([`MailboxName`]), so it is never
    /// encoded again here.
    pub fn mailbox(&self, name: &MailboxName) -> Result<WireMailbox<'static>, Error> {
        if name.is_inbox() {
            return Ok(WireMailbox::Inbox);
        }
        Ok(WireMailbox::from(self.astring(name.as_wire(), "the mailbox name")?))
    }

    fn list_mailbox(&self, pattern: &str) -> Result<ListMailbox<'static>, Error> {
        if pattern.contains('\0') {
            return Err(Error::InvalidArgument {
                what: "the list pattern",
                reason: "it contains a NUL character".into(),
            });
        }
        let encoded = MailboxName::encode(pattern, self.utf8).as_wire().to_owned();
        let mut mailbox = ListMailbox::try_from(encoded)
            .map_err(|e| Error::InvalidArgument { what: "the list pattern", reason: e.to_string() })?;
        if let ListMailbox::String(IString::Literal(literal)) = &mut mailbox {
            literal.set_mode(self.literal_mode(pattern.len()));
        }
        Ok(mailbox)
    }

    /// Encodes a command into fragments with their transcript text.
    pub fn encode(&self, tag: &Tag, body: CommandBody<'static>) -> Result<Vec<OutFragment>, Error> {
        let command = WireCommand::new(tag.as_str().to_owned(), body)
            .map_err(|e| Error::InvalidArgument { what: "the tag", reason: e.to_string() })?;
        Ok(self.fragments(&command))
    }

    fn fragments(&self, command: &WireCommand<'static>) -> Vec<OutFragment> {
        CommandCodec::default()
            .encode(command)
            .map(|fragment| match fragment {
                Fragment::Line { data } => {
                    OutFragment { display: data.clone(), bytes: data, wait_for_continuation: false }
                }
                Fragment::Literal { data, mode } => OutFragment {
                    display: literal_display(&data, self.transcript_literal_limit),
                    bytes: data,
                    wait_for_continuation: mode == LiteralMode::Sync,
                },
            })
            .collect()
    }

    /// LOGIN with the password redacted in the transcript, wherever imap-codec put it.
    pub fn login(&self, tag: &Tag, username: &str, password: &str) -> Result<Vec<OutFragment>, Error> {
        let user = self.astring(username, "the user name")?;
        let pass = self.astring(password, "the password")?;
        let password_is_literal = matches!(pass, AString::String(IString::Literal(_)));
        let body = CommandBody::Login { username: user.clone(), password: WireSecret::new(pass) };
        let mut fragments = self.encode(tag, body)?;
        // The same command with a one-letter password shows where the password starts; the user
        // name encodes identically in both.
        let probe =
            self.encode(
                tag,
                CommandBody::Login {
                    username: user,
                    password: WireSecret::new(AString::try_from("x").map_err(|e| {
                        Error::InvalidArgument { what: "the password", reason: e.to_string() }
                    })?),
                },
            )?;
        let prefix = probe.last().map(|f| f.display.clone()).unwrap_or_default();
        let prefix = prefix.strip_suffix(b"x\r\n").unwrap_or(&prefix).to_vec();
        let count = fragments.len();
        if password_is_literal {
            // [..., line announcing {n}, literal (the password), line "\r\n"]
            if count >= 2 {
                fragments[count - 2].display = REDACTED.as_bytes().to_vec();
            }
        } else if let Some(last) = fragments.last_mut() {
            last.display = [prefix.as_slice(), REDACTED.as_bytes(), b"\r\n"].concat();
        }
        Ok(fragments)
    }

    /// A CREATE command with `(USE (<attribute>))` after the name (RFC 6154 section 5.2): imap-codec
    /// has no create parameters, so the list goes before the line end of the last fragment (the
    /// name may be a literal, after which the command's last line is only that line end).
    pub fn with_use(
        &self,
        mut fragments: Vec<OutFragment>,
        role: SpecialUse,
    ) -> Result<Vec<OutFragment>, Error> {
        let Some(attribute) = role.attribute() else {
            return Err(Error::InvalidArgument {
                what: "the special use",
                reason: "INBOX is no special use".into(),
            });
        };
        let parameters = format!(" (USE ({attribute}))\r\n");
        let last = fragments.last_mut().ok_or(Error::InvalidArgument {
            what: "the CREATE command",
            reason: "it encoded to nothing".into(),
        })?;
        for text in [&mut last.bytes, &mut last.display] {
            if text.ends_with(b"\r\n") {
                text.truncate(text.len() - 2);
            }
            text.extend_from_slice(parameters.as_bytes());
        }
        Ok(fragments)
    }

    /// AUTHENTICATE with an optional initial response (SASL-IR, RFC 4959), which is redacted.
    pub fn authenticate(
        &self,
        tag: &Tag,
        mechanism: &str,
        initial_response: Option<Vec<u8>>,
    ) -> Result<Vec<OutFragment>, Error> {
        let mechanism = AuthMechanism::try_from(mechanism.to_owned())
            .map_err(|e| Error::InvalidArgument { what: "the SASL mechanism", reason: e.to_string() })?;
        let has_ir = initial_response.is_some();
        let body = CommandBody::Authenticate {
            mechanism: mechanism.clone(),
            initial_response: initial_response.map(|ir| WireSecret::new(ir.into())),
        };
        let mut fragments = self.encode(tag, body)?;
        if has_ir {
            let probe = self.encode(tag, CommandBody::Authenticate { mechanism, initial_response: None })?;
            let prefix = probe.last().map(|f| f.display.clone()).unwrap_or_default();
            let prefix = prefix.strip_suffix(b"\r\n").unwrap_or(&prefix).to_vec();
            if let Some(last) = fragments.last_mut() {
                last.display = [prefix.as_slice(), b" ", REDACTED.as_bytes(), b"\r\n"].concat();
            }
        }
        Ok(fragments)
    }

    pub fn flags(&self, flags: &[Flag]) -> Result<Vec<WireFlag<'static>>, Error> {
        flags
            .iter()
            .filter(|f| **f != Flag::Recent)
            .map(|f| {
                let text = f.as_wire();
                WireFlag::try_from(text.as_str())
                    .map(IntoStatic::into_static)
                    .map_err(|e| Error::InvalidArgument { what: "a flag", reason: e.to_string() })
            })
            .collect()
    }

    pub fn append(
        &self,
        mailbox: &MailboxName,
        flags: &[Flag],
        date: Option<Timestamp>,
        message: &[u8],
    ) -> Result<CommandBody<'static>, Error> {
        let mut literal =
            imap_codec::imap_types::core::Literal::try_from(message.to_vec()).map_err(|_| {
                Error::InvalidArgument {
                    what: "the message",
                    reason: "it contains NUL bytes, which IMAP4rev1 literals cannot carry".into(),
                }
            })?;
        literal.set_mode(self.literal_mode(message.len()));
        Ok(CommandBody::Append {
            mailbox: self.mailbox(mailbox)?,
            flags: self.flags(flags)?,
            date: date.map(wire_datetime).transpose()?,
            message: LiteralOrLiteral8::Literal(literal),
        })
    }

    pub fn status(&self, mailbox: &MailboxName) -> Result<CommandBody<'static>, Error> {
        let mut items = vec![
            StatusDataItemName::Messages,
            StatusDataItemName::Recent,
            StatusDataItemName::UidNext,
            StatusDataItemName::UidValidity,
            StatusDataItemName::Unseen,
        ];
        if self.capabilities.condstore() {
            items.push(StatusDataItemName::HighestModSeq);
        }
        Ok(CommandBody::Status { mailbox: self.mailbox(mailbox)?, item_names: items.into() })
    }

    pub fn select(
        &self,
        mailbox: &MailboxName,
        qresync: Option<&Qresync>,
        examine: bool,
    ) -> Result<CommandBody<'static>, Error> {
        let mailbox = self.mailbox(mailbox)?;
        let mut parameters = Vec::new();
        if let Some(q) = qresync {
            let uid_validity = NonZeroU32::new(q.uidvalidity)
                .ok_or(Error::InvalidArgument { what: "UIDVALIDITY", reason: "it must not be 0".into() })?;
            let mod_sequence_value = NonZeroU64::new(q.modseq).ok_or(Error::InvalidArgument {
                what: "the mod-sequence",
                reason: "it must not be 0".into(),
            })?;
            parameters.push(SelectParameter::QResync {
                uid_validity,
                mod_sequence_value,
                known_uids: q.known_uids.as_ref().map(SequenceSet::to_wire),
                seq_match_data: None,
            });
        } else if self.capabilities.condstore() {
            // RFC 7162 section 3.1.8: CONDSTORE on SELECT makes the server report HIGHESTMODSEQ
            // and MODSEQ from the start.
            parameters.push(SelectParameter::CondStore);
        }
        Ok(if examine {
            CommandBody::Examine { mailbox, parameters }
        } else {
            CommandBody::Select { mailbox, parameters }
        })
    }

    pub fn list(&self, reference: &str, pattern: &str, lsub: bool) -> Result<CommandBody<'static>, Error> {
        let reference = if reference.is_empty() {
            WireMailbox::from(empty_astring())
        } else {
            self.mailbox(&MailboxName::encode(reference, self.utf8))?
        };
        let mailbox_wildcard = self.list_mailbox(pattern)?;
        Ok(if lsub {
            CommandBody::Lsub { reference, mailbox_wildcard }
        } else {
            CommandBody::List { reference, mailbox_wildcard }
        })
    }

    pub fn fetch(
        &self,
        set: &SequenceSet,
        uid: bool,
        items: &FetchItems,
        changed_since: Option<u64>,
        vanished: bool,
    ) -> Result<CommandBody<'static>, Error> {
        let mut names = Vec::new();
        if items.uid {
            names.push(MessageDataItemName::Uid);
        }
        if items.flags {
            names.push(MessageDataItemName::Flags);
        }
        if items.envelope {
            names.push(MessageDataItemName::Envelope);
        }
        if items.internal_date {
            names.push(MessageDataItemName::InternalDate);
        }
        if items.size {
            names.push(MessageDataItemName::Rfc822Size);
        }
        if items.body_structure {
            names.push(MessageDataItemName::BodyStructure);
        }
        if items.modseq {
            names.push(MessageDataItemName::ModSeq);
        }
        if items.rfc822_header {
            names.push(MessageDataItemName::Rfc822Header);
        }
        for request in &items.sections {
            let partial = match request.partial {
                Some((origin, length)) => Some((
                    origin,
                    NonZeroU32::new(length).ok_or(Error::InvalidArgument {
                        what: "the partial length",
                        reason: "it must not be 0".into(),
                    })?,
                )),
                None => None,
            };
            names.push(MessageDataItemName::BodyExt {
                section: self.section(&request.section)?,
                partial,
                peek: request.peek,
            });
        }
        if names.is_empty() {
            names.push(MessageDataItemName::Flags);
        }
        if items.preview && names.len() == 1 && !items.uid {
            // PREVIEW joins the list after encoding (shared/src/imap/preview.rs `ask`), which
            // needs the parenthesised form of two or more items (RFC 3501 section 9, `fetch`);
            // UID costs nothing and comes with every UID FETCH anyway (section 6.4.8).
            names.insert(0, MessageDataItemName::Uid);
        }
        let mut modifiers = Vec::new();
        if let Some(modseq) = changed_since {
            let modseq = NonZeroU64::new(modseq)
                .ok_or(Error::InvalidArgument { what: "CHANGEDSINCE", reason: "it must not be 0".into() })?;
            modifiers.push(FetchModifier::ChangedSince(modseq));
            if vanished {
                modifiers.push(FetchModifier::Vanished);
            }
        }
        Ok(CommandBody::Fetch {
            sequence_set: set.to_wire(),
            macro_or_item_names: MacroOrMessageDataItemNames::MessageDataItemNames(names),
            uid,
            modifiers,
        })
    }

    fn section(&self, section: &Section) -> Result<Option<WireSection<'static>>, Error> {
        let part = |path: &[u32]| -> Result<Option<Part>, Error> {
            if path.is_empty() {
                return Ok(None);
            }
            let numbers: Vec<NonZeroU32> = path
                .iter()
                .map(|&n| {
                    NonZeroU32::new(n).ok_or(Error::InvalidArgument {
                        what: "a section number",
                        reason: "it must not be 0".into(),
                    })
                })
                .collect::<Result<_, _>>()?;
            let numbers = Vec1::try_from(numbers)
                .map_err(|_| Error::InvalidArgument { what: "a section", reason: "empty".into() })?;
            Ok(Some(Part(numbers)))
        };
        Ok(match section {
            Section::Full => None,
            Section::Header(p) => Some(WireSection::Header(part(p)?)),
            Section::HeaderFields(p, fields) => {
                let fields: Vec<AString<'static>> = fields
                    .iter()
                    .map(|f| self.astring(f, "a header field name"))
                    .collect::<Result<_, _>>()?;
                let fields = Vec1::try_from(fields).map_err(|_| Error::InvalidArgument {
                    what: "HEADER.FIELDS",
                    reason: "no field names".into(),
                })?;
                Some(WireSection::HeaderFields(part(p)?, fields))
            }
            Section::Text(p) => Some(WireSection::Text(part(p)?)),
            Section::Part(p) => part(p)?.map(WireSection::Part),
            Section::Mime(p) => match part(p)? {
                Some(p) => Some(WireSection::Mime(p)),
                None => {
                    return Err(Error::InvalidArgument {
                        what: "MIME section",
                        reason: "it needs a part number".into(),
                    });
                }
            },
        })
    }

    pub fn search(&self, criteria: &[SearchKey]) -> Result<CommandBody<'static>, Error> {
        // After ENABLE UTF8=ACCEPT the client must not name a charset (RFC 6855 section 3).
        let utf8 = !self.utf8 && criteria.iter().any(SearchKey::needs_utf8);
        let keys: Vec<WireKey<'static>> =
            criteria.iter().map(|k| self.search_key(k)).collect::<Result<_, _>>()?;
        let keys = Vec1::try_from(keys).unwrap_or_else(|_| Vec1::from(WireKey::All));
        let charset = if utf8 {
            Some(
                Charset::try_from("UTF-8")
                    .map_err(|e| Error::InvalidArgument { what: "charset", reason: e.to_string() })?,
            )
        } else {
            None
        };
        Ok(CommandBody::Search { charset, criteria: keys, uid: true })
    }

    /// UID SORT (RFC 5256 section 3). Its charset is not optional; UTF-8 is one every SORT
    /// server must support (section 3), and after ENABLE UTF8=ACCEPT still the one to name.
    pub fn sort(
        &self,
        sort: &[SortCriterion],
        criteria: &[SearchKey],
    ) -> Result<CommandBody<'static>, Error> {
        let sort_criteria =
            Vec1::try_from(sort.iter().map(|c| c.to_wire()).collect::<Vec<_>>()).map_err(|_| {
                Error::InvalidArgument { what: "sort criteria", reason: "there must be one".into() }
            })?;
        let keys: Vec<WireKey<'static>> =
            criteria.iter().map(|k| self.search_key(k)).collect::<Result<_, _>>()?;
        let search_criteria = Vec1::try_from(keys).unwrap_or_else(|_| Vec1::from(WireKey::All));
        let charset = Charset::try_from("UTF-8")
            .map_err(|e| Error::InvalidArgument { what: "charset", reason: e.to_string() })?;
        Ok(CommandBody::Sort { sort_criteria, charset, search_criteria, uid: true })
    }

    /// UID THREAD (RFC 5256 section 4), with UTF-8 as UID SORT has it.
    pub fn thread(
        &self,
        algorithm: ThreadAlgorithm,
        criteria: &[SearchKey],
    ) -> Result<CommandBody<'static>, Error> {
        let keys: Vec<WireKey<'static>> =
            criteria.iter().map(|k| self.search_key(k)).collect::<Result<_, _>>()?;
        let search_criteria = Vec1::try_from(keys).unwrap_or_else(|_| Vec1::from(WireKey::All));
        let charset = Charset::try_from("UTF-8")
            .map_err(|e| Error::InvalidArgument { what: "charset", reason: e.to_string() })?;
        let algorithm = match algorithm {
            ThreadAlgorithm::References => WireThreadingAlgorithm::References,
            ThreadAlgorithm::OrderedSubject => WireThreadingAlgorithm::OrderedSubject,
        };
        Ok(CommandBody::Thread { algorithm, charset, search_criteria, uid: true })
    }

    fn search_key(&self, key: &SearchKey) -> Result<WireKey<'static>, Error> {
        let s = |v: &str| self.astring(v, "a search value");
        Ok(match key {
            SearchKey::All => WireKey::All,
            SearchKey::Uid(set) => WireKey::Uid(set.to_wire()),
            SearchKey::Seen => WireKey::Seen,
            SearchKey::Unseen => WireKey::Unseen,
            SearchKey::Flagged => WireKey::Flagged,
            SearchKey::Unflagged => WireKey::Unflagged,
            SearchKey::Answered => WireKey::Answered,
            SearchKey::Deleted => WireKey::Deleted,
            SearchKey::Undeleted => WireKey::Undeleted,
            SearchKey::Draft => WireKey::Draft,
            SearchKey::Keyword(k) => WireKey::Keyword(
                imap_codec::imap_types::core::Atom::try_from(k.clone())
                    .map_err(|e| Error::InvalidArgument { what: "a keyword", reason: e.to_string() })?,
            ),
            SearchKey::From(v) => WireKey::From(s(v)?),
            SearchKey::To(v) => WireKey::To(s(v)?),
            SearchKey::Cc(v) => WireKey::Cc(s(v)?),
            SearchKey::Subject(v) => WireKey::Subject(s(v)?),
            SearchKey::Body(v) => WireKey::Body(s(v)?),
            SearchKey::Text(v) => WireKey::Text(s(v)?),
            SearchKey::Header(name, value) => WireKey::Header(s(name)?, s(value)?),
            SearchKey::Since(d) => WireKey::Since(wire_date(d)?),
            SearchKey::Before(d) => WireKey::Before(wire_date(d)?),
            SearchKey::On(d) => WireKey::On(wire_date(d)?),
            SearchKey::Larger(n) => WireKey::Larger(*n),
            SearchKey::Smaller(n) => WireKey::Smaller(*n),
            SearchKey::ModSeq(m) => WireKey::ModSequence { entry: None, modseq: *m },
            SearchKey::Not(k) => WireKey::Not(Box::new(self.search_key(k)?)),
            SearchKey::Or(a, b) => WireKey::Or(Box::new(self.search_key(a)?), Box::new(self.search_key(b)?)),
            SearchKey::And(keys) => {
                let keys: Vec<WireKey<'static>> =
                    keys.iter().map(|k| self.search_key(k)).collect::<Result<_, _>>()?;
                match Vec1::try_from(keys) {
                    Ok(keys) => WireKey::And(keys),
                    Err(_) => WireKey::All,
                }
            }
        })
    }

    pub fn store(
        &self,
        uids: &SequenceSet,
        action: StoreAction,
        flags: &[Flag],
        unchanged_since: Option<u64>,
        silent: bool,
    ) -> Result<CommandBody<'static>, Error> {
        Ok(CommandBody::Store {
            sequence_set: uids.to_wire(),
            kind: match action {
                StoreAction::Add => StoreType::Add,
                StoreAction::Remove => StoreType::Remove,
                StoreAction::Replace => StoreType::Replace,
            },
            response: if silent { StoreResponse::Silent } else { StoreResponse::Answer },
            flags: self.flags(flags)?,
            uid: true,
            modifiers: unchanged_since.map(StoreModifier::UnchangedSince).into_iter().collect(),
        })
    }

    pub fn id(&self, parameters: &[(String, String)]) -> Result<CommandBody<'static>, Error> {
        if parameters.is_empty() {
            return Ok(CommandBody::Id { parameters: None });
        }
        let string = |s: &String| {
            IString::try_from(s.clone())
                .map_err(|e| Error::InvalidArgument { what: "an ID field or value", reason: e.to_string() })
        };
        let pairs = parameters
            .iter()
            .map(|(field, value)| Ok((string(field)?, NString(Some(string(value)?)))))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(CommandBody::Id { parameters: Some(pairs) })
    }

    pub fn enable(&self, capabilities: &[String]) -> Result<CommandBody<'static>, Error> {
        let caps: Vec<CapabilityEnable<'static>> = capabilities
            .iter()
            .map(|c| {
                imap_codec::imap_types::core::Atom::try_from(c.clone())
                    .map(CapabilityEnable::from)
                    .map_err(|e| Error::InvalidArgument { what: "a capability", reason: e.to_string() })
            })
            .collect::<Result<_, _>>()?;
        let caps = Vec1::try_from(caps)
            .map_err(|_| Error::InvalidArgument { what: "ENABLE", reason: "no capabilities given".into() })?;
        Ok(CommandBody::Enable { capabilities: caps })
    }
}

fn empty_astring() -> AString<'static> {
    AString::String(IString::Quoted(imap_codec::imap_types::core::Quoted::unvalidated("")))
}

fn wire_date(date: &Date) -> Result<NaiveDate, Error> {
    let invalid = || Error::InvalidArgument {
        what: "a date",
        reason: format!("{}-{}-{} is not a date", date.year, date.month, date.day),
    };
    let naive = chrono::NaiveDate::from_ymd_opt(date.year, date.month, date.day).ok_or_else(invalid)?;
    NaiveDate::try_from(naive).map_err(|_| invalid())
}

fn wire_datetime(ts: Timestamp) -> Result<DateTime, Error> {
    let invalid = || Error::InvalidArgument { what: "the internal date", reason: "out of range".into() };
    let offset = chrono::FixedOffset::east_opt(ts.offset_minutes * 60).ok_or_else(invalid)?;
    let utc = chrono::DateTime::from_timestamp(ts.unix, 0).ok_or_else(invalid)?;
    DateTime::try_from(utc.with_timezone(&offset)).map_err(|_| invalid())
}

/// What the transcript shows for a literal: its bytes if short, `<n bytes>` if long (a log
/// shows what happened, not whole messages).
pub(crate) fn literal_display(data: &[u8], limit: usize) -> Vec<u8> {
    if data.len() > limit { transcript::summary(data.len()).into_bytes() } else { data.to_vec() }
}

/// Splits displayed bytes into complete transcript lines, keeping an unfinished line in
/// `partial` (a literal and the rest of its line are shown together, as in a telnet session).
pub(crate) fn take_lines(partial: &mut Vec<u8>, display: &[u8]) -> Vec<String> {
    partial.extend_from_slice(display);
    let mut lines = Vec::new();
    while let Some(newline) = partial.iter().position(|&b| b == b'\n') {
        let line: Vec<u8> = partial.drain(..=newline).collect();
        lines.push(transcript::printable(&line));
    }
    lines
}
