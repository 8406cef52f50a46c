//! The bridge's configuration: command-line flags, `POSTHORN_*` environment variables and an
//! optional TOML file, in that order of precedence, over secure defaults.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, ValueEnum};
use posthorn_proto::secret::Secret;
use serde::{Deserialize, Serialize};

use crate::policy::cidr::Cidr;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Everything an operator can set. `Config::default()` is the secure default: listen on
/// 127.0.0.1:8080, serve `dist/`, mail ports only, public addresses only, same-origin only.
#[derive(Debug, Clone, Parser, Serialize, Deserialize)]
#[command(
    name = "posthorn-bridge",
    version,
    about = "Serves the Posthorn mail app and relays its WebSocket connections to mail servers.",
    long_about = "Serves the Posthorn mail app and relays its WebSocket connections (at /ws) to IMAP, \
POP3 and SMTP servers, with TLS verification, an address policy that keeps browsers away from \
internal networks, origin checks, optional access tokens and connection limits.\n\n\
Every option can also be given as an environment variable (shown below) or as a key of the same \
name (with underscores) in the TOML file given by --config. Flags win over the environment, the \
environment over the file, the file over the defaults."
)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// A TOML file with any of these options, keys spelt with underscores (e.g. `allow_port = [2525]`).
    #[arg(long, env = "POSTHORN_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The address to listen on. Use 0.0.0.0:8080 or [::]:8080 to accept other machines.
    #[arg(long, env = "POSTHORN_LISTEN", default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub listen: SocketAddr,

    /// The directory with the built app (Trunk's dist/).
    #[arg(long, env = "POSTHORN_DIST", default_value = "dist", value_name = "DIR")]
    pub dist: PathBuf,

    /// Also allow this mail-server port (repeatable). Default set: 143 993 110 995 587 465 4190.
    #[arg(long = "allow-port", env = "POSTHORN_ALLOW_PORT", value_delimiter = ',', value_name = "N")]
    pub allow_port: Vec<u16>,

    /// Allow connections into this otherwise refused address range (repeatable), e.g. 10.1.0.0/16
    /// for an office mail server, or 127.0.0.0/8 in tests.
    #[arg(long = "allow-net", env = "POSTHORN_ALLOW_NET", value_delimiter = ',', value_name = "CIDR")]
    pub allow_net: Vec<Cidr>,

    /// Only allow mail servers whose name matches one of these patterns (repeatable):
    /// `mail.example.com` exactly, `*.example.com` for any subdomain. Default: any host.
    #[arg(long = "allow-host", env = "POSTHORN_ALLOW_HOST", value_delimiter = ',', value_name = "PATTERN")]
    pub allow_host: Vec<String>,

    /// Also accept WebSocket upgrades from this origin (repeatable), e.g. https://mail.example.com.
    /// Default: only the bridge's own origin (the Origin's host:port must equal the Host header).
    #[arg(
        long = "allowed-origin",
        env = "POSTHORN_ALLOWED_ORIGIN",
        value_delimiter = ',',
        value_name = "ORIGIN"
    )]
    pub allowed_origin: Vec<String>,

    /// Trust this PEM file's CA certificates for mail servers too (repeatable), for self-hosted
    /// servers with a private CA. The public roots stay trusted; verification is never skipped.
    #[arg(long = "extra-ca", env = "POSTHORN_EXTRA_CA", value_delimiter = ',', value_name = "FILE")]
    pub extra_ca: Vec<PathBuf>,

    /// Refuse certificate pins. By default a browser may send the SHA-256 fingerprint of a
    /// certificate its user inspected and trusted (`pin_sha256` in the open message), and the
    /// bridge then accepts exactly that certificate for that connection, for mail servers with a
    /// self-signed certificate. With this set, only the public roots and --extra-ca are trusted
    /// and an open message with a pin is refused (`pinning_disabled`).
    #[arg(long = "no-certificate-pinning", env = "POSTHORN_NO_CERTIFICATE_PINNING")]
    pub no_certificate_pinning: bool,

    /// Require this access token (repeatable) on /ws and /discover, as `Authorization: Bearer`,
    /// `?token=`, a `Sec-WebSocket-Protocol` entry `token.<TOKEN>`, or the open message's `token`.
    /// Default: no token needed (fine on 127.0.0.1; set one for public deployments).
    #[arg(long = "token", env = "POSTHORN_TOKEN", value_name = "TOKEN", hide_env_values = true)]
    pub token: Vec<Secret>,

    /// A file with access tokens, one per line (blank lines and `#` comments ignored).
    #[arg(long = "token-file", env = "POSTHORN_TOKEN_FILE", value_name = "FILE")]
    pub token_file: Option<PathBuf>,

    /// Serve HTTPS with this PEM certificate chain (needs --tls-key).
    #[arg(long = "tls-cert", env = "POSTHORN_TLS_CERT", value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// The PEM private key for --tls-cert.
    #[arg(long = "tls-key", env = "POSTHORN_TLS_KEY", value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Use the first X-Forwarded-For address as the client address (for per-client limits and
    /// logs). Only set this behind a reverse proxy that overwrites the header.
    #[arg(long = "trust-forwarded-for", env = "POSTHORN_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,

    /// At most this many mail connections at once, in total.
    #[arg(
        long = "max-connections",
        env = "POSTHORN_MAX_CONNECTIONS",
        default_value_t = 1024,
        value_name = "N"
    )]
    pub max_connections: usize,

    /// At most this many mail connections at once from one client address.
    #[arg(
        long = "max-connections-per-ip",
        env = "POSTHORN_MAX_CONNECTIONS_PER_IP",
        default_value_t = 32,
        value_name = "N"
    )]
    pub max_connections_per_ip: usize,

    /// Seconds to resolve and connect to a mail server.
    #[arg(
        long = "connect-timeout",
        env = "POSTHORN_CONNECT_TIMEOUT",
        default_value_t = 10,
        value_name = "SECS"
    )]
    pub connect_timeout: u64,

    /// Seconds for a TLS handshake (to a mail server or on the HTTPS listener), for the HTTP request
    /// headers, and for the client's first WebSocket message.
    #[arg(
        long = "handshake-timeout",
        env = "POSTHORN_HANDSHAKE_TIMEOUT",
        default_value_t = 10,
        value_name = "SECS"
    )]
    pub handshake_timeout: u64,

    /// Close a mail connection after this many seconds without data in either direction. The
    /// default leaves room for IMAP IDLE, which clients renew every 29 minutes.
    #[arg(long = "idle-timeout", env = "POSTHORN_IDLE_TIMEOUT", default_value_t = 1860, value_name = "SECS")]
    pub idle_timeout: u64,

    /// Send a WebSocket ping after this many seconds without traffic to the browser, so that
    /// proxies and NAT boxes keep a quiet session (IMAP IDLE) open; 0 turns pings off. Pings
    /// do not count as activity for --idle-timeout.
    #[arg(long = "ping-interval", env = "POSTHORN_PING_INTERVAL", default_value_t = 30, value_name = "SECS")]
    pub ping_interval: u64,

    /// Largest WebSocket frame accepted from a browser, in bytes.
    #[arg(long = "max-frame-size", env = "POSTHORN_MAX_FRAME_SIZE", default_value_t = 1 << 20, value_name = "BYTES")]
    pub max_frame_size: usize,

    /// Largest WebSocket message accepted from a browser, in bytes.
    #[arg(long = "max-message-size", env = "POSTHORN_MAX_MESSAGE_SIZE", default_value_t = 1 << 20, value_name = "BYTES")]
    pub max_message_size: usize,

    /// Seconds that open sessions may go on after SIGTERM/SIGINT before they are closed.
    #[arg(
        long = "shutdown-grace",
        env = "POSTHORN_SHUTDOWN_GRACE",
        default_value_t = 10,
        value_name = "SECS"
    )]
    pub shutdown_grace: u64,

    /// Overall seconds for one account discovery (/discover).
    #[arg(
        long = "discovery-timeout",
        env = "POSTHORN_DISCOVERY_TIMEOUT",
        default_value_t = 8,
        value_name = "SECS"
    )]
    pub discovery_timeout: u64,

    /// The ports account discovery probes, as six numbers: IMAP TLS, IMAP STARTTLS, POP3 TLS, POP3
    /// STARTTLS, submission TLS, submission STARTTLS. For providers on non-standard ports (and tests).
    /// Default: 993,143,995,110,465,587.
    #[arg(
        long = "discovery-ports",
        env = "POSTHORN_DISCOVERY_PORTS",
        value_delimiter = ',',
        value_name = "PORTS"
    )]
    pub discovery_ports: Vec<u16>,

    /// Log line format.
    #[arg(long = "log-format", env = "POSTHORN_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

impl Default for Config {
    fn default() -> Self {
        // One source of truth for the defaults: clap's, with the environment switched off so that a
        // stray POSTHORN_* variable cannot change what "default" means.
        let matches = Config::command().mut_args(|arg| arg.env(None)).get_matches_from(["posthorn-bridge"]);
        Config::from_arg_matches(&matches).expect("the defaults parse")
    }
}

/// Why the configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The command line or environment was invalid (includes `--help` and `--version`).
    #[error(transparent)]
    Args(#[from] clap::Error),
    /// The config file or a file it names could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The config file is not valid TOML for these options.
    #[error("invalid config file {path}: {message}")]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the line.
        message: String,
    },
    /// The options contradict each other or a value is out of range.
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl Config {
    /// Reads flags and `POSTHORN_*` variables from the process, then the `--config` file if any.
    pub fn from_args_env_file() -> Result<Config, ConfigError> {
        Self::from_iter_env_file(std::env::args_os())
    }

    /// Like [`Config::from_args_env_file`] with explicit arguments (the first is the program name).
    pub fn from_iter_env_file<I, T>(args: I) -> Result<Config, ConfigError>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let matches = Config::command().try_get_matches_from(args)?;
        let mut config = Config::from_arg_matches(&matches)?;
        if let Some(path) = config.config.clone() {
            let text = std::fs::read_to_string(&path)
                .map_err(|source| ConfigError::Read { path: path.clone(), source })?;
            config = merge_file(config, &matches, &text)
                .map_err(|message| ConfigError::File { path: path.clone(), message })?;
        }
        config.validate()?;
        Ok(config)
    }

    /// Checks values clap cannot check on its own.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |m: &str| Err(ConfigError::Invalid(m.to_owned()));
        if self.max_connections == 0 || self.max_connections_per_ip == 0 {
            return invalid("connection limits must be at least 1");
        }
        if self.max_frame_size < 1024 || self.max_message_size < self.max_frame_size.min(1024) {
            return invalid("frame and message size limits must be at least 1024 bytes");
        }
        if self.connect_timeout == 0 || self.handshake_timeout == 0 || self.idle_timeout == 0 {
            return invalid("timeouts must be at least 1 second");
        }
        if self.tls_cert.is_some() != self.tls_key.is_some() {
            return invalid("--tls-cert and --tls-key go together");
        }
        if !self.discovery_ports.is_empty() && self.discovery_ports.len() != 6 {
            return invalid(
                "--discovery-ports takes six ports: IMAP TLS, IMAP STARTTLS, POP3 TLS, POP3 STARTTLS, submission TLS, submission STARTTLS",
            );
        }
        for origin in &self.allowed_origin {
            if !crate::access::is_valid_origin(origin) {
                return Err(ConfigError::Invalid(format!(
                    "--allowed-origin `{origin}` is not an origin like https://mail.example.com or http://localhost:8080"
                )));
            }
        }
        for pattern in &self.allow_host {
            crate::policy::host::HostPattern::parse(pattern).map_err(ConfigError::Invalid)?;
        }
        Ok(())
    }

    /// The access tokens from `--token` and `--token-file`.
    pub fn tokens(&self) -> Result<Vec<Secret>, ConfigError> {
        let mut tokens: Vec<Secret> = self.token.iter().filter(|t| !t.is_empty()).cloned().collect();
        if let Some(path) = &self.token_file {
            let text = std::fs::read_to_string(path)
                .map_err(|source| ConfigError::Read { path: path.clone(), source })?;
            tokens.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(Secret::from),
            );
        }
        Ok(tokens)
    }

    /// The connect timeout as a duration.
    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs(self.connect_timeout)
    }

    /// The handshake timeout as a duration.
    pub fn handshake_timeout(&self) -> Duration {
        Duration::from_secs(self.handshake_timeout)
    }

    /// The idle timeout as a duration.
    pub fn idle_timeout(&self) -> Duration {
        Duration::from_secs(self.idle_timeout)
    }
}

/// Lays the file's values under the command line: a key from the file wins only where the flag
/// and its environment variable were both absent.
fn merge_file(cli: Config, matches: &clap::ArgMatches, text: &str) -> Result<Config, String> {
    let file: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    // Validate the file on its own first, so that unknown keys and wrong types are reported
    // against the file rather than against the merged result.
    Config::deserialize(toml::Value::Table(file.clone())).map_err(|e| e.to_string())?;
    let mut merged = toml::Table::try_from(&cli).map_err(|e| e.to_string())?;
    for (key, value) in file {
        if key == "config" {
            return Err("`config` cannot be set inside the config file".into());
        }
        let given =
            matches!(matches.value_source(&key), Some(ValueSource::CommandLine | ValueSource::EnvVariable));
        if !given {
            merged.insert(key, value);
        }
    }
    Config::deserialize(toml::Value::Table(merged)).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_secure_ones() {
        let c = Config::default();
        assert_eq!(c.listen, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(c.dist, PathBuf::from("dist"));
        assert!(c.allow_port.is_empty() && c.allow_net.is_empty() && c.allowed_origin.is_empty());
        assert!(c.token.is_empty());
        c.validate().unwrap();
    }

    #[test]
    fn help_documents_every_option() {
        let help = Config::command().render_long_help().to_string();
        for arg in Config::command().get_arguments() {
            if let Some(long) = arg.get_long() {
                assert!(help.contains(&format!("--{long}")), "--{long} missing from --help");
                assert!(arg.get_help().is_some(), "--{long} has no help text");
            }
        }
    }

    #[test]
    fn file_fills_in_below_flags() {
        let dir = std::env::temp_dir().join(format!("posthorn-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("bridge.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:9999\"\nallow_port = [2525]\nidle_timeout = 60\n")
            .unwrap();
        let c = Config::from_iter_env_file([
            "posthorn-bridge",
            "--config",
            file.to_str().unwrap(),
            "--idle-timeout",
            "30",
        ])
        .unwrap();
        assert_eq!(c.listen, "127.0.0.1:9999".parse().unwrap());
        assert_eq!(c.allow_port, vec![2525]);
        assert_eq!(c.idle_timeout, 30, "the flag wins over the file");
        std::fs::write(&file, "no_such_option = 1\n").unwrap();
        let err =
            Config::from_iter_env_file(["posthorn-bridge", "--config", file.to_str().unwrap()]).unwrap_err();
        assert!(err.to_string().contains("no_such_option"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn tokens_are_not_printed_in_debug() {
        let c = Config::from_iter_env_file(["posthorn-bridge", "--token", "s3cr3t-token"]).unwrap();
        assert!(!format!("{c:?}").contains("s3cr3t"));
        assert_eq!(c.tokens().unwrap()[0].expose(), "s3cr3t-token");
    }
}
