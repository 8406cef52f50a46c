//! The store against the browser's own IndexedDB, in headless Chromium (wasm-bindgen-test).

use super::bodies::evict_bodies;
use super::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn headers_are_kept_per_uidvalidity_and_dropped_with_the_folder() {
    let a = "store-test-1@example.org";
    put_headers(a, "INBOX", 7, &[(1, "one".into()), (2, "two".into())]).await.unwrap();
    put_headers(a, "INBOX", 8, &[(1, "other".into())]).await.unwrap();
    put_headers(a, "INBOX.Sub", 7, &[(1, "sub".into())]).await.unwrap();
    assert_eq!(headers(a, "INBOX", 7).await.unwrap(), vec!["one", "two"]);
    remove_messages(a, "INBOX", 7, &[1]).await.unwrap();
    assert_eq!(headers(a, "INBOX", 7).await.unwrap(), vec!["two"]);
    drop_folder(a, "INBOX").await.unwrap();
    assert!(headers(a, "INBOX", 7).await.unwrap().is_empty());
    assert!(headers(a, "INBOX", 8).await.unwrap().is_empty());
    // A folder whose name extends another's is a different key prefix.
    assert_eq!(headers(a, "INBOX.Sub", 7).await.unwrap(), vec!["sub"]);
    forget_account(a).await.unwrap();
    assert!(headers(a, "INBOX.Sub", 7).await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn bodies_over_the_budget_are_evicted_oldest_read_first() {
    let a = "store-test-2@example.org";
    for uid in 1..=3 {
        put_body(a, "INBOX", 1, uid, &vec![b'x'; 1000]).await.unwrap();
    }
    // Reading 1 makes it the most recent; a budget for two keeps 1 and 3.
    assert!(body(a, "INBOX", 1, 1).await.unwrap().is_some());
    evict_bodies(2000.0).await.unwrap();
    let kept: Vec<u32> = bodies(a, "INBOX", 1).await.unwrap().into_iter().map(|(u, _)| u).collect();
    assert_eq!(kept, vec![1, 3]);
    // POP3 messages may exist nowhere else: never evicted.
    put_body(a, POP3_FOLDER, 0, 1, &vec![b'y'; 5000]).await.unwrap();
    evict_bodies(0.0).await.unwrap();
    assert!(bodies(a, "INBOX", 1).await.unwrap().is_empty());
    assert_eq!(bodies(a, POP3_FOLDER, 0).await.unwrap().len(), 1);
    forget_account(a).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_queue_replays_in_order_and_records_survive() {
    #[derive(Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Act {
        account: String,
        n: u32,
    }
    let a = "store-test-3@example.org";
    for n in 0..3 {
        enqueue(&Act { account: a.into(), n }).await.unwrap();
    }
    let q: Vec<(f64, Act)> = queued().await.unwrap();
    let ours: Vec<u32> = q.iter().filter(|(_, x)| x.account == a).map(|(_, x)| x.n).collect();
    assert_eq!(ours, vec![0, 1, 2]);
    dequeue(q.iter().find(|(_, x)| x.account == a).unwrap().0).await.unwrap();
    put_json(Key::Outbox(a), &vec![1, 2, 3]).await.unwrap();
    assert_eq!(get_json::<Vec<u32>>(Key::Outbox(a)).await.unwrap(), Some(vec![1, 2, 3]));
    forget_account(a).await.unwrap();
    let left: Vec<(f64, Act)> = queued().await.unwrap();
    assert!(left.iter().all(|(_, x)| x.account != a));
    assert_eq!(get_json::<Vec<u32>>(Key::Outbox(a)).await.unwrap(), None);
}
