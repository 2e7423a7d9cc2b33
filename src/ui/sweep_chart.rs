//! The sweep: mean response time against offered load for the chosen
//! server, one simulated run per point (in the page's workers, so the page
//! stays responsive), with the M/M/c curve the points should lie on.

use yew::prelude::*;

use super::chart::{ChartSpec, Line, PALETTE, chart, plain_number};
use super::sweep_workers::use_sweep;
use cslab_lessons::lesson::under_load::{LoadSettings, SERVICE_MS, under_load_params};
use cslab_lessons::sweep_job::{LOAD_REQUESTS, Sweep};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::runs::load::sweep;

#[derive(Properties, PartialEq)]
pub struct SweepChartProps {
    pub lang: Lang,
    pub load: LoadSettings,
}

#[function_component(SweepChart)]
pub fn sweep_chart(props: &SweepChartProps) -> Html {
    let tr = Tr(props.lang);
    // The parent keys this component by the settings: new settings are a
    // new server, whose sweep starts empty.
    let measured = use_sweep(Sweep::Load(props.load));
    let base = under_load_params(&props.load);
    let service_s = SERVICE_MS / 1e3;
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
                points: measured
                    .points()
                    .into_iter()
                    .map(|(_, point)| point.into())
                    .collect(),
                dots: true,
            },
        ],
    };
    html! {
        <section class="card sweep" aria-labelledby="sweep-heading">
            <h2 id="sweep-heading">{ tr.t("sweep-heading") }</h2>
            <p class="hint">{ tr.t_args("sweep-intro", &[("n", &props.lang.integer(LOAD_REQUESTS))]) }</p>
            { chart(&spec) }
            { measured.controls(tr, "sweep-run") }
        </section>
    }
}
