//! A message laid out for printing: its subject and header fields, every shown part in the order
//! the reader shows them (text as text, HTML sanitised as for the reader's frame, inline messages
//! with their own subject, sender and date), then the names and sizes of its attachments. The
//! reader's frame has a fixed height and scrolls inside, so a printout of the app's page would cut
//! a long HTML message; this document flows over as many pages as it takes.
//!
//! It stands behind the reader frame's Content-Security-Policy ([`super::html_document`]): no
//! script, no network loads but those remote images the person allowed. The frame that prints it
//! must be sandboxed without `allow-scripts`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::html_document::policy;
use super::sanitize::{push_attribute, push_escaped_text};
use super::{Attachment, BodyPart, Preference, ReadableMessage, html_to_text, prepare_html};

/// A header field's name in the person's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// From.
    From,
    /// To.
    To,
    /// Cc.
    Cc,
    /// Date.
    Date,
    /// The heading of the attachment list.
    Attachments,
}

/// What the printout writes in the person's language: names of fields, placeholders for a
/// missing subject or sender, dates and sizes (the app's own formatting).
pub trait PrintWords {
    /// A field's name, e.g. "From".
    fn field(&self, field: Field) -> String;
    /// The subject as shown, a placeholder where there is none.
    fn subject(&self, message: &ReadableMessage) -> String;
    /// The sender as shown, a placeholder where there is none.
    fn sender(&self, message: &ReadableMessage) -> String;
    /// The date as shown.
    fn date(&self, message: &ReadableMessage) -> String;
    /// A size in bytes, e.g. "12 KB".
    fn size(&self, bytes: usize) -> String;
}

/// The choices the reader shows the message with, which the printout follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintChoices {
    /// HTML or plain text, where the message offers both.
    pub preference: Preference,
    /// Whether remote images load (the person allowed them for this message or its sender).
    pub allow_remote: bool,
}

/// The page's own look, first in `<head>`: the message's styles come later and may override it
/// inside the message, as they do in the reader.
const STYLE: &str = "@page{margin:15mm}\
body{margin:0;font:11pt/1.45 system-ui,sans-serif;color:#000;background:#fff}\
.print-header{margin:0 0 1em;padding:0 0 .6em;border-bottom:1px solid #888}\
.print-header h1{font-size:15pt;margin:0 0 .4em}\
.print-fields th{text-align:start;padding:0 1em 0 0;vertical-align:top;font-weight:600}\
.print-fields td{padding:0}\
pre.print-text{white-space:pre-wrap;overflow-wrap:anywhere;font:inherit;margin:0 0 1em}\
.print-nested{margin:1em 0;padding:.6em 0 0;border-top:1px solid #888}\
.print-nested h2{font-size:12pt;margin:0 0 .2em}\
.print-attachments{margin:1em 0 0;padding:.6em 0 0;border-top:1px solid #888}\
img{max-width:100%;height:auto}\
.print-picture{margin:1em 0;break-inside:avoid}.print-picture figcaption{font-size:9pt;color:#444}";

/// The whole document, for a sandboxed frame's `srcdoc`. `lang`: the app's language.
pub fn print_document(
    message: &ReadableMessage,
    words: &dyn PrintWords,
    choices: PrintChoices,
    lang: &str,
) -> String {
    let mut html = String::from("<!DOCTYPE html><html lang=\"");
    push_escaped_text(&mut html, lang);
    html.push_str("\"><head>");
    // The policy first, so that it governs everything after it (html_document.rs).
    html.push_str(&policy(choices.allow_remote));
    html.push_str("<title>");
    push_escaped_text(&mut html, &words.subject(message));
    html.push_str("</title><style>");
    html.push_str(STYLE);
    html.push_str("</style></head><body><header class=\"print-header\"><h1 dir=\"auto\">");
    push_escaped_text(&mut html, &words.subject(message));
    html.push_str("</h1><table class=\"print-fields\">");
    let list = |v: &[super::Mailbox]| v.iter().map(super::Mailbox::display).collect::<Vec<_>>().join(", ");
    let mut fields = vec![(Field::From, words.sender(message)), (Field::To, list(&message.to))];
    if !message.cc.is_empty() {
        fields.push((Field::Cc, list(&message.cc)));
    }
    fields.push((Field::Date, words.date(message)));
    for (field, value) in fields {
        html.push_str("<tr><th>");
        push_escaped_text(&mut html, &words.field(field));
        html.push_str("</th><td dir=\"auto\">");
        push_escaped_text(&mut html, &value);
        html.push_str("</td></tr>");
    }
    html.push_str("</table></header>");
    push_parts(&mut html, message, words, choices);
    html.push_str("</body></html>");
    html
}

/// The shown parts of `message`, then its attachment list. Recursive for inline messages.
fn push_parts(html: &mut String, message: &ReadableMessage, words: &dyn PrintWords, choices: PrintChoices) {
    for part in message.shown(choices.preference) {
        match part {
            BodyPart::Text(text) => push_text(html, text),
            BodyPart::Html(source) if choices.preference == Preference::Html => {
                html.push_str("<div class=\"print-html\">");
                html.push_str(&prepare_html(source, &message.attachments).html);
                html.push_str("</div>");
            }
            BodyPart::Html(source) => push_text(html, &html_to_text(source)),
            BodyPart::Message(inner) => {
                html.push_str("<section class=\"print-nested\"><h2 dir=\"auto\">");
                push_escaped_text(html, &words.subject(inner));
                html.push_str("</h2><p dir=\"auto\">");
                push_escaped_text(html, &words.sender(inner));
                html.push_str(" · ");
                push_escaped_text(html, &words.date(inner));
                html.push_str("</p>");
                push_parts(html, inner, words, choices);
                html.push_str("</section>");
            }
            BodyPart::Alternative { .. } => {}
        }
    }
    push_attachments(html, &message.attachments, words);
    // The pictures the reader shows below the text, in the document itself: it loads nothing.
    for (_, picture) in message.pictures(choices.preference) {
        let source = format!(
            "data:{};base64,{}",
            picture.mime_type.trim().to_ascii_lowercase(),
            STANDARD.encode(&picture.content)
        );
        html.push_str("<figure class=\"print-picture\"><img");
        push_attribute(html, "src", &source);
        push_attribute(html, "alt", &picture.name);
        html.push_str("><figcaption dir=\"auto\">");
        push_escaped_text(html, &picture.name);
        html.push_str("</figcaption></figure>");
    }
}

fn push_text(html: &mut String, text: &str) {
    html.push_str("<pre class=\"print-text\" dir=\"auto\">");
    push_escaped_text(html, text);
    html.push_str("</pre>");
}

/// The attachments' names and sizes (a printout cannot hold their content), as the reader lists
/// them.
fn push_attachments(html: &mut String, attachments: &[Attachment], words: &dyn PrintWords) {
    if attachments.is_empty() {
        return;
    }
    html.push_str("<div class=\"print-attachments\"><b>");
    push_escaped_text(html, &words.field(Field::Attachments));
    html.push_str("</b><ul>");
    for attachment in attachments {
        html.push_str("<li dir=\"auto\">");
        push_escaped_text(html, &attachment.name);
        html.push_str(" (");
        push_escaped_text(html, &words.size(attachment.content.len()));
        html.push_str(")</li>");
    }
    html.push_str("</ul></div>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::read;

    struct English;

    impl PrintWords for English {
        fn field(&self, field: Field) -> String {
            format!("{field:?}")
        }
        fn subject(&self, message: &ReadableMessage) -> String {
            if message.subject.is_empty() { "(no subject)".into() } else { message.subject.clone() }
        }
        fn sender(&self, message: &ReadableMessage) -> String {
            message.sender_or_placeholder()
        }
        fn date(&self, message: &ReadableMessage) -> String {
            message.date.clone().unwrap_or_default()
        }
        fn size(&self, bytes: usize) -> String {
            format!("{bytes} bytes")
        }
    }

    const HTML: Preference = Preference::Html;

    fn print(raw: &str, preference: Preference, allow_remote: bool) -> String {
        let message = read(raw.as_bytes()).expect("parses");
        print_document(&message, &English, PrintChoices { preference, allow_remote }, "en")
    }

    const ALTERNATIVE: &str = "From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>, carol@example.org\r\n\
Subject: Q3 <report> & more\r\nDate: Tue, 1 Dec 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nplain words\r\n\
--b\r\nContent-Type: text/html\r\n\r\n<p>rich <b>words</b></p><img src=\"https://tracker.example/p.gif\">\
<script>alert(1)</script>\r\n--b--\r\n";

    #[test]
    fn the_header_is_escaped_and_the_policy_comes_before_anything_that_could_load() {
        let doc = print(ALTERNATIVE, HTML, false);
        assert!(doc.starts_with(
            "<!DOCTYPE html><html lang=\"en\"><head><meta http-equiv=\"Content-Security-Policy\""
        ));
        assert!(doc.contains("<title>Q3 &lt;report&gt; &amp; more</title>"), "{doc}");
        assert!(doc.contains("<th>From</th><td dir=\"auto\">Alice &lt;alice@example.org&gt;</td>"), "{doc}");
        assert!(
            doc.contains("<th>To</th><td dir=\"auto\">Bob &lt;bob@example.org&gt;, carol@example.org</td>"),
            "{doc}"
        );
        assert!(!doc.contains("<th>Cc</th>"), "no Cc field without Cc: {doc}");
        assert!(doc.contains("img-src data:;"), "remote images blocked: {doc}");
    }

    #[test]
    fn html_is_sanitised_and_follows_the_readers_choice() {
        let doc = print(ALTERNATIVE, HTML, false);
        assert!(doc.contains("rich <b>words</b>"), "{doc}");
        assert!(!doc.contains("plain words"), "{doc}");
        assert!(!doc.contains("<script"), "{doc}");
        assert!(!doc.contains("alert(1)"), "{doc}");
        let plain = print(ALTERNATIVE, Preference::Plain, false);
        assert!(plain.contains("<pre class=\"print-text\" dir=\"auto\">plain words"), "{plain}");
        assert!(!plain.contains("<b>words</b>"), "{plain}");
        let remote = print(ALTERNATIVE, HTML, true);
        assert!(remote.contains("img-src data: http: https:;"), "{remote}");
    }

    #[test]
    fn inline_messages_and_attachments_are_printed_in_order() {
        let raw = "From: a@example.org\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=m\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\nsee below <here>\r\n\
--m\r\nContent-Type: message/rfc822\r\n\r\nFrom: Inner <inner@example.org>\r\nSubject: Inside\r\n\r\ninner text\r\n\
--m\r\nContent-Type: application/pdf; name=plan.pdf\r\nContent-Disposition: attachment\r\n\
Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--m--\r\n";
        let doc = print(raw, HTML, false);
        let at = |needle: &str| doc.find(needle).unwrap_or_else(|| panic!("{needle} in {doc}"));
        assert!(at("see below &lt;here&gt;") < at("<h2 dir=\"auto\">Inside</h2>"));
        assert!(at("Inner &lt;inner@example.org&gt;") < at("inner text"));
        assert!(at("inner text") < at("plan.pdf (5 bytes)"));
        assert!(doc.contains("<b>Attachments</b>"), "{doc}");
    }

    const PICTURES: &str = "From: a@example.org\r\nSubject: Photos\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=m\r\n\r\n--m\r\nContent-Type: multipart/related; boundary=r\r\n\r\n\
--r\r\nContent-Type: text/html\r\n\r\n<p>Our logo: <img src=\"cid:logo@x\"></p>\r\n\
--r\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0K\r\n--r--\r\n\
--m\r\nContent-Type: image/JPEG; name=\"beach \\\"1\\\".jpg\"\r\nContent-Disposition: attachment\r\n\
Content-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ\r\n\
--m\r\nContent-Type: image/svg+xml; name=\"map.svg\"\r\nContent-Disposition: attachment\r\n\r\n<svg/>\r\n--m--\r\n";

    #[test]
    fn raster_images_not_shown_by_the_html_are_pictures_and_print_in_the_document() {
        let message = read(PICTURES.as_bytes()).expect("parses");
        let names =
            |preference| message.pictures(preference).map(|(_, a)| a.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(HTML), ["beach \"1\".jpg"], "the logo is in the HTML; SVG is never a picture");
        assert_eq!(
            names(Preference::Plain).len(),
            2,
            "as plain text, the logo shows below: {:?}",
            names(Preference::Plain)
        );
        let doc = print(PICTURES, HTML, false);
        assert!(
            doc.contains("<img src=\"data:image/jpeg;base64,/9j/4AAQ\" alt=\"beach &quot;1&quot;.jpg\">"),
            "{doc}"
        );
        assert!(!doc.contains("data:image/svg"), "{doc}");
        assert!(doc.contains("map.svg ("), "the SVG is listed by name: {doc}");
    }
}
