//! An invitation (iMIP, RFC 6047) above the message that carries it: its title, time (in the
//! reader's zone, format/event_time.rs), place and organizer, and *Accept*, *Maybe* or
//! *Decline*, which send the organizer an iTIP `REPLY` through the outbox
//! (`posthorn_proto::compose::rsvp`). A cancellation says so and asks nothing.

use leptos::prelude::*;
use posthorn_proto::message::ReadableMessage;
use posthorn_proto::message::calendar::{Answer, Invitation, Method};

use crate::composer::Composer;
use crate::i18n::t;

fn answer_word(answer: Answer) -> &'static str {
    match answer {
        Answer::Accepted => t().rsvp_accepted,
        Answer::Tentative => t().rsvp_tentative,
        Answer::Declined => t().rsvp_declined,
    }
}

/// How many of the people invited are named before "and N more".
const ATTENDEES_SHOWN: usize = 12;

/// The people invited, each with their answer where the object gives one (an organizer's copy
/// of the event, or the answer of one of them: RFC 5546 section 3.2.3); `None` for none.
fn attendee_list(invitation: &Invitation) -> Option<impl IntoView + use<>> {
    if invitation.attendees.is_empty() {
        return None;
    }
    let more = invitation.attendees.len().saturating_sub(ATTENDEES_SHOWN);
    let shown: Vec<_> = invitation.attendees.iter().take(ATTENDEES_SHOWN).cloned().collect();
    Some(view! {
        <ul class="attendees">
            {shown.into_iter().map(|p| {
                let name = p.name.clone().unwrap_or_else(|| p.address.clone());
                view! {
                    <li title=p.address.clone() data-answer=p.answer.map(|a| a.partstat())>
                        {name}
                        {p.answer.map(|a| view! { " " <span class="attendee-answer">{format!("({})", answer_word(a))}</span> })}
                    </li>
                }
            }).collect_view()}
            {(more > 0).then(|| view! { <li class="more">{(t().more_attendees)(more)}</li> })}
        </ul>
    })
}

/// The card for the invitation `raw` carries, if it carries one. `answered`: the message is
/// marked `\Answered` (an answer went out, from here or another client); the answers stay, to
/// change it.
#[component]
pub fn InvitationCard(
    message: ReadableMessage,
    raw: Vec<u8>,
    #[prop(optional, into)] answered: Option<Signal<bool>>,
) -> impl IntoView {
    // Most messages carry none: they are not parsed a second time.
    if !posthorn_proto::message::may_carry_invitation(&message) {
        return None;
    }
    let invitation: Invitation = posthorn_proto::message::read_invitation(&raw)?;
    let composer = use_context::<Composer>();
    let from_me =
        composer.is_some_and(|c| invitation.organizer.as_ref().is_some_and(|o| c.is_mine(&o.address)));
    let answerable = invitation.method == Method::Request && invitation.organizer.is_some() && !from_me;
    let sent = RwSignal::new(None::<Answer>);
    let (stored, event) = (StoredValue::new(message), StoredValue::new(invitation.clone()));
    let answer = Callback::new(move |answer: Answer| {
        let Some(composer) = composer else { return };
        if stored.with_value(|m| event.with_value(|e| composer.send_rsvp(m, e, answer))) {
            sent.set(Some(answer));
        }
    });
    let when =
        invitation.start.as_ref().map(|start| crate::format::event_span(start, invitation.end.as_ref()));
    let organizer = invitation.organizer.as_ref().map(|o| match &o.name {
        Some(name) => format!("{name} <{}>", o.address),
        None => o.address.clone(),
    });
    let attendees = attendee_list(&invitation);
    let cancelled = invitation.method == Method::Cancel;
    let buttons = move || {
        match sent.get() {
        Some(answer) => view! {
            <p class="rsvp-sent" role="status" data-testid="rsvp-sent">{(t().rsvp_sent)(answer_word(answer))}</p>
        }
        .into_any(),
        None => view! {
            {move || answered.is_some_and(|a| a.get()).then(|| view! { <p class="rsvp-sent" data-testid="rsvp-answered">{t().rsvp_answered}</p> })}
            <div class="rsvp" role="group" aria-label=t().invitation>
                <button class="primary" data-testid="rsvp-accept" on:click=move |_| answer.run(Answer::Accepted)>{t().rsvp_accept}</button>
                <button data-testid="rsvp-maybe" on:click=move |_| answer.run(Answer::Tentative)>{t().rsvp_maybe}</button>
                <button data-testid="rsvp-decline" on:click=move |_| answer.run(Answer::Declined)>{t().rsvp_decline}</button>
            </div>
        }
        .into_any(),
    }
    };
    Some(view! {
        <section class="invitation" class:cancelled=cancelled data-testid="invitation" aria-label=t().invitation>
            <h3 data-testid="invitation-summary">{invitation.summary.clone()}</h3>
            {cancelled.then(|| view! { <p class="cancelled-note" data-testid="invitation-cancelled">{t().invitation_cancelled}</p> })}
            <dl>
                {when.map(|w| view! { <dt>{t().invitation_when}</dt><dd data-testid="invitation-when">{w}</dd> })}
                {invitation.repeats.then(|| view! { <dt></dt><dd>{t().invitation_repeats}</dd> })}
                {invitation.location.clone().map(|l| view! { <dt>{t().invitation_where}</dt><dd data-testid="invitation-where">{l}</dd> })}
                {organizer.map(|o| view! { <dt>{t().invitation_organizer}</dt><dd>{o}</dd> })}
                {attendees.map(|a| view! { <dt>{t().invitation_attendees}</dt><dd data-testid="invitation-attendees">{a}</dd> })}
            </dl>
            {(answerable && composer.is_some()).then_some(buttons)}
        </section>
    })
}
