//! The Filters dialog: the account's filters and out-of-office reply, kept on its mail server as
//! a Sieve script (RFC 5228) over ManageSieve (RFC 5804, session/sieve.rs), so they run on
//! arriving mail even while the app is closed. The engine writes the script and reads it back
//! (`posthorn_proto::sieve::rules`); a script another program wrote that the form cannot show is
//! offered as text. The settings menu opens it (settings.rs); the App holds the one dialog.

mod away_note;
mod filter_form;
mod filter_list;
mod vacation_form;

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::managesieve::Capabilities;
use posthorn_proto::message::ReadableMessage;
use posthorn_proto::sieve::{self, Filter, RuleError, Rules, Vacation};

use crate::account::{AccountSettings, Accounts, OutOfOffice};
use crate::i18n::t;
use crate::mail_state::Folder;
use crate::protocol_log::ProtocolLog;
use crate::session::MailError;
use crate::session::sieve::{SieveSession, Stored, default_server, server, server_text};
use crate::store::{self, Key};

pub use away_note::AwayNote;
use filter_list::FilterList;
use vacation_form::VacationForm;

/// The name of the script the app writes when the account has no active one.
const SCRIPT: &str = "posthorn";

/// Which account's filters the dialog shows, if it is open, and a filter to start its form with
/// (*Filter messages like this*); provided by the App.
#[derive(Clone, Copy)]
pub struct FiltersOpen {
    pub account: RwSignal<Option<String>>,
    pub start: StoredValue<Option<Filter>>,
}

impl FiltersOpen {
    pub fn new() -> Self {
        Self { account: RwSignal::new(None), start: StoredValue::new(None) }
    }
}

/// What the dialog shows.
#[derive(Clone, PartialEq)]
enum Shown {
    Loading,
    Failed,
    Form,
    /// The active script as text, with why the form cannot show it.
    Text(String),
}

/// A rule the engine cannot write, in the person's language.
fn rule_error(e: &RuleError) -> String {
    let f = &t().filters;
    match e {
        RuleError::NoCondition(name) => (f.err_no_condition)(name),
        RuleError::NoAction(name) => (f.err_no_action)(name),
        RuleError::Empty("reply's text") => f.err_reply_empty.into(),
        RuleError::Empty("folder") => f.err_folder_empty.into(),
        RuleError::Empty(_) => f.err_value_empty.into(),
        RuleError::ControlCharacter(_) | RuleError::BadKeyword(_) => f.err_control.into(),
        RuleError::BadDate(date) => (f.err_date)(date),
        RuleError::BadAddress(address) => (f.err_address)(address),
        RuleError::BadDays(_) => f.err_days.into(),
    }
}

/// Records with the account whether the out-of-office reply is on, as the script just read or
/// written has it (`vacation`: its reply, if it has one).
fn record_away(accounts: Accounts, email: &str, vacation: Option<&Vacation>) {
    let away =
        vacation.filter(|v| v.enabled).map(|v| OutOfOffice { start: v.start.clone(), end: v.end.clone() });
    if let Some(account) = accounts.get(email)
        && account.out_of_office != away
    {
        spawn_local(async move {
            let _ = accounts.update(AccountSettings { out_of_office: away, ..account }).await;
        });
    }
}

/// The settings menu's button that opens the dialog for the shown account.
#[component]
pub fn FiltersButton() -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let open = expect_context::<FiltersOpen>().account;
    view! {
        {move || accounts.current.get().map(|email| view! {
            <button type="button" class="quiet" data-testid="open-filters"
                on:click=move |_| open.set(Some(email.clone()))>{t().filters.open}</button>
        })}
    }
}

/// *Filter messages like this…*, for the reader's More menu: the dialog for the shown account,
/// with a new filter for the message's mailing list or sender (`posthorn_proto::sieve::like`).
#[component]
pub fn FilterLikeThis(message: ReadableMessage) -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let Some(open) = use_context::<FiltersOpen>() else { return ().into_any() };
    let composer = use_context::<crate::composer::Composer>();
    let name =
        message.from.first().map(|m| m.name.clone().unwrap_or_else(|| m.address.clone())).unwrap_or_default();
    let list_id = message.header_values("List-Id").next().map(str::to_owned);
    let from = message.from.first().map(|m| m.address.clone());
    let Some(filter) = sieve::like(list_id.as_deref(), from.as_deref(), name) else { return ().into_any() };
    let filter = StoredValue::new(filter);
    view! {
        <button data-testid="filter-like-this" on:click=move |_| {
            // The message's own account: in All inboxes, the composer provided beside its reader.
            let account = composer.map(|c| c.account()).or_else(|| accounts.current.get_untracked());
            open.start.set_value(Some(filter.get_value()));
            open.account.set(account);
        }>{t().filters.like_this}</button>
    }
    .into_any()
}

/// The modal dialog; open while [`FiltersOpen`] names an account.
#[component]
pub fn FiltersDialog() -> impl IntoView {
    let open = expect_context::<FiltersOpen>().account;
    let node = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        if open.get().is_some()
            && let Some(dialog) = node.get()
            && !dialog.open()
        {
            let _ = dialog.show_modal();
        }
    });
    let close = move || {
        if let Some(dialog) = node.get_untracked() {
            dialog.close();
        }
    };
    view! {
        <dialog class="filters-dialog" data-testid="filters" aria-labelledby="filters-title" node_ref=node
            on:close=move |_| open.set(None)>
            {move || open.get().map(|email| crate::lazy::deferred(&FILTERS_EDITOR, FiltersEditorProps { email, close: Callback::new(move |_| close()) }))}
        </dialog>
    }
}

/// One account's filters: connects on opening, and saves the whole script at once.
#[component]
fn FiltersEditor(email: String, close: Callback<()>) -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let log = expect_context::<ProtocolLog>();
    let server_field = RwSignal::new(accounts.get(&email).map(|a| server_text(&a)).unwrap_or_default());
    let shown = RwSignal::new(Shown::Loading);
    let rules = RwSignal::new(Rules::default());
    let vacation = RwSignal::new(Vacation::default());
    let text = RwSignal::new(String::new());
    let script = RwSignal::new((SCRIPT.to_owned(), false));
    let folders = RwSignal::new(Vec::<(String, String)>::new());
    let problem = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let capabilities = StoredValue::new(Capabilities::default());
    let kept: StoredValue<Option<SieveSession>, LocalStorage> = StoredValue::new_local(None);
    // Counts the loads: only the newest may fill the form.
    let generation = StoredValue::new(0u64);
    // The form opens with this filter once the rules are read.
    let start =
        StoredValue::new(expect_context::<FiltersOpen>().start.try_update_value(Option::take).flatten());

    let open_session = {
        let email = email.clone();
        move || {
            let email = email.clone();
            async move {
                let account = accounts.get(&email).ok_or_else(|| MailError::new(t().filters.bad_server))?;
                let password =
                    accounts.password(&email).ok_or_else(|| MailError::new(t().filters.no_password))?;
                // The field as it was when connecting: it may change while the server answers.
                let typed = server_field.get_untracked().trim().to_owned();
                let settings =
                    server(&account, &typed).ok_or_else(|| MailError::new(t().filters.bad_server))?;
                let session = SieveSession::open(&account, &settings, &password, log).await?;
                // A server other than the default is kept with the account.
                let wanted = (typed != default_server(&account)).then_some(typed);
                if account.sieve_server != wanted {
                    let _ = accounts
                        .update(crate::account::AccountSettings { sieve_server: wanted, ..account })
                        .await;
                }
                Ok::<_, MailError>(session)
            }
        }
    };

    let load = {
        let open_session = open_session.clone();
        let email = email.clone();
        move || {
            let (open_session, email) = (open_session.clone(), email.clone());
            let mine = generation.get_value() + 1;
            generation.set_value(mine);
            shown.set(Shown::Loading);
            problem.set(None);
            status.set(None);
            spawn_local(async move {
                if let Ok(Some(list)) = store::get_json::<Vec<Folder>>(Key::Folders(&email)).await {
                    // Each as Sieve names it (the decoded name) and as the folder pane shows it.
                    let named = list.iter().filter(|f| f.selectable);
                    folders.set(
                        named
                            .map(|f| (f.name.clone(), crate::mail_view::folder_name(f, &f.name).to_owned()))
                            .collect(),
                    );
                }
                let outcome = async {
                    let mut session = open_session().await?;
                    let active = session.scripts().await?.into_iter().find(|s| s.active);
                    let found = match active {
                        Some(a) => Some((a.name.clone(), session.script(&a.name).await?)),
                        None => None,
                    };
                    Ok::<_, MailError>((session, found))
                }
                .await;
                if generation.try_get_value() != Some(mine) {
                    // A later Connect, or the dialog's closing, took over: what this load read is
                    // not shown, and its session ends.
                    if let Ok((session, _)) = outcome {
                        session.logout().await;
                    }
                    return;
                }
                let outcome = outcome.map(|(session, found)| {
                    capabilities.set_value(session.capabilities().clone());
                    kept.set_value(Some(session));
                    found
                });
                match outcome {
                    Err(e) => {
                        problem.set(Some(e.with_reply()));
                        shown.set(Shown::Failed);
                    }
                    Ok(None) => {
                        record_away(accounts, &email, None);
                        script.set((SCRIPT.to_owned(), false));
                        shown.set(Shown::Form);
                    }
                    Ok(Some((name, found))) => {
                        script.set((name.clone(), true));
                        match sieve::read(&found) {
                            Ok(read) => {
                                record_away(accounts, &email, read.vacation.as_ref());
                                vacation.set(read.vacation.clone().unwrap_or_default());
                                rules.set(read);
                                shown.set(Shown::Form);
                            }
                            Err(why) => {
                                text.set(found);
                                shown.set(Shown::Text((t().filters.foreign)(&name, &why.to_string())));
                            }
                        }
                    }
                }
            });
        }
    };
    load();

    let save = {
        let email = email.clone();
        move || {
            let (open_session, email) = (open_session.clone(), email.clone());
            status.set(None);
            problem.set(None);
            let written = match shown.get_untracked() {
                Shown::Text(_) => Ok(text.get_untracked()),
                _ => {
                    let mut all = rules.get_untracked();
                    let mut v = vacation.get_untracked();
                    v.addresses = accounts
                        .get(&email)
                        .map(|a| a.addresses().into_iter().map(|a| a.address).collect())
                        .unwrap_or_default();
                    all.vacation = (v.enabled || !v.body.trim().is_empty()).then_some(v);
                    let missing: Vec<&str> = sieve::rules::extensions(&all)
                        .into_iter()
                        .filter(|e| !capabilities.with_value(|c| c.has_extension(e)))
                        .collect();
                    if missing.is_empty() {
                        sieve::write(&all).map_err(|e| rule_error(&e))
                    } else {
                        Err((t().filters.unsupported)(&missing.join(", ")))
                    }
                }
            };
            let written = match written {
                Ok(w) => w,
                Err(why) => return problem.set(Some(why)),
            };
            // The reply as the script has it, where the form can read it.
            let away = sieve::read(&written).ok().map(|r| r.vacation);
            saving.set(true);
            spawn_local(async move {
                let (name, active) = script.get_untracked();
                let outcome = async {
                    // The session kept since loading; a new one if the server has dropped it.
                    let mut tries = 0;
                    loop {
                        tries += 1;
                        let mut session = match kept.try_update_value(Option::take).flatten() {
                            Some(s) => s,
                            None => open_session().await?,
                        };
                        let stored = match session.put(&name, written.clone()).await {
                            Ok(Stored::Done(warnings)) if active => Ok(Ok(warnings)),
                            Ok(Stored::Done(warnings)) => session.activate(&name).await.map(|a| match a {
                                Stored::Done(_) => Ok(warnings),
                                Stored::Refused(words) => Err(words),
                            }),
                            Ok(Stored::Refused(words)) => Ok(Err(words)),
                            Err(e) => Err(e),
                        };
                        match stored {
                            Err(_) if tries == 1 => continue,
                            Err(e) => return Err(e),
                            Ok(result) => {
                                kept.set_value(Some(session));
                                return Ok(result);
                            }
                        }
                    }
                };
                match outcome.await {
                    Err(e) => problem.set(Some(e.with_reply())),
                    Ok(Err(words)) => problem.set(Some(format!("{} {words}", t().filters.not_saved))),
                    Ok(Ok(warnings)) => {
                        if let Some(away) = away {
                            record_away(accounts, &email, away.as_ref());
                        }
                        script.set((name, true));
                        status.set(Some(match warnings {
                            Some(w) => format!("{} {w}", t().filters.saved_with_warning),
                            None => t().filters.saved.to_owned(),
                        }));
                    }
                }
                saving.set(false);
            });
        }
    };

    on_cleanup(move || {
        if let Some(session) = kept.try_update_value(Option::take).flatten() {
            spawn_local(session.logout());
        }
    });

    let load_again = load.clone();
    view! {
        <h2 id="filters-title">{(t().filters.title)(&email)}</h2>
        <form class="filters-server" on:submit=move |ev| { ev.prevent_default(); load_again(); }>
            <label>
                {t().filters.server}
                <input type="text" name="sieve-server" data-testid="sieve-server" autocomplete="off" spellcheck="false"
                    aria-describedby="sieve-server-hint"
                    prop:value=move || server_field.get() on:input=move |ev| server_field.set(event_target_value(&ev)) />
            </label>
            <button type="submit" class="quiet" data-testid="sieve-connect" disabled=move || saving.get()>{t().filters.connect}</button>
            <p id="sieve-server-hint" class="hint">{t().filters.server_hint}</p>
        </form>
        {move || match shown.get() {
            Shown::Loading => view! { <p class="opening" data-testid="filters-loading">{t().filters.loading}</p> }.into_any(),
            Shown::Failed => ().into_any(),
            Shown::Form => view! {
                <VacationForm vacation=vacation />
                <FilterList rules=rules folders=folders start=start.get_value() />
            }.into_any(),
            Shown::Text(why) => view! {
                <p class="hint" data-testid="filters-foreign">{why}</p>
                <label class="sieve-text">
                    {t().filters.script_text}
                    <textarea data-testid="sieve-text" spellcheck="false" rows="14"
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </label>
            }.into_any(),
        }}
        {move || problem.get().map(|p| view! { <p class="problem" role="alert" data-testid="filters-problem">{p}</p> })}
        {move || status.get().map(|s| view! { <p class="status" role="status" data-testid="filters-status">{s}</p> })}
        <div class="dialog-actions">
            <Show when=move || matches!(shown.get(), Shown::Form | Shown::Text(_))>
                {
                    let save = save.clone();
                    view! {
                        <button type="button" class="primary" data-testid="save-filters" disabled=move || saving.get()
                            on:click=move |_| save()>
                            {move || if saving.get() { t().filters.saving } else { t().filters.save }}
                        </button>
                    }
                }
            </Show>
            <button type="button" data-testid="close-filters" on:click=move |_| close.run(())>{t().close}</button>
        </div>
    }
}

crate::lazy::lazy_part! {
    /// The filters editor's code (ManageSieve, Sieve, the forms), fetched when the dialog first
    /// opens.
    in filters: static FILTERS_EDITOR: Part<crate::lazy::Make<FiltersEditorProps>> = |props| FiltersEditor(props).into_any();
}
