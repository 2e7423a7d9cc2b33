//! A side of the comparison as the page draws it and the lesson's question
//! reads it: a copy of the run, sent as bytes by whatever simulates it (in
//! the page a Web Worker, so 10,000 peers never hold the page's thread;
//! elsewhere this thread). Writing and reading sit side by side here, so
//! the two stay one format.
//!
//! The peers go whole every frame (5 bytes each); the time series only
//! its new samples, unless the run thinned it (it doubles its step past
//! [`MAX_SAMPLES`](cslab_sim::runs::distribute::MAX_SAMPLES) samples) or
//! started again.

use cslab_sim::runs::distribute::{DistributeParams, DistributeSim, PeerState, PeerView, Sample};
use cslab_sim::time::SimTime;

/// Up to this many peers, the transfers go with the peers, each drawn as
/// a line...
pub const MAX_PEERS_WITH_LINES: u32 = 200;
/// ...unless there are more of them than this (the ideal schedule has
/// N·(N−1): past it the lines are a grey blur).
pub const MAX_LINES: usize = 1_000;

/// One run of the comparison, as of its last frame.
#[derive(Clone, Debug, PartialEq)]
pub struct SideView {
    params: DistributeParams,
    now: SimTime,
    done: bool,
    /// No peer waits or downloads any more.
    all_finished: bool,
    finished_at: Option<SimTime>,
    server_alive: bool,
    peers_finished: u32,
    bytes_from_peers: u64,
    events: u64,
    hash: u64,
    sample_every: SimTime,
    peers: Vec<PeerView>,
    /// (from, to) of each transfer under way, node 0 the server.
    lines: Vec<(u32, u32)>,
    series: Vec<Sample>,
}

/// What a side's writer already sent of its series.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sent {
    samples: usize,
    every: SimTime,
}

/// Appends `sim` to a frame, its series from where `sent` says.
pub fn write_side(out: &mut Vec<u8>, sim: &DistributeSim, sent: &mut Sent) {
    let tally = sim.tally();
    let finished_at = sim.finished_at();
    let flags = [
        sim.is_done(),
        tally.waiting == 0 && tally.downloading == 0,
        tally.server_alive,
        finished_at.is_some(),
    ];
    out.push((flags.iter().rev()).fold(0, |bits, &flag| bits << 1 | flag as u8));
    for word in [
        sim.now().as_nanos(),
        finished_at.map_or(0, SimTime::as_nanos),
        tally.finished.into(),
        tally.bytes_from_peers,
        sim.events(),
        sim.result_hash(),
        sim.sample_every().as_nanos(),
    ] {
        out.extend(word.to_le_bytes());
    }
    let n = sim.params().total_peers();
    out.extend(n.to_le_bytes());
    for peer in sim.peers() {
        out.push(STATES.iter().position(|&s| s == peer.state).unwrap_or(0) as u8);
        out.extend((peer.fraction as f32).to_le_bytes());
    }
    let lines: Vec<_> = if n <= MAX_PEERS_WITH_LINES {
        sim.transfers().take(MAX_LINES + 1).collect()
    } else {
        Vec::new()
    };
    out.extend((lines.len() as u32).to_le_bytes());
    for line in lines {
        out.extend(line.from.to_le_bytes());
        out.extend(line.to.to_le_bytes());
    }
    let series = sim.series();
    let keep = if sent.every == sim.sample_every() {
        sent.samples.min(series.len())
    } else {
        0
    };
    out.extend((keep as u32).to_le_bytes());
    out.extend(((series.len() - keep) as u32).to_le_bytes());
    for s in &series[keep..] {
        out.extend(s.t_s.to_le_bytes());
        for count in [s.finished, s.downloading, s.quit] {
            out.extend(count.to_le_bytes());
        }
        for bytes in [
            s.server_up_bps,
            s.peers_up_bps,
            s.bytes_from_server,
            s.bytes_from_peers,
        ] {
            out.extend(bytes.to_le_bytes());
        }
    }
    *sent = Sent {
        samples: series.len(),
        every: sim.sample_every(),
    };
}

/// A peer's state as one byte: its place here.
const STATES: [PeerState; 5] = [
    PeerState::Waiting,
    PeerState::Downloading,
    PeerState::Seeding,
    PeerState::Done,
    PeerState::Quit,
];

/// Reads a frame's bytes in order; `None` past their end.
pub struct Reader<'a>(pub &'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }

    pub fn u8(&mut self) -> Option<u8> {
        self.take().map(u8::from_le_bytes)
    }

    pub fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }

    pub fn u64(&mut self) -> Option<u64> {
        self.take().map(u64::from_le_bytes)
    }

    fn f32(&mut self) -> Option<f32> {
        self.take().map(f32::from_le_bytes)
    }

    fn f64(&mut self) -> Option<f64> {
        self.take().map(f64::from_le_bytes)
    }
}

impl SideView {
    /// The view of a run of `params` before any frame.
    pub fn new(params: DistributeParams) -> SideView {
        SideView {
            params,
            now: SimTime::ZERO,
            done: false,
            all_finished: false,
            finished_at: None,
            server_alive: true,
            peers_finished: 0,
            bytes_from_peers: 0,
            events: 0,
            hash: 0,
            sample_every: SimTime::from_secs(1),
            peers: Vec::new(),
            lines: Vec::new(),
            series: Vec::new(),
        }
    }

    /// Takes in this side's part of a frame, as [`write_side`] wrote it.
    pub fn read(&mut self, from: &mut Reader) -> Option<()> {
        let flags = from.u8()?;
        let flag = |bit: u8| flags >> bit & 1 == 1;
        let [
            now,
            finished_at,
            peers_finished,
            bytes_from_peers,
            events,
            hash,
            every,
        ] = [(); 7].map(|_| from.u64());
        self.now = SimTime::from_nanos(now?);
        (self.done, self.all_finished, self.server_alive) = (flag(0), flag(1), flag(2));
        self.finished_at = flag(3).then_some(SimTime::from_nanos(finished_at?));
        self.peers_finished = peers_finished? as u32;
        (self.bytes_from_peers, self.events, self.hash) = (bytes_from_peers?, events?, hash?);
        self.sample_every = SimTime::from_nanos(every?);
        self.peers.clear();
        for _ in 0..from.u32()? {
            let state = *STATES.get(from.u8()? as usize)?;
            let fraction = from.f32()? as f64;
            self.peers.push(PeerView { state, fraction });
        }
        self.lines.clear();
        for _ in 0..from.u32()? {
            self.lines.push((from.u32()?, from.u32()?));
        }
        let keep = from.u32()? as usize;
        self.series.truncate(keep);
        for _ in 0..from.u32()? {
            self.series.push(Sample {
                t_s: from.f64()?,
                finished: from.u32()?,
                downloading: from.u32()?,
                quit: from.u32()?,
                server_up_bps: from.u64()?,
                peers_up_bps: from.u64()?,
                bytes_from_server: from.u64()?,
                bytes_from_peers: from.u64()?,
            });
        }
        Some(())
    }

    pub fn params(&self) -> &DistributeParams {
        &self.params
    }

    pub fn now(&self) -> SimTime {
        self.now
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    /// When the last peer got the whole file, once every peer that stayed
    /// has it.
    pub fn finished_at(&self) -> Option<SimTime> {
        self.finished_at
    }

    /// The distribution time, once every peer that stayed has the file
    /// (as [`DistributeReport`](cslab_sim::runs::distribute::DistributeReport)
    /// gives it: zero if none had to).
    pub fn distribution_time_s(&self) -> Option<f64> {
        (self.all_finished).then(|| self.finished_at.map_or(0.0, SimTime::as_secs_f64))
    }

    pub fn server_alive(&self) -> bool {
        self.server_alive
    }

    pub fn peers_finished(&self) -> u32 {
        self.peers_finished
    }

    pub fn bytes_from_peers(&self) -> u64 {
        self.bytes_from_peers
    }

    /// Events run so far, and the hash of every delivery, finish and
    /// departure: the run's fingerprint, as `cslab-cli distribute` prints it.
    pub fn events(&self) -> u64 {
        self.events
    }

    pub fn hash_hex(&self) -> String {
        format!("{:016x}", self.hash)
    }

    pub fn sample_every(&self) -> SimTime {
        self.sample_every
    }

    /// Every peer, in arrival order (peer 1 first).
    pub fn peers(&self) -> &[PeerView] {
        &self.peers
    }

    /// The transfers under way, (from, to), when few enough to draw.
    pub fn lines(&self) -> &[(u32, u32)] {
        &self.lines
    }

    pub fn series(&self) -> &[Sample] {
        &self.series
    }

    /// The last sample taken by `t`: how far the distribution was then.
    pub fn sample_by(&self, t: SimTime) -> Option<&Sample> {
        let t_s = t.as_secs_f64();
        self.series.iter().rev().find(|sample| sample.t_s <= t_s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::compare::{CompareSettings, distribute_params};
    use cslab_sim::runs::distribute::Mode;

    /// Read frame after frame, a view holds what its run holds, through
    /// the series' thinning (a sample every millisecond passes
    /// `MAX_SAMPLES` many times over).
    #[test]
    fn a_view_read_frame_by_frame_holds_what_its_run_holds() {
        let settings = CompareSettings {
            peers: 50,
            file_mb: 10,
            ..CompareSettings::default()
        };
        let params = DistributeParams {
            sample_s: Some(0.001),
            ..distribute_params(&settings, Mode::P2p)
        };
        let mut sim = DistributeSim::new(&params).unwrap();
        let first_every = sim.sample_every();
        let (mut view, mut sent) = (SideView::new(params), Sent::default());
        while !view.is_done() {
            sim.run_until(SimTime::MAX, 3_000);
            let mut frame = Vec::new();
            write_side(&mut frame, &sim, &mut sent);
            let mut from = Reader(&frame);
            view.read(&mut from).unwrap();
            assert!(from.0.is_empty(), "read to its end");
            let report = sim.report();
            assert_eq!(view.series(), sim.series());
            let peers: Vec<_> = (sim.peers())
                .map(|peer| (peer.state, peer.fraction as f32))
                .collect();
            let seen: Vec<_> = (view.peers().iter())
                .map(|peer| (peer.state, peer.fraction as f32))
                .collect();
            assert_eq!(seen, peers);
            let lines: Vec<_> = sim.transfers().map(|t| (t.from, t.to)).collect();
            assert_eq!(view.lines(), lines);
            assert_eq!(view.distribution_time_s(), report.distribution_time_s);
            assert_eq!(view.finished_at(), sim.finished_at());
            assert_eq!(view.now(), sim.now());
            assert_eq!(
                (view.events(), view.hash_hex()),
                (report.events, report.result_hash)
            );
        }
        assert!(sim.sample_every() > first_every, "thinned on the way");
    }
}
