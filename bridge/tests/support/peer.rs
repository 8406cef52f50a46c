//! SCRIPTED PEERS: fake mail servers on 127.0.0.1 for faults a real server will not produce on
//! demand (a reset mid-stream, plaintext injected after a STARTTLS go-ahead, silence, a flood),
//! and for certificate failures that need a particular certificate. The real-server tests live
//! in tests/tests/bridge_mailstack.rs.
#![allow(dead_code)]

use std::future::Future;

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Listens on 127.0.0.1:0 and runs `script` on the first connection.
pub async fn once<F, Fut, T>(script: F) -> (u16, JoinHandle<T>)
where
    F: FnOnce(TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        script(tcp).await
    });
    (port, task)
}

/// Listens on 127.0.0.1:0 and runs `script` on every connection.
pub async fn every<F, Fut>(script: F) -> u16
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            tokio::spawn(script(tcp));
        }
    });
    port
}
