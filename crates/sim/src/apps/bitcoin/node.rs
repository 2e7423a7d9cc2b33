//! A Bitcoin node: it connects out to the nodes it knows, shakes hands,
//! and relays a new block by `inv`, `getdata` and `block` (the module's
//! comment says how and why, after Bitcoin Core 0.9).

use super::block::Block;
use super::wire::{BtcMsg, Version};
use super::{CONNECT_EVERY, Hash, MAX_OUTBOUND, MINED_AT, PORT, unix_time};
use crate::net::Addr;
use crate::proto::AppMsg;
use crate::proto::host::{Net, NetApp};
use crate::proto::tcp::{ConnId, TcpEvent};
use crate::proto::text::{TextProtocol, send_text};
use crate::sorted::SortedMap;
use crate::time::SimTime;

/// Connections a listening port queues before they are accepted (Linux's
/// `somaxconn` before 5.4).
const BACKLOG: u32 = 128;
const CONNECT_TIMER: u64 = 1;
const MINE_TIMER: u64 = 2;

/// A connection to another node.
struct Peer {
    /// We opened it.
    outbound: bool,
    addr: Addr,
    /// Its `version` came: it may be told of blocks (0.9 sends nothing
    /// else before).
    greeted: bool,
    /// The blocks it is known to have: it announced or sent them, or we
    /// announced them to it.
    knows: Vec<Hash>,
}

/// A Bitcoin Core 0.9 node.
pub struct Node {
    /// The addresses it knows of (its address manager's).
    known: Vec<Addr>,
    /// Addresses it tried to connect to and could not.
    failed: Vec<Addr>,
    miner: bool,
    /// The size of the block it mines, in bytes.
    block_bytes: u32,
    peers: SortedMap<ConnId, Peer>,
    connecting: bool,
    /// Every block it has, as the message that carries it; the first is its
    /// best (the others are another miner's of the same height).
    blocks: Vec<BtcMsg>,
    /// The blocks it asked for.
    asked: Vec<Hash>,
    /// When it had its best block, and from which node (none: it mined it).
    pub got_at: Option<SimTime>,
    pub got_from: Option<Addr>,
    /// The block bytes that came to it in `block` messages.
    pub received_bytes: u64,
}

impl Node {
    /// A node that knows the nodes at `known`, mining at [`MINED_AT`] a
    /// block of `block_bytes` if `miner`.
    pub fn new(known: Vec<Addr>, miner: bool, block_bytes: u32) -> Node {
        Node {
            known,
            failed: Vec::new(),
            miner,
            block_bytes,
            peers: SortedMap::new(),
            connecting: false,
            blocks: Vec::new(),
            asked: Vec::new(),
            got_at: None,
            got_from: None,
            received_bytes: 0,
        }
    }

    /// The hash of its best block, if it has one.
    pub fn best(&self) -> Option<Hash> {
        match self.blocks.first() {
            Some(BtcMsg::Block { hash, .. }) => Some(*hash),
            _ => None,
        }
    }

    fn send(net: &mut Net, conn: ConnId, msg: &BtcMsg) {
        let bytes = Some(msg.wire_bytes());
        send_text(net, conn, TextProtocol::Bitcoin, &msg.line(), bytes, false);
    }

    /// Its outbound connections, open or opening.
    fn outbound(&self) -> usize {
        self.peers.values().filter(|p| p.outbound).count()
    }

    /// One attempt of the connection loop: a connection to an address
    /// drawn among those it knows and is not connected to, while it has
    /// fewer than [`MAX_OUTBOUND`]; the next attempt [`CONNECT_EVERY`]
    /// later, or none once it has them all or knows no one else.
    fn connect_one(&mut self, net: &mut Net) {
        self.connecting = false;
        if self.outbound() >= MAX_OUTBOUND {
            return;
        }
        let me = net.ctx.addr();
        let candidates: Vec<Addr> = (self.known.iter().copied())
            .filter(|&a| a != me && !self.failed.contains(&a))
            .filter(|&a| !self.peers.values().any(|p| p.addr == a))
            .collect();
        if candidates.is_empty() {
            return;
        }
        let addr = candidates[net.ctx.rng().below(candidates.len() as u64) as usize];
        let conn = net.tcp.connect(net.ctx, addr, PORT);
        self.peers.insert(conn, Peer::new(true, addr));
        self.arm_connect(net, CONNECT_EVERY);
    }

    fn arm_connect(&mut self, net: &mut Net, after: SimTime) {
        if !self.connecting {
            self.connecting = true;
            net.set_timer(after, CONNECT_TIMER);
        }
    }

    fn version(&self, net: &mut Net, conn: ConnId) -> BtcMsg {
        let c = net.tcp.conn(conn);
        let to = (c.remote, c.remote_port);
        BtcMsg::Version(Version {
            time: unix_time(net.ctx.now()),
            to,
            from: (net.ctx.addr(), PORT),
            nonce: net.ctx.rng().next_u64(),
            start_height: self.best().is_some().into(),
        })
    }

    /// Tells `conn` of its best block, unless it is known to have it.
    fn announce(&mut self, net: &mut Net, conn: ConnId) {
        let Some(best) = self.best() else { return };
        let Some(peer) = self.peers.get_mut(&conn) else {
            return;
        };
        if peer.greeted && !peer.knows.contains(&best) {
            peer.knows.push(best);
            Self::send(net, conn, &BtcMsg::Inv(best));
        }
    }

    fn announce_to_all(&mut self, net: &mut Net) {
        let all: Vec<ConnId> = self.peers.keys().copied().collect();
        for conn in all {
            self.announce(net, conn);
        }
    }

    fn mine(&mut self, net: &mut Net) {
        if !self.blocks.is_empty() {
            return;
        }
        let block = Block::new(self.block_bytes as usize, net.ctx.addr());
        self.blocks.push(BtcMsg::block(&block, net.ctx.addr()));
        self.got_at = Some(net.ctx.now());
        self.announce_to_all(net);
    }

    /// The block `hash`, if it has it.
    fn has(&self, hash: Hash) -> Option<&BtcMsg> {
        (self.blocks.iter()).find(|b| matches!(b, BtcMsg::Block { hash: h, .. } if *h == hash))
    }

    fn on_msg(&mut self, net: &mut Net, conn: ConnId, msg: BtcMsg) {
        let Some(peer) = self.peers.get_mut(&conn) else {
            return;
        };
        if let BtcMsg::Inv(hash) | BtcMsg::Block { hash, .. } = msg
            && !peer.knows.contains(&hash)
        {
            peer.knows.push(hash);
        }
        let (outbound, addr) = (peer.outbound, peer.addr);
        match msg {
            BtcMsg::Version(_) => {
                peer.greeted = true;
                if !outbound {
                    let mine = self.version(net, conn);
                    Self::send(net, conn, &mine);
                }
                Self::send(net, conn, &BtcMsg::Verack);
                self.announce(net, conn);
            }
            BtcMsg::Verack => {}
            BtcMsg::Inv(hash) => {
                if self.has(hash).is_none() && !self.asked.contains(&hash) {
                    self.asked.push(hash);
                    Self::send(net, conn, &BtcMsg::GetData(hash));
                }
            }
            BtcMsg::GetData(hash) => {
                if let Some(block) = self.has(hash).copied() {
                    Self::send(net, conn, &block);
                }
            }
            BtcMsg::Block { hash, bytes, .. } => {
                self.received_bytes += u64::from(bytes);
                if self.has(hash).is_some() {
                    return;
                }
                self.blocks.push(msg);
                // Its first block is its best: relayed. Another of the same
                // height is kept, not relayed.
                if self.blocks.len() == 1 {
                    self.got_at = Some(net.ctx.now());
                    self.got_from = Some(addr);
                    self.announce_to_all(net);
                }
            }
        }
    }

    /// A connection is gone: its outbound slot is free again, and an
    /// address it never reached is not tried again.
    fn forget(&mut self, net: &mut Net, conn: ConnId, reached: bool) {
        let Some(peer) = self.peers.remove(&conn) else {
            return;
        };
        if peer.outbound {
            if !reached {
                self.failed.push(peer.addr);
            }
            self.arm_connect(net, CONNECT_EVERY);
        }
    }
}

impl Peer {
    fn new(outbound: bool, addr: Addr) -> Peer {
        Peer {
            outbound,
            addr,
            greeted: false,
            knows: Vec::new(),
        }
    }
}

impl NetApp for Node {
    fn start(&mut self, net: &mut Net) {
        net.tcp.listen(PORT, BACKLOG);
        // The node starts at an instant of its own: its first attempt comes
        // 500 ms after that, within the first second.
        let start = net.ctx.rng().below(CONNECT_EVERY.as_nanos());
        self.arm_connect(net, CONNECT_EVERY + SimTime::from_nanos(start));
        if self.miner {
            net.set_timer(MINED_AT, MINE_TIMER);
        }
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match ev {
            TcpEvent::Connected(conn) if self.peers.contains_key(&conn) => {
                let version = self.version(net, conn);
                Self::send(net, conn, &version);
            }
            TcpEvent::Accepted { conn, port } if port == PORT => {
                let addr = net.tcp.conn(conn).remote;
                self.peers.insert(conn, Peer::new(false, addr));
            }
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => {
                if let AppMsg::Text(text) = msg.app
                    && text.protocol == TextProtocol::Bitcoin
                    && let Some(msg) = BtcMsg::parse(net.ctx.name(text.line))
                {
                    self.on_msg(net, conn, msg);
                }
            }
            TcpEvent::PeerClosed(conn) => {
                net.tcp.close(net.ctx, conn);
                self.forget(net, conn, true);
            }
            TcpEvent::Closed(conn) => self.forget(net, conn, true),
            TcpEvent::Reset { conn, .. } | TcpEvent::TimedOut(conn) => {
                let reached = self.peers.get(&conn).is_some_and(|p| p.greeted);
                self.forget(net, conn, reached);
            }
            _ => {}
        }
    }

    fn on_timer(&mut self, net: &mut Net, token: u64) {
        match token {
            CONNECT_TIMER => self.connect_one(net),
            MINE_TIMER => self.mine(net),
            _ => {}
        }
    }
}
