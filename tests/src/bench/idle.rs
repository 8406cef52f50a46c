//! Memory per idle connection (1,000 and 5,000 open WebSockets, each with a TLS connection to an
//! upstream that has greeted) and the time to open a session: WebSocket + upstream TLS + greeting.

use std::time::{Duration, Instant};

use serde_json::json;

use super::Env;
use super::net::{self, Conn, RelayProcess};
use super::peers::GREETING;
use super::report::{Section, Status};
use super::stats::{Summary, percentile};

async fn open_bridge_session(bridge: std::net::SocketAddr, port: u16) -> Result<(Conn, f64), String> {
    let started = Instant::now();
    let mut conn = Conn::bridge(bridge, port, true).await.map_err(|e| e.to_string())?;
    conn.recv_exactly(GREETING.len() as u64).await.map_err(|e| e.to_string())?;
    Ok((conn, started.elapsed().as_secs_f64() * 1e3))
}

fn settle_rss(pid: u32) -> u64 {
    // Let the allocator and the kernel settle; take the last of a few readings.
    std::thread::sleep(Duration::from_millis(400));
    net::rss_kib(pid)
}

struct Held {
    count: usize,
    baseline_kib: u64,
    loaded_kib: u64,
    open_ms: Vec<f64>,
}

async fn hold(env: &Env, count: usize) -> Result<Held, String> {
    let port = env.peers.greeter.1;
    let bridge: RelayProcess = env.fresh_bridge(&format!("bridge-idle-{count}"), &[port], &[])?;
    // One session first so that lazily initialised state (TLS config, runtime threads) is in the baseline.
    let (warm, _) = open_bridge_session(bridge.addr, port).await?;
    warm.close().await;
    let baseline_kib = settle_rss(bridge.pid());
    let mut conns = Vec::with_capacity(count);
    let mut open_ms = Vec::with_capacity(count);
    let deadline = Instant::now() + Duration::from_secs(180);
    for i in 0..count {
        if Instant::now() > deadline {
            return Err(format!("opening {count} sessions took over 180 s (stopped at {i})"));
        }
        let (conn, ms) =
            open_bridge_session(bridge.addr, port).await.map_err(|e| format!("session {i}: {e}"))?;
        conns.push(conn);
        open_ms.push(ms);
    }
    let loaded_kib = settle_rss(bridge.pid());
    drop(conns);
    Ok(Held { count, baseline_kib, loaded_kib, open_ms })
}

async fn direct_open_ms(env: &Env, count: usize) -> Result<Vec<f64>, String> {
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let started = Instant::now();
        let mut conn =
            Conn::direct(env.peers.greeter.1, Some(env.tls.clone())).await.map_err(|e| e.to_string())?;
        conn.recv_exactly(GREETING.len() as u64).await.map_err(|e| e.to_string())?;
        out.push(started.elapsed().as_secs_f64() * 1e3);
        conn.close().await;
    }
    Ok(out)
}

async fn websockify_memory(env: &Env, count: usize) -> Result<(f64, Vec<f64>), String> {
    let relay = RelayProcess::websockify(env.peers.greeter.1, true, &env.log("websockify-idle.log"))
        .map_err(|e| e.to_string())?;
    let before = net::tree_pss_kib(relay.pid());
    let mut conns = Vec::new();
    let mut open_ms = Vec::new();
    for i in 0..count {
        let started = Instant::now();
        let mut conn =
            Conn::websockify(relay.addr).await.map_err(|e| format!("websockify session {i}: {e}"))?;
        conn.recv_exactly(GREETING.len() as u64).await.map_err(|e| e.to_string())?;
        open_ms.push(started.elapsed().as_secs_f64() * 1e3);
        conns.push(conn);
    }
    std::thread::sleep(Duration::from_millis(400));
    let after = net::tree_pss_kib(relay.pid());
    drop(conns);
    Ok(((after.saturating_sub(before)) as f64 / count as f64, open_ms))
}

fn ms_pair(samples: &[f64]) -> String {
    if samples.is_empty() {
        return "—".into();
    }
    format!("{:.2} / {:.2}", percentile(samples, 50.0), percentile(samples, 99.0))
}

/// Runs the idle-memory and session-open part.
pub async fn run(env: &mut Env) -> Section {
    let counts: Vec<usize> = env.scale.pick(vec![300], vec![1000, 5000]);
    let ws_count = env.scale.pick(30, 200);
    let limit = net::open_files_limit();
    let mut section = Section::new(
        "3. Memory per idle connection, and time to open a session",
        format!(
            "A fresh posthorn-bridge process per count; sessions opened one after another, each a WebSocket, an \
             `open` with implicit TLS to a loopback greeter (rustls on both ends) and the greeting read back; then \
             VmRSS of the bridge minus its VmRSS with no session (after one warm-up session), divided by the count. \
             websockify (each connection a forked Python process) is measured by the summed PSS of its processes, \
             at {ws_count} connections. Open time: p50 / p99 in ms, from TCP connect to the greeting's last byte."
        ),
    );
    section.header(&["Path", "Open connections", "RSS delta KiB per connection", "open p50 / p99 ms"]);
    let mut data = Vec::new();
    match direct_open_ms(env, env.scale.pick(100, 500)).await {
        Ok(ms) => {
            section.row(vec!["direct TCP+TLS (baseline)".into(), "—".into(), "—".into(), ms_pair(&ms)]);
            data.push(json!({ "path": "direct", "open_ms_p50": percentile(&ms, 50.0), "open_ms_p99": percentile(&ms, 99.0) }));
        }
        Err(e) => section.notes.push(format!("Error (direct open): {e}")),
    }
    let mut per_conn_worst: Option<f64> = None;
    let mut open_p50 = None;
    for count in counts {
        // Each session holds two descriptors here (WebSocket client and the greeter's side).
        if limit < (2 * count + 256) as u64 {
            section.notes.push(format!(
                "{count} connections skipped: this process may open only {limit} files (raise `ulimit -n`)."
            ));
            continue;
        }
        match hold(env, count).await {
            Ok(held) => {
                let per = (held.loaded_kib.saturating_sub(held.baseline_kib)) as f64 / held.count as f64;
                per_conn_worst = Some(per_conn_worst.map_or(per, |w: f64| w.max(per)));
                open_p50.get_or_insert(percentile(&held.open_ms, 50.0));
                section.row(vec![
                    "posthorn-bridge".into(),
                    format!("{count}"),
                    format!("{per:.1} (RSS {} → {} MiB)", held.baseline_kib / 1024, held.loaded_kib / 1024),
                    ms_pair(&held.open_ms),
                ]);
                data.push(json!({
                    "path": "bridge", "connections": count, "rss_baseline_kib": held.baseline_kib,
                    "rss_loaded_kib": held.loaded_kib, "kib_per_connection": per,
                    "open_ms_p50": percentile(&held.open_ms, 50.0), "open_ms_p99": percentile(&held.open_ms, 99.0),
                    "open_ms": Summary::of(&held.open_ms).map(|s| s.json()),
                }));
            }
            Err(e) => section.notes.push(format!("Error (bridge, {count} connections): {e}")),
        }
    }
    match websockify_memory(env, ws_count).await {
        Ok((per, ms)) => {
            section.row(vec![
                "websockify (TLS to target, unverified)".into(),
                format!("{ws_count}"),
                format!("{per:.1} (PSS)"),
                ms_pair(&ms),
            ]);
            data.push(json!({ "path": "websockify", "connections": ws_count, "pss_kib_per_connection": per,
                "open_ms_p50": percentile(&ms, 50.0), "open_ms_p99": percentile(&ms, 99.0) }));
        }
        Err(e) => section.notes.push(format!("Error (websockify): {e}")),
    }
    match per_conn_worst {
        Some(per) => {
            let status = Status::at_most(per, 64.0);
            let detail = if status == Status::Missed {
                format!("{:.1} KiB over the 64 KiB budget", per - 64.0)
            } else {
                format!(
                    "{:.0} % of the 64 KiB budget (the larger of the counts measured)",
                    per / 64.0 * 100.0
                )
            };
            section.verdict(
                "Bridge memory < 64 KiB per idle connection",
                format!("{per:.1} KiB"),
                status,
                detail,
            );
        }
        None => section.verdict(
            "Bridge memory < 64 KiB per idle connection",
            "—".into(),
            Status::NotMeasured,
            "see the errors".into(),
        ),
    }
    if let Some(p50) = open_p50 {
        section.notes.push(format!(
            "Opening a session through the bridge takes {p50:.2} ms at p50 on loopback (no target in the issue)."
        ));
    }
    section.notes.push(
        "RSS counts what the allocator keeps, including freed memory it has not returned, so it is an upper bound \
         on the live state per session. An idle session holds a 2 KiB server-to-browser read buffer (64 KiB only \
         while the server sends in bulk), the WebSocket layer's 32 KiB read buffer (zero-filled on the first \
         message, so resident; it sets how much of a browser's upload is read per syscall), the TLS state towards \
         the server and the WebSocket's other buffers."
            .into(),
    );
    section.data = json!({ "rows": data, "open_files_limit": limit });
    section
}
