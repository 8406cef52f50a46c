//! The POP3 inbox's list: the kept and listed messages, newest first, as the same virtualised
//! WAI-ARIA grid and rows as a folder's list (`frontend/src/grid/virtual_rows.rs`,
//! `frontend/src/message_row.rs`). A maildrop keeps no flags (RFC 1939), so rows are not ticked.

use super::*;
use crate::empty_state::EmptyState;
use crate::grid::{Scroll, VirtualGrid};
use crate::icons::Icon;
use crate::message_row::MessageRow;

/// The list.
#[component]
pub(super) fn Pop3List(state: Pop3State, messages: Memo<Vec<Kept>>, cursor: RwSignal<u32>) -> impl IntoView {
    let count = Signal::derive(move || messages.with(|m| m.len() as u32));
    // An inbox with nothing kept or listed says so, once no sync is running (the status line is
    // empty then), as a folder's list does (mail_view/message_list.rs).
    let empty = move || {
        (count.get() == 0 && state.status.with(String::is_empty)).then(|| {
            view! { <EmptyState kind="empty-folder" picture=Icon::Inbox title=t().folder_empty hint=t().folder_empty_hint /> }
        })
    };
    view! {
        {empty}
        <VirtualGrid scroll=Scroll::default() label=t().inbox count=count row=move |index: u32| {
            move || {
                messages.with(|m| m.get(index as usize).cloned()).map(|kept| {
                    let preview = kept.preview.clone();
                    view! {
                        <MessageRow
                            row=state::list_row(&kept)
                            index=index
                            checked=false
                            preview=Signal::derive(move || preview.clone())
                            tab_stop=Signal::derive(move || if cursor.get() == index { "0" } else { "-1" })
                            on_open=Callback::new(move |id| state.open_message(id))
                            on_toggle=Callback::new(|_| {})
                            on_focus=Callback::new(move |_| cursor.set(index))
                            selectable=false
                            on_server=kept.on_server
                        />
                    }
                })
            }
        } />
    }
}
