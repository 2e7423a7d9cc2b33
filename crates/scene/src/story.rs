//! The lessons' narration, tied to the trace: each step begins at the first
//! record that shows it happening, so stepping the simulation steps the
//! story.

use super::kind::{PacketKind, look};
use cslab_sim::apps::browser::trace_code;
use cslab_sim::apps::programs;
use cslab_sim::names::Name;
use cslab_sim::net::{NodeId, NodeKind, World};
use cslab_sim::proto::dns::RType;
use cslab_sim::proto::http::{HttpKind, Method, Status, referenced_paths};
use cslab_sim::proto::tcp::flags;
use cslab_sim::proto::text::{
    IMAPS_PORT, POP3S_PORT, SMTP_PORT, SUBMISSION_PORT, TextProtocol, chat_trace, db_trace,
    files_trace, game_trace, is_smtp_queued, mail_trace, stream_trace,
};
use cslab_sim::proto::tls::TlsContent;
use cslab_sim::proto::{AppMsg, Header};
use cslab_sim::runs::servers;
use cslab_sim::time::SimTime;
use cslab_sim::trace::{DropReason, Trace, TraceEvent};

/// Where an FTP server's active-mode data connection comes from (RFC 959
/// §3.2).
const FTP_DATA_PORT: u16 = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum StoryStep {
    AskDns,
    CachedDns,
    Hierarchy,
    DnsAnswer,
    Handshake,
    Tls,
    Request,
    Response,
    Objects,
    /// Non-persistent HTTP: the server closed the connection after its
    /// answer, and the browser connects again for the next file.
    NewConnection,
    PageDone,
    /// The learner opens the page again.
    Revisit,
    /// The second visit's request goes out on the first visit's connection.
    Reuse,
    /// The first visit's connections were closed: connect again.
    Reconnect,
    /// A file the browser already has is answered `304 Not Modified`.
    NotModified,
    /// The second visit is complete, on the first visit's connections.
    RevisitDone,
    /// The second visit is complete, on new connections.
    RevisitDoneReconnected,
    /// A client of a busy server opens a connection.
    Connect,
    /// A connection waits in the accept queue.
    Queued,
    /// The accept queue is full: Linux drops a SYN without a word.
    SynDropped,
    /// A client sends its SYN again after its retransmission timeout.
    SynAgain,
    /// The server refuses a connection (RST or HTTP 503, by its system).
    Refused,
    /// A request has been served.
    Served,
    /// A client asks DNS for the server machine's address.
    AskServerName,
    /// A client knocks on a door: the web server (80), the web server with
    /// TLS (443), the mail server (25), the database (5432), a Node.js
    /// application (3000), the print server (631), a port nobody listens on
    /// (8080), a port the firewall closes (22).
    KnockWeb,
    KnockHttps,
    KnockMail,
    KnockDatabase,
    KnockApp,
    KnockPrint,
    KnockClosed,
    KnockFiltered,
    /// More clients are connected to one port at once.
    SharedPort,
    /// A closed port's RST came back.
    DoorRefused,
    /// The SYN to a silent door is sent again.
    KnockAgain,
    /// The connect to a silent door gave up.
    DoorTimedOut,
    /// Every door has been tried.
    TourDone,
    /// Alice's mail program connects to her server's submission port.
    MailSubmit,
    /// It asks for STARTTLS before anything private.
    MailStartTls,
    /// It logs in (AUTH PLAIN), sealed.
    MailAuth,
    /// The server refuses the password (535).
    MailAuthRefused,
    /// The envelope: MAIL FROM and RCPT TO.
    MailEnvelope,
    /// Alice's server has queued the message.
    MailQueued,
    /// It asks DNS for the recipient domain's MX records.
    MailAskMx,
    /// It connects to the exchange on port 25.
    MailRelay,
    /// The exchange does not answer: given up.
    MailSilent,
    /// The backup MX has taken the message, to pass it on.
    MailBackup,
    /// No better exchange took it: it waits in the queue.
    MailDeferred,
    /// A queue run tries it again.
    MailRetry,
    /// The machine that was off is back.
    MailBackOn,
    /// The exchange has the message in Bob's mailbox.
    MailDelivered,
    /// Bob's mail program connects to read.
    MailRead,
    /// It has read the message (and, with POP3, deleted it).
    MailFetched,
    /// The browser asks for the site's address in a DNS question on UDP
    /// port 53, readable by anyone on the path.
    PrivDnsClear,
    /// It asks by DNS over HTTPS: a sealed POST to the resolver.
    PrivDnsSealed,
    /// The resolver asks the hierarchy, from its own address.
    PrivHierarchy,
    /// The browser connects to the site's address.
    PrivConnect,
    /// Its ClientHello names the site (SNI) in the clear.
    PrivHello,
    /// The request goes out readable.
    PrivRequestClear,
    /// The request goes out sealed.
    PrivRequestSealed,
    /// The server answers, and writes a line in its log.
    PrivLogged,
    /// The page is complete: what the chosen observer ended up with.
    PrivDone,
    /// Alice asks for her notes without saying who she is.
    LoginAsk,
    /// The site answers: log in first (302 to the form, or 401).
    LoginChallenge,
    /// Her browser fetches the login form.
    LoginForm,
    /// She sends her password.
    LoginPassword,
    /// The site checked it against its hash: wrong.
    LoginWrong,
    /// Too many failures: locked out (429).
    LoginLocked,
    /// Right: the site opens a session (a cookie, or a token).
    LoginSession,
    /// Her next request carries it, and she reads her notes.
    LoginCarried,
    /// Bob's notes: 403.
    LoginForbidden,
    /// She logs out.
    LoginLogout,
    /// Her old cookie or token, sent again, is not recognised.
    LoginEnded,
    /// The app opens a connection to the API.
    ApiConnect,
    /// The API accepts it (SYN-ACK): the app is about to ask its question.
    ApiAccepted,
    /// REST: GET the list of courses.
    RestList,
    /// REST: GET one course, by its URL.
    RestItem,
    /// REST: its students are another resource: another round trip.
    RestStudents,
    /// REST: POST a new course to the list.
    RestCreate,
    /// REST: 201 Created, with the new course's URL in `Location`.
    RestCreated,
    /// REST: PUT replaces it.
    RestReplace,
    /// REST: DELETE removes it.
    RestDelete,
    /// REST: 204 No Content.
    RestDeleted,
    /// REST: the deleted course asked for again: 404.
    RestMissing,
    /// GraphQL: one POST naming the fields wanted.
    GqlQuery,
    /// GraphQL: the data, exactly those fields.
    GqlData,
    /// GraphQL: a mutation creates a course.
    GqlMutation,
    /// GraphQL: a missing course is `null`, still 200.
    GqlNull,
    /// SOAP: an envelope POSTed with its SOAPAction.
    SoapCall,
    /// SOAP: the result in an envelope.
    SoapResult,
    /// SOAP: another operation, AddCourse.
    SoapAdd,
    /// SOAP: a missing course: a Fault, 500.
    SoapFault,
    /// The app closes its connection: the dialogue is over.
    ApiDone,
    /// The browser asks, in an HTTP GET, to upgrade to a WebSocket.
    ChatUpgrade,
    /// `101 Switching Protocols`, with the key's Accept value.
    ChatSwitched,
    /// The server pushes Bob's message in a frame the moment he writes.
    ChatPushed,
    /// The browser asks "anything new?" (a poll, or a long poll).
    ChatPoll,
    /// A poll answered with nothing new.
    ChatNothing,
    /// The server holds a long poll until there is news.
    ChatHeld,
    /// An answer brings Bob's messages.
    ChatPolled,
    /// Alice writes: a masked frame, or a POST.
    ChatAliceSends,
    /// A held long poll ran out of time, answered empty.
    ChatHoldOver,
    /// Alice closes the page: the connection closes.
    ChatClosed,
    /// A browser asks the Flask app for its page.
    DbAsk,
    /// The app opens its first connection to the database.
    DbConnect,
    /// The database's opening: greeting and authentication.
    DbOpening,
    /// The connection is authenticated and ready for queries.
    DbReady,
    /// The app sends the page's query.
    DbQuery,
    /// The rows or documents come back.
    DbRows,
    /// The app answers with the page rendered from them.
    DbPage,
    /// The logo: Flask's static view, from disk, no database.
    DbStatic,
    /// A request takes a pooled connection already open.
    DbReuse,
    /// Another connection to the database is opened.
    DbConnectAgain,
    /// A request waits for a pooled connection.
    DbWait,
    /// The database refuses a connection: too many.
    DbRefused,
    /// The app answers 500.
    DbError,
    /// The data as JSON.
    DbJson,
    /// Every user has an answer.
    DbDone,
    /// The game client posts the account and password to the login
    /// server, over TLS.
    GameLogin,
    /// The login server answers with a signed token.
    GameToken,
    /// The client opens a WebSocket to its presence server (port 1119).
    GamePresence,
    /// The presence server answers the token with the friends online.
    GameFriends,
    /// A friend's message is pushed, passed on between the cluster's
    /// servers.
    GameChat,
    /// The client asks the matchmaker for a game.
    GameQueue,
    /// The matchmaker holds the request while it gathers players.
    GameWaiting,
    /// The matchmaker names the game server, its port and a ticket.
    GameMatched,
    /// The first snapshot arrives by UDP; inputs go back each tick.
    GameSnapshots,
    /// The client measured its ping.
    GamePing,
    /// A snapshot was lost: the client skips it.
    GameSkipped,
    /// A presence server switches off.
    GameServerFails,
    /// The other server misses its peer: the friends see the player
    /// offline.
    GameOffline,
    /// The client's Ping went unanswered: it gives the connection up and
    /// waits before trying the next server.
    GameLost,
    /// The client is back, on the other presence server.
    GameBack,
    /// The match is over.
    GameOver,
    /// FTP: the control connection, and the server's greeting.
    FtpGreeting,
    /// USER and PASS, in clear.
    FtpLogin,
    /// PASV: the server says where it listens (227).
    FtpPassive,
    /// PORT: the client says where it listens.
    FtpPort,
    /// The server connects from port 20 to the address PORT gave.
    FtpConnectBack,
    /// That SYN reaches the home router, which has no translation for it.
    FtpNatDrop,
    /// RETR, and 150: the file comes on the data connection.
    FtpRetr,
    /// 226: the data connection closed, the file whole.
    FtpComplete,
    /// 425: the server gave the data connection up.
    FtpNoData,
    /// QUIT and 221.
    FtpQuit,
    /// SSH: the identification strings.
    SshHello,
    /// KEXINIT both ways, and the key exchange.
    SshKex,
    /// NEWKEYS: from now on, only sizes show.
    SshNewKeys,
    /// The user authentication, encrypted.
    SshAuth,
    /// A session channel, and its `subsystem sftp`.
    SshChannel,
    /// SFTP's READs of 32 KiB, more and more in flight.
    SftpRead,
    /// The server says end of file; the client closes the handle.
    SftpEof,
    /// HTTP: the GET for the file.
    HttpFileGet,
    /// 200 with the file's ETag and `Accept-Ranges: bytes`.
    HttpFileOk,
    /// The home router's line breaks: packets are lost.
    LineDown,
    /// The download stalls; the client gives the connection up.
    DownloadStalled,
    /// A new connection asks for the rest with Range and If-Range.
    HttpRange,
    /// 206 Partial Content, Content-Range.
    HttpPartial,
    /// Alice has the whole file.
    FileComplete,
    /// HLS: the player asks for the multivariant playlist.
    HlsMultivariant,
    /// HLS: it picks a rendition and asks for its live playlist.
    HlsMedia,
    /// HLS: the first segment, three target durations from the live end.
    HlsSegment,
    /// HLS: playback starts, some seconds behind live.
    HlsPlaying,
    /// HLS: the first segment's throughput lets it move up.
    HlsEstimate,
    /// The viewer's line slows down.
    LineDrops,
    /// HLS: a slow segment sends it to a lower rendition.
    HlsDown,
    /// The line is fast again.
    LineRecovers,
    /// HLS: a fast segment takes it back up.
    HlsUp,
    /// HLS: the buffer ran dry: playback stalls.
    HlsStall,
    /// HLS: the viewer stops watching.
    HlsDone,
    RtspOptions,
    /// DESCRIBE, answered with SDP.
    RtspDescribe,
    /// SETUP: the ports RTP will use.
    RtspSetup,
    RtspPlay,
    /// RTP packets flow over UDP, one a frame.
    RtpFlowing,
    /// A gap in the sequence numbers: a glitch, not a retransmission.
    RtpGlitch,
    RtspTeardown,
    /// WebRTC: both browsers join the signalling server's WebSocket.
    RtcSignalling,
    /// A STUN Binding request: "what is my public address?"
    RtcStun,
    /// A TURN Allocate: an address on the relay, in case.
    RtcTurn,
    RtcOffer,
    RtcAnswer,
    /// ICE: checks on every candidate pair.
    RtcChecks,
    /// A check came from a port no candidate named (a symmetric NAT).
    RtcPeerReflexive,
    /// The same, through the relay: the pair is still a relayed one.
    RtcPeerReflexiveRelayed,
    RtcCheckOk,
    /// Media flows straight between the two homes.
    RtcDirect,
    /// Media flows through the TURN relay.
    RtcRelayed,
    RtcHangup,
}

/// Which story a lesson tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plot {
    /// A browser loads a page.
    PageLoad,
    /// Clients press on a server that queues and says no, the way the
    /// chosen system does: `refused_key` tells how it refuses.
    Refusal { refused_key: &'static str },
    /// A client tries each door of a server machine; `same_machine` when
    /// it runs on the machine itself.
    Doors { same_machine: bool },
    /// An e-mail from Alice to Bob, who reads it by POP3 if `pop3`, else by
    /// IMAP; the mail servers run Exim if `exim`, else Postfix; mx1 is off
    /// for a while if `mx1_down`.
    Email {
        pop3: bool,
        exim: bool,
        mx1_down: bool,
    },
    /// A page load seen by an observer: `done_key` says what it learnt.
    Privacy { done_key: &'static str },
    /// Alice logs in to her notes, with a bearer `token` (else a session
    /// cookie), over `https` (else plain HTTP).
    Login { token: bool, https: bool },
    /// An app asks an API (REST, GraphQL or SOAP: the messages say which).
    Api,
    /// A chat kept live by a `websocket`, else by polling, `long` or not.
    Chat { websocket: bool, long: bool },
    /// A Flask app and its database, which speaks `protocol`; `pooled` if
    /// the app keeps a pool of connections.
    Database {
        protocol: TextProtocol,
        pooled: bool,
    },
    /// A game service: snapshots may be lost (`loss`), a presence server
    /// may `fail`.
    Game { loss: bool, fail: bool },
    /// A file moved by FTP, SFTP or HTTP (the messages say which).
    Files,
    /// A live channel in HLS, a camera in RTSP or a WebRTC call: the
    /// programs' notes ([`stream_trace`]) tell it.
    Stream,
}

impl Plot {
    /// The message id of `step`'s sentence in this story.
    pub fn key(self, step: StoryStep) -> &'static str {
        match (self, step) {
            (Plot::Refusal { refused_key }, StoryStep::Refused) => refused_key,
            (Plot::Doors { same_machine: true }, StoryStep::KnockWeb) => "story-knock-web-loopback",
            (Plot::Doors { same_machine: true }, StoryStep::KnockFiltered) => {
                "story-knock-filtered-loopback"
            }
            (Plot::Doors { same_machine: true }, StoryStep::TourDone) => "story-tour-done-loopback",
            (Plot::Email { pop3: true, .. }, StoryStep::MailRead) => "story-mail-read-pop3",
            (Plot::Email { pop3: true, .. }, StoryStep::MailFetched) => "story-mail-fetched-pop3",
            (Plot::Email { mx1_down: true, .. }, StoryStep::MailDelivered) => {
                "story-mail-delivered-late"
            }
            (Plot::Email { exim: true, .. }, StoryStep::MailDelivered) => {
                "story-mail-delivered-exim"
            }
            (Plot::Email { exim: true, .. }, StoryStep::MailSilent) => "story-mail-silent-exim",
            (Plot::Email { exim: true, .. }, StoryStep::MailDeferred) => "story-mail-deferred-exim",
            (Plot::Privacy { done_key }, StoryStep::PrivDone) => done_key,
            (Plot::Login { https: true, .. }, StoryStep::LoginPassword) => {
                "story-login-password-sealed"
            }
            (Plot::Login { token: true, .. }, StoryStep::LoginChallenge) => {
                "story-login-challenge-token"
            }
            (Plot::Login { token: true, .. }, StoryStep::LoginWrong) => "story-login-wrong-token",
            (Plot::Login { token: true, .. }, StoryStep::LoginSession) => {
                "story-login-session-token"
            }
            (Plot::Login { token: true, .. }, StoryStep::LoginCarried) => {
                "story-login-carried-token"
            }
            (Plot::Login { token: true, .. }, StoryStep::LoginLogout) => "story-login-logout-token",
            (Plot::Login { token: true, .. }, StoryStep::LoginEnded) => "story-login-ended-token",
            (Plot::Chat { long: true, .. }, StoryStep::ChatPoll) => "story-chat-poll-long",
            (Plot::Chat { long: true, .. }, StoryStep::ChatPolled) => "story-chat-polled-long",
            (
                Plot::Chat {
                    websocket: true, ..
                },
                StoryStep::ChatAliceSends,
            ) => "story-chat-alice-frame",
            (
                Plot::Chat {
                    websocket: true, ..
                },
                StoryStep::ChatClosed,
            ) => "story-chat-closed-websocket",
            (Plot::Database { protocol, .. }, StoryStep::DbOpening) => match protocol {
                TextProtocol::Mysql => "story-db-opening-mysql",
                TextProtocol::Mongo => "story-db-opening-mongodb",
                _ => "story-db-opening-postgresql",
            },
            (Plot::Database { protocol, .. }, StoryStep::DbRows) => match protocol {
                TextProtocol::Mysql => "story-db-rows-mysql",
                TextProtocol::Mongo => "story-db-rows-mongodb",
                _ => "story-db-rows-postgresql",
            },
            (Plot::Database { protocol, .. }, StoryStep::DbRefused) => match protocol {
                TextProtocol::Mysql => "story-db-refused-mysql",
                _ => "story-db-refused-postgresql",
            },
            (
                Plot::Database {
                    protocol: TextProtocol::Mongo,
                    ..
                },
                StoryStep::DbQuery,
            ) => "story-db-query-mongodb",
            (Plot::Database { pooled: false, .. }, StoryStep::DbDone) => "story-db-done-unpooled",
            _ => step.key(),
        }
    }
}

impl StoryStep {
    /// The message id of the step's sentence.
    pub fn key(self) -> &'static str {
        match self {
            StoryStep::AskDns => "story-ask-dns",
            StoryStep::CachedDns => "story-cached-dns",
            StoryStep::Hierarchy => "story-hierarchy",
            StoryStep::DnsAnswer => "story-dns-answer",
            StoryStep::Handshake => "story-handshake",
            StoryStep::Tls => "story-tls",
            StoryStep::Request => "story-request",
            StoryStep::Response => "story-response",
            StoryStep::Objects => "story-objects",
            StoryStep::NewConnection => "story-new-connection",
            StoryStep::PageDone => "story-page-done",
            StoryStep::Revisit => "story-revisit",
            StoryStep::Reuse => "story-reuse",
            StoryStep::Reconnect => "story-reconnect",
            StoryStep::NotModified => "story-not-modified",
            StoryStep::RevisitDone => "story-revisit-done",
            StoryStep::RevisitDoneReconnected => "story-revisit-done-reconnect",
            StoryStep::Connect => "story-connect",
            StoryStep::Queued => "story-queued",
            StoryStep::SynDropped => "story-syn-dropped",
            StoryStep::SynAgain => "story-syn-again",
            StoryStep::Refused => "story-refused-abort",
            StoryStep::Served => "story-served",
            StoryStep::AskServerName => "story-ask-server-name",
            StoryStep::KnockWeb => "story-knock-web",
            StoryStep::KnockHttps => "story-knock-https",
            StoryStep::KnockMail => "story-knock-mail",
            StoryStep::KnockDatabase => "story-knock-database",
            StoryStep::KnockApp => "story-knock-app",
            StoryStep::KnockPrint => "story-knock-print",
            StoryStep::KnockClosed => "story-knock-closed",
            StoryStep::KnockFiltered => "story-knock-filtered",
            StoryStep::SharedPort => "story-shared-port",
            StoryStep::DoorRefused => "story-door-refused",
            StoryStep::KnockAgain => "story-knock-again",
            StoryStep::DoorTimedOut => "story-door-timed-out",
            StoryStep::TourDone => "story-tour-done",
            StoryStep::MailSubmit => "story-mail-submit",
            StoryStep::MailStartTls => "story-mail-starttls",
            StoryStep::MailAuth => "story-mail-auth",
            StoryStep::MailAuthRefused => "story-mail-auth-refused",
            StoryStep::MailEnvelope => "story-mail-envelope",
            StoryStep::MailQueued => "story-mail-queued",
            StoryStep::MailAskMx => "story-mail-ask-mx",
            StoryStep::MailRelay => "story-mail-relay",
            StoryStep::MailSilent => "story-mail-silent",
            StoryStep::MailBackup => "story-mail-backup",
            StoryStep::MailDeferred => "story-mail-deferred",
            StoryStep::MailRetry => "story-mail-retry",
            StoryStep::MailBackOn => "story-mail-back-on",
            StoryStep::MailDelivered => "story-mail-delivered",
            StoryStep::MailRead => "story-mail-read",
            StoryStep::MailFetched => "story-mail-fetched",
            StoryStep::PrivDnsClear => "story-priv-dns-clear",
            StoryStep::PrivDnsSealed => "story-priv-dns-sealed",
            StoryStep::PrivHierarchy => "story-priv-hierarchy",
            StoryStep::PrivConnect => "story-priv-connect",
            StoryStep::PrivHello => "story-priv-hello",
            StoryStep::PrivRequestClear => "story-priv-request-clear",
            StoryStep::PrivRequestSealed => "story-priv-request-sealed",
            StoryStep::PrivLogged => "story-priv-logged",
            StoryStep::PrivDone => "story-priv-done-wifi",
            StoryStep::LoginAsk => "story-login-ask",
            StoryStep::LoginChallenge => "story-login-challenge",
            StoryStep::LoginForm => "story-login-form",
            StoryStep::LoginPassword => "story-login-password",
            StoryStep::LoginWrong => "story-login-wrong",
            StoryStep::LoginLocked => "story-login-locked",
            StoryStep::LoginSession => "story-login-session",
            StoryStep::LoginCarried => "story-login-carried",
            StoryStep::LoginForbidden => "story-login-forbidden",
            StoryStep::LoginLogout => "story-login-logout",
            StoryStep::LoginEnded => "story-login-ended",
            StoryStep::ApiConnect => "story-api-connect",
            StoryStep::ApiAccepted => "story-api-accepted",
            StoryStep::RestList => "story-rest-list",
            StoryStep::RestItem => "story-rest-item",
            StoryStep::RestStudents => "story-rest-students",
            StoryStep::RestCreate => "story-rest-create",
            StoryStep::RestCreated => "story-rest-created",
            StoryStep::RestReplace => "story-rest-replace",
            StoryStep::RestDelete => "story-rest-delete",
            StoryStep::RestDeleted => "story-rest-deleted",
            StoryStep::RestMissing => "story-rest-missing",
            StoryStep::GqlQuery => "story-gql-query",
            StoryStep::GqlData => "story-gql-data",
            StoryStep::GqlMutation => "story-gql-mutation",
            StoryStep::GqlNull => "story-gql-null",
            StoryStep::SoapCall => "story-soap-call",
            StoryStep::SoapResult => "story-soap-result",
            StoryStep::SoapAdd => "story-soap-add",
            StoryStep::SoapFault => "story-soap-fault",
            StoryStep::ApiDone => "story-api-done",
            StoryStep::ChatUpgrade => "story-chat-upgrade",
            StoryStep::ChatSwitched => "story-chat-switched",
            StoryStep::ChatPushed => "story-chat-pushed",
            StoryStep::ChatPoll => "story-chat-poll",
            StoryStep::ChatNothing => "story-chat-nothing",
            StoryStep::ChatHeld => "story-chat-held",
            StoryStep::ChatPolled => "story-chat-polled",
            StoryStep::ChatAliceSends => "story-chat-alice-post",
            StoryStep::ChatHoldOver => "story-chat-hold-over",
            StoryStep::ChatClosed => "story-chat-closed",
            StoryStep::DbAsk => "story-db-ask",
            StoryStep::DbConnect => "story-db-connect",
            StoryStep::DbOpening => "story-db-opening-postgresql",
            StoryStep::DbReady => "story-db-ready",
            StoryStep::DbQuery => "story-db-query",
            StoryStep::DbRows => "story-db-rows-postgresql",
            StoryStep::DbPage => "story-db-page",
            StoryStep::DbStatic => "story-db-static",
            StoryStep::DbReuse => "story-db-reuse",
            StoryStep::DbConnectAgain => "story-db-connect-again",
            StoryStep::DbWait => "story-db-wait",
            StoryStep::DbRefused => "story-db-refused-postgresql",
            StoryStep::DbError => "story-db-error",
            StoryStep::DbJson => "story-db-json",
            StoryStep::DbDone => "story-db-done",
            StoryStep::GameLogin => "story-game-login",
            StoryStep::GameToken => "story-game-token",
            StoryStep::GamePresence => "story-game-presence",
            StoryStep::GameFriends => "story-game-friends",
            StoryStep::GameChat => "story-game-chat",
            StoryStep::GameQueue => "story-game-queue",
            StoryStep::GameWaiting => "story-game-waiting",
            StoryStep::GameMatched => "story-game-matched",
            StoryStep::GameSnapshots => "story-game-snapshots",
            StoryStep::GamePing => "story-game-ping",
            StoryStep::GameSkipped => "story-game-skipped",
            StoryStep::GameServerFails => "story-game-server-fails",
            StoryStep::GameOffline => "story-game-offline",
            StoryStep::GameLost => "story-game-lost",
            StoryStep::GameBack => "story-game-back",
            StoryStep::GameOver => "story-game-over",
            StoryStep::FtpGreeting => "story-ftp-greeting",
            StoryStep::FtpLogin => "story-ftp-login",
            StoryStep::FtpPassive => "story-ftp-passive",
            StoryStep::FtpPort => "story-ftp-port",
            StoryStep::FtpConnectBack => "story-ftp-connect-back",
            StoryStep::FtpNatDrop => "story-ftp-nat-drop",
            StoryStep::FtpRetr => "story-ftp-retr",
            StoryStep::FtpComplete => "story-ftp-complete",
            StoryStep::FtpNoData => "story-ftp-no-data",
            StoryStep::FtpQuit => "story-ftp-quit",
            StoryStep::SshHello => "story-ssh-hello",
            StoryStep::SshKex => "story-ssh-kex",
            StoryStep::SshNewKeys => "story-ssh-newkeys",
            StoryStep::SshAuth => "story-ssh-auth",
            StoryStep::SshChannel => "story-ssh-channel",
            StoryStep::SftpRead => "story-sftp-read",
            StoryStep::SftpEof => "story-sftp-eof",
            StoryStep::HttpFileGet => "story-http-file-get",
            StoryStep::HttpFileOk => "story-http-file-ok",
            StoryStep::LineDown => "story-line-down",
            StoryStep::DownloadStalled => "story-download-stalled",
            StoryStep::HttpRange => "story-http-range",
            StoryStep::HttpPartial => "story-http-partial",
            StoryStep::FileComplete => "story-file-complete",
            StoryStep::HlsMultivariant => "story-stream-hls-multivariant",
            StoryStep::HlsMedia => "story-stream-hls-media",
            StoryStep::HlsSegment => "story-stream-hls-segment",
            StoryStep::HlsPlaying => "story-stream-hls-playing",
            StoryStep::HlsEstimate => "story-stream-hls-estimate",
            StoryStep::LineDrops => "story-stream-line-drops",
            StoryStep::HlsDown => "story-stream-hls-down",
            StoryStep::LineRecovers => "story-stream-line-recovers",
            StoryStep::HlsUp => "story-stream-hls-up",
            StoryStep::HlsStall => "story-stream-hls-stall",
            StoryStep::HlsDone => "story-stream-hls-done",
            StoryStep::RtspOptions => "story-stream-rtsp-options",
            StoryStep::RtspDescribe => "story-stream-rtsp-describe",
            StoryStep::RtspSetup => "story-stream-rtsp-setup",
            StoryStep::RtspPlay => "story-stream-rtsp-play",
            StoryStep::RtpFlowing => "story-stream-rtp-flowing",
            StoryStep::RtpGlitch => "story-stream-rtp-glitch",
            StoryStep::RtspTeardown => "story-stream-rtsp-teardown",
            StoryStep::RtcSignalling => "story-stream-rtc-signalling",
            StoryStep::RtcStun => "story-stream-rtc-stun",
            StoryStep::RtcTurn => "story-stream-rtc-turn",
            StoryStep::RtcOffer => "story-stream-rtc-offer",
            StoryStep::RtcAnswer => "story-stream-rtc-answer",
            StoryStep::RtcChecks => "story-stream-rtc-checks",
            StoryStep::RtcPeerReflexive => "story-stream-rtc-peer-reflexive",
            StoryStep::RtcPeerReflexiveRelayed => "story-stream-rtc-peer-reflexive-relayed",
            StoryStep::RtcCheckOk => "story-stream-rtc-check-ok",
            StoryStep::RtcDirect => "story-stream-rtc-direct",
            StoryStep::RtcRelayed => "story-stream-rtc-relayed",
            StoryStep::RtcHangup => "story-stream-rtc-hangup",
        }
    }
}

/// The steps of `plot` reached by `until`, each with the time it began, in
/// order.
pub fn story(world: &World, until: SimTime, plot: Plot) -> Vec<(SimTime, StoryStep)> {
    let mut scan = StoryScan::new(world, plot);
    scan.read_until(world, until);
    scan.steps
}

/// The story read so far, to be read further as the run goes on: each
/// record is read once, where [`story`] reads the whole trace again (a
/// long run's frame cannot afford that). A step depends only on the
/// records before it, so the steps begun by a time are a prefix of the
/// steps read further.
#[derive(Clone, Debug)]
pub struct StoryScan {
    plot: Plot,
    browser: Option<NodeId>,
    /// An answer said `Connection: close` (RFC 9112 §9.6): the next SYN is
    /// a new connection for the next file.
    closed: bool,
    /// The browser has the site's address: what it sends next is for the
    /// site (a page load watched by an observer).
    resolved: bool,
    /// The global index of the next record to read.
    next: u64,
    steps: Vec<(SimTime, StoryStep)>,
}

impl StoryScan {
    pub fn new(world: &World, plot: Plot) -> StoryScan {
        StoryScan {
            plot,
            browser: first_host(world),
            closed: false,
            resolved: false,
            next: 0,
            steps: Vec::new(),
        }
    }

    /// Reads the records up to `until` not read yet (from the start again
    /// if the world is not the one read so far).
    pub fn read_until(&mut self, world: &World, until: SimTime) {
        let trace = world.trace();
        if trace.total() < self.next {
            *self = StoryScan::new(world, self.plot);
        }
        self.next = self.next.max(trace.first_kept());
        for record in trace.records_from(self.next) {
            if record.t > until {
                break;
            }
            self.next += 1;
            let step = match self.plot {
                Plot::PageLoad => {
                    self.closed |= closes_connection(trace, &record.ev);
                    let step = page_load_step(trace, &record.ev, self.browser);
                    let told = |step| self.steps.iter().any(|&(_, seen)| seen == step);
                    if told(StoryStep::Revisit) {
                        step.and_then(|step| on_second_visit(step, &self.steps))
                    } else if step == Some(StoryStep::Handshake)
                        && told(StoryStep::Handshake)
                        && self.closed
                    {
                        Some(StoryStep::NewConnection)
                    } else {
                        step
                    }
                }
                Plot::Refusal { .. } => refusal_step(trace, &record.ev),
                Plot::Doors { .. } => door_step(trace, &record.ev),
                Plot::Email { .. } => mail_step(world, &record.ev),
                Plot::Privacy { .. } => {
                    self.resolved |= dns_done(&record.ev);
                    privacy_step(trace, &record.ev, self.browser, self.resolved)
                }
                Plot::Login { .. } => {
                    let logged_out = self
                        .steps
                        .iter()
                        .any(|&(_, seen)| seen == StoryStep::LoginLogout);
                    login_step(world, &record.ev, logged_out)
                }
                Plot::Api => api_step(world, &record.ev, self.browser),
                Plot::Chat { .. } => chat_step(world, &record.ev),
                Plot::Database { .. } => database_step(world, &record.ev),
                Plot::Game { .. } => {
                    let lost = self
                        .steps
                        .iter()
                        .any(|&(_, seen)| seen == StoryStep::GameLost);
                    game_step(world, &record.ev, self.browser, lost)
                }
                Plot::Files => files_step(world, &record.ev),
                Plot::Stream => {
                    let recovered = self
                        .steps
                        .iter()
                        .any(|&(_, seen)| seen == StoryStep::LineRecovers);
                    stream_step(&record.ev, recovered)
                }
            };
            if let Some(step) = step.filter(|step| self.steps.iter().all(|(_, seen)| seen != step))
            {
                self.steps.push((record.t, step));
            }
        }
    }

    /// The steps begun by `until`, in order.
    pub fn steps_until(&self, until: SimTime) -> &[(SimTime, StoryStep)] {
        let read = self.steps.partition_point(|&(t, _)| t <= until);
        &self.steps[..read]
    }

    pub fn plot(&self) -> Plot {
        self.plot
    }
}

/// The learner's machine: the world's first host.
pub fn first_host(world: &World) -> Option<NodeId> {
    (world.nodes().iter())
        .find(|node| node.kind == NodeKind::Host)
        .map(|node| node.id)
}

fn page_load_step(trace: &Trace, ev: &TraceEvent, browser: Option<NodeId>) -> Option<StoryStep> {
    match *ev {
        TraceEvent::PacketSent { pkt, src, .. } => trace
            .header(pkt)
            .and_then(|header| packet_step(header, Some(src) == browser)),
        TraceEvent::App {
            code: trace_code::DNS_DONE,
            value,
            ..
        } => Some(if value == 1 {
            StoryStep::CachedDns
        } else {
            StoryStep::DnsAnswer
        }),
        TraceEvent::App {
            code: trace_code::OBJECT_DONE,
            value: 0,
            ..
        } => Some(StoryStep::Objects),
        TraceEvent::App {
            code: trace_code::PAGE_DONE,
            ..
        } => Some(StoryStep::PageDone),
        TraceEvent::App {
            code: trace_code::REVISIT,
            ..
        } => Some(StoryStep::Revisit),
        _ => None,
    }
}

/// What a step of the first visit's kind means on the second visit.
fn on_second_visit(step: StoryStep, told: &[(SimTime, StoryStep)]) -> Option<StoryStep> {
    let reconnected = told.iter().any(|&(_, seen)| seen == StoryStep::Reconnect);
    match step {
        StoryStep::Handshake => Some(StoryStep::Reconnect),
        StoryStep::Request if !reconnected => Some(StoryStep::Reuse),
        StoryStep::PageDone if reconnected => Some(StoryStep::RevisitDoneReconnected),
        StoryStep::PageDone => Some(StoryStep::RevisitDone),
        StoryStep::CachedDns | StoryStep::DnsAnswer | StoryStep::NotModified => Some(step),
        _ => None,
    }
}

/// The record sends an HTTP answer that closes its connection.
fn closes_connection(trace: &Trace, ev: &TraceEvent) -> bool {
    let TraceEvent::PacketSent { pkt, .. } = *ev else {
        return false;
    };
    trace.header(pkt).is_some_and(|header| {
        matches!(header.msg.app, AppMsg::Http(http)
            if matches!(http.kind, HttpKind::Response { .. }) && !http.keep_alive)
    })
}

/// What a step's sentence names from the run: `files`, the paths the base
/// page's HTML links (as the browser found them); `first` and `second`, the
/// two visits' times in ms (formatted by the caller, in its language).
pub fn step_args(
    world: &World,
    steps: &[(SimTime, StoryStep)],
    step: StoryStep,
) -> Vec<(&'static str, StoryArg)> {
    let at = |wanted: StoryStep| {
        steps
            .iter()
            .find(|&&(_, seen)| seen == wanted)
            .map(|&(t, _)| t)
    };
    match step {
        StoryStep::Objects => vec![("files", StoryArg::Text(linked_files(world).join(", ")))],
        StoryStep::RevisitDone | StoryStep::RevisitDoneReconnected => {
            let (Some(first), Some(revisit), Some(done)) =
                (at(StoryStep::PageDone), at(StoryStep::Revisit), at(step))
            else {
                return Vec::new();
            };
            vec![
                ("first", StoryArg::Time(first)),
                ("second", StoryArg::Time(done - revisit)),
            ]
        }
        StoryStep::TourDone => door_time(world, 80)
            .map(|time| vec![("web", StoryArg::Time(time))])
            .unwrap_or_default(),
        StoryStep::GamePing
        | StoryStep::GameLost
        | StoryStep::GameOver
        | StoryStep::GameSnapshots => game_args(world, step),
        StoryStep::HlsMedia
        | StoryStep::HlsPlaying
        | StoryStep::HlsEstimate
        | StoryStep::HlsDown
        | StoryStep::HlsUp
        | StoryStep::HlsDone
        | StoryStep::RtpGlitch
        | StoryStep::RtcPeerReflexive
        | StoryStep::RtcPeerReflexiveRelayed => {
            at(step).map_or_else(Vec::new, |t| stream_args(world, t, step))
        }
        _ => mail_args(world, step),
    }
}

/// How long the first client to try doors waited at `port`, from its SYN
/// to the answer.
fn door_time(world: &World, port: u64) -> Option<SimTime> {
    let noted = |wanted: u32, from: Option<NodeId>| {
        world.trace().records().find_map(|record| match record.ev {
            TraceEvent::App {
                node, code, value, ..
            } if code == wanted && value == port && from.is_none_or(|from| from == node) => {
                Some((node, record.t))
            }
            _ => None,
        })
    };
    let (knocker, knocked) = noted(programs::trace_code::KNOCK, None)?;
    let (_, answered) = noted(programs::trace_code::ANSWERED, Some(knocker))?;
    Some(answered - knocked)
}

/// A value in a step's sentence.
#[derive(Clone, Debug, PartialEq)]
pub enum StoryArg {
    Text(String),
    /// A time in ms.
    Time(SimTime),
    /// A wait in whole seconds.
    Seconds(u64),
}

/// The paths the first HTML page sent in the run links, in document order.
fn linked_files(world: &World) -> Vec<String> {
    let trace = world.trace();
    trace
        .records()
        .find_map(|record| match record.ev {
            TraceEvent::PacketSent { pkt, .. } => {
                trace.header(pkt).and_then(|header| match header.msg.app {
                    AppMsg::Http(http) if http.body != Name(0) => {
                        Some(referenced_paths(world.names().text(http.body)))
                    }
                    _ => None,
                })
            }
            _ => None,
        })
        .unwrap_or_default()
}

fn refusal_step(trace: &Trace, ev: &TraceEvent) -> Option<StoryStep> {
    match *ev {
        TraceEvent::PacketSent { pkt, .. } => trace
            .header(pkt)
            .and_then(|header| header.msg.tcp)
            .filter(|segment| segment.flags == flags::SYN)
            .map(|segment| {
                if segment.retransmission {
                    StoryStep::SynAgain
                } else {
                    StoryStep::Connect
                }
            }),
        TraceEvent::ReqQueued { .. } => Some(StoryStep::Queued),
        TraceEvent::ReqDropped { .. } => Some(StoryStep::SynDropped),
        TraceEvent::ReqRefused { .. } => Some(StoryStep::Refused),
        TraceEvent::ReqServed { .. } => Some(StoryStep::Served),
        _ => None,
    }
}

/// What a client trying a machine's doors, or the machine, noted (see
/// [`programs::trace_code`]); the first DNS query; a SYN sent again.
fn door_step(trace: &Trace, ev: &TraceEvent) -> Option<StoryStep> {
    match *ev {
        TraceEvent::App { code, value, .. } => match (code, value) {
            (programs::trace_code::KNOCK, port) => knock_step(port),
            (programs::trace_code::SHARED_PORT, _) => Some(StoryStep::SharedPort),
            (programs::trace_code::REFUSED, _) => Some(StoryStep::DoorRefused),
            (programs::trace_code::TIMED_OUT, _) => Some(StoryStep::DoorTimedOut),
            (programs::trace_code::TOUR_DONE, _) => Some(StoryStep::TourDone),
            _ => None,
        },
        TraceEvent::PacketSent { pkt, .. } => {
            let header = trace.header(pkt)?;
            match (header.msg.app, header.msg.tcp) {
                (AppMsg::Dns(dns), _) if !dns.response => Some(StoryStep::AskServerName),
                (_, Some(segment))
                    if segment.flags == flags::SYN
                        && segment.retransmission
                        && header.dst_port == servers::FILTERED_PORT =>
                {
                    Some(StoryStep::KnockAgain)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The step of an e-mail's journey a sent packet shows: a DNS question for
/// MX records, or a line of SMTP, IMAP or POP3 (read as the simulator knows
/// it, sealed or not), told by its words and the port it is on.
fn mail_step(world: &World, ev: &TraceEvent) -> Option<StoryStep> {
    let pkt = match *ev {
        TraceEvent::App { code, value, .. } => {
            return Some(match code {
                mail_trace::KEPT => StoryStep::MailDelivered,
                mail_trace::TO_PASS_ON if value == u64::from(SMTP_PORT) => StoryStep::MailBackup,
                mail_trace::TO_PASS_ON => StoryStep::MailQueued,
                mail_trace::SILENT => StoryStep::MailSilent,
                mail_trace::DEFERRED => StoryStep::MailDeferred,
                mail_trace::RETRY => StoryStep::MailRetry,
                mail_trace::BACK_ON => StoryStep::MailBackOn,
                _ => return None,
            });
        }
        TraceEvent::PacketSent { pkt, .. } => pkt,
        _ => return None,
    };
    let header = world.trace().header(pkt)?;
    let (from, to) = (header.src_port, header.dst_port);
    let text = match header.msg.app {
        AppMsg::Dns(dns) if !dns.response && dns.qtype == RType::Mx => {
            return Some(StoryStep::MailAskMx);
        }
        _ if to == SMTP_PORT && header.msg.tcp.is_some_and(|tcp| tcp.flags == flags::SYN) => {
            return Some(StoryStep::MailRelay);
        }
        AppMsg::Text(text) => world.names().text(text.line),
        _ => return None,
    };
    let greeting = text.starts_with("220 ") && text.contains("ESMTP");
    Some(match (from, to) {
        (SUBMISSION_PORT, _) if greeting => StoryStep::MailSubmit,
        (_, SUBMISSION_PORT) if text == "STARTTLS" => StoryStep::MailStartTls,
        (_, SUBMISSION_PORT) if text.starts_with("AUTH ") => StoryStep::MailAuth,
        (SUBMISSION_PORT, _) if text.starts_with("535") => StoryStep::MailAuthRefused,
        (_, SUBMISSION_PORT) if text.starts_with("MAIL FROM") => StoryStep::MailEnvelope,
        (IMAPS_PORT | POP3S_PORT, _) if text.contains("Dovecot") => StoryStep::MailRead,
        (IMAPS_PORT, _) if text.contains(" FETCH ") => StoryStep::MailFetched,
        (POP3S_PORT, _) if text.starts_with("+OK Logging out") => StoryStep::MailFetched,
        _ => return None,
    })
}

/// The first SMTP line sent from `port` (by `node`, if given) that `fits`.
fn smtp_line(
    world: &World,
    port: u16,
    node: Option<NodeId>,
    fits: impl Fn(&str) -> bool,
) -> Option<String> {
    world.trace().records().find_map(|record| {
        let TraceEvent::PacketSent { pkt, src, .. } = record.ev else {
            return None;
        };
        let header = world.trace().header(pkt)?;
        let AppMsg::Text(text) = header.msg.app else {
            return None;
        };
        let line = world.names().text(text.line);
        (header.src_port == port && node.is_none_or(|node| node == src) && fits(line))
            .then(|| line.to_string())
    })
}

/// The value of the first mail server's record of `code`, and its machine.
fn mail_note(world: &World, code: u32) -> Option<(NodeId, u64)> {
    app_note(world, code, SimTime::ZERO)
}

/// The first note `code` written at or after `since`: who wrote it, and
/// its value.
fn app_note(world: &World, code: u32, since: SimTime) -> Option<(NodeId, u64)> {
    (world.trace().records())
        .filter(|record| record.t >= since)
        .find_map(|record| match record.ev {
            TraceEvent::App {
                node,
                code: noted,
                value,
                ..
            } if noted == code => Some((node, value)),
            _ => None,
        })
}

/// What an e-mail step's sentence quotes from the wire, and the waits it
/// names, in seconds.
fn mail_args(world: &World, step: StoryStep) -> Vec<(&'static str, StoryArg)> {
    let quote = |name, port, node, fits: &dyn Fn(&str) -> bool| {
        smtp_line(world, port, node, fits)
            .map(|line| vec![(name, StoryArg::Text(line))])
            .unwrap_or_default()
    };
    let seconds = |name, code| {
        mail_note(world, code)
            .map(|(_, value)| vec![(name, StoryArg::Seconds(value))])
            .unwrap_or_default()
    };
    match step {
        StoryStep::MailSubmit => quote("greeting", SUBMISSION_PORT, None, &|line| {
            line.starts_with("220 ")
        }),
        StoryStep::MailAuthRefused => quote("reply", SUBMISSION_PORT, None, &|line| {
            line.starts_with("535")
        }),
        StoryStep::MailQueued => quote("reply", SUBMISSION_PORT, None, &is_smtp_queued),
        StoryStep::MailDelivered => {
            let keeper = mail_note(world, mail_trace::KEPT).map(|(node, _)| node);
            quote("reply", SMTP_PORT, keeper, &is_smtp_queued)
        }
        StoryStep::MailSilent => seconds("waited", mail_trace::SILENT),
        StoryStep::MailDeferred => seconds("wait", mail_trace::DEFERRED),
        _ => Vec::new(),
    }
}

/// The browser's lookup is over.
fn dns_done(ev: &TraceEvent) -> bool {
    matches!(
        ev,
        TraceEvent::App {
            code: trace_code::DNS_DONE,
            ..
        }
    )
}

/// The step of a page load watched for what it shows: how the browser's
/// question leaves (in the clear or sealed), the resolver's own questions,
/// and, once the name is `resolved`, the browser's connection, its
/// ClientHello, its request, the server's answer, the page complete.
fn privacy_step(
    trace: &Trace,
    ev: &TraceEvent,
    browser: Option<NodeId>,
    resolved: bool,
) -> Option<StoryStep> {
    let header = match *ev {
        TraceEvent::App {
            code: trace_code::PAGE_DONE,
            ..
        } => return Some(StoryStep::PrivDone),
        TraceEvent::PacketSent { pkt, .. } => trace.header(pkt)?,
        _ => return None,
    };
    let msg = &header.msg;
    let from_browser = Some(header.src_node) == browser;
    let first = msg.tcp.is_none_or(|segment| segment.rec_off == 0);
    match (msg.app, msg.tls, msg.tcp) {
        (AppMsg::Dns(dns), _, _) if !dns.response => Some(if from_browser {
            StoryStep::PrivDnsClear
        } else {
            StoryStep::PrivHierarchy
        }),
        (AppMsg::DnsOverHttps(doh), _, _) if !doh.dns.response && first => {
            Some(StoryStep::PrivDnsSealed)
        }
        _ if !resolved || !from_browser => match msg.app {
            AppMsg::Http(http) if http.status().is_some() && first => Some(StoryStep::PrivLogged),
            _ => None,
        },
        (_, _, Some(segment)) if segment.flags == flags::SYN => Some(StoryStep::PrivConnect),
        (_, Some(record), _) if record.content == TlsContent::ClientHello => {
            Some(StoryStep::PrivHello)
        }
        (AppMsg::Http(_), Some(record), _) if record.encrypted && first => {
            Some(StoryStep::PrivRequestSealed)
        }
        (AppMsg::Http(_), None, _) if first => Some(StoryStep::PrivRequestClear),
        _ => None,
    }
}

/// The step of a login a sent HTTP message shows (read as the simulator
/// knows it, sealed or not), by its method, path and status: the notes
/// pages are under `/notes/` or `/api/notes/`, logging in is a POST to
/// `/accounts/login/` or `/api/token/`, logging out a POST to
/// `/accounts/logout/` or `/api/logout/`.
fn login_step(world: &World, ev: &TraceEvent, logged_out: bool) -> Option<StoryStep> {
    let TraceEvent::PacketSent { pkt, .. } = *ev else {
        return None;
    };
    let header = world.trace().header(pkt)?;
    let AppMsg::Http(http) = header.msg.app else {
        return None;
    };
    if header.msg.tcp.is_some_and(|segment| segment.rec_off > 0) {
        return None; // the rest of a message already told
    }
    let path = world.names().text(http.path);
    let notes = path.starts_with("/notes/") || path.starts_with("/api/notes/");
    let login = path == "/accounts/login/" || path == "/api/token/";
    let logout = path == "/accounts/logout/" || path == "/api/logout/";
    Some(match http.kind {
        HttpKind::Request { method } => match method {
            Method::Get if notes && !http.authorized && !logged_out => {
                let head = world.names().text(http.head);
                if head.contains("sessionid=") {
                    return None;
                }
                StoryStep::LoginAsk
            }
            Method::Get if path.starts_with("/accounts/login/") => StoryStep::LoginForm,
            Method::Post if login => StoryStep::LoginPassword,
            Method::Post if logout => StoryStep::LoginLogout,
            _ => return None,
        },
        HttpKind::Response { status } => match status {
            Status::Found | Status::Unauthorized if notes && logged_out => StoryStep::LoginEnded,
            Status::Found | Status::Unauthorized if notes => StoryStep::LoginChallenge,
            Status::Ok if notes => StoryStep::LoginCarried,
            Status::Forbidden if notes => StoryStep::LoginForbidden,
            Status::TooManyRequests => StoryStep::LoginLocked,
            // The form shown again (the first one answered the path with
            // its `?next=`), or DRF's refusal.
            Status::Ok if path == "/accounts/login/" => StoryStep::LoginWrong,
            Status::BadRequest if login => StoryStep::LoginWrong,
            Status::Found | Status::Ok if login => StoryStep::LoginSession,
            _ => return None,
        },
    })
}

/// The step of an API's dialogue a sent packet shows: the app's SYN and
/// FIN, the API's SYN-ACK, and each HTTP message by its method, path, status, `SOAPAction`
/// or GraphQL body (REST under `/courses/`, GraphQL at `/graphql`, SOAP at
/// `/soap`).
fn api_step(world: &World, ev: &TraceEvent, app: Option<NodeId>) -> Option<StoryStep> {
    let TraceEvent::PacketSent { pkt, src, .. } = *ev else {
        return None;
    };
    let header = world.trace().header(pkt)?;
    let segment = header.msg.tcp?;
    let from_app = Some(src) == app;
    if from_app && segment.flags == flags::SYN {
        return Some(StoryStep::ApiConnect);
    }
    if !from_app && segment.flags == flags::SYN | flags::ACK {
        return Some(StoryStep::ApiAccepted);
    }
    if from_app && segment.flags & flags::FIN != 0 {
        return Some(StoryStep::ApiDone);
    }
    let AppMsg::Http(http) = header.msg.app else {
        return None;
    };
    if segment.rec_off > 0 {
        return None; // the rest of a message already told
    }
    let names = world.names();
    let (path, head, body) = (
        names.text(http.path),
        names.text(http.head),
        names.text(http.body),
    );
    Some(match (http.kind, path) {
        (HttpKind::Request { .. }, "/graphql") if body.contains("mutation") => {
            StoryStep::GqlMutation
        }
        (HttpKind::Request { .. }, "/graphql") => StoryStep::GqlQuery,
        (HttpKind::Request { .. }, "/soap") if head.contains("/AddCourse\"") => StoryStep::SoapAdd,
        (HttpKind::Request { .. }, "/soap") => StoryStep::SoapCall,
        (HttpKind::Request { method }, _) => match method {
            Method::Get if path == "/courses/" => StoryStep::RestList,
            Method::Get if path.ends_with("/students/") => StoryStep::RestStudents,
            Method::Get => StoryStep::RestItem,
            Method::Post => StoryStep::RestCreate,
            Method::Put => StoryStep::RestReplace,
            Method::Delete => StoryStep::RestDelete,
        },
        (HttpKind::Response { status }, _) => match status {
            Status::Ok if body.starts_with("{\"data\":{\"course\":null") => StoryStep::GqlNull,
            Status::Ok if body.starts_with("{\"data\":{\"course\":") => StoryStep::GqlData,
            Status::Ok if body.contains("<GetCourseResult>") => StoryStep::SoapResult,
            Status::InternalServerError if body.contains("<soap:Fault>") => StoryStep::SoapFault,
            Status::Created => StoryStep::RestCreated,
            Status::NoContent => StoryStep::RestDeleted,
            Status::NotFound => StoryStep::RestMissing,
            _ => return None,
        },
    })
}

/// The step of a file transfer a trace record shows: a line of FTP, SSH
/// or SFTP, an HTTP head, a packet the line or the home router dropped,
/// or the programs' notes.
fn files_step(world: &World, ev: &TraceEvent) -> Option<StoryStep> {
    let pkt = match *ev {
        TraceEvent::App { code, .. } => {
            return Some(match code {
                files_trace::COMPLETE => StoryStep::FileComplete,
                files_trace::STALLED => StoryStep::DownloadStalled,
                _ => return None,
            });
        }
        TraceEvent::Dropped {
            reason: DropReason::LinkDown,
            ..
        } => return Some(StoryStep::LineDown),
        // Nothing listens at the router's public address on that port.
        TraceEvent::Dropped {
            reason: DropReason::NoListener,
            node,
            ..
        } if world.nat(node).is_some() => return Some(StoryStep::FtpNatDrop),
        TraceEvent::PacketSent { pkt, .. } => pkt,
        _ => return None,
    };
    let header = world.trace().header(pkt)?;
    let segment = header.msg.tcp?;
    if segment.flags == flags::SYN && header.src_port == FTP_DATA_PORT {
        return Some(StoryStep::FtpConnectBack);
    }
    if segment.rec_off > 0 || segment.len == 0 {
        return None;
    }
    let names = world.names();
    Some(match header.msg.app {
        AppMsg::Text(text) => {
            let line = names.text(text.line);
            let word = line.split(' ').next().unwrap_or_default();
            match (text.protocol, word) {
                (TextProtocol::Ftp, "220") => StoryStep::FtpGreeting,
                (TextProtocol::Ftp, "USER") => StoryStep::FtpLogin,
                (TextProtocol::Ftp, "227") => StoryStep::FtpPassive,
                (TextProtocol::Ftp, "PORT") => StoryStep::FtpPort,
                (TextProtocol::Ftp, "150") => StoryStep::FtpRetr,
                (TextProtocol::Ftp, "226") => StoryStep::FtpComplete,
                (TextProtocol::Ftp, "425") => StoryStep::FtpNoData,
                (TextProtocol::Ftp, "QUIT") => StoryStep::FtpQuit,
                (TextProtocol::Ssh, _) if line.starts_with("SSH-2.0-") => StoryStep::SshHello,
                (TextProtocol::Ssh, "SSH_MSG_KEXINIT") => StoryStep::SshKex,
                (TextProtocol::Ssh, "SSH_MSG_NEWKEYS") => StoryStep::SshNewKeys,
                (TextProtocol::Ssh, "SSH_MSG_USERAUTH_REQUEST") => StoryStep::SshAuth,
                (TextProtocol::Ssh, "SSH_MSG_CHANNEL_REQUEST") => StoryStep::SshChannel,
                (TextProtocol::Sftp, "SSH_FXP_READ") => StoryStep::SftpRead,
                (TextProtocol::Sftp, "SSH_FXP_STATUS") if line.ends_with("SSH_FX_EOF") => {
                    StoryStep::SftpEof
                }
                _ => return None,
            }
        }
        AppMsg::Http(http) => {
            let head = names.text(http.head);
            match http.kind {
                HttpKind::Request { .. } if head.contains("\r\nRange: ") => StoryStep::HttpRange,
                HttpKind::Request { .. } => StoryStep::HttpFileGet,
                HttpKind::Response {
                    status: Status::PartialContent,
                } => StoryStep::HttpPartial,
                HttpKind::Response { status: Status::Ok } => StoryStep::HttpFileOk,
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// The step of a chat a trace record shows: the server's and the
/// browser's notes (a poll held, a hold run out, the page closed), or a
/// message sent, by its head or its frame's summary.
fn chat_step(world: &World, ev: &TraceEvent) -> Option<StoryStep> {
    let pkt = match *ev {
        TraceEvent::App { code, .. } => {
            return Some(match code {
                chat_trace::HELD => StoryStep::ChatHeld,
                chat_trace::HOLD_OVER => StoryStep::ChatHoldOver,
                chat_trace::PAGE_CLOSED => StoryStep::ChatClosed,
                _ => return None,
            });
        }
        TraceEvent::PacketSent { pkt, .. } => pkt,
        _ => return None,
    };
    let header = world.trace().header(pkt)?;
    if header.msg.tcp.is_some_and(|segment| segment.rec_off > 0) {
        return None; // the rest of a message already told
    }
    let names = world.names();
    Some(match header.msg.app {
        AppMsg::Http(http) => {
            let head = names.text(http.head);
            match http.kind {
                HttpKind::Request { .. } if head.contains("\r\nUpgrade: websocket") => {
                    StoryStep::ChatUpgrade
                }
                HttpKind::Request {
                    method: Method::Get,
                } => StoryStep::ChatPoll,
                HttpKind::Request {
                    method: Method::Post,
                } => StoryStep::ChatAliceSends,
                HttpKind::Response {
                    status: Status::SwitchingProtocols,
                } => StoryStep::ChatSwitched,
                // An empty answer to a long poll is its hold running out.
                HttpKind::Response { .. } if names.text(http.path).contains("&wait=") => {
                    (names.text(http.body) != "[]").then_some(StoryStep::ChatPolled)?
                }
                HttpKind::Response { status: Status::Ok } if names.text(http.body) == "[]" => {
                    StoryStep::ChatNothing
                }
                HttpKind::Response { status: Status::Ok } => StoryStep::ChatPolled,
                _ => return None,
            }
        }
        AppMsg::Text(text) if text.protocol == TextProtocol::WebSocket => {
            let line = names.text(text.line);
            if line.starts_with("Text [FIN] [MASKED]") {
                StoryStep::ChatAliceSends
            } else if line.starts_with("Text [FIN]") {
                StoryStep::ChatPushed
            } else {
                return None;
            }
        }
        _ => return None,
    })
}

/// The step of the database lesson a record shows: the app's, the
/// database's and the users' notes, the first database message, or an
/// HTTP message by its path and status.
fn database_step(world: &World, ev: &TraceEvent) -> Option<StoryStep> {
    let pkt = match *ev {
        TraceEvent::App { code, value, .. } => {
            return Some(match code {
                db_trace::CONNECT if value == 1 => StoryStep::DbConnect,
                db_trace::CONNECT => StoryStep::DbConnectAgain,
                db_trace::READY => StoryStep::DbReady,
                db_trace::QUERY => StoryStep::DbQuery,
                db_trace::ROWS => StoryStep::DbRows,
                db_trace::REUSE => StoryStep::DbReuse,
                db_trace::WAIT => StoryStep::DbWait,
                db_trace::REFUSED => StoryStep::DbRefused,
                db_trace::ALL_ANSWERED => StoryStep::DbDone,
                _ => return None,
            });
        }
        TraceEvent::PacketSent { pkt, .. } => pkt,
        _ => return None,
    };
    let header = world.trace().header(pkt)?;
    if header.msg.tcp.is_some_and(|segment| segment.rec_off > 0) {
        return None;
    }
    let names = world.names();
    Some(match header.msg.app {
        AppMsg::Text(text)
            if matches!(
                text.protocol,
                TextProtocol::Postgres | TextProtocol::Mysql | TextProtocol::Mongo
            ) =>
        {
            StoryStep::DbOpening
        }
        AppMsg::Http(http) => match (http.kind, names.text(http.path)) {
            (HttpKind::Request { .. }, "/") => StoryStep::DbAsk,
            (HttpKind::Request { .. }, path) if path.starts_with("/static/") => StoryStep::DbStatic,
            (
                HttpKind::Response {
                    status: Status::InternalServerError,
                },
                _,
            ) => StoryStep::DbError,
            (HttpKind::Response { status: Status::Ok }, "/") => StoryStep::DbPage,
            (HttpKind::Response { status: Status::Ok }, "/api/courses") => StoryStep::DbJson,
            _ => return None,
        },
        _ => return None,
    })
}

/// The step of a game service a trace record shows: what Alice's client
/// (`player`) sends and receives, by its first line or frame, and the
/// service's notes. Once her presence connection was `lost`, the friends
/// online again mean she is back.
fn game_step(
    world: &World,
    ev: &TraceEvent,
    player: Option<NodeId>,
    lost: bool,
) -> Option<StoryStep> {
    let pkt = match *ev {
        TraceEvent::App { code, node, .. } => {
            let hers = Some(node) == player;
            return Some(match code {
                game_trace::QUEUED => StoryStep::GameWaiting,
                game_trace::SERVER_FAILED => StoryStep::GameServerFails,
                game_trace::WENT_OFFLINE => StoryStep::GameOffline,
                game_trace::PING if hers => StoryStep::GamePing,
                game_trace::SKIPPED if hers => StoryStep::GameSkipped,
                game_trace::PRESENCE_LOST if hers => StoryStep::GameLost,
                game_trace::MATCH_OVER if hers => StoryStep::GameOver,
                _ => return None,
            });
        }
        TraceEvent::PacketSent { pkt, .. } => pkt,
        _ => return None,
    };
    let header = world.trace().header(pkt)?;
    let (from, to) = (
        Some(header.src_node) == player,
        Some(header.dst_node) == player,
    );
    if !(from || to) || header.msg.tcp.is_some_and(|segment| segment.rec_off > 0) {
        return None;
    }
    let names = world.names();
    Some(match header.msg.app {
        AppMsg::Http(http) => match (http.kind, names.text(http.path)) {
            (HttpKind::Request { .. }, "/login") => StoryStep::GameLogin,
            (HttpKind::Response { .. }, "/login") => StoryStep::GameToken,
            (HttpKind::Request { .. }, "/presence") if !lost => StoryStep::GamePresence,
            (HttpKind::Request { .. }, "/matchmaking") => StoryStep::GameQueue,
            (HttpKind::Response { .. }, "/matchmaking") => StoryStep::GameMatched,
            _ => return None,
        },
        AppMsg::Text(text) => {
            let line = names.text(text.line);
            match text.protocol {
                TextProtocol::WebSocket if to && line.contains(r#"{"online":"#) => {
                    if lost {
                        StoryStep::GameBack
                    } else {
                        StoryStep::GameFriends
                    }
                }
                TextProtocol::WebSocket if to && line.contains(r#"{"from":"#) => {
                    StoryStep::GameChat
                }
                TextProtocol::Game if to && line.starts_with("Snapshot") => {
                    StoryStep::GameSnapshots
                }
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// What a game step's sentence names: the tick rate, the ping, the wait
/// before reconnecting, the snapshots received and skipped.
fn game_args(world: &World, step: StoryStep) -> Vec<(&'static str, StoryArg)> {
    let player = first_host(world);
    // The client's notes are Alice's; the match's start is the server's.
    let notes = |wanted: u32| {
        world
            .trace()
            .records()
            .filter_map(move |record| match record.ev {
                TraceEvent::App {
                    code, node, value, ..
                } if code == wanted
                    && (Some(node) == player || code == game_trace::MATCH_STARTED) =>
                {
                    Some(value)
                }
                _ => None,
            })
    };
    let text = |value: u64| StoryArg::Text(value.to_string());
    match step {
        StoryStep::GameSnapshots => notes(game_trace::MATCH_STARTED)
            .next()
            .map(|tick| vec![("tick", text(tick))])
            .unwrap_or_default(),
        StoryStep::GamePing => notes(game_trace::PING)
            .next()
            .map(|us| vec![("ping", StoryArg::Time(SimTime::from_micros(us)))])
            .unwrap_or_default(),
        StoryStep::GameLost => notes(game_trace::PRESENCE_LOST)
            .next()
            .map(|ms| vec![("wait", StoryArg::Time(SimTime::from_millis(ms)))])
            .unwrap_or_default(),
        StoryStep::GameOver => {
            let skipped: u64 = notes(game_trace::SKIPPED).sum();
            notes(game_trace::MATCH_OVER)
                .next()
                .map(|received| vec![("received", text(received)), ("skipped", text(skipped))])
                .unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// The step of a knock on `port`.
fn knock_step(port: u64) -> Option<StoryStep> {
    Some(match port {
        80 => StoryStep::KnockWeb,
        443 => StoryStep::KnockHttps,
        25 => StoryStep::KnockMail,
        5432 => StoryStep::KnockDatabase,
        3000 => StoryStep::KnockApp,
        631 => StoryStep::KnockPrint,
        8080 => StoryStep::KnockClosed,
        22 => StoryStep::KnockFiltered,
        _ => return None,
    })
}

/// The step a sent packet shows, if it is the kind that starts one.
fn packet_step(header: &Header, from_browser: bool) -> Option<StoryStep> {
    let msg = &header.msg;
    // The packet's look already says whether it starts an HTTP message or is
    // a bare TCP segment; the story only adds which one.
    match (look(Some(header)).kind, msg.app, msg.tls, msg.tcp) {
        (PacketKind::Dns, AppMsg::Dns(dns), _, _) if !dns.response => Some(if from_browser {
            StoryStep::AskDns
        } else {
            StoryStep::Hierarchy
        }),
        (PacketKind::Http, AppMsg::Http(http), _, _) => Some(match http.kind {
            HttpKind::Request { .. } => StoryStep::Request,
            HttpKind::Response {
                status: Status::NotModified,
            } => StoryStep::NotModified,
            HttpKind::Response { .. } => StoryStep::Response,
        }),
        (PacketKind::Tls, _, Some(record), _) if record.content == TlsContent::ClientHello => {
            Some(StoryStep::Tls)
        }
        (PacketKind::TcpControl, _, _, Some(segment)) if segment.flags == flags::SYN => {
            Some(StoryStep::Handshake)
        }
        _ => None,
    }
}

/// The step of a stream a program's note begins: each of the streaming
/// lesson's programs notes where its story moves on. A move up before the
/// line recovered is the player's first estimate.
fn stream_step(ev: &TraceEvent, recovered: bool) -> Option<StoryStep> {
    let TraceEvent::App { code, value, .. } = *ev else {
        return None;
    };
    Some(match code {
        stream_trace::HLS_MULTIVARIANT => StoryStep::HlsMultivariant,
        stream_trace::HLS_MEDIA => StoryStep::HlsMedia,
        stream_trace::HLS_SEGMENT => StoryStep::HlsSegment,
        stream_trace::HLS_PLAYING => StoryStep::HlsPlaying,
        stream_trace::HLS_UP if !recovered => StoryStep::HlsEstimate,
        stream_trace::LINE_DROPS => StoryStep::LineDrops,
        stream_trace::HLS_DOWN => StoryStep::HlsDown,
        stream_trace::LINE_RECOVERS => StoryStep::LineRecovers,
        stream_trace::HLS_UP => StoryStep::HlsUp,
        stream_trace::HLS_STALL => StoryStep::HlsStall,
        stream_trace::HLS_DONE => StoryStep::HlsDone,
        stream_trace::RTSP_OPTIONS => StoryStep::RtspOptions,
        stream_trace::RTSP_DESCRIBE => StoryStep::RtspDescribe,
        stream_trace::RTSP_SETUP => StoryStep::RtspSetup,
        stream_trace::RTSP_PLAY => StoryStep::RtspPlay,
        stream_trace::RTP_FLOWING => StoryStep::RtpFlowing,
        stream_trace::RTP_GLITCH => StoryStep::RtpGlitch,
        stream_trace::RTSP_TEARDOWN => StoryStep::RtspTeardown,
        stream_trace::RTC_SIGNALLING => StoryStep::RtcSignalling,
        stream_trace::RTC_STUN => StoryStep::RtcStun,
        stream_trace::RTC_TURN => StoryStep::RtcTurn,
        stream_trace::RTC_OFFER => StoryStep::RtcOffer,
        stream_trace::RTC_ANSWER => StoryStep::RtcAnswer,
        stream_trace::RTC_CHECKS => StoryStep::RtcChecks,
        stream_trace::RTC_PEER_REFLEXIVE => StoryStep::RtcPeerReflexive,
        stream_trace::RTC_PEER_REFLEXIVE_RELAYED => StoryStep::RtcPeerReflexiveRelayed,
        stream_trace::RTC_CHECK_OK => StoryStep::RtcCheckOk,
        stream_trace::RTC_MEDIA if value == 1 => StoryStep::RtcRelayed,
        stream_trace::RTC_MEDIA => StoryStep::RtcDirect,
        stream_trace::RTC_HANGUP => StoryStep::RtcHangup,
        _ => return None,
    })
}

/// What a stream's step names: how far behind live the player is (whole
/// seconds), the rendition it asks for next (from its playlist's path on
/// the wire), the first sequence number missing, the port a check came
/// from.
fn stream_args(world: &World, at: SimTime, step: StoryStep) -> Vec<(&'static str, StoryArg)> {
    let note = |code| app_note(world, code, at).map(|(_, value)| value);
    let seconds = |code| note(code).map(|ms| ("behind", StoryArg::Seconds((ms + 500) / 1_000)));
    let text = |name, code| note(code).map(|value| (name, StoryArg::Text(value.to_string())));
    let arg = match step {
        StoryStep::HlsPlaying => seconds(stream_trace::HLS_PLAYING),
        StoryStep::HlsDone => seconds(stream_trace::HLS_DONE),
        StoryStep::HlsMedia | StoryStep::HlsEstimate | StoryStep::HlsDown | StoryStep::HlsUp => {
            playlist_asked(world, at).map(|name| ("rendition", StoryArg::Text(name)))
        }
        StoryStep::RtpGlitch => text("seq", stream_trace::RTP_GLITCH),
        StoryStep::RtcPeerReflexive => text("port", stream_trace::RTC_PEER_REFLEXIVE),
        StoryStep::RtcPeerReflexiveRelayed => {
            text("port", stream_trace::RTC_PEER_REFLEXIVE_RELAYED)
        }
        _ => None,
    };
    arg.into_iter().collect()
}

/// The rendition of the first media playlist (`/live/480p/index.m3u8`)
/// asked for at or after `at`.
fn playlist_asked(world: &World, at: SimTime) -> Option<String> {
    let trace = world.trace();
    let names = world.names();
    (trace.records())
        .filter(|record| record.t >= at)
        .find_map(|record| match record.ev {
            TraceEvent::PacketSent { pkt, .. } => match trace.header(pkt)?.msg.app {
                AppMsg::Http(http) if matches!(http.kind, HttpKind::Request { .. }) => {
                    let path = names.text(http.path);
                    let rendition = path.strip_prefix("/live/")?.strip_suffix("/index.m3u8")?;
                    Some(rendition.to_owned())
                }
                _ => None,
            },
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use StoryStep::*;
    use cslab_sim::apps::browser::HttpMode;
    use cslab_sim::runs::pageload::{DnsMode, PageLoadParams, PageLoadSim};

    #[test]
    fn the_story_read_on_a_slice_at_a_time_is_the_story_read_whole() {
        // The page reads the narration on as the clock moves, and back when
        // the learner steps back: each prefix is the story up to its time.
        let params = PageLoadParams {
            revisit_after_s: Some(2.0),
            ..PageLoadParams::default()
        };
        let mut sim = PageLoadSim::new(&params).unwrap();
        sim.run();
        let world = sim.world();
        let mut scan = StoryScan::new(world, Plot::PageLoad);
        let end = world.now().as_nanos();
        for ms in (0..=end / 1_000_000 + 1).step_by(7) {
            let t = SimTime::from_millis(ms);
            scan.read_until(world, t);
            assert_eq!(
                scan.steps_until(t),
                story(world, t, Plot::PageLoad),
                "at {ms} ms"
            );
            let back = SimTime::from_millis(ms / 2);
            assert_eq!(scan.steps_until(back), story(world, back, Plot::PageLoad));
        }
        assert!(scan.steps_until(SimTime::MAX).len() > 10);
    }

    fn told(params: PageLoadParams) -> Vec<StoryStep> {
        let mut sim = PageLoadSim::new(&params).unwrap();
        sim.run();
        story(sim.world(), SimTime::MAX, Plot::PageLoad)
            .into_iter()
            .map(|(_, step)| step)
            .collect()
    }

    #[test]
    fn a_page_load_is_told_in_the_order_it_happens() {
        let plain = PageLoadParams {
            objects: 2,
            ..PageLoadParams::default()
        };
        assert_eq!(
            told(plain.clone()),
            vec![
                AskDns, Hierarchy, DnsAnswer, Handshake, Request, Response, Objects, PageDone
            ]
        );
        let https = PageLoadParams {
            tls: true,
            dns: DnsMode::Cached,
            ..plain
        };
        assert_eq!(
            told(https),
            vec![
                CachedDns, Handshake, Tls, Request, Response, Objects, PageDone
            ]
        );
    }

    #[test]
    fn a_second_visit_is_told_after_the_first() {
        let first = PageLoadParams {
            objects: 2,
            revisit_after_s: Some(1.0),
            ..PageLoadParams::default()
        };
        let steps = told(first.clone());
        let second: Vec<StoryStep> = steps
            .iter()
            .copied()
            .skip_while(|&step| step != Revisit)
            .collect();
        assert_eq!(
            second,
            vec![Revisit, CachedDns, Reuse, NotModified, RevisitDone]
        );
        let closed = told(PageLoadParams {
            mode: HttpMode::NonPersistent,
            ..first
        });
        assert!(closed.ends_with(&[
            Revisit,
            CachedDns,
            Reconnect,
            NotModified,
            RevisitDoneReconnected
        ]));
    }

    #[test]
    fn non_persistent_http_tells_why_each_file_gets_a_new_connection() {
        let closed = PageLoadParams {
            objects: 2,
            mode: HttpMode::NonPersistent,
            dns: DnsMode::Cached,
            ..PageLoadParams::default()
        };
        assert_eq!(
            told(closed.clone()),
            vec![
                CachedDns,
                Handshake,
                Request,
                Response,
                Objects,
                NewConnection,
                PageDone
            ]
        );
        // Two persistent connections: the second is no new connection per
        // file, and the story does not say so.
        let parallel = PageLoadParams {
            mode: HttpMode::Persistent,
            parallel: 2,
            ..closed
        };
        assert!(!told(parallel).contains(&NewConnection));
    }

    #[test]
    fn the_words_name_the_files_and_times_of_the_run() {
        let p = PageLoadParams {
            objects: 3,
            revisit_after_s: Some(0.05),
            ..PageLoadParams::default()
        };
        let mut sim = PageLoadSim::new(&p).unwrap();
        sim.run();
        let report = sim.report();
        let steps = story(sim.world(), SimTime::MAX, Plot::PageLoad);
        assert_eq!(
            step_args(sim.world(), &steps, Objects),
            vec![(
                "files",
                StoryArg::Text("/css/style.css, /js/app.js, /img/3.png".into())
            )]
        );
        let args = step_args(sim.world(), &steps, RevisitDone);
        let secs = |name: &str| match args.iter().find(|(n, _)| *n == name) {
            Some((_, StoryArg::Time(t))) => t.as_secs_f64(),
            other => panic!("{name}: {other:?}"),
        };
        assert!((secs("first") - report.page_load_s).abs() < 1e-9);
        assert!((secs("second") - report.second_visit_s.unwrap()).abs() < 1e-9);
        assert!(step_args(sim.world(), &steps, Handshake).is_empty());
    }

    #[test]
    fn the_story_only_reaches_the_clock() {
        let mut sim = PageLoadSim::new(&PageLoadParams::default()).unwrap();
        sim.run();
        let whole = story(sim.world(), SimTime::MAX, Plot::PageLoad);
        let handshake = whole.iter().find(|(_, step)| *step == Handshake).unwrap().0;
        let so_far = story(sim.world(), handshake, Plot::PageLoad);
        assert_eq!(so_far.last().unwrap().1, Handshake);
        assert!(so_far.len() < whole.len());
    }
}
