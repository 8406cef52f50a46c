//! One SMTP session per account, kept a short while after a message went out, so that the next
//! one (an outbox sending what waited offline, one after another) goes over the same session:
//! after the 250 that ends DATA a new transaction may begin at once (RFC 5321 section 3.3), with
//! no new connection, TLS handshake or sign-in. The session is closed with QUIT after [`KEEP`]
//! without use, well inside the five minutes a server gives a client between commands (RFC 5321
//! section 4.5.3.2.7), and when the account is removed or its password changes. A session opened
//! with other settings or another password than the message's is never reused.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::time::Duration;

use posthorn_proto::secret::Secret;
use posthorn_proto::smtp::{Event, Request, SmtpClient};
use wasm_bindgen_futures::spawn_local;

use crate::account::AccountSettings;
use crate::net::clock;
use crate::net::driver::Connection;

/// How long a session is kept after its last message.
pub const KEEP: Duration = Duration::from_secs(30);

/// A signed-in session with nothing in flight, and what it was opened with.
pub struct Open {
    pub conn: Connection,
    pub client: SmtpClient,
    account: AccountSettings,
    password: Secret,
    /// Which keeping this is, so that the timer of an earlier one leaves it alone.
    turn: u64,
}

thread_local! {
    /// The browser runs the app on one thread; at most one kept session per account.
    static KEPT: RefCell<HashMap<String, Open>> = RefCell::new(HashMap::new());
    static TURNS: Cell<u64> = const { Cell::new(0) };
}

/// The account's kept session, taken for a message, if it was opened with these settings and
/// this password and is ready for a new transaction. A session that does not fit is closed.
pub fn take(account: &AccountSettings, password: &Secret) -> Option<Open> {
    let open = KEPT.with(|k| k.borrow_mut().remove(&account.email))?;
    if open.account == *account && open.password == *password && open.client.is_idle() {
        Some(open)
    } else {
        quit(open);
        None
    }
}

/// Keeps the session after a message went out; it is closed after [`KEEP`] unless taken again.
pub fn keep(account: &AccountSettings, password: &Secret, conn: Connection, client: SmtpClient) {
    let turn = TURNS.with(|t| {
        t.set(t.get() + 1);
        t.get()
    });
    crate::session::on_close_kept("smtp", close);
    let open = Open { conn, client, account: account.clone(), password: password.clone(), turn };
    if let Some(old) = KEPT.with(|k| k.borrow_mut().insert(account.email.clone(), open)) {
        quit(old);
    }
    let email = account.email.clone();
    spawn_local(async move {
        clock::sleep(KEEP).await;
        let idle = KEPT.with(|k| {
            let mut kept = k.borrow_mut();
            match kept.get(&email) {
                Some(open) if open.turn == turn => kept.remove(&email),
                _ => None,
            }
        });
        if let Some(open) = idle {
            quit(open);
        }
    });
}

/// Closes the account's kept session, if there is one: the account was removed or its password
/// changed.
pub fn close(email: &str) {
    if let Some(open) = KEPT.with(|k| k.borrow_mut().remove(email)) {
        quit(open);
    }
}

/// Says goodbye (QUIT) without anyone waiting for it, and closes the connection.
fn quit(open: Open) {
    end(open.conn, open.client);
}

/// QUIT on a session nobody waits for, then the connection closed.
pub fn end(mut conn: Connection, mut client: SmtpClient) {
    if client.enqueue(Request::Quit).is_err() {
        conn.close();
        return;
    }
    spawn_local(async move {
        while let Ok(event) = conn.next_event(&mut client).await {
            if matches!(event, Event::Closed { .. }) {
                break;
            }
        }
        conn.close();
    });
}
