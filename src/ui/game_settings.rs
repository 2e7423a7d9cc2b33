//! The settings of "A game service": the tick rate, the loss on the game
//! server's line and presence-1's failure; under them, Alice's match as
//! the run has it now (snapshots, skipped ones, ping, presence server).

use yew::prelude::*;

use super::fields::{check_field, select_field};
use super::live::LiveLesson;
use super::state::{Action, State};
use cslab_game::world::GameSim;
use cslab_lessons::lesson::game::{GameSettings, TICKS};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::time::SimTime;

#[derive(Properties, PartialEq)]
pub struct GameSettingsProps {
    pub lang: Lang,
    pub game: GameSettings,
    pub live: LiveLesson,
    pub now: SimTime,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(GameSettingsCard)]
pub fn game_settings_card(props: &GameSettingsProps) -> Html {
    let tr = Tr(props.lang);
    let current = props.game;
    let set = {
        let dispatch = props.dispatch.clone();
        move |game: GameSettings| dispatch.dispatch(Action::SetGame(game))
    };
    let ticks = (TICKS.iter())
        .map(|&tick| (tick.to_string(), tick == current.tick))
        .collect();
    let losses = (0..=10)
        .map(|loss| (loss.to_string(), loss == current.loss))
        .collect();
    let on_tick = {
        let set = set.clone();
        Callback::from(move |index: usize| {
            set(GameSettings {
                tick: TICKS[index],
                ..current
            })
        })
    };
    let on_loss = {
        let set = set.clone();
        Callback::from(move |index: usize| {
            set(GameSettings {
                loss: index as u32,
                ..current
            })
        })
    };
    let on_fail = Callback::from(move |fail: bool| set(GameSettings { fail, ..current }));
    let figures = {
        let playback = props.live.playback.borrow();
        let run = playback
            .run()
            .and_then(|run| run.as_any().downcast_ref::<GameSim>());
        run.map(|sim| figures(props.lang, sim))
    };
    html! {
        <section class="card settings game" aria-labelledby="game-settings-heading">
            <h2 id="game-settings-heading">{ tr.t("settings-title") }</h2>
            { select_field(tr.t("setting-tick"), ticks, on_tick) }
            { select_field(tr.t("setting-game-loss"), losses, on_loss) }
            { check_field(tr.t("setting-fail"), current.fail, on_fail) }
            { figures.unwrap_or_default() }
        </section>
    }
}

/// Alice's match so far, from her client.
fn figures(lang: Lang, sim: &GameSim) -> Html {
    let tr = Tr(lang);
    let alice = sim.alice();
    let none = || tr.t("game-figure-none");
    let ping = (alice.ping())
        .map(|ping| format!("{} ms", lang.decimal(ping.as_secs_f64() * 1e3, 1)))
        .unwrap_or_else(none);
    let server = (alice.presence_server())
        .map(|n| format!("presence-{n}"))
        .unwrap_or_else(none);
    let rows = [
        ("game-figure-snapshots", lang.integer(alice.play.snapshots)),
        ("game-figure-skipped", lang.integer(alice.play.skipped)),
        ("game-figure-ping", ping),
        ("game-figure-presence", server),
    ];
    html! {
        <div class="game-figures">
            <h3>{ tr.t("game-figures-title") }</h3>
            <dl>
                { for rows.into_iter().map(|(key, value)| html! {
                    <><dt>{ tr.t(key) }</dt><dd data-figure={key}>{ value }</dd></>
                }) }
            </dl>
            <p class="hint">{ tr.t("game-figures-note") }</p>
        </div>
    }
}
