//! Yahoo Mail's IMAP expects the client to identify itself with ID (RFC 2971) after signing in;
//! the server's lines replay that documented exchange with a scripted peer. The engine sends ID
//! with the caller's fields (or `ID NIL`, which identifies nothing), reads the server's answer,
//! and refuses ID locally where the server does not advertise it.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/imap.rs"]
mod support;

use posthorn_proto::imap::{Command, Config, Data, Error, ImapClient};
use posthorn_proto::security::TlsMode;
use support::{nothing, results, run};

fn tls() -> Config {
    Config::new(TlsMode::Implicit)
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn id_is_sent_and_the_servers_answer_read() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Id {
            parameters: vec![("name".into(), "Posthorn".into()), ("version".into(), "0.1".into())],
        });
        client.enqueue(Command::Id { parameters: Vec::new() });
    }
    let outcome = run(
        &tls(),
        setup,
        "S: * PREAUTH [CAPABILITY IMAP4rev1 ID MOVE NAMESPACE XYMHIGHESTMODSEQ UIDPLUS LITERAL+ CHILDREN X-MSG-EXT UNSELECT OBJECTID] IMAP4rev1 Hello
         C: a001 ID (\"name\" \"Posthorn\" \"version\" \"0.1\")
         S: * ID (\"name\" \"Yahoo Mail IMAP\" \"vendor\" \"Yahoo\" \"support-url\" NIL)
         S: a001 OK ID completed
         C: a002 ID NIL
         S: * ID NIL
         S: a002 OK ID completed",
        nothing,
    );
    assert_eq!(outcome.error, None);
    let results = results(&outcome);
    assert_eq!(
        results[0],
        Ok(Data::Id(vec![
            ("name".into(), Some("Yahoo Mail IMAP".into())),
            ("vendor".into(), Some("Yahoo".into())),
            ("support-url".into(), None),
        ]))
    );
    assert_eq!(results[1], Ok(Data::Id(Vec::new())));
}

/// Without ID in the capabilities nothing is sent (RFC 2971 section 3: only where advertised).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn id_is_not_sent_where_not_advertised() {
    fn setup(client: &mut ImapClient) {
        client.enqueue(Command::Id { parameters: vec![("name".into(), "Posthorn".into())] });
    }
    let outcome = run(&tls(), setup, "S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] ready", nothing);
    assert!(
        matches!(results(&outcome)[0], Err(Error::NotSupported { capability: "ID" })),
        "{:?}",
        outcome.events
    );
}
