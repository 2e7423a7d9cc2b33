//! The web app's entry point: mounts the Yew app, or in one of the sweeps'
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

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This binary is the web app: run `make serve` and open http://127.0.0.1:8080");
    std::process::exit(2);
}
