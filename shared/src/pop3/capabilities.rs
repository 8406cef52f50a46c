//! The CAPA response (RFC 2449 section 5).

/// What the server announced. Tags are case-insensitive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capabilities {
    /// Whether CAPA itself worked; when it did not (an RFC 1939-only server), nothing is known
    /// and USER/PASS and APOP are tried by their own merit.
    pub known: bool,
    /// `TOP` (RFC 2449 section 6.1).
    pub top: bool,
    /// `USER` (section 6.2).
    pub user: bool,
    /// `SASL` mechanisms (section 6.3, RFC 5034), upper-cased.
    pub sasl: Vec<String>,
    /// `RESP-CODES` (section 6.4).
    pub resp_codes: bool,
    /// `PIPELINING` (section 6.6).
    pub pipelining: bool,
    /// `UIDL` (section 6.8).
    pub uidl: bool,
    /// `STLS` (RFC 2595 section 4).
    pub stls: bool,
    /// `IMPLEMENTATION` (section 6.9), informational only.
    pub implementation: Option<String>,
    /// Every other tag with its arguments, tag upper-cased.
    pub other: Vec<(String, String)>,
}

impl Capabilities {
    /// Reads the lines of a CAPA response (after `+OK`, before `.`).
    pub fn from_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> Self {
        let mut caps = Capabilities { known: true, ..Capabilities::default() };
        for line in lines {
            let mut words = line.split_whitespace();
            let Some(tag) = words.next() else { continue };
            let tag = tag.to_ascii_uppercase();
            match tag.as_str() {
                "TOP" => caps.top = true,
                "USER" => caps.user = true,
                "SASL" => {
                    for mechanism in words {
                        let mechanism = mechanism.to_ascii_uppercase();
                        if !caps.sasl.contains(&mechanism) {
                            caps.sasl.push(mechanism);
                        }
                    }
                }
                "RESP-CODES" => caps.resp_codes = true,
                "PIPELINING" => caps.pipelining = true,
                "UIDL" => caps.uidl = true,
                "STLS" => caps.stls = true,
                "IMPLEMENTATION" => caps.implementation = Some(words.collect::<Vec<_>>().join(" ")),
                _ => caps.other.push((tag, words.collect::<Vec<_>>().join(" "))),
            }
        }
        caps
    }
}

#[cfg(test)]
mod tests {
    // On wasm32 the tests run in the browser through wasm-bindgen-test (the crate's
    // `run_in_browser` configuration is in message.rs).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn reads_a_dovecot_capa() {
        let caps = Capabilities::from_lines([
            "CAPA",
            "TOP",
            "UIDL",
            "RESP-CODES",
            "PIPELINING",
            "AUTH-RESP-CODE",
            "STLS",
            "USER",
            "SASL PLAIN login",
        ]);
        assert!(caps.known && caps.top && caps.uidl && caps.stls && caps.user && caps.pipelining);
        assert_eq!(caps.sasl, ["PLAIN", "LOGIN"]);
        assert!(caps.other.iter().any(|(tag, _)| tag == "AUTH-RESP-CODE"));
    }
}
