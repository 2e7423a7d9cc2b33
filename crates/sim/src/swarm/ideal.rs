//! The ideal schedule: the one Kumar and Ross build to show that the
//! peer-to-peer bound `max(F/u_s, F/d_min, N·F/(u_s + Σu_i))` is reached
//! (R. Kumar and K. W. Ross, "Peer-Assisted File Distribution: The Minimum
//! Distribution Time", IEEE HOTWEB 2006; Kurose and Ross, Computer
//! Networking, section 2.5, and its homework problem on reaching the bound).
//!
//! Every peer receives at the same rate `r = min(u_s, d_min, (u_s+Σu_i)/N)`,
//! so all finish at `F/r`, the bound. With `u = Σu_i`:
//! - The server sends peer `i` its own stream at `f_i = c·u_i`, with
//!   `c = min(1/(N−1), r/u)`, and peer `i` forwards each bit of it at once
//!   to the `N−1` others at `f_i` each (its upload: `(N−1)·f_i ≤ u_i`).
//! - If `u_s ≤ (u_s+u)/N` (and `d_min` does not bind), `c = u_s/u`: the
//!   server sends each peer `u_s·u_i/u`, all of it relayed. Otherwise
//!   `c = 1/(N−1)`: the relays use every peer's whole upload, and the
//!   server sends each peer `r_0 = r − u/(N−1)` more that nobody relays;
//!   the server uses `u/(N−1) + N·r_0 = N·r − u ≤ u_s`. When `d_min`
//!   binds, `r = d_min` and the same rule leaves part of the server idle.
//!
//! Here every peer has the same `u_i`, and the streams are cut into
//! pieces carried by flows with a ceiling at the proof's rate
//! ([`FlowNet::start_at_most`]), so the swarm's sharing rule checks that no
//! node goes above its capacity. In a flow model with pieces, "forward at
//! once" is: forward each piece as soon as it is whole. A relay therefore
//! runs one piece behind the server's stream, and the last piece reaches
//! the others one piece time after the bound. Each relayed stream is cut
//! into [`RELAY_PIECES`] pieces, so that lag is `1/RELAY_PIECES` of the
//! bound (2 %): at N = 50, 8 MB, 1 Mbit/s up, a stream is 102 kB and a
//! piece 2 kB, 0.8 s at 20.4 kbit/s. Smaller pieces would cut the lag and
//! cost more events.
//!
//! The `N−1` relays of one peer carry the same piece at the same rate, so
//! they move together: one event per piece and stream (the first flow's
//! finish), not one per flow.

use super::flows::FlowNet;
use super::protocol::{PeerState, SERVER, Tally, Transfer};
use crate::engine::EventQueue;
use crate::time::SimTime;
use crate::trace::{HASH_START, fold_word};

/// Pieces each stream is cut into: the relay lag is this fraction of the
/// distribution time.
pub const RELAY_PIECES: u64 = 50;

/// The proof's rates and the streams' sizes for N equal peers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// What every peer receives, bits/s: `N·f + r_0`, at most `r`.
    pub receive_bps: u64,
    /// `f`: server → peer `j` for the stream `j` relays, and `j` → each
    /// other peer.
    pub relay_bps: u64,
    /// `r_0`: server → each peer, a stream nobody relays.
    pub direct_bps: u64,
    /// Bytes of the stream each peer relays (peer 1 first).
    pub relay_bytes: Vec<u64>,
    /// Bytes of the direct stream (every peer gets all of it).
    pub direct_bytes: u64,
}

impl Plan {
    /// The plan for `n` peers, a file of `file_bytes`, the server's upload
    /// and each peer's upload and download (bits/s).
    pub fn new(n: u32, file_bytes: u64, server_up: u64, up: u64, down: u64) -> Plan {
        let n64 = n as u64;
        let total = server_up as u128 + n as u128 * up as u128;
        let r = (server_up as u128).min(down as u128).min(total / n as u128) as u64;
        let relay = if n >= 2 && up > 0 {
            (up / (n64 - 1)).min(r / n64)
        } else {
            0
        };
        // Integer rates: never more than the server can send.
        let direct = (r - n64 * relay).min((server_up - n64 * relay) / n64);
        let receive = n64 * relay + direct;
        // Each stream takes the share of the file its rate has of what a
        // peer receives, so every stream ends at the same time.
        let per = (file_bytes as u128 * relay as u128 / receive as u128) as u64;
        let mut relay_bytes = vec![per; n as usize];
        let mut direct_bytes = file_bytes - n64 * per;
        if direct == 0 {
            // No direct stream: the bytes the rounding left go to relays.
            for bytes in relay_bytes.iter_mut().take(direct_bytes as usize) {
                *bytes += 1;
            }
            direct_bytes = 0;
        }
        Plan {
            receive_bps: receive,
            relay_bps: relay,
            direct_bps: direct,
            relay_bytes,
            direct_bytes,
        }
    }

    /// How long a relay lags the server: one piece of the largest stream
    /// at the relay rate, seconds (0 without relays).
    pub fn relay_lag_s(&self) -> f64 {
        let biggest = self.relay_bytes.iter().copied().max().unwrap_or(0);
        if self.relay_bps == 0 || biggest == 0 {
            return 0.0;
        }
        8.0 * piece_bytes(biggest) as f64 / self.relay_bps as f64
    }
}

/// The piece size of a stream of `bytes`.
fn piece_bytes(bytes: u64) -> u64 {
    bytes.div_ceil(RELAY_PIECES).max(1)
}

/// One stream and the flows carrying it: every flow carries the same piece
/// at the same rate.
#[derive(Clone, Debug)]
struct Group {
    /// The peer that relays this stream (`SERVER` for the direct stream).
    owner: u32,
    bytes: u64,
    piece: u64,
    /// The piece in flight (or, once done, the number of pieces).
    next: u32,
    flows: Vec<u32>,
}

impl Group {
    fn new(owner: u32, bytes: u64) -> Group {
        Group {
            owner,
            bytes,
            piece: piece_bytes(bytes),
            next: 0,
            flows: Vec::new(),
        }
    }

    fn pieces(&self) -> u32 {
        self.bytes.div_ceil(self.piece) as u32
    }

    fn bytes_of(&self, k: u32) -> u64 {
        self.piece.min(self.bytes - k as u64 * self.piece)
    }
}

/// A finish of a group's first flow.
#[derive(Clone, Copy, Debug)]
struct Event {
    flow: u32,
    version: u64,
}

/// The ideal distribution: group 0 is the direct stream, group `j` the
/// server sending peer `j` its stream, group `N + j` peer `j` relaying it.
pub struct Ideal {
    plan: Plan,
    file_bytes: u64,
    queue: EventQueue<Event>,
    net: FlowNet,
    groups: Vec<Group>,
    /// For a flow id, its group + 1 if it leads it, else 0.
    leads: Vec<u32>,
    received: Vec<u64>,
    states: Vec<PeerState>,
    tally: Tally,
    unheld: u32,
    hash: u64,
}

impl Ideal {
    /// Every peer is there at time 0 and stays until it has the file.
    pub fn new(n: u32, file_bytes: u64, server_up: u64, up: u64, down: u64) -> Ideal {
        let plan = Plan::new(n, file_bytes, server_up, up, down);
        let mut net = FlowNet::default();
        net.add_node(server_up, 0);
        for _ in 0..n {
            net.add_node(up, down);
        }
        let mut groups = vec![Group::new(SERVER, plan.direct_bytes)];
        for j in 0..n as usize {
            groups.push(Group::new(j as u32 + 1, plan.relay_bytes[j]));
        }
        for j in 0..n as usize {
            groups.push(Group::new(j as u32 + 1, plan.relay_bytes[j]));
        }
        // Each piece counts once, when a peer first holds it.
        let unheld = groups[..=n as usize].iter().map(Group::pieces).sum();
        let mut ideal = Ideal {
            plan,
            file_bytes,
            queue: EventQueue::new(),
            net,
            groups,
            leads: Vec::new(),
            received: vec![0; n as usize + 1],
            states: vec![PeerState::Downloading; n as usize + 1],
            tally: Tally {
                downloading: n,
                server_alive: true,
                ..Tally::default()
            },
            unheld,
            hash: HASH_START,
        };
        let direct = ideal.plan.direct_bps;
        ideal.open(0, (1..=n).collect(), SERVER, direct);
        for j in 1..=n {
            ideal.open(j as usize, vec![j], SERVER, ideal.plan.relay_bps);
        }
        ideal
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }
    pub fn now(&self) -> SimTime {
        self.queue.now()
    }
    pub fn tally(&self) -> &Tally {
        &self.tally
    }
    /// Events processed.
    pub fn events(&self) -> u64 {
        self.queue.events_processed()
    }
    /// Hash of every piece delivery and finish so far.
    pub fn hash(&self) -> u64 {
        self.hash
    }
    /// The pieces the file is cut into (every stream's).
    pub fn pieces(&self) -> u32 {
        let n = self.received.len() - 1;
        self.groups[..=n].iter().map(Group::pieces).sum()
    }
    /// The relays' piece size (the biggest stream's; without relays, the
    /// direct stream's), bytes.
    pub fn piece_bytes(&self) -> u64 {
        let relayed = self.groups[1..].iter().filter(|g| g.bytes > 0);
        relayed
            .map(|g| g.piece)
            .max()
            .unwrap_or(self.groups[0].piece)
    }
    pub fn peer_state(&self, peer: u32) -> PeerState {
        self.states[peer as usize]
    }
    /// The share of the file `peer` holds (whole pieces).
    pub fn fraction(&self, peer: u32) -> f64 {
        self.received[peer as usize] as f64 / self.file_bytes.max(1) as f64
    }
    /// Whether `peer` holds piece `p` (numbered stream by stream: the
    /// direct stream's, then those peer 1 relays, peer 2...).
    pub fn has_piece(&self, peer: u32, mut p: u32) -> bool {
        let n = self.received.len() - 1;
        for (g, group) in self.groups[..=n].iter().enumerate() {
            if p < group.pieces() {
                // The direct stream and a peer's own stream come from the
                // server; the others through the owner's relay.
                let carrier = if g == 0 || group.owner == peer {
                    g
                } else {
                    g + n
                };
                return p < self.groups[carrier].next;
            }
            p -= group.pieces();
        }
        false
    }
    /// Upload capacity in use by the server, by the peers, bits/s.
    pub fn upload_in_use(&self) -> (u64, u64) {
        let server = self.net.up_in_use(SERVER);
        (server, self.net.total_in_use() - server)
    }
    /// The transfers in progress.
    pub fn transfers(&self) -> impl Iterator<Item = Transfer> + '_ {
        let now = self.now();
        self.net.flows().map(move |(_, f)| Transfer {
            from: f.from,
            to: f.to,
            piece: self.groups[f.tag as usize].next,
            rate_bps: f.rate(),
            progress: f.bits_done(now) as f64 / f.bits as f64,
        })
    }
    /// Every peer has the file.
    pub fn is_done(&self) -> bool {
        self.tally.downloading == 0
    }

    /// The time of the next event, once the rates set at this instant are
    /// settled.
    pub fn next_event_time(&mut self) -> Option<SimTime> {
        self.settle();
        self.queue.peek_time()
    }

    /// Runs the next event (a group's piece, unless stale); false if there
    /// is none.
    pub fn process_next(&mut self) -> bool {
        self.settle();
        let next = self.queue.pop().map(|(_, ev)| ev);
        if let Some(ev) = next.filter(|ev| self.net.is_current(ev.flow, ev.version)) {
            self.piece_done(self.net.flow(ev.flow).tag as usize);
        }
        next.is_some()
    }

    /// Sets the rates changed at this instant, scheduling only each
    /// group's first flow (the others finish with it).
    fn settle(&mut self) {
        let now = self.queue.now();
        if self.net.needs_flush() && self.queue.peek_time() != Some(now) {
            let (queue, leads) = (&mut self.queue, &self.leads);
            self.net.flush(now, |f| {
                if leads.get(f.flow as usize).is_some_and(|&g| g > 0) {
                    queue.schedule_at(
                        f.at,
                        Event {
                            flow: f.flow,
                            version: f.version,
                        },
                    );
                }
            });
        }
    }

    /// Starts group `g`'s first piece from `from` to each of `to`.
    fn open(&mut self, g: usize, to: Vec<u32>, from: u32, ceiling: u64) {
        let group = &self.groups[g];
        if group.bytes == 0 || to.is_empty() || ceiling == 0 {
            return;
        }
        let bits = 8 * group.bytes_of(0);
        let now = self.now();
        let flows: Vec<u32> = to
            .into_iter()
            .map(|d| {
                self.net
                    .start_at_most(from, d, bits, g as u32, now, ceiling)
            })
            .collect();
        let lead = flows[0] as usize;
        if self.leads.len() <= lead {
            self.leads.resize(lead + 1, 0);
        }
        self.leads[lead] = g as u32 + 1;
        self.groups[g].flows = flows;
    }

    fn piece_done(&mut self, g: usize) {
        let now = self.now();
        let n = self.received.len() - 1;
        let k = self.groups[g].next;
        let bytes = self.groups[g].bytes_of(k);
        let flows = std::mem::take(&mut self.groups[g].flows);
        let rate = self.net.flow(flows[0]).rate();
        let mut finished = Vec::new();
        for &f in &flows {
            debug_assert_eq!(self.net.flow(f).rate(), rate, "a group moves together");
            let to = self.net.flow(f).to as usize;
            self.received[to] += bytes;
            if self.received[to] == self.file_bytes {
                finished.push(to as u32);
            }
        }
        let total = bytes * flows.len() as u64;
        if g <= n {
            self.tally.bytes_from_server += total;
            self.unheld -= 1;
            if self.unheld == 0 {
                self.tally.full_copy_at = Some(now);
            }
        } else {
            self.tally.bytes_from_peers += total;
        }
        self.hash = [now.as_nanos(), g as u64, k as u64]
            .into_iter()
            .fold(self.hash, fold_word);
        let next = k + 1;
        self.groups[g].next = next;
        if next < self.groups[g].pieces() {
            if g > n {
                // A relay forwards only pieces it holds whole.
                debug_assert!(next < self.groups[g - n].next, "relay ahead of its peer");
            }
            let bits = 8 * self.groups[g].bytes_of(next);
            for (i, &f) in flows.iter().enumerate() {
                let finish = self.net.renew(f, bits, now);
                if let (0, Some(x)) = (i, finish) {
                    self.queue.schedule_at(
                        x.at,
                        Event {
                            flow: x.flow,
                            version: x.version,
                        },
                    );
                }
            }
            self.groups[g].flows = flows;
        } else {
            self.leads[flows[0] as usize] = 0;
            for f in flows {
                self.net.finish(f);
            }
        }
        if (1..=n).contains(&g) && k == 0 {
            // Peer g has its first piece whole: it starts relaying.
            let others = (1..=n as u32).filter(|&i| i != g as u32).collect();
            self.open(g + n, others, g as u32, self.plan.relay_bps);
        }
        for d in finished {
            self.finish(d);
        }
    }

    fn finish(&mut self, d: u32) {
        let now = self.now();
        self.tally.record_finish(now, SimTime::ZERO);
        self.states[d as usize] = PeerState::Done;
        self.hash = [now.as_nanos(), d as u64, u64::MAX]
            .into_iter()
            .fold(self.hash, fold_word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_follows_the_proof_in_both_cases() {
        // N = 50, u_s = 30, u = 1, d = 10 Mbit/s: r = (30 + 50)/50 = 1.6
        // Mbit/s < u_s, so c = 1/(N−1): f = 1,000,000/49 = 20,408 bit/s, and
        // r_0 = 1,600,000 − 50·20,408 = 579,600; the server would send
        // 50·(20,408 + 579,600) = 30,000,400 bit/s, 400 over its 30 Mbit/s
        // after rounding f down, so r_0 = (30,000,000 − 1,020,400)/50 =
        // 579,592 and a peer receives 1,599,992 bit/s.
        let p = Plan::new(50, 8_000_000, 30_000_000, 1_000_000, 10_000_000);
        assert_eq!(p.relay_bps, 20_408);
        assert_eq!(p.direct_bps, 579_592);
        assert_eq!(p.receive_bps, 1_599_992);
        // Stream shares: 8 MB · 20,408/1,599,992 = 102,040 bytes each, the
        // rest (2,898,000) direct.
        assert_eq!(p.relay_bytes[0], 102_040);
        assert_eq!(p.direct_bytes, 8_000_000 - 50 * 102_040);
        // u_s = 5 ≤ (5 + 10·10)/10: the server's 5 Mbit/s all relayed,
        // 0.5 Mbit/s to each peer, no direct stream.
        let p = Plan::new(10, 1_000_000, 5_000_000, 10_000_000, 100_000_000);
        assert_eq!(
            (p.relay_bps, p.direct_bps, p.receive_bps),
            (500_000, 0, 5_000_000)
        );
        assert_eq!(p.relay_bytes.iter().sum::<u64>(), 1_000_000);
    }
}
