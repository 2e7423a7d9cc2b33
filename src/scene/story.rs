//! The lessons' narration, tied to the trace: each step begins at the first
//! record that shows it happening, so stepping the simulation steps the
//! story.

use super::kind::{PacketKind, look};
use crate::scenario::server_says_no::Refusal;
use crate::sim::apps::browser::trace_code;
use crate::sim::net::{NodeId, NodeKind, World};
use crate::sim::proto::http::{HttpKind, Status};
use crate::sim::proto::tcp::flags;
use crate::sim::proto::tls::TlsContent;
use crate::sim::proto::{AppMsg, Header};
use crate::sim::time::SimTime;
use crate::sim::trace::{Trace, TraceEvent};

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
    PageDone,
    /// The learner opens the page again.
    Revisit,
    /// The second visit's request goes out on the first visit's connection.
    Reuse,
    /// The first visit's connections were closed: connect again.
    Reconnect,
    /// A file the browser already has is answered `304 Not Modified`.
    NotModified,
    /// The second visit is complete.
    RevisitDone,
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
}

/// Which story a lesson tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plot {
    /// A browser loads a page.
    PageLoad,
    /// Clients press on a server that queues and says no, the way the
    /// chosen system does.
    Refusal(Refusal),
}

impl Plot {
    /// The message id of `step`'s sentence in this story.
    pub fn key(self, step: StoryStep) -> &'static str {
        match (self, step) {
            (Plot::Refusal(refusal), StoryStep::Refused) => refusal.refused_key(),
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
            StoryStep::PageDone => "story-page-done",
            StoryStep::Revisit => "story-revisit",
            StoryStep::Reuse => "story-reuse",
            StoryStep::Reconnect => "story-reconnect",
            StoryStep::NotModified => "story-not-modified",
            StoryStep::RevisitDone => "story-revisit-done",
            StoryStep::Connect => "story-connect",
            StoryStep::Queued => "story-queued",
            StoryStep::SynDropped => "story-syn-dropped",
            StoryStep::SynAgain => "story-syn-again",
            StoryStep::Refused => "story-refused-abort",
            StoryStep::Served => "story-served",
        }
    }
}

/// The steps of `plot` reached by `until`, each with the time it began, in
/// order.
pub fn story(world: &World, until: SimTime, plot: Plot) -> Vec<(SimTime, StoryStep)> {
    let browser = world
        .nodes()
        .iter()
        .find(|node| node.kind == NodeKind::Host)
        .map(|node| node.id);
    let trace = world.trace();
    let mut steps: Vec<(SimTime, StoryStep)> = Vec::new();
    for record in trace.records().take_while(|record| record.t <= until) {
        let step = match plot {
            Plot::PageLoad => {
                let step = page_load_step(trace, &record.ev, browser);
                let revisited = steps.iter().any(|&(_, seen)| seen == StoryStep::Revisit);
                if revisited {
                    step.and_then(|step| on_second_visit(step, &steps))
                } else {
                    step
                }
            }
            Plot::Refusal(_) => refusal_step(trace, &record.ev),
        };
        if let Some(step) = step.filter(|step| steps.iter().all(|(_, seen)| seen != step)) {
            steps.push((record.t, step));
        }
    }
    steps
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
        StoryStep::PageDone => Some(StoryStep::RevisitDone),
        StoryStep::CachedDns | StoryStep::DnsAnswer | StoryStep::NotModified => Some(step),
        _ => None,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::apps::browser::HttpMode;
    use crate::sim::scenarios::pageload::{DnsMode, PageLoadParams, PageLoadSim};
    use StoryStep::*;

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
        assert!(closed.ends_with(&[Revisit, CachedDns, Reconnect, NotModified, RevisitDone]));
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

    #[test]
    fn a_busy_server_is_told_from_connection_to_refusal_its_own_way() {
        use crate::scenario::server_says_no::{RefusalSettings, server_says_no_params};
        use crate::sim::scenarios::load::LoadSim;
        let told = |refusal| {
            let mut sim =
                LoadSim::new(&server_says_no_params(&RefusalSettings { refusal })).unwrap();
            sim.run();
            story(sim.world(), SimTime::MAX, Plot::Refusal(refusal))
                .into_iter()
                .map(|(_, step)| step)
                .collect::<Vec<StoryStep>>()
        };
        let position = |steps: &[StoryStep], step| steps.iter().position(|&s| s == step);
        // Linux drops SYNs and the clients try again; nobody is refused.
        let linux = told(Refusal::Linux);
        assert_eq!(linux[0], Connect);
        for step in [Queued, SynDropped, SynAgain, Served] {
            assert!(linux.contains(&step), "{step:?} missing from {linux:?}");
        }
        assert!(!linux.contains(&Refused), "{linux:?}");
        assert!(position(&linux, SynDropped) < position(&linux, SynAgain));
        // Windows refuses once the queue is full, and drops nothing.
        let windows = told(Refusal::Windows);
        assert!(
            position(&windows, Queued) < position(&windows, Refused),
            "{windows:?}"
        );
        assert!(!windows.contains(&SynDropped));
        assert_eq!(
            Plot::Refusal(Refusal::Windows).key(Refused),
            "story-refused-windows"
        );
    }
}
