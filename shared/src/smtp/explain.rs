//! Reply codes as sentences a person understands (RFC 5321 section 4.2.2, RFC 3463 section 3).

use std::fmt;

use super::{EnhancedStatusCode, Reply};

/// What a reply means for the person sending mail: what happened, what to do, and the server's own
/// words (ARCHITECTURE.md, *Typed errors in plain words*).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// What happened, in plain words.
    pub what_happened: String,
    /// What the person can do about it.
    pub what_to_do: String,
    /// The reply code.
    pub code: u16,
    /// The enhanced status code, if the server sent one.
    pub enhanced: Option<EnhancedStatusCode>,
    /// The server's text, unchanged.
    pub server_text: String,
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} (server: {}", self.what_happened, self.what_to_do, self.code)?;
        if let Some(enhanced) = self.enhanced {
            write!(f, " {enhanced}")?;
        }
        if !self.server_text.is_empty() {
            write!(f, " {}", self.server_text)?;
        }
        f.write_str(")")
    }
}

/// Explains a reply.
pub fn explain_reply(reply: &Reply) -> Explanation {
    explain(reply.code, reply.enhanced(), &reply.text())
}

/// Maps a reply code, the enhanced status code and the server's text to an [`Explanation`]. The
/// enhanced code is the more specific signal, so it is consulted first; the reply code decides
/// whether trying later can help.
pub fn explain(code: u16, enhanced: Option<EnhancedStatusCode>, server_text: &str) -> Explanation {
    let transient = (400..500).contains(&code);
    let later = "This is temporary: try again in a few minutes.";
    let (what, todo): (&str, &str) = match (enhanced.map(|e| (e.subject, e.detail)), code) {
        // Whatever the detail, a 421 means the connection is going away (RFC 5321 section 3.8).
        (_, 421) => {
            ("The server is closing the connection.", "It is busy or shutting down: try again later.")
        }
        (Some((1, 1)), _) => (
            "The server does not know this recipient.",
            "Check the address for typing mistakes, or ask the recipient for a current address.",
        ),
        (Some((1, 2)), _) => (
            "The recipient's domain does not exist or does not accept mail.",
            "Check the part of the address after the @.",
        ),
        (Some((1, 3)), _) => {
            ("The server considers the address malformed.", "Check the address for typing mistakes.")
        }
        (Some((1, 6)), _) => ("The recipient's mailbox has moved.", "Ask the recipient for the new address."),
        (Some((1, 7 | 8)), _) => (
            "The server does not accept the sender address.",
            "Check the sender address in the account settings; many servers only allow your own address.",
        ),
        (Some((1, 10)), _) => ("The recipient's domain does not accept any mail.", "Check the address."),
        (Some((2, 1)), _) => ("The recipient's mailbox is disabled.", "Reach the recipient another way."),
        (Some((2, 2)), _) => {
            ("The recipient's mailbox is full.", "Try again later, or reach the recipient another way.")
        }
        (Some((2, 3) | (3, 4)), _) | (_, 552) => (
            "The message is too big for the server.",
            "Remove or shrink attachments (or share a link instead) and send again.",
        ),
        (Some((5, 3)), _) => (
            "The message has too many recipients for the server.",
            "Send it in several parts with fewer recipients each.",
        ),
        (Some((6, 7)), _) | (Some((6, 8 | 9)), _) => (
            "The server cannot handle the international characters in an address.",
            "Use an ASCII-only address for this recipient if there is one.",
        ),
        (Some((7, 8)), _) | (_, 535) => (
            "The user name or password is wrong.",
            "Check them in the account settings (some providers need an app password).",
        ),
        (Some((7, 9)), _) | (_, 534) => (
            "The server considers the sign-in method too weak.",
            "Turn on encryption (TLS) for this account, or use the provider's recommended sign-in.",
        ),
        (Some((7, 11)), _) | (_, 538) => (
            "The server requires an encrypted connection for this.",
            "Turn on TLS (port 465) or STARTTLS (port 587) for this account.",
        ),
        (Some((7, 12)), _) | (_, 432) => (
            "The server requires a password change.",
            "Sign in to the provider's website and update the password.",
        ),
        (Some((7, 13)), _) => ("This account is disabled on the server.", "Contact the mail provider."),
        (Some((7, 1)), 554 | 550 | 551) if mentions_relay(server_text) => (
            "The server refuses to pass the message on to this recipient (relaying denied).",
            "Sign in to the server (SMTP authentication) or use your provider's submission server.",
        ),
        (Some((7, 0)), 530) | (_, 530) => (
            "The server requires you to sign in (or to encrypt the connection) first.",
            "Enter a user name and password for sending, and turn on TLS or STARTTLS for this account.",
        ),
        (Some((7, 1)), _) => (
            "The server refuses the message for policy reasons (sender, recipient or content).",
            "Check the sender address and the recipient; the server's text may say more.",
        ),
        (Some((7, 20..=27)), _) => (
            "The message failed the recipient's sender checks (SPF, DKIM or DMARC).",
            "Send through your own provider's server with your own address.",
        ),
        (Some((7, _)), _) => {
            ("The server refuses this for security or policy reasons.", "The server's text may say more.")
        }
        (Some((4, 4 | 7)), _) => ("The server could not deliver the message in time.", later),
        (Some((4, _)), _) if transient => ("The server has a network or routing problem.", later),
        (_, 450) => ("The mailbox is unavailable right now (the server may be greylisting).", later),
        (_, 451) => ("The server had a local error.", later),
        (_, 452) => (
            "The server is out of storage or will not take more recipients now.",
            "Try again later, or with fewer recipients.",
        ),
        (_, 454) => ("The server cannot offer encryption or sign-in right now.", later),
        (_, 455) => ("The server cannot accept the message's parameters right now.", later),
        (_, 500 | 501 | 502 | 503 | 504 | 555) => (
            "The server did not accept a command from Posthorn.",
            "This points to an incompatibility; please report it with the protocol log.",
        ),
        (_, 550) => (
            "The server refused the recipient or the message.",
            "Check the address; the server's text says why.",
        ),
        (_, 551) => {
            ("The recipient is not local to this server.", "Use the address the server suggests, if any.")
        }
        (_, 553) => (
            "The server does not allow this address.",
            "Check the address; the sender must usually be your own address.",
        ),
        (_, 554) => (
            "The server rejected the transaction.",
            "The server's text says why; often a spam or policy filter.",
        ),
        (_, 556) => ("The recipient's domain does not accept mail.", "Check the address."),
        _ if (200..400).contains(&code) => ("The server accepted the command.", ""),
        _ if transient => ("The server reported a temporary failure.", later),
        _ => ("The server reported a permanent failure.", "The server's text says why."),
    };
    Explanation {
        what_happened: what.to_owned(),
        what_to_do: todo.to_owned(),
        code,
        enhanced,
        server_text: server_text.to_owned(),
    }
}

fn mentions_relay(text: &str) -> bool {
    let text = text.to_ascii_lowercase();
    text.contains("relay") || text.contains("not permitted") || text.contains("not allowed")
}

#[cfg(test)]
mod tests {
    // On wasm32 the tests run in the browser through wasm-bindgen-test (the crate's
    // `run_in_browser` configuration is in message.rs).
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn e(class: u8, subject: u16, detail: u16) -> Option<EnhancedStatusCode> {
        Some(EnhancedStatusCode::new(class, subject, detail))
    }

    #[test]
    fn common_failures_have_sentences_and_keep_the_server_text() {
        let unknown = explain(550, e(5, 1, 1), "<x@y>: Recipient address rejected: User unknown");
        assert!(unknown.what_happened.contains("does not know this recipient"));
        assert!(unknown.to_string().contains("550 5.1.1 <x@y>: Recipient address rejected: User unknown"));
        assert!(explain(535, e(5, 7, 8), "auth failed").what_happened.contains("user name or password"));
        assert!(explain(535, None, "no").what_happened.contains("user name or password"));
        assert!(explain(552, e(5, 3, 4), "too big").what_happened.contains("too big"));
        assert!(explain(552, None, "x").what_happened.contains("too big"));
        assert!(explain(421, None, "bye").what_happened.contains("closing"));
        assert!(explain(554, e(5, 7, 1), "Relay access denied").what_happened.contains("relaying denied"));
        assert!(
            explain(530, e(5, 7, 0), "Must issue a STARTTLS command first").what_happened.contains("sign in")
        );
        assert!(explain(450, e(4, 2, 0), "greylisted").what_to_do.contains("try again"));
        assert!(
            explain(452, e(4, 5, 3), "Too many recipients").what_happened.contains("too many recipients")
        );
    }
}
