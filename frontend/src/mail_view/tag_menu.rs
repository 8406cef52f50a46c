//! The toolbar's *Tag* menu: the five tags (mail_state/tags.rs), each ticked where every message
//! acted on has it, and *Remove all tags*. A choice toggles the tag on the ticked messages, or on
//! the open one where none is ticked, as keys `1` to `5` and `0` do (keyboard.rs). All inboxes
//! has the same menu over its accounts' messages (all_inboxes/list.rs).

use leptos::prelude::*;

use crate::i18n::t;
use crate::icons::{Icon, icon};
use crate::mail_state::MailState;
use crate::mail_state::tags::{TAGS, bit, common_in, toggle_tag_in};
use crate::menu::Menu;

/// The menu over the messages `targets` names, account by account (read when a choice is made,
/// and by a memo for the ticks: `track` names what `targets` reads untracked).
#[component]
pub(crate) fn TagMenu(
    targets: Callback<(), Vec<(MailState, Vec<u32>)>>,
    track: Callback<()>,
) -> impl IntoView {
    let common = Memo::new(move |_| {
        track.run(());
        common_in(&targets.run(()))
    });
    let items = (1..=TAGS)
        .map(|n| {
            let name = t().tag_names[usize::from(n - 1)];
            view! {
                <button
                    class="tag-choice"
                    data-testid=format!("tag-{n}")
                    aria-pressed=move || (common.get() & bit(n) != 0).to_string()
                    on:click=move |_| toggle_tag_in(targets.run(()), n)
                >
                    <span class=format!("tag-swatch tag-{n}") aria-hidden="true"></span>
                    {name}
                    <kbd aria-hidden="true">{n}</kbd>
                </button>
            }
        })
        .collect_view();
    let clear = move |_| {
        for (state, uids) in targets.run(()) {
            state.clear_tags(uids);
        }
    };
    view! {
        <Menu
            class="tag-menu"
            testid="tag-menu"
            closes_on_choice=true
            title=t().tag_menu
            summary=view! { {icon(Icon::Tag)}<span class="label">{t().tag_menu}</span> }.into_any()
        >
            {items}
            <button data-testid="tag-none" on:click=clear>
                {t().remove_tags}
                <kbd aria-hidden="true">"0"</kbd>
            </button>
        </Menu>
    }
}

/// The menu over the open folder's messages (`ListStore::targets`).
#[component]
pub(crate) fn FolderTagMenu() -> impl IntoView {
    let state = expect_context::<MailState>();
    let (list, reader) = (state.list, state.reader);
    let targets = Callback::new(move |()| vec![(state.clone(), list.targets(reader))]);
    let track = Callback::new(move |()| {
        list.selected.track();
        reader.message.track();
    });
    view! { <TagMenu targets=targets track=track /> }
}
