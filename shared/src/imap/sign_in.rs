//! Choosing how to sign in (RFC 3501 section 6.2): AUTHENTICATE with the strongest SASL mechanism
//! both sides know, else LOGIN, which a server may forbid (LOGINDISABLED, section 6.2.3).

use crate::imap::capability::Capabilities;
use crate::imap::command::Command;
use crate::imap::error::Error;
use crate::sasl::{Authenticator, Credentials, Options, Policy, SaslError};

/// [`Command::SignIn`] as the command it becomes for these capabilities.
pub(crate) fn resolve(
    credentials: &Credentials,
    options: &Options,
    capabilities: &Capabilities,
    policy: &Policy,
    encrypted: bool,
) -> Result<Command, Error> {
    Ok(match plan(capabilities, policy, credentials, options, encrypted)? {
        Plan::Authenticate(authenticator) => Command::Authenticate(authenticator),
        Plan::Login => Command::Login {
            username: credentials.username().to_owned(),
            password: credentials.password_secret().cloned().unwrap_or_default(),
        },
    })
}

/// What [`Command::SignIn`] turns into once the capabilities are known.
#[derive(Debug)]
pub(crate) enum Plan {
    /// AUTHENTICATE (section 6.2.2) with this exchange.
    Authenticate(Box<Authenticator>),
    /// LOGIN (section 6.2.3): the server offers no mechanism the policy allows, but still LOGIN.
    Login,
}

/// Picks the sign-in for `capabilities`: the account's pinned mechanism if it set one, else the
/// strongest offered mechanism in [`Policy::PASSWORD_ORDER`] or [`Policy::TOKEN_ORDER`]; LOGIN only
/// for a password, when no mechanism fits and the server has not said LOGINDISABLED.
pub(crate) fn plan(
    capabilities: &Capabilities,
    policy: &Policy,
    credentials: &Credentials,
    options: &Options,
    encrypted: bool,
) -> Result<Plan, Error> {
    let offered = capabilities.auth_mechanisms();
    let chosen = policy.choose(
        offered.iter().map(String::as_str),
        credentials,
        encrypted,
        options.scram_client_nonce.is_some(),
    );
    match chosen {
        Ok(mechanism) => {
            Ok(Plan::Authenticate(Box::new(Authenticator::new(mechanism, credentials, options)?)))
        }
        // A pinned mechanism the server does not offer is an error to show, not a reason to pick
        // another; readable passwords are refused the same way whatever the command.
        Err(error) if policy.require.is_some() => Err(error.into()),
        Err(error @ SaslError::PlaintextRefused { .. }) => Err(error.into()),
        Err(error) => {
            if credentials.password_secret().is_none() {
                return Err(error.into());
            }
            if capabilities.login_disabled() {
                return Err(Error::LoginDisabled);
            }
            policy.check_cleartext_command("LOGIN", encrypted)?;
            Ok(Plan::Login)
        }
    }
}
