//! Gmail's IMAP quirks, replayed by a scripted peer: the server's lines below replay Gmail's
//! documented behaviour (Google's "IMAP Extensions" page for X-GM-EXT-1 and its "Gmail IMAP"
//! help on labels), not a capture. Gmail shows labels as folders, so one message sits in several
//! folders and always in `[Gmail]/All Mail`; deleting moves to `[Gmail]/Trash` (the folder with
//! `\Trash`, RFC 6154); it offers CONDSTORE but not QRESYNC (RFC 7162). Each script is replayed
//! whole, split at every byte and byte by byte (`support/imap.rs`). The session starts after
//! sign-in (PREAUTH with Gmail's post-login capabilities) to keep the scripts to the quirk.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/imap.rs"]
mod support;

use posthorn_proto::imap::{
    Command, Config, CopyUid, Data, Error, Event, FetchItems, ImapClient, MailboxName, MailboxUpdate,
    Qresync, SequenceSet, SpecialUse,
};
use posthorn_proto::security::TlsMode;
use support::{nothing, results, run};

fn tls() -> Config {
    Config::new(TlsMode::Implicit)
}

const GREETING: &str = "S: * PREAUTH [CAPABILITY IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN \
     X-GM-EXT-1 UIDPLUS COMPRESS=DEFLATE ENABLE MOVE CONDSTORE ESEARCH UTF8=ACCEPT LIST-EXTENDED \
     LIST-STATUS LITERAL- SPECIAL-USE APPENDLIMIT=35651584] Gimap ready";

/// Labels are folders; the system folders live under the non-selectable `[Gmail]` with their
/// SPECIAL-USE attributes, so Trash, Sent and All Mail are found by role, not by name.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn labels_are_folders_and_system_folders_are_found_by_role() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::List { reference: String::new(), pattern: "*".into() });
    }
    let script = format!(
        "{GREETING}
         C: a001 LIST \"\" *
         S: * LIST (\\HasNoChildren) \"/\" \"INBOX\"
         S: * LIST (\\HasNoChildren) \"/\" \"Work\"
         S: * LIST (\\HasChildren \\Noselect) \"/\" \"[Gmail]\"
         S: * LIST (\\All \\HasNoChildren) \"/\" \"[Gmail]/All Mail\"
         S: * LIST (\\Drafts \\HasNoChildren) \"/\" \"[Gmail]/Drafts\"
         S: * LIST (\\HasNoChildren \\Important) \"/\" \"[Gmail]/Important\"
         S: * LIST (\\HasNoChildren \\Sent) \"/\" \"[Gmail]/Sent Mail\"
         S: * LIST (\\HasNoChildren \\Junk) \"/\" \"[Gmail]/Spam\"
         S: * LIST (\\Flagged \\HasNoChildren) \"/\" \"[Gmail]/Starred\"
         S: * LIST (\\HasNoChildren \\Trash) \"/\" \"[Gmail]/Trash\"
         S: a001 OK Success"
    );
    let outcome = run(&tls(), setup, &script, nothing);
    let Ok(Data::List(list)) = &results(&outcome)[0] else { panic!("{:?}", outcome.events) };
    let role = |r| list.special_use(r).map(|m| m.mailbox.as_wire().to_owned());
    assert_eq!(role(SpecialUse::Trash).as_deref(), Some("[Gmail]/Trash"));
    assert_eq!(role(SpecialUse::Sent).as_deref(), Some("[Gmail]/Sent Mail"));
    assert_eq!(role(SpecialUse::All).as_deref(), Some("[Gmail]/All Mail"));
    assert_eq!(role(SpecialUse::Junk).as_deref(), Some("[Gmail]/Spam"));
    assert_eq!(role(SpecialUse::Drafts).as_deref(), Some("[Gmail]/Drafts"));
    let gmail = list.mailboxes.iter().find(|m| m.mailbox.as_wire() == "[Gmail]").expect("[Gmail]");
    assert!(!gmail.selectable(), "[Gmail] is \\Noselect");
    // "Work" is a label, a plain folder: no role.
    let work = list.mailboxes.iter().find(|m| m.mailbox.as_wire() == "Work").expect("Work");
    assert_eq!(work.special_use, None);
}

/// Deleting is a MOVE to `[Gmail]/Trash` (a plain EXPUNGE in INBOX would only remove the
/// label; the message stays in All Mail). Gmail answers MOVE with an untagged COPYUID
/// (RFC 6851 section 4.3) and the EXPUNGE.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn delete_is_a_move_to_trash_with_copyuid() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Select { mailbox: MailboxName::inbox(), qresync: None });
        client.enqueue(Command::Move {
            uids: SequenceSet::single(5),
            to: MailboxName::from_wire("[Gmail]/Trash".to_owned()),
        });
    }
    let script = format!(
        "{GREETING}
         C: a001 SELECT INBOX (CONDSTORE)
         S: * FLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen $NotPhishing $Phishing)
         S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen $NotPhishing $Phishing \\*)] Flags permitted.
         S: * OK [UIDVALIDITY 1] UIDs valid.
         S: * 3 EXISTS
         S: * 0 RECENT
         S: * OK [UIDNEXT 6] Predicted next UID.
         S: * OK [HIGHESTMODSEQ 4242] Highest
         S: a001 OK [READ-WRITE] INBOX selected. (Success)
         C: a002 UID MOVE 5 [Gmail]/Trash
         S: * OK [COPYUID 7 5 42] (Success)
         S: * 3 EXPUNGE
         S: a002 OK Success"
    );
    let outcome = run(&tls(), setup, &script, nothing);
    let results = results(&outcome);
    let Ok(Data::Selected(selected)) = &results[0] else { panic!("{results:?}") };
    assert_eq!(selected.mailbox.highestmodseq, Some(4242));
    let Ok(Data::Copied { copy_uid, expunged }) = &results[1] else { panic!("{results:?}") };
    assert_eq!(copy_uid.as_ref(), Some(&CopyUid { uidvalidity: 7, source: vec![5], destination: vec![42] }));
    assert!(expunged, "MOVE removes the original");
    let gone =
        outcome.events.iter().any(|e| matches!(e, Event::Mailbox(MailboxUpdate::Expunged { seq: 3, .. })));
    assert!(gone, "{:?}", outcome.events);
}

/// CONDSTORE without QRESYNC: SELECT asks for mod-sequences, and FLAGS changes come from
/// CHANGEDSINCE; a QRESYNC SELECT or VANISHED is refused before anything is sent, so the caller
/// falls back to UID SEARCH ALL for expunges (what frontend/src/mail_state.rs does without QRESYNC).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn condstore_without_qresync() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Select {
            mailbox: MailboxName::inbox(),
            qresync: Some(Qresync { uidvalidity: 1, modseq: 4000, known_uids: None }),
        });
        client.enqueue(Command::Select { mailbox: MailboxName::inbox(), qresync: None });
        client.enqueue(Command::Fetch {
            set: SequenceSet::all(),
            uid: true,
            items: FetchItems { uid: true, flags: true, ..FetchItems::default() },
            changed_since: Some(4000),
            vanished: true,
        });
        client.enqueue(Command::Fetch {
            set: SequenceSet::all(),
            uid: true,
            items: FetchItems { uid: true, flags: true, ..FetchItems::default() },
            changed_since: Some(4000),
            vanished: false,
        });
    }
    let script = format!(
        "{GREETING}
         C: a001 SELECT INBOX (CONDSTORE)
         S: * FLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen)
         S: * OK [UIDVALIDITY 1] UIDs valid.
         S: * 2 EXISTS
         S: * OK [UIDNEXT 6] Predicted next UID.
         S: * OK [HIGHESTMODSEQ 4242] Highest
         S: a001 OK [READ-WRITE] INBOX selected. (Success)
         C: a002 UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE 4000)
         S: * 2 FETCH (UID 5 FLAGS (\\Seen) MODSEQ (4242))
         S: a002 OK Success"
    );
    let outcome = run(&tls(), setup, &script, nothing);
    let results = results(&outcome);
    for refused in [&results[0], &results[2]] {
        let Err(error) = refused else { panic!("{results:?}") };
        assert!(matches!(error, Error::NotSupported { .. }), "{error:?}");
        assert!(error.to_string().contains("QRESYNC"), "{error}");
    }
    let Ok(Data::Fetched(messages)) = &results[3] else { panic!("{results:?}") };
    assert_eq!(messages[0].uid, Some(5));
}
