//! The reader's state while no message is open.

use leptos::prelude::*;

use super::EmptyState;
use crate::icons::Icon;

/// The reader with no message open.
#[component]
pub fn NoMessageOpen() -> impl IntoView {
    let t = crate::i18n::t();
    view! { <EmptyState kind="no-message" picture=Icon::Read title=t.no_message_open hint=t.select_to_read /> }
}
