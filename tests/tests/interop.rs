//! The interop suite: the same scenario through the real app in Chromium against every mail
//! server people commonly run (`posthorn_tests::interop::scenario`), printed as a matrix and
//! written to `$POSTHORN_INTEROP_MATRIX` (default `interop-results/matrix.txt`).
//!
//! Ignored in the normal run: it needs the servers `bash .ci/posthorn interop` unpacks, and it
//! takes minutes. Run it with that command, or
//! `cargo test -p posthorn-tests --test interop -- --ignored --nocapture`.

use std::path::PathBuf;
use std::time::Instant;

use posthorn_tests::interop::matrix::Matrix;
use posthorn_tests::interop::scenario::{self, Target};
use posthorn_tests::interop::{alice, bob, cyrus::Cyrus, exim::Exim, tools_dir};
use posthorn_tests::mailstack::{Account, HOST, ImapClient, MailStack, TestCa};

/// Every step, for the n/a cells of a server that is not run.
const IMAP_STEPS: &[&str] = &[
    scenario::SIGN_IN,
    scenario::FOLDERS,
    scenario::READ,
    scenario::FLAG,
    scenario::MOVE,
    scenario::SEARCH,
    scenario::DELETE,
    scenario::NEW_MAIL,
    scenario::SENT,
];

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
fn inbox_reader(
    port: u16,
    tls: std::sync::Arc<rustls::ClientConfig>,
) -> Box<dyn Fn(&Account) -> Vec<Vec<u8>>> {
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
}

fn dovecot_and_postfix(matrix: &mut Matrix) {
    let began = Instant::now();
    let stack = MailStack::start().expect("Dovecot and Postfix");
    let p = stack.ports();
    let bridge = Target::bridge(&[p.imaps, p.pop3s, p.submissions], stack.ca_pem_path());
    let target = Target {
        imap_name: "Dovecot 2.3".into(),
        imaps: p.imaps,
        pop3s: Some(p.pop3s),
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
    let bridge = Target::bridge(&[cyrus.imaps, cyrus.pop3s, exim.submissions], ca_pem);
    let exim = std::rc::Rc::new(exim);
    let delivered = {
        let exim = exim.clone();
        Box::new(move |a: &Account| exim.delivered(&a.user)) as Box<dyn Fn(&Account) -> Vec<Vec<u8>>>
    };
    let target = Target {
        imap_name: "Cyrus 3.6.1".into(),
        imaps: cyrus.imaps,
        pop3s: Some(cyrus.pop3s),
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

#[test]
#[ignore = "needs the servers `bash .ci/posthorn interop` unpacks; takes minutes"]
fn interop_matrix() {
    let tools = tools_dir().expect("the interop servers: run `bash .ci/posthorn interop`");
    let began = Instant::now();
    let mut matrix = Matrix::default();
    dovecot_and_postfix(&mut matrix);
    cyrus_and_exim(&mut matrix, &tools);
    matrix.not_applicable("Courier 5.0.13", IMAP_STEPS, "not wired into the suite yet");
    matrix.not_applicable(
        "OpenSMTPD 6.8.0p2",
        &[scenario::SEND],
        "Debian 12's build fails its own TLS handshake (SSL_accept: missing private key, with RSA and \
         ECDSA keys alike), so no client can submit over TLS",
    );
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
