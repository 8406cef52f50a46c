//! Posthorn in the browser: the Leptos app.
// No unsafe code of our own; the one exception is the module loader's glue that lazy.rs's
// `lazy_part!` has wasm_split generate.
#![deny(unsafe_code)]

mod account;
mod account_setup;
mod all_inboxes;
mod announce;
mod app;
mod boot;
mod charsets;
mod composer;
mod conversation_view;
mod empty_state;
mod files;
mod filters;
mod folder_tree;
mod format;
mod grid;
mod i18n;
mod icons;
mod kept_order;
mod keyboard;
mod lazy;
mod log_pane;
mod mail_state;
mod mail_view;
mod menu;
mod message_row;
mod net;
mod new_message;
mod outbox;
mod pop3_view;
mod protocol_log;
mod pwa;
mod reader;
mod session;
mod settings;
mod single_tab;
mod store;

fn main() {
    console_error_panic_hook::set_once();
    charsets::install();
    i18n::init();
    settings::apply_theme(settings::stored_theme());
    single_tab::run(|| {
        boot::done();
        leptos::mount::mount_to_body(app::App);
        pwa::start();
    });
}
