//! The lesson's world: Alice's laptop behind her home router, a DNS server
//! and the notes site (notes.example) on the Internet.
//!
//! ```text
//! Alice's laptop ── home router ── Internet ─┬─ DNS server
//!                                            └─ notes.example (Django)
//! ```

use crate::client::NotesClient;
use crate::django::{Account, Auth, NotesSite, RANDOM_STRING_CHARS, random_string_from};
use crate::pbkdf2::{DJANGO_ITERATIONS, HashJob, django_hash};
use cslab_sim::net::{Addr, AppId, LinkSpec, NodeId, NodeKind, Proto, World};
use cslab_sim::proto::dns::{
    DNS_PORT, DnsServer, RetryPolicy, STUB_PORT, StubResolver, ZoneData, ZoneRecord,
};
use cslab_sim::proto::host::Host;
use cslab_sim::proto::tcp::{TcpConfig, TcpStack};
use cslab_sim::rng::Rng;
use cslab_sim::runs::addresses::{Home, add_home};
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceMode;
use serde::Serialize;

/// The site's name.
pub const HOST: &str = "notes.example";
/// Alice's password, and the one she types when she mistypes it.
pub const ALICE_PASSWORD: &str = "secret";
pub const MISTYPED: &str = "secert";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginParams {
    pub auth: Auth,
    pub https: bool,
    /// Times Alice mistypes her password before typing it right.
    pub wrong_passwords: u32,
    pub seed: u64,
    pub trace: TraceMode,
}

impl Default for LoginParams {
    fn default() -> Self {
        LoginParams {
            auth: Auth::Cookie,
            https: true,
            wrong_passwords: 0,
            seed: 1,
            trace: TraceMode::Full,
        }
    }
}

/// The machines, by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginNodes {
    pub alice: NodeId,
    pub router: NodeId,
    pub internet: NodeId,
    pub dns: NodeId,
    pub site: NodeId,
}

pub struct LoginSim {
    world: World,
    nodes: LoginNodes,
    alice_app: AppId,
    site_app: AppId,
}

/// The accounts an administrator created before the story, each as
/// (user, password, salt): `make_password` draws a salt of 22 characters
/// (`salt_entropy` 128 bits over 62 symbols: ceil(128 / log2 62) =
/// ceil(21.5) = 22). They were drawn when the accounts were created, long
/// before any run: from a generator of their own, the same for every run,
/// so that they are known before the world is built.
fn accounts() -> Vec<(String, String, String)> {
    let mut rng = Rng::new(0x5a17);
    [("alice", ALICE_PASSWORD), ("bob", "hunter2")]
        .map(|(user, password)| {
            let salt = random_string_from(&mut rng, 22, RANDOM_STRING_CHARS);
            (user.to_owned(), password.to_owned(), salt)
        })
        .to_vec()
}

/// The passwords Alice types, in order: the mistyped ones, then hers.
fn typing(p: &LoginParams) -> Vec<String> {
    let mut typing = vec![MISTYPED.to_owned(); p.wrong_passwords as usize];
    typing.push(ALICE_PASSWORD.to_owned());
    typing
}

/// The hashes a run of `p` not yet computed in this process will need:
/// each account's, and each password Alice types, checked with her salt.
/// A page computes them a slice at a time before the run starts.
pub fn hashes_to_compute(p: &LoginParams) -> Vec<HashJob> {
    let accounts = accounts();
    let alices_salt = &accounts[0].2;
    let typed = typing(p)
        .into_iter()
        .map(|password| (password, alices_salt.clone()));
    let mut jobs: Vec<HashJob> = Vec::new();
    for (password, salt) in accounts
        .iter()
        .map(|(_, pw, salt)| (pw.clone(), salt.clone()))
        .chain(typed)
    {
        let twice = jobs.iter().any(|job| job.is_for(&password, &salt));
        if let Some(job) = HashJob::new(&password, &salt, DJANGO_ITERATIONS).filter(|_| !twice) {
            jobs.push(job);
        }
    }
    jobs
}

impl LoginSim {
    pub fn new(p: &LoginParams) -> LoginSim {
        let mut w = World::new(p.seed, p.trace);
        let Home {
            laptop: alice,
            router,
            internet,
        } = add_home(&mut w, "alice");
        let dns = w.add_node("dns", NodeKind::Server);
        let site = w.add_node(HOST, NodeKind::Server);
        let link = |ms| LinkSpec::new(100_000_000, SimTime::from_millis(ms));
        w.connect(dns, internet, link(2));
        w.connect(site, internet, link(10));
        let addr = |a, b, c, d| Addr::new(a, b, c, d);
        for (node, address) in [(dns, addr(198, 51, 100, 53)), (site, addr(203, 0, 113, 80))] {
            w.set_addr(node, address);
        }
        let (dns_addr, site_addr) = (w.nodes()[dns.index()].addr, w.nodes()[site.index()].addr);
        let retry = RetryPolicy {
            timeout: SimTime::from_secs(5),
            retries: 1,
        };
        let zone = vec![ZoneRecord::new(HOST, 3600, ZoneData::A(site_addr))];
        let d = w.add_app(dns, Box::new(DnsServer::new("example", zone, false, retry)));
        w.bind(dns, Proto::Udp, DNS_PORT, d);
        let stack = || TcpStack::new(TcpConfig::default());
        let users = (accounts().into_iter())
            .map(|(username, password, salt)| Account {
                username,
                password: django_hash(&password, &salt, DJANGO_ITERATIONS),
            })
            .collect();
        let notes = NotesSite::new(HOST, p.auth, p.https, users);
        let site_app = w.add_app(site, Box::new(Host::new(stack(), notes)));
        w.bind_any_port(site, Proto::Tcp, site_app);
        let client = NotesClient::new(
            HOST,
            p.auth,
            p.https,
            StubResolver::new(dns_addr, retry),
            typing(p),
        );
        let alice_app = w.add_app(alice, Box::new(Host::new(stack(), client)));
        w.bind_any_port(alice, Proto::Tcp, alice_app);
        w.bind(alice, Proto::Udp, STUB_PORT, alice_app);
        LoginSim {
            world: w,
            nodes: LoginNodes {
                alice,
                router,
                internet,
                dns,
                site,
            },
            alice_app,
            site_app,
        }
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    pub fn nodes(&self) -> LoginNodes {
        self.nodes
    }

    pub fn alice(&self) -> &Host<NotesClient> {
        self.world.app(self.alice_app).expect("Alice's browser")
    }

    pub fn site(&self) -> &Host<NotesSite> {
        self.world.app(self.site_app).expect("the notes site")
    }

    /// What Alice asked and was answered, and what the site keeps.
    pub fn report(&self) -> LoginReport {
        let site = &self.site().app;
        LoginReport {
            answers: self.alice().app.answers.clone(),
            stored: site
                .users
                .iter()
                .map(|account| (account.username.clone(), account.password.clone()))
                .collect(),
            sessions_left: site.sessions.len(),
            failed_logins: site.failures.iter().map(|(_, n)| n).sum(),
        }
    }
}

/// What [`LoginSim::report`] says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoginReport {
    /// Each request Alice sent, with the status it was answered.
    pub answers: Vec<(String, u16)>,
    /// `auth_user`: each user and the stored hash.
    pub stored: Vec<(String, String)>,
    /// Sessions (or tokens) the site still holds at the end.
    pub sessions_left: usize,
    pub failed_logins: u32,
}
