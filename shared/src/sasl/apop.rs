//! The APOP digest (RFC 1939 section 7).

use md5::{Digest, Md5};

use crate::secret::Secret;

/// `APOP name digest`: the lower-case hex MD5 of the greeting's timestamp (angle brackets included)
/// followed by the password (RFC 1939 section 7).
///
/// ```
/// use posthorn_proto::{sasl::apop_digest, secret::Secret};
/// // The worked example of RFC 1939 section 7.
/// let digest = apop_digest("<1896.697170952@dbc.mtview.ca.us>", &Secret::new("tanstaaf"));
/// assert_eq!(digest, "c4c9334bac560ecc979e58001b3e22fb");
/// ```
pub fn apop_digest(timestamp: &str, password: &Secret) -> String {
    let mut md5 = Md5::new();
    md5.update(timestamp.as_bytes());
    md5.update(password.expose().as_bytes());
    hex(&md5.finalize())
}

/// Lower-case hex, as RFC 1939 and RFC 2195 write digests.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}
