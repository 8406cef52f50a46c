//! A mail transaction (RFC 5321 section 3.3): MAIL, RCPT for each recipient, DATA and the
//! message, pipelined in one write where the server offers PIPELINING (RFC 2920), with the
//! outcome for each recipient and the step at which a refused message failed.

use std::collections::VecDeque;

use super::{Error, Phase, SmtpClient};
use crate::smtp::{
    Command, DataEncoder, Envelope, Event, FailedAt, MailParameter, RecipientOutcome, Reply, RequestId,
    SendFailure,
};
use crate::transcript::{self, Line};

/// Which reply the client waits for next inside a mail transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expect {
    Mail,
    Rcpt(usize),
    Data,
    EndOfData,
    Rset,
}

#[derive(Debug)]
pub(super) enum Body {
    Waiting,
    Streaming { offset: usize, encoder: DataEncoder },
    Done,
}

#[derive(Debug)]
pub(super) struct Transaction {
    pub(super) id: RequestId,
    pub(super) envelope: Envelope,
    pub(super) body: Vec<u8>,
    pub(super) pipelined: bool,
    pub(super) expect: VecDeque<Expect>,
    pub(super) mail_accepted: bool,
    pub(super) recipients: Vec<RecipientOutcome>,
    pub(super) state: Body,
    pub(super) failure: Option<(FailedAt, Option<Reply>)>,
}

impl Transaction {
    fn any_accepted(&self) -> bool {
        self.recipients.iter().any(RecipientOutcome::accepted)
    }
}

impl SmtpClient {
    pub(super) fn start_transaction(&mut self, id: RequestId, envelope: Envelope, body: Vec<u8>) {
        let ext = &self.extensions;
        let eight_bit = body.iter().any(|&b| b >= 0x80);
        let smtputf8 = envelope.needs_smtputf8();
        let refuse = if matches!(ext.size, Some(limit) if limit > 0 && body.len() as u64 > limit) {
            Some(FailedAt::TooLarge)
        } else if eight_bit && !ext.eight_bit_mime && !ext.smtputf8 {
            Some(FailedAt::EightBitUnsupported)
        } else if smtputf8 && !ext.smtputf8 {
            Some(FailedAt::Utf8Unsupported)
        } else {
            None
        };
        if let Some(at) = refuse {
            let failure = SendFailure { at, reply: None, recipients: Vec::new() };
            self.events.push_back(Event::NotSent { id, failure });
            return;
        }
        let mut parameters = Vec::new();
        if ext.size.is_some() {
            parameters.push(MailParameter::Size(body.len() as u64));
        }
        if eight_bit && ext.eight_bit_mime {
            parameters.push(MailParameter::Body8BitMime);
        }
        if smtputf8 {
            parameters.push(MailParameter::SmtpUtf8);
        }
        let pipelined = ext.pipelining;
        let mut transaction = Transaction {
            id,
            pipelined,
            expect: VecDeque::from([Expect::Mail]),
            mail_accepted: false,
            recipients: Vec::new(),
            state: Body::Waiting,
            failure: None,
            envelope,
            body,
        };
        self.send_command(Command::Mail { from: transaction.envelope.from.clone(), parameters });
        if pipelined {
            // RFC 2920 section 3.1: MAIL, RCPTs and DATA may go in one group; DATA ends it.
            for (i, to) in transaction.envelope.to.clone().into_iter().enumerate() {
                self.send_command(Command::Rcpt(to));
                transaction.expect.push_back(Expect::Rcpt(i));
            }
            self.send_command(Command::Data);
            transaction.expect.push_back(Expect::Data);
        }
        self.phase = Phase::Transaction(Box::new(transaction));
    }

    pub(super) fn on_transaction_reply(&mut self, mut tx: Transaction, reply: Reply) {
        let Some(expect) = tx.expect.pop_front() else {
            self.fail(Error::UnexpectedReply { expected: "while sending the message", reply });
            return;
        };
        match expect {
            Expect::Mail => {
                tx.mail_accepted = reply.is_positive();
                if !tx.mail_accepted {
                    tx.failure = Some((FailedAt::Mail, Some(reply)));
                    if !tx.pipelined {
                        self.send_rset(&mut tx);
                    }
                } else if !tx.pipelined {
                    self.send_rcpt(&mut tx, 0);
                }
            }
            Expect::Rcpt(i) => {
                let outcome = RecipientOutcome { recipient: tx.envelope.to[i].clone(), reply };
                self.events.push_back(Event::RecipientResult { id: tx.id, outcome: outcome.clone() });
                tx.recipients.push(outcome);
                if !tx.pipelined {
                    if i + 1 < tx.envelope.to.len() {
                        self.send_rcpt(&mut tx, i + 1);
                    } else if tx.any_accepted() {
                        self.send_command(Command::Data);
                        tx.expect.push_back(Expect::Data);
                    } else {
                        tx.failure = Some((FailedAt::Recipients, first_refusal(&tx)));
                        self.send_rset(&mut tx);
                    }
                }
            }
            Expect::Data => {
                let usable = tx.failure.is_none() && tx.mail_accepted && tx.any_accepted();
                if reply.code == 354 && usable {
                    tx.state = Body::Streaming { offset: 0, encoder: DataEncoder::new() };
                } else if reply.code == 354 {
                    // RFC 2920 section 3.1: a pipelining server must refuse DATA without valid
                    // recipients; if one accepts it anyway, send an empty message's end at once
                    // rather than the content.
                    if tx.failure.is_none() {
                        tx.failure = Some((FailedAt::Recipients, first_refusal(&tx)));
                    }
                    self.transcript.push(Line::client("."));
                    self.outbox.extend_from_slice(b".\r\n");
                    tx.expect.push_back(Expect::EndOfData);
                } else {
                    if tx.failure.is_none() {
                        tx.failure = Some(if !tx.mail_accepted {
                            (FailedAt::Mail, Some(reply))
                        } else if !tx.any_accepted() {
                            (FailedAt::Recipients, first_refusal(&tx))
                        } else {
                            (FailedAt::Data, Some(reply))
                        });
                    }
                    self.send_rset(&mut tx);
                }
            }
            Expect::EndOfData => {
                if tx.failure.is_some() {
                    self.send_rset(&mut tx);
                } else if reply.is_positive() {
                    self.events.push_back(Event::Sent { id: tx.id, reply, recipients: tx.recipients });
                    return;
                } else {
                    // The server has already reset the transaction after refusing the message
                    // (RFC 5321 section 4.1.1.4), so no RSET is needed.
                    let failure = SendFailure {
                        at: FailedAt::EndOfData,
                        reply: Some(reply),
                        recipients: tx.recipients,
                    };
                    self.events.push_back(Event::NotSent { id: tx.id, failure });
                    return;
                }
            }
            Expect::Rset => {
                let (at, reply) = tx.failure.take().unwrap_or((FailedAt::Mail, None));
                let failure = SendFailure { at, reply, recipients: tx.recipients };
                self.events.push_back(Event::NotSent { id: tx.id, failure });
                return;
            }
        }
        self.phase = Phase::Transaction(Box::new(tx));
    }

    fn send_rcpt(&mut self, tx: &mut Transaction, i: usize) {
        self.send_command(Command::Rcpt(tx.envelope.to[i].clone()));
        tx.expect.push_back(Expect::Rcpt(i));
    }

    fn send_rset(&mut self, tx: &mut Transaction) {
        // Replies to commands already pipelined still arrive first; RSET is answered last.
        self.send_command(Command::Rset);
        tx.expect.push_back(Expect::Rset);
    }

    /// Writes the next chunk of DATA content if a body is streaming; true if it wrote.
    pub(super) fn stream_body(&mut self) -> bool {
        let chunk_size = self.config.chunk_size.max(1);
        let Phase::Transaction(tx) = &mut self.phase else { return false };
        let Body::Streaming { offset, encoder } = &mut tx.state else { return false };
        let end = (*offset + chunk_size).min(tx.body.len());
        encoder.encode(&tx.body[*offset..end], &mut self.outbox);
        *offset = end;
        if end == tx.body.len() {
            let content = encoder.written();
            encoder.finish(&mut self.outbox);
            // The content is summarised, not printed: it can be large and it is the user's mail.
            let content = content + (encoder.written() - content).saturating_sub(3);
            self.transcript.push(Line::client(transcript::summary(content as usize)));
            self.transcript.push(Line::client("."));
            tx.state = Body::Done;
            tx.expect.push_back(Expect::EndOfData);
            // The message has been written; the copy is no longer needed.
            tx.body = Vec::new();
        }
        true
    }
}

fn first_refusal(tx: &Transaction) -> Option<Reply> {
    tx.recipients.iter().find(|r| !r.accepted()).map(|r| r.reply.clone())
}
