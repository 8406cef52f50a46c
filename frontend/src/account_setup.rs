//! The first screen: add a mail account from an email address and a password. Settings come from
//! the bridge's discovery endpoint and stay editable; "Test and save" proves them step by step.

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::secret::Secret;

pub mod certificate;
mod discover;
mod server_editor;
mod sign_in;

use crate::account::{AccountSettings, Accounts, IncomingProtocol, Pop3Delete};
use crate::i18n::t;
use crate::net::driver::Role;
use crate::protocol_log::ProtocolLog;
use crate::session::{MailError, UntrustedCertificate, configured_bridge_url, set_bridge_url};
use certificate::CertificatePanel;
use discover::discover;
use server_editor::{ServerEditor, ServerFields};

/// How long after the form shows the code behind it starts to be fetched: long enough for the form
/// to be drawn first, far shorter than it takes to fill it in.
const BACKGROUND_AFTER: std::time::Duration = std::time::Duration::from_millis(300);

/// A step of "Test and save", as shown to the person.
#[derive(Clone, PartialEq)]
enum Step {
    Running(String),
    Done(String),
    Failed(String, Option<String>),
    /// Failed on a certificate the person can inspect (and perhaps trust).
    Untrusted(String, Box<UntrustedCertificate>),
}

/// The account setup form. `on_cancel`, where given, offers Cancel (adding a further account:
/// back to the mail of the ones there are).
#[component]
pub fn AccountSetup(
    #[prop(optional)] on_done: Option<Callback<()>>,
    #[prop(optional_no_strip)] on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let log = expect_context::<ProtocolLog>();
    // What "Test and save" and the mail view after it need is fetched while the form is filled
    // in, once the form is on screen (frontend/src/lazy.rs).
    set_timeout(
        || {
            crate::lazy::preload(&sign_in::SIGN_IN);
            crate::lazy::preload(&crate::mail_view::MAIL_VIEW);
        },
        BACKGROUND_AFTER,
    );
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let protocol = RwSignal::new("imap".to_string());
    let incoming = ServerFields::new(993);
    let outgoing = ServerFields::new(465);
    let show_settings = RwSignal::new(false);
    let server_files_sent = RwSignal::new(false);
    let remember = RwSignal::new(false);
    let pop3_delete = RwSignal::new("never".to_string());
    let pop3_days = RwSignal::new("30".to_string());
    let bridge_url = RwSignal::new(configured_bridge_url());
    let steps = RwSignal::new(Vec::<Step>::new());
    let busy = RwSignal::new(false);

    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Err(e) = set_bridge_url(&bridge_url.get_untracked()) {
            steps.set(vec![Step::Failed(e, None)]);
            return;
        }
        let address = email.get_untracked().trim().to_string();
        if !address.contains('@') {
            steps.set(vec![Step::Failed(t().enter_full_address.into(), None)]);
            return;
        }
        busy.set(true);
        steps.set(vec![Step::Running((t().looking_up)(&address))]);
        spawn_local(async move {
            match discover(&address).await {
                Ok(report) => {
                    let s = report.suggested;
                    let mut found = Vec::new();
                    if let Some(f) = s.imap.filter(|f| f.ok) {
                        protocol.set("imap".into());
                        incoming.fill(&f, &address);
                        found.push(format!("IMAP {}:{}", f.host, f.port));
                    } else if let Some(f) = s.pop3.filter(|f| f.ok) {
                        protocol.set("pop3".into());
                        incoming.fill(&f, &address);
                        found.push(format!("POP3 {}:{}", f.host, f.port));
                    }
                    if let Some(f) = s.submission.filter(|f| f.ok) {
                        outgoing.fill(&f, &address);
                        found.push(format!("SMTP {}:{}", f.host, f.port));
                    }
                    steps.set(vec![if found.is_empty() {
                        Step::Failed(t().no_servers_found.into(), None)
                    } else {
                        Step::Done((t().found_check)(&found.join(", ")))
                    }]);
                }
                Err(e) => steps.set(vec![Step::Failed(e, None)]),
            }
            if incoming.username.get_untracked().is_empty() {
                incoming.username.set(address.clone());
                outgoing.username.set(address);
            }
            show_settings.set(true);
            busy.set(false);
        });
    };

    let test_and_save = move |()| {
        if let Err(e) = set_bridge_url(&bridge_url.get_untracked()) {
            steps.set(vec![Step::Failed(e, None)]);
            return;
        }
        let delete = match pop3_delete.get_untracked().as_str() {
            "after-download" => Ok(Pop3Delete::AfterDownload),
            "after-days" => match pop3_days.get_untracked().trim().parse::<u32>() {
                Ok(days) if days > 0 => Ok(Pop3Delete::AfterDays(days)),
                _ => Err(t().enter_pop3_days.to_string()),
            },
            _ => Ok(Pop3Delete::Never),
        };
        // Setting an account up again keeps its signature, other addresses, filter server and
        // what it knows of the out-of-office reply.
        let earlier = accounts.get(email.get_untracked().trim());
        let account = match (incoming.settings(), outgoing.settings(), delete) {
            (Ok(i), Ok(o), Ok(pop3_delete)) => AccountSettings {
                email: email.get_untracked().trim().to_string(),
                display_name: name.get_untracked().trim().to_string(),
                incoming_protocol: if protocol.get_untracked() == "pop3" {
                    IncomingProtocol::Pop3
                } else {
                    IncomingProtocol::Imap
                },
                incoming: i,
                outgoing: o,
                server_files_sent: server_files_sent.get_untracked(),
                pop3_delete,
                signature: earlier.as_ref().map(|a| a.signature.clone()).unwrap_or_default(),
                identities: earlier.as_ref().map(|a| a.identities.clone()).unwrap_or_default(),
                sieve_server: earlier.as_ref().and_then(|a| a.sieve_server.clone()),
                out_of_office: earlier.and_then(|a| a.out_of_office),
            },
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                steps.set(vec![Step::Failed(e, None)]);
                return;
            }
        };
        let secret = Secret::new(password.get_untracked());
        let keep_password = remember.get_untracked();
        busy.set(true);
        spawn_local(async move {
            steps.set(vec![Step::Running((t().connecting_logging_in)(&sign_in::server_name(&account)))]);
            let result = match sign_in::SIGN_IN.get().await {
                Ok(check) => check(&account, &secret, log, steps).await,
                Err(crate::lazy::NotLoaded) => Err(MailError::new(t().part_not_loaded)),
            };
            match result {
                Ok(outgoing) => {
                    steps.update(|s| {
                        s.pop();
                        s.push(Step::Done((t().signed_in_to)(&outgoing)));
                    });
                    let email = account.email.clone();
                    match accounts.upsert(account, secret).await {
                        Ok(()) => {
                            if keep_password && let Err(e) = accounts.set_remembered(&email, true).await {
                                steps.update(|s| s.push(Step::Failed(e, None)));
                            }
                            // The password field is cleared as soon as it is no longer needed.
                            password.set(String::new());
                            if let Some(cb) = on_done {
                                cb.run(());
                            }
                        }
                        Err(e) => steps.update(|s| s.push(Step::Failed(e, None))),
                    }
                }
                Err(e) => steps.update(|s| {
                    s.pop();
                    s.push(match e.certificate {
                        Some(cert) => Step::Untrusted(e.message.clone(), cert),
                        None => Step::Failed(e.message.clone(), e.server_reply.clone()),
                    });
                }),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="account-setup" data-testid="account-setup">
            <h1>{t().add_mail_account}</h1>
            <form on:submit=find>
                <label>
                    {t().your_name}
                    <input name="name" autocomplete="name" prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
                <label>
                    {t().email_address}
                    <input type="email" name="email" autocomplete="email" prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev)) />
                </label>
                <label>
                    {t().password}
                    <input type="password" name="password" autocomplete="current-password"
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev)) />
                </label>
                <label class="checkbox">
                    <input type="checkbox" name="remember" prop:checked=move || remember.get()
                        on:change=move |ev| remember.set(event_target_checked(&ev)) />
                    {t().remember_password}
                </label>
                <details class="advanced">
                    <summary>{t().bridge}</summary>
                    <label>
                        {t().bridge_url}
                        <input name="bridge-url" placeholder="https://bridge.example.com" prop:value=move || bridge_url.get()
                            on:input=move |ev| bridge_url.set(event_target_value(&ev)) />
                    </label>
                    <p class="hint">{t().bridge_hint}</p>
                </details>
                <div class="buttons">
                    <button type="submit" data-testid="find-settings" disabled=move || busy.get()>{t().find_settings}</button>
                    <button type="button" on:click=move |_| show_settings.set(true)>{t().enter_settings_by_hand}</button>
                    {on_cancel.map(|cancel| view! {
                        <button type="button" class="quiet" data-testid="cancel-setup" on:click=move |_| cancel.run(())>{t().cancel}</button>
                    })}
                </div>
            </form>
            <Show when=move || show_settings.get()>
                <div class="settings" data-testid="server-settings">
                    <label>
                        {t().incoming_mail}
                        <select name="protocol" prop:value=move || protocol.get()
                            on:change=move |ev| protocol.set(event_target_value(&ev))>
                            <option value="imap">"IMAP"</option>
                            <option value="pop3">"POP3"</option>
                        </select>
                    </label>
                    <ServerEditor title=t().incoming_server prefix="incoming" fields=incoming />
                    <Show when=move || protocol.get() == "pop3">
                        <fieldset class="pop3-delete">
                            <legend>{t().pop3_messages}</legend>
                            <p class="hint">{t().pop3_keeps}</p>
                            <select name="pop3-delete" aria-label=t().pop3_messages prop:value=move || pop3_delete.get()
                                on:change=move |ev| pop3_delete.set(event_target_value(&ev))>
                                <option value="never">{t().pop3_leave}</option>
                                <option value="after-download">{t().pop3_delete_after_download}</option>
                                <option value="after-days">{t().pop3_delete_after_days}</option>
                            </select>
                            <Show when=move || pop3_delete.get() == "after-days">
                                <label>
                                    {t().days}
                                    <input name="pop3-delete-days" inputmode="numeric" prop:value=move || pop3_days.get()
                                        on:input=move |ev| pop3_days.set(event_target_value(&ev)) />
                                </label>
                            </Show>
                        </fieldset>
                    </Show>
                    <ServerEditor title=t().outgoing_server prefix="outgoing" fields=outgoing />
                    <label class="checkbox">
                        <input type="checkbox" name="server-files-sent" prop:checked=move || server_files_sent.get()
                            on:change=move |ev| server_files_sent.set(event_target_checked(&ev)) />
                        {t().server_files_sent}
                    </label>
                    <button class="primary" data-testid="test-and-save" disabled=move || busy.get() on:click=move |_| test_and_save(())>
                        {t().test_and_save}
                    </button>
                </div>
            </Show>
            <ol class="steps" data-testid="setup-steps">
                {move || steps.get().into_iter().map(|step| match step {
                    Step::Running(t) => view! { <li class="running">{t}</li> }.into_any(),
                    Step::Done(t) => view! { <li class="done">"✓ " {t}</li> }.into_any(),
                    Step::Untrusted(t, untrusted) => {
                        let fields = match untrusted.role {
                            Role::Incoming => incoming,
                            Role::Outgoing => outgoing,
                        };
                        let pin = untrusted.certificate.sha256.clone();
                        // Trusting pins the certificate for this host and port and tests again.
                        let on_trust = Callback::new(move |()| {
                            fields.pin.set(Some(pin.clone()));
                            test_and_save(());
                        });
                        view! {
                            <li class="failed" data-testid="setup-error">"✗ " {t}
                                <CertificatePanel untrusted=*untrusted trusted=fields.pin.get_untracked() on_trust />
                            </li>
                        }.into_any()
                    }
                    Step::Failed(t, reply) => view! {
                        <li class="failed" data-testid="setup-error">"✗ " {t}
                            {reply.map(|r| view! { <code class="server-reply">{r}</code> })}
                        </li>
                    }.into_any(),
                }).collect_view()}
            </ol>
        </section>
    }
}
