//! Time in the engine, with an injected clock: a silent server fails the session at the reply
//! deadline and names what the client was waiting for; an answer just before the deadline is no
//! error; a long IDLE is renewed with DONE and a new IDLE before RFC 2177's 29 minutes; a client
//! that waits for nothing asks for no wake-up. The server side is written out byte for byte here,
//! as a real server cannot be told to go silent or be held for half an hour.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::time::Duration;

use posthorn_proto::engine::{Client, Interrupt, Io};
use posthorn_proto::imap::{self, Command, Data, Event, ImapClient};
use posthorn_proto::security::TlsMode;
use posthorn_proto::time::Moment;
use posthorn_proto::{pop3, smtp};

const SECOND: u64 = 1_000;
const MINUTE: u64 = 60 * SECOND;

fn at(millis: u64) -> Moment {
    Moment::from_millis(millis)
}

/// Drives `client` at `now` until it needs input: the bytes it wrote, the events, and the error
/// that ended it, if any.
fn drive<C: Client>(client: &mut C, now: Moment) -> (Vec<u8>, Vec<C::Event>, Option<C::Error>) {
    client.handle_timeout(now);
    let (mut written, mut events) = (Vec::new(), Vec::new());
    loop {
        match client.next() {
            Ok(event) => events.push(event),
            Err(Interrupt::Io(Io::Output(bytes))) => written.extend(bytes),
            Err(Interrupt::Io(Io::NeedMoreInput)) => return (written, events, None),
            Err(Interrupt::Io(Io::StartTls)) => panic!("no STARTTLS in these scripts"),
            Err(Interrupt::Error(error)) => return (written, events, Some(error)),
        }
    }
}

/// Feeds the server's bytes at `now`, then drives.
fn answer<C: Client>(
    client: &mut C,
    now: Moment,
    bytes: &[u8],
) -> (Vec<u8>, Vec<C::Event>, Option<C::Error>) {
    client.handle_timeout(now);
    client.enqueue_input(bytes);
    drive(client, now)
}

/// An IMAP client, greeted and ready at 0 ms with IDLE offered (pre-authenticated, RFC 3501
/// section 7.1.4, to keep the scripts short).
fn imap_ready() -> ImapClient {
    let mut client = ImapClient::new(imap::Config::new(TlsMode::Implicit));
    let (_, events, error) = answer(&mut client, at(0), b"* PREAUTH [CAPABILITY IMAP4rev1 IDLE] ready\r\n");
    assert!(error.is_none());
    assert!(matches!(events.as_slice(), [Event::Ready { .. }]), "{events:?}");
    client
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_silent_server_fails_the_command_at_the_deadline_naming_it() {
    let mut client = imap_ready();
    assert_eq!(client.next_deadline(), None, "nothing pending, no wake-up");
    client.enqueue(Command::Noop);
    let (written, _, _) = drive(&mut client, at(10 * SECOND));
    assert_eq!(written, b"a001 NOOP\r\n");
    assert_eq!(client.next_deadline(), Some(at(70 * SECOND)), "sent at 10 s, 60 s allowed");

    let (_, events, error) = drive(&mut client, at(69_999));
    assert!(error.is_none() && events.is_empty(), "{error:?} {events:?}");
    let (_, _, error) = drive(&mut client, at(70 * SECOND));
    let error = error.expect("the deadline passed");
    assert_eq!(error, imap::Error::Timeout { step: "NOOP".into(), seconds: 60 });
    assert!(error.to_string().contains("did not answer NOOP for 60 seconds"), "{error}");
    assert_eq!(client.state(), imap::SessionState::Logout, "the connection is to be replaced");
    assert_eq!(client.next_deadline(), None, "a dead session needs no wake-up");
    // Whatever the server says afterwards changes nothing.
    let (_, events, error) = answer(&mut client, at(71 * SECOND), b"a001 OK late\r\n");
    assert!(events.is_empty() && error.is_some());
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_reply_just_before_the_deadline_is_no_error() {
    let mut client = imap_ready();
    let id = client.enqueue(Command::Noop);
    drive(&mut client, at(0));
    assert_eq!(client.next_deadline(), Some(at(MINUTE)));
    let (_, events, error) = answer(&mut client, at(MINUTE - 1), b"a001 OK done\r\n");
    assert!(error.is_none());
    assert!(
        matches!(events.as_slice(), [Event::Done { id: done, result: Ok(Data::None), .. }] if *done == id)
    );
    assert_eq!(client.next_deadline(), None);
    let (_, events, error) = drive(&mut client, at(10 * MINUTE));
    assert!(error.is_none() && events.is_empty(), "{error:?}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn any_byte_from_the_server_restarts_the_wait() {
    let mut client = imap_ready();
    client.enqueue(Command::Select { mailbox: imap::MailboxName::encode("INBOX", false), qresync: None });
    drive(&mut client, at(0));
    // Part of the response, then silence: the clock restarts at the partial line.
    let (_, _, error) = answer(&mut client, at(50 * SECOND), b"* 3 EXISTS\r\n* FLAGS (\\Seen");
    assert!(error.is_none());
    assert_eq!(client.next_deadline(), Some(at(110 * SECOND)));
    let (_, _, error) = drive(&mut client, at(110 * SECOND));
    assert_eq!(error, Some(imap::Error::Timeout { step: "SELECT".into(), seconds: 60 }));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_silent_greeting_times_out_and_the_deadline_is_configurable() {
    let mut config = imap::Config::new(TlsMode::Implicit);
    config.timeouts.reply = Duration::from_secs(5);
    let mut client = ImapClient::new(config);
    assert_eq!(client.next_deadline(), None, "never told the time: no deadline, as before");
    drive(&mut client, at(1_000));
    assert_eq!(client.next_deadline(), Some(at(6_000)));
    let (_, _, error) = drive(&mut client, at(6_000));
    assert_eq!(error, Some(imap::Error::Timeout { step: "the greeting".into(), seconds: 5 }));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn idle_is_renewed_before_twenty_nine_minutes() {
    let mut client = imap_ready();
    let idle = client.enqueue(Command::Idle);
    let (written, _, _) = drive(&mut client, at(0));
    assert_eq!(written, b"a001 IDLE\r\n");
    let (_, events, _) = answer(&mut client, at(SECOND), b"+ idling\r\n");
    assert!(matches!(events.as_slice(), [Event::IdleStarted { id }] if *id == idle));
    // While idling the client waits for nothing but its renewal, 28 minutes after the `+`.
    assert_eq!(client.next_deadline(), Some(at(SECOND + 28 * MINUTE)));
    let (written, _, error) = drive(&mut client, at(20 * MINUTE));
    assert!(written.is_empty() && error.is_none());
    let (written, _, _) = answer(&mut client, at(25 * MINUTE), b"* 3 EXISTS\r\n");
    assert!(written.is_empty(), "news does not end IDLE");

    let (written, events, error) = drive(&mut client, at(SECOND + 28 * MINUTE));
    assert!(error.is_none() && events.is_empty(), "{error:?} {events:?}");
    assert_eq!(written, b"DONE\r\n", "RFC 2177 section 3: DONE before 29 minutes");
    assert_eq!(client.next_deadline(), Some(at(SECOND + 29 * MINUTE)), "DONE waits for its OK");

    // The server's OK ends the old IDLE; the same IDLE starts again, and the caller hears no Done.
    let (written, events, _) =
        answer(&mut client, at(2 * SECOND + 28 * MINUTE), b"a001 OK IDLE terminated\r\n");
    assert_eq!(written, b"a002 IDLE\r\n");
    assert!(events.is_empty(), "{events:?}");
    let (_, events, _) = answer(&mut client, at(3 * SECOND + 28 * MINUTE), b"+ idling\r\n");
    assert!(matches!(events.as_slice(), [Event::IdleStarted { id }] if *id == idle));
    assert_eq!(client.next_deadline(), Some(at(3 * SECOND + 56 * MINUTE)));

    // A command from the caller ends it for good: Done comes, with the IDLE's id.
    let noop = client.enqueue(Command::Noop);
    let (written, _, _) = drive(&mut client, at(30 * MINUTE));
    assert_eq!(written, b"DONE\r\n");
    let (written, events, _) = answer(&mut client, at(30 * MINUTE), b"a002 OK IDLE terminated\r\n");
    assert_eq!(written, b"a003 NOOP\r\n");
    assert!(matches!(events.as_slice(), [Event::Done { id, result: Ok(_), .. }] if *id == idle));
    let (_, events, _) = answer(&mut client, at(30 * MINUTE), b"a003 OK done\r\n");
    assert!(matches!(events.as_slice(), [Event::Done { id, .. }] if *id == noop));
    assert_eq!(client.next_deadline(), None);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_silent_idle_done_times_out() {
    let mut client = imap_ready();
    client.enqueue(Command::Idle);
    drive(&mut client, at(0));
    answer(&mut client, at(0), b"+ idling\r\n");
    client.idle_done();
    let (written, _, _) = drive(&mut client, at(MINUTE));
    assert_eq!(written, b"DONE\r\n");
    let (_, _, error) = drive(&mut client, at(2 * MINUTE));
    assert_eq!(error, Some(imap::Error::Timeout { step: "IDLE".into(), seconds: 60 }));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn smtp_silence_after_rcpt_names_the_step_and_an_idle_session_needs_no_wake_up() {
    let mut client = smtp::SmtpClient::new(smtp::Config::new(TlsMode::Implicit)).unwrap();
    answer(&mut client, at(0), b"220 mx ESMTP\r\n");
    let (_, events, error) = answer(&mut client, at(0), b"250-mx\r\n250 8BITMIME\r\n");
    assert!(error.is_none(), "{error:?}");
    assert!(!events.is_empty());
    assert_eq!(client.next_deadline(), None, "ready and idle");
    let mailbox = |address: &str| smtp::Mailbox::new(address).unwrap();
    let envelope = smtp::Envelope::new(mailbox("a@example.org"), vec![mailbox("b@example.org")]);
    client.enqueue(smtp::Request::Send { envelope, body: b"Subject: x\r\n\r\nhi\r\n".to_vec() }).unwrap();
    let (written, _, _) = drive(&mut client, at(MINUTE));
    assert!(written.starts_with(b"MAIL FROM:<a@example.org>"), "{}", String::from_utf8_lossy(&written));
    let (written, _, _) = answer(&mut client, at(MINUTE + SECOND), b"250 ok\r\n");
    assert!(written.starts_with(b"RCPT TO:<b@example.org>"), "{}", String::from_utf8_lossy(&written));
    assert_eq!(client.next_deadline(), Some(at(2 * MINUTE + SECOND)));
    let (_, _, error) = drive(&mut client, at(2 * MINUTE + SECOND));
    let error = error.expect("timed out");
    assert_eq!(error, smtp::Error::Timeout { step: "RCPT TO".into(), seconds: 60 });
    assert!(error.to_string().starts_with("The server did not answer RCPT TO for 60 seconds"));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn pop3_silence_during_retr_times_out_and_an_answer_in_time_does_not() {
    let credentials = posthorn_proto::sasl::Credentials::password("eva", "ahd635d");
    let config = pop3::Config::new(TlsMode::Implicit).with_credentials(credentials);
    let mut client = pop3::Pop3Client::new(config).unwrap();
    answer(&mut client, at(0), b"+OK ready\r\n");
    let (written, _, _) = answer(&mut client, at(0), b"+OK\r\nUSER\r\nUIDL\r\n.\r\n");
    assert_eq!(written, b"USER eva\r\n");
    answer(&mut client, at(0), b"+OK\r\n");
    let (_, _, error) = answer(&mut client, at(0), b"+OK logged in\r\n");
    assert!(error.is_none(), "{error:?}");
    assert_eq!(client.next_deadline(), None);
    client.enqueue(pop3::Request::Stat).unwrap();
    drive(&mut client, at(0));
    let (_, _, error) = answer(&mut client, at(59 * SECOND), b"+OK 1 20\r\n");
    assert!(error.is_none());
    assert_eq!(client.next_deadline(), None);
    client.enqueue(pop3::Request::Retr(1)).unwrap();
    let (written, _, _) = drive(&mut client, at(2 * MINUTE));
    assert_eq!(written, b"RETR 1\r\n");
    answer(&mut client, at(2 * MINUTE), b"+OK 20 octets\r\nSubject: x\r\n");
    let (_, _, error) = drive(&mut client, at(3 * MINUTE));
    assert_eq!(error, Some(pop3::Error::Timeout { step: "RETR".into(), seconds: 60 }));
}
