//! The page's sweeps, one run per point, as jobs for its Web Workers
//! (`src/ui/sweep_workers.rs`). A job is a line of text, `INDEX KIND
//! QUERY`: the point's place in the sweep, and the settings written as the
//! page's address writes them (the address's own code, already tested to
//! read back what it writes). Its answer is `[INDEX, x, y]`, the point the
//! chart draws. A point is the same run wherever it is computed, so the
//! chart is the same for any number of workers.

use crate::lesson::compare::{CompareSettings, SWEEP_PEERS, distribute_params};
use crate::lesson::gossip_lesson::{GossipSettings, SWEEP_SIZES, gossip_params};
use crate::lesson::settings::Settings;
use crate::lesson::under_load::{LoadSettings, SERVICE_MS, SWEEP_LOADS, under_load_params};
use cslab_sim::runs::distribute::{Mode, run_distribute};
use cslab_sim::runs::gossip::{GossipParams, run_gossip};
use cslab_sim::runs::load::sweep_point;

/// Requests per point of the load sweep: enough for the mean to settle
/// within a few percent below ρ = 0.9.
pub const LOAD_REQUESTS: u64 = 2_000;

/// The two runs of each N in the sweep of distribution time, in this order.
pub const DISTRIBUTION_MODES: [Mode; 2] = [Mode::Cs, Mode::P2p];

/// A sweep of the page: its kind and the lesson's settings it starts from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sweep {
    /// Mean response time (ms) against offered load ρ.
    Load(LoadSettings),
    /// Distribution time (s, NaN if some peer never finished) against N,
    /// client-server at even points and the swarm at odd ones.
    Distribution(CompareSettings),
    /// Rounds until all were informed against network size.
    Gossip(GossipSettings),
}

impl Sweep {
    /// How many runs the sweep takes.
    pub fn points(&self) -> usize {
        match self {
            Sweep::Load(_) => SWEEP_LOADS.len(),
            Sweep::Distribution(_) => SWEEP_PEERS.len() * DISTRIBUTION_MODES.len(),
            Sweep::Gossip(_) => SWEEP_SIZES.len(),
        }
    }

    /// The job of the sweep's `index`th point.
    pub fn job(&self, index: usize) -> String {
        let mut settings = Settings::default();
        let kind = match *self {
            Sweep::Load(load) => {
                settings.load = load;
                "load"
            }
            Sweep::Distribution(compare) => {
                settings.compare = compare;
                "distribution"
            }
            Sweep::Gossip(gossip) => {
                settings.gossip = gossip;
                "gossip"
            }
        };
        let query: Vec<String> = (settings.to_query().iter())
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        format!("{index} {kind} {}", query.join("&"))
    }

    /// The sweep and point a job names.
    fn read(job: &str) -> Option<(Sweep, usize)> {
        let [index, kind, query] = job.splitn(3, ' ').collect::<Vec<_>>()[..] else {
            return None;
        };
        let mut settings = Settings::default();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=')?;
            settings.set_from_query(name, value)?.ok()?;
        }
        let sweep = match kind {
            "load" => Sweep::Load(settings.load),
            "distribution" => Sweep::Distribution(settings.compare),
            "gossip" => Sweep::Gossip(settings.gossip),
            _ => return None,
        };
        let index = index.parse().ok().filter(|&index| index < sweep.points())?;
        Some((sweep, index))
    }

    /// Runs a job: `[INDEX, x, y]`.
    pub fn answer(job: &str) -> Result<[f64; 3], String> {
        let (sweep, index) = Sweep::read(job).ok_or_else(|| format!("not a sweep job: {job:?}"))?;
        let [x, y] = sweep.run(index);
        Ok([index as f64, x, y])
    }

    /// The point: `[x, y]`.
    pub fn run(&self, index: usize) -> [f64; 2] {
        match self {
            Sweep::Load(settings) => {
                let rho = SWEEP_LOADS[index];
                let point = sweep_point(
                    &under_load_params(settings),
                    SERVICE_MS / 1e3,
                    rho,
                    LOAD_REQUESTS,
                );
                [rho, point.mean_response_s * 1e3]
            }
            Sweep::Distribution(settings) => {
                let peers = SWEEP_PEERS[index / DISTRIBUTION_MODES.len()];
                // The stress switches off: the bounds assume a calm swarm.
                let calm = CompareSettings {
                    peers,
                    churn: false,
                    flash_crowd: false,
                    server_fails: false,
                    ..*settings
                };
                let mode = DISTRIBUTION_MODES[index % DISTRIBUTION_MODES.len()];
                let report = run_distribute(&distribute_params(&calm, mode))
                    .expect("every setting of the lesson is a valid run");
                [peers as f64, report.distribution_time_s.unwrap_or(f64::NAN)]
            }
            Sweep::Gossip(settings) => {
                let nodes = SWEEP_SIZES[index];
                let report = run_gossip(&GossipParams {
                    nodes,
                    ..gossip_params(settings, 1)
                })
                .expect("every setting of the lesson is a valid run");
                [nodes as f64, report.rounds as f64]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::gossip_lesson::SPREAD_CHOICES;
    use crate::lesson::under_load::WEB_PRESETS;
    use cslab_sim::runs::distribute::Scheduler;

    fn sweeps() -> [Sweep; 3] {
        [
            Sweep::Load(LoadSettings {
                preset: WEB_PRESETS[3],
                replicas: 4,
                io_bound: true,
                ..LoadSettings::default()
            }),
            Sweep::Distribution(CompareSettings {
                file_mb: 10,
                scheduler: Scheduler::Ideal,
                churn: true,
                ..CompareSettings::default()
            }),
            Sweep::Gossip(GossipSettings {
                nodes: 1_000,
                spread: SPREAD_CHOICES[3],
            }),
        ]
    }

    #[test]
    fn a_job_names_its_sweep_and_point() {
        for sweep in sweeps() {
            for index in 0..sweep.points() {
                assert_eq!(Sweep::read(&sweep.job(index)), Some((sweep, index)));
            }
        }
    }

    #[test]
    fn a_jobs_answer_is_the_run_of_its_point() {
        for sweep in sweeps() {
            let index = sweep.points() - 1;
            let [x, y] = sweep.run(index);
            let answer = Sweep::answer(&sweep.job(index)).unwrap();
            assert_eq!(answer[0], index as f64);
            // Bit for bit: NaN (a peer that never finished) included.
            assert_eq!(answer[1].to_bits(), x.to_bits());
            assert_eq!(answer[2].to_bits(), y.to_bits());
        }
    }

    #[test]
    fn points_lie_where_the_chart_puts_them() {
        let load = Sweep::Load(LoadSettings::default());
        let ([low, calm_ms], [high, busy_ms]) = (load.run(0), load.run(8));
        assert_eq!((low, high), (0.1, 0.9));
        // A response takes at least its 20 ms of service, longer in a queue.
        assert!(
            SERVICE_MS < calm_ms && calm_ms < busy_ms,
            "{calm_ms} ms, {busy_ms} ms"
        );
        let settings = CompareSettings::default();
        let [n, cs] = Sweep::Distribution(settings).run(0);
        let [_, p2p] = Sweep::Distribution(settings).run(1);
        // 10 peers × 50 MB from 30 Mbit/s: at least N·F/u_s = 133.3 s.
        assert_eq!(n, 10.0);
        assert!(
            cs >= 10.0 * 400.0 / 30.0 && p2p < cs,
            "client-server {cs} s, swarm {p2p} s"
        );
        let [nodes, rounds] = Sweep::Gossip(GossipSettings::default()).run(3);
        assert_eq!((nodes, rounds > 1.0), (10_000.0, true));
    }

    #[test]
    fn the_distribution_sweep_is_calm_whatever_the_switches() {
        let calm = CompareSettings::default();
        let stormy = CompareSettings {
            churn: true,
            flash_crowd: true,
            server_fails: true,
            ..calm
        };
        for index in 0..2 {
            let [a, b] = [calm, stormy].map(|s| Sweep::Distribution(s).run(index));
            assert_eq!(a, b);
        }
    }

    #[test]
    fn a_bad_job_is_refused_with_its_text() {
        let good = sweeps()[2].job(0);
        let bad = [
            "".to_string(),
            "0 gossip".to_string(),
            good.replace("gossip", "chess"),
            good.replace("0 ", "4 "),
            good.replace("0 ", "x "),
            good.replace("nodes=", "nodez="),
            good.replace("=flood-4", ""),
            good.replace("nodes=", "nodes=7"),
        ];
        for job in bad {
            let error = Sweep::answer(&job).unwrap_err();
            assert!(
                error.contains("sweep") || error.contains("takes"),
                "{job:?}: {error}"
            );
        }
    }
}
