//! "All inboxes": the INBOX of every IMAP account in one list, once there are two or more.
//!
//! Each account keeps its own [`MailState`] (its session, cache and offline queue); this view
//! opens INBOX in each of them and shows their rows merged in the list's order ([`merge`]). Every
//! row stays tied to its account, so whatever is done to it (open, flag, move, delete) is done
//! by that account's state on that account's server, and a reply is written in that account's
//! composer, from its identity and through its SMTP server (`frontend/src/composer.rs`).

#[cfg(test)]
mod bench;
mod entry;
mod kept_sort;
mod keys;
mod list;
mod merge;
mod reader;
mod sidebar;
mod view;

pub use entry::AllInboxesEntry;
pub use view::AllInboxesView;

use leptos::prelude::*;

use crate::account::{AccountSettings, Accounts, IncomingProtocol};
use crate::mail_state::MailState;

/// Whether "All inboxes" is the view shown, provided as a context by the App.
#[derive(Clone, Copy)]
pub struct AllInboxes {
    /// True while "All inboxes" is shown instead of one account's folders.
    pub shown: RwSignal<bool>,
}

impl AllInboxes {
    /// Creates the choice (not shown) and provides it as a context.
    pub fn provide() -> Self {
        let all = Self { shown: RwSignal::new(false) };
        provide_context(all);
        all
    }
}

/// The accounts "All inboxes" lists: those that read mail with IMAP (a POP3 account has its own
/// view and store, `frontend/src/pop3_view.rs`).
pub fn imap_accounts(list: &[AccountSettings]) -> Vec<AccountSettings> {
    list.iter().filter(|a| a.incoming_protocol == IncomingProtocol::Imap).cloned().collect()
}

/// Whether there is anything to unify: two or more IMAP accounts. Tracks the account list.
pub fn available(accounts: Accounts) -> bool {
    accounts.list.with(|l| imap_accounts(l).len() >= 2)
}

/// The colours rows are marked with, one per account in the order of the account list. Each
/// keeps at least 3:1 against the light and the dark background (WCAG 2.1, 1.4.11); the name
/// beside it says the same in words.
const COLOURS: [&str; 6] = ["#1a73e8", "#1e8e3e", "#d93025", "#a142f4", "#b06000", "#12858f"];

/// The colour of the account at `index` among the unified accounts.
pub fn colour(index: usize) -> &'static str {
    COLOURS[index % COLOURS.len()]
}

/// How a row names its account: the display name where no other account has the same one, else
/// the address (unique: it is the account's id).
pub fn account_name(account: &AccountSettings, all: &[AccountSettings]) -> String {
    let name = account.display_name.trim();
    let shared = all.iter().filter(|a| a.display_name.trim() == name).count() > 1;
    if name.is_empty() || shared { account.email.clone() } else { name.to_owned() }
}

/// One unified account: its state, and how its rows are marked.
#[derive(Clone)]
pub(crate) struct Member {
    /// The account's mail state (shared with its own mail view).
    pub state: MailState,
    /// The name its rows show.
    pub name: String,
    /// The colour its rows are marked with.
    pub colour: &'static str,
}

impl Member {
    /// The account's address.
    pub fn email(&self) -> &str {
        &self.state.account.email
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{ConnectionSecurity, ServerSettings};
    use wasm_bindgen_test::*;

    fn account(email: &str, name: &str, protocol: IncomingProtocol) -> AccountSettings {
        let server = ServerSettings {
            host: "mail.example.org".into(),
            port: 993,
            security: ConnectionSecurity::Tls,
            username: email.into(),
            mechanism: None,
            pin_sha256: None,
        };
        AccountSettings {
            email: email.into(),
            display_name: name.into(),
            incoming_protocol: protocol,
            incoming: server.clone(),
            outgoing: server,
            server_files_sent: false,
            pop3_delete: Default::default(),
        }
    }

    #[wasm_bindgen_test]
    fn rows_name_their_account_unambiguously() {
        let all = vec![
            account("a@example.org", "Ann", IncomingProtocol::Imap),
            account("b@example.org", "Work", IncomingProtocol::Imap),
            account("c@example.org", "Work", IncomingProtocol::Imap),
            account("d@example.org", "", IncomingProtocol::Imap),
        ];
        assert_eq!(account_name(&all[0], &all), "Ann");
        // Two accounts called "Work": each is named by its address.
        assert_eq!(account_name(&all[1], &all), "b@example.org");
        assert_eq!(account_name(&all[2], &all), "c@example.org");
        assert_eq!(account_name(&all[3], &all), "d@example.org");
        assert_ne!(colour(0), colour(1));
    }

    #[wasm_bindgen_test]
    fn only_imap_accounts_are_unified() {
        let all = vec![
            account("a@example.org", "", IncomingProtocol::Imap),
            account("p@example.org", "", IncomingProtocol::Pop3),
        ];
        assert_eq!(imap_accounts(&all).len(), 1);
    }
}
