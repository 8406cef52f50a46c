//! The open message's certificate pin: allowed by the operator, and well-formed.

use posthorn_proto::wire::{ErrorCode, close, parse_fingerprint};

use crate::config::Config;

/// Why a pin was refused.
pub struct PinRefusal {
    /// The wire code.
    pub code: ErrorCode,
    /// A sentence for a person.
    pub message: &'static str,
    /// The rule, for the `error` message, logs and metrics.
    pub rule: &'static str,
    /// The WebSocket close code.
    pub close: u16,
}

/// The pinned SHA-256 fingerprint, if the browser sent one and the bridge accepts it.
pub fn check(config: &Config, pin: Option<&str>) -> Result<Option<[u8; 32]>, PinRefusal> {
    let Some(text) = pin else { return Ok(None) };
    if config.no_certificate_pinning {
        return Err(PinRefusal {
            code: ErrorCode::PinningDisabled,
            message: "this bridge does not accept trusted certificates (its operator turned certificate \
                      pinning off); only servers with a certificate from a public authority or one the \
                      bridge's operator added can be used",
            rule: "certificate_pinning",
            close: close::POLICY,
        });
    }
    // A malformed pin is refused rather than ignored: ignoring it would fall back to the public
    // roots and give the user a confusing "not trusted" for a certificate they trusted.
    parse_fingerprint(text).map(Some).ok_or(PinRefusal {
        code: ErrorCode::BadRequest,
        message: "pin_sha256 must be a SHA-256 fingerprint: 32 hex pairs separated by colons",
        rule: "bad_pin",
        close: close::PROTOCOL_ERROR,
    })
}
