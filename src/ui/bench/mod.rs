//! The benchmark pages: `?bench=queue` times the engine on a long queue run;
//! `?bench=animation` times the stage's frame loop on a large network;
//! `?bench=load` runs 10 000 users on 8 servers without freezing the page.

mod animation;
mod load;
mod queue;
mod spread;

pub use animation::{AnimationBenchPage, AnimationBenchProps, AnimationParams};
pub use load::{LoadBenchPage, LoadBenchProps};
pub use queue::{QueueBenchPage, QueueBenchProps};

/// Milliseconds from the page's high-resolution clock (`std::time` has none
/// on wasm32).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}
