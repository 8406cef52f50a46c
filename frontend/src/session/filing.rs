//! Filing written mail on the IMAP server: the sent copy into the Sent folder, draft versions into
//! Drafts, and looking a message up by its Message-ID (RFC 3501 sections 6.3.11 and 6.4.4,
//! RFC 6154 for the folder roles).

use posthorn_proto::imap::{
    Command, Data, Flag, MailboxName, SearchKey, SequenceSet, SpecialUse, StoreAction,
};
use posthorn_proto::secret::Secret;

use crate::account::AccountSettings;
use crate::protocol_log::ProtocolLog;
use crate::session::MailError;
use crate::session::imap::ImapSession;

mod kept;

/// The folder with a role from a fresh LIST (by SPECIAL-USE, else by a common name,
/// shared/src/imap/list.rs), with its name for display; `None` if the server has none.
async fn find_folder(
    session: &mut ImapSession,
    role: SpecialUse,
) -> Result<Option<(MailboxName, String)>, MailError> {
    match session.run(Command::List { reference: String::new(), pattern: "*".into() }).await? {
        Data::List(list) => Ok(list.special_use(role).map(|m| (m.mailbox.clone(), m.name.clone()))),
        _ => Err(MailError::new(crate::i18n::t().folder_list_unreadable)),
    }
}

/// The folder with a role; its absence is an error.
async fn folder(session: &mut ImapSession, role: SpecialUse) -> Result<MailboxName, MailError> {
    find_folder(session, role)
        .await?
        .map(|(mailbox, _)| mailbox)
        .ok_or_else(|| MailError::new((crate::i18n::t().engine.err_no_role_folder)(role_name(role))))
}

/// The English name Posthorn gives a folder it creates for a role.
pub fn role_name(role: SpecialUse) -> &'static str {
    match role {
        SpecialUse::Inbox => "INBOX",
        SpecialUse::Sent => "Sent",
        SpecialUse::Drafts => "Drafts",
        SpecialUse::Trash => "Trash",
        SpecialUse::Junk => "Junk",
        SpecialUse::Archive => "Archive",
        SpecialUse::All => "All Mail",
        SpecialUse::Flagged => "Flagged",
    }
}

/// Why the sent copy was not filed.
#[derive(Debug)]
pub enum FilingError {
    /// The server has no Sent folder, neither marked (RFC 6154) nor by a common name: one can be
    /// created ([`create_folder`]) and the copy filed then.
    NoSentFolder,
    /// Anything else, in plain words.
    Failed(MailError),
}

impl From<MailError> for FilingError {
    fn from(e: MailError) -> Self {
        FilingError::Failed(e)
    }
}

impl std::fmt::Display for FilingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FilingError::NoSentFolder => f.write_str(crate::i18n::t().no_sent_folder),
            FilingError::Failed(e) => write!(f, "{e}"),
        }
    }
}

/// Creates the folder for `role` unless the server has one already, and returns its name for
/// display. It goes where the person's own folders are: under the personal namespace's prefix
/// (`INBOX.` on Courier and Cyrus, RFC 2342 section 5), else at the top level. Where the server
/// offers CREATE-SPECIAL-USE the folder is marked with its role (RFC 6154 section 3); elsewhere
/// it is found by its name.
pub async fn create_folder(
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    role: SpecialUse,
) -> Result<String, MailError> {
    in_session(account, password, log, 0, async move |session| {
        if let Some((_, name)) = find_folder(session, role).await? {
            return Ok(name);
        }
        let mailbox = create_role_folder(session, role).await?;
        Ok(mailbox.display(session.client().utf8_enabled()))
    })
    .await
}

/// Creates the folder for `role` on `session`, named [`role_name`], where the person's own
/// folders are ([`top_level`]), marked with its role where the server offers CREATE-SPECIAL-USE
/// (RFC 6154 section 3), and subscribes to it.
pub(crate) async fn create_role_folder(
    session: &mut ImapSession,
    role: SpecialUse,
) -> Result<MailboxName, MailError> {
    let leaf = role_name(role);
    let mailbox = top_level(session, leaf).await?;
    let create = if session.client().capabilities().create_special_use() {
        Command::CreateSpecialUse { mailbox: mailbox.clone(), role }
    } else {
        Command::Create { mailbox: mailbox.clone() }
    };
    if let Err(e) = session.run(create).await {
        // Refused, yet the folder is there after all (RFC 5530 `ALREADYEXISTS`, or a server's own
        // words for it, so the list is asked rather than the code): another report made it a
        // moment before, or another client did. Then it is the one to file into.
        if session.is_usable()
            && let Some((mailbox, _)) = find_folder(session, role).await?
        {
            return Ok(mailbox);
        }
        return Err(MailError::new((crate::i18n::t().engine.err_folder_not_created)(leaf, &e.with_reply())));
    }
    // Shown by other mail clients too (RFC 3501 section 6.3.6); a refusal changes nothing here.
    let _ = session.run(Command::Subscribe { mailbox: mailbox.clone() }).await;
    Ok(mailbox)
}

/// A new folder `leaf` (typed text) where the person's own folders are: under the personal
/// namespace's prefix (`INBOX.` on Courier and Cyrus, RFC 2342 section 5), else at the top level.
pub(crate) async fn top_level(session: &mut ImapSession, leaf: &str) -> Result<MailboxName, MailError> {
    let mailbox = MailboxName::encode(leaf, session.client().utf8_enabled());
    if session.client().capabilities().namespace()
        && let Data::Namespaces(namespaces) = session.run(Command::Namespace).await?
        && let Some(personal) = namespaces.personal.first()
        && !personal.prefix.as_wire().is_empty()
    {
        return Ok(MailboxName::from_wire(format!("{}{}", personal.prefix.as_wire(), mailbox.as_wire())));
    }
    Ok(mailbox)
}

/// UIDs in `mailbox` whose Message-ID header contains `message_id`.
async fn find(
    session: &mut ImapSession,
    mailbox: &MailboxName,
    message_id: &str,
) -> Result<Vec<u32>, MailError> {
    session.run(Command::Select { mailbox: mailbox.clone(), qresync: None }).await?;
    match session
        .run(Command::Search { criteria: vec![SearchKey::Header("Message-ID".into(), message_id.into())] })
        .await?
    {
        Data::Searched(result) => Ok(result.uids),
        _ => Ok(Vec::new()),
    }
}

/// How many messages of each of `folders` match `criteria` (EXAMINE, which changes no flag, then
/// UID SEARCH), for a search that looks beyond the open folder; folders without a hit, and those
/// the server will not open or search, are left out. On the account's second connection
/// (filing/kept.rs), not the view's lent one: with many folders this takes many round trips,
/// and the view's own requests (a message opened meanwhile) must not wait behind them.
pub async fn search_folders(
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    folders: Vec<MailboxName>,
    criteria: Vec<SearchKey>,
) -> Result<Vec<(MailboxName, usize)>, MailError> {
    kept::with_session(account, password, log, async move |session| {
        let mut found = Vec::new();
        for mailbox in &folders {
            let searched =
                match session.run(Command::Examine { mailbox: mailbox.clone(), qresync: None }).await {
                    Ok(_) => session.run(Command::Search { criteria: criteria.clone() }).await,
                    Err(e) => Err(e),
                };
            match searched {
                Ok(Data::Searched(result)) if !result.uids.is_empty() => {
                    found.push((mailbox.clone(), result.uids.len()))
                }
                Ok(_) => {}
                // The connection went: the rest cannot be searched either.
                Err(e) if !session.is_usable() => return Err(e),
                Err(_) => {}
            }
        }
        Ok(found)
    })
    .await
}

/// Deletes messages of the selected folder for good: `\Deleted`, then UID EXPUNGE (RFC 4315) of
/// those UIDs only.
pub(crate) async fn delete_uids(session: &mut ImapSession, uids: &[u32]) -> Result<(), MailError> {
    if uids.is_empty() {
        return Ok(());
    }
    let set = SequenceSet::from_ids(uids);
    session
        .run(Command::Store {
            uids: set.clone(),
            action: StoreAction::Add,
            flags: vec![Flag::Deleted],
            unchanged_since: None,
        })
        .await?;
    session.run(Command::UidExpunge { uids: set }).await?;
    Ok(())
}

/// Messages up to this size are filed on the mail view's connection. An APPEND holds a
/// connection for as long as its literal takes to upload (RFC 3501 section 4.3: nothing else can
/// be sent in between), so a larger one (a draft with attachments, saved again every few seconds
/// of typing) goes over the filing session beside it and the view's requests do not wait.
pub const LEND_UP_TO: usize = 1024 * 1024;

/// Does `work`, which uploads `size` bytes, on the account's mail connection, lent by the mail
/// view that owns it (frontend/src/session/lender.rs), so filing opens no connection of its own;
/// where the account has no view (its mail never opened in this page) or the upload is larger
/// than [`LEND_UP_TO`], in the session kept for filing ([`kept::with_session`]): one connection
/// for all such filing, rather than a login for every draft saved while typing. `work` may run
/// twice, once more after the transport broke, so it must be safe to repeat.
async fn in_session<T: 'static, E: From<MailError> + 'static>(
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    size: usize,
    work: impl AsyncFnMut(&mut ImapSession) -> Result<T, E> + 'static,
) -> Result<T, E> {
    match crate::session::lender::for_account(account, password).filter(|_| size <= LEND_UP_TO) {
        Some(lender) => crate::session::lender::run(lender, work).await,
        None => kept::with_session(account, password, log, work).await,
    }
}

/// Appends the sent message to Sent with `\Seen`, unless a copy with its Message-ID is already
/// there (a retry after a lost answer must not file it twice), and returns the Sent folder's
/// name for display.
pub async fn file_sent(
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    message_id: &str,
    data: Vec<u8>,
) -> Result<String, FilingError> {
    let message_id = message_id.to_owned();
    in_session(account, password, log, data.len(), async move |session| {
        let Some((sent, name)) = find_folder(session, SpecialUse::Sent).await? else {
            return Err(FilingError::NoSentFolder);
        };
        if find(session, &sent, &message_id).await?.is_empty() {
            session
                .run(Command::Append {
                    mailbox: sent,
                    flags: vec![Flag::Seen],
                    internal_date: None,
                    message: data.clone(),
                })
                .await?;
        }
        // The draft of a sent message is done with. An account without a Drafts folder has no
        // draft to remove, and the copy is filed all the same.
        if let Some((drafts, _)) = find_folder(session, SpecialUse::Drafts).await? {
            let old = find(session, &drafts, &message_id).await?;
            delete_uids(session, &old).await?;
        }
        Ok(name)
    })
    .await
}

/// Marks the message a sent reply answered `\Answered`, or one a sent forward passed on
/// `$Forwarded` (outbox/item.rs `Origin`): found by its Message-ID in the folder it was read in,
/// else the inbox. A message no longer there (moved, deleted) is left alone; a folder that keeps
/// no new keywords is not asked to (RFC 3501 section 7.1, PERMANENTFLAGS).
pub async fn mark_origin(
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    origin: &crate::outbox::Origin,
) -> Result<(), MailError> {
    let origin = origin.clone();
    in_session(account, password, log, 0, async move |session| {
        let flag = if origin.forwarded { Flag::Keyword("$Forwarded".into()) } else { Flag::Answered };
        let folders = origin
            .folder
            .iter()
            .cloned()
            .chain((!origin.folder.as_ref().is_some_and(MailboxName::is_inbox)).then(MailboxName::inbox));
        for folder in folders.collect::<Vec<_>>() {
            let uids = match find(session, &folder, &origin.message_id).await {
                Ok(uids) => uids,
                // A folder gone meanwhile: look in the next.
                Err(_) => continue,
            };
            if uids.is_empty() {
                continue;
            }
            let keeps_forwarded = session.client().mailbox().is_some_and(|m| m.keeps_keyword("$Forwarded"));
            if origin.forwarded && !keeps_forwarded {
                return Ok(());
            }
            session
                .run(Command::Store {
                    uids: SequenceSet::from_ids(&uids),
                    action: StoreAction::Add,
                    flags: vec![flag],
                    unchanged_since: None,
                })
                .await?;
            return Ok(());
        }
        Ok(())
    })
    .await
}

/// Whether the Sent folder holds a message with this Message-ID: what decides, after a connection
/// broke during DATA, whether sending again would deliver it twice.
pub async fn in_sent(
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    message_id: &str,
) -> Result<bool, MailError> {
    let message_id = message_id.to_owned();
    in_session(account, password, log, 0, async move |session| {
        let sent = folder(session, SpecialUse::Sent).await?;
        Ok(!find(session, &sent, &message_id).await?.is_empty())
    })
    .await
}

/// Appends `data` to `drafts` as a draft (`\Draft \Seen`); its UID where the server says
/// (UIDPLUS, RFC 4315).
async fn append_draft(
    session: &mut ImapSession,
    drafts: MailboxName,
    data: Vec<u8>,
) -> Result<Option<u32>, MailError> {
    let appended = session
        .run(Command::Append {
            mailbox: drafts,
            flags: vec![Flag::Draft, Flag::Seen],
            internal_date: None,
            message: data,
        })
        .await?;
    Ok(match appended {
        Data::Appended(Some(uid)) => Some(uid.uid),
        _ => None,
    })
}

/// Stores a new version of a draft in Drafts (`\Draft \Seen`) and then removes the older versions
/// (same Message-ID): append first, so a failure in between leaves two copies, never none.
pub async fn save_draft(
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    message_id: &str,
    data: Vec<u8>,
) -> Result<(), MailError> {
    let message_id = message_id.to_owned();
    in_session(account, password, log, data.len(), async move |session| {
        let drafts = folder(session, SpecialUse::Drafts).await?;
        let before = find(session, &drafts, &message_id).await?;
        let new_uid = append_draft(session, drafts, data.clone()).await?;
        let old: Vec<u32> = before.into_iter().filter(|u| Some(*u) != new_uid).collect();
        delete_uids(session, &old).await
    })
    .await
}

/// Stores a draft that had no Message-ID under the one it now has, in place of its old copy
/// `(uidvalidity, uid)` in Drafts: append first, then remove the old copy, only while the folder's
/// UIDVALIDITY is still the one its UID was read under (RFC 3501 section 2.3.1.1).
pub async fn adopt_draft(
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    (uidvalidity, uid): (u32, u32),
    message_id: &str,
    data: Vec<u8>,
) -> Result<(), MailError> {
    let message_id = message_id.to_owned();
    in_session(account, password, log, data.len(), async move |session| {
        let drafts = folder(session, SpecialUse::Drafts).await?;
        // Selects Drafts; a copy under the new Message-ID is there already where this ran before.
        let before = find(session, &drafts, &message_id).await?;
        let same_folder = session.client().mailbox().and_then(|m| m.uidvalidity) == Some(uidvalidity);
        if before.is_empty() {
            append_draft(session, drafts, data.clone()).await?;
        }
        if same_folder { delete_uids(session, &[uid]).await } else { Ok(()) }
    })
    .await
}

/// Removes every stored version of a draft (after it was sent or discarded).
pub async fn discard_draft(
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    message_id: &str,
) -> Result<(), MailError> {
    let message_id = message_id.to_owned();
    in_session(account, password, log, 0, async move |session| {
        // Without a Drafts folder there is no stored version to remove.
        let Some((drafts, _)) = find_folder(session, SpecialUse::Drafts).await? else { return Ok(()) };
        let old = find(session, &drafts, &message_id).await?;
        delete_uids(session, &old).await
    })
    .await
}
