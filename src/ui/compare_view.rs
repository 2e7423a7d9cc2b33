//! "Client-server or peer-to-peer?" on screen: the two runs (three with the
//! ideal schedule) side by side on one clock, each a field of dots (a peer's dot fills as its pieces arrive;
//! with few peers, lines show who is sending to whom), and below them the
//! share of peers done over time, the upload capacity in use, and the
//! distribution time against N with the Kurose–Ross bounds.

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::animation::now_ms;
use super::chart::{ChartSpec, Line, PALETTE, chart, plain_number};
use super::compare_worker::CompareWorker;
use super::dot_field::{DotGroup, Field, Rgb, Surface};
use super::live::LiveLesson;
use super::n_sweep::NSweep;
use super::popular_card::PopularCard;
use super::view_frames::use_view_frames;
use cslab_lessons::lesson::compare::{
    CompareSettings, ComparisonRun, MAX_LINES, MAX_PEERS_WITH_LINES, SideView,
};
use cslab_lessons::lesson::playback::{Clocked, Playback, PlaybackStatus};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::runs::distribute::{MAX_IDEAL_PEERS, PeerState, Sample, Scheduler};

/// Real time a frame may spend running the comparison when no worker can
/// (the page stays responsive even with 10,000 peers; the clock waits if
/// the runs fall behind).
const FRAME_BUDGET_MS: f64 = 10.0;

#[derive(Properties, PartialEq)]
pub struct CompareViewProps {
    pub lang: Lang,
    pub settings: CompareSettings,
    /// The lesson's playback, over a [`ComparisonRun`].
    pub live: LiveLesson,
    pub on_status: Callback<PlaybackStatus>,
    /// The controls, shown under the panes.
    #[prop_or_default]
    pub children: Html,
}

/// A frame: the playback moves the runs on (in a worker, else here as many
/// events as fit the frame's budget, measured each frame)...
fn play(playback: &mut Playback, real_ms: f64) {
    if let Some(run) = comparison_mut(playback) {
        run.move_runs(CompareWorker::start);
    }
    let start = now_ms();
    playback.advance(real_ms);
    let spent = now_ms() - start;
    if let Some(run) = comparison_mut(playback) {
        run.fit_frame(spent, FRAME_BUDGET_MS);
    }
}

/// ...and each pane draws its run.
fn draw_panes(playback: &Playback, canvases: &[NodeRef]) {
    let Some(run) = comparison(playback) else {
        return;
    };
    for (canvas, side) in canvases.iter().zip(run.sides()) {
        if let Some(canvas) = canvas.cast::<HtmlCanvasElement>() {
            draw(&canvas, side);
        }
    }
}

/// The comparison under the playback's clock.
fn comparison(playback: &Playback) -> Option<&ComparisonRun> {
    playback.clocked()?.as_any().downcast_ref()
}

fn comparison_mut(playback: &mut Playback) -> Option<&mut ComparisonRun> {
    playback.clocked_mut()?.as_any_mut().downcast_mut()
}

#[function_component(CompareView)]
pub fn compare_view(props: &CompareViewProps) -> Html {
    let tr = Tr(props.lang);
    let canvases = [use_node_ref(), use_node_ref(), use_node_ref()];
    use_view_frames(
        props.live.clone(),
        props.on_status.clone(),
        canvases.to_vec(),
        (play, draw_panes),
    );

    let playback = props.live.playback.borrow();
    let Some(run) = comparison(&playback) else {
        return html! {};
    };
    let clock_s = run.clock().as_secs_f64();
    let pane = |index: usize, title: &str| {
        let side = &run.sides()[index];
        let n = side.params().total_peers();
        let status = match side.distribution_time_s() {
            Some(t) => tr.t_args("compare-done", &[("s", &props.lang.decimal(t, 0))]),
            None if side.is_done() => tr.t("compare-never"),
            None => tr.t_args(
                "compare-progress",
                &[
                    ("done", &props.lang.integer(side.peers_finished() as u64)),
                    ("n", &props.lang.integer(n as u64)),
                ],
            ),
        };
        html! {
            // The run's fingerprint, to compare with `cslab-cli distribute`.
            <section class={classes!("pane", ["cs", "p2p", "ideal"][index])} aria-label={tr.t(title)}
                data-events={side.events().to_string()} data-result-hash={side.hash_hex()}>
                <h3>{ tr.t(title) }</h3>
                <canvas ref={canvases[index].clone()} class="swarm"></canvas>
                <p class="status" role="status">{ status }</p>
                <p class="bound">{ tr.t_args("compare-bound", &[("s", &props.lang.decimal(side.params().bound_s(), 0))]) }</p>
            </section>
        }
    };
    // Where the runs move on, for the tests: "worker", or "page" where no
    // worker could start.
    let runs_in = if run.in_background() {
        "worker"
    } else {
        "page"
    };
    html! {
        <div class="compare-column" data-runs-in={runs_in}>
            <div class={classes!("panes", (run.sides().len() == 3).then_some("three"))}>
                { pane(0, "compare-cs") }
                { pane(1, "compare-p2p") }
                if run.sides().len() == 3 { { pane(2, "compare-ideal") } }
            </div>
            { ideal_note(tr, props.lang, &props.settings, run) }
            { props.children.clone() }
            { progress_charts(tr, run, clock_s) }
            <NSweep lang={props.lang} settings={props.settings} />
            <PopularCard lang={props.lang} settings={props.settings} />
        </div>
    }
}

/// What the ideal schedule shows: once both swarms are done, what
/// BitTorrent's rules cost against it; before, what it leaves out.
fn ideal_note(tr: Tr, lang: Lang, settings: &CompareSettings, run: &ComparisonRun) -> Html {
    if settings.scheduler != Scheduler::Ideal {
        return Html::default();
    }
    let text = match run.sides().get(2) {
        None => tr.t_args(
            "compare-ideal-too-many",
            &[("max", &lang.integer(MAX_IDEAL_PEERS as u64))],
        ),
        Some(ideal) => {
            let bt = &run.sides()[1];
            match (bt.distribution_time_s(), ideal.distribution_time_s()) {
                (Some(t_bt), Some(t)) => tr.t_args(
                    "compare-ideal-cost",
                    &[
                        ("bt", &lang.decimal(t_bt, 0)),
                        ("ideal", &lang.decimal(t, 0)),
                        ("pct", &lang.percent(t_bt / t - 1.0, 0)),
                        ("bt_use", &lang.percent(peer_upload_use(bt, settings), 0)),
                        (
                            "ideal_use",
                            &lang.percent(peer_upload_use(ideal, settings), 0),
                        ),
                    ],
                ),
                _ if settings.churn || settings.flash_crowd || settings.server_fails => {
                    tr.t("compare-ideal-calm")
                }
                _ => tr.t("compare-ideal-intro"),
            }
        }
    };
    html! { <p class="card ideal-note" role="note">{ text }</p> }
}

/// The share (0 to 1) of the peers' upload capacity a run used until it ended.
fn peer_upload_use(side: &SideView, settings: &CompareSettings) -> f64 {
    let capacity = side.params().total_peers() as f64 * settings.peer_up_mbps as f64 * 1e6;
    let seconds = (side.distribution_time_s()).unwrap_or(side.now().as_secs_f64());
    8.0 * side.bytes_from_peers() as f64 / (capacity * seconds).max(1.0)
}

/// Peers done over time, and the upload capacity in use, of every run.
fn progress_charts(tr: Tr, run: &ComparisonRun, clock_s: f64) -> Html {
    let (cs, p2p) = (&run.sides()[0], &run.sides()[1]);
    let x_max = clock_s.max(1.0);
    let upto = |side: &SideView| {
        side.series()
            .iter()
            .filter(|sample| sample.t_s <= clock_s)
            .copied()
            .collect::<Vec<_>>()
    };
    let (cs_samples, p2p_samples) = (upto(cs), upto(p2p));
    let ideal_samples = run.sides().get(2).map(upto);
    let line = |label: &str, colour, samples: &[Sample], value: fn(&Sample) -> f64| Line {
        label: tr.t(label),
        colour,
        points: samples.iter().map(|s| (s.t_s, value(s))).collect(),
        dots: false,
    };
    let done = ChartSpec {
        lang: tr.0,
        title: tr.t("chart-peers-done"),
        x_label: tr.t("chart-time-s"),
        x_max,
        x_format: plain_number,
        y_format: plain_number,
        y_max: None,
        lines: vec![
            line("compare-cs", PALETTE[0], &cs_samples, |s| s.finished as f64),
            line("compare-p2p", PALETTE[1], &p2p_samples, |s| {
                s.finished as f64
            }),
        ]
        .into_iter()
        .chain(
            ideal_samples
                .as_deref()
                .map(|samples| line("compare-ideal", PALETTE[3], samples, |s| s.finished as f64)),
        )
        .collect(),
    };
    let upload = ChartSpec {
        lang: tr.0,
        title: tr.t("chart-upload"),
        x_label: tr.t("chart-time-s"),
        x_max,
        x_format: plain_number,
        y_format: plain_number,
        y_max: None,
        lines: vec![
            line("upload-cs-server", PALETTE[0], &cs_samples, |s| {
                s.server_up_bps as f64 / 1e6
            }),
            line("upload-p2p-server", PALETTE[2], &p2p_samples, |s| {
                s.server_up_bps as f64 / 1e6
            }),
            line("upload-p2p-peers", PALETTE[1], &p2p_samples, |s| {
                s.peers_up_bps as f64 / 1e6
            }),
        ],
    };
    html! {
        <section class="card charts">
            <div class="chart-grid">
                { chart(&done) }
                { chart(&upload) }
            </div>
        </section>
    }
}

/// Draws a run: the server at the top, the peers as a field of dots below,
/// each filled as far as its pieces have arrived.
fn draw(canvas: &HtmlCanvasElement, side: &SideView) {
    let Some(surface) = Surface::of(canvas) else {
        return;
    };
    let context = &surface.context;
    let n = side.params().total_peers();
    let field = Field::new(n, surface.width, surface.height, 48.0);
    let server = (surface.width / 2.0, 22.0);
    let mut groups: Vec<DotGroup> = (0..SHADES + 3)
        .map(|bucket| (shade(bucket), Vec::new()))
        .collect();
    for (index, peer) in side.peers().iter().enumerate() {
        let bucket = match peer.state {
            PeerState::Waiting => continue,
            PeerState::Downloading => (peer.fraction * (SHADES - 1) as f64).round() as usize,
            PeerState::Seeding => SHADES,
            PeerState::Done => SHADES + 1,
            PeerState::Quit => SHADES + 2,
        };
        groups[bucket].1.push(field.at(index as u32));
    }
    surface.dots(&field, &groups);
    if n <= MAX_PEERS_WITH_LINES && side.lines().len() <= MAX_LINES {
        context.set_line_width(1.0);
        for &(from_node, to_node) in side.lines() {
            let from = if from_node == 0 {
                server
            } else {
                field.at(from_node - 1)
            };
            context.set_stroke_style_str(if from_node == 0 {
                "rgba(95,111,137,0.45)"
            } else {
                "rgba(15,155,116,0.45)"
            });
            context.begin_path();
            context.move_to(from.0, from.1);
            let to = field.at(to_node - 1);
            context.line_to(to.0, to.1);
            context.stroke();
        }
    }
    context.set_fill_style_str(if side.server_alive() {
        "#5f6f89"
    } else {
        "#d92d20"
    });
    context.begin_path();
    let _ = context.arc(server.0, server.1, 12.0, 0.0, std::f64::consts::TAU);
    context.fill();
}

/// Steps of a downloading peer's fill, from empty to full.
const SHADES: usize = 8;

/// A bucket's colour: downloading shades from pale to blue, then seeding,
/// done and quit.
fn shade(bucket: usize) -> Rgb {
    match bucket {
        b if b < SHADES => {
            let f = b as f64 / (SHADES - 1) as f64;
            let mix = |from: f64, to: f64| (from + (to - from) * f).round() as u8;
            (mix(214.0, 47.0), mix(222.0, 111.0), mix(236.0, 237.0))
        }
        b if b == SHADES => (15, 155, 116),
        b if b == SHADES + 1 => (124, 199, 172),
        _ => (217, 45, 32),
    }
}
