//! The folder column: the folder tree with its unread counts, and the names and icons folders
//! are shown with.

use std::collections::HashSet;

use leptos::prelude::*;
use posthorn_proto::imap::{MailboxName, SpecialUse};

use crate::folder_tree::{folder_tree, visible};
use crate::i18n::t;
use crate::icons::{Icon, icon};
use crate::mail_state::{Folder, FolderStore, MailState};

/// The name a folder is shown by: the special ones (RFC 6154 roles, and INBOX) in the person's
/// language, whatever the server calls them; the others as `name`.
pub(crate) fn folder_name<'a>(folder: &Folder, name: &'a str) -> &'a str {
    if folder.mailbox.is_inbox() {
        return t().inbox;
    }
    match folder.role {
        Some(SpecialUse::Drafts) => t().drafts,
        Some(SpecialUse::Sent) => t().sent,
        Some(SpecialUse::Junk) => t().junk,
        Some(SpecialUse::Trash) => t().trash,
        Some(SpecialUse::Archive) => t().archive,
        _ => name,
    }
}

fn folder_icon(folder: &Folder) -> Icon {
    if folder.mailbox.is_inbox() {
        return Icon::Inbox;
    }
    match folder.role {
        Some(SpecialUse::Drafts) => Icon::NewMessage,
        Some(SpecialUse::Sent) => Icon::Sent,
        Some(SpecialUse::Junk) => Icon::Junk,
        Some(SpecialUse::Trash) => Icon::Delete,
        Some(SpecialUse::Archive) => Icon::Archive,
        _ => Icon::Folder,
    }
}

/// The folder tree (see [`folder_tree`]); parents collapse and expand.
#[component]
pub(super) fn FolderList(show_folders: RwSignal<bool>) -> impl IntoView {
    let state = expect_context::<MailState>();
    let folders = expect_context::<FolderStore>();
    let current = folders.open;
    let collapsed = RwSignal::new(HashSet::<MailboxName>::new());
    let entries = move || collapsed.with(|c| folders.all.with(|f| visible(&folder_tree(f), c)));
    // The folder a drag of messages or of a folder is over (mail_view/drag.rs), and the folder
    // being dragged, if one is.
    let drop_target = RwSignal::new(None::<MailboxName>);
    let dragged_folder = RwSignal::new(None::<Folder>);
    let draggable = super::drag::rows_draggable();
    view! {
        <nav class="folders" data-testid="folders" aria-label=t().folders>
            {move || folders.all.with(Vec::is_empty).then(|| view! { <p class="folders-empty">{t().no_folders}</p> })}
            <crate::all_inboxes::AllInboxesEntry />
            <For
                each=entries
                key=|e| (e.folder.mailbox.clone(), e.folder.unread, e.depth, e.has_children, e.folder.selectable)
                let:entry
            >
                {
                    let folder = entry.folder.clone();
                    let open = state.clone();
                    let wire = folder.mailbox.clone();
                    let wire_for_class = wire.clone();
                    let wire_for_twisty = wire.clone();
                    let (over, over_class) = (wire.clone(), wire.clone());
                    let (to, mover) = (wire.clone(), state.clone());
                    // A drop target: another folder than the open one, that can hold messages.
                    let takes = {
                        let here = wire.clone();
                        let selectable = folder.selectable;
                        move || selectable && current.with_untracked(|c| c.as_ref() != Some(&here))
                    };
                    let takes_drop = takes.clone();
                    let (selectable, importer, import_to) = (folder.selectable, state.clone(), wire.clone());
                    // A drop target for a dragged folder: one that can hold folders, other than
                    // the folder itself, one inside it, or the one it is in already.
                    let holds = {
                        let here = folder.clone();
                        move || {
                            dragged_folder.with_untracked(|d| {
                                d.as_ref().is_some_and(|d| {
                                    let parent = posthorn_proto::imap::split_leaf(&d.mailbox, d.delimiter).0;
                                    here.delimiter.is_some()
                                        && !d.encloses(&here.mailbox)
                                        && parent.as_ref() != Some(&here.mailbox)
                                })
                            })
                        }
                    };
                    let holds_drop = holds.clone();
                    let (moved_into, folder_mover) = (wire.clone(), state.clone());
                    let own = crate::mail_state::is_own(&folder);
                    let dragging = folder.clone();
                    let icon_kind = folder_icon(&folder);
                    let twisty = entry.has_children.then(|| {
                        let is_collapsed = Signal::derive(move || collapsed.with(|c| c.contains(&wire_for_twisty)));
                        let toggle = wire.clone();
                        view! {
                            <button
                                class="twisty"
                                data-testid="folder-toggle"
                                aria-label=(t().toggle_folder)(&entry.label)
                                aria-expanded=move || (!is_collapsed.get()).to_string()
                                on:click=move |_| collapsed.update(|c| {
                                    if !c.remove(&toggle) {
                                        c.insert(toggle.clone());
                                    }
                                })
                            >
                                {move || if is_collapsed.get() { "▸" } else { "▾" }}
                            </button>
                        }
                        .into_any()
                    });
                    view! {
                        <div class="folder-item" data-depth=entry.depth style:padding-left=format!("{}rem", entry.depth)>
                            {twisty.unwrap_or_else(|| view! { <span class="twisty"></span> }.into_any())}
                            <button
                                class="folder"
                                class:active=move || current.get().as_ref() == Some(&wire_for_class)
                                data-folder=folder.mailbox.as_wire().to_owned()
                                title=folder_name(&folder, &folder.name).to_owned()
                                disabled=!folder.selectable
                                on:click=move |_| {
                                    show_folders.set(false);
                                    open.open_folder(wire.clone());
                                }
                                class:drop-target=move || drop_target.with(|t| t.as_ref() == Some(&over_class))
                                draggable=(own && draggable).then_some("true")
                                on:dragstart=move |ev| {
                                    if own {
                                        super::drag::start_folder(&ev, &dragging.name);
                                        dragged_folder.set(Some(dragging.clone()));
                                    }
                                }
                                on:dragend=move |_| dragged_folder.set(None)
                                on:dragover=move |ev| {
                                    let messages = takes() && super::drag::carries_messages(&ev);
                                    let files = selectable && super::drag::carries_files(&ev);
                                    if messages || files || (holds() && super::drag::carries_folder(&ev)) {
                                        ev.prevent_default();
                                        drop_target.set(Some(over.clone()));
                                    }
                                }
                                on:dragleave=move |_| drop_target.set(None)
                                on:drop=move |ev| {
                                    ev.prevent_default();
                                    drop_target.set(None);
                                    if holds_drop() && let Some(moving) = dragged_folder.get_untracked() {
                                        dragged_folder.set(None);
                                        folder_mover.move_folder(&moving, moved_into.clone());
                                        return;
                                    }
                                    let files = super::drag::dropped_files(&ev);
                                    if selectable && !files.is_empty() {
                                        importer.import_files(import_to.clone(), files);
                                        return;
                                    }
                                    let Some((account, from, uids)) = super::drag::dropped(&ev) else { return };
                                    let here = current.with_untracked(|c| c.as_ref().map(|c| c.as_wire().to_owned()));
                                    if takes_drop() && account == mover.account.email && here.as_deref() == Some(from.as_str()) {
                                        let uids = mover.list.dragged(uids);
                                        if super::drag::copies(&ev) {
                                            mover.copy_to(uids, to.clone());
                                        } else {
                                            mover.move_to(uids, to.clone());
                                        }
                                    }
                                }
                            >
                                {icon(icon_kind)}
                                <span class="name">{folder_name(&folder, &entry.label).to_owned()}</span>
                                {folder.unread.filter(|n| *n > 0).map(|n| view! { <span class="unread">{n}</span> })}
                            </button>
                        </div>
                    }
                }
            </For>
            <super::folder_actions::FolderActions />
            <super::storage::Storage />
        </nav>
    }
}
