//! How a mail server passes a message on to the recipient's domain, as
//! Postfix's queue manager and `smtp` client do, and Exim's `dnslookup`
//! router and `smtp` transport: ask DNS for the domain's MX records, try
//! the exchanges from the lowest preference up (RFC 5321 §5.1), leaving out
//! itself and any exchange no better than itself (a backup MX passes mail
//! to the better ones only), each by its address (an A query) on port 25.
//! A connection not answered within the server's connect timeout, or given
//! up by TCP first, moves on to the next exchange; when none takes the
//! message, it stays in the queue and is tried again after the wait its
//! server's retry schedule says, at the first queue run after it
//! ([`Mta::next_wait`], [`Mta::queue_run`]). A 5xx reply is final: the
//! message is not tried again.

use crate::mta::Mta;
use crate::smtp::{Mail, SMTP_PORT, Sent, SmtpClient};
use cslab_sim::names::Name;
use cslab_sim::net::Packet;
use cslab_sim::proto::dns::{DnsResult, RData, RType, STUB_TIMER, StubResolver};
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::mail_trace;
use cslab_sim::proto::{AppMsg, Message};
use cslab_sim::time::SimTime;
use std::collections::VecDeque;

/// A connection's timer carries its attempt's number, so a timer left from
/// an earlier exchange does not cut the next one short.
const CONNECT_TIMER: u64 = 1 << 32;
const QUEUE_RUN_TIMER: u64 = 2;

/// How long the queue has been failing.
#[derive(Clone, Copy, Debug)]
struct Failing {
    since: SimTime,
    last_wait: SimTime,
}

/// What became of a message the relay took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Relayed {
    /// Taken by this exchange (its `250 … queued as` reply).
    Delivered { exchange: String, reply: String },
    /// Refused for good (a 5xx reply).
    Bounced(String),
}

/// Where a delivery is.
enum Stage {
    /// Asked DNS for the domain's MX records.
    AskMx,
    /// Asked DNS for the address of exchange `next`.
    AskAddress,
    /// Talking to exchange `next` since `since` (boxed: a client is
    /// large, and a delivery spends most of its life waiting for DNS or a
    /// timer).
    Talking(Box<SmtpClient>, SimTime),
}

/// One message on its way.
struct Delivery {
    mail: Mail,
    /// The exchanges, lowest preference first.
    exchanges: Vec<(u16, Name)>,
    next: usize,
    stage: Stage,
}

/// The relay of one mail server.
pub struct Relay {
    mta: Mta,
    /// Its own name, said in EHLO.
    hostname: String,
    stub: StubResolver,
    queue: VecDeque<Mail>,
    delivery: Option<Delivery>,
    /// Since when, and how long it waited last; none while deliveries
    /// succeed.
    failing: Option<Failing>,
    /// Waiting for a queue run.
    waiting: bool,
    /// Connections opened so far.
    attempts: u64,
    /// Every attempt that failed (no exchange took the message).
    pub deferrals: Vec<SimTime>,
    pub relayed: Vec<(Mail, Relayed)>,
}

impl Relay {
    pub fn new(mta: Mta, hostname: &str, stub: StubResolver) -> Relay {
        Relay {
            mta,
            hostname: hostname.to_string(),
            stub,
            queue: VecDeque::new(),
            delivery: None,
            failing: None,
            waiting: false,
            attempts: 0,
            deferrals: Vec::new(),
            relayed: Vec::new(),
        }
    }

    /// Takes a message to pass on, and starts if idle.
    pub fn take(&mut self, net: &mut Net, mail: Mail) {
        self.queue.push_back(mail);
        self.kick(net);
    }

    /// Messages still waiting.
    pub fn queued(&self) -> usize {
        self.waiting().count()
    }

    /// The messages it holds, the one on its way first.
    pub fn waiting(&self) -> impl Iterator<Item = &Mail> {
        (self.delivery.iter().map(|delivery| &delivery.mail)).chain(&self.queue)
    }

    /// Whether `conn` is the relay's own connection.
    pub fn owns(&self, conn: ConnId) -> bool {
        matches!(&self.delivery, Some(Delivery { stage: Stage::Talking(client, _), .. })
            if client.conn() == Some(conn))
    }

    fn kick(&mut self, net: &mut Net) {
        if self.delivery.is_some() || self.waiting {
            return;
        }
        let Some(mail) = self.queue.pop_front() else {
            return;
        };
        let domain = net.ctx.intern(mail.to_domain());
        self.delivery = Some(Delivery {
            mail,
            exchanges: Vec::new(),
            next: 0,
            stage: Stage::AskMx,
        });
        if let Some(result) = self.stub.lookup(net, domain, RType::Mx) {
            self.on_dns(net, result);
        }
    }

    fn on_dns(&mut self, net: &mut Net, result: DnsResult) {
        let Some(delivery) = &mut self.delivery else {
            return;
        };
        match delivery.stage {
            Stage::AskMx => {
                let mut exchanges: Vec<(u16, Name)> = result
                    .records
                    .iter()
                    .filter_map(|rr| match rr.data {
                        RData::Mx {
                            preference,
                            exchange,
                        } => Some((preference, exchange)),
                        _ => None,
                    })
                    .collect();
                exchanges.sort_by_key(|&(preference, _)| preference);
                // RFC 5321 §5.1: finding itself in the list, a server
                // discards that entry and every one with a preference as
                // high or higher.
                let own = (exchanges.iter())
                    .find(|&&(_, name)| net.ctx.name(name) == self.hostname)
                    .map(|&(preference, _)| preference);
                if let Some(own) = own {
                    exchanges.retain(|&(preference, _)| preference < own);
                }
                delivery.exchanges = exchanges;
                self.try_next(net);
            }
            Stage::AskAddress => match result.addr() {
                Some(addr) => {
                    let mut client = SmtpClient::new(
                        addr,
                        SMTP_PORT,
                        &self.hostname,
                        None,
                        delivery.mail.clone(),
                    );
                    client.begin(net);
                    delivery.stage = Stage::Talking(Box::new(client), net.ctx.now());
                    self.attempts += 1;
                    net.set_timer(self.mta.connect_timeout(), CONNECT_TIMER | self.attempts);
                }
                None => {
                    delivery.next += 1;
                    self.try_next(net);
                }
            },
            Stage::Talking(..) => {}
        }
    }

    /// Asks for the address of the next exchange, or defers the message
    /// when none is left.
    fn try_next(&mut self, net: &mut Net) {
        let Some(delivery) = &mut self.delivery else {
            return;
        };
        let Some(&(_, exchange)) = delivery.exchanges.get(delivery.next) else {
            let delivery = self.delivery.take().expect("a delivery");
            self.queue.push_front(delivery.mail);
            self.defer(net);
            return;
        };
        delivery.stage = Stage::AskAddress;
        if let Some(result) = self.stub.lookup(net, exchange, RType::A) {
            self.on_dns(net, result);
        }
    }

    /// Keeps the queue until the first queue run after its wait, counted
    /// from the server's start.
    fn defer(&mut self, net: &mut Net) {
        let now = net.ctx.now();
        let wait = match self.failing {
            None => self.mta.next_wait(None, SimTime::ZERO),
            Some(failing) => (self.mta).next_wait(Some(failing.last_wait), now - failing.since),
        };
        let since = self.failing.map_or(now, |failing| failing.since);
        self.failing = Some(Failing {
            since,
            last_wait: wait,
        });
        self.deferrals.push(now);
        self.waiting = true;
        let run = self.mta.queue_run().as_nanos();
        let due = (now + wait).as_nanos().div_ceil(run) * run;
        let until_run = SimTime::from_nanos(due) - now;
        net.note(mail_trace::DEFERRED, until_run.as_nanos() / 1_000_000_000);
        net.set_timer(until_run, QUEUE_RUN_TIMER);
    }

    /// The exchange being tried did not answer within `waited`: the next
    /// one.
    fn silent(&mut self, net: &mut Net, waited: SimTime) {
        net.note(mail_trace::SILENT, waited.as_nanos() / 1_000_000_000);
        self.next_exchange(net);
    }

    /// The exchange being tried failed (no answer, refused, or a 4xx
    /// reply): the next one.
    fn next_exchange(&mut self, net: &mut Net) {
        if let Some(delivery) = &mut self.delivery {
            delivery.next += 1;
        }
        self.try_next(net);
    }

    pub fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        let Some(Delivery {
            stage: Stage::Talking(client, since),
            exchanges,
            next,
            ..
        }) = &mut self.delivery
        else {
            return;
        };
        match ev {
            TcpEvent::Reset { .. } => return self.next_exchange(net),
            // TCP gave the connect up before the server's own timeout did
            // (Exim waits 5 minutes; Linux stops after 127 s).
            TcpEvent::TimedOut(_) => {
                let waited = net.ctx.now() - *since;
                return self.silent(net, waited);
            }
            _ => client.on_tcp(net, ev),
        }
        let exchange = net.ctx.name(exchanges[*next].1).to_string();
        match client.outcome.clone() {
            Some(Sent::Queued(reply)) => self.finish(net, Relayed::Delivered { exchange, reply }),
            Some(Sent::Refused(reply)) if reply.starts_with('5') => {
                self.finish(net, Relayed::Bounced(reply))
            }
            Some(Sent::Refused(_)) => self.next_exchange(net),
            None => {}
        }
    }

    fn finish(&mut self, net: &mut Net, relayed: Relayed) {
        let delivery = self.delivery.take().expect("a delivery");
        self.relayed.push((delivery.mail, relayed));
        self.failing = None;
        self.kick(net);
    }

    pub fn on_udp(&mut self, net: &mut Net, _pkt: &Packet, msg: Option<&Message>) {
        if let Some(Message {
            app: AppMsg::Dns(dns),
            ..
        }) = msg
            && let Some(result) = self.stub.on_response(net, dns)
        {
            self.on_dns(net, result);
        }
    }

    pub fn on_timer(&mut self, net: &mut Net, token: u64) {
        match token {
            _ if token & STUB_TIMER != 0 => {
                if let Some(result) = self.stub.on_timer(net, token) {
                    self.on_dns(net, result);
                }
            }
            _ if token == CONNECT_TIMER | self.attempts => {
                let unanswered = match &self.delivery {
                    Some(Delivery {
                        stage: Stage::Talking(client, _),
                        ..
                    }) => (!client.connected()).then(|| client.conn()).flatten(),
                    _ => None,
                };
                if let Some(conn) = unanswered {
                    net.tcp.close(net.ctx, conn);
                    self.silent(net, self.mta.connect_timeout());
                }
            }
            QUEUE_RUN_TIMER => {
                self.waiting = false;
                net.note(mail_trace::RETRY, self.deferrals.len() as u64 + 1);
                self.kick(net);
            }
            _ => {}
        }
    }
}
