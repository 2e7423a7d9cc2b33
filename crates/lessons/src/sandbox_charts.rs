//! The sandbox run's charts, read from its trace as the run goes: how many
//! bytes each client has received, and how loaded the busiest links are.
//!
//! The page keeps only the last records of a long run's trace
//! ([`crate::sandbox::PAGE_TRACE`]), so the numbers are summed as the
//! records are made ([`crate::sandbox::SandboxLesson`] reads the new ones after
//! every stretch the world runs) into windows of time. Windows start
//! [`FIRST_WINDOW`] wide; when a run outgrows [`MAX_WINDOWS`] of them, each
//! two become one twice as wide, so a run of an hour costs what a run of a
//! few seconds does. Records the trace let go before they were read (a
//! stretch of more than its 20,000 records at once) are counted
//! ([`RunCharts::missed`]): the charts leave them out and say so.

use cslab_sandbox::run::SandboxRun;
use cslab_sim::net::NodeId;
use cslab_sim::time::SimTime;
use cslab_sim::trace::{Trace, TraceEvent, TraceRecord};

/// The narrowest window: a page loads in a few hundred milliseconds, so its
/// chart has a few dozen points; a 1,500-byte frame takes 12 ms on a 1
/// Mbit/s link, about one window.
pub const FIRST_WINDOW: SimTime = SimTime::from_millis(10);
/// Windows a series keeps at most (the chart is 300 units wide).
pub const MAX_WINDOWS: usize = 256;

/// A quantity summed per window of time, from the run's start.
#[derive(Clone, Debug, Default, PartialEq)]
struct Windows(Vec<u64>);

impl Windows {
    fn add(&mut self, window: usize, amount: u64) {
        if self.0.len() <= window {
            self.0.resize(window + 1, 0);
        }
        self.0[window] += amount;
    }

    /// Each two windows become one.
    fn merge_pairs(&mut self) {
        let merged = self.0.chunks(2).map(|pair| pair.iter().sum()).collect();
        self.0 = merged;
    }

    /// The first `windows` windows (those after the last amount are empty).
    fn first(&self, windows: usize) -> impl Iterator<Item = u64> + '_ {
        (0..windows).map(|k| self.0.get(k).copied().unwrap_or(0))
    }

    fn total(&self, windows: usize) -> u64 {
        self.0.iter().take(windows).sum()
    }
}

/// A link as the charts name it: its two machines and its bandwidth.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkEnds {
    pub a: String,
    pub b: String,
    pub bandwidth_bps: u64,
}

/// One line: a name and its points, (seconds, value).
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

/// A link's load, each way, in bits per second averaged over each window.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkLoad {
    pub ends: LinkEnds,
    /// From `a` to `b`.
    pub there: Vec<(f64, f64)>,
    /// From `b` to `a`.
    pub back: Vec<(f64, f64)>,
}

/// The run's numbers so far, window by window.
#[derive(Clone, Debug)]
pub struct RunCharts {
    window: SimTime,
    /// Trace records read (the trace's global index of the next one).
    read: u64,
    missed: u64,
    /// Windows up to the last one that holds anything.
    active: usize,
    /// Each packet sent and not yet delivered or dropped, and its bytes,
    /// in send order (packet ids are), so found by a binary search: a
    /// vector costs the page less code than a map.
    in_flight: Vec<(u64, u32)>,
    /// Each node's client (its index in `clients`), if it is one.
    client_at: Vec<Option<usize>>,
    clients: Vec<(String, Windows)>,
    links: Vec<LinkEnds>,
    /// Nanoseconds each direction of each link spent transmitting
    /// (link `l`'s direction `d` at `2 l + d`).
    busy: Vec<Windows>,
}

impl RunCharts {
    /// Charts of a run whose clients are `clients` (a name and its node)
    /// and whose links, by their id, are `links`.
    pub fn new(clients: Vec<(String, NodeId)>, links: Vec<LinkEnds>) -> RunCharts {
        let nodes = clients.iter().map(|(_, node)| node.index() + 1).max();
        let mut client_at = vec![None; nodes.unwrap_or(0)];
        for (index, (_, node)) in clients.iter().enumerate() {
            client_at[node.index()] = Some(index);
        }
        RunCharts {
            window: FIRST_WINDOW,
            read: 0,
            missed: 0,
            active: 0,
            in_flight: Vec::new(),
            client_at,
            clients: (clients.into_iter())
                .map(|(name, _)| (name, Windows::default()))
                .collect(),
            busy: vec![Windows::default(); 2 * links.len()],
            links,
        }
    }

    /// The charts of a sandbox run: its clients in the document's order,
    /// its links named by their machines.
    pub fn of(run: &SandboxRun) -> RunCharts {
        let clients = (run.clients.iter())
            .map(|client| (client.name.clone(), client.node))
            .collect();
        let name = |node: NodeId| run.names.get(node.index()).cloned().unwrap_or_default();
        let links = (run.world.links().into_iter())
            .map(|link| LinkEnds {
                a: name(link.a),
                b: name(link.b),
                bandwidth_bps: link.spec.bandwidth_bps,
            })
            .collect();
        RunCharts::new(clients, links)
    }

    /// How wide a window is now.
    pub fn window(&self) -> SimTime {
        self.window
    }

    /// Records the trace let go before they were read: the charts leave
    /// out what they said.
    pub fn missed(&self) -> u64 {
        self.missed
    }

    pub fn clients(&self) -> usize {
        self.clients.len()
    }

    /// Adds the records `trace` made since the last read.
    pub fn read(&mut self, trace: &Trace) {
        let first = trace.first_kept();
        if first > self.read {
            self.missed += first - self.read;
            self.read = first;
        }
        for record in trace.records_from(self.read) {
            self.add(record);
        }
        self.read = trace.total();
    }

    fn add(&mut self, record: &TraceRecord) {
        match record.ev {
            TraceEvent::PacketSent { pkt, bytes, .. } => {
                self.in_flight.push((pkt, bytes));
            }
            TraceEvent::Delivered { pkt, node } => {
                let bytes = self.landed(pkt);
                let client = self.client_at.get(node.index()).copied().flatten();
                if let (Some(bytes), Some(client)) = (bytes, client) {
                    self.fit(record.t);
                    let window = self.window_of(record.t);
                    self.clients[client].1.add(window, bytes.into());
                    self.active = self.active.max(window + 1);
                }
            }
            TraceEvent::Dropped { pkt, .. } => {
                self.landed(pkt);
            }
            TraceEvent::Transmit {
                link, dir, t_end, ..
            } => self.spread_busy(2 * link.index() + dir as usize, record.t, t_end),
            _ => {}
        }
    }

    /// Packet `pkt`'s bytes, now that it is no longer in flight.
    fn landed(&mut self, pkt: u64) -> Option<u32> {
        let at = self.in_flight.binary_search_by_key(&pkt, |&(id, _)| id);
        Some(self.in_flight.remove(at.ok()?).1)
    }

    /// A transmission from `from` to `to`: the time it takes in each window
    /// it covers.
    fn spread_busy(&mut self, chan: usize, from: SimTime, to: SimTime) {
        if to <= from {
            return;
        }
        self.fit(to - SimTime::from_nanos(1));
        let width = self.window.as_nanos();
        let (mut t, to) = (from.as_nanos(), to.as_nanos());
        while t < to {
            let window = t / width;
            let end = ((window + 1) * width).min(to);
            if let Some(busy) = self.busy.get_mut(chan) {
                busy.add(window as usize, end - t);
            }
            self.active = self.active.max(window as usize + 1);
            t = end;
        }
    }

    /// Widens the windows until the one holding instant `t` is among the
    /// first [`MAX_WINDOWS`].
    fn fit(&mut self, t: SimTime) {
        while self.window_of(t) >= MAX_WINDOWS {
            self.window = SimTime::from_nanos(2 * self.window.as_nanos());
            self.active = self.active.div_ceil(2);
            for (_, windows) in &mut self.clients {
                windows.merge_pairs();
            }
            for windows in &mut self.busy {
                windows.merge_pairs();
            }
        }
    }

    fn window_of(&self, t: SimTime) -> usize {
        (t.as_nanos() / self.window.as_nanos()) as usize
    }

    /// Windows that ended by `now`, up to the last that holds anything:
    /// what a chart at `now` shows. The silence after a run's last packet
    /// (a time-out that then fires with nothing to send) is left out.
    pub fn windows_by(&self, now: SimTime) -> usize {
        self.window_of(now).min(self.active)
    }

    /// Where each window of the first `windows` ends, in seconds.
    fn ends(&self, windows: usize) -> impl Iterator<Item = f64> {
        let width = self.window.as_nanos();
        (1..=windows as u64).map(move |k| SimTime::from_nanos(k * width).as_secs_f64())
    }

    /// Bytes each client received by each window's end up to `now` (from
    /// zero at the start), for the `most` clients that received the most
    /// by then (the first in the document of those alike), in the
    /// document's order.
    pub fn received(&self, now: SimTime, most: usize) -> Vec<Curve> {
        let windows = self.windows_by(now);
        let totals = self.clients.iter().map(|(_, bytes)| bytes.total(windows));
        let busiest = most_first(&totals.collect::<Vec<_>>(), most);
        ((0..self.clients.len()).filter(|c| busiest.contains(c)))
            .map(|c| {
                let (name, bytes) = &self.clients[c];
                let mut sum = 0;
                let sums = bytes.first(windows).map(|amount| {
                    sum += amount;
                    sum as f64
                });
                Curve {
                    name: name.clone(),
                    points: std::iter::once((0.0, 0.0))
                        .chain(self.ends(windows).zip(sums))
                        .collect(),
                }
            })
            .collect()
    }

    /// The load on the `most` links that carried the most by `now` (both
    /// ways together; the first in the document of those alike), busiest
    /// first; links that carried nothing are left out.
    pub fn busiest_links(&self, now: SimTime, most: usize) -> Vec<LinkLoad> {
        let windows = self.windows_by(now);
        let carried: Vec<u64> = (self.busy.chunks(2))
            .map(|ways| ways.iter().map(|way| way.total(windows)).sum())
            .collect();
        let mut busiest = most_first(&carried, most);
        busiest.retain(|&l| carried[l] > 0);
        let width_ns = self.window.as_nanos() as f64;
        (busiest.into_iter())
            .map(|l| {
                let ends = self.links[l].clone();
                // A window's bits: the time spent sending in it, at the
                // link's rate.
                let load = |busy: &Windows| {
                    let rates = busy
                        .first(windows)
                        .map(|ns| ns as f64 * ends.bandwidth_bps as f64 / width_ns);
                    std::iter::once((0.0, 0.0))
                        .chain(self.ends(windows).zip(rates))
                        .collect()
                };
                LinkLoad {
                    there: load(&self.busy[2 * l]),
                    back: load(&self.busy[2 * l + 1]),
                    ends,
                }
            })
            .collect()
    }
}

/// The indices of the `most` largest `amounts`, largest first (the first
/// of those alike first): a few picks from a few thousand, with no sort's
/// code in the page.
fn most_first(amounts: &[u64], most: usize) -> Vec<usize> {
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < most.min(amounts.len()) {
        let next = (0..amounts.len())
            .filter(|i| !chosen.contains(i))
            .max_by_key(|&i| (amounts[i], std::cmp::Reverse(i)));
        chosen.extend(next);
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_sim::net::LinkId;
    use cslab_sim::trace::{DropReason, TraceMode};

    const MS: u64 = 1_000_000;

    fn at(ms: u64) -> SimTime {
        SimTime::from_millis(ms)
    }

    fn sent(trace: &mut Trace, ms: u64, pkt: u64, bytes: u32) {
        let (src, dst) = (NodeId(0), NodeId(1));
        let ev = TraceEvent::PacketSent {
            pkt,
            src,
            dst,
            bytes,
        };
        trace.record(at(ms), ev);
    }

    fn delivered(trace: &mut Trace, ms: u64, pkt: u64, node: u32) {
        let node = NodeId(node);
        trace.record(at(ms), TraceEvent::Delivered { pkt, node });
    }

    /// A frame on link 0 from `from_ns` for `ns`, direction `dir`.
    fn transmit(trace: &mut Trace, from_ns: u64, ns: u64, dir: u8) {
        let ev = TraceEvent::Transmit {
            pkt: 0,
            link: LinkId(0),
            dir,
            t_end: SimTime::from_nanos(from_ns + ns),
        };
        trace.record(SimTime::from_nanos(from_ns), ev);
    }

    fn link(a: &str, b: &str, mbps: u64) -> LinkEnds {
        LinkEnds {
            a: a.into(),
            b: b.into(),
            bandwidth_bps: mbps * 1_000_000,
        }
    }

    /// One link of 1 Mbit/s, no clients.
    fn one_link() -> RunCharts {
        RunCharts::new(Vec::new(), vec![link("pc", "router", 1)])
    }

    #[test]
    fn a_link_carries_the_bits_of_its_frames_in_the_windows_they_take() {
        // Three frames of 1,500 bytes back to back on 1 Mbit/s from 4 ms:
        // 12,000 bits, 12 ms each, on the wire from 4 to 40 ms. The first
        // 10 ms window holds 6 ms of it (6,000 bits: 0.6 Mbit/s), the next
        // three are full (1 Mbit/s).
        let mut trace = Trace::new(TraceMode::Full);
        for frame in 0..3 {
            transmit(&mut trace, 4 * MS + frame * 12 * MS, 12 * MS, 0);
        }
        let mut charts = one_link();
        charts.read(&trace);
        let [load] = &charts.busiest_links(at(50), 3)[..] else {
            panic!("one link");
        };
        let expected = [0.0, 0.6e6, 1e6, 1e6, 1e6];
        let rates: Vec<f64> = load.there.iter().map(|&(_, bps)| bps).collect();
        assert_eq!(rates.len(), expected.len());
        for (rate, expected) in rates.iter().zip(expected) {
            assert!((rate - expected).abs() < 1e-6, "{rates:?}");
        }
        let times: Vec<f64> = load.there.iter().map(|&(t, _)| t).collect();
        // Up to the last window that holds anything, however late.
        assert_eq!(times, [0.0, 0.01, 0.02, 0.03, 0.04]);
        // Bits carried: the rates times the window, as the three frames.
        let bits: f64 = rates.iter().map(|bps| bps * 0.01).sum();
        assert!((bits - 3.0 * 1_500.0 * 8.0).abs() < 1e-6);
        assert!(load.back.iter().all(|&(_, bps)| bps == 0.0));
        // At 25 ms, the chart holds the two windows that ended by then.
        let early = &charts.busiest_links(at(25), 3)[0];
        assert_eq!(early.there.len(), 3);
    }

    #[test]
    fn a_client_receives_the_bytes_of_the_packets_delivered_to_it() {
        // Node 1 is the client. 1,500 bytes arrive at 15 ms and 500 at
        // 25 ms; a packet lost and one delivered to node 2 do not count.
        let mut trace = Trace::new(TraceMode::Full);
        sent(&mut trace, 0, 1, 1_500);
        sent(&mut trace, 1, 2, 500);
        sent(&mut trace, 2, 3, 1_000);
        sent(&mut trace, 3, 4, 700);
        delivered(&mut trace, 15, 1, 1);
        trace.record(
            at(16),
            TraceEvent::Dropped {
                pkt: 3,
                reason: DropReason::Loss,
                node: NodeId(0),
                link: None,
            },
        );
        delivered(&mut trace, 17, 4, 2);
        delivered(&mut trace, 25, 2, 1);
        let mut charts = RunCharts::new(vec![("pc".into(), NodeId(1))], Vec::new());
        charts.read(&trace);
        let curves = charts.received(at(30), 8);
        assert_eq!(curves.len(), 1);
        assert_eq!(curves[0].name, "pc");
        assert_eq!(
            curves[0].points,
            [(0.0, 0.0), (0.01, 0.0), (0.02, 1_500.0), (0.03, 2_000.0)]
        );
        assert!(charts.in_flight.is_empty(), "{:?}", charts.in_flight);
    }

    #[test]
    fn records_are_read_once_however_often_the_run_stops() {
        let mut trace = Trace::new(TraceMode::Full);
        let mut charts = one_link();
        transmit(&mut trace, 0, 5 * MS, 1);
        charts.read(&trace);
        charts.read(&trace);
        transmit(&mut trace, 5 * MS, 5 * MS, 1);
        charts.read(&trace);
        let back = &charts.busiest_links(at(10), 1)[0].back;
        assert_eq!(back, &[(0.0, 0.0), (0.01, 1e6)]);
    }

    #[test]
    fn past_its_windows_a_run_gets_windows_twice_as_wide() {
        // 256 windows of 10 ms reach 2.56 s. A frame of 5 ms at 2 ms and
        // one of 10 ms at 2,560 ms (the 257th window): the windows become
        // 20 ms wide; the first holds 5 ms (0.25 Mbit/s), the 129th 10 ms.
        let mut trace = Trace::new(TraceMode::Full);
        transmit(&mut trace, 2 * MS, 5 * MS, 0);
        let mut charts = one_link();
        charts.read(&trace);
        assert_eq!(charts.window(), at(10));
        transmit(&mut trace, 2_560 * MS, 10 * MS, 0);
        charts.read(&trace);
        assert_eq!(charts.window(), at(20));
        let there = &charts.busiest_links(at(2_580), 1)[0].there;
        assert_eq!(there.len(), 130);
        assert_eq!(there[1], (0.02, 0.25e6));
        assert_eq!(there[129], (2.58, 0.5e6));
        assert!(there[2..129].iter().all(|&(_, bps)| bps == 0.0));
        // A quiet hour after: nothing more to show.
        assert_eq!(charts.windows_by(SimTime::from_secs(3_600)), 129);
        // Unless something happens, at 3,000 s: the silence before it is
        // shown, in windows of 20.48 s (3,000 s is in the 147th).
        transmit(&mut trace, 3_000_000 * MS, 10 * MS, 0);
        charts.read(&trace);
        assert_eq!(charts.window(), SimTime::from_nanos(20_480 * MS));
        assert_eq!(charts.windows_by(SimTime::from_secs(3_600)), 147);
    }

    #[test]
    fn records_the_trace_let_go_unread_are_counted() {
        // The trace keeps 4 records; 10 are made before the first read.
        let mut trace = Trace::new(TraceMode::Last(4));
        for k in 0..10 {
            transmit(&mut trace, k * MS, MS, 0);
        }
        let mut charts = one_link();
        charts.read(&trace);
        assert_eq!(charts.missed(), 6);
        // What was kept is counted: 4 ms in the first window.
        let there = &charts.busiest_links(at(10), 1)[0].there;
        assert_eq!(there[1], (0.01, 0.4e6));
        transmit(&mut trace, 10 * MS, MS, 0);
        charts.read(&trace);
        assert_eq!(charts.missed(), 6, "read in time: nothing more missed");
    }

    #[test]
    fn the_clients_that_received_most_are_drawn_in_the_documents_order() {
        // Ten clients on nodes 0 to 9. The eight that received the most:
        // 9 to 4, then 1 (100 bytes), then 2 (the first of 2 and 3, alike
        // at 50); 0 received nothing.
        let mut trace = Trace::new(TraceMode::Full);
        let bytes = [0, 100, 50, 50, 400, 500, 600, 700, 800, 900];
        for (node, &bytes) in bytes.iter().enumerate() {
            sent(&mut trace, 0, node as u64, bytes);
            delivered(&mut trace, 1, node as u64, node as u32);
        }
        let clients = (0..10).map(|n| (format!("pc{n}"), NodeId(n))).collect();
        let mut charts = RunCharts::new(clients, Vec::new());
        charts.read(&trace);
        let names: Vec<String> = (charts.received(at(10), 8).into_iter())
            .map(|curve| curve.name)
            .collect();
        assert_eq!(
            names,
            ["pc1", "pc2", "pc4", "pc5", "pc6", "pc7", "pc8", "pc9"]
        );
    }

    #[test]
    fn the_busiest_links_come_first_and_idle_ones_not_at_all() {
        let mut trace = Trace::new(TraceMode::Full);
        let on = |link: u32, ns: u64| TraceEvent::Transmit {
            pkt: 0,
            link: LinkId(link),
            dir: 1,
            t_end: SimTime::from_nanos(ns),
        };
        trace.record(SimTime::ZERO, on(0, MS));
        trace.record(SimTime::ZERO, on(2, 3 * MS));
        let links = vec![link("a", "b", 1), link("b", "c", 10), link("c", "d", 100)];
        let mut charts = RunCharts::new(Vec::new(), links);
        charts.read(&trace);
        let busiest = charts.busiest_links(at(10), 3);
        let named: Vec<(&str, &str)> = (busiest.iter())
            .map(|load| (load.ends.a.as_str(), load.ends.b.as_str()))
            .collect();
        assert_eq!(named, [("c", "d"), ("a", "b")]);
        // 3 ms of 10 at 100 Mbit/s: 30 Mbit/s.
        assert_eq!(busiest[0].back[1], (0.01, 30e6));
    }
}
