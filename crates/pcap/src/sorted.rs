//! A map kept as a list sorted by key, found by binary search: a capture's
//! few maps (a NAT's mappings, a connection's record and message number)
//! need no more, and a `BTreeMap` for each of their key types would carry
//! its own copy of the tree's code into the page's bundle.

pub struct SortedMap<K, V>(Vec<(K, V)>);

impl<K: Ord, V> SortedMap<K, V> {
    pub fn new() -> SortedMap<K, V> {
        SortedMap(Vec::new())
    }

    fn find(&self, key: &K) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.cmp(key))
    }

    pub fn get(&self, key: &K) -> Option<&V> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    /// The value at `key`, `insert`ed first if there is none.
    pub fn get_or_insert(&mut self, key: K, insert: impl FnOnce() -> V) -> &mut V {
        let i = self.find(&key).unwrap_or_else(|i| {
            self.0.insert(i, (key, insert()));
            i
        });
        &mut self.0[i].1
    }

    /// Sets `key` to `value`, replacing the value it had.
    pub fn insert(&mut self, key: K, value: V) {
        match self.find(&key) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_one_value_a_key_in_order() {
        let mut m = SortedMap::new();
        m.insert(3, 'c');
        m.insert(1, 'a');
        m.insert(3, 'C');
        assert_eq!(*m.get_or_insert(2, || 'b'), 'b');
        assert_eq!(*m.get_or_insert(1, || 'x'), 'a');
        assert_eq!((m.get(&3), m.get(&4)), (Some(&'C'), None));
        assert_eq!(m.0.iter().map(|(k, _)| *k).collect::<Vec<_>>(), [1, 2, 3]);
    }
}
