//! IMAP header sync of large folders in the local Dovecot, with the engine (posthorn-proto's
//! sans-IO `ImapClient`) driven natively over TLS and, unchanged, through posthorn-bridge over a
//! WebSocket: time to the first 50 rows, to the complete header index, and resync with and
//! without CONDSTORE/QRESYNC, before and after 1 % of the messages changed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use posthorn_proto::engine::{Client, Interrupt, Io};
use posthorn_proto::imap::{
    Command, Config, Data, Event, FetchItems, Flag, ImapClient, Qresync, SequenceSet, StoreAction,
};
use posthorn_proto::security::TlsMode;
use serde_json::json;

use super::Env;
use super::net::{Conn, RelayProcess};
use super::report::{Section, Status};
use super::stats::{self, Summary};
use crate::mailstack::{Account, MailStack};

mod interactive;

/// Where the engine's bytes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Path_ {
    Native,
    Bridge,
}

impl Path_ {
    fn name(self) -> &'static str {
        match self {
            Path_::Native => "native (tokio + TLS)",
            Path_::Bridge => "through posthorn-bridge",
        }
    }
}

struct Session {
    conn: Conn,
    client: ImapClient,
}

type Res<T> = Result<T, String>;

impl Session {
    async fn open(path: Path_, stack: &MailStack, bridge: &RelayProcess, account: &Account) -> Res<Session> {
        let port = stack.ports().imaps;
        let conn = match path {
            Path_::Native => Conn::direct(port, Some(stack.tls_client_config())).await,
            Path_::Bridge => Conn::bridge(bridge.addr, port, true).await,
        }
        .map_err(|e| format!("connecting {}: {e}", path.name()))?;
        let mut session = Session { conn, client: ImapClient::new(Config::new(TlsMode::Implicit)) };
        session
            .run(Command::Login {
                username: account.user.clone(),
                password: account.password.as_str().into(),
            })
            .await?;
        Ok(session)
    }

    async fn event(&mut self) -> Res<Event> {
        loop {
            let step = self.client.next();
            // The browser keeps the transcript; here it is dropped so it cannot grow without bound.
            drop(self.client.drain_transcript());
            match step {
                Ok(event) => return Ok(event),
                Err(Interrupt::Error(e)) => return Err(format!("IMAP error: {e}")),
                Err(Interrupt::Io(Io::Output(bytes))) => {
                    self.conn.send(&bytes).await.map_err(|e| e.to_string())?
                }
                Err(Interrupt::Io(Io::NeedMoreInput)) => {
                    let chunk = self.conn.recv().await.map_err(|e| e.to_string())?;
                    if chunk.is_empty() {
                        return Err("the server closed the connection".into());
                    }
                    self.client.enqueue_input(chunk);
                }
                Err(Interrupt::Io(Io::StartTls)) => return Err("unexpected STARTTLS".into()),
            }
        }
    }

    async fn run(&mut self, command: Command) -> Res<Data> {
        let name = command.name();
        let id = self.client.enqueue(command);
        loop {
            if let Event::Done { id: done, result, .. } = self.event().await?
                && done == id
            {
                return result.map_err(|e| format!("{name} failed: {e}"));
            }
        }
    }

    /// Runs `commands` queued at once (the engine pipelines what IMAP allows in flight
    /// together); their results in order, or the first failure.
    async fn run_all(&mut self, commands: Vec<Command>) -> Res<Vec<Data>> {
        let ids: Vec<_> = commands.into_iter().map(|c| self.client.enqueue(c)).collect();
        let mut results: Vec<Option<Data>> = ids.iter().map(|_| None).collect();
        while results.iter().any(Option::is_none) {
            if let Event::Done { id, result, .. } = self.event().await?
                && let Some(i) = ids.iter().position(|&wanted| wanted == id)
            {
                results[i] = Some(result.map_err(|e| format!("command {} of the batch failed: {e}", i + 1))?);
            }
        }
        Ok(results.into_iter().flatten().collect())
    }

    async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(2), self.run(Command::Logout)).await;
        self.conn.close().await;
    }
}

fn header_items() -> FetchItems {
    FetchItems {
        uid: true,
        flags: true,
        envelope: true,
        internal_date: true,
        size: true,
        ..FetchItems::default()
    }
}

fn fetched(data: Data) -> usize {
    match data {
        Data::Fetched(messages) => messages.len(),
        _ => 0,
    }
}

fn select(mailbox: &str, qresync: Option<Qresync>) -> Command {
    Command::Select { mailbox: posthorn_proto::imap::MailboxName::from_wire(mailbox), qresync }
}

/// One full header sync: first 50 rows (newest), then the rest.
struct FullSync {
    first50_ms: f64,
    full_ms: f64,
    bytes_in: u64,
    bytes_out: u64,
    rows: usize,
}

async fn full_sync(
    path: Path_,
    stack: &MailStack,
    bridge: &RelayProcess,
    mailbox: &str,
    n: u32,
) -> Res<FullSync> {
    let started = Instant::now();
    let mut s = Session::open(path, stack, bridge, stack.alice()).await?;
    let exists = match s.run(select(mailbox, None)).await? {
        Data::Selected(sel) => sel.mailbox.exists,
        _ => 0,
    };
    if exists != n {
        return Err(format!("{mailbox} has {exists} messages, expected {n}"));
    }
    let first = exists.saturating_sub(49).max(1);
    let fetch =
        |set| Command::Fetch { set, uid: false, items: header_items(), changed_since: None, vanished: false };
    let mut rows = fetched(s.run(fetch(SequenceSet::range(first, exists))).await?);
    let first50_ms = started.elapsed().as_secs_f64() * 1e3;
    if first > 1 {
        rows += fetched(s.run(fetch(SequenceSet::range(1, first - 1))).await?);
    }
    let full_ms = started.elapsed().as_secs_f64() * 1e3;
    let (bytes_in, bytes_out) = (s.conn.received, s.conn.sent);
    s.close().await;
    if rows != n as usize {
        return Err(format!("fetched {rows} rows of {n}"));
    }
    Ok(FullSync { first50_ms, full_ms, bytes_in, bytes_out, rows })
}

/// How a client that already holds the header index catches up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resync {
    /// SELECT, then UID FETCH 1:* (FLAGS): what a client without CONDSTORE must do.
    AllFlags,
    /// ENABLE CONDSTORE, SELECT, UID FETCH 1:* (FLAGS) (CHANGEDSINCE m) (RFC 7162 section 3.1.4);
    /// expunges still need a UID SEARCH, not counted here.
    Condstore,
    /// ENABLE QRESYNC, SELECT (QRESYNC (uidvalidity m)) (RFC 7162 section 3.2.5).
    Qresync,
}

impl Resync {
    fn name(self) -> &'static str {
        match self {
            Resync::AllFlags => "no CONDSTORE: FETCH 1:* (FLAGS)",
            Resync::Condstore => "CONDSTORE: FETCH 1:* CHANGEDSINCE",
            Resync::Qresync => "QRESYNC: SELECT (QRESYNC …)",
        }
    }
}

struct ResyncRun {
    total_ms: f64,
    sync_ms: f64,
    bytes_in: u64,
    changed: usize,
}

async fn resync(
    path: Path_,
    stack: &MailStack,
    bridge: &RelayProcess,
    mailbox: &str,
    how: Resync,
    cache: (u32, u64),
) -> Res<ResyncRun> {
    let started = Instant::now();
    let mut s = Session::open(path, stack, bridge, stack.alice()).await?;
    let synced_from = Instant::now();
    let (uidvalidity, modseq) = cache;
    let changed = match how {
        Resync::AllFlags => {
            s.run(select(mailbox, None)).await?;
            let flags = FetchItems { uid: true, flags: true, ..FetchItems::default() };
            let all = Command::Fetch {
                set: SequenceSet::all(),
                uid: true,
                items: flags,
                changed_since: None,
                vanished: false,
            };
            fetched(s.run(all).await?)
        }
        Resync::Condstore => {
            s.run(Command::Enable { capabilities: vec!["CONDSTORE".into()] }).await?;
            s.run(select(mailbox, None)).await?;
            let flags = FetchItems { uid: true, flags: true, modseq: true, ..FetchItems::default() };
            let since = Command::Fetch {
                set: SequenceSet::all(),
                uid: true,
                items: flags,
                changed_since: Some(modseq),
                vanished: false,
            };
            fetched(s.run(since).await?)
        }
        Resync::Qresync => {
            s.run(Command::Enable { capabilities: vec!["QRESYNC".into()] }).await?;
            let q = Qresync { uidvalidity, modseq, known_uids: None };
            match s.run(select(mailbox, Some(q))).await? {
                Data::Selected(sel) => sel.changed.len(),
                _ => 0,
            }
        }
    };
    let now = Instant::now();
    let run = ResyncRun {
        total_ms: (now - started).as_secs_f64() * 1e3,
        sync_ms: (now - synced_from).as_secs_f64() * 1e3,
        bytes_in: s.conn.received,
        changed,
    };
    s.close().await;
    Ok(run)
}

/// A plausible list message: the headers real mail carries (trace, DKIM, threading), a
/// sometimes-encoded subject and a text body of 0.5–2.5 KB.
pub(super) fn message(i: u32) -> Vec<u8> {
    let names =
        ["Ada Lovelace", "Grace Hopper", "Jörg Müller", "Zoë Chen", "Ole Johan Dahl", "Barbara Liskov"];
    let from = names[i as usize % names.len()];
    let from_header = if from.is_ascii() {
        format!("\"{from}\" <user{}@example.org>", i % 97)
    } else {
        format!("=?UTF-8?B?{}?= <user{}@example.org>", b64(from.as_bytes()), i % 97)
    };
    let subject = if i.is_multiple_of(7) {
        format!("=?UTF-8?Q?R=C3=BCckfrage_zum_Angebot_{i}?=")
    } else {
        format!("Re: [list] Quarterly report, thread {} (part {i})", i / 5)
    };
    let day = 1 + i % 28;
    let mut m = format!(
        "Return-Path: <user{u}@example.org>\r\n\
         Received: from mail.example.org (mail.example.org [192.0.2.{r}])\r\n\tby mx.posthorn.test with ESMTPS id {i:08x}\r\n\tfor <alice@posthorn.test>; Mon, {day} Jun 2025 10:{mm:02}:00 +0000\r\n\
         DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=s1;\r\n\th=from:to:subject:date:message-id; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n\tb=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZSBidXQgaXQgaXMgYXMgbG9uZyBhcyBvbmUgd291bGQgYmU=\r\n\
         From: {from_header}\r\n\
         To: Alice <alice@posthorn.test>\r\n\
         Cc: list@lists.example.org\r\n\
         Subject: {subject}\r\n\
         Date: Mon, {day} Jun 2025 10:{mm:02}:00 +0000\r\n\
         Message-ID: <{i}.bench@example.org>\r\n\
         In-Reply-To: <{p}.bench@example.org>\r\n\
         References: <{p}.bench@example.org>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n",
        u = i % 97,
        r = i % 250 + 1,
        mm = i % 60,
        p = i.saturating_sub(1),
    );
    let lines = 8 + (i % 30);
    for l in 0..lines {
        m.push_str(&format!(
            "Line {l} of message {i}: the figures for the quarter are in the attached sheet.\r\n"
        ));
    }
    m.into_bytes()
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Maildir flags for the bench's messages: most read, each tenth also flagged, some unread.
pub(super) fn flags(i: u32) -> &'static str {
    match i % 10 {
        0 => "FS",
        1..=6 => "S",
        _ => "",
    }
}

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
