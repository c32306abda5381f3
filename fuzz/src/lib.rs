//! The fuzz targets' bodies live in [`checks`], a file the regression test
//! (`index-builder/tests/fuzz_regressions.rs`) includes too, so every saved crash is replayed
//! by the ordinary test command on stable Rust.

pub mod checks;
