//! The event list, like a packet capture: every packet sent so far, newest
//! first, filtered by protocol. Clicking a row opens it in the inspector.

use std::collections::BTreeSet;

use yew::prelude::*;

use super::live::LiveLesson;
use super::state::{Action, State};
use crate::i18n::{Lang, Tr};
use crate::scene::capture::{CaptureRow, Protocol, capture};
use crate::sim::time::SimTime;

/// Rows kept on screen: the newest ones, so a long run stays light.
const MAX_ROWS: usize = 300;

#[derive(Properties, PartialEq)]
pub struct EventListProps {
    pub lang: Lang,
    pub live: LiveLesson,
    /// The clock: the list shows what happened up to it.
    pub now: SimTime,
    pub packet: Option<u64>,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(EventList)]
pub fn event_list(props: &EventListProps) -> Html {
    let tr = Tr(props.lang);
    let hidden = use_state(BTreeSet::<Protocol>::new);
    let rows = {
        let playback = props.live.playback.borrow();
        playback
            .world()
            .map(|world| capture(world, props.now))
            .unwrap_or_default()
    };
    let shown: Vec<&CaptureRow> = rows
        .iter()
        .rev()
        .filter(|row| !hidden.contains(&row.protocol))
        .take(MAX_ROWS)
        .collect();
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
    html! {
        <section class="card events" aria-labelledby="events-heading">
            <h2 id="events-heading">{ tr.t("events-title") }</h2>
            <div class="chips" role="group" aria-label={tr.t("events-filter")}>
                { for Protocol::FILTERABLE.into_iter().map(chip) }
            </div>
            if shown.is_empty() {
                <p class="hint">{ tr.t("events-none") }</p>
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
                                    if row.look.encrypted { <span class="lock" title={tr.t("kind-encrypted")}>{ " 🔒" }</span> }
                                </span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
