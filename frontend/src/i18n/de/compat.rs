//! The German texts of [`CompatText`] (`i18n/text/compat.rs`).

use crate::i18n::text::CompatText;

pub(super) const TEXT: CompatText = CompatText {
    servers: "Server",
    compat_imap: "IMAP-Fähigkeiten:",
    compat_smtp: "SMTP (EHLO):",
    compat_pop3: "POP3 (CAPA):",
    compat_nothing_missing: "Nichts fehlt: keine Umwege in Gebrauch.",
    compat_not_signed_in: "In diesem Browser noch nicht bei den Servern angemeldet.",
    quirk_no_move: "IMAP: kein MOVE, daher wird beim Verschieben kopiert (COPY), dann \\Deleted gesetzt und UID EXPUNGE gesendet",
    quirk_no_uidplus: "IMAP: kein UIDPLUS, daher bleiben verschobene Nachrichten im alten Ordner mit \\Deleted markiert",
    quirk_no_idle: "IMAP: kein IDLE, daher wird alle 30 Sekunden nach neuer Post gefragt",
    quirk_no_condstore: "IMAP: kein CONDSTORE, daher werden bei jedem Abgleich die Markierungen aller Nachrichten neu geholt",
    quirk_no_qresync: "IMAP: kein QRESYNC, daher werden gelöschte Nachrichten durch Vergleich der UIDs gefunden",
    quirk_no_special_use: "IMAP: kein SPECIAL-USE, daher werden Gesendet, Entwürfe, Papierkorb, Spam und Archiv am Namen erkannt",
    quirk_no_utf8: "IMAP: kein UTF8=ACCEPT, daher reisen Ordnernamen in modifiziertem UTF-7",
    quirk_no_sasl_ir: "IMAP: kein SASL-IR, daher braucht die Anmeldung einen Umlauf mehr",
    quirk_no_pipelining: "SMTP: kein PIPELINING, daher wartet jeder Befehl auf die Antwort auf den vorigen",
    quirk_no_smtputf8: "SMTP: kein SMTPUTF8, daher kann nicht an Adressen mit Nicht-ASCII-Zeichen gesendet werden",
    quirk_no_capa: "POP3: kein CAPA, daher werden die Anmeldeverfahren nacheinander versucht",
    quirk_no_uidl: "POP3: kein UIDL, daher werden Nachrichten über Sitzungen hinweg nicht wiedererkannt",
};
