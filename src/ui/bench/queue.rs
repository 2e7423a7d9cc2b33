//! The in-browser engine benchmark (`?bench=queue`): runs the queue scenario
//! in wasm as `cargo bench` runs it natively, a warm-up a tenth as long and
//! then three timed runs of the workload, the fastest counted, each a slice
//! per animation frame so the page stays responsive. It reports events per
//! second of engine time and every run's trace hash; the same parameters on
//! `cslab-cli queue` give the native figures and hash.
//!
//! The warm-up matters more in the page than natively: V8 first runs a
//! function as baseline code (Liftoff) and compiles it with TurboFan in the
//! background once it is hot, and a call already running keeps its baseline
//! code, as V8 does no on-stack replacement for wasm: the optimised code
//! runs from the function's next call (v8.dev/docs/wasm-compilation-pipeline,
//! v8.dev/blog/wasm-dynamic-tiering).

use std::rc::Rc;

use yew::prelude::*;

use super::{back_to_lab, engine_rows, mega_events_per_s, now_ms, result_row};
use crate::ui::animation::use_animation_frames;
use crate::ui::notices::Notices;
use crate::ui::progress_bar::progress_bar;
use crate::ui::url_params::Notice;
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::runs::queue::{QueueParams, QueueReport, QueueSim};
use cslab_sim::runs::stepping::step_within;

/// Engine time per frame: long slices keep the timing overhead negligible,
/// short enough that the page still repaints several times a second.
const FRAME_BUDGET_MS: f64 = 40.0;
/// Events between two looks at the clock.
const SLICE_EVENTS: u64 = 20_000;

#[derive(Properties, PartialEq)]
pub struct QueueBenchProps {
    pub lang: Lang,
    pub params: QueueParams,
    pub notices: Vec<Notice>,
}

/// A run to its end: its engine time and what it measured.
#[derive(Clone, PartialEq)]
struct Finished {
    engine_ms: f64,
    report: Rc<QueueReport>,
}

/// What the page shows while and after the runs.
#[derive(Clone, Default, PartialEq)]
struct Progress {
    /// Requests answered so far in the run under way.
    answered: u64,
    /// The runs to their end, the warm-up first.
    finished: Vec<Finished>,
}

impl Progress {
    fn is_done(&self) -> bool {
        self.finished.len() > QueueParams::TIMED_RUNS
    }
}

/// The run under way and the ones before it.
struct Runs {
    params: QueueParams,
    sim: QueueSim,
    engine_ms: f64,
    finished: Vec<Finished>,
}

#[function_component(QueueBenchPage)]
pub fn queue_bench_page(props: &QueueBenchProps) -> Html {
    let tr = Tr(props.lang);
    let runs = use_mut_ref(|| {
        QueueSim::new(&props.params.warm_up()).map(|sim| Runs {
            params: props.params.clone(),
            sim,
            engine_ms: 0.0,
            finished: Vec::new(),
        })
    });
    let progress = use_state(Progress::default);
    let notices = use_state(|| props.notices.clone());
    let failure = runs.borrow().as_ref().err().cloned();

    // The runs and the setter never change, so the callback is made once.
    let on_frame = {
        let (runs, progress) = (runs.clone(), progress.setter());
        use_callback((), move |_, ()| {
            if let Ok(runs) = runs.borrow_mut().as_mut() {
                progress.set(advance(runs));
            }
        })
    };
    use_animation_frames(failure.is_none() && !progress.is_done(), on_frame);

    let on_dismiss = {
        let notices = notices.setter();
        Callback::from(move |()| notices.set(Vec::new()))
    };
    let body = match failure {
        Some(reason) => {
            html! { <p class="bench-error" role="alert">{ tr.t_args("bench-invalid", &[("reason", &reason)]) }</p> }
        }
        None => results(props.lang, &props.params, &progress),
    };
    html! {
        <div class="bench-page">
            <Notices lang={props.lang} notices={(*notices).clone()} {on_dismiss} />
            <section class="card bench">
                <h1>{ tr.t("bench-title") }</h1>
                <p>{ tr.t_args("bench-workload", &[
                    ("requests", &props.params.requests.to_string()),
                    ("servers", &props.params.servers.to_string()),
                    ("arrival", &props.lang.decimal(props.params.arrival_rate, 2)),
                    ("service", &props.lang.decimal(props.params.service_rate, 2)),
                    ("seed", &props.params.seed.to_string()),
                ]) }</p>
                <p>{ tr.t_args("bench-queue-method", &[
                    ("warmup", &props.params.warm_up().requests.to_string()),
                    ("runs", &QueueParams::TIMED_RUNS.to_string()),
                ]) }</p>
                { body }
                { back_to_lab(props.lang) }
            </section>
        </div>
    }
}

/// Runs one frame's worth of events, and starts the next run once one ends
/// (outside the engine time, as natively); says where the runs stand.
fn advance(runs: &mut Runs) -> Progress {
    runs.engine_ms += step_within(&mut runs.sim, SLICE_EVENTS, FRAME_BUDGET_MS, now_ms);
    let mut answered = {
        let clients = runs.sim.client_stats();
        clients.completed + clients.rejected
    };
    if runs.sim.is_done() {
        runs.finished.push(Finished {
            engine_ms: std::mem::take(&mut runs.engine_ms),
            report: Rc::new(runs.sim.report()),
        });
        answered = 0;
        if runs.finished.len() <= QueueParams::TIMED_RUNS {
            runs.sim =
                QueueSim::new(&runs.params).expect("the warm-up's parameters but its requests");
        }
    }
    Progress {
        answered,
        finished: runs.finished.clone(),
    }
}

fn results(lang: Lang, params: &QueueParams, progress: &Progress) -> Html {
    let tr = Tr(lang);
    let row = |label: String, value: String, class: &'static str| {
        html! { <><dt>{ label }</dt><dd class={class}>{ value }</dd></> }
    };
    let seconds = |run: &Finished| lang.decimal(run.engine_ms / 1e3, 3);
    let rate = |run: &Finished| mega_events_per_s(lang, run.report.events, run.engine_ms);
    let warm_up = params.warm_up().requests;
    let total = warm_up + params.requests * QueueParams::TIMED_RUNS as u64;
    let answered = progress.answered
        + progress
            .finished
            .iter()
            .map(|run| run.report.requests)
            .sum::<u64>();
    let label = match progress.finished.len() {
        0 => tr.t_args("bench-warm-up", &[("requests", &warm_up.to_string())]),
        n => tr.t_args(
            "bench-run",
            &[
                ("run", &n.min(QueueParams::TIMED_RUNS).to_string()),
                ("runs", &QueueParams::TIMED_RUNS.to_string()),
            ],
        ),
    };
    let (warm, timed) = progress
        .finished
        .split_first()
        .map_or((None, &[][..]), |(warm, timed)| (Some(warm), timed));
    let fastest = timed
        .iter()
        .min_by(|a, b| a.engine_ms.total_cmp(&b.engine_ms));
    html! {
        <>
            { progress_bar("", answered as f64 / total.max(1) as f64, label) }
            <p class="bench-status" role="status">
                { if progress.is_done() { tr.t("bench-done") } else { tr.t("bench-running") } }
            </p>
            <dl class="bench-results">
                if let Some(warm) = warm {
                    { row(
                        tr.t_args("bench-warm-up", &[("requests", &warm_up.to_string())]),
                        tr.t_args("bench-warm-up-value", &[("seconds", &seconds(warm)), ("rate", &rate(warm))]),
                        "warm-up",
                    ) }
                }
                { for timed.iter().enumerate().map(|(i, run)| row(
                    tr.t_args("bench-run", &[("run", &(i + 1).to_string()), ("runs", &QueueParams::TIMED_RUNS.to_string())]),
                    tr.t_args("bench-run-value", &[("seconds", &seconds(run)), ("rate", &rate(run)), ("hash", &run.report.trace_hash)]),
                    "run",
                )) }
                if let (true, Some(fastest)) = (progress.is_done(), fastest) {
                    { engine_rows(lang, fastest.report.events, fastest.engine_ms) }
                    { result_row(tr, "bench-mean-response", format!("{} s", lang.decimal(fastest.report.mean_response_s, 4)), "mean") }
                    { result_row(tr, "bench-trace-hash", trace_hash(tr, timed), "hash") }
                }
            </dl>
        </>
    }
}

/// The timed runs' trace hash, which every run of the same parameters
/// leaves; if one differs, the page says so instead.
fn trace_hash(tr: Tr, timed: &[Finished]) -> String {
    let hash = &timed[0].report.trace_hash;
    if timed.iter().all(|run| &run.report.trace_hash == hash) {
        hash.clone()
    } else {
        tr.t("bench-hashes-differ")
    }
}
