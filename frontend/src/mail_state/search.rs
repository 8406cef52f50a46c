//! Searching the open folder: on the server (UID SEARCH, RFC 3501 section 6.4.4, with the
//! engine's CHARSET UTF-8) over sender, recipients, subject or body; offline, or when the server
//! cannot be reached, over the cached rows and bodies in the store.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::imap::{Command, Data, SearchKey};
use posthorn_proto::message::read;

use super::MailState;
use crate::store;

impl MailState {
    /// Server-side search (UID SEARCH CHARSET UTF-8) over from, to, subject or body; offline (or
    /// when the server cannot be reached), a local search over cached headers and bodies.
    pub fn search_server(&self, field: &str, text: String) {
        let text = text.trim().to_string();
        if text.is_empty() {
            self.search.set(None);
            return;
        }
        let key = match field {
            "from" => SearchKey::From(text.clone()),
            "to" => SearchKey::To(text.clone()),
            "subject" => SearchKey::Subject(text.clone()),
            "body" => SearchKey::Body(text.clone()),
            _ => SearchKey::Text(text.clone()),
        };
        let state = self.clone();
        let field = field.to_owned();
        spawn_local(async move {
            state.status.set(crate::i18n::t().searching.into());
            let result = state.run(Command::Search { criteria: vec![key] }).await;
            let mut uids = match result {
                Ok(Data::Searched(found)) => found.uids,
                Ok(_) => Vec::new(),
                Err(f) if f.transport => {
                    let found = state.search_local(&field, &text).await;
                    state.status.set((crate::i18n::t().found_on_device)(found.len()));
                    state.search.set(Some(found));
                    return;
                }
                Err(f) => {
                    state.status.set(String::new());
                    state.error.set(Some(f.error));
                    return;
                }
            };
            uids.sort_unstable_by(|a, b| b.cmp(a));
            state.status.set((crate::i18n::t().found)(uids.len()));
            state.search.set(Some(uids.clone()));
            // Fetch the found rows that are not loaded yet (the first few hundred).
            let missing: Vec<u32> = uids
                .iter()
                .copied()
                .filter(|u| state.rows.with_untracked(|r| !r.contains_key(u)))
                .take(300)
                .collect();
            if !missing.is_empty() {
                let mut missing = missing;
                missing.sort_unstable();
                state.fetch_rows(missing, state.generation.get_value()).await;
            }
        });
    }

    /// Searches the open folder's cached rows (from, subject) and cached bodies (the rest).
    async fn search_local(&self, field: &str, text: &str) -> Vec<u32> {
        let needle = text.to_lowercase();
        let has = |s: &str| s.to_lowercase().contains(&needle);
        let mut found: HashSet<u32> = self.rows.with_untracked(|rows| {
            rows.values()
                .filter(|r| match field {
                    "from" => has(&r.from),
                    "subject" => has(&r.subject),
                    "text" => has(&r.from) || has(&r.subject),
                    _ => false,
                })
                .map(|r| r.uid)
                .collect()
        });
        if matches!(field, "to" | "body" | "text")
            && let (Some(folder), Some(uidvalidity)) =
                (self.folder.get_untracked(), self.uidvalidity.get_value())
            && let Ok(bodies) = store::bodies(self.email(), folder.as_wire(), uidvalidity).await
        {
            for (uid, raw) in bodies {
                let Some(m) = read(&raw) else { continue };
                let to = || {
                    m.to.iter().chain(&m.cc).any(|a| has(&a.address) || a.name.as_deref().is_some_and(has))
                };
                let body = || has(&m.text) || m.html.as_deref().is_some_and(has);
                let hit = match field {
                    "to" => to(),
                    "body" => body(),
                    _ => body() || to() || has(&m.subject),
                };
                if hit {
                    found.insert(uid);
                }
            }
        }
        let present: HashSet<u32> = self.uids.with_untracked(|u| u.iter().copied().collect());
        let mut found: Vec<u32> = found.into_iter().filter(|u| present.contains(u)).collect();
        found.sort_unstable_by(|a, b| b.cmp(a));
        found
    }
}
