//! A draft stored in the Drafts folder opened again to write on (the reader's *Edit draft*),
//! and the one case it needs more than its Message-ID: a draft stored without one. And any
//! message opened as a new one (*Edit as new message*).

use super::*;

impl Composer {
    /// Opens a draft stored in the Drafts folder to write on, with its Message-ID, so that saving
    /// replaces the stored copy and sending removes it (`compose::reopen`). A draft stored without
    /// one (some clients write none) gets one, and `copy` (its folder's UIDVALIDITY and its UID)
    /// is replaced at once by a copy with it, so that it, too, is never left behind.
    pub fn reopen(&self, stored: &ReadableMessage, copy: Option<(u32, u32)>) {
        let draft = with_message_id(compose::reopen(stored, &self.mine(), now(), String::new()));
        let adopt = copy.filter(|_| stored.message_id.is_none());
        let this = *self;
        self.leave(move || {
            this.show(&draft, true, None);
            if let Some(copy) = adopt {
                spawn_local(async move { this.adopt(copy).await });
            }
        });
    }

    /// Opens `message` as a new message with a Message-ID of its own (`compose::edit_as_new`):
    /// its text comes as it was, signature and all, so none is added.
    pub fn edit_as_new(&self, message: &ReadableMessage) {
        let draft = compose::edit_as_new(message, &self.mine(), now(), String::new());
        let draft = with_message_id(draft);
        let this = *self;
        self.leave(move || this.show(&draft, true, None));
    }

    /// Puts the open form into Drafts in place of the stored copy `(uidvalidity, uid)`, which
    /// had no Message-ID to be found by.
    async fn adopt(&self, (uidvalidity, uid): (u32, u32)) {
        let Some(email) = self.email.try_get_value() else { return };
        let (Some(account), Some(password), Some(Some(form))) =
            (self.accounts.get(&email), self.accounts.password(&email), self.form.try_get_untracked())
        else {
            return;
        };
        let draft = form.to_draft(self.sender(&form));
        let Ok(data) = build_for_drafts(&draft) else { return };
        let turn = self.drafts_turn.get_value();
        let _turn = turn.lock().await;
        let replaced =
            filing::adopt_draft(&account, &password, self.log, (uidvalidity, uid), &draft.message_id, data)
                .await;
        if let Err(e) = replaced {
            self.draft_status.try_set((t().draft_not_on_server)(&e.to_string()));
        }
    }
}
