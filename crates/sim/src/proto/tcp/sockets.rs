//! A stack's sockets as `ss -tan` (iproute2) lists them: the listening
//! sockets, then the connections, each with its state, its queues and both
//! ends. The states carry ss's names (`ESTAB`, `SYN-RECV`, `TIME-WAIT`); a
//! closed connection is not listed, as ss does not list it.

use std::fmt;

use super::conn::TcpState;
use super::stack::TcpStack;
use crate::net::Addr;

/// One line of `ss -tan`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Socket {
    pub state: &'static str,
    /// Bytes received and not yet read by the application (for a listener,
    /// connections waiting to be accepted): the application here reads and
    /// accepts at once, so 0.
    pub recv_q: u64,
    /// Bytes the application wrote that the peer has not acknowledged yet
    /// (for a listener, its backlog).
    pub send_q: u64,
    /// The local end; a listener's address is the wildcard `0.0.0.0`.
    pub local: (Option<Addr>, u16),
    /// The other end; a listener's is `0.0.0.0:*`.
    pub peer: Option<(Addr, u16)>,
}

/// ss's name of a state (RFC 9293's names, shortened as ss shortens them).
fn ss_name(state: TcpState) -> Option<&'static str> {
    Some(match state {
        TcpState::SynSent => "SYN-SENT",
        TcpState::SynRcvd => "SYN-RECV",
        TcpState::Established => "ESTAB",
        TcpState::FinWait1 => "FIN-WAIT-1",
        TcpState::FinWait2 => "FIN-WAIT-2",
        TcpState::CloseWait => "CLOSE-WAIT",
        TcpState::Closing => "CLOSING",
        TcpState::LastAck => "LAST-ACK",
        TcpState::TimeWait => "TIME-WAIT",
        TcpState::Closed => return None,
    })
}

/// The sockets of `stack`, on the machine whose address is `local`.
pub fn sockets(stack: &TcpStack, local: Addr) -> Vec<Socket> {
    let listening = stack.listeners.iter().map(|listener| Socket {
        state: "LISTEN",
        recv_q: 0,
        send_q: listener.backlog.into(),
        local: (None, listener.port),
        peer: None,
    });
    let connected = stack.conns.iter().filter_map(|conn| {
        Some(Socket {
            state: ss_name(conn.state)?,
            recv_q: 0,
            send_q: conn.unacked(),
            local: (Some(local), conn.local_port),
            peer: Some((conn.remote, conn.remote_port)),
        })
    });
    listening.chain(connected).collect()
}

/// `ESTAB 0 0 203.0.113.80:80 198.51.100.23:49152`, as ss writes it (one
/// space between the columns).
impl fmt::Display for Socket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (local, port) = self.local;
        let local = local.map_or("0.0.0.0".to_string(), |addr| addr.to_string());
        write!(
            f,
            "{} {} {} {local}:{port} ",
            self.state, self.recv_q, self.send_q
        )?;
        match self.peer {
            Some((addr, port)) => write!(f, "{addr}:{port}"),
            None => write!(f, "0.0.0.0:*"),
        }
    }
}
