//! The index behind conversations: Message-ID, In-Reply-To and References of every row, and the
//! rows of the account's Sent and Drafts folders, so that one's own replies join a conversation
//! whichever folder is open (`posthorn_proto::thread` threads across folders, RFC 5256 section 3).
//!
//! The Sent and Drafts rows are fetched on the account's one connection before it idles
//! ([`MailState::index_related`]), in chunks, each parsed and stored before the next is asked
//! for; a request of the person's that comes meanwhile is served between two chunks, with the
//! open folder selected again for it, so the page never waits on a whole folder.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::imap::{
    Command, Data, FetchItems, FetchedMessage, MailboxName, SearchKey, Section, SectionRequest, SelectResult,
    SequenceSet, SpecialUse,
};
use posthorn_proto::message::priority::{Priority, header_fields};
use posthorn_proto::thread::message_ids;

use super::main_session::MainSession;
use super::{FolderSync, MailState, Row, to_ranges};
use crate::session::MailError;
use crate::session::imap::ImapSession;
use crate::store::{self, Key};

/// Rows asked for per FETCH when indexing another folder.
const CHUNK: usize = 200;

/// The rows of a folder other than the open one that conversations draw on.
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedFolder {
    /// The folder.
    pub mailbox: MailboxName,
    /// Its UIDVALIDITY: the UIDs below belong to it (RFC 3501 section 2.3.1.1).
    pub uidvalidity: u32,
    /// Its cached rows.
    pub rows: Vec<Row>,
}

/// What a message-list row is fetched with: FLAGS, ENVELOPE (which carries Message-ID and
/// In-Reply-To, RFC 3501 section 7.4.2), INTERNALDATE, RFC822.SIZE, BODYSTRUCTURE, and the
/// header fields ENVELOPE lacks (References, and the priority's, `message::priority`), without
/// setting \Seen (BODY.PEEK), and PREVIEW (RFC 8970) where the server offers it (the engine
/// leaves it out elsewhere).
pub(super) fn row_items() -> FetchItems {
    FetchItems {
        uid: true,
        preview: true,
        sections: vec![SectionRequest {
            section: Section::HeaderFields(
                Vec::new(),
                ["REFERENCES", "X-PRIORITY", "IMPORTANCE", "PRIORITY"].map(String::from).to_vec(),
            ),
            partial: None,
            peek: true,
        }],
        ..FetchItems::summary()
    }
}

/// The References and the priority a fetched row's header fields ([`row_items`]) carry: the
/// References as `<id> <id> …`, unfolded ("" where it has none).
pub(super) fn references_and_priority(m: &FetchedMessage) -> (String, Priority) {
    // Servers echo the field names in their own case: any HEADER.FIELDS section is ours.
    let text = m
        .sections
        .iter()
        .find(|s| matches!(s.section, Section::HeaderFields(..)))
        .and_then(|s| s.data.as_deref())
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    let fields = header_fields(&text);
    let references = fields
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("References"))
        .map(|(_, value)| message_ids(value).map(|id| format!("<{id}>")).collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    (references, Priority::of(fields.iter().map(|(n, v)| (*n, v.as_str()))))
}

fn parse_rows(json: Vec<String>) -> HashMap<u32, Row> {
    json.iter().filter_map(|j| serde_json::from_str::<Row>(j).ok()).map(|r| (r.uid, r)).collect()
}

impl MailState {
    /// The account's Sent and Drafts folders, other than the open one.
    pub(super) fn related_folders(&self) -> Vec<MailboxName> {
        let open = self.folders.open.get_untracked();
        self.folders.all.with_untracked(|folders| {
            folders
                .iter()
                .filter(|f| f.selectable && matches!(f.role, Some(SpecialUse::Sent | SpecialUse::Drafts)))
                .filter(|f| Some(&f.mailbox) != open.as_ref())
                .map(|f| f.mailbox.clone())
                .collect()
        })
    }

    /// Shows the related folders' rows from the store (on opening a folder, and offline).
    pub(super) fn refresh_related(&self) {
        // Another folder: the server's threads were the last one's.
        self.threads.server.set(None);
        let state = self.clone();
        spawn_local(async move {
            let generation = state.generation.get_value();
            let email = state.email().to_owned();
            let mut related = Vec::new();
            for mailbox in state.related_folders() {
                let key = Key::Folder(&email, mailbox.as_wire());
                let Ok(Some(sync)) = store::get_json::<FolderSync>(key).await else { continue };
                let rows =
                    store::headers(&email, mailbox.as_wire(), sync.uidvalidity).await.unwrap_or_default();
                let rows = parse_rows(rows).into_values().collect();
                related.push(RelatedFolder { mailbox, uidvalidity: sync.uidvalidity, rows });
            }
            if state.still(generation) {
                state.threads.related.set(related);
            }
        });
    }

    fn set_related(&self, folder: RelatedFolder) {
        self.threads.related.update(|related| {
            match related.iter_mut().find(|r| r.mailbox == folder.mailbox) {
                Some(r) => *r = folder,
                None => related.push(folder),
            }
        });
    }

    /// Brings the rows of Sent and Drafts into the store on the main connection, before it idles
    /// (mail_state/watch.rs): EXAMINE, UID SEARCH ALL, the rows not cached yet [`CHUNK`] at a
    /// time, and the cached rows of messages gone since removed; then the open folder is selected
    /// again. A request that comes meanwhile is served between two chunks, with the open folder
    /// selected for it, and the indexing goes on after it (from the EXAMINE, skipping the rows
    /// stored by then). Stops once another folder is opened (that folder's sync starts it again).
    pub(super) async fn index_related(&self, generation: u64) {
        // On a first start the folder list arrives after the open folder's sync: wait for it.
        for _ in 0..100 {
            if !self.folders.all.with_untracked(Vec::is_empty) || !self.still(generation) {
                break;
            }
            crate::net::clock::sleep(std::time::Duration::from_millis(100)).await;
        }
        let main = self.session.get_value();
        let mut left = self.related_folders();
        while !left.is_empty() {
            // The person's requests first.
            main.quiet().await;
            if !self.still(generation) {
                return;
            }
            let stretch = self
                .with_session(false, async |session| {
                    let mut indexed = Ok(());
                    while let Some(mailbox) = left.first().cloned() {
                        match self.index_folder(session, mailbox, generation, &main).await {
                            Ok(true) => {
                                left.remove(0);
                            }
                            Ok(false) => break,
                            Err(e) => {
                                indexed = Err(e);
                                break;
                            }
                        }
                    }
                    // What the examined folders reported is not the open folder's news.
                    session.updates.clear();
                    indexed?;
                    self.select_open(session).await
                })
                .await;
            match stretch {
                Ok(Some(Some(selected))) => {
                    let state = self.clone();
                    spawn_local(async move { state.resync(selected, generation).await });
                }
                Ok(_) => {}
                Err(_) => return,
            }
        }
    }

    /// Indexes one folder on `session`: true once done (or skipped: the folder cannot be
    /// examined), false when it stopped for a request or another folder opened; an error only
    /// when the connection failed.
    async fn index_folder(
        &self,
        session: &mut ImapSession,
        mailbox: MailboxName,
        generation: u64,
        main: &MainSession,
    ) -> Result<bool, MailError> {
        let skipped =
            |session: &ImapSession, e: MailError| if session.is_usable() { Ok(true) } else { Err(e) };
        if !self.still(generation) {
            return Ok(false);
        }
        let examine = Command::Examine { mailbox: mailbox.clone(), qresync: None };
        let selected = match session.run(examine).await {
            Ok(Data::Selected(selected)) => selected,
            Ok(_) => return Ok(true),
            Err(e) => return skipped(session, e),
        };
        let Some(uidvalidity) = selected.mailbox.uidvalidity else { return Ok(true) };
        let email = self.email().to_owned();
        let wire = mailbox.as_wire();
        let kept = store::get_json::<FolderSync>(Key::Folder(&email, wire)).await.ok().flatten();
        let mut sync = match kept {
            Some(sync) if sync.uidvalidity == uidvalidity => sync,
            Some(_) => {
                // A recreated folder: every cached UID of it is void.
                let _ = store::drop_folder(&email, wire).await;
                FolderSync { uidvalidity, ..FolderSync::default() }
            }
            None => FolderSync { uidvalidity, ..FolderSync::default() },
        };
        let mut rows = parse_rows(store::headers(&email, wire, uidvalidity).await.unwrap_or_default());
        let search = Command::Search { criteria: vec![SearchKey::All] };
        let mut uids = match session.run(search).await {
            Ok(Data::Searched(found)) => found.uids,
            Ok(_) => return Ok(true),
            Err(e) => return skipped(session, e),
        };
        uids.sort_unstable();
        let present: HashSet<u32> = uids.iter().copied().collect();
        let gone: Vec<u32> = rows.keys().copied().filter(|u| !present.contains(u)).collect();
        let _ = store::remove_messages(&email, wire, uidvalidity, &gone).await;
        rows.retain(|u, _| present.contains(u));
        let missing: Vec<u32> = uids.iter().copied().filter(|u| !rows.contains_key(u)).collect();
        for chunk in missing.chunks(CHUNK) {
            // One of the person's requests waits (besides this one): it goes first.
            if !self.still(generation) || main.others_want(1) {
                return Ok(false);
            }
            let fetch = Command::Fetch {
                set: SequenceSet::from_ids(chunk),
                uid: true,
                items: row_items(),
                changed_since: None,
                vanished: false,
            };
            let messages = match session.run(fetch).await {
                Ok(Data::Fetched(messages)) => messages,
                Ok(_) => break,
                Err(_) if session.is_usable() => break,
                Err(e) => return Err(e),
            };
            let fetched: Vec<Row> = messages.iter().filter_map(Row::from_fetch).collect();
            let json: Vec<(u32, String)> =
                fetched.iter().filter_map(|r| Some((r.uid, serde_json::to_string(r).ok()?))).collect();
            let _ = store::put_headers(&email, wire, uidvalidity, &json).await;
            rows.extend(fetched.into_iter().map(|r| (r.uid, r)));
        }
        // The kept HIGHESTMODSEQ stays: a QRESYNC SELECT of this folder later reports what
        // changed since it, which covers what was fetched here.
        sync.uids = to_ranges(&uids);
        let _ = store::put_json(Key::Folder(&email, wire), &sync).await;
        if self.still(generation) {
            self.set_related(RelatedFolder { mailbox, uidvalidity, rows: rows.into_values().collect() });
        }
        Ok(true)
    }

    /// SELECTs the open folder again (as `sync_open_folder` would) after other folders were
    /// examined on the session, so that the next request and IDLE find it selected.
    pub(super) async fn select_open(
        &self,
        session: &mut ImapSession,
    ) -> Result<Option<SelectResult>, MailError> {
        let Some(folder) = self.folders.open.get_untracked() else { return Ok(None) };
        let select = self.select_command(session, folder);
        match session.run(select).await? {
            Data::Selected(result) => Ok(Some(*result)),
            _ => Ok(None),
        }
    }
}
