//! The view's one IMAP connection lent to filing (frontend/src/session/lender.rs): a Drafts save,
//! the copy in Sent and the look into Sent for a Message-ID run in one turn on it, between the
//! view's own requests, instead of on a connection of their own. A job SELECTs the folder it
//! files in; after it the open folder is selected again (with QRESYNC where the planner says so,
//! shared/src/imap/sync.rs) and resynchronised, so the next request and IDLE find it selected, as
//! after indexing Sent and Drafts (mail_state/threads.rs).

use futures_util::future::LocalBoxFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::secret::Secret;

use super::MailState;
use crate::account::AccountSettings;
use crate::session::MailError;
use crate::session::lender::{Job, Lender};

impl Lender for MailState {
    fn serves(&self, account: &AccountSettings, password: &Secret) -> bool {
        self.session.try_get_value().is_some()
            && self.account.same_servers(account)
            && self.accounts.password(self.email()).as_ref() == Some(password)
    }

    fn lend(&self, job: Job) -> LocalBoxFuture<'static, Result<(), MailError>> {
        let state = self.clone();
        Box::pin(async move {
            let generation = state.generation.get_value();
            let reselected = state
                .with_session(false, async |session| {
                    let selections = session.selections();
                    job(session).await;
                    if session.selections() == selections || !session.is_usable() {
                        return Ok(None);
                    }
                    // What the filing folders reported is not the open folder's news.
                    session.updates.clear();
                    Ok(state.select_open(session).await.ok().flatten())
                })
                .await
                .map_err(|f| f.error)?;
            if let Some(Some(selected)) = reselected {
                spawn_local(async move { state.resync(selected, generation).await });
            }
            Ok(())
        })
    }
}
