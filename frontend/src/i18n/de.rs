//! Die Texte auf Deutsch.

use super::Text;
use posthorn_proto::compose::Wording;
use posthorn_proto::message::calendar::Answer;

mod compat;
mod connection;
mod delivery;
mod engine;
mod filters;

pub static TEXT: Text = Text {
    account: "Konto",
    add_account: "Konto hinzufügen",
    remove_account: "Konto entfernen",
    remove_account_confirm: |email| format!("{email} und seine Daten aus diesem Browser entfernen?"),
    remove_account_keeps_server: "Die Mails bleiben auf dem Server; nur was dieser Browser dafür aufbewahrt (zwischengespeicherte Mails, Entwürfe, der Postausgang, ein gespeichertes Passwort), wird gelöscht.",
    remove_account_unsent: |n| match n {
        1 => "1 Nachricht im Postausgang wurde noch nicht gesendet und geht verloren.".to_owned(),
        n => format!("{n} Nachrichten im Postausgang wurden noch nicht gesendet und gehen verloren."),
    },
    protocol_log: "Protokoll",
    opening: "Wird geöffnet …",
    password_for: "Passwort für ",
    enter_current_password: " Geben Sie das aktuelle Passwort des Kontos ein.",
    password_once_per_session: "Posthorn fragt einmal pro Browsersitzung nach Ihrem Passwort, außer Sie lassen es auf diesem Gerät speichern.",
    remember_password: "Passwort auf diesem Gerät speichern",
    open: "Öffnen",
    forget_password: "Passwort vergessen",
    forget_password_title: "Das Passwort nicht mehr auf diesem Gerät speichern; es wird in der nächsten Sitzung wieder abgefragt",
    settings: "Einstellungen",
    language: "Sprache",
    language_browser: "Wie der Browser",
    theme: "Darstellung",
    theme_system: "Wie das System",
    theme_light: "Hell",
    theme_dark: "Dunkel",

    add_mail_account: "E-Mail-Konto hinzufügen",
    your_name: "Ihr Name",
    email_address: "E-Mail-Adresse",
    password: "Passwort",
    bridge: "Brücke",
    bridge_url: "Adresse der Brücke (leer: diese Website)",
    bridge_hint: "Die Brücke trägt Ihre Verbindungen zu den Mailservern. Nutzen Sie eine andere nur, wenn Sie ihrem Betreiber vertrauen; sie muss diese Website mit --allowed-origin zulassen.",
    find_settings: "Einstellungen suchen",
    enter_settings_by_hand: "Einstellungen selbst eingeben",
    incoming_mail: "Abruf über",
    incoming_server: "Posteingangsserver",
    outgoing_server: "Postausgangsserver (SMTP)",
    pop3_messages: "Nachrichten auf dem POP3-Server",
    pop3_keeps: "Posthorn behält jede heruntergeladene Nachricht in diesem Browser.",
    pop3_leave: "Auf dem Server lassen",
    pop3_delete_after_download: "Nach dem Herunterladen vom Server löschen",
    pop3_delete_after_days: "Nach einigen Tagen vom Server löschen",
    days: "Tage",
    server_files_sent: "Der Server legt gesendete Nachrichten selbst in „Gesendet“ ab (keine Kopie ablegen)",
    test_and_save: "Prüfen und speichern",
    host: "Servername",
    port: "Port",
    security: "Verschlüsselung",
    security_none: "Keine (unverschlüsselt)",
    user_name: "Benutzername",
    sign_in_method: "Anmeldeverfahren",
    strongest_method: "Das stärkste angebotene",
    oauth_token_method: |m| format!("{m} (im Passwortfeld steht ein OAuth-Token)"),
    enter_host: "Geben Sie den Namen des Servers ein.",
    port_number: "Der Port muss eine Zahl sein.",
    enter_full_address: "Geben Sie eine vollständige E-Mail-Adresse ein, etwa name@example.com.",
    looking_up: |a| format!("Server für {a} werden gesucht …"),
    no_servers_found: "Für diese Domain wurden keine Server gefunden. Geben Sie die Einstellungen selbst ein.",
    found_check: |f| format!("Gefunden: {f}. Prüfen Sie die Einstellungen, dann „Prüfen und speichern“."),
    enter_pop3_days: "Geben Sie ein, nach wie vielen Tagen Nachrichten vom Server gelöscht werden (1 oder mehr).",
    connecting_logging_in: |s| format!("Verbindung zu {s} und Anmeldung …"),
    logged_in_to: |s| format!("Bei {s} angemeldet."),
    signing_in_outgoing: |s| format!("Anmeldung beim Postausgangsserver {s} …"),
    signed_in_to: |s| format!("Bei {s} angemeldet."),
    discovery_unreachable: "Die Brücke war für die Suche nicht erreichbar. Geben Sie die Einstellungen selbst ein.",
    discovery_status: |s| {
        format!("Die Brücke hat die Suche mit {s} beantwortet. Geben Sie die Einstellungen selbst ein.")
    },
    discovery_not_understood: |e| {
        format!("Die Antwort der Suche war unverständlich ({e}). Geben Sie die Einstellungen selbst ein.")
    },

    role_incoming: "Posteingangs",
    role_outgoing: "Postausgangs",
    unknown: "(unbekannt)",
    cert_pin_mismatch: |role, server, trusted, presented| {
        format!(
            "Achtung: Der {role}server {server} zeigt ein anderes Zertifikat als das, dem Sie vertraut haben. \
             Vertraut: {trusted}. Jetzt: {presented}. Hat der Betreiber das Zertifikat gerade erneuert, \
             vergleichen Sie den neuen Fingerabdruck mit seinem, bevor Sie ihm vertrauen; sonst hört womöglich \
             jemand die Verbindung ab – dann vertrauen Sie ihm nicht."
        )
    },
    cert_self_signed: |role, server| {
        format!(
            "Das Zertifikat des Servers ist von keiner Stelle unterschrieben, der Ihre Brücke vertraut. Server \
             zu Hause oder im Büro haben oft solch ein (selbst signiertes) Zertifikat, aber genau so sähe es auch \
             aus, wenn jemand die Verbindung abhört. Vertrauen Sie ihm nur, wenn sein Fingerabdruck mit dem \
             übereinstimmt, den Ihnen der Betreiber des {role}servers {server} nennt."
        )
    },
    cert_expired: |role, server| {
        format!(
            "Das Zertifikat des {role}servers {server} ist nicht (mehr) gültig. Ihm zu vertrauen hilft nicht: \
             Der Betreiber muss es erneuern (oder eine Uhr geht falsch)."
        )
    },
    cert_name_mismatch: |role, server| {
        format!(
            "Das Zertifikat des {role}servers {server} ist auf andere Namen ausgestellt. Ihm zu vertrauen hilft \
             nicht: Nutzen Sie einen Servernamen aus dem Zertifikat oder bitten Sie den Betreiber um ein passendes."
        )
    },
    cert_refused: |role, server| format!("Das Zertifikat des {role}servers {server} wurde abgelehnt."),
    trust_new_certificate: "Dem neuen Zertifikat für diesen Server vertrauen",
    trust_certificate: "Diesem Zertifikat für diesen Server vertrauen",
    sha256_fingerprint: "SHA-256-Fingerabdruck",
    trusted_before: "Bisher vertraut",
    cert_subject: "Inhaber",
    cert_issuer: "Aussteller",
    cert_names: "Namen",
    cert_valid: "Gültig",
    valid_from_until: |from, until| format!("von {from} bis {until}"),

    back: "‹ Zurück",
    folders: "Ordner",
    all_inboxes: "Alle Posteingänge",
    accounts_heading: "Konten",
    open_account: |name| format!("Das Konto {name} mit seinen Ordnern öffnen"),
    account_locked: |email| {
        format!(
            "{email} zeigt nur gespeicherte Post: Öffnen Sie das Konto und geben Sie sein Passwort ein, um den Posteingang zu aktualisieren."
        )
    },
    changes_waiting: |n| {
        if n == 1 {
            " · 1 Änderung wartet auf das Netz".into()
        } else {
            format!(" · {n} Änderungen warten auf das Netz")
        }
    },
    dismiss: "Schließen",
    toggle_folder: |f| format!("Unterordner von {f} ein- oder ausblenden"),
    inbox: "Posteingang",
    drafts: "Entwürfe",
    sent: "Gesendet",
    junk: "Spam",
    trash: "Papierkorb",
    archive: "Archiv",
    search_in: "Suchen in",
    search_all: "Alles",
    from: "Von",
    to: "An",
    cc: "Kopie",
    bcc: "Blindkopie",
    subject: "Betreff",
    body: "Text",
    search_placeholder: "Auf dem Server suchen",
    search_on_device: "Alle Posteingänge auf diesem Gerät durchsuchen",
    search_inboxes: "Posteingänge durchsuchen",
    messages: "Nachrichten",
    mark_read: "Als gelesen markieren (m)",
    mark_unread: "Als ungelesen markieren (u)",
    flag_title: "Markieren (s)",
    flag: "Markieren",
    delete_title: "Löschen (Entf)",
    archive_title: "Archivieren (e)",
    junk_title: "Spam (!)",
    not_junk_title: "Kein Spam (!)",
    moved_to: |n, folder| {
        if n == 1 {
            format!("1 Nachricht nach „{folder}“ verschoben.")
        } else {
            format!("{n} Nachrichten nach „{folder}“ verschoben.")
        }
    },
    undo: "Rückgängig",
    undo_title: "Zurückverschieben (z)",
    delete: "Löschen",
    move_to: "Verschieben …",
    move_: "Verschieben",
    move_title: "In den gewählten Ordner verschieben; mit Strg oder Alt: kopieren",
    copy_title: "In den gewählten Ordner kopieren",
    select_message: "Auswählen",
    select_all: "Alle auswählen",
    show_filter: "Anzeigen",
    filter_all: "Alle Nachrichten",
    filter_unread: "Ungelesen",
    filter_flagged: "Markiert",
    ticked_count: |n| format!("{} ausgewählt", crate::format::count(n)),
    no_sender: "(kein Absender)",
    no_recipient: "(kein Empfänger)",
    no_subject: "(kein Betreff)",
    no_date: "(kein Datum)",
    flagged: "markiert",
    answered: "beantwortet",
    forwarded: "weitergeleitet",
    has_attachment: "mit Anhang",
    inbox_pop3: "▤ Posteingang (POP3)",
    check_mail: "Nach neuen Nachrichten sehen",
    select_to_read: "Wählen Sie eine Nachricht, um sie zu lesen.",
    pop3_gone_everywhere: "Diese Nachricht ist nicht mehr im Speicher des Browsers, und der Server hat sie nach \
                           dem Herunterladen gelöscht.",
    pop3_gone_from_server: "Die Nachricht ist nicht mehr auf dem Server.",
    loading_inbox: "Posteingang wird geladen …",
    checking_mail: "Neue Nachrichten werden abgerufen …",
    downloading: "Wird heruntergeladen …",
    downloading_n_of: |n, of| format!("{n} von {of} werden heruntergeladen …"),
    deleting_n: |n| format!("{n} werden vom Server gelöscht …"),

    from_label: "Von: ",
    to_label: "An: ",
    cc_label: "Kopie: ",
    date_label: "Datum: ",
    show_plain: "Als reinen Text zeigen",
    show_html: "Als HTML zeigen",
    all_headers: "Alle Kopfzeilen",
    structure: "Aufbau",
    source: "Quelltext",
    save_message: "Als Datei speichern (.eml)",
    print_message: "Drucken…",
    more: "Mehr",
    draft_here: "Das ist ein Entwurf, noch nicht gesendet.",
    edit_draft: "Entwurf bearbeiten",
    tag_menu: "Schlagwort",
    tag_names: ["Wichtig", "Arbeit", "Persönlich", "Zu erledigen", "Später"],
    remove_tags: "Alle Schlagwörter entfernen",
    save_all_attachments: "Alle speichern (ZIP)",
    attachments_zip: "Anhänge.zip",
    no_more_unread: "Keine ungelesenen Nachrichten mehr weiter unten.",
    search_hint: "Auf dem Server suchen. Auch: from:, to:, cc:, subject:, body:, after:2026-11-01, before:2026-12-01, larger:2M, smaller:500K, is:unread, is:flagged; \"Anführungszeichen\" um Wörter mit Leerzeichen, ein - davor schließt seine Treffer aus.",
    search_bad_date: |v| {
        format!("„{v}“ ist kein Datum, das die Suche lesen kann: schreiben Sie es als 2026-12-31.")
    },
    search_bad_size: |v| {
        format!("„{v}“ ist keine Größe, die die Suche lesen kann: schreiben Sie sie als 500K oder 2M.")
    },
    search_bad_state: |v| {
        format!("„is:{v}“ ist unbekannt: möglich sind is:unread, is:read, is:flagged und is:answered.")
    },
    tags_label: "Schlagwörter: ",
    priority_label: "Priorität: ",
    priority_names: ["Höchste", "Hoch", "Normal", "Niedrig", "Niedrigste"],
    priority_marks: ["Höchste Priorität", "Hohe Priorität", "", "Niedrige Priorität", "Niedrigste Priorität"],
    message: "Nachricht",
    trusted_senders: "Externe Bilder laden von",
    trusted_senders_none: "Noch kein Absender. „Von … immer laden“ über einer Nachricht fügt ihren Absender hier hinzu.",
    untrust_sender: |s| format!("Vor dem Laden von Bildern von {s} wieder fragen"),
    always_load_from: |s| format!("Von {s} immer laden"),
    remote_removed: "Diese Nachricht verweist auf Inhalte im Internet. Sie wurden zum Schutz Ihrer Privatsphäre entfernt.",
    remote_blocked: |n| {
        if n == 1 {
            "1 externes Bild wurde zum Schutz Ihrer Privatsphäre blockiert.".into()
        } else {
            format!("{n} externe Bilder wurden zum Schutz Ihrer Privatsphäre blockiert.")
        }
    },
    remote_blocked_and_removed: |n, m| {
        format!(
            "{n} {} zum Schutz Ihrer Privatsphäre blockiert; {m} {} entfernt.",
            if n == 1 { "externes Bild wurde" } else { "externe Bilder wurden" },
            if m == 1 { "weiterer externer Verweis wurde" } else { "weitere externe Verweise wurden" }
        )
    },
    load_remote: "Externe Bilder laden",
    attachments: "Anhänge",

    new_message: "Verfassen",
    attach_files: "Dateien anhängen … (oder hierher ziehen)",
    remove: "Entfernen",
    attachments_size: |s| format!("Anhänge: {s}"),
    attachments_limit: |s| format!(" von höchstens etwa {s}, die der Server annimmt"),
    attachments_too_large: |have, limit| {
        format!("Die Anhänge ({have}) sind größer, als der Server annimmt ({limit}). Entfernen Sie einige.")
    },
    send: "Senden",
    save_draft: "Entwurf speichern",
    close: "Schließen",
    discard: "Verwerfen",
    saving_draft: "Entwurf wird gespeichert …",
    draft_saved: "Entwurf gespeichert.",
    draft_saved_here: "Entwurf in diesem Browser gespeichert.",
    draft_pop3_open: "Dieses Konto bewahrt keine Entwürfe auf dem Server auf (POP3): Senden Sie die Nachricht oder verwerfen Sie sie.",
    draft_not_on_server: |e| {
        format!("Der Entwurf ist in diesem Browser gespeichert, aber nicht auf dem Server: {e}")
    },
    draft_not_kept: |e| format!("Der Entwurf konnte in diesem Browser nicht gespeichert werden: {e}"),
    outbox: "Postausgang",
    state_waiting: "wartet",
    state_sending: "wird gesendet",
    state_failed: "nicht gesendet",
    state_uncertain: "vielleicht gesendet",
    state_sent: "gesendet",
    retry: "Erneut versuchen",
    part_not_loaded: "Dieser Teil von Posthorn konnte nicht geladen werden: Der Server hat seinen Code nicht gesendet. Prüfen Sie die Verbindung und versuchen Sie es erneut.",
    edit: "Bearbeiten",
    held_note: |n| format!("Geht {n} Sekunden nach „Senden“ hinaus; „Rückgängig“ holt sie zurück."),
    held_offer: |subject, n, others| {
        let more = if others > 0 { format!(" (und {others} weitere)") } else { String::new() };
        if n == 0 {
            format!("„{subject}“{more} wird gesendet …")
        } else {
            format!("„{subject}“{more} wird in {n} s gesendet")
        }
    },
    held_announce: |subject, n| {
        format!("„{subject}“ geht in {n} Sekunden hinaus. „Rückgängig“ steht in der Statuszeile.")
    },
    undo_send_button: "Rückgängig",
    send_now: "Jetzt senden",
    undo_send: "Senden rückgängig machen",
    mark_read_when: "Nachrichten als gelesen markieren",
    body_as: "Nachrichtentext zeigen als",
    body_as_html: "HTML, wie gesendet",
    body_as_plain: "Reinen Text",
    mark_read_at_once: "Beim Öffnen",
    mark_read_after: |s| format!("Nach {s} Sekunden Anzeige"),
    mark_read_never: "Nur von Hand",
    undo_send_off: "Aus",
    undo_send_seconds: |n| format!("{n} Sekunden"),
    attachment_reminder: "Ihr Text spricht von einem Anhang, aber keiner ist angehängt.",
    attach_a_file: "Datei anhängen",
    send_later: "Später senden",
    tomorrow_morning: "Morgen früh, 8:00",
    monday_morning: "Montag früh, 8:00",
    pick_a_time: "Datum und Uhrzeit wählen",
    schedule: "Planen",
    send_at_past: "Dieser Zeitpunkt ist vorbei: Wählen Sie einen späteren.",
    send_at_missing: "Wählen Sie zuerst Datum und Uhrzeit.",
    scheduled_note: |when| {
        format!(
            "Geplant für {when}. Sie geht hinaus, wenn Posthorn dann in einem Browser offen ist, sonst sobald es geöffnet wird."
        )
    },
    state_scheduled: "geplant",
    send_anyway: "Trotzdem senden",
    reply: "Antworten",
    reply_all: "Allen antworten",
    forward: "Weiterleiten",
    forward_attachment: "Als Anhang weiterleiten",
    edit_as_new: "Als neue Nachricht bearbeiten",
    forget_address: "Diese Adresse vergessen (Umschalt+Entf)",
    address_forgotten: |a| format!("Vergessen: {a}"),
    empty_trash: "Papierkorb leeren",
    import_messages: "Nachrichten importieren…",
    import_title: "Nachrichtendateien (.eml) oder Postfachdateien (mbox) in diesen Ordner aufnehmen; auf einen Ordner gezogen ebenso",
    imported: |n, folder| format!("{n} Nachricht{} in {folder} importiert.", if n == 1 { "" } else { "en" }),
    import_left_out: "Nicht importiert:",
    import_empty: "die Datei ist leer",
    import_not_message: "die Datei ist keine Nachricht (.eml)",
    import_nul: "die Datei enthält Bytes, die eine Nachricht nicht tragen kann (NUL)",
    import_unreadable: "der Browser konnte die Datei nicht lesen",
    empty_junk: "Spam leeren",
    empty_question: |n, folders, folder| {
        let messages = match n {
            1 => "die Nachricht".to_owned(),
            n => format!("die {n} Nachrichten"),
        };
        let inside = match folders {
            1 => "den Ordner".to_owned(),
            f => format!("die {f} Ordner"),
        };
        let what = match (n, folders) {
            (_, 0) => messages,
            (0, _) => inside,
            _ => format!("{messages} und {inside}"),
        };
        let what = what.replacen('d', "D", 1);
        format!("{what} in „{folder}“ endgültig löschen? Das lässt sich nicht rückgängig machen.")
    },
    storage: "Speicherplatz",
    storage_used: |used, limit| format!("{used} von {limit} belegt"),
    storage_nearly_full: "Fast voll: Löschen oder archivieren Sie Nachrichten, sonst nimmt der Server bald keine neuen mehr an.",
    storage_full: "Voll: Der Server nimmt keine neuen Nachrichten und keine Kopien in „Gesendet“ mehr an, bis Nachrichten gelöscht sind.",
    reply_list: "An Liste antworten",
    unsubscribe: "Abbestellen",
    unsubscribe_title: "Diese Mailingliste verlassen: schreibt die Nachricht, um die sie bittet, oder öffnet ihre Seite",

    all_protocols: "Alle Protokolle",
    filter: "Filtern",
    copy: "Kopieren",
    copy_log_title: "Das ganze Protokoll als Text kopieren",
    clear: "Leeren",

    new_version: "Eine neue Version von Posthorn ist da – ",
    reload: "Neu laden",
    online: "Online",
    offline: "Offline",
    online_title: "Mit dem Netz verbunden",
    offline_title: "Kein Netz: Es wird gezeigt, was in diesem Browser gespeichert ist",
    open_elsewhere: "Posthorn ist in einem anderen Tab geöffnet",
    open_elsewhere_why: "Nur ein Tab zur Zeit führt den Postausgang und sendet, damit keine Nachricht verloren geht \
                         oder doppelt gesendet wird. Dieser Tab übernimmt, sobald der andere geschlossen wird.",
    use_here: "Posthorn hier verwenden",

    enter_password_to_connect: "Geben Sie das Passwort ein, um sich zu verbinden; bis dahin sehen Sie die gespeicherten Nachrichten.",
    offline_cached: "Offline: Es werden die gespeicherten Nachrichten gezeigt. Änderungen warten, bis das Netz wieder da ist.",
    connecting_to: |h| format!("Verbindung zu {h} …"),
    updating: |f| format!("{f} wird aktualisiert …"),
    loading_message: "Nachricht wird geladen …",
    message_gone: "Der Server hat die Nachricht nicht geliefert; vielleicht wurde sie gelöscht.",
    message_unreachable: "Diese Nachricht ist nicht auf diesem Gerät, und der Server war dafür nicht erreichbar. Öffnen Sie die Unterhaltung wieder, sobald die Verbindung zurück ist.",
    offline_queued: |n| {
        if n == 1 {
            "Offline: 1 Änderung wartet; sie wird gesendet, sobald das Netz wieder da ist.".into()
        } else {
            format!("Offline: {n} Änderungen warten; sie werden gesendet, sobald das Netz wieder da ist.")
        }
    },
    change_not_queued: |e| format!("Die Änderung konnte nicht vorgemerkt werden: {e}"),
    sending_queued: |n| format!("Vorgemerkte Änderungen werden gesendet ({n}) …"),
    also_found_in: "Auch gefunden in:",
    found_in_folder: |folder, n| {
        if n == 1 {
            format!("{folder}: 1 Nachricht gefunden; dort suchen")
        } else {
            format!("{folder}: {n} Nachrichten gefunden; dort suchen")
        }
    },
    searching: "Suche läuft …",
    found_on_device: |n| format!("{n} gefunden in den auf diesem Gerät gespeicherten Nachrichten"),
    found: |n| format!("{} gefunden", crate::format::count(n)),

    waiting_for_network: "Offline: Die Nachricht wird gesendet, sobald das Netz wieder da ist.",
    send_code_missing: "Noch nicht gesendet: Der Code von Posthorn zum Senden kam nicht vom Server. Es wird in einer Weile erneut versucht, und sobald das Netz wieder da ist.",
    waiting_for_password: "Wartet auf das Passwort des Kontos.",
    checking_sent: "Der Ordner „Gesendet“ wird geprüft …",
    sent_already: "Sie war schon gesendet (in „Gesendet“ gefunden); nicht noch einmal gesendet.",
    sent_done: "Gesendet.",
    connecting: "Verbindung wird aufgebaut …",
    sent_filing: |reply| format!("Gesendet ({reply}). Wird in „Gesendet“ abgelegt …"),
    deferred_retry: |wait, why| {
        format!("Der Server bat, es später noch einmal zu versuchen; Posthorn tut das in {wait}. {why}")
    },
    waiting_for_network_retry: |why| format!("Wartet auf das Netz (wird bald erneut versucht): {why}"),

    sort_by: "Sortieren nach ",
    sort_date: "Datum",
    sort_sender: "Absender",
    sort_recipient: "Empfänger",
    sort_size: "Größe",
    sort_unread: "Ungelesene zuerst",
    conversations: "Unterhaltungen",
    conversation: "Unterhaltung",
    conversation_count: |n| if n == 1 { "1 Nachricht".into() } else { format!("{n} Nachrichten") },
    select_conversation: "Unterhaltung auswählen",
    unflag: "Markierung entfernen",
    flag_conversation: "Alle markieren",
    delete_conversation: "Alle löschen",
    move_conversation: "Alle verschieben nach …",

    connection: connection::TEXT,

    smtp_connecting: |server| format!("Verbindung zu {server} …"),
    smtp_connected: "Verbunden; Anmeldung …",
    smtp_size: |limit, size| format!("Der Server nimmt Nachrichten bis {limit} an; diese hat {size}."),
    smtp_signed_in: "Angemeldet; wird gesendet …",
    recipient_accepted: "angenommen",
    recipient_refused: "abgelehnt",
    message_too_large: |size| {
        format!(
            "Die Nachricht ({size}) ist größer, als der Server annimmt. Entfernen oder verkleinern Sie Anhänge."
        )
    },
    no_8bit: "Der Server kann den 8-Bit-Inhalt dieser Nachricht nicht annehmen.",
    no_smtputf8: "Der Server nimmt keine Adressen mit Nicht-ASCII-Zeichen an (kein SMTPUTF8).",

    delivery: delivery::TEXT,

    menu: "Menü",
    message_actions: "Aktionen",
    shortcuts_title: "Tastenkürzel",
    shortcuts: &[
        ("j, ↓", "Nächste Nachricht"),
        ("k, ↑", "Vorige Nachricht"),
        ("n", "Nächste ungelesene Nachricht"),
        ("Eingabe", "Nachricht öffnen"),
        ("Esc", "Nachricht schließen, zurück zur Liste; sonst Auswahl aufheben"),
        ("x", "Nachricht auswählen oder abwählen"),
        ("Umschalt + X", "Nachrichten von der zuletzt ausgewählten bis zu dieser auswählen"),
        ("Strg + A", "Alle auswählen"),
        ("r", "Antworten"),
        ("a", "Allen antworten"),
        ("f", "Weiterleiten"),
        ("Strg + E", "Als neue Nachricht bearbeiten"),
        ("c", "Neue Nachricht"),
        ("/", "Suchen"),
        ("Strg + Eingabe", "Senden (beim Schreiben)"),
        ("Umschalt + Entf", "Den gewählten Adressvorschlag vergessen (beim Schreiben)"),
        ("Strg + P", "Die Nachricht drucken"),
        ("1 … 5", "Schlagwort: Wichtig, Arbeit, Persönlich, Zu erledigen, Später (noch einmal: entfernen)"),
        ("0", "Alle Schlagwörter entfernen"),
        ("m", "Als gelesen markieren"),
        ("u", "Als ungelesen markieren"),
        ("Umschalt + C", "Alle im Ordner als gelesen markieren"),
        ("s", "Markieren (Stern)"),
        ("e", "Archivieren"),
        ("v", "In einen Ordner verschieben"),
        ("!", "Spam; im Spam-Ordner: kein Spam"),
        ("z, Strg + Z", "Letztes Verschieben rückgängig machen"),
        ("Entf, #", "Löschen"),
        ("?", "Diese Liste"),
    ],
    new_mail_arrived: |n| if n == 1 { "1 neue Nachricht".into() } else { format!("{n} neue Nachrichten") },
    sent_to_server: |subject| format!("Gesendet: {subject}"),
    not_sent: |subject| format!("Nicht gesendet: {subject}"),
    notify_new_mail: "Bei neuer Post benachrichtigen, während Posthorn im Hintergrund ist",
    signatures: "Signaturen",
    signature_for: |e| format!("Signatur für {e}"),
    signature_hint: "Neue Nachrichten, Antworten und Weiterleitungen beginnen damit, unter einer Zeile „-- “, an der Mailprogramme ihren Anfang erkennen.",
    signature_not_saved: |e| format!("Die Signatur wurde nicht gespeichert: {e}"),
    invitation: "Einladung",
    invitation_when: "Wann",
    invitation_where: "Wo",
    invitation_organizer: "Organisator",
    invitation_attendees: "Teilnehmer",
    more_attendees: |n| format!("und {n} weitere"),
    invitation_repeats: "Wiederholt sich",
    invitation_cancelled: "Dieser Termin wurde abgesagt.",
    rsvp_accept: "Zusagen",
    rsvp_maybe: "Vielleicht",
    rsvp_decline: "Absagen",
    rsvp_accepted: "zugesagt",
    rsvp_tentative: "vielleicht",
    rsvp_declined: "abgesagt",
    rsvp_sent: |a| format!("Ihre Antwort ({a}) geht an den Organisator."),
    rsvp_answered: "Sie haben diese Einladung beantwortet; eine neue Antwort ersetzt die alte.",
    rsvp_subject: |answer, title| match answer {
        Answer::Accepted => format!("Zugesagt: {title}"),
        Answer::Tentative => format!("Mit Vorbehalt zugesagt: {title}"),
        Answer::Declined => format!("Abgesagt: {title}"),
    },
    rsvp_text: |answer, who, title| match answer {
        Answer::Accepted => format!("{who} hat die Einladung „{title}“ angenommen.\n"),
        Answer::Tentative => format!("{who} hat die Einladung „{title}“ mit Vorbehalt angenommen.\n"),
        Answer::Declined => format!("{who} hat die Einladung „{title}“ abgelehnt.\n"),
    },
    receipt_subject: |s| format!("Gelesen: {s}"),
    receipt_text: |s| {
        format!(
            "Dies ist eine Bestätigung für Ihre Nachricht „{s}“. Sie sagt, dass die Nachricht auf dem \
             Bildschirm des Empfängers angezeigt wurde, nicht, dass sie gelesen oder verstanden wurde.\n"
        )
    },
    quoting: Wording {
        attribution: |date, author| format!("Am {date} schrieb {author}:"),
        date: Some(|unix| format!("{} um {}", crate::format::day(unix), crate::format::time(unix))),
        unknown_date: "unbekanntem Datum",
        someone: "jemand",
        forwarded: "Weitergeleitete Nachricht",
        from: "Von",
        sent: "Datum",
        subject: "Betreff",
        to: "An",
        cc: "Kopie",
    },
    request_receipt: "Lesebestätigung anfordern",
    receipt_asked: |who| format!("{who} bittet um eine Bestätigung, wenn Sie diese Nachricht gesehen haben."),
    receipt_goes_elsewhere: |to| format!("Die Bestätigung ginge an {to}, nicht an den Absender."),
    send_receipt: "Bestätigung senden",
    decline_receipt: "Nicht senden",
    sending_addresses: "Absenderadressen",
    other_addresses_of: |e| format!("Außer {e}"),
    identity_placeholder: "Name <alias@example.org>",
    add_address: "Adresse hinzufügen",
    remove_address: |a| format!("{a} entfernen"),
    identities_hint: "Ein Alias oder eine gemeinsame Adresse, die im selben Postfach ankommt. Neue Nachrichten bieten sie unter „Von“ an; Antworten und Weiterleitungen gehen von der Adresse aus, an die die Nachricht geschrieben war.",
    address_known: |a| format!("{a} gehört schon zu diesem Konto."),
    address_name_controls: "Der Name darf keinen Zeilenumbruch enthalten.",
    address_not_saved: |e| format!("Die Adressen wurden nicht gespeichert: {e}"),
    folder_actions: "Ordneraktionen",
    mark_all_read: "Alle als gelesen markieren",
    new_folder: "Neuer Ordner",
    rename_folder: "Umbenennen oder verschieben",
    delete_folder: "Ordner löschen",
    folder_name: "Name",
    folder_inside: "In",
    folder_top_level: "(oberste Ebene)",
    create: "Anlegen",
    rename: "Speichern",
    cancel: "Abbrechen",
    folder_to_trash: |f| {
        format!("Den Ordner „{f}“ mit seinen Nachrichten und Unterordnern in den Papierkorb verschieben?")
    },
    folder_for_good: |f| {
        format!(
            "Den Ordner „{f}“ mit seinen Nachrichten und Unterordnern endgültig löschen? Das lässt sich nicht rückgängig machen."
        )
    },
    folder_name_empty: "Geben Sie einen Namen für den Ordner ein.",
    folder_name_holds: |c| format!("Ein Ordnername kann auf diesem Server kein „{c}“ enthalten."),
    folder_into_itself: "Ein Ordner kann nicht in sich selbst oder in einen seiner Unterordner verschoben werden.",
    folder_kept: "Der Posteingang und die besonderen Ordner (Entwürfe, Gesendet, Spam, Papierkorb, Archiv) behalten ihren Namen.",
    folder_not_changed: |f, why| format!("Der Server hat den Ordner {f} nicht geändert. {why}"),

    folder_list_unreadable: "Die Ordnerliste des Servers konnte nicht gelesen werden.",
    no_sent_folder: "Der Server hat keinen Ordner „Gesendet“. Legen Sie einen an (Knopf unten), dann legt Posthorn die Kopie dort ab.",

    seconds: |n| format!("{n} Sekunde{}", if n == 1 { "" } else { "n" }),
    minutes: |n| format!("{n} Minute{}", if n == 1 { "" } else { "n" }),
    decimal_separator: ',',
    thousands_separator: '.',

    compat: compat::TEXT,
    filters: filters::TEXT,

    sign_in_wrong_password: |role, server| {
        format!(
            "Die Anmeldung beim {role}server {server} ist fehlgeschlagen: Benutzername oder Passwort \
             sind wahrscheinlich falsch. Prüfen Sie beides und geben Sie das Passwort erneut ein."
        )
    },
    sign_in_refused: |role, server| {
        format!(
            "Die Anmeldung beim {role}server {server} ist fehlgeschlagen, aber nicht wegen des \
             Passworts. Die Antwort des Servers nennt den Grund; versuchen Sie es später noch einmal \
             oder fragen Sie Ihren E-Mail-Anbieter."
        )
    },
    sending_will_not_work: |why| format!("Das Senden von E-Mails wird nicht funktionieren: {why}"),
    refresh: "Auf neue E-Mails prüfen",
    search: "Suchen",
    no_folder_open: "Kein Ordner geöffnet",
    no_folder_open_hint: "Wählen Sie links einen Ordner, um seine Nachrichten zu sehen.",
    folder_empty: "Dieser Ordner ist leer",
    folder_empty_hint: "Nachrichten, die hierher verschoben oder zugestellt werden, erscheinen in dieser Liste.",
    no_search_results: "Nichts gefunden",
    no_search_results_hint: "Keine Nachricht passt. Versuchen Sie andere Wörter oder suchen Sie in allen Feldern.",
    no_filter_results_hint: "Keine Nachricht hier passt zu „Anzeigen“. Wählen Sie „Alle Nachrichten“, um alle zu sehen.",
    no_message_open: "Keine Nachricht geöffnet",
    outbox_empty: "Der Postausgang ist leer: alles wurde gesendet.",
    outbox_scheduled: |n| {
        if n == 1 { "1 Nachricht geplant".into() } else { format!("{n} Nachrichten geplant") }
    },
    outbox_done: |n| if n == 1 { "1 Nachricht gesendet".into() } else { format!("{n} Nachrichten gesendet") },
    no_folders: "Noch keine Ordner: sie erscheinen, sobald der Server sie aufgelistet hat.",
    engine: engine::TEXT,
};
