//! The outbox as the composer shows it: each message's state, what happened at each step, and
//! what the person can do about it.

use super::*;

/// The state as `data-state` names it, the same in every language (tests and styles read it).
fn state_name(state: OutboxState) -> &'static str {
    match state {
        OutboxState::Waiting => "waiting",
        OutboxState::Sending => "sending",
        OutboxState::Failed => "not sent",
        OutboxState::Uncertain => "perhaps sent",
        OutboxState::Sent => "sent",
    }
}

/// The state as the outbox shows it (a message sent later waits for its time).
fn state_label(state: OutboxState, scheduled: bool) -> &'static str {
    match state {
        OutboxState::Waiting if scheduled => t().state_scheduled,
        OutboxState::Waiting => t().state_waiting,
        OutboxState::Sending => t().state_sending,
        OutboxState::Failed => t().state_failed,
        OutboxState::Uncertain => t().state_uncertain,
        OutboxState::Sent => t().state_sent,
    }
}

#[component]
pub fn OutboxView(composer: Composer) -> impl IntoView {
    let outbox = composer.outbox;
    let accounts = composer.accounts;
    let password = RwSignal::new(String::new());
    // The outbox shows from its first message on; emptied, it says so in one line rather than
    // vanish.
    let had_items = RwSignal::new(false);
    Effect::new(move |_| {
        if outbox.items.with(|i| !i.is_empty()) {
            had_items.set(true);
        }
    });
    let emptied = move || {
        had_items.get().then(|| {
            view! {
                <section class="outbox" data-testid="outbox">
                    <p class="outbox-line" data-testid="empty-state" data-empty="empty-outbox">
                        {crate::icons::icon(crate::icons::Icon::Sent)}{t().outbox_empty}
                    </p>
                </section>
            }
        })
    };
    // Open while something needs the person (waiting, sending, failed, a recipient refused, a copy
    // to file in Sent); folded to its summary line once everything went out and was filed, which
    // on a phone gives the screen back to the mail. The person can open or fold it either way;
    // the next change that needs them opens it again.
    // A message sent later needs nothing from them until its time.
    let attention =
        Memo::new(move |_| outbox.items.with(|i| i.iter().any(|i| !i.done() && !i.waits_for_its_time())));
    let done = move || outbox.items.with(|i| i.iter().filter(|i| i.done()).count());
    let later = move || outbox.items.with(|i| i.iter().filter(|i| i.waits_for_its_time()).count());
    view! {
        <Show when=move || outbox.items.with(|i| !i.is_empty()) fallback=emptied>
            <details class="outbox" data-testid="outbox" prop:open=move || attention.get()>
                <summary>
                    <h3>{t().outbox}</h3>
                    {move || (!attention.get()).then(|| view! {
                        <span class="outbox-summary" data-testid="outbox-summary">
                            {match (done(), later()) {
                                (sent, 0) => (t().outbox_done)(sent),
                                (0, later) => (t().outbox_scheduled)(later),
                                (sent, later) => format!("{}, {}", (t().outbox_done)(sent), (t().outbox_scheduled)(later)),
                            }}
                        </span>
                    })}
                </summary>
                <For each=move || outbox.items.get() key=|i| (i.id().to_owned(), i.state() as u8, i.note.clone(), i.error.clone(), i.delivery.held_until()) let:item>
                    {
                        let id = item.id().to_owned();
                        let (retry_id, edit_id, remove_id, anyway_id) = (id.clone(), id.clone(), id.clone(), id.clone());
                        let (create_sent_id, file_again_id, trust_id) = (id.clone(), id.clone(), id.clone());
                        let state = item.state();
                        let held = item.delivery.held_until().is_some();
                        let scheduled = item.waits_for_its_time();
                        let (undo_id, now_id) = (id.clone(), id.clone());
                        let auth_failed = item.sign_in_refused && item.error.is_some();
                        view! {
                            <div class="outbox-item" data-testid="outbox-item" data-state=state_name(state) data-message-id=id.clone()>
                                <b>{item.draft.subject.clone()}</b>
                                " — " <span class="state">{state_label(state, scheduled)}</span>
                                <span class="note" data-testid="outbox-note">{item.note.clone()}</span>
                                {item.error.clone().map(|e| view! { <p class="error" data-testid="outbox-error">{e}</p> })}
                                // Refused over the outgoing server's certificate: inspect it and trust it here.
                                {(state == OutboxState::Failed).then(|| view! {
                                    <crate::account_setup::certificate::TrustOutgoing
                                        email=composer.email.get_value()
                                        on_trusted=Callback::new(move |()| outbox.retry(&trust_id))
                                    />
                                })}
                                // Each recipient's answer, where one was not taken: when all were,
                                // the note has already named them (delivery_summary).
                                {item.recipients().iter().any(|r| !r.accepted).then(|| view! {
                                    <ul class="recipients">
                                        {item.recipients().iter().map(|r| view! {
                                            <li class:refused=!r.accepted data-testid="outbox-recipient">{format!("{}: {}", r.address, r.text)}</li>
                                        }).collect_view()}
                                    </ul>
                                })}
                                // The actions wrap as a row with room between them (a phone fits two or three).
                                <div class="outbox-actions">
                                    {item.not_filed.then(|| view! {
                                        <button data-testid="outbox-file-again" on:click=move |_| outbox.file_in_sent(&file_again_id)>
                                            {t().delivery.file_again_button}
                                        </button>
                                    })}
                                    {item.no_sent_folder.then(|| view! {
                                        <button data-testid="outbox-create-sent" on:click=move |_| outbox.create_sent_and_file(&create_sent_id)>
                                            {t().delivery.create_sent_button}
                                        </button>
                                    })}
                                    // Held back for an Undo: take it back to the composer, or let it go
                                    // now; one sent later is taken back to be edited.
                                    {held.then(|| view! {
                                        <button class="primary" data-testid="undo-send" on:click=move |_| composer.edit(&undo_id)>
                                            {if scheduled { t().edit } else { t().undo_send_button }}
                                        </button>
                                        <button data-testid="send-now" on:click=move |_| outbox.send_now(&now_id)>{t().send_now}</button>
                                    })}
                                    {(!held && matches!(state, OutboxState::Failed | OutboxState::Uncertain | OutboxState::Waiting)).then(|| view! {
                                        {auth_failed.then(|| view! {
                                            <input type="password" name="outbox-password" placeholder=t().password aria-label=t().password
                                                on:input=move |ev| password.set(event_target_value(&ev)) />
                                        })}
                                        <button data-testid="outbox-retry" on:click=move |_| {
                                            if auth_failed && !password.get_untracked().is_empty() {
                                                let email = composer.email.get_value();
                                                accounts.set_password(&email, posthorn_proto::secret::Secret::new(password.get_untracked()));
                                            }
                                            outbox.retry(&retry_id);
                                        }>{t().retry}</button>
                                        {(!item.delivered()).then(|| view! {
                                            <button data-testid="outbox-edit" on:click=move |_| composer.edit(&edit_id)>{t().edit}</button>
                                        })}
                                    })}
                                    {(state == OutboxState::Uncertain).then(|| view! {
                                        <button on:click=move |_| outbox.send_anyway(&anyway_id)>{t().send_anyway}</button>
                                    })}
                                    {(state != OutboxState::Sending).then(|| view! {
                                        <button data-testid="outbox-remove" on:click=move |_| outbox.remove(&remove_id)>{t().remove}</button>
                                    })}
                                </div>
                            </div>
                        }
                    }
                </For>
            </details>
        </Show>
    }
}
