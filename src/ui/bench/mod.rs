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

use crate::ui::animation::now_ms;
