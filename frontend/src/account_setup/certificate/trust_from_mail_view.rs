//! Trusting an unknown incoming server certificate from the mail view.

use leptos::prelude::*;

use super::CertificatePanel;
use crate::account::{AccountSettings, Accounts};
use crate::net::driver::Role;
use crate::session::UntrustedCertificate;

/// A refused certificate met in the mail view or the outbox (most often one that changed since
/// it was trusted): the same details as at setup, and trusting the presented certificate pins it
/// in the account's settings for that server, after which the app connects with it.
/// `on_trusted` runs once the pin is stored (the outbox sends the message again then).
#[component]
pub fn TrustFromMailView(
    untrusted: UntrustedCertificate,
    #[prop(optional)] on_trusted: Option<Callback<()>>,
) -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let account = accounts.current.get_untracked().and_then(|email| accounts.get(&email));
    let settings = |account: &AccountSettings| match untrusted.role {
        Role::Incoming => account.incoming.clone(),
        Role::Outgoing => account.outgoing.clone(),
    };
    // Only for the server the certificate came from: a pin is for one host and port.
    let server =
        account.as_ref().map(settings).filter(|s| format!("{}:{}", s.host, s.port) == untrusted.server);
    let trusted = server.as_ref().and_then(|s| s.pin_sha256.clone());
    let (role, pin) = (untrusted.role, untrusted.certificate.sha256.clone());
    let on_trust = Callback::new(move |()| {
        let (Some(mut account), Some(_)) = (account.clone(), server.as_ref()) else { return };
        let Some(password) = accounts.password(&account.email) else { return };
        match role {
            Role::Incoming => account.incoming.pin_sha256 = Some(pin.clone()),
            Role::Outgoing => account.outgoing.pin_sha256 = Some(pin.clone()),
        }
        leptos::task::spawn_local(async move {
            match accounts.upsert(account, password).await {
                Ok(()) => {
                    if let Some(then) = on_trusted {
                        then.run(());
                    }
                }
                Err(e) => web_sys::console::warn_1(
                    &format!("The trusted certificate could not be stored: {e}").into(),
                ),
            }
        });
    });
    view! { <CertificatePanel untrusted trusted on_trust /> }
}
