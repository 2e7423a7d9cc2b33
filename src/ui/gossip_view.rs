//! "A block spreads by gossip" on screen: the network as a field of dots
//! turning orange round by round (the newest in red), the nodes informed
//! per round, and the rounds against the network's size beside theory.

use yew::prelude::*;

use super::chart::{ChartSpec, Line, PALETTE, chart, plain_number};
use super::dot_field::{Field, Rgb, Surface};
use super::fields::{numbers, select_field};
use super::live::LiveLesson;
use super::state::{Action, State};
use super::sweep_workers::use_sweep;
use super::view_frames::use_view_frames;
use cslab_lessons::lesson::gossip_lesson::{
    GossipRun, GossipSettings, NODE_CHOICES, SPREAD_CHOICES, SWEEP_SIZES, gossip_params, spread_key,
};
use cslab_lessons::lesson::playback::{Playback, PlaybackStatus};
use cslab_lessons::sweep_job::Sweep;
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::runs::gossip::Spread;

/// Up to this many nodes, flooding's links are drawn.
const MAX_NODES_WITH_LINKS: u32 = 200;
const NEW: Rgb = (217, 45, 32);
const INFORMED: Rgb = (217, 119, 6);
const WAITING: Rgb = (214, 222, 236);

#[derive(Properties, PartialEq)]
pub struct GossipViewProps {
    pub lang: Lang,
    pub settings: GossipSettings,
    /// The lesson's playback, over a [`GossipRun`] (a round a second).
    pub live: LiveLesson,
    pub on_status: Callback<PlaybackStatus>,
    /// The controls, shown under the network.
    #[prop_or_default]
    pub children: Html,
}

/// A frame: the playback plays the rounds due...
fn play(playback: &mut Playback, real_ms: f64) {
    playback.advance(real_ms);
}

/// ...and the network is drawn.
fn draw_network(playback: &Playback, canvases: &[NodeRef]) {
    if let (Some(run), Some(canvas)) = (gossip(playback), canvases[0].cast()) {
        draw(&canvas, run);
    }
}

/// The gossip run under the playback's clock.
fn gossip(playback: &Playback) -> Option<&GossipRun> {
    playback.clocked()?.as_any().downcast_ref()
}

#[function_component(GossipView)]
pub fn gossip_view(props: &GossipViewProps) -> Html {
    let tr = Tr(props.lang);
    let canvas = use_node_ref();
    use_view_frames(
        props.live.clone(),
        props.on_status.clone(),
        vec![canvas.clone()],
        (play, draw_network),
    );
    let playback = props.live.playback.borrow();
    let Some(run) = gossip(&playback) else {
        return html! {};
    };
    let report = run.sim().report();
    let informed = report.informed_per_round.last().copied().unwrap_or(1);
    html! {
        <div class="compare-column">
            <section class="pane gossip" aria-label={tr.t("lesson-gossip-title")}>
                <canvas ref={canvas} class="swarm"></canvas>
                <p class="status" role="status">{ tr.t_args("gossip-status", &[
                    ("round", &props.lang.integer(report.rounds.into())),
                    ("informed", &props.lang.integer(informed.into())),
                    ("n", &props.lang.integer(props.settings.nodes.into())),
                ]) }</p>
                <p class="bound">{ tr.t_args("gossip-theory", &[("rounds", &props.lang.decimal(report.theory_rounds, 1))]) }</p>
            </section>
            { props.children.clone() }
            <section class="card charts">
                <div class="chart-grid">
                    { rounds_chart(tr, &report.informed_per_round) }
                    // Its own sweep for each settings: the runs behind it
                    // depend only on them.
                    <SizesChart key={format!("{:?}", props.settings)} lang={props.lang} settings={props.settings} />
                </div>
            </section>
        </div>
    }
}

/// Nodes informed per round.
fn rounds_chart(tr: Tr, per_round: &[u32]) -> Html {
    chart(&ChartSpec {
        lang: tr.0,
        title: tr.t("gossip-chart-informed"),
        x_label: tr.t("gossip-round"),
        x_max: (per_round.len().saturating_sub(1) as f64).max(1.0),
        x_format: plain_number,
        y_format: plain_number,
        y_max: None,
        lines: vec![Line {
            label: tr.t("gossip-informed"),
            colour: PALETTE[2],
            points: per_round
                .iter()
                .enumerate()
                .map(|(round, &n)| (round as f64, n as f64))
                .collect(),
            dots: true,
        }],
    })
}

#[derive(Properties, PartialEq)]
struct SizesChartProps {
    lang: Lang,
    settings: GossipSettings,
}

/// Rounds against network size beside theory, one run per size in the
/// page's workers, started as the chart appears.
#[function_component(SizesChart)]
fn sizes_chart(props: &SizesChartProps) -> Html {
    let tr = Tr(props.lang);
    let sweep = use_sweep(Sweep::Gossip(props.settings));
    {
        let sweep = sweep.clone();
        use_effect_with((), move |()| sweep.start());
    }
    let base = gossip_params(&props.settings, 1);
    let exponent = |nodes: u32| (nodes as f64).log10();
    let theory = (0..=30)
        .map(|step| 10f64.powf(1.0 + 3.0 * step as f64 / 30.0).round() as u32)
        .map(|nodes| {
            let rounds = cslab_sim::runs::gossip::GossipParams {
                nodes,
                ..base.clone()
            }
            .theory_rounds();
            (exponent(nodes), rounds)
        })
        .collect();
    let sizes = ChartSpec {
        lang: tr.0,
        title: tr.t("gossip-chart-sizes"),
        x_label: tr.t("gossip-size"),
        x_max: exponent(*SWEEP_SIZES.last().unwrap_or(&10)),
        // The axis is log10 of the size: its ends read 1 and 10,000.
        x_format: |lang, exponent| lang.decimal(10f64.powf(exponent), 0),
        y_format: plain_number,
        y_max: None,
        lines: vec![
            Line {
                label: tr.t("gossip-theory-line"),
                colour: PALETTE[0],
                points: theory,
                dots: false,
            },
            Line {
                label: tr.t("gossip-simulated"),
                colour: PALETTE[4],
                points: (sweep.points().into_iter())
                    .map(|(_, [nodes, rounds])| (exponent(nodes as u32), rounds))
                    .collect(),
                dots: true,
            },
        ],
    };
    html! {
        <div class="sizes-sweep">
            { chart(&sizes) }
            { sweep.controls(tr, "gossip-sizes-run") }
        </div>
    }
}

fn draw(canvas: &web_sys::HtmlCanvasElement, run: &GossipRun) {
    let Some(surface) = Surface::of(canvas) else {
        return;
    };
    let n = run.nodes();
    let field = Field::new(n, surface.width, surface.height, 8.0);
    if n <= MAX_NODES_WITH_LINKS {
        let context = &surface.context;
        context.set_line_width(0.6);
        context.set_stroke_style_str("rgba(95,111,137,0.25)");
        context.begin_path();
        for node in 0..n {
            let from = field.at(node);
            for &other in run
                .sim()
                .neighbours(node)
                .iter()
                .filter(|&&other| other > node)
            {
                let to = field.at(other);
                context.move_to(from.0, from.1);
                context.line_to(to.0, to.1);
            }
        }
        context.stroke();
    }
    let mut groups = vec![
        (WAITING, Vec::new()),
        (INFORMED, Vec::new()),
        (NEW, Vec::new()),
    ];
    for node in 0..n {
        let group = match (run.is_new(node), run.sim().is_informed(node)) {
            (true, _) => 2,
            (false, true) => 1,
            _ => 0,
        };
        groups[group].1.push(field.at(node));
    }
    surface.dots(&field, &groups);
}

#[derive(Properties, PartialEq)]
pub struct GossipSettingsProps {
    pub lang: Lang,
    pub gossip: GossipSettings,
    pub dispatch: UseReducerDispatcher<State>,
}

/// The network's size and how a node passes the block on.
#[function_component(GossipSettingsCard)]
pub fn gossip_settings_card(props: &GossipSettingsProps) -> Html {
    let tr = Tr(props.lang);
    let gossip = props.gossip;
    let pick = |apply: fn(&mut GossipSettings, usize)| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |index| {
            let mut next = gossip;
            apply(&mut next, index);
            dispatch.dispatch(Action::SetGossip(next));
        })
    };
    let spreads = SPREAD_CHOICES
        .iter()
        .map(|&spread: &Spread| (tr.t(spread_key(spread)), spread == gossip.spread))
        .collect();
    html! {
        <section class="card settings" aria-labelledby="gossip-settings-heading">
            <h2 id="gossip-settings-heading">{ tr.t("settings-title") }</h2>
            { select_field(tr.t("setting-nodes"), numbers(tr.0, &NODE_CHOICES, "", gossip.nodes),
                           pick(|g, i| g.nodes = NODE_CHOICES[i])) }
            { select_field(tr.t("setting-gossip"), spreads, pick(|g, i| g.spread = SPREAD_CHOICES[i])) }
        </section>
    }
}
