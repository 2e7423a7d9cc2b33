//! A small, truthful Bitcoin node, packet by packet: every node a machine,
//! everything it says a message over the simulator's TCP on port 8333, as
//! the Bitcoin developer reference ("P2P Network": "Message Headers",
//! "version", "inv", "getdata", "block") and the Bitcoin wiki's "Protocol
//! documentation" lay them out ([`wire`], [`block`]).
//!
//! Which node: Bitcoin Core 0.9.5 (protocol version 70002, user agent
//! `/Satoshi:0.9.5/`), the last release that answers a block's `inv` with
//! `getdata` alone. From 0.10 on a node answers it with `getheaders` first
//! (headers-first download), and from protocol 70012 (0.12, BIP 130) peers
//! ask for `headers` announcements instead of `inv`, then (0.13, BIP 152)
//! for compact blocks; today's `net_processing.cpp` still relays by `inv`
//! to a peer that sent neither `sendheaders` nor `sendcmpct`, but asks for
//! an announced block with `getheaders`. So the lab's nodes are 0.9's,
//! whose relay is the one the gossip lesson teaches:
//!
//! - Connections: each node opens outbound connections, one every 500 ms
//!   (0.9's `ThreadOpenConnections` sleeps 500 ms between attempts), to
//!   addresses drawn at random from those it knows (its address manager;
//!   in the sandbox, the other nodes of the network) until it has
//!   [`MAX_OUTBOUND`] (`MAX_OUTBOUND_CONNECTIONS` in 0.9's net.cpp,
//!   `MAX_OUTBOUND_FULL_RELAY_CONNECTIONS` in today's net.h), never to an
//!   address it is already connected to either way (`FindNode`); it
//!   accepts every inbound connection.
//! - The handshake: the connecting node sends `version`; the other answers
//!   with its own `version` and a `verack`, and gets a `verack` back.
//! - Relay: a node that has a new best block sends `inv` (MSG_BLOCK, its
//!   hash) to every peer not known to have it (`PushInventory` skips
//!   `setInventoryKnown`: the peers that announced it, sent it, or were
//!   told it); blocks are not trickled as transactions are. A peer that
//!   lacks the block and has not asked for it yet (`AlreadyHave`,
//!   `mapAlreadyAskedFor`) answers `getdata`, and gets `block`. A node
//!   that receives a block that becomes its best relays it the same way; a
//!   second block of the same height (another miner's) is kept but not
//!   relayed, as 0.9's `AcceptBlock` relays only its new tip.
//! - A miner finds its block at [`MINED_AT`], once every node's outbound
//!   connections are up (eight attempts 500 ms apart, from a start drawn
//!   in the first 500 ms).
//!
//! Left out, on purpose: `getaddr`/`addr` (every node already knows the
//! others), `ping`/`pong` (sent after 2 minutes of silence), the
//! `getblocks` of the first sync (every node starts at the same tip), the
//! 2-minute wait before asking another peer for a block that does not
//! come, and the /16 network groups Core spreads its outbound connections
//! over (a sandbox's nodes often share one /24, where a real node would
//! connect out to one of them only). The proof of work is not done: the
//! block's nonce is 0, so its hash does not start with the zeros a mined
//! block's does ([`block`]).

pub mod block;
pub mod node;
pub mod wire;

pub use node::Node;

use crate::sha256::sha256;
use crate::time::SimTime;

/// Where a node listens (the developer reference: mainnet's default port).
pub const PORT: u16 = 8333;
/// Mainnet's start string, the first four bytes of every message.
pub const MAGIC: [u8; 4] = [0xf9, 0xbe, 0xb4, 0xd9];
/// Bitcoin Core 0.9.5's `PROTOCOL_VERSION` and `strSubVersion`.
pub const PROTOCOL_VERSION: i32 = 70002;
pub const USER_AGENT: &str = "/Satoshi:0.9.5/";
/// NODE_NETWORK: the node serves the whole chain.
pub const SERVICES: u64 = 1;
/// Outbound connections a node keeps.
pub const MAX_OUTBOUND: usize = 8;
/// The wait between two outbound connection attempts.
pub const CONNECT_EVERY: SimTime = SimTime::from_millis(500);
/// When a miner finds its block: after the last of eight attempts (at
/// most 4.5 s) and its handshake.
pub const MINED_AT: SimTime = SimTime::from_secs(5);
/// The Unix time the lab's clock starts at: 2015-01-01 00:00:00 UTC, when
/// Bitcoin Core 0.9 ran the network.
pub const EPOCH: u64 = 1_420_070_400;

/// A block's or a payload's hash, in the byte order it is hashed and sent.
pub type Hash = [u8; 32];

/// Bitcoin's hash: SHA-256 of SHA-256.
pub fn double_sha256(data: &[u8]) -> Hash {
    sha256(&sha256(data))
}

/// A hash as Bitcoin writes it for people (block explorers, `bitcoin-cli`):
/// its bytes reversed, in hexadecimal.
pub fn hash_text(hash: &Hash) -> String {
    hash.iter().rev().map(|b| format!("{b:02x}")).collect()
}

/// The hash [`hash_text`] writes.
pub fn hash_from_text(text: &str) -> Option<Hash> {
    if text.len() != 64 {
        return None;
    }
    let mut hash = [0u8; 32];
    for (i, byte) in hash.iter_mut().rev().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(hash)
}

/// The Unix time at the lab's instant `t`.
pub fn unix_time(t: SimTime) -> u64 {
    EPOCH + t.as_nanos() / 1_000_000_000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_reads_back_from_its_text() {
        let hash = double_sha256(b"hello");
        let text = hash_text(&hash);
        assert_eq!(hash_from_text(&text), Some(hash));
        // Written backwards: the last byte hashed comes first.
        assert_eq!(&text[..2], format!("{:02x}", hash[31]));
        assert_eq!(hash_from_text("00"), None);
    }
}
