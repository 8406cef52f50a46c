//! The HTTP side: the app's static files with their MIME types, caching and security headers,
//! `/healthz`, `/metrics`, `/discover`, the HTTPS listener, and the binary itself.

#[path = "support/harness.rs"]
mod harness;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use harness::{Bridge, TempDir, certs, header, http_get, parse_response};
use sha2::Digest;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const INLINE_SCRIPT: &str =
    "import init, * as bindings from '/posthorn-app-0123456789abcdef.js';\nawait init();";

/// A dist/ as Trunk writes it: index.html with an inline module script, hashed JS and wasm.
fn fake_dist() -> TempDir {
    let dir = TempDir::new("dist");
    let index = format!(
        "<!DOCTYPE html><html><head><link rel=\"modulepreload\" href=\"/posthorn-app-0123456789abcdef.js\">\
         <script type=\"module\">{INLINE_SCRIPT}</script></head><body></body></html>"
    );
    std::fs::write(dir.0.join("index.html"), index).unwrap();
    std::fs::write(dir.0.join("posthorn-app-0123456789abcdef.js"), "export default function init() {}")
        .unwrap();
    std::fs::write(dir.0.join("posthorn-app-0123456789abcdef_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.0.join("style-fedcba9876543210.css"), "body{}").unwrap();
    std::fs::write(dir.0.join("sw.js"), "self.addEventListener('fetch', () => {});").unwrap();
    dir
}

#[tokio::test]
async fn static_files_have_the_right_types_caching_and_security_headers() {
    let dist = fake_dist();
    let bridge = Bridge::start(&["--dist", dist.0.to_str().unwrap()]).await;

    let (status, headers, body) = bridge.get("/").await;
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("<script type=\"module\">"));
    assert_eq!(header(&headers, "content-type"), Some("text/html"));
    assert_eq!(header(&headers, "cache-control"), Some("no-cache"));
    let csp = header(&headers, "content-security-policy").unwrap();
    let hash =
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(INLINE_SCRIPT.as_bytes()));
    for part in [
        "default-src 'none'",
        &format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'"),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: http: https:;",
        &format!("connect-src 'self' ws://{0} wss://{0}", bridge.addr),
        "frame-src 'none'",
        "child-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(part), "CSP lacks {part}: {csp}");
    }
    assert!(!csp.contains("unsafe-eval'") || csp.contains("wasm-unsafe-eval"), "{csp}");
    assert_eq!(header(&headers, "x-content-type-options"), Some("nosniff"));
    assert_eq!(header(&headers, "x-frame-options"), Some("DENY"));
    assert_eq!(header(&headers, "referrer-policy"), Some("no-referrer"));

    let immutable = Some("public, max-age=31536000, immutable");
    let cases = [
        ("/index.html", "text/html", Some("no-cache")),
        ("/posthorn-app-0123456789abcdef_bg.wasm", "application/wasm", immutable),
        ("/posthorn-app-0123456789abcdef.js", "text/javascript", immutable),
        ("/style-fedcba9876543210.css", "text/css", immutable),
        ("/sw.js", "text/javascript", Some("no-cache")),
    ];
    for (path, mime, cache) in cases {
        let (status, headers, _) = bridge.get(path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(header(&headers, "content-type"), Some(mime), "{path}");
        assert_eq!(header(&headers, "cache-control"), cache, "{path}");
        assert_eq!(header(&headers, "x-content-type-options"), Some("nosniff"), "{path}");
    }
    for missing in ["/nope", "/nope/deeper.js", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd"] {
        let (status, headers, _) = bridge.get(missing).await;
        assert!(status == 404 || status == 400, "{missing}: {status}");
        assert_eq!(header(&headers, "cache-control"), Some("no-store"), "{missing}");
    }

    let (status, _, body) = bridge.get("/healthz").await;
    assert_eq!((status, body.as_slice()), (200, &b"ok\n"[..]));
    let (status, headers, body) = bridge.get("/metrics").await;
    assert_eq!(status, 200);
    assert!(header(&headers, "content-type").unwrap().starts_with("text/plain; version=0.0.4"));
    let text = String::from_utf8(body).unwrap();
    for name in [
        "posthorn_connections_open 0",
        "posthorn_connections_total 0",
        "posthorn_bytes_to_upstream_total 0",
        "posthorn_bytes_to_client_total 0",
        "# TYPE posthorn_refusals_total counter",
        "# TYPE posthorn_errors_total counter",
    ] {
        assert!(text.contains(name), "{name} missing:\n{text}");
    }
    bridge.stop().await;
}

const APP: &str = posthorn_bridge::access::APP_REQUEST_HEADER;

#[tokio::test]
async fn discovery_endpoint_obeys_the_policy() {
    // Default policy: `localhost` names are the loopback, so every probe is refused before a
    // packet is sent, and the report says so.
    let bridge = Bridge::start(&["--discovery-timeout", "5"]).await;
    // What a link in a message, an image or a typed address sends: no app header. Refused before
    // any look-up, and counted.
    let (status, _, body) = bridge.get("/discover?email=alice%40localhost").await;
    assert_eq!(status, 403, "{}", String::from_utf8_lossy(&body));
    let (status, _, _) = http_get(
        bridge.addr,
        "/discover?email=alice%40localhost",
        &[(APP, "1"), ("Sec-Fetch-Site", "cross-site")],
    )
    .await;
    assert_eq!(status, 403, "a request from the message frame's opaque origin");
    assert!(bridge.metrics().await.contains("reason=\"not_from_app\"} 2"), "{}", bridge.metrics().await);
    assert!(bridge.metrics().await.contains("posthorn_discoveries_total 0"), "{}", bridge.metrics().await);
    let (status, headers, body) = http_get(
        bridge.addr,
        "/discover?email=alice%40localhost",
        &[(APP, "1"), ("Sec-Fetch-Site", "same-origin")],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), Some("application/json"));
    let report: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(report["domain"], "localhost");
    let probes = report["probes"].as_array().unwrap();
    assert!(!probes.is_empty());
    assert!(probes.iter().all(|p| p["error"]["code"] == "policy_address"), "{report:#}");
    assert!(report["suggested"]["imap"].is_null());
    let (status, _, _) = http_get(bridge.addr, "/discover?email=not-an-address", &[(APP, "1")]).await;
    assert_eq!(status, 400);
    let (status, _, _) = http_get(
        bridge.addr,
        "/discover?email=a%40localhost",
        &[(APP, "1"), ("Origin", "https://evil.example")],
    )
    .await;
    assert_eq!(status, 403);
    bridge.settled().await;
    bridge.stop().await;

    let bridge = Bridge::start(&["--token", "t0ken"]).await;
    assert_eq!(http_get(bridge.addr, "/discover?email=a%40localhost", &[(APP, "1")]).await.0, 401);
    assert_eq!(
        http_get(bridge.addr, "/discover?email=a%40localhost&token=t0ken", &[(APP, "1")]).await.0,
        200
    );
    bridge.stop().await;
}

#[tokio::test]
async fn https_listener_serves_the_app_and_wss() {
    let dir = TempDir::new("listener");
    let ca = certs::Ca::new("Posthorn Listener CA");
    let leaf = ca.leaf(&["localhost"], false);
    let cert = dir.0.join("cert.pem");
    let key = dir.0.join("key.pem");
    let chain: String = leaf
        .chain
        .iter()
        .map(|der| {
            let b64 = base64::engine::general_purpose::STANDARD.encode(der);
            let lines: Vec<&str> =
                b64.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
            format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", lines.join("\n"))
        })
        .collect();
    std::fs::write(&cert, chain).unwrap();
    std::fs::write(&key, leaf.key.serialize_pem()).unwrap();
    let bridge =
        Bridge::start(&["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()]).await;

    let mut roots = rustls::RootCertStore::empty();
    roots.add(ca.cert.der().clone()).unwrap();
    let config =
        rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();

    let tcp = tokio::net::TcpStream::connect(bridge.addr).await.unwrap();
    let mut tls = connector.connect(name.clone(), tcp).await.unwrap();
    tls.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut raw = Vec::new();
    tls.read_to_end(&mut raw).await.unwrap();
    let (status, _, body) = parse_response(&raw);
    assert_eq!((status, body.as_slice()), (200, &b"ok\n"[..]));

    let tcp = tokio::net::TcpStream::connect(bridge.addr).await.unwrap();
    let tls = connector.connect(name, tcp).await.unwrap();
    let url = format!("wss://localhost:{}/ws", bridge.addr.port());
    let (ws, _) = tokio_tungstenite::client_async(url, tls).await.unwrap();
    let mut ws = WsOverTls { ws };
    ws.open_refused().await;

    // A client that never completes its handshake does not hold the listener up.
    let _silent = tokio::net::TcpStream::connect(bridge.addr).await.unwrap();
    assert_eq!(http_get_tls(&connector, bridge.addr).await, 200);
    bridge.stop().await;
}

async fn http_get_tls(connector: &tokio_rustls::TlsConnector, addr: std::net::SocketAddr) -> u16 {
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let mut tls = connector.connect(name, tcp).await.unwrap();
    tls.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut raw = Vec::new();
    tls.read_to_end(&mut raw).await.unwrap();
    parse_response(&raw).0
}

struct WsOverTls<S> {
    ws: tokio_tungstenite::WebSocketStream<S>,
}

impl<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin> WsOverTls<S> {
    async fn open_refused(&mut self) {
        use futures_util::{SinkExt, StreamExt};
        let open = r#"{"type":"open","host":"127.0.0.1","port":993,"security":"tls"}"#;
        self.ws.send(tokio_tungstenite::tungstenite::Message::text(open)).await.unwrap();
        let reply = self.ws.next().await.unwrap().unwrap();
        let reply: serde_json::Value = serde_json::from_str(reply.to_text().unwrap()).unwrap();
        assert_eq!(reply["code"], "policy_address", "{reply}");
    }
}

#[test]
fn the_binary_documents_every_option_starts_and_stops_on_sigterm() {
    let exe = env!("CARGO_BIN_EXE_posthorn-bridge");
    let help = Command::new(exe).arg("--help").output().unwrap();
    assert!(help.status.success());
    let help = String::from_utf8(help.stdout).unwrap();
    for option in [
        "--listen",
        "--dist",
        "--allow-port",
        "--allow-net",
        "--allow-host",
        "--allowed-origin",
        "--extra-ca",
        "--token",
        "--token-file",
        "--tls-cert",
        "--tls-key",
        "--trust-forwarded-for",
        "--max-connections",
        "--max-connections-per-ip",
        "--connect-timeout",
        "--handshake-timeout",
        "--idle-timeout",
        "--max-frame-size",
        "--max-message-size",
        "--shutdown-grace",
        "--ping-interval",
        "--discovery-timeout",
        "--log-format",
        "--config",
        "POSTHORN_LISTEN",
        "[default: 127.0.0.1:8080]",
    ] {
        assert!(help.contains(option), "--help does not mention {option}");
    }

    // An echo peer, so that a real session (with a password in it) goes through the binary.
    let echo = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let echo_port = echo.local_addr().unwrap().port();
    std::thread::spawn(move || {
        if let Ok((mut tcp, _)) = echo.accept() {
            let _ = std::io::Write::write_all(&mut tcp, b"* OK echo\r\n");
            let _ = std::io::copy(&mut tcp.try_clone().unwrap(), &mut tcp);
        }
    });
    let dist = fake_dist();
    let port_arg = echo_port.to_string();
    let mut child = Command::new(exe)
        .args(["--listen", "127.0.0.1:0", "--dist", dist.0.to_str().unwrap(), "--log-format", "json"])
        .args(["--allow-net", "127.0.0.0/8", "--allow-port", &port_arg])
        .env("POSTHORN_LOG", "trace")
        .env_remove("POSTHORN_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("Posthorn is running: open ").unwrap_or_else(|| panic!("{line}"));
    let addr: std::net::SocketAddr = url.trim_start_matches("http://").trim_end_matches('/').parse().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (status, _, _) = runtime.block_on(http_get(addr, "/", &[]));
    assert_eq!(status, 200);
    runtime.block_on(async {
        use futures_util::{SinkExt, StreamExt};
        use tokio_tungstenite::tungstenite::Message;
        let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/ws")).await.unwrap();
        let open = format!(r#"{{"type":"open","host":"127.0.0.1","port":{echo_port},"security":"plain"}}"#);
        ws.send(Message::text(open)).await.unwrap();
        assert!(ws.next().await.unwrap().unwrap().to_text().unwrap().contains("opened"));
        ws.send(Message::binary(&b"a LOGIN alice Sup3rS3cretPassw0rd\r\n"[..])).await.unwrap();
        let mut seen = Vec::new();
        while !seen.windows(8).any(|w| w == b"Passw0rd") {
            seen.extend_from_slice(&ws.next().await.unwrap().unwrap().into_data());
        }
        ws.close(None).await.unwrap();
    });
    // SIGTERM to the child we started, by its id.
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "no exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut logs = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut logs).unwrap();
    assert!(logs.lines().all(|l| l.starts_with('{')), "JSON logs: {logs}");
    assert!(logs.contains("signal received"), "{logs}");
    assert!(logs.contains("opened"), "{logs}");
    assert!(
        !logs.contains("Sup3rS3cret") && !logs.contains("LOGIN alice"),
        "relayed bytes in the logs: {logs}"
    );
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Measures the bridge binary's resident memory per idle session (plain and TLS upstream).
/// Run with `cargo test -p posthorn-bridge --release --test http -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check; prints memory per idle session"]
fn measure_memory_per_idle_session() {
    const SESSIONS: usize = 500;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let dir = TempDir::new("memory");
        let ca = certs::Ca::new("Posthorn Memory CA");
        let ca_file = ca.write(&dir.0);
        let acceptor = ca.leaf(&["localhost"], false).acceptor();
        // Upstream peers: greet, then hold the connection open without a word.
        let plain = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let plain_port = plain.local_addr().unwrap().port();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((mut tcp, _)) = plain.accept().await {
                let _ = tcp.write_all(b"* OK idle\r\n").await;
                held.push(tcp);
            }
        });
        let tls = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let tls_port = tls.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = tls.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    if let Ok(mut s) = acceptor.accept(tcp).await {
                        let _ = s.write_all(b"* OK idle\r\n").await;
                        let mut buf = [0u8; 16];
                        let _ = s.read(&mut buf).await;
                    }
                });
            }
        });
        for (port, security) in [(plain_port, "plain"), (tls_port, "tls")] {
            let (mut child, ws_url) = spawn_bridge(&[plain_port, tls_port], &ca_file);
            let pid = child.id();
            // Warm up: a few sessions, so allocator arenas and lazy statics are in place.
            let mut warm = Vec::new();
            for _ in 0..4 {
                warm.push(open_idle(&ws_url, port, security).await);
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
            let before = rss_kib(pid);
            let mut sessions = Vec::new();
            for _ in 0..SESSIONS {
                sessions.push(open_idle(&ws_url, port, security).await);
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
            let after = rss_kib(pid);
            eprintln!(
                "{security}: {SESSIONS} idle sessions, bridge RSS {before} KiB -> {after} KiB: {:.1} KiB per session",
                (after - before) as f64 / SESSIONS as f64
            );
            drop(sessions);
            drop(warm);
            let _ = Command::new("kill").args(["-TERM", &pid.to_string()]).status();
            let _ = child.wait();
        }
    });
}

fn spawn_bridge(ports: &[u16], ca_file: &std::path::Path) -> (std::process::Child, String) {
    let exe = env!("CARGO_BIN_EXE_posthorn-bridge");
    let mut args: Vec<String> = ["--listen", "127.0.0.1:0", "--allow-net", "127.0.0.0/8", "--extra-ca"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.push(ca_file.to_str().unwrap().to_owned());
    for port in ports {
        args.extend(["--allow-port".to_owned(), port.to_string()]);
    }
    args.extend(["--max-connections-per-ip", "100000", "--max-connections", "100000"].map(str::to_owned));
    let mut child =
        Command::new(exe).args(&args).env("POSTHORN_LOG", "warn").stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url =
        line.trim().strip_prefix("Posthorn is running: open ").unwrap().trim_end_matches('/').to_owned();
    (child, format!("{}/ws", url.replace("http://", "ws://")))
}

async fn open_idle(
    url: &str,
    port: u16,
    security: &str,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    use futures_util::{SinkExt, StreamExt};
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let host = if security == "tls" { "localhost" } else { "127.0.0.1" };
    let open = format!(r#"{{"type":"open","host":"{host}","port":{port},"security":"{security}"}}"#);
    ws.send(tokio_tungstenite::tungstenite::Message::text(open)).await.unwrap();
    let reply = ws.next().await.unwrap().unwrap();
    assert!(reply.to_text().unwrap().contains("opened"), "{reply:?}");
    let greeting = ws.next().await.unwrap().unwrap();
    assert!(greeting.is_binary());
    ws
}
