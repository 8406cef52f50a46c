//! The editable settings of one server (host, port, security, user name, sign-in method), and
//! the certificate pinned for it.

use leptos::prelude::*;
use posthorn_proto::sasl::{Mechanism, Policy};

use super::discover::Finding;
use crate::account::{ConnectionSecurity, ServerSettings};
use crate::i18n::t;

/// Editable settings of one server.
#[derive(Clone, Copy)]
pub(super) struct ServerFields {
    pub(super) host: RwSignal<String>,
    port: RwSignal<String>,
    security: RwSignal<String>,
    pub(super) username: RwSignal<String>,
    /// A SASL mechanism's name, or empty for the strongest offered.
    mechanism: RwSignal<String>,
    /// The fingerprint of the certificate the person trusted for this host and port.
    pub(super) pin: RwSignal<Option<String>>,
}

impl ServerFields {
    pub(super) fn new(port: u16) -> Self {
        Self {
            host: RwSignal::new(String::new()),
            port: RwSignal::new(port.to_string()),
            security: RwSignal::new("tls".into()),
            username: RwSignal::new(String::new()),
            mechanism: RwSignal::new(String::new()),
            pin: RwSignal::new(None),
        }
    }

    pub(super) fn fill(&self, f: &Finding, username: &str) {
        self.host.set(f.host.clone());
        self.port.set(f.port.to_string());
        self.security.set(if f.security == "starttls" { "starttls".into() } else { "tls".into() });
        self.username.set(username.to_string());
    }

    pub(super) fn settings(&self) -> Result<ServerSettings, String> {
        let host = self.host.get_untracked().trim().to_string();
        if host.is_empty() {
            return Err(t().enter_host.into());
        }
        let port = self.port.get_untracked().trim().parse::<u16>().map_err(|_| t().port_number)?;
        Ok(ServerSettings {
            host,
            port,
            security: ConnectionSecurity::parse(&self.security.get_untracked()),
            username: self.username.get_untracked().trim().to_string(),
            mechanism: Mechanism::from_name(&self.mechanism.get_untracked()),
            pin_sha256: self.pin.get_untracked(),
        })
    }
}

/// The fields of one server's settings.
#[component]
pub(super) fn ServerEditor(title: &'static str, prefix: &'static str, fields: ServerFields) -> impl IntoView {
    view! {
        <fieldset class="server">
            <legend>{title}</legend>
            <label>
                {t().host}
                <input name=format!("{prefix}-host") prop:value=move || fields.host.get()
                    on:input=move |ev| { fields.host.set(event_target_value(&ev)); fields.pin.set(None); } />
            </label>
            <label>
                {t().port}
                <input name=format!("{prefix}-port") inputmode="numeric" prop:value=move || fields.port.get()
                    on:input=move |ev| { fields.port.set(event_target_value(&ev)); fields.pin.set(None); } />
            </label>
            <label>
                {t().security}
                <select name=format!("{prefix}-security") prop:value=move || fields.security.get()
                    on:change=move |ev| fields.security.set(event_target_value(&ev))>
                    <option value="tls">"TLS"</option>
                    <option value="starttls">"STARTTLS"</option>
                    <option value="none">{t().security_none}</option>
                </select>
            </label>
            <label>
                {t().user_name}
                <input name=format!("{prefix}-username") prop:value=move || fields.username.get()
                    on:input=move |ev| fields.username.set(event_target_value(&ev)) />
            </label>
            <label class="mechanism">
                {t().sign_in_method}
                <select name=format!("{prefix}-mechanism") prop:value=move || fields.mechanism.get()
                    on:change=move |ev| fields.mechanism.set(event_target_value(&ev))>
                    <option value="">{t().strongest_method}</option>
                    {Policy::PASSWORD_ORDER
                        .iter()
                        .map(|m| view! { <option value=m.name()>{m.name()}</option> })
                        .collect_view()}
                    {Policy::TOKEN_ORDER
                        .iter()
                        .map(|m| {
                            view! {
                                <option value=m.name()>{(t().oauth_token_method)(m.name())}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </fieldset>
    }
}
