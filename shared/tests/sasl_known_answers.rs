//! Known answers for the SASL mechanisms and APOP, from the reference texts (seeds/001_) and the
//! RFCs, plus the mechanism policy.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use base64::{Engine, engine::general_purpose::STANDARD};
use posthorn_proto::{
    sasl::{Authenticator, Credentials, Mechanism, Options, Policy, SaslError, apop_digest},
    secret::Secret,
};

fn password(user: &str, password: &str) -> Credentials {
    Credentials::password(user, password)
}

fn none() -> Options {
    Options::default()
}

#[test]
fn apop_digest_of_rfc_1939() {
    // RFC 1939 section 7's worked example.
    assert_eq!(
        apop_digest("<1896.697170952@dbc.mtview.ca.us>", &Secret::new("tanstaaf")),
        "c4c9334bac560ecc979e58001b3e22fb"
    );
}

#[test]
fn apop_digest_of_the_seed_timestamp() {
    // seeds/001_ prints 69cd75fb958e7958da34922f05cc3057 for this timestamp and password, but
    // MD5("<1017.997873531@mail.zeitform-services.de>geheimes_passwort") is ff6ed418...: the page's
    // own Perl script (md5_hex($stamp . $secret)) prints ff6ed418..., as do md5sum and Python's
    // hashlib. The page's value cannot be reproduced from its inputs (nor from obvious variants such
    // as the zeitform.de domain used in its other examples), so the known answer here is the
    // computed one, and RFC 1939's own example above anchors the algorithm.
    let digest = apop_digest("<1017.997873531@mail.zeitform-services.de>", &Secret::new("geheimes_passwort"));
    assert_eq!(digest, "ff6ed41840dbfbff9c88ba38dc96497b");
    assert_ne!(digest, "69cd75fb958e7958da34922f05cc3057");
}

#[test]
fn cram_md5_answers_the_seed_challenge() {
    // seeds/001_: the answer's user name decodes to benutzer@zeitform.de (not the
    // benutzer@zeitform-services.de the page's Perl script names), and the challenge decodes to
    // <4036.1076324381@guildenstern.zeitform.de>. With those actual values the digest matches.
    let challenge = "PDQwMzYuMTA3NjMyNDM4MUBndWlsZGVuc3Rlcm4uemVpdGZvcm0uZGU+";
    assert_eq!(STANDARD.decode(challenge).unwrap(), b"<4036.1076324381@guildenstern.zeitform.de>");
    let mut cram = Authenticator::new(
        Mechanism::CramMd5,
        &password("benutzer@zeitform.de", "geheimes_passwort"),
        &none(),
    )
    .unwrap();
    assert_eq!(cram.initial_response(), None);
    assert_eq!(
        cram.step_base64(challenge).unwrap(),
        "YmVudXR6ZXJAemVpdGZvcm0uZGUgMmQ5MzczZGZkOTFlMmU2NjMxYzhlMWFkNjk4MzRmYWQ="
    );
    // The brief's user name gives a different answer (same digest, different name).
    let mut cram = Authenticator::new(
        Mechanism::CramMd5,
        &password("benutzer@zeitform-services.de", "geheimes_passwort"),
        &none(),
    )
    .unwrap();
    let answer = STANDARD.decode(cram.step_base64(challenge).unwrap()).unwrap();
    assert_eq!(answer, b"benutzer@zeitform-services.de 2d9373dfd91e2e6631c8e1ad69834fad");
    // Only one challenge.
    assert!(matches!(cram.step(b"again"), Err(SaslError::UnexpectedChallenge { .. })));
}

#[test]
fn cram_md5_of_rfc_2195() {
    let mut cram =
        Authenticator::new(Mechanism::CramMd5, &password("tim", "tanstaaftanstaaf"), &none()).unwrap();
    let answer = cram.step_base64("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+").unwrap();
    assert_eq!(answer, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
}

#[test]
fn plain_matches_the_seed() {
    // seeds/001_: "AGJlbnV0emVyQHplaXRmb3JtLmRlAGdlaGVpbWVzX3Bhc3N3b3J0" is
    // NUL benutzer@zeitform.de NUL geheimes_passwort (again the short domain).
    let mut plain =
        Authenticator::new(Mechanism::Plain, &password("benutzer@zeitform.de", "geheimes_passwort"), &none())
            .unwrap();
    assert_eq!(
        plain.initial_response_base64().unwrap(),
        "AGJlbnV0emVyQHplaXRmb3JtLmRlAGdlaGVpbWVzX3Bhc3N3b3J0"
    );
    // Without SASL-IR the same message answers the server's empty challenge.
    let mut plain =
        Authenticator::new(Mechanism::Plain, &password("benutzer@zeitform.de", "geheimes_passwort"), &none())
            .unwrap();
    assert_eq!(plain.step_base64("").unwrap(), "AGJlbnV0emVyQHplaXRmb3JtLmRlAGdlaGVpbWVzX3Bhc3N3b3J0");
    assert!(plain.step(b"").is_err());
}

#[test]
fn plain_refuses_nul_in_credentials() {
    assert!(matches!(
        Authenticator::new(Mechanism::Plain, &password("a\0b", "x"), &none()),
        Err(SaslError::InvalidCredential { .. })
    ));
    assert!(matches!(
        Authenticator::new(Mechanism::Plain, &password("a", "x\0y"), &none()),
        Err(SaslError::InvalidCredential { .. })
    ));
}

#[test]
fn login_matches_the_seed() {
    let mut login =
        Authenticator::new(Mechanism::Login, &password("benutzer@zeitform.de", "geheimes_passwort"), &none())
            .unwrap();
    assert_eq!(login.initial_response(), None);
    assert_eq!(login.step_base64("VXNlcm5hbWU6").unwrap(), "YmVudXR6ZXJAemVpdGZvcm0uZGU=");
    assert_eq!(login.step_base64("UGFzc3dvcmQ6").unwrap(), "Z2VoZWltZXNfcGFzc3dvcnQ=");
    assert!(login.step_base64("UGFzc3dvcmQ6").is_err());
}

const RFC7677_NONCE: &str = "rOprNGfwEbeRWgbNEkqO";
const RFC7677_SERVER_FIRST: &str =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

fn rfc7677_scram() -> Authenticator {
    let options = Options { scram_client_nonce: Some(RFC7677_NONCE.into()), ..Options::default() };
    Authenticator::new(Mechanism::ScramSha256, &password("user", "pencil"), &options).unwrap()
}

#[test]
fn scram_sha_256_of_rfc_7677() {
    // RFC 7677 section 3.
    let mut scram = rfc7677_scram();
    assert_eq!(scram.initial_response().unwrap(), b"n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
    let client_final = scram.step(RFC7677_SERVER_FIRST.as_bytes()).unwrap();
    assert_eq!(
        String::from_utf8(client_final).unwrap(),
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
         p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
    );
    // Success before the server's proof is refused.
    assert_eq!(scram.clone().finish(None), Err(SaslError::ServerNotVerified));
    let last = scram.step(b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=").unwrap();
    assert!(last.is_empty());
    assert_eq!(scram.finish(None), Ok(()));
}

#[test]
fn scram_sha_1_of_rfc_5802() {
    // RFC 5802 section 5.
    let options =
        Options { scram_client_nonce: Some("fyko+d2lbbFgONRv9qkxdawL".into()), ..Options::default() };
    let mut scram = Authenticator::new(Mechanism::ScramSha1, &password("user", "pencil"), &options).unwrap();
    assert_eq!(scram.initial_response().unwrap(), b"n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
    let client_final =
        scram.step(b"r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096").unwrap();
    assert_eq!(
        String::from_utf8(client_final).unwrap(),
        "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="
    );
    assert!(scram.step(b"v=rmF9pqV8S7suAoZWja4dJRkFsKQ=").unwrap().is_empty());
    assert_eq!(scram.finish(None), Ok(()));
}

#[test]
fn scram_accepts_the_server_final_as_success_data() {
    let mut scram = rfc7677_scram();
    scram.initial_response();
    scram.step(RFC7677_SERVER_FIRST.as_bytes()).unwrap();
    assert_eq!(scram.finish(Some(b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")), Ok(()));
}

#[test]
fn scram_refuses_a_forged_server_signature() {
    let mut scram = rfc7677_scram();
    scram.initial_response();
    scram.step(RFC7677_SERVER_FIRST.as_bytes()).unwrap();
    assert_eq!(
        scram.step(b"v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="),
        Err(SaslError::ServerSignatureMismatch)
    );
}

#[test]
fn scram_refuses_bad_server_first_messages() {
    let cases = [
        // The nonce does not extend ours: a replayed exchange.
        "r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        // The nonce is exactly ours: no server part.
        "r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        // Too few iterations (RFC 7677 section 4) and too many (a CPU trap).
        "r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1",
        "r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4000000000",
        // Missing salt, bad base64, unknown mandatory extension, garbage.
        "r=rOprNGfwEbeRWgbNEkqOxyz,i=4096",
        "r=rOprNGfwEbeRWgbNEkqOxyz,s=***,i=4096",
        "m=ext,r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "garbage",
    ];
    for case in cases {
        let mut scram = rfc7677_scram();
        scram.initial_response();
        assert!(scram.step(case.as_bytes()).is_err(), "{case}");
    }
    let mut scram = rfc7677_scram();
    scram.initial_response();
    assert_eq!(scram.step(b"e=unknown-user"), Err(SaslError::ServerError("unknown-user".into())));
}

#[test]
fn scram_needs_a_usable_nonce() {
    let creds = password("user", "pencil");
    assert_eq!(Authenticator::new(Mechanism::ScramSha256, &creds, &none()).err(), Some(SaslError::BadNonce));
    for bad in ["short", "has,comma-in-it-long", "has space in it 1234"] {
        let options = Options { scram_client_nonce: Some(bad.into()), ..Options::default() };
        assert_eq!(
            Authenticator::new(Mechanism::ScramSha256, &creds, &options).err(),
            Some(SaslError::BadNonce)
        );
    }
}

#[test]
fn scram_escapes_the_user_name() {
    let options = Options { scram_client_nonce: Some(RFC7677_NONCE.into()), ..Options::default() };
    let mut scram = Authenticator::new(Mechanism::ScramSha256, &password("a=b,c", "x"), &options).unwrap();
    assert_eq!(scram.initial_response().unwrap(), b"n,,n=a=3Db=2Cc,r=rOprNGfwEbeRWgbNEkqO");
}

#[test]
fn xoauth2_and_oauthbearer_messages() {
    let token = Credentials::oauth2("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg");
    let mut xoauth2 = Authenticator::new(Mechanism::XOAuth2, &token, &none()).unwrap();
    // Google's documented example.
    assert_eq!(
        xoauth2.initial_response_base64().unwrap(),
        "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ=="
    );
    // An error challenge is answered with an empty response and remembered.
    assert_eq!(xoauth2.step(br#"{"status":"401"}"#).unwrap(), b"");
    assert_eq!(xoauth2.server_error(), Some(r#"{"status":"401"}"#));

    // RFC 7628 section 4.1's example.
    let token = Credentials::oauth2("user@example.com", "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==");
    let options = Options {
        oauth_host: Some("server.example.com".into()),
        oauth_port: Some(143),
        ..Options::default()
    };
    let mut bearer = Authenticator::new(Mechanism::OAuthBearer, &token, &options).unwrap();
    assert_eq!(
        bearer.initial_response().unwrap(),
        b"n,a=user@example.com,\x01host=server.example.com\x01port=143\x01auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01"
    );
    assert_eq!(bearer.step(br#"{"status":"invalid_token"}"#).unwrap(), b"\x01");
}

#[test]
fn token_mechanisms_refuse_control_characters_and_passwords() {
    let bad = Credentials::oauth2("user\x01auth=Bearer evil", "token");
    assert!(Authenticator::new(Mechanism::XOAuth2, &bad, &none()).is_err());
    let bad = Credentials::oauth2("user", "tok\x01en");
    assert!(Authenticator::new(Mechanism::OAuthBearer, &bad, &none()).is_err());
    assert!(matches!(
        Authenticator::new(Mechanism::XOAuth2, &password("a", "b"), &none()),
        Err(SaslError::WrongCredentials { .. })
    ));
    assert!(matches!(
        Authenticator::new(Mechanism::Plain, &Credentials::oauth2("a", "b"), &none()),
        Err(SaslError::WrongCredentials { .. })
    ));
}

#[test]
fn policy_prefers_the_strongest_mechanism() {
    let creds = password("u", "p");
    let policy = Policy::default();
    let all = ["LOGIN", "PLAIN", "CRAM-MD5", "SCRAM-SHA-256", "XOAUTH2", "GSSAPI"];
    assert_eq!(policy.choose(all, &creds, true, true), Ok(Mechanism::ScramSha256));
    // Without a nonce from the driver SCRAM cannot run.
    assert_eq!(policy.choose(all, &creds, true, false), Ok(Mechanism::CramMd5));
    let no_sha256 = ["CRAM-MD5", "SCRAM-SHA-1", "PLAIN"];
    assert_eq!(policy.choose(no_sha256, &creds, true, true), Ok(Mechanism::ScramSha1));
    assert_eq!(policy.choose(["login", "plain"], &creds, true, true), Ok(Mechanism::Plain));
    assert_eq!(policy.choose(["LOGIN"], &creds, true, true), Ok(Mechanism::Login));
    let token = Credentials::oauth2("u", "t");
    assert_eq!(policy.choose(all, &token, true, true), Ok(Mechanism::XOAuth2));
    assert_eq!(policy.choose(["XOAUTH2", "OAUTHBEARER"], &token, true, true), Ok(Mechanism::OAuthBearer));
    assert!(matches!(policy.choose(["PLAIN"], &token, true, true), Err(SaslError::NoCommonMechanism { .. })));
    assert!(matches!(
        policy.choose(["GSSAPI"], &creds, true, true),
        Err(SaslError::NoCommonMechanism { .. })
    ));
}

#[test]
fn policy_refuses_readable_passwords_without_tls() {
    let creds = password("u", "p");
    let strict = Policy::default();
    assert_eq!(
        strict.choose(["PLAIN", "LOGIN"], &creds, false, true),
        Err(SaslError::PlaintextRefused { mechanism: "PLAIN".into() })
    );
    // A challenge-response mechanism never sends the password, so it is fine without TLS.
    assert_eq!(strict.choose(["PLAIN", "CRAM-MD5"], &creds, false, true), Ok(Mechanism::CramMd5));
    // Tokens are as readable as passwords.
    assert!(matches!(
        strict.choose(["XOAUTH2"], &Credentials::oauth2("u", "t"), false, true),
        Err(SaslError::PlaintextRefused { .. })
    ));
    let permissive = Policy { allow_plaintext_password: true, ..Policy::default() };
    assert_eq!(permissive.choose(["PLAIN", "LOGIN"], &creds, false, true), Ok(Mechanism::Plain));
}

#[test]
fn policy_can_pin_a_mechanism() {
    let creds = password("u", "p");
    let pinned = Policy { require: Some(Mechanism::Login), ..Policy::default() };
    assert_eq!(pinned.choose(["CRAM-MD5", "LOGIN", "PLAIN"], &creds, true, true), Ok(Mechanism::Login));
    assert!(matches!(
        pinned.choose(["CRAM-MD5"], &creds, true, true),
        Err(SaslError::NoCommonMechanism { .. })
    ));
    // Pinning does not lift the plaintext rule.
    assert!(matches!(pinned.choose(["LOGIN"], &creds, false, true), Err(SaslError::PlaintextRefused { .. })));
}

#[test]
fn secrets_stay_out_of_debug_output() {
    let creds = password("benutzer", "geheimes_passwort");
    let mut plain = Authenticator::new(Mechanism::Plain, &creds, &none()).unwrap();
    plain.initial_response();
    assert!(!format!("{creds:?} {plain:?}").contains("geheimes_passwort"));
    let options = Options { scram_client_nonce: Some(RFC7677_NONCE.into()), ..Options::default() };
    let scram = Authenticator::new(Mechanism::ScramSha256, &creds, &options).unwrap();
    assert!(!format!("{scram:?}").contains("geheimes_passwort"));
    let bearer =
        Authenticator::new(Mechanism::XOAuth2, &Credentials::oauth2("u", "secret-token-xyz"), &none())
            .unwrap();
    assert!(!format!("{bearer:?}").contains("secret-token-xyz"));
}
