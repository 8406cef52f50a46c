//! The engine's IMAP client against the real Dovecot, over the host driver: every command family,
//! on the implicit-TLS port and on the plain port with STARTTLS. Seeding and cross-checks use the
//! harness's own independent IMAP code, so the engine is not checked against itself.

use std::sync::Arc;

use posthorn_bridge::driver::{Connection, DriverError};
use posthorn_proto::imap::{
    Command, Config, Data, Error, Event, FetchItems, Flag, ImapClient, MailboxName, MailboxUpdate, Qresync,
    SearchKey, Section, SequenceSet, SpecialUse, StoreAction,
};
use posthorn_proto::sasl::{Authenticator, Credentials, Mechanism, Options};
use posthorn_proto::security::TlsMode;
use posthorn_proto::wire::Security;
use posthorn_tests::mailstack::{Account, MailStack};

async fn stack() -> Arc<MailStack> {
    let stack =
        tokio::task::spawn_blocking(MailStack::start).await.unwrap().unwrap_or_else(|e| panic!("{e}"));
    Arc::new(stack)
}

/// One engine session over the driver, with the events that were not command completions.
struct Session {
    conn: Connection,
    client: ImapClient,
    unsolicited: Vec<Event>,
}

impl Session {
    async fn open(stack: &MailStack, tls: TlsMode) -> Session {
        let (port, security) = match tls {
            TlsMode::Implicit => (stack.ports().imaps, Security::Tls),
            _ => (stack.ports().imap, Security::Plain),
        };
        let conn = Connection::connect(stack.host(), port, security, stack.tls_client_config())
            .await
            .unwrap_or_else(|e| panic!("connect: {e}"));
        let mut session =
            Session { conn, client: ImapClient::new(Config::new(tls)), unsolicited: Vec::new() };
        match session.conn.next_event(&mut session.client).await {
            Ok(Event::Ready { authenticated: false, .. }) => {}
            other => panic!("no greeting: {other:?}"),
        }
        assert!(session.client.is_encrypted());
        session
    }

    async fn login(stack: &MailStack, tls: TlsMode, account: &Account) -> Session {
        let mut session = Session::open(stack, tls).await;
        let result = session
            .run(Command::Login {
                username: account.user.clone(),
                password: account.password.as_str().into(),
            })
            .await;
        assert!(matches!(result, Ok(Data::Authenticated(_))), "login: {result:?}");
        session
    }

    /// Enqueues a command and drives the connection until it completes.
    async fn run(&mut self, command: Command) -> Result<Data, Error> {
        let id = self.client.enqueue(command);
        loop {
            match self.conn.next_event(&mut self.client).await {
                Ok(Event::Done { id: done, result, .. }) if done == id => return result,
                Ok(event) => self.unsolicited.push(event),
                Err(DriverError::Protocol(e)) => panic!("session failed: {e}\n{}", self.log()),
                Err(e) => panic!("connection failed: {e}\n{}", self.log()),
            }
        }
    }

    async fn ok(&mut self, command: Command) -> Data {
        let name = command.name();
        self.run(command).await.unwrap_or_else(|e| panic!("{name}: {e}\n{}", self.log()))
    }

    fn log(&self) -> String {
        self.conn.transcript().iter().map(|e| format!("{} {}\n", e.direction.prefix(), e.text)).collect()
    }
}

fn message(subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: Alice <alice@posthorn.test>\r\nTo: Bob <bob@posthorn.test>\r\nSubject: {subject}\r\n\
         Date: Mon, 23 Nov 2026 10:00:00 +0100\r\nMessage-ID: <{}@posthorn.test>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
        subject.len() + body.len()
    )
    .into_bytes()
}

fn uid_fetch(set: SequenceSet, items: FetchItems) -> Command {
    Command::Fetch { set, uid: true, items, changed_since: None, vanished: false }
}

/// Every command family on IMAPS: LOGIN, CAPABILITY, NAMESPACE, LIST/LSUB with SPECIAL-USE,
/// CREATE/RENAME/SUBSCRIBE/UNSUBSCRIBE/DELETE, STATUS, APPEND (APPENDUID), SELECT/EXAMINE,
/// UID FETCH (summary and body), UID SEARCH (UTF-8), UID STORE, UID COPY, MOVE, EXPUNGE,
/// UID EXPUNGE, IDLE with mail arriving from another session, NOOP, CLOSE, LOGOUT.
#[tokio::test]
async fn every_command_family_over_imaps() {
    let stack = stack().await;
    let alice = stack.alice().clone();
    let mut s = Session::login(&stack, TlsMode::Implicit, &alice).await;

    let Data::Capabilities(caps) = s.ok(Command::Capability).await else { panic!() };
    for needed in ["IDLE", "MOVE", "UIDPLUS", "SPECIAL-USE", "CONDSTORE", "QRESYNC", "NAMESPACE", "ENABLE"] {
        assert!(caps.has(needed), "Dovecot lacks {needed}: {:?}", caps.names().collect::<Vec<_>>());
    }

    let Data::Namespaces(ns) = s.ok(Command::Namespace).await else { panic!() };
    assert_eq!(ns.personal[0].delimiter, Some('/'));

    let Data::List(list) = s.ok(Command::List { reference: String::new(), pattern: "*".into() }).await else {
        panic!()
    };
    for (role, name) in [
        (SpecialUse::Inbox, "INBOX"),
        (SpecialUse::Sent, "Sent"),
        (SpecialUse::Drafts, "Drafts"),
        (SpecialUse::Trash, "Trash"),
        (SpecialUse::Junk, "Junk"),
        (SpecialUse::Archive, "Archive"),
    ] {
        assert_eq!(list.special_use(role).map(|m| m.name.as_str()), Some(name), "{role:?} in {list:?}");
    }

    // Mailbox management with a Unicode name (modified UTF-7 on the wire).
    assert_eq!(
        s.ok(Command::Create { mailbox: MailboxName::encode("Prüfung/Entwürfe", false) }).await,
        Data::None
    );
    assert_eq!(
        s.ok(Command::Rename {
            from: MailboxName::encode("Prüfung/Entwürfe", false),
            to: MailboxName::encode("Prüfung/Geprüft", false)
        })
        .await,
        Data::None
    );
    assert_eq!(
        s.ok(Command::Subscribe { mailbox: MailboxName::encode("Prüfung/Geprüft", false) }).await,
        Data::None
    );
    let Data::List(lsub) =
        s.ok(Command::Lsub { reference: String::new(), pattern: "Prüfung/*".into() }).await
    else {
        panic!()
    };
    assert_eq!(lsub.mailboxes.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), vec!["Prüfung/Geprüft"]);
    assert_eq!(
        s.ok(Command::Unsubscribe { mailbox: MailboxName::encode("Prüfung/Geprüft", false) }).await,
        Data::None
    );
    let again = s.run(Command::Create { mailbox: MailboxName::encode("Prüfung/Geprüft", false) }).await;
    assert!(matches!(again, Err(Error::No { .. })), "{again:?}");

    // APPEND with literal (Dovecot offers LITERAL+) and APPENDUID.
    let Data::Appended(Some(first)) = s
        .ok(Command::Append {
            mailbox: MailboxName::inbox(),
            flags: vec![Flag::Seen],
            internal_date: None,
            message: message("Grüße aus Posthorn", "Erste Nachricht"),
        })
        .await
    else {
        panic!()
    };
    let Data::Appended(Some(second)) = s
        .ok(Command::Append {
            mailbox: MailboxName::inbox(),
            flags: vec![],
            internal_date: None,
            message: message("Zweite", "Noch eine"),
        })
        .await
    else {
        panic!()
    };
    assert_eq!(second.uid, first.uid + 1);

    let Data::Status(status) = s.ok(Command::Status { mailbox: MailboxName::inbox() }).await else {
        panic!()
    };
    assert_eq!(status.messages, Some(2));
    assert_eq!(status.unseen, Some(1));
    assert_eq!(status.uidvalidity, Some(first.uidvalidity));

    let Data::Selected(selected) =
        s.ok(Command::Examine { mailbox: MailboxName::inbox(), qresync: None }).await
    else {
        panic!()
    };
    assert!(selected.mailbox.read_only);
    let Data::Selected(selected) =
        s.ok(Command::Select { mailbox: MailboxName::inbox(), qresync: None }).await
    else {
        panic!()
    };
    let mailbox = &selected.mailbox;
    assert_eq!(
        (mailbox.exists, mailbox.uidvalidity, mailbox.uidnext),
        (2, Some(first.uidvalidity), Some(second.uid + 1))
    );
    assert!(!mailbox.read_only);
    assert!(mailbox.highestmodseq.is_some(), "SELECT (CONDSTORE) reports HIGHESTMODSEQ");
    assert!(mailbox.permanent_flags.iter().any(|f| f == "\\*"));

    let Data::Fetched(summaries) = s.ok(uid_fetch(SequenceSet::all(), FetchItems::summary())).await else {
        panic!()
    };
    assert_eq!(summaries.len(), 2);
    let envelope = summaries[0].envelope.as_ref().unwrap();
    assert_eq!(envelope.subject.as_deref(), Some("Grüße aus Posthorn"));
    assert_eq!(envelope.from[0].name.as_deref(), Some("Alice"));
    assert_eq!(envelope.to[0].address, "bob@posthorn.test");
    assert!(summaries[0].is_seen() && !summaries[1].is_seen());
    assert!(summaries[0].size.is_some() && summaries[0].internal_date.is_some());
    assert_eq!(
        summaries[0].body_structure.as_ref().unwrap().find_text("plain").unwrap().charset.as_deref(),
        Some("utf-8")
    );
    assert!(s.client.mailbox().unwrap().uids_complete());

    let Data::Fetched(bodies) =
        s.ok(uid_fetch(SequenceSet::single(first.uid), FetchItems::section(Section::Text(vec![])))).await
    else {
        panic!()
    };
    assert_eq!(bodies[0].section(&Section::Text(vec![])), Some(&b"Erste Nachricht\r\n"[..]));

    let Data::Searched(found) =
        s.ok(Command::Search { criteria: vec![SearchKey::Subject("Grüße".into())] }).await
    else {
        panic!()
    };
    assert_eq!(found.uids, vec![first.uid]);
    let Data::Searched(unseen) = s.ok(Command::Search { criteria: vec![SearchKey::Unseen] }).await else {
        panic!()
    };
    assert_eq!(unseen.uids, vec![second.uid]);

    let Data::Stored { messages, .. } = s
        .ok(Command::Store {
            uids: SequenceSet::single(second.uid),
            action: StoreAction::Add,
            flags: vec![Flag::Flagged, Flag::Keyword("$Posthorn".into())],
            unchanged_since: None,
        })
        .await
    else {
        panic!()
    };
    assert!(messages[0].flags.as_ref().unwrap().contains(&Flag::Flagged));

    let Data::Copied { copy_uid: Some(copied), expunged: false } = s
        .ok(Command::Copy { uids: SequenceSet::single(first.uid), to: MailboxName::encode("Archive", false) })
        .await
    else {
        panic!()
    };
    assert_eq!(copied.source, vec![first.uid]);

    let Data::Copied { copy_uid: Some(moved), expunged: true } = s
        .ok(Command::Move { uids: SequenceSet::single(first.uid), to: MailboxName::encode("Trash", false) })
        .await
    else {
        panic!()
    };
    assert_eq!(moved.source, vec![first.uid]);
    assert!(
        s.unsolicited.iter().any(
            |e| matches!(e, Event::Mailbox(MailboxUpdate::Expunged { uid: Some(u), .. }) if *u == first.uid)
        ),
        "MOVE expunged the original: {:?}",
        s.unsolicited
    );
    assert_eq!(s.client.mailbox().unwrap().exists, 1);

    // IDLE: another session delivers; the EXISTS arrives while idling; a command ends the IDLE.
    let idle = s.client.enqueue(Command::Idle);
    loop {
        match s.conn.next_event(&mut s.client).await.unwrap() {
            Event::IdleStarted { id } if id == idle => break,
            other => s.unsolicited.push(other),
        }
    }
    let seeder = stack.clone();
    let account = alice.clone();
    tokio::task::spawn_blocking(move || seeder.seed(&account, "INBOX", &[message("Neu", "Während IDLE")]))
        .await
        .unwrap()
        .unwrap();
    loop {
        match s.conn.next_event(&mut s.client).await.unwrap() {
            Event::Mailbox(MailboxUpdate::Exists(2)) => break,
            other => s.unsolicited.push(other),
        }
    }
    let Data::Fetched(new) =
        s.ok(uid_fetch(SequenceSet::from_start(second.uid + 1), FetchItems::summary())).await
    else {
        panic!()
    };
    assert_eq!(new[0].envelope.as_ref().unwrap().subject.as_deref(), Some("Neu"));
    assert!(s.conn.transcript().iter().any(|e| e.text == "DONE"));

    // EXPUNGE and UID EXPUNGE.
    s.ok(Command::Store {
        uids: SequenceSet::single(second.uid),
        action: StoreAction::Add,
        flags: vec![Flag::Deleted],
        unchanged_since: None,
    })
    .await;
    assert_eq!(s.ok(Command::Expunge).await, Data::None);
    assert_eq!(s.client.mailbox().unwrap().exists, 1);
    let newest = new[0].uid.unwrap();
    s.ok(Command::Store {
        uids: SequenceSet::single(newest),
        action: StoreAction::Add,
        flags: vec![Flag::Deleted],
        unchanged_since: None,
    })
    .await;
    assert_eq!(s.ok(Command::UidExpunge { uids: SequenceSet::single(newest) }).await, Data::None);
    assert_eq!(s.client.mailbox().unwrap().exists, 0);

    assert_eq!(s.ok(Command::Noop).await, Data::None);
    assert_eq!(s.ok(Command::Close).await, Data::None);
    assert_eq!(
        s.ok(Command::Delete { mailbox: MailboxName::encode("Prüfung/Geprüft", false) }).await,
        Data::None
    );
    assert_eq!(s.ok(Command::Logout).await, Data::None);

    // The harness's own IMAP code sees what the engine did.
    let trash = stack.fetch_all(&alice, "Trash").unwrap();
    assert_eq!(trash.len(), 1);
    let archive = stack.fetch_all(&alice, "Archive").unwrap();
    assert_eq!(archive.len(), 1);
    assert!(!s.log().contains(&alice.password), "the password never reaches the transcript");
}

/// The plain port with STARTTLS: upgrade, capabilities again, then LOGIN with a password that
/// needs quoting (dave's holds a space, `"` and `\`), and AUTHENTICATE PLAIN and CRAM-MD5.
#[tokio::test]
async fn starttls_login_and_authenticate() {
    let stack = stack().await;
    let dave = stack.dave().clone();
    let mut s = Session::login(&stack, TlsMode::StartTls, &dave).await;
    assert!(s.log().contains("STARTTLS"));
    assert!(!s.log().contains(&dave.password));
    let Data::Selected(selected) =
        s.ok(Command::Select { mailbox: MailboxName::inbox(), qresync: None }).await
    else {
        panic!()
    };
    assert_eq!(selected.mailbox.name, MailboxName::inbox());
    assert_eq!(s.ok(Command::Logout).await, Data::None);

    let bob = stack.bob().clone();
    for mechanism in [Mechanism::Plain, Mechanism::CramMd5] {
        let mut s = Session::open(&stack, TlsMode::StartTls).await;
        let credentials = Credentials::password(bob.user.clone(), bob.password.as_str());
        let authenticator = Authenticator::new(mechanism, &credentials, &Options::default()).unwrap();
        let result = s.run(Command::Authenticate(Box::new(authenticator))).await;
        assert!(matches!(result, Ok(Data::Authenticated(_))), "{mechanism}: {result:?}\n{}", s.log());
        assert!(!s.log().contains(&bob.password));
        s.ok(Command::Logout).await;
    }

    // SignIn takes the strongest mechanism Dovecot offers: SCRAM-SHA-256, whose server proof the
    // engine checks.
    let mut s = Session::open(&stack, TlsMode::Implicit).await;
    let options =
        Options { scram_client_nonce: Some("9f1c2a7b4e6d8f0a1b3c5d7e".into()), ..Options::default() };
    let credentials = Credentials::password(bob.user.clone(), bob.password.as_str());
    let result = s.run(Command::SignIn { credentials, options }).await;
    assert!(matches!(result, Ok(Data::Authenticated(_))), "{result:?}\n{}", s.log());
    assert!(s.log().contains("AUTHENTICATE SCRAM-SHA-256 <redacted>"), "{}", s.log());
    assert!(!s.log().contains(&bob.password));
    s.ok(Command::Logout).await;

    // A wrong password comes back typed, with Dovecot's response code.
    let mut s = Session::open(&stack, TlsMode::Implicit).await;
    let wrong = s.run(Command::Login { username: bob.user.clone(), password: "wrong".into() }).await;
    assert!(
        matches!(&wrong, Err(Error::No { code: Some(c), .. }) if c == "AUTHENTICATIONFAILED"),
        "{wrong:?}"
    );
}

/// CONDSTORE and QRESYNC against Dovecot: CHANGEDSINCE after a flag change made by another
/// session, and a QRESYNC SELECT that reports the change and the expunge (VANISHED (EARLIER)).
#[tokio::test]
async fn condstore_and_qresync() {
    let stack = stack().await;
    let carol = stack.carol().clone();
    let uids = stack
        .seed(&carol, "INBOX", &[message("eins", "1"), message("zwei", "2"), message("drei", "3")])
        .unwrap();

    let mut s = Session::login(&stack, TlsMode::Implicit, &carol).await;
    assert_eq!(
        s.ok(Command::Enable { capabilities: vec!["QRESYNC".into()] }).await,
        Data::Enabled(vec!["QRESYNC".into()])
    );
    let Data::Selected(selected) =
        s.ok(Command::Select { mailbox: MailboxName::inbox(), qresync: None }).await
    else {
        panic!()
    };
    let uidvalidity = selected.mailbox.uidvalidity.unwrap();
    let modseq = selected.mailbox.highestmodseq.unwrap();
    s.ok(Command::Close).await;

    // Another session changes a flag and expunges a message.
    let other = stack.clone();
    let account = carol.clone();
    let (flagged, gone) = (uids[0], uids[1]);
    tokio::task::spawn_blocking(move || {
        other.set_flags(&account, "INBOX", flagged, &["\\Flagged"])?;
        other.set_flags(&account, "INBOX", gone, &["\\Deleted"])
    })
    .await
    .unwrap()
    .unwrap();
    // Expunge through the engine from a second session, so the \Deleted message really goes.
    let mut expunger = Session::login(&stack, TlsMode::Implicit, &carol).await;
    expunger.ok(Command::Select { mailbox: MailboxName::inbox(), qresync: None }).await;
    expunger.ok(Command::Expunge).await;
    expunger.ok(Command::Logout).await;

    let Data::Selected(resynced) = s
        .ok(Command::Select {
            mailbox: MailboxName::inbox(),
            qresync: Some(Qresync { uidvalidity, modseq, known_uids: Some(SequenceSet::from_ids(&uids)) }),
        })
        .await
    else {
        panic!()
    };
    assert!(resynced.vanished.iter().any(|set| set.contains(gone, gone)), "{resynced:?}");
    assert!(
        resynced
            .changed
            .iter()
            .any(|m| m.uid == Some(flagged) && m.flags.as_ref().unwrap().contains(&Flag::Flagged))
    );

    let Data::Fetched(changed) = s
        .ok(Command::Fetch {
            set: SequenceSet::all(),
            uid: true,
            items: FetchItems { flags: true, modseq: true, ..FetchItems::default() },
            changed_since: Some(modseq),
            vanished: true,
        })
        .await
    else {
        panic!()
    };
    assert_eq!(changed.iter().map(|m| m.uid.unwrap()).collect::<Vec<_>>(), vec![flagged]);
    assert!(changed[0].modseq.unwrap() > modseq);
    s.ok(Command::Logout).await;
}

/// UID SORT (RFC 5256) on Dovecot, with the criteria the message list asks for: the Date header
/// newest first whatever the delivery order, the sender's display name (SORT=DISPLAY, RFC 5957),
/// the base subject without Re:/Fwd:, and unread first as a sort over UNSEEN then SEEN.
#[tokio::test]
async fn uid_sort_orders_as_the_list_does() {
    use posthorn_proto::sort::SortOrder;
    let stack = stack().await;
    let carol = stack.carol().clone();
    // Each To names carol differently, for the order by recipient (DISPLAYTO, RFC 5957).
    let dated = |date: &str, name: &str, subject: &str, to: &str| {
        format!(
            "Date: {date}\r\nFrom: {name} <{}@posthorn.test>\r\nTo: {to} <carol@posthorn.test>\r\n\
             Subject: {subject}\r\nMessage-ID: <{subject}.{name}@posthorn.test>\r\n\r\nHello\r\n",
            name.to_lowercase()
        )
        .into_bytes()
    };
    let seeded = stack
        .seed(
            &carol,
            "INBOX",
            &[
                dated("Fri, 20 Nov 2026 09:00:00 +0000", "Anna", "Re: Budget", "Xena"),
                dated("Wed, 25 Nov 2026 09:00:00 +0000", "Zoe", "Agenda", "Bea"),
                dated("Tue, 10 Nov 2026 09:00:00 +0000", "Mallory", "Minutes", "Carl"),
                dated("Sun, 22 Nov 2026 09:00:00 +0000", "Bob", "Fwd: Zebra", "Wim"),
                dated("Wed, 25 Nov 2026 09:00:00 +0000", "Yves", "Agenda too", "Abe"),
            ],
        )
        .expect("seed");
    let uid = |i: usize| seeded[i];
    let mut s = Session::login(&stack, TlsMode::Implicit, &carol).await;
    let caps = s.client.capabilities().clone();
    assert!(caps.sort() && caps.sort_display(), "{:?}", caps.names().collect::<Vec<_>>());
    s.ok(Command::Select { mailbox: MailboxName::inbox(), qresync: None }).await;
    s.ok(Command::Store {
        uids: SequenceSet::from_ids(&[uid(0), uid(2)]),
        action: StoreAction::Add,
        flags: vec![Flag::Seen],
        unchanged_since: None,
    })
    .await;
    // Zoe's and Yves's share a Date: the later delivered (higher UID) first, as the local order has it.
    assert_eq!(sorted(&mut s, SortOrder::Date, vec![]).await, [uid(4), uid(1), uid(3), uid(0), uid(2)]);
    assert_eq!(sorted(&mut s, SortOrder::Sender, vec![]).await, [uid(0), uid(3), uid(2), uid(4), uid(1)]);
    assert_eq!(sorted(&mut s, SortOrder::Subject, vec![]).await, [uid(1), uid(4), uid(0), uid(2), uid(3)]);
    assert_eq!(sorted(&mut s, SortOrder::Unread, vec![SearchKey::Unseen]).await, [uid(4), uid(1), uid(3)]);
    assert_eq!(sorted(&mut s, SortOrder::Unread, vec![SearchKey::Seen]).await, [uid(0), uid(2)]);
    // By recipient, as a Sent folder's list orders by sender.
    let by_recipient = SortOrder::Sender.reverse_criteria(true, true);
    match s.ok(Command::Sort { sort: by_recipient, criteria: vec![] }).await {
        Data::Sorted(uids) => {
            assert_eq!(uids.into_iter().rev().collect::<Vec<_>>(), [uid(4), uid(1), uid(2), uid(3), uid(0)])
        }
        other => panic!("{other:?}"),
    }
}

/// UID THREAD REFERENCES (RFC 5256 section 4) on Dovecot, which offers THREAD=REFERENCES: a root
/// with two replies, one of which has a reply of its own; a message alone; two replies to a
/// message that is not in the mailbox, held together by its place. The engine reads Dovecot's
/// answer flat, each UID with its depth.
#[tokio::test]
async fn uid_thread_references_from_dovecot() {
    use posthorn_proto::imap::ThreadAlgorithm;
    let stack = stack().await;
    let carol = stack.carol().clone();
    let linked = |minute: u32, id: &str, parents: &[&str], subject: &str| {
        let links = match parents.last() {
            Some(parent) => format!("In-Reply-To: {parent}\r\nReferences: {}\r\n", parents.join(" ")),
            None => String::new(),
        };
        format!(
            "Date: Fri, 20 Nov 2026 09:{minute:02}:00 +0000\r\nFrom: Anna <anna@posthorn.test>\r\n\
             To: carol@posthorn.test\r\nSubject: {subject}\r\nMessage-ID: {id}\r\n{links}\r\nHello\r\n"
        )
        .into_bytes()
    };
    let seeded = stack
        .seed(
            &carol,
            "INBOX",
            &[
                linked(1, "<a@t>", &[], "Plan"),
                linked(2, "<b@t>", &["<a@t>"], "Re: Plan"),
                linked(3, "<c@t>", &["<a@t>"], "Re: Plan"),
                linked(4, "<d@t>", &["<a@t>", "<b@t>"], "Re: Plan"),
                linked(5, "<e@t>", &[], "Alone"),
                linked(6, "<f@t>", &["<gone@t>"], "Re: Lost"),
                linked(7, "<g@t>", &["<gone@t>"], "Re: Lost"),
            ],
        )
        .expect("seed");
    let u = |i: usize| seeded[i];
    let mut s = Session::login(&stack, TlsMode::Implicit, &carol).await;
    let caps = s.client.capabilities().clone();
    assert!(caps.thread(ThreadAlgorithm::References), "{:?}", caps.names().collect::<Vec<_>>());
    s.ok(Command::Select { mailbox: MailboxName::inbox(), qresync: None }).await;
    let Data::Threaded(threads) =
        s.ok(Command::Thread { algorithm: ThreadAlgorithm::References, criteria: vec![] }).await
    else {
        panic!()
    };
    let mut shape: Vec<Vec<(u32, u32)>> =
        threads.iter().map(|t| t.members.iter().map(|m| (m.id, m.depth)).collect()).collect();
    shape.sort();
    assert_eq!(
        shape,
        [vec![(u(0), 0), (u(1), 1), (u(3), 2), (u(2), 1)], vec![(u(4), 0)], vec![(u(5), 0), (u(6), 0)],],
        "{}",
        s.log()
    );
}

async fn sorted(
    s: &mut Session,
    sort: posthorn_proto::sort::SortOrder,
    criteria: Vec<SearchKey>,
) -> Vec<u32> {
    // Asked in reverse and read backwards, as the list does (SortOrder::reverse_criteria).
    match s.ok(Command::Sort { sort: sort.reverse_criteria(true, false), criteria }).await {
        Data::Sorted(uids) => uids.into_iter().rev().collect(),
        other => panic!("{other:?}"),
    }
}

/// PREVIEW (RFC 8970) from Dovecot: the text of a message nobody opened, and the FETCH's
/// other items beside it still read (imap-codec has no PREVIEW item, shared/src/imap/preview.rs).
#[tokio::test]
async fn fetch_preview_from_dovecot() {
    let stack = stack().await;
    let dave = stack.dave().clone();
    let seeded = stack
        .seed(
            &dave,
            "INBOX",
            &[
                message("Plans", "Shall we meet at the \"old mill\" on Friday?\r\n\r\nDave"),
                message("Empty", ""),
            ],
        )
        .expect("seed");
    let mut s = Session::login(&stack, TlsMode::Implicit, &dave).await;
    assert!(s.client.capabilities().preview(), "{:?}", s.client.capabilities().names().collect::<Vec<_>>());
    s.ok(Command::Select { mailbox: MailboxName::inbox(), qresync: None }).await;
    let items = FetchItems { flags: true, size: true, preview: true, ..FetchItems::default() };
    let Data::Fetched(messages) = s.ok(uid_fetch(SequenceSet::from_ids(&seeded), items)).await else {
        panic!()
    };
    let plans = messages.iter().find(|m| m.uid == Some(seeded[0])).expect("first message");
    assert_eq!(
        plans.preview.as_deref(),
        Some("Shall we meet at the \"old mill\" on Friday? Dave"),
        "{}",
        s.log()
    );
    assert!(plans.flags.is_some() && plans.size.is_some());
    let empty = messages.iter().find(|m| m.uid == Some(seeded[1])).expect("second message");
    assert!(empty.preview.as_deref().unwrap_or_default().is_empty(), "{:?}", empty.preview);
}
