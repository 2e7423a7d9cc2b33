//! The event list, like a packet capture: every packet sent so far, newest
//! first, filtered by protocol. Clicking a row opens it in the inspector.

use std::collections::BTreeSet;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::chart::file_stem;
use super::download;
use super::live::LiveLesson;
use super::state::{Action, State};
use cslab_lessons::lesson::Lesson;
use cslab_lessons::lesson::settings::Settings;
use cslab_scene::capture::{Layer, Protocol, capture_latest};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::time::SimTime;

/// Rows kept on screen: the newest ones, so a long run stays light (each
/// frame that adds a row lays the list out again: 300 rows took 15 ms of a
/// 64-tick match's frames in Chromium; older packets are a step back away).
const MAX_ROWS: usize = 100;

#[derive(Properties, PartialEq)]
pub struct EventListProps {
    pub lang: Lang,
    pub live: LiveLesson,
    /// The clock: the list shows what happened up to it.
    pub now: SimTime,
    pub packet: Option<u64>,
    pub dispatch: UseReducerDispatcher<State>,
    /// What the saved capture is called ([`capture_name`]).
    pub file_name: AttrValue,
}

/// The capture's file name: the lesson's code, the settings that differ
/// from their defaults and a seed other than the first, as the address and
/// `cslab-cli lesson NAME --set KEY=VALUE --seed S` name them
/// ("email-mta-exim.pcapng").
pub fn capture_name(lesson: Lesson, settings: &Settings, seed: u64) -> String {
    let mut words = vec![lesson.code().to_owned()];
    for (name, value) in lesson.spec().settings.to_query(settings) {
        words.extend([name.to_owned(), value]);
    }
    if seed != 1 {
        words.extend(["seed".to_owned(), seed.to_string()]);
    }
    format!("{}.pcapng", file_stem(&words.join(" ")))
}

#[function_component(EventList)]
pub fn event_list(props: &EventListProps) -> Html {
    let tr = Tr(props.lang);
    let hidden = use_state(BTreeSet::<Protocol>::new);
    // `None`: every layer.
    let layer = use_state(|| None::<Layer>);
    // The latest rows only: a long run's every summary is too much for a
    // frame.
    let shown = {
        let playback = props.live.playback.borrow();
        let keep = |protocol: Protocol| {
            !hidden.contains(&protocol) && layer.is_none_or(|layer| protocol.layer() == layer)
        };
        (playback.world())
            .map(|world| capture_latest(world, props.now, &keep, MAX_ROWS))
            .unwrap_or_default()
    };
    // A long run's page keeps only its latest records (the lesson's trace
    // window), so its capture starts part way: the button says so.
    let save_hint = if props
        .live
        .playback
        .borrow()
        .world()
        .is_some_and(|world| world.trace().first_kept() > 0)
    {
        "events-save-hint-recent"
    } else {
        "events-save-hint"
    };
    // Nothing shown: nothing sent yet, or nothing the filters let through.
    let none_sent = shown.is_empty() && {
        let playback = props.live.playback.borrow();
        (playback.world())
            .is_none_or(|world| capture_latest(world, props.now, &|_| true, 1).is_empty())
    };
    let chip = |protocol: Protocol| {
        let hidden = hidden.clone();
        let on = !hidden.contains(&protocol);
        let onclick = move |_| {
            let mut next = (*hidden).clone();
            if !next.remove(&protocol) {
                next.insert(protocol);
            }
            hidden.set(next);
        };
        html! { <button type="button" class="chip" aria-pressed={on.to_string()} {onclick}>{ protocol.name() }</button> }
    };
    // The run so far as a capture file for Wireshark: the bytes
    // `cslab-cli lesson --pcap` writes for the same run and time.
    let on_save = {
        let playback = props.live.playback.clone();
        let (now, name) = (props.now, props.file_name.clone());
        move |_| {
            if let Some(world) = playback.borrow().world() {
                // No media type is registered for pcapng yet (the IETF
                // draft's issue 155): bytes, named by their extension.
                let file = cslab_pcap::capture(world, now);
                download::save_bytes(&name, &file, "application/octet-stream");
            }
        }
    };
    let on_layer = {
        let layer = layer.clone();
        move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            // The first option is "all layers".
            layer.set(
                select
                    .selected_index()
                    .checked_sub(1)
                    .and_then(|i| Layer::FILTERABLE.get(i as usize).copied()),
            );
        }
    };
    html! {
        <section class="card events" aria-labelledby="events-heading">
            <h2 id="events-heading">{ tr.t("events-title") }</h2>
            <div class="chips" role="group" aria-label={tr.t("events-filter")}>
                { for Protocol::FILTERABLE.into_iter().map(chip) }
                <select class="layer-filter" aria-label={tr.t("filter-layer")} onchange={on_layer}>
                    <option selected={layer.is_none()}>{ tr.t("filter-all-layers") }</option>
                    { for Layer::FILTERABLE.into_iter().map(|choice| html! {
                        <option selected={*layer == Some(choice)}>{ tr.t(choice.key()) }</option>
                    }) }
                </select>
                <button type="button" class="save-capture" onclick={on_save} disabled={none_sent}
                        title={tr.t(save_hint)}>{ tr.t("events-save") }</button>
            </div>
            if none_sent {
                <p class="hint">{ tr.t("events-none") }</p>
            } else if shown.is_empty() {
                <p class="hint">{ tr.t("events-none-filtered") }</p>
            }
            <ol class="event-rows">
                { for shown.into_iter().map(|row| {
                    let dispatch = props.dispatch.clone();
                    let pkt = row.pkt;
                    let args: Vec<(&str, &str)> = row.summary.args.iter().map(|(name, value)| (*name, value.as_str())).collect();
                    html! {
                        <li key={row.pkt}>
                            <button type="button" class="event-row" aria-pressed={(props.packet == Some(pkt)).to_string()}
                                    onclick={move |_| dispatch.dispatch(Action::SelectPacket(Some(pkt)))}>
                                <span class="when">{ format!("{} ms", props.lang.decimal(row.t.as_nanos() as f64 / 1e6, 3)) }</span>
                                <span class={classes!("proto", format!("proto-{}", row.protocol.name().to_lowercase()))}>
                                    { row.protocol.name() }
                                </span>
                                <span class="route">{ props.live.topology.route(tr, row.src.index(), row.dst.index()) }</span>
                                <span class="summary">
                                    { tr.t_args(row.summary.key, &args) }
                                    if row.look.encrypted {
                                        // A drawn padlock: an emoji needs a font many machines lack.
                                        <svg class="lock" viewBox="0 0 12 12" role="img" aria-label={tr.t("kind-encrypted")}>
                                            <title>{ tr.t("kind-encrypted") }</title>
                                            <path d="M3.8 5.2V3.9a2.2 2.2 0 0 1 4.4 0v1.3M2.6 5.2h6.8v5.4H2.6z" />
                                        </svg>
                                    }
                                    if row.retransmission { <span class="tag again">{ tr.t("events-retransmission") }</span> }
                                    if row.lost { <span class="tag lost">{ tr.t("events-lost") }</span> }
                                </span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
