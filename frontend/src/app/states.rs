//! One mail state per account for the life of the page, owned by the App rather than by the view:
//! switching accounts or unlocking rebuilds the view, and the state's running tasks (sync, replay,
//! IDLE) must never find their signals disposed.
//!
//! The App holds the (empty) maps; a state is made only inside the parts that show one (the mail
//! view, the POP3 view, *All inboxes*: `frontend/src/lazy.rs`), so the code that makes and runs a
//! state is fetched with them and not with the first screen.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::account::{AccountSettings, Accounts};
use crate::mail_state::MailState;
use crate::pop3_view::Pop3State;
use crate::protocol_log::ProtocolLog;

/// Every account's state made so far, by address.
#[derive(Clone, Copy)]
pub struct States {
    owner: StoredValue<Owner, LocalStorage>,
    imap: StoredValue<HashMap<String, MailState>, LocalStorage>,
    pop3: StoredValue<HashMap<String, Pop3State>, LocalStorage>,
    accounts: Accounts,
    log: ProtocolLog,
}

impl States {
    /// No state yet; those made later belong to the current reactive owner (the App's).
    pub fn new(accounts: Accounts, log: ProtocolLog) -> Self {
        let owner = Owner::current().expect("the App has a reactive owner");
        Self {
            owner: StoredValue::new_local(owner),
            imap: StoredValue::new_local(HashMap::new()),
            pop3: StoredValue::new_local(HashMap::new()),
            accounts,
            log,
        }
    }

    /// The IMAP account's state, made on first use (and again once its servers changed).
    pub fn imap(&self, account: AccountSettings) -> MailState {
        if let Some(state) = self.imap.with_value(|s| s.get(&account.email).cloned())
            && state.account.same_servers(&account)
        {
            return state;
        }
        let email = account.email.clone();
        let (accounts, log) = (self.accounts, self.log);
        let state = self.owner.with_value(|owner| owner.with(|| MailState::new(account, accounts, log)));
        // Filing runs on the view's connection (session/lender.rs, mail_state/lending.rs).
        crate::session::lender::register(&email, std::rc::Rc::new(state.clone()));
        self.imap.update_value(|s| {
            s.insert(email, state.clone());
        });
        state
    }

    /// The POP3 account's inbox, the same way.
    pub fn pop3(&self, account: AccountSettings) -> Pop3State {
        if let Some(state) = self.pop3.with_value(|s| s.get(&account.email).copied())
            && state.account.with_value(|a| a.same_servers(&account))
        {
            return state;
        }
        let email = account.email.clone();
        let (accounts, log) = (self.accounts, self.log);
        let state = self.owner.with_value(|owner| owner.with(|| Pop3State::new(account, accounts, log)));
        self.pop3.update_value(|s| {
            s.insert(email, state);
        });
        state
    }
}
