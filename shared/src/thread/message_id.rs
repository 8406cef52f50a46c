//! The `msg-id`s of Message-ID, In-Reply-To and References (RFC 5322 section 3.6.4), read leniently:
//! anything between `<` and `>` without white space counts, because real mail carries IDs without
//! an `@` and phrases between them ("In-Reply-To: <a@b> (Jane's message of …)").

/// Every `<…>` in a header value, in order.
pub fn message_ids(value: &str) -> impl Iterator<Item = &str> {
    let mut rest = value;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find('<')?;
            let after = &rest[start + 1..];
            let Some(end) = after.find(['>', '<']) else {
                rest = "";
                return None;
            };
            let id = &after[..end];
            rest = if after.as_bytes()[end] == b'>' { &after[end + 1..] } else { &after[end..] };
            if after.as_bytes()[end] == b'>' && !id.is_empty() && !id.contains(char::is_whitespace) {
                return Some(id);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::message_ids;

    #[test]
    fn reads_every_id_and_skips_what_is_not_one() {
        let ids: Vec<&str> = message_ids("<a@x> <b@y>\r\n\t<c@z>").collect();
        assert_eq!(ids, ["a@x", "b@y", "c@z"]);
        let ids: Vec<&str> = message_ids("<a@x> (Jane's message of <today>)").collect();
        assert_eq!(ids, ["a@x", "today"]);
        assert_eq!(message_ids("<> <a b> < <c@d>").collect::<Vec<_>>(), ["c@d"]);
        assert_eq!(message_ids("no ids here").count(), 0);
        assert_eq!(message_ids("<unterminated").count(), 0);
    }
}
