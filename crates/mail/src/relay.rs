//! How a mail server passes a message on to the recipient's domain, as
//! Postfix's queue manager and `smtp` client do: ask DNS for the domain's MX
//! records, try the exchanges from the lowest preference up (RFC 5321 §5.1),
//! each by its address (an A query) on port 25, giving up a connection that
//! is not answered within `smtp_connect_timeout` (30 s) and trying the next;
//! when none takes the message, keep it in the queue and try again later,
//! waiting `minimal_backoff_time` (300 s) the first time and twice as long
//! each time after, up to `maximal_backoff_time` (4000 s) (postconf(5)).
//! A 5xx reply is final: the message is not tried again.

use crate::smtp::{Mail, SMTP_PORT, Sent, SmtpClient};
use cslab_sim::names::Name;
use cslab_sim::net::Packet;
use cslab_sim::proto::dns::{DnsResult, RData, RType, STUB_TIMER, StubResolver};
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::{AppMsg, Message};
use cslab_sim::time::SimTime;
use std::collections::VecDeque;

/// Postfix's `smtp_connect_timeout`.
pub const CONNECT_TIMEOUT: SimTime = SimTime::from_secs(30);
/// Postfix's `minimal_backoff_time` and `maximal_backoff_time`.
pub const MIN_BACKOFF: SimTime = SimTime::from_secs(300);
pub const MAX_BACKOFF: SimTime = SimTime::from_secs(4_000);

/// A connection's timer carries its attempt's number, so a timer left from
/// an earlier exchange does not cut the next one short.
const CONNECT_TIMER: u64 = 1 << 32;
const RETRY_TIMER: u64 = 2;

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
    /// Talking to exchange `next` (boxed: a client is large, and a
    /// delivery spends most of its life waiting for DNS or a timer).
    Talking(Box<SmtpClient>),
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
    /// Its own name, said in EHLO.
    hostname: String,
    stub: StubResolver,
    queue: VecDeque<Mail>,
    delivery: Option<Delivery>,
    /// How long the next wait is, after the queue could not be delivered.
    backoff: SimTime,
    waiting: bool,
    /// Connections opened so far.
    attempts: u64,
    /// Every attempt that failed (no exchange took the message).
    pub deferrals: Vec<SimTime>,
    pub relayed: Vec<(Mail, Relayed)>,
}

impl Relay {
    pub fn new(hostname: &str, stub: StubResolver) -> Relay {
        Relay {
            hostname: hostname.to_string(),
            stub,
            queue: VecDeque::new(),
            delivery: None,
            backoff: MIN_BACKOFF,
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
        self.queue.len() + self.delivery.is_some() as usize
    }

    /// Whether `conn` is the relay's own connection.
    pub fn owns(&self, conn: ConnId) -> bool {
        matches!(&self.delivery, Some(Delivery { stage: Stage::Talking(client), .. })
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
                    delivery.stage = Stage::Talking(Box::new(client));
                    self.attempts += 1;
                    net.set_timer(CONNECT_TIMEOUT, CONNECT_TIMER | self.attempts);
                }
                None => {
                    delivery.next += 1;
                    self.try_next(net);
                }
            },
            Stage::Talking(_) => {}
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
            self.deferrals.push(net.ctx.now());
            self.waiting = true;
            net.set_timer(self.backoff, RETRY_TIMER);
            self.backoff = (self.backoff + self.backoff).min(MAX_BACKOFF);
            return;
        };
        delivery.stage = Stage::AskAddress;
        if let Some(result) = self.stub.lookup(net, exchange, RType::A) {
            self.on_dns(net, result);
        }
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
            stage: Stage::Talking(client),
            exchanges,
            next,
            ..
        }) = &mut self.delivery
        else {
            return;
        };
        match ev {
            TcpEvent::Reset { .. } | TcpEvent::TimedOut(_) => return self.next_exchange(net),
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
        self.backoff = MIN_BACKOFF;
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
                        stage: Stage::Talking(client),
                        ..
                    }) => (!client.connected()).then(|| client.conn()).flatten(),
                    _ => None,
                };
                if let Some(conn) = unanswered {
                    net.tcp.close(net.ctx, conn);
                    self.next_exchange(net);
                }
            }
            RETRY_TIMER => {
                self.waiting = false;
                self.kick(net);
            }
            _ => {}
        }
    }
}
