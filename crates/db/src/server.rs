//! The database server: it answers each connection's opening turn by
//! turn, then each query after [`QUERY_TIME`]. It takes a limited number
//! of connections ([`Db::slots`]): beyond every one it takes, it refuses
//! at once (PostgreSQL after the StartupMessage, MySQL instead of its
//! greeting, MongoDB by closing); an ordinary account that would take a
//! place kept for administrators is refused once authenticated. A refused
//! connection's process ends at once: it holds no place while its socket
//! closes.

use crate::wire::{Db, Msg, Opening, QUERY_TIME};
use cslab_sim::proto::host::{Net, NetApp};
use cslab_sim::proto::tcp::{ConnId, TcpEvent};
use cslab_sim::proto::text::{db_trace, send_text, text_of};

struct Session {
    conn: ConnId,
    /// The opening's next turn.
    turn: usize,
    /// Every place was taken when it connected.
    full: bool,
    /// Refused: its process has ended.
    gone: bool,
}

pub struct DbServer {
    db: Db,
    opening: Opening,
    reply: Vec<Msg>,
    goodbye: Option<Msg>,
    sessions: Vec<Session>,
    /// Queries being worked on: (timer token, connection).
    working: Vec<(u64, ConnId)>,
    tokens: u64,
    /// The most connections held at once, and the connections refused.
    pub most_held: u32,
    pub refused: u32,
}

impl DbServer {
    pub fn new(db: Db) -> DbServer {
        DbServer {
            db,
            opening: db.opening(),
            reply: db.query().1,
            goodbye: db.goodbye(),
            sessions: Vec::new(),
            working: Vec::new(),
            tokens: 0,
            most_held: 0,
            refused: 0,
        }
    }

    /// Connections holding a place (a process, a thread): not those
    /// refused, nor those about to be for want of one.
    pub fn held(&self) -> u32 {
        self.sessions.iter().filter(|s| !s.gone && !s.full).count() as u32
    }

    fn send(&self, net: &mut Net, conn: ConnId, msgs: &[Msg]) {
        for m in msgs {
            send_text(net, conn, self.db.protocol(), &m.text, Some(m.bytes), false);
        }
    }

    /// Says `error` (if the database says anything) and closes.
    fn refuse(&mut self, net: &mut Net, at: usize, error: Option<Msg>) {
        let conn = self.sessions[at].conn;
        let held = self.held();
        self.sessions[at].gone = true;
        self.refused += 1;
        net.note(db_trace::REFUSED, held.into());
        self.send(net, conn, error.as_slice());
        net.tcp.close(net.ctx, conn);
    }

    /// The server's turn `turn` of the opening, or its refusal once
    /// authenticated.
    fn answer(&mut self, net: &mut Net, at: usize) {
        let turn = self.sessions[at].turn;
        let Some(answer) = self.opening.turns.get(turn).filter(|t| !t.client) else {
            return;
        };
        let msgs = answer.msgs.clone();
        let last = turn + 1 == self.opening.turns.len();
        let (ordinary, _) = self.db.slots();
        if last && self.held() > ordinary {
            let conn = self.sessions[at].conn;
            self.send(net, conn, &msgs[..self.opening.auth]);
            return self.refuse(net, at, self.db.reserved());
        }
        self.sessions[at].turn += 1;
        self.send(net, self.sessions[at].conn, &msgs);
    }

    fn on_message(&mut self, net: &mut Net, at: usize, text: &str) {
        let session = &mut self.sessions[at];
        if session.gone {
            return;
        }
        if session.turn < self.opening.turns.len() {
            session.turn += 1; // the client's turn: one message
            if session.full {
                return self.refuse(net, at, self.db.too_many());
            }
            return self.answer(net, at);
        }
        let conn = session.conn;
        if self.goodbye.as_ref().is_some_and(|bye| bye.text == text) {
            net.tcp.close(net.ctx, conn);
        } else {
            self.tokens += 1;
            self.working.push((self.tokens, conn));
            net.set_timer(QUERY_TIME, self.tokens);
        }
    }
}

impl NetApp for DbServer {
    fn start(&mut self, net: &mut Net) {
        // The stack's limit counts open connections: the database takes
        // its own and refuses the rest in its protocol, with its accept
        // queue (back_log) on top.
        let model = self.db.preset().model();
        let (_, total) = self.db.slots();
        net.tcp
            .listen(self.db.port(), total.saturating_add(model.backlog));
    }

    fn on_tcp(&mut self, net: &mut Net, ev: TcpEvent) {
        match ev {
            TcpEvent::Accepted { conn, .. } => {
                let (_, total) = self.db.slots();
                let full = self.held() >= total;
                self.sessions.push(Session {
                    conn,
                    turn: 0,
                    full,
                    gone: false,
                });
                self.most_held = self.most_held.max(self.held());
                let at = self.sessions.len() - 1;
                let speaks_first = !self.opening.turns[0].client;
                if full && (speaks_first || self.db.too_many().is_none()) {
                    self.refuse(net, at, self.db.too_many());
                } else if speaks_first {
                    self.answer(net, at);
                }
            }
            TcpEvent::Data {
                conn,
                msg,
                complete: true,
                ..
            } => {
                let text = text_of(net, &msg).unwrap_or_default().to_owned();
                if let Some(at) = self.sessions.iter().position(|s| s.conn == conn) {
                    self.on_message(net, at, &text);
                }
            }
            TcpEvent::PeerClosed(conn) => net.tcp.close(net.ctx, conn),
            TcpEvent::Closed(conn) | TcpEvent::Reset { conn, .. } | TcpEvent::TimedOut(conn) => {
                self.sessions.retain(|s| s.conn != conn);
            }
            _ => {}
        }
    }

    fn on_timer(&mut self, net: &mut Net, token: u64) {
        if let Some(at) = self.working.iter().position(|&(t, _)| t == token) {
            let (_, conn) = self.working.remove(at);
            let reply = self.reply.clone();
            self.send(net, conn, &reply);
        }
    }
}
