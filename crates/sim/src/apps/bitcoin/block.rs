//! A block as the developer reference's "Block Chain" section lays it out:
//! an 80-byte header (version, the previous block's hash, the merkle root
//! of its transactions, time, bits, nonce), the number of transactions as
//! a CompactSize, and the transactions ("Raw Transaction Format").
//!
//! The lab's block is block 1: it follows the genesis block, which every
//! node starts with. Its transactions are a coinbase paying the miner (the
//! subsidy of 2015, 25 BTC; BIP 34's height first in its script, then the
//! miner's tag, as pools tag theirs) and transactions of the commonest
//! kind, one input and two outputs paying to public key hashes, 226 bytes;
//! their signatures, keys and the outputs they spend are random bytes of
//! their sizes (the lab checks no script), drawn from the miner's address,
//! so a block is a function of its size and its miner. A block of another
//! size than a whole number of them pads its scripts.
//!
//! Not done: the proof of work. A miner tries nonces until the header's
//! hash is below the target that `bits` encodes (difficulty 1's
//! 0x1d00ffff, the genesis block's, wants 32 zero bits: about 4 billion
//! tries); the lab leaves the nonce at 0.

use super::{Hash, MINED_AT, double_sha256, hash_from_text, unix_time};
use crate::net::Addr;
use crate::rng::Rng;

/// The genesis block's hash (mainnet), as written for people.
pub const GENESIS: &str = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
/// Block version 2 (BIP 34: the coinbase starts with the height).
const VERSION: i32 = 2;
/// Difficulty 1.
const BITS: u32 = 0x1d00ffff;
/// The subsidy of a block of 2013 to 2016: 25 BTC, in satoshis.
const SUBSIDY: u64 = 25 * 100_000_000;
/// A transaction spending one output to two public key hashes.
pub const TX_BYTES: usize = 226;
/// Its input's script: a push of a 72-byte signature and one of a 33-byte
/// compressed public key.
const SIG_SCRIPT: usize = 1 + 72 + 1 + 33;
/// A coinbase's script is 2 to 100 bytes (consensus: `bad-cb-length`).
const COINBASE_SCRIPT_MAX: usize = 100;
/// How many bytes an ordinary transaction's script may grow by to pad
/// the block: it stays under 253, a one-byte CompactSize.
const PAD_MAX: usize = 120;

/// A block of the lab: its bytes and hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub bytes: Vec<u8>,
    pub hash: Hash,
    pub transactions: usize,
}

impl Block {
    /// Block 1 of `size` bytes (1 KiB at least, room for its padding)
    /// mined by the node at `miner`.
    pub fn new(size: usize, miner: Addr) -> Block {
        let mut rng = Rng::new((u64::from(miner.0) << 20) ^ size as u64);
        let coinbase_base = coinbase(miner, 0).len();
        // The transactions after the coinbase, and the bytes left to pad.
        let room = size.saturating_sub(80 + 3 + coinbase_base);
        let ordinary = room / TX_BYTES;
        let count = ordinary + 1;
        let used = 80 + compact_size(count as u64).len() + coinbase_base + ordinary * TX_BYTES;
        let mut pad = size.saturating_sub(used);
        let tag_len = coinbase_base - 4 - 1 - 36 - 1 - 4 - 1 - 8 - 1 - 25 - 4;
        let coinbase_pad = pad.min(COINBASE_SCRIPT_MAX - tag_len);
        pad -= coinbase_pad;
        let mut transactions = vec![coinbase(miner, coinbase_pad)];
        for _ in 0..ordinary {
            let grow = pad.min(PAD_MAX);
            pad -= grow;
            transactions.push(payment(&mut rng, grow));
        }
        let ids: Vec<Hash> = transactions.iter().map(|tx| double_sha256(tx)).collect();
        let header = header(&merkle_root(ids));
        let mut bytes = header.to_vec();
        bytes.extend(compact_size(count as u64));
        for tx in &transactions {
            bytes.extend(tx);
        }
        Block {
            hash: double_sha256(&header),
            bytes,
            transactions: count,
        }
    }
}

/// The header of block 1 with `merkle_root`, found at [`MINED_AT`].
fn header(merkle_root: &Hash) -> [u8; 80] {
    let previous = hash_from_text(GENESIS).expect("a hash");
    let mut out = [0u8; 80];
    out[..4].copy_from_slice(&VERSION.to_le_bytes());
    out[4..36].copy_from_slice(&previous);
    out[36..68].copy_from_slice(merkle_root);
    out[68..72].copy_from_slice(&(unix_time(MINED_AT) as u32).to_le_bytes());
    out[72..76].copy_from_slice(&BITS.to_le_bytes());
    // The nonce, 0: no proof of work (the module's comment says why).
    out
}

/// The merkle root of transactions with ids `ids`: each level hashes its
/// pairs, the last one with itself when the level is odd.
pub fn merkle_root(mut ids: Vec<Hash>) -> Hash {
    while ids.len() > 1 {
        if ids.len() % 2 == 1 {
            ids.push(*ids.last().expect("not empty"));
        }
        ids = (ids.chunks_exact(2))
            .map(|pair| double_sha256(&[pair[0], pair[1]].concat()))
            .collect();
    }
    ids[0]
}

/// A CompactSize unsigned integer ("Protocol documentation": var_int).
pub fn compact_size(n: u64) -> Vec<u8> {
    match n {
        0..=0xfc => vec![n as u8],
        0xfd..=0xffff => [&[0xfd][..], &(n as u16).to_le_bytes()].concat(),
        0x1_0000..=0xffff_ffff => [&[0xfe][..], &(n as u32).to_le_bytes()].concat(),
        _ => [&[0xff][..], &n.to_le_bytes()].concat(),
    }
}

/// A script paying to a public key hash: OP_DUP OP_HASH160 <20 bytes>
/// OP_EQUALVERIFY OP_CHECKSIG.
fn pay_to(key_hash: &[u8]) -> Vec<u8> {
    [&[0x76, 0xa9, 0x14][..], key_hash, &[0x88, 0xac]].concat()
}

/// An output: its value in satoshis and its script.
fn output(value: u64, script: &[u8]) -> Vec<u8> {
    [
        &value.to_le_bytes()[..],
        &compact_size(script.len() as u64),
        script,
    ]
    .concat()
}

/// A transaction of version 1 with one input spending `spends` with
/// `script`, and `outputs`; lock time 0.
fn transaction(spends: ([u8; 32], u32), script: &[u8], outputs: &[Vec<u8>]) -> Vec<u8> {
    let mut tx = 1i32.to_le_bytes().to_vec();
    tx.push(1);
    tx.extend(spends.0);
    tx.extend(spends.1.to_le_bytes());
    tx.extend(compact_size(script.len() as u64));
    tx.extend(script);
    tx.extend(u32::MAX.to_le_bytes());
    tx.extend(compact_size(outputs.len() as u64));
    for out in outputs {
        tx.extend(out);
    }
    tx.extend(0u32.to_le_bytes());
    tx
}

/// The coinbase of block 1 mined at `miner`, its script padded by `pad`
/// bytes: it spends no output (a null hash, index 0xffffffff).
fn coinbase(miner: Addr, pad: usize) -> Vec<u8> {
    let tag = format!("/lab {miner}/");
    let mut script = vec![0x01, 0x01, tag.len() as u8];
    script.extend(tag.as_bytes());
    script.extend(std::iter::repeat_n(0, pad));
    let key_hash = Rng::new(miner.0.into()).next_u64().to_le_bytes().repeat(3);
    let pays = output(SUBSIDY, &pay_to(&key_hash[..20]));
    transaction(([0; 32], u32::MAX), &script, &[pays])
}

/// A payment of one input to two outputs, its signature script longer by
/// `grow` bytes.
fn payment(rng: &mut Rng, grow: usize) -> Vec<u8> {
    let mut random = |n: usize| -> Vec<u8> {
        let mut out = Vec::with_capacity(n + 8);
        while out.len() < n {
            out.extend(rng.next_u64().to_le_bytes());
        }
        out.truncate(n);
        out
    };
    let spends: [u8; 32] = random(32).try_into().expect("32 bytes");
    let mut script = vec![72];
    script.extend(random(72));
    script.push(33);
    script.extend(random(33));
    script.extend(random(grow));
    debug_assert_eq!(script.len(), SIG_SCRIPT + grow);
    let outputs = [
        output(5_000_000, &pay_to(&random(20))),
        output(1_234_567, &pay_to(&random(20))),
    ];
    transaction((spends, 0), &script, &outputs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::bitcoin::hash_text;

    /// The genesis block's header (its fields as the developer reference
    /// and every block explorer give them) hashes to its well-known hash.
    #[test]
    fn the_genesis_header_hashes_to_the_genesis_hash() {
        let merkle =
            hash_from_text("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b")
                .unwrap();
        let mut header = 1i32.to_le_bytes().to_vec();
        header.extend([0; 32]);
        header.extend(merkle);
        for word in [1_231_006_505u32, 0x1d00ffff, 2_083_236_893] {
            header.extend(word.to_le_bytes());
        }
        assert_eq!(header.len(), 80);
        assert_eq!(hash_text(&double_sha256(&header)), GENESIS);
    }

    #[test]
    fn a_block_has_its_size_and_its_transactions_add_up() {
        let miner = Addr::new(198, 51, 100, 11);
        for kib in [8, 32, 128, 512] {
            let block = Block::new(kib << 10, miner);
            assert_eq!(block.bytes.len(), kib << 10, "{kib} KiB");
            assert_eq!(block.hash, double_sha256(&block.bytes[..80]));
            // Header, count, then the coinbase (BIP 34: height 1).
            let count = compact_size(block.transactions as u64);
            assert_eq!(&block.bytes[80..80 + count.len()], count);
            let coinbase = &block.bytes[80 + count.len()..];
            assert_eq!(&coinbase[5..37], [0; 32]);
            assert_eq!(&coinbase[42..44], [1, 1]);
            assert!((kib << 10) / TX_BYTES <= block.transactions);
        }
        // Of its size and its miner: another miner's block is another.
        let a = Block::new(8 << 10, miner);
        assert_eq!(a, Block::new(8 << 10, miner));
        assert_ne!(
            a.hash,
            Block::new(8 << 10, Addr::new(198, 51, 100, 12)).hash
        );
    }

    #[test]
    fn the_merkle_root_of_one_is_its_id_and_an_odd_level_pairs_its_last() {
        let [a, b, c] = [[1u8; 32], [2; 32], [3; 32]];
        assert_eq!(merkle_root(vec![a]), a);
        let ab = double_sha256(&[a, b].concat());
        let cc = double_sha256(&[c, c].concat());
        assert_eq!(
            merkle_root(vec![a, b, c]),
            double_sha256(&[ab, cc].concat())
        );
        assert_eq!(compact_size(252), [252]);
        assert_eq!(compact_size(253), [0xfd, 253, 0]);
    }
}
