//! IMAP transcript tests in `C:`/`S:` form: the client's bytes, its transcript and its typed
//! events for scripted server replies, each replayed split at every byte and byte by byte.
//! The server is scripted (see `support/imap.rs`); the real Dovecot runs in
//! `tests/tests/engine_imap.rs`.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/imap.rs"]
mod support;

use posthorn_proto::imap::{
    Command, Config, Data, Event, FetchItems, Flag, ImapClient, MailboxName, MailboxUpdate, Section,
    SequenceSet,
};
use posthorn_proto::security::TlsMode;
use support::{nothing, results, run, run_unchecked, script};

fn tls() -> Config {
    Config::new(TlsMode::Implicit)
}

/// The header of the seed's example message (shared/seeds/000_…, section 2.3.4), with the
/// blank line that ends a header.
const SEED_HEADER: &str = "Date: Wed, 10 Dec 2001 02:23:25 -0700 (PDT)\r\n\
From: Adam <adam@xyz.de>\r\n\
Subject: Beispiel für eine IMAP4-Verbindung\r\n\
To: Eva <eva@test.de>\r\n\
Message-Id: <9307191947AA00502.Adam@xyz.de>\r\n\
Mime-Version: 1.0\r\n\
Content-Type: TEXT/PLAIN; CHARSET=iso-8859-1\r\n\
\r\n";

fn seed_setup(client: &mut ImapClient) {
    client.enqueue(Command::Login { username: "eva".into(), password: "ahd635d".into() });
    client.enqueue(Command::Select { mailbox: MailboxName::encode("inbox", false), qresync: None });
    let items = FetchItems { rfc822_header: true, ..FetchItems::default() };
    client.enqueue(Command::Fetch {
        set: SequenceSet::single(12),
        uid: false,
        items,
        changed_since: None,
        vanished: false,
    });
    client.enqueue(Command::Logout);
}

/// The seed's LOGIN/SELECT/FETCH/LOGOUT session (shared/seeds/000_…, section 2.3.4).
///
/// Deviations from the seed, all repairs of the PDF text: `FECH` is `FETCH`, the doubled
/// backslashes and the split `\ \Draft` are single flags, the literal's length is the real one
/// (the seed's 346 does not match its own header), the greeting carries its capabilities so the
/// tags stay a001–a004 (the variant without them is `seed_session_asks_capabilities`), and the
/// client writes commands in upper case (IMAP is case-insensitive, RFC 3501 section 9).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn seed_login_select_fetch_logout() {
    let literal_len = SEED_HEADER.len();
    let header_lines: String = SEED_HEADER
        .strip_suffix("\r\n")
        .unwrap_or(SEED_HEADER)
        .split("\r\n")
        .map(|l| format!("S: {l}\n"))
        .collect();
    let text = format!(
        "S: * OK [CAPABILITY IMAP4rev1] IMAP4 Service Ready
         C: a001 LOGIN eva ahd635d
         S: a001 OK LOGIN completed
         C: a002 CAPABILITY
         S: * CAPABILITY IMAP4rev1 IDLE
         S: a002 OK done
         C: a003 SELECT INBOX
         S: * 18 EXISTS
         S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
         S: * 2 RECENT
         S: * OK [UNSEEN 17] Message 17 is first new message
         S: * OK [UIDVALIDITY 3857529045] UIDs valid
         S: a003 OK [READ-WRITE] SELECT completed
         C: a004 FETCH 12 RFC822.HEADER
         S: * 12 FETCH (RFC822.HEADER {{{literal_len}}}
         {header_lines}S: )
         S: a004 OK FETCH completed
         C: a005 LOGOUT
         S: * BYE IMAP4 server terminating connection
         S: a005 OK LOGOUT completed
        "
    );
    let script = script(&text);
    let outcome = run_unchecked(&tls(), seed_setup, &script, nothing);
    assert_eq!(outcome.output_text(), String::from_utf8_lossy(&script.client));
    // The transcript: the password redacted, the literal longer than 200 bytes summarised.
    let expected = format!(
        "S: * OK [CAPABILITY IMAP4rev1] IMAP4 Service Ready
C: a001 LOGIN eva <redacted>
S: a001 OK LOGIN completed
C: a002 CAPABILITY
S: * CAPABILITY IMAP4rev1 IDLE
S: a002 OK done
C: a003 SELECT INBOX
S: * 18 EXISTS
S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
S: * 2 RECENT
S: * OK [UNSEEN 17] Message 17 is first new message
S: * OK [UIDVALIDITY 3857529045] UIDs valid
S: a003 OK [READ-WRITE] SELECT completed
C: a004 FETCH 12 RFC822.HEADER
S: * 12 FETCH (RFC822.HEADER {{{literal_len}}}
S: <{literal_len} bytes>)
S: a004 OK FETCH completed
C: a005 LOGOUT
S: * BYE IMAP4 server terminating connection
S: a005 OK LOGOUT completed
"
    );
    assert_eq!(outcome.rendered(), expected);
    assert!(!outcome.rendered().contains("ahd635d"));
    assert_eq!(outcome.error, None);

    assert!(matches!(&outcome.events[0], Event::Ready { authenticated: false, .. }));
    let results = results(&outcome);
    assert_eq!(results.len(), 4);
    match &results[0] {
        Ok(Data::Authenticated(caps)) => assert!(caps.idle()),
        other => panic!("login: {other:?}"),
    }
    match &results[1] {
        Ok(Data::Selected(selected)) => {
            let mailbox = &selected.mailbox;
            assert_eq!(mailbox.exists, 18);
            assert_eq!(mailbox.recent, 2);
            assert_eq!(mailbox.first_unseen, Some(17));
            assert_eq!(mailbox.uidvalidity, Some(3857529045));
            assert!(!mailbox.read_only);
            assert_eq!(
                mailbox.flags,
                vec![Flag::Answered, Flag::Flagged, Flag::Deleted, Flag::Seen, Flag::Draft]
            );
        }
        other => panic!("select: {other:?}"),
    }
    match &results[2] {
        Ok(Data::Fetched(messages)) => {
            assert_eq!(messages.len(), 1);
            assert_eq!(messages[0].seq, 12);
            assert_eq!(messages[0].section(&Section::Header(vec![])), Some(SEED_HEADER.as_bytes()));
        }
        other => panic!("fetch: {other:?}"),
    }
    assert_eq!(results[3], Ok(Data::None));
}

/// The seed's greeting as printed, without capabilities: the client asks before logging in.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn seed_session_asks_capabilities() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Login { username: "EVA".into(), password: "AHD635D".into() });
    }
    let outcome = run_unchecked(
        &tls(),
        setup,
        &script(
            "S: * OK IMAP4 Service Ready
             C: a001 CAPABILITY
             S: * CAPABILITY IMAP4rev1 LITERAL+
             S: a001 OK CAPABILITY completed
             C: a002 LOGIN EVA AHD635D
             S: a002 OK [CAPABILITY IMAP4rev1 MOVE] LOGIN completed",
        ),
        nothing,
    );
    assert_eq!(
        outcome.rendered(),
        "S: * OK IMAP4 Service Ready\nC: a001 CAPABILITY\nS: * CAPABILITY IMAP4rev1 LITERAL+\nS: a001 OK CAPABILITY completed\nC: a002 LOGIN EVA <redacted>\nS: a002 OK [CAPABILITY IMAP4rev1 MOVE] LOGIN completed\n"
    );
    match &results(&outcome)[..] {
        [Ok(Data::Authenticated(caps))] => assert!(caps.move_() && !caps.literal_plus()),
        other => panic!("{other:?}"),
    }
}

/// The seed's SEARCH example (section 2.3.3), as UID SEARCH.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn seed_search() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Select { mailbox: MailboxName::inbox(), qresync: None });
        client.enqueue(Command::Search {
            criteria: vec![
                posthorn_proto::imap::SearchKey::Since(posthorn_proto::imap::Date {
                    year: 2001,
                    month: 11,
                    day: 1,
                }),
                posthorn_proto::imap::SearchKey::From("ADAM".into()),
            ],
        });
    }
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1] ready
         C: a001 SELECT INBOX
         S: * 900 EXISTS
         S: a001 OK [READ-WRITE] done
         C: a002 UID SEARCH SINCE \"01-Nov-2001\" FROM ADAM
         S: * SEARCH 2 84 882
         S: a002 OK SEARCH completed",
        nothing,
    );
    assert!(matches!(&outcome.events[0], Event::Ready { authenticated: true, .. }));
    match &results(&outcome)[1] {
        Ok(Data::Searched(result)) => assert_eq!(result.uids, vec![2, 84, 882]),
        other => panic!("{other:?}"),
    }
}

/// The seed's DELETE example (section 2.3.2) next to the other mailbox commands, pipelined.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn mailbox_management_is_pipelined() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Delete { mailbox: MailboxName::encode("FRIENDS", false) });
        client.enqueue(Command::Create { mailbox: MailboxName::encode("Entwürfe", false) });
        client.enqueue(Command::Rename {
            from: MailboxName::encode("Old Stuff", false),
            to: MailboxName::encode("Archiv/2001", false),
        });
        client.enqueue(Command::Subscribe { mailbox: MailboxName::encode("Archiv/2001", false) });
        client.enqueue(Command::Unsubscribe { mailbox: MailboxName::encode("Old Stuff", false) });
        client.enqueue(Command::Noop);
    }
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1] ready
         C: a001 DELETE FRIENDS
         C: a002 CREATE Entw&APw-rfe
         C: a003 RENAME \"Old Stuff\" Archiv/2001
         C: a004 SUBSCRIBE Archiv/2001
         C: a005 UNSUBSCRIBE \"Old Stuff\"
         C: a006 NOOP
         S: a001 OK DELETE completed
         S: a002 NO [ALREADYEXISTS] Mailbox exists
         S: a003 OK done
         S: a004 OK done
         S: a005 OK done
         S: * 3 EXISTS
         S: a006 OK done",
        nothing,
    );
    let results = results(&outcome);
    assert_eq!(results[0], Ok(Data::None));
    match &results[1] {
        Err(posthorn_proto::imap::Error::No { command, code, .. }) => {
            assert_eq!(command, "CREATE");
            assert_eq!(code.as_deref(), Some("ALREADYEXISTS"));
        }
        other => panic!("{other:?}"),
    }
    let message = results[1].clone().unwrap_err().to_string();
    assert!(message.contains("choose another name"), "{message}");
    // Not selected: EXISTS has no mailbox to update and is not reported.
    assert!(!outcome.events.iter().any(|e| matches!(e, Event::Mailbox(_))));
}

fn selected_setup(client: &mut ImapClient) {
    client.enqueue(Command::Select { mailbox: MailboxName::inbox(), qresync: None });
}

const SELECTED: &str = "S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] ready
    C: a001 SELECT INBOX
    S: * 3 EXISTS
    S: * OK [UIDVALIDITY 7] ok
    S: * OK [UIDNEXT 40] ok
    S: a001 OK [READ-WRITE] done";

/// UID FETCH of message summaries: envelope with encoded words, internal date, size, body
/// structure with an attachment; and the body section afterwards.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn uid_fetch_summary_and_body() {
    fn setup(client: &mut ImapClient) {
        selected_setup(client);
        client.enqueue(Command::Fetch {
            set: SequenceSet::range(10, 20),
            uid: true,
            items: FetchItems::summary(),
            changed_since: None,
            vanished: false,
        });
        client.enqueue(Command::Fetch {
            set: SequenceSet::single(10),
            uid: true,
            items: posthorn_proto::imap::FetchItems {
                sections: vec![posthorn_proto::imap::SectionRequest {
                    section: Section::Part(vec![1]),
                    partial: Some((0, 1024)),
                    peek: true,
                }],
                ..FetchItems::default()
            },
            changed_since: None,
            vanished: false,
        });
    }
    let text = format!(
        "{SELECTED}
         C: a002 UID FETCH 10:20 (FLAGS ENVELOPE INTERNALDATE RFC822.SIZE BODYSTRUCTURE)
         S: * 1 FETCH (UID 10 FLAGS (\\Seen $Forwarded) INTERNALDATE \"10-Dec-2001 02:23:25 -0700\" RFC822.SIZE 4242 ENVELOPE (\"Wed, 10 Dec 2001 02:23:25 -0700\" \"=?iso-8859-1?q?Beispiel_f=FCr?= IMAP\" ((\"Adam\" NIL \"adam\" \"xyz.de\")) ((\"Adam\" NIL \"adam\" \"xyz.de\")) NIL ((\"=?utf-8?q?Eva_M=C3=BCller?=\" NIL \"eva\" \"test.de\")(NIL NIL \"bob\" \"test.de\")) NIL NIL NIL \"<9307191947AA00502.Adam@xyz.de>\") BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 12 1 NIL NIL NIL NIL)(\"APPLICATION\" \"PDF\" (\"NAME\" \"a.pdf\") NIL NIL \"BASE64\" 2000 NIL (\"attachment\" (\"FILENAME\" \"Rechnung.pdf\")) NIL NIL) \"MIXED\" (\"BOUNDARY\" \"x\") NIL NIL NIL))
         S: * 2 FETCH (UID 12 FLAGS () INTERNALDATE \"11-Dec-2001 00:00:00 +0000\" RFC822.SIZE 10 ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 10 1))
         S: a002 OK done
         C: a003 UID FETCH 10 BODY.PEEK[1]<0.1024>
         S: * 1 FETCH (UID 10 BODY[1]<0> {{12}}
         S: Hallo Eva!
         S: )
         S: a003 OK done"
    );
    let outcome = run(&tls(), setup, &text, nothing);
    let results = results(&outcome);
    let Ok(Data::Fetched(messages)) = &results[1] else { panic!("{:?}", results[1]) };
    assert_eq!(messages.len(), 2);
    let first = &messages[0];
    assert_eq!(first.uid, Some(10));
    assert_eq!(first.flags, Some(vec![Flag::Seen, Flag::Keyword("$Forwarded".into())]));
    assert_eq!(first.size, Some(4242));
    let date = first.internal_date.unwrap();
    assert_eq!((date.unix, date.offset_minutes), (1007976205, -420));
    let envelope = first.envelope.as_ref().unwrap();
    assert_eq!(envelope.subject.as_deref(), Some("Beispiel für IMAP"));
    assert_eq!(envelope.date_unix, Some(1007976205));
    assert_eq!(envelope.from[0].name.as_deref(), Some("Adam"));
    assert_eq!(envelope.from[0].address, "adam@xyz.de");
    assert_eq!(envelope.to[0].name.as_deref(), Some("Eva Müller"));
    assert_eq!(envelope.to[1].name, None);
    assert_eq!(envelope.to[1].address, "bob@test.de");
    assert_eq!(envelope.message_id.as_deref(), Some("<9307191947AA00502.Adam@xyz.de>"));
    assert!(first.has_attachments());
    let body = first.body_structure.as_ref().unwrap();
    assert_eq!(body.find_text("plain").unwrap().section, vec![1]);
    assert_eq!(body.parts[1].filename.as_deref(), Some("Rechnung.pdf"));
    assert!(!messages[1].has_attachments());
    assert_eq!(messages[1].envelope.as_ref().unwrap().subject, None);

    let Ok(Data::Fetched(bodies)) = &results[2] else { panic!("{:?}", results[2]) };
    assert_eq!(bodies[0].section(&Section::Part(vec![1])), Some(&b"Hallo Eva!\r\n"[..]));
    // The model learnt the UIDs.
    let _ = outcome;
}

/// UID FETCHes of messages no other FETCH in flight names go out at once (RFC 3501 section
/// 5.5): the rows of a list beside a large body. Each untagged answer goes to the command whose
/// set holds its UID, in whatever order the server sends them. A FETCH that names a message of
/// one in flight waits for its completion.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn disjoint_uid_fetches_are_pipelined() {
    fn fetch(set: SequenceSet, items: FetchItems) -> Command {
        Command::Fetch { set, uid: true, items, changed_since: None, vanished: false }
    }
    fn setup(client: &mut ImapClient) {
        selected_setup(client);
        client.enqueue(fetch(SequenceSet::single(12), FetchItems::section(Section::Full)));
        client
            .enqueue(fetch(SequenceSet::range(10, 11), FetchItems { flags: true, ..FetchItems::default() }));
        client
            .enqueue(fetch(SequenceSet::range(11, 12), FetchItems { flags: true, ..FetchItems::default() }));
    }
    let text = format!(
        "{SELECTED}
         C: a002 UID FETCH 12 BODY.PEEK[]
         C: a003 UID FETCH 10:11 FLAGS
         S: * 1 FETCH (UID 10 FLAGS (\\Seen))
         S: * 3 FETCH (UID 12 BODY[] {{12}}
         S: Hallo Eva!
         S: )
         S: * 2 FETCH (UID 11 FLAGS ())
         S: a003 OK done
         S: a002 OK done
         C: a004 UID FETCH 11:12 FLAGS
         S: * 2 FETCH (UID 11 FLAGS ())
         S: * 3 FETCH (UID 12 FLAGS ())
         S: a004 OK done"
    );
    let outcome = run(&tls(), setup, &text, nothing);
    // In the order of completion: the rows' a003 first.
    let results = results(&outcome);
    let Ok(Data::Fetched(rows)) = &results[1] else { panic!("{:?}", results[1]) };
    assert_eq!(rows.iter().map(|m| m.uid).collect::<Vec<_>>(), [Some(10), Some(11)]);
    let Ok(Data::Fetched(body)) = &results[2] else { panic!("{:?}", results[2]) };
    assert_eq!(body.len(), 1, "{body:?}");
    assert_eq!(body[0].section(&Section::Full), Some(&b"Hallo Eva!\r\n"[..]));
    let Ok(Data::Fetched(last)) = &results[3] else { panic!("{:?}", results[3]) };
    assert_eq!(last.len(), 2);
}

/// STORE reports new flags; unsolicited FETCH, EXISTS and EXPUNGE update the mailbox and are
/// reported; expunging by sequence number maps to the right UIDs as numbers shift.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn store_and_expunge_map_sequence_numbers_to_uids() {
    fn setup(client: &mut ImapClient) {
        selected_setup(client);
        client.enqueue(Command::Fetch {
            set: SequenceSet::all(),
            uid: true,
            items: FetchItems::flags(),
            changed_since: None,
            vanished: false,
        });
        client.enqueue(Command::Store {
            uids: SequenceSet::from_ids(&[20, 30]),
            action: posthorn_proto::imap::StoreAction::Add,
            flags: vec![Flag::Deleted],
            unchanged_since: None,
        });
        client.enqueue(Command::Expunge);
        client.enqueue(Command::Noop);
    }
    let text = format!(
        "{SELECTED}
         C: a002 UID FETCH 1:* FLAGS
         S: * 1 FETCH (UID 10 FLAGS ())
         S: * 2 FETCH (UID 20 FLAGS (\\Seen))
         S: * 3 FETCH (UID 30 FLAGS ())
         S: a002 OK done
         C: a003 UID STORE 20,30 +FLAGS (\\Deleted)
         S: * 2 FETCH (UID 20 FLAGS (\\Seen \\Deleted))
         S: * 3 FETCH (UID 30 FLAGS (\\Deleted))
         S: * 1 FETCH (UID 10 FLAGS (\\Flagged))
         S: a003 OK done
         C: a004 EXPUNGE
         S: * 2 EXPUNGE
         S: * 2 EXPUNGE
         S: a004 OK done
         C: a005 NOOP
         S: * 2 EXISTS
         S: * 2 FETCH (UID 41 FLAGS ())
         S: a005 OK done"
    );
    let outcome = run(&tls(), setup, &text, nothing);
    let updates: Vec<&MailboxUpdate> = outcome
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Mailbox(update) => Some(update),
            _ => None,
        })
        .collect();
    assert_eq!(
        updates,
        vec![
            &MailboxUpdate::FlagsChanged { seq: 1, uid: Some(10), flags: vec![Flag::Flagged], modseq: None },
            &MailboxUpdate::Expunged { seq: 2, uid: Some(20) },
            &MailboxUpdate::Expunged { seq: 2, uid: Some(30) },
            &MailboxUpdate::Exists(2),
            &MailboxUpdate::FlagsChanged { seq: 2, uid: Some(41), flags: vec![], modseq: None },
        ]
    );
    let results = results(&outcome);
    let Ok(Data::Stored { messages, modified: None }) = &results[2] else { panic!("{:?}", results[2]) };
    assert_eq!(messages.iter().map(|m| m.uid.unwrap()).collect::<Vec<_>>(), vec![20, 30]);
}

/// Commands that do not collect the same data are sent without waiting (RFC 3501 section
/// 5.5); LIST reports SPECIAL-USE roles, and common names where the server gives none.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn list_status_namespace_pipelined() {
    use posthorn_proto::imap::SpecialUse;
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Namespace);
        client.enqueue(Command::List { reference: String::new(), pattern: "*".into() });
        client.enqueue(Command::Status { mailbox: MailboxName::inbox() });
        client.enqueue(Command::Status { mailbox: MailboxName::encode("Entwürfe", false) });
        client.enqueue(Command::Lsub { reference: String::new(), pattern: "*".into() });
    }
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 NAMESPACE SPECIAL-USE CONDSTORE] ready
         C: a001 NAMESPACE
         C: a002 LIST \"\" *
         C: a003 STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ)
         C: a004 STATUS Entw&APw-rfe (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ)
         C: a005 LSUB \"\" *
         S: * NAMESPACE ((\"\" \"/\")) NIL ((\"Shared/\" \"/\"))
         S: a001 OK done
         S: * LIST (\\HasNoChildren) \"/\" INBOX
         S: * LIST (\\HasNoChildren \\Sent) \"/\" \"Sent Messages\"
         S: * LIST (\\HasNoChildren) \"/\" Entw&APw-rfe
         S: * LIST (\\HasNoChildren) \"/\" Papierkorb
         S: * LIST (\\Noselect \\HasChildren) \"/\" Archiv
         S: * LIST (\\HasNoChildren \\Junk) \"/\" Spamverdacht
         S: a002 OK done
         S: * STATUS Entw&APw-rfe (MESSAGES 2 UIDNEXT 5 UIDVALIDITY 9 UNSEEN 0 HIGHESTMODSEQ 12)
         S: * STATUS INBOX (MESSAGES 18 RECENT 2 UIDNEXT 100 UIDVALIDITY 7 UNSEEN 3 HIGHESTMODSEQ 99)
         S: a003 OK done
         S: a004 OK done
         S: * LSUB () \"/\" INBOX
         S: a005 OK done",
        nothing,
    );
    let results = results(&outcome);
    let Ok(Data::Namespaces(ns)) = &results[0] else { panic!("{:?}", results[0]) };
    assert_eq!(ns.personal[0].delimiter, Some('/'));
    assert_eq!(ns.shared[0].prefix.as_wire(), "Shared/");
    let Ok(Data::List(list)) = &results[1] else { panic!("{:?}", results[1]) };
    assert_eq!(list.mailboxes.len(), 6);
    assert_eq!(list.special_use(SpecialUse::Sent).unwrap().name, "Sent Messages");
    assert_eq!(list.special_use(SpecialUse::Drafts).unwrap().name, "Entwürfe");
    assert_eq!(list.special_use(SpecialUse::Drafts).unwrap().mailbox.as_wire(), "Entw&APw-rfe");
    assert_eq!(list.special_use(SpecialUse::Trash).unwrap().name, "Papierkorb");
    assert_eq!(list.special_use(SpecialUse::Junk).unwrap().name, "Spamverdacht");
    assert_eq!(list.special_use(SpecialUse::Inbox).unwrap().name, "INBOX");
    assert!(list.special_use(SpecialUse::Archive).is_some_and(|m| !m.selectable()));
    let Ok(Data::Status(inbox)) = &results[2] else { panic!("{:?}", results[2]) };
    assert_eq!(
        (inbox.messages, inbox.unseen, inbox.uidnext, inbox.highestmodseq),
        (Some(18), Some(3), Some(100), Some(99))
    );
    let Ok(Data::Status(drafts)) = &results[3] else { panic!("{:?}", results[3]) };
    assert_eq!((drafts.mailbox.as_wire(), drafts.messages), ("Entw&APw-rfe", Some(2)));
    let Ok(Data::List(lsub)) = &results[4] else { panic!("{:?}", results[4]) };
    assert_eq!(lsub.mailboxes.len(), 1);
}

/// GETQUOTAROOT (RFC 9208 section 4.3.2): the roots a mailbox counts against, each with its
/// resources, as Dovecot answers (one root) and as a server with two (one without limits) does.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn quota_roots_with_their_resources() {
    use posthorn_proto::imap::fullest_storage;
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::GetQuotaRoot { mailbox: MailboxName::inbox() });
        client.enqueue(Command::GetQuotaRoot { mailbox: MailboxName::encode("Entwürfe", false) });
    }
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 QUOTA] ready
         C: a001 GETQUOTAROOT INBOX
         S: * QUOTAROOT INBOX \"User quota\"
         S: * QUOTA \"User quota\" (STORAGE 4210 10240 MESSAGE 31 1000)
         S: a001 OK Getquotaroot completed
         C: a002 GETQUOTAROOT Entw&APw-rfe
         S: * QUOTAROOT Entw&APw-rfe \"\" shared
         S: * QUOTA shared (STORAGE 9000 10000)
         S: a002 OK done",
        nothing,
    );
    let results = results(&outcome);
    let Ok(Data::Quota(inbox)) = &results[0] else { panic!("{:?}", results[0]) };
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].name, "User quota");
    let storage = fullest_storage(inbox).expect("a storage limit");
    assert_eq!((storage.usage, storage.limit), (4210, 10240));
    assert_eq!(inbox[0].resources[1].name, "MESSAGE");
    let Ok(Data::Quota(drafts)) = &results[1] else { panic!("{:?}", results[1]) };
    let names: Vec<(&str, usize)> = drafts.iter().map(|r| (r.name.as_str(), r.resources.len())).collect();
    assert_eq!(names, [("", 0), ("shared", 1)], "a root without limits is named too");
    assert_eq!(fullest_storage(drafts).map(|s| s.usage), Some(9000));
}
