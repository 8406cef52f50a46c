//! Account discovery: given an email address, suggest server settings the way Thunderbird does.
//!
//! RFC 6186 SRV records (`_imaps._tcp`, `_imap._tcp`, `_pop3s._tcp`, `_pop3._tcp`,
//! `_submissions._tcp`, `_submission._tcp`) are looked up while likely names (`imap.`, `pop.`,
//! `smtp.`, `mail.` and the domain itself) are probed on the standard ports. Every probe goes
//! through the relay's policy and timeouts, probes run concurrently, and the whole discovery has
//! one deadline.

pub mod probe;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use serde::Serialize;
use tokio::time::Instant;
use tracing::info;

use self::probe::{Finding, Method, Protocol};
use crate::metrics::Metrics;
use crate::policy::address::Host;
use crate::state::Shared;
use crate::upstream;

/// The ports a discovery probes for each protocol and method (the standard ones by default;
/// tests point them at a local stack).
#[derive(Debug, Clone)]
pub struct Ports {
    /// IMAP over implicit TLS (993).
    pub imap_tls: u16,
    /// IMAP with STARTTLS (143).
    pub imap_starttls: u16,
    /// POP3 over implicit TLS (995).
    pub pop3_tls: u16,
    /// POP3 with STLS (110).
    pub pop3_starttls: u16,
    /// Submission over implicit TLS (465, RFC 8314).
    pub submission_tls: u16,
    /// Submission with STARTTLS (587).
    pub submission_starttls: u16,
}

impl Ports {
    /// The six ports from `--discovery-ports`, or the standard ones when none are given.
    pub fn from_config(ports: &[u16]) -> Self {
        match ports {
            [imap_tls, imap_starttls, pop3_tls, pop3_starttls, submission_tls, submission_starttls] => {
                Ports {
                    imap_tls: *imap_tls,
                    imap_starttls: *imap_starttls,
                    pop3_tls: *pop3_tls,
                    pop3_starttls: *pop3_starttls,
                    submission_tls: *submission_tls,
                    submission_starttls: *submission_starttls,
                }
            }
            _ => Ports::default(),
        }
    }
}

impl Default for Ports {
    fn default() -> Self {
        Ports {
            imap_tls: 993,
            imap_starttls: 143,
            pop3_tls: 995,
            pop3_starttls: 110,
            submission_tls: 465,
            submission_starttls: 587,
        }
    }
}

/// One thing to probe.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Candidate {
    /// The protocol.
    pub protocol: Protocol,
    /// The host.
    pub host: String,
    /// The port.
    pub port: u16,
    /// Implicit TLS or STARTTLS.
    pub method: Method,
    /// `srv` or `guess`.
    pub source: &'static str,
}

/// The guesses for `domain`, best first.
pub fn guesses(domain: &str, ports: &Ports) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut add = |protocol, prefixes: &[&str], tls: u16, starttls: u16| {
        for prefix in prefixes {
            let host = format!("{prefix}{domain}");
            for (port, method) in [(tls, Method::Tls), (starttls, Method::Starttls)] {
                out.push(Candidate { protocol, host: host.clone(), port, method, source: "guess" });
            }
        }
    };
    add(Protocol::Imap, &["imap.", "mail.", ""], ports.imap_tls, ports.imap_starttls);
    add(Protocol::Pop3, &["pop.", "pop3.", "mail.", ""], ports.pop3_tls, ports.pop3_starttls);
    add(Protocol::Submission, &["smtp.", "mail.", ""], ports.submission_tls, ports.submission_starttls);
    out
}

/// The RFC 6186 / RFC 8314 service names and what they mean.
const SRV_SERVICES: [(&str, Protocol, Method); 6] = [
    ("_imaps._tcp", Protocol::Imap, Method::Tls),
    ("_imap._tcp", Protocol::Imap, Method::Starttls),
    ("_pop3s._tcp", Protocol::Pop3, Method::Tls),
    ("_pop3._tcp", Protocol::Pop3, Method::Starttls),
    ("_submissions._tcp", Protocol::Submission, Method::Tls),
    ("_submission._tcp", Protocol::Submission, Method::Starttls),
];

/// An SRV record that was found.
#[derive(Debug, Clone, Serialize)]
pub struct SrvRecord {
    /// The service name queried, e.g. `_imaps._tcp.example.com`.
    pub service: String,
    /// The target host.
    pub target: String,
    /// The port.
    pub port: u16,
    /// Lower is preferred.
    pub priority: u16,
}

/// Looks up every SRV service for `domain` (errors and a target of `.` mean "not offered").
pub async fn srv_candidates(domain: &str) -> (Vec<SrvRecord>, Vec<Candidate>) {
    // RFC 6761: names under localhost are never sent to DNS.
    if domain == "localhost" || domain.ends_with(".localhost") {
        return (Vec::new(), Vec::new());
    }
    let resolver = match hickory_resolver::TokioAsyncResolver::tokio_from_system_conf() {
        Ok(r) => r,
        Err(_) => return (Vec::new(), Vec::new()),
    };
    let lookups = SRV_SERVICES.iter().map(|(service, protocol, method)| {
        let name = format!("{service}.{domain}.");
        let resolver = &resolver;
        async move {
            let Ok(answer) = resolver.srv_lookup(name.clone()).await else {
                return Vec::new();
            };
            let mut records: Vec<_> = answer.iter().cloned().collect();
            records.sort_by_key(|r| (r.priority(), std::cmp::Reverse(r.weight())));
            records
                .into_iter()
                .filter_map(|r| {
                    let target = r.target().to_ascii();
                    let target = target.trim_end_matches('.').to_ascii_lowercase();
                    // RFC 2782: a target of "." means the service is decidedly not available.
                    (!target.is_empty()).then(|| {
                        (
                            SrvRecord {
                                service: name.trim_end_matches('.').to_owned(),
                                target: target.clone(),
                                port: r.port(),
                                priority: r.priority(),
                            },
                            Candidate {
                                protocol: *protocol,
                                host: target,
                                port: r.port(),
                                method: *method,
                                source: "srv",
                            },
                        )
                    })
                })
                .collect::<Vec<_>>()
        }
    });
    let all = futures_util::future::join_all(lookups).await;
    all.into_iter().flatten().unzip()
}

/// The discovery result.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The mail domain.
    pub domain: String,
    /// SRV records found.
    pub srv: Vec<SrvRecord>,
    /// The best working server for each protocol, if any.
    pub suggested: Suggested,
    /// Every probe, working or not.
    pub probes: Vec<Finding>,
    /// Whether the deadline cut probes short.
    pub timed_out: bool,
    /// How long it took.
    pub elapsed_ms: u64,
}

/// The suggestion per protocol.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Suggested {
    /// Incoming mail over IMAP.
    pub imap: Option<Finding>,
    /// Incoming mail over POP3.
    pub pop3: Option<Finding>,
    /// Outgoing mail.
    pub submission: Option<Finding>,
}

/// Probes the candidates concurrently (at most `concurrency` at once) until `deadline`.
pub async fn discover(
    settings: &upstream::Settings,
    domain: &str,
    ports: &Ports,
    deadline: Instant,
    with_srv: bool,
) -> Report {
    let started = Instant::now();
    let mut seen = std::collections::HashSet::new();
    let mut queue: Vec<Candidate> = guesses(domain, ports);
    let mut probes = Vec::new();
    let mut timed_out = false;
    let mut srv = Vec::new();
    // SRV answers are probed as soon as they come in; guesses do not wait for them.
    let srv_lookup = async {
        if with_srv {
            let srv_deadline = (started + Duration::from_secs(3)).min(deadline);
            tokio::time::timeout_at(srv_deadline, srv_candidates(domain)).await.unwrap_or_default()
        } else {
            (Vec::new(), Vec::new())
        }
    };
    tokio::pin!(srv_lookup);
    let mut srv_done = false;
    let mut running = FuturesUnordered::new();
    const CONCURRENCY: usize = 12;
    loop {
        while running.len() < CONCURRENCY && !queue.is_empty() {
            let c = queue.remove(0);
            if !seen.insert((c.protocol, c.host.clone(), c.port, c.method)) {
                continue;
            }
            running.push(async move {
                let probe = probe::probe(settings, c.protocol, &c.host, c.port, c.method, c.source);
                tokio::time::timeout_at(deadline, probe).await.ok()
            });
        }
        if running.is_empty() && srv_done {
            break;
        }
        tokio::select! {
            (records, candidates) = &mut srv_lookup, if !srv_done => {
                srv_done = true;
                srv = records;
                // SRV targets go first: they are the domain owner's own statement.
                let mut next = candidates;
                next.append(&mut queue);
                queue = next;
            }
            Some(result) = running.next(), if !running.is_empty() => match result {
                Some(finding) => probes.push(finding),
                None => timed_out = true,
            },
        }
    }
    probes.sort_by_key(|f| {
        (f.protocol as u8, !f.ok, f.source != "srv", f.security != Method::Tls, f.host.clone(), f.port)
    });
    let best = |protocol: Protocol| probes.iter().find(|f| f.protocol == protocol && f.ok).cloned();
    Report {
        domain: domain.to_owned(),
        srv,
        suggested: Suggested {
            imap: best(Protocol::Imap),
            pop3: best(Protocol::Pop3),
            submission: best(Protocol::Submission),
        },
        probes,
        timed_out,
        elapsed_ms: started.elapsed().as_millis() as u64,
    }
}

/// Query parameters of `/discover`.
#[derive(Debug, serde::Deserialize)]
pub struct DiscoverQuery {
    email: String,
    token: Option<String>,
}

/// `GET /discover?email=user@example.com`: a JSON [`Report`].
pub async fn handler(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<DiscoverQuery>,
) -> Response {
    if let Err(refused) = crate::state::check_request(&shared, &headers) {
        return refused.into_response();
    }
    if let Err(refused) = crate::access::check_app_request(&headers) {
        shared.metrics.refused("not_from_app");
        info!("refused discovery: {}", refused.0);
        return (StatusCode::FORBIDDEN, refused.0).into_response();
    }
    let token = crate::access::presented_token(&headers, query.token, std::iter::empty());
    if !crate::access::token_ok(&shared.tokens, token.as_ref()) {
        shared.metrics.refused("unauthorized");
        return (StatusCode::UNAUTHORIZED, "this bridge needs an access token").into_response();
    }
    let domain = match query.email.rsplit_once('@').map(|(_, d)| Host::parse(d)) {
        Some(Ok(Host::Name(domain))) => domain,
        _ => {
            return (StatusCode::BAD_REQUEST, "give an email address: ?email=user@example.com")
                .into_response();
        }
    };
    let client = crate::access::client_ip(&headers, peer, shared.config.trust_forwarded_for);
    // A discovery opens up to a dozen connections at once; it counts as one against the caps.
    let _slot = match shared.limits.try_acquire(client) {
        Ok(slot) => slot,
        Err(hit) => {
            shared.metrics.refused(hit.rule());
            return (StatusCode::TOO_MANY_REQUESTS, "too many connections; try again later").into_response();
        }
    };
    Metrics::add(&shared.metrics.discoveries_total, 1);
    info!(%domain, "discovery");
    let deadline = Instant::now() + Duration::from_secs(shared.config.discovery_timeout);
    let report = discover(
        &shared.upstream,
        &domain,
        &Ports::from_config(&shared.config.discovery_ports),
        deadline,
        true,
    )
    .await;
    let mut response = axum::Json(report).into_response();
    response
        .headers_mut()
        .insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    response
}
