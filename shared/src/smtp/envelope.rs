//! The SMTP envelope: who the message is from and to whom it goes (RFC 5321 section 2.3.1).

use super::Mailbox;

/// The reverse-path and forward-paths of one mail transaction. The envelope, not the header, decides
/// delivery: Bcc recipients are here and nowhere in the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The reverse-path (`MAIL FROM`); `None` is the null path `<>` (RFC 5321 section 4.5.5),
    /// used for bounces only.
    pub from: Option<Mailbox>,
    /// The forward-paths (`RCPT TO`), in the order they are sent.
    pub to: Vec<Mailbox>,
}

impl Envelope {
    /// An envelope from a sender to recipients.
    pub fn new(from: Mailbox, to: Vec<Mailbox>) -> Self {
        Self { from: Some(from), to }
    }

    /// Validates and builds an envelope from strings.
    pub fn parse<'a>(from: &str, to: impl IntoIterator<Item = &'a str>) -> Result<Self, super::AddressError> {
        Ok(Self {
            from: Some(Mailbox::new(from)?),
            to: to.into_iter().map(Mailbox::new).collect::<Result<_, _>>()?,
        })
    }

    /// Whether any address needs SMTPUTF8 (RFC 6531).
    pub fn needs_smtputf8(&self) -> bool {
        self.from.iter().chain(&self.to).any(Mailbox::needs_smtputf8)
    }
}
