//! Mounts the benchmark page `?bench=` names into `#app` (wasm only).

use yew::prelude::*;

use super::{
    AnimationBenchPage, AnimationBenchProps, LoadBenchPage, LoadBenchProps, QueueBenchPage,
    QueueBenchProps, RunBenchPage, RunBenchProps, SandboxBenchPage, SandboxBenchProps,
};
use crate::ui::browser::browser_language;
use crate::ui::languages::start_page;
use crate::ui::panic_panel;
use crate::ui::url_params::{Bench, UrlParams};
use cslab_scene::i18n::Tr;

/// Mounts the benchmark page of the address, or the list of them.
pub fn start() {
    cslab_scene::i18n::add_page_messages(super::BENCH_MESSAGES);
    panic_panel::install();
    let window = web_sys::window().expect("the page runs in a browser window");
    let params = UrlParams::parse(&window.location().search().unwrap_or_default());
    let lang = params
        .lang
        .or_else(|| browser_language(&window))
        .unwrap_or_default();
    let root = window
        .document()
        .and_then(|document| document.get_element_by_id("app"))
        .expect("bench.html has a #app element");
    start_page(root.clone(), lang, move |lang, notice| {
        let mut notices = params.notices;
        notices.extend(notice);
        match params.bench {
            Some(Bench::Queue(params)) => {
                let props = QueueBenchProps {
                    lang,
                    params,
                    notices,
                };
                yew::Renderer::<QueueBenchPage>::with_root_and_props(root, props).render();
            }
            Some(Bench::Animation(params)) => {
                let props = AnimationBenchProps {
                    lang,
                    params,
                    notices,
                };
                yew::Renderer::<AnimationBenchPage>::with_root_and_props(root, props).render();
            }
            Some(Bench::Run(args)) => {
                let props = RunBenchProps { lang, args };
                yew::Renderer::<RunBenchPage>::with_root_and_props(root, props).render();
            }
            Some(Bench::Sandbox(params)) => {
                let props = SandboxBenchProps { lang, params };
                yew::Renderer::<SandboxBenchPage>::with_root_and_props(root, props).render();
            }
            Some(Bench::Load) => {
                yew::Renderer::<LoadBenchPage>::with_root_and_props(root, LoadBenchProps { lang })
                    .render();
            }
            None => {
                yew::Renderer::<BenchIndex>::with_root_and_props(root, BenchIndexProps { lang })
                    .render();
            }
        }
    });
}

#[derive(Properties, PartialEq)]
struct BenchIndexProps {
    lang: cslab_scene::i18n::Lang,
}

/// The benchmark pages, a link each.
#[function_component(BenchIndex)]
fn bench_index(props: &BenchIndexProps) -> Html {
    let tr = Tr(props.lang);
    let link = |bench: &str, key: &str| {
        html! { <li><a href={format!("?bench={bench}&lang={}", props.lang.code())}>{ tr.t(key) }</a></li> }
    };
    html! {
        <div class="bench-page">
            <section class="card bench">
                <h1>{ tr.t("bench-index-title") }</h1>
                <ul>
                    { link("queue", "bench-index-queue") }
                    { link("animation", "bench-index-animation") }
                    { link("load", "bench-index-load") }
                    { link("sandbox", "bench-index-sandbox") }
                </ul>
                { super::back_to_lab(props.lang) }
            </section>
        </div>
    }
}
