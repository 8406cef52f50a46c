//! Sieve scripts in the stack, as another ManageSieve client (RFC 5804) stores and reads them: a
//! raw exchange written here, apart from the engine's client, so the app is not checked against
//! itself. STARTTLS, then AUTHENTICATE PLAIN, as Dovecot's Pigeonhole asks.

use std::io::{self, BufRead, BufReader, Write};

use base64::Engine as _;

use super::{Account, HOST, MailStack, MailStackError, imap};

/// Reads lines until one starts with OK, NO or BYE; literals (`{n}`) are read whole. Returns the
/// lines before it (literals inline) and the final line.
fn until_status(reader: &mut impl BufRead) -> io::Result<(Vec<String>, String)> {
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the server closed the connection"));
        }
        let line = line.trim_end().to_owned();
        if let Some(len) =
            line.strip_prefix('{').and_then(|l| l.strip_suffix('}')).and_then(|n| n.parse::<usize>().ok())
        {
            let mut body = vec![0; len];
            reader.read_exact(&mut body)?;
            let mut rest = String::new();
            reader.read_line(&mut rest)?;
            lines.push(String::from_utf8_lossy(&body).into_owned());
        } else if ["OK", "NO", "BYE"].iter().any(|s| line.starts_with(s)) {
            return Ok((lines, line));
        } else {
            lines.push(line);
        }
    }
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

impl MailStack {
    fn sieve_session<T>(
        &self,
        account: &Account,
        what: &str,
        work: impl FnOnce(&mut dyn FnMut(&[u8]) -> io::Result<(Vec<String>, String)>) -> io::Result<T>,
    ) -> Result<T, MailStackError> {
        let run = || -> io::Result<T> {
            let port = self.ports.managesieve;
            let mut tcp = BufReader::new(imap::connect_tcp(HOST, port)?);
            until_status(&mut tcp)?;
            tcp.get_mut().write_all(b"STARTTLS\r\n")?;
            let (_, ok) = until_status(&mut tcp)?;
            if !ok.starts_with("OK") {
                return Err(io::Error::other(format!("STARTTLS: {ok}")));
            }
            let tls = imap::start_tls(tcp.into_inner(), HOST, self.tls.clone()).map_err(io::Error::other)?;
            let mut conn = BufReader::new(tls);
            until_status(&mut conn)?;
            let plain = format!("\0{}\0{}", account.user, account.password);
            let mut say = |command: &[u8]| -> io::Result<(Vec<String>, String)> {
                conn.get_mut().write_all(command)?;
                conn.get_mut().flush()?;
                until_status(&mut conn)
            };
            let auth = format!(
                "AUTHENTICATE \"PLAIN\" \"{}\"\r\n",
                base64::engine::general_purpose::STANDARD.encode(plain)
            );
            let (_, ok) = say(auth.as_bytes())?;
            if !ok.starts_with("OK") {
                return Err(io::Error::other(format!("AUTHENTICATE: {ok}")));
            }
            let value = work(&mut say)?;
            let _ = say(b"LOGOUT\r\n");
            Ok(value)
        };
        run().map_err(MailStackError::setup(&format!("{what} for {} over ManageSieve", account.user)))
    }

    /// Stores `script` as `name` for `account` and makes it the active one.
    pub fn put_sieve_script(
        &self,
        account: &Account,
        name: &str,
        script: &str,
    ) -> Result<(), MailStackError> {
        self.sieve_session(account, "store a Sieve script", |say| {
            let mut put = format!("PUTSCRIPT {} {{{}+}}\r\n", quoted(name), script.len()).into_bytes();
            put.extend_from_slice(script.as_bytes());
            put.extend_from_slice(b"\r\n");
            for command in [put, format!("SETACTIVE {}\r\n", quoted(name)).into_bytes()] {
                let (_, status) = say(&command)?;
                if !status.starts_with("OK") {
                    return Err(io::Error::other(status));
                }
            }
            Ok(())
        })
    }

    /// The active script of `account`: its name and text, `None` where none is active.
    pub fn active_sieve_script(&self, account: &Account) -> Result<Option<(String, String)>, MailStackError> {
        self.sieve_session(account, "read the active Sieve script", |say| {
            let (listed, _) = say(b"LISTSCRIPTS\r\n")?;
            let Some(active) = listed.iter().find(|l| l.ends_with(" ACTIVE")) else { return Ok(None) };
            let name = active.trim_end_matches(" ACTIVE").trim_matches('"').to_owned();
            let (text, status) = say(format!("GETSCRIPT {}\r\n", quoted(&name)).as_bytes())?;
            if !status.starts_with("OK") {
                return Err(io::Error::other(status));
            }
            Ok(Some((name, text.concat())))
        })
    }
}
