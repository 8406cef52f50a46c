//! The bridge's connection policy: which ports, hosts and addresses a browser may reach.
//!
//! The order of checks is port, host allowlist, then every resolved address; the bridge then
//! connects to exactly an address that passed (see [`crate::upstream`]), so a DNS answer that
//! changes between check and connect cannot smuggle in an internal address.

pub mod address;
pub mod cidr;
pub mod host;

use std::collections::BTreeSet;
use std::net::IpAddr;

use posthorn_proto::wire::ErrorCode;

use self::address::Host;
use self::cidr::Cidr;
use self::host::HostPattern;
use crate::config::Config;

/// The mail ports allowed without `--allow-port`: IMAP, IMAPS, POP3, POP3S, submission,
/// submissions and ManageSieve (RFC 5804, where the app keeps a person's filters). Port 25 is for
/// server-to-server relay and is not here on purpose.
pub const DEFAULT_PORTS: [u16; 7] = [143, 993, 110, 995, 587, 465, 4190];

/// A policy refusal, ready for an `error` message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The wire error code.
    pub code: ErrorCode,
    /// The rule that refused, e.g. `loopback`, `port`, `host`.
    pub rule: String,
    /// A sentence for a person.
    pub message: String,
}

/// The compiled policy.
#[derive(Debug, Clone)]
pub struct Policy {
    ports: BTreeSet<u16>,
    allow_nets: Vec<Cidr>,
    hosts: Vec<HostPattern>,
}

impl Policy {
    /// Builds the policy from the configuration (patterns were validated by [`Config::validate`]).
    pub fn from_config(config: &Config) -> Self {
        let mut ports: BTreeSet<u16> = DEFAULT_PORTS.into_iter().collect();
        ports.extend(config.allow_port.iter().copied());
        Policy {
            ports,
            allow_nets: config.allow_net.clone(),
            hosts: config.allow_host.iter().filter_map(|p| HostPattern::parse(p).ok()).collect(),
        }
    }

    /// Whether `port` may be connected to.
    pub fn check_port(&self, port: u16) -> Result<(), Refusal> {
        if self.ports.contains(&port) {
            return Ok(());
        }
        let extra =
            if port == 25 { " (port 25 is for server-to-server mail, not for mail clients)" } else { "" };
        Err(Refusal {
            code: ErrorCode::PolicyPort,
            rule: "port".into(),
            message: format!(
                "port {port} is not allowed by this bridge{extra}; allowed ports: {}. The operator can add one with --allow-port.",
                self.ports.iter().map(u16::to_string).collect::<Vec<_>>().join(" ")
            ),
        })
    }

    /// Whether `host` is on the allowlist (everything is, without `--allow-host`).
    pub fn check_host(&self, host: &Host) -> Result<(), Refusal> {
        if self.hosts.is_empty() || self.hosts.iter().any(|p| p.matches(host)) {
            return Ok(());
        }
        Err(Refusal {
            code: ErrorCode::PolicyHost,
            rule: "host".into(),
            message: format!("{host} is not among the mail servers this bridge serves"),
        })
    }

    /// Whether `ip` may be connected to; returns the address to connect to (IPv4-mapped IPv6
    /// addresses become their IPv4 form, so the socket goes where the check looked).
    pub fn check_addr(&self, ip: IpAddr) -> Result<IpAddr, Refusal> {
        let canonical = ip.to_canonical();
        if self.allow_nets.iter().any(|net| net.contains(canonical)) {
            return Ok(canonical);
        }
        match address::refused_rule(ip) {
            None => Ok(canonical),
            Some(rule) => Err(Refusal {
                code: ErrorCode::PolicyAddress,
                rule: rule.into(),
                message: format!(
                    "{ip} is a {rule} address; this bridge only connects to public mail servers \
                     (the operator can open a range with --allow-net)"
                ),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(args: &[&str]) -> Policy {
        let mut all = vec!["posthorn-bridge"];
        all.extend_from_slice(args);
        Policy::from_config(&Config::from_iter_env_file(all).unwrap())
    }

    #[test]
    fn default_ports_only() {
        let p = policy(&[]);
        for port in DEFAULT_PORTS {
            assert!(p.check_port(port).is_ok());
        }
        for port in [25, 2525, 80, 443, 22, 0, 65535] {
            let r = p.check_port(port).unwrap_err();
            assert_eq!(r.code, ErrorCode::PolicyPort);
        }
        assert!(p.check_port(25).unwrap_err().message.contains("server-to-server"));
        let p = policy(&["--allow-port", "2525", "--allow-port", "10143"]);
        assert!(p.check_port(2525).is_ok() && p.check_port(10143).is_ok() && p.check_port(25).is_err());
    }

    #[test]
    fn allow_net_opens_a_range_and_nothing_else() {
        let p = policy(&["--allow-net", "127.0.0.0/8", "--allow-net", "fd00::/8"]);
        assert_eq!(p.check_addr("127.0.0.1".parse().unwrap()), Ok("127.0.0.1".parse().unwrap()));
        assert_eq!(p.check_addr("::ffff:127.0.0.1".parse().unwrap()), Ok("127.0.0.1".parse().unwrap()));
        assert!(p.check_addr("fd00::25".parse().unwrap()).is_ok());
        assert_eq!(p.check_addr("10.0.0.1".parse().unwrap()).unwrap_err().rule, "private");
        assert_eq!(p.check_addr("::1".parse().unwrap()).unwrap_err().rule, "loopback");
        let p = policy(&[]);
        let r = p.check_addr("169.254.169.254".parse().unwrap()).unwrap_err();
        assert_eq!((r.code, r.rule.as_str()), (ErrorCode::PolicyAddress, "link-local"));
    }

    #[test]
    fn host_allowlist() {
        let p = policy(&["--allow-host", "*.example.com", "--allow-host", "mail.example.org"]);
        assert!(p.check_host(&Host::parse("imap.example.com").unwrap()).is_ok());
        assert!(p.check_host(&Host::parse("mail.example.org").unwrap()).is_ok());
        let r = p.check_host(&Host::parse("imap.example.net").unwrap()).unwrap_err();
        assert_eq!(r.code, ErrorCode::PolicyHost);
        assert!(policy(&[]).check_host(&Host::parse("anything.example").unwrap()).is_ok());
    }
}
