//! Reading the bridge's `/metrics` (bridge/src/metrics.rs) from a test, as a monitoring system
//! would: a plain HTTP GET, and one counter or gauge picked out of the text.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

/// The bridge's `/metrics` response, headers included.
pub fn metrics(addr: SocketAddr) -> String {
    let mut socket = TcpStream::connect(addr).expect("connect to the bridge");
    write!(socket, "GET /metrics HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("request");
    let mut response = String::new();
    socket.read_to_string(&mut response).expect("response");
    response
}

/// The value of the unlabelled metric `name` in a `/metrics` text.
pub fn counter(metrics: &str, name: &str) -> u64 {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} not in {metrics}"))
}
