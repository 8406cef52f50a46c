//! IMAP header sync of large folders in the local Dovecot, with the engine (posthorn-proto's
//! sans-IO `ImapClient`) driven natively over TLS and, unchanged, through posthorn-bridge over a
//! WebSocket: time to the first 50 rows, to the complete header index, and resync with and
//! without CONDSTORE/QRESYNC, before and after 1 % of the messages changed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use posthorn_proto::imap::{Command, Data, Flag, SequenceSet, StoreAction};
use serde_json::json;

use super::Env;
use super::net::RelayProcess;
use super::report::{Section, Status};
use super::stats::{self, Summary};
use crate::mailstack::MailStack;

mod corpus;
mod interactive;
mod runs;
mod session;

pub(super) use corpus::{flags, message};
use runs::{FullSync, Resync, ResyncRun, full_sync, resync};
use session::{Path_, Res, Session, select};

struct FolderResult {
    n: u32,
    rows: Vec<Vec<String>>,
    json: serde_json::Value,
    first50_bridge: Option<f64>,
    full_bridge: Option<f64>,
    full_native: Option<Summary>,
    full_bridge_spread: Option<Summary>,
    qresync_bridge: Option<f64>,
    errors: Vec<String>,
}

fn ms(s: Option<Summary>) -> String {
    stats::show(s, 0)
}

async fn folder(env: &Env, stack: &MailStack, bridge: &RelayProcess, n: u32) -> FolderResult {
    let mailbox = format!("bench{n}");
    let mut out = FolderResult {
        n,
        rows: Vec::new(),
        json: json!({}),
        first50_bridge: None,
        full_bridge: None,
        full_native: None,
        full_bridge_spread: None,
        qresync_bridge: None,
        errors: Vec::new(),
    };
    let seeded = Instant::now();
    // Straight into the Maildir: much faster than APPEND; Dovecot indexes the files on first SELECT.
    if let Err(e) = stack.seed_maildir(stack.alice(), &mailbox, n, |i| (message(i), flags(i))) {
        out.errors.push(format!("seeding {n}: {e}"));
        return out;
    }
    let seed_s = seeded.elapsed().as_secs_f64();
    // The first pass makes Dovecot index the files and fill its cache; timed, but as its own row.
    let cold = full_sync(Path_::Native, stack, bridge, &mailbox, n).await;
    let cache = async {
        let mut s = Session::open(Path_::Native, stack, bridge, stack.alice()).await?;
        s.run(Command::Enable { capabilities: vec!["QRESYNC".into()] }).await?;
        let sel = match s.run(select(&mailbox, None)).await? {
            Data::Selected(sel) => sel,
            _ => return Err("SELECT gave no mailbox".to_string()),
        };
        s.close().await;
        Ok::<_, String>((sel.mailbox.uidvalidity.unwrap_or(0), sel.mailbox.highestmodseq.unwrap_or(0)))
    }
    .await;
    let cache = match (cold, cache) {
        (Ok(cold), Ok(cache)) => {
            out.rows.push(vec![
                format!("{n}"),
                "full sync, Dovecot cache cold (first ever)".into(),
                format!("{:.0}", cold.first50_ms),
                "—".into(),
                format!("{:.0}", cold.full_ms),
                "—".into(),
                format!("{:.1} MB", cold.bytes_in as f64 / 1e6),
            ]);
            cache
        }
        (Err(e), _) | (_, Err(e)) => {
            out.errors.push(format!("first sync of {n}: {e}"));
            return out;
        }
    };
    let runs = env.scale.pick(2, if n > 20_000 { 3 } else { 5 });
    let mut json_rows = Vec::new();
    // Full sync, both paths.
    let mut full: Vec<(Path_, Vec<FullSync>)> = Vec::new();
    for path in [Path_::Native, Path_::Bridge] {
        let mut samples = Vec::new();
        for _ in 0..runs {
            match full_sync(path, stack, bridge, &mailbox, n).await {
                Ok(r) => samples.push(r),
                Err(e) => out.errors.push(format!("full sync {} {n}: {e}", path.name())),
            }
        }
        full.push((path, samples));
    }
    let sum = |v: &[FullSync], f: fn(&FullSync) -> f64| Summary::of(&v.iter().map(f).collect::<Vec<_>>());
    let (native, via) = (&full[0].1, &full[1].1);
    let (n50, b50) = (sum(native, |r| r.first50_ms), sum(via, |r| r.first50_ms));
    let (nfull, bfull) = (sum(native, |r| r.full_ms), sum(via, |r| r.full_ms));
    out.first50_bridge = b50.map(|s| s.median);
    out.full_bridge = bfull.map(|s| s.median);
    out.full_native = nfull;
    out.full_bridge_spread = bfull;
    let bytes = via.first().or(native.first()).map(|r| r.bytes_in as f64 / 1e6).unwrap_or(f64::NAN);
    out.rows.push(vec![
        format!("{n}"),
        "time to first 50 rows (newest), from TCP connect".into(),
        ms(n50),
        ms(b50),
        "".into(),
        "".into(),
        "".into(),
    ]);
    out.rows.push(vec![
        format!("{n}"),
        "full header index (FLAGS ENVELOPE INTERNALDATE RFC822.SIZE)".into(),
        "".into(),
        "".into(),
        ms(nfull),
        ms(bfull),
        format!("{bytes:.1} MB"),
    ]);
    json_rows.push(json!({
        "messages": n, "what": "full_sync",
        "first50_ms_native": stats::json(n50), "first50_ms_bridge": stats::json(b50),
        "full_ms_native": stats::json(nfull), "full_ms_bridge": stats::json(bfull),
        "bytes_in": via.first().map(|r| r.bytes_in), "bytes_out": via.first().map(|r| r.bytes_out),
        "rows": via.first().map(|r| r.rows),
    }));
    // Resync without changes, then after 1 % changed.
    for phase in ["no change", "1 % of flags changed"] {
        if phase != "no change" {
            let changed: Vec<u32> = (1..=n).step_by(100).collect();
            let change = async {
                let mut s = Session::open(Path_::Native, stack, bridge, stack.alice()).await?;
                s.run(select(&mailbox, None)).await?;
                s.run(Command::Store {
                    uids: SequenceSet::from_ids(&changed),
                    action: StoreAction::Add,
                    flags: vec![Flag::Keyword("$Bench".into())],
                    unchanged_since: None,
                })
                .await?;
                s.close().await;
                Ok::<_, String>(())
            };
            if let Err(e) = change.await {
                out.errors.push(format!("changing 1 %: {e}"));
                break;
            }
        }
        for how in [Resync::AllFlags, Resync::Condstore, Resync::Qresync] {
            let mut per_path = Vec::new();
            for path in [Path_::Native, Path_::Bridge] {
                let mut samples = Vec::new();
                for _ in 0..env.scale.pick(2, 5) {
                    match resync(path, stack, bridge, &mailbox, how, cache).await {
                        Ok(r) => samples.push(r),
                        Err(e) => out.errors.push(format!("resync {} {} {n}: {e}", how.name(), path.name())),
                    }
                }
                per_path.push(samples);
            }
            let total = |v: &[ResyncRun]| Summary::of(&v.iter().map(|r| r.total_ms).collect::<Vec<_>>());
            let sync = |v: &[ResyncRun]| Summary::of(&v.iter().map(|r| r.sync_ms).collect::<Vec<_>>());
            let (nt, bt) = (total(&per_path[0]), total(&per_path[1]));
            let bs = sync(&per_path[1]);
            if how == Resync::Qresync && phase == "no change" {
                out.qresync_bridge = bt.map(|s| s.median);
            }
            let example = per_path[1].first().or(per_path[0].first());
            out.rows.push(vec![
                format!("{n}"),
                format!(
                    "resync, {phase}, {} ({} reported)",
                    how.name(),
                    example.map(|r| r.changed).unwrap_or(0)
                ),
                "".into(),
                "".into(),
                ms(nt),
                format!("{} (after login: {})", ms(bt), ms(bs)),
                example.map(|r| format!("{:.1} kB", r.bytes_in as f64 / 1e3)).unwrap_or_else(|| "—".into()),
            ]);
            json_rows.push(json!({
                "messages": n, "what": "resync", "phase": phase, "how": how.name(),
                "total_ms_native": stats::json(nt), "total_ms_bridge": stats::json(bt),
                "after_login_ms_bridge": stats::json(bs),
                "bytes_in": example.map(|r| r.bytes_in), "reported": example.map(|r| r.changed),
            }));
        }
    }
    out.json = json!({ "messages": n, "seed_seconds": seed_s, "rows": json_rows });
    out
}

/// Runs the IMAP sync part.
pub async fn run(env: &mut Env) -> Section {
    let sizes: Vec<u32> = env.scale.pick(vec![2_000], vec![10_000, 50_000]);
    let mut section = Section::new(
        "4. IMAP header sync in the local Dovecot",
        "The engine's `ImapClient` (posthorn-proto, the same code the app runs in wasm) over implicit TLS to Dovecot \
         2.3, driven natively by tokio and through posthorn-bridge over a WebSocket (the release build as its own \
         process). Messages are written straight into a Maildir folder (2–4 KB each, realistic headers). A sync logs \
         in, SELECTs, fetches the newest 50 by sequence number, then the rest: times are from TCP connect. Resync \
         starts from a cache (UIDVALIDITY, HIGHESTMODSEQ) taken after the first sync; \"after login\" leaves out \
         connect, TLS and LOGIN. Bytes are what the client received (IMAP payload). Median (min–max) over the runs.",
    );
    section.header(&[
        "Messages",
        "What",
        "first 50 ms native",
        "first 50 ms bridge",
        "total ms native",
        "total ms bridge",
        "received",
    ]);
    let stack = match tokio::task::spawn_blocking(MailStack::start).await {
        Ok(Ok(stack)) => Arc::new(stack),
        Ok(Err(e)) => return Section::failed(&section.title, &format!("the mail stack did not start: {e}")),
        Err(e) => return Section::failed(&section.title, &e.to_string()),
    };
    let bridge = match env.fresh_bridge("bridge-imap", &[stack.ports().imaps], &[stack.ca_pem_path()]) {
        Ok(b) => b,
        Err(e) => return Section::failed(&section.title, &e),
    };
    // Dovecot creates the Maildir on the first login.
    if let Err(e) = async {
        let mut s = Session::open(Path_::Native, &stack, &bridge, stack.alice()).await?;
        s.run(select("INBOX", None)).await?;
        s.close().await;
        Ok::<_, String>(())
    }
    .await
    {
        return Section::failed(&section.title, &format!("first login: {e}"));
    }
    let interactive = interactive::run(env, &stack, &bridge, &mut section).await;
    let mut data = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(env.scale.pick(60, 300));
    let mut ten_k: Option<FolderResult> = None;
    for n in sizes {
        if Instant::now() > deadline {
            section.notes.push(format!("{n} messages skipped: the IMAP part's time budget was used up."));
            continue;
        }
        let result = tokio::time::timeout(
            Duration::from_secs(env.scale.pick(120, 400)),
            folder(env, &stack, &bridge, n),
        )
        .await;
        let Ok(result) = result else {
            section.notes.push(format!("{n} messages: stopped after the time limit."));
            continue;
        };
        section.rows.extend(result.rows.iter().cloned());
        for e in &result.errors {
            section.notes.push(format!("Error: {e}"));
        }
        data.push(result.json.clone());
        if ten_k.is_none() {
            ten_k = Some(result);
        }
    }
    if let Some(r) = &ten_k {
        let scale_note =
            if r.n == 10_000 { String::new() } else { format!(" (measured on {} messages, --quick)", r.n) };
        let judge =
            |section: &mut Section, target: &str, value: Option<f64>, limit: f64, why: &str| match value {
                Some(v) => {
                    let status = Status::at_most(v, limit);
                    let detail = if status == Status::Missed {
                        format!("{:.0} ms over ({:.1}× the target){scale_note}: {why}", v - limit, v / limit)
                    } else {
                        format!("{:.0} % of the budget{scale_note}", v / limit * 100.0)
                    };
                    section.verdict(target, format!("{v:.0} ms"), status, detail);
                }
                None => section.verdict(target, "—".into(), Status::NotMeasured, "see the errors".into()),
            };
        judge(
            &mut section,
            "First 50 rows of a 10,000-message folder < 1 s (through the bridge)",
            r.first50_bridge,
            1000.0,
            "connect, TLS and LOGIN dominate",
        );
        judge(
            &mut section,
            "Full header index of 10,000 < 5 s (through the bridge)",
            r.full_bridge,
            5000.0,
            "Dovecot's ENVELOPE responses and the engine's parsing of them",
        );
        judge(
            &mut section,
            "No-change resync with QRESYNC < 200 ms (through the bridge, from TCP connect)",
            r.qresync_bridge,
            200.0,
            "connect, TLS, LOGIN and ENABLE before the SELECT",
        );
    }
    if let Some(r) = &ten_k
        && let (Some(bridge), Some(native)) = (r.full_bridge_spread, r.full_native)
        && bridge.max < native.min
    {
        section.notes.push(format!(
            "Through the bridge the full index came faster than natively (every run: {:.0} vs {:.0} ms median for {} \
             messages), most likely because on the bridge path TLS decryption runs in the bridge's process, in parallel with the \
             engine's parsing in the client; natively one process does both.",
            bridge.median, native.median, r.n
        ));
    }
    section.notes.push(
        "Messages were written as files, not delivered: Dovecot builds its index on the first SELECT and its cache \
         of envelope fields on the first FETCH; that first pass is the \"cache cold\" row. The other runs see a warm \
         Dovecot, as a server that has had the mail for a while would be."
            .into(),
    );
    section.notes.push(
        "The 1 % change sets a keyword on every 100th message (no expunges, no new mail). The CONDSTORE variant \
         does not look for expunged messages, which would need a further UID SEARCH."
            .into(),
    );
    section.data = json!({ "folders": data, "interactive": interactive });
    drop(bridge);
    let _ = tokio::task::spawn_blocking(move || drop(stack)).await;
    section
}
