//! What a person waits for in the mail view once the connection is open (logged in, as the app's
//! kept session is): the unread counts of 20 folders, a flag change, opening a message. The
//! counts are measured both ways the app has asked for them: one STATUS after the other, waiting
//! for each answer (frontend/src/mail_state.rs `refresh_counts` before the change), and all STATUS
//! queued at once so the engine pipelines them (RFC 3501 section 5.5; `ImapSession::run_all` now).

use std::time::Instant;

use posthorn_proto::imap::{
    Command, Data, FetchItems, Flag, MailboxName, Section as BodySection, SequenceSet, StoreAction,
};
use serde_json::json;

use super::super::Env;
use super::super::net::RelayProcess;
use super::super::report::Section;
use super::super::stats::{self, Summary};
use super::{Path_, Res, Session, select};
use crate::mailstack::MailStack;

/// How many folders have their unread count asked.
const FOLDERS: u32 = 20;

fn folder_name(i: u32) -> String {
    format!("counts{i:02}")
}

/// The STATUS (UNSEEN and the rest) of every counted folder.
fn statuses() -> Vec<Command> {
    (1..=FOLDERS).map(|i| Command::Status { mailbox: MailboxName::from_wire(folder_name(i)) }).collect()
}

/// Reads one measurement of a round.
type Measure = fn(&Round) -> f64;

/// One round of each measurement on an open session, in milliseconds.
struct Round {
    counts_one_by_one: f64,
    counts_at_once: f64,
    flag: f64,
    open: f64,
}

async fn round(path: Path_, stack: &MailStack, bridge: &RelayProcess, flag_on: bool) -> Res<Round> {
    let mut s = Session::open(path, stack, bridge, stack.alice()).await?;
    let ms = |from: Instant| from.elapsed().as_secs_f64() * 1e3;

    let started = Instant::now();
    for status in statuses() {
        s.run(status).await?;
    }
    let counts_one_by_one = ms(started);

    let started = Instant::now();
    let answers = s.run_all(statuses()).await?;
    let counts_at_once = ms(started);
    let unseen: Vec<Option<u32>> = answers
        .iter()
        .map(|a| match a {
            Data::Status(status) => status.unseen,
            _ => None,
        })
        .collect();
    if unseen.iter().any(|u| *u != Some(5)) {
        return Err(format!("unread counts {unseen:?}, expected 5 in each folder"));
    }

    s.run(select(&folder_name(1), None)).await?;
    let started = Instant::now();
    s.run(Command::Store {
        uids: SequenceSet::single(1),
        action: if flag_on { StoreAction::Add } else { StoreAction::Remove },
        flags: vec![Flag::Flagged],
        unchanged_since: None,
    })
    .await?;
    let flag = ms(started);

    let started = Instant::now();
    let body = s
        .run(Command::Fetch {
            set: SequenceSet::single(2),
            uid: true,
            items: FetchItems::section(BodySection::Full),
            changed_since: None,
            vanished: false,
        })
        .await?;
    let open = ms(started);
    let bytes = match &body {
        Data::Fetched(messages) => {
            messages.iter().find_map(|m| m.section(&BodySection::Full)).map_or(0, <[u8]>::len)
        }
        _ => 0,
    };
    if bytes == 0 {
        return Err("the message body did not come".into());
    }
    s.close().await;
    Ok(Round { counts_one_by_one, counts_at_once, flag, open })
}

/// Seeds the folders, measures, and adds the rows to `section`; returns the figures as JSON.
pub(super) async fn run(
    env: &Env,
    stack: &MailStack,
    bridge: &RelayProcess,
    section: &mut Section,
) -> serde_json::Value {
    for i in 1..=FOLDERS {
        // 20 messages each, 5 unread (super::flags leaves i % 10 in 7..=9 unread, and 0 is "FS").
        if let Err(e) = stack.seed_maildir(stack.alice(), &folder_name(i), 20, |m| {
            (super::message(m), if m % 4 == 0 { "" } else { "S" })
        }) {
            section.notes.push(format!("Error: seeding the counted folders: {e}"));
            return json!(null);
        }
    }
    // The first look makes Dovecot index the new folders; not timed.
    if let Err(e) = round(Path_::Native, stack, bridge, true).await {
        section.notes.push(format!("Error: the first round of the interactive measurements: {e}"));
        return json!(null);
    }
    let runs = env.scale.pick(3, 9);
    let mut out = Vec::new();
    let mut per_path = Vec::new();
    for path in [Path_::Native, Path_::Bridge] {
        let mut rounds = Vec::new();
        for run in 0..runs {
            match round(path, stack, bridge, run % 2 == 1).await {
                Ok(r) => rounds.push(r),
                Err(e) => section.notes.push(format!("Error: interactive, {}: {e}", path.name())),
            }
        }
        per_path.push(rounds);
    }
    let summary =
        |rounds: &[Round], f: fn(&Round) -> f64| Summary::of(&rounds.iter().map(f).collect::<Vec<_>>());
    let rows: [(&str, Measure); 4] = [
        ("unread counts of 20 folders, one STATUS after the other (before)", |r| r.counts_one_by_one),
        ("unread counts of 20 folders, all STATUS at once, pipelined (after)", |r| r.counts_at_once),
        ("flag change round trip (UID STORE +FLAGS/-FLAGS \\Flagged)", |r| r.flag),
        ("opening a message (UID FETCH BODY.PEEK[], 2–4 KB)", |r| r.open),
    ];
    for (what, f) in rows {
        let (native, via) = (summary(&per_path[0], f), summary(&per_path[1], f));
        section.rows.push(vec![
            "20×20".into(),
            format!("{what}, session open"),
            "".into(),
            "".into(),
            stats::show(native, 1),
            stats::show(via, 1),
            "".into(),
        ]);
        out.push(json!({ "what": what, "ms_native": stats::json(native), "ms_bridge": stats::json(via) }));
    }
    json!(out)
}
