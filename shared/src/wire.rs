//! The bridge's wire protocol: one WebSocket per mail connection, at `/ws` on the bridge's origin.
//!
//! 1. The client's first message is a text frame with a [`ClientMessage::Open`].
//! 2. The bridge answers [`ServerMessage::Opened`] or [`ServerMessage::Error`] (and then closes).
//! 3. From then on binary frames carry raw protocol bytes in both directions, unchanged.
//! 4. A text frame [`ClientMessage::Starttls`] (sent after the client saw the server's go-ahead)
//!    upgrades the same TCP connection to TLS; the bridge answers [`ServerMessage::Tls`] or an error.
//!    Client data that arrives during the upgrade is refused, not forwarded.
//! 5. The session ends with a WebSocket close whose code is one of [`close`].

use serde::{Deserialize, Serialize};

/// The header the app sets on its own HTTP requests to the bridge (`/discover`). A link, a form,
/// an image or a navigation cannot set a header, and a script on another origin cannot either
/// without a CORS preflight, which the bridge never grants: so a request without it did not come
/// from the app (a message's link into the bridge, say), and the bridge starts no work for it.
pub const APP_REQUEST_HEADER: &str = "x-posthorn-app";

/// How the bridge talks to the mail server at first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// Implicit TLS from the first byte (ports 993, 995, 465).
    Tls,
    /// Plain TCP, possibly upgraded later with [`ClientMessage::Starttls`].
    Plain,
}

/// A text frame from the browser to the bridge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    /// Opens the upstream connection. Must be the first message.
    Open {
        /// The mail server's host name or address literal.
        host: String,
        /// The mail server's port.
        port: u16,
        /// Implicit TLS or plain TCP.
        security: Security,
        /// The access token, for bridges that require one (also accepted as `?token=` or a
        /// `Sec-WebSocket-Protocol` entry).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        token: Option<String>,
    },
    /// Upgrades the upstream connection to TLS.
    Starttls,
}

/// Details of an established TLS session to the mail server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsInfo {
    /// Negotiated protocol version, e.g. `TLSv1.3`.
    pub version: String,
    /// Negotiated cipher suite, e.g. `TLS13_AES_256_GCM_SHA384`.
    pub cipher: String,
    /// The server certificate's subject distinguished name.
    pub subject: String,
    /// The server certificate's issuer distinguished name.
    pub issuer: String,
    /// The server certificate's expiry, RFC 3339 in UTC.
    pub not_after: String,
}

/// Why the bridge refused or ended a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The first message was missing, malformed or out of order.
    BadRequest,
    /// The bridge requires a token and none or a wrong one was given.
    Unauthorized,
    /// The port is not in the allowed set.
    PolicyPort,
    /// The resolved address is in a refused range (loopback, private, …).
    PolicyAddress,
    /// The host is not on the bridge's host allowlist.
    PolicyHost,
    /// The host name did not resolve.
    Dns,
    /// The mail server refused the TCP connection.
    ConnectionRefused,
    /// Connecting or the TLS handshake took too long.
    Timeout,
    /// The certificate is not signed by a trusted authority.
    TlsUnknownIssuer,
    /// The certificate is not valid for the host name.
    TlsNameMismatch,
    /// The certificate has expired (or is not yet valid).
    TlsExpired,
    /// Any other TLS failure.
    Tls,
    /// A connection limit (total or per client address) is reached.
    Limit,
    /// Any other failure reaching the mail server.
    Upstream,
}

/// A text frame from the bridge to the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    /// The upstream connection is open.
    Opened {
        /// The address actually connected to, `ip:port`.
        peer: String,
        /// TLS details for `security: tls`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tls: Option<TlsInfo>,
    },
    /// The STARTTLS upgrade is complete.
    Tls {
        /// The TLS details.
        #[serde(flatten)]
        info: TlsInfo,
    },
    /// The request failed; the bridge closes the WebSocket after this.
    Error {
        /// What kind of failure.
        code: ErrorCode,
        /// A sentence for a person, with the rule or the underlying error.
        message: String,
        /// For policy refusals: the rule that refused, e.g. `loopback` or `port 25 not allowed`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rule: Option<String>,
    },
}

/// WebSocket close codes the bridge uses (RFC 6455 section 7.4, and the 4000-4999 private range).
pub mod close {
    /// The mail server closed the connection.
    pub const NORMAL: u16 = 1000;
    /// The bridge is shutting down.
    pub const GOING_AWAY: u16 = 1001;
    /// The client broke the wire protocol (e.g. data during STARTTLS).
    pub const PROTOCOL_ERROR: u16 = 1002;
    /// A policy refused the connection.
    pub const POLICY: u16 = 1008;
    /// A frame or message exceeded the size limit.
    pub const TOO_BIG: u16 = 1009;
    /// An internal error.
    pub const INTERNAL: u16 = 1011;
    /// A connection limit is reached; try again later.
    pub const TRY_AGAIN_LATER: u16 = 1013;
    /// The connection was idle for longer than the idle timeout.
    pub const IDLE_TIMEOUT: u16 = 4000;
    /// The mail server reset the connection or the read failed.
    pub const UPSTREAM_ERROR: u16 = 4001;
    /// Opening the upstream connection failed (an `error` message was sent first).
    pub const OPEN_FAILED: u16 = 4002;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_message_matches_the_documented_json() {
        let msg: ClientMessage =
            serde_json::from_str(r#"{"type":"open","host":"imap.example.com","port":993,"security":"tls"}"#)
                .unwrap();
        assert_eq!(
            msg,
            ClientMessage::Open {
                host: "imap.example.com".into(),
                port: 993,
                security: Security::Tls,
                token: None
            }
        );
        let starttls: ClientMessage = serde_json::from_str(r#"{"type":"starttls"}"#).unwrap();
        assert_eq!(starttls, ClientMessage::Starttls);
    }

    #[test]
    fn server_messages_serialise_with_type_tags() {
        let info = TlsInfo {
            version: "TLSv1.3".into(),
            cipher: "TLS13_AES_128_GCM_SHA256".into(),
            subject: "CN=mail".into(),
            issuer: "CN=ca".into(),
            not_after: "2030-01-01T00:00:00Z".into(),
        };
        let tls = serde_json::to_value(ServerMessage::Tls { info }).unwrap();
        assert_eq!(tls["type"], "tls");
        assert_eq!(tls["version"], "TLSv1.3");
        let err = serde_json::to_value(ServerMessage::Error {
            code: ErrorCode::PolicyPort,
            message: "port 25 is not allowed".into(),
            rule: Some("port".into()),
        })
        .unwrap();
        assert_eq!(err["type"], "error");
        assert_eq!(err["code"], "policy_port");
    }
}
