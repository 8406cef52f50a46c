//! How the relay part times a path: connect, calibrate the amount to the path's speed, then timed
//! runs with the relay's and this process's CPU time read from /proc around each; several paths
//! can run interleaved.

use std::time::Instant;

use tokio_tungstenite::tungstenite::Bytes;

use super::{Direction, Figures};
use crate::bench::net::{self, Conn, Via};
use crate::bench::peers::Role;
use crate::bench::stats::Summary;
use crate::bench::{Env, mb_per_s};

async fn transfer(
    conn: &mut Conn,
    direction: Direction,
    size: usize,
    total: u64,
    buf: &Bytes,
) -> std::io::Result<f64> {
    let started = Instant::now();
    match direction {
        Direction::Upload => {
            conn.send(&total.to_be_bytes()).await?;
            let mut left = total;
            while left > 0 {
                let n = size.min(usize::try_from(left).unwrap_or(usize::MAX));
                conn.send_bytes(buf.slice(..n)).await?;
                left -= n as u64;
            }
            conn.recv_exactly(1).await?;
        }
        Direction::Download => {
            let mut request = total.to_be_bytes().to_vec();
            request.extend_from_slice(&(size as u64).to_be_bytes());
            conn.send(&request).await?;
            conn.recv_exactly(total).await?;
        }
    }
    Ok(started.elapsed().as_secs_f64())
}

/// One open path, calibrated: the connection, the relay's pid and the bytes each timed run moves.
struct Path {
    via: Via,
    conn: Conn,
    pid: Option<u32>,
    total: u64,
    figures: Samples,
}

/// The timed runs of one path so far.
#[derive(Default)]
struct Samples {
    rates: Vec<f64>,
    relay_cpu: Vec<f64>,
    own_cpu: Vec<f64>,
    idle: Vec<f64>,
}

impl Samples {
    fn figures(&self) -> Figures {
        Figures {
            rate: Summary::of(&self.rates),
            relay_cpu: Summary::of(&self.relay_cpu),
            own_cpu: Summary::of(&self.own_cpu),
            idle_cores: Summary::of(&self.idle),
        }
    }
}

fn io_error(via: Via, tls: bool, direction: Direction, size: usize) -> impl Fn(std::io::Error) -> String {
    let security = if tls { "TLS" } else { "plain" };
    move |e| format!("{} {} {size} B {security}: {e}", via.name(), direction.name())
}

/// Connects by `via` and calibrates the amount so that each timed run lasts about the scale's
/// target whatever the path's speed.
async fn open(env: &mut Env, via: Via, tls: bool, direction: Direction, size: usize) -> Result<Path, String> {
    let role = match direction {
        Direction::Upload => Role::Sink,
        Direction::Download => Role::Source,
    };
    let (mut conn, pid) = env.connect(via, role, tls).await?;
    let buf = payload(size);
    let target = env.scale.pick(0.12, 0.4);
    let probe = env.scale.pick(1u64 << 20, 4 << 20);
    let secs = transfer(&mut conn, direction, size, probe, &buf)
        .await
        .map_err(io_error(via, tls, direction, size))?;
    let total = ((probe as f64 / secs * target) as u64).clamp(probe, 1 << 30);
    let total = total - total % size as u64;
    Ok(Path { via, conn, pid, total, figures: Samples::default() })
}

/// One timed run on an open path.
async fn timed(path: &mut Path, tls: bool, direction: Direction, size: usize) -> Result<(), String> {
    let buf = payload(size);
    let relay_before = path.pid.map(net::tree_cpu_seconds);
    let own_before = net::own_cpu_seconds();
    let idle_before = net::machine_idle_seconds();
    let secs = transfer(&mut path.conn, direction, size, path.total, &buf)
        .await
        .map_err(io_error(path.via, tls, direction, size))?;
    let samples = &mut path.figures;
    samples.idle.push((net::machine_idle_seconds() - idle_before) / secs);
    let gb = path.total as f64 / 1e9;
    if let (Some(pid), Some(before)) = (path.pid, relay_before) {
        samples.relay_cpu.push((net::tree_cpu_seconds(pid) - before) / gb);
    }
    samples.own_cpu.push((net::own_cpu_seconds() - own_before) / gb);
    samples.rates.push(mb_per_s(path.total, secs));
    Ok(())
}

/// The bytes written: one shared buffer, so that a WebSocket write hands the same allocation to
/// the WebSocket layer without a copy, as a browser's `send(ArrayBuffer)` leaves copying to it.
fn payload(size: usize) -> Bytes {
    Bytes::from(vec![0x5au8; size])
}

pub(super) async fn measure(
    env: &mut Env,
    via: Via,
    tls: bool,
    direction: Direction,
    size: usize,
) -> Result<Figures, String> {
    let mut path = open(env, via, tls, direction, size).await?;
    for _ in 0..env.scale.pick(3, 5) {
        timed(&mut path, tls, direction, size).await?;
    }
    let figures = path.figures.figures();
    path.conn.close().await;
    Ok(figures)
}

/// The same as [`measure`] for several paths at once, their timed runs interleaved (each round
/// starts with the next path in turn), so that other work on the machine's two cores falls on
/// every path alike and their ratio holds even when the absolute rates drift. A path that fails
/// drops out with its error.
pub(super) async fn measure_interleaved(
    env: &mut Env,
    vias: &[Via],
    tls: bool,
    direction: Direction,
    size: usize,
) -> Vec<Result<Figures, String>> {
    let mut paths = Vec::new();
    for &via in vias {
        paths.push(open(env, via, tls, direction, size).await);
    }
    let rounds = env.scale.pick(3, 7);
    for round in 0..rounds {
        for i in 0..paths.len() {
            let k = (i + round) % paths.len();
            if let Ok(path) = &mut paths[k]
                && let Err(e) = timed(path, tls, direction, size).await
            {
                paths[k] = Err(e);
            }
        }
    }
    let mut out = Vec::new();
    for path in paths {
        out.push(match path {
            Ok(path) => {
                let figures = path.figures.figures();
                path.conn.close().await;
                Ok(figures)
            }
            Err(e) => Err(e),
        });
    }
    out
}
