//! The lesson "Client-server or peer-to-peer?": one file, N peers, the same
//! capacities, distributed once by a server alone and once by a swarm; what
//! the learner can change, and the two runs it becomes.

mod runs;
mod side_view;

pub use runs::{Here, Jobs, Runner};
pub use side_view::{MAX_LINES, MAX_PEERS_WITH_LINES, SideView};

use super::playback::{Clocked, instant_after, instant_before};
use super::questions::{Arg, Choice, Observed, RunQuestion, word_choices};
use super::settings::Field;
use super::{LessonSpec, LessonView, SettingsCard, off_stage};
use crate::lesson::address::{InAddress, Param, Values, number_param, place, switch_param};
use cslab_sim::runs::distribute::{DistributeParams, FlashCrowd, MAX_IDEAL_PEERS, Mode, Scheduler};
use cslab_sim::time::SimTime;
use side_view::Reader;

pub const LESSON: LessonSpec = off_stage(
    (
        "cs-vs-p2p",
        "lesson-compare-title",
        &["lesson-compare-intro-1", "lesson-compare-intro-2"],
    ),
    "lesson-compare-try",
    (LessonView::Compare, SettingsCard::Compare),
    (&SPEEDS, 2),
    &Field {
        get: |settings| &settings.compare,
        get_mut: |settings| &mut settings.compare,
    },
    |settings, _| Box::new(ComparisonRun::new(&settings.compare)),
);

/// Which side gives every peer the file first, asked as the two runs
/// start and shown where the first of them is done. Kurose and Ross
/// (Computer Networking, §2.5, "Peer-to-peer file distribution"): a server
/// alone needs at least D_cs = max(N·F/u_s, F/d_min), a swarm at least
/// D_p2p = max(F/u_s, F/d_min, N·F/(u_s + Σu_i)); how far above its bound
/// each side lands is the run's (BitTorrent's rarest first and choking,
/// BEP 3). With the server failing, its side can never finish: no race.
const FIRST_DONE: RunQuestion = RunQuestion {
    key: "ask-compare-first",
    args: |settings| {
        let compare = &settings.compare;
        vec![
            ("peers", Arg::Number(compare.peers.into())),
            ("file", Arg::Number(compare.file_mb.into())),
            ("server", Arg::Number(compare.server_up_mbps.into())),
            ("up", Arg::Number(compare.peer_up_mbps.into())),
            ("down", Arg::Number(compare.peer_down_mbps.into())),
        ]
    },
    choices: |_| word_choices(&[SERVER, SWARM, SAME]),
    ask: |run| (!comparison(run)?.settings.server_fails).then_some(SimTime::ZERO),
    reveal: |run| {
        (comparison(run)?.sides[..2].iter())
            .filter_map(SideView::finished_at)
            .min()
    },
    observe: first_done,
};

/// The choices, each with the sentence that explains it when the run
/// shows it.
const SERVER: (&str, &str) = ("choice-compare-server", "explain-compare-server");
const SWARM: (&str, &str) = ("choice-compare-swarm", "explain-compare-swarm");
const SAME: (&str, &str) = ("choice-compare-same", "explain-compare-same");

/// The comparison behind a playback's clock.
fn comparison(run: &dyn Clocked) -> Option<&ComparisonRun> {
    run.as_any().downcast_ref()
}

/// Which side had every peer served by `at` (both, if they finished
/// together), and how many peers the other side had served by then.
fn first_done(run: &dyn Clocked, at: SimTime) -> Option<Observed> {
    let [cs, p2p] = [&comparison(run)?.sides[0], &comparison(run)?.sides[1]];
    let done = |side: &SideView| side.finished_at().is_some_and(|t| t <= at);
    let ((answer, explain_key), winner, other) = match (done(cs), done(p2p)) {
        (true, true) => (SAME, cs, p2p),
        (true, false) => (SERVER, cs, p2p),
        (false, true) => (SWARM, p2p, cs),
        (false, false) => return None,
    };
    let p = winner.params();
    let seconds = |s: f64| Arg::Seconds(SimTime::from_secs_f64_round(s));
    let floor_s = 8.0 * p.file_bytes as f64 / p.peer_down_bps as f64;
    // The other side's progress then: its peers done, and the bytes it had
    // delivered of the N copies all of them need.
    let then = other.sample_by(at);
    let sent = then.map_or(0, |s| s.bytes_from_server + s.bytes_from_peers);
    let percent = 100 * sent / (u64::from(p.total_peers()) * p.file_bytes).max(1);
    Some(Observed {
        answer: Choice::Words(answer),
        explain_key,
        args: vec![
            ("peers", Arg::Number(p.total_peers().into())),
            ("time", Arg::Seconds(at)),
            ("others", Arg::Number(then.map_or(0, |s| s.finished).into())),
            ("share", Arg::Number(percent)),
            ("cs_bound", seconds(p.cs_bound_s())),
            ("floor", seconds(floor_s)),
            ("down", Arg::Number(p.peer_down_bps / MEGA)),
            ("up", Arg::Number(p.peer_up_bps / MEGA)),
        ],
    })
}

/// The speed slider's stops: 1, 10, 100, 1,000 and 10,000 times real time
/// (a file to 10,000 peers takes minutes of network time).
const SPEEDS: [u64; 5] = [
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
];

/// What the learner can change; every combination is a valid pair of runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompareSettings {
    pub peers: u32,
    pub file_mb: u32,
    pub server_up_mbps: u32,
    pub peer_up_mbps: u32,
    pub peer_down_mbps: u32,
    pub piece_kb: u32,
    pub upload_slots: u32,
    /// Finished peers stay and upload.
    pub stay_to_seed: bool,
    /// A fifth of the peers leave before they finish.
    pub churn: bool,
    /// As many peers again arrive half-way to the swarm's bound.
    pub flash_crowd: bool,
    /// The server fails once it has sent three copies' worth.
    pub server_fails: bool,
    /// `Ideal`: the ideal schedule runs beside the BitTorrent-like swarm.
    pub scheduler: Scheduler,
}

impl Default for CompareSettings {
    /// A 50 MB file to 100 peers: a 30 Mbit/s server; peers with 1 Mbit/s up
    /// and 10 Mbit/s down, as on an asymmetric home line.
    fn default() -> Self {
        CompareSettings {
            peers: 100,
            file_mb: 50,
            server_up_mbps: 30,
            peer_up_mbps: 1,
            peer_down_mbps: 10,
            piece_kb: 256,
            upload_slots: 4,
            stay_to_seed: true,
            churn: false,
            flash_crowd: false,
            server_fails: false,
            scheduler: Scheduler::Bittorrent,
        }
    }
}

pub const PEER_CHOICES: [u32; 6] = [10, 50, 100, 500, 1_000, 10_000];
pub const FILE_MB_CHOICES: [u32; 4] = [10, 50, 100, 500];
pub const SERVER_UP_CHOICES_MBPS: [u32; 4] = [10, 30, 100, 1_000];
pub const PEER_UP_CHOICES_MBPS: [u32; 4] = [1, 2, 5, 10];
pub const PEER_DOWN_CHOICES_MBPS: [u32; 4] = [5, 10, 50, 100];
pub const PIECE_KB_CHOICES: [u32; 4] = [64, 256, 1_024, 4_096];
pub const SLOT_CHOICES: [u32; 3] = [2, 4, 8];
/// The peer counts of the chart of distribution time against N.
pub const SWEEP_PEERS: [u32; 6] = [10, 50, 100, 200, 500, 1_000];
/// The share of peers that leave early with churn on.
const CHURN: f64 = 0.2;
const MEGA: u64 = 1_000_000;

/// The run of `settings` in `mode`.
pub fn distribute_params(settings: &CompareSettings, mode: Mode) -> DistributeParams {
    let file_bytes = settings.file_mb as u64 * MEGA;
    let server_up_bps = settings.server_up_mbps as u64 * MEGA;
    let mut p = DistributeParams {
        mode,
        peers: settings.peers,
        file_bytes,
        piece_bytes: settings.piece_kb * 1024,
        server_up_bps,
        peer_up_bps: settings.peer_up_mbps as u64 * MEGA,
        peer_down_bps: settings.peer_down_mbps as u64 * MEGA,
        upload_slots: settings.upload_slots,
        stay_to_seed: settings.stay_to_seed,
        churn: if settings.churn { CHURN } else { 0.0 },
        ..DistributeParams::default()
    };
    if settings.flash_crowd {
        p.flash_crowd = Some(FlashCrowd {
            at_s: p.p2p_bound_s() / 2.0,
            extra: settings.peers,
        });
    }
    if settings.server_fails {
        p.server_fails_at_s = Some(3.0 * 8.0 * file_bytes as f64 / server_up_bps as f64);
    }
    p
}

/// The ideal schedule of `settings`, if chosen and N allows it: the same
/// peers and capacities, all there from the start and staying (its proof
/// has no churn, crowd or failure), so the stress switches leave it alone.
pub fn ideal_params(settings: &CompareSettings) -> Option<DistributeParams> {
    (settings.scheduler == Scheduler::Ideal && settings.peers <= MAX_IDEAL_PEERS).then(|| {
        let calm = CompareSettings {
            churn: false,
            flash_crowd: false,
            server_fails: false,
            ..*settings
        };
        DistributeParams {
            scheduler: Scheduler::Ideal,
            ..distribute_params(&calm, Mode::P2p)
        }
    })
}

/// The values of `scheduler=`, in the settings' order.
pub const SCHEDULERS: [(&str, Scheduler); 2] = [
    ("bittorrent", Scheduler::Bittorrent),
    ("ideal", Scheduler::Ideal),
];

/// Every URL parameter of this lesson.
impl InAddress for CompareSettings {
    const PARAMS: &'static [Param<Self>] = &[
        number_param!("peers", PEER_CHOICES, peers),
        number_param!("file-mb", FILE_MB_CHOICES, file_mb),
        number_param!("server-up-mbps", SERVER_UP_CHOICES_MBPS, server_up_mbps),
        number_param!("peer-up-mbps", PEER_UP_CHOICES_MBPS, peer_up_mbps),
        number_param!("peer-down-mbps", PEER_DOWN_CHOICES_MBPS, peer_down_mbps),
        number_param!("piece-kb", PIECE_KB_CHOICES, piece_kb),
        number_param!("slots", SLOT_CHOICES, upload_slots),
        switch_param!("seeding", stay_to_seed),
        switch_param!("churn", churn),
        switch_param!("flash-crowd", flash_crowd),
        switch_param!("server-fails", server_fails),
        Param {
            name: "scheduler",
            values: Values::Words(SCHEDULERS.len(), |i| SCHEDULERS[i].0),
            get: |s| place(&SCHEDULERS.map(|(_, scheduler)| scheduler), &s.scheduler),
            set: |s, i| s.scheduler = SCHEDULERS[i].1,
        },
    ];
}

/// The lesson's runs (client-server, the swarm, and the ideal schedule if
/// chosen) on one clock, as the playback sees them: each side's view as
/// of the last frame its [`Runner`] answered. The playback asks for a
/// clock; the runs move on here, or in a worker that answers a frame later.
pub struct ComparisonRun {
    settings: CompareSettings,
    sides: Vec<SideView>,
    clock: SimTime,
    runner: Box<dyn Runner>,
    /// Whether the runs were offered somewhere else ([`Self::move_runs`]).
    offered: bool,
    /// The number of the next job; frames answering a job sent before the
    /// runs started again are old news.
    next_job: u32,
    /// Frames before this job's are from before the runs started again.
    first_current_job: u32,
    /// The clock of the job sent and not answered yet.
    asked: Option<SimTime>,
}

impl ComparisonRun {
    pub fn new(settings: &CompareSettings) -> ComparisonRun {
        let mut run = ComparisonRun {
            settings: *settings,
            sides: Vec::new(),
            clock: SimTime::ZERO,
            runner: Box::<Here>::default(),
            offered: false,
            next_job: 0,
            first_current_job: 0,
            asked: None,
        };
        run.start_views();
        run
    }

    /// Hands the runs to the runner `elsewhere` starts (a worker), if it
    /// starts one; asked once. The runs start there from the beginning, so
    /// views past the start go back to it until the first frame comes.
    pub fn move_runs(&mut self, elsewhere: impl FnOnce() -> Option<Box<dyn Runner>>) {
        if std::mem::replace(&mut self.offered, true) {
            return;
        }
        if let Some(runner) = elsewhere() {
            self.runner = runner;
            self.asked = None;
            self.first_current_job = self.next_job;
            if self.clock > SimTime::ZERO {
                self.clock = SimTime::ZERO;
                self.start_views();
            }
        }
    }

    /// The views of the runs before their first event: a frame of this
    /// thread's own (a worker's would come a frame later).
    fn start_views(&mut self) {
        let settings = self.settings;
        let params = [Mode::Cs, Mode::P2p].map(|mode| distribute_params(&settings, mode));
        self.sides = (params.into_iter().chain(ideal_params(&settings)))
            .map(SideView::new)
            .collect();
        let mut here = Here::default();
        here.post(runs::job(self.next_job, SimTime::ZERO, &settings));
        let frame = here.take().expect("answered here at once");
        self.read_frame(&frame);
    }

    /// The last frame's work here took `spent_ms`: the next take as many
    /// events as fit `budget_ms` (10,000 peers must not hold the page).
    pub fn fit_frame(&mut self, spent_ms: f64, budget_ms: f64) {
        self.runner.fit_frame(spent_ms, budget_ms);
    }

    /// Client-server, the swarm, then the ideal schedule if there is one.
    pub fn sides(&self) -> &[SideView] {
        &self.sides
    }

    pub fn clock(&self) -> SimTime {
        self.clock
    }

    pub fn is_done(&self) -> bool {
        self.sides.iter().all(SideView::is_done)
    }

    /// The finest interval at which the runs sample their figures: the
    /// instants the learner steps between.
    fn every(&self) -> SimTime {
        self.sides
            .iter()
            .map(SideView::sample_every)
            .min()
            .unwrap_or(SimTime::from_secs(1))
    }

    /// Reads the frames answered so far.
    fn receive(&mut self) {
        while let Some(frame) = self.runner.take() {
            if self.read_frame(&frame) {
                self.asked = None;
            }
        }
    }

    /// Reads a frame, unless it answers a job from before the runs started
    /// again (then it is dropped): says whether it read it.
    fn read_frame(&mut self, frame: &[u8]) -> bool {
        let mut from = Reader(frame);
        let id = from.u32().expect("a frame begins with its job");
        if id < self.first_current_job {
            return false;
        }
        let read = from.u64().and_then(|clock| {
            for side in &mut self.sides {
                side.read(&mut from)?;
            }
            Some(SimTime::from_nanos(clock))
        });
        self.clock = read.expect("a frame as the runs write it");
        true
    }
}

impl Clocked for ComparisonRun {
    /// Asks for the runs at `t` and takes what has been answered: here at
    /// once, from a worker a frame later. An earlier `t` starts the runs
    /// again (a run is a pure function of its settings): until their first
    /// frame comes, the views are those of the start.
    fn run_until(&mut self, t: SimTime) -> SimTime {
        if t < self.clock {
            self.start_views();
            self.first_current_job = self.next_job;
            self.asked = None;
        }
        self.receive();
        if self.asked.is_none() && self.clock < t {
            self.runner
                .post(runs::job(self.next_job, t, &self.settings));
            self.next_job += 1;
            self.asked = Some(t);
            self.receive();
        }
        self.clock
    }

    fn end(&self) -> Option<SimTime> {
        let last = self.sides.iter().map(SideView::now).max()?;
        self.is_done().then_some(last)
    }

    fn next_instant_after(&mut self, t: SimTime) -> Option<SimTime> {
        let over = self.is_done() && t >= self.clock;
        (!over).then(|| instant_after(t, self.every()))
    }

    fn instant_before(&self, t: SimTime) -> Option<SimTime> {
        instant_before(t, self.every())
    }

    fn horizon(&self) -> SimTime {
        self.clock
    }

    fn in_background(&self) -> bool {
        self.runner.in_background()
    }

    fn questions(&self) -> &'static [RunQuestion] {
        &[FIRST_DONE]
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::address::{set_from_query, to_query};
    use crate::lesson::playback::Playback;
    use cslab_sim::runs::distribute::run_distribute;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// Driven a second at a time, the runs finish as each run alone does;
    /// the clock waits while a frame's events are not enough; going back
    /// runs them again to the same state.
    #[test]
    fn the_comparison_runs_both_sides_on_one_clock_to_their_own_ends() {
        let settings = CompareSettings {
            peers: 10,
            ..CompareSettings::default()
        };
        let mut run = ComparisonRun::new(&settings);
        assert_eq!(run.sides().len(), 2);
        let mut t = SimTime::ZERO;
        while run.end().is_none() {
            if run.run_until(t) == t {
                t += SimTime::from_secs(1);
            }
            assert!(t < SimTime::from_secs(100_000));
        }
        for (side, mode) in run.sides().iter().zip([Mode::Cs, Mode::P2p]) {
            let alone = run_distribute(&distribute_params(&settings, mode)).unwrap();
            assert_eq!(side.distribution_time_s(), alone.distribution_time_s);
            assert_eq!(side.events(), alone.events);
            assert_eq!(side.hash_hex(), alone.result_hash);
        }
        assert_eq!(
            run.next_instant_after(run.clock()),
            None,
            "nothing after the end"
        );
        let every = run.every();
        let back = run.instant_before(run.clock()).unwrap();
        assert!(back < run.clock() && run.clock() - back <= every);
        let finished_then = |run: &ComparisonRun| run.sides()[1].peers_finished();
        let mut again = ComparisonRun::new(&settings);
        while again.run_until(back) < back {}
        while run.run_until(back) < back {}
        assert_eq!(run.clock(), back);
        assert_eq!(finished_then(&run), finished_then(&again));
    }

    /// A worker, as the tests see one: it answers a job once a frame has
    /// passed since it was posted (`frame` moves the posted on).
    #[derive(Clone, Default)]
    struct Later(Rc<RefCell<(Here, Posted)>>);

    /// Jobs posted this frame, then those due.
    type Posted = (Vec<String>, Vec<String>);

    impl Later {
        fn frame(&self) {
            let (_, (posted, due)) = &mut *self.0.borrow_mut();
            due.append(posted);
        }
    }

    impl Runner for Later {
        fn post(&mut self, job: String) {
            self.0.borrow_mut().1.0.push(job);
        }

        fn take(&mut self) -> Option<Vec<u8>> {
            let (here, (_, due)) = &mut *self.0.borrow_mut();
            (!due.is_empty()).then(|| {
                here.post(due.remove(0));
                here.take().unwrap()
            })
        }

        fn in_background(&self) -> bool {
            true
        }
    }

    /// Played in the background, the runs reach the same states as here,
    /// a frame later, and the clock moves every frame; after going back, a
    /// frame answering a job from before is not shown.
    #[test]
    fn runs_in_the_background_show_what_runs_here_show() {
        let settings = CompareSettings {
            peers: 50,
            file_mb: 10,
            ..CompareSettings::default()
        };
        let mut here = Playback::over(Some(Box::new(ComparisonRun::new(&settings))), &SPEEDS, 2);
        let worker = Later::default();
        let mut run = ComparisonRun::new(&settings);
        run.move_runs(|| Some(Box::new(worker.clone())));
        let mut later = Playback::over(Some(Box::new(run)), &SPEEDS, 2);
        let sides = |playback: &Playback| {
            let run = playback
                .clocked()
                .unwrap()
                .as_any()
                .downcast_ref::<ComparisonRun>();
            run.unwrap().sides().to_vec()
        };
        let mut frames = 0;
        while !later.status().ended {
            let before = later.status().now;
            worker.frame();
            later.advance(16.0);
            assert!(
                frames < 3 || later.status().now > before,
                "the clock moves every frame"
            );
            while here.status().now < later.status().now {
                here.advance(16.0);
            }
            assert_eq!(here.status().now, later.status().now);
            assert_eq!(sides(&here), sides(&later));
            frames += 1;
            assert!(frames < 100_000);
        }
        let back = SimTime::from_nanos(later.status().now.as_nanos() / 2);
        let run = later
            .clocked_mut()
            .unwrap()
            .as_any_mut()
            .downcast_mut::<ComparisonRun>()
            .unwrap();
        // A job still unanswered when the clock goes back.
        run.run_until(later_than_the_end());
        worker.frame();
        assert_eq!(
            run.run_until(back),
            SimTime::ZERO,
            "the start, until the runs answer"
        );
        while run.run_until(back) < back {
            worker.frame();
        }
        let mut again = ComparisonRun::new(&settings);
        while again.run_until(back) < back {}
        assert_eq!(run.sides(), again.sides());
    }

    fn later_than_the_end() -> SimTime {
        SimTime::from_secs(1_000_000)
    }

    #[test]
    fn every_choice_is_a_valid_pair_of_runs() {
        for peers in PEER_CHOICES {
            for piece_kb in PIECE_KB_CHOICES {
                for file_mb in FILE_MB_CHOICES {
                    let settings = CompareSettings {
                        peers,
                        piece_kb,
                        file_mb,
                        churn: true,
                        flash_crowd: true,
                        server_fails: true,
                        ..CompareSettings::default()
                    };
                    for mode in [Mode::Cs, Mode::P2p] {
                        let p = distribute_params(&settings, mode);
                        assert!(p.validate().is_ok(), "{settings:?}: {:?}", p.validate());
                    }
                    let ideal = CompareSettings {
                        scheduler: Scheduler::Ideal,
                        ..settings
                    };
                    match ideal_params(&ideal) {
                        Some(p) => assert!(p.validate().is_ok(), "{ideal:?}: {:?}", p.validate()),
                        None => assert!(peers > MAX_IDEAL_PEERS),
                    }
                }
            }
        }
    }

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<CompareSettings>();
    }

    #[test]
    fn settings_go_into_the_url_and_come_back() {
        let settings = CompareSettings {
            peers: 1_000,
            piece_kb: 64,
            churn: true,
            scheduler: Scheduler::Ideal,
            ..CompareSettings::default()
        };
        let query = to_query(&settings);
        assert_eq!(
            query,
            vec![
                ("peers", "1000".to_string()),
                ("piece-kb", "64".to_string()),
                ("churn", "1".to_string()),
                ("scheduler", "ideal".to_string())
            ]
        );
        let mut back = CompareSettings::default();
        for (name, value) in &query {
            assert_eq!(set_from_query(&mut back, name, value), Some(Ok(())));
        }
        assert_eq!(back, settings);
        assert_eq!(
            set_from_query(&mut back, "peers", "7"),
            Some(Err("10, 50, 100, 500, 1000, 10000".into()))
        );
        assert_eq!(set_from_query(&mut back, "lang", "es"), None);
    }

    #[test]
    fn the_default_comparison_matches_the_textbook_bounds() {
        // 100 peers × 400 Mbit at 30 Mbit/s: 1,333 s client-server; the
        // swarm's uploads add 100 Mbit/s, so N·F/(u_s+Σu) = 307.7 s.
        let settings = CompareSettings::default();
        let cs = distribute_params(&settings, Mode::Cs);
        let p2p = distribute_params(&settings, Mode::P2p);
        assert!((cs.cs_bound_s() - 100.0 * 400.0 / 30.0).abs() < 1e-9);
        assert!((p2p.p2p_bound_s() - 100.0 * 400.0 / 130.0).abs() < 1e-9);
    }
}
