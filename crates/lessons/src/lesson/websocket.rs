//! The lesson "A live connection": a chat. Alice's browser hears of Bob's
//! messages over a WebSocket (an HTTP connection upgraded, then frames
//! both ways, the server pushing each message as it is written), or by
//! polling every few seconds, or by long polling; the settings card
//! compares the three: messages, bytes and delays.

use super::address::{InAddress, Param, Values, number_param, place, switch_param};
use super::layout::world_topology;
use super::machine_state::{nat_rows, socket_rows};
use super::playback::SPEEDS_NS_PER_MS;
use super::questions::{Arg, Observed, Question, word_choices};
use super::run::LessonRun;
use super::settings::Field;
use super::{LessonSpec, LessonView, SettingsCard, none};
use cslab_chat::mode::Mode;
use cslab_chat::world::{ChatParams, ChatReport, ChatSim, compare};
use cslab_scene::i18n::Lang;
use cslab_scene::kind::PacketKind;
use cslab_scene::story::{Plot, StoryStep, first_host};
use cslab_scene::topology::{NodeRole, Topology};
use cslab_sim::net::{NodeId, World};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::http::HttpKind;
use cslab_sim::proto::text::{TextProtocol, chat_trace};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceEvent;

pub const LESSON: LessonSpec = LessonSpec {
    code: "websocket",
    title_key: "lesson-websocket-title",
    intro_keys: &["lesson-websocket-intro-1", "lesson-websocket-intro-2"],
    view: LessonView::Stage { load_charts: false },
    card: SettingsCard::Chat,
    speeds: &SPEEDS_NS_PER_MS,
    default_speed: 2,
    settings: &Field {
        get: |settings| &settings.chat,
        get_mut: |settings| &mut settings.chat,
    },
    legend: |_| (&PacketKind::ALL, true),
    plot: |settings| {
        Some(Plot::Chat {
            websocket: settings.chat.push == Push::WebSocket,
            long: settings.chat.push == Push::LongPolling,
        })
    },
    try_next_key: "lesson-websocket-try",
    server_gauge: none,
    build: |settings, seed, _| {
        let sim = ChatSim::new(&params(&settings.chat, seed));
        Some((chat_topology(&sim), Box::new(sim)))
    },
    off_stage_run: None,
    prepare: none,
    questions: &[
        bobs_message("ask-websocket-switched", StoryStep::ChatSwitched),
        bobs_message("ask-websocket-nothing", StoryStep::ChatNothing),
        bobs_message("ask-websocket-held", StoryStep::ChatHeld),
    ],
};

/// How Bob's first message will reach Alice's browser, asked where each
/// way's first answer has come (the 101, an empty poll, a held poll) and
/// shown where the message arrives: only one of the three steps happens
/// in a run, so each way asks once, in its own words.
const fn bobs_message(key: &'static str, ask: StoryStep) -> Question {
    Question {
        key,
        args: every_arg,
        ask,
        reveal: &[StoryStep::ChatPushed, StoryStep::ChatPolled],
        choices: |_| word_choices(&[PUSHED, ASKED_AGAIN, HELD, NEW_CONNECTION]),
        observe: first_delivery,
    }
}

fn every_arg(settings: &super::settings::Settings) -> Vec<(&'static str, Arg)> {
    vec![("every", Arg::Number(settings.chat.every.into()))]
}

/// The choices, each with the sentence that explains it when the run shows
/// it. The server never opens a connection to the browser (nor could it
/// through Alice's home router's NAT): that choice is never the run's.
const PUSHED: (&str, &str) = ("choice-websocket-pushed", "explain-websocket-pushed");
const ASKED_AGAIN: (&str, &str) = ("choice-websocket-asked", "explain-websocket-asked");
const HELD: (&str, &str) = ("choice-websocket-held", "explain-websocket-held");
const NEW_CONNECTION: (&str, &str) = ("choice-websocket-connects", "");

/// The first message the server sent Alice's browser after Bob's first
/// message reached it, by `until`: a WebSocket frame is pushed (after the
/// 101, either side sends frames when it likes, RFC 6455 §1.2, §5.6); an
/// HTTP answer answers a request (RFC 9110 §3.3: a server only answers),
/// which the browser sent after the message was written (a poll) or
/// before, and the server held (a long poll, RFC 6202 §2.1).
fn first_delivery(world: &World, until: SimTime) -> Option<Observed> {
    let alice = first_host(world)?;
    let (trace, names) = (world.trace(), world.names());
    let mut written = None;
    let mut asked = None;
    for record in trace.records().take_while(|record| record.t <= until) {
        let pkt = match record.ev {
            TraceEvent::App {
                code: chat_trace::WRITTEN,
                ..
            } if written.is_none() => {
                written = Some(record.t);
                continue;
            }
            TraceEvent::PacketSent { pkt, .. } => pkt,
            _ => continue,
        };
        let Some(header) = trace.header(pkt) else {
            continue;
        };
        if header.msg.tcp.is_some_and(|segment| segment.rec_off > 0) {
            continue; // the rest of a message already read
        }
        let (from_alice, to_alice) = (header.src_node == alice, header.dst_node == alice);
        let (answer, args) = match (header.msg.app, written) {
            (AppMsg::Http(http), _)
                if from_alice && matches!(http.kind, HttpKind::Request { .. }) =>
            {
                asked = Some(record.t);
                continue;
            }
            (AppMsg::Text(text), Some(written))
                if to_alice
                    && text.protocol == TextProtocol::WebSocket
                    && names.text(text.line).contains(r#""from":"#) =>
            {
                let args = vec![
                    ("written", Arg::Millis(written)),
                    ("port", Arg::Number(header.src_port.into())),
                ];
                (PUSHED, args)
            }
            (AppMsg::Http(http), Some(written))
                if to_alice
                    && matches!(http.kind, HttpKind::Response { .. })
                    && names.text(http.body) != "[]" =>
            {
                let asked = asked?;
                let args = vec![
                    ("written", Arg::Millis(written)),
                    ("asked", Arg::Millis(asked)),
                ];
                if asked < written {
                    (HELD, args)
                } else {
                    let waited = ("waited", Arg::Millis(record.t - written));
                    (ASKED_AGAIN, [args, vec![waited]].concat())
                }
            }
            _ => continue,
        };
        return Some(Observed::words(answer, args));
    }
    None
}

/// How the browser hears of new messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Push {
    WebSocket,
    Polling,
    LongPolling,
}

pub const PUSHES: [Push; 3] = [Push::WebSocket, Push::Polling, Push::LongPolling];
/// Polling periods, in seconds.
pub const EVERY_CHOICES: [u32; 4] = [1, 2, 5, 10];

/// The way, polling's period, and TLS (`wss://`, `https://`) or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChatSettings {
    pub push: Push,
    pub every: u32,
    pub tls: bool,
}

impl Default for ChatSettings {
    fn default() -> Self {
        ChatSettings {
            push: Push::WebSocket,
            every: 5,
            tls: false,
        }
    }
}

/// A way as the address names it.
pub fn push_code(push: Push) -> &'static str {
    match push {
        Push::WebSocket => "websocket",
        Push::Polling => "polling",
        Push::LongPolling => "long-polling",
    }
}

/// The message id of a way's name.
pub fn push_label_key(push: Push) -> &'static str {
    match push {
        Push::WebSocket => "push-websocket",
        Push::Polling => "push-polling",
        Push::LongPolling => "push-long-polling",
    }
}

impl InAddress for ChatSettings {
    const PARAMS: &'static [Param<Self>] = &[
        Param {
            name: "mode",
            values: Values::Words(PUSHES.len(), |i| push_code(PUSHES[i])),
            get: |s| place(&PUSHES, &s.push),
            set: |s, i| s.push = PUSHES[i],
        },
        number_param!("every", EVERY_CHOICES, every),
        // `tls` is the login lesson's: an address names a setting once.
        switch_param!("wss", tls),
    ];
}

impl ChatSettings {
    pub fn every(&self) -> SimTime {
        SimTime::from_secs(u64::from(self.every))
    }

    fn mode(&self) -> Mode {
        match self.push {
            Push::WebSocket => Mode::WebSocket,
            Push::Polling => Mode::Polling {
                every: self.every(),
            },
            Push::LongPolling => Mode::LongPolling,
        }
    }

    /// The three ways run to their end with these settings: the card's
    /// table (a few hundred packets each: well under a frame).
    pub fn compared(&self) -> Vec<ChatReport> {
        compare(self.every(), self.tls, 1)
    }
}

fn params(chat: &ChatSettings, seed: u64) -> ChatParams {
    ChatParams {
        mode: chat.mode(),
        tls: chat.tls,
        seed,
    }
}

/// Alice's home on the left, the chat server on the right.
fn chat_topology(sim: &ChatSim) -> Topology {
    let ids = sim.nodes();
    world_topology(sim.world(), |node| match node.id {
        id if id == ids.alice => (NodeRole::Laptop, "node-alice", "role-alice-chat", 90, 260),
        id if id == ids.router => (
            NodeRole::Router,
            "node-home-router",
            "role-router",
            260,
            260,
        ),
        id if id == ids.internet => (NodeRole::Router, "node-internet", "role-internet", 440, 260),
        _ => (NodeRole::WebServer, "node-chat", "role-chat", 640, 260),
    })
}

impl LessonRun for ChatSim {
    fn world(&self) -> &World {
        ChatSim::world(self)
    }
    fn world_mut(&mut self) -> &mut World {
        ChatSim::world_mut(self)
    }
    /// The server's messages and the long polls it holds; Alice's
    /// messages received and how late; everyone's sockets.
    fn node_state(&self, node: NodeId, _lang: Lang) -> Vec<(&'static str, String)> {
        let ids = self.nodes();
        let world = self.world();
        match node {
            id if id == ids.alice => {
                let mut facts: Vec<(&'static str, String)> = (self.report().delays.iter())
                    .map(|delay| {
                        let ms = delay.us() as f64 / 1_000.0;
                        (
                            "state-chat-received",
                            format!("#{} (+{ms:.1} ms)", delay.id),
                        )
                    })
                    .collect();
                facts.extend(socket_rows(world, &self.browser().tcp, node, &[]));
                facts
            }
            id if id == ids.router => nat_rows(world, id),
            id if id == ids.server => {
                let server = &self.server().app;
                let mut facts: Vec<(&'static str, String)> = (server.messages.iter())
                    .enumerate()
                    .map(|(i, posted)| {
                        let at = posted.at.as_nanos() / 1_000_000;
                        let text = format!("#{} {}: {} ({at} ms)", i + 1, posted.from, posted.text);
                        ("state-chat-message", text)
                    })
                    .collect();
                facts.extend(
                    server
                        .held()
                        .map(|(_, since)| ("state-chat-held", format!("since={since}"))),
                );
                facts.extend(socket_rows(world, &self.server().tcp, node, &[]));
                facts
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Lesson;
    use crate::lesson::settings::Settings;
    use cslab_scene::story::{StoryStep, StoryStep::*, story};

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<ChatSettings>();
    }

    fn told(chat: ChatSettings) -> Vec<StoryStep> {
        let settings = Settings {
            chat,
            ..Settings::default()
        };
        let lesson = Lesson(&LESSON);
        let (_, mut run) = lesson.build(&settings, 1).unwrap();
        run.world_mut().run_until(SimTime::from_secs(45));
        story(run.world(), SimTime::MAX, lesson.plot(&settings).unwrap())
            .into_iter()
            .map(|(_, step)| step)
            .collect()
    }

    #[test]
    fn each_way_is_told_in_the_order_it_happens() {
        let websocket = ChatSettings::default();
        assert_eq!(
            told(websocket),
            [
                ChatUpgrade,
                ChatSwitched,
                ChatPushed,
                ChatAliceSends,
                ChatClosed
            ]
        );
        let polling = ChatSettings {
            push: Push::Polling,
            ..websocket
        };
        assert_eq!(
            told(polling),
            [
                ChatPoll,
                ChatNothing,
                ChatPolled,
                ChatAliceSends,
                ChatClosed
            ]
        );
        let long = ChatSettings {
            push: Push::LongPolling,
            tls: true,
            ..websocket
        };
        assert_eq!(
            told(long),
            [
                ChatPoll,
                ChatHeld,
                ChatPolled,
                ChatAliceSends,
                ChatHoldOver,
                ChatClosed
            ]
        );
        let plot = |websocket, long| Plot::Chat { websocket, long };
        assert_eq!(
            plot(true, false).key(ChatAliceSends),
            "story-chat-alice-frame"
        );
        assert_eq!(
            plot(false, false).key(ChatAliceSends),
            "story-chat-alice-post"
        );
        assert_eq!(plot(false, true).key(ChatPoll), "story-chat-poll-long");
    }

    #[test]
    fn the_server_lists_its_messages_and_holds() {
        let settings = Settings {
            chat: ChatSettings {
                push: Push::LongPolling,
                ..ChatSettings::default()
            },
            ..Settings::default()
        };
        let (_, mut run) = Lesson(&LESSON).build(&settings, 1).unwrap();
        // At 10 s: Bob's three and Alice's message kept; one poll held
        // since id 3 (the last she has).
        run.world_mut().run_until(SimTime::from_secs(10));
        let facts = run.node_state(NodeId(3), Lang::En);
        let messages: Vec<&str> = (facts.iter())
            .filter(|(key, _)| *key == "state-chat-message")
            .map(|(_, fact)| fact.as_str())
            .collect();
        assert_eq!(messages.len(), 4, "{facts:?}");
        assert_eq!(messages[0], "#1 bob: Hi Alice! Are you there? (2000 ms)");
        assert!(
            messages[3].starts_with("#4 alice: Thanks, Bob! (80"),
            "{messages:?}"
        );
        assert!(
            facts.contains(&("state-chat-held", "since=3".to_owned())),
            "{facts:?}"
        );
        let alice = run.node_state(NodeId(0), Lang::En);
        assert!(
            alice.contains(&("state-chat-received", "#3 (+50.1 ms)".to_owned())),
            "{alice:?}"
        );
    }
}
