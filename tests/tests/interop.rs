//! The interop suite: the same scenario through the real app in Chromium against every mail
//! server people commonly run (`posthorn_tests::interop::scenario`), printed as a matrix and
//! written to `$POSTHORN_INTEROP_MATRIX` (default `interop-results/matrix.txt`).
//!
//! Ignored in the normal run: it needs the servers `bash .ci/posthorn interop` unpacks, and it
//! takes minutes. Run it with that command, or
//! `cargo test -p posthorn-tests --test interop -- --ignored --nocapture`
//! (`POSTHORN_INTEROP_SERVERS=cyrus` runs only Cyrus with Exim; `dovecot` only Dovecot with Postfix).

use std::path::PathBuf;
use std::time::Instant;

use posthorn_tests::interop::matrix::{Matrix, Outcome};
use posthorn_tests::interop::opensmtpd::OpenSmtpd;
use posthorn_tests::interop::scenario::{self, Delivered, Target};
use posthorn_tests::interop::{alice, bob, courier::Courier, cyrus::Cyrus, exim::Exim, tools_dir};
use posthorn_tests::mailstack::{Account, HOST, ImapClient, MailStack, TestCa};

fn carol() -> Account {
    Account {
        user: "carol".into(),
        password: "carol-interop-2Hv".into(),
        address: "carol@posthorn.test".into(),
    }
}

fn matrix_path() -> PathBuf {
    std::env::var_os("POSTHORN_INTEROP_MATRIX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../interop-results/matrix.txt"))
}

/// Reads the INBOX of `account` on an IMAPS server: where Postfix delivers (through Dovecot).
fn inbox_reader(port: u16, tls: std::sync::Arc<rustls::ClientConfig>) -> Delivered {
    Box::new(move |account: &Account| {
        let fetch = || -> Result<Vec<Vec<u8>>, String> {
            let mut c = ImapClient::connect_tls(HOST, port, tls.clone()).map_err(|e| e.to_string())?;
            c.login(&account.user, &account.password).map_err(|e| e.to_string())?;
            c.select("INBOX").map_err(|e| e.to_string())?;
            let all = c.fetch_all().map_err(|e| e.to_string())?;
            let _ = c.logout();
            Ok(all.into_iter().map(|m| m.raw).collect())
        };
        fetch().unwrap_or_default()
    })
}

fn run_scenario(target: &Target, matrix: &mut Matrix) {
    if let Err(e) = target.seed() {
        matrix.run(&target.imap_name, scenario::SIGN_IN, || Err(format!("seeding the account failed: {e}")));
        return;
    }
    target.sign_in_each_mechanism(matrix);
    target.mail_steps(matrix);
    target.pop3_steps(matrix);
    target.filter_steps(matrix);
}

fn dovecot_and_postfix(matrix: &mut Matrix) {
    let began = Instant::now();
    let stack = MailStack::start().expect("Dovecot and Postfix");
    let p = stack.ports();
    let bridge = Target::bridge(&[p.imaps, p.pop3s, p.submissions, p.managesieve], stack.ca_pem_path());
    let target = Target {
        imap_name: "Dovecot 2.3".into(),
        imaps: p.imaps,
        pop3s: Some(p.pop3s),
        managesieve: Some(p.managesieve),
        mechanisms: vec!["SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN"],
        prefix: "",
        separator: '/',
        smtp_name: "Postfix 3.7".into(),
        submissions: p.submissions,
        delivered: inbox_reader(p.imaps, stack.tls_client_config()),
        alice: stack.alice().clone(),
        bob: stack.bob().clone(),
        carol: stack.carol().clone(),
        tls: stack.tls_client_config(),
        bridge_url: bridge.url.clone(),
    };
    run_scenario(&target, matrix);
    matrix.timed("Dovecot 2.3 + Postfix 3.7", began);
}

fn cyrus_and_exim(matrix: &mut Matrix, tools: &std::path::Path) {
    let began = Instant::now();
    let ca = TestCa::generate().expect("a CA");
    let tls = ca.client_config().expect("client config");
    let accounts = [alice(), bob(), carol()];
    let cyrus = Cyrus::start(tools, &ca, tls.clone(), &accounts);
    let exim = Exim::start(tools, &ca, &accounts);
    let (cyrus, exim) = match (cyrus, exim) {
        (Ok(c), Ok(e)) => (c, e),
        (c, e) => {
            if let Err(reason) = &c {
                matrix
                    .run("Cyrus 3.6.1", scenario::SIGN_IN, || Err(format!("Cyrus did not start: {reason}")));
            }
            if let Err(reason) = &e {
                matrix.run("Exim 4.96", scenario::SEND, || Err(format!("Exim did not start: {reason}")));
            }
            return;
        }
    };
    let ca_pem = cyrus.dir.write("tls/ca.pem", &ca.ca_pem, 0o644).expect("CA file");
    let bridge = Target::bridge(&[cyrus.imaps, cyrus.pop3s, cyrus.sieve, exim.submissions], ca_pem);
    let exim = std::rc::Rc::new(exim);
    let delivered = {
        let exim = exim.clone();
        Box::new(move |a: &Account| exim.delivered(&a.user)) as Delivered
    };
    let target = Target {
        imap_name: "Cyrus 3.6.1".into(),
        imaps: cyrus.imaps,
        pop3s: Some(cyrus.pop3s),
        managesieve: Some(cyrus.sieve),
        mechanisms: vec!["SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN"],
        prefix: "INBOX.",
        separator: '.',
        smtp_name: "Exim 4.96".into(),
        submissions: exim.submissions,
        delivered,
        alice: alice(),
        bob: bob(),
        carol: carol(),
        tls,
        bridge_url: bridge.url.clone(),
    };
    run_scenario(&target, matrix);
    if matrix.failures().iter().any(|f| f.starts_with("Cyrus") || f.starts_with("Exim")) {
        println!("Cyrus master:\n{}\nExim:\n{}", cyrus.logs(), exim.logs());
    }
    matrix.timed("Cyrus 3.6.1 + Exim 4.96", began);
}

fn courier_and_exim(matrix: &mut Matrix, tools: &std::path::Path) {
    const COURIER: &str = "Courier 5.0.13";
    let began = Instant::now();
    let ca = TestCa::generate().expect("a CA");
    let tls = ca.client_config().expect("client config");
    let accounts = [alice(), bob(), carol()];
    let courier = match Courier::start(tools, &ca, &accounts) {
        Ok(c) => c,
        Err(reason) => {
            matrix.run(COURIER, scenario::SIGN_IN, || Err(format!("Courier did not start: {reason}")));
            return;
        }
    };
    let exim = match Exim::start(tools, &ca, &accounts) {
        Ok(e) => std::rc::Rc::new(e),
        Err(reason) => {
            matrix.run("Exim 4.96", scenario::SEND, || Err(format!("Exim did not start: {reason}")));
            return;
        }
    };
    let ca_pem = courier.dir.write("tls/ca.pem", &ca.ca_pem, 0o644).expect("CA file");
    let bridge = Target::bridge(&[courier.imaps, courier.pop3s, exim.submissions], ca_pem);
    let delivered = {
        let exim = exim.clone();
        Box::new(move |a: &Account| exim.delivered(&a.user)) as Delivered
    };
    let target = Target {
        imap_name: COURIER.into(),
        imaps: courier.imaps,
        pop3s: Some(courier.pop3s),
        // Courier filters with maildrop and has no ManageSieve server.
        managesieve: None,
        mechanisms: vec!["PLAIN"],
        prefix: "INBOX.",
        separator: '.',
        smtp_name: "Exim 4.96 (with Courier)".into(),
        submissions: exim.submissions,
        delivered,
        alice: alice(),
        bob: bob(),
        carol: carol(),
        tls,
        bridge_url: bridge.url.clone(),
    };
    matrix.not_applicable(
        COURIER,
        &["sign-in SCRAM-SHA-256", "sign-in SCRAM-SHA-1", "sign-in CRAM-MD5", "sign-in LOGIN"],
        "Courier offers only AUTH=PLAIN (after TLS) as Debian configures it; CRAM needs clear-text \
         passwords in its userdb",
    );
    // Courier has no special-use folders (RFC 6154) and makes none: the app finds these by name.
    for name in ["INBOX.Sent", "INBOX.Drafts", "INBOX.Trash"] {
        for account in [alice(), bob()] {
            if let Err(e) = target.imap(&account, |c| c.create(name).map_err(|e| e.to_string())) {
                matrix.run(COURIER, scenario::SIGN_IN, || Err(format!("CREATE {name}: {e}")));
                return;
            }
        }
    }
    run_scenario(&target, matrix);
    if matrix.failures().iter().any(|f| f.starts_with("Courier")) {
        println!("Courier:\n{}\nExim:\n{}", courier.logs(), exim.logs());
    }
    matrix.timed("Courier 5.0.13 + Exim 4.96", began);
}

/// OpenSMTPD gets as far as the TLS handshake of submissions; where that fails (Debian 12's
/// build, in the server itself) the send step cannot apply, and the matrix says why.
fn opensmtpd(matrix: &mut Matrix, tools: &std::path::Path) {
    const NAME: &str = "OpenSMTPD 6.8.0p2";
    let ca = TestCa::generate().expect("a CA");
    let tls = ca.client_config().expect("client config");
    let smtpd = match OpenSmtpd::start(tools, &ca) {
        Ok(s) => s,
        Err(reason) => {
            matrix.run(NAME, scenario::SEND, || Err(format!("OpenSMTPD did not start: {reason}")));
            return;
        }
    };
    match smtpd.tls_handshake(tls) {
        Ok(greeting) => matrix.record(
            NAME,
            scenario::SEND,
            Outcome::NotApplicable(format!("TLS works now ({greeting}); wire the send step in for it")),
        ),
        Err(reason) => matrix.record(NAME, scenario::SEND, Outcome::NotApplicable(reason)),
    }
}

#[test]
#[ignore = "needs the servers `bash .ci/posthorn interop` unpacks; takes minutes"]
fn interop_matrix() {
    let tools = tools_dir().expect("the interop servers: run `bash .ci/posthorn interop`");
    let began = Instant::now();
    let mut matrix = Matrix::default();
    // POSTHORN_INTEROP_SERVERS=cyrus,dovecot runs only those (while working on one server).
    let only = std::env::var("POSTHORN_INTEROP_SERVERS").unwrap_or_default();
    let wanted = |name: &str| only.is_empty() || only.split(',').any(|s| s.trim() == name);
    if wanted("dovecot") {
        dovecot_and_postfix(&mut matrix);
    }
    if wanted("cyrus") {
        cyrus_and_exim(&mut matrix, &tools);
    }
    if wanted("courier") {
        courier_and_exim(&mut matrix, &tools);
    }
    if wanted("opensmtpd") {
        opensmtpd(&mut matrix, &tools);
    }
    matrix.timed("whole suite", began);
    let table = matrix.render();
    println!("\n{table}");
    let path = matrix_path();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("matrix directory");
    }
    std::fs::write(&path, &table).expect("write the matrix");
    let failures = matrix.failures();
    assert!(failures.is_empty(), "{} interop failures:\n{}", failures.len(), failures.join("\n"));
}

/// Stopping Courier stops every process it started: couriertcpd leaves its process group, and a
/// leftover one would keep its ports (and the next run's mount namespace busy).
#[test]
#[ignore = "needs the servers `bash .ci/posthorn interop` unpacks"]
fn courier_stops_every_process() {
    let tools = tools_dir().expect("the interop servers: run `bash .ci/posthorn interop`");
    let ca = TestCa::generate().expect("a CA");
    let courier = Courier::start(&tools, &ca, &[alice()]).expect("Courier");
    let ports = [courier.imap, courier.imaps, courier.pop3s];
    assert!(std::net::TcpStream::connect((HOST, courier.imap)).is_ok());
    drop(courier);
    for port in ports {
        assert!(std::net::TcpStream::connect((HOST, port)).is_err(), "port {port} still listens");
    }
}
