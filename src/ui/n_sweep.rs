//! Distribution time against N: for each N, a client-server run and a swarm
//! run (in the page's workers), drawn as dots over the two Kurose–Ross
//! lower bounds: `max(N·F/u_s, F/d_min)` grows in a straight line,
//! `max(F/u_s, F/d_min, N·F/(u_s + Σu_i))` levels off.

use yew::prelude::*;

use super::chart::{ChartSpec, Line, PALETTE, chart, plain_number};
use super::sweep_workers::use_sweep;
use cslab_lessons::lesson::compare::{CompareSettings, SWEEP_PEERS, distribute_params};
use cslab_lessons::sweep_job::{DISTRIBUTION_MODES, Sweep};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::runs::distribute::Mode;

#[derive(Properties, PartialEq)]
pub struct NSweepProps {
    pub lang: Lang,
    pub settings: CompareSettings,
}

#[function_component(NSweep)]
pub fn n_sweep(props: &NSweepProps) -> Html {
    let tr = Tr(props.lang);
    // The parent keys the comparison by its settings: a new sweep for new
    // settings.
    let sweep = use_sweep(Sweep::Distribution(props.settings));
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
    // Each N's runs, one per mode in turn; NaN: some peer never finished.
    let measured = |mode: usize| -> Vec<(f64, f64)> {
        (sweep.points().into_iter())
            .filter(|&(index, [_, time])| {
                index % DISTRIBUTION_MODES.len() == mode && !time.is_nan()
            })
            .map(|(_, point)| point.into())
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
            { sweep.controls(tr, "nsweep-run") }
        </section>
    }
}
