//! What a server is: one machine runs several server programs, each on its
//! own port, and a client tries each door in turn; two more clients use the
//! web server at the same time.
//!
//! ```text
//! device ══ access ══ gateway ── Internet ─┬─ server (203.0.113.10)
//!           link                           ├─ DNS server
//!                                          ├─ client 2
//!                                          └─ client 3
//! ```
//!
//! The device is a phone, a laptop or a desktop ([`Device`]), behind its
//! access network's router, which translates its private address (NAT).
//! It asks DNS for `server.example.com`, then knocks on the doors of
//! [`DOORS`]: the web server on 80 and 443 (nginx), the mail server on 25
//! (Postfix), the database on 5432 (PostgreSQL), a Node.js application on
//! 3000 and the print server on 631 (CUPS) answer; nobody listens on 8080,
//! so the SYN is answered with a RST; the machine's firewall drops what
//! comes from outside for 22 (SSH), so the client waits until its connect
//! gives up, 127 s later. With `same_machine`, the client runs on the
//! server itself and knocks on 127.0.0.1: nothing crosses a link, and the
//! firewall, which lets the machine talk to itself, does not stop it.

use crate::apps::programs::{
    Door, Knocker, Machine, Outcome, Program, Speaks, Target, TextServer, trace_code,
};
use crate::apps::web::WebServer;
use crate::net::{Addr, AppId, LinkSpec, NodeId, NodeKind, Prefix, Proto, World};
use crate::proto::dns::{
    DNS_PORT, DnsCache, DnsServer, RetryPolicy, STUB_PORT, StubResolver, ZoneData, ZoneRecord,
};
use crate::proto::host::{Host, NetApp};
use crate::proto::http::{Resource, Site};
use crate::proto::tcp::{TcpConfig, TcpStack};
use crate::proto::text::TextProtocol;
use crate::time::SimTime;
use crate::trace::{TraceEvent, TraceMode};
use serde::Serialize;

/// The server machine's name in DNS.
pub const SERVER_NAME: &str = "server.example.com";

/// The device the learner holds, and its access network. Figures are
/// rounded from public measurements (the lesson states them):
/// - phone on 4G: RTT 30 ms (Ofcom, Mobile Matters 2024: UK operators'
///   4G response times 18.3 to 23.7 ms; Ookla Speedtest Global Index,
///   November 2022: mobile median 28 ms), 30 Mbit/s down and 8 up (Ofcom,
///   Mobile Matters 2023: 4G averages 29.5 and 7.6);
/// - laptop on home Wi-Fi: RTT 20 ms (Ookla, November 2022: fixed
///   broadband median 10 ms, plus the Wi-Fi hop, whose 90th percentile is
///   about 20 ms in Sui et al., MobiSys 2016), 70 Mbit/s down and 20 up
///   (Ofcom, UK Home Broadband Performance 2023: medians 69.4 and 18.4);
/// - desktop on fibre: RTT 10 ms (Ookla's fixed median), 150 Mbit/s both
///   ways (Ofcom 2023: full fibre delivers 149.2 down; fibre plans are
///   often symmetric).
///
/// Losses are illustrative (a vendor's measurements, Codavel's: 0.2 to
/// 0.5 % on 4G, 0.1 to 0.2 % on Wi-Fi); a fibre line's are negligible.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Device {
    Phone,
    #[default]
    Laptop,
    Desktop,
}

/// An access link's figures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Access {
    /// Round trip from the device to the server, ms.
    pub rtt_ms: u64,
    pub down_mbps: u64,
    pub up_mbps: u64,
    /// Loss probability on the access link, each direction.
    pub loss: f64,
}

impl Device {
    pub const ALL: [Device; 3] = [Device::Phone, Device::Laptop, Device::Desktop];

    pub fn access(self) -> Access {
        match self {
            Device::Phone => Access {
                rtt_ms: 30,
                down_mbps: 30,
                up_mbps: 8,
                loss: 0.005,
            },
            Device::Laptop => Access {
                rtt_ms: 20,
                down_mbps: 70,
                up_mbps: 20,
                loss: 0.002,
            },
            Device::Desktop => Access {
                rtt_ms: 10,
                down_mbps: 150,
                up_mbps: 150,
                loss: 0.0,
            },
        }
    }

    /// Its private address, its gateway's and their network: a home's
    /// (RFC 1918), or for a phone the carrier's shared space behind its
    /// NAT (RFC 6598).
    fn network(self) -> (Addr, Addr, Prefix) {
        match self {
            Device::Phone => (
                Addr::new(100, 64, 7, 21),
                Addr::new(100, 64, 0, 1),
                Prefix::new(Addr::new(100, 64, 0, 0), 10),
            ),
            Device::Laptop | Device::Desktop => (
                Addr::new(192, 168, 1, 10),
                Addr::new(192, 168, 1, 1),
                Prefix::new(Addr::new(192, 168, 1, 0), 24),
            ),
        }
    }
}

/// The doors the client tries, in order: what answers, what refuses, what
/// stays silent.
pub const DOORS: [Door; 8] = [
    Door {
        port: 80,
        speaks: Speaks::Http {
            path: "/",
            tls: false,
        },
        // A browser keeps its connection for the next click.
        keep_open: true,
    },
    Door {
        port: 443,
        speaks: Speaks::Http {
            path: "/",
            tls: true,
        },
        keep_open: false,
    },
    Door {
        port: 25,
        speaks: Speaks::Smtp,
        keep_open: false,
    },
    Door {
        port: 5432,
        speaks: Speaks::Postgres,
        keep_open: false,
    },
    Door {
        port: 3000,
        speaks: Speaks::Http {
            path: "/api/hello",
            tls: false,
        },
        keep_open: false,
    },
    Door {
        port: 631,
        speaks: Speaks::Http {
            path: "/printers/",
            tls: false,
        },
        keep_open: false,
    },
    Door {
        port: 8080,
        speaks: Speaks::Http {
            path: "/",
            tls: false,
        },
        keep_open: false,
    },
    Door {
        port: 22,
        speaks: Speaks::Ssh,
        keep_open: false,
    },
];

/// The port the server's firewall closes to the outside (SSH, kept for
/// the administrators' own network).
pub const FILTERED_PORT: u16 = 22;

/// The server machine's programs: `(name as ss -p shows it, port)`.
pub const PROGRAMS: [(&str, u16); 7] = [
    ("nginx", 80),
    ("nginx", 443),
    ("master", 25),
    ("postgres", 5432),
    ("node", 3000),
    ("cupsd", 631),
    ("sshd", 22),
];

/// What the client found at each door.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServersReport {
    pub same_machine: bool,
    pub doors: Vec<DoorReport>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DoorReport {
    pub port: u16,
    /// The program listening there, if one is.
    pub program: Option<&'static str>,
    pub outcome: Outcome,
    pub took_s: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServersParams {
    pub device: Device,
    /// The client runs on the server machine and knocks on 127.0.0.1.
    pub same_machine: bool,
    pub seed: u64,
    pub trace: TraceMode,
}

impl Default for ServersParams {
    fn default() -> Self {
        ServersParams {
            device: Device::default(),
            same_machine: false,
            seed: 1,
            trace: TraceMode::Full,
        }
    }
}

/// The machines of the world, by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServersNodes {
    pub device: NodeId,
    pub gateway: NodeId,
    pub internet: NodeId,
    pub dns: NodeId,
    pub server: NodeId,
    pub others: [NodeId; 2],
}

pub struct ServersSim {
    world: World,
    nodes: ServersNodes,
    /// The knocking client's host: on the device, or (same machine) none.
    device_app: AppId,
    server_app: AppId,
    same_machine: bool,
}

const SERVER: Addr = Addr::new(203, 0, 113, 10);
const GATEWAY_PUBLIC: Addr = Addr::new(198, 51, 100, 23);
const DNS_SERVER: Addr = Addr::new(198, 51, 100, 53);
const INTERNET: Addr = Addr::new(198, 51, 100, 1);
const OTHERS: [Addr; 2] = [Addr::new(192, 0, 2, 20), Addr::new(192, 0, 2, 30)];

/// Linux's TIME-WAIT: `TCP_TIMEWAIT_LEN`, 60 s (include/net/tcp.h), so
/// the socket table shows closed connections waiting as Linux's does.
const TIME_WAIT: SimTime = SimTime::from_secs(60);

fn ms(ms: u64) -> SimTime {
    SimTime::from_millis(ms)
}

impl ServersSim {
    pub fn new(p: &ServersParams) -> ServersSim {
        let mut w = World::new(p.seed, p.trace);
        let device = w.add_node("device", NodeKind::Host);
        let gateway = w.add_node("gateway", NodeKind::Router);
        let internet = w.add_node("internet", NodeKind::Router);
        let dns = w.add_node("dns", NodeKind::Server);
        let server = w.add_node("server", NodeKind::Server);
        let others = [
            w.add_node("client-2", NodeKind::Host),
            w.add_node("client-3", NodeKind::Host),
        ];
        let (device_addr, gateway_addr, home) = p.device.network();
        let access = p.device.access();
        let core = |one_way_ms| LinkSpec::new(1_000_000_000, ms(one_way_ms));
        // The rest of the path takes 3 ms each way: the access link the rest.
        let access_link = w.connect(
            device,
            gateway,
            LinkSpec::new(access.down_mbps * 1_000_000, ms(access.rtt_ms / 2 - 3))
                .with_loss(access.loss),
        );
        w.set_bandwidth(access_link, 0, access.up_mbps * 1_000_000);
        w.connect(gateway, internet, core(1));
        w.connect(internet, server, core(2));
        w.connect(internet, dns, core(1));
        for (other, one_way) in others.iter().zip([12, 18]) {
            w.connect(*other, internet, LinkSpec::new(100_000_000, ms(one_way)));
        }
        for (node, addr) in [
            (device, device_addr),
            (gateway, gateway_addr),
            (internet, INTERNET),
            (dns, DNS_SERVER),
            (server, SERVER),
            (others[0], OTHERS[0]),
            (others[1], OTHERS[1]),
        ] {
            w.set_addr(node, addr);
        }
        w.add_nat(gateway, GATEWAY_PUBLIC, home);
        w.block_port(server, Proto::Tcp, FILTERED_PORT);

        let zone = vec![ZoneRecord::new(SERVER_NAME, 300, ZoneData::A(SERVER))];
        let retry = RetryPolicy {
            timeout: SimTime::from_secs(5),
            retries: 1,
        };
        let dns_app = w.add_app(
            dns,
            Box::new(DnsServer::new("example.com", zone, false, retry)),
        );
        w.bind(dns, Proto::Udp, DNS_PORT, dns_app);

        let stack = || {
            TcpStack::new(TcpConfig {
                time_wait: TIME_WAIT,
                ..TcpConfig::default()
            })
        };
        let own_client = p
            .same_machine
            .then(|| Knocker::new(Target::Addr(Addr::LOOPBACK), None, DOORS.to_vec()));
        let machine = Machine::new(programs(), own_client);
        let server_app = w.add_app(server, Box::new(Host::new(stack(), machine)));
        w.bind_any_port(server, Proto::Tcp, server_app);

        let device_app = if p.same_machine {
            server_app
        } else {
            let stub = StubResolver::new(DNS_SERVER, retry);
            let knocker = Knocker::new(Target::Name(SERVER_NAME), Some(stub), DOORS.to_vec());
            let app = w.add_app(device, Box::new(Host::new(stack(), knocker)));
            w.bind_any_port(device, Proto::Tcp, app);
            w.bind(device, Proto::Udp, STUB_PORT, app);
            app
        };
        // Two more users open the web site while the device's connection
        // to it is open.
        let web = [Door {
            port: 80,
            ..DOORS[0]
        }];
        for (other, start_ms) in others.iter().zip([700, 740]) {
            let knocker = Knocker::new(Target::Addr(SERVER), None, web.to_vec())
                .starting_after(ms(start_ms))
                .lingering(SimTime::from_secs(2))
                .unnoted();
            let app = w.add_app(*other, Box::new(Host::new(stack(), knocker)));
            w.bind_any_port(*other, Proto::Tcp, app);
        }
        ServersSim {
            world: w,
            nodes: ServersNodes {
                device,
                gateway,
                internet,
                dns,
                server,
                others,
            },
            device_app,
            server_app,
            same_machine: p.same_machine,
        }
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    pub fn nodes(&self) -> ServersNodes {
        self.nodes
    }

    /// The server machine: its stack and programs.
    pub fn server(&self) -> &Host<Machine> {
        self.world.app(self.server_app).expect("the server machine")
    }

    /// The host of the client that knocks: the device's, or the server's
    /// own stack when it runs on the same machine.
    pub fn knocker_stack(&self) -> &TcpStack {
        if self.same_machine {
            &self.server().tcp
        } else {
            &self.device_host().tcp
        }
    }

    fn device_host(&self) -> &Host<Knocker> {
        self.world
            .app(self.device_app)
            .expect("the device's client")
    }

    /// The device's DNS cache (none when the client is on the server).
    pub fn device_dns_cache(&self) -> Option<&DnsCache> {
        if self.same_machine {
            return None;
        }
        self.device_host().app.stub().map(|stub| &stub.cache)
    }

    /// Each door the client tried so far: how it answered, and how long
    /// from the knock (the first SYN) to the answer, the RST or giving up.
    pub fn report(&self) -> ServersReport {
        let knocker = if self.same_machine {
            self.nodes.server
        } else {
            self.nodes.device
        };
        let mut knocked = Vec::new();
        let mut doors = Vec::new();
        for record in self.world.trace().records() {
            let TraceEvent::App {
                node, code, value, ..
            } = record.ev
            else {
                continue;
            };
            if node != knocker {
                continue;
            }
            match code {
                trace_code::KNOCK => knocked.push((value as u16, record.t)),
                trace_code::ANSWERED | trace_code::REFUSED | trace_code::TIMED_OUT => {
                    let Some(&(port, at)) = knocked.last() else {
                        continue;
                    };
                    let outcome = match code {
                        trace_code::ANSWERED => Outcome::Answered,
                        trace_code::REFUSED => Outcome::Refused,
                        _ => Outcome::TimedOut,
                    };
                    let program = PROGRAMS
                        .iter()
                        .find(|&&(_, listening)| listening == port)
                        .map(|&(name, _)| name);
                    doors.push(DoorReport {
                        port,
                        program,
                        outcome,
                        took_s: (record.t - at).as_secs_f64(),
                    });
                }
                _ => {}
            }
        }
        ServersReport {
            same_machine: self.same_machine,
            doors,
        }
    }
}

/// The server machine's programs, listening with Linux's default backlog
/// (`somaxconn`, 4096 since 5.4; nginx asks 511).
fn programs() -> Vec<Program> {
    let site = |resources| Site { resources };
    let web = |port, tls, resources| -> Box<dyn NetApp> {
        Box::new(WebServer::new(site(resources), port, 511, tls))
    };
    let home = || vec![Resource::page("/", 2_000, Vec::new())];
    let text = |protocol, port| -> Box<dyn NetApp> {
        Box::new(TextServer {
            protocol,
            port,
            backlog: 4096,
        })
    };
    PROGRAMS
        .iter()
        .map(|&(name, port)| Program {
            name,
            port,
            app: match port {
                80 => web(80, false, home()),
                443 => web(443, true, home()),
                25 => text(TextProtocol::Smtp, 25),
                5432 => text(TextProtocol::Postgres, 5432),
                3000 => web(
                    3000,
                    false,
                    vec![Resource::new("/api/hello", 27, "application/json")],
                ),
                631 => web(
                    631,
                    false,
                    vec![Resource::page("/printers/", 3_500, Vec::new())],
                ),
                _ => text(TextProtocol::Ssh, port),
            },
        })
        .collect()
}
