//! One address line (To, Cc, Bcc): typed as text, checked as RFC 5322 addresses, with the
//! addresses known (address_book.rs) suggested for the one being typed, as a combobox (WAI-ARIA
//! 1.2 combobox pattern: arrow keys move through the list, Enter or Tab takes the one chosen,
//! Escape closes it). Shift+Delete, or the cross beside a suggestion, forgets it, as in
//! Thunderbird and the browsers' own form suggestions.

use super::address_book::{complete, matches};
use super::host::Suggestions;
use super::*;

#[component]
pub(super) fn AddressField(
    composer: Composer,
    label: &'static str,
    name: &'static str,
    get: fn(&Form) -> String,
    set: fn(&mut Form, String),
) -> impl IntoView {
    let line = move || composer.form.with(|f| f.as_ref().map(get)).unwrap_or_default();
    let focused = RwSignal::new(false);
    // Invalid addresses are named as soon as they are written, not only on Send; the one being
    // typed once the field is left.
    let invalid = move || {
        let line = line();
        let written = match (focused.get(), line.rfind(',')) {
            (true, Some(at)) => line[..at].to_owned(),
            (true, None) => String::new(),
            (false, _) => line,
        };
        Address::parse_list(&written)
            .into_iter()
            .filter_map(|a| {
                posthorn_proto::smtp::Mailbox::new(&a.address).err().map(|e| format!("{}: {e}", a.address))
            })
            .collect::<Vec<_>>()
    };
    // The host's suggestions, or (All inboxes has no host) those collected for the account.
    let known = use_context::<Suggestions>().map(|s| s.0).unwrap_or_else(|| {
        Signal::derive(move || composer.collected.with(|c| c.iter().map(Address::display).collect()))
    });
    let closed = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    // What was forgotten last, for a screen reader: the option just goes from the list.
    let said = RwSignal::new(String::new());
    let forget = move |shown: &str| {
        composer.forget(shown);
        said.set((t().address_forgotten)(shown));
    };
    let offered = Memo::new(move |_| {
        if focused.get() && !closed.get() { known.with(|k| matches(k, &line())) } else { Vec::new() }
    });
    let list_id = format!("{name}-suggestions");
    let option_id = move |i: usize| format!("{name}-suggestion-{i}");
    let accept = move |chosen: &str| {
        let value = complete(&line(), chosen);
        composer.edit_form(|f| set(f, value));
        active.set(None);
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let count = offered.with_untracked(Vec::len);
        if count == 0 {
            return;
        }
        let chosen = active.get_untracked().and_then(|i| offered.with_untracked(|o| o.get(i).cloned()));
        match ev.key().as_str() {
            "ArrowDown" => active.set(Some(active.get_untracked().map_or(0, |i| (i + 1) % count))),
            "ArrowUp" => {
                active.set(Some(active.get_untracked().map_or(count - 1, |i| (i + count - 1) % count)))
            }
            "Enter" | "Tab" if chosen.is_some() && !ev.ctrl_key() && !ev.meta_key() => {
                accept(&chosen.unwrap_or_default());
            }
            "Delete" if ev.shift_key() && chosen.is_some() => {
                forget(&chosen.unwrap_or_default());
                // The next suggestion takes the forgotten one's place.
                let left = offered.with_untracked(Vec::len);
                active
                    .set(active.get_untracked().filter(|_| left > 0).map(|i| i.min(left.saturating_sub(1))));
            }
            "Escape" => {
                ev.stop_propagation();
                closed.set(true);
            }
            _ => return,
        }
        ev.prevent_default();
    };
    view! {
        <label class="field">
            <span>{label}</span>
            <input type="text" name=name autocomplete="off"
                role="combobox" aria-autocomplete="list" aria-controls=list_id.clone()
                aria-expanded=move || (!offered.with(Vec::is_empty)).to_string()
                aria-activedescendant=move || active.get().filter(|_| !offered.with(Vec::is_empty)).map(option_id)
                prop:value=line
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    closed.set(false);
                    active.set(None);
                    composer.edit_form(|f| set(f, value));
                }
                on:focus=move |_| focused.set(true)
                on:blur=move |_| { focused.set(false); active.set(None); }
                on:keydown=on_keydown
            />
        </label>
        <ul class="suggestions" role="listbox" id=list_id data-testid=format!("{name}-suggestions") aria-label=label
            hidden=move || offered.with(Vec::is_empty)>
            {move || offered.get().into_iter().enumerate().map(|(i, suggestion)| {
                let chosen = suggestion.clone();
                let forgot = suggestion.clone();
                view! {
                    // Taken on mousedown, before the field loses the focus (and the list with it).
                    <li role="option" id=option_id(i) aria-selected=move || (active.get() == Some(i)).to_string()
                        on:mousedown=move |ev| { ev.prevent_default(); accept(&chosen); }>
                        <span class="suggestion">{suggestion}</span>
                        // For the pointer; the keyboard's way is Shift+Delete (the option's own
                        // name stays the address alone).
                        <span class="forget" aria-hidden="true" title=t().forget_address data-testid="forget-suggestion"
                            on:mousedown=move |ev| {
                                ev.prevent_default();
                                ev.stop_propagation();
                                forget(&forgot);
                            }>"×"</span>
                    </li>
                }
            }).collect_view()}
        </ul>
        <span class="visually-hidden" role="status" data-testid=format!("{name}-forgotten")>{move || said.get()}</span>
        {move || {
            let invalid = invalid();
            (!invalid.is_empty()).then(|| view! { <p class="field-error" data-testid=format!("{name}-error")>{invalid.join("; ")}</p> })
        }}
    }
}
