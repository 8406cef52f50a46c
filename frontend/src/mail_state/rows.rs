//! The open folder's messages as the list shows them: a row per message (sender, subject, date,
//! size, flags), fetched lazily by UID in batches as the list scrolls, kept in the store, changed
//! in place when flags change and forgotten when messages leave the folder.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::compose::MDN_SENT;
use posthorn_proto::imap::search_query::Facts;
use posthorn_proto::imap::{Command, Data, FetchedMessage, Flag, SequenceSet};
use posthorn_proto::message::priority::Priority;
use serde::{Deserialize, Serialize};

use super::{MailState, threads};
use crate::session::MailError;
use crate::store;

/// Rows are fetched by UID in batches of at most this many messages.
pub const BATCH: usize = 100;

/// One row of the message list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The message's UID.
    pub uid: u32,
    /// Sender, display form (empty when there is none: the list shows a placeholder).
    pub from: String,
    /// The recipients (To, then Cc), display forms apart by commas ("" for none): what the Sent
    /// and Drafts folders' lists show in the sender's place. `None` in rows cached before they
    /// were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Subject.
    pub subject: String,
    /// The Date header as sent, or the server's INTERNALDATE where the message has none.
    pub date: String,
    /// The Date header as a Unix time, or INTERNALDATE when it is missing or unreadable: what
    /// the list shows, formatted in the user's zone and locale. Absent in rows cached before.
    #[serde(default)]
    pub timestamp: Option<i64>,
    /// RFC822.SIZE.
    pub size: u32,
    /// \Seen.
    pub seen: bool,
    /// \Flagged.
    pub flagged: bool,
    /// \Answered.
    pub answered: bool,
    /// Has non-body parts.
    pub attachment: bool,
    /// Message-ID, In-Reply-To and References as the message carries them (RFC 5322 section
    /// 3.6.4), for conversations ([`threads`]). Empty in rows cached before they were kept.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub in_reply_to: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub references: String,
    /// The server's PREVIEW of the text (RFC 8970), where it offers the extension and had one:
    /// the list shows it for messages whose body is not on the device (mail_state/preview.rs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<String>,
    /// Its tags (`$label1` to `$label5`), a bit set ([`super::tags`]).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub tags: u8,
    /// `$MDNSent`: the read receipt it asks for was sent or declined (RFC 3503), so the reader
    /// does not ask again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mdn_sent: bool,
    /// `$Forwarded` (RFC 5788's registry): passed on, by this app or another.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub forwarded: bool,
    /// Its other keywords that people name: tags another client made (Thunderbird's own tags),
    /// shown beside the five ([`super::tags::named_keywords`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Its priority (`X-Priority`, `Importance`, `Priority`): the list marks a high or a low one.
    /// Normal in rows cached before it was kept.
    #[serde(default, skip_serializing_if = "is_normal")]
    pub priority: Priority,
}

/// Whether `flags` hold the keyword `name` (keywords are case-insensitive, RFC 3501 section
/// 2.3.2).
fn has_keyword(flags: &[Flag], name: &str) -> bool {
    flags.iter().any(|f| matches!(f, Flag::Keyword(k) if k.eq_ignore_ascii_case(name)))
}

fn is_normal(priority: &Priority) -> bool {
    *priority == Priority::Normal
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

impl Row {
    pub(super) fn from_fetch(m: &FetchedMessage) -> Option<Row> {
        let envelope = m.envelope.clone()?;
        let from = envelope
            .from
            .first()
            .map(|a| posthorn_proto::message::sender_display(a.name.as_deref(), &a.address))
            .unwrap_or_default();
        let to: Vec<String> = envelope
            .to
            .iter()
            .chain(&envelope.cc)
            .filter(|a| !a.address.trim().is_empty())
            .map(|a| posthorn_proto::message::sender_display(a.name.as_deref(), &a.address))
            .collect();
        let date = envelope
            .date
            .clone()
            .or_else(|| m.internal_date.as_ref().map(|t| crate::format::date_time(t.unix, t.offset_minutes)))
            .unwrap_or_default();
        // RFC 5322 section 3.6.1: the Date header is when the author sent it, which is what the
        // reader thinks of; INTERNALDATE is when this server got it (the same for every message
        // of a migrated or restored folder).
        let timestamp = envelope.date_unix.or(m.internal_date.as_ref().map(|t| t.unix));
        let (references, priority) = threads::references_and_priority(m);
        let mut row = Row {
            uid: m.uid?,
            from,
            to: Some(to.join(", ")),
            subject: envelope.subject.clone().unwrap_or_default(),
            date,
            timestamp,
            size: m.size.unwrap_or(0),
            attachment: m.has_attachments(),
            message_id: envelope.message_id.clone().unwrap_or_default(),
            in_reply_to: envelope.in_reply_to.clone().unwrap_or_default(),
            references,
            priority,
            preview: m.preview.clone().filter(|p| !p.is_empty()),
            ..Row::default()
        };
        // What the flags say is read in one place, for a fetched row as for a flag change.
        row.set_flags(m.flags.as_deref().unwrap_or_default());
        Some(row)
    }

    /// What the row tells a search on the device (`imap::search_query`), with its text where the
    /// message is on the device.
    pub fn facts<'a>(&'a self, body: Option<&'a str>) -> Facts<'a> {
        Facts {
            from: &self.from,
            to: self.to.as_deref().unwrap_or_default(),
            subject: &self.subject,
            body,
            timestamp: self.timestamp,
            size: self.size,
            seen: self.seen,
            flagged: self.flagged,
            answered: self.answered,
        }
    }

    pub(super) fn set_flags(&mut self, flags: &[Flag]) {
        self.seen = flags.contains(&Flag::Seen);
        self.flagged = flags.contains(&Flag::Flagged);
        self.answered = flags.contains(&Flag::Answered);
        self.tags = super::tags::tags_of(flags);
        self.mdn_sent = has_keyword(flags, MDN_SENT);
        self.forwarded = has_keyword(flags, "$Forwarded");
        self.keywords = super::tags::named_keywords(flags);
    }

    pub(super) fn set(&mut self, flag: FlagName, on: bool) {
        match flag {
            FlagName::Seen => self.seen = on,
            FlagName::Flagged => self.flagged = on,
            FlagName::Answered => self.answered = on,
            FlagName::Tag(n) if on => self.tags |= super::tags::bit(n),
            FlagName::Tag(n) => self.tags &= !super::tags::bit(n),
            FlagName::MdnSent => self.mdn_sent = on,
        }
    }
}

/// The flags the app sets, as kept in the offline queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlagName {
    /// `\Seen`
    Seen,
    /// `\Flagged`
    Flagged,
    /// `\Answered`
    Answered,
    /// Tag `n` (1 to 5), the keyword `$label<n>` ([`super::tags`]).
    Tag(u8),
    /// `$MDNSent` (RFC 3503): a read receipt sent or declined.
    MdnSent,
}

impl FlagName {
    pub(super) fn flag(self) -> Flag {
        match self {
            FlagName::Seen => Flag::Seen,
            FlagName::Flagged => Flag::Flagged,
            FlagName::Answered => Flag::Answered,
            FlagName::Tag(n) => Flag::Keyword(super::tags::keyword(n)),
            FlagName::MdnSent => Flag::Keyword(MDN_SENT.into()),
        }
    }
}

impl MailState {
    /// Changes rows in the view and in the store.
    pub(super) fn update_rows(&self, uids: &[u32], change: impl Fn(&mut Row)) {
        let mut changed = Vec::new();
        self.list.rows.update(|rows| {
            for uid in uids {
                if let Some(row) = rows.get_mut(uid) {
                    change(row);
                    changed.push(row.clone());
                }
            }
        });
        self.persist_rows(changed);
    }

    pub(super) fn persist_rows(&self, rows: Vec<Row>) {
        let (Some(folder), Some(uidvalidity)) =
            (self.folders.open.get_untracked(), self.list.uidvalidity.get_value())
        else {
            return;
        };
        if rows.is_empty() {
            return;
        }
        let email = self.email().to_owned();
        let state = self.clone();
        spawn_local(async move {
            let json: Vec<(u32, String)> =
                rows.iter().filter_map(|r| Some((r.uid, serde_json::to_string(r).ok()?))).collect();
            if let Err(e) = store::put_headers(&email, folder.as_wire(), uidvalidity, &json).await {
                state.error.set(Some(MailError::new(e.0)));
            }
        });
    }

    /// Messages that left the open folder: out of the view, the cache and the selection.
    pub(super) fn forget_messages(&self, uids: &[u32]) {
        // A set: a whole folder may go at once, ticked with the box above the list.
        self.forget(uids, &uids.iter().copied().collect());
    }

    /// [`MailState::forget_messages`], with the UIDs also as a set (`gone`).
    fn forget(&self, uids: &[u32], gone: &HashSet<u32>) {
        self.list.rows.update(|rows| {
            for uid in uids {
                rows.remove(uid);
            }
        });
        self.list.selected.update(|s| s.retain(|u| !gone.contains(u)));
        if self.reader.message.with_untracked(|o| o.as_ref().is_some_and(|(uid, _, _)| gone.contains(uid))) {
            self.reader.message.set(None);
        }
        self.search.hits.update(|s| {
            if let Some(found) = s {
                found.retain(|u| !gone.contains(u));
            }
        });
        if let (Some(folder), Some(uidvalidity)) =
            (self.folders.open.get_untracked(), self.list.uidvalidity.get_value())
        {
            let email = self.email().to_owned();
            let uids = uids.to_vec();
            spawn_local(async move {
                let _ = store::remove_messages(&email, folder.as_wire(), uidvalidity, &uids).await;
            });
        }
        self.save_sync();
    }

    pub(super) fn remove_from_view(&self, uids: &[u32]) {
        let gone: HashSet<u32> = uids.iter().copied().collect();
        self.list.uids.update(|all| all.retain(|u| !gone.contains(u)));
        self.forget(uids, &gone);
    }

    /// Makes sure the rows at these list positions (0 is the first in the list's order, or of
    /// the search hits) are loaded or loading.
    pub fn ensure_rows(&self, positions: std::ops::Range<u32>) {
        if !self.list_settled() {
            return;
        }
        // The positions of the search hits while there are (a filter shows every unread
        // message of a folder, however many), else of the list.
        let at = |order: &Vec<u32>| -> Vec<u32> {
            positions
                .clone()
                .filter_map(|p| order.get(p as usize).copied())
                .filter(|u| self.list.rows.with_untracked(|r| !r.contains_key(u)))
                .filter(|u| self.list.requested.with_value(|r| !r.contains(u)))
                .collect()
        };
        let wanted = match self.search.found.with_untracked(|f| f.as_ref().map(at)) {
            Some(hits) => hits,
            None => self.list.order.with_untracked(at),
        };
        if wanted.is_empty() {
            return;
        }
        self.list.requested.update_value(|r| r.extend(wanted.iter().copied()));
        for batch in wanted.chunks(BATCH) {
            let state = self.clone();
            let mut batch = batch.to_vec();
            batch.sort_unstable();
            let generation = self.generation.get_value();
            spawn_local(async move { state.fetch_rows(batch, generation).await });
        }
    }

    pub(super) async fn fetch_rows(&self, uids: Vec<u32>, generation: u64) {
        let items = threads::row_items();
        let fetch = Command::Fetch {
            set: SequenceSet::from_ids(&uids),
            uid: true,
            items,
            changed_since: None,
            vanished: false,
        };
        let result = self.run_when_selected(fetch, generation).await;
        if !self.still(generation) {
            return;
        }
        let Some(result) = result else {
            // The folder never got selected: let the next look at these rows ask again.
            self.list.requested.update_value(|r| {
                for u in &uids {
                    r.remove(u);
                }
            });
            return;
        };
        match result {
            Ok(Data::Fetched(messages)) => {
                let fetched: Vec<Row> = messages.iter().filter_map(Row::from_fetch).collect();
                self.list.rows.update(|rows| {
                    for row in &fetched {
                        rows.insert(row.uid, row.clone());
                    }
                });
                self.answered(&uids, &fetched);
                self.persist_rows(fetched);
            }
            other => {
                self.list.requested.update_value(|r| {
                    for u in &uids {
                        r.remove(u);
                    }
                });
                if let Err(f) = other {
                    if f.transport {
                        self.status.set(f.error.message);
                    } else {
                        self.error.set(Some(f.error));
                    }
                }
            }
        }
    }

    /// New mail: learns the UIDs (and rows) of the messages past the end of the list.
    pub(super) async fn fetch_new(&self) {
        let generation = self.generation.get_value();
        let known = self.list.uids.with_untracked(Vec::len) as u32;
        let after = self.list.uids.with_untracked(|u| u.last().copied()).unwrap_or(0);
        // Message numbers of the open folder: only while it is the selected one.
        let command = Command::Fetch {
            set: SequenceSet::from_start(known + 1),
            uid: false,
            items: threads::row_items(),
            changed_since: None,
            vanished: false,
        };
        let result = self.run_when_selected(command, generation).await;
        if let Some(Ok(Data::Fetched(messages))) = result
            && self.still(generation)
        {
            let mut new_rows = Vec::new();
            let mut arrived = Vec::new();
            self.list.uids.update(|uids| {
                for m in &messages {
                    if let Some(uid) = m.uid
                        && uid > after
                        && let Err(i) = uids.binary_search(&uid)
                    {
                        uids.insert(i, uid);
                        arrived.push(uid);
                    }
                }
            });
            self.list.rows.update(|rows| {
                for m in &messages {
                    if let Some(row) = Row::from_fetch(m) {
                        new_rows.push(row.clone());
                        rows.insert(row.uid, row);
                    }
                }
            });
            self.persist_rows(new_rows);
            self.save_sync();
            self.counts_changed(self.folders.open.get_untracked().into_iter().collect());
            if !arrived.is_empty() {
                self.arrived_in_filter(&arrived);
                self.list.arrived.set(arrived);
            }
            self.refresh_order().await;
        }
    }

    /// The row for a UID among the loaded ones.
    pub fn row_by_uid(&self, uid: u32) -> Option<Row> {
        self.list.rows.with(|rows| rows.get(&uid).cloned())
    }
}
