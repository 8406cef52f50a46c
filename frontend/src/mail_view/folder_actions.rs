//! Under the folder tree: marking the open folder read and emptying Trash or Junk
//! (mail_state/changes.rs), a new folder, and renaming, moving (into another folder, or to the
//! top) or deleting the open one (mail_state/folder_admin.rs). The folder changes open a small
//! form in place, with the name field focused and Escape to leave it; each is a Leptos action,
//! its outcome said in the form.

use leptos::html;
use leptos::prelude::*;
use posthorn_proto::imap::{MailboxName, SpecialUse, split_leaf};

use crate::i18n::t;
use crate::mail_state::{Folder, FolderChange, FolderStore, MailState, is_own};

/// Which form is open.
#[derive(Clone, Copy, PartialEq)]
enum Form {
    Create,
    Rename,
    Delete,
    /// Empty Trash or Junk: every message for good.
    Empty,
}

#[component]
pub(super) fn FolderActions() -> impl IntoView {
    let state = expect_context::<MailState>();
    let folders = expect_context::<FolderStore>();
    let form = RwSignal::new(None::<Form>);
    let name = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let field: NodeRef<html::Input> = NodeRef::new();
    let open_folder = Memo::new(move |_| {
        let open = folders.open.get()?;
        folders.all.with(|all| all.iter().find(|f| f.mailbox == open).cloned())
    });
    let own = move || open_folder.get().is_some_and(|f| is_own(&f));
    let has_unread = move || open_folder.get().and_then(|f| f.unread).is_some_and(|n| n > 0);
    // Trash and Junk can be emptied: what is there is meant to go.
    let emptied = move || match open_folder.get()?.role? {
        SpecialUse::Trash => Some(t().empty_trash),
        SpecialUse::Junk => Some(t().empty_junk),
        _ => None,
    };
    let uids = state.list.uids;
    let count = move || uids.with(Vec::len);
    // The folders inside the open one, which emptying it deletes too.
    let inside = {
        let state = state.clone();
        Memo::new(move |_| {
            folders.all.track();
            open_folder.get().map_or(0, |f| state.inside(&f.mailbox).len())
        })
    };
    let change = {
        let state = state.clone();
        Action::new_local(move |change: &FolderChange| {
            let state = state.clone();
            let change = change.clone();
            let renaming = matches!(change, FolderChange::Rename { .. });
            async move {
                let result = state.change_folder(change).await;
                if let Ok(Some(renamed)) = &result
                    && renaming
                {
                    state.open_folder(renamed.clone());
                }
                result
            }
        })
    };
    let empty = {
        let state = state.clone();
        Callback::new(move |()| state.empty_folder())
    };
    // Import: the button opens the file picker; the files chosen go into the open folder.
    let picker: NodeRef<html::Input> = NodeRef::new();
    let import = {
        let state = state.clone();
        move |ev: leptos::ev::Event| {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let files = crate::files::list(input.files());
            // Cleared, so that choosing the same file again is a change too.
            input.set_value("");
            if let Some(folder) = open_folder.get_untracked().filter(|f| f.selectable) {
                state.import_files(folder.mailbox, files);
            }
        }
    };
    let problem = move || change.value().get().and_then(|r| r.err()).map(|e| e.with_reply());
    // A form closes once its change went through.
    Effect::new(move |_| {
        if let Some(Ok(_)) = change.value().get() {
            form.set(None);
        }
    });
    let show = move |which: Form| {
        change.value().set(None);
        let folder = open_folder.get_untracked();
        name.set(match (which, &folder) {
            (Form::Rename, Some(f)) => f.leaf().to_owned(),
            _ => String::new(),
        });
        parent.set(match (which, &folder) {
            (Form::Create, Some(f)) if is_own(f) => f.mailbox.as_wire().to_owned(),
            // Where it is now: the form renames it in place unless another place is chosen.
            (Form::Rename, Some(f)) => {
                split_leaf(&f.mailbox, f.delimiter).0.map(|p| p.as_wire().to_owned()).unwrap_or_default()
            }
            _ => String::new(),
        });
        form.set(Some(which));
        crate::keyboard::focus_next_frame(field);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(which) = form.get_untracked() else { return };
        if which == Form::Empty {
            empty.run(());
            form.set(None);
            return;
        }
        let typed = name.get_untracked();
        let target = open_folder.get_untracked().map(|f| f.mailbox);
        let wire = parent.get_untracked();
        let parent = (!wire.is_empty()).then(|| MailboxName::from_wire(wire));
        let request = match (which, target) {
            (Form::Create, _) => FolderChange::Create { parent, name: typed },
            (Form::Rename, Some(folder)) => FolderChange::Rename { folder, name: typed, parent },
            (Form::Delete, Some(folder)) => FolderChange::Delete { folder },
            _ => return,
        };
        change.dispatch(request);
    };
    // Where a folder can go: any folder of a server with a hierarchy, but for a folder renamed,
    // not into itself or a folder inside it.
    let parents = move |which: Form| {
        let moving = (which == Form::Rename).then(|| open_folder.get_untracked()).flatten();
        let stays_out = move |f: &Folder| moving.as_ref().is_none_or(|m| !m.encloses(&f.mailbox));
        folders.all.with(|all| {
            all.iter()
                .filter(|f| f.delimiter.is_some())
                .filter(|f| stays_out(f))
                .map(|f| {
                    let wire = f.mailbox.as_wire().to_owned();
                    let chosen = wire.clone();
                    view! {
                        <option value=wire selected=move || parent.get() == chosen>
                            {crate::mail_view::folder_name(f, &f.name).to_owned()}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    let question = {
        let state = state.clone();
        move || {
            let folder = open_folder.get()?;
            let shown = crate::mail_view::folder_name(&folder, &folder.name).to_owned();
            Some(if state.deletes_for_good(&folder.mailbox) {
                (t().folder_for_good)(&shown)
            } else {
                (t().folder_to_trash)(&shown)
            })
        }
    };
    let empty_question = move || {
        let folder = open_folder.get()?;
        Some((t().empty_question)(
            count(),
            inside.get(),
            crate::mail_view::folder_name(&folder, &folder.name),
        ))
    };
    let fields = move |which: Form| match which {
        Form::Create | Form::Rename => view! {
            <label>{t().folder_name}
                <input node_ref=field name="folder-name" autocomplete="off" prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <label>{t().folder_inside}
                <select name="folder-parent" on:change=move |ev| parent.set(event_target_value(&ev))>
                    <option value="" selected=move || parent.get().is_empty()>{t().folder_top_level}</option>
                    {move || parents(which)}
                </select>
            </label>
        }
        .into_any(),
        Form::Delete => view! { <p data-testid="folder-question">{question.clone()}</p> }.into_any(),
        Form::Empty => view! { <p data-testid="folder-question">{empty_question}</p> }.into_any(),
    };
    let confirm = move |which: Form| match which {
        Form::Create => t().create,
        Form::Rename => t().rename,
        Form::Delete => t().delete_folder,
        Form::Empty => emptied().unwrap_or_default(),
    };
    view! {
        <div class="folder-actions" role="group" aria-label=t().folder_actions data-testid="folder-actions">
            <button class="quiet" data-testid="mark-all-read" disabled=move || !has_unread()
                on:click={
                    let state = state.clone();
                    move |_| state.mark_all_read()
                }>{t().mark_all_read}</button>
            <button class="quiet" data-testid="new-folder" on:click=move |_| show(Form::Create)>{t().new_folder}</button>
            <button class="quiet" data-testid="rename-folder" disabled=move || !own() on:click=move |_| show(Form::Rename)>{t().rename_folder}</button>
            <button class="quiet" data-testid="delete-folder" disabled=move || !own() on:click=move |_| show(Form::Delete)>{t().delete_folder}</button>
            <button class="quiet" data-testid="import-messages" title=t().import_title
                disabled=move || !open_folder.get().is_some_and(|f| f.selectable)
                on:click=move |_| if let Some(input) = picker.get() { input.click() }>{t().import_messages}</button>
            <input type="file" multiple hidden accept=".eml,.mbox,message/rfc822,application/mbox" data-testid="import-files" tabindex="-1"
                node_ref=picker on:change=import />
            {move || emptied().map(|label| view! {
                <button class="quiet danger" data-testid="empty-folder" disabled=move || count() == 0 && inside.get() == 0 on:click=move |_| show(Form::Empty)>{label}</button>
            })}
        </div>
        {move || form.get().map(|which| view! {
            <form class="folder-form" data-testid="folder-form" aria-busy=move || change.pending().get().to_string()
                on:submit=submit
                on:keydown=move |ev| if ev.key() == "Escape" { form.set(None) }>
                {fields(which)}
                {move || problem().map(|p| view! { <p class="problem" role="alert" data-testid="folder-problem">{p}</p> })}
                <div class="folder-form-buttons">
                    <button type="submit" class="primary" data-testid="folder-confirm" disabled=move || change.pending().get()>{confirm(which)}</button>
                    <button type="button" on:click=move |_| form.set(None)>{t().cancel}</button>
                </div>
            </form>
        })}
    }
}
