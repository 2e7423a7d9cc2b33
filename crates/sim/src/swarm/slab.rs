//! A vector with a free list: small integer ids that stay valid until
//! removed and are reused afterwards, handed out in a deterministic order
//! (the last freed first), so runs do not depend on an allocator or a hasher.

#[derive(Clone, Debug)]
pub struct Slab<T> {
    items: Vec<Option<T>>,
    free: Vec<u32>,
}

impl<T> Default for Slab<T> {
    fn default() -> Self {
        Slab {
            items: Vec::new(),
            free: Vec::new(),
        }
    }
}

impl<T> Slab<T> {
    pub fn insert(&mut self, item: T) -> u32 {
        match self.free.pop() {
            Some(id) => {
                self.items[id as usize] = Some(item);
                id
            }
            None => {
                self.items.push(Some(item));
                (self.items.len() - 1) as u32
            }
        }
    }

    /// Removes and returns the item; panics if `id` is vacant (a bug).
    pub fn remove(&mut self, id: u32) -> T {
        let item = self.items[id as usize].take().expect("slab id in use");
        self.free.push(id);
        item
    }

    /// Entries in use.
    pub fn len(&self) -> usize {
        self.items.len() - self.free.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, id: u32) -> Option<&T> {
        self.items.get(id as usize).and_then(Option::as_ref)
    }

    /// Occupied entries with their ids, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &T)> + '_ {
        self.items
            .iter()
            .enumerate()
            .filter_map(|(i, x)| x.as_ref().map(|x| (i as u32, x)))
    }
}

impl<T> std::ops::Index<u32> for Slab<T> {
    type Output = T;
    #[inline]
    fn index(&self, id: u32) -> &T {
        self.items[id as usize].as_ref().expect("slab id in use")
    }
}

impl<T> std::ops::IndexMut<u32> for Slab<T> {
    #[inline]
    fn index_mut(&mut self, id: u32) -> &mut T {
        self.items[id as usize].as_mut().expect("slab id in use")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_reused_last_freed_first() {
        let mut s = Slab::default();
        let a = s.insert('a');
        let b = s.insert('b');
        let c = s.insert('c');
        assert_eq!((a, b, c), (0, 1, 2));
        assert_eq!(s.remove(b), 'b');
        assert_eq!(s.remove(a), 'a');
        assert_eq!(s.insert('d'), a);
        assert_eq!(s.insert('e'), b);
        assert_eq!(s[c], 'c');
        assert_eq!(s.iter().map(|(_, x)| *x).collect::<String>(), "dec");
    }
}
