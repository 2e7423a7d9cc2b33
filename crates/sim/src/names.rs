//! Interned strings (DNS names, HTTP paths, host names) so that protocol
//! messages stay small `Copy` values: a message carries a [`Name`], the world
//! keeps the text. Deterministic: ids are handed out in order of first use.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A string interned in the world's [`Names`].
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Name(pub u32);

/// The interner. `Name(0)` is always the empty string.
#[derive(Clone, Debug)]
pub struct Names {
    text: Vec<String>,
    ids: BTreeMap<String, u32>,
}

impl Default for Names {
    fn default() -> Self {
        Names::new()
    }
}

impl Names {
    pub fn new() -> Names {
        let mut n = Names {
            text: Vec::new(),
            ids: BTreeMap::new(),
        };
        n.intern("");
        n
    }

    /// The id of `s`, adding it on first use.
    pub fn intern(&mut self, s: &str) -> Name {
        if let Some(&id) = self.ids.get(s) {
            return Name(id);
        }
        let id = self.text.len() as u32;
        self.text.push(s.to_string());
        self.ids.insert(s.to_string(), id);
        Name(id)
    }

    /// The id of `s` if it was interned.
    pub fn get(&self, s: &str) -> Option<Name> {
        self.ids.get(s).map(|&id| Name(id))
    }

    /// The text of `n` (empty for an unknown id).
    pub fn text(&self, n: Name) -> &str {
        self.text.get(n.0 as usize).map_or("", String::as_str)
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_once_in_order() {
        let mut n = Names::new();
        let a = n.intern("www.example.com");
        let b = n.intern("/index.html");
        assert_eq!(n.intern("www.example.com"), a);
        assert_eq!((a.0, b.0), (1, 2));
        assert_eq!(n.text(b), "/index.html");
        assert_eq!(n.text(Name(0)), "");
        assert_eq!(n.get("nope"), None);
    }
}
