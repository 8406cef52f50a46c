//! Invitations (iMIP, RFC 6047): a message with an iCalendar REQUEST as Google Calendar writes it
//! shows its title, its time in the reader's zone (Europe/Berlin's 10:00 read in UTC: 09:00), its
//! place and organizer; *Accept* sends the organizer an iTIP REPLY (RFC 5546) through Postfix,
//! naming the event and the attendee with PARTSTAT=ACCEPTED, once, and the invitation is marked
//! answered, which the card says after a reload; a cancellation says so and asks nothing. Real app in headless Chromium (its zone is UTC in the harness), the real bridge,
//! Postfix and Dovecot.

use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, click, has_flag, open_row, screenshot, signed_in, wait_for_server, wait_row_count,
};

/// An invitation as Google Calendar sends it: multipart/alternative with text, HTML and the
/// calendar, and the same calendar again as `invite.ics`; the organizer is among the attendees,
/// having accepted.
fn google_invitation(organizer: &str, attendee: &str, method: &str, subject: &str) -> Vec<u8> {
    let calendar = format!(
        "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n\
METHOD:{method}\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nX-LIC-LOCATION:Europe/Berlin\r\nBEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\n\
DTSTART;TZID=Europe/Berlin:20261210T100000\r\nDTEND;TZID=Europe/Berlin:20261210T110000\r\n\
DTSTAMP:20261205T090000Z\r\nORGANIZER;CN=Bob:mailto:{organizer}\r\nUID:7kukuqrfedlm2f9t@google.com\r\n\
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE;CN=Bob;X-NUM-GUESTS=0:mailto:{organizer}\r\n\
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Alice;X-NUM-GUESTS=0:mai\r\n lto:{attendee}\r\n\
CREATED:20261205T085900Z\r\nLAST-MODIFIED:20261205T090000Z\r\nLOCATION:Room 4\\, 2nd floor\r\nSEQUENCE:1\r\n\
STATUS:CONFIRMED\r\nSUMMARY:{subject}\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    );
    format!(
        "From: Bob <{organizer}>\r\nTo: {attendee}\r\nSubject: Invitation: {subject} @ Thu Dec 10, 2026 10am - 11am (CET)\r\n\
Date: Sat, 5 Dec 2026 09:00:00 +0000\r\nMessage-ID: <{method}-7kukuqrfedlm2f9t@google.com>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"mixed\"\r\n\r\n--mixed\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n\
--alt\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n\r\nYou have been invited to {subject}.\r\n\
--alt\r\nContent-Type: text/html; charset=\"UTF-8\"\r\n\r\n<p>You have been invited to <b>{subject}</b>.</p>\r\n\
--alt\r\nContent-Type: text/calendar; charset=\"UTF-8\"; method={method}\r\n\r\n{calendar}--alt--\r\n\
--mixed\r\nContent-Type: application/ics; name=\"invite.ics\"\r\nContent-Disposition: attachment; filename=\"invite.ics\"\r\n\r\n\
{calendar}--mixed--\r\n"
    )
    .into_bytes()
}

#[test]
fn an_invitation_shows_its_event_and_is_answered_once() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    stack
        .seed(
            &alice,
            "INBOX",
            &[
                google_invitation(&bob.address, &alice.address, "REQUEST", "Budget review"),
                google_invitation(&bob.address, &alice.address, "CANCEL", "Offsite"),
            ],
        )
        .expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 2);

    open_row(&mut browser, "Invitation: Budget review @ Thu Dec 10, 2026 10am - 11am (CET)");
    let card = browser.wait_for("[data-testid=invitation]", WAIT).expect("the card");
    let text = browser.text(&card).expect("text");
    assert!(
        text.contains("Budget review") && text.contains("Room 4, 2nd floor") && text.contains("Bob"),
        "{text}"
    );
    let when = browser.text(&browser.find("[data-testid=invitation-when]").unwrap().unwrap()).expect("when");
    assert!(
        when.contains("December 10, 2026") && when.contains("9:00") && when.contains("10:00"),
        "in UTC: {when}"
    );
    // Who is invited, and who has answered: the organizer has, Alice not yet.
    let attendees = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=invitation-attendees] li')] \
               .map(li => [li.textContent, li.title, li.dataset.answer ?? null]);",
            vec![],
        )
        .expect("the attendees");
    assert_eq!(
        attendees,
        serde_json::json!([["Bob (accepted)", bob.address, "ACCEPTED"], ["Alice", alice.address, null]]),
        "{attendees}"
    );
    screenshot(&browser, "invitation");
    let found = posthorn_tests::axe::violations(&browser, &posthorn_tests::axe::source());
    assert!(found.is_empty(), "axe-core finds nothing on the card: {found:#?}");
    click(&mut browser, "[data-testid=rsvp-accept]");
    browser.wait_for("[data-testid=rsvp-sent]", WAIT).expect("answered");
    let reply = wait_for_server(&browser, "the answer in Bob's INBOX", || {
        let all = stack.fetch_all(&bob, "INBOX").ok()?;
        all.into_iter()
            .map(|m| String::from_utf8_lossy(&m.raw).into_owned())
            .find(|m| m.contains("Subject: Accepted: Budget review"))
    });
    let unfolded = reply.replace("\r\n ", "");
    assert!(
        unfolded.contains("text/calendar; method=REPLY") || unfolded.contains("method=\"REPLY\""),
        "{reply}"
    );
    assert!(unfolded.contains("METHOD:REPLY"), "{reply}");
    assert!(unfolded.contains("UID:7kukuqrfedlm2f9t@google.com"), "{reply}");
    assert!(unfolded.contains("SEQUENCE:1"), "{reply}");
    assert!(unfolded.contains(&format!("PARTSTAT=ACCEPTED;CN=Alice:mailto:{}", alice.address)), "{reply}");
    assert!(unfolded.contains("In-Reply-To: <REQUEST-7kukuqrfedlm2f9t@google.com>"), "{reply}");

    // Marked answered on the server; opened again after a reload, the card says so and still
    // offers the answers, to change it.
    let subject = "Invitation: Budget review @ Thu Dec 10, 2026 10am - 11am (CET)";
    wait_for_server(&browser, "the invitation marked answered", || {
        has_flag(&stack, &alice, "INBOX", subject, "\\Answered")?.then_some(())
    });
    browser.refresh().expect("reload");
    posthorn_tests::ui::unlock(&mut browser, &alice.password);
    wait_row_count(&mut browser, 2);
    open_row(&mut browser, "Invitation: Budget review @ Thu Dec 10, 2026 10am - 11am (CET)");
    browser.wait_for("[data-testid=rsvp-answered]", WAIT).expect("said answered");
    assert!(browser.find("[data-testid=rsvp-accept]").expect("find").is_some(), "the answers stay");

    // A cancellation: said so, nothing to answer.
    open_row(&mut browser, "Invitation: Offsite @ Thu Dec 10, 2026 10am - 11am (CET)");
    browser.wait_for("[data-testid=invitation-cancelled]", WAIT).expect("cancelled");
    assert!(browser.find("[data-testid=rsvp-accept]").expect("find").is_none());

    std::thread::sleep(std::time::Duration::from_secs(1));
    let answers = stack
        .fetch_all(&bob, "INBOX")
        .expect("fetch")
        .iter()
        .filter(|m| String::from_utf8_lossy(&m.raw).contains("Subject: Accepted: "))
        .count();
    assert_eq!(answers, 1, "answered once");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// All inboxes offers what the folder's reader offers, from the account the message came to: the
/// invitation's answer goes from Bob's account, and a read receipt asked of Alice is sent from
/// hers and marks her message `$MDNSent`.
#[test]
fn all_inboxes_offers_the_same_answers() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob, carol) = (stack.alice().clone(), stack.bob().clone(), stack.carol().clone());
    stack
        .seed(&bob, "INBOX", &[google_invitation(&carol.address, &bob.address, "REQUEST", "Kickoff")])
        .expect("seed bob");
    let asking = format!(
        "From: Carol <{c}>\r\nTo: {a}\r\nSubject: Signed?\r\nDate: Sat, 5 Dec 2026 11:00:00 +0000\r\n\
Message-ID: <signed-1@posthorn.test>\r\nDisposition-Notification-To: {c}\r\n\r\nDid you sign?\r\n",
        c = carol.address,
        a = alice.address
    );
    stack.seed(&alice, "INBOX", &[asking.into_bytes()]).expect("seed alice");
    let (_bridge, mut browser) = posthorn_tests::ui::all_inboxes_of(&stack, &alice, &bob);
    posthorn_tests::ui::wait_unified_rows(&mut browser, 2);

    open_row(&mut browser, "Invitation: Kickoff @ Thu Dec 10, 2026 10am - 11am (CET)");
    browser.wait_for("[data-testid=invitation]", WAIT).expect("the card");
    click(&mut browser, "[data-testid=rsvp-decline]");
    let reply = wait_for_server(&browser, "the answer in Carol's INBOX", || {
        let all = stack.fetch_all(&carol, "INBOX").ok()?;
        all.into_iter()
            .map(|m| String::from_utf8_lossy(&m.raw).into_owned())
            .find(|m| m.contains("Subject: Declined: Kickoff"))
    });
    assert!(
        reply.replace("\r\n ", "").contains(&format!("PARTSTAT=DECLINED;CN=Alice:mailto:{}", bob.address)),
        "{reply}"
    );

    open_row(&mut browser, "Signed?");
    browser.wait_for("[data-testid=receipt-bar]", WAIT).expect("the bar");
    click(&mut browser, "[data-testid=send-receipt]");
    let report = wait_for_server(&browser, "the receipt in Carol's INBOX", || {
        let all = stack.fetch_all(&carol, "INBOX").ok()?;
        all.into_iter()
            .map(|m| String::from_utf8_lossy(&m.raw).into_owned())
            .find(|m| m.contains("Subject: Read: Signed?"))
    });
    assert!(report.contains(&format!("Final-Recipient: rfc822;{}", alice.address)), "{report}");
    wait_for_server(&browser, "$MDNSent on Alice's message", || {
        has_flag(&stack, &alice, "INBOX", "Signed?", "$MDNSent")?.then_some(())
    });
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// With conversations on, an invitation opened among its conversation's messages is answered
/// there as in the reader.
#[test]
fn an_invitation_is_answered_in_the_conversation_view() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    stack
        .seed(&alice, "INBOX", &[google_invitation(&bob.address, &alice.address, "REQUEST", "Retro")])
        .expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 1);
    browser
        .execute("document.querySelector('[data-testid=conversations]').click();", vec![])
        .expect("switch");
    browser
        .wait_until(
            "the conversation row",
            "const r = document.querySelector('[data-testid=message-row][data-count]'); if (r) r.click(); return !!r;",
            vec![],
            WAIT,
        )
        .expect("opened");
    browser.wait_for("[data-testid=conversation] [data-testid=invitation]", WAIT).expect("the card");
    click(&mut browser, "[data-testid=conversation] [data-testid=rsvp-maybe]");
    let reply = wait_for_server(&browser, "the answer in Bob's INBOX", || {
        let all = stack.fetch_all(&bob, "INBOX").ok()?;
        all.into_iter()
            .map(|m| String::from_utf8_lossy(&m.raw).into_owned())
            .find(|m| m.contains("Subject: Tentatively accepted: Retro"))
    });
    assert!(reply.replace("\r\n ", "").contains("PARTSTAT=TENTATIVE"), "{reply}");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
