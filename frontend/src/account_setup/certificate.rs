//! A server certificate the bridge refused, shown so that a person can decide: what it is, why
//! it was refused in plain words, and, where trusting it would help, a button to trust it for
//! this one server.

use std::collections::HashMap;

use leptos::html::Div;
use leptos::prelude::*;
use posthorn_proto::wire::ErrorCode;

use crate::i18n::t;
use crate::net::driver::{ConnectionError, Role};
use crate::session::{MailError, UntrustedCertificate};

mod trust_from_mail_view;
mod trust_outgoing;

pub use trust_from_mail_view::TrustFromMailView;
pub use trust_outgoing::TrustOutgoing;

/// Whether pinning the certificate would let the connection through: the bridge still checks
/// the name and dates of a pinned certificate (see README, "The wire protocol").
pub fn trusting_helps(code: ErrorCode) -> bool {
    matches!(code, ErrorCode::TlsSelfSigned | ErrorCode::TlsUnknownIssuer | ErrorCode::TlsPinMismatch)
}

fn explanation(untrusted: &UntrustedCertificate, trusted: Option<&str>) -> String {
    let role = match untrusted.role {
        Role::Incoming => t().role_incoming,
        Role::Outgoing => t().role_outgoing,
    };
    let server = &untrusted.server;
    let presented = &untrusted.certificate.sha256;
    match untrusted.code {
        ErrorCode::TlsPinMismatch => {
            (t().cert_pin_mismatch)(role, server, trusted.unwrap_or(t().unknown), presented)
        }
        ErrorCode::TlsSelfSigned | ErrorCode::TlsUnknownIssuer => (t().cert_self_signed)(role, server),
        ErrorCode::TlsExpired => (t().cert_expired)(role, server),
        ErrorCode::TlsNameMismatch => (t().cert_name_mismatch)(role, server),
        _ => (t().cert_refused)(role, server),
    }
}

/// The refused certificate with its details, next to the error. `trusted` is the fingerprint
/// trusted so far for this server, if any; `on_trust` pins the presented one.
#[component]
pub fn CertificatePanel(
    untrusted: UntrustedCertificate,
    trusted: Option<String>,
    on_trust: Callback<()>,
) -> impl IntoView {
    let panel = NodeRef::<Div>::new();
    // The panel appears under a long form: bring it into view, so the person sees it without
    // scrolling.
    Effect::new(move |_| {
        if let Some(el) = panel.get() {
            el.scroll_into_view_with_bool(false);
        }
    });
    let text = explanation(&untrusted, trusted.as_deref());
    let cert = untrusted.certificate.clone();
    let names = (!cert.names.is_empty()).then(|| cert.names.join(", "));
    let button = match untrusted.code {
        ErrorCode::TlsPinMismatch => t().trust_new_certificate,
        _ => t().trust_certificate,
    };
    view! {
        <div class="certificate" data-testid="certificate" node_ref=panel>
            <p data-testid="certificate-explanation">{text}</p>
            <dl>
                <dt>{t().sha256_fingerprint}</dt>
                <dd data-testid="certificate-fingerprint" style="word-break: break-all; font-family: monospace">
                    {cert.sha256.clone()}
                </dd>
                {trusted.filter(|_| untrusted.code == ErrorCode::TlsPinMismatch).map(|old| view! {
                    <dt>{t().trusted_before}</dt>
                    <dd data-testid="certificate-trusted" style="word-break: break-all; font-family: monospace">{old}</dd>
                })}
                <dt>{t().cert_subject}</dt>
                <dd data-testid="certificate-subject">{cert.subject.clone()}</dd>
                <dt>{t().cert_issuer}</dt>
                <dd data-testid="certificate-issuer">{cert.issuer.clone()}</dd>
                {names.map(|n| view! { <dt>{t().cert_names}</dt><dd>{n}</dd> })}
                <dt>{t().cert_valid}</dt>
                <dd data-testid="certificate-validity">{(t().valid_from_until)(&cert.not_before, &cert.not_after)}</dd>
            </dl>
            {trusting_helps(untrusted.code).then(|| view! {
                <button type="button" data-testid="trust-certificate" on:click=move |_| on_trust.run(())>
                    {button}
                </button>
            })}
        </div>
    }
}

thread_local! {
    /// The certificate each account's outgoing server was last refused over while the outbox sent
    /// (by the account's address); gone once a submission gets past TLS. A certificate belongs to
    /// the server, not to one message. Kept in localStorage too, so that after a reload the
    /// outbox item that was refused shows it again, with the button to trust it. Not
    /// arena-owned, so it outlives the views that show it.
    static OUTGOING_REFUSED: ArcRwSignal<HashMap<String, UntrustedCertificate>> =
        ArcRwSignal::new(stored_refusals().unwrap_or_default());
}

/// Where [`OUTGOING_REFUSED`] is kept: JSON, by account address. A certificate is public; no
/// secret is in it.
const OUTGOING_REFUSED_KEY: &str = "posthorn.outgoing-refused";

fn stored_refusals() -> Option<HashMap<String, UntrustedCertificate>> {
    serde_json::from_str(&crate::store::local_storage()?.get_item(OUTGOING_REFUSED_KEY).ok()??).ok()
}

/// What a submission from `email`'s outbox met at the outgoing server: a certificate the bridge
/// refused (`Some`), or a session past TLS (`None`).
pub fn outgoing_met(email: &str, refused: Option<UntrustedCertificate>) {
    OUTGOING_REFUSED.with(|r| {
        if r.with_untracked(|m| m.get(email) != refused.as_ref()) {
            r.update(|m| match refused {
                Some(c) => _ = m.insert(email.to_owned(), c),
                None => _ = m.remove(email),
            });
            // Best effort: where storage is refused, the refusal is met again after a reload.
            if let (Some(storage), Ok(json)) =
                (crate::store::local_storage(), r.with_untracked(serde_json::to_string))
            {
                let _ = storage.set_item(OUTGOING_REFUSED_KEY, &json);
            }
        }
    });
}

/// Records the certificate a failed outgoing connection was refused over, if that is why it
/// failed; true then (a refusal to be decided by the person, not a passing network failure).
pub fn outgoing_failed(email: &str, error: &ConnectionError) -> bool {
    let refused = MailError::from(error.clone()).certificate.map(|c| *c);
    let was = refused.is_some();
    if was {
        outgoing_met(email, refused);
    }
    was
}
