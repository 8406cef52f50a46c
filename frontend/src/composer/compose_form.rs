//! The open form: From, the address lines, Subject, the text and the attachments, Send.

use posthorn_proto::message::priority::Priority;

use super::*;

async fn read_file(file: web_sys::File) -> Option<Attachment> {
    let content = crate::files::bytes(&file).await?;
    let mime_type =
        if file.type_().is_empty() { "application/octet-stream".to_owned() } else { file.type_() };
    Some(Attachment { name: file.name(), mime_type, content })
}

fn add_files(composer: Composer, files: Option<web_sys::FileList>) {
    let files = crate::files::list(files);
    if files.is_empty() {
        return;
    }
    spawn_local(async move {
        for file in files {
            if let Some(attachment) = read_file(file).await {
                composer.edit_form(|f| f.attachments.push(attachment));
            }
        }
    });
}

#[component]
pub fn ComposeForm(composer: Composer) -> impl IntoView {
    // Focus goes where writing starts: the To field while it is empty, else the body (a reply).
    let addressed = composer.form.with_untracked(|f| f.as_ref().is_some_and(|f| !f.to.trim().is_empty()));
    crate::keyboard::focus_when_rendered(
        format!("[data-testid=composer] [name={}]", if addressed { "body" } else { "to" }),
        10,
    );
    let dragging = RwSignal::new(false);
    // From: the account's addresses (its own first), the form's choice selected.
    let chosen =
        Memo::new(move |_| composer.form.with(|f| f.as_ref().map(|f| f.from.clone()).unwrap_or_default()));
    let from_options = move || {
        composer.accounts.list.track();
        let mine = composer.mine();
        let chosen = chosen.get();
        let index = mine.iter().position(|a| a.same_mailbox(&chosen)).unwrap_or(0);
        mine.into_iter()
            .enumerate()
            .map(|(i, a)| view! { <option value=a.address.clone() prop:selected=i == index>{a.display()}</option> })
            .collect_view()
    };
    let total = move || composer.form.with(|f| f.as_ref().map(Form::attachments_size).unwrap_or(0));
    let limit = known_size_limit(&composer.email.get_value());
    view! {
        <section class="composer" class:dragging=move || dragging.get() data-testid="composer"
            role="dialog" aria-label=t().new_message
            // Ctrl+Enter sends from any field (keyboard.rs lists it).
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                    ev.prevent_default();
                    composer.send();
                }
            }
            on:dragover=move |ev| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                dragging.set(false);
                add_files(composer, ev.data_transfer().and_then(|d| d.files()));
            }
        >
            <label class="field">
                <span>{t().from}</span>
                <select name="from" data-testid="from" on:change=move |ev| composer.choose_from(event_target_value(&ev))>
                    {from_options}
                </select>
            </label>
            <AddressField composer=composer label=t().to name="to" get=|f| f.to.clone() set=|f, v| f.to = v />
            <AddressField composer=composer label=t().cc name="cc" get=|f| f.cc.clone() set=|f, v| f.cc = v />
            <AddressField composer=composer label=t().bcc name="bcc" get=|f| f.bcc.clone() set=|f, v| f.bcc = v />
            <label class="field">
                <span>{t().subject}</span>
                <input type="text" name="subject"
                    prop:value=move || composer.form.with(|f| f.as_ref().map(|f| f.subject.clone())).unwrap_or_default()
                    on:input=move |ev| { let v = event_target_value(&ev); composer.edit_form(|f| f.subject = v); }
                />
            </label>
            <textarea name="body" rows="16" aria-label=t().body
                prop:value=move || composer.form.with(|f| f.as_ref().map(|f| f.body.clone())).unwrap_or_default()
                on:input=move |ev| { let v = event_target_value(&ev); composer.edit_form(|f| f.body = v); }
            ></textarea>
            <div class="attachments" data-testid="attachments">
                <label class="attach">
                    {t().attach_files}
                    <input type="file" multiple=true data-testid="attach" on:change=move |ev| {
                        let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                        add_files(composer, input.as_ref().and_then(|i| i.files()));
                        if let Some(input) = input { input.set_value(""); }
                    } />
                </label>
                <ul>
                    {move || composer.form.with(|f| f.as_ref().map(|f| f.attachments.clone()).unwrap_or_default())
                        .into_iter().enumerate().map(|(index, a)| view! {
                            <li data-testid="attachment">
                                {a.name.clone()} " (" {size(a.content.len() as u64)} ") "
                                <button on:click=move |_| composer.edit_form(|f| { if index < f.attachments.len() { f.attachments.remove(index); } })>{t().remove}</button>
                            </li>
                        }).collect_view()}
                </ul>
                <p class="size">
                    {move || (t().attachments_size)(&size(total()))}
                    {limit.map(|l| (t().attachments_limit)(&size(l * 3 / 4)))}
                </p>
            </div>
            // How it goes: its priority and whether it asks for a read receipt, on one line.
            <div class="composer-options">
                <label class="priority">
                    {t().priority_label}
                    <select name="priority" data-testid="priority"
                        on:change=move |ev| { let chosen = Priority::from_name(&event_target_value(&ev)); composer.edit_form(|f| f.priority = chosen); }>
                        {Priority::ALL.into_iter().enumerate().map(|(i, level)| view! {
                            <option value=level.name()
                                selected=move || composer.form.with(|f| f.as_ref().is_some_and(|f| f.priority == level))>
                                {t().priority_names[i]}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="checkbox request-receipt">
                    <input type="checkbox" name="request_receipt"
                        prop:checked=move || composer.form.with(|f| f.as_ref().is_some_and(|f| f.request_receipt))
                        on:change=move |ev| { let on = event_target_checked(&ev); composer.edit_form(|f| f.request_receipt = on); } />
                    {t().request_receipt}
                </label>
            </div>
            {move || composer.problem.get().map(|p| view! { <p class="error" role="alert" data-testid="compose-problem">{p}</p> })}
            // The attachment reminder: the text speaks of one, none is attached.
            <Show when=move || composer.reminded.get().is_some()>
                <div class="reminder" role="alert" data-testid="attachment-reminder">
                    <span>{t().attachment_reminder}</span>
                    <button data-testid="reminder-attach" on:click=move |_| {
                        if let Some(input) = document()
                            .query_selector("[data-testid=composer] [data-testid=attach]")
                            .ok()
                            .flatten()
                            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                        {
                            input.click();
                        }
                    }>{t().attach_a_file}</button>
                    <button data-testid="send-anyway" on:click=move |_| {
                        composer.send_anyway(composer.reminded.get_untracked().unwrap_or(SendTime::Now));
                    }>{t().send_anyway}</button>
                </div>
            </Show>
            <div class="composer-actions">
                <button class="primary" data-testid="send" on:click=move |_| composer.send()>{t().send}</button>
                <SendLater composer=composer />
                <button data-testid="save-draft" on:click=move |_| composer.save_to_drafts_folder()>{t().save_draft}</button>
                <button data-testid="close-composer" on:click=move |_| composer.close()>{t().close}</button>
                <button data-testid="discard" on:click=move |_| composer.discard()>{t().discard}</button>
                <span class="draft-status" data-testid="draft-status" aria-busy=move || composer.saving.get().to_string()>{move || composer.draft_status.get()}</span>
            </div>
        </section>
    }
}
