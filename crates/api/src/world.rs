//! The lesson's world: the school's app on a laptop behind a home router,
//! and the API's machine on the Internet; and the three styles measured
//! side by side.
//!
//! ```text
//! laptop ── home router ── Internet ── api.example
//! ```

use crate::catalogue::HOST;
use crate::client::{ApiClient, Exchange, Style};
use crate::server::ApiServer;
use cslab_sim::net::{Addr, AppId, LinkSpec, NodeId, NodeKind, Proto, World};
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::{TcpConfig, TcpStack};
use cslab_sim::runs::addresses::{Home, add_home};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;
use serde::Serialize;

/// The API's address (its name was resolved before the lesson starts).
pub const API_ADDR: Addr = Addr::new(203, 0, 113, 80);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiParams {
    pub style: Style,
    pub seed: u64,
    pub trace: TraceMode,
}

impl Default for ApiParams {
    fn default() -> Self {
        ApiParams {
            style: Style::Rest,
            seed: 1,
            trace: TraceMode::Full,
        }
    }
}

/// The machines, by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiNodes {
    pub laptop: NodeId,
    pub router: NodeId,
    pub internet: NodeId,
    pub api: NodeId,
}

pub struct ApiSim {
    world: World,
    nodes: ApiNodes,
    client_app: AppId,
    server_app: AppId,
}

impl ApiSim {
    pub fn new(p: &ApiParams) -> ApiSim {
        let mut w = World::new(p.seed, p.trace);
        let Home {
            laptop,
            router,
            internet,
        } = add_home(&mut w, "laptop");
        let api = w.add_node(HOST, NodeKind::Server);
        w.connect(
            api,
            internet,
            LinkSpec::new(100_000_000, SimTime::from_millis(10)),
        );
        w.set_addr(api, API_ADDR);
        let stack = || TcpStack::new(TcpConfig::default());
        let server_app = w.add_app(api, Box::new(Host::new(stack(), ApiServer::default())));
        w.bind_any_port(api, Proto::Tcp, server_app);
        let client = ApiClient::new(API_ADDR, p.style);
        let client_app = w.add_app(laptop, Box::new(Host::new(stack(), client)));
        w.bind_any_port(laptop, Proto::Tcp, client_app);
        ApiSim {
            world: w,
            nodes: ApiNodes {
                laptop,
                router,
                internet,
                api,
            },
            client_app,
            server_app,
        }
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    pub fn nodes(&self) -> ApiNodes {
        self.nodes
    }

    pub fn client(&self) -> &Host<ApiClient> {
        self.world.app(self.client_app).expect("the app")
    }

    pub fn server(&self) -> &Host<ApiServer> {
        self.world.app(self.server_app).expect("the API")
    }

    pub fn report(&self) -> ApiReport {
        let exchanges = self.client().app.exchanges.clone();
        ApiReport {
            question: Cost::of(exchanges.iter().filter(|e| e.question)),
            all: Cost::of(exchanges.iter()),
            exchanges,
        }
    }
}

/// Round trips and bytes (requests and answers, heads and bodies).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Cost {
    pub round_trips: u32,
    pub request_bytes: u32,
    pub response_bytes: u32,
}

impl Cost {
    fn of<'e>(exchanges: impl Iterator<Item = &'e Exchange>) -> Cost {
        exchanges.fold(Cost::default(), |cost, e| Cost {
            round_trips: cost.round_trips + 1,
            request_bytes: cost.request_bytes + e.request_bytes,
            response_bytes: cost.response_bytes + e.response_bytes,
        })
    }

    pub fn bytes(&self) -> u32 {
        self.request_bytes + self.response_bytes
    }
}

/// What [`ApiSim::report`] says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiReport {
    /// Each call and its answer, in order.
    pub exchanges: Vec<Exchange>,
    /// What the question every style asks (a course and its students)
    /// cost, and what the whole dialogue did.
    pub question: Cost,
    pub all: Cost,
}

/// Long enough for any style's dialogue to end.
pub const DIALOGUE_END: SimTime = SimTime::from_secs(10);

/// The question every style asks, asked in each (a run of each, to its
/// end): what it cost, style by style.
pub fn compare_styles() -> [(Style, Cost); 3] {
    Style::ALL.map(|style| {
        let mut sim = ApiSim::new(&ApiParams {
            style,
            trace: TraceMode::Last(0),
            ..ApiParams::default()
        });
        sim.world_mut().run_until(DIALOGUE_END);
        (style, sim.report().question)
    })
}
