//! The English texts of [`EngineText`] (`i18n/text/engine.rs`).

use crate::i18n::text::EngineText;

pub(super) const TEXT: EngineText = EngineText {
    err_refused: |command| format!("The server refused {command}."),
    err_not_understood: |command| {
        format!(
            "The server did not understand {command}. Try again; if it keeps happening, tell the provider."
        )
    },
    err_closed: "The server ended the connection. Try again later.",
    err_unreadable: "The server sent an answer Posthorn cannot read. Check the server name and port; if they are \
                     right, tell the provider.",
    err_timeout: |step, seconds| {
        format!(
            "The server did not answer {step} for {seconds} seconds, so the connection was given up. \
             Connect again; if it keeps happening, the server or the network is down."
        )
    },
    err_aborted: "The connection ended before the command was done. Connect again and try once more.",
    err_no_encryption: "The server does not offer encryption (STARTTLS), and this account requires it, so \
                        Posthorn stopped and sent nothing. Use the port with TLS (993, 995 or 465), or check the \
                        server name.",
    err_encryption_refused: "The server refused to start encryption. Use the port with TLS (993, 995 or 465).",
    err_injection: "Data arrived right before encryption started. That is how an attack on the connection \
                    looks, so Posthorn stopped. Try again on another network.",
    err_busy: "The server refused the connection or is closing it. Try again later.",
    err_no_sign_in: "The server offers no sign-in Posthorn can use here. Check the port (587 or 465) and that \
                     encryption is on.",
    err_other: "Posthorn could not go on with the server. The details below say why (in English).",
    err_at_server: |role, server, sentence| format!("At the {role} server {server}: {sentence}"),
    err_code_hint: |code| match code {
        "AUTHENTICATIONFAILED" => Some("Check the user name and password."),
        "AUTHORIZATIONFAILED" => Some("This user may not act as the requested identity."),
        "EXPIRED" => Some("The password or account has expired; renew it with the provider."),
        "PRIVACYREQUIRED" => Some("Use an encrypted connection."),
        "CONTACTADMIN" => Some("Contact the provider's administrator."),
        "NOPERM" => Some("You lack the permission for this; ask the mailbox owner."),
        "INUSE" => Some("The mailbox is busy; try again shortly."),
        "OVERQUOTA" => Some("The mailbox is full; delete messages or ask for more space."),
        "ALREADYEXISTS" => Some("Choose another name."),
        "NONEXISTENT" | "TRYCREATE" => Some("The folder does not exist; create it first."),
        "LIMIT" => Some("A server limit was reached; try a smaller request."),
        "UNAVAILABLE" => Some("The server is unavailable for now; try again later."),
        "SERVERBUG" => Some("The server failed; tell the provider."),
        "CANNOT" => Some("The server cannot do this with this folder."),
        "TOOBIG" => Some("The message is too large for this server."),
        _ => None,
    },
    err_password_not_accepted: "This provider no longer accepts a password here: choose XOAUTH2 or OAUTHBEARER \
                                as the sign-in method and enter an OAuth access token in the password field, or \
                                ask the administrator to allow IMAP sign-in with a password.",
    err_broke_while_sending: "The connection broke while the message was being sent, so it is not certain \
                              whether the server got it. Posthorn checks the Sent folder before sending it again.",
    err_ended_before_sent: "The server ended the session before the message was sent. Posthorn tries again.",
    err_broke_for_some: |owed_to| {
        format!(
            "The connection broke while the message was being sent to {owed_to}, so it is not certain \
             whether the server took it; the Sent folder cannot tell, as the message went to the other \
             recipients before. Use \"Send anyway\" if you are sure it did not arrive."
        )
    },
    err_sent_not_checked: |why| {
        format!(
            "Could not check the Sent folder, so the message was not sent again. {why} Use \"Send anyway\" \
             if you are sure it did not arrive."
        )
    },
    err_outbox_not_stored: |why| {
        format!(
            "Not sent: the outbox could not be stored, and without that a closed page could send the message \
             twice. {why}"
        )
    },
    err_no_role_folder: |folder| {
        format!("The server has no {folder} folder, so Posthorn could not file the message there.")
    },
    err_folder_not_created: |folder, why| format!("The server did not create the {folder} folder. {why}"),
    err_too_large_to_download: |size| format!("The message is larger than {size} and was not downloaded."),
};
