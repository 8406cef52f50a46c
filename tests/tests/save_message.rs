//! Saving a message as a file: the reader's More menu hands the message's raw source (RFC 5322)
//! to the browser as a download named after its subject with `.eml`
//! (frontend/src/reader/attachments.rs `save_message`). Real app in headless Chromium, the real
//! bridge, Dovecot; the saved file is compared byte for byte with what the harness's own IMAP
//! client fetches. *Save all (ZIP)* saves every attachment in one archive that Info-ZIP's unzip
//! tests whole and extracts byte for byte, each file dated when the message was.

use std::process::Command;
use std::time::{Duration, Instant};

use posthorn_proto::message::read;
use posthorn_tests::fixtures;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, click, more_action, open_row, signed_in, wait_row_count};
use serde_json::json;

/// A new folder the browser saves downloads into, without asking.
fn download_folder(browser: &posthorn_tests::browser::Browser, name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("posthorn-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("download folder");
    browser
        .cdp(
            "Browser.setDownloadBehavior",
            json!({ "behavior": "allow", "downloadPath": dir.to_str().unwrap() }),
        )
        .expect("allow downloads");
    dir
}

#[test]
fn a_message_saves_as_an_eml_file_of_its_source() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    // ISO-8859-1 words in the subject (RFC 2047) and the body; and a subject with characters no
    // file name may hold.
    let figures = String::from_utf8(fixtures::with_attachments())
        .expect("ASCII")
        .replace("Subject: Quarterly report", "Subject: Q3/Q4: report?");
    stack.seed(&alice, "INBOX", &[fixtures::latin1_umlauts(), figures.into_bytes()]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 2);
    let dir = download_folder(&browser, "saved");
    let on_server = stack.fetch_all(&alice, "INBOX").expect("fetch");

    for (subject, file, raw) in [
        ("Grüße aus Köln", "Grüße aus Köln.eml", &on_server[0].raw),
        ("Q3/Q4: report?", "Q3_Q4_ report_.eml", &on_server[1].raw),
    ] {
        open_row(&mut browser, subject);
        more_action(&mut browser, "[data-testid=save-message]");
        let path = dir.join(file);
        let deadline = Instant::now() + WAIT;
        // Chromium may make the file before it has written it: wait until it holds all it will.
        let written = || std::fs::metadata(&path).is_ok_and(|m| m.len() >= raw.len() as u64);
        while !written() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        let saved = std::fs::read(&path).unwrap_or_else(|e| {
            let there: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name()).collect();
            panic!("{file} not saved ({e}); the folder holds {there:?}")
        });
        assert_eq!(&saved, raw, "{file} holds the message's source as the server has it");
    }
    let _ = std::fs::remove_dir_all(&dir);
    browser.assert_no_console_errors(&[]).expect("no console errors");
}

#[test]
fn all_attachments_save_in_one_zip_file() {
    let stack = MailStack::start().expect("mail stack");
    let alice = stack.alice().clone();
    stack.seed(&alice, "INBOX", &[fixtures::with_attachments()]).expect("seed");
    let (_bridge, mut browser) = signed_in(&stack, &alice);
    wait_row_count(&mut browser, 1);
    let dir = download_folder(&browser, "zip");
    let raw = &stack.fetch_all(&alice, "INBOX").expect("fetch")[0].raw;
    let message = read(raw).expect("parses");
    assert_eq!(message.attachments.len(), 2, "report.pdf and data.bin");

    // The message is dated 09:00 UTC; a reader in Berlin (UTC+1 in November) finds its files
    // dated 10:00, as ZIP's MS-DOS times are local.
    browser.cdp("Emulation.setTimezoneOverride", json!({ "timezoneId": "Europe/Berlin" })).expect("zone");
    open_row(&mut browser, "Quarterly report");
    click(&mut browser, "[data-testid=save-all-attachments]");
    let path = dir.join("attachments.zip");
    let deadline = Instant::now() + WAIT;
    // Whole once unzip can test it (Chromium may make the file before it has written it).
    let tested = || Command::new("unzip").arg("-tq").arg(&path).output().is_ok_and(|o| o.status.success());
    while !tested() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(tested(), "unzip -t finds attachments.zip whole");
    for attachment in &message.attachments {
        let out =
            Command::new("unzip").arg("-p").arg(&path).arg(&attachment.name).output().expect("unzip -p");
        assert!(out.status.success(), "{} in the archive", attachment.name);
        assert!(out.stdout == attachment.content, "{} holds what the message holds", attachment.name);
    }
    // zipinfo's decimal times (`-T`): yyyymmdd.hhmmss.
    let listing = Command::new("unzip").arg("-Z").arg("-T").arg(&path).output().expect("unzip -Z");
    let listing = String::from_utf8_lossy(&listing.stdout);
    let dated: Vec<&str> = listing.lines().filter(|l| l.contains(" stor ")).collect();
    assert_eq!(dated.len(), 2, "{listing}");
    assert!(dated.iter().all(|l| l.contains(" 20261119.100000 ")), "dated as the message: {listing}");
    let _ = std::fs::remove_dir_all(&dir);
    browser.assert_no_console_errors(&[]).expect("no console errors");
}
