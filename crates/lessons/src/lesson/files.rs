//! The lesson "Moving a file": Alice fetches a report from a file server
//! by FTP (a control connection and a data connection, opened by the
//! server in active mode, which her home router's NAT stops, or by her in
//! passive mode), by SFTP (one SSH connection, encrypted after the key
//! exchange) or by HTTP (a download that resumes with `Range` after her
//! line breaks); the settings card compares the three.

use super::address::{InAddress, Param, Values, place, switch_param};
use super::layout::world_topology;
use super::machine_state::{nat_rows, socket_rows};
use super::playback::SPEEDS_NS_PER_MS;
use super::questions::{Arg, Choice, Observed, Question};
use super::run::LessonRun;
use super::settings::Field;
use super::wire::sent_until;
use super::{LessonSpec, LessonView, SettingsCard, none};
use cslab_files::compare::{WayReport, compare, run_way};
use cslab_files::ftp::{FtpMode, Outcome};
use cslab_files::world::{FilesParams, FilesSim, How};
use cslab_scene::i18n::Lang;
use cslab_scene::kind::PacketKind;
use cslab_scene::story::{Plot, StoryStep};
use cslab_scene::topology::{NodeRole, Topology};
use cslab_sim::net::{NodeId, World};
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::text::TextProtocol;
use cslab_sim::time::SimTime;

pub const LESSON: LessonSpec = LessonSpec {
    code: "files",
    title_key: "lesson-files-title",
    intro_keys: &["lesson-files-intro-1", "lesson-files-intro-2"],
    view: LessonView::Stage { load_charts: false },
    card: SettingsCard::Files,
    speeds: &SPEEDS_NS_PER_MS,
    default_speed: 2,
    settings: &Field {
        get: |settings| &settings.files,
        get_mut: |settings| &mut settings.files,
    },
    legend: |_| (&PacketKind::ALL, true),
    plot: |_| Some(Plot::Files),
    try_next_key: "lesson-files-try",
    server_gauge: none,
    build: |settings, seed, _| {
        let sim = FilesSim::new(&settings.files.params(seed));
        Some((files_topology(&sim), Box::new(sim)))
    },
    off_stage_run: None,
    prepare: none,
    questions: &[DATA],
};

/// How the file's bytes will come, asked once Alice has logged in by FTP
/// and shown where her client says PASV or PORT: FTP carries commands on
/// the control connection (port 21) and each file on a data connection of
/// its own (RFC 959 §3.2, §3.3), which the server opens from its port 20
/// to the port PORT named (active), or the client opens to the port the
/// 227 reply named (passive, RFC 959 §4.1.1, RFC 1579). SFTP and HTTP
/// have no second connection: it is asked of FTP only.
const DATA: Question = Question {
    key: "ask-files-data",
    args: |_| Vec::new(),
    ask: StoryStep::FtpLogin,
    reveal: &[StoryStep::FtpPassive, StoryStep::FtpPort],
    choices: |_| {
        [SAME_CONNECTION, CLIENT_OPENS.0, SERVER_OPENS.0]
            .map(Choice::Words)
            .to_vec()
    },
    observe: data_connection,
};

const SAME_CONNECTION: &str = "choice-files-data-same";
/// The line that names where the data connection goes, and who opens it.
const CLIENT_OPENS: (&str, &str, &str) = (
    "choice-files-data-client",
    "explain-files-data-passive",
    "227 ",
);
const SERVER_OPENS: (&str, &str, &str) = (
    "choice-files-data-server",
    "explain-files-data-active",
    "PORT ",
);

/// The first FTP line by `until` that names where the data connection
/// goes (a 227 reply or a PORT command), and the port it names.
fn data_connection(world: &World, until: SimTime) -> Option<Observed> {
    sent_until(world, until).find_map(|header| {
        let AppMsg::Text(text) = header.msg.app else {
            return None;
        };
        let line = world.names().text(text.line);
        let (answer, explain_key, _) = [CLIENT_OPENS, SERVER_OPENS]
            .into_iter()
            .find(|&(_, _, start)| text.protocol == TextProtocol::Ftp && line.starts_with(start))?;
        Some(Observed {
            answer: Choice::Words(answer),
            explain_key,
            args: vec![("port", Arg::Plain(host_port(line)?.into()))],
        })
    })
}

/// The port of the six numbers `h1,h2,h3,h4,p1,p2` that end a PORT
/// command or a 227 reply: p1 × 256 + p2 (RFC 959 §4.1.2).
fn host_port(line: &str) -> Option<u16> {
    let numbers = line.rsplit([' ', '(']).next()?.trim_end_matches(['.', ')']);
    let numbers: Vec<u8> = (numbers.split(','))
        .map(|number| number.parse().ok())
        .collect::<Option<_>>()?;
    match numbers[..] {
        [_, _, _, _, p1, p2] => Some(u16::from(p1) * 256 + u16::from(p2)),
        _ => None,
    }
}

/// The way, FTP's mode, the home router's NAT, and whether the line
/// breaks during the HTTP download.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FilesSettings {
    pub how: How,
    pub ftp_mode: FtpMode,
    pub nat: bool,
    pub line_breaks: bool,
}

impl Default for FilesSettings {
    fn default() -> Self {
        let params = FilesParams::default();
        FilesSettings {
            how: params.how,
            ftp_mode: params.ftp_mode,
            nat: params.nat,
            line_breaks: params.line_breaks,
        }
    }
}

pub const FTP_MODES: [FtpMode; 2] = [FtpMode::Passive, FtpMode::Active];

/// A way as the address names it.
pub fn how_code(how: How) -> &'static str {
    match how {
        How::Ftp => "ftp",
        How::Sftp => "sftp",
        How::Http => "http",
    }
}

/// An FTP mode as the address names it.
pub fn ftp_mode_code(mode: FtpMode) -> &'static str {
    match mode {
        FtpMode::Active => "active",
        FtpMode::Passive => "passive",
    }
}

/// The message id of a way's name.
pub fn how_label_key(how: How) -> &'static str {
    match how {
        How::Ftp => "how-ftp",
        How::Sftp => "how-sftp",
        How::Http => "how-http",
    }
}

/// The message id of an FTP mode's name.
pub fn ftp_mode_label_key(mode: FtpMode) -> &'static str {
    match mode {
        FtpMode::Active => "ftp-mode-active",
        FtpMode::Passive => "ftp-mode-passive",
    }
}

impl InAddress for FilesSettings {
    const PARAMS: &'static [Param<Self>] = &[
        Param {
            name: "how",
            values: Values::Words(How::ALL.len(), |i| how_code(How::ALL[i])),
            get: |s| place(&How::ALL, &s.how),
            set: |s, i| s.how = How::ALL[i],
        },
        Param {
            name: "ftp-mode",
            values: Values::Words(FTP_MODES.len(), |i| ftp_mode_code(FTP_MODES[i])),
            get: |s| place(&FTP_MODES, &s.ftp_mode),
            set: |s, i| s.ftp_mode = FTP_MODES[i],
        },
        switch_param!("nat", nat),
        switch_param!("break", line_breaks),
    ];
}

impl FilesSettings {
    pub fn params(&self, seed: u64) -> FilesParams {
        FilesParams {
            how: self.how,
            ftp_mode: self.ftp_mode,
            nat: self.nat,
            line_breaks: self.line_breaks,
            seed,
        }
    }

    /// The three ways run to their end with these settings: the card's
    /// table (a few hundred packets each).
    pub fn compared(&self) -> Vec<WayReport> {
        compare(self.ftp_mode, self.nat, self.line_breaks)
    }

    /// One of them (the card works each out only when a setting it depends
    /// on changes, so that one change costs one run, not three).
    pub fn way(&self, how: How) -> WayReport {
        run_way(&FilesSettings { how, ..*self }.params(1))
    }
}

/// Alice's home on the left, the file server on the right.
fn files_topology(sim: &FilesSim) -> Topology {
    let ids = sim.nodes();
    world_topology(sim.world(), |node| match node.id {
        id if id == ids.alice => (NodeRole::Laptop, "node-alice", "role-alice-files", 90, 260),
        id if id == ids.router && sim.params().nat => (
            NodeRole::Router,
            "node-home-router",
            "role-router",
            260,
            260,
        ),
        id if id == ids.router => (
            NodeRole::Router,
            "node-campus-router",
            "role-campus-router",
            260,
            260,
        ),
        id if id == ids.internet => (NodeRole::Router, "node-internet", "role-internet", 440, 260),
        _ => (NodeRole::WebServer, "node-files", "role-files", 640, 260),
    })
}

/// The server's programs, as `ss -p` names them.
const PROGRAMS: [(&str, u16); 3] = [("vsftpd", 21), ("sshd", 22), ("nginx", 80)];

impl LessonRun for FilesSim {
    fn world(&self) -> &World {
        FilesSim::world(self)
    }
    fn world_mut(&mut self) -> &mut World {
        FilesSim::world_mut(self)
    }
    /// How much of the file Alice has; the router's NAT table; sockets.
    fn node_state(&self, node: NodeId, lang: Lang) -> Vec<(&'static str, String)> {
        let ids = self.nodes();
        let world = self.world();
        let tcp = |node| {
            let host = match node {
                n if n == ids.alice => self.client_tcp(),
                _ => self.server_tcp(),
            };
            socket_rows(world, host, node, &PROGRAMS)
        };
        match node {
            id if id == ids.alice => {
                let (bytes, outcome) = self.received();
                let total = u64::from(cslab_files::file::SIZE);
                let mut facts = vec![(
                    "state-file-received",
                    format!("{} / {} B", lang.integer(bytes), lang.integer(total)),
                )];
                if outcome == Outcome::Failed {
                    facts.push(("state-file-failed", "✗".into()));
                }
                facts.extend(tcp(id));
                facts
            }
            id if id == ids.router => nat_rows(world, id),
            id if id == ids.server => tcp(id),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::settings::Settings;
    use cslab_scene::story::{StoryStep, StoryStep::*};
    use cslab_sim::time::SimTime;

    #[test]
    fn every_setting_goes_into_the_address_and_comes_back() {
        crate::lesson::address::assert_round_trips::<FilesSettings>();
    }

    fn told(files: FilesSettings) -> Vec<StoryStep> {
        let settings = Settings {
            files,
            ..Settings::default()
        };
        crate::lesson::told(&LESSON, &settings, SimTime::from_secs(90))
    }

    #[test]
    fn each_way_is_told_in_the_order_it_happens() {
        let passive = FilesSettings::default();
        assert_eq!(
            told(passive),
            [
                FtpGreeting,
                FtpLogin,
                FtpPassive,
                FtpRetr,
                FtpComplete,
                FileComplete,
                FtpQuit
            ]
        );
        let active = FilesSettings {
            ftp_mode: FtpMode::Active,
            ..passive
        };
        assert_eq!(
            told(active),
            [
                FtpGreeting,
                FtpLogin,
                FtpPort,
                FtpConnectBack,
                FtpNatDrop,
                FtpNoData,
                FtpQuit
            ]
        );
        let open = FilesSettings {
            nat: false,
            ..active
        };
        assert_eq!(
            told(open),
            [
                FtpGreeting,
                FtpLogin,
                FtpPort,
                FtpConnectBack,
                FtpRetr,
                FtpComplete,
                FileComplete,
                FtpQuit
            ]
        );
        let sftp = FilesSettings {
            how: How::Sftp,
            ..passive
        };
        assert_eq!(
            told(sftp),
            [
                SshHello,
                SshKex,
                SshNewKeys,
                SshAuth,
                SshChannel,
                SftpRead,
                SftpEof,
                FileComplete
            ]
        );
        let http = FilesSettings {
            how: How::Http,
            ..passive
        };
        assert_eq!(
            told(http),
            [
                HttpFileGet,
                HttpFileOk,
                LineDown,
                DownloadStalled,
                HttpRange,
                HttpPartial,
                FileComplete
            ]
        );
    }

    /// The stage draws the home router's line cut from 225 ms to 10.225 s.
    #[test]
    fn the_broken_line_is_drawn_cut_while_it_is_down() {
        use cslab_scene::server_state::cut_links;
        let settings = Settings {
            files: FilesSettings {
                how: How::Http,
                ..FilesSettings::default()
            },
            ..Settings::default()
        };
        let (_, mut run) = crate::lesson::Lesson(&LESSON).build(&settings, 1).unwrap();
        run.world_mut().run_until(SimTime::from_secs(12));
        let (router, internet) = (NodeId(1), NodeId(2));
        let at = |ms| cut_links(run.world(), SimTime::from_millis(ms));
        assert!(at(224).is_empty());
        assert_eq!(at(225), [(router, internet)]);
        assert_eq!(at(10_224), [(router, internet)]);
        assert!(at(10_225).is_empty());
    }

    #[test]
    fn alice_and_the_router_show_the_file_and_the_translations() {
        let settings = Settings::default();
        let (_, mut run) = crate::lesson::Lesson(&LESSON).build(&settings, 1).unwrap();
        run.world_mut().run_until(SimTime::from_secs(5));
        let alice = run.node_state(NodeId(0), Lang::En);
        assert_eq!(
            alice[0],
            ("state-file-received", "262,144 / 262,144 B".into())
        );
        let router = run.node_state(NodeId(1), Lang::En);
        // The control connection and the data connection, each mapped.
        let mapped: Vec<&str> = (router.iter())
            .filter(|(key, _)| *key == "state-nat")
            .map(|(_, row)| row.as_str())
            .collect();
        assert_eq!(
            mapped,
            [
                "TCP 192.168.1.10:49152 ↔ 198.51.100.23:49152",
                "TCP 192.168.1.10:49153 ↔ 198.51.100.23:49153"
            ]
        );
    }
}
