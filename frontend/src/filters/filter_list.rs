//! The filters in the order the server tries them: each can be switched off, edited, moved up or
//! down, or removed; *New filter* opens the form (filter_form.rs) below the list.

use leptos::prelude::*;
use posthorn_proto::sieve::{Filter, Rules};

use super::filter_form::{FilterForm, blank};
use crate::i18n::t;

/// The list and, while one is edited, its form.
#[component]
pub fn FilterList(
    rules: RwSignal<Rules>,
    folders: RwSignal<Vec<(String, String)>>,
    /// A new filter to open the form with.
    start: Option<Filter>,
) -> impl IntoView {
    // The filter being edited: its place in the list (`None` for a new one) and its fields.
    let editing = RwSignal::new(start.map(|f| (None, f)));
    let name_of = |i: usize, f: &Filter| {
        if f.name.trim().is_empty() { (t().filters.unnamed)(i + 1) } else { f.name.clone() }
    };
    let swap = move |i: usize, j: usize, testid: &'static str| {
        rules.update(|r| r.filters.swap(i, j));
        crate::keyboard::focus_when_rendered(format!("[data-testid={testid}][data-index=\"{j}\"]"), 10);
    };
    let rows = move || {
        let count = rules.with(|r| r.filters.len());
        rules.with(|r| {
            r.filters
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let name = name_of(i, f);
                    let edited = f.clone();
                    view! {
                        <li class="filter" data-testid="filter">
                            <label class="checkbox">
                                <input type="checkbox" data-testid="filter-on" aria-label=(t().filters.use_filter)(&name)
                                    prop:checked=f.enabled
                                    on:change=move |ev| rules.update(|r| r.filters[i].enabled = event_target_checked(&ev)) />
                                <span class="filter-name">{name.clone()}</span>
                            </label>
                            <span class="filter-actions">
                                <button type="button" class="quiet" data-testid="filter-up" data-index=i.to_string()
                                    aria-label=(t().filters.move_up)(&name) title=(t().filters.move_up)(&name)
                                    disabled=i == 0 on:click=move |_| swap(i, i - 1, "filter-up")>"↑"</button>
                                <button type="button" class="quiet" data-testid="filter-down" data-index=i.to_string()
                                    aria-label=(t().filters.move_down)(&name) title=(t().filters.move_down)(&name)
                                    disabled=i + 1 == count on:click=move |_| swap(i, i + 1, "filter-down")>"↓"</button>
                                <button type="button" class="quiet" data-testid="edit-filter" aria-label=(t().filters.edit)(&name)
                                    on:click=move |_| editing.set(Some((Some(i), edited.clone())))>{t().edit}</button>
                                <button type="button" class="quiet" data-testid="remove-filter" aria-label=(t().filters.remove)(&name)
                                    on:click=move |_| rules.update(|r| { r.filters.remove(i); })>{t().remove}</button>
                            </span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let keep = Callback::new(move |(place, filter): (Option<usize>, Filter)| {
        rules.update(|r| match place {
            Some(i) if i < r.filters.len() => r.filters[i] = filter,
            _ => r.filters.push(filter),
        });
        editing.set(None);
        crate::keyboard::focus_when_rendered("[data-testid=new-filter]".into(), 10);
    });
    view! {
        <fieldset class="filter-list" data-testid="filter-list">
            <legend>{t().filters.filters}</legend>
            <Show when=move || rules.with(|r| !r.filters.is_empty())
                fallback=|| view! { <p class="hint">{t().filters.no_filters}</p> }>
                <ol>{rows}</ol>
            </Show>
            {move || match editing.get() {
                Some((place, filter)) => view! {
                    <FilterForm place=place filter=filter folders=folders on_keep=keep
                        on_cancel=Callback::new(move |_| editing.set(None)) />
                }.into_any(),
                None => view! {
                    <button type="button" data-testid="new-filter" on:click=move |_| {
                        let n = rules.with(|r| r.filters.len()) + 1;
                        editing.set(Some((None, blank((t().filters.unnamed)(n)))));
                    }>{t().filters.new_filter}</button>
                }.into_any(),
            }}
        </fieldset>
    }
}
