//! A mail server whose certificate no authority signed: a self-signed CA:TRUE certificate, as
//! `openssl req -x509` makes it, which webpki refuses even as the bridge's `--extra-ca`. Headless
//! Chromium, the real bridge, real Dovecot and Postfix.
//!
//! The self-signed certificate is presented by a TLS front on loopback (as stunnel or haproxy
//! would on a home server) that passes the connection on to Dovecot's IMAPS and Postfix's
//! submissions ports over TLS; the front can switch to another certificate, to play a server
//! whose certificate changed after the user trusted it.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use posthorn_proto::wire::format_fingerprint;
use posthorn_tests::browser::Browser;
use posthorn_tests::mailstack::MailStack;
use posthorn_tests::ui::{WAIT, bridge_for, click, fill, set_field, start_account_form, unlock, wait_outbox};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::{TlsAcceptor, TlsConnector};

/// A self-signed CA:TRUE certificate for 127.0.0.1: the acceptor presenting it and its
/// SHA-256 fingerprint as the bridge writes it.
fn self_signed(cn: &str) -> (TlsAcceptor, String) {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, cn);
    let cert = params.self_signed(&key).unwrap();
    let digest = posthorn_bridge::tls::fingerprint(cert.der());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(cert.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .unwrap();
    (TlsAcceptor::from(Arc::new(config)), format_fingerprint(&digest))
}

/// A TLS front on 127.0.0.1 for `backend` (a TLS port of the stack); returns its port and the
/// switch to the certificate it presents.
fn tls_front(
    rt: &tokio::runtime::Runtime,
    stack: &MailStack,
    backend: u16,
    acceptor: TlsAcceptor,
) -> (u16, Arc<Mutex<TlsAcceptor>>) {
    let listener = rt.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
    let port = listener.local_addr().unwrap().port();
    let current = Arc::new(Mutex::new(acceptor));
    let switch = current.clone();
    let connector = TlsConnector::from(stack.tls_client_config());
    rt.spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = current.lock().unwrap().clone();
            let connector = connector.clone();
            tokio::spawn(async move {
                let Ok(mut front) = acceptor.accept(tcp).await else { return };
                let Ok(back) = TcpStream::connect(SocketAddr::from(([127, 0, 0, 1], backend))).await else {
                    return;
                };
                let name = ServerName::try_from("127.0.0.1").unwrap();
                let Ok(mut back) = connector.connect(name, back).await else { return };
                let _ = tokio::io::copy_bidirectional(&mut front, &mut back).await;
            });
        }
    });
    (port, switch)
}

fn text(browser: &Browser, css: &str) -> String {
    browser
        .execute(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';",
            vec![json!(css)],
        )
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The accounts as the app stored them in IndexedDB (with each server's pinned fingerprint).
fn stored_accounts(browser: &Browser) -> Value {
    let stored = browser
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             const open = indexedDB.open('posthorn'); \
             open.onerror = () => done(null); \
             open.onsuccess = () => { \
               const all = open.result.transaction('kv', 'readonly').objectStore('kv').getAll(); \
               all.onerror = () => done(null); \
               all.onsuccess = () => done(all.result.find(v => typeof v === 'string' && v.includes('\"incoming\"'))); \
             };",
            vec![],
        )
        .expect("the stored accounts");
    serde_json::from_str(stored.as_str().expect("accounts in the store")).unwrap()
}

/// Waits for the certificate panel showing `fingerprint`; checks it is on screen without
/// scrolling, and returns the error it belongs to.
fn certificate_shown(browser: &mut Browser, fingerprint: &str) -> String {
    browser
        .wait_until(
            "the certificate",
            "const f = document.querySelector('[data-testid=certificate-fingerprint]'); \
             return f && f.textContent.trim() === arguments[0];",
            vec![json!(fingerprint)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}; the page says: {}", text(browser, "[data-testid=setup-steps]")));
    let on_screen = browser
        .execute(
            "const r = document.querySelector('[data-testid=certificate]').getBoundingClientRect(); \
             return r.top >= 0 && r.bottom <= window.innerHeight;",
            vec![],
        )
        .unwrap();
    assert_eq!(on_screen, json!(true), "the certificate is not visible without scrolling");
    text(browser, "[data-testid=setup-error]")
}

#[test]
fn a_self_signed_server_certificate_is_shown_trusted_and_pinned() {
    let stack = MailStack::start().expect("mail stack");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (imap_cert, imap_pin) = self_signed("mail.home.test");
    let (smtp_cert, smtp_pin) = self_signed("smtp.home.test");
    let (renewed_cert, renewed_pin) = self_signed("mail.home.test");
    let (imap, imap_switch) = tls_front(&rt, &stack, stack.ports().imaps, imap_cert);
    let (smtp, smtp_switch) = tls_front(&rt, &stack, stack.ports().submissions, smtp_cert);
    let bridge = bridge_for(&stack, &[imap, smtp]);
    let alice = stack.alice().clone();
    let bob = stack.bob().clone();
    let mut browser = Browser::start().expect("browser");
    browser.goto(&format!("{}/", bridge.url)).expect("open app");

    start_account_form(&mut browser, &alice, &alice.password, "imap");
    fill(&mut browser, "incoming-host", stack.host());
    fill(&mut browser, "incoming-port", &imap.to_string());
    fill(&mut browser, "incoming-username", &alice.user);
    fill(&mut browser, "outgoing-host", stack.host());
    fill(&mut browser, "outgoing-port", &smtp.to_string());
    fill(&mut browser, "outgoing-username", &alice.user);
    click(&mut browser, "[data-testid=test-and-save]");

    // The incoming server first: the error names it, the certificate is shown, in plain words.
    let error = certificate_shown(&mut browser, &imap_pin);
    assert!(error.contains(&format!("incoming server {}:{imap}", stack.host())), "{error}");
    assert!(!error.contains("CaUsedAsEndEntity"), "{error}");
    let explanation = text(&browser, "[data-testid=certificate-explanation]");
    assert!(explanation.contains("not signed by an authority your bridge trusts"), "{explanation}");
    assert!(text(&browser, "[data-testid=certificate-subject]").contains("CN=mail.home.test"));
    assert!(text(&browser, "[data-testid=certificate-issuer]").contains("CN=mail.home.test"));
    let validity = text(&browser, "[data-testid=certificate-validity]");
    assert!(validity.starts_with("from ") && validity.contains(" until "), "{validity}");
    click(&mut browser, "[data-testid=trust-certificate]");

    // Then the outgoing one.
    let error = certificate_shown(&mut browser, &smtp_pin);
    assert!(error.contains(&format!("outgoing server {}:{smtp}", stack.host())), "{error}");
    click(&mut browser, "[data-testid=trust-certificate]");
    browser.wait_for("[data-testid=new-message]", WAIT).expect("the account works and the mail view opens");

    // The pins are stored with the servers' settings.
    let stored = stored_accounts(&browser);
    assert_eq!(stored[0]["incoming"]["pin_sha256"], json!(imap_pin), "{stored}");
    assert_eq!(stored[0]["outgoing"]["pin_sha256"], json!(smtp_pin), "{stored}");

    // Sending goes through the pinned outgoing server, filing through the pinned incoming one.
    click(&mut browser, "[data-testid=new-message]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("composer opens");
    set_field(&mut browser, "to", &bob.address);
    set_field(&mut browser, "subject", "Selbst signiert");
    set_field(&mut browser, "body", "Hallo");
    click(&mut browser, "[data-testid=send]");
    wait_outbox(&mut browser, "Selbst signiert", "sent", WAIT);

    // The protocol log shows each connection trusting only its pinned certificate.
    click(&mut browser, "[data-testid=toggle-log]");
    let lines = browser
        .wait_until(
            "the log lines",
            "const l = [...document.querySelectorAll('[data-testid=log-lines] li')].map(l => l.textContent); \
             return l.some(t => t.includes(' SMTP * connected to ')) && l;",
            vec![],
            WAIT,
        )
        .expect("log lines");
    let lines: Vec<&str> = lines.as_array().unwrap().iter().filter_map(Value::as_str).collect();
    for (protocol, pin) in [("IMAP", &imap_pin), ("SMTP", &smtp_pin)] {
        let trusting = format!(" {protocol} * connecting to ");
        assert!(
            lines.iter().any(|l| l.contains(&trusting) && l.contains(&format!("trusting only the certificate {pin}"))),
            "{protocol}: {lines:#?}"
        );
    }

    // The incoming server's certificate changes: a warning with both fingerprints, no connection.
    *imap_switch.lock().unwrap() = renewed_cert;
    browser.refresh().expect("reload");
    unlock(&mut browser, &alice.password);
    let warning = browser
        .wait_until(
            "the changed-certificate warning",
            "const t = document.body.textContent; \
             return t.includes(arguments[0]) && t.includes(arguments[1]) && t;",
            vec![json!(imap_pin), json!(renewed_pin)],
            WAIT,
        )
        .expect("a warning with both fingerprints");
    let warning = warning.as_str().unwrap();
    assert!(warning.contains("has changed since you trusted it"), "{warning}");

    // In the mail view, beside the error: the new certificate's details, the one trusted before,
    // and trusting the new one, after which the account connects with it.
    let banner = browser
        .wait_until(
            "the new certificate in the mail view",
            "const f = document.querySelector('[data-testid=error] [data-testid=certificate-fingerprint]');              return f && f.textContent.trim() === arguments[0]                && document.querySelector('[data-testid=error]').textContent;",
            vec![json!(renewed_pin)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}; the page says: {}", text(&browser, "[data-testid=mail-view]")));
    let banner = banner.as_str().unwrap_or_default().to_owned();
    assert!(banner.contains(&format!("incoming server {}:{imap}", stack.host())), "{banner}");
    assert_eq!(text(&browser, "[data-testid=error] [data-testid=certificate-trusted]").trim(), imap_pin);
    assert!(
        text(&browser, "[data-testid=error] [data-testid=certificate-subject]").contains("CN=mail.home.test")
    );
    assert!(
        text(&browser, "[data-testid=error] [data-testid=certificate-issuer]").contains("CN=mail.home.test")
    );
    assert!(text(&browser, "[data-testid=error] [data-testid=certificate-validity]").contains(" until "));
    stack.seed(&alice, "INBOX", &[&b"Subject: Neues Zertifikat\r\n\r\nHallo\r\n"[..]]).expect("seed");
    click(&mut browser, "[data-testid=error] [data-testid=trust-certificate]");
    browser
        .wait_until(
            "the message list through the newly trusted certificate",
            "return [...document.querySelectorAll('[data-testid=message-row] .subject')]                .some(s => s.textContent === 'Neues Zertifikat');",
            vec![],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}; the page says: {}", text(&browser, "[data-testid=mail-view]")));
    let stored = stored_accounts(&browser);
    assert_eq!(stored[0]["incoming"]["pin_sha256"], json!(renewed_pin), "{stored}");
    assert_eq!(stored[0]["outgoing"]["pin_sha256"], json!(smtp_pin), "{stored}");

    // The outgoing server's certificate changes, met while the outbox sends: the item is not
    // sent, and beside its error the new certificate, the one trusted before, and trusting the
    // new one, after which the message goes out through it.
    let (renewed_smtp_cert, renewed_smtp_pin) = self_signed("smtp.home.test");
    *smtp_switch.lock().unwrap() = renewed_smtp_cert;
    click(&mut browser, "[data-testid=new-message]");
    browser.wait_for("[data-testid=composer]", WAIT).expect("composer opens");
    set_field(&mut browser, "to", &bob.address);
    set_field(&mut browser, "subject", "Neues Ausgangszertifikat");
    set_field(&mut browser, "body", "Hallo");
    click(&mut browser, "[data-testid=send]");
    let item = browser
        .wait_until(
            "the outbox item with the outgoing server's new certificate",
            "const i = [...document.querySelectorAll('[data-testid=outbox-item]')] \
               .find(i => i.querySelector('b').textContent === 'Neues Ausgangszertifikat'); \
             const f = i && i.querySelector('[data-testid=certificate-fingerprint]'); \
             return f && f.textContent.trim() === arguments[0] && i.dataset.state === 'not sent' && i.textContent;",
            vec![json!(renewed_smtp_pin)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}; the outbox says: {}", text(&browser, "[data-testid=outbox]")));
    let item = item.as_str().unwrap_or_default().to_owned();
    assert!(item.contains(&format!("outgoing server {}:{smtp}", stack.host())), "{item}");
    assert!(item.contains("has changed since you trusted it"), "{item}");
    assert_eq!(
        text(&browser, "[data-testid=outbox-item] [data-testid=certificate-trusted]").trim(),
        smtp_pin
    );
    assert!(
        text(&browser, "[data-testid=outbox-item] [data-testid=certificate-subject]")
            .contains("CN=smtp.home.test")
    );
    // After a reload the refused item shows the certificate again, with no new attempt first.
    browser.refresh().expect("reload");
    unlock(&mut browser, &alice.password);
    browser
        .wait_until(
            "the refused item's certificate after the reload",
            "const i = [...document.querySelectorAll('[data-testid=outbox-item]')] \
               .find(i => i.querySelector('b').textContent === 'Neues Ausgangszertifikat'); \
             const f = i && i.querySelector('[data-testid=certificate-fingerprint]'); \
             return f && f.textContent.trim() === arguments[0] && i.dataset.state === 'not sent' \
               && i.querySelector('[data-testid=trust-certificate]') !== null;",
            vec![json!(renewed_smtp_pin)],
            WAIT,
        )
        .unwrap_or_else(|e| panic!("{e}; the outbox says: {}", text(&browser, "[data-testid=outbox]")));
    click(&mut browser, "[data-testid=outbox-item] [data-testid=trust-certificate]");
    wait_outbox(&mut browser, "Neues Ausgangszertifikat", "sent", WAIT);
    let kept = browser
        .execute("return localStorage.getItem('posthorn.outgoing-refused');", vec![])
        .expect("read localStorage");
    assert_eq!(kept, json!("{}"), "a refusal trusted past is forgotten");
    let stored = stored_accounts(&browser);
    assert_eq!(stored[0]["outgoing"]["pin_sha256"], json!(renewed_smtp_pin), "{stored}");
    assert_eq!(stored[0]["incoming"]["pin_sha256"], json!(renewed_pin), "{stored}");
}
