//! A sweep's points computed in Web Workers, one per core the browser
//! reports (`navigator.hardwareConcurrency`) but one, left to the page's
//! own thread, which only draws (README, "Sweeps in the page": on two
//! cores, two busy workers held it longest). Each worker
//! (`assets/sweep-worker.js`) runs the page's own wasm and takes the next
//! point as soon as it answers; answers are kept by point, so the chart is
//! the same whatever the number of workers and the order they finish in.
//! Cancelling terminates the workers: a long run stops at once, not at its
//! end.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use super::progress_bar::progress_bar;
use cslab_lessons::sweep_job::Sweep;
use cslab_scene::i18n::Tr;
use gloo::render::{AnimationFrame, request_animation_frame};
use gloo::timers::callback::Timeout;
use js_sys::Reflect;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::{Closure, JsValue};
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::prelude::*;

/// Beside the page (index.html copies it there).
const WORKER_SCRIPT: &str = "./sweep-worker.js";
/// While a sweep runs, its chart and progress are drawn again at most this
/// often (milliseconds): answers that come together are drawn together.
const REDRAW_MS: u32 = 100;

/// A sweep's points so far and, while it runs, its workers.
#[derive(Default)]
struct SweepRun {
    /// By point; `None` until its worker has answered.
    points: Vec<Option<[f64; 2]>>,
    /// The next point no worker has taken yet.
    next: usize,
    failure: Option<String>,
    running: bool,
    /// The workers' start: the frame that shows the click's answer (the
    /// button now cancels), then a task of their own, so their ~5 ms of
    /// setting up never holds up the click's paint (issue 19's 16 ms).
    frame: Option<AnimationFrame>,
    starting: Option<Timeout>,
    /// The next drawing of the answers so far.
    redraw: Option<Timeout>,
    workers: Vec<Worker>,
    /// Kept alive while the workers may call them.
    listeners: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl SweepRun {
    fn done(&self) -> usize {
        self.points.iter().flatten().count()
    }

    fn stop(&mut self) {
        self.running = false;
        self.frame = None;
        self.starting = None;
        self.redraw = None;
        for worker in self.workers.drain(..) {
            worker.terminate();
        }
        self.listeners.clear();
    }

    /// Gives `worker` the next point, if one is left.
    fn hand_out(&mut self, sweep: &Sweep, worker: usize) {
        if self.next < self.points.len() {
            let _ = self.workers[worker].post_message(&sweep.job(self.next).into());
            self.next += 1;
        }
    }

    /// A worker's message: an answer `[INDEX, x, y]`, or why it failed.
    fn receive(&mut self, sweep: &Sweep, worker: usize, data: &JsValue) {
        let answer = data
            .dyn_ref::<js_sys::Float64Array>()
            .map(|array| array.to_vec());
        match answer.as_deref() {
            Some(&[index, x, y]) if (index as usize) < self.points.len() => {
                self.points[index as usize] = Some([x, y]);
                self.hand_out(sweep, worker);
                if self.done() == self.points.len() {
                    self.stop();
                }
            }
            _ => self.fail(reason(data)),
        }
    }

    fn fail(&mut self, reason: String) {
        self.failure = Some(reason);
        self.stop();
    }
}

impl Drop for SweepRun {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A sweep of the page, run by [`use_sweep`].
#[derive(Clone)]
pub struct SweepHandle {
    sweep: Sweep,
    run: Rc<RefCell<SweepRun>>,
    refresh: Callback<()>,
}

/// The sweep `sweep`, not yet started. Its component is keyed by the
/// settings the sweep starts from: new settings, a new sweep.
#[hook]
pub fn use_sweep(sweep: Sweep) -> SweepHandle {
    let run = use_mut_ref(SweepRun::default);
    let update = use_force_update();
    SweepHandle {
        sweep,
        run,
        refresh: Callback::from(move |()| update.force_update()),
    }
}

impl SweepHandle {
    /// The points answered so far, with their place in the sweep.
    pub fn points(&self) -> Vec<(usize, [f64; 2])> {
        let run = self.run.borrow();
        (run.points.iter().enumerate())
            .filter_map(|(index, point)| point.map(|point| (index, point)))
            .collect()
    }

    /// Starts the sweep over. The workers start after the next frame, in a
    /// task of their own, so the click that asked for them is over as soon
    /// as it has drawn.
    pub fn start(&self) {
        let mut run = self.run.borrow_mut();
        *run = SweepRun::default();
        run.points = vec![None; self.sweep.points()];
        run.running = true;
        // Weak: a sweep whose chart has gone starts nothing.
        let (sweep, weak, refresh) = (self.sweep, Rc::downgrade(&self.run), self.refresh.clone());
        run.frame = Some(request_animation_frame(move |_| {
            let Some(strong) = weak.upgrade() else {
                return;
            };
            strong.borrow_mut().starting = Some(Timeout::new(0, move || {
                if let Some(run) = weak.upgrade() {
                    SweepHandle {
                        sweep,
                        run,
                        refresh,
                    }
                    .spawn()
                }
            }));
        }));
        drop(run);
        self.refresh.emit(());
    }

    /// A worker for each core but the page's (at least one, no more than
    /// points), each given a point.
    fn spawn(&self) {
        let mut run = self.run.borrow_mut();
        run.starting = None;
        let cores =
            web_sys::window().map_or(1.0, |window| window.navigator().hardware_concurrency());
        let count = (cores as usize)
            .saturating_sub(1)
            .clamp(1, run.points.len());
        match spawn_workers(count) {
            Ok(workers) => run.workers = workers,
            Err(reason) => {
                run.fail(reason);
                drop(run);
                return self.refresh.emit(());
            }
        }
        for (worker, handle) in run.workers.clone().iter().enumerate() {
            let on_message = self.listener(move |run, sweep, event| {
                run.receive(
                    sweep,
                    worker,
                    &event.unchecked_into::<MessageEvent>().data(),
                )
            });
            // The script or the glue failed to load, or the wasm trapped.
            let on_error = self.listener(|run, _, event| {
                run.fail(reason(
                    &Reflect::get(&event, &"message".into()).unwrap_or_default(),
                ))
            });
            handle.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            handle.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            run.listeners.extend([on_message, on_error]);
        }
        for worker in 0..count {
            run.hand_out(&self.sweep, worker);
        }
    }

    /// What a worker's event does to the run, if its sweep is still on the
    /// page; the sweep is drawn again once it has stopped, or within
    /// [`REDRAW_MS`].
    fn listener(
        &self,
        on: impl Fn(&mut SweepRun, &Sweep, JsValue) + 'static,
    ) -> Closure<dyn FnMut(JsValue)> {
        let (sweep, run, refresh) = (self.sweep, Rc::downgrade(&self.run), self.refresh.clone());
        Closure::new(move |event| {
            let Some(strong) = Weak::upgrade(&run) else {
                return;
            };
            let mut state = strong.borrow_mut();
            on(&mut state, &sweep, event);
            if !state.running {
                drop(state);
                refresh.emit(());
            } else if state.redraw.is_none() {
                let (run, refresh) = (run.clone(), refresh.clone());
                state.redraw = Some(Timeout::new(REDRAW_MS, move || {
                    if let Some(run) = run.upgrade() {
                        run.borrow_mut().redraw = None;
                        refresh.emit(());
                    }
                }));
            }
        })
    }

    pub fn cancel(&self) {
        self.run.borrow_mut().stop();
        self.refresh.emit(());
    }

    /// The sweep's controls: one button, which runs the sweep until it is
    /// complete (a deterministic sweep run again draws the same points) and
    /// cancels it while it runs (the same button, so it keeps the focus),
    /// then how far it has got; or why it stopped if it failed.
    pub fn controls(&self, tr: Tr, run_label: &'static str) -> Html {
        let run = self.run.borrow();
        let (done, total) = (run.done(), run.points.len());
        if !run.running && total > 0 && done == total {
            return html! {};
        }
        let handle = self.clone();
        let (class, label, onclick) = match run.running {
            true => (
                "cancel-sweep",
                "sweep-cancel",
                Callback::from(move |_| handle.cancel()),
            ),
            false => (
                "run-sweep",
                run_label,
                Callback::from(move |_| handle.start()),
            ),
        };
        let progress = tr.t_args(
            "sweep-progress",
            &[
                ("done", &tr.0.integer(done as u64)),
                ("total", &tr.0.integer(total as u64)),
            ],
        );
        html! {
            <div class="sweep-controls">
                <button type="button" {class} {onclick}>{ tr.t(label) }</button>
                if run.running {
                    { progress_bar("", done as f64 / total.max(1) as f64, progress.clone()) }
                    <span class="sweep-count" aria-live="polite">{ progress }</span>
                }
                if let Some(reason) = &run.failure {
                    <p class="sweep-failure" role="alert">{ tr.t_args("sweep-failed", &[("reason", reason)]) }</p>
                }
            </div>
        }
    }
}

/// `count` workers, each sent the page's glue and compiled module first.
pub(super) fn spawn_workers(count: usize) -> Result<Vec<Worker>, String> {
    let glue = glue_url().ok_or("the page's script was not found")?;
    let start = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| Reflect::set(&start, &key.into(), value);
    set("glue", &glue.into())
        .and(set("module", &wasm_bindgen::module()))
        .map_err(|e| reason(&e))?;
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    (0..count)
        .map(|_| {
            let worker = Worker::new_with_options(WORKER_SCRIPT, &options)?;
            worker.post_message(&start)?;
            Ok(worker)
        })
        .collect::<Result<_, JsValue>>()
        .map_err(|e| reason(&e))
}

/// The address of the page's wasm-bindgen glue, which Trunk's page
/// preloads as a module, beside the snippets it imports (a link's `href`
/// property is the whole address).
fn glue_url() -> Option<String> {
    let link = (web_sys::window()?.document()?)
        .query_selector(r#"link[rel=modulepreload]:not([href*="/snippets/"])"#)
        .ok()??;
    Reflect::get(&link, &"href".into()).ok()?.as_string()
}

/// What a worker or the browser said went wrong: a message or an `Error`.
pub(super) fn reason(said: &JsValue) -> String {
    (said.as_string())
        .or_else(|| {
            said.dyn_ref::<js_sys::Error>()
                .map(|error| error.message().into())
        })
        .unwrap_or_default()
}
