//! A host's ephemeral ports: the local port a connection leaves from when
//! its application names none.
//!
//! The range is IANA's dynamic ports, 49152–65535 (RFC 6335 §6; Windows'
//! default since Vista, FreeBSD's since 4.6; Linux's `ip_local_port_range`
//! is 32768–60999). The choice is RFC 6056 §2.2's traditional BSD
//! algorithm, kept deterministic: each new connection takes the port after
//! the last one handed out, wrapping at the top, so every connection of a
//! host has its own 4-tuple (Linux hashes and randomises the start, RFC
//! 6056 §3.3.4, which only moves where the sequence begins).

/// IANA's first dynamic port (RFC 6335 §6).
pub const FIRST_EPHEMERAL: u16 = 49_152;

/// The next ephemeral port of one host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EphemeralPorts {
    next: u16,
}

impl Default for EphemeralPorts {
    fn default() -> Self {
        EphemeralPorts {
            next: FIRST_EPHEMERAL,
        }
    }
}

impl EphemeralPorts {
    /// The port for a new connection. After the 16,384 ports of the range
    /// it starts over: by then the first connections are long closed.
    pub fn take(&mut self) -> u16 {
        let port = self.next;
        self.next = self.next.checked_add(1).unwrap_or(FIRST_EPHEMERAL);
        port
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_follow_each_other_and_wrap_to_the_first_dynamic_one() {
        let mut p = EphemeralPorts::default();
        assert_eq!((p.take(), p.take()), (49_152, 49_153));
        let mut top = EphemeralPorts { next: u16::MAX };
        assert_eq!((top.take(), top.take()), (65_535, 49_152));
    }
}
