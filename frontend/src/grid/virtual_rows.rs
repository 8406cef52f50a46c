//! A message list as a virtualised WAI-ARIA grid: only the rows in view (and [`OVERSCAN`] either
//! side) are rendered, each in a slot placed at its position, inside a spacer as tall as every
//! row together, so the scroll bar stands for the whole list. `aria-rowcount` tells assistive
//! technology the whole count; each row carries its own `aria-rowindex`.

use std::ops::Range;

use leptos::prelude::*;

/// Height of one row in pixels, in whole pixels for styles: formatting an `f64` would link the
/// float formatter. `keyboard.rs` scrolls by it; the stylesheet's `.row` and `.row-slot`
/// (`frontend/style/main.css`) are as tall.
pub(crate) const ROW_HEIGHT_PX: u64 = 52;
/// The same height for the scroll arithmetic.
const ROW_HEIGHT: f64 = ROW_HEIGHT_PX as f64;
/// Rows rendered above and below the visible ones.
const OVERSCAN: u32 = 10;

/// Where the grid is scrolled to and how tall its viewport is, set by its scroll handler.
#[derive(Clone, Copy)]
pub struct Scroll {
    top: RwSignal<f64>,
    viewport: RwSignal<f64>,
}

/// At the top, with a viewport guessed until the first scroll measures it.
impl Default for Scroll {
    fn default() -> Self {
        Scroll { top: RwSignal::new(0.0), viewport: RwSignal::new(800.0) }
    }
}

impl Scroll {
    /// The positions to render of a list of `count` rows: those in view and [`OVERSCAN`] either
    /// side. Tracks the scroll position, so an effect that fetches them runs again on scrolling.
    pub fn visible(self, count: u32) -> Range<u32> {
        let first = (self.top.get() / ROW_HEIGHT).floor() as u32;
        let shown = (self.viewport.get() / ROW_HEIGHT).ceil() as u32;
        let start = first.saturating_sub(OVERSCAN);
        let end = (first + shown + OVERSCAN).min(count);
        start..end
    }
}

/// The grid: `row` draws what stands at a position (0 first) inside that position's slot.
#[component]
pub fn VirtualGrid<R, V>(
    /// The scroll position, shared with whoever fetches the visible rows.
    scroll: Scroll,
    /// The grid's name for screen readers.
    label: &'static str,
    /// How many rows the list has.
    #[prop(into)]
    count: Signal<u32>,
    /// What stands at a position.
    row: R,
) -> impl IntoView
where
    R: Fn(u32) -> V + Clone + Send + 'static,
    V: IntoView + 'static,
{
    view! {
        <div
            class="rows-viewport"
            data-testid="message-list"
            role="grid"
            aria-label=label
            aria-multiselectable="true"
            aria-rowcount=move || count.get().to_string()
            on:scroll=move |ev| {
                let el: web_sys::HtmlElement = event_target(&ev);
                scroll.top.set(el.scroll_top() as f64);
                scroll.viewport.set(el.client_height() as f64);
            }
        >
            <div class="rows-spacer" role="presentation" style:height=move || format!("{}px", count.get() as u64 * ROW_HEIGHT_PX)>
                <For each=move || scroll.visible(count.get()) key=|i| *i let:index>
                    <div class="row-slot" role="presentation" style:top=format!("{}px", index as u64 * ROW_HEIGHT_PX)>
                        {row(index)}
                    </div>
                </For>
            </div>
        </div>
    }
}
