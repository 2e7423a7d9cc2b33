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
use cslab_sim::sha256::{H0, compress, finish, sha256};
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
