//! Sign-in, the sync with the maildrop (UIDL, LIST, TOP, RETR, DELE) and the kept index's
//! writes to the store.

use super::*;

pub(super) fn store_error(e: store::StoreError) -> MailError {
    MailError::new(e.0)
}

pub(super) fn sender(message: &ReadableMessage) -> String {
    message.from.first().map(Mailbox::short).unwrap_or_default()
}

pub(super) async fn save(email: &str, index: RwSignal<Pop3Index>) -> Result<(), MailError> {
    store::put_json(Key::Pop3(email), &index.get_untracked()).await.map_err(store_error)
}

/// Whether the body of a kept message is in the store (read back, not assumed).
pub(super) async fn is_stored(email: &str, id: u32) -> bool {
    matches!(store::body(email, FOLDER, 0, id).await, Ok(Some(_)))
}

/// Signs in. A password the server refuses is taken back, so that the app asks for the current
/// one with the server's reason instead of trying the stale one again at every check.
pub(super) async fn sign_in(
    accounts: Accounts,
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
) -> Result<Pop3Session, MailError> {
    Pop3Session::connect(account, password, log).await.map_err(|f| {
        if f.login_refused {
            accounts.reject_password(&account.email, password, f.error.with_reply());
        }
        f.error
    })
}

/// One sync: download what is new, then delete from the server what is kept here and due.
pub(super) async fn sync(
    accounts: Accounts,
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    index: RwSignal<Pop3Index>,
    pending: RwSignal<Vec<Kept>>,
    status: RwSignal<String>,
) -> Result<(), MailError> {
    let email = account.email.as_str();
    let mut session = sign_in(accounts, account, password, log).await?;
    let listing = session.uidl().await?;
    let sizes: HashMap<u32, u64> = session.list().await?.into_iter().map(|e| (e.number, e.size)).collect();
    let numbers: HashMap<&str, u32> = listing.iter().map(|e| (e.uid.as_str(), e.number)).collect();
    // Messages deleted elsewhere stay here; they are only no longer on the server.
    index.update(|i| {
        for m in &mut i.messages {
            m.on_server = numbers.contains_key(m.uidl.as_str());
        }
    });
    let known: HashSet<String> =
        index.with_untracked(|i| i.messages.iter().map(|m| m.uidl.clone()).collect());
    let new: Vec<_> = listing.iter().filter(|e| !known.contains(&e.uid)).collect();
    // The newest (highest numbers) first; ids follow the server's order so the list stays sorted.
    let new = &new[new.len().saturating_sub(PER_SYNC)..];
    let first_id = index.with_untracked(|i| i.next_id);
    // Headers first (TOP n 0), so the whole list shows while the messages download.
    for (offset, entry) in new.iter().enumerate().rev() {
        let parsed = read(&session.header(entry.number).await?).unwrap_or_default();
        pending.update(|p| {
            p.push(Kept {
                uidl: entry.uid.clone(),
                id: first_id + offset as u32,
                size: sizes.get(&entry.number).copied().unwrap_or(0),
                from: sender(&parsed),
                subject: parsed.subject.clone(),
                date: parsed.date.clone().unwrap_or_default(),
                timestamp: parsed.timestamp,
                downloaded_at: 0.0,
                on_server: true,
                preview: None,
                priority: parsed.priority(),
            })
        });
    }
    for (offset, entry) in new.iter().enumerate().rev() {
        status.set((t().downloading_n_of)(new.len() - offset, new.len()));
        let raw = session.retrieve(entry.number).await?;
        let id = first_id + offset as u32;
        store::put_body(email, FOLDER, 0, id, &raw).await.map_err(store_error)?;
        let parsed = read(&raw).unwrap_or_default();
        let kept = Kept {
            uidl: entry.uid.clone(),
            id,
            size: sizes.get(&entry.number).copied().unwrap_or(raw.len() as u64),
            from: sender(&parsed),
            subject: parsed.subject.clone(),
            date: parsed.date.clone().unwrap_or_default(),
            timestamp: parsed.timestamp,
            downloaded_at: js_sys::Date::now(),
            on_server: true,
            preview: crate::mail_state::preview::snippet(&parsed),
            priority: parsed.priority(),
        };
        index.update(|i| {
            i.messages.push(kept);
            i.next_id = i.next_id.max(first_id + new.len() as u32);
        });
        pending.update(|p| p.retain(|k| k.id != id));
        save(email, index).await?;
    }

    let now = js_sys::Date::now();
    let due: Vec<Kept> = index.with_untracked(|i| {
        i.messages.iter().filter(|m| due_for_deletion(account.pop3_delete, m, now)).cloned().collect()
    });
    let mut deleted = Vec::new();
    for kept in due {
        let Some(&number) = numbers.get(kept.uidl.as_str()) else { continue };
        if is_stored(email, kept.id).await {
            status.set((t().deleting_n)(deleted.len() + 1));
            session.dele(number).await?;
            deleted.push(kept.uidl);
        }
    }
    let committed = session.quit().await;
    if committed && !deleted.is_empty() {
        index.update(|i| {
            for m in i.messages.iter_mut().filter(|m| deleted.contains(&m.uidl)) {
                m.on_server = false;
            }
        });
        save(email, index).await?;
    }
    Ok(())
}

/// Downloads one kept message again (its body left the store, the server still has it).
pub(super) async fn download(
    accounts: Accounts,
    account: &AccountSettings,
    password: &Secret,
    log: ProtocolLog,
    kept: &Kept,
) -> Result<Vec<u8>, MailError> {
    let mut session = sign_in(accounts, account, password, log).await?;
    // Numbers change between sessions: find the message by its UIDL again.
    let number = session
        .uidl()
        .await?
        .into_iter()
        .find(|e| e.uid == kept.uidl)
        .map(|e| e.number)
        .ok_or_else(|| MailError::new(t().pop3_gone_from_server))?;
    let raw = session.retrieve(number).await?;
    session.quit().await;
    store::put_body(&account.email, FOLDER, 0, kept.id, &raw).await.map_err(store_error)?;
    Ok(raw)
}
