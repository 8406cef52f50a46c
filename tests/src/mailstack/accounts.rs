//! The test accounts (alice, bob, carol, dave), and what a test changes about them on the servers:
//! a password (Dovecot's passwd-file), or how Postfix answers RCPT for an address.

use std::fmt;

use super::{DOMAIN, MailStack, MailStackError, config, process};

/// A test account: a login name, its password and its mail address.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    /// The login name for IMAP, POP3 and SMTP AUTH (`alice`; `alice@posthorn.test` works too).
    pub user: String,
    /// The password, accepted by PLAIN, LOGIN, CRAM-MD5 and SCRAM.
    pub password: String,
    /// The mail address (`alice@posthorn.test`).
    pub address: String,
}

impl fmt::Debug for Account {
    // Test passwords are throwaway, but printing secrets is a habit the project does not have.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Account")
            .field("user", &self.user)
            .field("password", &"<redacted>")
            .field("address", &self.address)
            .finish()
    }
}

pub(super) fn test_accounts() -> Vec<Account> {
    // Distinct passwords so a test cannot pass by logging in as the wrong account. dave's password
    // holds a space, a double quote and a backslash, which IMAP must send quoted-escaped or as a
    // literal: the product's quoting gets a real check against a real server.
    [
        ("alice", "alice-pw-7Kq2"),
        ("bob", "bob-pw-M4x9"),
        ("carol", "carol-pw-Z8r1"),
        ("dave", r#"dave pw "q" \b"#),
    ]
    .into_iter()
    .map(|(user, password)| Account {
        user: user.into(),
        password: password.into(),
        address: format!("{user}@{DOMAIN}"),
    })
    .collect()
}

impl MailStack {
    /// Changes an account's password on the server, as a provider's web page would: Dovecot reads
    /// its passwd-file again when it changes, and SMTP AUTH goes through Dovecot too. Returns once
    /// the old password is refused.
    pub fn change_password(&self, account: &Account, password: &str) -> Result<(), MailStackError> {
        let accounts: Vec<Account> = self
            .accounts
            .iter()
            .map(|a| {
                if a.user == account.user {
                    Account { password: password.to_owned(), ..a.clone() }
                } else {
                    a.clone()
                }
            })
            .collect();
        self.rewrite_passwd(&config::passwd_file(&accounts, None))
    }

    /// Gives `account` a storage quota of `kib` KiB, as a provider's plan would (Dovecot's quota
    /// plugin; IMAP sessions opened from then on see it; the other accounts stay unlimited, and a
    /// later [`MailStack::change_password`] lifts it). Returns once Dovecot reads the file again.
    pub fn set_quota(&self, account: &Account, kib: u64) -> Result<(), MailStackError> {
        self.rewrite_passwd(&config::passwd_file(&self.accounts, Some((&account.user, kib))))
    }

    /// Puts `file` in place of Dovecot's passwd-file, readable by its auth process, and returns
    /// once Dovecot will read it: it looks at the file's mtime at most once a second
    /// (db-passwd-file.c), so a sign-in in the same second as the write could still see the old one.
    fn rewrite_passwd(&self, file: &str) -> Result<(), MailStackError> {
        process::write_file(&self.layout.passwd(), file.as_bytes(), 0o640)?;
        process::give_to_group(&self.layout.passwd(), "dovecot")?;
        std::thread::sleep(std::time::Duration::from_millis(1100));
        Ok(())
    }

    /// Makes Postfix answer `RCPT TO:<address>` with `reply` (a 4yz such as
    /// `451 4.7.1 Greylisted, try again later`), or, with `None`, accept it again. Rewrites the
    /// access map and reloads Postfix (SIGHUP to its master, as `postfix reload` does); sessions
    /// opened from then on see the change.
    pub fn defer_recipient(&self, address: &str, reply: Option<&str>) -> Result<(), MailStackError> {
        match reply {
            Some(reply) => self.recipient_replies(&[(address, reply)]),
            None => self.recipient_replies(&[]),
        }
    }

    /// As [`MailStack::defer_recipient`] for several addresses at once, each with its own reply;
    /// every address not listed is accepted again.
    pub fn recipient_replies(&self, replies: &[(&str, &str)]) -> Result<(), MailStackError> {
        let map: String = replies.iter().map(|(address, reply)| format!("{address} {reply}\n")).collect();
        process::write_file(&self.layout.deferred_recipients(), map.as_bytes(), 0o644)?;
        process::reload_postfix(&self.layout);
        Ok(())
    }

    /// Makes Postfix drop an SMTP client that sends nothing for `seconds` (`smtpd_timeout`: it
    /// answers "421 4.4.2 … Error: timeout exceeded" and closes). RFC 5321 section 4.5.3.2.7 asks
    /// servers to wait five minutes; a short wait stands for a server that dropped an idle
    /// session. Rewrites main.cf and reloads Postfix; sessions opened from then on see it.
    pub fn smtp_idle_timeout(&self, seconds: u32) -> Result<(), MailStackError> {
        let main_cf =
            format!("{}\nsmtpd_timeout = {seconds}s\n", config::postfix_main_cf(&self.layout, &self.ports));
        process::write_file(&self.layout.postfix_conf().join("main.cf"), main_cf.as_bytes(), 0o644)?;
        process::reload_postfix(&self.layout);
        Ok(())
    }
}
