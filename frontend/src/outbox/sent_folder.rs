//! Filing the copy of a message that went out but is not in Sent: because the server had no Sent
//! folder (create one, then file the copy), or because filing failed (file it again). Each step
//! says what happened. The copy is built again from the kept draft, byte for byte the message
//! that went out, and filing looks for its Message-ID first, so it never lands in Sent twice.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::compose::build;
use posthorn_proto::imap::SpecialUse;
use posthorn_proto::secret::Secret;

use super::sender::Shared;
use super::{Outbox, OutboxItem};
use crate::account::AccountSettings;
use crate::protocol_log::ProtocolLog;
use crate::session::filing;

/// What filing one item's copy needs, taken before the work goes into a task.
struct Filing {
    shared: Rc<Shared>,
    item: OutboxItem,
    account: AccountSettings,
    password: Secret,
    log: ProtocolLog,
    id: String,
}

impl Outbox {
    /// The item `id` if `waits` says it waits to be filed, with the account and its password;
    /// without the password the item says it waits for one, and there is nothing to do yet.
    fn filing(&self, id: &str, waits: impl Fn(&OutboxItem) -> bool) -> Option<Filing> {
        let shared = self.shared();
        let item = shared.get(id).filter(|i| waits(i))?;
        let email = self.email.get_value();
        let (Some(account), Some(password)) = (self.accounts.get(&email), self.accounts.password(&email))
        else {
            shared.update(id, |i| i.note = crate::i18n::t().waiting_for_password.into());
            return None;
        };
        Some(Filing { shared, item, account, password, log: self.log, id: id.to_owned() })
    }

    /// For an item that went out while the server had no Sent folder: creates one (marked
    /// `\Sent` where the server offers CREATE-SPECIAL-USE, RFC 6154 section 3) and files the copy
    /// there, saying at each step what happened.
    pub fn create_sent_and_file(&self, id: &str) {
        let Some(Filing { shared, item, account, password, log, id }) = self.filing(id, |i| i.no_sent_folder)
        else {
            return;
        };
        spawn_local(async move {
            shared.show(&id, |i| i.note = crate::i18n::t().delivery.creating_sent.into());
            let folder = match filing::create_folder(&account, &password, log, SpecialUse::Sent).await {
                Ok(folder) => folder,
                Err(e) => {
                    shared.update(&id, |i| {
                        i.note = (crate::i18n::t().delivery.sent_folder_not_created)(&e.to_string())
                    });
                    return;
                }
            };
            let data = match build(&item.draft) {
                Ok(built) => built.data,
                Err(e) => {
                    shared.update(&id, |i| {
                        i.note = (crate::i18n::t().delivery.created_copy_not_made)(&folder, &e.to_string())
                    });
                    return;
                }
            };
            shared.show(&id, |i| i.note = (crate::i18n::t().delivery.created_filing)(&folder));
            let (note, filed) = match filing::file_sent(&account, &password, log, &id, data).await {
                Ok(folder) => ((crate::i18n::t().delivery.filed_in_created)(&folder), true),
                Err(e) => ((crate::i18n::t().delivery.created_not_filed)(&folder, &e.to_string()), false),
            };
            shared.update(&id, |i| {
                i.note = note;
                if filed {
                    i.no_sent_folder = false;
                    i.draft.attachments.clear();
                }
            });
        });
    }

    /// For an item that went out but whose copy could not be filed in Sent: files it again,
    /// saying what happened. Without a Sent folder now, offers to create one instead.
    pub fn file_in_sent(&self, id: &str) {
        let Some(Filing { shared, item, account, password, log, id }) = self.filing(id, |i| i.not_filed)
        else {
            return;
        };
        spawn_local(async move {
            let text = &crate::i18n::t().delivery;
            let data = match build(&item.draft) {
                Ok(built) => built.data,
                Err(e) => {
                    shared.update(&id, |i| i.note = (text.still_not_filed)(&e.to_string()));
                    return;
                }
            };
            shared.show(&id, |i| i.note = text.filing_again.into());
            let filed = filing::file_sent(&account, &password, log, &id, data).await;
            shared.update(&id, |i| match filed {
                Ok(folder) => {
                    i.note = (text.filed_again)(&folder);
                    i.not_filed = false;
                    i.draft.attachments.clear();
                }
                Err(filing::FilingError::NoSentFolder) => {
                    i.note = crate::i18n::t().no_sent_folder.into();
                    i.not_filed = false;
                    i.no_sent_folder = true;
                }
                Err(e) => i.note = (text.still_not_filed)(&e.to_string()),
            });
        });
    }
}
