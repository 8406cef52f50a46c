//! A message's HTML made safe to show: `cid:` images inlined, the markup sanitised
//! ([`super::sanitize`]), and the document for a sandboxed frame behind a Content-Security-Policy.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::{Attachment, sanitize};

/// Whether the HTML refers to anything on the network (images, styles, fonts, frames, hints
/// to connect): whether the "load remote content" bar shows. See [`sanitize`].
pub fn has_remote_content(html: &str) -> bool {
    sanitize::sanitize(html).has_remote()
}

/// Replaces `cid:` references with `data:` URLs of the matching attachments, so that inline images
/// show without a network request.
pub fn inline_cid_images(html: &str, attachments: &[Attachment]) -> String {
    let mut out = html.to_string();
    for attachment in attachments {
        let Some(id) = &attachment.content_id else { continue };
        let needle = format!("cid:{id}");
        if out.contains(&needle) {
            let data =
                format!("data:{};base64,{}", attachment.mime_type, STANDARD.encode(&attachment.content));
            out = out.replace(&needle, &data);
        }
    }
    out
}

/// The message's HTML made ready for the frame: `cid:` images inlined, then [`sanitize::sanitize`]d.
pub fn prepare_html(html: &str, attachments: &[Attachment]) -> sanitize::Sanitized {
    sanitize::sanitize(&inline_cid_images(html, attachments))
}

/// The document to put into a sandboxed iframe's `srcdoc`: prepared HTML behind a
/// Content-Security-Policy that allows no script, no frames, no forms and no network loads (only
/// `data:` images and fonts), unless `allow_remote` is set, which allows remote images and nothing
/// else: no styles, fonts, frames or scripts. Links open in a new tab without a referrer.
///
/// The frame also inherits the app's own policy, so the app's must allow at least as much; and
/// the iframe itself must be sandboxed (no `allow-scripts`, no `allow-same-origin`).
pub fn html_document(prepared: &sanitize::Sanitized, allow_remote: bool) -> String {
    format!("{}{}", policy(allow_remote), prepared.html)
}

/// The policy and link settings of [`html_document`], to go before anything that could load: a
/// CSP delivered by `<meta>` only governs what comes after it.
pub(crate) fn policy(allow_remote: bool) -> String {
    let remote = if allow_remote { " http: https:" } else { "" };
    format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'none'; \
object-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'; img-src data:{remote}; \
style-src 'unsafe-inline'; font-src data:\">\
<meta name=\"referrer\" content=\"no-referrer\"><base target=\"_blank\">"
    )
}

/// [`prepare_html`] and [`html_document`] in one step.
pub fn safe_html_document(html: &str, attachments: &[Attachment], allow_remote: bool) -> String {
    html_document(&prepare_html(html, attachments), allow_remote)
}
