//! The expected display of a message as text, for the golden corpus (`../corpus/display/README.md`):
//! sender, recipients, subject, date, the text of every shown part in order (both renderings of an
//! alternative), the attachment list and the MIME structure. Line endings are normalised to LF and
//! other control characters written as escapes, so that the files diff well.

use posthorn_proto::message::{BodyPart, MimeNode, ReadableMessage, html_to_text, read, read_structure};

/// The display of `raw`, as the golden files hold it.
pub fn render(raw: &[u8]) -> String {
    let mut out = String::new();
    match read(raw) {
        None => out.push_str("unreadable: the source is shown\n"),
        Some(message) => message_lines(&message, "", &mut out),
    }
    if let Some(root) = read_structure(raw) {
        out.push_str("structure:\n");
        structure_lines(&root, "  ", &mut out);
    }
    out
}

fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\n' | '\t' => c.to_string(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn message_lines(m: &ReadableMessage, indent: &str, out: &mut String) {
    let mut line = |key: &str, value: &str| {
        out.push_str(&format!("{indent}{key}: {}\n", clean(value)));
    };
    line("from", &m.sender_or_placeholder());
    let list =
        |v: &[posthorn_proto::message::Mailbox]| v.iter().map(|a| a.display()).collect::<Vec<_>>().join(", ");
    if !m.to.is_empty() {
        line("to", &list(&m.to));
    }
    if !m.cc.is_empty() {
        line("cc", &list(&m.cc));
    }
    line("subject", m.subject_or_placeholder());
    line(
        "date",
        &match (&m.date, m.timestamp) {
            (Some(date), Some(ts)) => format!("{date} ({ts})"),
            _ => "none".to_owned(),
        },
    );
    parts_lines(&m.parts, indent, out);
    for a in &m.attachments {
        out.push_str(&format!(
            "{indent}attachment: {} | {} | {} bytes\n",
            clean(&a.name),
            a.mime_type,
            a.content.len()
        ));
    }
}

fn parts_lines(parts: &[BodyPart], indent: &str, out: &mut String) {
    for part in parts {
        match part {
            BodyPart::Text(text) => {
                out.push_str(&format!("{indent}part: text\n"));
                text_lines(text, indent, out);
            }
            BodyPart::Html(html) => {
                out.push_str(&format!("{indent}part: html ({} bytes), as text:\n", html.len()));
                text_lines(&html_to_text(html), indent, out);
            }
            BodyPart::Message(inner) => {
                out.push_str(&format!("{indent}part: message\n"));
                message_lines(inner, &format!("{indent}    "), out);
            }
            BodyPart::Alternative { rich, plain } => {
                out.push_str(&format!("{indent}part: alternative, rich:\n"));
                parts_lines(rich, &format!("{indent}    "), out);
                out.push_str(&format!("{indent}part: alternative, plain:\n"));
                parts_lines(plain, &format!("{indent}    "), out);
            }
        }
    }
}

fn text_lines(text: &str, indent: &str, out: &mut String) {
    for line in clean(text).trim_end_matches('\n').split('\n') {
        out.push_str(&format!("{indent}| {line}\n"));
    }
}

fn structure_lines(node: &MimeNode, indent: &str, out: &mut String) {
    let mut line = format!("{indent}{}", clean(&node.content_type));
    for (key, value) in [
        ("charset", &node.charset),
        ("encoding", &node.transfer_encoding),
        ("disposition", &node.disposition),
        ("name", &node.name),
    ] {
        if let Some(value) = value {
            line.push_str(&format!("; {key}={}", clean(value)));
        }
    }
    out.push_str(&format!("{line}; {} bytes\n", node.size));
    for child in &node.children {
        structure_lines(child, &format!("{indent}  "), out);
    }
}
