//! The tab's title and the app's icon count the unread mail.

use leptos::prelude::*;

use super::{APP_NAME, badge};
use crate::mail_state::MailState;

/// The unread count of the INBOXes of `states`, added up, in the tab's title ("(3) Posthorn") and
/// on the app's icon: one account's in its own view, every IMAP account's in "All inboxes".
#[component]
pub fn UnreadTitle(states: Vec<MailState>) -> impl IntoView {
    let folders: Vec<_> = states.iter().map(|s| s.folders.all).collect();
    let unread = Memo::new(move |_| {
        folders
            .iter()
            .map(|f| f.with(|f| f.iter().find(|f| f.mailbox.is_inbox()).and_then(|f| f.unread).unwrap_or(0)))
            .sum::<u32>()
    });
    Effect::new(move |_| {
        let unread = unread.get();
        let title = if unread > 0 { format!("({unread}) {APP_NAME}") } else { APP_NAME.to_owned() };
        document().set_title(&title);
        badge(unread);
    });
    on_cleanup(|| document().set_title(APP_NAME));
}
