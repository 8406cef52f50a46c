//! IMAP extensions as the client uses them: APPEND with literals and LITERAL+, UIDPLUS, MOVE
//! and its fallback, IDLE, ENABLE/QRESYNC/CONDSTORE and VANISHED, AUTHENTICATE with and without
//! SASL-IR. Scripted server (see `support/imap.rs`); every script is replayed split at every
//! byte and byte by byte.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/imap.rs"]
mod support;

use posthorn_proto::engine::{Client, Interrupt, Io};
use posthorn_proto::imap::{
    AppendUid, Command, Config, CopyUid, Data, Event, FetchItems, Flag, ImapClient, MailboxName,
    MailboxUpdate, Qresync, SequenceSet, Timestamp,
};
use posthorn_proto::sasl::{Authenticator, Credentials, Mechanism, Options};
use posthorn_proto::security::TlsMode;
use support::{nothing, results, run, run_unchecked, script};

fn tls() -> Config {
    Config::new(TlsMode::Implicit)
}

const MESSAGE: &[u8] = b"Subject: hi\r\n\r\nbody";

fn append_setup(client: &mut ImapClient) {
    client.enqueue(Command::Append {
        mailbox: MailboxName::encode("Sent", false),
        flags: vec![Flag::Seen],
        internal_date: Some(Timestamp { unix: 1007976205, offset_minutes: -420 }),
        message: MESSAGE.to_vec(),
    });
    client.enqueue(Command::Noop);
}

/// APPEND sends its literal only after the server's `+` (RFC 3501 section 7.5), and nothing
/// else in between.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn append_waits_for_continuation() {
    let mut client = ImapClient::new(tls());
    append_setup(&mut client);
    client.enqueue_input(b"* PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] ready\r\n");
    let mut sent = Vec::new();
    loop {
        match client.next() {
            Ok(_) => {}
            Err(Interrupt::Io(Io::Output(bytes))) => sent.extend(bytes),
            Err(Interrupt::Io(Io::NeedMoreInput)) => break,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(sent, b"a001 APPEND Sent (\\Seen) \"10-Dec-2001 02:23:25 -0700\" {19}\r\n");
    client.enqueue_input(b"+ Ready for literal data\r\n");
    let mut sent = Vec::new();
    loop {
        match client.next() {
            Ok(_) => {}
            Err(Interrupt::Io(Io::Output(bytes))) => sent.extend(bytes),
            Err(Interrupt::Io(Io::NeedMoreInput)) => break,
            other => panic!("{other:?}"),
        }
    }
    // The literal and the end of the command; NOOP is pipelined right after.
    assert_eq!(sent, b"Subject: hi\r\n\r\nbody\r\na002 NOOP\r\n");
}

/// The whole APPEND exchange with APPENDUID (RFC 4315 section 3).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn append_with_appenduid() {
    let outcome = run(
        &tls(),
        append_setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] ready
         C: a001 APPEND Sent (\\Seen) \"10-Dec-2001 02:23:25 -0700\" {19}
         S: + Ready for literal data
         C: Subject: hi
         C: 
         C: body
         C: a002 NOOP
         S: a001 OK [APPENDUID 38505 3955] APPEND completed
         S: a002 OK done",
        nothing,
    );
    assert_eq!(results(&outcome)[0], Ok(Data::Appended(Some(AppendUid { uidvalidity: 38505, uid: 3955 }))));
}

/// A server that refuses the literal (NO instead of `+`) gets nothing of it.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn append_refused_before_literal() {
    let outcome = run(
        &tls(),
        append_setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1] ready
         C: a001 APPEND Sent (\\Seen) \"10-Dec-2001 02:23:25 -0700\" {19}
         S: a001 NO [TOOBIG] too big
         C: a002 NOOP
         S: a002 OK done",
        nothing,
    );
    assert!(
        matches!(&results(&outcome)[0], Err(posthorn_proto::imap::Error::No { code: Some(c), .. }) if c == "TOOBIG")
    );
}

/// With LITERAL+ (RFC 7888) the literal goes at once, and a long one is summarised in the
/// transcript.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn append_with_literal_plus() {
    fn setup(client: &mut ImapClient) {
        let mut message = b"Subject: long\r\n\r\n".to_vec();
        message.extend(std::iter::repeat_n(b'x', 300));
        client.enqueue(Command::Append {
            mailbox: MailboxName::encode("Drafts", false),
            flags: vec![Flag::Draft],
            internal_date: None,
            message,
        });
    }
    let long = "x".repeat(300);
    let script = script(&format!(
        "S: * PREAUTH [CAPABILITY IMAP4rev1 LITERAL+] ready
         C: a001 APPEND Drafts (\\Draft) {{317+}}
         C: Subject: long
         C: 
         C: {long}
         S: a001 OK APPEND completed"
    ));
    let outcome = run_unchecked(&tls(), setup, &script, nothing);
    assert_eq!(outcome.output_text(), String::from_utf8_lossy(&script.client));
    assert_eq!(
        outcome.rendered(),
        "S: * PREAUTH [CAPABILITY IMAP4rev1 LITERAL+] ready\nC: a001 APPEND Drafts (\\Draft) {317+}\nC: <317 bytes>\nS: a001 OK APPEND completed\n"
    );
    assert_eq!(results(&outcome)[0], Ok(Data::Appended(None)));
}

fn three_messages(client: &mut ImapClient) {
    client.enqueue(Command::Select { mailbox: MailboxName::inbox(), qresync: None });
    client.enqueue(Command::Fetch {
        set: SequenceSet::all(),
        uid: true,
        items: FetchItems::flags(),
        changed_since: None,
        vanished: false,
    });
}

fn three_messages_script(caps: &str) -> String {
    format!(
        "S: * PREAUTH [CAPABILITY IMAP4rev1 {caps}] ready
         C: a001 SELECT INBOX
         S: * 3 EXISTS
         S: * OK [UIDVALIDITY 7] ok
         S: * OK [UIDNEXT 22] ok
         S: a001 OK [READ-WRITE] done
         C: a002 UID FETCH 1:* FLAGS
         S: * 1 FETCH (UID 10 FLAGS ())
         S: * 2 FETCH (UID 20 FLAGS ())
         S: * 3 FETCH (UID 21 FLAGS ())
         S: a002 OK done"
    )
}

fn move_setup(client: &mut ImapClient) {
    three_messages(client);
    client
        .enqueue(Command::Move { uids: SequenceSet::range(20, 21), to: MailboxName::encode("Trash", false) });
}

fn expunged_uids(outcome: &support::Outcome) -> Vec<Option<u32>> {
    outcome
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Mailbox(MailboxUpdate::Expunged { uid, .. }) => Some(*uid),
            _ => None,
        })
        .collect()
}

/// UID MOVE (RFC 6851) with COPYUID in the untagged OK.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn move_native() {
    let text = format!(
        "{}
         C: a003 UID MOVE 20:21 Trash
         S: * OK [COPYUID 432432 20:21 5:6] Moved
         S: * 2 EXPUNGE
         S: * 2 EXPUNGE
         S: a003 OK Done",
        three_messages_script("MOVE UIDPLUS")
    );
    let outcome = run(&tls(), move_setup, &text, nothing);
    assert_eq!(
        results(&outcome)[2],
        Ok(Data::Copied {
            copy_uid: Some(CopyUid { uidvalidity: 432432, source: vec![20, 21], destination: vec![5, 6] }),
            expunged: true
        })
    );
    assert_eq!(expunged_uids(&outcome), vec![Some(20), Some(21)]);
}

/// Without MOVE: UID COPY, UID STORE +FLAGS.SILENT (\Deleted), UID EXPUNGE (RFC 6851 section
/// 3.3), reported once, under the last tag.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn move_fallback_with_uidplus() {
    let text = format!(
        "{}
         C: a003 UID COPY 20:21 Trash
         S: a003 OK [COPYUID 432432 20:21 5:6] Done
         C: a004 UID STORE 20:21 +FLAGS.SILENT (\\Deleted)
         S: a004 OK done
         C: a005 UID EXPUNGE 20:21
         S: * 3 EXPUNGE
         S: * 2 EXPUNGE
         S: a005 OK done",
        three_messages_script("UIDPLUS")
    );
    let outcome = run(&tls(), move_setup, &text, nothing);
    let done: Vec<_> = outcome.events.iter().filter(|e| matches!(e, Event::Done { .. })).collect();
    assert_eq!(done.len(), 3);
    match done[2] {
        Event::Done { tag, result, .. } => {
            assert_eq!(tag.as_ref().map(|t| t.as_str()), Some("a005"));
            assert_eq!(
                result,
                &Ok(Data::Copied {
                    copy_uid: Some(CopyUid {
                        uidvalidity: 432432,
                        source: vec![20, 21],
                        destination: vec![5, 6]
                    }),
                    expunged: true
                })
            );
        }
        _ => unreachable!(),
    }
    assert_eq!(expunged_uids(&outcome), vec![Some(21), Some(20)]);
}

/// Without MOVE and UIDPLUS the originals stay flagged: a plain EXPUNGE could remove other
/// messages someone marked \Deleted.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn move_fallback_without_uidplus_does_not_expunge() {
    let text = format!(
        "{}
         C: a003 UID COPY 20:21 Trash
         S: a003 OK Done
         C: a004 UID STORE 20:21 +FLAGS.SILENT (\\Deleted)
         S: a004 OK done",
        three_messages_script("IDLE")
    );
    let outcome = run(&tls(), move_setup, &text, nothing);
    assert_eq!(results(&outcome)[2], Ok(Data::Copied { copy_uid: None, expunged: false }));
}

/// IDLE (RFC 2177): `+`, updates while idling, DONE; and a command enqueued during IDLE ends it
/// first.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn idle_until_new_mail_then_fetch() {
    fn setup(client: &mut ImapClient) {
        three_messages(client);
        client.enqueue(Command::Idle);
    }
    fn on_event(client: &mut ImapClient, event: &Event) {
        if let Event::Mailbox(MailboxUpdate::Exists(4)) = event {
            client.enqueue(Command::Fetch {
                set: SequenceSet::from_start(22),
                uid: true,
                items: FetchItems::flags(),
                changed_since: None,
                vanished: false,
            });
        }
    }
    let text = format!(
        "{}
         C: a003 IDLE
         S: + idling
         S: * 4 EXISTS
         C: DONE
         S: a003 OK IDLE terminated
         C: a004 UID FETCH 22:* FLAGS
         S: * 4 FETCH (UID 22 FLAGS (\\Recent))
         S: a004 OK done",
        three_messages_script("IDLE")
    );
    let outcome = run(&tls(), setup, &text, on_event);
    assert!(outcome.events.iter().any(|e| matches!(e, Event::IdleStarted { .. })));
    let results = results(&outcome);
    assert_eq!(results[2], Ok(Data::None));
    let Ok(Data::Fetched(messages)) = &results[3] else { panic!("{:?}", results[3]) };
    assert_eq!((messages[0].seq, messages[0].uid), (4, Some(22)));
}

/// A command already waiting when IDLE starts ends it at once: IDLE never strands the queue.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn queued_command_ends_idle() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Idle);
        client.enqueue(Command::Noop);
    }
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE] ready
         C: a001 IDLE
         S: + idling
         C: DONE
         S: a001 OK IDLE terminated
         C: a002 NOOP
         S: a002 OK done",
        nothing,
    );
    assert_eq!(results(&outcome), vec![Ok(Data::None), Ok(Data::None)]);
}

/// IDLE is refused without the capability, before anything is sent.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn idle_needs_capability() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Idle);
        client.enqueue(Command::Noop);
    }
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1] ready
         C: a001 NOOP
         S: a001 OK done",
        nothing,
    );
    assert_eq!(
        outcome.events[1],
        Event::Done {
            id: posthorn_proto::imap::CommandId(1),
            tag: None,
            result: Err(posthorn_proto::imap::Error::NotSupported { capability: "IDLE" })
        }
    );
}

/// ENABLE QRESYNC, SELECT with what the client knows (RFC 7162 section 3.2.5, the RFC's own
/// example values), VANISHED (EARLIER) and changed messages; then FETCH CHANGEDSINCE VANISHED
/// and an unsolicited VANISHED that renumbers.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn qresync_select_and_vanished() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Enable { capabilities: vec!["QRESYNC".into()] });
        client.enqueue(Command::Select {
            mailbox: MailboxName::inbox(),
            qresync: Some(Qresync {
                uidvalidity: 67890007,
                modseq: 90060115194045000,
                known_uids: SequenceSet::parse("41:211,214:541"),
            }),
        });
        client.enqueue(Command::Fetch {
            set: SequenceSet::all(),
            uid: true,
            items: FetchItems { flags: true, modseq: true, ..FetchItems::default() },
            changed_since: Some(90060115205545359),
            vanished: true,
        });
        client.enqueue(Command::Noop);
    }
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC UIDPLUS] ready
         C: a001 ENABLE QRESYNC
         S: * ENABLED QRESYNC
         S: a001 OK Enabled
         C: a002 SELECT INBOX (QRESYNC (67890007 90060115194045000 41:211,214:541))
         S: * OK [CLOSED] previous mailbox closed
         S: * 3 EXISTS
         S: * OK [UIDVALIDITY 67890007] UIDVALIDITY
         S: * OK [UIDNEXT 600] Predicted next UID
         S: * OK [HIGHESTMODSEQ 90060115205545359] Highest
         S: * VANISHED (EARLIER) 41,43:116,118,120:211,214:540
         S: * 1 FETCH (UID 117 FLAGS (\\Seen \\Answered) MODSEQ (90060115194045001))
         S: a002 OK [READ-WRITE] mailbox selected
         C: a003 UID FETCH 1:* (FLAGS MODSEQ) (CHANGEDSINCE 90060115205545359 VANISHED)
         C: a004 NOOP
         S: * VANISHED (EARLIER) 300:310
         S: * 2 FETCH (UID 541 FLAGS (\\Flagged) MODSEQ (90060115205545400))
         S: * 3 FETCH (UID 599 FLAGS () MODSEQ (90060115205545401))
         S: a003 OK done
         S: * VANISHED 541
         S: a004 OK done",
        nothing,
    );
    let results = results(&outcome);
    assert_eq!(results[0], Ok(Data::Enabled(vec!["QRESYNC".into()])));
    let Ok(Data::Selected(selected)) = &results[1] else { panic!("{:?}", results[1]) };
    assert_eq!(selected.mailbox.highestmodseq, Some(90060115205545359));
    assert_eq!(selected.vanished[0].to_string(), "41,43:116,118,120:211,214:540");
    assert_eq!(selected.changed[0].uid, Some(117));
    assert_eq!(selected.changed[0].modseq, Some(90060115194045001));
    let Ok(Data::Fetched(changed)) = &results[2] else { panic!("{:?}", results[2]) };
    assert_eq!(changed.len(), 2);
    let vanished: Vec<&MailboxUpdate> = outcome
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Mailbox(u @ MailboxUpdate::Vanished { .. }) => Some(u),
            _ => None,
        })
        .collect();
    assert_eq!(
        vanished,
        vec![
            &MailboxUpdate::Vanished { uids: SequenceSet::range(300, 310), earlier: true },
            &MailboxUpdate::Vanished { uids: SequenceSet::single(541), earlier: false },
        ]
    );
}

/// The mailbox model after a non-EARLIER VANISHED: the message is gone and later ones moved up.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn vanished_renumbers_the_model() {
    let mut client = ImapClient::new(tls());
    client.enqueue(Command::Select { mailbox: MailboxName::inbox(), qresync: None });
    client.enqueue(Command::Fetch {
        set: SequenceSet::all(),
        uid: true,
        items: FetchItems::flags(),
        changed_since: None,
        vanished: false,
    });
    client.enqueue(Command::Noop);
    let server = b"* PREAUTH [CAPABILITY IMAP4rev1 CONDSTORE] ready\r\n\
        * 3 EXISTS\r\n* OK [UIDNEXT 50] x\r\na001 OK [READ-WRITE] done\r\n\
        * 1 FETCH (UID 10 FLAGS ())\r\n* 2 FETCH (UID 20 FLAGS ())\r\n* 3 FETCH (UID 30 FLAGS ())\r\na002 OK done\r\n\
        * VANISHED 10:20\r\na003 OK done\r\n";
    let outcome = support::drive(&mut client, &[vec![server.to_vec()]], nothing);
    assert_eq!(outcome.error, None);
    let mailbox = client.mailbox().unwrap();
    assert_eq!(mailbox.exists, 1);
    assert_eq!(mailbox.uid_of(1), Some(30));
    assert_eq!(mailbox.seq_of(30), Some(1));
    assert!(mailbox.message(10).is_none());
    assert!(mailbox.uids_complete());
}

fn plain() -> Box<Authenticator> {
    let credentials = Credentials::password("eva", "ahd635d");
    Box::new(Authenticator::new(Mechanism::Plain, &credentials, &Options::default()).unwrap())
}

/// AUTHENTICATE PLAIN with SASL-IR (RFC 4959): the initial response travels with the command
/// and is redacted.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn authenticate_with_sasl_ir() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Authenticate(plain()));
    }
    let script = script(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready
         C: a001 AUTHENTICATE PLAIN AGV2YQBhaGQ2MzVk
         S: a001 OK [CAPABILITY IMAP4rev1 MOVE] Logged in",
    );
    let outcome = run_unchecked(&tls(), setup, &script, nothing);
    assert_eq!(outcome.output_text(), String::from_utf8_lossy(&script.client));
    assert_eq!(
        outcome.rendered(),
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\nC: a001 AUTHENTICATE PLAIN <redacted>\nS: a001 OK [CAPABILITY IMAP4rev1 MOVE] Logged in\n"
    );
    assert!(matches!(&results(&outcome)[0], Ok(Data::Authenticated(caps)) if caps.move_()));
}

/// Without SASL-IR the initial response answers the server's empty challenge.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn authenticate_without_sasl_ir() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Authenticate(plain()));
    }
    let script = script(
        "S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready
         C: a001 AUTHENTICATE PLAIN
         S: +
         C: AGV2YQBhaGQ2MzVk
         S: a001 OK Logged in
         C: a002 CAPABILITY
         S: * CAPABILITY IMAP4rev1 IDLE
         S: a002 OK done",
    );
    let outcome = run_unchecked(&tls(), setup, &script, nothing);
    assert_eq!(outcome.output_text(), String::from_utf8_lossy(&script.client));
    assert!(outcome.rendered().contains("C: <redacted>\n"));
    assert!(!outcome.rendered().contains("AGV2YQBhaGQ2MzVk"));
    assert!(matches!(&results(&outcome)[0], Ok(Data::Authenticated(caps)) if caps.idle()));
}

/// A failed AUTHENTICATE reports the server's code and text (RFC 5530).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn authenticate_failure_is_typed() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Authenticate(plain()));
    }
    let outcome = run_unchecked(
        &tls(),
        setup,
        &script(
            "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready
             C: a001 AUTHENTICATE PLAIN AGV2YQBhaGQ2MzVk
             S: a001 NO [AUTHENTICATIONFAILED] Authentication failed.",
        ),
        nothing,
    );
    let error = results(&outcome)[0].clone().unwrap_err();
    assert!(
        matches!(&error, posthorn_proto::imap::Error::No { code: Some(c), .. } if c == "AUTHENTICATIONFAILED")
    );
    assert!(error.to_string().contains("check the user name and password"), "{error}");
    assert!(error.refuses_credentials());
}

/// A LOGIN refused because the server is busy or failing (RFC 5530 `UNAVAILABLE`, `INUSE`) is
/// told apart from a wrong password, so the app keeps the password and asks the person to try
/// again later; an uncoded NO counts as a wrong password, as most servers send no code.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_busy_server_is_not_a_wrong_password() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Login { username: "u".into(), password: "p".into() });
    }
    for (reply, wrong_password) in [
        ("a001 NO [UNAVAILABLE] Temporary authentication failure.", false),
        ("a001 NO [INUSE] Mailbox in use.", false),
        ("a001 NO [PRIVACYREQUIRED] Use TLS.", false),
        ("a001 NO [AUTHENTICATIONFAILED] Authentication failed.", true),
        ("a001 NO [EXPIRED] Password expired.", true),
        ("a001 NO Login failed.", true),
    ] {
        let outcome = run_unchecked(
            &tls(),
            setup,
            &script(&format!(
                "S: * OK [CAPABILITY IMAP4rev1] ready
                 C: a001 LOGIN u p
                 S: {reply}"
            )),
            nothing,
        );
        let error = results(&outcome)[0].clone().unwrap_err();
        assert!(matches!(&error, posthorn_proto::imap::Error::No { .. }), "{error:?}");
        assert_eq!(error.refuses_credentials(), wrong_password, "{reply}");
    }
    // The same code on another command is not about the password.
    let select = posthorn_proto::imap::Error::No {
        command: "SELECT".into(),
        text: "no".into(),
        code: Some("AUTHENTICATIONFAILED".into()),
    };
    assert!(!select.refuses_credentials());
}
