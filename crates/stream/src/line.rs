//! A line whose rate drops and recovers at set times (a neighbour starts a
//! download, the Wi-Fi weakens): the scripted drop the HLS player adapts
//! to. An engine app that owns no port, only its timers.

use cslab_sim::net::{App, Ctx, LinkId, Packet};
use cslab_sim::proto::text::stream_trace;
use cslab_sim::time::SimTime;
use cslab_sim::trace::TraceEvent;

/// One change: at `at`, the link's direction `dir` runs at `bps`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateChange {
    pub at: SimTime,
    pub bps: u64,
    /// The story's code for it.
    pub code: u32,
}

pub struct Line {
    pub link: LinkId,
    pub dir: u8,
    pub changes: Vec<RateChange>,
}

impl Line {
    /// Down to `low` bit/s at `from`, back to `high` at `to`.
    pub fn drop(
        link: LinkId,
        dir: u8,
        (from, to): (SimTime, SimTime),
        low: u64,
        high: u64,
    ) -> Line {
        Line {
            link,
            dir,
            changes: vec![
                RateChange {
                    at: from,
                    bps: low,
                    code: stream_trace::LINE_DROPS,
                },
                RateChange {
                    at: to,
                    bps: high,
                    code: stream_trace::LINE_RECOVERS,
                },
            ],
        }
    }
}

impl App for Line {
    fn start(&mut self, ctx: &mut Ctx) {
        for (i, change) in self.changes.iter().enumerate() {
            ctx.set_timer(change.at, i as u64);
        }
    }

    fn on_packet(&mut self, _ctx: &mut Ctx, _pkt: &Packet) {}

    fn on_timer(&mut self, ctx: &mut Ctx, token: u64) {
        let change = self.changes[token as usize];
        ctx.set_bandwidth(self.link, self.dir, change.bps);
        let (node, app) = (ctx.node(), ctx.app());
        ctx.trace(TraceEvent::App {
            node,
            app,
            code: change.code,
            value: change.bps,
        });
    }
}
