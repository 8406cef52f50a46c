//! Texts of one part of the app, a table of their own in [`super::Text`] (see `i18n.rs`).

/// The Servers note (account/compatibility.rs): what each server announced and the workarounds.
pub struct CompatText {
    pub servers: &'static str,
    pub compat_imap: &'static str,
    pub compat_smtp: &'static str,
    pub compat_pop3: &'static str,
    pub compat_nothing_missing: &'static str,
    pub compat_not_signed_in: &'static str,
    pub quirk_no_move: &'static str,
    pub quirk_no_uidplus: &'static str,
    pub quirk_no_idle: &'static str,
    pub quirk_no_condstore: &'static str,
    pub quirk_no_qresync: &'static str,
    pub quirk_no_special_use: &'static str,
    pub quirk_no_utf8: &'static str,
    pub quirk_no_sasl_ir: &'static str,
    pub quirk_no_pipelining: &'static str,
    pub quirk_no_smtputf8: &'static str,
    pub quirk_no_capa: &'static str,
    pub quirk_no_uidl: &'static str,
}
