//! The English texts of [`CompatText`] (`i18n/text/compat.rs`).

use crate::i18n::text::CompatText;

pub(super) const TEXT: CompatText = CompatText {
    servers: "Servers",
    compat_imap: "IMAP capabilities:",
    compat_smtp: "SMTP (EHLO):",
    compat_pop3: "POP3 (CAPA):",
    compat_nothing_missing: "Nothing missing: no workarounds are in use.",
    compat_not_signed_in: "Not signed in to the servers yet in this browser.",
    quirk_no_move: "IMAP: no MOVE, so moving is COPY, then \\Deleted and UID EXPUNGE",
    quirk_no_uidplus: "IMAP: no UIDPLUS, so moved messages stay flagged \\Deleted in the old folder",
    quirk_no_idle: "IMAP: no IDLE, so new mail is found by polling every 30 seconds",
    quirk_no_condstore: "IMAP: no CONDSTORE, so every message's flags are fetched again at each sync",
    quirk_no_qresync: "IMAP: no QRESYNC, so deleted messages are found by comparing UIDs",
    quirk_no_special_use: "IMAP: no SPECIAL-USE, so Sent, Drafts, Trash, Junk and Archive are found by name",
    quirk_no_utf8: "IMAP: no UTF8=ACCEPT, so folder names travel in modified UTF-7",
    quirk_no_sasl_ir: "IMAP: no SASL-IR, so signing in takes one more round trip",
    quirk_no_pipelining: "SMTP: no PIPELINING, so each command waits for the answer to the one before",
    quirk_no_smtputf8: "SMTP: no SMTPUTF8, so addresses with non-ASCII characters cannot be sent to",
    quirk_no_capa: "POP3: no CAPA, so sign-in methods are tried one by one",
    quirk_no_uidl: "POP3: no UIDL, so messages cannot be recognised across sessions",
};
