//! Any command-line run in the page (`?bench=run&kind=pageload&tls&loss=0.02`):
//! the query, turned into `cslab-cli`'s arguments (`kind` the command, every
//! other parameter a flag of the same name, a bare one a switch), goes
//! through the command line's own code ([`cslab_lessons::cli::run`]) in wasm, and the
//! page prints its JSON, which a browser test compares with the native
//! program's, field for field.

use yew::prelude::*;

use super::{back_to_lab, now_ms};
use cslab_lessons::cli::{Failure, USAGE, run};
use cslab_scene::i18n::{Lang, Tr};

#[derive(Properties, PartialEq)]
pub struct RunBenchProps {
    pub lang: Lang,
    /// The command line, without the program's name.
    pub args: Vec<String>,
}

/// The JSON, or why there is none, and the engine time.
#[derive(Clone, PartialEq)]
enum Outcome {
    Running,
    Done { json: String, ms: f64 },
    Failed(String),
}

#[function_component(RunBenchPage)]
pub fn run_bench_page(props: &RunBenchProps) -> Html {
    let tr = Tr(props.lang);
    let outcome = use_state(|| Outcome::Running);
    {
        // After the first paint, so "running" shows while it runs.
        let (outcome, args) = (outcome.setter(), props.args.clone());
        use_effect_with((), move |()| {
            let start = now_ms();
            outcome.set(match run(&args) {
                Ok(json) => Outcome::Done {
                    json,
                    ms: now_ms() - start,
                },
                Err(Failure::Usage(reason) | Failure::Refused(reason) | Failure::Run(reason)) => {
                    Outcome::Failed(reason)
                }
                Err(Failure::Help) => Outcome::Failed(USAGE.into()),
            });
        });
    }
    let command = format!("cslab-cli {}", props.args.join(" "));
    let body = match &*outcome {
        Outcome::Running => {
            html! { <p class="bench-status" role="status">{ tr.t("bench-running") }</p> }
        }
        Outcome::Done { json, ms } => html! {
            <>
                <p class="bench-status" role="status">{ tr.t("bench-done") }</p>
                <dl class="bench-results">
                    <dt>{ tr.t("bench-engine-time") }</dt>
                    <dd class="engine-time">{ format!("{} s", props.lang.decimal(ms / 1e3, 3)) }</dd>
                </dl>
                <pre class="bench-json">{ json }</pre>
            </>
        },
        Outcome::Failed(reason) => html! {
            <p class="bench-error" role="alert">{ tr.t_args("bench-invalid", &[("reason", reason)]) }</p>
        },
    };
    html! {
        <div class="bench-page">
            <section class="card bench">
                <h1>{ tr.t("bench-run-title") }</h1>
                <p><code>{ command }</code></p>
                { body }
                { back_to_lab(props.lang) }
            </section>
        </div>
    }
}
