//! Signing in and setting up the session: LOGIN (RFC 3501 section 6.2.3), AUTHENTICATE (RFC 4959
//! initial response), ID (RFC 2971) and ENABLE (RFC 5161).

use imap_codec::imap_types::auth::AuthMechanism;
use imap_codec::imap_types::command::CommandBody;
use imap_codec::imap_types::core::{AString, IString, NString, Vec1};
use imap_codec::imap_types::extensions::enable::CapabilityEnable;
use imap_codec::imap_types::secret::Secret as WireSecret;

use crate::imap::error::Error;
use crate::imap::tag::Tag;
use crate::transcript::REDACTED;

use super::{Context, OutFragment};

impl Context<'_> {
    /// LOGIN with the password redacted in the transcript, wherever imap-codec put it.
    pub fn login(&self, tag: &Tag, username: &str, password: &str) -> Result<Vec<OutFragment>, Error> {
        let user = self.astring(username, "the user name")?;
        let pass = self.astring(password, "the password")?;
        let password_is_literal = matches!(pass, AString::String(IString::Literal(_)));
        let body = CommandBody::Login { username: user.clone(), password: WireSecret::new(pass) };
        let mut fragments = self.encode(tag, body)?;
        // The same command with a one-letter password shows where the password starts; the user
        // name encodes identically in both.
        let probe =
            self.encode(
                tag,
                CommandBody::Login {
                    username: user,
                    password: WireSecret::new(AString::try_from("x").map_err(|e| {
                        Error::InvalidArgument { what: "the password", reason: e.to_string() }
                    })?),
                },
            )?;
        let prefix = probe.last().map(|f| f.display.clone()).unwrap_or_default();
        let prefix = prefix.strip_suffix(b"x\r\n").unwrap_or(&prefix).to_vec();
        let count = fragments.len();
        if password_is_literal {
            // [..., line announcing {n}, literal (the password), line "\r\n"]
            if count >= 2 {
                fragments[count - 2].display = REDACTED.as_bytes().to_vec();
            }
        } else if let Some(last) = fragments.last_mut() {
            last.display = [prefix.as_slice(), REDACTED.as_bytes(), b"\r\n"].concat();
        }
        Ok(fragments)
    }

    /// AUTHENTICATE with an optional initial response (SASL-IR, RFC 4959), which is redacted.
    pub fn authenticate(
        &self,
        tag: &Tag,
        mechanism: &str,
        initial_response: Option<Vec<u8>>,
    ) -> Result<Vec<OutFragment>, Error> {
        let mechanism = AuthMechanism::try_from(mechanism.to_owned())
            .map_err(|e| Error::InvalidArgument { what: "the SASL mechanism", reason: e.to_string() })?;
        let has_ir = initial_response.is_some();
        let body = CommandBody::Authenticate {
            mechanism: mechanism.clone(),
            initial_response: initial_response.map(|ir| WireSecret::new(ir.into())),
        };
        let mut fragments = self.encode(tag, body)?;
        if has_ir {
            let probe = self.encode(tag, CommandBody::Authenticate { mechanism, initial_response: None })?;
            let prefix = probe.last().map(|f| f.display.clone()).unwrap_or_default();
            let prefix = prefix.strip_suffix(b"\r\n").unwrap_or(&prefix).to_vec();
            if let Some(last) = fragments.last_mut() {
                last.display = [prefix.as_slice(), b" ", REDACTED.as_bytes(), b"\r\n"].concat();
            }
        }
        Ok(fragments)
    }

    pub fn id(&self, parameters: &[(String, String)]) -> Result<CommandBody<'static>, Error> {
        if parameters.is_empty() {
            return Ok(CommandBody::Id { parameters: None });
        }
        let string = |s: &String| {
            IString::try_from(s.clone())
                .map_err(|e| Error::InvalidArgument { what: "an ID field or value", reason: e.to_string() })
        };
        let pairs = parameters
            .iter()
            .map(|(field, value)| Ok((string(field)?, NString(Some(string(value)?)))))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(CommandBody::Id { parameters: Some(pairs) })
    }

    pub fn enable(&self, capabilities: &[String]) -> Result<CommandBody<'static>, Error> {
        let caps: Vec<CapabilityEnable<'static>> = capabilities
            .iter()
            .map(|c| {
                imap_codec::imap_types::core::Atom::try_from(c.clone())
                    .map(CapabilityEnable::from)
                    .map_err(|e| Error::InvalidArgument { what: "a capability", reason: e.to_string() })
            })
            .collect::<Result<_, _>>()?;
        let caps = Vec1::try_from(caps)
            .map_err(|_| Error::InvalidArgument { what: "ENABLE", reason: "no capabilities given".into() })?;
        Ok(CommandBody::Enable { capabilities: caps })
    }
}
