//! The tokenizer: tags and their attributes, comments, `<!DOCTYPE>`, CDATA sections and
//! processing instructions, found in one forward pass as the HTML5 tokenizer finds them; and
//! the raw text of `<script>`, `<style>`, `<title>`, `<textarea>` and the like, which ends only
//! at the matching end tag.

use super::elements::{KNOWN, T_TEXTAREA, T_TITLE, T_XMP};
use super::refs::decode_refs;
use super::whitespace::collapse_line;
use super::Parser;

impl<'a> Parser<'a> {
    /// `src[a..b]`, or `""` should the range ever not fall on character boundaries. (It always
    /// does: every position the parser stops at is next to an ASCII byte or at an end.)
    pub(super) fn sub(&self, a: usize, b: usize) -> &'a str {
        let src: &'a str = self.src;
        src.get(a..b).unwrap_or_default()
    }

    /// Position of the next `needle` at or after `from`, as an absolute index.
    fn find(&self, from: usize, needle: &str) -> Option<usize> {
        self.src.get(from..)?.find(needle).map(|i| from + i)
    }

    /// Position of the next (ASCII) byte `needle` at or after `from`, as an absolute index.
    fn find_byte(&self, from: usize, needle: u8) -> Option<usize> {
        find_byte(self.src, from, needle)
    }

    pub(super) fn run(&mut self) {
        let n = self.bytes.len();
        let mut i = 0;
        while i < n {
            let lt = self.find_byte(i, b'<').unwrap_or(n);
            if lt > i {
                self.text_run(i, lt);
            }
            if lt >= n {
                break;
            }
            i = self.markup(lt);
        }
    }

    /// Handles markup starting with the `<` at `lt`; returns where to continue.
    fn markup(&mut self, lt: usize) -> usize {
        let b = self.bytes;
        let n = b.len();
        match b.get(lt + 1).copied() {
            Some(b'!') => {
                if b[lt..].starts_with(b"<!--") {
                    self.comment_end(lt + 4)
                } else if b[lt..].starts_with(b"<![CDATA[") {
                    self.find(lt + 9, "]]>").map_or(n, |p| p + 3)
                } else {
                    self.find_byte(lt + 2, b'>').map_or(n, |p| p + 1)
                }
            }
            Some(b'?') => self.find_byte(lt + 2, b'>').map_or(n, |p| p + 1),
            Some(b'/') => match b.get(lt + 2).copied() {
                Some(c) if c.is_ascii_alphabetic() => self.end_tag(lt + 2),
                Some(b'>') => lt + 3,
                Some(_) => self.find_byte(lt + 2, b'>').map_or(n, |p| p + 1),
                None => {
                    self.emit_text("</");
                    n
                }
            },
            Some(c) if c.is_ascii_alphabetic() => self.start_tag(lt + 1),
            _ => {
                self.emit_text("<");
                lt + 1
            }
        }
    }

    /// End of a comment whose text starts at `from` (just after `<!--`).
    fn comment_end(&self, from: usize) -> usize {
        let b = self.bytes;
        let n = b.len();
        // `<!-->` and `<!--->` are complete (empty) comments.
        if b.get(from) == Some(&b'>') {
            return from + 1;
        }
        if b.get(from..from + 2) == Some(b"->") {
            return from + 2;
        }
        let mut k = from;
        while let Some(p) = self.find(k, "--") {
            match b.get(p + 2) {
                Some(b'>') => return p + 3,
                Some(b'!') if b.get(p + 3) == Some(&b'>') => return p + 4,
                _ => k = p + 1,
            }
        }
        n
    }

    /// End of a tag name starting at `from`.
    pub(super) fn name_end(&self, from: usize) -> usize {
        let b = self.bytes;
        let mut i = from;
        while i < b.len() && !matches!(b[i], b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' | b'/' | b'>') {
            i += 1;
        }
        i
    }

    /// Reads attributes from `from` up to and including the closing `>` into `self.attrs`.
    /// Returns the position after the tag and whether it ended with `/>`, or `None` if the
    /// input ends inside the tag.
    pub(super) fn attributes(&mut self, from: usize) -> Option<(usize, bool)> {
        let b = self.bytes;
        let n = b.len();
        let is_ws = |c: u8| matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ');
        self.attrs.clear();
        let mut i = from;
        loop {
            while i < n && is_ws(b[i]) {
                i += 1;
            }
            match b.get(i).copied()? {
                b'>' => return Some((i + 1, false)),
                b'/' => {
                    i += 1;
                    if b.get(i) == Some(&b'>') {
                        return Some((i + 1, true));
                    }
                    continue;
                }
                _ => {}
            }
            // Attribute name; its first character may be `=`.
            let name_start = i;
            i += 1;
            while i < n && !is_ws(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let name = self.sub(name_start, i);
            while i < n && is_ws(b[i]) {
                i += 1;
            }
            let mut value = "";
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < n && is_ws(b[i]) {
                    i += 1;
                }
                match b.get(i).copied()? {
                    q @ (b'"' | b'\'') => {
                        let end = self.find_byte(i + 1, q)?;
                        value = self.sub(i + 1, end);
                        i = end + 1;
                    }
                    b'>' => {}
                    _ => {
                        let start = i;
                        while i < n && !is_ws(b[i]) && b[i] != b'>' {
                            i += 1;
                        }
                        value = self.sub(start, i);
                    }
                }
            }
            self.attrs.push((name, value));
        }
    }

    /// The value of the first attribute called `name` (ASCII case-insensitive).
    pub(super) fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|&(_, v)| v)
    }

    /// Content of a raw-text element (`<script>`, `<title>`, …) opened by a start tag that ends
    /// at `from`; returns the position after its end tag (or the end of the input).
    pub(super) fn raw_text(&mut self, id: u32, flags: u16, skip: bool, ignored: bool, from: usize) -> usize {
        let n = self.bytes.len();
        let name = KNOWN.get(id as usize).map_or("", |k| k.0).as_bytes();
        let (content_end, next) = self.raw_end(from, name).unwrap_or((n, n));
        let content = self.sub(from, content_end);
        match id {
            T_TITLE => {
                if !ignored && self.title.is_none() {
                    let mut decoded = String::new();
                    decode_refs(content, &mut decoded);
                    self.title = Some(collapse_line(&decoded));
                }
            }
            T_TEXTAREA | T_XMP if !skip => {
                self.emit_separator(flags, skip);
                if id == T_TEXTAREA {
                    self.text_run(from, content_end);
                } else if content.contains('\0') {
                    self.emit_text(&content.replace('\0', ""));
                } else {
                    self.emit_text(content);
                }
                self.emit_separator(flags, skip);
            }
            _ => self.emit_separator(flags, skip),
        }
        next
    }

    /// Finds the end tag of a raw-text element called `name` (lowercase) at or after `from`:
    /// returns where the content ends and where parsing continues.
    fn raw_end(&mut self, from: usize, name: &[u8]) -> Option<(usize, usize)> {
        let b = self.bytes;
        let mut k = from;
        loop {
            let lt = self.find(k, "</")?;
            let name_end = lt + 2 + name.len();
            let matches = b.get(lt + 2..name_end).is_some_and(|s| s.eq_ignore_ascii_case(name))
                && matches!(b.get(name_end), Some(b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' | b'/' | b'>'));
            if matches {
                let next = self.attributes(name_end).map_or(b.len(), |(after, _)| after);
                return Some((lt, next));
            }
            k = lt + 2;
        }
    }
}

/// Position of the next ASCII byte `needle` in `s` at or after `from`.
pub(super) fn find_byte(s: &str, from: usize, needle: u8) -> Option<usize> {
    debug_assert!(needle.is_ascii());
    match s.get(from..) {
        // `str::find` with a char goes through the standard library's optimized memchr.
        Some(rest) => rest.find(char::from(needle)).map(|i| from + i),
        None => s.as_bytes().get(from..)?.iter().position(|&b| b == needle).map(|i| from + i),
    }
}
