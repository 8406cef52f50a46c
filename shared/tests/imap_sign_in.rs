//! Signing in to IMAP (RFC 3501 section 6.2) in `C:`/`S:` form: the strongest mechanism offered,
//! SASL-IR (RFC 4959), LOGINDISABLED, a pinned mechanism, a refusal. The server is scripted (see
//! `support/imap.rs`); the real Dovecot with SCRAM-SHA-256 runs in `tests/tests/sign_in.rs`.
#![cfg(test)]

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/imap.rs"]
mod support;

use posthorn_proto::imap::{Command, Config, Data, Error, ImapClient};
use posthorn_proto::sasl::{Credentials, Mechanism, Options, SaslError};
use posthorn_proto::security::TlsMode;
use support::{bytewise, drive, nothing, results, run_unchecked, script, whole};

/// The SCRAM-SHA-256 example of RFC 7677 section 3 (user "user", password "pencil").
const NONCE: &str = "rOprNGfwEbeRWgbNEkqO";

fn tls() -> Config {
    Config::new(TlsMode::Implicit)
}

fn sign_in_with_password(client: &mut ImapClient) {
    let options = Options { scram_client_nonce: Some(NONCE.into()), ..Options::default() };
    client.enqueue(Command::SignIn { credentials: Credentials::password("user", "pencil"), options });
}

fn sign_in_with_token(client: &mut ImapClient) {
    client.enqueue(Command::SignIn {
        credentials: Credentials::oauth2("user", "ya29.token"),
        options: Options::default(),
    });
}

/// The client's first line after the greeting.
fn first_command(capabilities: &str, setup: fn(&mut ImapClient)) -> String {
    let outcome = run_unchecked(
        &tls(),
        setup,
        &script(&format!(
            "S: * OK [CAPABILITY IMAP4rev1 {capabilities}] ready
             S: a001 NO [AUTHENTICATIONFAILED] Authentication failed."
        )),
        nothing,
    );
    outcome.output_text().lines().next().unwrap_or_default().to_owned()
}

/// SCRAM-SHA-256 wins over everything else offered; its first message rides on the command
/// (SASL-IR), every payload is redacted, and the server's proof is checked.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_strongest_mechanism_with_sasl_ir() {
    let script = script(
        "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=LOGIN AUTH=CRAM-MD5 AUTH=SCRAM-SHA-1 AUTH=SCRAM-SHA-256] ready
         C: a001 AUTHENTICATE SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
         S: + cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=
         C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==
         S: + dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
         C:
         S: a001 OK [CAPABILITY IMAP4rev1 IDLE] Logged in",
    );
    // Whole and byte by byte only: PBKDF2's 4096 rounds at every split point would take minutes
    // in a debug wasm build.
    let fresh = || {
        let mut client = ImapClient::new(tls());
        sign_in_with_password(&mut client);
        client
    };
    let outcome = drive(&mut fresh(), &whole(&script.phases), nothing);
    assert_eq!(drive(&mut fresh(), &bytewise(&script.phases), nothing), outcome, "byte by byte");
    assert_eq!(outcome.output_text(), String::from_utf8_lossy(&script.client));
    let transcript = outcome.rendered();
    assert!(transcript.contains("C: a001 AUTHENTICATE SCRAM-SHA-256 <redacted>\n"), "{transcript}");
    assert!(!transcript.contains("biws") && !transcript.contains("Yz1i"), "{transcript}");
    assert!(matches!(&results(&outcome)[0], Ok(Data::Authenticated(caps)) if caps.idle()));
}

/// Down the preference order as the server offers less: SCRAM-SHA-1, CRAM-MD5 (the server speaks
/// first), PLAIN over LOGIN, and the LOGIN command when no mechanism is offered at all.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_order_of_preference() {
    for (offered, expected) in [
        (
            "SASL-IR AUTH=PLAIN AUTH=CRAM-MD5 AUTH=SCRAM-SHA-1",
            "a001 AUTHENTICATE SCRAM-SHA-1 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=",
        ),
        ("SASL-IR AUTH=LOGIN AUTH=PLAIN AUTH=CRAM-MD5", "a001 AUTHENTICATE CRAM-MD5"),
        ("SASL-IR AUTH=LOGIN AUTH=PLAIN", "a001 AUTHENTICATE PLAIN AHVzZXIAcGVuY2ls"),
        // Without SASL-IR the initial response waits for the server's `+`.
        ("AUTH=PLAIN", "a001 AUTHENTICATE PLAIN"),
        ("AUTH=LOGIN", "a001 AUTHENTICATE LOGIN"),
        ("AUTH=GSSAPI", "a001 LOGIN user pencil"),
        ("", "a001 LOGIN user pencil"),
    ] {
        assert_eq!(first_command(offered, sign_in_with_password), expected, "offered: {offered}");
    }
}

/// A token goes only to the token mechanisms, OAUTHBEARER first; a password never does.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn tokens_only_to_token_mechanisms() {
    let offered = "SASL-IR AUTH=PLAIN AUTH=XOAUTH2 AUTH=OAUTHBEARER";
    assert!(first_command(offered, sign_in_with_token).starts_with("a001 AUTHENTICATE OAUTHBEARER "));
    assert!(
        first_command("SASL-IR AUTH=XOAUTH2", sign_in_with_token).starts_with("a001 AUTHENTICATE XOAUTH2 ")
    );
    assert_eq!(first_command(offered, sign_in_with_password), "a001 AUTHENTICATE PLAIN AHVzZXIAcGVuY2ls");
    // A token and a server with only password mechanisms: nothing is sent.
    assert_eq!(first_command("AUTH=PLAIN", sign_in_with_token), "");
}

/// LOGINDISABLED (RFC 3501 section 6.2.3): LOGIN is never sent; a mechanism still may be.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn login_disabled_is_honoured() {
    let outcome = run_unchecked(
        &tls(),
        sign_in_with_password,
        &script("S: * OK [CAPABILITY IMAP4rev1 LOGINDISABLED] ready"),
        nothing,
    );
    assert_eq!(outcome.output_text(), "");
    assert_eq!(results(&outcome)[0], Err(Error::LoginDisabled));
    assert_eq!(
        first_command("LOGINDISABLED SASL-IR AUTH=PLAIN", sign_in_with_password),
        "a001 AUTHENTICATE PLAIN AHVzZXIAcGVuY2ls"
    );
}

fn sign_in_pinned_to_scram(client: &mut ImapClient) {
    sign_in_with_password(client);
}

/// A mechanism the account pins is used or nothing is: no weaker fallback.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_pinned_mechanism_is_used_or_nothing() {
    let mut config = tls();
    config.policy.require = Some(Mechanism::ScramSha256);
    let outcome = run_unchecked(
        &config,
        sign_in_pinned_to_scram,
        &script("S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=CRAM-MD5] ready"),
        nothing,
    );
    assert_eq!(outcome.output_text(), "");
    assert!(
        matches!(&results(&outcome)[0], Err(Error::Sasl(SaslError::NoCommonMechanism { offered })) if offered.contains("CRAM-MD5")),
        "{:?}",
        results(&outcome)
    );
    config.policy.require = Some(Mechanism::Plain);
    let outcome = run_unchecked(
        &config,
        sign_in_pinned_to_scram,
        &script(
            "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=SCRAM-SHA-256] ready
             S: a001 OK Logged in",
        ),
        nothing,
    );
    assert!(outcome.output_text().starts_with("a001 AUTHENTICATE PLAIN "));
}

/// A mechanism the server refuses ends the sign-in with the server's answer; the password is not
/// tried again with a weaker mechanism.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_refused_mechanism_is_not_retried_weaker() {
    let outcome = run_unchecked(
        &tls(),
        sign_in_with_password,
        &script(
            "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=SCRAM-SHA-256] ready
             S: a001 NO [AUTHENTICATIONFAILED] Authentication failed.",
        ),
        nothing,
    );
    assert_eq!(outcome.output_text().lines().count(), 1, "{}", outcome.output_text());
    let error = results(&outcome)[0].clone().unwrap_err();
    assert!(matches!(&error, Error::No { command, .. } if command == "AUTHENTICATE"), "{error:?}");
    assert!(error.refuses_credentials());
}

/// A session the server pre-authenticated (PREAUTH, RFC 3501 section 7.1.4) is not signed in again.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn no_sign_in_after_preauth() {
    let outcome = run_unchecked(
        &tls(),
        sign_in_with_password,
        &script("S: * PREAUTH [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready"),
        nothing,
    );
    assert_eq!(outcome.output_text(), "");
    assert!(matches!(&results(&outcome)[0], Err(Error::WrongState { .. })), "{:?}", results(&outcome));
}
