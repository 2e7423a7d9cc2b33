//! The side panel: the lesson's narration, the event list, and the details
//! of the selected machine or packet.

use yew::prelude::*;

use super::api_settings::ApiSettingsCard;
use super::chat_settings::ChatSettingsCard;
use super::compare_settings::CompareSettingsCard;
use super::database_settings::DatabaseSettingsCard;
use super::email_settings::EmailSettingsCard;
use super::event_list::{EventList, capture_name};
use super::files_settings::FilesSettingsCard;
use super::game_settings::GameSettingsCard;
use super::gossip_view::GossipSettingsCard;
use super::inspector::Inspector;
use super::lesson_picker::lesson_picker;
use super::live::LiveLesson;
use super::load_settings::LoadSettingsCard;
use super::login_settings::LoginSettingsCard;
use super::panels::Panels;
use super::privacy_settings::PrivacySettingsCard;
use super::refusal_settings::RefusalSettingsCard;
use super::servers_settings::ServersSettingsCard;
use super::state::{Action, State};
use super::stream_settings::StreamSettingsCard;
use super::web_page_settings::WebPageSettingsCard;
use cslab_lessons::lesson::settings::Settings;
use cslab_lessons::lesson::{Lesson, SettingsCard};
use cslab_scene::i18n::{Lang, Tr};
use cslab_scene::story::{Plot, StoryArg, StoryStep, step_args};
use cslab_sim::net::{NodeId, World};
use cslab_sim::time::SimTime;

#[derive(Properties, PartialEq)]
pub struct SidePanelProps {
    pub lang: Lang,
    pub lesson: Lesson,
    pub settings: Settings,
    /// The run's seed, to replay it up to the clock.
    pub seed: u64,
    /// The run on the stage (none for a lesson without one).
    pub live: Option<LiveLesson>,
    pub now: SimTime,
    pub selected: Option<usize>,
    pub packet: Option<u64>,
    pub dispatch: UseReducerDispatcher<State>,
    /// Which of its cards show (`?panels=`).
    pub panels: Panels,
}

#[function_component(SidePanel)]
pub fn side_panel(props: &SidePanelProps) -> Html {
    let tr = Tr(props.lang);
    let file_name = use_memo(
        (props.lesson, props.settings, props.seed),
        |(lesson, settings, seed)| AttrValue::from(capture_name(*lesson, settings, *seed)),
    );
    let node = props.selected.and_then(|index| {
        props
            .live
            .as_ref()
            .and_then(|live| live.topology.nodes.get(index))
    });
    let details = match (&props.live, props.packet, node) {
        (Some(live), Some(pkt), _) => html! {
            <Inspector lang={props.lang} live={live.clone()} {pkt} dispatch={props.dispatch.clone()} />
        },
        (_, None, Some(node)) => {
            let (sockets, facts): (Vec<_>, Vec<_>) =
                node_state(props, NodeId(props.selected.unwrap_or_default() as u32))
                    .into_iter()
                    .partition(|(key, _)| *key == "state-socket");
            html! {
                <>
                    <h3>{ node.name(tr) }</h3>
                    <p>{ tr.t(node.description_key) }</p>
                    <dl>
                        <dt>{ tr.t("details-address") }</dt>
                        <dd><code>{ node.address.clone() }</code></dd>
                        { for facts.into_iter().map(|(key, value)| html! {
                            <><dt>{ tr.t(key) }</dt><dd><code>{ value }</code></dd></>
                        }) }
                    </dl>
                    { socket_table(tr, sockets) }
                </>
            }
        }
        _ => html! { <p class="hint">{ tr.t("details-hint") }</p> },
    };
    // A newly selected machine or packet is scrolled into sight (on a phone
    // the card rises from the screen's foot instead: styles/app.css).
    let chosen = (props.selected, props.packet) != (None, None);
    let details_ref = use_node_ref();
    use_effect_with((props.selected, props.packet), {
        let details_ref = details_ref.clone();
        move |selection: &(Option<usize>, Option<u64>)| {
            if *selection != (None, None)
                && let Some(details) = details_ref.cast::<web_sys::Element>()
            {
                details.scroll_into_view();
            }
        }
    });
    html! {
        <aside class="side-panel">
            if props.panels.story {
                <section class="card narration" aria-labelledby="narration-heading">
                    { lesson_picker(tr, Some(props.lesson), &props.dispatch) }
                    <h2 id="narration-heading">{ tr.t("panel-narration") }</h2>
                    <h3>{ tr.t(props.lesson.title_key()) }</h3>
                    { for props.lesson.intro_keys().iter().map(|key| html! { <p>{ tr.t(key) }</p> }) }
                    if let Some(live) = &props.live {
                        { story_so_far(tr, props.lesson.plot(&props.settings), live, props.now) }
                    }
                </section>
            }
            if props.panels.settings {
                { settings_card(props) }
            }
            if let (Some(live), true) = (&props.live, props.panels.events) {
                <EventList lang={props.lang} live={live.clone()} now={props.now} packet={props.packet}
                           dispatch={props.dispatch.clone()} file_name={(*file_name).clone()} />
                <section class={classes!("card", "details", chosen.then_some("chosen"))} ref={details_ref.clone()}
                         aria-labelledby="details-heading">
                    <h2 id="details-heading">{ tr.t("panel-details") }</h2>
                    if chosen {
                        <button type="button" class="close" aria-label={tr.t("help-close")} title={tr.t("help-close")}
                                onclick={let dispatch = props.dispatch.clone(); move |_| dispatch.dispatch(Action::Select(None))}>
                            { "×" }
                        </button>
                    }
                    { details }
                </section>
            }
        </aside>
    }
}

/// The lesson's settings card.
fn settings_card(props: &SidePanelProps) -> Html {
    html! {
        <>
            if let Some(live) = &props.live {
                if props.lesson.card() == SettingsCard::WebPage {
                    <WebPageSettingsCard lang={props.lang} web={props.settings.web} live={live.clone()} now={props.now}
                                         dispatch={props.dispatch.clone()} />
                }
                if props.lesson.card() == SettingsCard::Servers {
                    <ServersSettingsCard lang={props.lang} servers={props.settings.servers} dispatch={props.dispatch.clone()} />
                }
                if props.lesson.card() == SettingsCard::Email {
                    <EmailSettingsCard lang={props.lang} email={props.settings.email} dispatch={props.dispatch.clone()} />
                }
                if props.lesson.card() == SettingsCard::Privacy {
                    <PrivacySettingsCard lang={props.lang} privacy={props.settings.privacy} live={live.clone()} now={props.now}
                                         dispatch={props.dispatch.clone()} />
                }
                if props.lesson.card() == SettingsCard::Stream {
                    <StreamSettingsCard lang={props.lang} stream={props.settings.stream} live={live.clone()} now={props.now}
                                        dispatch={props.dispatch.clone()} />
                }
                if props.lesson.card() == SettingsCard::Chat {
                    <ChatSettingsCard lang={props.lang} chat={props.settings.chat} dispatch={props.dispatch.clone()} />
                }
                if props.lesson.card() == SettingsCard::Database {
                    <DatabaseSettingsCard lang={props.lang} database={props.settings.database} dispatch={props.dispatch.clone()} />
                }
                if props.lesson.card() == SettingsCard::Game {
                    <GameSettingsCard lang={props.lang} game={props.settings.game} live={live.clone()} now={props.now}
                                      dispatch={props.dispatch.clone()} />
                }
                if props.lesson.card() == SettingsCard::Files {
                    <FilesSettingsCard lang={props.lang} files={props.settings.files} dispatch={props.dispatch.clone()} />
                }
                if props.lesson.card() == SettingsCard::Login {
                    <LoginSettingsCard lang={props.lang} login={props.settings.login} dispatch={props.dispatch.clone()} />
                }
                if props.lesson.card() == SettingsCard::Api {
                    <ApiSettingsCard lang={props.lang} api={props.settings.api} dispatch={props.dispatch.clone()} />
                }
                if props.lesson.card() == SettingsCard::Refusal {
                    <RefusalSettingsCard lang={props.lang} refusal={props.settings.refusal} dispatch={props.dispatch.clone()} />
                }
                if props.lesson.card() == SettingsCard::Load {
                    <LoadSettingsCard lang={props.lang} load={props.settings.load} live={live.clone()} now={props.now}
                                      dispatch={props.dispatch.clone()} />
                }
            } else if props.lesson.card() == SettingsCard::Gossip {
                <GossipSettingsCard lang={props.lang} gossip={props.settings.gossip} dispatch={props.dispatch.clone()} />
            } else if props.lesson.card() == SettingsCard::Compare {
                <CompareSettingsCard lang={props.lang} compare={props.settings.compare} dispatch={props.dispatch.clone()} />
            }
        </>
    }
}

/// The narration's steps reached so far, the latest one marked current.
fn story_so_far(tr: Tr, plot: Option<Plot>, live: &LiveLesson, now: SimTime) -> Html {
    let Some(plot) = plot else {
        return html! {};
    };
    let playback = live.playback.borrow();
    let Some(world) = playback.world() else {
        return html! { <ol class="story"></ol> };
    };
    let steps = playback.story_until(now);
    let last = steps.len().saturating_sub(1);
    // Not a live region: the caption beside the stage announces each step.
    html! {
        <ol class="story">
            { for steps.iter().enumerate().map(|(index, (_, step))| {
                let current = index == last;
                html! {
                    <li class={classes!(current.then_some("current"))} aria-current={current.then_some("step")}>
                        { step_text(tr, plot, world, &steps, *step) }
                    </li>
                }
            }) }
        </ol>
    }
}

/// A step's sentence with the run's values in it (times in ms, in the
/// learner's number format).
pub(super) fn step_text(
    tr: Tr,
    plot: Plot,
    world: &World,
    steps: &[(SimTime, StoryStep)],
    step: StoryStep,
) -> String {
    let args: Vec<(&str, String)> = step_args(world, steps, step)
        .into_iter()
        .map(|(name, arg)| {
            let text = match arg {
                StoryArg::Text(text) => text,
                StoryArg::Time(t) => tr.0.decimal(t.as_secs_f64() * 1e3, 1),
                StoryArg::Seconds(s) => tr.0.integer(s),
            };
            (name, text)
        })
        .collect();
    let args: Vec<(&str, &str)> = args
        .iter()
        .map(|(name, text)| (*name, text.as_str()))
        .collect();
    tr.t_args(plot.key(step), &args)
}

/// The machine's sockets as `ss -tanp` prints them, in its columns (the
/// tool's own headings, which no language translates).
fn socket_table(tr: Tr, sockets: Vec<(&'static str, String)>) -> Html {
    if sockets.is_empty() {
        return html! {};
    }
    const COLUMNS: [&str; 6] = [
        "State",
        "Recv-Q",
        "Send-Q",
        "Local Address:Port",
        "Peer Address:Port",
        "Process",
    ];
    html! {
        // Focusable: a wide table scrolls sideways, by keyboard too.
        <table class="sockets" tabindex="0">
            <caption>{ tr.t("state-sockets") }</caption>
            <thead><tr>{ for COLUMNS.iter().map(|column| html! { <th scope="col">{ *column }</th> }) }</tr></thead>
            <tbody>
                { for sockets.into_iter().map(|(_, line)| html! {
                    <tr>{ for line.splitn(COLUMNS.len(), ' ').map(|cell| html! { <td>{ cell.to_string() }</td> }) }</tr>
                }) }
            </tbody>
        </table>
    }
}

/// What the selected machine holds at the clock: connections, cache
/// entries, workers. The world usually runs ahead of the clock (it simulates
/// a little ahead of the animation, and stepping back leaves it ahead); then
/// the same lesson with the same seed is run again up to the clock, which
/// gives exactly the state the world had then, since a run is a pure
/// function of its inputs (and a lesson's run takes milliseconds).
fn node_state(props: &SidePanelProps, node: NodeId) -> Vec<(&'static str, String)> {
    let Some(live) = &props.live else {
        return Vec::new();
    };
    let playback = live.playback.borrow();
    let Some(run) = playback.run() else {
        return Vec::new();
    };
    if run.world().now() <= props.now {
        return run.node_state(node, props.lang);
    }
    let Some((_, mut replay)) = props.lesson.build(&props.settings, props.seed) else {
        return Vec::new();
    };
    replay.world_mut().run_until(props.now);
    replay.node_state(node, props.lang)
}
