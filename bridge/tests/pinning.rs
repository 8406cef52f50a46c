//! Certificates no authority signed, pinned by the user: a real bridge on 127.0.0.1 and TLS
//! peers presenting a self-signed CA:TRUE certificate, the kind `openssl req -x509` makes by
//! default and webpki refuses even as an extra root (`CaUsedAsEndEntity`). The peers are scripted
//! (see support/peer.rs) because each needs one particular certificate; the browser-level test
//! against Dovecot is tests/tests/trusted_certificate.rs.

#[path = "support/harness.rs"]
mod harness;
#[path = "support/peer.rs"]
mod peer;

use harness::{Bridge, Frame, TempDir, certs::Leaf};
use posthorn_proto::wire::{
    CertificateInfo, ClientMessage, ErrorCode, Security, ServerMessage, close, format_fingerprint,
};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A self-signed certificate with CA:TRUE, as `openssl req -x509 -subj /CN=…` makes it: the
/// server's certificate, its SHA-256 fingerprint and its PEM.
fn self_signed_ca(cn: &str, names: &[&str], expired: bool) -> (Leaf, String, String) {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, cn);
    if expired {
        params.not_before = rcgen::date_time_ymd(2020, 1, 1);
        params.not_after = rcgen::date_time_ymd(2021, 1, 1);
    }
    let cert = params.self_signed(&key).unwrap();
    let digest: [u8; 32] = Sha256::digest(cert.der()).into();
    (Leaf { chain: vec![cert.der().clone()], key }, format_fingerprint(&digest), cert.pem())
}

/// Implicit TLS: greets and echoes.
async fn tls_peer(leaf: &Leaf) -> u16 {
    let acceptor = leaf.acceptor();
    peer::every(move |tcp| {
        let acceptor = acceptor.clone();
        async move {
            if let Ok(mut tls) = acceptor.accept(tcp).await {
                let _ = tls.write_all(b"* OK tls ready\r\n").await;
                let mut buf = [0u8; 1024];
                while let Ok(n) = tls.read(&mut buf).await {
                    if n == 0 || tls.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            }
        }
    })
    .await
}

/// STARTTLS in IMAP style, then greets under TLS.
async fn starttls_peer(leaf: &Leaf) -> u16 {
    let acceptor = leaf.acceptor();
    peer::every(move |mut tcp: TcpStream| {
        let acceptor = acceptor.clone();
        async move {
            let _ = tcp.write_all(b"* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n").await;
            let mut line = Vec::new();
            let mut byte = [0u8; 1];
            while !line.ends_with(b"\r\n") {
                if tcp.read(&mut byte).await.unwrap_or(0) == 0 {
                    return;
                }
                line.push(byte[0]);
            }
            let _ = tcp.write_all(b"a OK begin TLS\r\n").await;
            if let Ok(mut tls) = acceptor.accept(tcp).await {
                let _ = tls.write_all(b"* OK tls ready\r\n").await;
                let mut buf = [0u8; 64];
                let _ = tls.read(&mut buf).await;
            }
        }
    })
    .await
}

fn open(port: u16, security: Security, pin: Option<&str>) -> ClientMessage {
    ClientMessage::Open {
        host: "localhost".into(),
        port,
        security,
        token: None,
        pin_sha256: pin.map(str::to_owned),
    }
}

/// Expects an `error` with a certificate, then the close; returns them.
async fn refused_with_certificate(ws: &mut harness::Ws) -> (ErrorCode, String, CertificateInfo, u16) {
    match ws.next().await {
        Frame::Json(ServerMessage::Error { code, message, certificate: Some(cert), .. }) => {
            let (close, _) = ws.closed().await;
            (code, message, cert, close)
        }
        other => panic!("expected an error with the certificate, got {other:?}"),
    }
}

async fn start(ports: &[u16], extra: &[&str]) -> Bridge {
    let ports: Vec<String> = ports.iter().map(u16::to_string).collect();
    let mut a = vec!["--allow-net", "127.0.0.0/8"];
    for p in &ports {
        a.extend(["--allow-port", p.as_str()]);
    }
    a.extend_from_slice(extra);
    Bridge::start(&a).await
}

#[tokio::test]
async fn a_self_signed_certificate_is_shown_and_accepted_only_when_pinned() {
    let (leaf, pin, pem) = self_signed_ca("mail.home.test", &["localhost"], false);
    let (other_leaf, other_pin, _) = self_signed_ca("mail.home.test", &["localhost"], false);
    let (expired_leaf, expired_pin, _) = self_signed_ca("old.home.test", &["localhost"], true);
    let (elsewhere_leaf, elsewhere_pin, _) = self_signed_ca("elsewhere", &["mail.other.example"], false);
    let port = tls_peer(&leaf).await;
    let changed = tls_peer(&other_leaf).await;
    let expired = tls_peer(&expired_leaf).await;
    let elsewhere = tls_peer(&elsewhere_leaf).await;
    let starttls = starttls_peer(&leaf).await;
    // The certificate as an extra root does not help: webpki refuses a CA as the end entity.
    let dir = TempDir::new("pinning");
    let ca_file = dir.0.join("self-signed.pem");
    std::fs::write(&ca_file, pem).unwrap();
    let bridge =
        start(&[port, changed, expired, elsewhere, starttls], &["--extra-ca", ca_file.to_str().unwrap()])
            .await;

    // No pin: refused, with what the server presented.
    let mut ws = bridge.ws().await;
    ws.send_json(&open(port, Security::Tls, None)).await;
    let (code, message, cert, close_code) = refused_with_certificate(&mut ws).await;
    assert_eq!((code, close_code), (ErrorCode::TlsSelfSigned, close::OPEN_FAILED), "{message}");
    assert_eq!(cert.sha256, pin);
    assert_eq!(cert.subject, "CN=mail.home.test");
    assert_eq!(cert.issuer, cert.subject);
    assert!(cert.not_before < cert.not_after && cert.not_after.ends_with('Z'), "{cert:?}");
    assert_eq!(cert.names, ["localhost"]);
    assert!(message.contains(&pin), "{message}");

    // The right pin: open, and the bytes flow.
    let mut ws = bridge.ws().await;
    ws.send_json(&open(port, Security::Tls, Some(&pin))).await;
    match ws.next().await {
        Frame::Json(ServerMessage::Opened { tls: Some(info), .. }) => {
            assert_eq!(info.subject, "CN=mail.home.test")
        }
        other => panic!("{other:?}"),
    }
    ws.read_until(b"tls ready\r\n").await;
    ws.send(b"a NOOP\r\n").await;
    ws.read_until(b"a NOOP\r\n").await;
    drop(ws);

    // The pin in lower case without colons is the same pin.
    let mut ws = bridge.ws().await;
    ws.send_json(&open(port, Security::Tls, Some(&pin.replace(':', "").to_lowercase()))).await;
    assert!(matches!(ws.next().await, Frame::Json(ServerMessage::Opened { .. })));
    drop(ws);

    // A different certificate behind the same pin: refused, with the new certificate.
    let mut ws = bridge.ws().await;
    ws.send_json(&open(changed, Security::Tls, Some(&pin))).await;
    let (code, message, cert, _) = refused_with_certificate(&mut ws).await;
    assert_eq!(code, ErrorCode::TlsPinMismatch, "{message}");
    assert_eq!(cert.sha256, other_pin);
    assert!(message.contains(&pin) && message.contains(&other_pin), "{message}");

    // Pinned, but expired, or named for another host: the pin does not waive those checks.
    let mut ws = bridge.ws().await;
    ws.send_json(&open(expired, Security::Tls, Some(&expired_pin))).await;
    let (code, message, _, _) = refused_with_certificate(&mut ws).await;
    assert_eq!(code, ErrorCode::TlsExpired, "{message}");
    let mut ws = bridge.ws().await;
    ws.send_json(&open(elsewhere, Security::Tls, Some(&elsewhere_pin))).await;
    let (code, message, _, _) = refused_with_certificate(&mut ws).await;
    assert_eq!(code, ErrorCode::TlsNameMismatch, "{message}");

    // A malformed pin is refused, not ignored.
    let mut ws = bridge.ws().await;
    ws.send_json(&open(port, Security::Tls, Some("AB:CD"))).await;
    assert_eq!(ws.refused().await, ("bad_request".into(), Some("bad_pin".into()), close::PROTOCOL_ERROR));

    // STARTTLS takes the pin too: the right one upgrades, none is refused with the details.
    for (pin, expected) in [(Some(pin.as_str()), None), (None, Some(ErrorCode::TlsSelfSigned))] {
        let mut ws = bridge.ws().await;
        ws.send_json(&open(starttls, Security::Plain, pin)).await;
        assert!(matches!(ws.next().await, Frame::Json(ServerMessage::Opened { tls: None, .. })));
        ws.read_until(b"ready\r\n").await;
        ws.send(b"a STARTTLS\r\n").await;
        ws.read_until(b"a OK begin TLS\r\n").await;
        ws.send_json(&ClientMessage::Starttls).await;
        match expected {
            None => {
                assert!(matches!(ws.next().await, Frame::Json(ServerMessage::Tls { .. })));
                ws.read_until(b"tls ready\r\n").await;
            }
            Some(expected) => {
                let (code, _, cert, _) = refused_with_certificate(&mut ws).await;
                assert_eq!((code, cert.sha256.as_str()), (expected, pem_fingerprint(&leaf).as_str()));
            }
        }
    }
    let metrics = bridge.settled().await;
    assert!(metrics.contains("posthorn_errors_total{kind=\"tls_pin_mismatch\"} 1\n"), "{metrics}");
    bridge.stop().await;
}

fn pem_fingerprint(leaf: &Leaf) -> String {
    format_fingerprint(&Sha256::digest(&leaf.chain[0]).into())
}

#[tokio::test]
async fn an_operator_can_turn_pinning_off() {
    let (leaf, pin, _) = self_signed_ca("mail.home.test", &["localhost"], false);
    let port = tls_peer(&leaf).await;
    let bridge = start(&[port], &["--no-certificate-pinning"]).await;
    let mut ws = bridge.ws().await;
    ws.send_json(&open(port, Security::Tls, Some(&pin))).await;
    match ws.next().await {
        Frame::Json(ServerMessage::Error { code, message, rule, .. }) => {
            assert_eq!(code, ErrorCode::PinningDisabled);
            assert_eq!(rule.as_deref(), Some("certificate_pinning"));
            assert!(message.contains("turned certificate pinning off"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(ws.closed().await.0, close::POLICY);
    // Without a pin the certificate is still shown, so the person learns what they would trust.
    let mut ws = bridge.ws().await;
    ws.send_json(&open(port, Security::Tls, None)).await;
    let (code, _, cert, _) = refused_with_certificate(&mut ws).await;
    assert_eq!((code, cert.sha256), (ErrorCode::TlsSelfSigned, pin));
    bridge.stop().await;

    let config = posthorn_bridge::Config::from_iter_env_file(["posthorn-bridge"]).unwrap();
    assert!(!config.no_certificate_pinning, "pinning is on by default");
}
