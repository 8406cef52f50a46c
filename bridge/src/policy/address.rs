//! Which addresses a browser may not reach through the bridge, and how host strings are read.
//!
//! The ranges follow the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and its
//! updates). An address that embeds an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4)
//! is judged by what it embeds, because that is where a packet can end up.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A refused range: the rule's short name (used in the `rule` field, logs and metrics).
pub type Rule = &'static str;

/// Why an address is refused, or `None` for a public unicast address.
pub fn refused_rule(ip: IpAddr) -> Option<Rule> {
    match ip {
        IpAddr::V4(v4) => refused_v4(v4),
        IpAddr::V6(v6) => refused_v6(v6),
    }
}

fn in_v4(ip: u32, net: [u8; 4], prefix: u32) -> bool {
    let mask = u32::MAX.checked_shl(32 - prefix).unwrap_or(0);
    ip & mask == u32::from_be_bytes(net)
}

fn refused_v4(ip: Ipv4Addr) -> Option<Rule> {
    let a = u32::from(ip);
    // Order matters where ranges nest: broadcast is inside 240/4, 192.0.0.0/24 holds a few
    // well-known anycast addresses that are still not mail servers.
    let table: &[([u8; 4], u32, Rule)] = &[
        ([0, 0, 0, 0], 32, "unspecified"),
        ([0, 0, 0, 0], 8, "this-network"),
        ([10, 0, 0, 0], 8, "private"),
        ([100, 64, 0, 0], 10, "cgnat"),
        ([127, 0, 0, 0], 8, "loopback"),
        ([169, 254, 0, 0], 16, "link-local"),
        ([172, 16, 0, 0], 12, "private"),
        ([192, 0, 0, 0], 24, "reserved"),
        ([192, 0, 2, 0], 24, "documentation"),
        ([192, 31, 196, 0], 24, "reserved"),
        ([192, 52, 193, 0], 24, "reserved"),
        ([192, 88, 99, 0], 24, "reserved"),
        ([192, 168, 0, 0], 16, "private"),
        ([192, 175, 48, 0], 24, "reserved"),
        ([198, 18, 0, 0], 15, "benchmarking"),
        ([198, 51, 100, 0], 24, "documentation"),
        ([203, 0, 113, 0], 24, "documentation"),
        ([224, 0, 0, 0], 4, "multicast"),
        ([255, 255, 255, 255], 32, "broadcast"),
        ([240, 0, 0, 0], 4, "reserved"),
    ];
    table.iter().find(|(net, prefix, _)| in_v4(a, *net, *prefix)).map(|(_, _, rule)| *rule)
}

fn in_v6(ip: u128, net: u128, prefix: u32) -> bool {
    let mask = u128::MAX.checked_shl(128 - prefix).unwrap_or(0);
    ip & mask == net
}

fn refused_v6(ip: Ipv6Addr) -> Option<Rule> {
    let a = u128::from(ip);
    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if ip.is_loopback() {
        return Some("loopback");
    }
    // ::ffff:a.b.c.d reaches a.b.c.d.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return refused_v4(v4);
    }
    // NAT64 (RFC 6052 well-known prefix 64:ff9b::/96) reaches the embedded IPv4 address through a
    // translator, so it is exactly as dangerous as that address.
    if in_v6(a, 0x0064_ff9b << 96, 96) {
        return refused_v4(Ipv4Addr::from(a as u32));
    }
    let table: &[(u128, u32, Rule)] = &[
        // ::a.b.c.d, the deprecated IPv4-compatible form; nothing legitimate uses it any more.
        (0, 96, "ipv4-compatible"),
        // 64:ff9b:1::/48, local-use NAT64 (RFC 8215): translates into the operator's own network.
        (0x0064_ff9b_0001 << 80, 48, "nat64-local"),
        (0x0100 << 112, 64, "reserved"),
        (0x2001_0002 << 96, 48, "benchmarking"),
        (0x2001_0db8 << 96, 32, "documentation"),
        // Teredo, ORCHID and the rest of 2001::/23 are protocol assignments, not mail servers;
        // Teredo in particular tunnels to an embedded (obfuscated) IPv4 address.
        (0x2001 << 112, 23, "reserved"),
        // 6to4 embeds an IPv4 address and is deprecated (RFC 7526).
        (0x2002 << 112, 16, "6to4"),
        (0x3fff << 112, 20, "documentation"),
        (0x5f00 << 112, 16, "reserved"),
        (0xfc00 << 112, 7, "unique-local"),
        (0xfe80 << 112, 10, "link-local"),
        (0xfec0 << 112, 10, "site-local"),
        (0xff00 << 112, 8, "multicast"),
    ];
    if let Some((_, _, rule)) = table.iter().find(|(net, prefix, _)| in_v6(a, *net, *prefix)) {
        return Some(rule);
    }
    // Only 2000::/3 is allocated as global unicast; everything else is unassigned.
    if !in_v6(a, 0x2000 << 112, 3) {
        return Some("reserved");
    }
    None
}

/// A mail server's host as the browser gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// A DNS name, lower-cased, without a trailing dot.
    Name(String),
    /// An address literal, in any spelling a resolver would accept.
    Addr(IpAddr),
}

impl Host {
    /// Reads a host string the way the strictest resolver would, so the address that is checked
    /// is the address that is connected to: IPv6 with or without brackets, and every IPv4 spelling
    /// `inet_aton` accepts (`127.0.0.1`, `2130706433`, `0x7f000001`, `0177.0.0.1`, `127.1`).
    /// A name whose last label is numeric is treated as an IPv4 literal (as the WHATWG URL
    /// standard does) and rejected if it is not a valid one, rather than looked up in DNS.
    pub fn parse(input: &str) -> Result<Host, String> {
        let s = input.strip_suffix('.').unwrap_or(input);
        if s.is_empty() {
            return Err("the host is empty".into());
        }
        if !s.is_ascii() {
            return Err(format!("`{}` is not ASCII; give the IDNA (xn--) form", input.escape_default()));
        }
        let unbracketed = s.strip_prefix('[').and_then(|r| r.strip_suffix(']'));
        if unbracketed.is_some() || s.contains(':') {
            let v6 = unbracketed.unwrap_or(s);
            // Zone ids (`fe80::1%eth0`) name a local interface: never meaningful for a browser.
            return v6
                .parse::<Ipv6Addr>()
                .map(|a| Host::Addr(IpAddr::V6(a)))
                .map_err(|_| format!("`{}` is not a valid IPv6 address", input.escape_default()));
        }
        let last = s.rsplit('.').next().unwrap_or(s);
        if looks_numeric(last) {
            return parse_inet_aton(s)
                .map(|a| Host::Addr(IpAddr::V4(a)))
                .ok_or_else(|| format!("`{}` is not a valid IPv4 address", input.escape_default()));
        }
        if s.len() > 253 {
            return Err("the host name is longer than 253 characters".into());
        }
        for label in s.split('.') {
            let ok = !label.is_empty()
                && label.len() <= 63
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                && !label.starts_with('-')
                && !label.ends_with('-');
            if !ok {
                return Err(format!("`{}` is not a valid host name", input.escape_default()));
            }
        }
        Ok(Host::Name(s.to_ascii_lowercase()))
    }
}

impl std::fmt::Display for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Host::Name(n) => f.write_str(n),
            Host::Addr(a) => write!(f, "{a}"),
        }
    }
}

fn looks_numeric(label: &str) -> bool {
    let hex = label.strip_prefix("0x").or_else(|| label.strip_prefix("0X"));
    match hex {
        Some(h) => h.bytes().all(|b| b.is_ascii_hexdigit()),
        None => !label.is_empty() && label.bytes().all(|b| b.is_ascii_digit()),
    }
}

/// One part of an `inet_aton` address: decimal, `0x` hex or leading-zero octal.
fn parse_part(part: &str) -> Option<u64> {
    if part.is_empty() {
        return None;
    }
    let (digits, radix) = if let Some(h) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
        (h, 16)
    } else if part.len() > 1 && part.starts_with('0') {
        (&part[1..], 8)
    } else {
        (part, 10)
    };
    if digits.is_empty() {
        // "0x" alone is 0 to inet_aton.
        return (radix == 16).then_some(0);
    }
    // Bounded length first, so that a long run of digits cannot overflow.
    if digits.len() > 32 {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// `inet_aton` semantics: `a`, `a.b`, `a.b.c`, `a.b.c.d`, the last part filling the remaining bytes.
pub fn parse_inet_aton(s: &str) -> Option<Ipv4Addr> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let values: Vec<u64> = parts.iter().map(|p| parse_part(p)).collect::<Option<_>>()?;
    let (last, leading) = values.split_last()?;
    if leading.iter().any(|&v| v > 255) {
        return None;
    }
    let last_bits = 8 * (4 - leading.len() as u32);
    if *last >= 1u64 << last_bits {
        return None;
    }
    let mut addr: u64 = 0;
    for (i, v) in leading.iter().enumerate() {
        addr |= v << (24 - 8 * i as u32);
    }
    Some(Ipv4Addr::from((addr | last) as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(s: &str) -> Option<Rule> {
        refused_rule(s.parse().unwrap())
    }

    #[test]
    fn every_refused_ipv4_range() {
        let cases = [
            ("0.0.0.0", "unspecified"),
            ("0.1.2.3", "this-network"),
            ("10.0.0.1", "private"),
            ("10.255.255.255", "private"),
            ("100.64.0.1", "cgnat"),
            ("100.127.255.254", "cgnat"),
            ("127.0.0.1", "loopback"),
            ("127.255.0.9", "loopback"),
            ("169.254.169.254", "link-local"),
            ("172.16.0.1", "private"),
            ("172.31.255.255", "private"),
            ("192.0.0.8", "reserved"),
            ("192.0.2.10", "documentation"),
            ("192.88.99.1", "reserved"),
            ("192.168.1.1", "private"),
            ("198.18.0.1", "benchmarking"),
            ("198.19.255.255", "benchmarking"),
            ("198.51.100.7", "documentation"),
            ("203.0.113.200", "documentation"),
            ("224.0.0.1", "multicast"),
            ("239.255.255.250", "multicast"),
            ("240.0.0.1", "reserved"),
            ("255.255.255.255", "broadcast"),
        ];
        for (addr, expected) in cases {
            assert_eq!(rule(addr), Some(expected), "{addr}");
        }
    }

    #[test]
    fn public_ipv4_edges_are_allowed() {
        for addr in [
            "1.1.1.1",
            "9.255.255.255",
            "11.0.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "169.253.255.255",
            "172.15.255.255",
            "172.32.0.0",
            "192.0.3.1",
            "192.167.255.255",
            "192.169.0.0",
            "198.17.255.255",
            "198.20.0.0",
            "223.255.255.255",
        ] {
            assert_eq!(rule(addr), None, "{addr}");
        }
    }

    #[test]
    fn every_refused_ipv6_range() {
        let cases = [
            ("::", "unspecified"),
            ("::1", "loopback"),
            ("::ffff:127.0.0.1", "loopback"),
            ("::ffff:7f00:1", "loopback"),
            ("::ffff:10.0.0.1", "private"),
            ("::ffff:169.254.169.254", "link-local"),
            ("::ffff:100.64.0.1", "cgnat"),
            ("::127.0.0.1", "ipv4-compatible"),
            ("::8.8.8.8", "ipv4-compatible"),
            ("64:ff9b::127.0.0.1", "loopback"),
            ("64:ff9b::a9fe:a9fe", "link-local"),
            ("64:ff9b::192.168.0.1", "private"),
            ("64:ff9b:1::1", "nat64-local"),
            ("100::1", "reserved"),
            ("2001::1", "reserved"),
            ("2001:2::1", "benchmarking"),
            ("2001:db8::1", "documentation"),
            ("2002:7f00:1::1", "6to4"),
            ("3fff::1", "documentation"),
            ("5f00::1", "reserved"),
            ("fc00::1", "unique-local"),
            ("fd12:3456::1", "unique-local"),
            ("fe80::1", "link-local"),
            ("febf::1", "link-local"),
            ("fec0::1", "site-local"),
            ("ff02::1", "multicast"),
            ("ff0e::1", "multicast"),
            ("4000::1", "reserved"),
            ("1::1", "reserved"),
        ];
        for (addr, expected) in cases {
            assert_eq!(rule(addr), Some(expected), "{addr}");
        }
    }

    #[test]
    fn public_ipv6_is_allowed() {
        for addr in [
            "2a00:1450:4001:80b::200e",
            "2606:4700::1111",
            "::ffff:1.1.1.1",
            "64:ff9b::1.1.1.1",
            "2001:4860::1",
        ] {
            // 2001:4860:: is outside 2001::/23 (that ends at 2001:1ff:ffff::).
            assert_eq!(rule(addr), None, "{addr}");
        }
    }

    #[test]
    fn ipv4_spellings_all_mean_loopback() {
        let loopback = Ipv4Addr::new(127, 0, 0, 1);
        for s in [
            "127.0.0.1",
            "127.0.0.1.",
            "2130706433",
            "0x7f000001",
            "0X7F000001",
            "0x7f.0x0.0x0.0x1",
            "0177.0.0.1",
            "017700000001",
            "127.1",
            "127.0.1",
            "0x7f.1",
        ] {
            assert_eq!(Host::parse(s), Ok(Host::Addr(IpAddr::V4(loopback))), "{s}");
        }
        assert_eq!(Host::parse("0"), Ok(Host::Addr(IpAddr::V4(Ipv4Addr::UNSPECIFIED))));
        assert_eq!(
            Host::parse("169.254.43518"),
            Ok(Host::Addr(IpAddr::V4(Ipv4Addr::new(169, 254, 169, 254))))
        );
    }

    #[test]
    fn ipv6_spellings() {
        for s in ["::1", "[::1]", "0:0:0:0:0:0:0:1", "[0000::0001]"] {
            assert_eq!(Host::parse(s), Ok(Host::Addr("::1".parse().unwrap())), "{s}");
        }
        assert_eq!(Host::parse("[::ffff:127.0.0.1]"), Ok(Host::Addr("::ffff:127.0.0.1".parse().unwrap())));
        assert!(Host::parse("fe80::1%eth0").is_err());
        assert!(Host::parse("[::1").is_err());
    }

    #[test]
    fn invalid_numeric_hosts_are_not_sent_to_dns() {
        for s in [
            "256.0.0.1",
            "1.2.3.4.5",
            "4294967296",
            "0x1ffffffff",
            "1.2.65536",
            "08.0.0.1",
            "1..1",
            "example.123",
        ] {
            assert!(Host::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn names_are_checked_and_normalised() {
        assert_eq!(Host::parse("IMAP.Example.COM."), Ok(Host::Name("imap.example.com".into())));
        assert_eq!(Host::parse("localhost"), Ok(Host::Name("localhost".into())));
        assert_eq!(Host::parse("0x7f.example"), Ok(Host::Name("0x7f.example".into())));
        for s in ["", "a b", "a\r\nb", "-a.example", "a..b", "münchen.de", "a/b", "a%b", "host\0"] {
            assert!(Host::parse(s).is_err(), "{s:?}");
        }
    }
}
