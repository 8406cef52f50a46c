//! A POP3 account's inbox as the views use it: the kept index, the messages listed but not yet
//! downloaded, the open message, the status line and the last error. The App owns one per
//! account for the life of the page (as it does each IMAP account's `MailState`), so the
//! account's own view and "All inboxes" (`frontend/src/all_inboxes.rs`) show the same inbox.

use super::*;

/// The POP3 inbox of one account.
#[derive(Clone, Copy)]
pub struct Pop3State {
    /// The account.
    pub account: StoredValue<AccountSettings>,
    /// What is kept in the browser.
    pub(super) index: RwSignal<Pop3Index>,
    /// Listed by the server but not yet downloaded (shown, opened with a RETR of their own).
    pub(super) pending: RwSignal<Vec<Kept>>,
    /// The open message: its local id, the message read for display and its raw bytes.
    pub open: RwSignal<Option<(u32, ReadableMessage, Vec<u8>)>>,
    /// What the inbox is doing (empty when idle).
    pub status: RwSignal<String>,
    /// The last error, until dismissed.
    pub error: RwSignal<Option<MailError>>,
    /// A sync is under way.
    pub syncing: RwSignal<bool>,
    /// How the list is ordered, kept for the account's inbox (frontend/src/kept_order.rs).
    pub sort: RwSignal<SortOrder>,
    /// The kept index has been read from the store.
    loaded: RwSignal<bool>,
    accounts: Accounts,
    log: ProtocolLog,
}

impl Pop3State {
    /// The inbox of `account`, empty until [`Pop3State::start`] reads the store.
    pub fn new(account: AccountSettings, accounts: Accounts, log: ProtocolLog) -> Self {
        let sort = crate::kept_order::signal(account.email.clone(), FOLDER.into());
        Self {
            sort,
            account: StoredValue::new(account),
            index: RwSignal::new(Pop3Index::default()),
            pending: RwSignal::new(Vec::new()),
            open: RwSignal::new(None),
            status: RwSignal::new(t().loading_inbox.to_string()),
            error: RwSignal::new(None),
            syncing: RwSignal::new(false),
            loaded: RwSignal::new(false),
            accounts,
            log,
        }
    }

    fn email(&self) -> String {
        self.account.with_value(|a| a.email.clone())
    }

    /// Shows what is kept, from the store (once per page), then asks the server what is new.
    pub fn start(&self) {
        let this = *self;
        spawn_local(async move {
            if !this.loaded.get_untracked() {
                match store::get_json::<Pop3Index>(Key::Pop3(&this.email())).await {
                    Ok(Some(kept)) => this.index.set(kept),
                    Ok(None) => {}
                    Err(e) => this.error.set(Some(store_error(e))),
                }
                this.loaded.set(true);
            }
            this.check();
        });
    }

    /// One sync with the maildrop, unless one runs or the password is not known this session.
    pub fn check(&self) {
        let Some(password) = self.accounts.password(&self.email()) else {
            self.status.set(String::new());
            return;
        };
        if self.syncing.get_untracked() {
            return;
        }
        self.syncing.set(true);
        let this = *self;
        spawn_local(async move {
            this.status.set(t().checking_mail.into());
            let account = this.account.get_value();
            let result =
                sync(this.accounts, &account, &password, this.log, this.index, this.pending, this.status)
                    .await;
            this.pending.set(Vec::new());
            this.status.set(String::new());
            if let Err(e) = result {
                this.error.set(Some(e));
            }
            this.syncing.set(false);
        });
    }

    /// Every message, kept or listed, in the chosen order (by Date, newest first, unless another
    /// was chosen; ties newest download first), as a folder's list is ordered
    /// (mail_state/order.rs). Tracks both lists and the order.
    pub(super) fn messages(&self) -> Vec<Kept> {
        let mut all = self.index.with(|i| i.messages.clone());
        let kept: HashSet<String> = all.iter().map(|r| r.uidl.clone()).collect();
        self.pending.with(|p| all.extend(p.iter().filter(|k| !kept.contains(&k.uidl)).cloned()));
        // Local ids grow with each download, as UIDs do: oldest first, as the order expects them.
        posthorn_proto::stable_sort::sort_by_key(&mut all, |r| r.id);
        let ids: Vec<u32> = all.iter().map(|k| k.id).collect();
        let rows: HashMap<u32, crate::mail_state::Row> = all.iter().map(|k| (k.id, list_row(k))).collect();
        let mut by_id: HashMap<u32, Kept> = all.into_iter().map(|k| (k.id, k)).collect();
        crate::mail_state::arrange(self.sort.get(), false, &ids, &rows, None)
            .into_iter()
            .filter_map(|id| by_id.remove(&id))
            .collect()
    }

    /// Orders the list by `order` and keeps the choice.
    pub fn set_sort(&self, order: SortOrder) {
        crate::kept_order::choose(self.sort, self.email(), FOLDER.into(), order);
    }

    /// The messages as list rows keyed by local id, for lists that show IMAP rows beside them
    /// ("All inboxes"): the ids, oldest first as UIDs are, and the rows. POP3 keeps no flags
    /// (RFC 1939), so every row reads as seen and unflagged.
    pub fn rows(&self) -> (Vec<u32>, HashMap<u32, crate::mail_state::Row>) {
        let messages = self.messages();
        let ids = messages.iter().rev().map(|k| k.id).collect();
        (ids, messages.iter().map(|k| (k.id, list_row(k))).collect())
    }

    /// Opens the message with local id `id`: from the store, else downloaded again while the
    /// server still has it.
    pub fn open_message(&self, id: u32) {
        let Some(kept) = self.find(id) else { return };
        let this = *self;
        spawn_local(async move {
            let account = this.account.get_value();
            let raw = match store::body(&account.email, FOLDER, 0, kept.id).await {
                Ok(Some(raw)) => raw,
                _ if kept.on_server => {
                    let Some(password) = this.accounts.password(&account.email) else { return };
                    this.status.set(t().downloading.into());
                    let fetched = download(this.accounts, &account, &password, this.log, &kept).await;
                    this.status.set(String::new());
                    match fetched {
                        Ok(raw) => raw,
                        Err(e) => {
                            this.error.set(Some(e));
                            return;
                        }
                    }
                }
                _ => {
                    this.error.set(Some(MailError::new(t().pop3_gone_everywhere)));
                    return;
                }
            };
            let message = read(&raw).unwrap_or_default();
            this.open.set(Some((kept.id, message, raw)));
        });
    }

    /// The message with local id `id`, kept or listed, found where it is rather than in the
    /// sorted copy of both lists [`Pop3State::messages`] makes. Tracks both lists.
    fn find(&self, id: u32) -> Option<Kept> {
        let kept = self.index.with(|i| i.messages.iter().find(|k| k.id == id).cloned());
        kept.or_else(|| self.pending.with(|p| p.iter().find(|k| k.id == id).cloned()))
    }

    /// The list row of the message with local id `id`, if there is one.
    pub fn row(&self, id: u32) -> Option<crate::mail_state::Row> {
        self.find(id).as_ref().map(list_row)
    }
}

/// A kept message as an IMAP list row is shown.
pub(super) fn list_row(kept: &Kept) -> crate::mail_state::Row {
    crate::mail_state::Row {
        uid: kept.id,
        from: kept.from.clone(),
        subject: kept.subject.clone(),
        date: kept.date.clone(),
        timestamp: kept.timestamp,
        size: u32::try_from(kept.size).unwrap_or(u32::MAX),
        seen: true,
        preview: kept.preview.clone(),
        priority: kept.priority,
        ..Default::default()
    }
}
