//! *Edit as new message* (the reader's More menu, or Ctrl + E; shared/src/compose/reopen.rs `edit_as_new`): a
//! message from Sent opens in the composer with its recipients, subject, text and attachment, and
//! goes out again as a message of its own, with a new Message-ID, answering nothing, while the
//! original stays in Sent as it was. Real app in headless Chromium, the real bridge, Dovecot and
//! Postfix.

use posthorn_tests::browser::keys;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, click, composer_field, discard_composer, more_action, open_row, set_field, signed_in,
    wait_for_server,
};

fn sent_before(from: &str, to: &str) -> Vec<u8> {
    format!(
        "Message-ID: <report-1@posthorn.test>\r\nDate: Tue, 1 Dec 2026 09:00:00 +0100\r\nMIME-Version: 1.0\r\n\
From: Alice <{from}>\r\nTo: Bob <{to}>\r\nSubject: Monthly report\r\nIn-Reply-To: <ask@posthorn.test>\r\n\
Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n\
Here are the figures for November.\r\n\r\n--m\r\nContent-Type: text/csv; name=\"november.csv\"\r\n\
Content-Disposition: attachment; filename=\"november.csv\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\
bW9udGgsc3VtCjExLDQyCg==\r\n--m--\r\n"
    )
    .into_bytes()
}

#[test]
fn a_sent_message_goes_again_as_a_new_one() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    stack.seed(&alice, "Sent", &[sent_before(&alice.address, &bob.address)]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);

    click(&mut browser, ".folder[data-folder=\"Sent\"]");
    open_row(&mut browser, "Monthly report");
    // Ctrl + E does it too, as in Thunderbird.
    browser.press_chord(keys::CONTROL, 'e').expect("ctrl+e");
    browser.wait_for("[data-testid=composer] [name=body]", WAIT).expect("the composer by Ctrl + E");
    assert_eq!(composer_field(&browser, "subject"), "Monthly report");
    discard_composer(&mut browser);
    more_action(&mut browser, "[data-testid=edit-as-new]");
    browser.wait_for("[data-testid=composer] [name=body]", WAIT).expect("the composer");
    assert!(composer_field(&browser, "to").contains(&bob.address));
    assert_eq!(composer_field(&browser, "subject"), "Monthly report");
    let body = composer_field(&browser, "body");
    assert_eq!(body.trim_end(), "Here are the figures for November.", "as it was, nothing added");
    let attachment =
        browser.wait_for("[data-testid=composer] [data-testid=attachment]", WAIT).expect("attached");
    assert!(browser.text(&attachment).expect("text").contains("november.csv"));

    set_field(&mut browser, "body", "Here are the corrected figures for November.\n");
    click(&mut browser, "[data-testid=composer] [data-testid=send]");
    let arrived = wait_for_server(&browser, "the message in Bob's INBOX", || {
        let inbox = stack.fetch_all(&bob, "INBOX").ok()?;
        inbox
            .into_iter()
            .map(|m| String::from_utf8_lossy(&m.raw).into_owned())
            .find(|t| t.contains("corrected"))
    });
    assert!(
        !arrived.contains("report-1@posthorn.test"),
        "a Message-ID of its own, answering nothing:\n{arrived}"
    );
    assert!(!arrived.contains("In-Reply-To"), "{arrived}");
    assert!(arrived.contains("november.csv") && arrived.contains("bW9udGgsc3VtCjExLDQyCg=="), "{arrived}");

    // Both in Sent: the original untouched beside the new copy.
    let sent = wait_for_server(&browser, "the new copy in Sent", || {
        let sent = stack.fetch_all(&alice, "Sent").ok()?;
        (sent.len() == 2).then_some(sent)
    });
    let texts: Vec<String> = sent.iter().map(|m| String::from_utf8_lossy(&m.raw).into_owned()).collect();
    assert!(
        texts.iter().any(|t| t.contains("<report-1@posthorn.test>") && t.contains("figures for November"))
    );
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
