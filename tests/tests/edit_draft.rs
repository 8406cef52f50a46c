//! A draft stored in the Drafts folder, here one as Thunderbird stores it, opens again in the
//! composer (*Edit draft* above it; shared/src/compose/reopen.rs): its recipients with Bcc, its
//! subject, text, attachment and the message it answers. Saved again, it replaces the stored copy
//! (same Message-ID); sent, it reaches every recipient through Postfix, Bcc only in the envelope,
//! and leaves the Drafts folder for Sent. Real app in headless Chromium, the real bridge,
//! Dovecot and Postfix.

use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, click, open_row, screenshot, set_field, signed_in, subjects_in, wait_for_server,
};
use serde_json::Value;

fn thunderbird_draft(to: &str, bcc: &str) -> Vec<u8> {
    format!(
        "Message-ID: <draft-7@posthorn.test>\r\nDate: Thu, 3 Dec 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n\
User-Agent: Mozilla Thunderbird\r\nFrom: Alice <alice@posthorn.test>\r\nTo: Bob <{to}>\r\nBcc: {bcc}\r\n\
Subject: Re: Budget 2027\r\nIn-Reply-To: <budget@posthorn.test>\r\nReferences: <budget@posthorn.test>\r\n\
X-Mozilla-Draft-Info: internal/draft; vcard=0; receipt=0; DSN=0; uuencode=0\r\n\
Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: text/plain; charset=UTF-8; format=flowed\r\n\
Content-Transfer-Encoding: 8bit\r\n\r\nThe figures look right; one question on\r\n\r\n--m\r\n\
Content-Type: text/csv; charset=UTF-8; name=\"figures.csv\"\r\nContent-Disposition: attachment; filename=\"figures.csv\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\ncSwxMjAwCg==\r\n--m--\r\n"
    )
    .into_bytes()
}

#[test]
fn a_stored_draft_opens_again_replaces_its_copy_and_is_sent() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob, carol) = (stack.alice().clone(), stack.bob().clone(), stack.carol().clone());
    let uids =
        stack.seed(&alice, "Drafts", &[thunderbird_draft(&bob.address, &carol.address)]).expect("seed");
    stack.set_flags(&alice, "Drafts", uids[0], &["\\Draft", "\\Seen"]).expect("flags");
    let (_bridge, mut browser) = signed_in(&stack, &alice);

    click(&mut browser, ".folder[data-folder=\"Drafts\"]");
    open_row(&mut browser, "Re: Budget 2027");
    browser.wait_for("[data-testid=draft-bar]", WAIT).expect("the draft bar");
    screenshot(&browser, "edit-draft");
    click(&mut browser, "[data-testid=draft-bar] [data-testid=edit-draft]");
    browser.wait_for("[data-testid=composer] [name=body]", WAIT).expect("the composer");
    let fields: Value = browser
        .execute(
            "const f = n => document.querySelector('[data-testid=composer] [name=' + n + ']').value; \
             return { to: f('to'), bcc: f('bcc'), subject: f('subject'), body: f('body'), \
                      attachments: [...document.querySelectorAll('[data-testid=composer] [data-testid=attachment]')].map(a => a.textContent) };",
            vec![],
        )
        .expect("read the composer");
    assert!(fields["to"].as_str().unwrap().contains(&bob.address), "{fields}");
    assert!(fields["bcc"].as_str().unwrap().contains(&carol.address), "{fields}");
    assert_eq!(fields["subject"], "Re: Budget 2027");
    assert!(
        fields["body"].as_str().unwrap().starts_with("The figures look right; one question on"),
        "{fields}"
    );
    assert!(fields["attachments"][0].as_str().unwrap().contains("figures.csv"), "{fields}");

    // Saved again: still one draft in the folder, the new text under the same Message-ID.
    set_field(&mut browser, "body", "The figures look right; one question on travel.\n");
    click(&mut browser, "[data-testid=save-draft]");
    wait_for_server(&browser, "the draft replaced", || {
        let drafts = stack.fetch_all(&alice, "Drafts").ok()?;
        let text = String::from_utf8_lossy(&drafts.first()?.raw).into_owned();
        (drafts.len() == 1
            && text.contains("one question on travel")
            && text.contains("<draft-7@posthorn.test>"))
        .then_some(())
    });

    click(&mut browser, "[data-testid=composer] [data-testid=send]");
    for who in [&bob, &carol] {
        wait_for_server(&browser, &format!("the message in {}'s inbox", who.user), || {
            let inbox = stack.fetch_all(who, "INBOX").ok()?;
            inbox
                .into_iter()
                .map(|m| String::from_utf8_lossy(&m.raw).into_owned())
                .find(|t| t.contains("one question on travel"))
        });
    }
    let delivered = stack.fetch_all(&bob, "INBOX").expect("bob");
    let delivered = String::from_utf8_lossy(&delivered[0].raw).into_owned();
    assert!(!delivered.contains(&carol.address), "Bcc stays in the envelope: {delivered}");
    assert!(delivered.contains("In-Reply-To: <budget@posthorn.test>"), "still a reply: {delivered}");
    assert!(delivered.contains("figures.csv"), "with its attachment: {delivered}");
    wait_for_server(&browser, "Drafts emptied and the copy in Sent", || {
        (subjects_in(&stack, &alice, "Drafts")? == Vec::<String>::new()
            && subjects_in(&stack, &alice, "Sent")? == ["Re: Budget 2027"])
        .then_some(())
    });
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// A draft stored without a Message-ID (some clients write none) gets one when opened, and its
/// old copy gives way to the copy under it at once: edited, saved and closed, the Drafts folder
/// holds one draft, with the new text; sent, none.
#[test]
fn a_draft_without_message_id_is_replaced_not_left_behind() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    let draft = format!(
        "Date: Thu, 3 Dec 2026 10:00:00 +0100\r\nFrom: Alice <{}>\r\nTo: {}\r\nSubject: No id\r\n\
MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nFirst words\r\n",
        alice.address, bob.address
    );
    let uids = stack.seed(&alice, "Drafts", &[draft.into_bytes()]).expect("seed");
    stack.set_flags(&alice, "Drafts", uids[0], &["\\Draft", "\\Seen"]).expect("flags");
    let (_bridge, mut browser) = signed_in(&stack, &alice);

    click(&mut browser, ".folder[data-folder=\"Drafts\"]");
    open_row(&mut browser, "No id");
    click(&mut browser, "[data-testid=draft-bar] [data-testid=edit-draft]");
    browser.wait_for("[data-testid=composer] [name=body]", WAIT).expect("the composer");
    // At once one copy, now with a Message-ID.
    wait_for_server(&browser, "the copy replaced", || {
        let drafts = stack.fetch_all(&alice, "Drafts").ok()?;
        let text = String::from_utf8_lossy(&drafts.first()?.raw).into_owned();
        (drafts.len() == 1 && text.contains("Message-ID: <") && text.contains("First words")).then_some(())
    });
    set_field(&mut browser, "body", "First words, and more\n");
    click(&mut browser, "[data-testid=close-composer]");
    wait_for_server(&browser, "one draft with the new text", || {
        let drafts = stack.fetch_all(&alice, "Drafts").ok()?;
        let text = String::from_utf8_lossy(&drafts.first()?.raw).into_owned();
        (drafts.len() == 1 && text.contains("and more")).then_some(())
    });

    // Sent from there: no draft left.
    open_row(&mut browser, "No id");
    click(&mut browser, "[data-testid=draft-bar] [data-testid=edit-draft]");
    browser.wait_for("[data-testid=composer] [name=body]", WAIT).expect("the composer");
    click(&mut browser, "[data-testid=composer] [data-testid=send]");
    wait_for_server(&browser, "Drafts emptied", || {
        (subjects_in(&stack, &alice, "Drafts")? == Vec::<String>::new()).then_some(())
    });
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
