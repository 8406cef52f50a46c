//! Searching the open folder: on the server (UID SEARCH, RFC 3501 section 6.4.4, with the
//! engine's CHARSET UTF-8) over sender, recipients, subject or body, and a [`Filter`] (unread or
//! flagged only, or with one tag, as Thunderbird's quick filter: UNSEEN, FLAGGED, KEYWORD) alone
//! or with the words, and the operators of the engine's `imap::search_query` (`from:`,
//! `after:`, `is:unread` …);
//! offline, or when the server cannot be reached, over the cached rows and bodies in the store,
//! deciding each operator as the server would.
//! The hits are shown in the list's order ([`in_list_order`]), so a search keeps the order
//! chosen above the list.

use std::collections::HashSet;

use leptos::prelude::*;
use posthorn_proto::imap::search_query::{self, QueryError};
use posthorn_proto::imap::{Command, Data, MailboxName, SearchKey};
use posthorn_proto::message::read;

use super::MailState;
use crate::session::MailError;
use crate::store;

/// A search the person asked for: the field ("from", "to", "subject", "body", or "text" for all
/// of them), the words, and which messages to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub field: String,
    pub text: String,
    pub filter: Filter,
}

/// Which of the folder's messages the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    /// Every one.
    #[default]
    All,
    /// Those without `\Seen` (SEARCH UNSEEN).
    Unread,
    /// Those with `\Flagged` (SEARCH FLAGGED).
    Flagged,
    /// Those with tag `n`, 1 to 5 (SEARCH KEYWORD `$label<n>`; mail_state/tags.rs).
    Tag(u8),
}

/// The tags' names in the filter's select.
const TAG_NAMES: [&str; super::tags::TAGS as usize] = ["tag-1", "tag-2", "tag-3", "tag-4", "tag-5"];

impl Filter {
    /// Its name in the filter's select (mail_view/search_field.rs), and back.
    pub fn name(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Unread => "unread",
            Filter::Flagged => "flagged",
            Filter::Tag(n) => TAG_NAMES.get(usize::from(n).wrapping_sub(1)).copied().unwrap_or("all"),
        }
    }

    pub fn from_name(name: &str) -> Self {
        match name {
            "unread" => Filter::Unread,
            "flagged" => Filter::Flagged,
            other => match TAG_NAMES.iter().position(|t| *t == other) {
                Some(i) => Filter::Tag(i as u8 + 1),
                None => Filter::All,
            },
        }
    }

    /// The search key that asks the server for it.
    fn key(self) -> Option<SearchKey> {
        match self {
            Filter::All => None,
            Filter::Unread => Some(SearchKey::Unseen),
            Filter::Flagged => Some(SearchKey::Flagged),
            Filter::Tag(n) => Some(SearchKey::Keyword(super::tags::keyword(n))),
        }
    }

    /// Whether a row on the device passes it.
    pub fn passes(self, row: &super::Row) -> bool {
        match self {
            Filter::All => true,
            Filter::Unread => !row.seen,
            Filter::Flagged => row.flagged,
            Filter::Tag(n) => row.tags & super::tags::bit(n) != 0,
        }
    }
}

/// `hits` in the order of `order` (the list's, `MailState::order`); a hit the order does not
/// hold yet (it arrived since) comes first, highest UID first.
pub(super) fn in_list_order(hits: &[u32], order: &[u32]) -> Vec<u32> {
    let wanted: HashSet<u32> = hits.iter().copied().collect();
    let listed: Vec<u32> = order.iter().copied().filter(|u| wanted.contains(u)).collect();
    let in_order: HashSet<u32> = listed.iter().copied().collect();
    let mut new: Vec<u32> = hits.iter().copied().filter(|u| !in_order.contains(u)).collect();
    new.sort_unstable_by(|a, b| b.cmp(a));
    new.dedup();
    new.extend(listed);
    new
}

impl MailState {
    /// Searching as a Leptos action: each dispatch runs [`MailState::search_messages`], and `pending()` is
    /// true while the server (or the store) is asked, for the search form's busy state. Made by
    /// the view that dispatches it, so it is owned (and dropped) with that view.
    pub fn search_action(&self) -> Action<Query, ()> {
        let state = self.clone();
        Action::new_local(move |query: &Query| {
            let (state, query) = (state.clone(), query.clone());
            async move { state.search_messages(&query.field, query.text, query.filter).await }
        })
    }

    /// Server-side search (UID SEARCH CHARSET UTF-8) over from, to, subject or body, of the
    /// messages `filter` shows; offline (or when the server cannot be reached), a local search
    /// over cached headers and bodies. Empty words and no filter end the search.
    pub async fn search_messages(&self, field: &str, text: String, filter: Filter) {
        let text = text.trim().to_string();
        self.search.elsewhere.set(Vec::new());
        self.search.last.set_value(Some(Query { field: field.to_owned(), text: text.clone(), filter }));
        self.search.filter.set(filter);
        let query = match search_query::parse(&text) {
            Ok(query) => query,
            Err(e) => {
                self.error.set(Some(MailError::new(unreadable(&e))));
                return;
            }
        };
        let words = |words: String| match field {
            "from" => SearchKey::From(words),
            "to" => SearchKey::To(words),
            "subject" => SearchKey::Subject(words),
            "body" => SearchKey::Body(words),
            _ => SearchKey::Text(words),
        };
        let has_words = !query.is_empty();
        let criteria: Vec<SearchKey> = query.keys(words).into_iter().chain(filter.key()).collect();
        if criteria.is_empty() {
            self.search.hits.set(None);
            return;
        }
        self.status.set(crate::i18n::t().searching.into());
        // In the open folder only (UIDs are per mailbox): another folder opened meanwhile ends it.
        let generation = self.generation.get_value();
        let Some(result) =
            self.run_when_selected(Command::Search { criteria: criteria.clone() }, generation).await
        else {
            self.status.set(String::new());
            return;
        };
        let mut uids = match result {
            Ok(Data::Searched(found)) => found.uids,
            Ok(_) => Vec::new(),
            Err(f) if f.transport => {
                let found = self.search_local(field, &query, filter).await;
                self.status.set((crate::i18n::t().found_on_device)(found.len()));
                self.search.hits.set(Some(found));
                return;
            }
            Err(f) => {
                self.status.set(String::new());
                self.error.set(Some(f.error));
                return;
            }
        };
        uids.sort_unstable_by(|a, b| b.cmp(a));
        self.status.set((crate::i18n::t().found)(uids.len()));
        self.search.hits.set(Some(uids.clone()));
        // Words are looked for in the other folders too, in the background.
        if has_words {
            let state = self.clone();
            leptos::task::spawn_local(async move { state.search_elsewhere(criteria, generation).await });
        }
        // Fetch the found rows that are not loaded yet (the first few hundred).
        let missing: Vec<u32> = uids
            .iter()
            .copied()
            .filter(|u| self.list.rows.with_untracked(|r| !r.contains_key(u)))
            .take(300)
            .collect();
        if !missing.is_empty() {
            let mut missing = missing;
            missing.sort_unstable();
            self.fetch_rows(missing, self.generation.get_value()).await;
        }
    }

    /// Counts the hits of `criteria` in every other folder that can be opened, in the folder
    /// list's order, on the account's second connection (session/filing.rs `search_folders`);
    /// kept in [`super::SearchStore::elsewhere`] unless the person searched
    /// again or opened another folder meanwhile.
    async fn search_elsewhere(&self, criteria: Vec<SearchKey>, generation: u64) {
        let open = self.folders.open.get_untracked();
        let folders: Vec<_> = self.folders.all.with_untracked(|all| {
            all.iter()
                .filter(|f| f.selectable && Some(&f.mailbox) != open.as_ref())
                .map(|f| f.mailbox.clone())
                .collect()
        });
        let Some(password) = self.accounts.password(self.email()) else { return };
        if folders.is_empty() {
            return;
        }
        let asked = self.search.last.get_value();
        let found =
            crate::session::filing::search_folders(&self.account, &password, self.log, folders, criteria)
                .await;
        if let Ok(found) = found
            && self.still(generation)
            && self.search.last.try_get_value() == Some(asked)
        {
            self.search.elsewhere.set(found);
        }
    }

    /// Opens `mailbox` and runs the active search there (a folder the search found hits in).
    pub fn search_in(&self, mailbox: MailboxName) {
        let Some(query) = self.search.last.get_value() else { return };
        let state = self.clone();
        leptos::task::spawn_local(async move {
            if state.show_cached(&mailbox).await {
                state.sync_open_folder().await;
                state.search_messages(&query.field, query.text, query.filter).await;
            }
        });
    }

    /// New mail in the open folder joins the hits of a filter alone (no words) where it passes,
    /// as a folder's list shows it: an unread message arriving while only unread ones are shown.
    pub(super) fn arrived_in_filter(&self, arrived: &[u32]) {
        let filter = self.search.filter.get_untracked();
        let words = self.search.last.with_value(|q| q.as_ref().is_some_and(|q| !q.text.is_empty()));
        if filter == Filter::All || words {
            return;
        }
        let passing: Vec<u32> = self.list.rows.with_untracked(|rows| {
            arrived.iter().copied().filter(|u| rows.get(u).is_some_and(|r| filter.passes(r))).collect()
        });
        if !passing.is_empty() {
            self.search.hits.update(|hits| {
                if let Some(hits) = hits {
                    hits.extend(passing);
                }
            });
        }
    }

    /// Searches the open folder's cached rows (from, to, subject) and cached bodies (the rest), of
    /// the rows `filter` shows, for the words in `field` and every operator of `query`; no words
    /// and no operators: every row it shows.
    async fn search_local(&self, field: &str, query: &search_query::Query, filter: Filter) -> Vec<u32> {
        let needle = query.words.to_lowercase();
        let has = |s: &str| s.to_lowercase().contains(&needle);
        let needs_body = !needle.is_empty() && matches!(field, "to" | "body" | "text")
            || query.criteria.iter().any(|c| matches!(c.term, search_query::Term::Body(_)));
        let mut bodies = std::collections::HashMap::new();
        if needs_body
            && let (Some(folder), Some(uidvalidity)) =
                (self.folders.open.get_untracked(), self.list.uidvalidity.get_value())
            && let Ok(stored) = store::bodies(self.email(), folder.as_wire(), uidvalidity).await
        {
            bodies.extend(stored.into_iter().filter_map(|(uid, raw)| Some((uid, read(&raw)?))));
        }
        let words_hit = |r: &super::Row| {
            let message = bodies.get(&r.uid);
            let to = || {
                r.to.as_deref().is_some_and(has)
                    || message.is_some_and(|m: &posthorn_proto::message::ReadableMessage| {
                        m.to.iter()
                            .chain(&m.cc)
                            .any(|a| has(&a.address) || a.name.as_deref().is_some_and(has))
                    })
            };
            let body = || message.is_some_and(|m| has(&m.text) || m.html.as_deref().is_some_and(has));
            match field {
                _ if needle.is_empty() => true,
                "from" => has(&r.from),
                "to" => to(),
                "subject" => has(&r.subject),
                "body" => body(),
                _ => has(&r.from) || to() || has(&r.subject) || body(),
            }
        };
        let operators_hold = |r: &super::Row| {
            let facts = r.facts(bodies.get(&r.uid).map(|m| m.text.as_str()));
            query.criteria.iter().all(|c| c.holds(&facts) == Some(true))
        };
        let present: HashSet<u32> = self.list.uids.with_untracked(|u| u.iter().copied().collect());
        let mut found: Vec<u32> = self.list.rows.with_untracked(|rows| {
            rows.values()
                .filter(|r| present.contains(&r.uid) && filter.passes(r) && words_hit(r) && operators_hold(r))
                .map(|r| r.uid)
                .collect()
        });
        found.sort_unstable_by(|a, b| b.cmp(a));
        found
    }
}

/// A search operator's value that cannot be read, in the app's language.
fn unreadable(error: &QueryError) -> String {
    match error {
        QueryError::Date(v) => (crate::i18n::t().search_bad_date)(v),
        QueryError::Size(v) => (crate::i18n::t().search_bad_size)(v),
        QueryError::State(v) => (crate::i18n::t().search_bad_state)(v),
    }
}

#[cfg(test)]
mod tests {
    use super::in_list_order;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn hits_follow_the_lists_order_and_new_ones_come_first() {
        // The list by sender, say: 7, 2, 9, 4, 1.
        let order = [7, 2, 9, 4, 1];
        assert_eq!(in_list_order(&[9, 7, 4], &order), [7, 9, 4]);
        // 12 arrived after the order was made: first.
        assert_eq!(in_list_order(&[1, 12, 2], &order), [12, 2, 1]);
        assert!(in_list_order(&[], &order).is_empty());
    }
}
