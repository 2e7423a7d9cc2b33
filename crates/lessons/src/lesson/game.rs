//! The lesson "A game service", in the style of Blizzard's Battle.net: the
//! game client logs in over HTTPS and gets a token, keeps a WebSocket to a
//! presence and chat server (friends online, messages pushed), asks the
//! matchmaker for a game and plays it: snapshots and inputs as UDP
//! datagrams at a tick rate, a lost one skipped, the ping measured. With
//! `fail`, Alice's presence server fails during the match.

use super::address::{InAddress, Param, Values, number_param, switch_param};
use super::layout::{column_y, world_topology};
use super::machine_state::{nat_rows, socket_rows};
use super::playback::SPEEDS_NS_PER_MS;
use super::questions::{Arg, Observed, Question, word_choices};
use super::run::LessonRun;
use super::settings::Field;
use super::{LessonSpec, LessonView, SettingsCard, none};
use cslab_game::world::{GameParams, GameSim, MATCH_SECONDS};
use cslab_scene::i18n::Lang;
use cslab_scene::kind::PacketKind;
use cslab_scene::story::{Plot, StoryStep, first_host};
use cslab_scene::topology::{NodeRole, Topology};
use cslab_sim::net::{NodeId, World};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::text::TextProtocol;
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceEvent;

pub const LESSON: LessonSpec = LessonSpec {
    code: "game",
    title_key: "lesson-game-title",
    intro_keys: &["lesson-game-intro-1", "lesson-game-intro-2"],
    view: LessonView::Stage { load_charts: false },
    card: SettingsCard::Game,
    speeds: &SPEEDS_NS_PER_MS,
    default_speed: 2,
    settings: &Field {
        get: |settings| &settings.game,
        get_mut: |settings| &mut settings.game,
    },
    legend: |_| (&PacketKind::ALL, true),
    plot: |settings| {
        Some(Plot::Game {
            loss: settings.game.loss > 0,
            fail: settings.game.fail,
        })
    },
    try_next_key: "lesson-game-try",
    server_gauge: none,
    build: |settings, seed, _| {
        let sim = GameSim::new(&settings.game.params(seed));
        Some((game_topology(&sim), Box::new(sim)))
    },
    off_stage_run: None,
    prepare: none,
    questions: &[LOST_SNAPSHOT],
};

/// What Alice's game gets of the match's snapshots on a line that may
/// lose some, asked where the matchmaker names the game server and shown
/// where a lost snapshot is skipped, or where the match is over.
const LOST_SNAPSHOT: Question = Question {
    key: "ask-game-lost",
    args: |settings| {
        vec![
            ("tick", Arg::Number(settings.game.tick.into())),
            ("seconds", Arg::Number(MATCH_SECONDS.into())),
            ("loss", Arg::Number(settings.game.loss.into())),
        ]
    },
    ask: StoryStep::GameMatched,
    reveal: &[StoryStep::GameSkipped, StoryStep::GameOver],
    choices: |_| word_choices(&[RESENT, NONE_LOST, SKIPPED, STOPS]),
    observe: snapshots_lost,
};

/// The choices, each with the sentence that explains it when the run shows
/// it. A datagram lost is no reason for the next to stop: "the match
/// stops" is never the run's.
const RESENT: (&str, &str) = ("choice-game-resent", "explain-game-resent");
const NONE_LOST: (&str, &str) = ("choice-game-all", "explain-game-all");
const SKIPPED: (&str, &str) = ("choice-game-skipped", "explain-game-skipped");
const STOPS: (&str, &str) = ("choice-game-stops", "");

/// The snapshots the game server sent Alice by `until`, by number: lost on
/// the way, sent again, received. UDP has no acknowledgement and no
/// retransmission (RFC 768); a game sends the next state instead (RFC 8085
/// §3.1.3 leaves reliability to the application).
fn snapshots_lost(world: &World, until: SimTime) -> Option<Observed> {
    let alice = first_host(world)?;
    let (trace, names) = (world.trace(), world.names());
    // Each snapshot's packet and number; the numbers lost and received.
    let mut numbers: Vec<(u64, u64)> = Vec::new();
    let number_of = |numbers: &[(u64, u64)], pkt| {
        (numbers.iter().rev()).find_map(|&(sent, number)| (sent == pkt).then_some(number))
    };
    let (mut lost, mut received) = (Vec::new(), Vec::new());
    for record in trace.records().take_while(|record| record.t <= until) {
        match record.ev {
            TraceEvent::PacketSent { pkt, dst, .. } if dst == alice => {
                let Some(AppMsg::Text(text)) = trace.header(pkt).map(|header| header.msg.app)
                else {
                    continue;
                };
                let line = names.text(text.line);
                let number = (line.strip_prefix("Snapshot "))
                    .filter(|_| text.protocol == TextProtocol::Game)
                    .and_then(|rest| rest.split(' ').next()?.parse::<u64>().ok());
                numbers.extend(number.map(|number| (pkt, number)));
            }
            TraceEvent::Dropped { pkt, .. } => lost.extend(number_of(&numbers, pkt)),
            TraceEvent::Delivered { pkt, node } if node == alice => {
                received.extend(number_of(&numbers, pkt))
            }
            _ => {}
        }
    }
    let sent = numbers.len() as u64;
    let (answer, args) = match lost.first() {
        None if sent > 0 => (
            NONE_LOST,
            vec![
                ("received", Arg::Number(received.len() as u64)),
                ("sent", Arg::Number(sent)),
            ],
        ),
        None => return None,
        Some(&first) => {
            let lost = ("lost", Arg::Number(first));
            if numbers.iter().filter(|&&(_, n)| n == first).count() > 1 {
                (RESENT, vec![lost])
            } else {
                // The next snapshot Alice got: the one that showed the gap.
                let next = *received.iter().find(|&&n| n > first)?;
                (SKIPPED, vec![lost, ("next", Arg::Number(next))])
            }
        }
    };
    Some(Observed::words(answer, args))
}

/// Tick rates: 20 and 30 a second, as Source's default client update
/// rates go, and 64, as competitive servers run.
pub const TICKS: [u32; 3] = [20, 30, 64];

/// The tick rate, the game's line's loss (in percent) and whether
/// presence-1 fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GameSettings {
    pub tick: u32,
    pub loss: u32,
    pub fail: bool,
}

impl Default for GameSettings {
    fn default() -> Self {
        GameSettings {
            tick: 20,
            loss: 0,
            fail: false,
        }
    }
}

impl InAddress for GameSettings {
    const PARAMS: &'static [Param<Self>] = &[
        number_param!("tick", TICKS, tick),
        // `loss` is the web page's: an address names a setting once.
        Param {
            name: "game-loss",
            values: Values::Range(0, 10, 1),
            get: |s| s.loss as usize,
            set: |s, i| s.loss = i as u32,
        },
        switch_param!("fail", fail),
    ];
}

impl GameSettings {
    pub fn params(&self, seed: u64) -> GameParams {
        GameParams {
            tick: self.tick,
            loss_percent: self.loss,
            fail: self.fail,
            seed,
        }
    }
}

/// Alice's home on the left; the data centre's servers in a column on
/// the right; Bob above the Internet, the game server below it.
fn game_topology(sim: &GameSim) -> Topology {
    let ids = sim.nodes();
    world_topology(sim.world(), |node| match node.id {
        id if id == ids.alice => (
            NodeRole::Laptop,
            "node-alice-game",
            "role-alice-game",
            90,
            250,
        ),
        id if id == ids.router => (
            NodeRole::Router,
            "node-home-router",
            "role-router",
            245,
            250,
        ),
        id if id == ids.internet => (NodeRole::Router, "node-internet", "role-internet", 360, 250),
        id if id == ids.data_centre => (
            NodeRole::Balancer,
            "node-data-centre",
            "role-data-centre",
            530,
            250,
        ),
        id if id == ids.login => (
            NodeRole::WebServer,
            "node-login-game",
            "role-login-game",
            700,
            column_y(1, 4),
        ),
        id if id == ids.presence[0] => (
            NodeRole::WebServer,
            "node-presence-1",
            "role-presence",
            700,
            column_y(2, 4),
        ),
        id if id == ids.presence[1] => (
            NodeRole::WebServer,
            "node-presence-2",
            "role-presence",
            700,
            column_y(3, 4),
        ),
        id if id == ids.matchmaker => (
            NodeRole::WebServer,
            "node-matchmaking",
            "role-matchmaking",
            700,
            column_y(4, 4),
        ),
        id if id == ids.game => (
            NodeRole::WebServer,
            "node-game-server",
            "role-game-server",
            360,
            column_y(4, 4),
        ),
        _ => (NodeRole::Laptop, "node-bob-game", "role-bob-game", 360, 80),
    })
}

impl LessonRun for GameSim {
    fn world(&self) -> &World {
        GameSim::world(self)
    }
    fn world_mut(&mut self) -> &mut World {
        GameSim::world_mut(self)
    }
    /// A client's friends online, snapshots, skips and ping; a presence
    /// server's players online; the game server's tick; everyone's
    /// sockets.
    fn node_state(&self, node: NodeId, lang: Lang) -> Vec<(&'static str, String)> {
        let ids = self.nodes();
        let world = self.world();
        let client = |client: &cslab_game::client::GameClient| {
            let play = &client.play;
            let mut facts = vec![
                ("state-game-friends", client.friends_online.join(", ")),
                (
                    "state-game-snapshots",
                    format!("{} / {}", play.snapshots, play.skipped),
                ),
            ];
            if let Some(ping) = client.ping() {
                let ms = lang.decimal(ping.as_nanos() as f64 / 1e6, 1);
                facts.push(("state-game-ping", format!("{ms} ms")));
            }
            facts
        };
        match node {
            id if id == ids.alice => {
                let mut facts = client(self.alice());
                facts.extend(socket_rows(world, self.tcp(ids.alice), node, &[]));
                facts
            }
            id if id == ids.bob => {
                let mut facts = client(self.bob());
                facts.extend(socket_rows(world, self.tcp(ids.bob), node, &[]));
                facts
            }
            id if id == ids.router => nat_rows(world, id),
            id if ids.presence.contains(&id) => {
                let n = if id == ids.presence[0] { 1 } else { 2 };
                let mut facts: Vec<(&'static str, String)> = (self.presence(n).online())
                    .map(|(player, server, here)| {
                        let key = if here {
                            "state-game-online-here"
                        } else {
                            "state-game-online-elsewhere"
                        };
                        (key, format!("{player} (presence-{server})"))
                    })
                    .collect();
                facts.extend(socket_rows(world, self.tcp(id), node, &[]));
                facts
            }
            id if id == ids.game => {
                vec![("state-game-tick", self.game_server().ticks.to_string())]
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::settings::Settings;
    use cslab_scene::story::StoryStep::*;
    use cslab_sim::time::SimTime;

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<GameSettings>();
    }

    fn told(game: GameSettings) -> Vec<cslab_scene::story::StoryStep> {
        let settings = Settings {
            game,
            ..Settings::default()
        };
        crate::lesson::told(&LESSON, &settings, SimTime::from_secs(9))
    }

    #[test]
    fn the_story_follows_the_dialogue() {
        let calm = GameSettings::default();
        assert_eq!(
            told(calm),
            [
                GameLogin,
                GameToken,
                GamePresence,
                GameFriends,
                GameChat,
                GameQueue,
                GameWaiting,
                GameMatched,
                GameSnapshots,
                GamePing,
                GameOver
            ]
        );
        let rough = GameSettings {
            loss: 5,
            fail: true,
            ..calm
        };
        let steps = told(rough);
        for step in [
            GameSkipped,
            GameServerFails,
            GameOffline,
            GameLost,
            GameBack,
        ] {
            assert!(steps.contains(&step), "{step:?} in {steps:?}");
        }
        let at = |step| steps.iter().position(|&s| s == step).unwrap();
        assert!(at(GameServerFails) < at(GameOffline));
        assert!(at(GameOffline) < at(GameLost));
        assert!(at(GameLost) < at(GameBack));
        assert!(at(GameBack) < at(GameOver));
    }

    #[test]
    fn the_machines_tell_what_they_hold() {
        let settings = Settings::default();
        let (_, mut run) = crate::lesson::Lesson(&LESSON).build(&settings, 1).unwrap();
        run.world_mut().run_until(SimTime::from_secs(9));
        let alice = run.node_state(NodeId(0), Lang::En);
        assert!(
            alice.contains(&("state-game-friends", "bob".into())),
            "{alice:?}"
        );
        assert!(
            alice.contains(&("state-game-snapshots", "100 / 0".into())),
            "{alice:?}"
        );
        assert!(
            alice.contains(&("state-game-ping", "50.0 ms".into())),
            "{alice:?}"
        );
    }
}
