//! Mail accounts: their settings (kept in the browser's storage, never with the password) and the
//! passwords of this browser session (kept in memory only, asked again after a reload), unless the
//! person chose to have a password remembered on this device, encrypted (see [`remembered`]).

pub mod compatibility;
pub mod remembered;

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos::task::spawn_local;
use posthorn_proto::compose::Address;
use posthorn_proto::sasl::Mechanism;
use posthorn_proto::secret::Secret;
use posthorn_proto::security::TlsMode;
use posthorn_proto::wire::Security;
use serde::{Deserialize, Serialize};

/// Which protocol reads mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IncomingProtocol {
    /// IMAP4rev1 (RFC 3501): folders on the server.
    Imap,
    /// POP3 (RFC 1939): one inbox, messages kept locally.
    Pop3,
}

/// How a connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConnectionSecurity {
    /// Implicit TLS from the first byte (993, 995, 465).
    Tls,
    /// Plain connect, then STARTTLS/STLS; never continues unencrypted.
    Starttls,
    /// No encryption at all: only on a trusted network, and passwords need explicit consent.
    None,
}

impl ConnectionSecurity {
    /// What the bridge opens first.
    pub fn wire(self) -> Security {
        match self {
            ConnectionSecurity::Tls => Security::Tls,
            ConnectionSecurity::Starttls | ConnectionSecurity::None => Security::Plain,
        }
    }

    /// What the engine enforces.
    pub fn tls_mode(self) -> TlsMode {
        match self {
            ConnectionSecurity::Tls => TlsMode::Implicit,
            ConnectionSecurity::Starttls => TlsMode::StartTls,
            ConnectionSecurity::None => TlsMode::Plain,
        }
    }

    /// From a select box value.
    pub fn parse(value: &str) -> Self {
        match value {
            "starttls" => ConnectionSecurity::Starttls,
            "none" => ConnectionSecurity::None,
            _ => ConnectionSecurity::Tls,
        }
    }
}

/// One server's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerSettings {
    /// Host name.
    pub host: String,
    /// Port.
    pub port: u16,
    /// TLS, STARTTLS or none.
    pub security: ConnectionSecurity,
    /// The login name (often the email address).
    pub username: String,
    /// The SASL mechanism to sign in with; `None` (the default) takes the strongest the server
    /// offers (see [`posthorn_proto::sasl::Policy`]).
    #[serde(default)]
    pub mechanism: Option<Mechanism>,
    /// The SHA-256 fingerprint of a certificate the person inspected and trusted for this host and
    /// port (one no authority the bridge trusts has signed, e.g. self-signed), sent in every
    /// `open` to this server; the bridge then accepts exactly that certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin_sha256: Option<String>,
}

/// An account as stored: everything but the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSettings {
    /// The email address; also the account's id.
    pub email: String,
    /// The name shown in From.
    #[serde(default)]
    pub display_name: String,
    /// IMAP or POP3.
    pub incoming_protocol: IncomingProtocol,
    /// The reading server.
    pub incoming: ServerSettings,
    /// The SMTP submission server.
    pub outgoing: ServerSettings,
    /// The submission server files a copy of sent mail in Sent itself (as Gmail does), so the app
    /// must not append another.
    #[serde(default)]
    pub server_files_sent: bool,
    /// POP3 only: when downloaded messages are deleted from the server (they stay in the browser).
    #[serde(default)]
    pub pop3_delete: Pop3Delete,
    /// The signature new messages, replies and forwards start with, under the separator `-- `
    /// (RFC 3676 section 4.3; `posthorn_proto::compose::add_signature`). Empty for none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
    /// Other addresses this account sends from (an alias, a role address delivered to the same
    /// mailbox), chosen in the composer's From; a reply goes out from the one the message was
    /// written to (`posthorn_proto::compose::identity_for`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identities: Vec<Identity>,
    /// The filter server (ManageSieve, RFC 5804) as `name:port`, where it is not the incoming
    /// server's name with port 4190 (session/sieve.rs `server_text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sieve_server: Option<String>,
    /// The out-of-office reply, where the filter server last said it was on (the Filters dialog
    /// records it whenever it reads or saves the script); the mail view's status line says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_of_office: Option<OutOfOffice>,
}

/// The days an out-of-office reply answers (RFC 5260 dates, `YYYY-MM-DD`); either end may be
/// open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutOfOffice {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

impl AccountSettings {
    /// Whether `other` is this account reaching the same servers the same way: what an open
    /// session and the state built on it depend on. The name, signature, other addresses and filter
    /// server are read afresh where they are used, so a change to them keeps the sessions.
    pub fn same_servers(&self, other: &AccountSettings) -> bool {
        self.email == other.email
            && self.incoming_protocol == other.incoming_protocol
            && self.incoming == other.incoming
            && self.outgoing == other.outgoing
            && self.server_files_sent == other.server_files_sent
            && self.pop3_delete == other.pop3_delete
    }
}

/// Another address an account sends from, with its own signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The name and address in From.
    #[serde(flatten)]
    pub address: Address,
    /// Its signature (kept as `AccountSettings::signature` is); empty: the account's.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
}

impl AccountSettings {
    /// The addresses this account sends from: its own first, then [`Self::identities`].
    pub fn addresses(&self) -> Vec<Address> {
        let own = Address::new(self.display_name.clone(), self.email.clone());
        std::iter::once(own).chain(self.identities.iter().map(|i| i.address.clone())).collect()
    }

    /// The signature of a message from `address`: its identity's, else the account's.
    pub fn signature_of(&self, address: &str) -> &str {
        self.identities
            .iter()
            .find(|i| i.address.same_mailbox(address) && !i.signature.is_empty())
            .map_or(&self.signature, |i| &i.signature)
    }
}

/// When a POP3 account deletes messages from the server. Only messages already kept in the
/// browser's store are ever deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pop3Delete {
    /// Leave everything on the server (the default).
    #[default]
    Never,
    /// Delete each message once it is downloaded and stored.
    AfterDownload,
    /// Delete messages downloaded this many days ago or earlier.
    AfterDays(u32),
}

/// Where earlier versions kept the accounts (localStorage). Accounts found there are moved into
/// the store when the app starts; tests and scripts may still put settings there.
const LEGACY_KEY: &str = "posthorn.accounts.v1";

/// Loads the stored accounts from the store, moving in any left in localStorage.
pub async fn load_accounts() -> Vec<AccountSettings> {
    let mut list: Vec<AccountSettings> =
        crate::store::get_json(crate::store::Key::Accounts).await.ok().flatten().unwrap_or_default();
    let legacy: Option<Vec<AccountSettings>> = crate::store::local_storage()
        .and_then(|s| s.get_item(LEGACY_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok());
    if let Some(legacy) = legacy {
        for account in legacy {
            match list.iter_mut().find(|a| a.email == account.email) {
                Some(existing) => *existing = account,
                None => list.push(account),
            }
        }
        if save_accounts(&list).await.is_ok()
            && let Some(s) = crate::store::local_storage()
        {
            let _ = s.remove_item(LEGACY_KEY);
        }
    }
    list
}

/// Saves the accounts; returns a sentence for the person if the browser refused.
pub async fn save_accounts(accounts: &[AccountSettings]) -> Result<(), String> {
    crate::store::put_json(crate::store::Key::Accounts, &accounts)
        .await
        .map_err(|e| format!("The account could not be stored: {e}"))
}

/// Saves in the background (the list in memory is already current); a refusal is logged.
fn save_in_background(list: Vec<AccountSettings>) {
    spawn_local(async move {
        if let Err(e) = save_accounts(&list).await {
            web_sys::console::warn_1(&e.into());
        }
    });
}

/// The app's account state, provided as a context.
#[derive(Clone, Copy)]
pub struct Accounts {
    /// Every configured account.
    pub list: RwSignal<Vec<AccountSettings>>,
    /// Passwords for this browser session, by email; memory only.
    passwords: StoredValue<HashMap<String, Secret>>,
    /// Bumped whenever a password is given, restored or forgotten; [`Accounts::password`] tracks it.
    passwords_changed: RwSignal<u64>,
    /// The accounts whose password is remembered on this device.
    pub remembered: RwSignal<HashSet<String>>,
    /// The remembered passwords are being decrypted (at start): the app waits with its first
    /// screen rather than ask for a password it is about to have.
    pub restoring: RwSignal<bool>,
    /// The account shown, by email.
    pub current: RwSignal<Option<String>>,
    /// Accounts whose password the server refused at sign-in, with the server's words: the
    /// password was taken back, and the password bar says why.
    pub rejected: RwSignal<HashMap<String, String>>,
}

impl Accounts {
    /// Loads the stored accounts, and the passwords remembered on this device, in the background:
    /// until then `restoring` is true.
    pub fn load() -> Self {
        let accounts = Self {
            restoring: RwSignal::new(true),
            list: RwSignal::new(Vec::new()),
            passwords: StoredValue::new(HashMap::new()),
            passwords_changed: RwSignal::new(0),
            remembered: RwSignal::new(HashSet::new()),
            current: RwSignal::new(None),
            rejected: RwSignal::new(HashMap::new()),
        };
        accounts.restore_remembered();
        accounts
    }

    /// Decrypts the remembered passwords, so the app opens without asking.
    fn restore_remembered(&self) {
        let this = *self;
        spawn_local(async move {
            let list = load_accounts().await;
            this.current.set(list.first().map(|a| a.email.clone()));
            this.list.set(list);
            for account in this.list.get_untracked() {
                match remembered::recall(&account.email).await {
                    Ok(Some(password)) => {
                        this.remembered.update(|r| {
                            r.insert(account.email.clone());
                        });
                        // A password typed meanwhile is newer.
                        if this.passwords.with_value(|p| !p.contains_key(&account.email)) {
                            this.set_password(&account.email, password);
                        }
                    }
                    Ok(None) => {}
                    Err(e) => web_sys::console::warn_1(&e.to_string().into()),
                }
            }
            this.restoring.set(false);
        });
    }

    /// Adds or replaces an account and remembers its password for this session.
    pub async fn upsert(&self, account: AccountSettings, password: Secret) -> Result<(), String> {
        let email = account.email.clone();
        let mut list = self.list.get_untracked();
        match list.iter_mut().find(|a| a.email == email) {
            Some(existing) => *existing = account,
            None => list.push(account),
        }
        save_accounts(&list).await?;
        self.list.set(list);
        self.set_password(&email, password);
        self.current.set(Some(email));
        Ok(())
    }

    /// Changes a stored account's settings (not its password), e.g. its signature.
    pub async fn update(&self, account: AccountSettings) -> Result<(), String> {
        let mut list = self.list.get_untracked();
        let Some(existing) = list.iter_mut().find(|a| a.email == account.email) else {
            return Err(format!("no account {}", account.email));
        };
        *existing = account;
        save_accounts(&list).await?;
        self.list.set(list);
        Ok(())
    }

    /// Removes an account and forgets its password and local data.
    pub fn remove(&self, email: &str) -> Result<(), String> {
        let mut list = self.list.get_untracked();
        list.retain(|a| a.email != email);
        save_in_background(list.clone());
        self.passwords.update_value(|p| {
            p.remove(email);
        });
        self.remembered.update(|r| {
            r.remove(email);
        });
        crate::outbox::forget(email);
        crate::session::close_kept(email);
        crate::account_setup::certificate::outgoing_met(email, None);
        self.passwords_changed.update(|n| *n += 1);
        // The remembered password goes with everything else stored for the account.
        let gone = email.to_owned();
        spawn_local(async move {
            if let Err(e) = crate::store::forget_account(&gone).await {
                web_sys::console::warn_1(&e.to_string().into());
            }
        });
        if self.current.get_untracked().as_deref() == Some(email) {
            self.current.set(list.first().map(|a| a.email.clone()));
        }
        self.list.set(list);
        Ok(())
    }

    /// The password for an account, if it was given since the page loaded (or remembered). In a
    /// reactive context this tracks passwords being given and forgotten.
    pub fn password(&self, email: &str) -> Option<Secret> {
        self.passwords_changed.track();
        self.passwords.with_value(|p| p.get(email).cloned())
    }

    /// Remembers a password for this browser session.
    pub fn set_password(&self, email: &str, password: Secret) {
        let mut changed = false;
        self.passwords.update_value(|p| {
            changed = p.get(email) != Some(&password);
            p.insert(email.to_string(), password);
        });
        // A session logged in with the old password is not kept on with the new one.
        if changed {
            crate::session::close_kept(email);
        }
        self.rejected.update(|r| {
            r.remove(email);
        });
        self.passwords_changed.update(|n| *n += 1);
    }

    /// The server refused `password` at sign-in (a password changed elsewhere, or one remembered
    /// on this device that has gone stale): it is taken back, so the app asks for the current one
    /// instead of signing in with the old one again and again. A newer password given meanwhile
    /// stays.
    pub fn reject_password(&self, email: &str, password: &Secret, why: String) {
        let current =
            self.passwords.with_value(|p| p.get(email).is_some_and(|p| p.expose() == password.expose()));
        if !current {
            return;
        }
        self.passwords.update_value(|p| {
            p.remove(email);
        });
        crate::session::close_kept(email);
        self.rejected.update(|r| {
            r.insert(email.to_owned(), why);
        });
        self.passwords_changed.update(|n| *n += 1);
    }

    /// Remembers the session password of `email` on this device (encrypted), or stops doing so.
    pub async fn set_remembered(&self, email: &str, remember: bool) -> Result<(), String> {
        if remember {
            let password = self
                .passwords
                .with_value(|p| p.get(email).cloned())
                .ok_or("Enter the password first; then it can be remembered.")?;
            remembered::remember(email, &password).await.map_err(|e| e.to_string())?;
        } else {
            remembered::forget(email).await.map_err(|e| e.to_string())?;
        }
        self.remembered.update(|r| {
            if remember {
                r.insert(email.to_owned());
            } else {
                r.remove(email);
            }
        });
        Ok(())
    }

    /// The settings of an account.
    pub fn get(&self, email: &str) -> Option<AccountSettings> {
        self.list.with_untracked(|l| l.iter().find(|a| a.email == email).cloned())
    }
}
