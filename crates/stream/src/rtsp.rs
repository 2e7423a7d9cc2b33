//! A security camera's stream over RTSP 1.0 (RFC 2326; cameras mostly
//! still speak 1.0, not RFC 7826's 2.0): the viewer asks OPTIONS, DESCRIBE
//! (answered with SDP, RFC 8866, naming H.264 at 90 kHz), SETUP (which UDP
//! ports the RTP goes to), PLAY, on TCP port 554; the camera then sends a
//! frame every 1/fps seconds in RTP over UDP, and a packet lost is lost: a
//! gap in the sequence numbers the viewer counts, a glitch on screen, not
//! something sent again. TEARDOWN ends the session.
//!
//! One RTP packet a frame: a camera's sub-stream (640×360, about 300
//! kbit/s) fits a frame in one datagram. The camera asks no password
//! (most ask Digest, RFC 2617: left out).

use crate::hex;
use crate::rtp::{PAYLOAD_TYPE, RtpHeader, ticks_per_frame};
use crate::udp;
use cslab_sim::net::{Addr, Packet};
use cslab_sim::proto::Message;
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::send_datagram;
use cslab_sim::proto::text::{TextProtocol, send_text, stream_trace, text_of};
use cslab_sim::time::SimTime;

pub const PORT: u16 = 554;
/// Where the viewer wants RTP (and RTCP on the next port).
pub const CLIENT_PORT: u16 = 50_000;
pub const SERVER_PORT: u16 = 8_000;
/// Bytes of video in a frame's packet (300 kbit/s at 30 fps ≈ 1,250).
pub const FRAME_BYTES: u32 = 1_200;
pub const SESSION: &str = "47112344";
/// The camera's path, as Hikvision's cameras name their main channel.
pub const PATH: &str = "/Streaming/Channels/101";

/// The camera.
pub struct Camera {
    pub fps: u32,
    /// How long it streams once PLAY is asked.
    pub seconds: u64,
    url: String,
    ssrc: u32,
    viewer: Option<(Addr, u16)>,
    seq: u16,
    timestamp: u32,
    pub sent: u32,
    playing: bool,
}

impl Camera {
    pub fn new(addr: Addr, fps: u32, seconds: u64) -> Camera {
        Camera {
            fps,
            seconds,
            url: format!("rtsp://{addr}:{PORT}{PATH}"),
            ssrc: 0,
            viewer: None,
            seq: 0,
            timestamp: 0,
            sent: 0,
            playing: false,
        }
    }

    fn sdp(&self, addr: Addr) -> String {
        format!(
            "v=0\r\no=- 1 1 IN IP4 {addr}\r\ns=Camera\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n\
             m=video 0 RTP/AVP {PAYLOAD_TYPE}\r\na=rtpmap:{PAYLOAD_TYPE} H264/90000\r\n\
             a=framerate:{}\r\na=control:trackID=1\r\n",
            self.fps
        )
    }

    fn answer(&mut self, net: &mut Net, conn: ConnId, request: &str) {
        let cseq = header(request, "CSeq").unwrap_or("0").to_owned();
        let method = request.split(' ').next().unwrap_or_default();
        let mut reply = format!("RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\n");
        match method {
            "OPTIONS" => reply.push_str("Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n"),
            "DESCRIBE" => {
                let sdp = self.sdp(net.ctx.addr());
                reply.push_str(&format!(
                    "Content-Base: {}/\r\nContent-Type: application/sdp\r\nContent-Length: {}\r\n\r\n{sdp}",
                    self.url,
                    sdp.len()
                ));
            }
            "SETUP" => {
                let transport = header(request, "Transport").unwrap_or_default();
                let port = transport
                    .split(';')
                    .find_map(|part| part.strip_prefix("client_port="))
                    .and_then(|ports| ports.split('-').next()?.parse().ok())
                    .unwrap_or(CLIENT_PORT);
                self.viewer = Some((net.tcp.conn(conn).remote, port));
                self.ssrc = net.ctx.rng().next_u64() as u32;
                self.seq = net.ctx.rng().next_u64() as u16; // random start, RFC 3550 §5.1
                self.timestamp = net.ctx.rng().next_u64() as u32;
                reply.push_str(&format!(
                    "Session: {SESSION};timeout=60\r\nTransport: {transport};server_port={SERVER_PORT}-{};ssrc={:08X}\r\n",
                    SERVER_PORT + 1,
                    self.ssrc
                ));
            }
            "PLAY" => {
                reply.push_str(&format!(
                    "Session: {SESSION}\r\nRTP-Info: url={}/trackID=1;seq={};rtptime={}\r\n",
                    self.url, self.seq, self.timestamp
                ));
                self.playing = true;
                net.set_timer(SimTime::ZERO, 0);
            }
            "TEARDOWN" => {
                reply.push_str(&format!("Session: {SESSION}\r\n"));
                self.playing = false;
            }
            _ => reply = format!("RTSP/1.0 405 Method Not Allowed\r\nCSeq: {cseq}\r\n"),
        }
        send_text(net, conn, TextProtocol::Rtsp, &reply, None, false);
    }
}

/// A header's value in an RTSP message.
pub fn header<'m>(message: &'m str, name: &str) -> Option<&'m str> {
    message.split("\r\n").find_map(|line| {
        let (field, value) = line.split_once(':')?;
        field.eq_ignore_ascii_case(name).then_some(value.trim())
    })
}

impl NetApp for Camera {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(PORT, 16);
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        if let Some((conn, msg)) = net.whole_message(ev)
            && let Some(request) = text_of(net, &msg).map(str::to_owned)
        {
            self.answer(net, conn, &request);
        }
    }

    /// A frame is ready: one RTP packet, the next sequence number, the
    /// timestamp a frame's worth of 90 kHz ticks on.
    fn on_timer(&mut self, net: &mut Net, _token: u64) {
        let Some(viewer) = self.viewer.filter(|_| self.playing) else {
            return;
        };
        if u64::from(self.sent) >= u64::from(self.fps) * self.seconds {
            return;
        }
        let header = RtpHeader {
            marker: true,
            payload_type: PAYLOAD_TYPE,
            seq: self.seq,
            timestamp: self.timestamp,
            ssrc: self.ssrc,
        };
        let text = hex::with_bytes(&header.summary(), &header.encode());
        let bytes = RtpHeader::LEN as u32 + FRAME_BYTES;
        send_datagram(
            net,
            (viewer.0, SERVER_PORT, viewer.1),
            TextProtocol::Rtp,
            &text,
            bytes,
        );
        self.sent += 1;
        self.seq = self.seq.wrapping_add(1);
        self.timestamp = self.timestamp.wrapping_add(ticks_per_frame(self.fps));
        net.set_timer(SimTime::from_nanos(1_000_000_000 / u64::from(self.fps)), 0);
    }
}

/// The viewer (VLC on the laptop): the four requests one after another,
/// then it counts what RTP brings, and tears down after `watch`.
pub struct Viewer {
    camera: Addr,
    url: String,
    watch: SimTime,
    conn: Option<ConnId>,
    cseq: u32,
    pub received: u32,
    /// Sequence numbers missing between two that arrived.
    pub lost: u32,
    /// Gaps: one glitch each, however many packets it spans.
    pub glitches: u32,
    last_seq: Option<u16>,
    /// The first RTP packet's and the last's arrival.
    pub first_at: Option<SimTime>,
}

const STEPS: [(&str, u32); 5] = [
    ("OPTIONS", stream_trace::RTSP_OPTIONS),
    ("DESCRIBE", stream_trace::RTSP_DESCRIBE),
    ("SETUP", stream_trace::RTSP_SETUP),
    ("PLAY", stream_trace::RTSP_PLAY),
    ("TEARDOWN", stream_trace::RTSP_TEARDOWN),
];

impl Viewer {
    pub fn new(camera: Addr, watch: SimTime) -> Viewer {
        Viewer {
            camera,
            url: format!("rtsp://{camera}:{PORT}{PATH}"),
            watch,
            conn: None,
            cseq: 0,
            received: 0,
            lost: 0,
            glitches: 0,
            last_seq: None,
            first_at: None,
        }
    }

    fn send(&mut self, net: &mut Net, step: usize) {
        let Some(conn) = self.conn else { return };
        self.cseq += 1;
        let (method, code) = STEPS[step];
        let url = match method {
            "SETUP" => format!("{}/trackID=1", self.url),
            _ => self.url.clone(),
        };
        let mut text = format!("{method} {url} RTSP/1.0\r\nCSeq: {}\r\n", self.cseq);
        match method {
            "DESCRIBE" => text.push_str("Accept: application/sdp\r\n"),
            "SETUP" => text.push_str(&format!(
                "Transport: RTP/AVP;unicast;client_port={CLIENT_PORT}-{}\r\n",
                CLIENT_PORT + 1
            )),
            "PLAY" => text.push_str(&format!("Session: {SESSION}\r\nRange: npt=0.000-\r\n")),
            "TEARDOWN" => text.push_str(&format!("Session: {SESSION}\r\n")),
            _ => {}
        }
        text.push_str("User-Agent: LibVLC/3.0.20 (LIVE555 Streaming Media v2016.11.28)\r\n");
        net.note(code, u64::from(self.cseq));
        send_text(net, conn, TextProtocol::Rtsp, &text, None, false);
    }
}

impl NetApp for Viewer {
    fn start(&mut self, net: &mut Net) {
        self.conn = Some(net.tcp.connect(net.ctx, self.camera, PORT));
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match ev {
            TcpEvent::Connected(_) => self.send(net, 0),
            TcpEvent::Data {
                msg,
                complete: true,
                ..
            } => {
                let Some(reply) = text_of(net, &msg) else {
                    return;
                };
                if !reply.starts_with("RTSP/1.0 200") {
                    return;
                }
                let answered = self.cseq as usize; // steps are asked in order
                if answered < 4 {
                    self.send(net, answered);
                }
                if answered == 4 {
                    let watch = self.watch;
                    net.set_timer(watch, 0);
                }
                if answered == 5
                    && let Some(conn) = self.conn
                {
                    net.tcp.close(net.ctx, conn);
                }
            }
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            _ => {}
        }
    }

    fn on_timer(&mut self, net: &mut Net, _token: u64) {
        self.send(net, 4);
    }

    fn on_udp(&mut self, net: &mut Net, pkt: &Packet, msg: Option<&Message>) {
        let Some((text, _)) = udp::text_of(net, pkt, msg, TextProtocol::Rtp) else {
            return;
        };
        let Some(header) = hex::bytes_of(text).and_then(|bytes| RtpHeader::decode(&bytes)) else {
            return;
        };
        if self.first_at.is_none() {
            self.first_at = Some(net.ctx.now());
            net.note(stream_trace::RTP_FLOWING, u64::from(header.seq));
        }
        if let Some(last) = self.last_seq {
            let gap = header.seq.wrapping_sub(last).wrapping_sub(1);
            if gap > 0 && gap < 0x8000 {
                self.lost += u32::from(gap);
                self.glitches += 1;
                net.note(stream_trace::RTP_GLITCH, u64::from(last.wrapping_add(1)));
            }
        }
        self.last_seq = Some(header.seq);
        self.received += 1;
    }
}
