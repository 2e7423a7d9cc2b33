//! The in-browser engine benchmark (`?bench=queue`): runs the queue scenario
//! in wasm, a slice per animation frame so the page stays responsive, and
//! reports events per second of engine time and the trace hash. The same
//! parameters on `cslab-cli queue` give the native figures and hash.

use std::rc::Rc;

use yew::prelude::*;

use super::{back_to_lab, engine_rows, now_ms, result_row};
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

/// What the page shows while and after the run.
#[derive(Clone, Default, PartialEq)]
struct Progress {
    answered: u64,
    events: u64,
    engine_ms: f64,
    report: Option<Rc<QueueReport>>,
}

struct Run {
    sim: QueueSim,
    engine_ms: f64,
}

#[function_component(QueueBenchPage)]
pub fn queue_bench_page(props: &QueueBenchProps) -> Html {
    let tr = Tr(props.lang);
    let run = use_mut_ref(|| {
        QueueSim::new(&props.params).map(|sim| Run {
            sim,
            engine_ms: 0.0,
        })
    });
    let progress = use_state(Progress::default);
    let notices = use_state(|| props.notices.clone());
    let failure = run.borrow().as_ref().err().cloned();

    // The run and the setter never change, so the callback is made once.
    let on_frame = {
        let (run, progress) = (run.clone(), progress.setter());
        use_callback((), move |_, ()| {
            if let Ok(run) = run.borrow_mut().as_mut() {
                progress.set(advance(run));
            }
        })
    };
    use_animation_frames(failure.is_none() && progress.report.is_none(), on_frame);

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
                { body }
                { back_to_lab(props.lang) }
            </section>
        </div>
    }
}

/// Runs one frame's worth of events and says where the run stands.
fn advance(run: &mut Run) -> Progress {
    run.engine_ms += step_within(&mut run.sim, SLICE_EVENTS, FRAME_BUDGET_MS, now_ms);
    let clients = run.sim.client_stats();
    Progress {
        answered: clients.completed + clients.rejected,
        events: run.sim.world().events_processed(),
        engine_ms: run.engine_ms,
        report: run.sim.is_done().then(|| Rc::new(run.sim.report())),
    }
}

fn results(lang: Lang, params: &QueueParams, progress: &Progress) -> Html {
    let tr = Tr(lang);
    let row = |label: &str, value: String, class: &'static str| result_row(tr, label, value, class);
    html! {
        <>
            { progress_bar("", progress.answered as f64 / params.requests.max(1) as f64, tr.t("bench-running")) }
            <p class="bench-status" role="status">
                { if progress.report.is_some() { tr.t("bench-done") } else { tr.t("bench-running") } }
            </p>
            <dl class="bench-results">
                { engine_rows(lang, progress.events, progress.engine_ms) }
                if let Some(report) = &progress.report {
                    { row("bench-mean-response", format!("{} s", lang.decimal(report.mean_response_s, 4)), "mean") }
                    { row("bench-trace-hash", report.trace_hash.clone(), "hash") }
                }
            </dl>
        </>
    }
}
