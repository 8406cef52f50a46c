//! The host driver tells the engine the time: a server that greets and then says nothing fails
//! the pending command with the engine's timeout at the engine's deadline, not at the driver's
//! longer read timeout. The server here is a scripted loopback socket, as a real server does not
//! go silent on demand.

use std::sync::Arc;
use std::time::{Duration, Instant};

use posthorn_bridge::driver::{Connection, DriverError};
use posthorn_bridge::stream::Stream;
use posthorn_proto::imap::{Command, Config, Error, Event, ImapClient};
use posthorn_proto::security::TlsMode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[tokio::test]
async fn a_silent_server_fails_the_command_at_the_engine_deadline() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        socket.write_all(b"* PREAUTH [CAPABILITY IMAP4rev1] ready\r\n").await.unwrap();
        // Reads the NOOP and never answers; holds the socket open until the client goes.
        let mut buf = [0u8; 1024];
        while socket.read(&mut buf).await.is_ok_and(|n| n > 0) {}
    });
    let tcp = TcpStream::connect(addr).await.unwrap();
    let tls = Arc::new(
        rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(rustls::RootCertStore::empty())
            .with_no_client_auth(),
    );
    let mut conn = Connection::from_stream(Stream::Plain(tcp), "127.0.0.1", tls);
    let mut config = Config::new(TlsMode::Plain);
    config.timeouts.reply = Duration::from_millis(700);
    let mut client = ImapClient::new(config);
    assert!(matches!(conn.next_event(&mut client).await, Ok(Event::Ready { .. })));
    client.enqueue(Command::Noop);
    let started = Instant::now();
    let result = conn.next_event(&mut client).await;
    let waited = started.elapsed();
    assert!(
        matches!(&result, Err(DriverError::Protocol(Error::Timeout { step, .. })) if step == "NOOP"),
        "{result:?}"
    );
    assert!(waited >= Duration::from_millis(650) && waited < Duration::from_secs(10), "{waited:?}");
    drop(conn);
    server.await.unwrap();
}
