//! The benchmark page's entry point (`bench/`): kept out of the learner's
//! bundle, built by `trunk build bench.html`; in its Web Worker
//! (assets/sweep-worker.js) it only answers the 10,000-user run's jobs.

#[cfg(target_arch = "wasm32")]
fn main() {
    // A worker has no window: the same wasm, started by the worker's script.
    if web_sys::window().is_some() {
        cslab::ui::bench::start();
    }
}

/// A stretch of the 10,000-user run, in the worker that runs it
/// (src/ui/bench/load.rs): where the run stands, as a line.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn load_job() -> String {
    cslab::ui::bench::load_job()
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "This binary is the benchmark page: run `make bench`, or open bench/ in the built dist"
    );
    std::process::exit(2);
}
