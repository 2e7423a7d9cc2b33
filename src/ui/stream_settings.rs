//! The settings of "Watching and talking": which stream, and the settings
//! of that one (the HLS line's drop, the camera's frame rate and losses,
//! the call's routers); for HLS the player's buffer as it fills and
//! drains; under them, the three streams' delays, measured by a run of
//! each, worked out a slice per frame (the HLS run alone sends some 15,000
//! packets: more than a frame's work).

use yew::prelude::*;

use super::animation::use_animation_frames;
use super::fields::{check_field, numbers, select_field};
use super::live::LiveLesson;
use super::preparing::work_a_frame;
use super::progress_bar::progress_bar;
use super::state::{Action, State};
use cslab_lessons::lesson::streaming::{
    FPS_CHOICES, KINDS, LOSS_CHOICES, NATS, StreamSettings, nats_label_key,
};
use cslab_scene::i18n::{Lang, Tr};
use cslab_sim::time::SimTime;
use cslab_stream::hls::player::MAX_BUFFER_S;
use cslab_stream::world::{Comparison, Kind, StreamReport, StreamSim};

#[derive(Properties, PartialEq)]
pub struct StreamSettingsProps {
    pub lang: Lang,
    pub stream: StreamSettings,
    pub live: LiveLesson,
    pub now: SimTime,
    pub dispatch: UseReducerDispatcher<State>,
}

fn kind_label_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Hls => "stream-kind-hls",
        Kind::Rtsp => "stream-kind-rtsp",
        Kind::WebRtc => "stream-kind-webrtc",
    }
}

#[function_component(StreamSettingsCard)]
pub fn stream_settings_card(props: &StreamSettingsProps) -> Html {
    let tr = Tr(props.lang);
    let lang = props.lang;
    let current = props.stream;
    let set = {
        let dispatch = props.dispatch.clone();
        move |stream: StreamSettings| dispatch.dispatch(Action::SetStream(stream))
    };
    let kinds = (KINDS.iter())
        .map(|&kind| (tr.t(kind_label_key(kind)), kind == current.kind))
        .collect();
    let nats = (NATS.iter())
        .map(|&nats| (tr.t(nats_label_key(nats)), nats == current.nats))
        .collect();
    let on_kind = {
        let set = set.clone();
        Callback::from(move |i: usize| {
            set(StreamSettings {
                kind: KINDS[i],
                ..current
            })
        })
    };
    let on_drop = {
        let set = set.clone();
        Callback::from(move |drop: bool| set(StreamSettings { drop, ..current }))
    };
    let on_fps = {
        let set = set.clone();
        Callback::from(move |i: usize| {
            set(StreamSettings {
                fps: FPS_CHOICES[i],
                ..current
            })
        })
    };
    let on_loss = {
        let set = set.clone();
        Callback::from(move |i: usize| {
            set(StreamSettings {
                loss: LOSS_CHOICES[i],
                ..current
            })
        })
    };
    let on_nats = Callback::from(move |i: usize| {
        set(StreamSettings {
            nats: NATS[i],
            ..current
        })
    });
    let fields = match current.kind {
        Kind::Hls => check_field(tr.t("setting-stream-drop"), current.drop, on_drop),
        Kind::Rtsp => html! {
            <>
                { select_field(tr.t("setting-fps"), numbers(lang, &FPS_CHOICES, "", current.fps), on_fps) }
                { select_field(tr.t("setting-rtp-loss"), numbers(lang, &LOSS_CHOICES, "%", current.loss), on_loss) }
            </>
        },
        Kind::WebRtc => select_field(tr.t("setting-call-nat"), nats, on_nats),
    };
    html! {
        <section class="card settings stream" aria-labelledby="stream-settings-heading">
            <h2 id="stream-settings-heading">{ tr.t("settings-title") }</h2>
            { select_field(tr.t("setting-stream-kind"), kinds, on_kind) }
            { fields }
            if current.kind == Kind::Hls {
                { buffer_bar(lang, &props.live, props.now) }
            }
            <Latencies {lang} stream={current} />
        </section>
    }
}

/// How much the player holds ahead of playback now, against hls.js's 30 s.
fn buffer_bar(lang: Lang, live: &LiveLesson, now: SimTime) -> Html {
    let tr = Tr(lang);
    let buffered = {
        let playback = live.playback.borrow();
        (playback.run())
            .and_then(|run| run.as_any().downcast_ref::<StreamSim>())
            .and_then(|sim| sim.player().map(|player| player.buffer_ns(now)))
    };
    let Some(ns) = buffered else {
        return html! {};
    };
    let seconds = lang.decimal(ns as f64 / 1e9, 1);
    html! {
        <div class="stream-buffer">
            <h3>{ tr.t("stream-buffer-title") }</h3>
            <meter min="0" max={MAX_BUFFER_S.to_string()} value={(ns as f64 / 1e9).to_string()}
                   aria-label={tr.t("stream-buffer-title")}></meter>
            <p class="hint">{ tr.t_args("stream-buffer-value", &[("s", &seconds)]) }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct LatenciesProps {
    lang: Lang,
    stream: StreamSettings,
}

/// The three streams' delays, measured a slice per frame while a progress
/// bar says so, then kept until a setting that changes them does.
#[function_component(Latencies)]
fn latencies(props: &LatenciesProps) -> Html {
    let tr = Tr(props.lang);
    // The stream shown does not change the three runs; its settings do.
    let measured = StreamSettings {
        kind: Kind::Hls,
        ..props.stream
    };
    let reports = use_state_eq(|| None::<(StreamSettings, Vec<StreamReport>)>);
    let done = use_state_eq(|| 0.0);
    let current = reports
        .as_ref()
        .filter(|(of, _)| *of == measured)
        .map(|(_, reports)| reports.clone());
    // The runs under way, and the settings they are for.
    let work = use_mut_ref(|| None::<(StreamSettings, Comparison)>);
    let on_frame = use_callback(
        (measured, reports.setter(), done.setter()),
        move |_, (measured, reports, done)| {
            let mut work = work.borrow_mut();
            // New settings: the runs are set up in this frame, which also
            // rebuilt the lesson, and worked from the next.
            if work.as_ref().is_none_or(|(of, _)| of != measured) {
                *work = Some((*measured, measured.comparison()));
                return;
            }
            let Some((_, comparison)) = work.as_mut() else {
                return;
            };
            if work_a_frame(comparison) {
                reports.set(Some((*measured, comparison.reports.clone())));
            } else {
                done.set(comparison.done());
            }
        },
    );
    use_animation_frames(current.is_none(), on_frame);
    let Some(reports) = current else {
        return html! {
            <div class="stream-compare" aria-busy="true">
                <h3>{ tr.t("stream-table-title") }</h3>
                <p class="hint">{ tr.t("stream-table-measuring") }</p>
                { progress_bar("", *done, tr.t("stream-table-measuring")) }
            </div>
        };
    };
    comparison(props.lang, &reports)
}

/// The table: one row a stream, its delay and what makes it.
fn comparison(lang: Lang, reports: &[StreamReport]) -> Html {
    let tr = Tr(lang);
    let delay = |ms: u64| match ms {
        0..1_000 => format!("{} ms", lang.integer(ms)),
        _ => format!("{} s", lang.decimal(ms as f64 / 1e3, 2)),
    };
    let row = |report: &StreamReport| {
        let why = match (report.kind, report.relayed) {
            (Kind::Hls, _) => tr.t_args(
                "stream-table-why-hls",
                &[
                    ("switches", &report.switches.len().to_string()),
                    ("stalls", &report.stalls.to_string()),
                ],
            ),
            (Kind::Rtsp, _) => tr.t_args(
                "stream-table-why-rtsp",
                &[
                    ("lost", &lang.integer(report.rtp_lost.into())),
                    ("sent", &lang.integer(report.rtp_sent.into())),
                ],
            ),
            (Kind::WebRtc, Some(true)) => tr.t("stream-table-why-relayed"),
            (Kind::WebRtc, _) => tr.t("stream-table-why-direct"),
        };
        html! {
            <tr>
                <th scope="row">{ tr.t(kind_label_key(report.kind)) }</th>
                <td>{ report.glass_to_glass_ms.map(delay).unwrap_or_default() }</td>
                <td class="why">{ why }</td>
            </tr>
        }
    };
    html! {
        <div class="stream-compare">
            <h3>{ tr.t("stream-table-title") }</h3>
            <table>
                <thead><tr>
                    <th>{ tr.t("stream-table-way") }</th>
                    <th>{ tr.t("stream-table-delay") }</th>
                    <th>{ tr.t("stream-table-why") }</th>
                </tr></thead>
                <tbody>{ for reports.iter().map(row) }</tbody>
            </table>
            <p class="hint">{ tr.t("stream-table-note") }</p>
        </div>
    }
}
