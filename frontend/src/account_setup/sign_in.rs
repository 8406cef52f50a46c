//! "Test and save"'s sign-in checks: log in to the incoming server (IMAP or POP3) and sign in to
//! the outgoing one (SMTP), each a step on screen. Their code (the protocol engine's clients, the
//! bridge connection) is a part of its own (`frontend/src/lazy.rs`), fetched in the background
//! while the form is filled in, so the first visit's first screen does not wait for it.

use std::pin::Pin;

use leptos::prelude::*;
use posthorn_proto::secret::Secret;

use super::Step;
use crate::account::{AccountSettings, IncomingProtocol};
use crate::i18n::t;
use crate::protocol_log::ProtocolLog;
use crate::session::MailError;
use crate::session::imap::ImapSession;
use crate::session::pop3::Pop3Session;

/// The incoming server as the steps name it.
pub(super) fn server_name(account: &AccountSettings) -> String {
    format!("{}:{}", account.incoming.host, account.incoming.port)
}

/// Runs the checks after the first step (connecting to the incoming server), showing each step
/// in `steps`; on success, the outgoing server's `host:port`.
pub(super) type SignInFn = for<'a> fn(
    &'a AccountSettings,
    &'a Secret,
    ProtocolLog,
    RwSignal<Vec<Step>>,
) -> Pin<Box<dyn Future<Output = Result<String, MailError>> + 'a>>;

crate::lazy::lazy_part! {
    /// The sign-in checks' code, fetched in the background once the form shows.
    in mail: pub(super) static SIGN_IN: Part<SignInFn> =
        |account, secret, log, steps| Box::pin(sign_in(account, secret, log, steps));
}

async fn sign_in(
    account: &AccountSettings,
    secret: &Secret,
    log: ProtocolLog,
    steps: RwSignal<Vec<Step>>,
) -> Result<String, MailError> {
    let server = server_name(account);
    match account.incoming_protocol {
        IncomingProtocol::Imap => ImapSession::open(account, secret, log).await?.logout().await,
        IncomingProtocol::Pop3 => _ = Pop3Session::open(account, secret, log).await?.quit().await,
    }
    let outgoing = format!("{}:{}", account.outgoing.host, account.outgoing.port);
    steps.update(|s| {
        s.pop();
        s.push(Step::Done((t().logged_in_to)(&server)));
        s.push(Step::Running((t().signing_in_outgoing)(&outgoing)));
    });
    crate::session::smtp::check_sign_in(account, secret, log).await?;
    Ok(outgoing)
}
