//! The client's connection: TCP with timeouts, TLS (implicit, or after STARTTLS), and the socket
//! either way as one reader and writer.

use std::io::{self, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use rustls::{ClientConfig, ClientConnection, StreamOwned};
use rustls_pki_types::ServerName;

use super::{IO_TIMEOUT, ImapError};

/// The connection under the client: plain until STARTTLS, TLS from the start for IMAPS.
pub(super) enum Transport {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
    /// Left behind while the socket moves into TLS, and if that fails.
    Closed,
}

fn closed() -> io::Error {
    io::Error::new(io::ErrorKind::NotConnected, "connection closed after a failed STARTTLS")
}

impl io::Read for Transport {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Transport::Plain(stream) => stream.read(buf),
            Transport::Tls(stream) => stream.read(buf),
            Transport::Closed => Err(closed()),
        }
    }
}

impl Write for Transport {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Transport::Plain(stream) => stream.write(buf),
            Transport::Tls(stream) => stream.write(buf),
            Transport::Closed => Err(closed()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Transport::Plain(stream) => stream.flush(),
            Transport::Tls(stream) => stream.flush(),
            Transport::Closed => Err(closed()),
        }
    }
}

/// Opens a TCP connection with connect, read and write timeouts set.
pub fn connect_tcp(host: &str, port: u16) -> io::Result<TcpStream> {
    let address: SocketAddr = (host, port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("{host} does not resolve")))?;
    let stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// Starts TLS on `stream`, verifying the server as `host` (a DNS name or an IP address).
pub fn start_tls(
    stream: TcpStream,
    host: &str,
    config: Arc<ClientConfig>,
) -> Result<StreamOwned<ClientConnection, TcpStream>, ImapError> {
    let name = ServerName::try_from(host.to_owned())
        .map_err(|_| ImapError::InvalidArgument(format!("{host:?} is not a valid TLS server name")))?;
    let mut conn = ClientConnection::new(config, name)?;
    let mut stream = stream;
    // Finish the handshake now, so a certificate problem shows up as such and not as a failed read.
    while conn.is_handshaking() {
        conn.complete_io(&mut stream)?;
    }
    Ok(StreamOwned::new(conn, stream))
}
