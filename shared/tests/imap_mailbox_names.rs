//! Mailbox names from LIST back to the server (RFC 3501 section 5.1.3, RFC 6855 section 3), in
//! `C:`/`S:` form: the name a server lists is sent back byte for byte, whatever it contains.
//! The server is scripted (see `support/imap.rs`); the real Dovecot runs in
//! `tests/tests/folders.rs`.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/imap.rs"]
mod support;

use posthorn_proto::imap::{
    Command, CommandId, Config, Data, Error, Event, ImapClient, MailboxName, SearchKey, SpecialUse,
};
use posthorn_proto::security::TlsMode;
use support::{nothing, results, run};

fn tls() -> Config {
    Config::new(TlsMode::Implicit)
}

fn list_all(client: &mut ImapClient) {
    client.enqueue(Command::List { reference: String::new(), pattern: "*".into() });
}

/// After LIST, every listed mailbox is selected, asked for its STATUS, and a message is copied
/// into it, using the name exactly as listed.
fn use_each_listed(client: &mut ImapClient, event: &Event) {
    let Event::Done { result: Ok(Data::List(list)), .. } = event else { return };
    for mailbox in &list.mailboxes {
        client.enqueue(Command::Status { mailbox: mailbox.mailbox.clone() });
    }
    for mailbox in &list.mailboxes {
        client.enqueue(Command::Examine { mailbox: mailbox.mailbox.clone(), qresync: None });
    }
}

/// Courier lists everything under `INBOX.` with `.` as delimiter; the modified UTF-7 of a
/// listed name is what goes back, not a second encoding of it (`&` would become `&-`).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn courier_names_go_back_as_listed() {
    let outcome = run(
        &tls(),
        list_all,
        "S: * PREAUTH [CAPABILITY IMAP4rev1] Courier-IMAP ready
         C: a001 LIST \"\" *
         S: * LIST (\\HasChildren) \".\" INBOX
         S: * LIST (\\HasChildren) \".\" \"INBOX.Entw&APw-rfe\"
         S: * LIST (\\HasNoChildren) \".\" \"INBOX.Entw&APw-rfe.Gr&APw-n\"
         S: a001 OK LIST completed
         C: a002 STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)
         C: a003 STATUS INBOX.Entw&APw-rfe (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)
         C: a004 STATUS INBOX.Entw&APw-rfe.Gr&APw-n (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)
         # The answers come out of order: each belongs to the command that named its mailbox.
         S: * STATUS \"INBOX.Entw&APw-rfe\" (MESSAGES 2 RECENT 0 UIDNEXT 3 UIDVALIDITY 8 UNSEEN 1)
         S: * STATUS INBOX (MESSAGES 1 RECENT 0 UIDNEXT 2 UIDVALIDITY 7 UNSEEN 1)
         S: a002 OK STATUS completed
         S: a003 OK STATUS completed
         S: * STATUS \"INBOX.Entw&APw-rfe.Gr&APw-n\" (MESSAGES 3 RECENT 0 UIDNEXT 4 UIDVALIDITY 9 UNSEEN 2)
         S: a004 OK STATUS completed
         C: a005 EXAMINE INBOX
         S: * 1 EXISTS
         S: a005 OK [READ-ONLY] EXAMINE completed
         C: a006 EXAMINE INBOX.Entw&APw-rfe
         S: * 2 EXISTS
         S: a006 OK [READ-ONLY] EXAMINE completed
         C: a007 EXAMINE INBOX.Entw&APw-rfe.Gr&APw-n
         S: * 3 EXISTS
         S: a007 OK [READ-ONLY] EXAMINE completed",
        use_each_listed,
    );
    let results = results(&outcome);
    let Ok(Data::List(list)) = &results[0] else { panic!("{:?}", results[0]) };
    let names: Vec<&str> = list.mailboxes.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["INBOX", "INBOX.Entwürfe", "INBOX.Entwürfe.Grün"]);
    let unseen: Vec<Option<u32>> = results[1..4]
        .iter()
        .map(|r| match r {
            Ok(Data::Status(s)) => s.unseen,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(unseen, [Some(1), Some(1), Some(2)]);
    let Ok(Data::Status(drafts)) = &results[2] else { panic!() };
    assert_eq!((drafts.mailbox.as_wire(), drafts.messages), ("INBOX.Entw&APw-rfe", Some(2)));
    for (result, exists) in results[4..].iter().zip([1, 2, 3]) {
        let Ok(Data::Selected(selected)) = result else { panic!("{result:?}") };
        assert_eq!(selected.mailbox.exists, exists);
    }
}

/// A name with a literal `&` (listed as `&-`) and one the server did not encode at all (some
/// servers list raw 8-bit names) both go back unchanged.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn ampersands_and_odd_names_go_back_unchanged() {
    let outcome = run(
        &tls(),
        list_all,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 LITERAL+] ready
         C: a001 LIST \"\" *
         S: * LIST (\\HasNoChildren) \"/\" \"Tom &- Jerry\"
         S: a001 OK done
         C: a002 STATUS \"Tom &- Jerry\" (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)
         S: * STATUS \"Tom &- Jerry\" (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 1 UNSEEN 0)
         S: a002 OK done
         C: a003 EXAMINE \"Tom &- Jerry\"
         S: a003 OK [READ-ONLY] done",
        use_each_listed,
    );
    let results = results(&outcome);
    let Ok(Data::List(list)) = &results[0] else { panic!("{:?}", results[0]) };
    assert_eq!(list.mailboxes[0].name, "Tom & Jerry");
    assert!(results.iter().all(Result::is_ok), "{results:?}");
}

/// A folder a person names is encoded once, under the parent exactly as the server listed it
/// (Courier's `INBOX.` namespace and `.` delimiter, RFC 3501 section 5.1.1 and 5.1.3).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_typed_name_is_encoded_once_under_its_parent() {
    fn setup(client: &mut ImapClient) {
        let parent = MailboxName::from_wire("INBOX.Entw&APw-rfe");
        client.enqueue(Command::Create { mailbox: parent.child("Grün & Blau", '.', false) });
        client.enqueue(Command::Create { mailbox: MailboxName::encode("Entwürfe", false) });
    }
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1] ready
         C: a001 CREATE \"INBOX.Entw&APw-rfe.Gr&APw-n &- Blau\"
         C: a002 CREATE Entw&APw-rfe
         S: a001 OK created
         S: a002 OK created",
        nothing,
    );
    assert!(results(&outcome).iter().all(Result::is_ok));
}

fn enable_utf8_then_list(client: &mut ImapClient) {
    client.enqueue(Command::Enable { capabilities: vec!["UTF8=ACCEPT".into()] });
    client.enqueue(Command::List { reference: String::new(), pattern: "*".into() });
}

fn after_utf8_list(client: &mut ImapClient, event: &Event) {
    let Event::Done { result: Ok(Data::List(list)), .. } = event else { return };
    let drafts = list.mailboxes.iter().find(|m| m.name == "Entwürfe").expect("listed");
    client.enqueue(Command::Select { mailbox: drafts.mailbox.clone(), qresync: None });
    let typed = MailboxName::encode("Grün", client.utf8_enabled());
    client.enqueue(Command::Create { mailbox: drafts.mailbox.child("Grün", '/', client.utf8_enabled()) });
    client.enqueue(Command::Status { mailbox: typed });
    client.enqueue(Command::Search { criteria: vec![SearchKey::Subject("Größe".into())] });
}

/// With UTF8=ACCEPT enabled (RFC 6855 section 3) names travel as UTF-8 both ways: a listed
/// name with `&` is not taken for modified UTF-7, names go back as UTF-8 quoted strings, typed
/// names are not encoded, and SEARCH names no charset.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn utf8_accept_names_travel_as_utf8() {
    let outcome = run(
        &tls(),
        enable_utf8_then_list,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 ENABLE UTF8=ACCEPT] ready
         C: a001 ENABLE UTF8=ACCEPT
         S: * ENABLED UTF8=ACCEPT
         S: a001 OK enabled
         C: a002 LIST \"\" *
         S: * LIST (\\HasNoChildren) \"/\" INBOX
         S: * LIST (\\HasNoChildren) \"/\" \"Entwürfe\"
         S: * LIST (\\HasNoChildren) \"/\" \"Tom&Jerry-x\"
         S: a002 OK done
         C: a003 SELECT \"Entwürfe\"
         S: * 1 EXISTS
         S: a003 OK [READ-WRITE] selected
         C: a004 CREATE \"Entwürfe/Grün\"
         C: a005 STATUS \"Grün\" (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)
         C: a006 UID SEARCH SUBJECT \"Größe\"
         S: a004 OK created
         S: * STATUS \"Grün\" (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 5 UNSEEN 0)
         S: a005 OK done
         S: * SEARCH 1
         S: a006 OK done",
        after_utf8_list,
    );
    let results = results(&outcome);
    let Ok(Data::List(list)) = &results[1] else { panic!("{:?}", results[1]) };
    let names: Vec<&str> = list.mailboxes.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["INBOX", "Entwürfe", "Tom&Jerry-x"]);
    assert!(results.iter().all(Result::is_ok), "{results:?}");
}

/// A missing Sent folder made with its role (RFC 6154 section 5.2): `(USE (\\Sent))` after the
/// name, a quoted name too, where the server offers CREATE-SPECIAL-USE.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn create_with_special_use_where_offered() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::CreateSpecialUse {
            mailbox: MailboxName::encode("Sent", false),
            role: SpecialUse::Sent,
        });
        client.enqueue(Command::CreateSpecialUse {
            mailbox: MailboxName::encode("INBOX.Gelöschte Elemente", false),
            role: SpecialUse::Trash,
        });
    }
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 SPECIAL-USE CREATE-SPECIAL-USE] ready
         C: a001 CREATE Sent (USE (\\Sent))
         C: a002 CREATE \"INBOX.Gel&APY-schte Elemente\" (USE (\\Trash))
         S: a001 OK created
         S: a002 OK created",
        nothing,
    );
    assert!(results(&outcome).iter().all(Result::is_ok), "{:?}", outcome.events);
}

/// Without CREATE-SPECIAL-USE nothing is sent: the caller makes the folder with a plain CREATE.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn create_with_special_use_needs_the_capability() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::CreateSpecialUse {
            mailbox: MailboxName::encode("Sent", false),
            role: SpecialUse::Sent,
        });
        client.enqueue(Command::Create { mailbox: MailboxName::encode("Sent", false) });
    }
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 SPECIAL-USE] ready
         C: a001 CREATE Sent
         S: a001 OK created",
        nothing,
    );
    assert_eq!(
        outcome.events[1],
        Event::Done {
            id: CommandId(1),
            tag: None,
            result: Err(Error::NotSupported { capability: "CREATE-SPECIAL-USE" })
        }
    );
}
