//! The timed runs: a full header sync (first 50 rows, then the rest), and a resync of a client
//! that already holds the index, without CONDSTORE, with CONDSTORE and with QRESYNC (RFC 7162).

use std::time::Instant;

use posthorn_proto::imap::{Command, Data, FetchItems, Qresync, SequenceSet};

use super::super::net::RelayProcess;
use super::session::{Path_, Res, Session, fetched, header_items, select};
use crate::mailstack::MailStack;

/// One full header sync: first 50 rows (newest), then the rest.
pub(super) struct FullSync {
    pub(super) first50_ms: f64,
    pub(super) full_ms: f64,
    pub(super) bytes_in: u64,
    pub(super) bytes_out: u64,
    pub(super) rows: usize,
}

pub(super) async fn full_sync(
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
pub(super) enum Resync {
    /// SELECT, then UID FETCH 1:* (FLAGS): what a client without CONDSTORE must do.
    AllFlags,
    /// ENABLE CONDSTORE, SELECT, UID FETCH 1:* (FLAGS) (CHANGEDSINCE m) (RFC 7162 section 3.1.4);
    /// expunges still need a UID SEARCH, not counted here.
    Condstore,
    /// ENABLE QRESYNC, SELECT (QRESYNC (uidvalidity m)) (RFC 7162 section 3.2.5).
    Qresync,
}

impl Resync {
    pub(super) fn name(self) -> &'static str {
        match self {
            Resync::AllFlags => "no CONDSTORE: FETCH 1:* (FLAGS)",
            Resync::Condstore => "CONDSTORE: FETCH 1:* CHANGEDSINCE",
            Resync::Qresync => "QRESYNC: SELECT (QRESYNC …)",
        }
    }
}

pub(super) struct ResyncRun {
    pub(super) total_ms: f64,
    pub(super) sync_ms: f64,
    pub(super) bytes_in: u64,
    pub(super) changed: usize,
}

pub(super) async fn resync(
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
