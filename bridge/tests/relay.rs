//! The relay end to end: a real bridge on 127.0.0.1, a WebSocket client speaking the wire
//! protocol, and scripted peers (see support/peer.rs for why those are scripted). Every packet in
//! these tests goes to loopback; the other refused ranges are tested on the policy decision in
//! `policy::address`.

#[path = "support/harness.rs"]
mod harness;
#[path = "support/peer.rs"]
mod peer;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use harness::{Bridge, Frame, TempDir, certs};
use posthorn_proto::wire::{ClientMessage, Security, ServerMessage, close};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Opens the policy for loopback and the given port, as a test deployment would.
fn open_for(port: u16) -> Vec<String> {
    vec!["--allow-net".into(), "127.0.0.0/8".into(), "--allow-port".into(), port.to_string()]
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

async fn start_open(port: u16, extra: &[&str]) -> Bridge {
    let mut a = open_for(port);
    a.extend(extra.iter().map(|s| s.to_string()));
    Bridge::start(&args(&a)).await
}

/// A peer that greets like an IMAP server and echoes everything back.
async fn echo_peer(mut tcp: TcpStream) {
    let _ = tcp.write_all(b"* OK echo ready\r\n").await;
    let mut buf = [0u8; 4096];
    loop {
        match tcp.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                if tcp.write_all(&buf[..n]).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// A peer that greets and then holds the connection until the other side closes.
async fn holding_peer(mut tcp: TcpStream) {
    let _ = tcp.write_all(b"* OK holding\r\n").await;
    let mut buf = [0u8; 1024];
    while let Ok(n) = tcp.read(&mut buf).await {
        if n == 0 {
            return;
        }
    }
}

#[tokio::test]
async fn loopback_is_refused_in_every_spelling() {
    let bridge = Bridge::start(&[]).await;
    let loopback = [
        "127.0.0.1",
        "127.0.0.1.",
        "2130706433",
        "0x7f000001",
        "0x7F.0.0.1",
        "0177.0.0.1",
        "127.1",
        "127.0.1",
        "127.255.255.254",
        "::1",
        "[::1]",
        "0:0:0:0:0:0:0:1",
        "::ffff:127.0.0.1",
        "[::ffff:7f00:1]",
        "64:ff9b::7f00:1",
        "localhost",
        "LocalHost.",
    ];
    for host in loopback {
        let mut ws = bridge.ws().await;
        ws.send_json(&ClientMessage::Open {
            host: host.into(),
            port: 993,
            security: Security::Tls,
            token: None,
            pin_sha256: None,
        })
        .await;
        let (code, rule, close_code) = ws.refused().await;
        assert_eq!(
            (code.as_str(), rule.as_deref(), close_code),
            ("policy_address", Some("loopback"), close::POLICY),
            "{host}"
        );
    }
    for (host, expected) in [
        ("0.0.0.0", "unspecified"),
        ("0", "unspecified"),
        ("::", "unspecified"),
        ("::127.0.0.1", "ipv4-compatible"),
    ] {
        let mut ws = bridge.ws().await;
        ws.send_json(&ClientMessage::Open {
            host: host.into(),
            port: 143,
            security: Security::Plain,
            token: None,
            pin_sha256: None,
        })
        .await;
        let (code, rule, _) = ws.refused().await;
        assert_eq!((code.as_str(), rule.as_deref()), ("policy_address", Some(expected)), "{host}");
    }
    let metrics = bridge.settled().await;
    assert!(
        metrics.contains(&format!("posthorn_refusals_total{{reason=\"loopback\"}} {}\n", loopback.len())),
        "{metrics}"
    );
    bridge.stop().await;
}

#[tokio::test]
async fn ports_hosts_and_bad_requests_are_refused() {
    let bridge = Bridge::start(&["--allow-host", "*.example.com"]).await;
    let cases: [(&str, u16, &str, Option<&str>); 5] = [
        ("imap.example.com", 25, "policy_port", Some("port")),
        ("imap.example.com", 8080, "policy_port", Some("port")),
        ("127.0.0.1", 993, "policy_host", Some("host")),
        ("imap.example.org", 993, "policy_host", Some("host")),
        ("a b", 993, "bad_request", Some("bad_host")),
    ];
    for (host, port, code, rule) in cases {
        let mut ws = bridge.ws().await;
        ws.send_json(&ClientMessage::Open {
            host: host.into(),
            port,
            security: Security::Tls,
            token: None,
            pin_sha256: None,
        })
        .await;
        let (got, got_rule, close_code) = ws.refused().await;
        assert_eq!((got.as_str(), got_rule.as_deref()), (code, rule), "{host}:{port}");
        assert_eq!(close_code, close::POLICY);
    }
    // Not an open message first.
    let mut ws = bridge.ws().await;
    ws.send(b"a LOGIN x y\r\n").await;
    let (code, _, close_code) = ws.refused().await;
    assert_eq!((code.as_str(), close_code), ("bad_request", close::PROTOCOL_ERROR));
    let mut ws = bridge.ws().await;
    ws.ws.send(tokio_tungstenite::tungstenite::Message::text("{\"type\":\"open\"}")).await.unwrap();
    assert_eq!(ws.refused().await.0, "bad_request");
    bridge.settled().await;
    bridge.stop().await;
}

use futures_util::SinkExt as _;

#[tokio::test]
async fn origin_and_host_checks_on_upgrade() {
    let bridge = Bridge::start(&["--allowed-origin", "https://app.example"]).await;
    let own = format!("http://{}", bridge.addr);
    assert!(bridge.ws_with(&[("origin", &own)]).await.is_ok(), "own origin");
    assert!(bridge.ws_with(&[("origin", "https://app.example")]).await.is_ok(), "allowed origin");
    for foreign in ["https://evil.example", "null", "http://127.0.0.1:1", "https://app.example:8443"] {
        match bridge.ws_with(&[("origin", foreign)]).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                assert_eq!(response.status(), 403, "{foreign}")
            }
            other => panic!("{foreign}: expected 403, got {:?}", other.map(|_| ())),
        }
    }
    // DNS rebinding: a foreign name pointed at 127.0.0.1 is same-origin with itself.
    let rebound = format!("rebind.evil.example:{}", bridge.addr.port());
    let origin = format!("http://{rebound}");
    match bridge.ws_with(&[("host", &rebound), ("origin", &origin)]).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => assert_eq!(response.status(), 421),
        other => panic!("expected 421, got {:?}", other.map(|_| ())),
    }
    let metrics = bridge.metrics().await;
    assert!(metrics.contains("posthorn_refusals_total{reason=\"origin\"} 4\n"), "{metrics}");
    assert!(metrics.contains("posthorn_refusals_total{reason=\"host_header\"} 1\n"), "{metrics}");
    bridge.stop().await;
}

#[tokio::test]
async fn access_tokens() {
    let bridge = Bridge::start(&["--token", "s3cret-token"]).await;
    let open = ClientMessage::Open {
        host: "127.0.0.1".into(),
        port: 993,
        security: Security::Tls,
        token: None,
        pin_sha256: None,
    };
    // Without a token: unauthorized before any policy check.
    let mut ws = bridge.ws().await;
    ws.send_json(&open).await;
    assert_eq!(ws.refused().await.0, "unauthorized");
    let mut ws = bridge.ws().await;
    assert!(matches!(
        ws.open_with_token("127.0.0.1", 993, Security::Tls, Some("wrong")).await,
        ServerMessage::Error { code: posthorn_proto::wire::ErrorCode::Unauthorized, .. }
    ));
    // With the token (in the open message, as a bearer header, as a subprotocol entry) the
    // request reaches the policy, which refuses loopback: proof that the token was accepted.
    let mut ws = bridge.ws().await;
    assert!(matches!(
        ws.open_with_token("127.0.0.1", 993, Security::Tls, Some("s3cret-token")).await,
        ServerMessage::Error { code: posthorn_proto::wire::ErrorCode::PolicyAddress, .. }
    ));
    let mut ws = bridge.ws_with(&[("authorization", "Bearer s3cret-token")]).await.unwrap();
    ws.send_json(&open).await;
    assert_eq!(ws.refused().await.0, "policy_address");
    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(bridge.url("/ws"))
            .unwrap();
    request
        .headers_mut()
        .insert("sec-websocket-protocol", "posthorn.v1, token.s3cret-token".parse().unwrap());
    let (ws, response) = tokio_tungstenite::connect_async(request).await.unwrap();
    assert_eq!(response.headers()["sec-websocket-protocol"], "posthorn.v1");
    let mut ws = harness::Ws { ws };
    ws.send_json(&open).await;
    assert_eq!(ws.refused().await.0, "policy_address");
    bridge.settled().await;
    bridge.stop().await;
}

#[tokio::test]
async fn plain_relay_round_trip_through_a_name() {
    let port = peer::every(echo_peer).await;
    let bridge = start_open(port, &[]).await;
    let mut ws = bridge.ws().await;
    // `localhost` resolves to 127.0.0.1 and ::1; ::1 is not opened, so the bridge must pick the
    // checked 127.0.0.1 and nothing else.
    match ws.open("localhost", port, Security::Plain).await {
        ServerMessage::Opened { peer, tls } => {
            assert_eq!(peer, format!("127.0.0.1:{port}"));
            assert!(tls.is_none());
        }
        other => panic!("{other:?}"),
    }
    ws.read_until(b"echo ready\r\n").await;
    let payload: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    for chunk in payload.chunks(30_000) {
        ws.send(chunk).await;
    }
    assert_eq!(ws.read_exact(payload.len()).await, payload, "bytes unchanged both ways");
    ws.ws.close(None).await.unwrap();
    let metrics = bridge.settled().await;
    assert!(metrics.contains("posthorn_bytes_to_upstream_total 200000\n"), "{metrics}");
    assert!(metrics.contains(&format!("posthorn_bytes_to_client_total {}\n", 200_000 + 17)), "{metrics}");
    bridge.stop().await;
}

/// Small frames that arrive together go upstream in fewer writes (session.rs, `to_server`): the
/// batch must keep every byte in order, and a control message behind it must wait until the batch
/// is written.
#[tokio::test]
async fn small_frames_sent_together_arrive_whole_and_in_order() {
    let (port, seen) = peer::once(|mut tcp: TcpStream| async move {
        tcp.write_all(b"* OK ready\r\n").await.unwrap();
        let mut got = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(10), tcp.read_to_end(&mut got)).await;
        got
    })
    .await;
    let bridge = start_open(port, &[]).await;
    let mut ws = bridge.ws().await;
    ws.open("127.0.0.1", port, Security::Plain).await;
    ws.read_until(b"ready\r\n").await;
    // 2,000 frames of 1 to 61 bytes, written to the socket in one go, then a text message that
    // ends the session (a second `open`).
    let mut sent = Vec::new();
    for i in 0..2_000u32 {
        let frame: Vec<u8> = (0..=i % 61).map(|j| (i.wrapping_mul(31) + j) as u8).collect();
        sent.extend_from_slice(&frame);
        ws.ws.feed(tokio_tungstenite::tungstenite::Message::binary(frame)).await.unwrap();
    }
    let again = ClientMessage::Open {
        host: "127.0.0.1".into(),
        port,
        security: Security::Plain,
        token: None,
        pin_sha256: None,
    };
    ws.ws
        .feed(tokio_tungstenite::tungstenite::Message::text(serde_json::to_string(&again).unwrap()))
        .await
        .unwrap();
    ws.ws.flush().await.unwrap();
    assert_eq!(ws.closed().await.0, close::PROTOCOL_ERROR);
    let got = seen.await.unwrap();
    assert_eq!(got.len(), sent.len());
    assert!(got == sent, "bytes reordered or changed");
    let metrics = bridge.settled().await;
    assert!(metrics.contains(&format!("posthorn_bytes_to_upstream_total {}\n", sent.len())), "{metrics}");
    bridge.stop().await;
}

#[tokio::test]
async fn upstream_close_is_a_normal_close() {
    let (port, _) = peer::once(|mut tcp: TcpStream| async move {
        tcp.write_all(b"+OK POP3 ready\r\n").await.unwrap();
        let mut line = String::new();
        BufReader::new(&mut tcp).read_line(&mut line).await.unwrap();
        tcp.write_all(b"+OK bye\r\n").await.unwrap();
    })
    .await;
    let bridge = start_open(port, &[]).await;
    let mut ws = bridge.ws().await;
    assert!(matches!(ws.open("127.0.0.1", port, Security::Plain).await, ServerMessage::Opened { .. }));
    ws.read_until(b"ready\r\n").await;
    ws.send(b"QUIT\r\n").await;
    ws.read_until(b"bye\r\n").await;
    assert_eq!(ws.closed().await.0, close::NORMAL);
    bridge.settled().await;
    bridge.stop().await;
}

#[tokio::test]
async fn connection_refused_is_reported() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let bridge = start_open(port, &[]).await;
    let mut ws = bridge.ws().await;
    ws.send_json(&ClientMessage::Open {
        host: "127.0.0.1".into(),
        port,
        security: Security::Plain,
        token: None,
        pin_sha256: None,
    })
    .await;
    let (code, _, close_code) = ws.refused().await;
    assert_eq!((code.as_str(), close_code), ("connection_refused", close::OPEN_FAILED));
    let metrics = bridge.settled().await;
    assert!(metrics.contains("posthorn_errors_total{kind=\"connection_refused\"} 1"), "{metrics}");
    bridge.stop().await;
}

/// A TLS peer with `leaf` that greets over TLS and echoes.
async fn tls_peer(leaf: &certs::Leaf) -> u16 {
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

#[tokio::test]
async fn implicit_tls_is_verified_and_failures_are_classified() {
    let dir = TempDir::new("tls");
    let ca = certs::Ca::new("Posthorn Test CA");
    let ca_file = ca.write(&dir.0);
    let good = tls_peer(&ca.leaf(&["localhost"], false)).await;
    let wrong_name = tls_peer(&ca.leaf(&["mail.other.example"], false)).await;
    let expired = tls_peer(&ca.leaf(&["localhost"], true)).await;
    let self_signed = tls_peer(&certs::Leaf::self_signed(&["localhost"])).await;

    let ports: Vec<String> = [good, wrong_name, expired, self_signed].iter().map(u16::to_string).collect();
    let mut a = vec!["--allow-net", "127.0.0.0/8", "--extra-ca", ca_file.to_str().unwrap()];
    for p in &ports {
        a.extend(["--allow-port", p.as_str()]);
    }
    let bridge = Bridge::start(&a).await;

    let mut ws = bridge.ws().await;
    match ws.open("localhost", good, Security::Tls).await {
        ServerMessage::Opened { tls: Some(info), .. } => {
            assert_eq!(info.version, "TLSv1.3");
            assert!(info.cipher.starts_with("TLS13_"), "{}", info.cipher);
            assert!(info.subject.contains("CN=localhost"), "{}", info.subject);
            assert!(info.issuer.contains("Posthorn Test CA"), "{}", info.issuer);
            assert!(info.not_after.ends_with('Z') && info.not_after.len() == 20, "{}", info.not_after);
        }
        other => panic!("{other:?}"),
    }
    ws.read_until(b"tls ready\r\n").await;
    ws.send(b"a NOOP\r\n").await;
    ws.read_until(b"a NOOP\r\n").await;
    drop(ws);

    for (port, expected) in
        [(wrong_name, "tls_name_mismatch"), (expired, "tls_expired"), (self_signed, "tls_self_signed")]
    {
        let mut ws = bridge.ws().await;
        ws.send_json(&ClientMessage::Open {
            host: "localhost".into(),
            port,
            security: Security::Tls,
            token: None,
            pin_sha256: None,
        })
        .await;
        let (code, _, close_code) = ws.refused().await;
        assert_eq!((code.as_str(), close_code), (expected, close::OPEN_FAILED), "port {port}");
    }
    let metrics = bridge.settled().await;
    for kind in ["tls_name_mismatch", "tls_expired", "tls_self_signed"] {
        assert!(metrics.contains(&format!("posthorn_errors_total{{kind=\"{kind}\"}} 1\n")), "{metrics}");
    }
    bridge.stop().await;

    // Without --extra-ca the private CA is an unknown issuer: there is no way to skip verification.
    let bridge = Bridge::start(&["--allow-net", "127.0.0.0/8", "--allow-port", &good.to_string()]).await;
    let mut ws = bridge.ws().await;
    ws.send_json(&ClientMessage::Open {
        host: "localhost".into(),
        port: good,
        security: Security::Tls,
        token: None,
        pin_sha256: None,
    })
    .await;
    assert_eq!(ws.refused().await.0, "tls_unknown_issuer");
    bridge.stop().await;
}

/// A STARTTLS peer in IMAP style. `after_go_ahead` is written in plaintext right after the
/// go-ahead (in the same write); with `inject_after_hello` the peer waits for the bridge's
/// ClientHello and then injects plaintext instead of answering it.
async fn starttls_peer(leaf: &certs::Leaf, after_go_ahead: &'static [u8], inject_after_hello: bool) -> u16 {
    let acceptor = leaf.acceptor();
    peer::every(move |mut tcp: TcpStream| {
        let acceptor = acceptor.clone();
        async move {
            tcp.write_all(b"* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n").await.unwrap();
            let mut line = Vec::new();
            let mut byte = [0u8; 1];
            while !line.ends_with(b"\r\n") {
                if tcp.read(&mut byte).await.unwrap_or(0) == 0 {
                    return;
                }
                line.push(byte[0]);
            }
            assert_eq!(line, b"a STARTTLS\r\n");
            let mut reply = b"a OK begin TLS now\r\n".to_vec();
            reply.extend_from_slice(after_go_ahead);
            tcp.write_all(&reply).await.unwrap();
            if inject_after_hello {
                let _ = tcp.peek(&mut byte).await;
                let _ = tcp.write_all(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n").await;
                tokio::time::sleep(Duration::from_millis(500)).await;
                return;
            }
            if let Ok(mut tls) = acceptor.accept(tcp).await {
                let _ = tls.write_all(b"* OK now secure\r\n").await;
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

async fn start_tls_bridge(ports: &[u16], ca: &certs::Ca, dir: &TempDir) -> Bridge {
    let ca_file = ca.write(&dir.0);
    let ports: Vec<String> = ports.iter().map(u16::to_string).collect();
    let mut a = vec!["--allow-net", "127.0.0.0/8", "--extra-ca", ca_file.to_str().unwrap()];
    for p in &ports {
        a.extend(["--allow-port", p.as_str()]);
    }
    Bridge::start(&a).await
}

#[tokio::test]
async fn starttls_upgrades_in_place() {
    let dir = TempDir::new("starttls");
    let ca = certs::Ca::new("Posthorn Test CA");
    let port = starttls_peer(&ca.leaf(&["localhost"], false), b"", false).await;
    let bridge = start_tls_bridge(&[port], &ca, &dir).await;
    let mut ws = bridge.ws().await;
    assert!(matches!(
        ws.open("localhost", port, Security::Plain).await,
        ServerMessage::Opened { tls: None, .. }
    ));
    ws.read_until(b"ready\r\n").await;
    ws.send(b"a STARTTLS\r\n").await;
    ws.read_until(b"begin TLS now\r\n").await;
    ws.send_json(&ClientMessage::Starttls).await;
    match ws.next().await {
        Frame::Json(ServerMessage::Tls { info }) => assert!(info.subject.contains("localhost")),
        other => panic!("{other:?}"),
    }
    ws.read_until(b"now secure\r\n").await;
    ws.send(b"b NOOP\r\n").await;
    ws.read_until(b"b NOOP\r\n").await;
    // A second STARTTLS is a protocol error.
    ws.send_json(&ClientMessage::Starttls).await;
    assert_eq!(ws.closed().await.0, close::PROTOCOL_ERROR);
    bridge.settled().await;
    bridge.stop().await;
}

#[tokio::test]
async fn plaintext_injected_after_the_go_ahead_never_passes_as_tls() {
    let dir = TempDir::new("inject");
    let ca = certs::Ca::new("Posthorn Test CA");
    let leaf = ca.leaf(&["localhost"], false);
    // 1. Injected in the same packet as the go-ahead: relayed as plaintext *before* the client
    //    asks for TLS, so the client's engine sees it and can refuse (the bridge hides nothing).
    let same_packet = starttls_peer(&leaf, b"* OK [CAPABILITY AUTH=PLAIN] injected\r\n", false).await;
    // 2. Injected after the bridge started the handshake: it breaks the handshake and never
    //    reaches the client.
    let after_hello = starttls_peer(&leaf, b"", true).await;
    let bridge = start_tls_bridge(&[same_packet, after_hello], &ca, &dir).await;

    let mut ws = bridge.ws().await;
    ws.open("localhost", same_packet, Security::Plain).await;
    ws.read_until(b"ready\r\n").await;
    ws.send(b"a STARTTLS\r\n").await;
    let seen = ws.read_until(b"injected\r\n").await;
    assert!(seen.windows(8).any(|w| w == b"begin TL"), "go-ahead and injection arrive as plaintext data");
    drop(ws);

    let mut ws = bridge.ws().await;
    ws.open("localhost", after_hello, Security::Plain).await;
    ws.read_until(b"ready\r\n").await;
    ws.send(b"a STARTTLS\r\n").await;
    ws.read_until(b"begin TLS now\r\n").await;
    ws.send_json(&ClientMessage::Starttls).await;
    match ws.next().await {
        Frame::Json(ServerMessage::Error { code, .. }) => {
            assert_eq!(code, posthorn_proto::wire::ErrorCode::Tls)
        }
        other => panic!("expected a TLS error, got {other:?}"),
    }
    assert_eq!(ws.closed().await.0, close::OPEN_FAILED);
    bridge.settled().await;
    bridge.stop().await;
}

#[tokio::test]
async fn client_data_during_starttls_is_refused_not_forwarded() {
    let dir = TempDir::new("during");
    let ca = certs::Ca::new("Posthorn Test CA");
    let (port, seen) = peer::once(|mut tcp: TcpStream| async move {
        tcp.write_all(b"* OK ready\r\n").await.unwrap();
        let mut line = String::new();
        let mut reader = BufReader::new(&mut tcp);
        reader.read_line(&mut line).await.unwrap();
        reader.get_mut().write_all(b"a OK begin TLS now\r\n").await.unwrap();
        // Everything that arrives from now on, until the bridge gives up.
        let mut rest = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(5), reader.read_to_end(&mut rest)).await;
        rest
    })
    .await;
    let bridge = start_tls_bridge(&[port], &ca, &dir).await;
    let mut ws = bridge.ws().await;
    ws.open("localhost", port, Security::Plain).await;
    ws.read_until(b"ready\r\n").await;
    ws.send(b"a STARTTLS\r\n").await;
    ws.read_until(b"begin TLS now\r\n").await;
    ws.send_json(&ClientMessage::Starttls).await;
    ws.send(b"b LOGIN alice secret-password\r\n").await;
    assert_eq!(ws.closed().await.0, close::PROTOCOL_ERROR);
    let rest = seen.await.unwrap();
    assert_eq!(rest.first(), Some(&0x16), "only a TLS ClientHello went out");
    assert!(!rest.windows(6).any(|w| w == b"secret"), "client data leaked in plaintext");
    bridge.settled().await;
    bridge.stop().await;
}

#[tokio::test]
async fn oversized_frame_closes_with_1009() {
    let port = peer::every(echo_peer).await;
    let bridge = start_open(port, &["--max-frame-size", "4096", "--max-message-size", "4096"]).await;
    let mut ws = bridge.ws().await;
    ws.open("127.0.0.1", port, Security::Plain).await;
    ws.read_until(b"ready\r\n").await;
    ws.send(&[b'x'; 4096]).await;
    ws.read_exact(4096).await;
    ws.send(&[b'y'; 4097]).await;
    assert_eq!(ws.closed().await.0, close::TOO_BIG);
    let metrics = bridge.settled().await;
    assert!(metrics.contains("posthorn_errors_total{kind=\"too_big\"} 1\n"), "{metrics}");
    bridge.stop().await;
}

#[tokio::test]
async fn connection_caps_total_and_per_client() {
    let port = peer::every(holding_peer).await;
    let bridge = start_open(port, &["--max-connections-per-ip", "2"]).await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut ws = bridge.ws().await;
        assert!(matches!(ws.open("127.0.0.1", port, Security::Plain).await, ServerMessage::Opened { .. }));
        held.push(ws);
    }
    let mut ws = bridge.ws().await;
    ws.send_json(&ClientMessage::Open {
        host: "127.0.0.1".into(),
        port,
        security: Security::Plain,
        token: None,
        pin_sha256: None,
    })
    .await;
    let (code, rule, close_code) = ws.refused().await;
    assert_eq!(
        (code.as_str(), rule.as_deref(), close_code),
        ("limit", Some("limit_per_ip"), close::TRY_AGAIN_LATER)
    );
    // A slot comes back when a session ends.
    held.pop().unwrap().ws.close(None).await.unwrap();
    for _ in 0..50 {
        if bridge.shared.limits.in_use() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut ws = bridge.ws().await;
    assert!(matches!(ws.open("127.0.0.1", port, Security::Plain).await, ServerMessage::Opened { .. }));
    drop(ws);
    drop(held);
    bridge.settled().await;
    bridge.stop().await;

    let bridge = start_open(port, &["--max-connections", "1"]).await;
    let mut first = bridge.ws().await;
    first.open("127.0.0.1", port, Security::Plain).await;
    let mut ws = bridge.ws().await;
    ws.send_json(&ClientMessage::Open {
        host: "127.0.0.1".into(),
        port,
        security: Security::Plain,
        token: None,
        pin_sha256: None,
    })
    .await;
    assert_eq!(ws.refused().await.1.as_deref(), Some("limit_total"));
    drop(first);
    let metrics = bridge.settled().await;
    assert!(metrics.contains("posthorn_refusals_total{reason=\"limit_total\"} 1\n"), "{metrics}");
    bridge.stop().await;
}

#[tokio::test]
async fn idle_sessions_are_closed() {
    let port = peer::every(holding_peer).await;
    let bridge = start_open(port, &["--idle-timeout", "1"]).await;
    let mut ws = bridge.ws().await;
    ws.open("127.0.0.1", port, Security::Plain).await;
    let started = Instant::now();
    ws.read_until(b"holding\r\n").await;
    assert_eq!(ws.closed().await.0, close::IDLE_TIMEOUT);
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(900) && waited < Duration::from_secs(5), "{waited:?}");
    let metrics = bridge.settled().await;
    assert!(metrics.contains("posthorn_errors_total{kind=\"idle_timeout\"} 1\n"), "{metrics}");
    bridge.stop().await;
}

#[tokio::test]
async fn upstream_reset_mid_stream() {
    let (port, _) = peer::once(|mut tcp: TcpStream| async move {
        tcp.write_all(b"* OK about to vanish\r\n").await.unwrap();
        let mut line = [0u8; 64];
        let _ = tcp.read(&mut line).await;
        tcp.write_all(b"* 1 FETCH (BODY[] {100000}\r\npartial").await.unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        // Linger 0: close with a TCP RST instead of a FIN.
        tcp.set_zero_linger().unwrap();
        drop(tcp);
    })
    .await;
    let bridge = start_open(port, &[]).await;
    let mut ws = bridge.ws().await;
    ws.open("127.0.0.1", port, Security::Plain).await;
    ws.read_until(b"vanish\r\n").await;
    ws.send(b"a FETCH 1 BODY[]\r\n").await;
    ws.read_until(b"partial").await;
    let (code, reason) = ws.closed().await;
    assert_eq!(code, close::UPSTREAM_ERROR, "{reason}");
    assert!(reason.contains("reset"), "{reason}");
    let metrics = bridge.settled().await;
    assert!(metrics.contains("posthorn_errors_total{kind=\"upstream_reset\"} 1\n"), "{metrics}");
    bridge.stop().await;
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_reader_holds_back_the_server_and_memory_stays_bounded() {
    const TOTAL: usize = 64 * 1024 * 1024;
    let written = Arc::new(AtomicUsize::new(0));
    let progress = written.clone();
    let (port, _) = peer::once(move |mut tcp: TcpStream| async move {
        let chunk: Vec<u8> = (0..65_536u32).map(|i| (i % 253) as u8).collect();
        while progress.load(Ordering::Relaxed) < TOTAL {
            if tcp.write_all(&chunk).await.is_err() {
                return;
            }
            progress.fetch_add(chunk.len(), Ordering::Relaxed);
        }
    })
    .await;
    let bridge = start_open(port, &[]).await;
    let mut ws = bridge.ws().await;
    ws.open("127.0.0.1", port, Security::Plain).await;
    let before = rss_kib();
    // The client reads nothing for a while.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let during = rss_kib();
    let sent = written.load(Ordering::Relaxed);
    let relayed = posthorn_bridge::metrics::Metrics::get(&bridge.shared.metrics.bytes_to_client);
    assert!(sent < TOTAL / 2, "the server could write {sent} bytes to a client that reads nothing");
    assert!(during.saturating_sub(before) < 16 * 1024, "RSS grew from {before} KiB to {during} KiB");
    eprintln!("server wrote {sent} bytes, bridge relayed {relayed}, RSS {before} -> {during} KiB");
    // Now read everything and check it arrived intact.
    let mut got = 0usize;
    while got < TOTAL {
        match ws.next().await {
            Frame::Data(d) => {
                assert!(d.len() <= posthorn_bridge::session::RELAY_CHUNK);
                for (i, b) in d.iter().enumerate() {
                    assert_eq!(*b, ((got + i) % 65_536 % 253) as u8);
                }
                got += d.len();
            }
            other => panic!("{other:?} after {got} bytes"),
        }
    }
    assert_eq!(ws.closed().await.0, close::NORMAL);
    bridge.settled().await;
    bridge.stop().await;
}

#[tokio::test]
async fn shutdown_closes_sessions_after_the_grace_period() {
    let port = peer::every(holding_peer).await;
    let mut bridge = start_open(port, &["--shutdown-grace", "1"]).await;
    let mut ws = bridge.ws().await;
    ws.open("127.0.0.1", port, Security::Plain).await;
    ws.read_until(b"holding\r\n").await;
    let addr = bridge.addr;
    let started = Instant::now();
    let task = bridge.begin_stop();
    // New connections are not accepted any more.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(TcpStream::connect(addr).await.is_err(), "still accepting after shutdown began");
    // The open session goes on until the grace period is over, then is told why it ends.
    let (code, _) = ws.closed().await;
    assert_eq!(code, close::GOING_AWAY);
    assert!(started.elapsed() >= Duration::from_millis(900));
    tokio::time::timeout(Duration::from_secs(10), task).await.unwrap().unwrap().unwrap();
}

#[tokio::test]
async fn quiet_sessions_get_pings_that_do_not_count_as_activity() {
    use futures_util::StreamExt as _;
    let port = peer::every(holding_peer).await;
    let bridge = start_open(port, &["--ping-interval", "1", "--idle-timeout", "3"]).await;
    let mut ws = bridge.ws().await;
    ws.open("127.0.0.1", port, Security::Plain).await;
    ws.read_until(b"holding\r\n").await;
    let started = Instant::now();
    let mut pings = 0;
    loop {
        match tokio::time::timeout(Duration::from_secs(10), ws.ws.next()).await.unwrap() {
            Some(Ok(tokio_tungstenite::tungstenite::Message::Ping(_))) => pings += 1,
            Some(Ok(tokio_tungstenite::tungstenite::Message::Close(Some(frame)))) => {
                assert_eq!(u16::from(frame.code), close::IDLE_TIMEOUT);
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(pings >= 2, "{pings} pings");
    assert!(started.elapsed() >= Duration::from_millis(2900), "pings kept the session alive");
    bridge.settled().await;
    bridge.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_stops_reading_holds_back_the_client() {
    const TOTAL: usize = 64 * 1024 * 1024;
    // The peer greets and then never reads: everything the client sends must back up.
    let (port, _) = peer::once(|mut tcp: TcpStream| async move {
        tcp.write_all(b"* OK not listening\r\n").await.unwrap();
        tokio::time::sleep(Duration::from_secs(30)).await;
        drop(tcp);
    })
    .await;
    // While the bridge waits for the server to take data it reads nothing from the client, so
    // a client that vanishes is noticed by the next keep-alive ping (or, at the latest, by the
    // idle timeout); a short ping interval keeps this test short.
    let bridge = start_open(port, &["--ping-interval", "1"]).await;
    let mut ws = bridge.ws().await;
    ws.open("127.0.0.1", port, Security::Plain).await;
    ws.read_until(b"not listening\r\n").await;
    let before = rss_kib();
    let chunk = vec![b'x'; 64 * 1024];
    let mut sent = 0usize;
    let sending = async {
        while sent < TOTAL {
            ws.send(&chunk).await;
            sent += chunk.len();
        }
    };
    let finished = tokio::time::timeout(Duration::from_secs(3), sending).await.is_ok();
    let during = rss_kib();
    let relayed = posthorn_bridge::metrics::Metrics::get(&bridge.shared.metrics.bytes_to_upstream);
    eprintln!("client sent {sent} bytes, bridge relayed {relayed}, RSS {before} -> {during} KiB");
    assert!(!finished, "a client could push {TOTAL} bytes at a server that reads nothing");
    assert!(during.saturating_sub(before) < 16 * 1024, "RSS grew from {before} KiB to {during} KiB");
    drop(ws);
    bridge.settled().await;
    bridge.stop().await;
}
