//! The sweep: mean response time against offered load for the chosen
//! server, one simulated run per point (one per animation frame, so the page
//! stays responsive), with the M/M/c curve the points should lie on.

use std::rc::Rc;

use yew::prelude::*;

use super::animation::use_animation_frames;
use super::chart::{ChartSpec, Line, PALETTE, chart, plain_number};
use cslab_lessons::lesson::under_load::{LoadSettings, SERVICE_MS, SWEEP_LOADS, under_load_params};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::runs::load::{SweepPoint, sweep, sweep_point};

/// Requests per point: enough for the mean to settle within a few percent
/// below ρ = 0.9, few enough to run in one frame.
const REQUESTS: u64 = 2_000;

#[derive(Properties, PartialEq)]
pub struct SweepChartProps {
    pub lang: Lang,
    pub load: LoadSettings,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct SweepState {
    points: Vec<SweepPoint>,
    running: bool,
}

enum SweepAction {
    Start,
    Add(SweepPoint),
}

impl Reducible for SweepState {
    type Action = SweepAction;

    fn reduce(self: Rc<Self>, action: SweepAction) -> Rc<Self> {
        Rc::new(match action {
            SweepAction::Start => SweepState {
                points: Vec::new(),
                running: true,
            },
            SweepAction::Add(point) => {
                let mut points = self.points.clone();
                points.push(point);
                SweepState {
                    running: points.len() < SWEEP_LOADS.len(),
                    points,
                }
            }
        })
    }
}

#[function_component(SweepChart)]
pub fn sweep_chart(props: &SweepChartProps) -> Html {
    let tr = Tr(props.lang);
    // The parent keys this component by the settings: new settings are a
    // new server, whose sweep starts empty.
    let state = use_reducer_eq(SweepState::default);
    let shown = (*state).clone();
    let base = under_load_params(&props.load);
    let service_s = SERVICE_MS / 1e3;
    let on_frame = {
        let dispatch = state.dispatcher();
        let base = base.clone();
        use_callback(shown.points.len(), move |_, &done| {
            if let Some(&rho) = SWEEP_LOADS.get(done) {
                dispatch.dispatch(SweepAction::Add(sweep_point(
                    &base, service_s, rho, REQUESTS,
                )));
            }
        })
    };
    use_animation_frames(shown.running, on_frame);
    let theory = sweep(&base, service_s, &[], 0);
    let spec = ChartSpec {
        lang: tr.0,
        title: tr.t("sweep-title"),
        x_label: tr.t("sweep-x"),
        x_max: 1.0,
        x_format: plain_number,
        y_format: plain_number,
        y_max: None,
        lines: vec![
            Line {
                label: tr.t_args("sweep-theory", &[("c", &theory.c.to_string())]),
                colour: PALETTE[0],
                points: theory
                    .theory
                    .iter()
                    .map(|&(rho, s)| (rho, s * 1e3))
                    .collect(),
                dots: false,
            },
            Line {
                label: tr.t("sweep-simulated"),
                colour: PALETTE[4],
                points: shown
                    .points
                    .iter()
                    .map(|point| (point.rho, point.mean_response_s * 1e3))
                    .collect(),
                dots: true,
            },
        ],
    };
    let onclick = {
        let dispatch = state.dispatcher();
        move |_| dispatch.dispatch(SweepAction::Start)
    };
    html! {
        <section class="card sweep" aria-labelledby="sweep-heading">
            <h2 id="sweep-heading">{ tr.t("sweep-heading") }</h2>
            <p class="hint">{ tr.t_args("sweep-intro", &[("n", &props.lang.integer(REQUESTS))]) }</p>
            { chart(&spec) }
            <button type="button" class="run-sweep" {onclick} disabled={shown.running}>
                { tr.t(if shown.running { "sweep-running" } else { "sweep-run" }) }
            </button>
        </section>
    }
}
