//! One engine session for the bench: posthorn-proto's sans-IO `ImapClient` driven over a native
//! TLS connection or through posthorn-bridge, with the commands the bench sends.

use std::time::Duration;

use posthorn_proto::engine::{Client, Interrupt, Io};
use posthorn_proto::imap::{Command, Config, Data, Event, FetchItems, ImapClient, Qresync};
use posthorn_proto::security::TlsMode;

use super::super::net::{Conn, RelayProcess};
use crate::mailstack::{Account, MailStack};

/// Where the engine's bytes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Path_ {
    Native,
    Bridge,
}

impl Path_ {
    pub(super) fn name(self) -> &'static str {
        match self {
            Path_::Native => "native (tokio + TLS)",
            Path_::Bridge => "through posthorn-bridge",
        }
    }
}

pub(super) struct Session {
    pub(super) conn: Conn,
    pub(super) client: ImapClient,
}

pub(super) type Res<T> = Result<T, String>;

impl Session {
    pub(super) async fn open(
        path: Path_,
        stack: &MailStack,
        bridge: &RelayProcess,
        account: &Account,
    ) -> Res<Session> {
        let port = stack.ports().imaps;
        let conn = match path {
            Path_::Native => Conn::direct(port, Some(stack.tls_client_config())).await,
            Path_::Bridge => Conn::bridge(bridge.addr, port, true).await,
        }
        .map_err(|e| format!("connecting {}: {e}", path.name()))?;
        let mut session = Session { conn, client: ImapClient::new(Config::new(TlsMode::Implicit)) };
        session
            .run(Command::Login {
                username: account.user.clone(),
                password: account.password.as_str().into(),
            })
            .await?;
        Ok(session)
    }

    pub(super) async fn event(&mut self) -> Res<Event> {
        loop {
            let step = self.client.next();
            // The browser keeps the transcript; here it is dropped so it cannot grow without bound.
            drop(self.client.drain_transcript());
            match step {
                Ok(event) => return Ok(event),
                Err(Interrupt::Error(e)) => return Err(format!("IMAP error: {e}")),
                Err(Interrupt::Io(Io::Output(bytes))) => {
                    self.conn.send(&bytes).await.map_err(|e| e.to_string())?
                }
                Err(Interrupt::Io(Io::NeedMoreInput)) => {
                    let chunk = self.conn.recv().await.map_err(|e| e.to_string())?;
                    if chunk.is_empty() {
                        return Err("the server closed the connection".into());
                    }
                    self.client.enqueue_input(chunk);
                }
                Err(Interrupt::Io(Io::StartTls)) => return Err("unexpected STARTTLS".into()),
            }
        }
    }

    pub(super) async fn run(&mut self, command: Command) -> Res<Data> {
        let name = command.name();
        let id = self.client.enqueue(command);
        loop {
            if let Event::Done { id: done, result, .. } = self.event().await?
                && done == id
            {
                return result.map_err(|e| format!("{name} failed: {e}"));
            }
        }
    }

    /// Runs `commands` queued at once (the engine pipelines what IMAP allows in flight
    /// together); their results in order, or the first failure.
    pub(super) async fn run_all(&mut self, commands: Vec<Command>) -> Res<Vec<Data>> {
        let ids: Vec<_> = commands.into_iter().map(|c| self.client.enqueue(c)).collect();
        let mut results: Vec<Option<Data>> = ids.iter().map(|_| None).collect();
        while results.iter().any(Option::is_none) {
            if let Event::Done { id, result, .. } = self.event().await?
                && let Some(i) = ids.iter().position(|&wanted| wanted == id)
            {
                results[i] = Some(result.map_err(|e| format!("command {} of the batch failed: {e}", i + 1))?);
            }
        }
        Ok(results.into_iter().flatten().collect())
    }

    pub(super) async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(2), self.run(Command::Logout)).await;
        self.conn.close().await;
    }
}

pub(super) fn header_items() -> FetchItems {
    FetchItems {
        uid: true,
        flags: true,
        envelope: true,
        internal_date: true,
        size: true,
        ..FetchItems::default()
    }
}

pub(super) fn fetched(data: Data) -> usize {
    match data {
        Data::Fetched(messages) => messages.len(),
        _ => 0,
    }
}

pub(super) fn select(mailbox: &str, qresync: Option<Qresync>) -> Command {
    Command::Select { mailbox: posthorn_proto::imap::MailboxName::from_wire(mailbox), qresync }
}
