#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| fahras_fuzz::checks::read_markdown(data));
