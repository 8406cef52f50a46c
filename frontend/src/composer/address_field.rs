//! One address line (To, Cc, Bcc): typed as text, checked as RFC 5322 addresses.

use super::*;

#[component]
pub(super) fn AddressField(
    composer: Composer,
    label: &'static str,
    name: &'static str,
    get: fn(&Form) -> String,
    set: fn(&mut Form, String),
) -> impl IntoView {
    // Invalid addresses are named as soon as the field is left, not only on Send.
    let invalid = move || {
        let text = composer.form.with(|f| f.as_ref().map(get)).unwrap_or_default();
        Address::parse_list(&text)
            .into_iter()
            .filter_map(|a| {
                posthorn_proto::smtp::Mailbox::new(&a.address).err().map(|e| format!("{}: {e}", a.address))
            })
            .collect::<Vec<_>>()
    };
    view! {
        <label class="field">
            <span>{label}</span>
            <input type="text" name=name list="posthorn-addresses" autocomplete="off"
                prop:value=move || composer.form.with(|f| f.as_ref().map(get)).unwrap_or_default()
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    composer.edit_form(|f| set(f, value));
                }
            />
        </label>
        {move || {
            let invalid = invalid();
            (!invalid.is_empty()).then(|| view! { <p class="field-error" data-testid=format!("{name}-error")>{invalid.join("; ")}</p> })
        }}
    }
}
