//! One WebSocket session: the open handshake, the byte relay in both directions, STARTTLS in
//! place, and a close code that says why it ended. See [`posthorn_proto::wire`] for the protocol.

use std::io;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use bytes::{BufMut, BytesMut};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{FutureExt, SinkExt, StreamExt};
use posthorn_proto::secret::Secret;
use posthorn_proto::wire::{CertificateInfo, ClientMessage, ErrorCode, ServerMessage, close};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Notify;
use tokio::time::Instant;
use tracing::{Instrument, debug, info, info_span, warn};

use crate::limits::{LimitHit, Slot};
use crate::metrics::Metrics;
use crate::state::Shared;
use crate::stream::Stream;
use crate::upstream::{self, OpenError};

/// How much is read from the mail server at a time while it sends in bulk, and so the largest
/// binary frame the bridge sends. 64 KiB (the default socket buffer on Linux, four TLS records)
/// keeps the syscalls, wakeups and frames per byte low on a bulk FETCH; a slow browser still holds
/// the server back after one chunk, because nothing more is read until the chunk is written.
pub const RELAY_CHUNK: usize = 64 * 1024;

/// The WebSocket layer's read buffer, and so the most it reads from the browser per syscall.
pub const CLIENT_READ: usize = 32 * 1024;

/// The read buffer of a session that is not receiving in bulk.
const SMALL_READ: usize = 2 * 1024;

type Tx = SplitSink<WebSocket, Message>;
type Rx = SplitStream<WebSocket>;

mod activity;
mod pin;

use activity::Activity;

static NEXT_SESSION: AtomicU64 = AtomicU64::new(1);

/// Everything the handler found out before the upgrade.
pub struct Admission {
    /// The client's address (for logs and limits).
    pub client: IpAddr,
    /// The connection slot, or which cap was hit.
    pub slot: Result<Slot, LimitHit>,
    /// A token presented in the upgrade request.
    pub token: Option<Secret>,
}

/// Why the relay stopped.
#[derive(Debug)]
enum End {
    UpstreamClosed,
    UpstreamError(io::Error),
    ClientClosed,
    ClientGone,
    TooBig,
    Protocol(&'static str),
    Idle,
    Shutdown,
    StartTls,
}

/// Runs a session to its end. Never returns an error: every failure ends up as an `error`
/// message and/or a close code for the browser, a log line and a metric.
pub async fn run(shared: Arc<Shared>, socket: WebSocket, admission: Admission) {
    let id = NEXT_SESSION.fetch_add(1, Ordering::Relaxed);
    let span = info_span!("session", id, client = %admission.client);
    let metrics = shared.metrics.clone();
    Metrics::add(&metrics.sessions_total, 1);
    metrics.sessions_open.fetch_add(1, Ordering::Relaxed);
    // Decrements on every path out, including a panic in a dependency.
    let _open = OpenGuard(&metrics.sessions_open);
    session(shared.clone(), socket, admission).instrument(span).await;
}

struct OpenGuard<'a>(&'a AtomicU64);

impl Drop for OpenGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

async fn session(shared: Arc<Shared>, socket: WebSocket, admission: Admission) {
    let (mut tx, mut rx) = socket.split();
    let metrics = &shared.metrics;
    let _slot = match admission.slot {
        Ok(slot) => slot,
        Err(hit) => {
            metrics.refused(hit.rule());
            info!(rule = hit.rule(), "refused: connection limit");
            let message = match hit {
                LimitHit::Total => "the bridge has reached its connection limit; try again later",
                LimitHit::PerIp => "too many connections from your address; close some and try again",
            };
            fail(&mut tx, ErrorCode::Limit, message, Some(hit.rule()), close::TRY_AGAIN_LATER).await;
            return;
        }
    };

    // 1. The open message.
    let first = tokio::time::timeout(shared.config.handshake_timeout(), rx.next()).await;
    let (host, port, security, token, pin) = match first {
        Err(_) => {
            metrics.refused("no_open");
            fail(
                &mut tx,
                ErrorCode::BadRequest,
                "no open message in time",
                Some("timeout"),
                close::PROTOCOL_ERROR,
            )
            .await;
            return;
        }
        Ok(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => return,
        Ok(Some(Ok(Message::Text(text)))) => match serde_json::from_str::<ClientMessage>(text.as_str()) {
            Ok(ClientMessage::Open { host, port, security, token, pin_sha256 }) => {
                (host, port, security, token, pin_sha256)
            }
            _ => {
                metrics.refused("bad_request");
                let message = "the first message must be {\"type\":\"open\",\"host\":…,\"port\":…,\"security\":\"tls\"|\"plain\"}";
                fail(&mut tx, ErrorCode::BadRequest, message, None, close::PROTOCOL_ERROR).await;
                return;
            }
        },
        Ok(Some(Ok(_))) => {
            metrics.refused("bad_request");
            fail(
                &mut tx,
                ErrorCode::BadRequest,
                "the first message must be a text frame",
                None,
                close::PROTOCOL_ERROR,
            )
            .await;
            return;
        }
    };
    let token = token.map(Secret::from).or(admission.token);
    if !crate::access::token_ok(&shared.tokens, token.as_ref()) {
        metrics.refused("unauthorized");
        info!("refused: missing or wrong access token");
        let message = "this bridge needs an access token; ask its operator for one";
        fail(&mut tx, ErrorCode::Unauthorized, message, Some("token"), close::POLICY).await;
        return;
    }

    let pin = match pin::check(&shared.config, pin.as_deref()) {
        Ok(pin) => pin,
        Err(refusal) => {
            metrics.refused(refusal.rule);
            info!(rule = refusal.rule, "refused: {}", refusal.message);
            fail(&mut tx, refusal.code, refusal.message, Some(refusal.rule), refusal.close).await;
            return;
        }
    };

    // 2. The upstream connection.
    // Debug formatting escapes control characters: the host is not validated yet.
    info!(host = ?host, port, ?security, pinned = pin.is_some(), "opening");
    let opened = match upstream::open(&shared.upstream, &host, port, security, pin).await {
        Ok(opened) => opened,
        Err(e) => {
            report_open_error(metrics, &e);
            let code = if e.is_refusal() { close::POLICY } else { close::OPEN_FAILED };
            fail_with(&mut tx, e.code, &e.message, e.rule.as_deref(), code, e.certificate).await;
            return;
        }
    };
    metrics.upstream_open.fetch_add(1, Ordering::Relaxed);
    let _upstream_open = OpenGuard(&metrics.upstream_open);
    info!(peer = %opened.peer, tls = opened.tls.is_some(), "opened");
    let reply = ServerMessage::Opened { peer: opened.peer.to_string(), tls: opened.tls };
    if send_json(&mut tx, &reply).await.is_err() {
        return;
    }
    let mut stream = opened.stream;

    // 3. Relay, with STARTTLS in between as often as the client asks (once, in practice).
    let end = loop {
        let end = relay(&shared, &mut tx, &mut rx, &mut stream).await;
        if !matches!(end, End::StartTls) {
            break end;
        }
        match starttls(&shared, &mut rx, &mut stream, &opened.host, pin).await {
            Ok(info) => {
                info!(version = %info.version, cipher = %info.cipher, "STARTTLS complete");
                if send_json(&mut tx, &ServerMessage::Tls { info }).await.is_err() {
                    break End::ClientGone;
                }
            }
            Err(Ok(failure)) => {
                metrics.error(&crate::wire_code_name(failure.code));
                warn!(code = ?failure.code, "STARTTLS failed: {}", failure.message);
                let (code, message) = (failure.code, failure.message);
                fail_with(&mut tx, code, &message, None, close::OPEN_FAILED, failure.certificate).await;
                return;
            }
            Err(Err(end)) => break end,
        }
    };

    // 4. The end.
    let (code, reason, kind): (u16, &str, Option<&str>) = match &end {
        End::UpstreamClosed => (close::NORMAL, "the mail server closed the connection", None),
        End::UpstreamError(e) if e.kind() == io::ErrorKind::ConnectionReset => {
            (close::UPSTREAM_ERROR, "the mail server reset the connection", Some("upstream_reset"))
        }
        End::UpstreamError(_) => {
            (close::UPSTREAM_ERROR, "reading from or writing to the mail server failed", Some("upstream_io"))
        }
        End::ClientClosed | End::ClientGone => (close::NORMAL, "", None),
        End::TooBig => (close::TOO_BIG, "message larger than the bridge's limit", Some("too_big")),
        End::Protocol(why) => (close::PROTOCOL_ERROR, why, Some("protocol")),
        End::Idle => (close::IDLE_TIMEOUT, "idle for too long", Some("idle_timeout")),
        End::Shutdown => (close::GOING_AWAY, "the bridge is shutting down", Some("shutdown")),
        End::StartTls => unreachable!("handled in the loop"),
    };
    if let Some(kind) = kind {
        metrics.error(kind);
    }
    match &end {
        End::UpstreamError(e) => info!(error = %e, "closed: {reason}"),
        _ => info!(?end, "closed"),
    }
    if !matches!(end, End::ClientGone) {
        let frame = CloseFrame { code, reason: reason.into() };
        // A client that is gone cannot be told; do not wait for it.
        let _ = tokio::time::timeout(Duration::from_secs(2), tx.send(Message::Close(Some(frame)))).await;
    }
    // Polite close towards the mail server (close_notify under TLS), bounded.
    let _ = tokio::time::timeout(Duration::from_secs(2), stream.shutdown()).await;
}

fn report_open_error(metrics: &Metrics, e: &OpenError) {
    if e.is_refusal() {
        metrics.refused(&e.label());
        info!(rule = %e.label(), "refused: {}", e.message);
    } else {
        metrics.error(&e.label());
        info!(code = %e.label(), "open failed: {}", e.message);
    }
}

/// Sends an `error` message and closes.
async fn fail(tx: &mut Tx, code: ErrorCode, message: &str, rule: Option<&str>, close_code: u16) {
    fail_with(tx, code, message, rule, close_code, None).await;
}

/// Sends an `error` message, with the certificate the server presented if any, and closes.
async fn fail_with(
    tx: &mut Tx,
    code: ErrorCode,
    message: &str,
    rule: Option<&str>,
    close_code: u16,
    certificate: Option<CertificateInfo>,
) {
    let msg = ServerMessage::Error {
        code,
        message: message.to_owned(),
        rule: rule.map(str::to_owned),
        certificate,
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        if send_json(tx, &msg).await.is_ok() {
            // The close reason is limited to 123 bytes; the message above carries the detail.
            let reason = crate::wire_code_name(code);
            let _ =
                tx.send(Message::Close(Some(CloseFrame { code: close_code, reason: reason.into() }))).await;
        }
    })
    .await;
}

async fn send_json(tx: &mut Tx, msg: &ServerMessage) -> Result<(), axum::Error> {
    let text = serde_json::to_string(msg).expect("server messages serialise");
    tx.send(Message::Text(text.into())).await
}

fn is_too_big(e: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if let Some(tungstenite::Error::Capacity(_)) = err.downcast_ref::<tungstenite::Error>() {
            return true;
        }
        source = err.source();
    }
    false
}

/// What the browser sent next, or why the session ends.
fn client_message(next: Option<Result<Message, axum::Error>>) -> Result<Message, End> {
    match next {
        None => Err(End::ClientGone),
        Some(Err(e)) if is_too_big(&e) => Err(End::TooBig),
        Some(Err(e)) => {
            debug!(error = %e, "WebSocket read failed");
            Err(End::ClientGone)
        }
        Some(Ok(m)) => Ok(m),
    }
}

/// Relays bytes both ways until one side ends, the session idles out, the bridge shuts down or
/// the client asks for STARTTLS.
///
/// Each direction is a loop of "read one chunk, write it all, repeat": nothing is read from one
/// side while the other side has not taken the last chunk, so a slow reader holds back the
/// writer through TCP flow control and the bridge buffers at most one chunk (or one client
/// message, or one batch of small ones up to a chunk) per direction. The two directions run concurrently so that neither can deadlock the
/// other.
async fn relay(shared: &Shared, tx: &mut Tx, rx: &mut Rx, stream: &mut Stream) -> End {
    let metrics = &shared.metrics;
    let plain = stream.is_plain();
    let (mut up_read, mut up_write) = tokio::io::split(stream);
    let activity = Activity::new();
    let stop_reading = Notify::new();

    let to_client = async {
        // Idle sessions are the common case (IMAP IDLE for hours), so the read buffer starts
        // small and grows to a full chunk only while the server is sending in bulk. Each chunk
        // is split off the buffer and handed over as it is (no copy); once the WebSocket layer
        // has written it, the next `reserve` finds the allocation unshared and reuses it.
        let mut buf = BytesMut::with_capacity(SMALL_READ);
        let mut want = SMALL_READ;
        let ping_every = Duration::from_secs(shared.config.ping_interval);
        let mut next_ping = Instant::now() + ping_every;
        loop {
            buf.reserve(want);
            // `limit` bounds the read to `want` even when `reserve` found more room.
            let mut room = (&mut buf).limit(want);
            let n = tokio::select! {
                // Biased: once STARTTLS is under way, no further plaintext is taken from the
                // server; whatever it sends now belongs to (and breaks) the TLS handshake.
                biased;
                _ = stop_reading.notified() => return End::StartTls,
                () = tokio::time::sleep_until(next_ping), if !ping_every.is_zero() => {
                    next_ping = Instant::now() + ping_every;
                    if tx.send(Message::Ping(Bytes::new())).await.is_err() {
                        return End::ClientGone;
                    }
                    continue;
                }
                read = up_read.read_buf(&mut room) => match read {
                    Ok(0) => return End::UpstreamClosed,
                    Ok(n) => n,
                    // Many servers close a TLS session without close_notify after LOGOUT/QUIT.
                    Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return End::UpstreamClosed,
                    Err(e) => return End::UpstreamError(e),
                },
            };
            activity.touch();
            next_ping = Instant::now() + ping_every;
            let frame = buf.split().freeze();
            if n == want && want < RELAY_CHUNK {
                want = RELAY_CHUNK;
            } else if n < SMALL_READ && want > SMALL_READ {
                // Back to idle: let the big allocation go once the last chunk is written.
                want = SMALL_READ;
                buf = BytesMut::new();
            }
            if tx.send(Message::Binary(frame)).await.is_err() {
                return End::ClientGone;
            }
            Metrics::add(&metrics.bytes_to_client, n as u64);
        }
    };

    let to_server = async {
        // A message that ended the last batch and is still to be handled.
        let mut held: Option<Result<Message, End>> = None;
        let mut batch = BytesMut::new();
        loop {
            let message = match held.take() {
                Some(next) => next,
                None => client_message(rx.next().await),
            };
            let message = match message {
                Ok(message) => message,
                Err(end) => return end,
            };
            match message {
                Message::Binary(data) => {
                    activity.touch();
                    // Frames the WebSocket layer has already read go out in the same write (up to
                    // one chunk): a browser pipelining small commands, or a benchmark's 4 KiB
                    // writes, would otherwise cost one syscall (and one TLS record) per frame.
                    let mut out = data;
                    while out.len() + batch.len() < RELAY_CHUNK {
                        let Some(next) = rx.next().now_or_never() else { break };
                        match client_message(next) {
                            Ok(Message::Binary(more)) => {
                                if batch.is_empty() {
                                    batch.extend_from_slice(&out);
                                }
                                batch.extend_from_slice(&more);
                            }
                            other => {
                                held = Some(other);
                                break;
                            }
                        }
                    }
                    if !batch.is_empty() {
                        out = batch.split().freeze();
                    }
                    if let Err(e) = up_write.write_all(&out).await {
                        return End::UpstreamError(e);
                    }
                    if let Err(e) = up_write.flush().await {
                        return End::UpstreamError(e);
                    }
                    Metrics::add(&metrics.bytes_to_upstream, out.len() as u64);
                }
                Message::Text(text) => {
                    return match serde_json::from_str::<ClientMessage>(text.as_str()) {
                        Ok(ClientMessage::Starttls) if plain => End::StartTls,
                        Ok(ClientMessage::Starttls) => End::Protocol("the connection already uses TLS"),
                        Ok(ClientMessage::Open { .. }) => End::Protocol("the connection is already open"),
                        Err(_) => End::Protocol("unknown text message"),
                    };
                }
                Message::Close(_) => return End::ClientClosed,
                // Keep-alives are answered by the WebSocket layer; they are not activity.
                Message::Ping(_) | Message::Pong(_) => {}
            }
        }
    };
    tokio::pin!(to_client, to_server);
    tokio::select! {
        end = &mut to_client => end,
        end = &mut to_server => match end {
            End::StartTls => {
                // Let the other direction finish handing its last chunk to the browser, so every
                // plaintext byte read before the upgrade reaches the client before `tls` does.
                stop_reading.notify_one();
                match tokio::time::timeout(shared.config.handshake_timeout(), &mut to_client).await {
                    Ok(End::StartTls) => End::StartTls,
                    Ok(other) => other,
                    Err(_) => End::ClientGone,
                }
            }
            other => other,
        },
        () = activity.idle_for(shared.config.idle_timeout()) => End::Idle,
        () = shared.closing.cancelled() => End::Shutdown,
    }
}

/// Upgrades the upstream connection. Client messages during the handshake end the session: data
/// sent before the `tls` reply would otherwise go out in plaintext or be silently reordered.
/// `Err(Ok(_))` is a TLS failure to report, `Err(Err(_))` a session end.
async fn starttls(
    shared: &Shared,
    rx: &mut Rx,
    stream: &mut Stream,
    host: &str,
    pin: Option<[u8; 32]>,
) -> Result<posthorn_proto::wire::TlsInfo, Result<crate::tls::TlsFailure, End>> {
    let handshake = tokio::time::timeout(
        shared.config.handshake_timeout(),
        stream.start_tls_pinned(host, &shared.upstream.trust, pin),
    );
    let watch_client = async {
        loop {
            match rx.next().await {
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                Some(Ok(Message::Close(_))) => return End::ClientClosed,
                None | Some(Err(_)) => return End::ClientGone,
                Some(Ok(_)) => return End::Protocol("data sent during the STARTTLS upgrade"),
            }
        }
    };
    tokio::select! {
        result = handshake => match result {
            Ok(Ok(info)) => Ok(info),
            Ok(Err(failure)) => Err(Ok(failure)),
            Err(_) => Err(Ok(crate::tls::TlsFailure::other(
                ErrorCode::Timeout,
                format!("the TLS handshake with {host} did not finish in time"),
            ))),
        },
        end = watch_client => Err(Err(end)),
        () = shared.closing.cancelled() => Err(Err(End::Shutdown)),
    }
}
