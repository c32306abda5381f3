//! Filterable fields and their values, numbered: the [`super::columns`] store each document's
//! values as numbers, and the names live here once (in the one index file, or in the manifest
//! of a split index, so that facet counts can be named without fetching anything else).
//!
//! ```text
//! FIELDS  varint n; per field: its name, varint m, then m values (length-prefixed strings)
//! ```
//!
//! Fields are numbered by name, values in order of first appearance in the documents.

use super::varint::{put, put_bytes, Reader};
use crate::error::{corrupt, Result};

/// One filterable field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Field {
    /// Its name (`category`, `section`…).
    pub name: String,
    /// Its values; a value's number is its place here.
    pub values: Vec<String>,
}

/// Every filterable field of an index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fields {
    /// The fields, by name.
    pub fields: Vec<Field>,
}

impl Fields {
    /// The fields of `docs`, values in order of first appearance.
    pub fn of<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Fields {
        let mut f = Fields::default();
        for (field, value) in pairs {
            f.intern(field, value);
        }
        f
    }

    /// The numbers of a field and a value, adding them if new (fields stay sorted by name, so a
    /// new field renumbers the fields after it: intern every value before numbering documents).
    pub fn intern(&mut self, field: &str, value: &str) -> (usize, u32) {
        let fi = match self.fields.binary_search_by(|f| f.name.as_str().cmp(field)) {
            Ok(i) => i,
            Err(i) => {
                self.fields.insert(i, Field { name: field.to_string(), values: Vec::new() });
                i
            }
        };
        let values = &mut self.fields[fi].values;
        let vi = match values.iter().position(|v| v == value) {
            Some(v) => v,
            None => {
                values.push(value.to_string());
                values.len() - 1
            }
        };
        (fi, vi as u32)
    }

    /// The number of a field.
    pub fn field(&self, name: &str) -> Option<usize> {
        self.fields.binary_search_by(|f| f.name.as_str().cmp(name)).ok()
    }

    /// The number of a value of field `field`.
    pub fn value(&self, field: usize, value: &str) -> Option<u32> {
        self.fields.get(field)?.values.iter().position(|v| v == value).map(|v| v as u32)
    }

    /// The names of the fields, for messages («the fields are category, section»).
    pub fn names(&self) -> String {
        if self.fields.is_empty() {
            return "none: the index has no filterable fields".into();
        }
        // A loop, not join(): join's generic code is 1 kB of WebAssembly.
        let mut out = String::new();
        for (i, f) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&f.name);
        }
        out
    }

    /// Encodes the FIELDS section.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        put(&mut out, self.fields.len() as u64);
        for f in &self.fields {
            put_bytes(&mut out, f.name.as_bytes());
            put(&mut out, f.values.len() as u64);
            for v in &f.values {
                put_bytes(&mut out, v.as_bytes());
            }
        }
        out
    }

    /// Decodes the FIELDS section.
    pub fn decode(b: &[u8]) -> Result<Fields> {
        let mut r = Reader::new(b, "fields");
        let n = r.len()?;
        if n > b.len() {
            return Err(corrupt("fields", "more fields than bytes"));
        }
        let mut fields: Vec<Field> = Vec::with_capacity(n);
        for _ in 0..n {
            let name = r.str()?.to_string();
            if fields.last().is_some_and(|l| l.name >= name) {
                return Err(corrupt("fields", "fields out of order"));
            }
            let m = r.len()?;
            if m > b.len() {
                return Err(corrupt("fields", "more values than bytes"));
            }
            let values = (0..m).map(|_| r.str().map(str::to_string)).collect::<Result<Vec<_>>>()?;
            fields.push(Field { name, values });
        }
        Ok(Fields { fields })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_numbered_and_round_trip() {
        let f = Fields::of([("category", "سياسة"), ("section", "محلي"), ("category", "اقتصاد"), ("category", "سياسة")]);
        assert_eq!(f.field("category"), Some(0));
        assert_eq!(f.field("section"), Some(1));
        assert_eq!(f.field("author"), None);
        assert_eq!(f.value(0, "اقتصاد"), Some(1));
        assert_eq!(f.value(0, "رياضة"), None);
        assert_eq!(f.names(), "category, section");
        assert_eq!(Fields::decode(&f.encode()).unwrap(), f);
        assert!(Fields::decode(&f.encode()[..5]).is_err());
        assert!(Fields::default().names().contains("none"));
    }
}
