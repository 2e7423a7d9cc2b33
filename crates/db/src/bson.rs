//! Just enough BSON (bsonspec.org, version 1.1) to count a MongoDB
//! command's bytes and show it as a shell would: documents, arrays,
//! strings, 32- and 64-bit integers, doubles with whole values, booleans
//! and binary data (shown by its length).

/// A value in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bson {
    Int(i32),
    Long(i64),
    /// A double whose value is this whole number (`ok: 1.0`).
    Double(i64),
    Str(String),
    Bool(bool),
    /// Binary data of this many bytes (a SCRAM payload).
    Binary(u32),
    Doc(Doc),
    Array(Vec<Bson>),
}

/// A document: its fields in order.
pub type Doc = Vec<(String, Bson)>;

/// A document from `(name, value)` pairs (a slice, not an array, so the
/// page carries one copy of this whatever the document's length).
pub fn doc(fields: &[(&str, Bson)]) -> Bson {
    Bson::Doc(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

pub fn string(s: &str) -> Bson {
    Bson::Str(s.to_owned())
}

impl Bson {
    /// Its bytes as an element's value: a string is its length, its bytes
    /// and a zero; a document its length, its elements and a zero; an
    /// array a document whose names are "0", "1", ...; binary data its
    /// length, a subtype byte and the bytes.
    pub fn size(&self) -> u32 {
        match self {
            Bson::Int(_) => 4,
            Bson::Long(_) | Bson::Double(_) => 8,
            Bson::Bool(_) => 1,
            Bson::Str(s) => 4 + s.len() as u32 + 1,
            Bson::Binary(n) => 4 + 1 + n,
            Bson::Doc(fields) => 4 + fields.iter().map(|(k, v)| element(k, v)).sum::<u32>() + 1,
            Bson::Array(items) => {
                let elements: u32 = (items.iter().enumerate())
                    .map(|(i, v)| element(&i.to_string(), v))
                    .sum();
                4 + elements + 1
            }
        }
    }

    /// As mongosh prints it, on one line.
    pub fn show(&self) -> String {
        match self {
            Bson::Int(n) => n.to_string(),
            Bson::Long(n) => format!("Long({n})"),
            Bson::Double(n) => format!("{n}.0"),
            Bson::Bool(b) => b.to_string(),
            Bson::Str(s) => format!("'{s}'"),
            Bson::Binary(n) => format!("Binary({n} bytes)"),
            Bson::Doc(fields) => {
                let inner: Vec<String> = (fields.iter())
                    .map(|(k, v)| format!("{}: {}", key(k), v.show()))
                    .collect();
                format!("{{ {} }}", inner.join(", "))
            }
            Bson::Array(items) => {
                let inner: Vec<String> = items.iter().map(Bson::show).collect();
                format!("[ {} ]", inner.join(", "))
            }
        }
    }
}

/// An element: its type byte, its name and a zero, its value.
fn element(name: &str, value: &Bson) -> u32 {
    1 + name.len() as u32 + 1 + value.size()
}

/// A name as the shell writes it: quoted if it is not a plain identifier.
fn key(k: &str) -> String {
    let plain = k
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if plain {
        k.to_owned()
    } else {
        format!("'{k}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_the_specifications() {
        // bsonspec.org's first example, {"hello": "world"}: 4 (length) +
        // 1 (type) + 6 ("hello\0") + 4 + 6 ("world\0") + 1 (end) = 22.
        assert_eq!(doc(&[("hello", string("world"))]).size(), 22);
        // {"a": [1]}: 4 + 1 + 2 + (4 + 1 + 2 + 4 + 1) + 1 = 20.
        assert_eq!(doc(&[("a", Bson::Array(vec![Bson::Int(1)]))]).size(), 20);
        // A binary of 10 bytes: 4 + 1 + 10.
        assert_eq!(Bson::Binary(10).size(), 15);
        assert_eq!(
            doc(&[("students.0", Bson::Bool(true))]).show(),
            "{ 'students.0': true }"
        );
    }
}
