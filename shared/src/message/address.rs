//! Addresses as people read them (RFC 5322 section 3.4): display names, comments used as names,
//! groups, mailboxes without a domain, the null reverse-path `<>` (RFC 5321 section 4.5.5) and
//! internationalised domains and addresses (RFC 5890 A-labels shown as U-labels, RFC 6532 UTF-8).

use mail_parser::Address as ParsedAddress;

/// What a message without a sender shows in the list and the reader.
pub const NO_SENDER: &str = "(no sender)";

/// What a message without a subject shows in the list and the reader.
pub const NO_SUBJECT: &str = "(no subject)";

/// What `<>`, the null reverse-path of bounces and other automatic mail, shows.
pub const NULL_SENDER: &str = "MAILER-DAEMON";

/// A mailbox as shown: a display name and an address.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mailbox {
    /// The display name, decoded (a comment such as `a@b (Ann)` counts as one).
    pub name: Option<String>,
    /// The address, `local@domain` as written (A-labels stay A-labels, so that a reply goes
    /// where the message came from); empty for `<>` or an empty group.
    pub address: String,
}

impl Mailbox {
    /// `Name <address>`, or what there is of it: the name, or the address, or
    /// [`NULL_SENDER`] for `<>`. The address's domain is shown decoded (RFC 5891).
    pub fn display(&self) -> String {
        let address = display_address(&self.address);
        match self.name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() && !address.is_empty() && name != address => {
                format!("{name} <{address}>")
            }
            Some(name) if !name.is_empty() => name.to_owned(),
            _ if address.is_empty() => NULL_SENDER.to_owned(),
            _ => address,
        }
    }

    /// The name if there is one, else the address: what a list row shows.
    pub fn short(&self) -> String {
        sender_display(self.name.as_deref(), &self.address)
    }
}

/// A sender as a list row shows it, from a display name and an address: the name if there is
/// one, else the address with its domain decoded, else [`NULL_SENDER`]. Placeholders that IMAP
/// servers put into ENVELOPE for a missing domain or mailbox (Dovecot's `MISSING_DOMAIN` and
/// `MISSING_MAILBOX`, UW-IMAP's `.MISSING-HOST-NAME.`; RFC 3501 section 7.4.2 leaves it to them)
/// are dropped, so `From: <>` shows as [`NULL_SENDER`] and `From: foo` as `foo`.
pub fn sender_display(name: Option<&str>, address: &str) -> String {
    match name.map(str::trim) {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => {
            Some(display_address(address)).filter(|a| !a.is_empty()).unwrap_or_else(|| NULL_SENDER.to_owned())
        }
    }
}

/// The address with server placeholders for a missing domain or mailbox dropped and A-labels in
/// its domain shown as Unicode (RFC 3492 Punycode).
pub fn display_address(address: &str) -> String {
    let address = address.trim();
    let address = ["@MISSING_DOMAIN", "@.MISSING-HOST-NAME."]
        .iter()
        .find_map(|placeholder| address.strip_suffix(placeholder))
        .unwrap_or(address);
    if address == "MISSING_MAILBOX" {
        return String::new();
    }
    let Some((local, domain)) = address.rsplit_once('@') else { return address.to_owned() };
    if !domain.to_ascii_lowercase().contains("xn--") {
        return address.to_owned();
    }
    let labels: Vec<String> = domain
        .split('.')
        .map(|label| match label.get(..4) {
            Some(prefix) if prefix.eq_ignore_ascii_case("xn--") => {
                punycode_decode(&label[4..]).unwrap_or_else(|| label.to_owned())
            }
            _ => label.to_owned(),
        })
        .collect();
    format!("{local}@{}", labels.join("."))
}

/// Decodes a Punycode label (RFC 3492 section 6.2); `None` if it is not valid Punycode.
fn punycode_decode(input: &str) -> Option<String> {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;
    fn adapt(delta: u32, points: u32, first: bool) -> u32 {
        let mut delta = if first { delta / DAMP } else { delta / 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - T_MIN) * T_MAX) / 2 {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
    }
    if !input.is_ascii() || input.len() > 63 {
        return None;
    }
    let (basic, extended) = match input.rfind('-') {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => ("", input),
    };
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (128u32, 0u32, 72u32);
    let mut digits = extended.bytes().peekable();
    while digits.peek().is_some() {
        let old_i = i;
        let mut w = 1u32;
        let mut k = BASE;
        loop {
            let digit = match digits.next()? {
                c @ b'a'..=b'z' => u32::from(c - b'a'),
                c @ b'A'..=b'Z' => u32::from(c - b'A'),
                c @ b'0'..=b'9' => u32::from(c - b'0') + 26,
                _ => return None,
            };
            i = i.checked_add(digit.checked_mul(w)?)?;
            let t = if k <= bias {
                T_MIN
            } else if k >= bias + T_MAX {
                T_MAX
            } else {
                k - bias
            };
            if digit < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k += BASE;
        }
        let points = output.len() as u32 + 1;
        bias = adapt(i - old_i, points, old_i == 0);
        n = n.checked_add(i / points)?;
        i %= points;
        output.insert(i as usize, char::from_u32(n)?);
        i += 1;
    }
    Some(output.into_iter().collect())
}

/// The mailboxes of an address header, groups flattened; an empty group (`undisclosed-recipients:;`)
/// stays visible as its name, and a mailbox without a domain (`From: foo`) as what was written.
pub(crate) fn mailboxes(address: Option<&ParsedAddress<'_>>) -> Vec<Mailbox> {
    fn push(addr: &mail_parser::Addr<'_>, out: &mut Vec<Mailbox>) {
        let name = addr.name().map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
        let address = addr.address().unwrap_or_default().trim().to_owned();
        if name.is_some() || !address.is_empty() {
            out.push(Mailbox { name, address });
        }
    }
    let mut out = Vec::new();
    match address {
        Some(ParsedAddress::List(list)) => list.iter().for_each(|a| push(a, &mut out)),
        Some(ParsedAddress::Group(groups)) => {
            for group in groups {
                if group.addresses.is_empty()
                    && let Some(name) = group.name.as_deref().filter(|n| !n.trim().is_empty())
                {
                    out.push(Mailbox { name: Some(format!("{}:;", name.trim())), address: String::new() });
                }
                group.addresses.iter().for_each(|a| push(a, &mut out));
            }
        }
        None => {}
    }
    out
}

/// The senders of the From header. mail-parser drops a From of only `<>`; that is the null
/// reverse-path, shown as [`NULL_SENDER`]. A From it cannot read at all shows as written.
pub(crate) fn senders(message: &mail_parser::Message<'_>) -> Vec<Mailbox> {
    let from = mailboxes(message.from());
    if !from.is_empty() {
        return from;
    }
    let Some(raw) = message.header_raw("From").map(str::trim).filter(|r| !r.is_empty()) else {
        return from;
    };
    if raw.trim_matches(|c: char| c == '<' || c == '>' || c.is_whitespace()).is_empty() {
        return vec![Mailbox::default()];
    }
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    vec![Mailbox { name: Some(text), address: String::new() }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn punycode_known_answers() {
        // RFC 3492 section 7.1 (A) Arabic (Egyptian), and the classic examples.
        assert_eq!(punycode_decode("egbpdaj6bu4bxfgehfvwxn").as_deref(), Some("ليهمابتكلموشعربي؟"));
        assert_eq!(punycode_decode("bcher-kva").as_deref(), Some("bücher"));
        assert_eq!(punycode_decode("mnchen-3ya").as_deref(), Some("münchen"));
        assert_eq!(punycode_decode("!!"), None);
        assert_eq!(punycode_decode("99999999999999"), None);
        assert_eq!(display_address("j@xn--bcher-kva.example"), "j@bücher.example");
        assert_eq!(display_address("j@XN--!!.example"), "j@XN--!!.example");
        assert_eq!(display_address("foo@MISSING_DOMAIN"), "foo");
        assert_eq!(display_address("foo@.MISSING-HOST-NAME."), "foo");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn display_forms() {
        let m = |name: Option<&str>, address: &str| Mailbox {
            name: name.map(str::to_owned),
            address: address.into(),
        };
        assert_eq!(m(Some("Ann"), "a@x").display(), "Ann <a@x>");
        assert_eq!(m(Some("foo"), "").display(), "foo");
        assert_eq!(m(None, "").display(), "MAILER-DAEMON");
        assert_eq!(m(None, "a@xn--mnchen-3ya.de").display(), "a@münchen.de");
        assert_eq!(m(Some("a@x"), "a@x").display(), "a@x");
        assert_eq!(m(Some("  "), "a@x").short(), "a@x");
        assert_eq!(sender_display(None, "bob@MISSING_DOMAIN"), "bob");
        assert_eq!(sender_display(None, ""), "MAILER-DAEMON");
        // Dovecot's ENVELOPE for `From: <>`.
        assert_eq!(sender_display(None, "MISSING_MAILBOX@MISSING_DOMAIN"), "MAILER-DAEMON");
    }
}
