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
        /// The SHA-256 fingerprint of the one certificate to accept for this connection (and its
        /// STARTTLS upgrade), in the form [`format_fingerprint`] writes, e.g. `AB:CD:…`: for a
        /// server whose certificate no trusted authority signed, after the user inspected and
        /// trusted it. A different certificate is refused with [`ErrorCode::TlsPinMismatch`].
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pin_sha256: Option<String>,
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

/// The certificate a server presented, for a person to inspect before trusting it. Sent with the
/// TLS errors the public roots cannot settle (unknown issuer, self-signed, name, dates, pin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateInfo {
    /// SHA-256 over the certificate's DER encoding, as [`format_fingerprint`] writes it.
    pub sha256: String,
    /// The subject distinguished name (RFC 5280 section 4.1.2.6).
    pub subject: String,
    /// The issuer distinguished name (RFC 5280 section 4.1.2.4).
    pub issuer: String,
    /// Start of the validity period (RFC 5280 section 4.1.2.5), RFC 3339 in UTC.
    pub not_before: String,
    /// End of the validity period, RFC 3339 in UTC.
    pub not_after: String,
    /// The DNS names and addresses in subjectAltName (RFC 5280 section 4.2.1.6), if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
}

/// Writes a SHA-256 digest as upper-case hex pairs joined by colons, the form certificate viewers
/// (Firefox, Thunderbird, `openssl x509 -fingerprint -sha256`) show.
pub fn format_fingerprint(digest: &[u8; 32]) -> String {
    let mut out = String::with_capacity(95);
    for (i, byte) in digest.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push_str(&format!("{byte:02X}"));
    }
    out
}

/// Reads a SHA-256 fingerprint written as 64 hex digits, with or without colons between the
/// pairs, in either case. `None` for anything else, so a typo never pins a different certificate.
pub fn parse_fingerprint(text: &str) -> Option<[u8; 32]> {
    let hex: Vec<u8> = text.bytes().filter(|b| *b != b':').collect();
    if hex.len() != 64 || text.starts_with(':') || text.ends_with(':') || text.contains("::") {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in hex.chunks(2).enumerate() {
        let pair = std::str::from_utf8(pair).ok()?;
        out[i] = u8::from_str_radix(pair, 16).ok()?;
    }
    Some(out)
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
    /// The certificate is signed by itself (issuer equals subject, RFC 5280 section 6.1), as
    /// `openssl req -x509` makes them.
    TlsSelfSigned,
    /// The open message pinned a certificate and the server presented a different one.
    TlsPinMismatch,
    /// The open message pinned a certificate, and this bridge's operator turned pinning off.
    PinningDisabled,
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
        /// For TLS failures: the certificate the server presented.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        certificate: Option<CertificateInfo>,
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
                token: None,
                pin_sha256: None,
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
            certificate: None,
        })
        .unwrap();
        assert_eq!(err["type"], "error");
        assert_eq!(err["code"], "policy_port");
        assert!(err.get("certificate").is_none());
    }

    #[test]
    fn pinned_open_and_certificate_error_match_the_documented_json() {
        let pin =
            "AB:CD:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD";
        let json = format!(
            r#"{{"type":"open","host":"mail.home","port":993,"security":"tls","pin_sha256":"{pin}"}}"#
        );
        let msg: ClientMessage = serde_json::from_str(&json).unwrap();
        assert_eq!(
            msg,
            ClientMessage::Open {
                host: "mail.home".into(),
                port: 993,
                security: Security::Tls,
                token: None,
                pin_sha256: Some(pin.into()),
            }
        );
        let digest = parse_fingerprint(pin).unwrap();
        assert_eq!(format_fingerprint(&digest), pin);
        assert_eq!(parse_fingerprint(&pin.replace(':', "").to_lowercase()), Some(digest));
        assert_eq!(parse_fingerprint(&pin[3..]), None);
        assert_eq!(parse_fingerprint(&format!("{pin}:")), None);
        assert_eq!(parse_fingerprint(&pin.replace("AB", "G0")), None);

        let text = r#"{"type":"error","code":"tls_self_signed","message":"m","certificate":{"sha256":"AB:CD","subject":"CN=mail.home","issuer":"CN=mail.home","not_before":"2026-01-01T00:00:00Z","not_after":"2027-01-01T00:00:00Z","names":["mail.home"]}}"#;
        let err: ServerMessage = serde_json::from_str(text).unwrap();
        let ServerMessage::Error { code, certificate: Some(cert), .. } = &err else { panic!("{err:?}") };
        assert_eq!(*code, ErrorCode::TlsSelfSigned);
        assert_eq!(cert.subject, "CN=mail.home");
        assert_eq!(serde_json::to_string(&err).unwrap(), text);
        for (code, name) in [
            (ErrorCode::TlsUnknownIssuer, "tls_unknown_issuer"),
            (ErrorCode::TlsPinMismatch, "tls_pin_mismatch"),
            (ErrorCode::PinningDisabled, "pinning_disabled"),
            (ErrorCode::TlsNameMismatch, "tls_name_mismatch"),
            (ErrorCode::TlsExpired, "tls_expired"),
        ] {
            assert_eq!(serde_json::to_value(code).unwrap(), name);
        }
    }
}
