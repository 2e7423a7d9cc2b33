//! The web app's entry point: mounts the Yew app, or in one of the page's
//! Web Workers (assets/sweep-worker.js) only answers their jobs.

#[cfg(target_arch = "wasm32")]
fn main() {
    // A worker has no window: the same wasm, started by the worker's script.
    if web_sys::window().is_some() {
        cslab::ui::browser::start();
    }
}

/// A sweep's job run in a worker: `[INDEX, x, y]`, or why it cannot run.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn sweep_job(job: &str) -> Result<Vec<f64>, String> {
    cslab_lessons::sweep_job::Sweep::answer(job).map(Vec::from)
}

/// The comparison's frame for a job, in the worker that runs it
/// (src/ui/compare_worker.rs); its runs are kept for the next job.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn compare_frame(job: &str) -> Result<Vec<u8>, String> {
    /// Real time a job may take: a frame, about, so the page sees the
    /// runs move on every frame or two.
    const JOB_BUDGET_MS: f64 = 14.0;
    thread_local! {
        static JOBS: std::cell::RefCell<cslab_lessons::lesson::compare::Jobs> = Default::default();
    }
    JOBS.with_borrow_mut(|jobs| {
        let start = js_sys::Date::now();
        let frame = jobs.answer(job);
        jobs.fit_frame(js_sys::Date::now() - start, JOB_BUDGET_MS);
        frame
    })
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This binary is the web app: run `make serve` and open http://127.0.0.1:8080");
    std::process::exit(2);
}
