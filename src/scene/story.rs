//! The page-load lesson's narration, tied to the trace: each step begins at
//! the first record that shows it happening, so stepping the simulation steps
//! the story.

use super::kind::{PacketKind, look};
use crate::sim::apps::browser::trace_code;
use crate::sim::net::{NodeKind, World};
use crate::sim::proto::http::HttpKind;
use crate::sim::proto::tcp::flags;
use crate::sim::proto::tls::TlsContent;
use crate::sim::proto::{AppMsg, Header};
use crate::sim::time::SimTime;
use crate::sim::trace::TraceEvent;

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
        }
    }
}

/// The steps reached by `until`, each with the time it began, in order.
pub fn story(world: &World, until: SimTime) -> Vec<(SimTime, StoryStep)> {
    let browser = world
        .nodes()
        .iter()
        .find(|node| node.kind == NodeKind::Host)
        .map(|node| node.id);
    let trace = world.trace();
    let mut steps: Vec<(SimTime, StoryStep)> = Vec::new();
    for record in trace.records().take_while(|record| record.t <= until) {
        let step = match record.ev {
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
            _ => None,
        };
        if let Some(step) = step.filter(|step| steps.iter().all(|(_, seen)| seen != step)) {
            steps.push((record.t, step));
        }
    }
    steps
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
    use crate::sim::scenarios::pageload::{DnsMode, PageLoadParams, PageLoadSim};
    use StoryStep::*;

    fn told(params: PageLoadParams) -> Vec<StoryStep> {
        let mut sim = PageLoadSim::new(&params).unwrap();
        sim.run();
        story(sim.world(), SimTime::MAX)
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
    fn the_story_only_reaches_the_clock() {
        let mut sim = PageLoadSim::new(&PageLoadParams::default()).unwrap();
        sim.run();
        let whole = story(sim.world(), SimTime::MAX);
        let handshake = whole.iter().find(|(_, step)| *step == Handshake).unwrap().0;
        let so_far = story(sim.world(), handshake);
        assert_eq!(so_far.last().unwrap().1, Handshake);
        assert!(so_far.len() < whole.len());
    }
}
