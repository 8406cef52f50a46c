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

/// The folder with a role, from a fresh LIST.
async fn folder(session: &mut ImapSession, role: SpecialUse) -> Result<MailboxName, MailError> {
    match session.run(Command::List { reference: String::new(), pattern: "*".into() }).await? {
        Data::List(list) => list.special_use(role).map(|m| m.mailbox.clone()).ok_or_else(|| {
            MailError::new(format!(
                "The server has no {role:?} folder, so Posthorn could not file the message there."
            ))
        }),
        _ => Err(MailError::new("The server's folder list could not be read.")),
    }
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

async fn delete_uids(session: &mut ImapSession, uids: &[u32]) -> Result<(), MailError> {
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

/// Opens a session, does `work` in it and logs out, whatever the work's outcome.
async fn in_session<T>(
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    work: impl AsyncFnOnce(&mut ImapSession) -> Result<T, MailError>,
) -> Result<T, MailError> {
    let mut session = ImapSession::open(account, password, log).await?;
    let result = work(&mut session).await;
    session.logout().await;
    result
}

/// Appends the sent message to Sent with `\Seen`, unless a copy with its Message-ID is already
/// there (a retry after a lost answer must not file it twice).
pub async fn file_sent(
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    message_id: &str,
    data: Vec<u8>,
) -> Result<(), MailError> {
    in_session(account, password, log, async |session| {
        let sent = folder(session, SpecialUse::Sent).await?;
        if find(session, &sent, message_id).await?.is_empty() {
            session
                .run(Command::Append {
                    mailbox: sent,
                    flags: vec![Flag::Seen],
                    internal_date: None,
                    message: data,
                })
                .await?;
        }
        // The draft of a sent message is done with.
        let drafts = folder(session, SpecialUse::Drafts).await?;
        let old = find(session, &drafts, message_id).await?;
        delete_uids(session, &old).await
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
    in_session(account, password, log, async |session| {
        let sent = folder(session, SpecialUse::Sent).await?;
        Ok(!find(session, &sent, message_id).await?.is_empty())
    })
    .await
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
    in_session(account, password, log, async |session| {
        let drafts = folder(session, SpecialUse::Drafts).await?;
        let before = find(session, &drafts, message_id).await?;
        let appended = session
            .run(Command::Append {
                mailbox: drafts,
                flags: vec![Flag::Draft, Flag::Seen],
                internal_date: None,
                message: data,
            })
            .await?;
        let new_uid = match appended {
            Data::Appended(Some(uid)) => Some(uid.uid),
            _ => None,
        };
        let old: Vec<u32> = before.into_iter().filter(|u| Some(*u) != new_uid).collect();
        delete_uids(session, &old).await
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
    in_session(account, password, log, async |session| {
        let drafts = folder(session, SpecialUse::Drafts).await?;
        let old = find(session, &drafts, message_id).await?;
        delete_uids(session, &old).await
    })
    .await
}
