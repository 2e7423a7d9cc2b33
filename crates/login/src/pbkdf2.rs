//! How Django stores a password (its documentation, "How Django stores
//! passwords"): `pbkdf2_sha256$<iterations>$<salt>$<hash>`, the hash being
//! PBKDF2 (RFC 8018 §5.2) with HMAC-SHA-256 (RFC 2104, FIPS 180-4) over the
//! password and the salt, 32 bytes, in base64 (RFC 4648 §4). The server
//! keeps this string, never the password: to check a password it computes
//! the same hash again and compares.
//!
//! Computing it is slow on purpose. Each of the iterations is two SHA-256
//! compressions, and a million of them cost a server about a quarter of a
//! second ([`CHECK_TIME`]); an attacker who stole the table pays that for
//! every guess.

use cslab_sim::proto::base64;
use cslab_sim::time::SimTime;
use std::cell::RefCell;

/// Django 5.2's `PBKDF2PasswordHasher.iterations` (django/contrib/auth/
/// hashers.py; raised by about 20% each release: 870,000 in 5.1, 1,200,000
/// in 6.0).
pub const DJANGO_ITERATIONS: u32 = 1_000_000;

/// What checking one password costs Django's server: Python's
/// `hashlib.pbkdf2_hmac("sha256", password, salt, 1_000_000)`, which Django
/// calls, took 0.231-0.234 s in three runs on this project's machine
/// (OpenSSL 3.0.19, an Intel Xeon with SHA extensions), measured
/// 2026-12-03.
pub const CHECK_TIME: SimTime = SimTime::from_millis(233);

/// SHA-256's round constants (FIPS 180-4 §4.2.2).
const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// SHA-256's initial hash value (FIPS 180-4 §5.3.3).
const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// One compression of a 64-byte block into `state` (FIPS 180-4 §6.2.2).
fn compress(state: &mut [u32; 8], block: &[u8; 64]) {
    let mut w = [0u32; 64];
    for (i, word) in block.chunks_exact(4).enumerate() {
        w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
    }
    for t in 16..64 {
        let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
        let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16]
            .wrapping_add(s0)
            .wrapping_add(w[t - 7])
            .wrapping_add(s1);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for t in 0..64 {
        let big_s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = h
            .wrapping_add(big_s1)
            .wrapping_add(ch)
            .wrapping_add(K[t])
            .wrapping_add(w[t]);
        let big_s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = big_s0.wrapping_add(maj);
        (h, g, f, e, d, c, b, a) = (g, f, e, d.wrapping_add(t1), c, b, a, t1.wrapping_add(t2));
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.wrapping_add(v);
    }
}

/// SHA-256 of `prefix_blocks` already compressed into `state` followed by
/// `data` (the total length counting those blocks).
fn finish(mut state: [u32; 8], prefix_blocks: u64, data: &[u8]) -> [u8; 32] {
    let mut chunks = data.chunks_exact(64);
    for block in &mut chunks {
        compress(&mut state, block.try_into().expect("64 bytes"));
    }
    let rest = chunks.remainder();
    let bits = (prefix_blocks * 64 + data.len() as u64) * 8;
    // Padding: a 1 bit, zeros, the length in bits (FIPS 180-4 §5.1.1).
    let mut tail = [0u8; 128];
    tail[..rest.len()].copy_from_slice(rest);
    tail[rest.len()] = 0x80;
    let end = if rest.len() < 56 { 64 } else { 128 };
    tail[end - 8..end].copy_from_slice(&bits.to_be_bytes());
    for block in tail[..end].chunks_exact(64) {
        compress(&mut state, block.try_into().expect("64 bytes"));
    }
    let mut out = [0u8; 32];
    for (bytes, word) in out.chunks_exact_mut(4).zip(state) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
    out
}

pub fn sha256(data: &[u8]) -> [u8; 32] {
    finish(H0, 0, data)
}

/// HMAC-SHA-256 with its key's inner and outer pads compressed once
/// (RFC 2104 §4 suggests it): each message then costs two compressions
/// of its own, which is what makes PBKDF2's loop two per iteration.
#[derive(Clone, Copy)]
struct Hmac {
    inner: [u32; 8],
    outer: [u32; 8],
}

impl Hmac {
    fn new(key: &[u8]) -> Hmac {
        let mut block = [0u8; 64];
        if key.len() > 64 {
            block[..32].copy_from_slice(&sha256(key));
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let padded = |pad: u8| {
            let mut state = H0;
            compress(&mut state, &block.map(|byte| byte ^ pad));
            state
        };
        Hmac {
            inner: padded(0x36),
            outer: padded(0x5c),
        }
    }

    fn mac(&self, message: &[u8]) -> [u8; 32] {
        finish(self.outer, 1, &finish(self.inner, 1, message))
    }
}

pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    Hmac::new(key).mac(message)
}

/// One output block of PBKDF2-HMAC-SHA-256 (RFC 8018 §5.2: `T_i = U_1 xor
/// … xor U_c`), its rounds run a slice at a time, so that the page can
/// spread a million of them over frames.
struct Rounds {
    prf: Hmac,
    u: [u8; 32],
    t: [u8; 32],
    left: u32,
}

impl Rounds {
    /// Block `index` (from 1) of `password` and `salt` in `iterations`.
    fn new(password: &[u8], salt: &[u8], index: u32, iterations: u32) -> Rounds {
        let prf = Hmac::new(password);
        let mut first = salt.to_vec();
        first.extend_from_slice(&index.to_be_bytes());
        let u = prf.mac(&first);
        Rounds {
            prf,
            u,
            t: u,
            left: iterations.saturating_sub(1),
        }
    }

    /// Runs up to `most` rounds; true when none is left.
    fn run(&mut self, most: u32) -> bool {
        let now = most.min(self.left);
        for _ in 0..now {
            self.u = self.prf.mac(&self.u);
            for (x, y) in self.t.iter_mut().zip(self.u) {
                *x ^= y;
            }
        }
        self.left -= now;
        self.left == 0
    }
}

/// PBKDF2-HMAC-SHA-256 (RFC 8018 §5.2): `out.len()` bytes derived from
/// `password` and `salt` in `iterations` rounds.
pub fn pbkdf2_sha256(password: &[u8], salt: &[u8], iterations: u32, out: &mut [u8]) {
    for (i, block) in out.chunks_mut(32).enumerate() {
        let mut rounds = Rounds::new(password, salt, i as u32 + 1, iterations);
        rounds.run(u32::MAX);
        block.copy_from_slice(&rounds.t[..block.len()]);
    }
}

/// A password, a salt and an iteration count.
type Inputs = (String, String, u32);

thread_local! {
    /// Hashes already computed in this process: a lesson rebuilt with other
    /// settings, or a password typed twice, does not pay the million
    /// iterations again (the result is the same; only the wait is saved).
    static COMPUTED: RefCell<Vec<(Inputs, String)>> = const { RefCell::new(Vec::new()) };
}

/// A Django hash being computed: `make_password`'s 32 bytes, one block of
/// PBKDF2, a slice of rounds at a time.
pub struct HashJob {
    inputs: Inputs,
    rounds: Rounds,
}

impl HashJob {
    /// The job of hashing `password` with `salt`, unless it is already
    /// done in this process.
    pub fn new(password: &str, salt: &str, iterations: u32) -> Option<HashJob> {
        let inputs = (password.to_owned(), salt.to_owned(), iterations);
        if computed(&inputs).is_some() {
            return None;
        }
        let rounds = Rounds::new(password.as_bytes(), salt.as_bytes(), 1, iterations);
        Some(HashJob { inputs, rounds })
    }

    /// Whether it hashes `password` with `salt`.
    pub fn is_for(&self, password: &str, salt: &str) -> bool {
        self.inputs.0 == password && self.inputs.1 == salt
    }

    /// Rounds still to run.
    pub fn left(&self) -> u32 {
        self.rounds.left
    }

    /// Runs up to `most` rounds; when none is left, keeps the hash for
    /// [`django_hash`] and says true.
    pub fn work(&mut self, most: u32) -> bool {
        if !self.rounds.run(most) {
            return false;
        }
        let (_, salt, iterations) = &self.inputs;
        let hash = format!(
            "pbkdf2_sha256${iterations}${salt}${}",
            base64::encode(&self.rounds.t)
        );
        COMPUTED.with(|done| done.borrow_mut().push((self.inputs.clone(), hash)));
        true
    }
}

/// How many hashes this process (this thread) has computed.
pub fn hashes_computed() -> usize {
    COMPUTED.with(|done| done.borrow().len())
}

fn computed(inputs: &Inputs) -> Option<String> {
    COMPUTED.with(|done| {
        (done.borrow().iter())
            .find(|(seen, _)| seen == inputs)
            .map(|(_, hash)| hash.clone())
    })
}

/// `make_password`'s encoding of `password` with `salt`:
/// `pbkdf2_sha256$<iterations>$<salt>$<base64 of 32 bytes>`.
pub fn django_hash(password: &str, salt: &str, iterations: u32) -> String {
    if let Some(mut job) = HashJob::new(password, salt, iterations) {
        job.work(u32::MAX);
    }
    computed(&(password.to_owned(), salt.to_owned(), iterations)).expect("hashed just now")
}

/// `check_password`: whether `password` hashes, with the salt and
/// iterations `stored` names, to `stored`.
pub fn django_check(password: &str, stored: &str) -> bool {
    let mut parts = stored.split('$');
    let (Some("pbkdf2_sha256"), Some(iterations), Some(salt)) =
        (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let Ok(iterations) = iterations.parse() else {
        return false;
    };
    django_hash(password, salt, iterations) == stored
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// FIPS 180-4's examples (NIST's "SHA-256" example document): one
    /// block, two blocks, and the empty message.
    #[test]
    fn sha256_matches_the_published_examples() {
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    /// RFC 4231 §4.2 (test case 1) and §4.7 (a key longer than a block).
    #[test]
    fn hmac_matches_rfc_4231() {
        assert_eq!(
            hex(&hmac_sha256(&[0x0b; 20], b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    /// RFC 7914 §11's PBKDF2-HMAC-SHA256 vectors: 64 bytes (two blocks)
    /// after 1 and after 80,000 iterations.
    #[test]
    fn pbkdf2_matches_rfc_7914() {
        let mut out = [0u8; 64];
        pbkdf2_sha256(b"passwd", b"salt", 1, &mut out);
        assert_eq!(
            hex(&out),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc\
             49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"
        );
        pbkdf2_sha256(b"Password", b"NaCl", 80_000, &mut out);
        assert_eq!(
            hex(&out),
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56\
             a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"
        );
    }

    /// RFC 4648 §10.
    /// `make_password("lètmein", "seasalt", "pbkdf2_sha256")` at Django
    /// 5.2's iteration count: the string Python's
    /// `hashlib.pbkdf2_hmac("sha256", ...)` gives (computed here on
    /// 2026-12-03), which a Django-compatible hasher's published tests also
    /// expect.
    #[test]
    fn the_stored_string_is_djangos() {
        let stored = django_hash("lètmein", "seasalt", DJANGO_ITERATIONS);
        assert_eq!(
            stored,
            "pbkdf2_sha256$1000000$seasalt$r1uLUxoxpP2Ued/qxvmje7UH9PUJBkRrvf9gGPL7Cps="
        );
        assert!(django_check("lètmein", &stored));
        assert!(!django_check("letmein", &stored));
    }

    /// A hash computed a slice of rounds at a time is the one computed in
    /// one go.
    #[test]
    fn a_hash_in_slices_is_the_same_hash() {
        let mut job = HashJob::new("slices", "saltsalt", 1_000).unwrap();
        let mut calls = 1;
        while !job.work(7) {
            calls += 1;
        }
        // 999 rounds after the first, 7 at a time: ceil(999 / 7) = 143.
        assert_eq!(calls, 143);
        let mut derived = [0u8; 32];
        pbkdf2_sha256(b"slices", b"saltsalt", 1_000, &mut derived);
        let expected = format!("pbkdf2_sha256$1000$saltsalt${}", base64::encode(&derived));
        assert_eq!(django_hash("slices", "saltsalt", 1_000), expected);
        assert!(HashJob::new("slices", "saltsalt", 1_000).is_none(), "kept");
    }
}
