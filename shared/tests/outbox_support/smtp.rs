//! A submission replayed against the real SMTP client with a scripted server: the server's
//! replies are written out here (a scripted peer, ARCHITECTURE.md *Real servers in tests*) so a
//! test can choose each recipient's answer, 4yz included, which a real server gives only under
//! load or greylisting. The client's own event becomes the delivery machine's [`Outcome`].

use posthorn_proto::engine::{Client, Interrupt, Io};
use posthorn_proto::outbox::{Outcome, RecipientLine};
use posthorn_proto::security::TlsMode;
use posthorn_proto::smtp::{Config, Envelope, Event, Mailbox, Request, SmtpClient};

/// Submits a message from adam@xyz.example to `to`; the server answers EHLO and MAIL with 250,
/// each RCPT with the reply given for it, and then either (a recipient was taken) DATA with 354 and
/// the end of data with `end_of_data`, or (none was) the RSET that follows with 250. A script that stops early (`None` as the reply to the end of
/// data) stands for a connection that broke there.
pub fn submit(to: &[(&str, &str)], end_of_data: Option<&str>) -> Outcome {
    let envelope = Envelope::new(
        Mailbox::new("adam@xyz.example").unwrap(),
        to.iter().map(|(address, _)| Mailbox::new(address).unwrap()).collect(),
    );
    let mut server = String::from("220 smtp.example ready\r\n250 smtp.example\r\n250 sender ok\r\n");
    for (_, reply) in to {
        server.push_str(reply);
        server.push_str("\r\n");
    }
    let any_taken = to.iter().any(|(_, reply)| reply.starts_with('2'));
    if any_taken {
        server.push_str("354 go ahead\r\n");
        if let Some(reply) = end_of_data {
            server.push_str(reply);
            server.push_str("\r\n");
        }
    } else {
        // Every recipient refused: the client resets the transaction (RSET) and then reports.
        server.push_str("250 reset\r\n");
    }
    let mut client = SmtpClient::new(Config::new(TlsMode::Plain)).unwrap();
    client.enqueue(Request::Send { envelope, body: b"Subject: hi\r\n\r\nHello.\r\n".to_vec() }).unwrap();
    client.enqueue_input(server.as_bytes());
    let mut accepted_so_far = Vec::new();
    loop {
        match client.next() {
            Ok(Event::RecipientResult { outcome, .. }) => {
                accepted_so_far.push(RecipientLine::from_outcome(&outcome));
            }
            Ok(Event::Sent { recipients, .. }) => {
                return Outcome::Accepted {
                    recipients: recipients.iter().map(RecipientLine::from_outcome).collect(),
                };
            }
            Ok(Event::NotSent { failure, .. }) => return Outcome::not_sent(&failure),
            Ok(_) | Err(Interrupt::Io(Io::Output(_))) => {}
            // The script ran out before the result: the connection broke here.
            Err(Interrupt::Io(Io::NeedMoreInput)) => return Outcome::broken(accepted_so_far),
            Err(other) => panic!("the scripted session failed: {other:?}"),
        }
    }
}
