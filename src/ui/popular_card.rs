//! A request/response workload beside the file distribution: a popular
//! object (1 MB) asked for by the same N peers, served by the server alone
//! or by the peers that already fetched it. Both runs go a slice per frame;
//! the table compares what users waited and what the server had to send,
//! with the processor-sharing theory for the server alone, and a paragraph
//! says where the peers' answers came from and why the theory stops there.

use yew::prelude::*;

use super::animation::{now_ms, use_animation_frames};
use super::progress_bar::progress_bar;
use cslab_lessons::lesson::compare::CompareSettings;
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::runs::popular::{PopularParams, PopularReport, PopularSim};
use cslab_sim::runs::stepping::step_within;

const OBJECT_BYTES: u64 = 1_000_000;
/// Requests sent in each run.
const REQUESTS: u64 = 5_000;
/// The server alone runs at this load: busy, not overwhelmed.
const SERVER_LOAD: f64 = 0.8;
const FRAME_BUDGET_MS: f64 = 8.0;
const SLICE_EVENTS: u64 = 500;

#[derive(Properties, PartialEq)]
pub struct PopularCardProps {
    pub lang: Lang,
    pub settings: CompareSettings,
}

/// The two runs of `settings`: the server alone, then with caching peers.
fn runs(settings: &CompareSettings) -> [PopularParams; 2] {
    let server_up_bps = settings.server_up_mbps as u64 * 1_000_000;
    let base = PopularParams {
        clients: settings.peers,
        object_bytes: OBJECT_BYTES,
        requests_per_s: SERVER_LOAD * server_up_bps as f64 / (8.0 * OBJECT_BYTES as f64),
        requests: REQUESTS,
        server_up_bps,
        peer_up_bps: settings.peer_up_mbps as u64 * 1_000_000,
        peer_down_bps: settings.peer_down_mbps as u64 * 1_000_000,
        ..PopularParams::default()
    };
    [
        base.clone(),
        PopularParams {
            peers_cache: true,
            ..base
        },
    ]
}

/// Where the caching peers' answers came from, against the server alone.
fn explain(
    tr: Tr,
    lang: Lang,
    alone: &PopularReport,
    peers: &PopularReport,
    up_mbps: u32,
) -> String {
    let pct = |count: u64| lang.percent(count as f64 / peers.requests.max(1) as f64, 0);
    tr.t_args(
        "popular-explain",
        &[
            ("local", &pct(peers.local_hits)),
            ("peers", &pct(peers.from_peers)),
            ("server", &pct(peers.from_server)),
            ("fallback", &lang.integer(peers.fallbacks)),
            ("up", &up_mbps.to_string()),
            ("load", &lang.decimal(peers.server_load_bps / 1e6, 1)),
            ("load0", &lang.decimal(alone.server_load_bps / 1e6, 1)),
        ],
    )
}

#[function_component(PopularCard)]
pub fn popular_card(props: &PopularCardProps) -> Html {
    let tr = Tr(props.lang);
    // The parent keys the comparison by its settings: new settings, new runs.
    let running = use_mut_ref(|| None::<(usize, PopularSim)>);
    let reports = use_state(Vec::<PopularReport>::new);
    let active = use_state_eq(|| false);
    // Of both runs, in whole percent (review C.13: "Measuring…" for 20 s
    // with no sign of progress).
    let percent = use_state_eq(|| 0u32);
    let on_frame = {
        let (running, reports, active, percent, settings) = (
            running.clone(),
            reports.clone(),
            active.clone(),
            percent.clone(),
            props.settings,
        );
        use_callback(reports.len(), move |_, _| {
            let start = now_ms();
            let total = runs(&settings).len() as f64;
            let mut slot = running.borrow_mut();
            if let Some((index, sim)) = slot.as_mut() {
                step_within(
                    sim,
                    SLICE_EVENTS,
                    FRAME_BUDGET_MS - (now_ms() - start),
                    now_ms,
                );
                let done = (*index as f64 + sim.progress()) / total;
                percent.set((100.0 * done) as u32);
                if sim.is_done() {
                    let mut done = (*reports).clone();
                    done.push(sim.report());
                    let next = *index + 1;
                    *slot = runs(&settings)
                        .get(next)
                        .and_then(|p| PopularSim::new(p).ok())
                        .map(|sim| (next, sim));
                    active.set(slot.is_some());
                    reports.set(done);
                }
            }
        })
    };
    use_animation_frames(*active, on_frame);
    let start = {
        let (running, reports, active, settings) = (
            running.clone(),
            reports.clone(),
            active.clone(),
            props.settings,
        );
        move |_| {
            *running.borrow_mut() = PopularSim::new(&runs(&settings)[0])
                .ok()
                .map(|sim| (0, sim));
            reports.set(Vec::new());
            active.set(true);
        }
    };
    let lang = props.lang;
    let ms = |s: f64| format!("{} ms", lang.decimal(s * 1e3, 0));
    let row = |report: &PopularReport| {
        let key = if report.peers_cache {
            "popular-peers"
        } else {
            "popular-server"
        };
        let from_peers =
            (report.from_peers + report.local_hits) as f64 / report.requests.max(1) as f64;
        html! {
            <tr>
                <th scope="row">{ tr.t(key) }</th>
                <td class="mean">{ ms(report.mean_response_s) }</td>
                <td>{ report.ps_theory_s.filter(|_| !report.peers_cache).map_or_else(|| "—".to_string(), ms) }</td>
                <td>{ format!("{} Mbit/s", lang.decimal(report.server_load_bps / 1e6, 1)) }</td>
                <td>{ lang.percent(from_peers, 0) }</td>
            </tr>
        }
    };
    html! {
        <section class="card popular" aria-labelledby="popular-heading">
            <h2 id="popular-heading">{ tr.t("popular-heading") }</h2>
            <p class="hint">{ tr.t_args("popular-intro", &[("n", &lang.integer(props.settings.peers.into()))]) }</p>
            if !reports.is_empty() {
                <table>
                    <thead><tr>
                        <th></th>
                        <th>{ tr.t("popular-mean") }</th>
                        <th>{ tr.t("popular-theory") }</th>
                        <th>{ tr.t("popular-server-load") }</th>
                        <th>{ tr.t("popular-from-peers") }</th>
                    </tr></thead>
                    <tbody>{ for reports.iter().map(row) }</tbody>
                </table>
                <p class="hint">{ tr.t_args("popular-theory-note", &[("d", &props.settings.peer_down_mbps.to_string())]) }</p>
            }
            if let [alone, peers] = reports.as_slice() {
                <p class="explain">{ explain(tr, lang, alone, peers, props.settings.peer_up_mbps) }</p>
            }
            <button type="button" class="run-sweep" onclick={start} disabled={*active}>
                { tr.t(if *active { "sweep-running" } else { "popular-run" }) }
            </button>
            if *active {
                { progress_bar("popular-progress", f64::from(*percent) / 100.0, tr.t("sweep-running")) }
            }
        </section>
    }
}
