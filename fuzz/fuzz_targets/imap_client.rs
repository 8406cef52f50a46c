//! libFuzzer entry for [`posthorn_fuzz::imap_client`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| posthorn_fuzz::imap_client(data));
