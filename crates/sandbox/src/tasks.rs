//! What a client can do, chosen per machine, each with its parameters.

use crate::fields::{Field, Takes, field, host};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaskKind {
    /// A browser opens a page at a name (the web page lesson).
    OpenPage,
    /// An app calls an API in a style (the API lesson).
    CallApi,
    /// A browser keeps a chat live (the WebSocket lesson).
    Chat,
    /// Downloads a file (the files lesson).
    DownloadFile,
    /// Watches a stream (the streaming lesson).
    WatchStream,
    /// Plays the game (the game lesson).
    PlayGame,
    /// A mail program sends mail to an address (the e-mail lesson).
    SendMail,
    /// A mail program reads its mailbox.
    ReadMail,
    /// A peer joins the swarm (the comparison lesson).
    JoinSwarm,
    /// A peer runs a Bitcoin node that relays a new block (the gossip
    /// lesson).
    RelayBlocks,
}

/// `cslab_api::client::Style`.
pub const API_STYLES: [&str; 3] = ["rest", "graphql", "soap"];
/// `cslab_chat::mode::Mode`.
pub const CHAT_MODES: [&str; 3] = ["websocket", "polling", "long-polling"];
/// `cslab_files::world::How`.
pub const FILE_WAYS: [&str; 3] = ["http", "ftp", "sftp"];
/// The streams a viewer watches in `cslab_stream::world::Kind` (a call is
/// two browsers, not a server's stream).
pub const STREAM_WAYS: [&str; 2] = ["hls", "rtsp"];
/// `cslab_mail::dovecot::Reading`.
pub const MAIL_READING: [&str; 2] = ["imap", "pop3"];
/// A peer starts with the whole file (a seed) or with none of it.
pub const SWARM_ROLES: [&str; 2] = ["downloader", "seed"];
/// The shared file's size in KiB (`cslab_sim::apps::bittorrent`'s pieces
/// are 256 KiB: 1 to 16 of them), small enough for a run of a few seconds;
/// the smallest is the files lesson's file.
pub const SWARM_FILE_KIB: [&str; 4] = ["256", "1024", "2048", "4096"];
/// A Bitcoin node relays the blocks others mine, or mines one itself.
pub const BLOCK_ROLES: [&str; 2] = ["node", "miner"];
/// The size of the block a miner finds, in KiB (`cslab_sim::apps::bitcoin`):
/// from a block of a few dozen transactions, which fits TCP's first window
/// of 10 segments (a hop of the relay is then three one-way trips), to
/// 512 KiB, about a full block of 2015 (Bitcoin Core 0.9's limit was
/// 1,000,000 bytes). Every node receives the block once, so even the
/// largest keeps a run of tens of nodes to some 20,000 data segments.
pub const BLOCK_KIB: [&str; 4] = ["8", "32", "128", "512"];

/// The protocol it uses, among `choices`.
const fn protocol(choices: &'static [&'static str], default: &'static str) -> Field {
    field(
        "how",
        "sandbox-field-protocol",
        Takes::Choice(choices),
        default,
    )
}

impl TaskKind {
    pub const ALL: [TaskKind; 10] = [
        TaskKind::OpenPage,
        TaskKind::CallApi,
        TaskKind::Chat,
        TaskKind::DownloadFile,
        TaskKind::WatchStream,
        TaskKind::PlayGame,
        TaskKind::SendMail,
        TaskKind::ReadMail,
        TaskKind::JoinSwarm,
        TaskKind::RelayBlocks,
    ];

    /// Its code in the file (`open-page`).
    pub fn code(self) -> &'static str {
        match self {
            TaskKind::OpenPage => "open-page",
            TaskKind::CallApi => "call-api",
            TaskKind::Chat => "chat",
            TaskKind::DownloadFile => "download-file",
            TaskKind::WatchStream => "watch-stream",
            TaskKind::PlayGame => "play-game",
            TaskKind::SendMail => "send-mail",
            TaskKind::ReadMail => "read-mail",
            TaskKind::JoinSwarm => "join-swarm",
            TaskKind::RelayBlocks => "relay-blocks",
        }
    }

    pub fn from_code(code: &str) -> Option<TaskKind> {
        TaskKind::ALL.into_iter().find(|task| task.code() == code)
    }

    /// The message key of its name on screen ("Open a page").
    pub fn label_key(self) -> &'static str {
        match self {
            TaskKind::OpenPage => "sandbox-task-open-page",
            TaskKind::CallApi => "sandbox-task-call-api",
            TaskKind::Chat => "sandbox-task-chat",
            TaskKind::DownloadFile => "sandbox-task-download-file",
            TaskKind::WatchStream => "sandbox-task-watch-stream",
            TaskKind::PlayGame => "sandbox-task-play-game",
            TaskKind::SendMail => "sandbox-task-send-mail",
            TaskKind::ReadMail => "sandbox-task-read-mail",
            TaskKind::JoinSwarm => "sandbox-task-join-swarm",
            TaskKind::RelayBlocks => "sandbox-task-relay-blocks",
        }
    }

    /// Its parameters, each with its default.
    pub fn params(self) -> &'static [Field] {
        const OPEN_PAGE: [Field; 1] = [host("www.example.com")];
        const CALL_API: [Field; 2] = [
            host("api.example.com"),
            field(
                "style",
                "sandbox-field-api-style",
                Takes::Choice(&API_STYLES),
                "rest",
            ),
        ];
        const CHAT: [Field; 2] = [
            host("chat.example.com"),
            field(
                "how",
                "sandbox-field-chat-mode",
                Takes::Choice(&CHAT_MODES),
                "websocket",
            ),
        ];
        const DOWNLOAD: [Field; 2] = [host("files.example.com"), protocol(&FILE_WAYS, "http")];
        const WATCH: [Field; 2] = [host("video.example.com"), protocol(&STREAM_WAYS, "hls")];
        const PLAY: [Field; 1] = [host("play.example.com")];
        const SEND: [Field; 1] = [field(
            "to",
            "sandbox-field-to",
            Takes::MailAddress,
            "bob@example.org",
        )];
        const READ: [Field; 1] = [protocol(&MAIL_READING, "imap")];
        // A peer's task had no parameters before the runner ran swarms.
        const JOIN: [Field; 2] = [
            field(
                "role",
                "sandbox-field-swarm-role",
                Takes::Choice(&SWARM_ROLES),
                "downloader",
            )
            .added_later(),
            field(
                "file-kib",
                "sandbox-field-file-size",
                Takes::Choice(&SWARM_FILE_KIB),
                "1024",
            )
            .added_later(),
        ];
        const RELAY: [Field; 2] = [
            field(
                "role",
                "sandbox-field-block-role",
                Takes::Choice(&BLOCK_ROLES),
                "node",
            ),
            field(
                "block-kib",
                "sandbox-field-block-size",
                Takes::Choice(&BLOCK_KIB),
                "32",
            ),
        ];
        match self {
            TaskKind::OpenPage => &OPEN_PAGE,
            TaskKind::CallApi => &CALL_API,
            TaskKind::Chat => &CHAT,
            TaskKind::DownloadFile => &DOWNLOAD,
            TaskKind::WatchStream => &WATCH,
            TaskKind::PlayGame => &PLAY,
            TaskKind::SendMail => &SEND,
            TaskKind::ReadMail => &READ,
            TaskKind::JoinSwarm => &JOIN,
            TaskKind::RelayBlocks => &RELAY,
        }
    }
}
