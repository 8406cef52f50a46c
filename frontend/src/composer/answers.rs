//! What a message asks for and the reader answers for the person: a read receipt (RFC 8098) and
//! an invitation's answer (iMIP, RFC 6047). The engine writes both (`compose::receipt`,
//! `compose::rsvp`); here they get the writer's words and go through the outbox.

use super::*;

impl Composer {
    /// Sends the read receipt `message` asks for (`compose::receipt`), from the account's address
    /// it was written to, through the outbox; false where it asks for none.
    pub fn send_receipt(&self, message: &ReadableMessage) -> bool {
        let Some(mut draft) = compose::receipt(message, &self.mine(), now(), String::new()) else {
            return false;
        };
        // In the writer's language; the report itself is for programs.
        let subject = compose::one_line(&message.subject);
        (draft.subject, draft.body) = ((t().receipt_subject)(&subject), (t().receipt_text)(&subject));
        self.outbox.enqueue(with_message_id(draft), None);
        true
    }

    /// Answers the invitation `message` carries (`compose::rsvp`) through the outbox, from the
    /// account's address it invites, and marks it answered once that went out; false where it
    /// names no organizer.
    pub fn send_rsvp(
        &self,
        message: &ReadableMessage,
        invitation: &posthorn_proto::message::calendar::Invitation,
        answer: posthorn_proto::message::calendar::Answer,
    ) -> bool {
        let Some(mut draft) = compose::rsvp(message, invitation, answer, &self.mine(), now(), String::new())
        else {
            return false;
        };
        // In the writer's language; the calendar part is for programs.
        let title = compose::one_line(&invitation.summary);
        draft.subject = (t().rsvp_subject)(answer, &title);
        draft.body = (t().rsvp_text)(answer, &draft.from.display(), &title);
        self.outbox.enqueue(with_message_id(draft), self.origin(message, false));
        true
    }
}
