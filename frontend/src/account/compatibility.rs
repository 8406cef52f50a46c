//! What each of an account's servers announced (IMAP CAPABILITY, RFC 3501 section 7.2.1; SMTP
//! EHLO, RFC 5321 section 4.1.1.1; POP3 CAPA, RFC 2449 section 5) and what Posthorn does
//! differently because of what is missing, shown as a short note per account.
//!
//! The lists are recorded at every sign-in (frontend/src/session/imap.rs, smtp.rs, pop3.rs) and
//! kept in localStorage, so the note shows the servers as they were last seen.

use std::cell::RefCell;

use leptos::prelude::*;
use posthorn_proto::{imap, pop3, smtp};
use serde::{Deserialize, Serialize};

use crate::account::Accounts;
use crate::i18n::t;
use crate::menu::Menu;

/// The announcements last seen for one account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announced {
    /// The IMAP capabilities after signing in (they may differ from the greeting's).
    #[serde(default)]
    pub imap: Option<Vec<String>>,
    /// The SMTP EHLO keywords, with their parameters (`SIZE 10240000`, `AUTH PLAIN …`).
    #[serde(default)]
    pub smtp: Option<Vec<String>>,
    /// The POP3 CAPA tags, with their arguments.
    #[serde(default)]
    pub pop3: Option<Vec<String>>,
}

fn key(email: &str) -> String {
    format!("posthorn.compatibility.v1.{email}")
}

thread_local! {
    /// Bumped at each recording, so an open note shows the new lists.
    static CHANGED: RefCell<Option<ArcRwSignal<u32>>> = const { RefCell::new(None) };
}

fn changed() -> ArcRwSignal<u32> {
    CHANGED.with(|c| c.borrow_mut().get_or_insert_with(|| ArcRwSignal::new(0)).clone())
}

/// The announcements last recorded for `email`.
pub fn load(email: &str) -> Announced {
    crate::store::local_storage()
        .and_then(|s| s.get_item(&key(email)).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

fn record(email: &str, change: impl FnOnce(&mut Announced)) {
    let mut announced = load(email);
    let before = announced.clone();
    change(&mut announced);
    if announced == before {
        return;
    }
    if let (Some(s), Ok(json)) = (crate::store::local_storage(), serde_json::to_string(&announced)) {
        let _ = s.set_item(&key(email), &json);
    }
    changed().update(|n| *n += 1);
}

/// Records the IMAP capabilities of a signed-in session.
pub fn record_imap(email: &str, caps: &imap::Capabilities) {
    let names: Vec<String> = caps.names().map(str::to_owned).collect();
    record(email, |a| a.imap = Some(names));
}

/// Records the EHLO keywords of an SMTP session.
pub fn record_smtp(email: &str, ext: &smtp::Extensions) {
    let mut words: Vec<String> = Vec::new();
    let flags = [
        (ext.pipelining, "PIPELINING"),
        (ext.eight_bit_mime, "8BITMIME"),
        (ext.smtputf8, "SMTPUTF8"),
        (ext.starttls, "STARTTLS"),
        (ext.enhanced_status_codes, "ENHANCEDSTATUSCODES"),
        (ext.dsn, "DSN"),
        (ext.chunking, "CHUNKING"),
    ];
    if let Some(size) = ext.size {
        words.push(format!("SIZE {size}"));
    }
    words.extend(flags.iter().filter(|(on, _)| *on).map(|(_, name)| (*name).to_owned()));
    if !ext.auth.is_empty() {
        words.push(format!("AUTH {}", ext.auth.join(" ")));
    }
    words.extend(ext.other.iter().map(|(k, v)| if v.is_empty() { k.clone() } else { format!("{k} {v}") }));
    record(email, |a| a.smtp = Some(words));
}

/// Records the CAPA tags of a signed-in POP3 session (nothing if CAPA was not understood).
pub fn record_pop3(email: &str, caps: &pop3::Capabilities) {
    if !caps.known {
        record(email, |a| a.pop3 = Some(Vec::new()));
        return;
    }
    let flags = [
        (caps.top, "TOP"),
        (caps.user, "USER"),
        (caps.resp_codes, "RESP-CODES"),
        (caps.pipelining, "PIPELINING"),
        (caps.uidl, "UIDL"),
        (caps.stls, "STLS"),
    ];
    let mut tags: Vec<String> = flags.iter().filter(|(on, _)| *on).map(|(_, n)| (*n).to_owned()).collect();
    if !caps.sasl.is_empty() {
        tags.push(format!("SASL {}", caps.sasl.join(" ")));
    }
    if let Some(implementation) = &caps.implementation {
        tags.push(format!("IMPLEMENTATION {implementation}"));
    }
    tags.extend(caps.other.iter().map(|(k, v)| if v.is_empty() { k.clone() } else { format!("{k} {v}") }));
    record(email, |a| a.pop3 = Some(tags));
}

/// What Posthorn does differently because a server lacks an extension; empty when it lacks none
/// that matters. Only what the code really does is listed (the file named with each).
pub fn quirks(announced: &Announced) -> Vec<String> {
    let t = &t().compat;
    let mut quirks = Vec::new();
    if let Some(names) = &announced.imap {
        let caps = imap::Capabilities::from_names(names.iter().map(String::as_str));
        let mut add = |missing: bool, text: &str| {
            if missing {
                quirks.push(text.to_owned());
            }
        };
        // shared/src/imap/client/prepare.rs
        add(!caps.move_(), t.quirk_no_move);
        add(!caps.uidplus(), t.quirk_no_uidplus);
        // frontend/src/mail_state.rs, frontend/src/mail_view.rs
        add(!caps.idle(), t.quirk_no_idle);
        add(!caps.condstore(), t.quirk_no_condstore);
        add(!caps.qresync(), t.quirk_no_qresync);
        // shared/src/imap/list.rs
        add(!caps.special_use(), t.quirk_no_special_use);
        // shared/src/imap/encode.rs
        add(!caps.has("UTF8=ACCEPT"), t.quirk_no_utf8);
        add(!caps.sasl_ir(), t.quirk_no_sasl_ir);
    }
    if let Some(words) = &announced.smtp {
        let has = |k: &str| words.iter().any(|w| w.split_whitespace().next() == Some(k));
        // shared/src/smtp/client.rs
        if !has("PIPELINING") {
            quirks.push(t.quirk_no_pipelining.into());
        }
        if !has("SMTPUTF8") {
            quirks.push(t.quirk_no_smtputf8.into());
        }
    }
    if let Some(tags) = &announced.pop3 {
        if tags.is_empty() {
            quirks.push(t.quirk_no_capa.into());
        } else if !tags.iter().any(|t| t == "UIDL") {
            quirks.push(t.quirk_no_uidl.into());
        }
    }
    quirks
}

/// The note for the current account, in the top bar's menu.
#[component]
pub fn CompatibilityNote() -> impl IntoView {
    let accounts = expect_context::<Accounts>();
    let changed = RwSignal::from(changed());
    let announced = move || {
        changed.track();
        accounts.current.get().map(|email| load(&email))
    };
    let list = |label: &'static str, testid: &'static str, items: Option<Vec<String>>| {
        items.map(|items| {
            view! {
                <p><b>{label}</b>" "<span data-testid=testid>{items.join(" · ")}</span></p>
            }
        })
    };
    view! {
        <Show when=move || accounts.current.with(Option::is_some)>
            <Menu
                class="settings-menu"
                testid="compatibility"
                panel="settings-panel compatibility-panel"
                summary=view! { {t().compat.servers} }.into_any()
            >
                    {move || match announced() {
                        Some(a) if a.imap.is_some() || a.smtp.is_some() || a.pop3.is_some() => {
                            let quirks = quirks(&a);
                            view! {
                                {list(t().compat.compat_imap, "compat-imap", a.imap.clone())}
                                {list(t().compat.compat_smtp, "compat-smtp", a.smtp.clone())}
                                {list(t().compat.compat_pop3, "compat-pop3", a.pop3.clone())}
                                {if quirks.is_empty() {
                                    view! { <p data-testid="compat-quirks">{t().compat.compat_nothing_missing}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul data-testid="compat-quirks">
                                            {quirks.into_iter().map(|q| view! { <li>{q}</li> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            }.into_any()
                        }
                        _ => view! { <p>{t().compat.compat_not_signed_in}</p> }.into_any(),
                    }}
            </Menu>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    fn words(list: &str) -> Option<Vec<String>> {
        Some(list.split(',').map(str::to_owned).collect())
    }

    #[wasm_bindgen_test]
    fn quirks_name_what_is_missing_and_only_that() {
        let full = Announced {
            imap: words("IMAP4rev1,MOVE,UIDPLUS,IDLE,CONDSTORE,QRESYNC,SPECIAL-USE,UTF8=ACCEPT,SASL-IR"),
            smtp: words("SIZE 10240000,PIPELINING,SMTPUTF8"),
            pop3: words("TOP,UIDL"),
        };
        assert!(quirks(&full).is_empty(), "{:?}", quirks(&full));
        let old = Announced { imap: words("IMAP4rev1,UIDPLUS"), smtp: words("SIZE 1000"), pop3: None };
        let found = quirks(&old).join("\n");
        for expected in
            ["no MOVE", "no IDLE", "no CONDSTORE", "no QRESYNC", "no SPECIAL-USE", "no PIPELINING"]
        {
            assert!(found.contains(expected), "{expected} missing from {found}");
        }
        assert!(!found.contains("no UIDPLUS"), "{found}");
    }
}
