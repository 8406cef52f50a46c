//! One message's body: its parts, attachments and structure.

use leptos::prelude::*;
use posthorn_proto::message::print_document::PrintChoices;
use posthorn_proto::message::priority::Priority;
use posthorn_proto::message::{Preference, ReadableMessage, read_structure};
use posthorn_proto::thread::base_subject;

use super::{Attachments, Structure, body_parts, sender_shown, subject_shown};
use crate::i18n::t;
use crate::icons::{Icon, icon};
use crate::menu::Menu;

/// One message: headers, every shown part, attachments, all headers, the structure and the
/// source. `received`: when the server got it, shown if the message has no Date.
/// `conversation`: the subject of the conversation it is shown in. Its line there already gives
/// the sender's name and the date, and the conversation's heading the subject, so the header
/// leaves out the Date and keeps the subject only where it is not the conversation's (RFC 5256
/// base subjects, so a "Re:" alone does not count). `own_actions`: what else acts on this message
/// alone (in a conversation: delete it, move it), first in its More menu. `tags`: its tags
/// and the keywords named in another client (mail_state/tags.rs), where known.
///
/// Its code is a part of its own (lazy.rs), fetched when the first message is shown.
#[allow(non_snake_case)] // a component, named like one
pub fn MessageBody(props: MessageBodyShownProps) -> impl IntoView {
    crate::lazy::deferred(&MESSAGE_BODY, props)
}

crate::lazy::lazy_part! {
    /// The code that shows a message (HTML made safe, plain text, attachments, structure).
    in reader: pub static MESSAGE_BODY: Part<crate::lazy::Make<MessageBodyShownProps>> =
        |props| MessageBodyShown(props).into_any();
}

/// [`MessageBody`] once its code is there.
#[component]
pub fn MessageBodyShown(
    uid: u32,
    message: ReadableMessage,
    raw: Vec<u8>,
    #[prop(default = None)] received: Option<i64>,
    #[prop(default = None)] conversation: Option<String>,
    #[prop(optional)] own_actions: Option<AnyView>,
    #[prop(optional, into)] tags: Option<Signal<(u8, Vec<String>)>>,
) -> impl IntoView {
    let prefer_html = RwSignal::new(crate::settings::body_as::html_chosen());
    // Whether its remote images load: the reader's choice, which its printout follows.
    let allow_remote = RwSignal::new(false);
    let show_headers = RwSignal::new(false);
    let show_source = RwSignal::new(false);
    let show_structure = RwSignal::new(false);
    let sender = message.from.first().map(|m| m.address.clone());
    let has_html = body_parts::has_html(&message.parts);
    let headers = message.headers.clone();
    let source = String::from_utf8_lossy(&raw).into_owned();
    let structure_source = raw.clone();
    let shown = StoredValue::new(message.clone());
    let (forwarded, forwarded_raw) = (message.clone(), raw.clone());
    let (to_list, as_new, like_this) = (message.clone(), message.clone(), message.clone());
    // Saved under its subject, or "message" without one.
    let name =
        if message.subject.trim().is_empty() { t().message.to_owned() } else { message.subject.clone() };
    let saved = StoredValue::new((raw.clone(), name));
    let printed = StoredValue::new(message.clone());
    let print = move |_| {
        let preference = if prefer_html.get_untracked() { Preference::Html } else { Preference::Plain };
        let choices = PrintChoices { preference, allow_remote: allow_remote.get_untracked() };
        printed.with_value(|m| super::print::print(m, choices, received));
    };
    let own_subject =
        conversation.as_deref().is_none_or(|c| base_subject(c).text != base_subject(&message.subject).text);
    let priority = message.priority();
    let list =
        |v: &[posthorn_proto::message::Mailbox]| v.iter().map(|m| m.display()).collect::<Vec<_>>().join(", ");

    view! {
        <header class="message-header" data-uid=uid>
            {own_subject.then(|| view! {
                <h2 data-testid="reader-subject" dir="auto" class:placeholder=message.subject.trim().is_empty()>
                    {subject_shown(&message)}
                </h2>
            })}
            <div class="header-field from-field">
                <b>{t().from_label}</b>
                <span>
                    <span data-testid="reader-from" class:placeholder=message.from.is_empty()>
                        {sender_shown(&message)}
                    </span>
                    <crate::composer::Unsubscribe message=message.clone() />
                </span>
            </div>
            <div class="header-field"><b>{t().to_label}</b><span>{list(&message.to)}</span></div>
            {(!message.cc.is_empty()).then(|| view! { <div class="header-field"><b>{t().cc_label}</b><span>{list(&message.cc)}</span></div> })}
            {conversation.is_none().then(|| view! {
                <div class="header-field">
                    <b>{t().date_label}</b>
                    <span data-testid="reader-date" title=message.date.clone().unwrap_or_default()>
                        {body_parts::date_line(&message, received)}
                    </span>
                </div>
            })}
            {(priority != Priority::Normal).then(|| view! {
                <div class="header-field">
                    <b>{t().priority_label}</b>
                    <span data-testid="reader-priority">{t().priority_names[crate::message_row::priority_index(priority)]}</span>
                </div>
            })}
            {tags.map(|tags| move || tags.with(|(set, named)| (*set != 0 || !named.is_empty()).then(|| view! {
                <div class="header-field" data-testid="reader-tags">
                    <b>{t().tags_label}</b>
                    <span>{crate::message_row::tags(*set, named)}</span>
                </div>
            })))}
            // The actions used every day stay in view; the rest fold behind More. Where the
            // header is narrow they show their icons alone (their names stay for screen readers:
            // main.css), so that they take one line above the message.
            <div class="reader-actions">
                <crate::composer::ReplyButtons message=message.clone() />
                <Menu
                    class="more-menu"
                    testid="more-actions"
                    closes_on_choice=true
                    title=t().more
                    summary=view! { {icon(Icon::More)}<span class="label">{t().more}</span> }.into_any()
                >
                    {own_actions}
                    <crate::composer::ForwardAttachment message=forwarded raw=forwarded_raw />
                    <crate::composer::ReplyToList message=to_list />
                    <crate::composer::EditAsNew message=as_new />
                    <crate::filters::FilterLikeThis message=like_this />
                    {has_html.then(|| view! {
                        <button data-testid="toggle-plain" on:click=move |_| prefer_html.update(|p| *p = !*p)>
                            {move || if prefer_html.get() { t().show_plain } else { t().show_html }}
                        </button>
                    })}
                    <button aria-pressed=move || show_headers.get().to_string() on:click=move |_| show_headers.update(|v| *v = !*v)>{t().all_headers}</button>
                    <button data-testid="toggle-structure" aria-pressed=move || show_structure.get().to_string() on:click=move |_| show_structure.update(|v| *v = !*v)>
                        {t().structure}
                    </button>
                    <button data-testid="toggle-source" aria-pressed=move || show_source.get().to_string() on:click=move |_| show_source.update(|v| *v = !*v)>{t().source}</button>
                    <button data-testid="save-message" on:click=move |_| saved.with_value(|(raw, name)| super::attachments::save_message(raw, name))>
                        {t().save_message}
                    </button>
                    <button data-testid="print-message" title="Ctrl+P" on:click=print>{t().print_message}</button>
                </Menu>
            </div>
        </header>
        {move || show_headers.get().then(|| view! {
            <table class="all-headers">
                {headers.iter().map(|(n, v)| view! { <tr><th>{n.clone()}</th><td>{v.clone()}</td></tr> }).collect_view()}
            </table>
        })}
        {move || {
            show_structure
                .get()
                .then(|| read_structure(&structure_source).map(|root| view! { <Structure root=root /> }))
        }}
        {move || show_source.get().then(|| view! { <pre class="source" data-testid="source">{source.clone()}</pre> })}
        {move || shown.with_value(|m| body_parts::body_parts(m, prefer_html.get(), sender.clone(), allow_remote))}
        <Attachments attachments=message.attachments.clone() pictures=super::body_parts::pictures(shown, prefer_html) date=message.date.clone() />
    }
}
