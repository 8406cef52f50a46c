//! Threading 100,000 headers (`posthorn_proto::thread::threads`, RFC 5256 REFERENCES) where the
//! app does it: in wasm, in headless Chromium. The benchmark suite (`posthorn-bench`, part
//! `threads`) runs this with `--include-ignored --nocapture` and reads the `THREAD_BENCH` lines.
//! Beside it, in the same run, the baseline: sorting the same headers by date, which is what the
//! flat list costs. Ignored in ordinary test runs: it measures, it checks nothing beyond sanity.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::Instant;

#[cfg(not(target_arch = "wasm32"))]
use std::time::Instant;

use posthorn_proto::thread::{Header, threads};

const MESSAGES: usize = 100_000;
const RUNS: usize = 5;

fn report(line: &str) {
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::console_log!("{line}");
    #[cfg(not(target_arch = "wasm32"))]
    println!("{line}");
}

/// Header values shaped like a mailbox's: conversations of 1 to 12 messages, References as
/// clients send them (the last ten ancestors), a fifth of replies with only In-Reply-To, a
/// twentieth with neither (joined by subject), list tags and `Re:` markers.
struct Values {
    message_id: Vec<String>,
    in_reply_to: Vec<String>,
    references: Vec<String>,
    subject: Vec<String>,
    date: Vec<i64>,
}

fn values() -> Values {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let mut v = Values {
        message_id: Vec::with_capacity(MESSAGES),
        in_reply_to: Vec::with_capacity(MESSAGES),
        references: Vec::with_capacity(MESSAGES),
        subject: Vec::with_capacity(MESSAGES),
        date: Vec::with_capacity(MESSAGES),
    };
    let mut conversation = 0;
    while v.message_id.len() < MESSAGES {
        let length = 1 + next(12) as usize;
        let start = next(3_000_000_000) as i64;
        let mut chain: Vec<String> = Vec::new();
        for i in 0..length.min(MESSAGES - v.message_id.len()) {
            let id = format!("<{conversation}.{i}.{}@mail.example.org>", next(1 << 40));
            let kind = next(20);
            let parent = if chain.is_empty() { 0 } else { next(chain.len() as u64) as usize };
            let ancestors = &chain[..if chain.is_empty() { 0 } else { parent + 1 }];
            let from = ancestors.len().saturating_sub(10);
            v.references.push(if kind >= 5 { ancestors[from..].join(" ") } else { String::new() });
            v.in_reply_to.push(if kind >= 1 {
                ancestors.last().cloned().unwrap_or_default()
            } else {
                String::new()
            });
            let tag = if conversation % 4 == 0 { "[dev] " } else { "" };
            let re = if i == 0 { "" } else { "Re: " };
            v.subject.push(format!("{re}{tag}Topic number {} of the week", conversation % 12_000));
            v.date.push(start + i as i64 * 600);
            v.message_id.push(id.clone());
            chain.push(id);
        }
        conversation += 1;
    }
    v
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[ignore = "a benchmark, run by posthorn-bench"]
fn threading_100000_headers() {
    let v = values();
    let headers: Vec<Header<'_>> = (0..MESSAGES)
        .map(|i| Header {
            message_id: &v.message_id[i],
            in_reply_to: &v.in_reply_to[i],
            references: &v.references[i],
            subject: &v.subject[i],
            date: v.date[i],
        })
        .collect();
    for _ in 0..RUNS {
        let started = Instant::now();
        let mut order: Vec<usize> = (0..MESSAGES).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(headers[i].date));
        std::hint::black_box(&order);
        let sort_ms = started.elapsed().as_secs_f64() * 1e3;

        let started = Instant::now();
        let result = threads(std::hint::black_box(&headers));
        let thread_ms = started.elapsed().as_secs_f64() * 1e3;
        let members: usize = result.iter().map(|t| t.members.len()).sum();
        assert_eq!(members, MESSAGES, "every message is in one conversation");
        report(&format!(
            "THREAD_BENCH messages={MESSAGES} conversations={} thread_ms={thread_ms:.1} sort_ms={sort_ms:.1}",
            result.len()
        ));
    }
}
