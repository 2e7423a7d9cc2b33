//! The viewer's player (hls.js in a browser): it reads the multivariant
//! playlist, then a rendition's live playlist, starts three target
//! durations from its end (RFC 8216 §6.3.3: a client SHOULD NOT start
//! playback less than that from the end; hls.js's `liveSyncDurationCount`
//! is 3), fetches segments one after another on one connection while its
//! buffer is under hls.js's `maxBufferLength` (30 s), reloads the playlist
//! when it needs a segment not listed yet (no sooner than a target
//! duration after the last load, §6.3.4), and picks each segment's
//! rendition by [`super::abr`]. Playback drains the buffer at one second a
//! second, and stalls when it runs dry.

use super::abr;
use super::playlist::{self, LIVE_BEFORE_S, MULTIVARIANT_PATH, TARGET_DURATION};
use cslab_sim::net::Addr;
use cslab_sim::proto::AppMsg;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::http::{HttpKind, Method};
use cslab_sim::proto::http_message::{self as message, request};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::stream_trace;
use cslab_sim::time::SimTime;

/// hls.js's `maxBufferLength`: it stops fetching with 30 s ahead.
pub const MAX_BUFFER_S: u64 = 30;
const TD_NS: u64 = TARGET_DURATION * 1_000_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Asked {
    Multivariant,
    Media,
    Segment(u64),
}

/// One segment fetched: which, its rendition, when asked and had, and the
/// throughput it showed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Fetched {
    pub n: u64,
    pub rendition: usize,
    pub asked_ns: u64,
    pub done_ns: u64,
    pub bits_per_s: u64,
}

const WAKE: u64 = 1;
const DRY: u64 = 2;
const END: u64 = 3;

pub struct Player {
    host: String,
    server: Addr,
    until: SimTime,
    conn: Option<ConnId>,
    asked: Option<(Asked, SimTime)>,
    bandwidths: Vec<u64>,
    pub rendition: usize,
    /// The playlist's segments: first sequence number and one past the last.
    listed: (u64, u64),
    loaded_at: Option<SimTime>,
    /// The next segment to fetch (None until the first playlist).
    next: Option<u64>,
    /// The channel's time (ns) the buffered media ends at, and the
    /// playhead, as of `updated`.
    buffered_end: u64,
    playhead: u64,
    updated: SimTime,
    pub playing: bool,
    pub started_at: Option<SimTime>,
    pub stalls: u32,
    dry_gen: u64,
    pub fetched: Vec<Fetched>,
    pub switches: Vec<(SimTime, usize)>,
    ended: bool,
}

impl Player {
    pub fn new(host: &str, server: Addr, until: SimTime) -> Player {
        Player {
            host: host.into(),
            server,
            until,
            conn: None,
            asked: None,
            bandwidths: Vec::new(),
            rendition: 0,
            listed: (0, 0),
            loaded_at: None,
            next: None,
            buffered_end: 0,
            playhead: 0,
            updated: SimTime::ZERO,
            playing: false,
            started_at: None,
            stalls: 0,
            dry_gen: 0,
            fetched: Vec::new(),
            switches: Vec::new(),
            ended: false,
        }
    }

    /// Seconds of media buffered ahead of the playhead at `now`, in ns.
    pub fn buffer_ns(&self, now: SimTime) -> u64 {
        self.buffered_end - self.playhead_at(now)
    }

    /// Where playback is in the channel's time (ns) at `now`.
    pub fn playhead_at(&self, now: SimTime) -> u64 {
        if !self.playing {
            return self.playhead;
        }
        let run = (now - self.updated).as_nanos();
        (self.playhead + run).min(self.buffered_end)
    }

    /// How far playback is behind the channel's live moment at `now`, in
    /// ns (None before it starts).
    pub fn behind_live_ns(&self, now: SimTime) -> Option<u64> {
        self.started_at?;
        let live = now.as_nanos() + LIVE_BEFORE_S * 1_000_000_000;
        Some(live - self.playhead_at(now))
    }

    fn settle(&mut self, now: SimTime) {
        self.playhead = self.playhead_at(now);
        self.updated = now;
    }

    fn ask(&mut self, net: &mut Net, asked: Asked) {
        let path = match asked {
            Asked::Multivariant => MULTIVARIANT_PATH.to_owned(),
            Asked::Media => playlist::media_path(self.rendition),
            Asked::Segment(n) => playlist::segment_path(self.rendition, n),
        };
        let conn = self.conn.expect("connected");
        if let Asked::Segment(n) = asked
            && self.fetched.is_empty()
        {
            net.note(stream_trace::HLS_SEGMENT, n);
        }
        message::send(net, conn, request(Method::Get, &self.host, &path), false);
        self.asked = Some((asked, net.ctx.now()));
    }

    /// What to do next, the connection being idle.
    fn go_on(&mut self, net: &mut Net) {
        let now = net.ctx.now();
        if self.ended || self.asked.is_some() {
            return;
        }
        let Some(next) = self.next else { return };
        if self.buffer_ns(now) >= MAX_BUFFER_S * 1_000_000_000 {
            let wait = self.buffer_ns(now) - MAX_BUFFER_S * 1_000_000_000;
            net.set_timer(SimTime::from_nanos(wait + 1), WAKE);
        } else if next < self.listed.1 {
            self.ask(net, Asked::Segment(next));
        } else {
            // Not listed yet: reload, a target duration after the last load.
            let due = self
                .loaded_at
                .map_or(now, |at| at + SimTime::from_nanos(TD_NS));
            if due <= now {
                self.ask(net, Asked::Media);
            } else {
                net.set_timer(due - now, WAKE);
            }
        }
    }

    fn on_answer(&mut self, net: &mut Net, body: &str, body_bytes: u32) {
        let Some((asked, at)) = self.asked.take() else {
            return;
        };
        let now = net.ctx.now();
        match asked {
            Asked::Multivariant => {
                self.bandwidths = playlist::read_bandwidths(body);
                self.rendition = abr::next(&self.bandwidths, 0, abr::DEFAULT_ESTIMATE);
                // Noted once the request is on the wire: the story quotes
                // its path.
                self.ask(net, Asked::Media);
                net.note(stream_trace::HLS_MEDIA, self.rendition as u64);
                return;
            }
            Asked::Media => {
                let Some((first, count)) = playlist::read_media(body) else {
                    return;
                };
                self.listed = (first, first + count);
                self.loaded_at = Some(now);
                if self.next.is_none() {
                    // Three target durations from the end (RFC 8216 §6.3.3).
                    let start = (first + count).saturating_sub(3);
                    self.next = Some(start);
                    self.playhead = start * TD_NS;
                    self.buffered_end = self.playhead;
                }
            }
            Asked::Segment(n) => {
                let took = (now - at).as_nanos();
                let bits_per_s = abr::throughput(u64::from(body_bytes), took);
                self.fetched.push(Fetched {
                    n,
                    rendition: self.rendition,
                    asked_ns: at.as_nanos(),
                    done_ns: now.as_nanos(),
                    bits_per_s,
                });
                self.settle(now);
                self.buffered_end = (n + 1) * TD_NS;
                self.next = Some(n + 1);
                if !self.playing {
                    self.playing = true;
                    if self.started_at.is_none() {
                        self.started_at = Some(now);
                        let behind = self.behind_live_ns(now).unwrap_or(0);
                        net.note(stream_trace::HLS_PLAYING, behind / 1_000_000);
                    }
                }
                self.arm_dry(net);
                let wanted = abr::next(&self.bandwidths, self.rendition, bits_per_s);
                if wanted != self.rendition {
                    let code = match wanted < self.rendition {
                        true => stream_trace::HLS_DOWN,
                        false => stream_trace::HLS_UP,
                    };
                    self.rendition = wanted;
                    self.switches.push((now, wanted));
                    // A new rendition's playlist first, as hls.js loads a
                    // level's details before its fragments; noted once the
                    // request is on the wire.
                    self.ask(net, Asked::Media);
                    net.note(code, wanted as u64);
                    return;
                }
            }
        }
        self.go_on(net);
    }

    /// A timer for the moment the buffer runs dry.
    fn arm_dry(&mut self, net: &mut Net) {
        self.dry_gen += 1;
        let left = self.buffer_ns(net.ctx.now());
        net.set_timer(SimTime::from_nanos(left), DRY | (self.dry_gen << 8));
    }
}

impl NetApp for Player {
    fn start(&mut self, net: &mut Net) {
        self.conn = Some(net.tcp.connect(net.ctx, self.server, 80));
        let until = self.until;
        net.set_timer(until, END);
    }

    fn on_timer(&mut self, net: &mut Net, token: u64) {
        match token & 0xff {
            WAKE => self.go_on(net),
            DRY if token >> 8 == self.dry_gen && self.playing && !self.ended => {
                let now = net.ctx.now();
                self.settle(now);
                self.playing = false;
                self.stalls += 1;
                net.note(stream_trace::HLS_STALL, self.next.unwrap_or(0));
            }
            END => {
                let now = net.ctx.now();
                let behind = self.behind_live_ns(now).unwrap_or(0);
                net.note(stream_trace::HLS_DONE, behind / 1_000_000);
                self.settle(now);
                self.ended = true;
                self.playing = false;
                if let Some(conn) = self.conn {
                    net.tcp.close(net.ctx, conn);
                }
            }
            _ => {}
        }
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match ev {
            TcpEvent::Connected(_) => {
                net.note(stream_trace::HLS_MULTIVARIANT, 0);
                self.ask(net, Asked::Multivariant);
            }
            TcpEvent::Data {
                msg,
                complete: true,
                ..
            } => {
                if let AppMsg::Http(answer) = msg.app
                    && matches!(answer.kind, HttpKind::Response { .. })
                {
                    let body = net.ctx.name(answer.body).to_owned();
                    self.on_answer(net, &body, answer.body_bytes);
                }
            }
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            _ => {}
        }
    }
}
