//! "All inboxes": the inbox of every account in one list, once there are two or more.
//!
//! Each IMAP account keeps its own [`MailState`] (its session, cache and offline queue) and each
//! POP3 account its [`Pop3State`] (the messages kept in the browser); this view opens INBOX in
//! each IMAP account and shows every account's rows merged in the list's order ([`merge`]). Every
//! row stays tied to its account, so whatever is done to it (open, flag, move, delete) is done
//! by that account's state on that account's server, and a reply is written in that account's
//! composer, from its identity and through its SMTP server (`frontend/src/composer.rs`). A POP3
//! maildrop keeps no flags and no folders (RFC 1939): its rows open and are replied to, and the
//! flag, move and delete actions pass them by.

#[cfg(test)]
mod bench;
mod entry;
mod keys;
mod list;
mod merge;
mod reader;
mod sidebar;
mod ticks;
mod unified_row;
mod view;
mod with_composer;

pub use entry::AllInboxesEntry;
pub use view::AllInboxesView;

crate::lazy::lazy_part! {
    /// The view's code (the merged list, its reader and keys), fetched when it is first shown.
    in views: pub static ALL_INBOXES: Part<crate::lazy::Make<(crate::app::States, Vec<AccountSettings>)>> =
        |(states, accounts)| {
            let inboxes = accounts
                .into_iter()
                .map(|account| match account.incoming_protocol {
                    crate::account::IncomingProtocol::Imap => Inbox::Imap(states.imap(account)),
                    crate::account::IncomingProtocol::Pop3 => Inbox::Pop3(states.pop3(account)),
                })
                .collect::<Vec<_>>();
            view! { <AllInboxesView inboxes=inboxes /> }.into_any()
        };
}

use leptos::prelude::*;

use posthorn_proto::message::ReadableMessage;

use crate::account::{AccountSettings, Accounts};
use crate::mail_state::{MailState, Row};
use crate::pop3_view::Pop3State;
use crate::session::MailError;

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

/// An account's inbox as "All inboxes" lists it.
#[derive(Clone)]
#[allow(clippy::large_enum_variant, reason = "one per account, made once and cloned rarely")]
pub enum Inbox {
    /// An IMAP account's state; its INBOX is opened.
    Imap(MailState),
    /// A POP3 account's kept messages (`frontend/src/pop3_view/state.rs`).
    Pop3(Pop3State),
}

/// Whether there is anything to unify: two or more accounts. Tracks the account list.
pub fn available(accounts: Accounts) -> bool {
    accounts.list.with(|l| l.len() >= 2)
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

/// One unified account: its inbox, and how its rows are marked.
#[derive(Clone)]
pub(crate) struct Member {
    /// The account's inbox (its state is shared with the account's own view).
    pub inbox: Inbox,
    /// The name its rows show.
    pub name: String,
    /// The colour its rows are marked with.
    pub colour: &'static str,
}

impl Member {
    /// The account's settings.
    pub fn account(&self) -> AccountSettings {
        match &self.inbox {
            Inbox::Imap(state) => state.account.clone(),
            Inbox::Pop3(state) => state.account.get_value(),
        }
    }

    /// The account's address.
    pub fn email(&self) -> String {
        match &self.inbox {
            Inbox::Imap(state) => state.account.email.clone(),
            Inbox::Pop3(state) => state.account.with_value(|a| a.email.clone()),
        }
    }

    /// The IMAP account's state; `None` for a POP3 account.
    pub fn imap(&self) -> Option<&MailState> {
        match &self.inbox {
            Inbox::Imap(state) => Some(state),
            Inbox::Pop3(_) => None,
        }
    }

    /// The account's open message: its UID (local id for POP3), the message and its bytes.
    pub fn open(&self) -> RwSignal<Option<(u32, ReadableMessage, Vec<u8>)>> {
        match &self.inbox {
            Inbox::Imap(state) => state.reader.message,
            Inbox::Pop3(state) => state.open,
        }
    }

    /// Opens the message `uid` of the account's inbox.
    pub fn open_message(&self, uid: u32) {
        match &self.inbox {
            Inbox::Imap(state) => state.open_message(uid),
            Inbox::Pop3(state) => state.open_message(uid),
        }
    }

    /// The list row of message `uid`, if it is known. Tracks the rows.
    pub fn row(&self, uid: u32) -> Option<Row> {
        match &self.inbox {
            Inbox::Imap(state) => state.row_by_uid(uid),
            Inbox::Pop3(state) => state.row(uid),
        }
    }

    /// What the account is doing, for the status line.
    pub fn status(&self) -> RwSignal<String> {
        match &self.inbox {
            Inbox::Imap(state) => state.status,
            Inbox::Pop3(state) => state.status,
        }
    }

    /// The account's last error.
    pub fn error(&self) -> RwSignal<Option<MailError>> {
        match &self.inbox {
            Inbox::Imap(state) => state.error,
            Inbox::Pop3(state) => state.error,
        }
    }

    /// Shows what is cached, then brings the inbox up to date.
    pub fn start(&self) {
        match &self.inbox {
            Inbox::Imap(state) => state.start(),
            Inbox::Pop3(state) => state.start(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{ConnectionSecurity, IncomingProtocol, ServerSettings};
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
            signature: String::new(),
            identities: Vec::new(),
            sieve_server: None,
            out_of_office: None,
        }
    }

    #[wasm_bindgen_test]
    fn a_signature_or_filter_server_keeps_the_sessions_and_a_server_does_not() {
        let account = account("a@example.org", "A", IncomingProtocol::Imap);
        let mut renamed = account.clone();
        renamed.signature = "-- \nA".into();
        renamed.sieve_server = Some("sieve.example.org:4190".into());
        renamed.display_name = "Ann".into();
        assert!(account.same_servers(&renamed));
        let mut moved = account.clone();
        moved.incoming.port = 143;
        assert!(!account.same_servers(&moved));
        let mut other = account.clone();
        other.email = "b@example.org".into();
        assert!(!account.same_servers(&other));
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
}
