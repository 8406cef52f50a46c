//! The shown parts of a message, in order and visibly apart: text parts as text, HTML parts in
//! their frame ([`HtmlBody`]), inline messages with their own header, parts and attachments. Where
//! the message offers HTML and plain alternatives, `prefer_html` picks one (the engine's
//! `ReadableMessage::shown`); an HTML part without a plain alternative shows as text when plain
//! is preferred.

use leptos::prelude::*;
use posthorn_proto::message::{Attachment, BodyPart, Preference, ReadableMessage, html_to_text};

use super::plain_text::text_part;
use super::{Attachments, HtmlBody};

/// Whether switching between HTML and plain text would change anything.
pub fn has_html(parts: &[BodyPart]) -> bool {
    parts.iter().any(|part| match part {
        BodyPart::Html(_) | BodyPart::Alternative { .. } => true,
        BodyPart::Message(inner) => has_html(&inner.parts),
        BodyPart::Text(_) => false,
    })
}

/// The indexes of the attachments of `message` shown as pictures below its text, with HTML or
/// plain text as `prefer_html` says (`ReadableMessage::pictures`).
pub fn pictures(
    message: StoredValue<ReadableMessage>,
    prefer_html: impl Into<Signal<bool>>,
) -> Signal<Vec<usize>> {
    let prefer_html = prefer_html.into();
    Signal::derive(move || {
        let preference = if prefer_html.get() { Preference::Html } else { Preference::Plain };
        message.with_value(|m| m.pictures(preference).map(|(i, _)| i).collect())
    })
}

/// The date of a message as the reader shows it.
pub fn date_line(message: &ReadableMessage, fallback: Option<i64>) -> String {
    match message.timestamp.or(fallback) {
        Some(unix) => crate::format::full_date(unix),
        // Neither a readable Date nor an arrival time (POP3 has none, RFC 1939): the header as
        // sent, or a placeholder rather than nothing.
        None => message
            .date
            .clone()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| crate::i18n::t().no_date.to_owned()),
    }
}

/// The parts of `message`. Recursive for inline messages, hence a function and not a component.
/// `allow_remote`: whether its HTML parts load remote images (an inline message has its own).
pub fn body_parts(
    message: &ReadableMessage,
    prefer_html: bool,
    sender: Option<String>,
    allow_remote: RwSignal<bool>,
) -> AnyView {
    let preference = if prefer_html { Preference::Html } else { Preference::Plain };
    let attachments: Vec<Attachment> = message.attachments.clone();
    message
        .shown(preference)
        .into_iter()
        .map(|part| match part {
            BodyPart::Text(text) => text_part(text),
            BodyPart::Html(html) if prefer_html => view! {
                <div class="body-part" data-testid="body-part" data-kind="html">
                    <HtmlBody html=html.clone() attachments=attachments.clone() sender=sender.clone() allow_remote=allow_remote />
                </div>
            }
            .into_any(),
            BodyPart::Html(html) => text_part(&html_to_text(html)),
            BodyPart::Message(inner) => {
                let inner_sender = inner.from.first().map(|m| m.address.clone());
                view! {
                    <section class="body-part" data-testid="body-part" data-kind="message">
                        <div class="nested-message" data-testid="nested-message">
                            <h3 data-testid="nested-subject" dir="auto">{super::subject_shown(inner)}</h3>
                            <div class="nested-meta">
                                <span>{super::sender_shown(inner)}</span>
                                " · "
                                <span>{date_line(inner, None)}</span>
                            </div>
                            {body_parts(inner, prefer_html, inner_sender, RwSignal::new(false))}
                            <Attachments attachments=inner.attachments.clone() pictures=pictures(StoredValue::new((**inner).clone()), Signal::stored(prefer_html)) date=inner.date.clone() />
                        </div>
                    </section>
                }
                .into_any()
            }
            BodyPart::Alternative { .. } => ().into_any(),
        })
        .collect_view()
        .into_any()
}
