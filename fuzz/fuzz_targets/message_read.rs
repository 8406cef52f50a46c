//! libFuzzer entry for [`posthorn_fuzz::message_read`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| posthorn_fuzz::message_read(data));
