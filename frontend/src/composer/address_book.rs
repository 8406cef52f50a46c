//! The addresses an account wrote to, kept on this device (the local store, `Key::Addresses`),
//! as Thunderbird collects the addresses of outgoing messages; with those seen in the open
//! folder, they are what the address fields suggest ([`matches`], address_field.rs).

use leptos::prelude::{GetUntracked, GetValue, Update};
use posthorn_proto::compose::{Address, Draft};

use crate::store::{self, Key};

/// How many addresses are kept: the most recently written to.
const KEPT: usize = 2000;

/// How many suggestions a field offers at once.
pub const OFFERED: usize = 8;

/// The account's collected addresses, most recent first.
pub async fn collected(email: &str) -> Vec<Address> {
    store::get_json::<Vec<Address>>(Key::Addresses(email)).await.ok().flatten().unwrap_or_default()
}

/// `known` with the recipients of `draft` put first (each address once, in any case, with the
/// name it was last written with), at most [`KEPT`].
pub fn with_recipients(known: &[Address], draft: &Draft) -> Vec<Address> {
    let mut out: Vec<Address> = Vec::with_capacity(known.len() + 4);
    for a in draft.to.iter().chain(&draft.cc).chain(&draft.bcc).chain(known) {
        if !a.address.is_empty() && !out.iter().any(|o| o.address.eq_ignore_ascii_case(&a.address)) {
            out.push(a.clone());
        }
    }
    out.truncate(KEPT);
    out
}

/// Keeps the collected addresses.
pub async fn keep(email: &str, addresses: &[Address]) {
    if let Err(e) = store::put_json(Key::Addresses(email), &addresses).await {
        web_sys::console::warn_1(&e.0.into());
    }
}

/// The addresses the person told the suggestions to forget (lower-cased): a typo once written
/// to, an address that is no more. They are not suggested, from any source, until written to
/// again.
pub async fn forgotten(email: &str) -> Vec<String> {
    store::get_json::<Vec<String>>(Key::Forgotten(email)).await.ok().flatten().unwrap_or_default()
}

/// Keeps the forgotten addresses.
pub async fn keep_forgotten(email: &str, addresses: &[String]) {
    if let Err(e) = store::put_json(Key::Forgotten(email), &addresses).await {
        web_sys::console::warn_1(&e.0.into());
    }
}

impl super::Composer {
    /// Forgets the suggestion `shown` (a display form): out of the collected addresses, and not
    /// suggested from the outbox or the folder either, on this device, until written to again.
    pub fn forget(&self, shown: &str) {
        let address = Address::parse(shown).address.to_lowercase();
        if address.is_empty() {
            return;
        }
        self.collected.update(|known| known.retain(|a| !a.address.eq_ignore_ascii_case(&address)));
        self.forgotten.update(|f| {
            if !f.contains(&address) {
                f.push(address);
            }
        });
        let (known, forgotten) = (self.collected.get_untracked(), self.forgotten.get_untracked());
        let email = self.email.get_value();
        leptos::task::spawn_local(async move {
            keep(&email, &known).await;
            keep_forgotten(&email, &forgotten).await;
        });
    }
}

/// `forgotten` with `draft`'s recipients taken out: writing to an address again brings it back.
pub fn remembered(forgotten: &[String], draft: &Draft) -> Vec<String> {
    let written: Vec<String> =
        draft.to.iter().chain(&draft.cc).chain(&draft.bcc).map(|a| a.address.to_lowercase()).collect();
    forgotten.iter().filter(|f| !written.contains(f)).cloned().collect()
}

/// Whether the suggestion `shown` (a display form) is one of `forgotten`.
pub fn is_forgotten(forgotten: &[String], shown: &str) -> bool {
    let address = Address::parse(shown).address.to_lowercase();
    !address.is_empty() && forgotten.contains(&address)
}

/// The part of an address line being typed: what follows its last comma, without the spaces
/// before it.
pub fn typing(line: &str) -> &str {
    line.rsplit(',').next().unwrap_or("").trim_start()
}

/// `line` with the part being typed replaced by `chosen`, and a comma and a space after it for
/// the next address.
pub fn complete(line: &str, chosen: &str) -> String {
    let kept = match line.rfind(',') {
        Some(at) => format!("{} ", &line[..=at]),
        None => String::new(),
    };
    format!("{kept}{chosen}, ")
}

/// The suggestions for what is being typed in `line`: those of `known` (display forms) whose
/// name or address contains it (in any case), not written earlier in the line, at most
/// [`OFFERED`], those where a word begins with it first. Nothing for nothing typed.
pub fn matches(known: &[String], line: &str) -> Vec<String> {
    let typed = typing(line).to_lowercase();
    if typed.is_empty() {
        return Vec::new();
    }
    let written = line.rfind(',').map_or(String::new(), |at| line[..at].to_lowercase());
    let mut found: Vec<(bool, &String)> = known
        .iter()
        .filter_map(|s| {
            let lower = s.to_lowercase();
            let at = lower.find(&typed)?;
            let address = Address::parse(s).address.to_lowercase();
            if !address.is_empty() && written.contains(&address) {
                return None;
            }
            let word_start = at == 0 || lower[..at].ends_with([' ', '<', '"']);
            Some((!word_start, s))
        })
        .collect();
    // Stable: the known order (most recent first) within each kind.
    found.sort_by_key(|(inside_a_word, _)| *inside_a_word);
    found.into_iter().map(|(_, s)| s.clone()).take(OFFERED).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn a_forgotten_address_comes_back_once_written_to() {
        let forgotten = vec!["bbo@x.org".to_owned(), "old@x.org".to_owned()];
        assert!(is_forgotten(&forgotten, "Bob <BBO@x.org>"));
        assert!(!is_forgotten(&forgotten, "Bob <bob@x.org>"));
        let date = posthorn_proto::compose::MessageDate { unix_seconds: 0, offset_minutes: 0 };
        let mut draft = Draft::new(Address::bare("me@x.org"), date, "<1@x>".into());
        draft.to = vec![Address::parse("Bob <Bbo@X.org>")];
        assert_eq!(remembered(&forgotten, &draft), ["old@x.org"]);
    }

    #[wasm_bindgen_test]
    fn the_last_address_is_completed() {
        assert_eq!(typing("carol@x.org, bo"), "bo");
        assert_eq!(typing("bo"), "bo");
        assert_eq!(complete("carol@x.org, bo", "Bob <bob@x.org>"), "carol@x.org, Bob <bob@x.org>, ");
        assert_eq!(complete("bo", "Bob <bob@x.org>"), "Bob <bob@x.org>, ");
    }

    #[wasm_bindgen_test]
    fn suggestions_match_names_and_addresses_and_skip_those_written() {
        let known: Vec<String> = ["Bob Example <bob@x.org>", "Robert Roe <rob@x.org>", "Carol <carol@x.org>"]
            .map(String::from)
            .to_vec();
        // Inside a word in both: the known order.
        assert_eq!(matches(&known, "ob"), ["Bob Example <bob@x.org>", "Robert Roe <rob@x.org>"]);
        // A word beginning with it goes first: Robert before Bob's "x.org" and "Carol".
        assert_eq!(
            matches(&known, "r"),
            ["Robert Roe <rob@x.org>", "Bob Example <bob@x.org>", "Carol <carol@x.org>"]
        );
        assert_eq!(matches(&known, "ROB"), ["Robert Roe <rob@x.org>"]);
        assert_eq!(matches(&known, "car"), ["Carol <carol@x.org>"]);
        assert_eq!(matches(&known, "carol@x.org, car"), Vec::<String>::new(), "Carol is written already");
        assert_eq!(matches(&known, "carol@x.org, b"), ["Bob Example <bob@x.org>", "Robert Roe <rob@x.org>"]);
        assert!(matches(&known, "carol@x.org, ").is_empty(), "nothing typed");
    }

    #[wasm_bindgen_test]
    fn recipients_go_first_once() {
        let known = vec![Address::new("Bob", "bob@x.org"), Address::new("", "carol@x.org")];
        let date = posthorn_proto::compose::MessageDate { unix_seconds: 0, offset_minutes: 0 };
        let mut draft = Draft::new(Address::bare("me@x.org"), date, "<1@x>".into());
        draft.to.push(Address::new("Carol Jones", "CAROL@x.org"));
        let kept = with_recipients(&known, &draft);
        assert_eq!(kept, [Address::new("Carol Jones", "CAROL@x.org"), Address::new("Bob", "bob@x.org")]);
    }
}
