//! The sandbox run's charts, under its controls as a lesson's live charts
//! are: the bytes each client has received, and the load on the busiest
//! links against their bandwidth, up to the clock. The numbers are the
//! run's own ([`cslab_lessons::sandbox_charts`]); this only draws them.

use yew::prelude::*;

use crate::ui::chart::{ChartSpec, Line, PALETTE, chart, plain_number};
use crate::ui::live::LiveLesson;
use cslab_lessons::lesson::playback::Playback;
use cslab_lessons::sandbox::SandboxLesson;
use cslab_lessons::sandbox_charts::RunCharts;
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::time::SimTime;

/// Clients drawn at most: a line each, in the palette's colours.
const MOST_CLIENTS: usize = PALETTE.len();
/// Links drawn at most, the busiest, a chart each.
const MOST_LINKS: usize = 3;

/// The charts at the clock `now`, if the run is a sandbox's. They are
/// drawn again only when a window of the run ends (or widens, or records
/// go unread), not every frame.
pub fn run_charts(lang: Lang, live: &LiveLesson, now: SimTime) -> Html {
    match Shown::at(live, now) {
        Some(shown) => html! { <SandboxCharts {lang} live={live.clone()} {shown} /> },
        None => Html::default(),
    }
}

/// What the charts show: so many windows of such a width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shown {
    windows: usize,
    window: SimTime,
    missed: u64,
}

impl Shown {
    /// What the charts of `live`'s run show at `now`, if it is a sandbox's.
    pub fn at(live: &LiveLesson, now: SimTime) -> Option<Shown> {
        let playback = live.playback.borrow();
        let charts = charts_of(&playback)?;
        Some(Shown {
            windows: charts.windows_by(now),
            window: charts.window(),
            missed: charts.missed(),
        })
    }
}

#[derive(Properties, PartialEq)]
pub struct RunChartsProps {
    pub lang: Lang,
    pub live: LiveLesson,
    pub shown: Shown,
}

#[function_component(SandboxCharts)]
pub fn run_charts_component(props: &RunChartsProps) -> Html {
    let tr = Tr(props.lang);
    let playback = props.live.playback.borrow();
    let Some(charts) = charts_of(&playback) else {
        return Html::default();
    };
    let Shown {
        windows,
        window,
        missed,
    } = props.shown;
    // The end of the last window shown: the charts' clock.
    let upto = SimTime::from_nanos(windows as u64 * window.as_nanos());
    let x_label = tr.t("chart-time-s");
    let spec = |title: String, y_max: Option<f64>, lines: Vec<Line>| ChartSpec {
        lang: props.lang,
        title,
        x_label: x_label.clone(),
        x_max: upto.max(window).as_secs_f64(),
        x_format: seconds,
        y_format: plain_number,
        y_max,
        lines,
    };
    let line = |label: String, colour, points: &[(f64, f64)], scale: f64| Line {
        label,
        colour,
        points: points.iter().map(|&(t, y)| (t, y / scale)).collect(),
        dots: false,
    };
    let received = (charts.received(upto, MOST_CLIENTS).iter().zip(PALETTE))
        .map(|(curve, colour)| line(curve.name.clone(), colour, &curve.points, 1e3))
        .collect();
    let links = charts.busiest_links(upto, MOST_LINKS);
    let link_charts = links.iter().map(|load| {
        let (a, b) = (&load.ends.a, &load.ends.b);
        let mbps = load.ends.bandwidth_bps as f64 / 1e6;
        let way =
            |from: &str, to: &str| tr.t_args("sandbox-chart-way", &[("from", from), ("to", to)]);
        spec(
            tr.t_args(
                "sandbox-chart-link",
                &[
                    ("a", a),
                    ("b", b),
                    ("mbps", &plain_number(props.lang, mbps)),
                ],
            ),
            Some(mbps),
            vec![
                line(way(a, b), PALETTE[0], &load.there, 1e6),
                line(way(b, a), PALETTE[2], &load.back, 1e6),
            ],
        )
    });
    let count = |n: usize| props.lang.integer(n as u64);
    let window_ms = props.lang.integer(window.as_nanos() / 1_000_000);
    let notes = [
        Some(tr.t_args("sandbox-charts-window", &[("ms", &window_ms)])),
        (charts.clients() > MOST_CLIENTS).then(|| {
            tr.t_args(
                "sandbox-charts-most-clients",
                &[
                    ("shown", &count(MOST_CLIENTS)),
                    ("n", &count(charts.clients())),
                ],
            )
        }),
        (missed > 0).then(|| {
            tr.t_args(
                "sandbox-charts-missed",
                &[("n", &props.lang.integer(missed))],
            )
        }),
    ];
    html! {
        <section class="card charts sandbox-charts" aria-labelledby="sandbox-charts-heading">
            <h2 id="sandbox-charts-heading">{ tr.t("sandbox-charts-heading") }</h2>
            <div class="chart-grid">
                if charts.clients() > 0 {
                    { chart(&spec(tr.t("sandbox-chart-received"), None, received)) }
                }
                { for link_charts.map(|spec| chart(&spec)) }
            </div>
            <p class="hint">{ notes.into_iter().flatten().collect::<Vec<_>>().join(" ") }</p>
        </section>
    }
}

/// A time on the axis, in seconds: a run of a page lasts under one, and
/// its first window ends at 0.01.
fn seconds(lang: Lang, s: f64) -> String {
    let decimals = match s {
        0.0 => 0,
        s if s < 1.0 => 2,
        s if s < 10.0 => 1,
        _ => 0,
    };
    lang.decimal(s, decimals)
}

/// The run's charts, if the run playing is a sandbox's.
fn charts_of(playback: &Playback) -> Option<&RunCharts> {
    let run = playback.run()?.as_any().downcast_ref::<SandboxLesson>()?;
    Some(&run.charts)
}
