//! Where the comparison is simulated: its runs on one clock, a budget of
//! events at a time, asked for by jobs and answering with frames
//! ([`side_view`](super::side_view)). In the page the jobs go to a Web
//! Worker (`src/ui/compare_worker.rs`), so 10,000 peers never hold the
//! page's thread; elsewhere, and if no worker can start, they are answered
//! here, the same way.

use super::side_view::{Sent, write_side};
use super::{CompareSettings, distribute_params, ideal_params};
use crate::lesson::address::{set_from_query, to_query};
use cslab_sim::runs::distribute::{DistributeSim, Mode};
use cslab_sim::time::SimTime;

/// Events each run may take in a frame, at first: the frames' work is
/// fitted to a budget of real time as it is measured ([`Runs::fit_frame`]).
pub const FIRST_EVENTS_PER_FRAME: u64 = 1_000;

/// Client-server, the swarm, and the ideal schedule if chosen, on one
/// clock.
pub struct Runs {
    settings: CompareSettings,
    sides: Vec<DistributeSim>,
    clock: SimTime,
    /// Events each run may take in one frame before the clock waits for it.
    events_per_frame: u64,
    /// Events the runs took in the last frame.
    ran: u64,
    sent: Vec<Sent>,
}

impl Runs {
    pub fn new(settings: &CompareSettings) -> Runs {
        let sim = |mode| {
            DistributeSim::new(&distribute_params(settings, mode))
                .expect("every choice the learner has is valid")
        };
        let ideal = ideal_params(settings)
            .map(|p| DistributeSim::new(&p).expect("the ideal schedule of every choice is valid"));
        let sides: Vec<_> = [sim(Mode::Cs), sim(Mode::P2p)]
            .into_iter()
            .chain(ideal)
            .collect();
        Runs {
            settings: *settings,
            sent: vec![Sent::default(); sides.len()],
            sides,
            clock: SimTime::ZERO,
            events_per_frame: FIRST_EVENTS_PER_FRAME,
            ran: 0,
        }
    }

    /// The last frame's work took `spent_ms` of real time: the next frames
    /// take as many events as fit `budget_ms`. How the events are sliced
    /// changes nothing in the runs.
    pub fn fit_frame(&mut self, spent_ms: f64, budget_ms: f64) {
        if self.ran == 0 || spent_ms <= 0.0 {
            return;
        }
        let fitting = self.ran as f64 * budget_ms / spent_ms;
        // Halfway there (in ratio), so one slow frame does not swing it.
        let next = (self.events_per_frame as f64 * fitting).sqrt();
        self.events_per_frame = next.clamp(100.0, 1_000_000.0) as u64;
    }

    /// Each run moves on at most a frame's events; the clock moves once
    /// every run has reached `t`. Runs do not go back: an earlier `t` runs
    /// them again from the start, the same way (a run is a pure function of
    /// its settings).
    pub fn run_until(&mut self, t: SimTime) {
        if t < self.clock {
            let events_per_frame = self.events_per_frame;
            *self = Runs::new(&self.settings);
            self.events_per_frame = events_per_frame;
        }
        let (mut reached, max) = (true, self.events_per_frame);
        self.ran = 0;
        for side in self.sides.iter_mut() {
            let ran = side.run_until(t, max);
            self.ran += ran;
            reached &= ran < max;
        }
        if reached {
            self.clock = t;
        }
    }

    /// The frame of job `id`: the clock, then each run.
    fn frame(&mut self, id: u32) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend(id.to_le_bytes());
        out.extend(self.clock.as_nanos().to_le_bytes());
        for (side, sent) in self.sides.iter().zip(&mut self.sent) {
            write_side(&mut out, side, sent);
        }
        out
    }
}

/// A job: "ID T QUERY", its frame's number, the clock to run to (in
/// nanoseconds), and the settings as the page's address writes them.
pub fn job(id: u32, t: SimTime, settings: &CompareSettings) -> String {
    let query: Vec<String> = (to_query(settings).iter())
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    format!("{id} {} {}", t.as_nanos(), query.join("&"))
}

fn read_job(job: &str) -> Option<(u32, SimTime, CompareSettings)> {
    let [id, t, query] = job.splitn(3, ' ').collect::<Vec<_>>()[..] else {
        return None;
    };
    let mut settings = CompareSettings::default();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=')?;
        set_from_query(&mut settings, name, value)?.ok()?;
    }
    Some((
        id.parse().ok()?,
        SimTime::from_nanos(t.parse().ok()?),
        settings,
    ))
}

/// Answers jobs: the runs of the last settings asked for, kept between
/// jobs.
#[derive(Default)]
pub struct Jobs {
    runs: Option<Runs>,
}

impl Jobs {
    /// The frame of `job`, once its runs have moved on toward its clock.
    pub fn answer(&mut self, job: &str) -> Result<Vec<u8>, String> {
        let (id, t, settings) =
            read_job(job).ok_or_else(|| format!("not a comparison job: {job:?}"))?;
        let runs = match &mut self.runs {
            Some(runs) if runs.settings == settings => runs,
            other => other.insert(Runs::new(&settings)),
        };
        runs.run_until(t);
        Ok(runs.frame(id))
    }

    pub fn fit_frame(&mut self, spent_ms: f64, budget_ms: f64) {
        if let Some(runs) = &mut self.runs {
            runs.fit_frame(spent_ms, budget_ms);
        }
    }
}

/// Where the comparison's jobs go.
pub trait Runner {
    /// Sends a job.
    fn post(&mut self, job: String);
    /// The next frame answered: at once here, a frame later from a worker.
    fn take(&mut self) -> Option<Vec<u8>>;
    /// The frame's work here took `spent_ms` (a worker fits its own).
    fn fit_frame(&mut self, _spent_ms: f64, _budget_ms: f64) {}
    /// The runs move on elsewhere, answering a frame after they are asked.
    fn in_background(&self) -> bool {
        false
    }
}

/// The jobs answered on this thread.
#[derive(Default)]
pub struct Here {
    jobs: Jobs,
    answered: Option<Vec<u8>>,
}

impl Runner for Here {
    fn post(&mut self, job: String) {
        let frame = self
            .jobs
            .answer(&job)
            .expect("the comparison writes its own jobs");
        self.answered = Some(frame);
    }

    fn take(&mut self) -> Option<Vec<u8>> {
        self.answered.take()
    }

    fn fit_frame(&mut self, spent_ms: f64, budget_ms: f64) {
        self.jobs.fit_frame(spent_ms, budget_ms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_sim::runs::distribute::Scheduler;

    #[test]
    fn a_job_reads_back_as_written() {
        let settings = CompareSettings {
            peers: 10_000,
            churn: true,
            scheduler: Scheduler::Ideal,
            ..CompareSettings::default()
        };
        let t = SimTime::from_millis(1_234);
        assert_eq!(read_job(&job(7, t, &settings)), Some((7, t, settings)));
        assert!(
            Jobs::default().answer("7 12 peers=7").is_err(),
            "7 peers is no choice"
        );
        assert!(Jobs::default().answer("seven").is_err());
    }

    /// A frame that took twice its budget halves the work toward it (in
    /// ratio, halfway: ×1/√2); an idle one changes nothing.
    #[test]
    fn the_frames_work_follows_its_budget() {
        let mut runs = Runs::new(&CompareSettings::default());
        runs.fit_frame(20.0, 10.0);
        assert_eq!(
            runs.events_per_frame, FIRST_EVENTS_PER_FRAME,
            "nothing ran yet"
        );
        runs.run_until(SimTime::from_secs(1_000));
        assert_eq!(
            runs.ran,
            2 * FIRST_EVENTS_PER_FRAME,
            "each side took its share"
        );
        runs.fit_frame(20.0, 10.0);
        // √(1,000 × 2,000 × 10/20) = 1,000: the two sides took 2,000 in 20 ms.
        assert_eq!(runs.events_per_frame, 1_000);
        runs.run_until(SimTime::from_secs(2_000));
        runs.fit_frame(5.0, 10.0);
        // √(1,000 × 2,000 × 10/5) = 2,000.
        assert_eq!(runs.events_per_frame, 2_000);
    }
}
