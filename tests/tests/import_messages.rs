//! Message files (`.eml`) and mailbox files (mbox, RFC 4155) added to a folder
//! (frontend/src/mail_state/import.rs): chosen with *Import messages…* for the open folder, or
//! dropped on another folder in the folder pane. Each
//! is appended to Dovecot as it was saved, its line ends made CRLF, marked read, with its Date as
//! the internal date (RFC 3501 sections 2.3.3 and 6.3.11); a file that is no message is named in
//! plain words, and the others are added all the same. Real-world messages from the corpus
//! (`shared/tests/corpus/`), the real app in headless Chromium, the real bridge and Dovecot.

use std::path::Path;

use base64::Engine as _;
use posthorn_proto::message::calendar::days_from_civil;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, click, error_banner, signed_in, wait_for_server, wait_status};
use serde_json::{Value, json};

fn corpus(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tests/corpus").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The files as the page's `File`s: `[name, base64]` pairs.
fn files(list: &[(&str, &[u8])]) -> Value {
    let engine = base64::engine::general_purpose::STANDARD;
    list.iter().map(|(name, bytes)| json!([name, engine.encode(bytes)])).collect()
}

/// A script's prelude that turns `arguments[0]` into a DataTransfer holding the files.
const TRANSFER: &str = "const dt = new DataTransfer(); \
    for (const [name, b64] of arguments[0]) { \
      const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0)); \
      dt.items.add(new File([bytes], name, { type: 'message/rfc822' })); }";

/// Seconds since the epoch of an IMAP date-time (`20-Apr-2001 20:18:00 -0400`).
fn unix_of(date_time: &str) -> i64 {
    let (day, rest) = date_time.trim().split_once('-').expect("day");
    let (month, rest) = rest.split_once('-').expect("month");
    let (year, rest) = rest.split_once(' ').expect("year");
    let (time, zone) = rest.split_once(' ').expect("zone");
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let m = months.iter().position(|n| *n == month).expect("a month") as i64 + 1;
    let days = days_from_civil(year.parse().expect("year"), m, day.trim().parse().expect("day"));
    let hms: Vec<i64> = time.split(':').map(|p| p.parse().expect("time")).collect();
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let offset =
        zone[1..3].parse::<i64>().expect("zone") * 3600 + zone[3..5].parse::<i64>().expect("zone") * 60;
    days * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2] - sign * offset
}

#[test]
fn message_files_are_imported_into_a_folder_as_saved() {
    let stack = MailStack::start().unwrap_or_else(|e| panic!("{e}"));
    let alice = stack.alice().clone();
    stack.create_mailbox(&alice, "Alt").expect("create Alt");
    stack.create_mailbox(&alice, "Berichte").expect("create Berichte");
    let (_bridge, mut browser) = signed_in(&stack, &alice);

    // A Mailman digest saved on a Unix machine (LF line ends), and a text file that is no message.
    let digest = corpus("display/cpython-msg_02.eml");
    assert!(!digest.windows(2).any(|w| w == b"\r\n"), "the file has bare LF line ends");
    click(&mut browser, "button.folder[data-folder=\"Alt\"]");
    browser.wait_for("button.folder.active[data-folder=\"Alt\"]", WAIT).expect("Alt open");
    browser
        .execute(
            &format!(
                "{TRANSFER} const input = document.querySelector('[data-testid=import-files]'); \
                 input.files = dt.files; input.dispatchEvent(new Event('change', {{ bubbles: true }}));"
            ),
            vec![files(&[("digest.eml", &digest), ("notes.txt", b"Hello Bob,\n\nsee you Monday.\n")])],
        )
        .expect("choose the files");

    // The open folder lists it; the status line counts it; the text file is named with why.
    browser
        .wait_until(
            "the digest's row",
            "return [...document.querySelectorAll('[data-testid=message-row] .subject')] \
             .some(s => s.textContent === arguments[0]);",
            vec![json!("Ppp digest, Vol 1 #2 - 5 msgs")],
            WAIT,
        )
        .expect("the row");
    wait_status(&mut browser, "1 message imported into Alt");
    let error = error_banner(&browser);
    let error = error.as_str().unwrap_or_default();
    assert!(error.contains("notes.txt: the file is not a message"), "{error}");
    assert!(!error.contains("digest.eml"), "{error}");

    // On the server: the digest as saved, with CRLF, read, dated when it was sent.
    let stored = stack.fetch_all(&alice, "Alt").expect("fetch Alt");
    assert_eq!(stored.len(), 1, "{stored:?}");
    let crlf = String::from_utf8(digest.clone()).unwrap().replace('\n', "\r\n");
    assert_eq!(String::from_utf8_lossy(&stored[0].raw), crlf);
    assert!(stored[0].flags.iter().any(|f| f == "\\Seen"), "{:?}", stored[0].flags);
    // Date: Fri, 20 Apr 2001 20:18:00 -0400.
    assert_eq!(unix_of(&stored[0].internal_date), 987_812_280, "{}", stored[0].internal_date);

    // Two files dropped on Berichte, which is not open, go there; the list of Alt stays as it is.
    // The second starts with the mbox separator line its mailbox file had (`From sender date`)
    // and ends with the empty line that closed it there, which are no part of the message and
    // are left out.
    let plain = corpus("display/cpython-msg_01.eml");
    let from_mbox = corpus("display/cpython-msg_43.eml");
    assert!(from_mbox.starts_with(b"From SRS0="), "the file starts with an mbox separator");
    let separator = from_mbox.iter().position(|&b| b == b'\n').expect("a first line") + 1;
    browser
        .execute(
            &format!(
                "{TRANSFER} document.querySelector('button.folder[data-folder=\"Berichte\"]').dispatchEvent( \
                   new DragEvent('drop', {{ dataTransfer: dt, bubbles: true, cancelable: true }}));"
            ),
            vec![files(&[("one.eml", &plain), ("two.eml", &from_mbox)])],
        )
        .expect("drop the files");
    let stored = wait_for_server(&browser, "two messages in Berichte", || {
        stack.fetch_all(&alice, "Berichte").ok().filter(|m| m.len() == 2)
    });
    let normalized = |raw: &[u8]| String::from_utf8_lossy(raw).replace("\r\n", "\n");
    assert_eq!(normalized(&stored[0].raw), normalized(&plain));
    assert!(from_mbox.ends_with(b"\n\n"), "the file ends with an empty line");
    assert_eq!(normalized(&stored[1].raw), normalized(&from_mbox[separator..from_mbox.len() - 1]));
    wait_status(&mut browser, "2 messages imported into Berichte");
    assert_eq!(stack.fetch_all(&alice, "Alt").expect("fetch Alt").len(), 1);
}

/// A mailbox file as Thunderbird keeps a local folder (mbox, RFC 4155): each message behind a
/// `From - date` line, its body lines that begin `From ` written `>From `, and its state in
/// `X-Mozilla-Status`. Dropped on a folder, it adds its messages as they were, flagged as
/// Thunderbird had them, without the one Thunderbird had deleted and not yet compacted away.
#[test]
fn a_thunderbird_mailbox_file_adds_its_messages_with_their_flags() {
    let stack = MailStack::start().unwrap_or_else(|e| panic!("{e}"));
    let alice = stack.alice().clone();
    stack.create_mailbox(&alice, "Berichte").expect("create Berichte");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    browser.wait_for("button.folder[data-folder=\"Berichte\"]", WAIT).expect("Berichte listed");

    // Real messages from the corpus (the bounce without the separator its own mbox gave it), and
    // one whose body has lines an mbox must quote.
    let bounce = corpus("display/cpython-msg_25.eml");
    let bounce = bounce[bounce.iter().position(|&b| b == b'\n').expect("a first line") + 1..].to_vec();
    let minutes = b"From: Ada <ada@example.org>\nTo: alice@posthorn.test\nSubject: Minutes\n\
        Date: Thu, 03 Dec 2026 10:00:00 +0100\nMessage-ID: <minutes@example.org>\n\n\
        From the minutes of Monday:\n>From a quoted reply.\nThe end.\n"
        .to_vec();
    let messages: [(&str, Vec<u8>); 4] = [
        ("0001", corpus("display/cpython-msg_01.eml")),
        ("0004", bounce),
        ("0003", minutes),
        ("0009", corpus("display/cpython-msg_02.eml")),
    ];
    let stored_as = |status: &str, message: &[u8]| {
        let mut m = format!("X-Mozilla-Status: {status}\n").into_bytes();
        m.extend_from_slice(message);
        m
    };
    let mut file = Vec::new();
    for (status, message) in &messages {
        file.extend_from_slice(b"From - Sat Dec 05 09:00:00 2026\n");
        for line in stored_as(status, message).split_inclusive(|&b| b == b'\n') {
            if line.iter().skip_while(|&&b| b == b'>').take(5).eq(b"From ".iter()) {
                file.push(b'>');
            }
            file.extend_from_slice(line);
        }
        file.extend_from_slice(b"\n");
    }

    browser
        .execute(
            &format!(
                "{TRANSFER} document.querySelector('button.folder[data-folder=\"Berichte\"]').dispatchEvent( \
                   new DragEvent('drop', {{ dataTransfer: dt, bubbles: true, cancelable: true }}));"
            ),
            vec![files(&[("Archiv", &file)])],
        )
        .expect("drop the file");
    let stored = wait_for_server(&browser, "three messages in Berichte", || {
        stack.fetch_all(&alice, "Berichte").ok().filter(|m| m.len() >= 3)
    });
    let normalized = |raw: &[u8]| String::from_utf8_lossy(raw).replace("\r\n", "\n");
    assert_eq!(stored.len(), 3, "the deleted one is left out");
    for (found, (status, message)) in stored.iter().zip(&messages) {
        assert_eq!(normalized(&found.raw), normalized(&stored_as(status, message)));
    }
    let has = |i: usize, flag: &str| stored[i].flags.iter().any(|f| f == flag);
    assert!(has(0, "\\Seen") && !has(0, "\\Flagged"), "read: {:?}", stored[0].flags);
    assert!(!has(1, "\\Seen") && has(1, "\\Flagged"), "starred, unread: {:?}", stored[1].flags);
    assert!(has(2, "\\Seen") && has(2, "\\Answered"), "read and answered: {:?}", stored[2].flags);
    wait_status(&mut browser, "3 messages imported into Berichte");
    assert_eq!(error_banner(&browser), Value::Null, "nothing left out");
}
