//! Every kind of machine the lab knows, as the sandbox's palette offers
//! them: each with its code in the file, its name on screen, its own
//! settings and, for a client, what it can do.

use crate::fields::{Field, Takes, field, host};
use crate::tasks::TaskKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Browser,
    MailClient,
    Peer,
    DnsRoot,
    DnsTld,
    DnsAuthoritative,
    DnsResolver,
    WebServer,
    MailServer,
    Database,
    FileServer,
    StreamServer,
    GameServer,
    LoadBalancer,
    Router,
    HomeRouter,
}

/// The web servers of `cslab_sim::apps::presets::Preset`, by their names.
pub const WEB_PRESETS: [&str; 9] = [
    "apache-prefork",
    "apache-event",
    "nginx",
    "iis",
    "tomcat",
    "glassfish",
    "webrick",
    "nodejs",
    "flask-dev",
];
/// The database servers of the same presets.
pub const DATABASES: [&str; 3] = ["postgresql", "mysql", "mongodb"];
/// `cslab_mail::mta::Mta`.
pub const MTAS: [&str; 2] = ["postfix", "exim"];
/// `cslab_sim::proto::dns::resolver::ResolverMode`.
pub const RESOLVER_MODES: [&str; 2] = ["iterative", "recursive"];
/// The game lesson's tick rates (per second).
pub const TICKS: [&str; 3] = ["20", "30", "64"];
/// `cslab_sim::apps::balancer::Policy`.
pub const POLICIES: [&str; 4] = ["round-robin", "least-connections", "power-of-two", "random"];

const fn zone(default: &'static str) -> Field {
    field("zone", "sandbox-field-zone", Takes::Name, default)
}

/// The server's software, among `choices`.
const fn software(
    key: &'static str,
    choices: &'static [&'static str],
    default: &'static str,
) -> Field {
    field(
        key,
        "sandbox-field-software",
        Takes::Choice(choices),
        default,
    )
}

impl Kind {
    /// In the palette's order: clients, the DNS, servers, the network.
    pub const ALL: [Kind; 16] = [
        Kind::Browser,
        Kind::MailClient,
        Kind::Peer,
        Kind::DnsRoot,
        Kind::DnsTld,
        Kind::DnsAuthoritative,
        Kind::DnsResolver,
        Kind::WebServer,
        Kind::MailServer,
        Kind::Database,
        Kind::FileServer,
        Kind::StreamServer,
        Kind::GameServer,
        Kind::LoadBalancer,
        Kind::Router,
        Kind::HomeRouter,
    ];

    /// Its code in the file (`web-server`).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Browser => "browser",
            Kind::MailClient => "mail-client",
            Kind::Peer => "peer",
            Kind::DnsRoot => "dns-root",
            Kind::DnsTld => "dns-tld",
            Kind::DnsAuthoritative => "dns-authoritative",
            Kind::DnsResolver => "dns-resolver",
            Kind::WebServer => "web-server",
            Kind::MailServer => "mail-server",
            Kind::Database => "database",
            Kind::FileServer => "file-server",
            Kind::StreamServer => "stream-server",
            Kind::GameServer => "game-server",
            Kind::LoadBalancer => "load-balancer",
            Kind::Router => "router",
            Kind::HomeRouter => "home-router",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// The message key of its name on screen ("Web server"), which a new
    /// machine's name begins with.
    pub fn label_key(self) -> &'static str {
        match self {
            Kind::Browser => "sandbox-kind-browser",
            Kind::MailClient => "sandbox-kind-mail-client",
            Kind::Peer => "sandbox-kind-peer",
            Kind::DnsRoot => "sandbox-kind-dns-root",
            Kind::DnsTld => "sandbox-kind-dns-tld",
            Kind::DnsAuthoritative => "sandbox-kind-dns-authoritative",
            Kind::DnsResolver => "sandbox-kind-dns-resolver",
            Kind::WebServer => "sandbox-kind-web-server",
            Kind::MailServer => "sandbox-kind-mail-server",
            Kind::Database => "sandbox-kind-database",
            Kind::FileServer => "sandbox-kind-file-server",
            Kind::StreamServer => "sandbox-kind-stream-server",
            Kind::GameServer => "sandbox-kind-game-server",
            Kind::LoadBalancer => "sandbox-kind-load-balancer",
            Kind::Router => "sandbox-kind-router",
            Kind::HomeRouter => "sandbox-kind-home-router",
        }
    }

    /// Its own settings, each with its default.
    pub fn settings(self) -> &'static [Field] {
        const ZONE_TLD: [Field; 1] = [zone("com")];
        const ZONE_SITE: [Field; 1] = [zone("example.com")];
        const RESOLVER: [Field; 1] = [field(
            "mode",
            "sandbox-field-resolution",
            Takes::Choice(&RESOLVER_MODES),
            "iterative",
        )];
        const WEB: [Field; 2] = [
            software("preset", &WEB_PRESETS, "nginx"),
            host("www.example.com"),
        ];
        const MAIL: [Field; 2] = [
            software("mta", &MTAS, "postfix"),
            field(
                "domain",
                "sandbox-field-mail-domain",
                Takes::Name,
                "example.org",
            ),
        ];
        const DATABASE: [Field; 1] = [software("engine", &DATABASES, "postgresql")];
        const FILES: [Field; 1] = [host("files.example.com")];
        const STREAM: [Field; 1] = [host("video.example.com")];
        const GAME: [Field; 2] = [
            host("play.example.com"),
            field("tick", "sandbox-field-tick", Takes::Choice(&TICKS), "20"),
        ];
        const BALANCER: [Field; 2] = [
            host("www.example.com"),
            field(
                "policy",
                "sandbox-field-policy",
                Takes::Choice(&POLICIES),
                "round-robin",
            ),
        ];
        const HOME_ROUTER: [Field; 1] = [field(
            "public-address",
            "sandbox-field-public-address",
            Takes::Address,
            "",
        )];
        const MAIL_CLIENT: [Field; 1] = [field(
            "account",
            "sandbox-field-account",
            Takes::MailAddress,
            "alice@example.org",
        )];
        match self {
            Kind::Browser | Kind::Peer | Kind::DnsRoot | Kind::Router => &[],
            Kind::MailClient => &MAIL_CLIENT,
            Kind::DnsTld => &ZONE_TLD,
            Kind::DnsAuthoritative => &ZONE_SITE,
            Kind::DnsResolver => &RESOLVER,
            Kind::WebServer => &WEB,
            Kind::MailServer => &MAIL,
            Kind::Database => &DATABASE,
            Kind::FileServer => &FILES,
            Kind::StreamServer => &STREAM,
            Kind::GameServer => &GAME,
            Kind::LoadBalancer => &BALANCER,
            Kind::HomeRouter => &HOME_ROUTER,
        }
    }

    /// The setting with this key.
    pub fn setting(self, key: &str) -> Option<&'static Field> {
        self.settings().iter().find(|field| field.key == key)
    }

    /// What it can do, the first on a new machine: empty for all but the
    /// clients.
    pub fn tasks(self) -> &'static [TaskKind] {
        use TaskKind::*;
        match self {
            Kind::Browser => &[OpenPage, CallApi, Chat, DownloadFile, WatchStream, PlayGame],
            Kind::MailClient => &[SendMail, ReadMail],
            Kind::Peer => &[JoinSwarm, RelayBlocks],
            _ => &[],
        }
    }

    pub fn is_client(self) -> bool {
        !self.tasks().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_sim::apps::presets::Preset;

    #[test]
    fn codes_are_unique_and_read_back() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(Kind::from_code("mainframe"), None);
    }

    #[test]
    fn the_presets_are_the_simulators() {
        let web: Vec<&str> = (Preset::ALL.into_iter())
            .filter(|p| !p.is_database())
            .map(Preset::name)
            .collect();
        assert_eq!(web, WEB_PRESETS);
        let databases: Vec<&str> = (Preset::ALL.into_iter())
            .filter(|p| p.is_database())
            .map(Preset::name)
            .collect();
        assert_eq!(databases, DATABASES);
    }

    #[test]
    fn every_default_fits_its_field() {
        for kind in Kind::ALL {
            for field in kind.settings() {
                if field.takes != Takes::Address {
                    assert_eq!(
                        field.check(field.default, "test"),
                        Ok(()),
                        "{kind:?} {}",
                        field.key
                    );
                }
            }
            for task in kind.tasks() {
                for param in task.params() {
                    assert_eq!(param.check(param.default, "test"), Ok(()), "{task:?}");
                }
            }
        }
    }
}
