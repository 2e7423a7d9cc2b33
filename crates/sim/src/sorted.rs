//! A map kept as a list sorted by key, found by binary search: a capture's
//! few maps (a NAT's mappings, a connection's record and message number)
//! and a BitTorrent client's connections need no more, and a `BTreeMap`
//! for each of their key types would carry its own copy of the tree's
//! code into the page's bundle.

pub struct SortedMap<K, V>(Vec<(K, V)>);

impl<K: Ord, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap::new()
    }
}

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

    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.find(key).ok().map(|i| &mut self.0[i].1)
    }

    pub fn contains_key(&self, key: &K) -> bool {
        self.find(key).is_ok()
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        let i = self.find(key).ok()?;
        Some(self.0.remove(i).1)
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    /// The values, in their keys' order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&K, &mut V)> {
        self.0.iter_mut().map(|(k, v)| (&*k, v))
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
        assert_eq!(m.keys().copied().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(m.remove(&2), Some('b'));
        assert!(!m.contains_key(&2) && m.contains_key(&1));
        *m.get_mut(&1).unwrap() = 'A';
        assert_eq!(m.values().copied().collect::<String>(), "AC");
    }
}
