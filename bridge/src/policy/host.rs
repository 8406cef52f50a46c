//! Host allowlist patterns for `--allow-host`.

use super::address::Host;

/// `mail.example.com` (exactly that host) or `*.example.com` (any name below example.com, not
/// example.com itself). Matching ignores case and a trailing dot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPattern {
    /// Exactly this host (a name or an address literal).
    Exact(Host),
    /// Any name ending in `.suffix`.
    Subdomains(String),
}

impl HostPattern {
    /// Reads a pattern; only a leading `*.` is a wildcard.
    pub fn parse(pattern: &str) -> Result<Self, String> {
        let bad = |why: &str| format!("--allow-host `{pattern}`: {why}");
        if let Some(suffix) = pattern.strip_prefix("*.") {
            match Host::parse(suffix).map_err(|e| bad(&e))? {
                Host::Name(name) => Ok(HostPattern::Subdomains(name)),
                Host::Addr(_) => Err(bad("a wildcard needs a domain name")),
            }
        } else if pattern.contains('*') {
            Err(bad("only a leading `*.` is supported"))
        } else {
            Host::parse(pattern).map(HostPattern::Exact).map_err(|e| bad(&e))
        }
    }

    /// Whether `host` is allowed by this pattern.
    pub fn matches(&self, host: &Host) -> bool {
        match (self, host) {
            (HostPattern::Exact(h), host) => h == host,
            (HostPattern::Subdomains(suffix), Host::Name(name)) => {
                name.len() > suffix.len() + 1
                    && name.ends_with(suffix.as_str())
                    && name.as_bytes()[name.len() - suffix.len() - 1] == b'.'
            }
            (HostPattern::Subdomains(_), Host::Addr(_)) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, host: &str) -> bool {
        HostPattern::parse(pattern).unwrap().matches(&Host::parse(host).unwrap())
    }

    #[test]
    fn wildcard_matches_subdomains_only() {
        assert!(m("*.example.com", "imap.example.com"));
        assert!(m("*.example.com", "A.B.Example.Com."));
        assert!(!m("*.example.com", "example.com"));
        assert!(!m("*.example.com", "evilexample.com"));
        assert!(!m("*.example.com", "example.com.evil.net"));
        assert!(m("mail.example.com", "MAIL.example.com"));
        assert!(!m("mail.example.com", "imap.example.com"));
        assert!(m("192.0.2.1", "3221225985"));
    }

    #[test]
    fn bad_patterns_are_rejected() {
        for p in ["*", "*.", "a.*.com", "*example.com", "*.1.2.3.4", "a b"] {
            assert!(HostPattern::parse(p).is_err(), "{p}");
        }
    }
}
