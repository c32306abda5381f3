#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| fahras_fuzz::checks::split_mutated(data));
