//! Added latency per request/response round trip: 1 KiB ping-pong with an echo server, direct
//! TCP beside posthorn-bridge and websockify, plain and TLS upstream.

use std::time::Instant;

use serde_json::json;

use super::Env;
use super::net::{self, Via};
use super::peers::Role;
use super::report::{Section, Status};
use super::stats::{self, Summary, percentile};

const PAYLOAD: usize = 1024;

async fn rtts(env: &mut Env, via: Via, tls: bool, count: usize) -> Result<Vec<f64>, String> {
    let (mut conn, relay) = env.connect(via, Role::Echo, tls).await?;
    // One core for everyone: a ping-pong has one busy party at a time, so this takes nothing from
    // any of them, and it keeps the hypervisor's cross-CPU wake-ups out of the figure (see `run`).
    let everyone = std::iter::once(std::process::id()).chain(relay);
    for pid in everyone.clone() {
        net::pin(pid, "0").map_err(|e| format!("pinning to CPU 0: {e}"))?;
    }
    let result = ping_pong(&mut conn, count).await;
    for pid in everyone {
        let _ = net::pin(pid, &net::all_cpus());
    }
    conn.close().await;
    result
}

async fn ping_pong(conn: &mut net::Conn, count: usize) -> Result<Vec<f64>, String> {
    let ping = vec![0x42u8; PAYLOAD];
    let mut out = Vec::with_capacity(count);
    let warmup = 100;
    for i in 0..warmup + count {
        let started = Instant::now();
        conn.send(&ping).await.map_err(|e| e.to_string())?;
        conn.recv_exactly(PAYLOAD as u64).await.map_err(|e| e.to_string())?;
        if i >= warmup {
            out.push(started.elapsed().as_secs_f64() * 1e6);
        }
    }
    Ok(out)
}

/// Runs the latency part.
pub async fn run(env: &mut Env) -> Section {
    let count = env.scale.pick(300, 2000);
    let runs = env.scale.pick(2, 3);
    let mut section = Section::new(
        "2. Round-trip latency (1 KiB request, 1 KiB response)",
        format!(
            "Ping-pong with a loopback echo server, {count} round trips per run after 100 warm-up ones, {runs} runs, \
             one connection per run; p50 and p99 per run in microseconds, median (min–max) over the runs. \"Added\" \
             is the path's p50 minus direct TCP's p50 with the same upstream security. During the round trips the \
             load generator, the echo server and the relay are pinned to one CPU (taskset): on this VM a wake-up \
             that crosses to the other, idle vCPU costs tens of microseconds of hypervisor time and swung direct \
             TCP's own p50 between 20 and 150 µs from run to run; only one party is busy at a time in a ping-pong, \
             so one core takes nothing from them."
        ),
    );
    section.header(&["Upstream", "Path", "p50 µs", "p99 µs", "added p50 µs", "added p99 µs"]);
    let mut data = Vec::new();
    for tls in [false, true] {
        let mut base: Option<(f64, f64)> = None;
        for via in [Via::Direct, Via::Bridge, Via::Websockify] {
            let (mut p50s, mut p99s, mut errors) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..runs {
                if !errors.is_empty() {
                    // A path that failed (websockify's TLS relay stalls) would fail again.
                    break;
                }
                match rtts(env, via, tls, count).await {
                    Ok(samples) => {
                        p50s.push(percentile(&samples, 50.0));
                        p99s.push(percentile(&samples, 99.0));
                    }
                    Err(e) => errors.push(e),
                }
            }
            let (p50, p99) = (Summary::of(&p50s), Summary::of(&p99s));
            if via == Via::Direct {
                base = p50.zip(p99).map(|(a, b)| (a.median, b.median));
            }
            let added = match (via, base, p50, p99) {
                (Via::Direct, ..) => None,
                (_, Some((b50, b99)), Some(a), Some(b)) => Some((a.median - b50, b.median - b99)),
                _ => None,
            };
            let upstream = if tls { "TLS" } else { "plain" };
            section.row(vec![
                upstream.into(),
                via.name().into(),
                stats::show(p50, 0),
                stats::show(p99, 0),
                match (via, added) {
                    (Via::Direct, _) => "— (baseline)".into(),
                    (_, Some(a)) => format!("{:.0}", a.0),
                    (_, None) => "—".into(),
                },
                added.map(|a| format!("{:.0}", a.1)).unwrap_or_else(|| "—".into()),
            ]);
            if via == Via::Bridge {
                let target = format!("Bridge adds < 150 µs p50 per round trip ({upstream} upstream)");
                match added {
                    Some((a50, _)) => {
                        let status = Status::at_most(a50, 150.0);
                        let detail = if status == Status::Missed {
                            format!(
                                "{:.0} µs over: each round trip crosses two more loopback sockets, a WebSocket frame each \
                                 way and, for TLS, an encryption each way",
                                a50 - 150.0
                            )
                        } else {
                            format!("{:.0} µs of the 150 µs budget used", a50)
                        };
                        section.verdict(&target, format!("{a50:.0} µs"), status, detail);
                    }
                    None => section.verdict(&target, "—".into(), Status::NotMeasured, errors.join("; ")),
                }
            }
            for e in &errors {
                section.notes.push(format!("Error ({} {upstream}): {e}", via.name()));
            }
            data.push(json!({
                "upstream_tls": tls, "path": via.name(), "p50_us": stats::json(p50), "p99_us": stats::json(p99),
                "added_p50_us": added.map(|a| a.0), "added_p99_us": added.map(|a| a.1), "errors": errors,
            }));
        }
    }
    section.data = json!({ "rows": data, "round_trips_per_run": count, "payload_bytes": PAYLOAD });
    section
}
