//! The texts in English.

use super::Text;
use posthorn_proto::compose::Wording;
use posthorn_proto::message::calendar::Answer;

mod compat;
mod connection;
mod delivery;
mod engine;
mod filters;

pub static TEXT: Text = Text {
    account: "Account",
    add_account: "Add account",
    remove_account: "Remove account",
    remove_account_confirm: |email| format!("Remove {email} and its local data from this browser?"),
    remove_account_keeps_server: "Its mail stays on the server; only what this browser keeps for it (cached mail, drafts, the outbox, a remembered password) goes.",
    remove_account_unsent: |n| match n {
        1 => "1 message in its outbox has not been sent and will be lost.".to_owned(),
        n => format!("{n} messages in its outbox have not been sent and will be lost."),
    },
    protocol_log: "Protocol log",
    opening: "Opening …",
    password_for: "Password for ",
    enter_current_password: " Enter the account's current password.",
    password_once_per_session: "Posthorn asks for your password once per browser session, unless you let this device remember it.",
    remember_password: "Remember the password on this device",
    open: "Open",
    forget_password: "Forget password",
    forget_password_title: "Stop remembering the password on this device; it is asked again next session",
    settings: "Settings",
    language: "Language",
    language_browser: "As the browser",
    theme: "Theme",
    theme_system: "As the system",
    theme_light: "Light",
    theme_dark: "Dark",

    add_mail_account: "Add a mail account",
    your_name: "Your name",
    email_address: "Email address",
    password: "Password",
    bridge: "Bridge",
    bridge_url: "Bridge URL (empty: this site)",
    bridge_hint: "The bridge carries your mail connections. Use another one only if you trust whoever runs it; it must list this site with --allowed-origin.",
    find_settings: "Find settings",
    enter_settings_by_hand: "Enter settings by hand",
    incoming_mail: "Incoming mail",
    incoming_server: "Incoming server",
    outgoing_server: "Outgoing server (SMTP)",
    pop3_messages: "Messages on the POP3 server",
    pop3_keeps: "Posthorn keeps every downloaded message in this browser.",
    pop3_leave: "Leave them on the server",
    pop3_delete_after_download: "Delete them from the server after download",
    pop3_delete_after_days: "Delete them from the server after some days",
    days: "Days",
    server_files_sent: "The server puts sent mail into Sent by itself (do not file a copy)",
    test_and_save: "Test and save",
    host: "Host",
    port: "Port",
    security: "Security",
    security_none: "None (unencrypted)",
    user_name: "User name",
    sign_in_method: "Sign-in method",
    strongest_method: "Strongest the server offers",
    oauth_token_method: |m| format!("{m} (the password field holds an OAuth token)"),
    enter_host: "Enter the server's host name.",
    port_number: "The port must be a number.",
    enter_full_address: "Enter a full email address, like name@example.com.",
    looking_up: |a| format!("Looking up the servers for {a}…"),
    no_servers_found: "No servers were found for this domain. Enter the settings by hand.",
    found_check: |f| format!("Found {f}. Check the settings, then test and save."),
    enter_pop3_days: "Enter the number of days after which messages leave the server (1 or more).",
    connecting_logging_in: |s| format!("Connecting to {s} and logging in…"),
    logged_in_to: |s| format!("Logged in to {s}."),
    signing_in_outgoing: |s| format!("Signing in to the outgoing server {s}…"),
    signed_in_to: |s| format!("Signed in to {s}."),
    discovery_unreachable: "The bridge could not be reached for discovery. Enter the settings by hand.",
    discovery_status: |s| {
        format!("The bridge answered {s} to the discovery request. Enter the settings by hand.")
    },
    discovery_not_understood: |e| {
        format!("The discovery answer was not understood ({e}). Enter the settings by hand.")
    },

    role_incoming: "incoming",
    role_outgoing: "outgoing",
    unknown: "(unknown)",
    cert_pin_mismatch: |role, server, trusted, presented| {
        format!(
            "Warning: the {role} server {server} presents a different certificate from the one you trusted. \
             Trusted: {trusted}. Now: {presented}. If its administrator has just renewed the certificate, compare \
             the new fingerprint with theirs before trusting it; otherwise someone may be intercepting the \
             connection, so do not trust it."
        )
    },
    cert_self_signed: |role, server| {
        format!(
            "The server's certificate is not signed by an authority your bridge trusts. Home and office \
             servers often have such a certificate (self-signed), but it is also what someone intercepting \
             the connection would show. Trust it only if its fingerprint matches the one the administrator \
             of the {role} server {server} gives you."
        )
    },
    cert_expired: |role, server| {
        format!(
            "The certificate of the {role} server {server} is outside its validity period. Trusting it would \
             not help: its administrator must renew it (or a clock is wrong)."
        )
    },
    cert_name_mismatch: |role, server| {
        format!(
            "The certificate of the {role} server {server} is made out for other names. Trusting it would not \
             help: use a host name the certificate names, or ask its administrator for a matching one."
        )
    },
    cert_refused: |role, server| format!("The certificate of the {role} server {server} was refused."),
    trust_new_certificate: "Trust the new certificate for this server",
    trust_certificate: "Trust this certificate for this server",
    sha256_fingerprint: "SHA-256 fingerprint",
    trusted_before: "Trusted before",
    cert_subject: "Subject",
    cert_issuer: "Issuer",
    cert_names: "Names",
    cert_valid: "Valid",
    valid_from_until: |from, until| format!("from {from} until {until}"),

    back: "‹ Back",
    folders: "Folders",
    all_inboxes: "All inboxes",
    accounts_heading: "Accounts",
    open_account: |name| format!("Open the account {name} with its folders"),
    account_locked: |email| {
        format!(
            "{email} shows its saved mail only: open the account and enter its password to bring its inbox up to date."
        )
    },
    changes_waiting: |n| format!(" · {n} change(s) waiting for the network"),
    dismiss: "Dismiss",
    toggle_folder: |f| format!("Show or hide the folders in {f}"),
    inbox: "Inbox",
    drafts: "Drafts",
    sent: "Sent",
    junk: "Junk",
    trash: "Trash",
    archive: "Archive",
    search_in: "Search in",
    search_all: "All",
    from: "From",
    to: "To",
    cc: "Cc",
    bcc: "Bcc",
    subject: "Subject",
    body: "Body",
    search_placeholder: "Search on the server",
    search_on_device: "Search every inbox on this device",
    search_inboxes: "Search all inboxes",
    messages: "Messages",
    mark_read: "Mark read (m)",
    mark_unread: "Mark unread (u)",
    flag_title: "Flag (s)",
    flag: "Flag",
    delete_title: "Delete (Del)",
    archive_title: "Archive (e)",
    junk_title: "Junk (!)",
    not_junk_title: "Not junk (!)",
    moved_to: |n, folder| {
        if n == 1 {
            format!("1 message moved to {folder}.")
        } else {
            format!("{n} messages moved to {folder}.")
        }
    },
    undo: "Undo",
    undo_title: "Move them back (z)",
    delete: "Delete",
    move_to: "Move to…",
    move_: "Move",
    move_title: "Move to the folder chosen; with Ctrl or Alt held: copy",
    copy_title: "Copy to the folder chosen",
    select_message: "Select",
    select_all: "Select all",
    show_filter: "Show",
    filter_all: "All messages",
    filter_unread: "Unread",
    filter_flagged: "Flagged",
    ticked_count: |n| format!("{} selected", crate::format::count(n)),
    no_sender: "(no sender)",
    no_recipient: "(no recipient)",
    no_subject: "(no subject)",
    no_date: "(no date)",
    flagged: "flagged",
    answered: "answered",
    forwarded: "forwarded",
    has_attachment: "with attachment",
    inbox_pop3: "▤ Inbox (POP3)",
    check_mail: "Check for new mail",
    select_to_read: "Select a message to read it.",
    pop3_gone_everywhere: "This message is no longer in the browser's storage, and the server deleted it after \
                           download.",
    pop3_gone_from_server: "The message is no longer on the server.",
    loading_inbox: "Loading the inbox…",
    checking_mail: "Checking for new mail…",
    downloading: "Downloading…",
    downloading_n_of: |n, of| format!("Downloading {n} of {of}…"),
    deleting_n: |n| format!("Deleting {n} from the server…"),

    from_label: "From: ",
    to_label: "To: ",
    cc_label: "Cc: ",
    date_label: "Date: ",
    show_plain: "Show plain text",
    show_html: "Show HTML",
    all_headers: "All headers",
    structure: "Structure",
    source: "Source",
    save_message: "Save as file (.eml)",
    print_message: "Print…",
    more: "More",
    draft_here: "This is a draft, not sent yet.",
    edit_draft: "Edit draft",
    tag_menu: "Tag",
    tag_names: ["Important", "Work", "Personal", "To Do", "Later"],
    remove_tags: "Remove all tags",
    save_all_attachments: "Save all (ZIP)",
    attachments_zip: "attachments.zip",
    no_more_unread: "No more unread messages below.",
    search_hint: "Search on the server. Also: from:, to:, cc:, subject:, body:, after:2026-11-01, before:2026-12-01, larger:2M, smaller:500K, is:unread, is:flagged; \"quotes\" around words with spaces, - before one to leave its hits out.",
    search_bad_date: |v| format!("“{v}” is not a date the search can read: write it as 2026-12-31."),
    search_bad_size: |v| format!("“{v}” is not a size the search can read: write it as 500K or 2M."),
    search_bad_state: |v| {
        format!("“is:{v}” is not known: use is:unread, is:read, is:flagged or is:answered.")
    },
    tags_label: "Tags: ",
    priority_label: "Priority: ",
    priority_names: ["Highest", "High", "Normal", "Low", "Lowest"],
    priority_marks: ["Highest priority", "High priority", "", "Low priority", "Lowest priority"],
    message: "Message",
    trusted_senders: "Remote images load from",
    trusted_senders_none: "No sender yet. “Always load from …” above a message adds its sender here.",
    untrust_sender: |s| format!("Ask again before loading images from {s}"),
    always_load_from: |s| format!("Always load from {s}"),
    remote_removed: "This message refers to content on the internet. It was removed to protect your privacy.",
    remote_blocked: |n| {
        if n == 1 {
            "1 remote image was blocked to protect your privacy.".into()
        } else {
            format!("{n} remote images were blocked to protect your privacy.")
        }
    },
    remote_blocked_and_removed: |n, m| {
        format!(
            "{n} remote {} blocked to protect your privacy; {m} other remote {} removed.",
            if n == 1 { "image was" } else { "images were" },
            if m == 1 { "reference was" } else { "references were" }
        )
    },
    load_remote: "Load remote images",
    attachments: "Attachments",

    new_message: "New message",
    attach_files: "Attach files… (or drop them here)",
    remove: "Remove",
    attachments_size: |s| format!("Attachments: {s}"),
    attachments_limit: |s| format!(" of at most about {s} the server accepts"),
    attachments_too_large: |have, limit| {
        format!("The attachments ({have}) are larger than the server accepts ({limit}). Remove some.")
    },
    send: "Send",
    save_draft: "Save draft",
    close: "Close",
    discard: "Discard",
    saving_draft: "Saving draft …",
    draft_saved: "Draft saved.",
    draft_saved_here: "Draft saved in this browser.",
    draft_pop3_open: "This account keeps no drafts on its server (POP3): send the message, or discard it.",
    draft_not_on_server: |e| format!("The draft is saved in this browser, but not on the server: {e}"),
    draft_not_kept: |e| format!("The draft could not be kept in this browser: {e}"),
    outbox: "Outbox",
    state_waiting: "waiting",
    state_sending: "sending",
    state_failed: "not sent",
    state_uncertain: "perhaps sent",
    state_sent: "sent",
    retry: "Retry",
    part_not_loaded: "This part of Posthorn could not be loaded: the server did not send its code. Check the connection and try again.",
    edit: "Edit",
    held_note: |n| format!("Goes out {n} seconds after Send; Undo takes it back."),
    held_offer: |subject, n, others| {
        let more = if others > 0 { format!(" (and {others} more)") } else { String::new() };
        if n == 0 {
            format!("“{subject}”{more} is going out …")
        } else {
            format!("“{subject}”{more} goes out in {n} s")
        }
    },
    held_announce: |subject, n| format!("“{subject}” goes out in {n} seconds. Undo is in the status line."),
    undo_send_button: "Undo",
    send_now: "Send now",
    undo_send: "Undo send",
    mark_read_when: "Mark messages read",
    body_as: "Show message text as",
    body_as_html: "HTML, as sent",
    body_as_plain: "Plain text",
    mark_read_at_once: "When opened",
    mark_read_after: |s| format!("After {s} seconds open"),
    mark_read_never: "Only by hand",
    undo_send_off: "Off",
    undo_send_seconds: |n| format!("{n} seconds"),
    attachment_reminder: "Your text speaks of an attachment, but none is attached.",
    attach_a_file: "Attach a file",
    send_later: "Send later",
    tomorrow_morning: "Tomorrow morning, 8:00",
    monday_morning: "Monday morning, 8:00",
    pick_a_time: "Pick a date and time",
    schedule: "Schedule",
    send_at_past: "That time has passed: pick a later one.",
    send_at_missing: "Pick a date and a time first.",
    scheduled_note: |when| {
        format!(
            "Scheduled for {when}. It goes out if Posthorn is open in a browser then, else as soon as it is opened."
        )
    },
    state_scheduled: "scheduled",
    send_anyway: "Send anyway",
    reply: "Reply",
    reply_all: "Reply all",
    forward: "Forward",
    forward_attachment: "Forward as attachment",
    edit_as_new: "Edit as new message",
    forget_address: "Forget this address (Shift+Delete)",
    address_forgotten: |a| format!("Forgotten: {a}"),
    empty_trash: "Empty Trash",
    import_messages: "Import messages…",
    import_title: "Add message files (.eml) or mailbox files (mbox) to this folder; dropping them on a folder does the same",
    imported: |n, folder| format!("{n} message{} imported into {folder}.", if n == 1 { "" } else { "s" }),
    import_left_out: "Not imported:",
    import_empty: "the file is empty",
    import_not_message: "the file is not a message (.eml)",
    import_nul: "the file holds bytes a message cannot carry (NUL)",
    import_unreadable: "the browser could not read the file",
    empty_junk: "Empty Junk",
    empty_question: |n, folders, folder| {
        let messages = match n {
            1 => "the message".to_owned(),
            n => format!("the {n} messages"),
        };
        let inside = match folders {
            1 => "the folder".to_owned(),
            f => format!("the {f} folders"),
        };
        let what = match (n, folders) {
            (_, 0) => messages,
            (0, _) => inside,
            _ => format!("{messages} and {inside}"),
        };
        format!("Delete {what} in {folder} for good? This cannot be undone.")
    },
    storage: "Storage",
    storage_used: |used, limit| format!("{used} of {limit} used"),
    storage_nearly_full: "Nearly full: delete or archive messages, or the server will soon refuse new mail.",
    storage_full: "Full: the server refuses new mail and copies in Sent until messages are deleted.",
    reply_list: "Reply to list",
    unsubscribe: "Unsubscribe",
    unsubscribe_title: "Leave this mailing list: writes the message it asks for, or opens its page",

    all_protocols: "All protocols",
    filter: "Filter",
    copy: "Copy",
    copy_log_title: "Copy the whole log as text",
    clear: "Clear",

    new_version: "A new version of Posthorn is available — ",
    reload: "Reload",
    online: "Online",
    offline: "Offline",
    online_title: "Connected to the network",
    offline_title: "No network: showing what is stored in this browser",
    open_elsewhere: "Posthorn is open in another tab",
    open_elsewhere_why: "Only one tab at a time keeps the outbox and sends mail, so that no message is lost or \
                         sent twice. This tab takes over when the other one closes.",
    use_here: "Use Posthorn here",

    enter_password_to_connect: "Enter the password to connect; cached mail is shown meanwhile.",
    offline_cached: "Offline: showing cached mail. Changes are queued until the network is back.",
    connecting_to: |h| format!("Connecting to {h}…"),
    updating: |f| format!("Updating {f}…"),
    loading_message: "Loading message…",
    message_gone: "The server did not return the message; it may have been deleted.",
    message_unreachable: "This message is not on this device, and the server could not be reached for it. Open the conversation again once the connection is back.",
    offline_queued: |n| format!("Offline: {n} change(s) queued; they are sent when the network is back."),
    change_not_queued: |e| format!("The change could not be queued: {e}"),
    sending_queued: |n| format!("Sending {n} queued change(s)…"),
    also_found_in: "Also found in:",
    found_in_folder: |folder, n| {
        if n == 1 {
            format!("{folder}: 1 message found; search there")
        } else {
            format!("{folder}: {n} messages found; search there")
        }
    },
    searching: "Searching…",
    found_on_device: |n| format!("{n} found in mail kept on this device"),
    found: |n| format!("{} found", crate::format::count(n)),

    waiting_for_network: "Offline: waiting for the network to send it.",
    send_code_missing: "Not sent yet: Posthorn's code for sending did not arrive from the server. It is tried again in a while, and when the network is back.",
    waiting_for_password: "Waiting for the account's password.",
    checking_sent: "Checking the Sent folder …",
    sent_already: "It had been sent already (found in Sent); not sent again.",
    sent_done: "Sent.",
    connecting: "Connecting …",
    sent_filing: |reply| format!("Sent ({reply}). Filing in Sent …"),
    deferred_retry: |wait, why| {
        format!("The server asked to try again later; Posthorn does so in {wait}. {why}")
    },
    waiting_for_network_retry: |why| format!("Waiting for the network (tried again in a while): {why}"),

    sort_by: "Sort by ",
    sort_date: "Date",
    sort_sender: "Sender",
    sort_recipient: "Recipient",
    sort_size: "Size",
    sort_unread: "Unread first",
    conversations: "Conversations",
    conversation: "Conversation",
    conversation_count: |n| if n == 1 { "1 message".into() } else { format!("{n} messages") },
    select_conversation: "Select conversation",
    unflag: "Unflag",
    flag_conversation: "Flag all",
    delete_conversation: "Delete all",
    move_conversation: "Move all to…",

    connection: connection::TEXT,

    smtp_connecting: |server| format!("Connecting to {server} …"),
    smtp_connected: "Connected; signing in …",
    smtp_size: |limit, size| format!("The server accepts messages up to {limit}; this one is {size}."),
    smtp_signed_in: "Signed in; sending …",
    recipient_accepted: "accepted",
    recipient_refused: "refused",
    message_too_large: |size| {
        format!("The message ({size}) is larger than the server accepts. Remove or shrink attachments.")
    },
    no_8bit: "The server cannot take this message's 8-bit content.",
    no_smtputf8: "The server does not accept addresses with non-ASCII characters (no SMTPUTF8).",

    delivery: delivery::TEXT,

    menu: "Menu",
    message_actions: "Actions",
    shortcuts_title: "Keyboard shortcuts",
    shortcuts: &[
        ("j, ↓", "Next message"),
        ("k, ↑", "Previous message"),
        ("n", "Next unread message"),
        ("Enter", "Open the message"),
        ("Escape", "Close the message, back to the list; else unselect all"),
        ("x", "Select or unselect the message"),
        ("Shift + X", "Select the messages from the last selected one to this one"),
        ("Ctrl + A", "Select all"),
        ("r", "Reply"),
        ("a", "Reply to all"),
        ("f", "Forward"),
        ("Ctrl + E", "Edit as new message"),
        ("c", "New message"),
        ("/", "Search"),
        ("Ctrl + Enter", "Send (in the composer)"),
        ("Shift + Delete", "Forget the chosen address suggestion (in the composer)"),
        ("Ctrl + P", "Print the message"),
        ("1 … 5", "Tag: Important, Work, Personal, To Do, Later (again: untag)"),
        ("0", "Remove all tags"),
        ("m", "Mark read"),
        ("u", "Mark unread"),
        ("Shift + C", "Mark all in the folder read"),
        ("s", "Flag"),
        ("e", "Archive"),
        ("v", "Move to a folder"),
        ("!", "Junk; in the Junk folder: not junk"),
        ("z, Ctrl + Z", "Undo the last move"),
        ("Delete, #", "Delete"),
        ("?", "This list"),
    ],
    new_mail_arrived: |n| if n == 1 { "1 new message".into() } else { format!("{n} new messages") },
    sent_to_server: |subject| format!("Sent: {subject}"),
    not_sent: |subject| format!("Not sent: {subject}"),
    notify_new_mail: "Notify me of new mail while Posthorn is in the background",
    signatures: "Signatures",
    signature_for: |e| format!("Signature for {e}"),
    signature_hint: "New messages, replies and forwards start with it, under a line \"-- \" that tells mail programs where it begins.",
    signature_not_saved: |e| format!("The signature was not saved: {e}"),
    invitation: "Invitation",
    invitation_when: "When",
    invitation_where: "Where",
    invitation_organizer: "Organizer",
    invitation_attendees: "Attendees",
    more_attendees: |n| format!("and {n} more"),
    invitation_repeats: "Repeats",
    invitation_cancelled: "This event was cancelled.",
    rsvp_accept: "Accept",
    rsvp_maybe: "Maybe",
    rsvp_decline: "Decline",
    rsvp_accepted: "accepted",
    rsvp_tentative: "maybe",
    rsvp_declined: "declined",
    rsvp_sent: |a| format!("Your answer ({a}) goes to the organizer."),
    rsvp_answered: "You have answered this invitation; another answer replaces it.",
    rsvp_subject: |answer, title| match answer {
        Answer::Accepted => format!("Accepted: {title}"),
        Answer::Tentative => format!("Tentatively accepted: {title}"),
        Answer::Declined => format!("Declined: {title}"),
    },
    rsvp_text: |answer, who, title| match answer {
        Answer::Accepted => format!("{who} has accepted the invitation \"{title}\".\n"),
        Answer::Tentative => format!("{who} has tentatively accepted the invitation \"{title}\".\n"),
        Answer::Declined => format!("{who} has declined the invitation \"{title}\".\n"),
    },
    receipt_subject: |s| format!("Read: {s}"),
    receipt_text: |s| {
        format!(
            "This is a receipt for your message \"{s}\". It says that the message was displayed on the \
             recipient's screen. It does not say that it was read or understood.\n"
        )
    },
    // The engine's English words, with the original's date in the reader's zone and locale.
    quoting: Wording { date: Some(crate::format::medium_date), ..Wording::ENGLISH },
    request_receipt: "Ask for a read receipt",
    receipt_asked: |who| format!("{who} asks to be told when you have seen this message."),
    receipt_goes_elsewhere: |to| format!("The receipt would go to {to}, not to the sender."),
    send_receipt: "Send receipt",
    decline_receipt: "Don't send",
    sending_addresses: "Addresses you send from",
    other_addresses_of: |e| format!("Besides {e}"),
    identity_placeholder: "Name <alias@example.org>",
    add_address: "Add address",
    remove_address: |a| format!("Remove {a}"),
    identities_hint: "An alias or a shared address that reaches the same mailbox. New messages let you choose it in From; a reply or forward goes out from the address the message was written to.",
    address_known: |a| format!("{a} is already one of this account's addresses."),
    address_name_controls: "The name may not contain a line break.",
    address_not_saved: |e| format!("The addresses were not saved: {e}"),
    folder_actions: "Folder actions",
    mark_all_read: "Mark all read",
    new_folder: "New folder",
    rename_folder: "Rename or move",
    delete_folder: "Delete folder",
    folder_name: "Name",
    folder_inside: "Inside",
    folder_top_level: "(top level)",
    create: "Create",
    rename: "Save",
    cancel: "Cancel",
    folder_to_trash: |f| format!("Move the folder “{f}” with its messages and subfolders to Trash?"),
    folder_for_good: |f| {
        format!("Delete the folder “{f}” with its messages and subfolders for good? This cannot be undone.")
    },
    folder_name_empty: "Enter a name for the folder.",
    folder_name_holds: |c| format!("A folder name cannot hold “{c}” on this server."),
    folder_into_itself: "A folder cannot go inside itself or a folder inside it.",
    folder_kept: "The inbox and the special folders (Drafts, Sent, Junk, Trash, Archive) keep their names.",
    folder_not_changed: |f, why| format!("The server did not change the folder {f}. {why}"),

    folder_list_unreadable: "The server's folder list could not be read.",
    no_sent_folder: "The server has no Sent folder. Create one (the button below) and Posthorn files the copy there.",

    seconds: |n| format!("{n} second{}", if n == 1 { "" } else { "s" }),
    minutes: |n| format!("{n} minute{}", if n == 1 { "" } else { "s" }),
    decimal_separator: '.',
    thousands_separator: ',',

    compat: compat::TEXT,
    filters: filters::TEXT,

    sign_in_wrong_password: |role, server| {
        format!(
            "Sign-in failed at the {role} server {server}: the user name or password is probably wrong. \
             Check both and enter the password again."
        )
    },
    sign_in_refused: |role, server| {
        format!(
            "Sign-in failed at the {role} server {server}, though not because of the password. The \
             server's reply says why; try again later, or ask your mail provider."
        )
    },
    sending_will_not_work: |why| format!("Sending mail will not work: {why}"),
    refresh: "Check for new mail",
    search: "Search",
    no_folder_open: "No folder open",
    no_folder_open_hint: "Choose a folder on the left to see its messages.",
    folder_empty: "This folder is empty",
    folder_empty_hint: "Messages moved or delivered here will show up in this list.",
    no_search_results: "Nothing found",
    no_search_results_hint: "No message matches. Try other words, or search all fields.",
    no_filter_results_hint: "No message here is what “Show” asks for. Choose “All messages” to see every one.",
    no_message_open: "No message open",
    outbox_empty: "The outbox is empty: everything was sent.",
    outbox_scheduled: |n| {
        if n == 1 { "1 message scheduled".into() } else { format!("{n} messages scheduled") }
    },
    outbox_done: |n| if n == 1 { "1 message sent".into() } else { format!("{n} messages sent") },
    no_folders: "No folders yet: they appear once the server has listed them.",
    engine: engine::TEXT,
};
