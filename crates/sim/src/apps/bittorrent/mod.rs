//! A small, truthful BitTorrent, packet by packet: every peer a machine,
//! everything it says a message over the simulator's TCP, as BEP 3 ("The
//! BitTorrent Protocol Specification") gives it. ([`crate::swarm`] is the
//! comparison lesson's swarm in flows, for thousands of peers.)
//!
//! - The tracker: a client announces with `GET /announce?info_hash=…&
//!   peer_id=…&port=…&uploaded=…&downloaded=…&left=…&event=started` and
//!   gets a bencoded answer with `interval` and the peers in BEP 23's
//!   compact form ([`tracker`]); it announces again with `event=completed`
//!   once it has the whole file.
//! - Where the tracker lives: on the first seed. Its client runs an
//!   embedded tracker, as qBittorrent does when "Enable embedded tracker"
//!   is ticked (its documentation, "Embedded tracker"; the port is
//!   `Preferences/Advanced/trackerPort`, 9000 by default), so the torrent
//!   announces to `http://SEED:9000/announce`. The seed's own client
//!   registers with it over loopback, which never reaches the network.
//! - The peer wire ([`wire`]): the 68-byte handshake, `bitfield`,
//!   `interested`, `unchoke`, `request`s of 16 KiB blocks, `piece`, `have`,
//!   `not interested` and `choke`.
//! - Which piece: a piece already begun first (BEP 3's "strict priority"),
//!   else the rarest among the neighbours (BEP 3's "rarest first"), ties
//!   drawn at random; five requests kept in each pipe ([`REQUEST_BACKLOG`]).
//! - Whom it uploads to: four at a time ([`UPLOAD_SLOTS`]), a newcomer
//!   unchoked at once while a slot is free, then every 10 s the best
//!   uploaders to it and one optimistic unchoke kept 30 s
//!   ([`crate::swarm::choke`]); a seed draws its four at random.
//! - A connection between two seeds is closed (libtorrent's
//!   `close_redundant_connections`, on by default), and a client connects
//!   once to each address (`allow_multiple_connections_per_ip`, off).
//!
//! Left out, on purpose: the lab's file has no content, so there are no
//! SHA-1 hashes to check and the info_hash is a stand-in drawn from the
//! file's size ([`Torrent::new`]); no `cancel` (there is no end game), no
//! keep-alives and no announce again after `interval`, which the lab's
//! short runs never reach; no extensions (BEP 6, 10) in the reserved bytes.
//! A peer behind a home router's NAT can announce and connect out, but no
//! one can connect to it (no port forwarding), as on a real one.

pub mod client;
pub mod tracker;
pub mod wire;

use crate::net::Addr;
use crate::rng::Rng;
use crate::time::SimTime;

pub use client::Client;

/// Where a client listens for peers (BEP 3: "try to listen on port 6881").
pub const PEER_PORT: u16 = 6881;
/// qBittorrent's embedded tracker's port, by default.
pub const TRACKER_PORT: u16 = 9000;
/// A block a request asks for: 16 KiB (BEP 3; the original client's
/// `download_slice_size`, 2^14).
pub const BLOCK_BYTES: u32 = 16 * 1024;
/// A piece: 256 KiB, the original client's `btmakemetafile` default
/// (`piece_size_pow2` 18).
pub const PIECE_BYTES: u32 = 256 * 1024;
/// Uploads at once (BEP 3: "unchoking the four peers").
pub const UPLOAD_SLOTS: usize = 4;
/// Requests kept in a pipe (the original client's `request_backlog`, 5).
pub const REQUEST_BACKLOG: usize = 5;
/// BEP 3: who is choked changes "once every ten seconds", the optimistic
/// unchoke "every 30 seconds".
pub const RECHOKE: SimTime = SimTime::from_secs(10);
pub const OPTIMISTIC: SimTime = SimTime::from_secs(30);
/// qBittorrent 4.6.5's peer_id prefix (BEP 20's Azureus style; the rest
/// is 12 random characters).
pub const PEER_ID_PREFIX: &str = "-qB4650-";

/// What a `.torrent` tells a client: the file's size, its pieces, its
/// info_hash and the tracker to announce to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Torrent {
    pub size: u64,
    /// 20 bytes in hexadecimal.
    pub info_hash: String,
    pub tracker: Addr,
}

impl Torrent {
    /// A file of `size` bytes (at least one) announced to the tracker at
    /// `tracker`. Its info_hash is the SHA-1 of the torrent's `info`
    /// dictionary, which holds the pieces' own hashes; the lab's file has
    /// no content, so its 20 bytes are drawn from the size instead: files
    /// of one size are one torrent, and others are not.
    pub fn new(size: u64, tracker: Addr) -> Torrent {
        let mut rng = Rng::new(size);
        let words = [rng.next_u64(), rng.next_u64(), rng.next_u64()];
        let hex: String = words.iter().map(|w| format!("{w:016x}")).collect();
        Torrent {
            size: size.max(1),
            info_hash: hex[..40].into(),
            tracker,
        }
    }

    pub fn pieces(&self) -> u32 {
        self.size.div_ceil(PIECE_BYTES as u64) as u32
    }

    /// Piece `index`'s bytes (the last may be short).
    pub fn piece_bytes(&self, index: u32) -> u32 {
        let start = index as u64 * PIECE_BYTES as u64;
        (self.size - start).min(PIECE_BYTES as u64) as u32
    }

    /// Piece `index`'s blocks.
    pub fn blocks(&self, index: u32) -> u32 {
        self.piece_bytes(index).div_ceil(BLOCK_BYTES)
    }

    /// The bytes of block `block` of piece `index`.
    pub fn block_bytes(&self, index: u32, block: u32) -> u32 {
        (self.piece_bytes(index) - block * BLOCK_BYTES).min(BLOCK_BYTES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_and_blocks_cover_the_file() {
        let t = Torrent::new(600 * 1024 + 5, Addr::new(10, 0, 0, 1));
        assert_eq!(t.pieces(), 3);
        assert_eq!(t.piece_bytes(2), 88 * 1024 + 5);
        assert_eq!(t.blocks(2), 6);
        assert_eq!(t.block_bytes(2, 5), 8 * 1024 + 5);
        let total: u64 = (0..t.pieces())
            .flat_map(|p| (0..t.blocks(p)).map(move |b| (p, b)))
            .map(|(p, b)| t.block_bytes(p, b) as u64)
            .sum();
        assert_eq!(total, t.size);
        assert_eq!(t.info_hash.len(), 40);
        assert_ne!(t.info_hash, Torrent::new(1 << 20, t.tracker).info_hash);
    }
}
