//! libFuzzer entry for [`posthorn_fuzz::smtp_reply`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| posthorn_fuzz::smtp_reply(data));
