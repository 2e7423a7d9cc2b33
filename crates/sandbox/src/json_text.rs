//! JSON text (RFC 8259) as much as the network file needs: a value read
//! with the line and column of the first fault, and written on one line
//! or indented by two spaces, keys in order, as serde_json writes it. The
//! learner's page reads and writes networks with it and carries no JSON
//! library (serde_json's reader, writer and `Value` were the only JSON
//! code in it).

use std::collections::BTreeMap;
use std::fmt::{self, Display, Write};

/// A JSON value. An object's keys are kept in order, and a key given twice
/// keeps its last value (as serde_json's `Map` does).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    Text(String),
    List(Vec<Value>),
    Object(BTreeMap<String, Value>),
}

/// A number: whole ones that fit 64 bits exactly, others as `f64`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Whole(i128),
    Real(f64),
}

impl Value {
    /// A whole number from 0 up to `u64::MAX`.
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Value::Number(Number::Whole(n)) => u64::try_from(n).ok(),
            _ => None,
        }
    }

    /// A whole number that fits `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Value::Number(Number::Whole(n)) => i64::try_from(n).ok(),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The value on one line, without spaces.
    pub fn compact(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, None);
        out
    }

    /// The value indented by two spaces a level.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(0));
        out
    }

    /// Writes the value; `indent` is the level for indented text.
    fn write(&self, out: &mut String, indent: Option<usize>) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(yes) => out.push_str(if *yes { "true" } else { "false" }),
            Value::Number(Number::Whole(n)) => {
                let _ = write!(out, "{n}");
            }
            // Rust's shortest round-trip form, with ".0" on a whole
            // number, as serde_json's (ryu's) is.
            Value::Number(Number::Real(x)) => {
                let _ = write!(out, "{x:?}");
            }
            Value::Text(text) => write_text(out, text),
            Value::List(items) => write_items(out, indent, ('[', ']'), items, |out, item, at| {
                item.write(out, at)
            }),
            Value::Object(map) => {
                write_items(out, indent, ('{', '}'), map, |out, (key, value), at| {
                    write_text(out, key);
                    out.push_str(if at.is_some() { ": " } else { ":" });
                    value.write(out, at);
                })
            }
        }
    }
}

/// As serde_json's `Value` displays: on one line.
impl Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.compact())
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::Text(text.to_owned())
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Number(Number::Whole(n.into()))
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Value {
        Value::Number(Number::Whole(n.into()))
    }
}

/// The items of a list or an object between `brackets`, each on its own
/// line one level in when indented.
fn write_items<T>(
    out: &mut String,
    indent: Option<usize>,
    brackets: (char, char),
    items: impl IntoIterator<Item = T>,
    write_item: impl Fn(&mut String, T, Option<usize>),
) {
    out.push(brackets.0);
    let inner = indent.map(|level| level + 1);
    let mut empty = true;
    for item in items {
        if !empty {
            out.push(',');
        }
        empty = false;
        if let Some(level) = inner {
            out.push('\n');
            out.push_str(&"  ".repeat(level));
        }
        write_item(out, item, inner);
    }
    if let (Some(level), false) = (indent, empty) {
        out.push('\n');
        out.push_str(&"  ".repeat(level));
    }
    out.push(brackets.1);
}

/// A string in quotes, escaped as RFC 8259 §7 asks (and serde_json does:
/// quotes, backslashes and control characters, nothing else).
fn write_text(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Why a text is not JSON, and where: the line and column (from 1, in
/// bytes) of the character that does not fit, or of the last one when the
/// text ends too early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fault {
    pub line: usize,
    pub column: usize,
    pub ends_early: bool,
}

/// Reads `text` as one JSON value.
pub fn parse(text: &str) -> Result<Value, Fault> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = reader.value(0)?;
    reader.blank();
    match reader.at < reader.bytes.len() {
        true => Err(reader.fault_here()),
        false => Ok(value),
    }
}

/// How deep lists and objects may nest (serde_json's limit too).
const MAX_DEPTH: usize = 128;

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    /// The fault at byte `at`, counted to and with it.
    fn fault_at(&self, at: usize) -> Fault {
        let ends_early = at >= self.bytes.len();
        let upto = &self.bytes[..(at + 1).min(self.bytes.len())];
        let line = 1 + upto.iter().filter(|&&b| b == b'\n').count();
        let column = upto.len() - upto.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        Fault {
            line,
            column,
            ends_early,
        }
    }

    /// The fault at the next byte (or the end).
    fn fault_here(&self) -> Fault {
        self.fault_at(self.at)
    }

    fn blank(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.blank();
        self.bytes.get(self.at).copied()
    }

    fn expect(&mut self, byte: u8) -> Result<(), Fault> {
        match self.peek() {
            Some(b) if b == byte => {
                self.at += 1;
                Ok(())
            }
            _ => Err(self.fault_here()),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, Fault> {
        if depth > MAX_DEPTH {
            return Err(self.fault_here());
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.list(depth),
            Some(b'"') => self.text().map(Value::Text),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            _ => Err(self.fault_here()),
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, Fault> {
        for &expected in word.as_bytes() {
            match self.bytes.get(self.at) {
                Some(&b) if b == expected => self.at += 1,
                _ => return Err(self.fault_here()),
            }
        }
        Ok(value)
    }

    /// The comma-separated items of a list or an object, its opening
    /// bracket next, up to `close`, each read by `item`.
    fn items(
        &mut self,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Result<(), Fault>,
    ) -> Result<(), Fault> {
        self.at += 1;
        if self.peek() == Some(close) {
            self.at += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b) if b == close => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(self.fault_here()),
            }
        }
    }

    fn list(&mut self, depth: usize) -> Result<Value, Fault> {
        let mut items = Vec::new();
        self.items(b']', |reader| {
            items.push(reader.value(depth + 1)?);
            Ok(())
        })?;
        Ok(Value::List(items))
    }

    fn object(&mut self, depth: usize) -> Result<Value, Fault> {
        let mut map = BTreeMap::new();
        self.items(b'}', |reader| {
            if reader.peek() != Some(b'"') {
                return Err(reader.fault_here());
            }
            let key = reader.text()?;
            reader.expect(b':')?;
            map.insert(key, reader.value(depth + 1)?);
            Ok(())
        })?;
        Ok(Value::Object(map))
    }

    /// A string, its opening quote next.
    fn text(&mut self) -> Result<String, Fault> {
        self.at += 1;
        let mut text = Vec::new();
        loop {
            let Some(&b) = self.bytes.get(self.at) else {
                return Err(self.fault_here());
            };
            match b {
                b'"' => {
                    self.at += 1;
                    // The bytes came from a `str` and escapes add whole
                    // characters: this is UTF-8.
                    return String::from_utf8(text).map_err(|_| self.fault_here());
                }
                b'\\' => {
                    self.at += 1;
                    let c = self.escape()?;
                    text.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                }
                0..=0x1f => return Err(self.fault_here()),
                _ => {
                    text.push(b);
                    self.at += 1;
                }
            }
        }
    }

    /// The character an escape stands for, its backslash read.
    fn escape(&mut self) -> Result<char, Fault> {
        let Some(&b) = self.bytes.get(self.at) else {
            return Err(self.fault_here());
        };
        self.at += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                // A character beyond the first plane is two escapes, a
                // surrogate pair (RFC 8259 §7).
                let code = match first {
                    0xd800..=0xdbff => {
                        if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                            return Err(self.fault_here());
                        }
                        self.at += 2;
                        let second = self.hex4()?;
                        if !(0xdc00..=0xdfff).contains(&second) {
                            return Err(self.fault_at(self.at - 1));
                        }
                        0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
                    }
                    code => code,
                };
                char::from_u32(code).ok_or_else(|| self.fault_at(self.at - 1))?
            }
            _ => return Err(self.fault_at(self.at - 1)),
        })
    }

    fn hex4(&mut self) -> Result<u32, Fault> {
        let mut code = 0;
        for _ in 0..4 {
            let Some(digit) = self
                .bytes
                .get(self.at)
                .and_then(|&b| (b as char).to_digit(16))
            else {
                return Err(self.fault_here());
            };
            code = code * 16 + digit;
            self.at += 1;
        }
        Ok(code)
    }

    /// A number as RFC 8259 §6 writes it.
    fn number(&mut self) -> Result<Value, Fault> {
        let start = self.at;
        let digits = |reader: &mut Self| {
            let from = reader.at;
            while reader.bytes.get(reader.at).is_some_and(u8::is_ascii_digit) {
                reader.at += 1;
            }
            match reader.at > from {
                true => Ok(()),
                false => Err(reader.fault_here()),
            }
        };
        if self.bytes[self.at] == b'-' {
            self.at += 1;
        }
        if self.bytes.get(self.at) == Some(&b'0') {
            self.at += 1;
        } else {
            digits(self)?;
        }
        let mut whole = true;
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            digits(self)?;
            whole = false;
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            digits(self)?;
            whole = false;
        }
        // The bytes are ASCII digits and signs: a `str`.
        let written = std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or_default();
        let fits = |n: &i128| i64::try_from(*n).is_ok() || u64::try_from(*n).is_ok();
        match written.parse::<i128>().ok().filter(|n| whole && fits(n)) {
            Some(n) => Ok(Value::Number(Number::Whole(n))),
            None => written
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .map(|x| Value::Number(Number::Real(x)))
                .ok_or_else(|| self.fault_at(self.at - 1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_reads_back_as_it_was_written_on_one_line_or_indented() {
        let text = r#"{"a":[1,-2,2.5,true,null,"x\"\\\n\u0001é"],"b":{},"c":[]}"#;
        let value = parse(text).unwrap();
        assert_eq!(value.compact(), text);
        assert_eq!(
            value.pretty(),
            "{\n  \"a\": [\n    1,\n    -2,\n    2.5,\n    true,\n    null,\n    \"x\\\"\\\\\\n\\u0001é\"\n  ],\n  \"b\": {},\n  \"c\": []\n}"
        );
        assert_eq!(parse(&value.pretty()), Ok(value));
    }

    #[test]
    fn escapes_numbers_and_keys_read_as_json_says() {
        let value = parse(r#" {"k": "\ud83d\ude00\/", "k": 18446744073709551615, "n": -9223372036854775808, "e": 1E3} "#).unwrap();
        let Value::Object(map) = &value else { panic!() };
        assert_eq!(
            map.keys().collect::<Vec<_>>(),
            ["e", "k", "n"],
            "the last of a key twice"
        );
        assert_eq!(map["k"].as_u64(), Some(u64::MAX));
        assert_eq!(map["n"].as_i64(), Some(i64::MIN));
        assert_eq!(map["e"], Value::Number(Number::Real(1000.0)));
        assert_eq!(map["e"].to_string(), "1000.0");
        assert_eq!(parse(r#""\ud83d\ude00\/""#), Ok(Value::Text("😀/".into())));
        assert_eq!(parse("18446744073709551616").map(|v| v.as_u64()), Ok(None));
    }

    #[test]
    fn a_fault_is_placed_at_its_character_or_at_the_end() {
        let fault = |text| parse(text).unwrap_err();
        assert_eq!(
            fault("{\n  \"version\": 1,,\n}"),
            Fault {
                line: 2,
                column: 16,
                ends_early: false
            }
        );
        assert_eq!(
            fault("{\"version\": 1, \"machines\": ["),
            Fault {
                line: 1,
                column: 28,
                ends_early: true
            }
        );
        for bad in [
            "",
            "01",
            "1.",
            "-",
            "[1 2]",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "\"\u{1}\"",
            "\"\\x\"",
            "tru",
            "[1] 2",
            "{'a': 1}",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            fault("[1,\n 2,\n x]"),
            Fault {
                line: 3,
                column: 2,
                ends_early: false
            }
        );
    }
}
