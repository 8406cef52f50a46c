//! Looking after accounts in the real app: the password asked once per session, on a screen
//! where it can be typed at once (frontend/src/app/unlock.rs); adding a further account can be
//! called off (frontend/src/account_setup.rs); removing one (frontend/src/settings/remove_account.rs)
//! asks first in the app's own words and says which unsent messages would go with it; Cancel keeps
//! everything; Remove forgets the account and all the app kept for it here (the local store,
//! frontend/src/store.rs), while its mail on the server stays. Real app, real bridge, Dovecot and
//! Postfix, headless Chromium.

use posthorn_tests::browser::{Browser, keys};
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{
    WAIT, click, dated_message, go_offline, screenshot, set_field, set_offline, signed_in, touching_buttons,
    wait_focused, wait_outbox, wait_row_count,
};
use serde_json::json;

/// How many records the local store (IndexedDB `posthorn`) holds for `account`, store by store
/// (`kv`, `headers`, `bodies`: keys that start with the account; `secrets`: keyed by it).
fn stored_for(browser: &Browser, account: &str) -> serde_json::Value {
    browser
        .execute_async(
            "const [account, done] = [arguments[0], arguments[arguments.length - 1]]; \
             const open = indexedDB.open('posthorn'); \
             open.onerror = () => done('error: ' + open.error); \
             open.onsuccess = () => { \
               const names = ['kv', 'headers', 'bodies', 'secrets']; \
               const tx = open.result.transaction(names); const counts = {}; \
               for (const name of names) { \
                 const req = tx.objectStore(name).getAllKeys(); \
                 req.onsuccess = () => { counts[name] = req.result.filter(k => \
                   Array.isArray(k) ? k[0] === account : k === account).length; }; \
               } \
               tx.oncomplete = () => { open.result.close(); done(counts); }; \
               tx.onerror = () => done('error: ' + tx.error); \
             };",
            vec![json!(account)],
        )
        .expect("read IndexedDB")
}

fn total(counts: &serde_json::Value) -> u64 {
    counts.as_object().expect("counts").values().map(|n| n.as_u64().unwrap_or(0)).sum()
}

#[test]
fn removing_an_account_asks_first_then_forgets_it_here_and_leaves_its_mail_on_the_server() {
    let stack = MailStack::start().expect("mail stack");
    let (alice, bob) = (stack.alice().clone(), stack.bob().clone());
    stack
        .seed(&alice, "INBOX", &[dated_message("Bob <bob@example.org>", "Kept on the server", 9)])
        .expect("seed");
    let (bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 1);

    // A new session asks for the password, and the field has the focus: type and press Enter.
    browser.goto(&format!("{}/", bridge.url)).expect("reload");
    browser.wait_for("[data-testid=unlock]", WAIT).expect("the password asked for");
    browser
        .wait_until(
            "focus in the password field",
            "return document.activeElement && document.activeElement.matches('[data-testid=unlock] input[name=password]');",
            vec![],
            WAIT,
        )
        .expect("the password field focused");
    browser.press_keys(&format!("{}{}", alice.password, keys::ENTER)).expect("type the password");
    browser
        .wait_until(
            "the unlock screen to go",
            "return !document.querySelector('[data-testid=unlock]');",
            vec![],
            WAIT,
        )
        .expect("unlocked");
    wait_row_count(&mut browser, 1);

    // Adding a further account can be called off: back to the mail.
    click(&mut browser, ".topbar button.quiet");
    browser.wait_for("[data-testid=account-setup]", WAIT).expect("the account setup");
    let touching = touching_buttons(&browser);
    assert!(touching.is_empty(), "the setup's buttons have room between them: {touching:?}");
    click(&mut browser, "[data-testid=cancel-setup]");
    wait_row_count(&mut browser, 1);
    // A message written offline waits in the outbox.
    go_offline(&mut browser);
    click(&mut browser, "[data-testid=new-message]");
    set_field(&mut browser, "to", &bob.address);
    set_field(&mut browser, "subject", "Never sent");
    set_field(&mut browser, "body", "Written offline.");
    click(&mut browser, "[data-testid=send]");
    wait_outbox(&mut browser, "Never sent", "waiting", WAIT);
    let before = stored_for(&browser, &alice.address);
    assert!(before["kv"].as_u64() > Some(0) && before["headers"].as_u64() > Some(0), "{before}");

    // Not in the top bar any more: in the settings, and it asks first.
    assert!(
        browser.find(".topbar > button.danger").unwrap().is_none(),
        "no Remove account button beside Add account"
    );
    click(&mut browser, "[data-testid=settings] > summary");
    click(&mut browser, "[data-testid=remove-account]");
    let question = browser.wait_for("[data-testid=remove-account-question]", WAIT).expect("the question");
    let question = browser.text(&question).unwrap();
    screenshot(&browser, "remove-account-question");
    assert!(question.contains(&alice.address), "it names the account: {question}");
    assert!(question.contains("stays on the server"), "it says the server keeps the mail: {question}");
    assert!(
        question.contains("1 message in its outbox has not been sent"),
        "it warns of the unsent message: {question}"
    );
    wait_focused(&mut browser, "remove-account-cancel");
    click(&mut browser, "[data-testid=remove-account-cancel]");
    wait_focused(&mut browser, "remove-account");
    wait_outbox(&mut browser, "Never sent", "waiting", WAIT);
    assert_eq!(total(&stored_for(&browser, &alice.address)), total(&before), "Cancel keeps everything");

    click(&mut browser, "[data-testid=remove-account]");
    click(&mut browser, "[data-testid=remove-account-confirm]");
    // The only account gone: the app asks for one, now and after a reload.
    browser.wait_for("[data-testid=account-setup]", WAIT).expect("the account setup");
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let left = stored_for(&browser, &alice.address);
        if total(&left) == 0 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the local store still holds {left}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    set_offline(&browser, false);
    browser.goto(&format!("{}/", bridge.url)).expect("reload");
    browser.wait_for("[data-testid=account-setup]", WAIT).expect("still no account after a reload");
    assert!(browser.find("[data-testid=outbox-item]").unwrap().is_none(), "no outbox after a reload");
    std::thread::sleep(std::time::Duration::from_secs(1));
    assert_eq!(total(&stored_for(&browser, &alice.address)), 0, "nothing written back after the removal");

    // The mail on the server is untouched, and the unsent message never left.
    let inbox = stack.fetch_all(&alice, "INBOX").expect("fetch INBOX");
    assert_eq!(inbox.len(), 1, "alice's message is still on the server");
    assert!(stack.fetch_all(&bob, "INBOX").expect("fetch bob's INBOX").is_empty(), "nothing was sent to bob");
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
