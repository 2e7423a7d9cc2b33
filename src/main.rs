//! The web app's entry point: mounts the Yew app, nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    cslab::ui::browser::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This binary is the web app: run `make serve` and open http://127.0.0.1:8080");
    std::process::exit(2);
}
