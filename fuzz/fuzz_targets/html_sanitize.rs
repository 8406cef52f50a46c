//! libFuzzer entry for [`posthorn_fuzz::html_sanitize`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| posthorn_fuzz::html_sanitize(data));
