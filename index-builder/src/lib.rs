//! The library behind the `index-builder` binary: reading a corpus (text, Markdown, JSON Lines,
//! HTML) into documents. The binary (`main.rs`) parses arguments and drives it; the fuzz
//! targets in `fuzz/` call the readers directly.

pub mod input;
