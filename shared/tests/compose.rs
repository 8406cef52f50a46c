//! The composer's output parsed back with mail-parser: headers, bodies and attachments arrive as
//! written, Bcc never reaches the message, and user input cannot become header syntax.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use mail_parser::{MessageParser, MimeHeaders};
use posthorn_proto::compose::{
    Address, Attachment, ComposeError, Draft, MessageDate, ReplyKind, Wording, add_signature, build,
    build_for_drafts, forward_as_attachment, forward_inline, mentions_attachment, message_id, reply,
    reply_subject, split_signature, swap_signature,
};
use posthorn_proto::message::read;
use posthorn_proto::smtp::encode_data;

const DATE: MessageDate = MessageDate { unix_seconds: 1_700_000_000, offset_minutes: 60 };

fn draft() -> Draft {
    let mut d = Draft::new(
        Address::new("Alice Ärger", "alice@posthorn.test"),
        DATE,
        message_id(&[0xab; 16], "alice@posthorn.test"),
    );
    d.to.push(Address::new("Bob", "bob@posthorn.test"));
    d.cc.push(Address::bare("carol@posthorn.test"));
    d.bcc.push(Address::new("Dave Secret", "dave@posthorn.test"));
    d.subject = "Grüße aus Köln – ünïcödé".into();
    d.body = "Hallo Bob,\n\nschöne Grüße!\n".into();
    d
}

fn binary() -> Vec<u8> {
    (0..=255u8).cycle().take(3000).chain([b'\r', b'\n', b'\n', b'\r', 0]).collect()
}

#[test]
fn headers_and_body_round_trip_and_bcc_stays_in_the_envelope() {
    let d = draft();
    let built = build(&d).unwrap();
    let text = String::from_utf8_lossy(&built.data).to_string();
    assert!(!text.to_ascii_lowercase().contains("dave"), "{text}");
    assert!(!text.to_ascii_lowercase().contains("bcc"), "{text}");
    let rcpt: Vec<&str> = built.envelope.to.iter().map(|m| m.as_str()).collect();
    assert_eq!(rcpt, ["bob@posthorn.test", "carol@posthorn.test", "dave@posthorn.test"]);
    assert_eq!(built.envelope.from.as_ref().unwrap().as_str(), "alice@posthorn.test");
    assert_eq!(built.message_id, format!("{}@posthorn.test", "ab".repeat(16)));
    // Encoded words and CRLF only: the header is ASCII.
    let header_end = text.find("\r\n\r\n").unwrap();
    assert!(text[..header_end].is_ascii(), "{text}");
    assert!(!built.data.windows(2).enumerate().any(|(i, w)| w[1] == b'\n' && w[0] != b'\r' && i > 0));
    assert!(text.contains("Date: Tue, 14 Nov 2023 23:13:20 +0100\r\n"));
    assert!(text.contains("MIME-Version: 1.0\r\n"));

    let parsed = MessageParser::default().parse(&built.data).unwrap();
    assert_eq!(parsed.subject(), Some("Grüße aus Köln – ünïcödé"));
    assert_eq!(parsed.from().unwrap().first().unwrap().name(), Some("Alice Ärger"));
    assert_eq!(parsed.to().unwrap().first().unwrap().address(), Some("bob@posthorn.test"));
    assert_eq!(parsed.cc().unwrap().first().unwrap().address(), Some("carol@posthorn.test"));
    assert!(parsed.bcc().is_none());
    assert_eq!(parsed.message_id(), Some(built.message_id.as_str()));
    assert_eq!(parsed.body_text(0).unwrap(), "Hallo Bob,\r\n\r\nschöne Grüße!\r\n");
}

#[test]
fn attachments_arrive_byte_identical_in_multipart_mixed() {
    let mut d = draft();
    d.attachments.push(Attachment {
        name: "daten.bin".into(),
        mime_type: "application/octet-stream".into(),
        content: binary(),
    });
    d.attachments.push(Attachment {
        name: "Übersicht.txt".into(),
        mime_type: "text/plain".into(),
        content: b"a\nb\r\nc\rd".to_vec(),
    });
    let built = build(&d).unwrap();
    let parsed = MessageParser::default().parse(&built.data).unwrap();
    assert!(parsed.content_type().unwrap().subtype() == Some("mixed"));
    let attachments: Vec<_> = parsed.attachments().collect();
    assert_eq!(attachments.len(), 2);
    assert_eq!(attachments[0].attachment_name(), Some("daten.bin"));
    assert_eq!(attachments[0].contents(), binary().as_slice());
    assert_eq!(attachments[1].attachment_name(), Some("Übersicht.txt"));
    assert_eq!(attachments[1].contents(), b"a\nb\r\nc\rd");
    assert_eq!(parsed.body_text(0).unwrap(), "Hallo Bob,\r\n\r\nschöne Grüße!\r\n");
    // The boundary comes from the Message-ID's token, not from a clock.
    assert!(String::from_utf8_lossy(&built.data).contains(&format!("=_posthorn_{}", "ab".repeat(16))));
    assert_eq!(build(&d).unwrap().data, built.data, "the same draft builds the same bytes");
}

#[test]
fn bare_lf_lone_dots_and_leading_dots_survive_the_wire() {
    let mut d = draft();
    d.body = "line one\nbare LF above\r\n.\r\n.leading dot\n..two dots\r\n.\nlast".into();
    let built = build(&d).unwrap();
    // What DATA puts on the wire, undone as a server does (RFC 5321 section 4.5.2).
    let wire = encode_data(&built.data);
    assert!(wire.ends_with(b"\r\n.\r\n"));
    let mut unstuffed = Vec::new();
    for line in wire[..wire.len() - 3].split_inclusive(|b| *b == b'\n') {
        unstuffed.extend_from_slice(line.strip_prefix(b".").unwrap_or(line));
    }
    assert_eq!(unstuffed, built.data);
    let parsed = MessageParser::default().parse(&unstuffed).unwrap();
    assert_eq!(
        parsed.body_text(0).unwrap(),
        "line one\r\nbare LF above\r\n.\r\n.leading dot\r\n..two dots\r\n.\r\nlast\r\n"
    );
}

#[test]
fn long_and_non_ascii_bodies_are_encoded() {
    let mut d = draft();
    d.body = "ä".repeat(400);
    let text = String::from_utf8(build(&d).unwrap().data).unwrap();
    assert!(
        text.contains("Content-Transfer-Encoding: quoted-printable")
            || text.contains("Content-Transfer-Encoding: base64")
    );
    assert!(text.lines().all(|l| l.len() <= 78), "{text}");
    d.body = "plain ascii\n".into();
    let text = String::from_utf8(build(&d).unwrap().data).unwrap();
    assert!(text.contains("Content-Transfer-Encoding: 7bit"));
}

#[test]
fn injection_is_refused() {
    let mut d = draft();
    d.subject = "hi\r\nBcc: evil@x.org".into();
    assert_eq!(build(&d), Err(ComposeError::ControlCharacter { field: "Subject" }));
    let mut d = draft();
    d.to.push(Address::bare("eve@x.org\r\nBcc: evil@x.org"));
    assert!(matches!(build(&d), Err(ComposeError::InvalidAddress { field: "To", .. })));
    let mut d = draft();
    d.cc[0].name = "Carol\nBcc: evil@x.org".into();
    assert_eq!(build(&d), Err(ComposeError::ControlCharacter { field: "Cc" }));
    let mut d = draft();
    d.in_reply_to = Some("a@b>\r\nX: y".into());
    assert!(matches!(build(&d), Err(ComposeError::InvalidMessageId(_))));
    let mut d = draft();
    d.to.clear();
    d.cc.clear();
    d.bcc.clear();
    assert_eq!(build(&d), Err(ComposeError::NoRecipients));
    // A draft without recipients can still be saved, and it keeps Bcc.
    let mut d = draft();
    d.to.push(Address::bare("half-typed@"));
    let saved = build_for_drafts(&d).unwrap();
    let parsed = MessageParser::default().parse(&saved).unwrap();
    assert_eq!(parsed.bcc().unwrap().first().unwrap().address(), Some("dave@posthorn.test"));
    assert_eq!(parsed.to().unwrap().iter().count(), 1);
}

fn original() -> (Vec<u8>, posthorn_proto::message::ReadableMessage) {
    let raw = b"From: Bob <bob@posthorn.test>\r\n\
To: Alice <alice@posthorn.test>, carol@posthorn.test\r\n\
Cc: dave@posthorn.test, ALICE@posthorn.test\r\n\
Reply-To: Bob's List <list@posthorn.test>\r\n\
Subject: =?utf-8?Q?Tr=C3=A4ume?=\r\n\
Date: Mon, 23 Nov 2026 10:00:00 +0100\r\n\
Message-ID: <m2@posthorn.test>\r\n\
In-Reply-To: <m1@posthorn.test>\r\n\
References: <m0@posthorn.test> <m1@posthorn.test>\r\n\
\r\n\
First line\r\n\
\r\n\
> earlier quote\r\n"
        .to_vec();
    let read = read(&raw).unwrap();
    (raw, read)
}

/// An account that sends from more than one address (an alias): a reply and a forward go out from
/// the one the message was written to, and a reply to all names none of the account's addresses.
#[test]
fn replies_go_out_from_the_address_written_to() {
    let raw = b"From: Bob <bob@posthorn.test>\r\nTo: Sales <sales@posthorn.test>, carol@posthorn.test\r\n\
Cc: ALICE@posthorn.test\r\nSubject: Offer\r\nMessage-ID: <o1@posthorn.test>\r\n\r\nHi\r\n";
    let msg = read(raw).unwrap();
    let mine =
        [Address::new("Alice", "alice@posthorn.test"), Address::new("Alice at Sales", "sales@posthorn.test")];
    let all = reply(&msg, ReplyKind::All, &mine, DATE, "r5@posthorn.test".into(), &Wording::ENGLISH);
    assert_eq!(all.from, mine[1]);
    assert_eq!(all.to, [Address::new("Bob", "bob@posthorn.test")]);
    let cc: Vec<&str> = all.cc.iter().map(|a| a.address.as_str()).collect();
    assert_eq!(cc, ["carol@posthorn.test"], "neither of the account's addresses");
    assert_eq!(forward_inline(&msg, &mine, DATE, "f5@posthorn.test".into(), &Wording::ENGLISH).from, mine[1]);
    // Written to neither: the account's own address.
    let other =
        read(b"From: bob@posthorn.test\r\nTo: team@posthorn.test\r\nSubject: x\r\n\r\nx\r\n").unwrap();
    assert_eq!(
        reply(&other, ReplyKind::Sender, &mine, DATE, "r6@posthorn.test".into(), &Wording::ENGLISH).from,
        mine[0]
    );
}

#[test]
fn replies_thread_and_honour_reply_to() {
    let (_, msg) = original();
    let me = Address::new("Alice", "alice@posthorn.test");
    let r = reply(
        &msg,
        ReplyKind::Sender,
        std::slice::from_ref(&me),
        DATE,
        "r1@posthorn.test".into(),
        &Wording::ENGLISH,
    );
    assert_eq!(r.subject, "Re: Träume");
    assert_eq!(r.to, [Address::new("Bob's List", "list@posthorn.test")]);
    assert!(r.cc.is_empty());
    assert_eq!(r.in_reply_to.as_deref(), Some("m2@posthorn.test"));
    assert_eq!(r.references, ["m0@posthorn.test", "m1@posthorn.test", "m2@posthorn.test"]);
    assert!(r.body.contains("On Mon, 23 Nov 2026 10:00:00 +0100, Bob <bob@posthorn.test> wrote:\n> First line\n>\n>> earlier quote"), "{}", r.body);

    let all = reply(
        &msg,
        ReplyKind::All,
        std::slice::from_ref(&me),
        DATE,
        "r2@posthorn.test".into(),
        &Wording::ENGLISH,
    );
    let cc: Vec<&str> = all.cc.iter().map(|a| a.address.as_str()).collect();
    assert_eq!(cc, ["carol@posthorn.test", "dave@posthorn.test"], "own address excluded, in any case");
    assert_eq!(all.to[0].address, "list@posthorn.test");

    let built = build(&all).unwrap();
    let parsed = MessageParser::default().parse(&built.data).unwrap();
    assert_eq!(parsed.in_reply_to().as_text(), Some("m2@posthorn.test"));
    let refs: Vec<String> =
        parsed.references().as_text_list().unwrap().iter().map(|s| s.to_string()).collect();
    assert_eq!(refs, ["m0@posthorn.test", "m1@posthorn.test", "m2@posthorn.test"]);
    assert_eq!(reply_subject("RE: x"), "RE: x");
    assert_eq!(reply_subject("Re:x"), "Re:x");
    assert_eq!(reply_subject("Reply"), "Re: Reply");
}

/// A reply to the list (RFC 2369 section 3.4) goes to its List-Post address, not to Reply-To or
/// the author; where the list names none, or takes no posts, it goes as a reply to the author.
#[test]
fn replies_to_the_list_go_to_its_post_address() {
    let me = Address::new("Alice", "alice@posthorn.test");
    let list = |post: &str| {
        let raw = format!(
            "From: Bob <bob@posthorn.test>\r\nTo: rust-users@lists.example\r\nSubject: Lifetimes\r\n\
             Message-ID: <l1@posthorn.test>\r\n{post}\r\nWhy does this not compile?\r\n"
        );
        let msg = read(raw.as_bytes()).unwrap();
        reply(
            &msg,
            ReplyKind::List,
            std::slice::from_ref(&me),
            DATE,
            "r9@posthorn.test".into(),
            &Wording::ENGLISH,
        )
    };
    let r = list("List-Post: <mailto:rust-users@lists.example>\r\n");
    assert_eq!(r.to, [Address::new("", "rust-users@lists.example")]);
    assert!(r.cc.is_empty());
    assert_eq!(r.subject, "Re: Lifetimes");
    assert_eq!(r.in_reply_to.as_deref(), Some("l1@posthorn.test"));
    assert_eq!(list("List-Post: NO\r\n").to, [Address::new("Bob", "bob@posthorn.test")]);
    assert_eq!(list("").to, [Address::new("Bob", "bob@posthorn.test")]);
}

/// RFC 3676 section 4.3: a reply quotes the text without the author's signature, the writer's own
/// goes under the room to write and above the quote, and its separator keeps its trailing space
/// through the built message (quoted-printable or not) to the reader.
#[test]
fn replies_leave_the_signature_out_of_the_quote_and_add_ones_own() {
    let raw = "From: Bob <bob@posthorn.test>\r\nTo: alice@posthorn.test\r\nSubject: Plan\r\n\
               Message-ID: <s1@posthorn.test>\r\n\r\nSee you at ten.\r\n\r\n-- \r\nBob Baumann\r\n\
               Baumann & Söhne\r\n";
    let msg = read(raw.as_bytes()).unwrap();
    let me = Address::new("Alice", "alice@posthorn.test");
    let mut r = reply(
        &msg,
        ReplyKind::Sender,
        std::slice::from_ref(&me),
        DATE,
        "r3@posthorn.test".into(),
        &Wording::ENGLISH,
    );
    assert!(r.body.ends_with("wrote:\n> See you at ten.\n"), "{}", r.body);
    r.body = add_signature(&r.body, "-- \nAlice Ärger\nKöln");
    assert!(r.body.starts_with("\n\n-- \nAlice Ärger\nKöln\n\nOn "), "{}", r.body);

    let built = build(&r).unwrap();
    let parsed = MessageParser::default().parse(&built.data).unwrap();
    let text = parsed.body_text(0).unwrap().replace("\r\n", "\n");
    let (_, signature) = split_signature(&text);
    let signature = signature.expect("the separator arrives with its space");
    assert!(signature.starts_with("-- \nAlice Ärger\nKöln\n"), "{signature:?}");
}

/// A reply and a forward in the writer's language: its words, and its way of writing the
/// original's date (the app writes it in the reader's zone; here it is the Unix time). Where the
/// writer's text ends is found in any language: the signature goes above the attribution, and
/// what the forwarded text says of an attachment is not the writer's.
#[test]
fn replies_and_forwards_speak_the_writers_language() {
    // French, as Thunderbird writes it: a language the app does not have, and an attribution
    // whose colon has a space before it.
    const FRENCH: Wording = Wording {
        attribution: |date, author| format!("Le {date}, {author} a écrit :"),
        date: Some(|unix| format!("@{unix}")),
        unknown_date: "date inconnue",
        someone: "quelqu'un",
        forwarded: "Message transféré",
        from: "De",
        sent: "Date",
        subject: "Sujet",
        to: "Pour",
        cc: "Copie à",
    };
    let (_, msg) = original();
    let unix = msg.timestamp.expect("the original is dated");
    let me = [Address::new("Alice", "alice@posthorn.test")];
    let r = reply(&msg, ReplyKind::Sender, &me, DATE, "r7@posthorn.test".into(), &FRENCH);
    assert!(
        r.body.starts_with(&format!("\n\nLe @{unix}, Bob <bob@posthorn.test> a écrit :\n> First line\n")),
        "{}",
        r.body
    );
    let signed = swap_signature(&format!("Volontiers !{}", r.body), "", "Alice");
    assert!(signed.starts_with("Volontiers !\n\n-- \nAlice\n\nLe @"), "{signed}");

    let f = forward_inline(&msg, &me, DATE, "f7@posthorn.test".into(), &FRENCH);
    let header = format!(
        "---------- Message transféré ----------\nDe: Bob <bob@posthorn.test>\nDate: @{unix}\nSujet: Träume\nPour: "
    );
    assert!(f.body.contains(&header), "{}", f.body);
    assert!(f.body.contains("\nCopie à: "), "{}", f.body);
    assert!(!mentions_attachment(&format!("Pour info{}\nSiehe Anlage\n", f.body)));
}

#[test]
fn forwards_inline_and_as_attachment() {
    let (raw, msg) = original();
    let me = Address::new("Alice", "alice@posthorn.test");
    let mut f =
        forward_inline(&msg, std::slice::from_ref(&me), DATE, "f1@posthorn.test".into(), &Wording::ENGLISH);
    assert_eq!(f.subject, "Fwd: Träume");
    assert!(f.body.contains("---------- Forwarded message ----------\nFrom: Bob <bob@posthorn.test>"));
    assert!(f.body.contains("First line"));

    let mut a = forward_as_attachment(&msg, &raw, std::slice::from_ref(&me), DATE, "f2@posthorn.test".into());
    a.to.push(Address::bare("erin@posthorn.test"));
    let built = build(&a).unwrap();
    let parsed = MessageParser::default().parse(&built.data).unwrap();
    let nested = parsed.attachment(0).unwrap().message().expect("a message/rfc822 part");
    assert_eq!(nested.subject(), Some("Träume"));
    assert_eq!(nested.message_id(), Some("m2@posthorn.test"));
    let text = String::from_utf8_lossy(&built.data);
    assert!(!text.contains("Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"Träume.eml\"\r\nContent-Transfer-Encoding: base64"));
    f.to.push(Address::bare("erin@posthorn.test"));
    assert!(build(&f).is_ok());
}
