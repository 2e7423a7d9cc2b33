//! The benchmark pages, a page of their own (`bench/`, the `cslab-bench`
//! binary) so the learner's bundle does not carry them: `?bench=queue`
//! times the engine on a long queue run; `?bench=animation` times the
//! stage's frame loop on a large network; `?bench=load` runs 10 000 users on
//! 8 servers in a Web Worker; `?bench=run` runs any command line,
//! for comparison with native code; `?bench=sandbox` times the frames of a
//! 500-machine sandbox network playing.

mod animation;
mod load;
mod queue;
mod run;
mod sandbox;
mod spread;

pub use animation::{AnimationBenchPage, AnimationBenchProps, AnimationParams};
pub use load::{LoadBenchPage, LoadBenchProps, load_job};
pub use queue::{QueueBenchPage, QueueBenchProps};
pub use run::{RunBenchPage, RunBenchProps};
pub use sandbox::{SandboxBenchPage, SandboxBenchProps};

/// The benchmark page's own messages, in en, es and it, which its binary
/// adds to the lab's ([`cslab_scene::i18n::add_page_messages`]).
pub const BENCH_MESSAGES: [&str; 3] = [
    include_str!("../../../locales/bench/en.ftl"),
    include_str!("../../../locales/bench/es.ftl"),
    include_str!("../../../locales/bench/it.ftl"),
];

#[cfg(target_arch = "wasm32")]
mod page;
#[cfg(target_arch = "wasm32")]
pub use page::start;

use crate::ui::animation::now_ms;

use yew::prelude::*;

use cslab_scene::i18n::{Lang, Tr};

/// The link back to the lab, one folder up from `bench/`.
fn back_to_lab(lang: Lang) -> Html {
    html! { <p><a href={format!("../?lang={}", lang.code())}>{ Tr(lang).t("bench-back") }</a></p> }
}

/// One result of a benchmark page: its label, and its value in an element of
/// `class`, which the browser tests read.
fn result_row(tr: Tr, label: &str, value: String, class: &'static str) -> Html {
    html! { <><dt>{ tr.t(label) }</dt><dd class={class}>{ value }</dd></> }
}

/// The engine's results every run reports: events, engine time and events
/// per second of it.
fn engine_rows(lang: Lang, events: u64, engine_ms: f64) -> Html {
    let tr = Tr(lang);
    html! {
        <>
            { result_row(tr, "bench-events", events.to_string(), "events") }
            { result_row(tr, "bench-engine-time", format!("{} s", lang.decimal(engine_ms / 1e3, 3)), "engine-time") }
            { result_row(tr, "bench-rate", format!("{} M", mega_events_per_s(lang, events, engine_ms)), "rate") }
        </>
    }
}

/// Millions of events per second of `engine_ms`, written for `lang` (0
/// before any time has passed).
fn mega_events_per_s(lang: Lang, events: u64, engine_ms: f64) -> String {
    let rate = if engine_ms > 0.0 {
        events as f64 / engine_ms / 1e3
    } else {
        0.0
    };
    lang.decimal(rate, 2)
}
