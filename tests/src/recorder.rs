//! A local web server that records every TCP connection made to it and every request line, for
//! tests that prove the app makes no network contact a person did not ask for. A connection that
//! sends no request at all (a browser's preconnect) is recorded too.
//!
//! Paths under `/img/` get a 1×1 PNG; everything else a 404.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The PNG every `/img/` request gets.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00,
    0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xfc, 0xcf, 0xc0, 0x50, 0x0f, 0x00, 0x04,
    0x85, 0x01, 0x80, 0x84, 0xa9, 0x8c, 0x21, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42,
    0x60, 0x82,
];

/// What reached the server.
#[derive(Debug, Default, Clone)]
pub struct Seen {
    /// TCP connections accepted.
    pub connections: usize,
    /// Request lines (`GET /img/a.png HTTP/1.1`), in order.
    pub requests: Vec<String>,
}

/// The recording server; it runs until the test process ends.
pub struct Recorder {
    /// `127.0.0.1:PORT`, to put in URLs.
    pub host: String,
    seen: Arc<Mutex<Seen>>,
}

impl Recorder {
    /// Starts the server on a free loopback port.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let host = listener.local_addr().expect("addr").to_string();
        let seen = Arc::new(Mutex::new(Seen::default()));
        let record = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                record.lock().unwrap().connections += 1;
                let record = record.clone();
                std::thread::spawn(move || {
                    let mut stream = stream;
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
                    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                    // One request per connection is enough: the answer closes it.
                    let mut request_line = String::new();
                    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
                        return;
                    }
                    let request_line = request_line.trim_end().to_owned();
                    let mut line = String::new();
                    while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
                        line.clear();
                    }
                    let image = request_line.split(' ').nth(1).is_some_and(|p| p.starts_with("/img/"));
                    record.lock().unwrap().requests.push(request_line);
                    let _ = if image {
                        write!(
                            stream,
                            "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            PNG.len()
                        )
                        .and_then(|()| stream.write_all(PNG))
                    } else {
                        stream.write_all(
                            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                        )
                    };
                });
            }
        });
        Self { host, seen }
    }

    /// What reached the server so far.
    pub fn seen(&self) -> Seen {
        self.seen.lock().unwrap().clone()
    }
}
