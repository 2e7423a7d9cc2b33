//! The settings of "A server under load": which server (with what its
//! defaults mean), how much load, how many servers and how the load is
//! spread, slow clients, CPU- or I/O-bound handlers; and a switch to turn a
//! server off in the middle of the run.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::fields::{check_field, numbers, select_field};
use super::live::LiveLesson;
use super::state::{Action, State};
use cslab_lessons::lesson::under_load::{
    LoadSettings, RATE_RANGE_RPS, REPLICA_CHOICES, SLOW_CLIENT_CHOICES, Spread, WEB_PRESETS,
    capacity_rps,
};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::apps::presets::DisplayName;
use cslab_sim::time::SimTime;

#[derive(Properties, PartialEq)]
pub struct LoadSettingsProps {
    pub lang: Lang,
    pub load: LoadSettings,
    pub live: LiveLesson,
    /// The clock: the switch shows whether the server is on now.
    pub now: SimTime,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(LoadSettingsCard)]
pub fn load_settings_card(props: &LoadSettingsProps) -> Html {
    let tr = Tr(props.lang);
    let load = props.load;
    let refresh = use_force_update();
    // A change runs the lesson again with the new settings.
    let apply = |change: fn(&mut LoadSettings, usize)| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |index| {
            let mut next = load;
            change(&mut next, index);
            dispatch.dispatch(Action::SetLoad(next));
        })
    };
    let on_rate = {
        let dispatch = props.dispatch.clone();
        move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Ok(rate_rps) = input.value().parse::<u32>() {
                dispatch.dispatch(Action::SetLoad(LoadSettings { rate_rps, ..load }));
            }
        }
    };
    let on_io = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |io_bound| {
            dispatch.dispatch(Action::SetLoad(LoadSettings { io_bound, ..load }))
        })
    };
    let (low, high, step) = RATE_RANGE_RPS;
    let presets = WEB_PRESETS
        .iter()
        .map(|&preset| {
            let name = match preset.display_name() {
                DisplayName::Product(name) => name.to_string(),
                DisplayName::Message(key) => tr.t(key),
            };
            (name, preset == load.preset)
        })
        .collect();
    let spreads = Spread::ALL
        .iter()
        .map(|&spread| (tr.t(spread.label_key()), spread == load.spread))
        .collect();
    let capacity = props.lang.decimal(capacity_rps(&load), 0);
    html! {
        <section class="card settings" aria-labelledby="load-settings-heading">
            <h2 id="load-settings-heading">{ tr.t("settings-title") }</h2>
            { select_field(tr.t("setting-server"), presets, apply(|load, i| load.preset = WEB_PRESETS[i])) }
            <p class="preset-description">{ tr.t(load.preset.description_key()) }</p>
            <label class="rate">
                <span>{ tr.t("setting-rate") }</span>
                <input type="range" min={low.to_string()} max={high.to_string()} step={step.to_string()}
                       value={load.rate_rps.to_string()} onchange={on_rate} />
                <output>{ tr.t_args("rate-value", &[("n", &props.lang.integer(load.rate_rps.into()))]) }</output>
            </label>
            <p class="hint">{ tr.t_args("load-capacity", &[("n", &capacity)]) }</p>
            <div class="settings-grid">
                { select_field(tr.t("setting-replicas"), numbers(tr.0, &REPLICA_CHOICES, "", load.replicas),
                               apply(|load, i| load.replicas = REPLICA_CHOICES[i])) }
                { select_field(tr.t("setting-spread"), spreads, apply(|load, i| load.spread = Spread::ALL[i])) }
                { select_field(tr.t("setting-slow"), numbers(tr.0, &SLOW_CLIENT_CHOICES, "", load.slow_clients),
                               apply(|load, i| load.slow_clients = SLOW_CLIENT_CHOICES[i])) }
            </div>
            { check_field(tr.t("setting-io"), load.io_bound, on_io) }
            { switch(tr, &props.live, refresh) }
        </section>
    }
}

/// Switches the first server off (or back on) now: the connections it holds
/// are reset, and the balancer's health checks notice.
fn switch(tr: Tr, live: &LiveLesson, refresh: UseForceUpdateHandle) -> Html {
    let on = live
        .playback
        .borrow()
        .run()
        .and_then(|run| run.load())
        .is_some_and(|load| load.server(0).is_on());
    let onclick = {
        let live = live.clone();
        move |_| {
            let mut playback = live.playback.borrow_mut();
            if let Some(load) = playback.run_mut().and_then(|run| run.load_mut()) {
                if load.server(0).is_on() {
                    load.switch_off(0);
                } else {
                    load.switch_on(0);
                }
            }
            refresh.force_update();
        }
    };
    let key = if on { "switch-off" } else { "switch-on" };
    html! {
        <button type="button" class={classes!("switch", (!on).then_some("off"))} {onclick}>
            { tr.t_args(key, &[("n", "1")]) }
        </button>
    }
}
