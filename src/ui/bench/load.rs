//! The big load run in the page (`?bench=load`): 10 000 users on 8 servers
//! behind a balancer, stepped a few milliseconds per animation frame so the
//! page never freezes. It reports the engine's speed, the longest frame of
//! work (the browser calls a task longer than 50 ms a long task) and what
//! the servers did; `cargo bench` runs the same workload natively.

use std::rc::Rc;

use yew::prelude::*;

use super::{back_to_lab, engine_rows, now_ms, result_row};
use crate::ui::animation::use_animation_frames;
use crate::ui::progress_bar::progress_bar;
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::runs::load::{LoadParams, LoadReport, LoadSim};
use cslab_sim::runs::stepping::step_within;

/// Engine time per frame: a third of a 16 ms frame, so the page keeps
/// repainting while the run goes on and never waits 16 ms for its thread
/// (at 8 ms, frames of up to 12 ms of simulation, with the page's own
/// drawing, held it 16-17 ms on the 2-core machine). The rate it reports is
/// of engine time, whatever the budget.
const FRAME_BUDGET_MS: f64 = 5.0;
/// Events between two looks at the clock: a fraction of a millisecond,
/// even before the browser has compiled the engine at full speed.
const SLICE_EVENTS: u64 = 500;

#[derive(Properties, PartialEq)]
pub struct LoadBenchProps {
    pub lang: Lang,
}

#[derive(Clone, Default, PartialEq)]
struct Progress {
    /// Simulated seconds so far.
    sim_s: f64,
    events: u64,
    engine_ms: f64,
    longest_frame_ms: f64,
    report: Option<Rc<LoadReport>>,
}

struct Run {
    sim: LoadSim,
    progress: Progress,
}

#[function_component(LoadBenchPage)]
pub fn load_bench_page(props: &LoadBenchProps) -> Html {
    let tr = Tr(props.lang);
    let params = LoadParams::ten_thousand_users();
    let run = use_mut_ref(|| Run {
        sim: LoadSim::new(&LoadParams::ten_thousand_users()).expect("the big run is valid"),
        progress: Progress::default(),
    });
    let progress = use_state(Progress::default);
    let on_frame = {
        let (run, progress) = (run.clone(), progress.setter());
        use_callback((), move |_, ()| {
            progress.set(advance(&mut run.borrow_mut()))
        })
    };
    use_animation_frames(progress.report.is_none(), on_frame);
    let lang = props.lang;
    let row = |label: &str, value: String, class: &'static str| result_row(tr, label, value, class);
    html! {
        <div class="bench-page">
            <section class="card bench">
                <h1>{ tr.t("bench-load-title") }</h1>
                <p>{ tr.t("bench-load-workload") }</p>
                { progress_bar("", progress.sim_s / params.duration_s, tr.t("bench-running")) }
                <p class="bench-status" role="status">
                    { if progress.report.is_some() { tr.t("bench-done") } else { tr.t("bench-running") } }
                </p>
                <dl class="bench-results">
                    { engine_rows(lang, progress.events, progress.engine_ms) }
                    { row("bench-load-longest", format!("{} ms", lang.decimal(progress.longest_frame_ms, 1)), "longest") }
                    if let Some(report) = &progress.report {
                        { row("bench-load-completed", report.completed.to_string(), "completed") }
                        { row("bench-load-throughput", format!("{} /s", lang.decimal(report.throughput_rps, 0)), "throughput") }
                        { row("bench-mean-response", format!("{} ms", lang.decimal(report.mean_response_s * 1e3, 2)), "mean") }
                        { row("bench-trace-hash", report.trace_hash.clone(), "hash") }
                    }
                </dl>
                { back_to_lab(lang) }
            </section>
        </div>
    }
}

/// Runs one frame's worth of events and says where the run stands.
fn advance(run: &mut Run) -> Progress {
    let spent = step_within(&mut run.sim, SLICE_EVENTS, FRAME_BUDGET_MS, now_ms);
    let progress = &mut run.progress;
    progress.engine_ms += spent;
    progress.longest_frame_ms = progress.longest_frame_ms.max(spent);
    progress.sim_s = run.sim.now().as_secs_f64();
    progress.events = run.sim.world().events_processed();
    if run.sim.is_done() {
        progress.report = Some(Rc::new(run.sim.report()));
    }
    progress.clone()
}
