//! Transcripts of FETCH responses with `PREVIEW` (RFC 8970 section 6 and its examples in
//! section 5), in every form an nstring takes, and places where the word is data.

use super::*;

fn taken(response: &[u8]) -> (String, Option<String>) {
    let taken =
        take(response).unwrap_or_else(|| panic!("no PREVIEW in {:?}", String::from_utf8_lossy(response)));
    (String::from_utf8(taken.rest).unwrap(), taken.preview)
}

#[test]
fn quoted_preview_between_items() {
    let (rest, preview) =
        taken(b"* 1 FETCH (UID 7 PREVIEW \"Hello, world! This is a \\\"preview\\\".\" FLAGS (\\Seen))\r\n");
    assert_eq!(rest, "* 1 FETCH (UID 7 FLAGS (\\Seen))\r\n");
    assert_eq!(preview.as_deref(), Some("Hello, world! This is a \"preview\"."));
}

#[test]
fn preview_first_and_last() {
    let (rest, preview) = taken(b"* 3 FETCH (PREVIEW \"first\" UID 9)\r\n");
    assert_eq!(rest, "* 3 FETCH (UID 9)\r\n");
    assert_eq!(preview.as_deref(), Some("first"));
    let (rest, preview) = taken(b"* 3 fetch (UID 9 RFC822.SIZE 120 preview \"last\")\r\n");
    assert_eq!(rest, "* 3 fetch (UID 9 RFC822.SIZE 120)\r\n");
    assert_eq!(preview.as_deref(), Some("last"));
}

#[test]
fn nil_is_no_preview() {
    // RFC 8970 section 3: NIL when none can be made, or (LAZY) none is ready yet.
    let (rest, preview) = taken(b"* 2 FETCH (UID 8 PREVIEW NIL)\r\n");
    assert_eq!(rest, "* 2 FETCH (UID 8)\r\n");
    assert_eq!(preview, None);
}

#[test]
fn literal_preview_with_crlf_and_utf8() {
    let text = "Grüße aus\r\nBerlin )\"PREVIEW";
    let response = format!("* 4 FETCH (UID 10 PREVIEW {{{}}}\r\n{text} FLAGS ())\r\n", text.len());
    let (rest, preview) = taken(response.as_bytes());
    assert_eq!(rest, "* 4 FETCH (UID 10 FLAGS ())\r\n");
    assert_eq!(preview.as_deref(), Some("Grüße aus Berlin )\"PREVIEW"));
}

#[test]
fn the_word_as_data_is_left_alone() {
    // In a header literal, a section's field list, a quoted envelope subject and a flag.
    let header = "Subject: PREVIEW \"x\"\r\n\r\n";
    let response = format!(
        "* 5 FETCH (BODY[HEADER.FIELDS (PREVIEW SUBJECT)] {{{}}}\r\n{header} ENVELOPE (NIL \"PREVIEW \\\"y\\\"\" \
         NIL NIL NIL NIL NIL NIL NIL NIL) FLAGS (PREVIEW) PREVIEW \"the real one\")\r\n",
        header.len()
    );
    let (rest, preview) = taken(response.as_bytes());
    assert_eq!(preview.as_deref(), Some("the real one"));
    assert_eq!(rest, response.replace(" PREVIEW \"the real one\"", ""));
}

#[test]
fn after_a_partial_body_with_origin() {
    let (rest, preview) = taken(b"* 6 FETCH (BODY[]<0> \"ab\" PREVIEW \"p\")\r\n");
    assert_eq!(rest, "* 6 FETCH (BODY[]<0> \"ab\")\r\n");
    assert_eq!(preview.as_deref(), Some("p"));
}

#[test]
fn nothing_to_take() {
    assert_eq!(take(b"* 1 FETCH (UID 7 FLAGS (\\Seen))\r\n"), None);
    assert_eq!(take(b"* OK [UIDNEXT 4] PREVIEW \"x\"\r\n"), None);
    assert_eq!(take(b"A1 OK PREVIEW done\r\n"), None);
    // A literal cut short, or an atom that is not NIL: left for imap-codec to refuse.
    assert_eq!(take(b"* 1 FETCH (PREVIEW {40}\r\nshort)\r\n"), None);
    assert_eq!(take(b"* 1 FETCH (PREVIEW FUZZY)\r\n"), None);
    // A count so large that adding it to the position overflows (found by fuzz/).
    assert_eq!(take(b"* 1 FETCH (BODY[] {18446744073709551615}\r\n)\r\n"), None);
    assert_eq!(take(b"* 1 FETCH (PREVIEW {18446744073709551615}\r\nx)\r\n"), None);
}

#[test]
fn a_draft_form_list_is_taken_out_unread() {
    // draft-ietf-extra-imap-fetch-preview's `PREVIEW (FUZZY "...")`: the rest still reads.
    let (rest, preview) = taken(b"* 1 FETCH (UID 4 PREVIEW (FUZZY \"x (y)\") FLAGS ())\r\n");
    assert_eq!(rest, "* 1 FETCH (UID 4 FLAGS ())\r\n");
    assert_eq!(preview, None);
}

#[test]
fn white_space_run_together_and_long_text_cut() {
    let long = "word ".repeat(100);
    let response = format!("* 1 FETCH (PREVIEW \"  a\t b  {long}\")\r\n");
    let (_, preview) = taken(response.as_bytes());
    let preview = preview.unwrap();
    assert!(preview.starts_with("a b word word"), "{preview}");
    assert_eq!(preview.chars().count(), MAX_CHARS);
}
