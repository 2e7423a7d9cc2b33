//! The benchmark page's entry point (`bench/`): kept out of the learner's
//! bundle, built by `trunk build bench.html`.

#[cfg(target_arch = "wasm32")]
fn main() {
    cslab::ui::bench::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "This binary is the benchmark page: run `make bench`, or open bench/ in the built dist"
    );
    std::process::exit(2);
}
