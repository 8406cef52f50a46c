//! The display model on the cases that read wrong before (`corpus/display/regression-*.eml`, see
//! its README), one test each: what is shown, in which order, what is an attachment, who sent it
//! and when. The same files are in the golden corpus (`golden_corpus.rs`) with their whole display.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use posthorn_proto::message::{BodyPart, MimeNode, Preference, ReadableMessage, read, read_structure};

macro_rules! structure {
    ($name:literal) => {
        read_structure(include_bytes!(concat!("corpus/display/", $name, ".eml")))
            .expect(concat!($name, " reads"))
    };
}

macro_rules! fixture {
    ($name:literal) => {
        read(include_bytes!(concat!("corpus/display/", $name, ".eml"))).expect(concat!($name, " reads"))
    };
}

/// The shown parts (HTML preferred) as short strings: `text:…`, `html:…`, `message:<subject>`.
fn shown(m: &ReadableMessage, preference: Preference) -> Vec<String> {
    m.shown(preference)
        .into_iter()
        .map(|p| match p {
            BodyPart::Text(t) => format!("text:{}", t.trim()),
            BodyPart::Html(h) => format!("html:{}", h.trim()),
            BodyPart::Message(inner) => format!("message:{}", inner.subject),
            BodyPart::Alternative { .. } => unreachable!("flattened"),
        })
        .collect()
}

fn attachments(m: &ReadableMessage) -> Vec<(String, String, usize)> {
    m.attachments.iter().map(|a| (a.name.clone(), a.mime_type.clone(), a.content.len())).collect()
}

#[test]
fn a_digest_shows_its_table_of_contents_every_message_and_its_footer() {
    let m = fixture!("regression-digest-toc-and-footer");
    let parts = shown(&m, Preference::Html);
    assert_eq!(parts.len(), 4, "{parts:?}");
    assert!(parts[0].starts_with("text:Today's Topics:"), "{parts:?}");
    assert_eq!(parts[1], "message:first");
    assert_eq!(parts[2], "message:second");
    assert!(parts[3].contains("Ppp mailing list"), "{parts:?}");
    assert!(m.attachments.is_empty());
    let BodyPart::Message(first) = &m.parts[1] else { panic!("{:?}", m.parts[1]) };
    assert_eq!(first.from[0].display(), "Ann <ann@example.org>");
    assert_eq!(first.text.trim(), "Hello from Ann.");
}

#[test]
fn a_second_inline_text_part_after_an_attachment_is_shown() {
    let m = fixture!("regression-second-inline-text");
    assert_eq!(shown(&m, Preference::Html), ["text:Here is the photo.", "text:And a second note after it."]);
    assert_eq!(attachments(&m), [("dot.png".into(), "image/png".into(), 70)]);
    assert!(m.text.contains("Here is the photo.") && m.text.contains("And a second note"), "{:?}", m.text);
}

#[test]
fn five_text_parts_in_five_transfer_encodings_are_all_shown_decoded() {
    let m = fixture!("regression-five-transfer-encodings");
    assert_eq!(
        shown(&m, Preference::Html),
        [
            "text:Part one: 7bit.",
            "text:Part two: 8bit, Grüße.",
            "text:Part three: quoted-printable, Grüße, a soft break.",
            "text:Part four: base64, Grüße.",
            "text:Part five: binary.",
        ]
    );
    assert!(m.attachments.is_empty());
}

#[test]
fn a_signed_message_shows_the_list_footer_after_it_and_lists_the_signature() {
    let m = fixture!("regression-signed-with-inline-footer");
    let parts = shown(&m, Preference::Html);
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert_eq!(parts[0], "text:The signed text.");
    assert!(parts[1].contains("list mailing list"), "{parts:?}");
    let listed = attachments(&m);
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].0.as_str(), listed[0].1.as_str()), ("signature.asc", "application/pgp-signature"));
}

#[test]
fn content_type_text_without_a_subtype_reads_as_plain_text() {
    let m = fixture!("regression-text-without-subtype");
    assert_eq!(shown(&m, Preference::Html), ["text:The body of a part typed only \"text\"."]);
    assert!(m.attachments.is_empty(), "{:?}", attachments(&m));
}

#[test]
fn a_header_block_without_a_blank_line_keeps_its_body() {
    let m = fixture!("regression-no-blank-line-after-headers");
    assert_eq!(m.subject, "Headers run into the body");
    assert_eq!(
        shown(&m, Preference::Html),
        ["text:The first line of the body.\r\nThe second line: with a colon."]
    );
}

#[test]
fn part_headers_without_a_blank_line_keep_their_body_and_the_next_part() {
    let m = fixture!("regression-part-headers-without-blank-line");
    assert_eq!(
        shown(&m, Preference::Html),
        ["text:Part one, straight after its header.", "text:Part two, after a blank line."]
    );
}

#[test]
fn a_message_without_headers_keeps_its_first_line() {
    let m = fixture!("regression-no-headers");
    assert_eq!(
        shown(&m, Preference::Html),
        ["text:This message has no header lines at all.\r\nIts first line must stay part of the body."]
    );
    assert_eq!(m.sender_or_placeholder(), "(no sender)");
    assert_eq!(m.subject_or_placeholder(), "(no subject)");
    // Nothing else read it as a message before: one line without a colon.
    assert!(read(b"Hello world\r\n").is_some_and(|m| m.text == "Hello world\r\n"));
}

#[test]
fn a_sender_without_a_domain_shows_as_written() {
    let m = fixture!("regression-from-without-domain");
    assert_eq!(m.sender_or_placeholder(), "foo");
    assert_eq!(m.from[0].short(), "foo");
    // What Dovecot's ENVELOPE makes of it, in the list.
    assert_eq!(posthorn_proto::message::sender_display(None, "foo@MISSING_DOMAIN"), "foo");
}

#[test]
fn the_null_sender_shows_its_name_or_mailer_daemon() {
    let m = fixture!("regression-from-mailer-daemon-empty");
    assert_eq!(m.sender_or_placeholder(), "MAILER DAEMON");
    assert_eq!(m.from[0].address, "", "nothing to reply to");
    let parts = shown(&m, Preference::Html);
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert!(parts[1].contains("Status: 5.1.1"), "delivery status shown as text: {parts:?}");
    assert_eq!(attachments(&m).len(), 1, "the returned message, attached");
    assert_eq!(m.attachments[0].mime_type, "message/rfc822");
    assert_eq!(m.attachments[0].name, "attachment-1.eml");
    let m = fixture!("regression-from-null-path");
    assert_eq!(m.sender_or_placeholder(), "MAILER-DAEMON");
    assert_eq!(m.from[0].short(), "MAILER-DAEMON");
}

#[test]
fn a_multipart_without_boundary_lines_shows_its_text() {
    let m = fixture!("regression-multipart-without-boundary-lines");
    assert_eq!(shown(&m, Preference::Html), ["text:This text is all there is.\r\nNo boundary line follows."]);
    assert!(m.attachments.is_empty(), "{:?}", attachments(&m));
    // Without a boundary parameter at all, too.
    let m = read(b"Content-Type: multipart/mixed\r\n\r\nJust text.\r\n").unwrap();
    assert_eq!(shown(&m, Preference::Html), ["text:Just text."]);
}

#[test]
fn zero_byte_parts_are_not_listed() {
    let m = fixture!("regression-zero-byte-parts");
    assert_eq!(shown(&m, Preference::Html), ["text:The only text."]);
    assert_eq!(attachments(&m), [("attachment-1.pdf".into(), "application/pdf".into(), 8)]);
    // The structure view still has all four.
    let s: MimeNode = structure!("regression-zero-byte-parts");
    assert_eq!(s.children.len(), 4);
    assert_eq!(s.children[1].name.as_deref(), Some("empty.bin"));
    assert_eq!(s.children[1].size, 0);
}

#[test]
fn addresses_of_every_kind() {
    let m = fixture!("regression-addresses");
    assert_eq!(m.sender_or_placeholder(), "Ann Example <ann@example.org>", "a comment is the name");
    let to: Vec<String> = m.to.iter().map(|a| a.display()).collect();
    assert_eq!(to, ["Bob B. <bob@example.org>", "carol@example.org", "undisclosed-recipients:;"]);
    let cc: Vec<String> = m.cc.iter().map(|a| a.display()).collect();
    assert_eq!(cc, ["Jörg <joerg@münchen.example>", "Jörg Ü <jörg@bücher.example>"]);
    assert_eq!(m.cc[0].address, "joerg@xn--mnchen-3ya.example", "replies go to the A-label");
}

#[test]
fn dates_come_from_the_date_header_as_a_timestamp() {
    let m = fixture!("regression-addresses");
    assert_eq!(m.timestamp, Some(1_795_424_400));
    assert_eq!(m.date.as_deref(), Some("2026-11-23T10:00:00+01:00"));
    let m = fixture!("regression-no-subject-no-date");
    assert_eq!((m.timestamp, m.date.as_deref()), (None, None));
    assert_eq!(m.subject_or_placeholder(), "(no subject)");
    assert_eq!(m.sender_or_placeholder(), "(no sender)");
    let m = fixture!("regression-unparsable-date");
    assert_eq!(m.timestamp, None, "an unreadable date is no date: the caller falls back to INTERNALDATE");
}

#[test]
fn an_alternative_shows_the_preferred_rendering_and_lists_the_calendar() {
    let m = fixture!("regression-alternative-with-calendar");
    assert_eq!(shown(&m, Preference::Html), ["html:<p>Meeting on <b>Monday</b>.</p>"]);
    assert_eq!(shown(&m, Preference::Plain), ["text:Meeting on Monday."]);
    assert_eq!(m.text.trim(), "Meeting on Monday.");
    let listed = attachments(&m);
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].0.as_str(), listed[0].1.as_str()), ("attachment-1.ics", "text/calendar"));
}

#[test]
fn an_inner_multipart_ends_at_the_outer_boundary() {
    // Dovecot's fixture (corpus/display/malformed-009.eml): the outer boundary ends the inner part.
    let m = fixture!("malformed-009");
    assert_eq!(shown(&m, Preference::Html), ["text:1", "text:22", "text:333"]);
}

#[test]
fn the_structure_lists_every_part_with_its_headers() {
    let s = structure!("regression-five-transfer-encodings");
    assert_eq!(s.content_type, "multipart/mixed");
    let encodings: Vec<_> =
        s.children.iter().map(|c| c.transfer_encoding.clone().unwrap_or_default()).collect();
    assert_eq!(encodings, ["7bit", "8bit", "quoted-printable", "base64", "binary"]);
    assert_eq!(s.children[2].charset.as_deref(), Some("iso-8859-1"));
    assert_eq!(s.children[0].size, "Part one: 7bit.".len());
    let s = structure!("regression-second-inline-text");
    assert_eq!(s.children[1].disposition.as_deref(), Some("attachment"));
    assert_eq!(s.children[1].name.as_deref(), Some("dot.png"));
    assert_eq!(s.children[2].disposition.as_deref(), Some("inline"));
}
