//! The big load run (`?bench=load`): 10 000 users on 8 servers behind a
//! balancer. It runs in a Web Worker (the lab's worker script,
//! `assets/sweep-worker.js`, with this page's wasm), so the page's thread
//! only shows where it stands (issue 19: big runs off the main thread);
//! where no worker starts, or one fails, it runs in the page a few
//! milliseconds a frame. It reports the engine's speed and what the servers
//! did; `cargo bench` runs the same workload natively.

use std::cell::RefCell;

use js_sys::Reflect;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::{Closure, JsValue};
use web_sys::{MessageEvent, Performance, Worker};
use yew::prelude::*;

use super::{back_to_lab, engine_rows, result_row};
use crate::ui::animation::use_animation_frames;
use crate::ui::progress_bar::progress_bar;
use crate::ui::sweep_workers::{reason, spawn_workers};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::runs::load::{LoadParams, LoadSim};
use cslab_sim::runs::stepping::step_within;

/// Engine time a worker's job runs before it says where the run stands:
/// the page hears twenty times a second, and the messages between jobs
/// (well under a millisecond) are a small part of it.
const JOB_BUDGET_MS: f64 = 50.0;
/// Engine time per frame when the run is in the page: a third of a 16 ms
/// frame, so the page keeps repainting while the run goes on (at 8 ms,
/// frames of up to 12 ms of simulation, with the page's own drawing, held
/// it 16-17 ms on the 2-core machine). The rate it reports is of engine
/// time, whatever the budget.
const FRAME_BUDGET_MS: f64 = 5.0;
/// Events between two looks at the clock: a fraction of a millisecond,
/// even before the browser has compiled the engine at full speed.
const SLICE_EVENTS: u64 = 500;

#[derive(Properties, PartialEq)]
pub struct LoadBenchProps {
    pub lang: Lang,
}

/// Where the run stands, as the page shows it.
#[derive(Clone, Debug, Default, PartialEq)]
struct Progress {
    /// Simulated seconds so far.
    sim_s: f64,
    events: u64,
    engine_ms: f64,
    finished: Option<Finished>,
}

/// What the servers did, once the run is over.
#[derive(Clone, Debug, PartialEq)]
struct Finished {
    completed: u64,
    throughput_rps: f64,
    mean_response_s: f64,
    trace_hash: String,
}

impl Progress {
    /// The line a worker answers: the figures separated by spaces (Rust
    /// writes an `f64` so that it reads back the same).
    fn line(&self) -> String {
        let mut line = format!("{} {} {}", self.sim_s, self.events, self.engine_ms);
        if let Some(f) = &self.finished {
            let (completed, rps, mean) = (f.completed, f.throughput_rps, f.mean_response_s);
            line += &format!(" {completed} {rps} {mean} {}", f.trace_hash);
        }
        line
    }

    /// A worker's line, or `None` if it is not one (then it says why the
    /// worker failed).
    fn read(line: &str) -> Option<Progress> {
        let mut words = line.split(' ');
        let mut progress = Progress {
            sim_s: words.next()?.parse().ok()?,
            events: words.next()?.parse().ok()?,
            engine_ms: words.next()?.parse().ok()?,
            finished: None,
        };
        if let Some(completed) = words.next() {
            progress.finished = Some(Finished {
                completed: completed.parse().ok()?,
                throughput_rps: words.next()?.parse().ok()?,
                mean_response_s: words.next()?.parse().ok()?,
                trace_hash: words.next()?.into(),
            });
        }
        words.next().is_none().then_some(progress)
    }
}

/// The run and where it stands, in the worker or in the page.
struct LoadRun {
    sim: LoadSim,
    progress: Progress,
}

impl LoadRun {
    fn new(params: &LoadParams) -> LoadRun {
        LoadRun {
            sim: LoadSim::new(params).expect("the big run is valid"),
            progress: Progress::default(),
        }
    }

    /// Runs about `budget_ms` of `clock`'s time more and says where the
    /// run stands.
    fn advance(&mut self, budget_ms: f64, clock: impl Fn() -> f64) -> &Progress {
        let progress = &mut self.progress;
        progress.engine_ms += step_within(&mut self.sim, SLICE_EVENTS, budget_ms, clock);
        progress.sim_s = self.sim.now().as_secs_f64();
        progress.events = self.sim.world().events_processed();
        if self.sim.is_done() {
            let report = self.sim.report();
            progress.finished = Some(Finished {
                completed: report.completed,
                throughput_rps: report.throughput_rps,
                mean_response_s: report.mean_response_s,
                trace_hash: report.trace_hash,
            });
        }
        &self.progress
    }
}

/// A job in the worker: the run (kept between jobs) goes on for
/// [`JOB_BUDGET_MS`], and the answer is where it stands.
pub fn load_job() -> String {
    thread_local! {
        static RUN: RefCell<Option<LoadRun>> = const { RefCell::new(None) };
    }
    RUN.with_borrow_mut(|run| {
        run.get_or_insert_with(|| LoadRun::new(&LoadParams::ten_thousand_users()))
            .advance(JOB_BUDGET_MS, clock_ms)
            .line()
    })
}

/// Milliseconds from the high-resolution clock of the page or the worker,
/// whichever runs this (a worker has no `window`).
fn clock_ms() -> f64 {
    Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|performance| performance.dyn_into::<Performance>().ok())
        .map_or(0.0, |performance| performance.now())
}

/// The run in a worker: each answer says where it stands and asks for the
/// next stretch; whatever the worker says that is not an answer is why it
/// failed.
struct LoadWorker {
    worker: Worker,
    _listeners: [Closure<dyn FnMut(JsValue)>; 2],
}

impl LoadWorker {
    fn start(on_progress: Callback<Progress>, on_failure: Callback<String>) -> Option<LoadWorker> {
        let worker = spawn_workers(1).ok()?.pop()?;
        let on_failure = {
            let worker = worker.clone();
            Callback::from(move |why| {
                worker.terminate();
                on_failure.emit(why);
            })
        };
        let ask = {
            let worker = worker.clone();
            move || {
                let job = js_sys::Object::new();
                let _ = Reflect::set(&job, &"load".into(), &true.into());
                let _ = worker.post_message(&job);
            }
        };
        let on_message = {
            let (ask, on_failure) = (ask.clone(), on_failure.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let said = event.unchecked_into::<MessageEvent>().data();
                match said.as_string().as_deref().and_then(Progress::read) {
                    Some(progress) => {
                        if progress.finished.is_none() {
                            ask();
                        }
                        on_progress.emit(progress);
                    }
                    None => on_failure.emit(reason(&said)),
                }
            })
        };
        // The script or the glue failed to load, or the wasm trapped.
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let message = Reflect::get(&event, &"message".into()).unwrap_or_default();
            on_failure.emit(reason(&message));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        ask();
        Some(LoadWorker {
            worker,
            _listeners: [on_message, on_error],
        })
    }
}

impl Drop for LoadWorker {
    fn drop(&mut self) {
        // No answer already on its way may call the listeners dropped here.
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

#[function_component(LoadBenchPage)]
pub fn load_bench_page(props: &LoadBenchProps) -> Html {
    let tr = Tr(props.lang);
    let progress = use_state(Progress::default);
    let worker = use_mut_ref(|| None::<LoadWorker>);
    // No worker started, or it failed: the run starts again here.
    let here = use_mut_ref(|| None::<LoadRun>);
    let in_page = use_state(|| false);
    let cancelled = use_state(|| false);
    {
        let (worker, here) = (worker.clone(), here.clone());
        let (progress, in_page) = (progress.setter(), in_page.setter());
        use_effect_with((), move |()| {
            let run_here = {
                let progress = progress.clone();
                Callback::from(move |()| {
                    if here.borrow().is_none() {
                        *here.borrow_mut() = Some(LoadRun::new(&LoadParams::ten_thousand_users()));
                        progress.set(Progress::default());
                        in_page.set(true);
                    }
                })
            };
            let on_failure = {
                let run_here = run_here.clone();
                Callback::from(move |why: String| {
                    web_sys::console::error_2(&"The load run's worker failed:".into(), &why.into());
                    run_here.emit(());
                })
            };
            let on_progress = Callback::from(move |now| progress.set(now));
            *worker.borrow_mut() = LoadWorker::start(on_progress, on_failure);
            if worker.borrow().is_none() {
                run_here.emit(());
            }
            // Leaving the page stops the worker.
            move || drop(worker.take())
        });
    }
    let on_frame = {
        let (here, progress) = (here.clone(), progress.setter());
        use_callback((), move |_, ()| {
            if let Some(run) = &mut *here.borrow_mut() {
                progress.set(run.advance(FRAME_BUDGET_MS, clock_ms).clone());
            }
        })
    };
    let running = progress.finished.is_none() && !*cancelled;
    use_animation_frames(*in_page && running, on_frame);
    // Cancelling stops the worker at once, or the run in the page: the
    // figures so far stay.
    let on_cancel = {
        let cancelled = cancelled.setter();
        Callback::from(move |_| {
            drop(worker.take());
            drop(here.take());
            cancelled.set(true);
        })
    };
    let status = match (&progress.finished, *cancelled) {
        (Some(_), _) => tr.t("bench-done"),
        (None, true) => tr.t("bench-cancelled"),
        (None, false) => tr.t("bench-running"),
    };
    let lang = props.lang;
    let row = |label: &str, value: String, class: &'static str| result_row(tr, label, value, class);
    let runs_in = if *in_page {
        "bench-load-in-page"
    } else {
        "bench-load-in-worker"
    };
    let duration_s = LoadParams::ten_thousand_users().duration_s;
    html! {
        <div class="bench-page">
            <section class="card bench" data-runs-in={if *in_page { "page" } else { "worker" }}>
                <h1>{ tr.t("bench-load-title") }</h1>
                <p>{ tr.t("bench-load-workload") }</p>
                // The sweeps' bar and button, which work the same.
                <div class="sweep-controls">
                    { progress_bar("", progress.sim_s / duration_s, tr.t("bench-running")) }
                    if running {
                        <button type="button" class="cancel-sweep" onclick={on_cancel}>{ tr.t("sweep-cancel") }</button>
                    }
                </div>
                <p class="bench-status" role="status">{ status }</p>
                <dl class="bench-results">
                    { row("bench-load-runs-in", tr.t(runs_in), "runs-in") }
                    { engine_rows(lang, progress.events, progress.engine_ms) }
                    if let Some(finished) = &progress.finished {
                        { row("bench-load-completed", finished.completed.to_string(), "completed") }
                        { row("bench-load-throughput", format!("{} /s", lang.decimal(finished.throughput_rps, 0)), "throughput") }
                        { row("bench-mean-response", format!("{} ms", lang.decimal(finished.mean_response_s * 1e3, 2)), "mean") }
                        { row("bench-trace-hash", finished.trace_hash.clone(), "hash") }
                    }
                </dl>
                { back_to_lab(lang) }
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_line_reads_back_as_the_progress_it_says() {
        let running = Progress {
            sim_s: 0.1 + 0.2,
            events: 3_785_331,
            engine_ms: 707.123_456_789,
            finished: None,
        };
        let finished = Progress {
            finished: Some(Finished {
                completed: 180_512,
                throughput_rps: 9_025.6 / 3.0,
                mean_response_s: 1e-3 / 7.0,
                trace_hash: "0d852e0032e9b6a3".into(),
            }),
            ..running.clone()
        };
        for progress in [running, finished] {
            assert_eq!(Progress::read(&progress.line()), Some(progress));
        }
        for said in [
            "",
            "RuntimeError: unreachable",
            "1 2",
            "1 2 3 4",
            "1 2 3 4 5 6 h x",
        ] {
            assert_eq!(Progress::read(said), None, "{said:?}");
        }
    }

    #[test]
    fn stretches_of_a_run_end_where_the_whole_run_does() {
        let params = LoadParams {
            duration_s: 0.5,
            ..LoadParams::ten_thousand_users()
        };
        let mut whole = LoadSim::new(&params).unwrap();
        whole.run();
        let report = whole.report();
        // Each look at the clock is a millisecond later: 2 ms, 4 slices.
        let tick = Cell::new(0.0);
        let clock = || tick.replace(tick.get() + 1.0);
        let mut run = LoadRun::new(&params);
        let mut stretches = 0;
        while run.progress.finished.is_none() {
            let line = run.advance(2.0, clock).line();
            assert_eq!(Progress::read(&line).as_ref(), Some(&run.progress));
            stretches += 1;
        }
        assert!(stretches > 10, "{stretches} stretches");
        let progress = &run.progress;
        assert_eq!(progress.events, whole.world().events_processed());
        let finished = progress.finished.as_ref().unwrap();
        assert_eq!(
            (finished.completed, finished.trace_hash.as_str()),
            (report.completed, report.trace_hash.as_str())
        );
        assert_eq!(finished.throughput_rps, report.throughput_rps);
    }
}
