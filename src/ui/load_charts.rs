//! The live charts of a load run, up to the clock: throughput, what the
//! users waited (p50, p95, p99), queue length, cores computing, busy
//! workers and refusals, one line per server.

use yew::prelude::*;

use super::chart::{ChartSpec, Line, PALETTE, chart, plain_number};
use super::live::LiveLesson;
use cslab_lessons::lesson::under_load::CORES;
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::runs::load::{Sample, Series};
use cslab_sim::time::SimTime;

#[derive(Properties, PartialEq)]
pub struct LoadChartsProps {
    pub lang: Lang,
    pub live: LiveLesson,
    pub now: SimTime,
    /// How long new requests arrive, s: the charts' time axis.
    pub duration_s: f64,
}

#[function_component(LoadCharts)]
pub fn load_charts(props: &LoadChartsProps) -> Html {
    let tr = Tr(props.lang);
    let playback = props.live.playback.borrow();
    let Some(load) = playback.run().and_then(|run| run.load()) else {
        return html! {};
    };
    let series = load.series();
    let model = load.params().model();
    // Both limits as the run's own utilisation figures count them.
    let workers = model.threads.min(model.effective_max_connections().max(1));
    let count = |key: &str, n: u32| tr.t_args(key, &[("n", &tr.0.integer(n.into()))]);
    let now_s = props.now.as_secs_f64();
    let x_max = props.duration_s.max(now_s);
    let x_label = tr.t("chart-time-s");
    let spec = |title: String,
                y_format: fn(Lang, f64) -> String,
                y_max: Option<f64>,
                lines: Vec<Line>| ChartSpec {
        lang: tr.0,
        title,
        x_label: x_label.clone(),
        x_max,
        x_format: plain_number,
        y_format,
        y_max,
        lines,
    };
    let per_server = |value: fn(&Sample) -> f64| per_server_lines(tr, series, now_s, value);
    let users_ms = |label: &str, colour, value: fn(&Sample) -> f64| Line {
        label: label.into(),
        colour,
        points: up_to(&series.users, now_s)
            .map(|sample| (sample.t_s, value(sample) * 1e3))
            .collect(),
        dots: false,
    };
    let charts = [
        spec(
            tr.t("chart-throughput"),
            plain_number,
            None,
            per_server(|sample| sample.throughput_rps),
        ),
        spec(
            tr.t("chart-response"),
            plain_number,
            None,
            vec![
                users_ms("p50", PALETTE[1], |sample| sample.p50_s),
                users_ms("p95", PALETTE[2], |sample| sample.p95_s),
                users_ms("p99", PALETTE[4], |sample| sample.p99_s),
            ],
        ),
        spec(
            tr.t("chart-queue"),
            plain_number,
            None,
            per_server(|sample| sample.queued as f64),
        ),
        // The machine's real limit: a worker pool far larger than the
        // cores shows few workers busy while every core computes.
        spec(
            count("chart-cores", CORES),
            plain_number,
            Some(CORES.into()),
            per_server(|sample| sample.computing),
        ),
        spec(
            count("chart-busy", workers),
            |lang, y| lang.percent(y, 0),
            Some(1.0),
            per_server(|sample| sample.utilization),
        ),
        spec(
            tr.t("chart-refused"),
            plain_number,
            None,
            per_server(|sample| sample.refused_per_s),
        ),
    ];
    html! {
        <section class="card charts" aria-labelledby="charts-heading">
            <h2 id="charts-heading">{ tr.t("charts-heading") }</h2>
            <div class="chart-grid">
                { for charts.iter().map(chart) }
            </div>
        </section>
    }
}

/// The samples taken by `now_s`.
fn up_to(samples: &[Sample], now_s: f64) -> impl Iterator<Item = &Sample> {
    samples.iter().take_while(move |sample| sample.t_s <= now_s)
}

/// One line per server of `value` over time.
fn per_server_lines(tr: Tr, series: &Series, now_s: f64, value: fn(&Sample) -> f64) -> Vec<Line> {
    series
        .replicas
        .iter()
        .enumerate()
        .map(|(index, samples)| Line {
            label: tr.t_args("node-replica", &[("n", &(index + 1).to_string())]),
            colour: PALETTE[index % PALETTE.len()],
            points: up_to(samples, now_s)
                .map(|sample| (sample.t_s, value(sample)))
                .collect(),
            dots: false,
        })
        .collect()
}
