//! What a pane shows when it has nothing to show: an icon, a line saying so, and a hint at what
//! to do, instead of a blank area that looks broken. `data-empty` names which state it is, for
//! the stylesheet and the tests.

use leptos::prelude::*;

use crate::icons::{Icon, icon};

mod no_message_open;

pub use no_message_open::NoMessageOpen;

/// An empty pane's note.
#[component]
pub fn EmptyState(
    /// Which state (`no-folder`, `empty-folder`, `no-results`, `no-message`, `empty-outbox`, …).
    kind: &'static str,
    /// The picture beside it.
    picture: Icon,
    /// What is (not) there.
    title: &'static str,
    /// What to do about it.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="empty-state" data-testid="empty-state" data-empty=kind>
            {icon(picture)}
            <p class="empty-title">{title}</p>
            {hint.map(|h| view! { <p class="empty-hint">{h}</p> })}
        </div>
    }
}
