//! The toolbar's *Tag* menu: the five tags (mail_state/tags.rs), each ticked where every message
//! acted on has it, and *Remove all tags*. A choice toggles the tag on the ticked messages, or on
//! the open one where none is ticked, as keys `1` to `5` and `0` do (keyboard.rs).

use leptos::prelude::*;

use crate::i18n::t;
use crate::icons::{Icon, icon};
use crate::mail_state::MailState;
use crate::mail_state::tags::{TAGS, bit};
use crate::menu::Menu;

/// The menu, acting on the open folder's messages.
#[component]
pub(crate) fn TagMenu() -> impl IntoView {
    let state = expect_context::<MailState>();
    let (list, reader) = (state.list, state.reader);
    // What the menu acts on (`ListStore::targets`, which reads untracked), kept current.
    let common = {
        let state = state.clone();
        Memo::new(move |_| {
            list.selected.track();
            reader.message.track();
            state.common_tags(&list.targets(reader))
        })
    };
    let items = (1..=TAGS)
        .map(|n| {
            let state = state.clone();
            let name = t().tag_names[usize::from(n - 1)];
            view! {
                <button
                    class="tag-choice"
                    data-testid=format!("tag-{n}")
                    aria-pressed=move || (common.get() & bit(n) != 0).to_string()
                    on:click=move |_| state.toggle_tag(list.targets(reader), n)
                >
                    <span class=format!("tag-swatch tag-{n}") aria-hidden="true"></span>
                    {name}
                    <kbd aria-hidden="true">{n}</kbd>
                </button>
            }
        })
        .collect_view();
    view! {
        <Menu
            class="tag-menu"
            testid="tag-menu"
            closes_on_choice=true
            title=t().tag_menu
            summary=view! { {icon(Icon::Tag)}<span class="label">{t().tag_menu}</span> }.into_any()
        >
            {items}
            <button data-testid="tag-none" on:click=move |_| state.clear_tags(list.targets(reader))>
                {t().remove_tags}
                <kbd aria-hidden="true">"0"</kbd>
            </button>
        </Menu>
    }
}
