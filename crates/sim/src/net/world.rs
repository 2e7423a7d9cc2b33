//! The world: topology, packets in flight, applications, the event queue, the
//! PRNG, the trace. Protocols and applications plug in as [`App`] trait
//! objects bound to ports on nodes; the engine only knows packets, links and
//! timers, so a new protocol never touches this file.

use super::nat::{Mapping, Nat, NatMapping};
use super::packet::{Outgoing, Packet, transmission_time};
use super::{Addr, AppId, IfaceId, LinkId, NodeId, Prefix, Proto};
use crate::engine::EventQueue;
use crate::metrics::TimeWeighted;
use crate::names::{Name, Names};
use crate::proto::{Header, Message};
use crate::rng::Rng;
use crate::time::SimTime;
use crate::trace::{DropReason, Trace, TraceEvent, TraceMode};
use serde::{Deserialize, Serialize};
use std::any::Any;
use std::collections::VecDeque;

const NONE: u32 = u32::MAX;
const DEFAULT_TTL: u8 = 64;
/// How long a packet a machine sends itself takes to arrive (it goes through
/// the loopback interface, never a link). Measured: a one-byte TCP echo
/// over 127.0.0.1 (Python, `TCP_NODELAY`, 20,000 round trips) took 5.1 to
/// 5.3 µs there and back on the lab's two-core build machine.
pub const LOOPBACK_DELAY: SimTime = SimTime::from_nanos(2_600);

/// An application or protocol state machine living on one or more nodes.
///
/// It reacts to packets for the ports it is bound to, to its own timers and,
/// if it observes a link, to every packet that crosses it. It acts through
/// [`Ctx`]: send packets, set timers, draw random numbers, add trace records.
/// Timers cannot be cancelled: a protocol that needs to (a retransmission
/// timer) keeps a generation number in the token and ignores stale ones.
pub trait App: Any {
    /// Called once, at the time the app was added.
    fn start(&mut self, _ctx: &mut Ctx) {}
    /// A packet for a port this app is bound to arrived at `ctx.node()`.
    fn on_packet(&mut self, ctx: &mut Ctx, pkt: &Packet);
    /// A timer set with [`Ctx::set_timer`] fired.
    fn on_timer(&mut self, _ctx: &mut Ctx, _token: u64) {}
    /// A packet finished crossing an observed link (an eavesdropper, a
    /// capture). `ctx.node()` is the sending node.
    fn on_observe(&mut self, _ctx: &mut Ctx, _link: LinkId, _dir: u8, _pkt: &Packet) {}
}

/// Kind of node, for drawing; every node forwards packets not addressed to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Host,
    Router,
    Server,
}

/// Parameters of a link (the same in both directions).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkSpec {
    /// Bits per second; 0 = ideal (no transmission delay).
    pub bandwidth_bps: u64,
    /// One-way propagation delay.
    pub propagation: SimTime,
    /// Places in each direction's drop-tail queue, not counting the packet
    /// being transmitted (`u32::MAX`: unbounded).
    pub queue_packets: u32,
    /// Probability that a transmitted packet is lost on the wire.
    pub loss: f64,
}

impl LinkSpec {
    pub fn new(bandwidth_bps: u64, propagation: SimTime) -> LinkSpec {
        LinkSpec {
            bandwidth_bps,
            propagation,
            queue_packets: u32::MAX,
            loss: 0.0,
        }
    }
    pub fn with_queue(self, queue_packets: u32) -> LinkSpec {
        LinkSpec {
            queue_packets,
            ..self
        }
    }
    pub fn with_loss(self, loss: f64) -> LinkSpec {
        LinkSpec { loss, ..self }
    }
}

/// Per-direction link counters.
#[derive(Clone, Debug, Default)]
pub struct ChanStats {
    pub tx_packets: u64,
    pub tx_bytes: u64,
    /// Total time spent transmitting.
    pub busy: SimTime,
    pub dropped_queue_full: u64,
    pub lost: u64,
    /// Packets waiting (not counting the one on the wire).
    pub queue: TimeWeighted,
}

/// Whole-network packet counters. At every instant
/// `sent = delivered + dropped + in_flight`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NetStats {
    pub sent: u64,
    pub delivered: u64,
    pub dropped: u64,
    pub forwarded: u64,
    pub in_flight: u64,
}

/// A node, as the UI draws it.
#[derive(Clone, Debug, Serialize)]
pub struct NodeInfo {
    pub id: NodeId,
    pub name: String,
    pub kind: NodeKind,
    pub addr: Addr,
    /// A home router's address on the Internet side (its NAT's).
    pub public: Option<Addr>,
}

/// A link, as the UI draws it.
#[derive(Clone, Debug, Serialize)]
pub struct LinkInfo {
    pub id: LinkId,
    pub a: NodeId,
    pub b: NodeId,
    pub a_addr: Addr,
    pub b_addr: Addr,
    pub spec: LinkSpec,
}

/// An event's fields are stored whole words at a time, so the run loop's
/// loads of them, right after, are forwarded from the store buffer (see
/// `EventQueue::pop`): two `u32`s side by side, stored one by one, were
/// read back as one 8-byte load, which waited for both stores to reach
/// the cache.
#[derive(Clone, Copy, Debug)]
enum Ev {
    Start {
        app_node: Pair,
    },
    Timer {
        app_node: Pair,
        token: u64,
    },
    /// The packet on the wire of channel `chan` is fully transmitted.
    TxDone {
        chan: u32,
    },
    /// Packet in slot `slot` reaches `node` (`slot_node`).
    Arrive {
        slot_node: Pair,
    },
    /// Link `link` fails (`up` false) or works again.
    Link {
        link: u32,
        up: bool,
    },
}

/// Two `u32`s in one word (see [`Ev`]).
#[derive(Clone, Copy, Debug)]
struct Pair(u64);

impl Pair {
    #[inline(always)]
    fn new(a: u32, b: u32) -> Pair {
        Pair(a as u64 | (b as u64) << 32)
    }
    #[inline(always)]
    fn get(self) -> (u32, u32) {
        (self.0 as u32, (self.0 >> 32) as u32)
    }
}

struct NodeData {
    name: String,
    kind: NodeKind,
    addr: Addr,
    /// Index of its address translator in `Core::nats`, NONE if it has none.
    nat: u32,
    /// The NAT whose home network holds this node, NONE if on the Internet.
    realm: u32,
    ifaces: Vec<IfaceId>,
    bindings: Vec<(Proto, u16, AppId)>,
    /// Catch-all handler per transport (a node's TCP stack answers every
    /// port, if only with a reset), indexed by `Proto as usize`.
    any_port: [Option<AppId>; 2],
    /// Switched off: what arrives is lost, and nothing answers.
    down: bool,
    /// Ports its firewall drops what arrives for, without a word.
    blocked: Vec<(Proto, u16)>,
}

struct IfaceData {
    node: NodeId,
    link: LinkId,
    side: u8,
}

struct LinkData {
    a: IfaceId,
    b: IfaceId,
    spec: LinkSpec,
    observers: Vec<AppId>,
    /// Cut: whatever it would carry is lost ([`DropReason::LinkDown`]).
    down: bool,
}

/// One direction of a link: its queue and the packet on the wire.
struct Chan {
    from_node: u32,
    to_node: u32,
    bandwidth_bps: u64,
    propagation: SimTime,
    capacity: u32,
    loss: f64,
    queue: VecDeque<u32>,
    on_wire: u32,
    stats: ChanStats,
}

/// Everything but the applications, so an app can hold `&mut Core` through
/// its [`Ctx`] while it is itself borrowed.
pub struct Core {
    q: EventQueue<Ev>,
    rng: Rng,
    nodes: Vec<NodeData>,
    ifaces: Vec<IfaceData>,
    links: Vec<LinkData>,
    chans: Vec<Chan>,
    /// routes[src * n + dst] = outgoing interface, NONE if unreachable.
    routes: Vec<u32>,
    routes_valid: bool,
    /// Every address, the node it leads to (a NAT's public address leads to
    /// its router) and the NAT whose home network it is in (NONE: on the
    /// Internet), sorted by address; rebuilt with the routes.
    by_addr: Vec<(Addr, u32, u32)>,
    nats: Vec<Nat>,
    packets: Vec<Packet>,
    /// The node the packet in the same slot is routed to: its destination
    /// address's owner (NONE: no such address).
    dst_node: Vec<u32>,
    /// The protocol message riding with the packet in the same slot, if any.
    msgs: Vec<Option<Box<Message>>>,
    free_slots: Vec<u32>,
    next_packet_id: u64,
    trace: Trace,
    stats: NetStats,
    names: Names,
    /// When each machine was switched off (`false`) or back on, in order:
    /// kept whole, whatever the trace keeps, for the stage to draw.
    power_log: Vec<(SimTime, NodeId, bool)>,
    /// When each link failed (`false`) or worked again, in order.
    link_log: Vec<(SimTime, LinkId, bool)>,
}

/// What an application sees while it handles an event.
pub struct Ctx<'a> {
    core: &'a mut Core,
    app: AppId,
    node: NodeId,
    /// The message of the packet being delivered (in `on_packet`).
    msg: Option<Box<Message>>,
}

impl Ctx<'_> {
    #[inline]
    pub fn now(&self) -> SimTime {
        self.core.q.now()
    }
    /// The node this event happened on.
    #[inline]
    pub fn node(&self) -> NodeId {
        self.node
    }
    #[inline]
    pub fn app(&self) -> AppId {
        self.app
    }
    /// Switches this event's machine off (`false`) or on: while it is off,
    /// packets that reach it are dropped ([`DropReason::HostDown`]).
    pub fn set_powered(&mut self, on: bool) {
        let node = self.node;
        let down = &mut self.core.nodes[node.index()].down;
        if *down == on {
            *down = !on;
            let now = self.now();
            self.core.power_log.push((now, node, on));
        }
    }
    /// The world's one PRNG.
    #[inline]
    pub fn rng(&mut self) -> &mut Rng {
        &mut self.core.rng
    }
    /// This node's address.
    pub fn addr(&self) -> Addr {
        self.core.nodes[self.node.index()].addr
    }
    /// Sends from this node; returns the packet id.
    #[inline]
    pub fn send(&mut self, out: Outgoing) -> u64 {
        self.core.send(self.node, out, None)
    }
    /// Sends a packet carrying a protocol message: the receiver reads it with
    /// [`message`](Self::message), and the trace records its headers (a
    /// [`TraceEvent::Message`] record and a [`Header`] in the side table).
    #[inline]
    pub fn send_msg(&mut self, out: Outgoing, msg: Message) -> u64 {
        self.core.send(self.node, out, Some(msg))
    }
    /// The protocol message of the packet being delivered, if it has one.
    #[inline]
    pub fn message(&self) -> Option<&Message> {
        self.msg.as_deref()
    }
    /// Interns a string (a DNS name, an HTTP path) in the world's table.
    pub fn intern(&mut self, s: &str) -> Name {
        self.core.names.intern(s)
    }
    /// The text of an interned string.
    pub fn name(&self, n: Name) -> &str {
        self.core.names.text(n)
    }
    /// The world's interned strings.
    pub fn names(&self) -> &Names {
        &self.core.names
    }
    /// Sends from another node this app is bound on (a load generator that
    /// speaks for many clients).
    #[inline]
    pub fn send_from(&mut self, node: NodeId, out: Outgoing) -> u64 {
        self.core.send(node, out, None)
    }
    /// Like [`send_msg`](Self::send_msg) from another node this app is bound on.
    #[inline]
    pub fn send_msg_from(&mut self, node: NodeId, out: Outgoing, msg: Message) -> u64 {
        self.core.send(node, out, Some(msg))
    }
    /// Calls back [`App::on_timer`] on this node after `delay`.
    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    pub fn set_timer(&mut self, delay: SimTime, token: u64) {
        let (app, node) = (self.app.0, self.node.0);
        self.core.q.schedule_in(
            delay,
            Ev::Timer {
                app_node: Pair::new(app, node),
                token,
            },
        );
    }
    /// Like [`set_timer`](Self::set_timer) on another node.
    #[inline]
    pub fn set_timer_on(&mut self, node: NodeId, delay: SimTime, token: u64) {
        let app = self.app.0;
        self.core.q.schedule_in(
            delay,
            Ev::Timer {
                app_node: Pair::new(app, node.0),
                token,
            },
        );
    }
    /// Gives one direction of `link` a new rate from now on (a line whose
    /// rate drops and recovers); the packet on the wire keeps its own.
    pub fn set_bandwidth(&mut self, link: LinkId, dir: u8, bandwidth_bps: u64) {
        self.core.set_bandwidth(link, dir, bandwidth_bps);
    }
    /// Adds a record to the trace at the current time.
    #[inline]
    pub fn trace(&mut self, ev: TraceEvent) {
        let now = self.core.q.now();
        self.core.trace.record(now, ev);
    }
}

impl Core {
    fn set_bandwidth(&mut self, link: LinkId, dir: u8, bandwidth_bps: u64) {
        self.chans[link.index() * 2 + dir as usize].bandwidth_bps = bandwidth_bps;
    }

    #[cfg_attr(feature = "inline-hot", inline(always))]
    fn alloc(&mut self, p: Packet, msg: Option<Box<Message>>, dst_node: u32) -> u32 {
        if let Some(slot) = self.free_slots.pop() {
            self.packets[slot as usize] = p;
            self.msgs[slot as usize] = msg;
            self.dst_node[slot as usize] = dst_node;
            slot
        } else {
            self.packets.push(p);
            self.msgs.push(msg);
            self.dst_node.push(dst_node);
            (self.packets.len() - 1) as u32
        }
    }

    /// The node an address leads to and the home network it is in.
    #[inline]
    fn lookup(&self, a: Addr) -> Option<(u32, u32)> {
        // A default address names its node (`Addr::of_node`): checked in
        // one step, so worlds that assign no address route as fast as when
        // addresses were only that.
        let guess = (a.0 & 0x00FF_FFFF).wrapping_sub(1) as usize;
        if let Some(nd) = self.nodes.get(guess)
            && nd.addr == a
        {
            return Some((guess as u32, nd.realm));
        }
        let i = self
            .by_addr
            .binary_search_by_key(&a, |&(addr, _, _)| addr)
            .ok()?;
        let (_, node, realm) = self.by_addr[i];
        Some((node, realm))
    }

    /// The node an address leads to, NONE if none.
    #[inline]
    fn owner(&self, a: Addr) -> u32 {
        self.lookup(a).map_or(NONE, |(node, _)| node)
    }

    /// Where a packet from `from` to `dst` is routed: the address's owner,
    /// unless it is inside a home network `from` is not in (RFC 1918 §3:
    /// private addresses are not routed on the Internet).
    #[inline]
    fn route_target(&self, from: u32, dst: Addr) -> u32 {
        if dst.is_loopback() {
            // Loopback: the packet never reaches a link.
            return from;
        }
        match self.lookup(dst) {
            Some((to, realm)) if realm == NONE || realm == self.nodes[from as usize].realm => to,
            _ => NONE,
        }
    }

    /// The node that will receive a packet routed to `to`: `to` itself, or
    /// the home machine its NAT will pass it to (what the trace names as
    /// the packet's destination).
    #[inline]
    fn receiver(&self, to: u32, p: &Packet) -> u32 {
        if self.nats.is_empty() {
            return to;
        }
        let Some(nat) = self
            .nats
            .get(self.nodes.get(to as usize).map_or(NONE, |n| n.nat) as usize)
        else {
            return to;
        };
        if p.dst != nat.public {
            return to;
        }
        match nat.inbound(p.proto, p.dst_port, (p.src, p.src_port), self.q.now()) {
            Some((inside, _)) => self.owner(inside),
            None => to,
        }
    }

    #[inline]
    fn release(&mut self, slot: u32) {
        self.free_slots.push(slot);
        self.stats.in_flight -= 1;
    }

    #[cfg_attr(feature = "inline-hot", inline(always))]
    fn send(&mut self, node: NodeId, out: Outgoing, msg: Option<Message>) -> u64 {
        let id = self.next_packet_id;
        self.next_packet_id += 1;
        let now = self.q.now();
        // A router's own packets to the Internet leave from its public side;
        // a packet to the machine itself comes from 127.0.0.1, as on Linux.
        let nd = &self.nodes[node.index()];
        let src = match self.nats.get(nd.nat as usize) {
            _ if out.dst.is_loopback() => Addr::LOOPBACK,
            Some(nat) if !nat.inside.contains(out.dst) => nat.public,
            _ => nd.addr,
        };
        let p = Packet {
            id,
            src,
            dst: out.dst,
            proto: out.proto,
            src_port: out.src_port,
            dst_port: out.dst_port,
            ttl: DEFAULT_TTL,
            payload_bytes: out.payload_bytes,
            tag: out.tag,
            words: out.words,
            sent_at: now,
        };
        let bytes = p.wire_bytes();
        let to = self.route_target(node.0, out.dst);
        let dst = NodeId(self.receiver(to, &p));
        let slot = self.alloc(p, msg.map(Box::new), to);
        self.stats.sent += 1;
        self.stats.in_flight += 1;
        self.trace.record(
            now,
            TraceEvent::PacketSent {
                pkt: id,
                src: node,
                dst,
                bytes,
            },
        );
        if let Some(msg) = msg {
            self.trace
                .record_message(now, Header::of(&p, node, dst, msg));
        }
        self.route_out(node.0, slot);
        id
    }

    fn drop_packet(&mut self, slot: u32, reason: DropReason, node: u32, link: Option<LinkId>) {
        let pkt = self.packets[slot as usize].id;
        self.release(slot);
        self.stats.dropped += 1;
        let now = self.q.now();
        self.trace.record(
            now,
            TraceEvent::Dropped {
                pkt,
                reason,
                node: NodeId(node),
                link,
            },
        );
    }

    fn ensure_routes(&mut self) {
        if self.routes_valid {
            return;
        }
        let n = self.nodes.len();
        self.routes = vec![NONE; n * n];
        self.index_addresses();
        let mut frontier = VecDeque::new();
        let mut seen = vec![false; n];
        // BFS from each destination over the (undirected) links: the first
        // time a node is reached, its interface on that link is its next hop
        // toward the destination. Ties go to the lower node / earlier link.
        for dst in 0..n {
            seen.iter_mut().for_each(|s| *s = false);
            seen[dst] = true;
            frontier.clear();
            frontier.push_back(dst);
            while let Some(u) = frontier.pop_front() {
                for &ifc in &self.nodes[u].ifaces {
                    let link = &self.links[self.ifaces[ifc.index()].link.index()];
                    let other = if link.a == ifc { link.b } else { link.a };
                    let v = self.ifaces[other.index()].node.index();
                    if !seen[v] {
                        seen[v] = true;
                        self.routes[v * n + dst] = other.0;
                        frontier.push_back(v);
                    }
                }
            }
        }
        self.routes_valid = true;
    }

    /// Sorts the addresses for [`owner`](Self::owner) and places each node
    /// in its home network, if it is in one.
    fn index_addresses(&mut self) {
        for nd in &mut self.nodes {
            nd.realm = self
                .nats
                .iter()
                .position(|nat| nat.inside.contains(nd.addr))
                .map_or(NONE, |i| i as u32);
        }
        self.by_addr.clear();
        for (i, nd) in self.nodes.iter().enumerate() {
            self.by_addr.push((nd.addr, i as u32, nd.realm));
            if let Some(nat) = self.nats.get(nd.nat as usize) {
                self.by_addr.push((nat.public, i as u32, NONE));
            }
        }
        self.by_addr.sort_unstable();
        if let Some(w) = self.by_addr.windows(2).find(|w| w[0].0 == w[1].0) {
            panic!("address {} given to two nodes", w[0].0);
        }
    }

    /// Translates a packet crossing the home router `node` (NAT `nat`):
    /// the source of one leaving the home network, the destination of an
    /// answer to a mapped public port. Anything else passes untouched (a
    /// packet for the public address with no mapping is for the router
    /// itself, which has no listener for it: dropped, as a home router does).
    fn translate(&mut self, nat: u32, slot: u32, node: u32) {
        let now = self.q.now();
        let p = self.packets[slot as usize];
        let table = &mut self.nats[nat as usize];
        let (addr, port, inbound) = if table.is_outbound(p.src, p.dst) {
            let port = table.outbound(p.proto, (p.src, p.src_port), (p.dst, p.dst_port), now);
            let public = table.public;
            let q = &mut self.packets[slot as usize];
            (q.src, q.src_port) = (public, port);
            (public, port, false)
        } else if p.dst == table.public {
            let Some((inside, port)) = table.inbound(p.proto, p.dst_port, (p.src, p.src_port), now)
            else {
                return;
            };
            let q = &mut self.packets[slot as usize];
            (q.dst, q.dst_port) = (inside, port);
            self.dst_node[slot as usize] = self.owner(inside);
            (inside, port, true)
        } else {
            return;
        };
        self.trace.record(
            now,
            TraceEvent::Translated {
                pkt: p.id,
                node: NodeId(node),
                addr,
                port,
                inbound,
            },
        );
    }

    #[cfg_attr(feature = "inline-hot", inline(always))]
    #[cfg_attr(not(feature = "inline-hot"), inline)]
    fn route_out(&mut self, node: u32, slot: u32) {
        let dst = self.dst_node[slot as usize];
        if dst == NONE {
            return self.drop_packet(slot, DropReason::NoRoute, node, None);
        }
        if dst == node {
            self.q.schedule_in(
                LOOPBACK_DELAY,
                Ev::Arrive {
                    slot_node: Pair::new(slot, node),
                },
            );
            return;
        }
        let n = self.nodes.len();
        let ifc = self.routes[node as usize * n + dst as usize];
        if ifc == NONE {
            return self.drop_packet(slot, DropReason::NoRoute, node, None);
        }
        let ifd = &self.ifaces[ifc as usize];
        let chan = ifd.link.0 * 2 + ifd.side as u32;
        self.enqueue(chan, slot);
    }

    fn enqueue(&mut self, chan: u32, slot: u32) {
        let now = self.q.now();
        let c = &mut self.chans[chan as usize];
        let pkt = self.packets[slot as usize].id;
        let (link, dir) = (LinkId(chan / 2), (chan % 2) as u8);
        if self.links[link.index()].down {
            let from = c.from_node;
            self.drop_packet(slot, DropReason::LinkDown, from, Some(link));
        } else if c.on_wire == NONE {
            self.trace.record(
                now,
                TraceEvent::Enqueued {
                    pkt,
                    link,
                    dir,
                    queue_len: 0,
                },
            );
            self.start_tx(chan, slot);
        } else if (c.queue.len() as u64) < c.capacity as u64 {
            let queue_len = c.queue.len() as u32;
            c.queue.push_back(slot);
            c.stats.queue.set(now, c.queue.len() as u64);
            self.trace.record(
                now,
                TraceEvent::Enqueued {
                    pkt,
                    link,
                    dir,
                    queue_len,
                },
            );
        } else {
            c.stats.dropped_queue_full += 1;
            let from = c.from_node;
            self.drop_packet(slot, DropReason::QueueFull, from, Some(link));
        }
    }

    /// Inlined natively at its two call sites (see `tx_done`).
    #[cfg_attr(
        any(not(target_arch = "wasm32"), feature = "inline-hot"),
        inline(always)
    )]
    fn start_tx(&mut self, chan: u32, slot: u32) {
        let now = self.q.now();
        let p = &self.packets[slot as usize];
        let (pkt, bytes) = (p.id, p.wire_bytes());
        let c = &mut self.chans[chan as usize];
        let d = transmission_time(bytes, c.bandwidth_bps);
        c.on_wire = slot;
        c.stats.tx_packets += 1;
        c.stats.tx_bytes += bytes as u64;
        c.stats.busy += d;
        let t_end = now + d;
        self.trace.record(
            now,
            TraceEvent::Transmit {
                pkt,
                link: LinkId(chan / 2),
                dir: (chan % 2) as u8,
                t_end,
            },
        );
        self.q.schedule_at(t_end, Ev::TxDone { chan });
    }

    /// The packet on the wire is out; returns its slot if it is still going
    /// (not lost), after starting the next one.
    /// Inlined natively into the run loop (its one caller), which saves
    /// the call's register saves and restores on every packet crossing a
    /// link; in WebAssembly only with `inline-hot` (the benchmark page,
    /// 2-3 % faster there, 2026-12-06), for the learner's bundle.
    #[cfg_attr(
        any(not(target_arch = "wasm32"), feature = "inline-hot"),
        inline(always)
    )]
    fn tx_done(&mut self, chan: u32) -> Option<u32> {
        let now = self.q.now();
        let c = &mut self.chans[chan as usize];
        let slot = c.on_wire;
        c.on_wire = NONE;
        let next = c.queue.pop_front();
        if next.is_some() {
            c.stats.queue.set(now, c.queue.len() as u64);
        }
        let lost = c.loss > 0.0 && self.rng.bernoulli(c.loss);
        let (to, prop, from) = (c.to_node, c.propagation, c.from_node);
        if lost {
            self.chans[chan as usize].stats.lost += 1;
        }
        if let Some(n) = next {
            self.start_tx(chan, n);
        }
        let cut = self.links[(chan / 2) as usize].down;
        if cut || lost {
            let reason = if cut {
                DropReason::LinkDown
            } else {
                DropReason::Loss
            };
            self.drop_packet(slot, reason, from, Some(LinkId(chan / 2)));
            None
        } else {
            self.q.schedule_in(
                prop,
                Ev::Arrive {
                    slot_node: Pair::new(slot, to),
                },
            );
            Some(slot)
        }
    }
}

/// The simulated world.
pub struct World {
    core: Core,
    apps: Vec<Box<dyn App>>,
}

impl World {
    pub fn new(seed: u64, trace: TraceMode) -> World {
        World {
            core: Core {
                q: EventQueue::new(),
                rng: Rng::new(seed),
                nodes: Vec::new(),
                ifaces: Vec::new(),
                links: Vec::new(),
                chans: Vec::new(),
                routes: Vec::new(),
                routes_valid: false,
                by_addr: Vec::new(),
                nats: Vec::new(),
                packets: Vec::new(),
                dst_node: Vec::new(),
                msgs: Vec::new(),
                free_slots: Vec::new(),
                next_packet_id: 0,
                trace: Trace::new(trace),
                stats: NetStats::default(),
                names: Names::new(),
                power_log: Vec::new(),
                link_log: Vec::new(),
            },
            apps: Vec::new(),
        }
    }

    // ---- building -------------------------------------------------------

    pub fn add_node(&mut self, name: impl Into<String>, kind: NodeKind) -> NodeId {
        let id = NodeId(self.core.nodes.len() as u32);
        self.core.nodes.push(NodeData {
            name: name.into(),
            kind,
            addr: Addr::of_node(id),
            nat: NONE,
            realm: NONE,
            ifaces: Vec::new(),
            bindings: Vec::new(),
            any_port: [None; 2],
            down: false,
            blocked: Vec::new(),
        });
        self.core.routes_valid = false;
        id
    }

    /// Gives `node` the address `addr` instead of its default one.
    pub fn set_addr(&mut self, node: NodeId, addr: Addr) {
        self.core.nodes[node.index()].addr = addr;
        self.core.routes_valid = false;
    }

    /// The address of `node`.
    pub fn addr(&self, node: NodeId) -> Addr {
        self.core.nodes[node.index()].addr
    }

    /// Makes `router` the home router of the network `inside` (its own
    /// address belongs there), translating to its address `public` on the
    /// Internet side.
    pub fn add_nat(&mut self, router: NodeId, public: Addr, inside: Prefix) {
        let nd = &mut self.core.nodes[router.index()];
        assert!(nd.nat == NONE, "one translator per router");
        assert!(
            inside.contains(nd.addr),
            "the router's own address is in the home network"
        );
        nd.nat = self.core.nats.len() as u32;
        self.core.nats.push(Nat::new(public, inside));
        self.core.routes_valid = false;
    }

    /// Sets how `router`'s translator maps and filters (it has one).
    pub fn set_nat_mapping(&mut self, router: NodeId, mapping: Mapping) {
        let index = self.core.nodes[router.index()].nat;
        self.core.nats[index as usize].mapping = mapping;
    }

    /// The address translator of `router`, if it has one.
    pub fn nat(&self, router: NodeId) -> Option<&Nat> {
        self.core
            .nats
            .get(self.core.nodes.get(router.index())?.nat as usize)
    }

    /// The live mappings of `router`'s translator now, oldest first.
    pub fn nat_table(&self, router: NodeId) -> Vec<NatMapping> {
        self.nat(router)
            .map(|nat| nat.table(self.now()).copied().collect())
            .unwrap_or_default()
    }

    /// A full-duplex link between `a` and `b`.
    /// Gives one direction of `link` (0: from its `a` end) its own
    /// bandwidth: an asymmetric line (mobile, ADSL, cable) uploads slower
    /// than it downloads.
    pub fn set_bandwidth(&mut self, link: LinkId, dir: u8, bandwidth_bps: u64) {
        self.core.set_bandwidth(link, dir, bandwidth_bps);
    }

    pub fn connect(&mut self, a: NodeId, b: NodeId, spec: LinkSpec) -> LinkId {
        assert!(a != b, "a link joins two different nodes");
        assert!(
            a.index() < self.core.nodes.len() && b.index() < self.core.nodes.len(),
            "unknown node"
        );
        assert!(
            (0.0..=1.0).contains(&spec.loss),
            "loss probability must be in [0, 1]"
        );
        let core = &mut self.core;
        let link = LinkId(core.links.len() as u32);
        let ia = IfaceId(core.ifaces.len() as u32);
        let ib = IfaceId(ia.0 + 1);
        core.ifaces.push(IfaceData {
            node: a,
            link,
            side: 0,
        });
        core.ifaces.push(IfaceData {
            node: b,
            link,
            side: 1,
        });
        core.nodes[a.index()].ifaces.push(ia);
        core.nodes[b.index()].ifaces.push(ib);
        core.links.push(LinkData {
            a: ia,
            b: ib,
            spec,
            observers: Vec::new(),
            down: false,
        });
        for (from, to) in [(a, b), (b, a)] {
            core.chans.push(Chan {
                from_node: from.0,
                to_node: to.0,
                bandwidth_bps: spec.bandwidth_bps,
                propagation: spec.propagation,
                capacity: spec.queue_packets,
                loss: spec.loss,
                queue: VecDeque::new(),
                on_wire: NONE,
                stats: ChanStats::default(),
            });
        }
        core.routes_valid = false;
        link
    }

    /// Adds an application on `node`; its [`App::start`] runs at the current
    /// time, in order of addition.
    pub fn add_app(&mut self, node: NodeId, app: Box<dyn App>) -> AppId {
        assert!(node.index() < self.core.nodes.len(), "unknown node");
        let id = AppId(self.apps.len() as u32);
        self.apps.push(app);
        self.core.q.schedule_in(
            SimTime::ZERO,
            Ev::Start {
                app_node: Pair::new(id.0, node.0),
            },
        );
        id
    }

    /// Delivers packets for (`proto`, `port`) on `node` to `app`.
    pub fn bind(&mut self, node: NodeId, proto: Proto, port: u16, app: AppId) {
        let b = &mut self.core.nodes[node.index()].bindings;
        assert!(
            !b.iter().any(|&(p, q, _)| p == proto && q == port),
            "port {port}/{proto:?} already bound on node {}",
            node.0
        );
        b.push((proto, port, app));
    }

    /// Delivers packets of `proto` for every port of `node` that has no
    /// [`bind`](Self::bind)ing to `app` (a node's TCP stack).
    pub fn bind_any_port(&mut self, node: NodeId, proto: Proto, app: AppId) {
        self.core.nodes[node.index()].any_port[proto as usize] = Some(app);
    }

    /// A firewall rule on `node` that drops, without a word, whatever
    /// arrives for `port` over `proto`, as `iptables -A INPUT -p tcp --dport
    /// 5432 -j DROP` does on Linux: the sender hears nothing, not even the
    /// RST a closed port answers with, and waits until it gives up.
    pub fn block_port(&mut self, node: NodeId, proto: Proto, port: u16) {
        self.core.nodes[node.index()].blocked.push((proto, port));
    }

    /// Cuts `link` from `from` until `until` (a cable pulled, a line down):
    /// what it was sending or would send meanwhile is lost, and nobody is
    /// told; TCP finds out by its timers, as on a real line.
    pub fn cut_link(&mut self, link: LinkId, from: SimTime, until: SimTime) {
        assert!(from < until, "a cut ends after it begins");
        let link = link.0;
        (self.core.q).schedule_at(from, Ev::Link { link, up: false });
        (self.core.q).schedule_at(until, Ev::Link { link, up: true });
    }

    /// Every time a link failed (`false`) or worked again, in order.
    pub fn link_log(&self) -> &[(SimTime, LinkId, bool)] {
        &self.core.link_log
    }

    /// Every time a machine was switched off (`false`) or on, in order.
    pub fn power_log(&self) -> &[(SimTime, NodeId, bool)] {
        &self.core.power_log
    }

    /// Whether `node` is switched on (see [`Ctx::set_powered`]).
    pub fn is_powered(&self, node: NodeId) -> bool {
        !self.core.nodes[node.index()].down
    }

    /// Interns a string in the world's table (see [`Ctx::intern`]).
    pub fn intern(&mut self, s: &str) -> Name {
        self.core.names.intern(s)
    }

    /// The world's interned strings (DNS names, HTTP paths).
    pub fn names(&self) -> &Names {
        &self.core.names
    }

    /// Lets `app` see every packet that crosses `link` ([`App::on_observe`]).
    pub fn observe_link(&mut self, link: LinkId, app: AppId) {
        self.core.links[link.index()].observers.push(app);
    }

    // ---- running --------------------------------------------------------

    pub fn now(&self) -> SimTime {
        self.core.q.now()
    }

    /// Processes at most `max_events` events; returns how many ran.
    pub fn step(&mut self, max_events: u64) -> u64 {
        self.core.ensure_routes();
        let mut n = 0;
        while n < max_events {
            match self.core.q.pop() {
                Some((_, ev)) => self.dispatch(ev),
                None => break,
            }
            n += 1;
        }
        n
    }

    /// Processes every event up to and including time `t`, then moves the
    /// clock to `t`. Returns how many ran.
    pub fn run_until(&mut self, t: SimTime) -> u64 {
        self.run_towards(t, u64::MAX).0
    }

    /// [`World::run_until`] for at most `max_events` events (a frame's
    /// work in the page): true if it reached `t`, false if events due by
    /// `t` are left (the clock then stays at the last one run).
    pub fn run_until_within(&mut self, t: SimTime, max_events: u64) -> bool {
        self.run_towards(t, max_events).1
    }

    /// Runs events due by `t`, at most `max_events`; moves the clock to `t`
    /// if none due is left. How many ran, and whether it reached `t`.
    fn run_towards(&mut self, t: SimTime, max_events: u64) -> (u64, bool) {
        self.core.ensure_routes();
        let mut n = 0;
        while n < max_events {
            let Some((_, ev)) = self.core.q.pop_until(t) else {
                break;
            };
            self.dispatch(ev);
            n += 1;
        }
        let reached = self.core.q.peek_time().is_none_or(|next| next > t);
        if reached && t > self.core.q.now() {
            self.core.q.advance_to(t);
        }
        (n, reached)
    }

    /// Runs until no event is left; returns how many ran.
    pub fn run(&mut self) -> u64 {
        self.step(u64::MAX)
    }

    /// No event pending.
    pub fn is_idle(&self) -> bool {
        self.core.q.is_empty()
    }

    pub fn next_event_time(&self) -> Option<SimTime> {
        self.core.q.peek_time()
    }

    /// Inlined into the run loops with `EventQueue::pop`, so the event is
    /// never copied whole (see `pop`). Forced in WebAssembly only with the
    /// `inline-hot` feature (the benchmark page), for the learner's bundle.
    #[cfg_attr(
        any(not(target_arch = "wasm32"), feature = "inline-hot"),
        inline(always)
    )]
    #[cfg_attr(all(target_arch = "wasm32", not(feature = "inline-hot")), inline)]
    fn dispatch(&mut self, ev: Ev) {
        match ev {
            Ev::TxDone { chan } => {
                if let Some(slot) = self.core.tx_done(chan) {
                    let link = (chan / 2) as usize;
                    if !self.core.links[link].observers.is_empty() {
                        let pkt = self.core.packets[slot as usize];
                        let from = NodeId(self.core.chans[chan as usize].from_node);
                        for i in 0..self.core.links[link].observers.len() {
                            let app = self.core.links[link].observers[i];
                            let mut ctx = Ctx {
                                core: &mut self.core,
                                app,
                                node: from,
                                msg: None,
                            };
                            self.apps[app.index()].on_observe(
                                &mut ctx,
                                LinkId(link as u32),
                                (chan % 2) as u8,
                                &pkt,
                            );
                        }
                    }
                }
            }
            Ev::Arrive { slot_node } => {
                let (slot, node) = slot_node.get();
                self.arrive(slot, node)
            }
            Ev::Link { link, up } => {
                self.core.links[link as usize].down = !up;
                let now = self.core.q.now();
                self.core.link_log.push((now, LinkId(link), up));
            }
            Ev::Timer { app_node, token } => {
                let (app, node) = app_node.get();
                let mut ctx = Ctx {
                    core: &mut self.core,
                    app: AppId(app),
                    node: NodeId(node),
                    msg: None,
                };
                self.apps[app as usize].on_timer(&mut ctx, token);
            }
            Ev::Start { app_node } => {
                let (app, node) = app_node.get();
                let mut ctx = Ctx {
                    core: &mut self.core,
                    app: AppId(app),
                    node: NodeId(node),
                    msg: None,
                };
                self.apps[app as usize].start(&mut ctx);
            }
        }
    }

    /// Inlined natively (see `tx_done`).
    #[cfg_attr(
        any(not(target_arch = "wasm32"), feature = "inline-hot"),
        inline(always)
    )]
    #[cfg_attr(all(target_arch = "wasm32", not(feature = "inline-hot")), inline)]
    fn arrive(&mut self, slot: u32, node: u32) {
        let core = &mut self.core;
        let nat = core.nodes[node as usize].nat;
        if nat != NONE {
            core.translate(nat, slot, node);
        }
        let pkt = core.packets[slot as usize];
        if core.dst_node[slot as usize] == node {
            let nd = &core.nodes[node as usize];
            if nd.down {
                return core.drop_packet(slot, DropReason::HostDown, node, None);
            }
            // Firewalls let the machine talk to itself: ufw's before.rules
            // and most iptables setups begin `-A INPUT -i lo -j ACCEPT`.
            let from_outside = !pkt.src.is_loopback() && pkt.src != nd.addr;
            if from_outside && nd.blocked.contains(&(pkt.proto, pkt.dst_port)) {
                return core.drop_packet(slot, DropReason::Firewall, node, None);
            }
            let app = nd
                .bindings
                .iter()
                .find(|&&(p, port, _)| p == pkt.proto && port == pkt.dst_port)
                .map(|&(_, _, a)| a)
                .or(nd.any_port[pkt.proto as usize]);
            let Some(app) = app else {
                return core.drop_packet(slot, DropReason::NoListener, node, None);
            };
            let msg = core.msgs[slot as usize].take();
            core.release(slot);
            core.stats.delivered += 1;
            let now = core.q.now();
            core.trace.record(
                now,
                TraceEvent::Delivered {
                    pkt: pkt.id,
                    node: NodeId(node),
                },
            );
            let mut ctx = Ctx {
                core,
                app,
                node: NodeId(node),
                msg,
            };
            self.apps[app.index()].on_packet(&mut ctx, &pkt);
        } else {
            let p = &mut core.packets[slot as usize];
            p.ttl = p.ttl.saturating_sub(1);
            if p.ttl == 0 {
                return core.drop_packet(slot, DropReason::TtlExpired, node, None);
            }
            core.stats.forwarded += 1;
            core.route_out(node, slot);
        }
    }

    // ---- reading --------------------------------------------------------

    pub fn trace(&self) -> &Trace {
        &self.core.trace
    }

    pub fn net_stats(&self) -> NetStats {
        self.core.stats
    }

    /// Events processed since the start.
    pub fn events_processed(&self) -> u64 {
        self.core.q.events_processed()
    }

    pub fn pending_events(&self) -> usize {
        self.core.q.len()
    }

    /// Counters of one direction of a link (0: a→b, 1: b→a).
    pub fn chan_stats(&self, link: LinkId, dir: u8) -> &ChanStats {
        &self.core.chans[link.index() * 2 + dir as usize].stats
    }

    /// Packets waiting in one direction of a link right now.
    pub fn queue_len(&self, link: LinkId, dir: u8) -> usize {
        self.core.chans[link.index() * 2 + dir as usize].queue.len()
    }

    pub fn nodes(&self) -> Vec<NodeInfo> {
        (0..self.core.nodes.len())
            .map(|i| {
                let n = &self.core.nodes[i];
                NodeInfo {
                    id: NodeId(i as u32),
                    name: n.name.clone(),
                    kind: n.kind,
                    addr: n.addr,
                    public: self.core.nats.get(n.nat as usize).map(|nat| nat.public),
                }
            })
            .collect()
    }

    pub fn links(&self) -> Vec<LinkInfo> {
        (0..self.core.links.len())
            .map(|i| {
                let l = &self.core.links[i];
                LinkInfo {
                    id: LinkId(i as u32),
                    a: self.core.ifaces[l.a.index()].node,
                    b: self.core.ifaces[l.b.index()].node,
                    a_addr: Addr::of_iface(LinkId(i as u32), 0),
                    b_addr: Addr::of_iface(LinkId(i as u32), 1),
                    spec: l.spec,
                }
            })
            .collect()
    }

    /// The links a packet from `src` to `dst` crosses, in order, with the
    /// direction on each.
    pub fn path(&mut self, src: NodeId, dst: NodeId) -> Option<Vec<(LinkId, u8)>> {
        self.core.ensure_routes();
        let n = self.core.nodes.len();
        let mut at = src.index();
        let mut hops = Vec::new();
        while at != dst.index() {
            let ifc = self.core.routes[at * n + dst.index()];
            if ifc == NONE || hops.len() > n {
                return None;
            }
            let ifd = &self.core.ifaces[ifc as usize];
            hops.push((ifd.link, ifd.side));
            at = self.core.chans[ifd.link.index() * 2 + ifd.side as usize].to_node as usize;
        }
        Some(hops)
    }

    /// An application, downcast to its concrete type.
    pub fn app<T: App>(&self, id: AppId) -> Option<&T> {
        let a: &dyn Any = self.apps.get(id.index())?.as_ref();
        a.downcast_ref::<T>()
    }

    /// An application, downcast, for changes from outside the run (the UI
    /// reading and resetting per-window counters).
    pub fn app_mut<T: App>(&mut self, id: AppId) -> Option<&mut T> {
        let a: &mut dyn Any = self.apps.get_mut(id.index())?.as_mut();
        a.downcast_mut::<T>()
    }

    /// Runs `f` on an application with a [`Ctx`] at the current time on
    /// `node`, as if an event had fired there: a command from outside the
    /// run (switch a server off) can send packets and set timers.
    pub fn with_app<T: App, R>(
        &mut self,
        id: AppId,
        node: NodeId,
        f: impl FnOnce(&mut T, &mut Ctx) -> R,
    ) -> Option<R> {
        self.core.ensure_routes();
        let a: &mut dyn Any = self.apps.get_mut(id.index())?.as_mut();
        let app = a.downcast_mut::<T>()?;
        let mut ctx = Ctx {
            core: &mut self.core,
            app: id,
            node,
            msg: None,
        };
        Some(f(app, &mut ctx))
    }

    /// Checks that every packet is somewhere: `sent = delivered + dropped +
    /// in flight`, and the in-flight ones are exactly those in a link queue,
    /// on a wire, or in a pending arrival event.
    pub fn check_packet_conservation(&self) -> Result<(), String> {
        let s = self.core.stats;
        if s.sent != s.delivered + s.dropped + s.in_flight {
            return Err(format!("counts do not add up: {s:?}"));
        }
        let live = (self.core.packets.len() - self.core.free_slots.len()) as u64;
        let on_links: u64 = self
            .core
            .chans
            .iter()
            .map(|c| c.queue.len() as u64 + u64::from(c.on_wire != NONE))
            .sum();
        let arriving = self
            .core
            .q
            .pending()
            .filter(|(_, e)| matches!(e, Ev::Arrive { .. }))
            .count() as u64;
        if live != s.in_flight || on_links + arriving != s.in_flight {
            return Err(format!(
                "in flight {} but {live} live slots, {on_links} on links, {arriving} arriving",
                s.in_flight
            ));
        }
        Ok(())
    }
}
