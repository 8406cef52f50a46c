//! Tags: the five that Thunderbird and other clients share through IMAP keywords (RFC 9051
//! section 2.3.2), `$label1` (Important) to `$label5` (Later), so a tag set here shows there and
//! the other way round. A row keeps them as a bit set ([`super::Row::tags`]). Key `1` to `5`
//! toggles one on the messages acted on, `0` takes them all off, as in Thunderbird; the toolbar's
//! *Tag* menu does the same.

use leptos::prelude::*;
use posthorn_proto::imap::Flag;

use super::{MailState, Row};

/// How many tags there are: `$label1` to `$label5`.
pub const TAGS: u8 = 5;

/// The keyword of tag `n` (1 to [`TAGS`]).
pub fn keyword(n: u8) -> String {
    format!("$label{n}")
}

/// Which tag `flag` is, if it is one. Keywords are matched without regard to case, as servers
/// match them (Thunderbird writes `$label1`, others `$Label1`).
pub fn tag_of(flag: &Flag) -> Option<u8> {
    let Flag::Keyword(keyword) = flag else { return None };
    let n = keyword.to_ascii_lowercase().strip_prefix("$label")?.parse::<u8>().ok()?;
    (1..=TAGS).contains(&n).then_some(n)
}

/// Keywords without `$` that mark junk for some clients (RFC 5788's registry keeps `$Junk`; older
/// clients wrote these).
const UNNAMED: [&str; 4] = ["Junk", "NonJunk", "NotJunk", "Forwarded"];

/// The keywords among `flags` that are tags a person named in another client: neither the five
/// (`$label1` to `$label5`) nor a `$` keyword, which clients and servers set for their own ends
/// (`$Forwarded`, `$MDNSent`, `$Junk`, Apple's `$MailFlagBit0`; RFC 5788 section 3.1), nor the
/// junk marks some clients wrote without one. Thunderbird writes a tag "Project X" as
/// `Project_X`.
pub fn named_keywords(flags: &[Flag]) -> Vec<String> {
    flags
        .iter()
        .filter_map(|f| match f {
            Flag::Keyword(k) if !k.starts_with('$') && !UNNAMED.iter().any(|u| u.eq_ignore_ascii_case(k)) => {
                Some(k.replace('_', " "))
            }
            _ => None,
        })
        .collect()
}

/// The tags among `flags`, as a bit set (bit `n - 1` for tag `n`).
pub fn tags_of(flags: &[Flag]) -> u8 {
    flags.iter().filter_map(tag_of).fold(0, |set, n| set | bit(n))
}

/// Tag `n`'s bit.
pub fn bit(n: u8) -> u8 {
    1 << (n - 1)
}

/// The tags in a bit set, in order.
pub fn listed(set: u8) -> impl Iterator<Item = u8> {
    (1..=TAGS).filter(move |n| set & bit(*n) != 0)
}

/// The tags every one of `rows` has, as a bit set; none where there are no rows.
pub fn common<'a>(rows: impl Iterator<Item = &'a Row>) -> u8 {
    let mut rows = rows.peekable();
    if rows.peek().is_none() {
        return 0;
    }
    rows.fold(u8::MAX, |set, row| set & row.tags)
}

/// The tags every message of `targets` (messages of one account or of several) has, as a bit
/// set; none where there are none (tracked, for the menu's ticks).
pub fn common_in(targets: &[(MailState, Vec<u32>)]) -> u8 {
    let known: Vec<u8> = targets
        .iter()
        .filter(|(_, uids)| !uids.is_empty())
        .map(|(state, uids)| state.list.rows.with(|rows| common(uids.iter().filter_map(|u| rows.get(u)))))
        .collect();
    if known.is_empty() { 0 } else { known.into_iter().fold(u8::MAX, |set, tags| set & tags) }
}

/// Puts tag `n` on the messages of `targets`, or takes it off where all have it, as Thunderbird
/// toggles (on where none of them is known). Across accounts it is one choice: a message of one
/// account without the tag puts it on those of the others too.
pub fn toggle_tag_in(targets: Vec<(MailState, Vec<u32>)>, n: u8) {
    if !(1..=TAGS).contains(&n) {
        return;
    }
    let on = untrack(|| common_in(&targets)) & bit(n) == 0;
    for (state, uids) in targets.into_iter().filter(|(_, uids)| !uids.is_empty()) {
        state.set_flag(uids, Flag::Keyword(keyword(n)), on);
    }
}

impl MailState {
    /// Toggles tag `n` on the messages ([`toggle_tag_in`]).
    pub fn toggle_tag(&self, uids: Vec<u32>, n: u8) {
        toggle_tag_in(vec![(self.clone(), uids)], n);
    }

    /// Takes every tag off the messages: one STORE per tag that one of them has.
    pub fn clear_tags(&self, uids: Vec<u32>) {
        let had = self.list.rows.with_untracked(|rows| {
            uids.iter().filter_map(|u| rows.get(u)).fold(0, |set, row| set | row.tags)
        });
        for n in listed(had) {
            self.set_flag(uids.clone(), Flag::Keyword(keyword(n)), false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn only_tags_people_named_are_shown_beside_the_five() {
        let flags = vec![
            Flag::Seen,
            Flag::Keyword("$label2".into()),
            Flag::Keyword("Project_X".into()),
            Flag::Keyword("$MailFlagBit0".into()),
            Flag::Keyword("NonJunk".into()),
            Flag::Keyword("$Forwarded".into()),
            Flag::Keyword("urgent".into()),
        ];
        assert_eq!(named_keywords(&flags), ["Project X", "urgent"]);
    }

    #[wasm_bindgen_test]
    fn keywords_are_tags_in_any_case_and_only_the_five() {
        let flags = [
            Flag::Seen,
            Flag::Keyword("$label1".into()),
            Flag::Keyword("$Label4".into()),
            Flag::Keyword("$label6".into()),
            Flag::Keyword("$label0".into()),
            Flag::Keyword("$labelx".into()),
            Flag::Keyword("$Junk".into()),
        ];
        assert_eq!(tags_of(&flags), 0b01001);
        assert_eq!(listed(0b01001).collect::<Vec<_>>(), [1, 4]);
        assert_eq!(tag_of(&Flag::Keyword(keyword(5))), Some(5));
    }

    #[wasm_bindgen_test]
    fn a_tag_goes_off_only_where_every_message_has_it() {
        let row = |tags| Row { tags, ..Row::default() };
        let (work, none) = (row(bit(2)), row(0));
        // `toggle_tag` puts a tag on where `common` lacks it.
        let toggled_on = |rows: &[&Row], n: u8| common(rows.iter().copied()) & bit(n) == 0;
        assert!(!toggled_on(&[&work, &work], 2));
        assert!(toggled_on(&[&work, &none], 2));
        assert!(toggled_on(&[&none], 1));
        assert!(toggled_on(&[], 3), "no row known: on");
    }
}
