//! Mail in the stack's mailboxes, as another client sees it: seeding (APPEND, or straight into the
//! Maildir), fetching, listing, creating and deleting mailboxes, flags, EXPUNGE, and waiting for a
//! delivery. Each helper opens its own IMAPS session and logs out after.

use std::time::{Duration, Instant};

use super::imap::{FetchedMessage, ImapClient, ImapError, ListedMailbox};
use super::{Account, HOST, MailStack, MailStackError, imap, process};

impl MailStack {
    /// An IMAPS session logged in as `account`, for checks the helpers below do not cover.
    pub fn imap_session(&self, account: &Account) -> Result<ImapClient, MailStackError> {
        ImapClient::connect_tls(HOST, self.ports.imaps, self.tls.clone())
            .and_then(|mut client| client.login(&account.user, &account.password).map(|()| client))
            .map_err(|source| self.imap_error(account, "login", source))
    }

    fn imap_run<T>(
        &self,
        account: &Account,
        action: &str,
        work: impl FnOnce(&mut ImapClient) -> Result<T, ImapError>,
    ) -> Result<T, MailStackError> {
        let mut client = ImapClient::connect_tls(HOST, self.ports.imaps, self.tls.clone())
            .map_err(|source| self.imap_error(account, action, source))?;
        let value = client
            .login(&account.user, &account.password)
            .and_then(|()| work(&mut client))
            .map_err(|source| self.imap_error(account, action, source))?;
        // The work is done; a failed LOGOUT would not make its result wrong.
        let _ = client.logout();
        Ok(value)
    }

    fn imap_error(&self, account: &Account, action: &str, source: ImapError) -> MailStackError {
        MailStackError::Imap {
            action: action.into(),
            user: account.user.clone(),
            source: Box::new(source),
            logs: self.logs(),
        }
    }

    /// Writes `count` messages straight into `mailbox`'s Maildir, much faster than APPEND for large
    /// folders; Dovecot indexes them on the first SELECT. `message(i)` for i in 1..=count gives the
    /// raw message and its Maildir flags (`"S"` for \Seen, `"FS"` for \Flagged and \Seen, `""`).
    pub fn seed_maildir(
        &self,
        account: &Account,
        mailbox: &str,
        count: u32,
        message: impl Fn(u32) -> (Vec<u8>, &'static str),
    ) -> Result<(), MailStackError> {
        let owner = process::ensure_mail_user()?;
        let maildir = self.dir().join("home").join(&account.user).join("Maildir");
        let dir = if mailbox.eq_ignore_ascii_case("INBOX") {
            maildir.clone()
        } else {
            maildir.join(format!(".{mailbox}"))
        };
        for sub in [&maildir, &dir, &dir.join("cur"), &dir.join("new"), &dir.join("tmp")] {
            process::make_dir(sub, Some(owner), 0o700)?;
        }
        for i in 1..=count {
            let (body, flags) = message(i);
            // Maildir names: unique, with the size and the flags in the "info" part.
            let name = format!("{}.M{i}P1.seed,S={}:2,{flags}", 1_750_000_000 + u64::from(i), body.len());
            let path = dir.join("cur").join(name);
            process::write_file(&path, &body, 0o600)?;
            std::os::unix::fs::chown(&path, Some(owner.0), Some(owner.1))
                .map_err(MailStackError::setup(format!("chown {}", path.display())))?;
        }
        Ok(())
    }

    /// Appends `messages` (raw RFC 5322 bytes, CRLF line ends) to `mailbox` with IMAP APPEND and
    /// returns their UIDs in order.
    pub fn seed<M: AsRef<[u8]>>(
        &self,
        account: &Account,
        mailbox: &str,
        messages: &[M],
    ) -> Result<Vec<u32>, MailStackError> {
        self.imap_run(account, &format!("APPEND to {mailbox}"), |client| {
            messages.iter().map(|message| client.append(mailbox, message.as_ref())).collect()
        })
    }

    /// Every message in `mailbox`, oldest UID first, fetched with `BODY.PEEK[]` (flags untouched).
    pub fn fetch_all(&self, account: &Account, mailbox: &str) -> Result<Vec<FetchedMessage>, MailStackError> {
        self.imap_run(account, &format!("FETCH from {mailbox}"), |client| fetch_mailbox(client, mailbox))
    }

    /// Every mailbox of `account` (`LIST "" "*"`), with attributes such as `\Sent`.
    pub fn mailboxes(&self, account: &Account) -> Result<Vec<ListedMailbox>, MailStackError> {
        self.imap_run(account, "LIST", ImapClient::list)
    }

    /// Creates `mailbox` for `account`.
    pub fn create_mailbox(&self, account: &Account, mailbox: &str) -> Result<(), MailStackError> {
        self.imap_run(account, &format!("CREATE {mailbox}"), |client| client.create(mailbox))
    }

    /// Deletes `mailbox` of `account`.
    pub fn delete_mailbox(&self, account: &Account, mailbox: &str) -> Result<(), MailStackError> {
        self.imap_run(account, &format!("DELETE {mailbox}"), |client| client.delete(mailbox))
    }

    /// Replaces the flags of message `uid` in `mailbox` with `flags` (e.g. `["\\Seen", "$Label1"]`).
    pub fn set_flags(
        &self,
        account: &Account,
        mailbox: &str,
        uid: u32,
        flags: &[&str],
    ) -> Result<(), MailStackError> {
        self.imap_run(account, &format!("STORE in {mailbox}"), |client| {
            client.select(mailbox)?;
            client.store_flags(uid, flags)
        })
    }

    /// Expunges one message (UID STORE \Deleted, then UID EXPUNGE), as another client would.
    pub fn expunge(&self, account: &Account, mailbox: &str, uid: u32) -> Result<(), MailStackError> {
        self.imap_run(account, &format!("EXPUNGE in {mailbox}"), |client| {
            client.select(mailbox)?;
            client.store_flags(uid, &["\\Deleted"])?;
            client.command("UID EXPUNGE", &[imap::Part::Text(&format!("UID EXPUNGE {uid}"))])?;
            Ok(())
        })
    }

    /// Polls `mailbox` until a message satisfies `predicate`, for delivery checks. A mailbox that
    /// does not exist yet counts as empty.
    ///
    /// On timeout the error lists what the mailbox held and carries the Postfix log, which says
    /// where a delivery went.
    pub fn wait_for_message(
        &self,
        account: &Account,
        mailbox: &str,
        predicate: impl Fn(&FetchedMessage) -> bool,
        timeout: Duration,
    ) -> Result<FetchedMessage, MailStackError> {
        let began = Instant::now();
        let action = format!("wait for a message in {mailbox}");
        loop {
            let messages =
                self.imap_run(account, &action, |client| match fetch_mailbox(client, mailbox) {
                    // SELECT of a missing mailbox is a NO; delivery may create it later.
                    Err(ImapError::Rejected { command, .. }) if command == "SELECT" => Ok(Vec::new()),
                    other => other,
                })?;
            let seen = messages.len();
            if let Some(found) = messages.into_iter().find(|message| predicate(message)) {
                return Ok(found);
            }
            if began.elapsed() >= timeout {
                return Err(MailStackError::Timeout {
                    what: format!(
                        "a matching message in {mailbox} of {} ({seen} messages there, none matched)",
                        account.user
                    ),
                    seconds: began.elapsed().as_secs_f64(),
                    logs: self.logs(),
                });
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn fetch_mailbox(client: &mut ImapClient, mailbox: &str) -> Result<Vec<FetchedMessage>, ImapError> {
    // UID FETCH 1:* on an empty mailbox is answered differently by different servers; skip it.
    if client.select(mailbox)? == 0 {
        return Ok(Vec::new());
    }
    client.fetch_all()
}
