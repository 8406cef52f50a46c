//! Who may use the relay: the Origin check, the Host check for loopback listeners, access tokens
//! and the client address used for per-client limits.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, HOST, ORIGIN};
use posthorn_proto::secret::Secret;

/// The WebSocket subprotocol the app offers; entries `token.<TOKEN>` may carry the access token,
/// because a browser cannot set an `Authorization` header on a WebSocket.
pub const SUBPROTOCOL: &str = "posthorn.v1";

/// Splits `scheme://host[:port]` into the scheme and `host:port` with the default port filled in.
fn origin_authority(origin: &str) -> Option<(String, String)> {
    let (scheme, rest) = origin.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.trim_end_matches('/');
    if authority.is_empty() || authority.contains(['/', '?', '#', '@']) {
        return None;
    }
    let default_port = match scheme.as_str() {
        "http" | "ws" => "80",
        "https" | "wss" => "443",
        _ => return None,
    };
    Some((scheme, with_port(authority, default_port)))
}

/// `host` or `host:port` (IPv6 in brackets) to `host:port`, lower-cased.
fn with_port(authority: &str, default_port: &str) -> String {
    let lower = authority.to_ascii_lowercase();
    let has_port = match lower.rfind(']') {
        Some(close) => lower[close..].contains(':'),
        None => lower.contains(':'),
    };
    if has_port { lower } else { format!("{lower}:{default_port}") }
}

/// Whether `origin` is a usable `--allowed-origin` value: `http(s)://host[:port]`, no path.
pub fn is_valid_origin(origin: &str) -> bool {
    origin_authority(origin).is_some_and(|(scheme, _)| scheme == "http" || scheme == "https")
}

/// Why a request was refused by [`check_origin`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginRefused(pub String);

/// The Origin rule: a browser request must come from the bridge's own origin (the Origin's
/// host:port equals the Host header's) or from one of `allowed`. Requests without an Origin do
/// not come from a browser page and are left to the token check; `Origin: null` (sandboxed
/// frames, `file:` pages) is refused.
pub fn check_origin(
    headers: &HeaderMap,
    allowed: &[String],
    listener_is_tls: bool,
) -> Result<(), OriginRefused> {
    let Some(origin) = headers.get(ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().map_err(|_| OriginRefused("the Origin header is not text".into()))?;
    let Some((scheme, authority)) = origin_authority(origin) else {
        return Err(OriginRefused(format!("origin `{}` is not allowed", origin.escape_default())));
    };
    for extra in allowed {
        if origin_authority(extra).is_some_and(|(s, a)| s == scheme && a == authority) {
            return Ok(());
        }
    }
    let own_scheme_port = if listener_is_tls { "443" } else { "80" };
    let host = headers.get(HOST).and_then(|h| h.to_str().ok()).map(|h| with_port(h, own_scheme_port));
    // Behind a TLS-terminating proxy the page is https while the bridge sees plain HTTP, so the
    // scheme is not compared for the bridge's own origin; host and port are.
    let host_with_scheme_port = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| with_port(h, if scheme == "https" { "443" } else { "80" }));
    if host.as_deref() == Some(authority.as_str())
        || host_with_scheme_port.as_deref() == Some(authority.as_str())
    {
        return Ok(());
    }
    Err(OriginRefused(format!(
        "origin `{}` is not this bridge's origin; the operator can allow it with --allowed-origin",
        origin.escape_default()
    )))
}

/// A DNS-rebinding guard for bridges that listen on loopback: a page on `evil.example` whose name
/// was re-pointed at 127.0.0.1 is same-origin with itself, so for a loopback listener the Host
/// header must name the loopback (or an `--allowed-origin` host) too.
pub fn check_loopback_host(headers: &HeaderMap, listen: SocketAddr, allowed: &[String]) -> bool {
    if !listen.ip().is_loopback() {
        return true;
    }
    let Some(host) = headers.get(HOST).and_then(|h| h.to_str().ok()) else {
        return true;
    };
    let name = with_port(host, "80");
    let name = name.rsplit_once(':').map_or(name.as_str(), |(h, _)| h);
    let name = name.trim_start_matches('[').trim_end_matches(']');
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    if name.parse::<IpAddr>().is_ok_and(|ip| ip.to_canonical().is_loopback()) {
        return true;
    }
    allowed.iter().filter_map(|o| origin_authority(o)).any(|(_, a)| {
        a.rsplit_once(':')
            .map(|(h, _)| h.trim_start_matches('[').trim_end_matches(']') == name)
            .unwrap_or(false)
    })
}

pub use posthorn_proto::wire::APP_REQUEST_HEADER;

/// Whether a request that starts work (account discovery: DNS look-ups and connections to a
/// domain the request names) comes from the app: it carries [`APP_REQUEST_HEADER`], and where the
/// browser says where it came from (`Sec-Fetch-Site`, Fetch Metadata), that is this origin.
pub fn check_app_request(headers: &HeaderMap) -> Result<(), OriginRefused> {
    if headers.get(APP_REQUEST_HEADER).is_none() {
        return Err(OriginRefused(format!(
            "this request did not come from the Posthorn app (no {APP_REQUEST_HEADER} header)"
        )));
    }
    match headers.get("sec-fetch-site").map(|v| v.to_str().unwrap_or_default()) {
        None | Some("same-origin") => Ok(()),
        Some(site) => Err(OriginRefused(format!(
            "this request came from another site (Sec-Fetch-Site: {})",
            site.escape_default()
        ))),
    }
}

/// The token the client presented before the upgrade, if any: `Authorization: Bearer`, a
/// `token.<TOKEN>` subprotocol entry, or the `token` query parameter.
pub fn presented_token<'a>(
    headers: &HeaderMap,
    query_token: Option<String>,
    protocols: impl Iterator<Item = &'a str>,
) -> Option<Secret> {
    if let Some(bearer) = headers
        .get(AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer ").or_else(|| h.strip_prefix("bearer ")))
    {
        return Some(Secret::new(bearer.trim()));
    }
    for protocol in protocols {
        if let Some(token) = protocol.trim().strip_prefix("token.") {
            return Some(Secret::new(token));
        }
    }
    query_token.map(Secret::from)
}

/// Whether `presented` is one of `tokens`, compared in constant time per token.
pub fn token_ok(tokens: &[Secret], presented: Option<&Secret>) -> bool {
    if tokens.is_empty() {
        return true;
    }
    let Some(presented) = presented else {
        return false;
    };
    tokens.iter().fold(false, |found, t| found | ct_eq(t.expose().as_bytes(), presented.expose().as_bytes()))
}

fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The client's address: the TCP peer, or the first `X-Forwarded-For` entry when the operator
/// said the proxy in front can be trusted to set it.
pub fn client_ip(headers: &HeaderMap, peer: SocketAddr, trust_forwarded_for: bool) -> IpAddr {
    if trust_forwarded_for
        && let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.split(',').next())
            .and_then(|first| first.trim().parse::<IpAddr>().ok())
    {
        return ip;
    }
    peer.ip().to_canonical()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn same_origin_passes_foreign_fails() {
        let own = headers(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")]);
        assert!(check_origin(&own, &[], false).is_ok());
        let proxied = headers(&[("host", "mail.example.com"), ("origin", "https://mail.example.com")]);
        assert!(check_origin(&proxied, &[], false).is_ok());
        let foreign = headers(&[("host", "127.0.0.1:8080"), ("origin", "https://evil.example")]);
        assert!(check_origin(&foreign, &[], false).is_err());
        let other_port = headers(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8081")]);
        assert!(check_origin(&other_port, &[], false).is_err());
        let null = headers(&[("host", "127.0.0.1:8080"), ("origin", "null")]);
        assert!(check_origin(&null, &[], false).is_err());
        assert!(check_origin(&foreign, &["https://evil.example".into()], false).is_ok());
        assert!(check_origin(&foreign, &["http://evil.example".into()], false).is_err());
        assert!(check_origin(&headers(&[("host", "x")]), &[], false).is_ok(), "no Origin: not a browser");
    }

    #[test]
    fn loopback_listener_wants_a_loopback_host() {
        let listen: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        assert!(check_loopback_host(&headers(&[("host", "127.0.0.1:8080")]), listen, &[]));
        assert!(check_loopback_host(&headers(&[("host", "localhost:8080")]), listen, &[]));
        assert!(check_loopback_host(&headers(&[("host", "[::1]:8080")]), listen, &[]));
        assert!(!check_loopback_host(&headers(&[("host", "rebind.evil.example:8080")]), listen, &[]));
        assert!(check_loopback_host(
            &headers(&[("host", "mail.example.com")]),
            listen,
            &["https://mail.example.com".into()]
        ));
        assert!(check_loopback_host(&headers(&[("host", "anything")]), "0.0.0.0:8080".parse().unwrap(), &[]));
    }

    #[test]
    fn work_starts_only_for_the_app() {
        assert!(check_app_request(&headers(&[])).is_err(), "a link or a navigation");
        assert!(check_app_request(&headers(&[(APP_REQUEST_HEADER, "1")])).is_ok(), "the app, or a script");
        let same = headers(&[(APP_REQUEST_HEADER, "1"), ("sec-fetch-site", "same-origin")]);
        assert!(check_app_request(&same).is_ok());
        for site in ["cross-site", "same-site", "none"] {
            let h = headers(&[(APP_REQUEST_HEADER, "1"), ("sec-fetch-site", site)]);
            assert!(check_app_request(&h).is_err(), "{site}");
        }
    }

    #[test]
    fn tokens() {
        let tokens = vec![Secret::new("alpha"), Secret::new("beta")];
        assert!(token_ok(&tokens, Some(&Secret::new("beta"))));
        assert!(!token_ok(&tokens, Some(&Secret::new("gamma"))));
        assert!(!token_ok(&tokens, None));
        assert!(token_ok(&[], None));
        let h = headers(&[("authorization", "Bearer alpha")]);
        assert_eq!(presented_token(&h, None, std::iter::empty()).unwrap().expose(), "alpha");
        let t = presented_token(&HeaderMap::new(), None, ["posthorn.v1", "token.beta"].into_iter()).unwrap();
        assert_eq!(t.expose(), "beta");
    }
}
