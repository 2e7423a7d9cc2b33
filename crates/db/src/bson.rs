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

impl Bson {
    /// Its bytes as an element's value (bsonspec.org): little-endian
    /// numbers, strings and documents with their lengths; binary data of
    /// subtype 0 whose bytes the lab does not keep (zeros).
    pub fn encode(&self) -> Vec<u8> {
        self.encode_with(&mut |n| vec![0; n as usize])
    }

    /// [`encode`](Self::encode), each binary value's bytes (in document
    /// order) from `binary`, given the size the lab counts.
    pub fn encode_with(&self, binary: &mut dyn FnMut(u32) -> Vec<u8>) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            Bson::Int(n) => out.extend(n.to_le_bytes()),
            Bson::Long(n) => out.extend(n.to_le_bytes()),
            Bson::Double(n) => out.extend((*n as f64).to_le_bytes()),
            Bson::Bool(b) => out.push(*b as u8),
            Bson::Str(s) => {
                out.extend((s.len() as i32 + 1).to_le_bytes());
                out.extend(s.as_bytes());
                out.push(0);
            }
            Bson::Binary(n) => {
                let bytes = binary(*n);
                out.extend((bytes.len() as i32).to_le_bytes());
                out.push(0);
                out.extend(bytes);
            }
            Bson::Doc(fields) => out = document(fields.iter().map(|(k, v)| (k.clone(), v)), binary),
            Bson::Array(items) => {
                let items = items.iter().enumerate();
                out = document(items.map(|(i, v)| (i.to_string(), v)), binary)
            }
        }
        out
    }

    /// The value [`show`](Self::show) printed (what a capture file writes
    /// back as bytes); `None` if `text` is not one.
    pub fn parse(text: &str) -> Option<Bson> {
        let (value, rest) = parse_value(text.trim_start())?;
        rest.trim().is_empty().then_some(value)
    }

    /// Its type byte (bsonspec.org's grammar).
    fn kind(&self) -> u8 {
        match self {
            Bson::Double(_) => 0x01,
            Bson::Str(_) => 0x02,
            Bson::Doc(_) => 0x03,
            Bson::Array(_) => 0x04,
            Bson::Binary(_) => 0x05,
            Bson::Bool(_) => 0x08,
            Bson::Int(_) => 0x10,
            Bson::Long(_) => 0x12,
        }
    }
}

/// A document's bytes: its length, each element (type, name and a zero,
/// value), a zero.
fn document<'a>(
    elements: impl Iterator<Item = (String, &'a Bson)>,
    binary: &mut dyn FnMut(u32) -> Vec<u8>,
) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in elements {
        body.push(value.kind());
        body.extend(name.as_bytes());
        body.push(0);
        body.extend(value.encode_with(binary));
    }
    let mut out = ((body.len() + 5) as i32).to_le_bytes().to_vec();
    out.extend(body);
    out.push(0);
    out
}

/// One value of [`Bson::show`]'s text, and the text after it.
fn parse_value(text: &str) -> Option<(Bson, &str)> {
    let t = text.trim_start();
    // `{ name: value, ... }` and `[ value, ... ]`; empty, `{  }` and `[  ]`.
    if let Some(mut rest) = t.strip_prefix("{ ") {
        let mut fields = Vec::new();
        if let Some(after) = rest.strip_prefix(" }") {
            return Some((Bson::Doc(fields), after));
        }
        loop {
            let (name, after) = parse_key(rest)?;
            let (value, after) = parse_value(after.strip_prefix(": ")?)?;
            fields.push((name, value));
            match after.strip_prefix(", ") {
                Some(after) => rest = after,
                None => return Some((Bson::Doc(fields), after.strip_prefix(" }")?)),
            }
        }
    }
    if let Some(mut rest) = t.strip_prefix("[ ") {
        let mut items = Vec::new();
        if let Some(after) = rest.strip_prefix(" ]") {
            return Some((Bson::Array(items), after));
        }
        loop {
            let (value, after) = parse_value(rest)?;
            items.push(value);
            match after.strip_prefix(", ") {
                Some(after) => rest = after,
                None => return Some((Bson::Array(items), after.strip_prefix(" ]")?)),
            }
        }
    }
    if let Some(rest) = t.strip_prefix('\'') {
        let end = rest.find('\'')?;
        return Some((Bson::Str(rest[..end].to_owned()), &rest[end + 1..]));
    }
    if let Some(rest) = t.strip_prefix("Binary(") {
        let (n, rest) = rest.split_once(" bytes)")?;
        return Some((Bson::Binary(n.parse().ok()?), rest));
    }
    if let Some(rest) = t.strip_prefix("Long(") {
        let (n, rest) = rest.split_once(')')?;
        return Some((Bson::Long(n.parse().ok()?), rest));
    }
    for (word, value) in [("true", true), ("false", false)] {
        if let Some(rest) = t.strip_prefix(word) {
            return Some((Bson::Bool(value), rest));
        }
    }
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '.'))
        .unwrap_or(t.len());
    let (number, rest) = t.split_at(end);
    match number.strip_suffix(".0") {
        Some(whole) => Some((Bson::Double(whole.parse().ok()?), rest)),
        None => Some((Bson::Int(number.parse().ok()?), rest)),
    }
}

/// A name as [`key`] writes it, and the text after it.
fn parse_key(text: &str) -> Option<(String, &str)> {
    if let Some(rest) = text.strip_prefix('\'') {
        let end = rest.find('\'')?;
        return Some((rest[..end].to_owned(), &rest[end + 1..]));
    }
    let end = text.find(':')?;
    Some((text[..end].to_owned(), &text[end..]))
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
    fn shown_documents_read_back_and_encode_at_their_sizes() {
        let d = doc(&[
            ("hello", Bson::Int(1)),
            (
                "client",
                doc(&[("name", string("PyMongo")), ("n", Bson::Long(7))]),
            ),
            ("payload", Bson::Binary(12)),
            ("ok", Bson::Double(1)),
            ("list", Bson::Array(vec![string("a"), Bson::Bool(true)])),
            ("empty", Bson::Array(vec![])),
            ("$db", string("school")),
        ]);
        assert_eq!(Bson::parse(&d.show()), Some(d.clone()));
        assert_eq!(d.encode().len() as u32, d.size());
        // bsonspec.org's first example, byte for byte.
        let hello = doc(&[("hello", string("world"))]).encode();
        assert_eq!(hello, b"\x16\0\0\0\x02hello\0\x06\0\0\0world\0\0");
    }

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
