//! One bridge WebSocket carrying one mail connection (the wire protocol in `posthorn_proto::wire`).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::task::{Poll, Waker};

use posthorn_proto::wire::{CertificateInfo, ClientMessage, ErrorCode, Security, ServerMessage, TlsInfo};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};

/// Why the connection to the mail server through the bridge failed.
#[derive(Debug, Clone, PartialEq)]
pub enum SocketError {
    /// The bridge could not be reached at all (wrong URL, bridge down, or it refused the upgrade,
    /// e.g. for a foreign origin or a missing token).
    BridgeUnreachable(String),
    /// The bridge answered with an error (policy, DNS, refused, TLS, limit …).
    Refused {
        /// The bridge's error code.
        code: ErrorCode,
        /// The bridge's sentence.
        message: String,
        /// For policy refusals, the rule.
        rule: Option<String>,
        /// For TLS failures, the certificate the server presented.
        certificate: Option<Box<CertificateInfo>>,
    },
    /// The connection closed, with the WebSocket close code and reason.
    Closed {
        /// RFC 6455 close code (see `posthorn_proto::wire::close`).
        code: u16,
        /// The bridge's reason.
        reason: String,
    },
    /// The bridge sent something the wire protocol does not allow here.
    Protocol(String),
    /// The mail server said nothing for the engine's reply timeout while it waited for an
    /// answer; the engine's sentence names what it waited for. The connection is given up.
    Silent(String),
}

impl std::fmt::Display for SocketError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SocketError::BridgeUnreachable(url) => {
                f.write_str(&(crate::i18n::t().connection.bridge_unreachable_at)(url))
            }
            SocketError::Refused { message, rule: Some(rule), .. } => write!(f, "{message} (rule: {rule})"),
            SocketError::Refused { message, .. } => f.write_str(message),
            SocketError::Closed { code, reason } if reason.is_empty() => {
                f.write_str(&(crate::i18n::t().connection.closed_code)(*code))
            }
            SocketError::Closed { code, reason } => {
                f.write_str(&(crate::i18n::t().connection.closed_reason)(reason, *code))
            }
            SocketError::Protocol(what) => {
                f.write_str(&(crate::i18n::t().connection.bridge_broke_protocol)(what))
            }
            SocketError::Silent(what) => {
                // Engine sentences may start in lower case (IMAP's are written to follow a colon).
                let mut chars = what.chars();
                let first = chars.next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
                write!(f, "{first}{}", chars.as_str())?;
                if !what.ends_with('.') {
                    f.write_str(".")?;
                }
                Ok(())
            }
        }
    }
}

/// The largest WebSocket message the app sends: well under the bridge's default 1 MiB limit.
pub const SEND_CHUNK: usize = 256 * 1024;

enum Incoming {
    Text(String),
    Binary(Vec<u8>),
    Closed { code: u16, reason: String },
}

#[derive(Default)]
struct Inbox {
    queue: VecDeque<Incoming>,
    waker: Option<Waker>,
    opened: bool,
}

/// An open WebSocket to the bridge for one mail connection.
pub struct BridgeSocket {
    ws: WebSocket,
    inbox: Rc<RefCell<Inbox>>,
    // The JS callbacks must live as long as the socket.
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
    _on_open: Closure<dyn FnMut()>,
}

/// What the bridge said when the connection opened.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The mail server's address as the bridge connected to it.
    pub peer: String,
    /// TLS details for implicit TLS.
    pub tls: Option<TlsInfo>,
}

impl BridgeSocket {
    /// Opens a WebSocket to `ws_url` and asks the bridge to connect to `host:port`, accepting
    /// exactly the certificate with the SHA-256 fingerprint `pin_sha256` if given.
    pub async fn open(
        ws_url: &str,
        host: &str,
        port: u16,
        security: Security,
        token: Option<String>,
        pin_sha256: Option<String>,
    ) -> Result<(Self, Opened), SocketError> {
        let ws = WebSocket::new(ws_url).map_err(|_| SocketError::BridgeUnreachable(ws_url.to_string()))?;
        ws.set_binary_type(BinaryType::Arraybuffer);
        let inbox = Rc::new(RefCell::new(Inbox::default()));

        let on_message = {
            let inbox = inbox.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
                let data = ev.data();
                let item = if let Some(text) = data.as_string() {
                    Incoming::Text(text)
                } else {
                    Incoming::Binary(js_sys::Uint8Array::new(&data).to_vec())
                };
                let mut inbox = inbox.borrow_mut();
                inbox.queue.push_back(item);
                if let Some(w) = inbox.waker.take() {
                    w.wake();
                }
            })
        };
        let on_close = {
            let inbox = inbox.clone();
            Closure::<dyn FnMut(CloseEvent)>::new(move |ev: CloseEvent| {
                let mut inbox = inbox.borrow_mut();
                inbox.queue.push_back(Incoming::Closed { code: ev.code(), reason: ev.reason() });
                if let Some(w) = inbox.waker.take() {
                    w.wake();
                }
            })
        };
        let on_open = {
            let inbox = inbox.clone();
            Closure::<dyn FnMut()>::new(move || {
                let mut inbox = inbox.borrow_mut();
                inbox.opened = true;
                if let Some(w) = inbox.waker.take() {
                    w.wake();
                }
            })
        };
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        let mut socket =
            BridgeSocket { ws, inbox, _on_message: on_message, _on_close: on_close, _on_open: on_open };

        // Wait for the upgrade; a close before open means the bridge refused or is not there.
        std::future::poll_fn(|cx| {
            let mut inbox = socket.inbox.borrow_mut();
            if inbox.opened || !inbox.queue.is_empty() {
                Poll::Ready(())
            } else {
                inbox.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        })
        .await;
        if !socket.inbox.borrow().opened {
            return Err(SocketError::BridgeUnreachable(ws_url.to_string()));
        }

        let open = ClientMessage::Open { host: host.to_string(), port, security, token, pin_sha256 };
        socket.send_text(&open)?;
        match socket.next_control().await? {
            ServerMessage::Opened { peer, tls } => Ok((socket, Opened { peer, tls })),
            other => Err(SocketError::Protocol(format!("expected `opened`, got {other:?}"))),
        }
    }

    fn send_text(&self, msg: &ClientMessage) -> Result<(), SocketError> {
        let json = serde_json::to_string(msg).map_err(|e| SocketError::Protocol(e.to_string()))?;
        self.ws
            .send_with_str(&json)
            .map_err(|_| SocketError::Closed { code: 0, reason: "send failed".into() })
    }

    /// Sends raw protocol bytes to the mail server, in messages of at most [`SEND_CHUNK`] bytes: the
    /// bridge refuses larger ones (`--max-message-size`, 1 MiB by default), and message boundaries
    /// mean nothing to the byte stream it relays (a large APPEND literal is one output).
    pub fn send(&self, bytes: &[u8]) -> Result<(), SocketError> {
        for chunk in bytes.chunks(SEND_CHUNK) {
            self.ws
                .send_with_u8_array(chunk)
                .map_err(|_| SocketError::Closed { code: 0, reason: "the WebSocket is closed".into() })?;
        }
        Ok(())
    }

    async fn next_incoming(&mut self) -> Incoming {
        std::future::poll_fn(|cx| {
            let mut inbox = self.inbox.borrow_mut();
            match inbox.queue.pop_front() {
                Some(item) => Poll::Ready(item),
                None => {
                    inbox.waker = Some(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
        .await
    }

    async fn next_control(&mut self) -> Result<ServerMessage, SocketError> {
        match self.next_incoming().await {
            Incoming::Text(text) => {
                let msg: ServerMessage = serde_json::from_str(&text)
                    .map_err(|e| SocketError::Protocol(format!("bad control message {text:?}: {e}")))?;
                match msg {
                    ServerMessage::Error { code, message, rule, certificate } => Err(SocketError::Refused {
                        code,
                        message,
                        rule,
                        certificate: certificate.map(Box::new),
                    }),
                    other => Ok(other),
                }
            }
            Incoming::Binary(_) => Err(SocketError::Protocol("data before the control reply".into())),
            Incoming::Closed { code, reason } => Err(SocketError::Closed { code, reason }),
        }
    }

    /// Receives the next chunk of bytes from the mail server.
    pub async fn recv(&mut self) -> Result<Vec<u8>, SocketError> {
        match self.next_incoming().await {
            Incoming::Binary(bytes) => Ok(bytes),
            Incoming::Text(text) => match serde_json::from_str::<ServerMessage>(&text) {
                Ok(ServerMessage::Error { code, message, rule, certificate }) => {
                    Err(SocketError::Refused { code, message, rule, certificate: certificate.map(Box::new) })
                }
                _ => Err(SocketError::Protocol(format!("unexpected control message {text:?}"))),
            },
            Incoming::Closed { code, reason } => Err(SocketError::Closed { code, reason }),
        }
    }

    /// Upgrades the connection to TLS (after the server's go-ahead) and returns the TLS details.
    pub async fn starttls(&mut self) -> Result<TlsInfo, SocketError> {
        self.send_text(&ClientMessage::Starttls)?;
        match self.next_control().await? {
            ServerMessage::Tls { info } => Ok(info),
            other => Err(SocketError::Protocol(format!("expected `tls`, got {other:?}"))),
        }
    }

    /// Closes the WebSocket.
    pub fn close(&self) {
        let _ = self.ws.close();
    }
}

impl Drop for BridgeSocket {
    fn drop(&mut self) {
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        self.ws.set_onopen(None);
        let _ = self.ws.close();
    }
}
