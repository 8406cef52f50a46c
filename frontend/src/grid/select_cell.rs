//! The first cell of a message row: a box that ticks the row for actions on several messages.

use leptos::prelude::*;

/// The selection box, as a WAI-ARIA `gridcell`. A label, so that the whole cell (44 px on a
/// phone) ticks the box. Clicks on it stay in it: the row around it opens on a click.
#[component]
pub fn SelectCell(
    /// Ticked.
    #[prop(into)]
    checked: Signal<bool>,
    /// The box's name for screen readers (a message, or a conversation).
    label: &'static str,
    /// The box was ticked or cleared; true with Shift held (a range, mail_state/selection.rs).
    on_toggle: Callback<bool>,
) -> impl IntoView {
    view! {
        <label role="gridcell" class="select" on:click=|ev| ev.stop_propagation()>
            <input
                type="checkbox"
                aria-label=label
                prop:checked=move || checked.get()
                on:click=move |ev| {
                    ev.stop_propagation();
                    on_toggle.run(ev.shift_key());
                }
            />
        </label>
    }
}
