//! Deciding that the stack is up: every port accepts a connection and greets, over TLS where the
//! port speaks TLS, verified against the throwaway CA.
//!
//! An open port is not enough: Postfix's master accepts before smtpd runs, and a TLS listener with a
//! broken certificate accepts too. A greeting read through a verified handshake proves both.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::ClientConfig;

use super::imap::{connect_tcp, start_tls};
use super::{HOST, Ports, UNTRUSTED_HOST};

/// One port to check.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Probe {
    pub name: &'static str,
    pub host: &'static str,
    pub port: u16,
    pub tls: bool,
    /// The start of the expected greeting line.
    pub greeting: &'static str,
}

pub(crate) fn probes(ports: &Ports) -> Vec<Probe> {
    let probe = |name, host, port, tls, greeting| Probe { name, host, port, tls, greeting };
    vec![
        probe("Dovecot IMAP", HOST, ports.imap, false, "* OK"),
        probe("Dovecot IMAP on the untrusted address", UNTRUSTED_HOST, ports.imap, false, "* OK"),
        probe("Dovecot IMAPS", HOST, ports.imaps, true, "* OK"),
        probe("Dovecot POP3", HOST, ports.pop3, false, "+OK"),
        probe("Dovecot POP3S", HOST, ports.pop3s, true, "+OK"),
        probe("Dovecot LMTP", HOST, ports.lmtp, false, "220 "),
        probe("Postfix submission", HOST, ports.submission, false, "220 "),
        probe("Postfix submissions", HOST, ports.submissions, true, "220 "),
        probe("Dovecot ManageSieve", HOST, ports.managesieve, false, "\"IMPLEMENTATION\""),
        probe("Postfix relay for Dovecot", HOST, ports.relay, false, "220 "),
    ]
}

/// Polls every probe until it greets or `deadline` passes. `alive` is asked between attempts so a
/// server that exited is reported at once instead of after the deadline.
pub(crate) fn wait_ready(
    probes: &[Probe],
    tls: &Arc<ClientConfig>,
    deadline: Instant,
    mut alive: impl FnMut() -> Result<(), String>,
) -> Result<(), String> {
    for probe in probes {
        let mut last_error;
        loop {
            match greet(probe, tls) {
                Ok(()) => break,
                Err(err) => last_error = err,
            }
            alive()?;
            if Instant::now() >= deadline {
                return Err(format!(
                    "{} on {}:{} did not greet: {last_error}",
                    probe.name, probe.host, probe.port
                ));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
    Ok(())
}

fn greet(probe: &Probe, tls: &Arc<ClientConfig>) -> Result<(), String> {
    let stream = connect_tcp(probe.host, probe.port).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(3))).map_err(|e| e.to_string())?;
    let line = if probe.tls {
        let mut tls = start_tls(stream, probe.host, tls.clone()).map_err(|e| e.to_string())?;
        let line = first_line(&mut tls)?;
        // A polite goodbye keeps "disconnected" noise out of the logs the tests print.
        let _ = tls.write_all(quit(probe.greeting));
        tls.conn.send_close_notify();
        let _ = tls.flush();
        line
    } else {
        let mut stream: TcpStream = stream;
        let line = first_line(&mut stream)?;
        let _ = stream.write_all(quit(probe.greeting));
        line
    };
    if line.starts_with(probe.greeting) { Ok(()) } else { Err(format!("unexpected greeting {line:?}")) }
}

fn quit(greeting: &str) -> &'static [u8] {
    match greeting {
        "* OK" => b"q LOGOUT\r\n",
        _ => b"QUIT\r\n",
    }
}

fn first_line(stream: &mut impl Read) -> Result<String, String> {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while line.len() < 4096 {
        match stream.read(&mut byte) {
            Ok(0) => return Err(format!("connection closed after {:?}", String::from_utf8_lossy(&line))),
            Ok(_) if byte[0] == b'\n' => return Ok(String::from_utf8_lossy(&line).trim_end().to_owned()),
            Ok(_) => line.push(byte[0]),
            Err(err) => return Err(err.to_string()),
        }
    }
    Err("greeting longer than 4096 bytes".into())
}
