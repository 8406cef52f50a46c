//! The server's conversations for a folder the local index does not hold whole yet: with
//! conversations on and some of the open folder's rows not cached, the app asks
//! `UID THREAD REFERENCES UTF-8 ALL` (RFC 5256 section 4) where the server offers
//! THREAD=REFERENCES, and the list groups the folder by its answer ([`super::arrange`]) until
//! every row is cached. Without it, messages not cached yet are rows of their own until their
//! headers arrive (they are fetched in the background, `conversation_actions.rs`).

use leptos::prelude::*;
use posthorn_proto::imap::{Command, Data, ThreadAlgorithm};

use super::super::MailState;

impl MailState {
    /// Asks the server for the open folder's threads, once per folder opened, if conversations
    /// are on, some rows are not cached, and the server offers THREAD=REFERENCES; returns once
    /// it has answered (or nothing was asked). A refusal or an answer that does not read leaves
    /// the local index to group alone.
    pub(in crate::mail_state) async fn ask_server_threads(&self) {
        let generation = self.generation.get_value();
        let threads = self.threads;
        if !threads.on.get_untracked() || threads.asked.get_value() == Some(generation) {
            return;
        }
        let complete = self.list.uids.with_untracked(|uids| {
            self.list.rows.with_untracked(|rows| uids.iter().all(|u| rows.contains_key(u)))
        });
        if complete {
            return;
        }
        let offered = {
            let slot = self.session.get_value();
            let guard = slot.lock().await;
            guard.as_ref().map(|s| s.client().capabilities().thread(ThreadAlgorithm::References))
        };
        // Not known without a session: the next resync asks again.
        if offered != Some(true) || threads.asked.get_value() == Some(generation) {
            return;
        }
        threads.asked.set_value(Some(generation));
        let command = Command::Thread { algorithm: ThreadAlgorithm::References, criteria: Vec::new() };
        if let Some(Ok(Data::Threaded(found))) = self.run_when_selected(command, generation).await
            && self.still(generation)
        {
            threads.server.set(Some(found.iter().map(|t| t.ids().collect()).collect()));
        }
    }
}
