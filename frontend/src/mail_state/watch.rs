//! Watching the open folder for news (RFC 2177 IDLE), moved out of mail_state.rs.

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::imap::{Command, MailboxName};

use super::MailState;
use crate::session::imap::ImapSession;

impl MailState {
    /// Watches the open folder for new mail on a second connection with IDLE (RFC 2177), so the
    /// main connection stays free for what the person does. When something changes, a NOOP on
    /// the main connection brings the news (EXISTS, EXPUNGE, FETCH) into the view. Servers
    /// without IDLE rely on the 30-second poll.
    pub(super) fn watch(&self, folder: MailboxName) {
        let state = self.clone();
        let generation = self.generation.get_value();
        let Some(password) = self.accounts.password(self.email()) else { return };
        spawn_local(async move {
            let Ok(mut watcher) = ImapSession::open(&state.account, &password, state.log).await else {
                return;
            };
            // Sent and Drafts for conversations, on this connection before it idles.
            state.index_related(&mut watcher, generation).await;
            if !watcher.client().capabilities().idle()
                || watcher.run(Command::Examine { mailbox: folder, qresync: None }).await.is_err()
            {
                watcher.logout().await;
                return;
            }
            watcher.enqueue(Command::Idle);
            loop {
                let event = watcher.next_event().await;
                if state.generation.try_get_value() != Some(generation) {
                    break;
                }
                match event {
                    Ok(posthorn_proto::imap::Event::Mailbox(_)) => state.refresh(),
                    Ok(posthorn_proto::imap::Event::Done { .. }) => watcher.enqueue(Command::Idle),
                    Ok(_) => {}
                    Err(_) => return,
                }
            }
            watcher.logout().await;
        });
    }
}
