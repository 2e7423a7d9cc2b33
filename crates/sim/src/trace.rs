//! What happened, record by record: the animation replays it, the event list
//! shows it, and tests hash it. Records are small `Copy` values. In
//! [`TraceMode::Last`] only the last K records are kept (bounded memory for
//! long runs); the counts per kind and the hash always cover every record.
//!
//! The hash is stable across platforms and builds: each record is encoded as
//! five little-endian-independent `u64` words (kind and small fields packed in
//! the first, then time and the rest, zero-padded), and the words are folded
//! with a word-at-a-time FNV-1a variant (`h = (h ^ w) * FNV_PRIME; h ^= h >> 32`,
//! starting from the FNV-1a 64-bit offset basis). Nothing here depends on
//! `std`'s randomly keyed hashers.

use super::net::{Addr, AppId, LinkId, NodeId};
use super::proto::{Header, Layer};
use super::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Why a packet did not arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// The link's drop-tail queue was full.
    QueueFull,
    /// Lost on the wire (the link's loss probability).
    Loss,
    /// No route to the destination.
    NoRoute,
    /// Arrived at its destination node but no application listens on the port.
    NoListener,
    /// Time to live reached zero (a routing loop).
    TtlExpired,
    /// Arrived at a machine that is switched off: nothing answers.
    HostDown,
    /// Dropped by the destination's firewall (see `World::block_port`):
    /// nothing answers.
    Firewall,
    /// Sent on a link that has failed (see `World::cut_link`).
    LinkDown,
}

/// One thing that happened. Packet ids are global send-order numbers; request
/// ids are the load generator's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TraceEvent {
    /// An application handed a packet to its node.
    PacketSent {
        pkt: u64,
        src: NodeId,
        dst: NodeId,
        bytes: u32,
    },
    /// The packet joined the queue of `link` in direction `dir` (0: a→b,
    /// 1: b→a) behind `queue_len` packets (0: the link was idle).
    Enqueued {
        pkt: u64,
        link: LinkId,
        dir: u8,
        queue_len: u32,
    },
    /// Serialisation on the link from the record's time (t0) to `t_end` (t1);
    /// the far end receives it at t1 + the link's propagation delay.
    Transmit {
        pkt: u64,
        link: LinkId,
        dir: u8,
        t_end: SimTime,
    },
    /// Handed to the listening application on its destination node.
    Delivered { pkt: u64, node: NodeId },
    /// Lost, with the reason, at `node` (or on `link`).
    Dropped {
        pkt: u64,
        reason: DropReason,
        node: NodeId,
        link: Option<LinkId>,
    },
    /// A request was admitted by a server (served at once or queued).
    ReqAccepted { server: AppId, req: u64 },
    /// The admitted request had to wait behind `queue_len` others.
    ReqQueued {
        server: AppId,
        req: u64,
        queue_len: u32,
    },
    /// Service ran from `t_start` to the record's time.
    ReqServed {
        server: AppId,
        req: u64,
        t_start: SimTime,
    },
    /// The accept queue was full: the request was refused (and the client told).
    ReqRefused { server: AppId, req: u64 },
    /// The accept queue was full: the server's kernel dropped the request's
    /// SYN (or its handshake's final ACK) without a word (Linux).
    ReqDropped { server: AppId, req: u64 },
    /// A protocol or application's own record (meaning of `code` is theirs).
    App {
        node: NodeId,
        app: AppId,
        code: u32,
        value: u64,
    },
    /// The packet just sent carries a protocol message whose topmost layer
    /// is `layer`; its headers, layer by layer, are in the side table
    /// ([`Trace::header`]). Follows the packet's `PacketSent` record.
    Message { pkt: u64, layer: Layer },
    /// A home router's NAT rewrote the packet: its source became
    /// `addr:port` on the way out, or (`inbound`) its destination became
    /// the home machine's `addr:port` on the way back.
    Translated {
        pkt: u64,
        node: NodeId,
        addr: Addr,
        port: u16,
        inbound: bool,
    },
}

impl TraceEvent {
    pub const KINDS: usize = 13;

    #[inline(always)]
    pub fn kind_index(&self) -> usize {
        match self {
            TraceEvent::PacketSent { .. } => 0,
            TraceEvent::Enqueued { .. } => 1,
            TraceEvent::Transmit { .. } => 2,
            TraceEvent::Delivered { .. } => 3,
            TraceEvent::Dropped { .. } => 4,
            TraceEvent::ReqAccepted { .. } => 5,
            TraceEvent::ReqQueued { .. } => 6,
            TraceEvent::ReqServed { .. } => 7,
            TraceEvent::ReqRefused { .. } => 8,
            TraceEvent::App { .. } => 9,
            TraceEvent::Message { .. } => 10,
            TraceEvent::ReqDropped { .. } => 11,
            TraceEvent::Translated { .. } => 12,
        }
    }

    /// The canonical encoding hashed by [`Trace`].
    #[inline(always)]
    fn words(&self, t: SimTime) -> [u64; 5] {
        let k = self.kind_index() as u64;
        let t = t.as_nanos();
        let pair = |a: u32, b: u32| ((a as u64) << 32) | b as u64;
        match *self {
            TraceEvent::PacketSent {
                pkt,
                src,
                dst,
                bytes,
            } => [k | (bytes as u64) << 8, t, pkt, pair(src.0, dst.0), 0],
            TraceEvent::Enqueued {
                pkt,
                link,
                dir,
                queue_len,
            } => [k | (dir as u64) << 8, t, pkt, pair(link.0, queue_len), 0],
            TraceEvent::Transmit {
                pkt,
                link,
                dir,
                t_end,
            } => [
                k | (dir as u64) << 8,
                t,
                pkt,
                link.0 as u64,
                t_end.as_nanos(),
            ],
            TraceEvent::Delivered { pkt, node } => [k, t, pkt, node.0 as u64, 0],
            TraceEvent::Dropped {
                pkt,
                reason,
                node,
                link,
            } => [
                k | (reason as u64) << 8,
                t,
                pkt,
                pair(node.0, link.map_or(u32::MAX, |l| l.0)),
                0,
            ],
            TraceEvent::ReqAccepted { server, req } => [k, t, req, server.0 as u64, 0],
            TraceEvent::ReqQueued {
                server,
                req,
                queue_len,
            } => [k, t, req, pair(server.0, queue_len), 0],
            TraceEvent::ReqServed {
                server,
                req,
                t_start,
            } => [k, t, req, server.0 as u64, t_start.as_nanos()],
            TraceEvent::ReqRefused { server, req } | TraceEvent::ReqDropped { server, req } => {
                [k, t, req, server.0 as u64, 0]
            }
            TraceEvent::App {
                node,
                app,
                code,
                value,
            } => [k | (code as u64) << 8, t, value, pair(node.0, app.0), 0],
            TraceEvent::Message { pkt, layer } => [k | (layer as u64) << 8, t, pkt, 0, 0],
            TraceEvent::Translated {
                pkt,
                node,
                addr,
                port,
                inbound,
            } => [
                k | (inbound as u64) << 8 | (port as u64) << 16,
                t,
                pkt,
                pair(node.0, addr.0),
                0,
            ],
        }
    }
}

/// A record: when, and what.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TraceRecord {
    pub t: SimTime,
    #[serde(flatten)]
    pub ev: TraceEvent,
}

/// How much of the trace to keep in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceMode {
    /// Every record (for short runs the animation replays whole).
    Full,
    /// Only the last K records (K = 0: counts and hash only).
    Last(usize),
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Where a run hash starts (the FNV-1a 64-bit offset basis).
pub const HASH_START: u64 = FNV_OFFSET;

/// One step of the trace's word-at-a-time FNV-1a variant. Runs that keep no
/// trace (the swarm, gossip) fold their results with it too, so every hash
/// in the project is computed one way.
#[inline]
pub fn fold_word(h: u64, w: u64) -> u64 {
    let h = (h ^ w).wrapping_mul(FNV_PRIME);
    h ^ (h >> 32)
}

/// The trace of a run.
#[derive(Clone, Debug)]
pub struct Trace {
    mode: TraceMode,
    /// The kept records: every one (`Full`), or the last K (`Last(K)`) in
    /// a ring, the oldest at `oldest` once it is full: a store and an
    /// index a record, where `VecDeque`'s `pop_front` and `push_back`
    /// each wrapped an index and checked a length (the engine benchmark
    /// 3-5 % faster natively, about 2 % in the page, 2026-12-06).
    buf: Vec<TraceRecord>,
    oldest: usize,
    /// Protocol headers of the packets that carry a message, in send order
    /// (bounded like `buf`).
    headers: VecDeque<Header>,
    total: u64,
    hash: u64,
    counts: [u64; TraceEvent::KINDS],
}

impl Trace {
    pub fn new(mode: TraceMode) -> Trace {
        let cap = match mode {
            TraceMode::Full => 1024,
            TraceMode::Last(k) => k.min(1 << 16),
        };
        Trace {
            mode,
            buf: Vec::with_capacity(cap),
            oldest: 0,
            headers: VecDeque::new(),
            total: 0,
            hash: FNV_OFFSET,
            counts: [0; TraceEvent::KINDS],
        }
    }

    pub fn mode(&self) -> TraceMode {
        self.mode
    }

    /// Inlined into every call site, where the record's kind is known: the
    /// match on it in `words` and `kind_index` then folds away (out of
    /// line this function took 88 instructions a record, 23 % of the
    /// engine benchmark's, callgrind 2026-12-05). Forced in WebAssembly
    /// only with the `inline-hot` feature (the benchmark page), for the
    /// learner's bundle's size (as `EventQueue::schedule_at`).
    #[cfg_attr(
        any(not(target_arch = "wasm32"), feature = "inline-hot"),
        inline(always)
    )]
    #[cfg_attr(all(target_arch = "wasm32", not(feature = "inline-hot")), inline)]
    pub fn record(&mut self, t: SimTime, ev: TraceEvent) {
        self.hash = ev.words(t).into_iter().fold(self.hash, fold_word);
        self.total += 1;
        self.counts[ev.kind_index()] += 1;
        let record = TraceRecord { t, ev };
        match self.mode {
            TraceMode::Last(0) => {}
            TraceMode::Last(k) if self.buf.len() == k => {
                self.buf[self.oldest] = record;
                self.oldest = if self.oldest + 1 == k {
                    0
                } else {
                    self.oldest + 1
                };
            }
            TraceMode::Full | TraceMode::Last(_) => self.buf.push(record),
        }
    }

    /// Records a [`TraceEvent::Message`] for `h.pkt` and keeps its headers
    /// in the side table. The hash covers every header field.
    pub fn record_message(&mut self, t: SimTime, h: Header) {
        self.record(
            t,
            TraceEvent::Message {
                pkt: h.pkt,
                layer: h.layer(),
            },
        );
        let mut hash = self.hash;
        h.hash_words(&mut |w| hash = fold_word(hash, w));
        self.hash = hash;
        match self.mode {
            TraceMode::Full => self.headers.push_back(h),
            TraceMode::Last(0) => {}
            TraceMode::Last(k) => {
                if self.headers.len() == k {
                    self.headers.pop_front();
                }
                self.headers.push_back(h);
            }
        }
    }

    /// The headers of packet `pkt`, if it carried a protocol message and is
    /// still kept.
    pub fn header(&self, pkt: u64) -> Option<&Header> {
        let i = self.headers.binary_search_by_key(&pkt, |h| h.pkt).ok()?;
        self.headers.get(i)
    }

    /// Every kept header, in send order.
    pub fn headers(&self) -> impl Iterator<Item = &Header> + '_ {
        self.headers.iter()
    }

    /// Hash of every record so far.
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// The hash as 16 hex digits (what JSON and JavaScript compare: a u64
    /// does not survive a JavaScript number).
    pub fn hash_hex(&self) -> String {
        format!("{:016x}", self.hash)
    }

    /// Records ever made (kept or not).
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Records ever made of one kind (see [`TraceEvent::kind_index`]).
    pub fn count_of_kind(&self, kind_index: usize) -> u64 {
        self.counts[kind_index]
    }

    /// Global index of the oldest record still kept.
    pub fn first_kept(&self) -> u64 {
        self.total - self.buf.len() as u64
    }

    /// The kept records, oldest first.
    pub fn records(
        &self,
    ) -> impl DoubleEndedIterator<Item = &TraceRecord> + ExactSizeIterator + '_ {
        let (newer, older) = self.buf.split_at(self.oldest);
        Records {
            older: older.iter(),
            newer: newer.iter(),
        }
    }

    /// Kept records with global index >= `from` (what the UI reads after each
    /// step: remember `total()` and ask for the rest next frame).
    pub fn records_from(&self, from: u64) -> impl Iterator<Item = &TraceRecord> + '_ {
        let skip = from.saturating_sub(self.first_kept()) as usize;
        self.records().skip(skip)
    }
}

/// The kept records, oldest first: the ring's older part, then its newer.
struct Records<'a> {
    older: std::slice::Iter<'a, TraceRecord>,
    newer: std::slice::Iter<'a, TraceRecord>,
}

impl<'a> Iterator for Records<'a> {
    type Item = &'a TraceRecord;

    fn next(&mut self) -> Option<&'a TraceRecord> {
        self.older.next().or_else(|| self.newer.next())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.older.len() + self.newer.len();
        (n, Some(n))
    }

    /// Without stepping through the skipped ones (`records_from`).
    fn nth(&mut self, n: usize) -> Option<&'a TraceRecord> {
        match n.checked_sub(self.older.len()) {
            None => self.older.nth(n),
            Some(n) => {
                self.older = Default::default();
                self.newer.nth(n)
            }
        }
    }
}

impl DoubleEndedIterator for Records<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.newer.next_back().or_else(|| self.older.next_back())
    }
}

impl ExactSizeIterator for Records<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(pkt: u64) -> TraceEvent {
        TraceEvent::Delivered {
            pkt,
            node: NodeId(1),
        }
    }

    #[test]
    fn bounded_mode_keeps_last_k_but_hashes_all() {
        let mut full = Trace::new(TraceMode::Full);
        let mut last = Trace::new(TraceMode::Last(3));
        for i in 0..10 {
            full.record(SimTime::from_nanos(i), ev(i));
            last.record(SimTime::from_nanos(i), ev(i));
        }
        assert_eq!(full.hash(), last.hash());
        assert_eq!(last.total(), 10);
        let kept: Vec<u64> = last.records().map(|r| r.t.as_nanos()).collect();
        assert_eq!(kept, vec![7, 8, 9]);
        assert_eq!(last.records_from(8).count(), 2);
        assert_eq!(full.records_from(8).count(), 2);
        assert_eq!(full.count_of_kind(3), 10);
    }

    #[test]
    fn the_ring_reads_oldest_first_from_either_end() {
        let mut last = Trace::new(TraceMode::Last(4));
        for i in 0..10 {
            last.record(SimTime::from_nanos(i), ev(i));
            let times = |records: &mut dyn Iterator<Item = &TraceRecord>| {
                records.map(|r| r.t.as_nanos()).collect::<Vec<_>>()
            };
            let kept: Vec<u64> = (i.saturating_sub(3)..=i).collect();
            assert_eq!(times(&mut last.records()), kept);
            assert_eq!(last.records().len(), kept.len());
            let back: Vec<u64> = kept.iter().rev().copied().collect();
            assert_eq!(times(&mut last.records().rev()), back);
            for from in 0..=i + 1 {
                let rest: Vec<u64> = kept.iter().copied().filter(|&t| t >= from).collect();
                assert_eq!(times(&mut last.records_from(from)), rest, "from {from}");
            }
        }
    }

    #[test]
    fn hash_depends_on_order_and_content() {
        let mut a = Trace::new(TraceMode::Last(0));
        let mut b = Trace::new(TraceMode::Last(0));
        a.record(SimTime::from_nanos(1), ev(1));
        a.record(SimTime::from_nanos(1), ev(2));
        b.record(SimTime::from_nanos(1), ev(2));
        b.record(SimTime::from_nanos(1), ev(1));
        assert_ne!(a.hash(), b.hash());
        assert_eq!(a.hash_hex().len(), 16);
    }

    #[test]
    fn a_record_is_32_bytes() {
        // What the README's memory figures count (100,000 records, 3.1 MiB).
        assert_eq!(std::mem::size_of::<TraceRecord>(), 32);
    }

    #[test]
    fn hash_of_a_known_record_is_pinned() {
        // Pins the canonical encoding: changing it changes every stored hash.
        let mut t = Trace::new(TraceMode::Last(0));
        t.record(SimTime::from_nanos(5), ev(7));
        let mut h = FNV_OFFSET;
        for w in [3u64, 5, 7, 1, 0] {
            h = (h ^ w).wrapping_mul(FNV_PRIME);
            h ^= h >> 32;
        }
        assert_eq!(t.hash(), h);
    }
}
