//! The outbox's sender (shared/src/outbox/schedule.rs) with an injected clock: one pass at a time
//! and one more when asked during it; a timed retry armed once; the backoff after "try again
//! later" doubling from 30 s to 16 min and starting over once a message went out; a pass takes
//! every due item once, oldest first. Natively and in wasm.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::time::Duration;

use posthorn_proto::outbox::{
    DEFERRED_FIRST, DEFERRED_MAX, Delivery, Outcome, Pass, RETRY_AFTER, RecipientLine, Scheduler,
};
use posthorn_proto::time::Moment;

fn at(seconds: u64) -> Moment {
    Moment::from_millis(seconds * 1_000)
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn one_pass_loop_at_a_time_and_one_more_pass_when_asked_during_it() {
    let mut s = Scheduler::new();
    assert!(s.kick(), "nothing runs: start the loop");
    s.pass_started();
    assert!(!s.kick(), "a loop runs: it makes one more pass instead");
    assert!(!s.kick(), "asked twice, still one more pass");
    assert!(s.pass_ended(), "asked during the pass: another");
    s.pass_started();
    assert!(!s.pass_ended(), "nobody asked: the loop stops");
    assert!(!s.running());
    assert!(s.kick(), "stopped: the next kick starts it again");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_retry_is_armed_once_and_not_while_offline() {
    let mut s = Scheduler::new();
    assert_eq!(s.retry_in(at(100), RETRY_AFTER, false), None, "offline: the online event kicks");
    assert_eq!(s.retry_in(at(100), RETRY_AFTER, true), Some(at(115)));
    assert_eq!(s.retry_in(at(101), DEFERRED_FIRST, true), None, "one timer at a time");
    assert_eq!(s.retry_at(), Some(at(115)));
    assert!(s.retry_due(), "the timer fired: a pass starts");
    assert_eq!(s.retry_at(), None);
    s.pass_started();
    assert_eq!(s.retry_in(at(116), DEFERRED_FIRST, true), Some(at(146)), "armed again after it fired");
    assert!(!s.retry_due(), "a pass runs: it makes one more");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_backoff_doubles_up_to_sixteen_minutes_and_starts_over_after_a_delivery() {
    let mut s = Scheduler::new();
    let waits: Vec<u64> = (0..8).map(|_| s.deferred().as_secs()).collect();
    assert_eq!(waits, [30, 60, 120, 240, 480, 960, 960, 960]);
    assert_eq!(DEFERRED_MAX, Duration::from_secs(960));
    for _ in 0..100 {
        assert_eq!(s.deferred(), DEFERRED_MAX, "no overflow however long the server defers");
    }
    s.delivered();
    assert_eq!(s.deferred(), DEFERRED_FIRST);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_pass_tries_every_due_item_once_oldest_first() {
    let waiting = Delivery::new();
    let mut failed = Delivery::new();
    failed.fail();
    let mut uncertain = Delivery::new();
    uncertain.begin_sending();
    uncertain.settle(Outcome::Broken {
        recipients: vec![RecipientLine {
            address: "bob@example.org".into(),
            accepted: true,
            text: String::new(),
            deferred: false,
        }],
    });
    let mut deferred = Delivery::new();
    deferred.begin_sending();
    deferred.settle(Outcome::Deferred { recipients: Vec::new(), retry_only: Vec::new() });
    let queue = [("a", &failed), ("b", &uncertain), ("c", &waiting), ("d", &deferred)];
    let mut pass = Pass::new();
    let mut order = Vec::new();
    // Each turn sees the queue as it is then; "d" stays due (deferred again) but is tried once.
    while let Some(id) = pass.next(queue.iter().map(|(id, d)| (*id, *d)), 0) {
        order.push(id);
    }
    assert_eq!(order, ["b", "c", "d"]);
}

/// A message held back for an Undo is not taken up before its time, then like any waiting one;
/// *Send now* lets it go at once; the hold survives the disk, and it ends with the first attempt.
#[test]
fn a_held_message_waits_for_its_time() {
    let held = Delivery::held(10_000);
    assert_eq!(held.held_until(), Some(10_000));
    let queue = [("held", &held)];
    assert_eq!(Pass::new().next(queue.iter().map(|(id, d)| (*id, *d)), 9_999), None);
    assert_eq!(Pass::new().next(queue.iter().map(|(id, d)| (*id, *d)), 10_000).as_deref(), Some("held"));
    let kept: Delivery = serde_json::from_str(&serde_json::to_string(&held).unwrap()).unwrap();
    assert_eq!(kept.held_until(), Some(10_000), "a reload keeps the hold");
    let mut now = held.clone();
    now.release();
    assert!(now.is_due(0), "Send now");
    let mut sending = held;
    sending.begin_sending();
    assert_eq!(sending.held_until(), None, "no hold once it is on its way");
    assert!(Delivery::new().is_due(0), "an item without a hold is due at once");
}
