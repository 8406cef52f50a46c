//! Conversations in the real app against the real Dovecot, through the real bridge, in headless
//! Chromium. A conversation lives in two folders: Bob's question and his second answer in INBOX,
//! Alice's reply between them in Sent. With the list's "Conversations" switch on, INBOX shows it
//! as one row of three messages beside an unrelated message; it opens as one conversation with
//! all three, oldest first, each labelled with its folder, the read one collapsed. Bob's second
//! answer has another subject and names Alice's reply only in a folded References header, so only
//! the index of Message-ID, In-Reply-To and References (Sent's included) can put it there.
//! Flagging Alice's reply from the conversation lands on it in Sent (checked with the harness's
//! own IMAP client), and the switch is kept across a reload. "Move all to…" Archive moves Bob's two
//! messages there and leaves Alice's reply in Sent, where it still joins them in Archive.

use posthorn_tests::axe;
use posthorn_tests::browser::{Browser, keys};
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, click, error_banner, screenshot, signed_in, subjects_in, wait_for_server};
use serde_json::{Value, json};

fn message(date: &str, from: &str, subject: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "Date: {date}\r\nFrom: {from}\r\nTo: someone@example.org\r\nSubject: {subject}\r\n{extra}\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

/// Bob's question in INBOX, which starts the conversation.
fn question() -> Vec<u8> {
    message(
        "Fri, 20 Nov 2026 09:00:00 +0000",
        "Bob <bob@example.org>",
        "Lunch on Friday?",
        "Message-ID: <lunch.1@example.org>\r\n",
        "Shall we have lunch on Friday?",
    )
}

/// Alice's reply to it, in Sent.
fn reply() -> Vec<u8> {
    message(
        "Fri, 20 Nov 2026 10:00:00 +0000",
        "Alice <alice@example.org>",
        "Re: Lunch on Friday?",
        "Message-ID: <lunch.2@example.org>\r\nIn-Reply-To: <lunch.1@example.org>\r\n\
         References: <lunch.1@example.org>\r\n",
        "Friday works for me.",
    )
}

/// The list's rows top to bottom: (aria-rowindex, data-count, subject cell text).
fn rows(browser: &Browser) -> Value {
    browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=message-row]')] \
               .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top) \
               .map(r => [r.getAttribute('aria-rowindex'), r.getAttribute('data-count'), \
                          r.querySelector('.subject').textContent.trim()]);",
            vec![],
        )
        .unwrap_or_default()
}

fn wait_rows(browser: &mut Browser, what: &str, script: &str) {
    if let Err(e) = browser.wait_until(what, script, vec![], WAIT) {
        panic!("waiting for {what}: {e}; the list shows {}", rows(browser));
    }
}

fn switch(browser: &Browser) {
    browser.execute("document.querySelector('[data-testid=conversations]').click();", vec![]).expect("click");
}

#[test]
fn a_conversation_across_inbox_and_sent_is_one_row_and_opens_whole() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    let inbox = [
        message(
            "Wed, 18 Nov 2026 08:00:00 +0000",
            "Carol <carol@example.org>",
            "Quarterly figures",
            "Message-ID: <figures@example.org>\r\n",
            "The figures are attached.",
        ),
        question(),
        message(
            "Fri, 20 Nov 2026 12:00:00 +0000",
            "Bob <bob@example.org>",
            "Room booked",
            "Message-ID: <lunch.3@example.org>\r\nIn-Reply-To: <lunch.2@example.org>\r\n\
             References: <lunch.1@example.org>\r\n <lunch.2@example.org>\r\n",
            "I booked the room by the window.",
        ),
    ];
    stack.seed(&alice, "INBOX", &inbox).expect("seed INBOX");
    let sent = [
        reply(),
        message(
            "Thu, 19 Nov 2026 10:00:00 +0000",
            "Alice <alice@example.org>",
            "Holiday plans",
            "Message-ID: <holiday@example.org>\r\n",
            "Not part of anything in INBOX.",
        ),
    ];
    let sent_uids = stack.seed(&alice, "Sent", &sent).expect("seed Sent");
    for uid in &sent_uids {
        stack.set_flags(&alice, "Sent", *uid, &["\\Seen"]).expect("seen");
    }

    let (_bridge, mut browser) = signed_in(&stack, &alice);

    // Single messages first: the three of INBOX.
    wait_rows(
        &mut browser,
        "three single rows",
        "return document.querySelectorAll('[data-testid=message-row]').length === 3 && \
                document.querySelector('[data-testid=message-list]').getAttribute('aria-rowcount') === '3';",
    );
    switch(&browser);
    // One conversation of three (INBOX's two and Sent's one), newest first, and Carol's message.
    wait_rows(
        &mut browser,
        "one conversation of three and one single message",
        "const rows = [...document.querySelectorAll('[data-testid=message-row]')]; \
         const grid = document.querySelector('[data-testid=message-list]'); \
         return rows.length === 2 && grid.getAttribute('aria-rowcount') === '2' && \
                rows.some(r => r.getAttribute('data-count') === '3');",
    );
    let shown = rows(&browser);
    assert_eq!(shown[0][0], "1", "{shown}");
    assert_eq!(shown[0][1], "3", "the conversation has three messages: {shown}");
    assert!(shown[0][2].as_str().unwrap_or_default().starts_with("Lunch on Friday?"), "{shown}");
    assert_eq!(shown[1], json!(["2", "1", "Quarterly figures"]), "{shown}");
    let from = browser
        .execute(
            "return document.querySelector('[data-testid=message-row][data-count=\"3\"] .from').textContent",
            vec![],
        )
        .expect("participants");
    assert_eq!(from, "Bob, Alice", "the participants, Sent's sender among them");
    screenshot(&browser, "conversations-list");
    let axe = axe::source();
    let found = axe::violations(&browser, &axe);
    assert!(found.is_empty(), "axe-core on the conversation list:\n{}", found.join("\n"));

    // Opened: all three, oldest first, each with its folder; the read one (Sent's) collapsed.
    browser
        .execute("document.querySelector('[data-testid=message-row][data-count=\"3\"]').click();", vec![])
        .unwrap();
    browser
        .wait_until(
            "the conversation with its three messages",
            "return document.querySelectorAll('[data-testid=conversation-message]').length === 3;",
            vec![],
            WAIT,
        )
        .expect("conversation reader");
    let messages = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=conversation-message]')].map(m => [ \
               m.getAttribute('data-folder'), m.querySelector('[data-testid=conversation-folder]').textContent, \
               m.querySelector('[data-testid=conversation-toggle]').getAttribute('aria-expanded')]);",
            vec![],
        )
        .unwrap();
    assert_eq!(
        messages,
        json!([["INBOX", "Inbox", "true"], ["Sent", "Sent", "false"], ["INBOX", "Inbox", "true"]]),
        "oldest first, each labelled with its folder, the read one collapsed"
    );
    browser
        .wait_until(
            "both of Bob's messages to be shown whole",
            "const t = document.querySelector('[data-testid=conversation]').textContent; \
             return t.includes('Shall we have lunch on Friday?') && t.includes('I booked the room by the window.') \
                    && !t.includes('Friday works for me.');",
            vec![],
            WAIT,
        )
        .expect("expanded bodies");
    // An open message's header does not repeat its line (sender's name, date) or the conversation's
    // subject: only "Room booked", a subject of its own, is shown again; the address is.
    let headers = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=conversation-message]')].map(m => [ \
               m.querySelector('[data-testid=reader-subject]')?.textContent ?? null, \
               m.querySelector('[data-testid=reader-from]')?.textContent ?? null, \
               m.querySelectorAll('[data-testid=reader-date]').length]);",
            vec![],
        )
        .unwrap();
    assert_eq!(
        headers,
        json!([
            [null, "Bob <bob@example.org>", 0],
            [null, null, 0],
            ["Room booked", "Bob <bob@example.org>", 0]
        ]),
        "what each message's header shows in the conversation"
    );
    // The line gives the date in short, the whole of it on hover.
    let date = browser
        .execute(
            "const d = document.querySelector('[data-testid=conversation-message] .date'); \
             return [d.textContent.trim(), d.title];",
            vec![],
        )
        .unwrap();
    assert_eq!(
        date,
        json!(["Nov 20, 2026, 9:00 AM", "Friday, November 20, 2026 at 9:00 AM"]),
        "the line's date"
    );
    // Once loaded, the newest message of INBOX is the open one and focus is in the reader.
    browser
        .wait_until(
            "focus in the reader",
            "return document.activeElement && document.activeElement.getAttribute('data-testid') === 'reader';",
            vec![],
            WAIT,
        )
        .expect("reader focused");
    // The collapsed one opens from the keyboard: Enter on its line.
    browser
        .execute("document.querySelectorAll('[data-testid=conversation-toggle]')[1].focus();", vec![])
        .unwrap();
    let focused = browser
        .execute("return document.activeElement.getAttribute('data-testid')", vec![])
        .unwrap_or_default();
    assert_eq!(focused, "conversation-toggle", "focus on the collapsed message's line");
    browser.press_keys(&keys::ENTER.to_string()).expect("Enter");
    browser
        .wait_until(
            "Alice's reply from Sent to open",
            "return document.querySelector('[data-testid=conversation]').textContent.includes('Friday works for me.');",
            vec![],
            WAIT,
        )
        .unwrap_or_else(|e| {
            let text = browser
                .execute(
                    "return [document.activeElement.outerHTML.slice(0, 200), \
                             [...document.querySelectorAll('[data-testid=conversation-toggle]')] \
                               .map(t => t.getAttribute('aria-expanded')), \
                             document.querySelector('[data-testid=conversation]').textContent]",
                    vec![],
                )
                .unwrap_or_default();
            panic!("{e}; the conversation shows {text}")
        });
    // "Re: Lunch on Friday?" has the conversation's base subject (RFC 5256 section 2.1).
    let reply = browser
        .execute(
            "const m = document.querySelectorAll('[data-testid=conversation-message]')[1]; \
             return [m.querySelector('[data-testid=reader-subject]')?.textContent ?? null, \
                     m.querySelector('[data-testid=reader-from]').textContent];",
            vec![],
        )
        .unwrap();
    assert_eq!(reply, json!([null, "Alice <alice@example.org>"]), "the reply's header");
    screenshot(&browser, "conversations-reader");
    // The reader scrolls, the page does not: nothing inside the conversation (the actions' names
    // hidden where they show their icons alone) reaches out of the reader to lengthen the page.
    let page = browser
        .execute("return [document.documentElement.scrollHeight, innerHeight]", vec![])
        .expect("measure the page");
    assert!(page[0].as_u64() <= page[1].as_u64(), "the page is as high as the window: {page}");
    // Each message's line fits the reader: sender, folder and date stay inside the line's button
    // (none squeezed to nothing or pushed out over its neighbours), and the buttons beside it
    // move below it rather than on top of it.
    let lines = browser
        .execute(
            "const r = e => e.getBoundingClientRect(); \
             return [...document.querySelectorAll('.conversation-line')].map(line => { \
               const t = r(line.querySelector('.conversation-toggle')); \
               const a = r(line.querySelector('.conversation-actions')); \
               const parts = [...line.querySelectorAll('.conversation-toggle span')].map(s => { \
                 const b = r(s); \
                 return b.width > 0 && b.left >= t.left - 0.5 && b.right <= t.right + 0.5 \
                   ? 'fits' : `${s.className} ${Math.round(b.left)}..${Math.round(b.right)} in ${Math.round(t.left)}..${Math.round(t.right)}`; }); \
               const apart = t.bottom <= a.top + 0.5 || t.right <= a.left + 0.5 || a.right <= t.left + 0.5; \
               return [parts, apart ? 'apart' : 'overlapping']; });",
            vec![],
        )
        .unwrap();
    let fits = json!(["fits", "fits", "fits"]);
    assert_eq!(lines, json!([[fits, "apart"], [fits, "apart"], [fits, "apart"]]), "each message's line");
    let found = axe::violations(&browser, &axe);
    assert!(found.is_empty(), "axe-core on the open conversation:\n{}", found.join("\n"));
    // On a phone it fits too (tests/src/phone.rs): nothing wider than the screen, every control
    // at least 44 px, no button's text cut.
    posthorn_tests::phone::emulate(&browser);
    posthorn_tests::phone::assert_fits(&browser, "conversation");
    browser.cdp("Emulation.clearDeviceMetricsOverride", json!({})).expect("the desktop again");
    browser.cdp("Emulation.setTouchEmulationEnabled", json!({ "enabled": false })).expect("no touch");
    // A click closes an open one to its line.
    browser
        .execute("document.querySelectorAll('[data-testid=conversation-toggle]')[0].click();", vec![])
        .unwrap();
    browser
        .wait_until(
            "Bob's first message to close",
            "return !document.querySelector('[data-testid=conversation]').textContent \
                    .includes('Shall we have lunch on Friday?') && \
                    document.querySelectorAll('[data-testid=conversation-toggle]')[0] \
                      .getAttribute('aria-expanded') === 'false';",
            vec![],
            WAIT,
        )
        .expect("collapsed by a click");

    // Flagging Alice's reply from the conversation flags it in Sent, on the server.
    browser.execute("document.querySelectorAll('[data-testid=member-flag]')[1].click();", vec![]).unwrap();
    wait_for_server(&browser, "\\Flagged on Alice's reply in Sent", || {
        let messages = stack.fetch_all(&alice, "Sent").ok()?;
        let reply = messages.iter().find(|m| m.uid == sent_uids[0])?;
        reply.flags.iter().any(|f| f == "\\Flagged").then_some(())
    });
    // INBOX is still the open folder, the conversation still open.
    assert_eq!(
        browser
            .execute("return document.querySelectorAll('[data-testid=conversation-message]').length", vec![])
            .unwrap(),
        3
    );
    wait_rows(
        &mut browser,
        "the list to still show INBOX's conversations",
        "return document.querySelectorAll('[data-testid=message-row]').length === 2;",
    );

    // The switch is kept for the folder across a reload; off, single messages again.
    browser.refresh().expect("reload");
    wait_rows(
        &mut browser,
        "conversations after the reload",
        "const rows = [...document.querySelectorAll('[data-testid=message-row]')]; \
         return rows.length === 2 && rows.some(r => r.getAttribute('data-count') === '3') && \
                document.querySelector('[data-testid=conversations]').checked;",
    );
    switch(&browser);
    wait_rows(
        &mut browser,
        "single messages again",
        "return document.querySelectorAll('[data-testid=message-row]').length === 3 && \
                document.querySelector('[data-testid=message-list]').getAttribute('aria-rowcount') === '3';",
    );

    // "Move all to…" Archive files the conversation: Bob's two messages leave INBOX for Archive,
    // Alice's reply stays in Sent (checked with the harness's own IMAP client), and in Archive
    // the reply still joins them as one conversation of three. After the reload the password is
    // asked for again.
    let field = browser.wait_for("[data-testid=unlock] input[name=password]", WAIT).expect("unlock form");
    browser.fill(&field, &alice.password).expect("type the password");
    click(&mut browser, "[data-testid=unlock] button[type=submit]");
    wait_rows(
        &mut browser,
        "the list again after the unlock",
        "return !document.querySelector('[data-testid=unlock]') && \
                document.querySelectorAll('[data-testid=message-row]').length === 3 && \
                !document.querySelector('[data-testid=conversations]').checked;",
    );
    // The view is drawn again as the session comes back: switch on whichever is there.
    wait_rows(
        &mut browser,
        "conversations again",
        "const c = document.querySelector('[data-testid=conversations]'); if (c && !c.checked) c.click(); \
         return [...document.querySelectorAll('[data-testid=message-row]')] \
                  .some(r => r.getAttribute('data-count') === '3');",
    );
    browser
        .execute("document.querySelector('[data-testid=message-row][data-count=\"3\"]').click();", vec![])
        .unwrap();
    browser
        .wait_until(
            "Archive among the conversation's move targets",
            "const s = document.querySelector('[data-testid=conversation-move]'); \
             if (!s || document.querySelectorAll('[data-testid=conversation-message]').length !== 3) return false; \
             if (![...s.options].some(o => o.value === 'Archive')) return false; \
             s.value = 'Archive'; s.dispatchEvent(new Event('change')); return true;",
            vec![],
            WAIT,
        )
        .expect("choose Archive for the whole conversation");
    let subjects = |mailbox: &str| subjects_in(&stack, &alice, mailbox);
    let archived = wait_for_server(&browser, "Bob's two messages in Archive", || {
        let archived = subjects("Archive")?;
        (archived.len() == 2).then_some(archived)
    });
    assert_eq!(archived, vec!["Lunch on Friday?", "Room booked"]);
    assert_eq!(subjects("INBOX").expect("INBOX"), vec!["Quarterly figures"], "only Carol's message is left");
    assert_eq!(
        subjects("Sent").expect("Sent"),
        vec!["Holiday plans", "Re: Lunch on Friday?"],
        "Alice's reply stays in Sent"
    );
    wait_rows(
        &mut browser,
        "INBOX without the conversation",
        "const rows = [...document.querySelectorAll('[data-testid=message-row]')]; \
         return rows.length === 1 && rows[0].querySelector('.subject').textContent.includes('Quarterly figures');",
    );
    // Moved while its messages were being opened, the conversation is not opened after all: no
    // "The server did not return the message" for a message that left on purpose.
    let error = error_banner(&browser);
    assert_eq!(error, Value::Null, "no error after moving the conversation");
    browser
        .wait_until(
            "Archive opened",
            "const f = document.querySelector('.folder[data-folder=\"Archive\"]'); if (f) f.click(); return !!f;",
            vec![],
            WAIT,
        )
        .expect("open Archive");
    wait_rows(
        &mut browser,
        "Archive's two messages",
        "return document.querySelectorAll('[data-testid=message-row]').length === 2 && \
                !document.querySelector('[data-testid=conversations]').checked;",
    );
    switch(&browser);
    wait_rows(
        &mut browser,
        "Archive's conversation of three, Alice's reply from Sent in it",
        "const rows = [...document.querySelectorAll('[data-testid=message-row]')]; \
         return rows.length === 1 && rows[0].getAttribute('data-count') === '3';",
    );

    // Each message's line carries its flag, set or not, as the server has it (Alice's reply was
    // flagged above); deleting or moving one message is in its More menu once it is open, so the
    // two read ones, collapsed, have neither.
    browser
        .execute("document.querySelector('[data-testid=message-row][data-count=\"3\"]').click();", vec![])
        .unwrap();
    let state = browser
        .wait_until(
            "the conversation in Archive, Bob's last message open",
            "const ms = [...document.querySelectorAll('[data-testid=conversation-message]')]; \
             if (ms.length !== 3 || !ms[2].querySelector('[data-testid=more-actions]')) return false; \
             return ms.map(m => [m.querySelector('[data-testid=member-flag]').getAttribute('aria-pressed'), \
                                 m.querySelectorAll('[data-testid=member-delete], [data-testid=member-move]').length]);",
            vec![],
            WAIT,
        )
        .expect("conversation in Archive");
    assert_eq!(state, json!([["false", 0], ["true", 0], ["false", 2]]), "flags and per-message actions");
    // Delete "Room booked" from its More menu: it goes to Trash, the conversation keeps two.
    browser
        .execute(
            "const m = document.querySelectorAll('[data-testid=conversation-message]')[2]; \
             m.querySelector('[data-testid=more-actions] > summary').click();",
            vec![],
        )
        .unwrap();
    screenshot(&browser, "conversations-more");
    browser
        .execute(
            "document.querySelectorAll('[data-testid=conversation-message]')[2] \
               .querySelector('[data-testid=member-delete]').click();",
            vec![],
        )
        .unwrap();
    wait_for_server(&browser, "\"Room booked\" in Trash", || {
        (subjects("Trash")? == ["Room booked"] && subjects("Archive")? == ["Lunch on Friday?"]).then_some(())
    });
    browser
        .wait_until(
            "the conversation without it",
            "return document.querySelectorAll('[data-testid=conversation-message]').length === 2;",
            vec![],
            WAIT,
        )
        .expect("two messages left");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

/// A message of the conversation that another client deleted meanwhile (here Alice's reply in
/// Sent, expunged with the harness's own IMAP client after the app indexed Sent) says so where
/// its body would be, instead of loading for ever; the others open as usual.
#[test]
fn a_message_gone_from_the_server_says_so_in_the_conversation() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack.seed(&alice, "INBOX", &[question()]).expect("seed INBOX");
    let sent = stack.seed(&alice, "Sent", &[reply()]).expect("seed Sent");
    stack.set_flags(&alice, "Sent", sent[0], &["\\Seen"]).expect("seen");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_rows(
        &mut browser,
        "one row",
        "return document.querySelectorAll('[data-testid=message-row]').length === 1;",
    );
    switch(&browser);
    wait_rows(
        &mut browser,
        "the conversation of two",
        "return [...document.querySelectorAll('[data-testid=message-row]')] \
                  .some(r => r.getAttribute('data-count') === '2');",
    );
    stack.expunge(&alice, "Sent", sent[0]).expect("delete the reply elsewhere");
    browser
        .execute("document.querySelector('[data-testid=message-row][data-count=\"2\"]').click();", vec![])
        .unwrap();
    browser
        .wait_until(
            "the question shown whole",
            "return document.querySelectorAll('[data-testid=conversation-message]').length === 2 && \
                    document.querySelector('[data-testid=conversation]').textContent \
                      .includes('Shall we have lunch on Friday?');",
            vec![],
            WAIT,
        )
        .expect("conversation");
    // The reply, the newest, is open from the start.
    let said = browser
        .wait_until(
            "the reply's place to say it is gone",
            "const m = document.querySelectorAll('[data-testid=conversation-message]')[1]; \
             const u = m.querySelector('[data-testid=member-unavailable]'); return u && u.textContent;",
            vec![],
            WAIT,
        )
        .unwrap_or_else(|e| {
            let text = browser
                .execute("return document.querySelector('[data-testid=conversation]').textContent", vec![])
                .unwrap_or_default();
            panic!("{e}; the conversation shows {text}")
        });
    assert_eq!(said, "The server did not return the message; it may have been deleted.");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
