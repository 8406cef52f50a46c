//! The German texts of [`EngineText`] (`i18n/text/engine.rs`).

use crate::i18n::text::EngineText;

pub(super) const TEXT: EngineText = EngineText {
    err_refused: |command| format!("Der Server hat {command} abgelehnt."),
    err_not_understood: |command| {
        format!(
            "Der Server hat {command} nicht verstanden. Versuchen Sie es noch einmal; geschieht es wieder, \
             wenden Sie sich an den Anbieter."
        )
    },
    err_closed: "Der Server hat die Verbindung beendet. Versuchen Sie es später noch einmal.",
    err_unreadable: "Der Server hat eine Antwort gesendet, die Posthorn nicht lesen kann. Prüfen Sie \
                     Servername und Port; stimmen beide, wenden Sie sich an den Anbieter.",
    err_timeout: |step, seconds| {
        format!(
            "Der Server hat {seconds} Sekunden lang nicht auf {step} geantwortet, daher wurde die Verbindung \
             aufgegeben. Verbinden Sie sich neu; geschieht es wieder, sind Server oder Netz gestört."
        )
    },
    err_aborted: "Die Verbindung endete, bevor der Befehl fertig war. Verbinden Sie sich neu und versuchen \
                  Sie es noch einmal.",
    err_no_encryption: "Der Server bietet keine Verschlüsselung (STARTTLS) an, dieses Konto verlangt sie \
                        aber. Posthorn hat daher abgebrochen und nichts gesendet. Nutzen Sie den Port mit TLS \
                        (993, 995 oder 465) oder prüfen Sie den Servernamen.",
    err_encryption_refused: "Der Server hat es abgelehnt, die Verschlüsselung zu beginnen. Nutzen Sie den Port \
                             mit TLS (993, 995 oder 465).",
    err_injection: "Kurz vor Beginn der Verschlüsselung kamen Daten an. So sieht ein Angriff auf die \
                    Verbindung aus, daher hat Posthorn abgebrochen. Versuchen Sie es in einem anderen Netz.",
    err_busy: "Der Server hat die Verbindung abgelehnt oder beendet sie gerade. Versuchen Sie es später noch \
               einmal.",
    err_no_sign_in: "Der Server bietet keine Anmeldung an, die Posthorn hier nutzen kann. Prüfen Sie den Port \
                     (587 oder 465) und ob die Verschlüsselung eingeschaltet ist.",
    err_other: "Posthorn konnte mit dem Server nicht weiterarbeiten. Die Einzelheiten darunter nennen den \
                Grund (auf Englisch).",
    err_at_server: |role, server, sentence| format!("Beim {role}server {server}: {sentence}"),
    err_code_hint: |code| match code {
        "AUTHENTICATIONFAILED" => Some("Prüfen Sie Benutzername und Passwort."),
        "AUTHORIZATIONFAILED" => Some("Dieser Benutzer darf nicht für die angegebene Identität handeln."),
        "EXPIRED" => Some("Passwort oder Konto sind abgelaufen; erneuern Sie sie beim Anbieter."),
        "PRIVACYREQUIRED" => Some("Nutzen Sie eine verschlüsselte Verbindung."),
        "CONTACTADMIN" => Some("Wenden Sie sich an die Verwaltung des Anbieters."),
        "NOPERM" => Some("Dafür fehlt Ihnen die Berechtigung; fragen Sie den Inhaber des Postfachs."),
        "INUSE" => Some("Das Postfach ist gerade belegt; versuchen Sie es gleich noch einmal."),
        "OVERQUOTA" => Some("Das Postfach ist voll; löschen Sie Nachrichten oder bitten Sie um mehr Platz."),
        "ALREADYEXISTS" => Some("Wählen Sie einen anderen Namen."),
        "NONEXISTENT" | "TRYCREATE" => Some("Den Ordner gibt es nicht; legen Sie ihn zuerst an."),
        "LIMIT" => Some("Eine Grenze des Servers ist erreicht; versuchen Sie eine kleinere Anfrage."),
        "UNAVAILABLE" => Some("Der Server ist gerade nicht verfügbar; versuchen Sie es später noch einmal."),
        "SERVERBUG" => Some("Der Server hat einen Fehler; wenden Sie sich an den Anbieter."),
        "CANNOT" => Some("Der Server kann das mit diesem Ordner nicht tun."),
        "TOOBIG" => Some("Die Nachricht ist für diesen Server zu groß."),
        _ => None,
    },
    err_password_not_accepted: "Dieser Anbieter nimmt hier kein Passwort mehr an: Wählen Sie XOAUTH2 oder \
                                OAUTHBEARER als Anmeldeverfahren und geben Sie ein OAuth-Zugriffstoken in das \
                                Passwortfeld ein, oder bitten Sie die Verwaltung, die IMAP-Anmeldung mit Passwort \
                                zu erlauben.",
    err_broke_while_sending: "Die Verbindung brach ab, während die Nachricht gesendet wurde; ob der Server sie \
                              erhalten hat, ist daher nicht sicher. Posthorn sieht im Ordner Gesendet nach, bevor \
                              es sie noch einmal sendet.",
    err_ended_before_sent: "Der Server hat die Sitzung beendet, bevor die Nachricht gesendet war. Posthorn \
                            versucht es noch einmal.",
    err_broke_for_some: |owed_to| {
        format!(
            "Die Verbindung brach ab, während die Nachricht an {owed_to} ging; ob der Server sie angenommen \
             hat, ist nicht sicher, und der Ordner Gesendet kann es nicht zeigen, da die Nachricht schon an \
             die anderen Empfänger ging. Nutzen Sie „Trotzdem senden“, wenn Sie sicher sind, dass sie nicht \
             ankam."
        )
    },
    err_sent_not_checked: |why| {
        format!(
            "Der Ordner Gesendet konnte nicht geprüft werden, daher wurde die Nachricht nicht noch einmal \
             gesendet. {why} Nutzen Sie „Trotzdem senden“, wenn Sie sicher sind, dass sie nicht ankam."
        )
    },
    err_outbox_not_stored: |why| {
        format!(
            "Nicht gesendet: Der Postausgang konnte nicht gespeichert werden, und ohne das könnte eine \
             geschlossene Seite die Nachricht doppelt senden. {why}"
        )
    },
    err_no_role_folder: |folder| {
        format!(
            "Der Server hat keinen Ordner {folder}, daher konnte Posthorn die Nachricht dort nicht ablegen."
        )
    },
    err_folder_not_created: |folder, why| format!("Der Server hat den Ordner {folder} nicht angelegt. {why}"),
    err_too_large_to_download: |size| format!("Die Nachricht ist größer als {size} und wurde nicht geladen."),
};
