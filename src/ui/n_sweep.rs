//! Distribution time against N: for each N, a client-server run and a swarm
//! run (in slices, a few milliseconds a frame), drawn as dots over the two
//! Kurose–Ross lower bounds: `max(N·F/u_s, F/d_min)` grows in a straight
//! line, `max(F/u_s, F/d_min, N·F/(u_s + Σu_i))` levels off.

use yew::prelude::*;

use super::animation::{now_ms, use_animation_frames};
use super::chart::{ChartSpec, Line, PALETTE, chart, plain_number};
use cslab_lessons::lesson::compare::{CompareSettings, SWEEP_PEERS, distribute_params};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::runs::distribute::{DistributeSim, Mode};
use cslab_sim::runs::stepping::step_within;

const FRAME_BUDGET_MS: f64 = 10.0;
const SLICE_EVENTS: u64 = 2_000;
const MODES: [Mode; 2] = [Mode::Cs, Mode::P2p];

#[derive(Properties, PartialEq)]
pub struct NSweepProps {
    pub lang: Lang,
    pub settings: CompareSettings,
}

/// The sweep's runs: the one under way, and the times measured so far, by
/// mode and N (`None`: some peer never finished).
#[derive(Default)]
struct Sweep {
    running: Option<(usize, DistributeSim)>,
    times: [Vec<(u32, Option<f64>)>; 2],
}

impl Sweep {
    /// The settings of the sweep's `index`th run: every N in both modes,
    /// with the stress switches off (the bounds assume a calm swarm).
    fn run(settings: &CompareSettings, index: usize) -> Option<DistributeSim> {
        let n = *SWEEP_PEERS.get(index / 2)?;
        let calm = CompareSettings {
            peers: n,
            churn: false,
            flash_crowd: false,
            server_fails: false,
            ..*settings
        };
        DistributeSim::new(&distribute_params(&calm, MODES[index % 2])).ok()
    }

    /// Runs a frame's worth; says whether there is more to do.
    fn advance(&mut self, settings: &CompareSettings) -> bool {
        let start = now_ms();
        while let Some((index, sim)) = self.running.as_mut() {
            let left = FRAME_BUDGET_MS - (now_ms() - start);
            step_within(sim, SLICE_EVENTS, left, now_ms);
            if !sim.is_done() {
                break;
            }
            let index = *index;
            let report = sim.report();
            self.times[index % 2].push((report.peers, report.distribution_time_s));
            self.running = Sweep::run(settings, index + 1).map(|sim| (index + 1, sim));
        }
        self.running.is_some()
    }
}

#[function_component(NSweep)]
pub fn n_sweep(props: &NSweepProps) -> Html {
    let tr = Tr(props.lang);
    // The parent keys the comparison by its settings: a new sweep for new
    // settings.
    let sweep = use_mut_ref(Sweep::default);
    let running = use_state_eq(|| false);
    let refresh = use_force_update();
    let on_frame = {
        let (sweep, running, settings) = (sweep.clone(), running.clone(), props.settings);
        use_callback((), move |_, ()| {
            let more = sweep.borrow_mut().advance(&settings);
            running.set(more);
            refresh.force_update();
        })
    };
    use_animation_frames(*running, on_frame);
    let start = {
        let (sweep, running, settings) = (sweep.clone(), running.clone(), props.settings);
        move |_| {
            *sweep.borrow_mut() = Sweep {
                running: Sweep::run(&settings, 0).map(|sim| (0, sim)),
                ..Sweep::default()
            };
            running.set(true);
        }
    };
    let n_max = *SWEEP_PEERS.last().unwrap_or(&1) as f64;
    let bound = |mode: Mode| -> Vec<(f64, f64)> {
        (0..=50)
            .map(|step| ((step as f64 / 50.0 * n_max).round() as u32).max(1))
            .map(|n| {
                let p = distribute_params(
                    &CompareSettings {
                        peers: n,
                        ..props.settings
                    },
                    mode,
                );
                let bound = match mode {
                    Mode::Cs => p.cs_bound_s(),
                    Mode::P2p => p.p2p_bound_s(),
                };
                (n as f64, bound)
            })
            .collect()
    };
    let measured = |index: usize| -> Vec<(f64, f64)> {
        sweep.borrow().times[index]
            .iter()
            .filter_map(|&(n, time)| time.map(|t| (n as f64, t)))
            .collect()
    };
    let spec = ChartSpec {
        lang: tr.0,
        title: tr.t("nsweep-title"),
        x_label: tr.t("nsweep-x"),
        x_max: n_max,
        x_format: plain_number,
        y_format: plain_number,
        y_max: None,
        lines: vec![
            Line {
                label: tr.t("nsweep-cs-bound"),
                colour: PALETTE[0],
                points: bound(Mode::Cs),
                dots: false,
            },
            Line {
                label: tr.t("nsweep-p2p-bound"),
                colour: PALETTE[1],
                points: bound(Mode::P2p),
                dots: false,
            },
            Line {
                label: tr.t("compare-cs"),
                colour: PALETTE[0],
                points: measured(0),
                dots: true,
            },
            Line {
                label: tr.t("compare-p2p"),
                colour: PALETTE[1],
                points: measured(1),
                dots: true,
            },
        ],
    };
    html! {
        <section class="card sweep n-sweep" aria-labelledby="nsweep-heading">
            <h2 id="nsweep-heading">{ tr.t("nsweep-heading") }</h2>
            <p class="hint">{ tr.t("nsweep-intro") }</p>
            { chart(&spec) }
            <button type="button" class="run-sweep" onclick={start} disabled={*running}>
                { tr.t(if *running { "sweep-running" } else { "nsweep-run" }) }
            </button>
        </section>
    }
}
