//! Test harness: a bridge on 127.0.0.1 with a chosen configuration, a WebSocket client that speaks
//! the wire protocol, and certificates made on the spot.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use posthorn_bridge::app::Shared;
use posthorn_bridge::{Config, shared_state};
use posthorn_proto::wire::{ClientMessage, Security, ServerMessage};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{Message, http::HeaderValue};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// A running bridge.
pub struct Bridge {
    pub addr: SocketAddr,
    pub shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), posthorn_bridge::Error>>>,
}

impl Bridge {
    /// Starts a bridge on an ephemeral loopback port with these extra flags.
    pub async fn start(args: &[&str]) -> Bridge {
        let mut all = vec!["posthorn-bridge", "--listen", "127.0.0.1:0"];
        all.extend_from_slice(args);
        let config = Config::from_iter_env_file(all).expect("valid test configuration");
        let listener = tokio::net::TcpListener::bind(config.listen).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let acceptor = match (&config.tls_cert, &config.tls_key) {
            (Some(c), Some(k)) => Some(posthorn_bridge::server::tls_acceptor(c, k).unwrap()),
            _ => None,
        };
        let shared = shared_state(config, acceptor.is_some()).unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(posthorn_bridge::serve_with(shared.clone(), listener, acceptor, async {
            let _ = rx.await;
        }));
        Bridge { addr, shared, stop: Some(tx), task: Some(task) }
    }

    pub fn url(&self, path: &str) -> String {
        format!("ws://{}{path}", self.addr)
    }

    /// A WebSocket to `/ws` with no Origin (like a non-browser client).
    pub async fn ws(&self) -> Ws {
        self.ws_with(&[]).await.expect("upgrade")
    }

    /// A WebSocket to `/ws` with extra request headers.
    pub async fn ws_with(
        &self,
        headers: &[(&'static str, &str)],
    ) -> Result<Ws, tokio_tungstenite::tungstenite::Error> {
        let mut request = self.url("/ws").into_client_request().unwrap();
        for (k, v) in headers {
            request.headers_mut().insert(*k, HeaderValue::from_str(v).unwrap());
        }
        let (ws, _) = tokio_tungstenite::connect_async(request).await?;
        Ok(Ws { ws })
    }

    /// Sends a plain HTTP/1.1 GET and returns status, headers (lower-case names) and body.
    pub async fn get(&self, path: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
        http_get(self.addr, path, &[]).await
    }

    pub async fn metrics(&self) -> String {
        String::from_utf8(self.get("/metrics").await.2).unwrap()
    }

    /// Waits until no session and no upstream connection is open, then returns the metrics.
    pub async fn settled(&self) -> String {
        for _ in 0..100 {
            let m = self.metrics().await;
            if m.contains("posthorn_connections_open 0\n") && m.contains("posthorn_upstream_open 0\n") {
                assert_eq!(self.shared.limits.in_use(), 0, "connection slots leaked");
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("sessions did not close:\n{}", self.metrics().await);
    }

    /// Triggers shutdown and waits for `serve` to return.
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            tokio::time::timeout(Duration::from_secs(30), task)
                .await
                .expect("serve returned")
                .unwrap()
                .unwrap();
        }
    }

    /// Triggers shutdown without waiting.
    pub fn begin_stop(&mut self) -> JoinHandle<Result<(), posthorn_bridge::Error>> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        self.task.take().unwrap()
    }
}

/// A minimal HTTP/1.1 client (one request, `Connection: close`).
pub async fn http_get(
    addr: SocketAddr,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    tcp.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tcp.read_to_end(&mut raw).await.unwrap();
    parse_response(&raw)
}

pub fn parse_response(raw: &[u8]) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("header end");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body);
    }
    (status, headers, body)
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&body[..line_end]).unwrap().trim(), 16).unwrap();
        body = &body[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[..size]);
        body = &body[size + 2..];
    }
}

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// A wire-protocol client.
pub struct Ws {
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

/// What the bridge said, one frame at a time.
#[derive(Debug)]
pub enum Frame {
    Json(ServerMessage),
    Data(Vec<u8>),
    Close(u16, String),
    Gone,
}

impl Ws {
    pub async fn send_json(&mut self, msg: &ClientMessage) {
        self.ws.send(Message::text(serde_json::to_string(msg).unwrap())).await.unwrap();
    }

    pub async fn open(&mut self, host: &str, port: u16, security: Security) -> ServerMessage {
        self.open_with_token(host, port, security, None).await
    }

    pub async fn open_with_token(
        &mut self,
        host: &str,
        port: u16,
        security: Security,
        token: Option<&str>,
    ) -> ServerMessage {
        let msg = ClientMessage::Open {
            host: host.into(),
            port,
            security,
            token: token.map(str::to_owned),
            pin_sha256: None,
        };
        self.send_json(&msg).await;
        match self.next().await {
            Frame::Json(m) => m,
            other => panic!("expected a JSON reply to open, got {other:?}"),
        }
    }

    pub async fn send(&mut self, bytes: &[u8]) {
        self.ws.send(Message::binary(bytes.to_vec())).await.unwrap();
    }

    /// The next frame, within 20 s.
    pub async fn next(&mut self) -> Frame {
        loop {
            let msg =
                tokio::time::timeout(Duration::from_secs(20), self.ws.next()).await.expect("a frame in time");
            return match msg {
                None => Frame::Gone,
                Some(Err(_)) => Frame::Gone,
                Some(Ok(Message::Text(t))) => {
                    Frame::Json(serde_json::from_str(t.as_str()).expect("valid server message"))
                }
                Some(Ok(Message::Binary(b))) => Frame::Data(b.to_vec()),
                Some(Ok(Message::Close(Some(c)))) => Frame::Close(u16::from(c.code), c.reason.to_string()),
                Some(Ok(Message::Close(None))) => Frame::Close(1005, String::new()),
                Some(Ok(_)) => continue,
            };
        }
    }

    /// Reads binary frames until `want` bytes arrived (or fails).
    pub async fn read_exact(&mut self, want: usize) -> Vec<u8> {
        let mut out = Vec::new();
        while out.len() < want {
            match self.next().await {
                Frame::Data(d) => out.extend_from_slice(&d),
                other => panic!("expected data, got {other:?} after {} bytes", out.len()),
            }
        }
        out
    }

    /// Reads binary frames until they contain `needle`.
    pub async fn read_until(&mut self, needle: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        while !out.windows(needle.len()).any(|w| w == needle) {
            match self.next().await {
                Frame::Data(d) => out.extend_from_slice(&d),
                other => panic!("expected data, got {other:?} after {:?}", String::from_utf8_lossy(&out)),
            }
        }
        out
    }

    /// Skips data frames until the close frame; returns its code.
    pub async fn closed(&mut self) -> (u16, String) {
        loop {
            match self.next().await {
                Frame::Close(code, reason) => return (code, reason),
                Frame::Gone => return (1006, String::new()),
                Frame::Data(_) => continue,
                Frame::Json(m) => panic!("unexpected message before close: {m:?}"),
            }
        }
    }

    /// Expects an `error` message and then a close; returns (code, rule, close code).
    pub async fn refused(&mut self) -> (String, Option<String>, u16) {
        match self.next().await {
            Frame::Json(ServerMessage::Error { code, rule, .. }) => {
                let code = serde_json::to_value(code).unwrap().as_str().unwrap().to_owned();
                let (close, _) = self.closed().await;
                (code, rule, close)
            }
            other => panic!("expected an error, got {other:?}"),
        }
    }
}

/// Certificates for scripted TLS peers.
pub mod certs {
    use rcgen::{BasicConstraints, Certificate, CertificateParams, DnType, IsCa, KeyPair};
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

    pub struct Ca {
        pub cert: Certificate,
        pub key: KeyPair,
    }

    impl Ca {
        pub fn new(name: &str) -> Ca {
            let key = KeyPair::generate().unwrap();
            let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
            params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            params.distinguished_name.push(DnType::CommonName, name);
            params.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign, rcgen::KeyUsagePurpose::CrlSign];
            let cert = params.self_signed(&key).unwrap();
            Ca { cert, key }
        }

        /// A leaf for `names`, optionally already expired.
        pub fn leaf(&self, names: &[&str], expired: bool) -> Leaf {
            let key = KeyPair::generate().unwrap();
            let mut params =
                CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
            params.distinguished_name.push(DnType::CommonName, names[0]);
            if expired {
                params.not_before = rcgen::date_time_ymd(2020, 1, 1);
                params.not_after = rcgen::date_time_ymd(2021, 1, 1);
            }
            let cert = params.signed_by(&key, &self.cert, &self.key).unwrap();
            Leaf { chain: vec![cert.der().clone(), self.cert.der().clone()], key }
        }

        pub fn pem(&self) -> String {
            self.cert.pem()
        }

        /// Writes the CA to a temp file for `--extra-ca`.
        pub fn write(&self, dir: &std::path::Path) -> std::path::PathBuf {
            let path = dir.join(format!("ca-{}.pem", std::process::id()));
            std::fs::write(&path, self.pem()).unwrap();
            path
        }
    }

    pub struct Leaf {
        pub chain: Vec<CertificateDer<'static>>,
        pub key: KeyPair,
    }

    impl Leaf {
        /// A self-signed certificate (no CA anyone trusts).
        pub fn self_signed(names: &[&str]) -> Leaf {
            let key = KeyPair::generate().unwrap();
            let params =
                CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
            let cert = params.self_signed(&key).unwrap();
            Leaf { chain: vec![cert.der().clone()], key }
        }

        pub fn server_config(&self) -> std::sync::Arc<rustls::ServerConfig> {
            let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
            let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key.serialize_der()));
            let config = rustls::ServerConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(self.chain.clone(), key)
                .unwrap();
            std::sync::Arc::new(config)
        }

        pub fn acceptor(&self) -> tokio_rustls::TlsAcceptor {
            tokio_rustls::TlsAcceptor::from(self.server_config())
        }
    }
}

/// A temp directory removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "posthorn-bridge-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
