//! The outbox's delivery machine (shared/src/outbox.rs), transition by transition, as
//! transcripts: each line is what happened, then the item's state afterwards. The submissions run
//! the real SMTP client against scripted replies (tests/outbox_support/smtp.rs), so the 4yz cases
//! are what the client reports for them. Natively and in wasm.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "outbox_support/smtp.rs"]
mod smtp;

use posthorn_proto::outbox::{Delivery, Outcome, Settled, State, Step};
use smtp::submit;

/// An item's delivery with a transcript of what happened to it.
struct Item {
    delivery: Delivery,
    lines: Vec<String>,
}

impl Item {
    fn new() -> Self {
        let mut item = Self { delivery: Delivery::new(), lines: Vec::new() };
        item.note("new");
        item
    }

    /// Records `what` with the state afterwards.
    fn note(&mut self, what: impl AsRef<str>) {
        let d = &self.delivery;
        let mut line = format!("{} -> {:?}", what.as_ref(), d.state());
        if d.delivered() {
            line.push_str(" delivered");
        }
        if !d.owed_to().is_empty() {
            line.push_str(&format!(" owed {}", d.owed_to().join(",")));
        }
        self.lines.push(line);
    }

    fn step(&mut self) -> Step {
        let step = self.delivery.next_step();
        self.note(format!("step {step:?}"));
        step
    }

    fn begin(&mut self) -> bool {
        let began = self.delivery.begin_sending();
        self.note(format!("begin {began}"));
        began
    }

    fn settle(&mut self, outcome: Outcome) -> Settled {
        let settled = self.delivery.settle(outcome);
        self.note(format!("settle {settled:?}"));
        settled
    }

    /// Through the disk and back, as after a reload: JSON, as the app's outbox keeps it.
    fn reload(&mut self) {
        let json = serde_json::to_string(&self.delivery).unwrap();
        self.delivery = serde_json::from_str(&json).unwrap();
        let resumed = self.delivery.resume();
        self.note(format!("reload {resumed}"));
    }

    fn transcript(&self) -> String {
        self.lines.join("\n")
    }
}

fn expect(item: &Item, expected: &str) {
    let expected: Vec<&str> = expected.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    assert_eq!(item.transcript(), expected.join("\n"));
}

const OK: &str = "250 ok";

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_message_the_server_takes_is_sent_once_and_filed_once() {
    let mut item = Item::new();
    assert_eq!(item.step(), Step::Send);
    assert!(item.begin());
    item.settle(submit(&[("bob@example.org", OK), ("carol@example.org", OK)], Some("250 queued as 1")));
    assert_eq!(item.step(), Step::Nothing);
    assert!(!item.begin(), "a sent item is never sent again");
    expect(
        &item,
        "new -> Waiting
         step Send -> Waiting
         begin true -> Sending
         settle Delivered { first: true, owed: [] } -> Sent delivered
         step Nothing -> Sent delivered
         begin false -> Sent delivered",
    );
    assert!(item.delivery.recipients().iter().all(|r| r.accepted));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_page_closed_mid_send_looks_in_sent_and_finds_it() {
    let mut item = Item::new();
    item.begin();
    item.reload();
    assert_eq!(item.step(), Step::CheckSent);
    assert!(!item.begin(), "not before the Sent folder was searched");
    let after = item.delivery.checked_sent(true);
    item.note(format!("in Sent: yes, {after:?}"));
    expect(
        &item,
        "new -> Waiting
         begin true -> Sending
         reload true -> Uncertain
         step CheckSent -> Uncertain
         begin false -> Uncertain
         in Sent: yes, Nothing -> Sent",
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn an_uncertain_message_not_in_sent_goes_again_and_a_reload_searches_sent_again() {
    let mut item = Item::new();
    item.begin();
    item.reload();
    let after = item.delivery.checked_sent(false);
    item.note(format!("in Sent: no, {after:?}"));
    // The search is not kept on disk: a reload before sending searches again.
    item.reload();
    assert_eq!(item.step(), Step::CheckSent);
    item.delivery.checked_sent(false);
    item.note("in Sent: no");
    assert!(item.begin());
    item.settle(submit(&[("bob@example.org", OK)], Some(OK)));
    expect(
        &item,
        "new -> Waiting
         begin true -> Sending
         reload true -> Uncertain
         in Sent: no, Send -> Uncertain
         reload false -> Uncertain
         step CheckSent -> Uncertain
         in Sent: no -> Uncertain
         begin true -> Sending
         settle Delivered { first: true, owed: [] } -> Sent delivered",
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_connection_broken_after_a_recipient_was_taken_is_uncertain_before_it_is_not() {
    let mut item = Item::new();
    item.begin();
    // Broken during RCPT: nothing was accepted, the server holds nothing.
    let early = submit(&[("bob@example.org", "550 no such user"), ("carol@example.org", "450 later")], None);
    // Every recipient refused: the client reports NotSent, partly for good, partly for now.
    assert!(matches!(early, Outcome::Deferred { .. }), "{early:?}");
    assert_eq!(Outcome::broken(Vec::new()), Outcome::Unreachable);
    item.settle(Outcome::broken(Vec::new()));
    item.begin();
    // Broken after the end of data was sent, with bob accepted: perhaps sent.
    item.settle(submit(&[("bob@example.org", OK)], None));
    assert_eq!(item.step(), Step::CheckSent);
    expect(
        &item,
        "new -> Waiting
         begin true -> Sending
         settle Offline -> Waiting
         begin true -> Sending
         settle Uncertain -> Uncertain
         step CheckSent -> Uncertain",
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn partial_4yz_after_delivery_retries_only_the_deferred_recipients() {
    let mut item = Item::new();
    item.begin();
    item.settle(submit(
        &[
            ("bob@example.org", OK),
            ("carol@example.org", "450 4.2.0 greylisted"),
            ("dan@example.org", "550 5.1.1 unknown"),
        ],
        Some(OK),
    ));
    assert!(!item.delivery.owes("bob@example.org"), "bob has it");
    assert!(!item.delivery.owes("dan@example.org"), "dan was refused for good");
    assert!(item.delivery.owes("Carol@Example.org"), "addresses compare without case");
    assert!(!item.delivery.may_take() && !item.delivery.may_replace(), "an edit would reach bob twice");
    assert_eq!(item.step(), Step::Send);
    item.begin();
    item.settle(submit(&[("carol@example.org", OK)], Some(OK)));
    expect(
        &item,
        "new -> Waiting
         begin true -> Sending
         settle Delivered { first: true, owed: [\"carol@example.org\"] } -> Waiting delivered owed carol@example.org
         step Send -> Waiting delivered owed carol@example.org
         begin true -> Sending delivered owed carol@example.org
         settle Delivered { first: false, owed: [] } -> Sent delivered",
    );
    let lines: Vec<(&str, bool, bool)> =
        item.delivery.recipients().iter().map(|l| (l.address.as_str(), l.accepted, l.deferred)).collect();
    assert_eq!(
        lines,
        [
            ("bob@example.org", true, false),
            ("dan@example.org", false, false),
            ("carol@example.org", true, false)
        ],
        "carol's new answer replaces her 450, the others' stay"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn partial_4yz_with_nothing_taken_owes_it_to_the_deferred_ones_only() {
    let mut item = Item::new();
    item.begin();
    item.settle(submit(
        &[("bob@example.org", "550 5.1.1 unknown"), ("carol@example.org", "451 4.7.1 try later")],
        None,
    ));
    assert!(item.delivery.may_take(), "nobody got it: it may still be edited");
    item.begin();
    item.settle(submit(&[("carol@example.org", "451 4.7.1 try later")], None));
    item.begin();
    item.settle(submit(&[("carol@example.org", OK)], Some(OK)));
    expect(
        &item,
        "new -> Waiting
         begin true -> Sending
         settle Deferred -> Waiting owed carol@example.org
         begin true -> Sending owed carol@example.org
         settle Deferred -> Waiting owed carol@example.org
         begin true -> Sending owed carol@example.org
         settle Delivered { first: true, owed: [] } -> Sent delivered",
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn refusals_for_good_fail_and_a_retry_puts_the_item_back() {
    let mut item = Item::new();
    item.begin();
    item.settle(submit(&[("bob@example.org", "550 5.1.1 unknown")], None));
    assert_eq!(item.step(), Step::Nothing);
    assert!(!item.delivery.send_anyway(), "only an uncertain item can be sent anyway");
    assert!(item.delivery.retry());
    item.note("retry");
    item.begin();
    item.settle(submit(&[("bob@example.org", "452 4.2.2 mailbox full")], None));
    assert!(!item.delivery.retry(), "only a failed item is retried");
    expect(
        &item,
        "new -> Waiting
         begin true -> Sending
         settle Failed -> Failed
         step Nothing -> Failed
         retry -> Waiting
         begin true -> Sending
         settle Deferred -> Waiting",
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn uncertain_after_a_partial_delivery_waits_for_the_person() {
    let mut item = Item::new();
    item.begin();
    item.settle(submit(&[("bob@example.org", OK), ("carol@example.org", "450 later")], Some(OK)));
    item.begin();
    item.settle(submit(&[("carol@example.org", OK)], None));
    // Sent holds the copy since bob got it: it cannot tell whether carol did.
    assert_eq!(item.step(), Step::AskPerson { owed_to: vec!["carol@example.org".into()] });
    assert!(!item.begin());
    assert!(item.delivery.send_anyway());
    item.note("send anyway");
    assert_eq!(item.step(), Step::Send);
    expect(
        &item,
        "new -> Waiting
         begin true -> Sending
         settle Delivered { first: true, owed: [\"carol@example.org\"] } -> Waiting delivered owed carol@example.org
         begin true -> Sending delivered owed carol@example.org
         settle Uncertain -> Uncertain delivered owed carol@example.org
         step AskPerson { owed_to: [\"carol@example.org\"] } -> Uncertain delivered owed carol@example.org
         begin false -> Uncertain delivered owed carol@example.org
         send anyway -> Waiting delivered owed carol@example.org
         step Send -> Waiting delivered owed carol@example.org",
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn offline_keeps_an_uncertain_item_uncertain_and_a_temporary_refusal_as_a_whole_is_deferred() {
    let mut item = Item::new();
    item.begin();
    item.reload();
    item.delivery.wait_for_network();
    item.note("offline");
    assert_eq!(item.step(), Step::CheckSent, "going offline is no proof it was not sent");
    let mut other = Item::new();
    other.delivery.wait_for_network();
    other.note("offline");
    // Every recipient refused for now: the whole message waits, for everyone.
    other.begin();
    other.settle(submit(&[("bob@example.org", "450 later"), ("carol@example.org", "451 later")], None));
    expect(
        &item,
        "new -> Waiting
         begin true -> Sending
         reload true -> Uncertain
         offline -> Uncertain
         step CheckSent -> Uncertain",
    );
    expect(
        &other,
        "new -> Waiting
         offline -> Waiting
         begin true -> Sending
         settle Deferred -> Waiting",
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn what_a_person_may_do_in_each_state() {
    let mut item = Item::new();
    let may = |d: &Delivery| (d.may_replace(), d.may_take(), d.may_remove(), d.is_due(0));
    assert_eq!(may(&item.delivery), (true, true, true, true), "waiting");
    item.begin();
    assert_eq!(may(&item.delivery), (false, false, false, false), "sending: hands off");
    item.reload();
    assert_eq!(may(&item.delivery), (true, true, true, true), "uncertain and never delivered");
    item.delivery.checked_sent(true);
    assert_eq!(may(&item.delivery), (false, false, true, false), "sent");
    let mut failed = Item::new();
    failed.delivery.fail();
    assert_eq!(may(&failed.delivery), (true, true, true, false), "failed");
    let mut edited = Item::new();
    edited.begin();
    edited.settle(submit(&[("bob@example.org", OK), ("carol@example.org", "450 later")], Some(OK)));
    edited.delivery.nobody_left();
    edited.note("carol edited away");
    assert!(edited.lines.last().unwrap().ends_with("carol edited away -> Sent delivered"));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_state_reads_back_from_what_the_app_kept_on_disk() {
    // An item as the outbox stored it before the machine moved here (its fields flattened into
    // the app's item): the names are unchanged, and the draft and note around them are ignored.
    let json = r#"{"draft":{},"state":"Sending","error":null,"recipients":[{"address":"bob@example.org",
        "accepted":true,"text":"250 ok"}],"note":"","delivered":true,"owed_to":["carol@example.org"]}"#;
    let mut delivery: Delivery = serde_json::from_str(json).unwrap();
    assert!(delivery.resume());
    assert_eq!(delivery.state(), State::Uncertain);
    assert!(delivery.delivered());
    assert_eq!(delivery.owed_to(), ["carol@example.org"]);
    assert!(!delivery.recipients()[0].deferred, "the field added later defaults to false");
    let old: Delivery = serde_json::from_str(r#"{"state":"Waiting"}"#).unwrap();
    assert_eq!(old, Delivery::new());
}
