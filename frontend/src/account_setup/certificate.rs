//! A server certificate the bridge refused, shown so that a person can decide: what it is, why
//! it was refused in plain words, and, where trusting it would help, a button to trust it for
//! this one server.

use leptos::html::Div;
use leptos::prelude::*;
use posthorn_proto::wire::ErrorCode;

use crate::net::driver::Role;
use crate::session::UntrustedCertificate;

/// Whether pinning the certificate would let the connection through: the bridge still checks
/// the name and dates of a pinned certificate (see README, "The wire protocol").
pub fn trusting_helps(code: ErrorCode) -> bool {
    matches!(code, ErrorCode::TlsSelfSigned | ErrorCode::TlsUnknownIssuer | ErrorCode::TlsPinMismatch)
}

fn explanation(untrusted: &UntrustedCertificate, trusted: Option<&str>) -> String {
    let role = match untrusted.role {
        Role::Incoming => "incoming",
        Role::Outgoing => "outgoing",
    };
    let server = &untrusted.server;
    let presented = &untrusted.certificate.sha256;
    match untrusted.code {
        ErrorCode::TlsPinMismatch => format!(
            "Warning: the {role} server {server} presents a different certificate from the one you trusted. \
             Trusted: {}. Now: {presented}. If its administrator has just renewed the certificate, compare \
             the new fingerprint with theirs before trusting it; otherwise someone may be intercepting the \
             connection, so do not trust it.",
            trusted.unwrap_or("(unknown)")
        ),
        ErrorCode::TlsSelfSigned | ErrorCode::TlsUnknownIssuer => format!(
            "The server's certificate is not signed by an authority your bridge trusts. Home and office \
             servers often have such a certificate (self-signed), but it is also what someone intercepting \
             the connection would show. Trust it only if its fingerprint matches the one the administrator \
             of the {role} server {server} gives you."
        ),
        ErrorCode::TlsExpired => format!(
            "The certificate of the {role} server {server} is outside its validity period. Trusting it would \
             not help: its administrator must renew it (or a clock is wrong)."
        ),
        ErrorCode::TlsNameMismatch => format!(
            "The certificate of the {role} server {server} is made out for other names. Trusting it would not \
             help: use a host name the certificate names, or ask its administrator for a matching one."
        ),
        _ => format!("The certificate of the {role} server {server} was refused."),
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
        ErrorCode::TlsPinMismatch => "Trust the new certificate for this server",
        _ => "Trust this certificate for this server",
    };
    view! {
        <div class="certificate" data-testid="certificate" node_ref=panel>
            <p data-testid="certificate-explanation">{text}</p>
            <dl>
                <dt>"SHA-256 fingerprint"</dt>
                <dd data-testid="certificate-fingerprint" style="word-break: break-all; font-family: monospace">
                    {cert.sha256.clone()}
                </dd>
                {trusted.filter(|_| untrusted.code == ErrorCode::TlsPinMismatch).map(|old| view! {
                    <dt>"Trusted before"</dt>
                    <dd data-testid="certificate-trusted" style="word-break: break-all; font-family: monospace">{old}</dd>
                })}
                <dt>"Subject"</dt>
                <dd data-testid="certificate-subject">{cert.subject.clone()}</dd>
                <dt>"Issuer"</dt>
                <dd data-testid="certificate-issuer">{cert.issuer.clone()}</dd>
                {names.map(|n| view! { <dt>"Names"</dt><dd>{n}</dd> })}
                <dt>"Valid"</dt>
                <dd data-testid="certificate-validity">{format!("from {} until {}", cert.not_before, cert.not_after)}</dd>
            </dl>
            {trusting_helps(untrusted.code).then(|| view! {
                <button type="button" data-testid="trust-certificate" on:click=move |_| on_trust.run(())>
                    {button}
                </button>
            })}
        </div>
    }
}
