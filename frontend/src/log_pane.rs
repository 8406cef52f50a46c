//! The protocol log pane: every connection's conversation as C:/S: lines, redacted by the engine.

use leptos::prelude::*;
use posthorn_proto::transcript::Direction;

use crate::protocol_log::{LogEntry, ProtocolLog};

fn render_line(e: &LogEntry) -> String {
    format!(
        "{} #{} {} {} {} {}",
        crate::format::date_time((e.at_ms / 1000.0) as i64, 0),
        e.label.id,
        e.label.account,
        e.label.protocol,
        e.direction.prefix(),
        e.text
    )
}

/// The log pane.
#[component]
pub fn LogPane() -> impl IntoView {
    let log = expect_context::<ProtocolLog>();
    let filter_text = RwSignal::new(String::new());
    let filter_protocol = RwSignal::new(String::new());
    let filtered = move || {
        let text = filter_text.get().to_lowercase();
        let protocol = filter_protocol.get();
        log.entries().with(|entries| {
            entries
                .iter()
                .filter(|e| protocol.is_empty() || e.label.protocol == protocol)
                .filter(|e| {
                    text.is_empty()
                        || e.text.to_lowercase().contains(&text)
                        || e.label.account.to_lowercase().contains(&text)
                })
                .rev()
                .take(1000)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let export = move |_| {
        let text: String =
            log.entries().with_untracked(|entries| entries.iter().map(|e| render_line(e) + "\n").collect());
        if let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) {
            let _ = clipboard.write_text(&text);
        }
    };
    view! {
        <aside class="log-pane" data-testid="log-pane" aria-label=crate::i18n::t().protocol_log>
            <div class="log-tools">
                <select aria-label=crate::i18n::t().all_protocols on:change=move |ev| filter_protocol.set(event_target_value(&ev))>
                    <option value="">{crate::i18n::t().all_protocols}</option>
                    <option value="IMAP">"IMAP"</option>
                    <option value="POP3">"POP3"</option>
                    <option value="SMTP">"SMTP"</option>
                </select>
                <input
                    type="search"
                    placeholder=crate::i18n::t().filter
                    aria-label=crate::i18n::t().filter
                    prop:value=move || filter_text.get()
                    on:input=move |ev| filter_text.set(event_target_value(&ev))
                />
                <button on:click=export title=crate::i18n::t().copy_log_title>{crate::i18n::t().copy}</button>
                <button on:click=move |_| log.clear()>{crate::i18n::t().clear}</button>
            </div>
            <ol class="log-lines" data-testid="log-lines" tabindex="0" aria-label=crate::i18n::t().protocol_log>
                <For each=filtered key=|e| e.seq let:e>
                    <li class=match e.direction {
                        Direction::Client => "c",
                        Direction::Server => "s",
                        Direction::Note => "note",
                    }>
                        <span class="conn">{format!("#{} {}", e.label.id, e.label.protocol)}</span>
                        " "
                        <span class="dir">{e.direction.prefix()}</span>
                        " "
                        <span class="text">{e.text.clone()}</span>
                    </li>
                </For>
            </ol>
        </aside>
    }
}

crate::lazy::lazy_part! {
    /// The log pane's code, fetched when it is first shown.
    in log: pub static LOG_PANE: Part<crate::lazy::Make<()>> = |()| view! { <LogPane /> }.into_any();
}
