//! Transfers as fluid flows: each node has an upload and a download
//! capacity (bits/s), each flow moves a fixed number of bits from one node to
//! another at a rate set by the two ends, and the rates are recomputed only
//! when the set of flows changes.
//!
//! The sharing rule, computed locally so a change costs a few neighbours'
//! worth of work instead of a network-wide max-min fixpoint:
//! 1. A flow's *demand* is an equal share of its uploader's capacity.
//! 2. A downloader splits its capacity among its incoming flows by demand:
//!    if the demands fit, each flow may take its demand plus an equal part
//!    of what is left over; if not, each gets a part proportional to its
//!    demand. That is the flow's *cap*; the caps at a node never sum above
//!    its capacity.
//! 3. The uploader water-fills its capacity over its flows under those caps
//!    (progressive filling: a flow capped below the equal share leaves the
//!    rest to the others).
//!
//! So no node ever sends or receives above its capacity, an uploader whose
//! downloaders have room runs at full capacity, and a single uploader with
//! clients that are not capped by their downlinks (client-server) gets
//! exactly the equal split `min(u_s/N, d)`. It is not the global max-min
//! allocation (that would need the whole network recomputed per change).
//!
//! A flow may carry a *ceiling* ([`FlowNet::start_at_most`]): it asks for
//! exactly that rate (its demand is the ceiling, not the equal share) and
//! never gets more; when the ceilings into and out of every node fit its
//! capacity, every such flow runs at its ceiling. The ideal schedule ([`super::ideal`]) sets the rates
//! its proof prescribes this way; the swarm's flows have none.
//!
//! Rates are integer bits/s and times integer nanoseconds: a flow's finish
//! time is `since + ceil(bits_left * 1e9 / rate)`, and on a rate change the
//! bits sent since the last change are `floor(rate * elapsed / 1e9)` (so a
//! flow can only finish a nanosecond late, never early). Changes are
//! batched: [`FlowNet::start`], [`FlowNet::finish`] and [`FlowNet::abort`]
//! only mark the nodes they touch, and [`FlowNet::flush`] recomputes the
//! affected uploaders once, when the clock is about to move (a thousand
//! flows ending at one instant cost one recomputation, not a thousand), and
//! [`FlowNet::renew`] reuses a flow for the next transfer on the same pair
//! without touching any rate. Each new rate gets a fresh version number; a
//! finish event carries it, and an event whose version is no longer current
//! is stale and ignored (no cancellation in the event queue needed).

use super::slab::Slab;
use crate::engine::EventQueue;
use crate::time::SimTime;

/// One transfer in progress.
#[derive(Clone, Debug)]
pub struct Flow {
    pub from: u32,
    pub to: u32,
    /// The owner's label (the swarm stores the connection's id).
    pub tag: u32,
    /// Size of the whole transfer.
    pub bits: u64,
    bits_left: u64,
    rate: u64,
    /// The uploader's equal share when last computed (counted in the
    /// downloader's `in_demand`).
    demand: u64,
    /// Its rate is its cap (the downloader, or its ceiling, limits it).
    capped: bool,
    /// The most it may get, bits/s (`u64::MAX`: no ceiling).
    ceiling: u64,
    since: SimTime,
    version: u64,
    /// Where it was put in its uploader's `out` and its downloader's `inn`
    /// lists: hints, checked before use (see [`swap_out`]).
    pos_out: u32,
    pos_in: u32,
}

impl Flow {
    /// The current rate, bits/s (0 until the next flush).
    pub fn rate(&self) -> u64 {
        self.rate
    }

    /// Bits delivered by `now` (at the current rate since the last change).
    pub fn bits_done(&self, now: SimTime) -> u64 {
        self.bits - self.bits_left_at(now)
    }

    fn bits_left_at(&self, now: SimTime) -> u64 {
        let elapsed = (now.as_nanos() - self.since.as_nanos()) as u128;
        let sent = self.rate as u128 * elapsed / 1_000_000_000;
        self.bits_left - (sent.min(self.bits_left as u128) as u64)
    }

    /// Whether a change of the caps at its downloader can move its rate:
    /// its cap binds it, or it runs above its demand (its uploader's other
    /// flows are capped below their share). Under a cap that only grows
    /// past its demand, any other flow keeps its rate.
    fn cap_sensitive(&self) -> bool {
        self.capped || self.rate > self.demand
    }

    fn finish_at(&self) -> Option<Finish> {
        (self.rate > 0).then(|| {
            let ns = (self.bits_left as u128 * 1_000_000_000).div_ceil(self.rate as u128);
            Finish {
                at: self
                    .since
                    .saturating_add(SimTime::from_nanos(u64::try_from(ns).unwrap_or(u64::MAX))),
                flow: 0,
                version: self.version,
            }
        })
    }
}

/// A flow's finish, to schedule: ignore it when it comes if
/// [`FlowNet::is_current`] says its version is stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Finish {
    pub at: SimTime,
    pub flow: u32,
    pub version: u64,
}

#[derive(Clone, Debug, Default)]
struct Node {
    up_bps: u64,
    down_bps: u64,
    out: Vec<u32>,
    inn: Vec<u32>,
    up_in_use: u64,
    /// Sum of the demands of the incoming flows.
    in_demand: u64,
    /// Incoming flows that are [`Flow::cap_sensitive`].
    sensitive_in: u32,
    /// Its set of outgoing flows changed since the last flush.
    count_changed: bool,
    /// The demands into it changed since the last flush.
    caps_changed: bool,
    /// Its flows' rates need recomputing.
    dirty: bool,
}

/// The nodes, their flows and the rates.
#[derive(Clone, Debug, Default)]
pub struct FlowNet {
    nodes: Vec<Node>,
    flows: Slab<Flow>,
    count_changed: Vec<u32>,
    caps_changed: Vec<u32>,
    dirty: Vec<u32>,
    next_version: u64,
    total_in_use: u64,
    scratch: Vec<(u64, u32)>,
}

impl FlowNet {
    /// Adds a node; ids are 0, 1, 2... in call order.
    pub fn add_node(&mut self, up_bps: u64, down_bps: u64) -> u32 {
        self.nodes.push(Node {
            up_bps,
            down_bps,
            ..Node::default()
        });
        (self.nodes.len() - 1) as u32
    }

    /// Starts moving `bits` from `from` to `to`; its rate is set at the next
    /// [`flush`](Self::flush).
    pub fn start(&mut self, from: u32, to: u32, bits: u64, tag: u32, now: SimTime) -> u32 {
        self.start_at_most(from, to, bits, tag, now, u64::MAX)
    }

    /// [`start`](Self::start) with a ceiling: the flow asks for `ceiling`
    /// bits/s and gets it when both ends have room.
    pub fn start_at_most(
        &mut self,
        from: u32,
        to: u32,
        bits: u64,
        tag: u32,
        now: SimTime,
        ceiling: u64,
    ) -> u32 {
        let id = self.flows.insert(Flow {
            from,
            to,
            tag,
            bits,
            bits_left: bits,
            rate: 0,
            demand: 0,
            capped: false,
            ceiling,
            since: now,
            version: 0,
            pos_out: self.nodes[from as usize].out.len() as u32,
            pos_in: self.nodes[to as usize].inn.len() as u32,
        });
        self.nodes[from as usize].out.push(id);
        self.nodes[to as usize].inn.push(id);
        self.touch(from, to);
        id
    }

    /// Reuses a flow whose finish has come for the next `bits` on the same
    /// pair, at the same rate; returns its finish to schedule.
    pub fn renew(&mut self, flow: u32, bits: u64, now: SimTime) -> Option<Finish> {
        self.next_version += 1;
        let f = &mut self.flows[flow];
        f.bits = bits;
        f.bits_left = bits;
        f.since = now;
        f.version = self.next_version;
        f.finish_at().map(|x| Finish { flow, ..x })
    }

    /// Whether a finish event for `flow` with `version` is still the flow's
    /// latest.
    pub fn is_current(&self, flow: u32, version: u64) -> bool {
        self.flows
            .get(flow)
            .is_some_and(|f| f.version == version && f.rate > 0)
    }

    /// Removes a flow whose (current) finish event has come.
    pub fn finish(&mut self, flow: u32) -> Flow {
        self.remove(flow)
    }

    /// Stops a flow early; returns it and the bits it had delivered.
    pub fn abort(&mut self, flow: u32, now: SimTime) -> (Flow, u64) {
        let done = self.flows[flow].bits_done(now);
        (self.remove(flow), done)
    }

    pub fn flow(&self, flow: u32) -> &Flow {
        &self.flows[flow]
    }

    /// Every flow in progress, by id.
    pub fn flows(&self) -> impl Iterator<Item = (u32, &Flow)> + '_ {
        self.flows.iter()
    }

    /// Flows arriving at `node`.
    pub fn incoming(&self, node: u32) -> &[u32] {
        &self.nodes[node as usize].inn
    }

    /// Upload capacity `node` is using, bits/s.
    pub fn up_in_use(&self, node: u32) -> u64 {
        self.nodes[node as usize].up_in_use
    }

    /// Upload capacity in use over all nodes, bits/s.
    pub fn total_in_use(&self) -> u64 {
        self.total_in_use
    }

    /// Whether some rates wait for a [`flush`](Self::flush).
    pub fn needs_flush(&self) -> bool {
        !self.dirty.is_empty()
    }

    /// Recomputes the rates the changes since the last flush affect and
    /// hands every flow whose rate changed (and that still moves) to
    /// `schedule`.
    pub fn flush(&mut self, now: SimTime, mut schedule: impl FnMut(Finish)) {
        // The demands of uploaders whose flow count changed, which moves
        // the caps at their downloaders; the uploaders that a moved cap
        // limits, or now limits; then every marked rate.
        for i in 0..self.count_changed.len() {
            let u = self.count_changed[i];
            self.nodes[u as usize].count_changed = false;
            self.update_demands(u);
        }
        self.count_changed.clear();
        for i in 0..self.caps_changed.len() {
            let d = self.caps_changed[i];
            self.nodes[d as usize].caps_changed = false;
            self.mark_limited_uploaders_into(d);
        }
        self.caps_changed.clear();
        let mut dirty = std::mem::take(&mut self.dirty);
        for &u in &dirty {
            self.nodes[u as usize].dirty = false;
            self.share_upload(u, now, &mut schedule);
        }
        dirty.clear();
        self.dirty = dirty;
    }

    /// Once every event of this instant has run (the queue's next event is
    /// later), [`flush`](Self::flush)es and schedules each moved finish on
    /// `queue` as `event(finish)`.
    pub fn settle<E: Copy>(&mut self, queue: &mut EventQueue<E>, event: impl Fn(Finish) -> E) {
        let now = queue.now();
        if self.needs_flush() && queue.peek_time() != Some(now) {
            self.flush(now, |f| queue.schedule_at(f.at, event(f)));
        }
    }

    fn remove(&mut self, id: u32) -> Flow {
        let f = self.flows.remove(id);
        let (from, to) = (f.from as usize, f.to as usize);
        if let Some((m, pos)) = swap_out(&mut self.nodes[from].out, id, f.pos_out) {
            self.flows[m].pos_out = pos;
        }
        if let Some((m, pos)) = swap_out(&mut self.nodes[to].inn, id, f.pos_in) {
            self.flows[m].pos_in = pos;
        }
        self.nodes[from].up_in_use -= f.rate;
        self.nodes[to].in_demand -= f.demand;
        self.nodes[to].sensitive_in -= f.cap_sensitive() as u32;
        self.total_in_use -= f.rate;
        self.touch(f.from, f.to);
        f
    }

    /// A flow `from` → `to` came or went: `from`'s share changes, and so
    /// do the caps of every flow into `to`.
    fn touch(&mut self, from: u32, to: u32) {
        let n = &mut self.nodes[from as usize];
        if !n.count_changed {
            n.count_changed = true;
            self.count_changed.push(from);
        }
        self.mark(from);
        self.caps_changed(to);
    }

    fn caps_changed(&mut self, d: u32) {
        let n = &mut self.nodes[d as usize];
        if !n.caps_changed {
            n.caps_changed = true;
            self.caps_changed.push(d);
        }
    }

    /// Marks the uploaders of flows into `d` whose allocation a cap change
    /// can move: those the cap limited, and those above their new cap. A
    /// flow below its cap before and after keeps the uploader's water level.
    fn mark_limited_uploaders_into(&mut self, d: u32) {
        // One rule for every flow into `d`: its division done once.
        let node = &self.nodes[d as usize];
        let rule = CapRule::of(node);
        debug_assert_eq!(
            node.sensitive_in as usize,
            (node.inn.iter())
                .filter(|&&f| self.flows[f].cap_sensitive())
                .count()
        );
        // When the demands fit, every cap is at least its flow's demand:
        // with no flow capped or above its demand, none is to mark, and
        // the flows (a cache miss each) need not be read.
        if node.sensitive_in == 0 && rule.in_demand <= rule.down_bps {
            return;
        }
        for i in 0..self.nodes[d as usize].inn.len() {
            let f = self.nodes[d as usize].inn[i];
            let flow = &self.flows[f];
            if flow.capped || flow.rate > rule.cap(flow) {
                self.mark(flow.from);
            }
        }
    }

    fn mark(&mut self, node: u32) {
        let n = &mut self.nodes[node as usize];
        if !n.dirty {
            n.dirty = true;
            self.dirty.push(node);
        }
    }

    /// Sets the demand of `u`'s flows to its equal share (a flow with a
    /// ceiling: the ceiling); where one moves,
    /// the downloader's caps move and its uploaders are marked.
    fn update_demands(&mut self, u: u32) {
        let n = &self.nodes[u as usize];
        let Some(share) = n.up_bps.checked_div(n.out.len() as u64) else {
            return;
        };
        for i in 0..self.nodes[u as usize].out.len() {
            let f = self.nodes[u as usize].out[i];
            let flow = &mut self.flows[f];
            // A flow with a ceiling asks for it whatever the share.
            let share = if flow.ceiling == u64::MAX {
                share
            } else {
                flow.ceiling
            };
            if flow.demand != share {
                let was = flow.cap_sensitive();
                let d = flow.to;
                let node = &mut self.nodes[d as usize];
                node.in_demand = node.in_demand - flow.demand + share;
                flow.demand = share;
                self.recount(f, was);
                self.caps_changed(d);
            }
        }
    }

    /// What flow `f` may take at its downloader (step 2 of the rule), and
    /// never above its ceiling.
    fn cap(&self, f: &Flow) -> u64 {
        CapRule::of(&self.nodes[f.to as usize]).cap(f)
    }

    /// Water-fills `u`'s upload capacity over its flows under their caps.
    fn share_upload(&mut self, u: u32, now: SimTime, schedule: &mut impl FnMut(Finish)) {
        let mut caps = std::mem::take(&mut self.scratch);
        caps.clear();
        for &f in &self.nodes[u as usize].out {
            caps.push((self.cap(&self.flows[f]), f));
        }
        // Smallest caps first; the flow id makes the order total.
        caps.sort_unstable();
        let mut left = self.nodes[u as usize].up_bps;
        let mut count = caps.len() as u64;
        for &(cap, f) in &caps {
            let rate = cap.min(left / count);
            left -= rate;
            count -= 1;
            let was = self.flows[f].cap_sensitive();
            self.flows[f].capped = rate == cap;
            self.set_rate(f, rate, now, schedule);
            self.recount(f, was);
        }
        self.scratch = caps;
    }

    /// Keeps the downloader's count of sensitive flows in step with flow
    /// `f`, which was sensitive or not (`was`) before a change.
    fn recount(&mut self, f: u32, was: bool) {
        let flow = &self.flows[f];
        let is = flow.cap_sensitive();
        if is != was {
            let node = &mut self.nodes[flow.to as usize];
            if is {
                node.sensitive_in += 1;
            } else {
                node.sensitive_in -= 1;
            }
        }
    }

    fn set_rate(&mut self, id: u32, rate: u64, now: SimTime, schedule: &mut impl FnMut(Finish)) {
        let f = &mut self.flows[id];
        if f.rate == rate {
            return;
        }
        f.bits_left = f.bits_left_at(now);
        f.since = now;
        let old = std::mem::replace(&mut f.rate, rate);
        self.next_version += 1;
        f.version = self.next_version;
        let node = &mut self.nodes[f.from as usize];
        node.up_in_use = node.up_in_use - old + rate;
        self.total_in_use = self.total_in_use - old + rate;
        if let Some(x) = f.finish_at() {
            schedule(Finish { flow: id, ..x });
        }
    }
}

/// How a downloader splits its capacity among its incoming flows (step 2
/// of the sharing rule).
struct CapRule {
    in_demand: u64,
    down_bps: u64,
    /// Each flow's equal part of what the demands leave over (when they fit).
    spare_each: u64,
}

impl CapRule {
    /// The rule at a downloader with at least one incoming flow.
    fn of(d: &Node) -> CapRule {
        let (in_demand, down_bps) = (d.in_demand, d.down_bps);
        CapRule {
            in_demand,
            down_bps,
            spare_each: down_bps.saturating_sub(in_demand) / (d.inn.len().max(1) as u64),
        }
    }

    /// What flow `f` may take: its demand plus its part of the spare if the
    /// demands fit, else its demand's share of the capacity; never above its
    /// ceiling.
    fn cap(&self, f: &Flow) -> u64 {
        let cap = if self.in_demand > self.down_bps {
            (self.down_bps as u128 * f.demand as u128 / self.in_demand as u128) as u64
        } else {
            f.demand + self.spare_each
        };
        cap.min(f.ceiling)
    }
}

/// A list this short is searched for a flow whose position hint is stale.
const SEARCHED: usize = 16;

/// Removes `id` from a node's list, found at its hint `pos` or else by a
/// search; returns the flow moved into its place and that place when the
/// moved flow's hint must follow. In a short list (a peer's few uploads
/// and downloads, one cache line of ids) the moved flow is not written:
/// that write was a cache miss into one of tens of thousands of flows, and
/// with the one into the downloader's list, most of `remove`'s time in the
/// 10,000-peer swarm (`perf`, 2026-12-06). A long one (the ideal
/// schedule's, hundreds) keeps its hints exact.
fn swap_out(v: &mut Vec<u32>, id: u32, pos: u32) -> Option<(u32, u32)> {
    let pos = if v.get(pos as usize) == Some(&id) {
        pos as usize
    } else {
        v.iter()
            .position(|&f| f == id)
            .expect("a flow is in its nodes' lists")
    };
    v.swap_remove(pos);
    (v.len() >= SEARCHED)
        .then(|| v.get(pos).map(|&m| (m, pos as u32)))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flushed(net: &mut FlowNet, now: SimTime) -> Vec<Finish> {
        let mut out = Vec::new();
        net.flush(now, |f| out.push(f));
        out
    }

    #[test]
    fn upload_is_shared_and_rates_follow_departures() {
        let mut net = FlowNet::default();
        let s = net.add_node(1_000_000, 0);
        let a = net.add_node(0, 10_000_000);
        let b = net.add_node(0, 10_000_000);
        let fa = net.start(s, a, 1_000_000, 0, SimTime::ZERO);
        let fb = net.start(s, b, 500_000, 1, SimTime::ZERO);
        let fin = flushed(&mut net, SimTime::ZERO);
        // 500 kbit/s each: b is done at 1 s, a has 500 kbit left.
        assert_eq!(fin.len(), 2);
        assert_eq!(fin[1].at, SimTime::from_secs(1));
        assert_eq!(net.up_in_use(s), 1_000_000);
        assert!(net.is_current(fb, fin[1].version));
        net.finish(fb);
        let fin = flushed(&mut net, SimTime::from_secs(1));
        // a alone now at 1 Mbit/s: 0.5 s more.
        assert_eq!(fin[0].flow, fa);
        assert_eq!(fin[0].at, SimTime::from_millis(1_500));
        assert!(!net.is_current(fa, 1), "the first event is stale");
    }

    #[test]
    fn a_slow_downloader_leaves_the_rest_to_the_others() {
        let mut net = FlowNet::default();
        let s = net.add_node(9_000, 0);
        let slow = net.add_node(0, 1_000);
        let fast = net.add_node(0, 1_000_000);
        net.start(s, slow, 1_000, 0, SimTime::ZERO);
        net.start(s, fast, 8_000, 1, SimTime::ZERO);
        let fin = flushed(&mut net, SimTime::ZERO);
        let at: Vec<SimTime> = fin.iter().map(|f| f.at).collect();
        assert!(at.contains(&SimTime::from_secs(1)), "{at:?}");
        assert_eq!(net.total_in_use(), 9_000);
    }

    #[test]
    fn a_downloader_gives_a_fast_uploader_its_share_beside_slow_ones() {
        // The server's equal share (7.5 of 30 Mbit/s) fits in the 10 Mbit/s
        // downlink beside three slow peers (0.25 each): it is not cut to an
        // equal quarter of the downlink.
        let mut net = FlowNet::default();
        let server = net.add_node(30_000_000, 0);
        let d = net.add_node(0, 10_000_000);
        for other in 0..3 {
            let sink = net.add_node(0, 10_000_000);
            net.start(server, sink, 1_000, other, SimTime::ZERO);
        }
        let f = net.start(server, d, 1_000, 9, SimTime::ZERO);
        for tag in 0..3 {
            let slow = net.add_node(1_000_000, 10_000_000);
            for _ in 0..3 {
                let sink = net.add_node(0, 10_000_000);
                net.start(slow, sink, 1_000, tag, SimTime::ZERO);
            }
            net.start(slow, d, 1_000, tag, SimTime::ZERO);
        }
        flushed(&mut net, SimTime::ZERO);
        assert_eq!(net.flow(f).rate(), 7_500_000);
        assert_eq!(net.up_in_use(server), 30_000_000);
    }

    #[test]
    fn a_flow_with_a_ceiling_gets_exactly_its_ceiling() {
        // 30 Mbit/s shared by flows asking 1 and 2 Mbit/s and one without a
        // ceiling: the first two get what they ask, the third the 27 left
        // (its downlink allows 100).
        let mut net = FlowNet::default();
        let s = net.add_node(30_000_000, 0);
        let sinks: Vec<u32> = (0..3).map(|_| net.add_node(0, 100_000_000)).collect();
        let a = net.start_at_most(s, sinks[0], 1_000, 0, SimTime::ZERO, 1_000_000);
        let b = net.start_at_most(s, sinks[1], 1_000, 1, SimTime::ZERO, 2_000_000);
        let c = net.start(s, sinks[2], 1_000, 2, SimTime::ZERO);
        flushed(&mut net, SimTime::ZERO);
        let rates = [a, b, c].map(|f| net.flow(f).rate());
        assert_eq!(rates, [1_000_000, 2_000_000, 27_000_000]);
    }

    #[test]
    fn renew_keeps_the_rate_for_the_next_transfer() {
        let mut net = FlowNet::default();
        let s = net.add_node(1_000, 0);
        let a = net.add_node(0, 1_000);
        let f = net.start(s, a, 1_000, 0, SimTime::ZERO);
        flushed(&mut net, SimTime::ZERO);
        let next = net.renew(f, 500, SimTime::from_secs(1)).unwrap();
        assert_eq!(next.at, SimTime::from_millis(1_500));
        assert!(net.is_current(f, next.version));
        assert!(!net.needs_flush());
    }

    #[test]
    fn abort_reports_the_bits_delivered() {
        let mut net = FlowNet::default();
        let s = net.add_node(1_000, 0);
        let a = net.add_node(0, 1_000);
        let f = net.start(s, a, 10_000, 0, SimTime::ZERO);
        flushed(&mut net, SimTime::ZERO);
        let (_, done) = net.abort(f, SimTime::from_millis(2_500));
        assert_eq!(done, 2_500);
        assert_eq!(net.total_in_use(), 0);
    }
}
