//! Dovecot 2.3's answer to STATUS on a folder another session created a moment before, replayed
//! by a scripted peer: `UIDVALIDITY 0`, though RFC 3501 section 9 makes it an `nz-number`. The
//! line is the one the real Dovecot sent on loopback while `tests/tests/junk.rs` made a Junk
//! folder; the race behind it (the index not yet written) does not happen on demand, so the
//! script isolates the exchange. What the client can rely on: the counts beside the 0 are read,
//! and the 0 reads as "not known yet" (shared/src/imap/status.rs).
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/imap.rs"]
mod support;

use posthorn_proto::imap::{Command, Config, Data, Error, ImapClient, MailboxName};
use posthorn_proto::security::TlsMode;
use support::{nothing, results, run, run_unchecked, script};

fn status_of_junk(client: &mut ImapClient) {
    client.enqueue(Command::Status { mailbox: MailboxName::from_wire("Junk") });
    client.enqueue(Command::Noop);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_zero_uidvalidity_in_status_reads_as_not_known() {
    let outcome = run(
        &Config::new(TlsMode::Implicit),
        status_of_junk,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 CONDSTORE] Dovecot ready.
         C: a001 STATUS Junk (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ)
         C: a002 NOOP
         S: * STATUS Junk (MESSAGES 0 RECENT 0 UIDNEXT 1 UIDVALIDITY 0 UNSEEN 0 HIGHESTMODSEQ 1)
         S: a001 OK Status completed (0.001 + 0.000 secs).
         S: a002 OK NOOP completed.",
        nothing,
    );
    let results = results(&outcome);
    let Ok(Data::Status(status)) = &results[0] else { panic!("{:?}", results[0]) };
    assert_eq!(status.mailbox.as_wire(), "Junk");
    assert_eq!((status.messages, status.unseen, status.uidnext), (Some(0), Some(0), Some(1)));
    assert_eq!((status.uidvalidity, status.highestmodseq), (None, Some(1)));
    // The session goes on: the next command is answered.
    assert!(results[1].is_ok(), "{:?}", results[1]);
}

/// Where a zero is not the only fault, the response is still refused in plain words: nothing
/// but the zero identifiers is forgiven.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_status_broken_otherwise_is_still_refused() {
    let outcome = run_unchecked(
        &Config::new(TlsMode::Implicit),
        status_of_junk,
        &script(
            "S: * PREAUTH [CAPABILITY IMAP4rev1 CONDSTORE] Dovecot ready.
             C: a001 STATUS Junk (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ)
             C: a002 NOOP
             S: * STATUS Junk (MESSAGES x UIDVALIDITY 0)",
        ),
        nothing,
    );
    match &outcome.error {
        Some(error @ Error::Malformed { summary }) => {
            assert_eq!(summary, "* STATUS Junk (MESSAGES x UIDVALIDITY 0)");
            assert!(error.to_string().contains("cannot read"), "{error}");
        }
        other => panic!("{other:?}"),
    }
    assert!(results(&outcome).is_empty());
}
