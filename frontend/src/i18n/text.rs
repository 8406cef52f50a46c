//! The table of texts: one field per text a person reads (see `i18n.rs`).

mod compat;
mod connection;
mod delivery;
mod engine;
mod filters;

pub use compat::CompatText;
pub use connection::ConnectionText;
pub use delivery::DeliveryText;
pub use engine::EngineText;
pub use filters::FiltersText;

/// Every text of the app in one language. Plain texts are `&str`; texts with values in them
/// are functions, so that each language puts the values where its grammar wants them.
pub struct Text {
    // The shell (app.rs) and the settings.
    pub account: &'static str,
    pub add_account: &'static str,
    pub remove_account: &'static str,
    pub remove_account_confirm: fn(&str) -> String,
    /// Said with the question: the account's mail on its server is not touched.
    pub remove_account_keeps_server: &'static str,
    /// Said with the question when the account's outbox holds messages not sent to everyone.
    pub remove_account_unsent: fn(usize) -> String,
    pub protocol_log: &'static str,
    pub opening: &'static str,
    pub password_for: &'static str,
    pub enter_current_password: &'static str,
    pub password_once_per_session: &'static str,
    pub remember_password: &'static str,
    pub open: &'static str,
    pub forget_password: &'static str,
    pub forget_password_title: &'static str,
    pub settings: &'static str,
    pub language: &'static str,
    pub language_browser: &'static str,
    pub theme: &'static str,
    pub theme_system: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,

    // Account setup (account_setup.rs).
    pub add_mail_account: &'static str,
    pub your_name: &'static str,
    pub email_address: &'static str,
    pub password: &'static str,
    pub bridge: &'static str,
    pub bridge_url: &'static str,
    pub bridge_hint: &'static str,
    pub find_settings: &'static str,
    pub enter_settings_by_hand: &'static str,
    pub incoming_mail: &'static str,
    pub incoming_server: &'static str,
    pub outgoing_server: &'static str,
    pub pop3_messages: &'static str,
    pub pop3_keeps: &'static str,
    pub pop3_leave: &'static str,
    pub pop3_delete_after_download: &'static str,
    pub pop3_delete_after_days: &'static str,
    pub days: &'static str,
    pub server_files_sent: &'static str,
    pub test_and_save: &'static str,
    pub host: &'static str,
    pub port: &'static str,
    pub security: &'static str,
    pub security_none: &'static str,
    pub user_name: &'static str,
    pub sign_in_method: &'static str,
    pub strongest_method: &'static str,
    pub oauth_token_method: fn(&str) -> String,
    pub enter_host: &'static str,
    pub port_number: &'static str,
    pub enter_full_address: &'static str,
    pub looking_up: fn(&str) -> String,
    pub no_servers_found: &'static str,
    pub found_check: fn(&str) -> String,
    pub enter_pop3_days: &'static str,
    pub connecting_logging_in: fn(&str) -> String,
    pub logged_in_to: fn(&str) -> String,
    pub signing_in_outgoing: fn(&str) -> String,
    pub signed_in_to: fn(&str) -> String,
    pub discovery_unreachable: &'static str,
    pub discovery_status: fn(u16) -> String,
    pub discovery_not_understood: fn(&str) -> String,

    // A refused certificate (account_setup/certificate.rs). The role is "incoming"/"outgoing".
    pub role_incoming: &'static str,
    pub role_outgoing: &'static str,
    pub unknown: &'static str,
    pub cert_pin_mismatch: fn(&str, &str, &str, &str) -> String,
    pub cert_self_signed: fn(&str, &str) -> String,
    pub cert_expired: fn(&str, &str) -> String,
    pub cert_name_mismatch: fn(&str, &str) -> String,
    pub cert_refused: fn(&str, &str) -> String,
    pub trust_new_certificate: &'static str,
    pub trust_certificate: &'static str,
    pub sha256_fingerprint: &'static str,
    pub trusted_before: &'static str,
    pub cert_subject: &'static str,
    pub cert_issuer: &'static str,
    pub cert_names: &'static str,
    pub cert_valid: &'static str,
    pub valid_from_until: fn(&str, &str) -> String,

    // The mail view (mail_view.rs, pop3_view.rs).
    pub back: &'static str,
    pub folders: &'static str,
    // "All inboxes" across accounts (all_inboxes.rs).
    pub all_inboxes: &'static str,
    pub accounts_heading: &'static str,
    pub open_account: fn(&str) -> String,
    pub account_locked: fn(&str) -> String,
    pub changes_waiting: fn(usize) -> String,
    pub dismiss: &'static str,
    pub toggle_folder: fn(&str) -> String,
    pub inbox: &'static str,
    pub drafts: &'static str,
    pub sent: &'static str,
    pub junk: &'static str,
    pub trash: &'static str,
    pub archive: &'static str,
    pub search_in: &'static str,
    pub search_all: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub cc: &'static str,
    pub bcc: &'static str,
    pub subject: &'static str,
    pub body: &'static str,
    pub search_placeholder: &'static str,
    pub search_on_device: &'static str,
    /// `search_on_device` in fewer words, for the field itself.
    pub search_inboxes: &'static str,
    pub messages: &'static str,
    pub mark_read: &'static str,
    pub mark_unread: &'static str,
    pub flag_title: &'static str,
    pub flag: &'static str,
    pub delete_title: &'static str,
    pub archive_title: &'static str,
    /// Moves to the Junk folder; in it, `not_junk_title` moves back to INBOX.
    pub junk_title: &'static str,
    pub not_junk_title: &'static str,
    pub moved_to: fn(usize, &str) -> String,
    pub undo: &'static str,
    pub undo_title: &'static str,
    pub delete: &'static str,
    pub move_to: &'static str,
    pub move_: &'static str,
    /// The Move button's title: it copies with Ctrl or Alt held; and Copy's, on a touch screen.
    pub move_title: &'static str,
    pub copy_title: &'static str,
    pub select_message: &'static str,
    /// The box above the list (mail_state/selection.rs), and how many messages are ticked.
    pub select_all: &'static str,
    pub ticked_count: fn(usize) -> String,
    /// Which messages the list shows (mail_state/search.rs, `Filter`).
    pub show_filter: &'static str,
    pub filter_all: &'static str,
    pub filter_unread: &'static str,
    pub filter_flagged: &'static str,
    pub no_sender: &'static str,
    /// A Sent or Drafts row without To or Cc.
    pub no_recipient: &'static str,
    pub no_subject: &'static str,
    pub no_date: &'static str,
    pub flagged: &'static str,
    pub answered: &'static str,
    /// The list's mark of a message passed on (`$Forwarded`).
    pub forwarded: &'static str,
    pub has_attachment: &'static str,
    pub inbox_pop3: &'static str,
    pub check_mail: &'static str,
    pub select_to_read: &'static str,
    pub pop3_gone_everywhere: &'static str,
    pub pop3_gone_from_server: &'static str,
    pub loading_inbox: &'static str,
    pub checking_mail: &'static str,
    pub downloading: &'static str,
    pub downloading_n_of: fn(usize, usize) -> String,
    pub deleting_n: fn(usize) -> String,

    // The reader (reader.rs, reader/).
    pub from_label: &'static str,
    pub to_label: &'static str,
    pub cc_label: &'static str,
    pub date_label: &'static str,
    pub show_plain: &'static str,
    pub show_html: &'static str,
    pub all_headers: &'static str,
    pub structure: &'static str,
    pub source: &'static str,
    /// Saves the whole message as a .eml file.
    pub save_message: &'static str,
    /// The reader's Print (Ctrl+P): the message alone, over as many pages as it takes.
    pub print_message: &'static str,
    /// The reader's menu of the actions used less often.
    pub more: &'static str,
    /// Above a message in the Drafts folder, and its button that opens it in the composer.
    pub draft_here: &'static str,
    pub edit_draft: &'static str,
    /// The toolbar's menu of tags (mail_state/tags.rs).
    pub tag_menu: &'static str,
    /// The five tags' names, `$label1` to `$label5`, as Thunderbird names them.
    pub tag_names: [&'static str; 5],
    /// The tag menu's entry that takes every tag off.
    pub remove_tags: &'static str,
    /// Saves every attachment of a message in one ZIP file; that file's name.
    pub save_all_attachments: &'static str,
    pub attachments_zip: &'static str,
    /// `n` found no unread message below the cursor.
    pub no_more_unread: &'static str,
    /// The server search field's tooltip: the operators it takes (engine: imap/search_query.rs).
    pub search_hint: &'static str,
    /// A search's `after:`/`before:` without a date, `larger:`/`smaller:` without a size, `is:`
    /// with an unknown state (the value typed).
    pub search_bad_date: fn(&str) -> String,
    pub search_bad_size: fn(&str) -> String,
    pub search_bad_state: fn(&str) -> String,
    /// The reader's field of the message's tags.
    pub tags_label: &'static str,
    /// The reader's and the composer's field of a message's priority.
    pub priority_label: &'static str,
    /// The five priorities, highest first (message/priority.rs in the engine).
    pub priority_names: [&'static str; 5],
    /// A list row's mark of a priority other than normal, by level (the middle one unused).
    pub priority_marks: [&'static str; 5],
    pub message: &'static str,
    /// The settings' list of senders whose remote images load without asking.
    pub trusted_senders: &'static str,
    pub trusted_senders_none: &'static str,
    pub untrust_sender: fn(&str) -> String,
    pub always_load_from: fn(&str) -> String,
    pub remote_removed: &'static str,
    pub remote_blocked: fn(usize) -> String,
    pub remote_blocked_and_removed: fn(usize, usize) -> String,
    pub load_remote: &'static str,
    pub attachments: &'static str,

    // Writing (composer.rs) and the outbox.
    pub new_message: &'static str,
    pub attach_files: &'static str,
    pub remove: &'static str,
    pub attachments_size: fn(&str) -> String,
    pub attachments_limit: fn(&str) -> String,
    pub attachments_too_large: fn(&str, &str) -> String,
    pub send: &'static str,
    pub save_draft: &'static str,
    pub close: &'static str,
    pub discard: &'static str,
    pub saving_draft: &'static str,
    pub draft_saved: &'static str,
    pub draft_saved_here: &'static str,
    /// Why a POP3 account's open message cannot be closed or replaced with edits in it.
    pub draft_pop3_open: &'static str,
    pub draft_not_on_server: fn(&str) -> String,
    pub draft_not_kept: fn(&str) -> String,
    pub outbox: &'static str,
    pub state_waiting: &'static str,
    pub state_sending: &'static str,
    pub state_failed: &'static str,
    pub state_uncertain: &'static str,
    pub state_sent: &'static str,
    pub retry: &'static str,
    /// A part of the app whose code is fetched when first shown (lazy.rs) did not arrive.
    pub part_not_loaded: &'static str,
    pub edit: &'static str,
    /// A message held back for an Undo (outbox.rs `undo_seconds`): what the outbox says of it,
    /// its two buttons, and the setting.
    pub held_note: fn(u32) -> String,
    /// The status line's offer while a message is held: its subject, the seconds left, and how
    /// many other messages are held.
    pub held_offer: fn(&str, u64, usize) -> String,
    /// Read out once when a message is held: its subject and the seconds it waits.
    pub held_announce: fn(&str, u32) -> String,
    pub undo_send_button: &'static str,
    pub send_now: &'static str,
    pub undo_send: &'static str,
    /// The setting of when an opened message is marked read, and its choices.
    pub mark_read_when: &'static str,
    /// The setting of how the reader shows a message's text (settings/body_as.rs), its choices.
    pub body_as: &'static str,
    pub body_as_html: &'static str,
    pub body_as_plain: &'static str,
    pub mark_read_at_once: &'static str,
    pub mark_read_after: fn(u32) -> String,
    pub mark_read_never: &'static str,
    pub undo_send_off: &'static str,
    pub undo_send_seconds: fn(u32) -> String,
    /// Send held back: the text speaks of an attachment and none is attached.
    pub attachment_reminder: &'static str,
    pub attach_a_file: &'static str,
    /// *Send later* and its choices.
    pub send_later: &'static str,
    pub tomorrow_morning: &'static str,
    pub monday_morning: &'static str,
    pub pick_a_time: &'static str,
    pub schedule: &'static str,
    pub send_at_past: &'static str,
    pub send_at_missing: &'static str,
    pub scheduled_note: fn(&str) -> String,
    pub state_scheduled: &'static str,
    pub send_anyway: &'static str,
    pub reply: &'static str,
    pub reply_all: &'static str,
    pub forward: &'static str,
    pub forward_attachment: &'static str,
    /// Opens the message in the composer as a new one.
    pub edit_as_new: &'static str,
    /// The cross beside an address suggestion that forgets it, with its key; what a screen
    /// reader hears once it is forgotten.
    pub forget_address: &'static str,
    pub address_forgotten: fn(&str) -> String,
    /// Empty Trash and Empty Junk, and the question before: how many messages, how many folders
    /// inside, which folder.
    pub empty_trash: &'static str,
    /// Adding message files to a folder (mail_state/import.rs).
    pub import_messages: &'static str,
    pub import_title: &'static str,
    pub imported: fn(usize, &str) -> String,
    pub import_left_out: &'static str,
    pub import_empty: &'static str,
    pub import_not_message: &'static str,
    pub import_nul: &'static str,
    pub import_unreadable: &'static str,
    pub empty_junk: &'static str,
    pub empty_question: fn(usize, usize, &str) -> String,
    /// The label of the account's storage meter, what it says (used, limit), and its warnings
    /// when nearly or wholly full.
    pub storage: &'static str,
    pub storage_used: fn(&str, &str) -> String,
    pub storage_nearly_full: &'static str,
    pub storage_full: &'static str,
    /// A mailing list's message (RFC 2369): a reply to its List-Post, and leaving it.
    pub reply_list: &'static str,
    pub unsubscribe: &'static str,
    pub unsubscribe_title: &'static str,

    // The protocol log (log_pane.rs).
    pub all_protocols: &'static str,
    pub filter: &'static str,
    pub copy: &'static str,
    pub copy_log_title: &'static str,
    pub clear: &'static str,

    // The installable shell (pwa.rs, single_tab.rs).
    pub new_version: &'static str,
    pub reload: &'static str,
    pub online: &'static str,
    pub offline: &'static str,
    pub online_title: &'static str,
    pub offline_title: &'static str,
    pub open_elsewhere: &'static str,
    pub open_elsewhere_why: &'static str,
    pub use_here: &'static str,

    // Keeping the mail view in step with the server (mail_state.rs).
    pub enter_password_to_connect: &'static str,
    pub offline_cached: &'static str,
    pub connecting_to: fn(&str) -> String,
    pub updating: fn(&str) -> String,
    pub loading_message: &'static str,
    pub message_gone: &'static str,
    pub message_unreachable: &'static str,
    pub offline_queued: fn(usize) -> String,
    pub change_not_queued: fn(&str) -> String,
    pub sending_queued: fn(usize) -> String,
    /// The other folders a search found hits in, each with how many.
    pub also_found_in: &'static str,
    pub found_in_folder: fn(&str, usize) -> String,
    pub searching: &'static str,
    pub found_on_device: fn(usize) -> String,
    pub found: fn(usize) -> String,

    // The outbox's notes (outbox.rs).
    pub waiting_for_network: &'static str,
    /// The outbox could not fetch its code for sending (lazy.rs) from the server.
    pub send_code_missing: &'static str,
    pub waiting_for_password: &'static str,
    pub checking_sent: &'static str,
    pub sent_already: &'static str,
    pub sent_done: &'static str,
    pub connecting: &'static str,
    pub sent_filing: fn(&str) -> String,
    pub deferred_retry: fn(&str, &str) -> String,
    pub waiting_for_network_retry: fn(&str) -> String,

    // The list's order (mail_state/order.rs).
    pub sort_by: &'static str,
    pub sort_date: &'static str,
    pub sort_sender: &'static str,
    /// Sorting by sender in Sent and Drafts, where the rows name the recipients.
    pub sort_recipient: &'static str,
    pub sort_size: &'static str,
    pub sort_unread: &'static str,

    // Conversations (conversation_view.rs).
    pub conversations: &'static str,
    pub conversation: &'static str,
    pub conversation_count: fn(usize) -> String,
    pub select_conversation: &'static str,
    pub unflag: &'static str,
    pub flag_conversation: &'static str,
    pub delete_conversation: &'static str,
    pub move_conversation: &'static str,

    // Connections (net/driver.rs, net/socket.rs): (role, server), the role as in role_incoming.
    pub connection: ConnectionText,

    // Sending (session/smtp.rs).
    pub smtp_connecting: fn(&str) -> String,
    pub smtp_connected: &'static str,
    pub smtp_size: fn(&str, &str) -> String,
    pub smtp_signed_in: &'static str,
    pub recipient_accepted: &'static str,
    pub recipient_refused: &'static str,
    pub message_too_large: fn(&str) -> String,
    pub no_8bit: &'static str,
    pub no_smtputf8: &'static str,

    // After sending (outbox.rs).
    pub delivery: DeliveryText,

    // Phones, the keyboard and announcements (app.rs, mail_view.rs, keyboard.rs, announce.rs).
    pub menu: &'static str,
    pub message_actions: &'static str,
    pub shortcuts_title: &'static str,
    /// (keys, what they do), in the order the dialog lists them.
    pub shortcuts: &'static [(&'static str, &'static str)],
    pub new_mail_arrived: fn(usize) -> String,
    pub sent_to_server: fn(&str) -> String,
    pub not_sent: fn(&str) -> String,
    pub notify_new_mail: &'static str,
    /// The settings' heading over the accounts' signatures.
    pub signatures: &'static str,
    /// The label of one account's signature field.
    pub signature_for: fn(&str) -> String,
    /// Under the signature fields: where the signature goes.
    pub signature_hint: &'static str,
    /// A signature could not be stored.
    pub signature_not_saved: fn(&str) -> String,
    /// The accessible name of an invitation's card and of its answers.
    pub invitation: &'static str,
    /// The labels of the invitation's time, place and organizer.
    pub invitation_when: &'static str,
    pub invitation_where: &'static str,
    pub invitation_organizer: &'static str,
    /// The heading of the people invited, and what follows the first few of a long list.
    pub invitation_attendees: &'static str,
    pub more_attendees: fn(usize) -> String,
    /// Under the time of an event that repeats.
    pub invitation_repeats: &'static str,
    /// On a cancellation.
    pub invitation_cancelled: &'static str,
    /// The answers' buttons.
    pub rsvp_accept: &'static str,
    pub rsvp_maybe: &'static str,
    pub rsvp_decline: &'static str,
    /// The answers as the note after one names them.
    pub rsvp_accepted: &'static str,
    pub rsvp_tentative: &'static str,
    pub rsvp_declined: &'static str,
    /// After an answer: it goes to the organizer.
    pub rsvp_sent: fn(&str) -> String,
    /// The invitation is marked answered (from here or another client).
    pub rsvp_answered: &'static str,
    /// The subject and text of an invitation's answer (`compose::rsvp`), in the writer's
    /// language: the answer, the event's title, and (for the text) who answers.
    pub rsvp_subject: fn(posthorn_proto::message::calendar::Answer, &str) -> String,
    pub rsvp_text: fn(posthorn_proto::message::calendar::Answer, &str, &str) -> String,
    /// The subject and text of a read receipt (`compose::receipt`): the message's subject.
    pub receipt_subject: fn(&str) -> String,
    pub receipt_text: fn(&str) -> String,
    /// The words a reply and a forward write around the original (`compose::Wording`): the
    /// attribution above the quote, the forwarded message's header block.
    pub quoting: posthorn_proto::compose::Wording,
    /// The settings' heading over the addresses the accounts send from besides their own.
    pub sending_addresses: &'static str,
    /// The label of one account's field to add such an address.
    pub other_addresses_of: fn(&str) -> String,
    /// The placeholder of that field: the forms it takes.
    pub identity_placeholder: &'static str,
    /// Adds the typed address.
    pub add_address: &'static str,
    /// The accessible name of one address's *Remove*.
    pub remove_address: fn(&str) -> String,
    /// Under the fields: what the addresses are for.
    pub identities_hint: &'static str,
    /// The address is the account's own or on its list already.
    pub address_known: fn(&str) -> String,
    /// The name typed with the address holds a line break or another control character.
    pub address_name_controls: &'static str,
    /// The list of addresses could not be stored.
    pub address_not_saved: fn(&str) -> String,
    /// The composer's checkbox that asks for a read receipt (RFC 8098).
    pub request_receipt: &'static str,
    /// Above a message that asks for a read receipt: who asks.
    pub receipt_asked: fn(&str) -> String,
    /// Where the receipt would go, when that is not the sender.
    pub receipt_goes_elsewhere: fn(&str) -> String,
    /// Sends the receipt.
    pub send_receipt: &'static str,
    /// Declines it.
    pub decline_receipt: &'static str,
    /// The folder pane's group of folder actions (its accessible name).
    pub folder_actions: &'static str,
    /// Marks every message of the open folder read.
    pub mark_all_read: &'static str,
    /// Makes a new folder.
    pub new_folder: &'static str,
    /// Renames the open folder or moves it into another.
    pub rename_folder: &'static str,
    /// Deletes the open folder.
    pub delete_folder: &'static str,
    /// The folder name field.
    pub folder_name: &'static str,
    /// The field choosing where a new (or renamed) folder goes.
    pub folder_inside: &'static str,
    /// That choice's option for the top of the tree.
    pub folder_top_level: &'static str,
    /// Confirms a new folder.
    pub create: &'static str,
    /// Confirms a new name or place of a folder.
    pub rename: &'static str,
    /// Leaves a form without doing anything.
    pub cancel: &'static str,
    /// Asks before moving a folder into Trash.
    pub folder_to_trash: fn(&str) -> String,
    /// Asks before deleting a folder for good.
    pub folder_for_good: fn(&str) -> String,
    /// A folder name was left empty.
    pub folder_name_empty: &'static str,
    /// A folder name holds a character it cannot.
    pub folder_name_holds: fn(&str) -> String,
    /// A folder was to be moved into itself or one of its subfolders.
    pub folder_into_itself: &'static str,
    /// The inbox and the special folders cannot be renamed or deleted.
    pub folder_kept: &'static str,
    /// The server refused to rename or delete a folder (name, its reply).
    pub folder_not_changed: fn(&str, &str) -> String,

    // Filing (session/filing.rs).
    pub folder_list_unreadable: &'static str,
    pub no_sent_folder: &'static str,

    // Units (format.rs).
    pub seconds: fn(u64) -> String,
    pub minutes: fn(u64) -> String,
    pub decimal_separator: char,
    /// Between a count's groups of three digits (frontend/src/format.rs `count`).
    pub thousands_separator: char,

    // The Servers note (account/compatibility.rs): what each server announced and the workarounds.
    pub compat: CompatText,
    // The Filters dialog (filters.rs): Sieve filters and the out-of-office reply.
    pub filters: FiltersText,

    // A refused sign-in (session/sign_in.rs): (role, server), the role as in role_incoming.
    pub sign_in_wrong_password: fn(&str, &str) -> String,
    pub sign_in_refused: fn(&str, &str) -> String,
    pub sending_will_not_work: fn(&str) -> String,
    // Controls shown as icons (icons.rs), and the panes' empty states (empty_state.rs).
    pub refresh: &'static str,
    pub search: &'static str,
    pub no_folder_open: &'static str,
    pub no_folder_open_hint: &'static str,
    pub folder_empty: &'static str,
    pub folder_empty_hint: &'static str,
    pub no_search_results: &'static str,
    pub no_search_results_hint: &'static str,
    /// A list that a filter (unread, flagged) leaves empty.
    pub no_filter_results_hint: &'static str,
    pub no_message_open: &'static str,
    pub outbox_empty: &'static str,
    /// The folded outbox's line: how many messages went out and were filed.
    pub outbox_scheduled: fn(usize) -> String,
    pub outbox_done: fn(usize) -> String,
    pub no_folders: &'static str,
    // Engine errors (frontend/src/session/engine_words.rs): the sentence around the server's
    // own words, which travel apart in MailError::server_reply.
    pub engine: EngineText,
}
