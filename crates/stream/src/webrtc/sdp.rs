//! The little of SDP (RFC 8866) and ICE's candidates (RFC 8839) a call's
//! offer and answer carry here: the ICE user fragment and each candidate,
//! `a=candidate:1 1 udp 2130706431 192.168.1.10 50000 typ host`.

use cslab_sim::net::Addr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Relay,
    /// Learnt from a check that came from an address no candidate named
    /// (RFC 8445 §7.3.1.3).
    PeerReflexive,
    ServerReflexive,
    Host,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Host => "host",
            Kind::ServerReflexive => "srflx",
            Kind::PeerReflexive => "prflx",
            Kind::Relay => "relay",
        }
    }

    /// RFC 8445 §5.1.2.2's recommended type preferences.
    fn preference(self) -> u32 {
        match self {
            Kind::Host => 126,
            Kind::PeerReflexive => 110,
            Kind::ServerReflexive => 100,
            Kind::Relay => 0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub kind: Kind,
    pub addr: Addr,
    pub port: u16,
}

impl Candidate {
    /// RFC 8445 §5.1.2.1: 2^24 × type preference + 2^8 × local preference
    /// (65535: one interface) + (256 − component 1).
    pub fn priority(&self) -> u32 {
        (self.kind.preference() << 24) + (65_535 << 8) + 255
    }

    pub fn line(&self, foundation: usize) -> String {
        format!(
            "a=candidate:{foundation} 1 udp {} {} {} typ {}",
            self.priority(),
            self.addr,
            self.port,
            self.kind.name()
        )
    }
}

/// An offer's or answer's SDP (its lines joined by `\r\n` as JSON writes
/// them in a string).
pub fn describe(ufrag: &str, candidates: &[Candidate]) -> String {
    let mut lines = vec![
        "v=0".to_owned(),
        "m=video 9 UDP/TLS/RTP/SAVPF 96".to_owned(),
        format!("a=ice-ufrag:{ufrag}"),
        "a=rtpmap:96 VP8/90000".to_owned(),
    ];
    lines.extend(candidates.iter().enumerate().map(|(i, c)| c.line(i + 1)));
    lines.push("a=end-of-candidates".into());
    lines.join("\\r\\n")
}

/// The candidates an SDP lists.
pub fn candidates(sdp: &str) -> Vec<Candidate> {
    sdp.split("\\r\\n")
        .filter_map(|line| {
            let words: Vec<&str> = line.strip_prefix("a=candidate:")?.split(' ').collect();
            let kind = match *words.get(7)? {
                "host" => Kind::Host,
                "srflx" => Kind::ServerReflexive,
                "relay" => Kind::Relay,
                _ => return None,
            };
            Some(Candidate {
                kind,
                addr: parse_addr(words.get(4)?)?,
                port: words.get(5)?.parse().ok()?,
            })
        })
        .collect()
}

fn parse_addr(text: &str) -> Option<Addr> {
    let octets: Vec<u8> = text
        .split('.')
        .map(|o| o.parse().ok())
        .collect::<Option<_>>()?;
    let [a, b, c, d] = octets[..] else {
        return None;
    };
    Some(Addr::new(a, b, c, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priorities_follow_rfc_8445() {
        let at = |kind| Candidate {
            kind,
            addr: Addr::new(192, 168, 1, 10),
            port: 50000,
        };
        // 126·2^24 + 65535·2^8 + 255 = 2,113,929,216 + 16,776,960 + 255.
        assert_eq!(at(Kind::Host).priority(), 2_130_706_431);
        // 100·2^24 + 16,777,215.
        assert_eq!(at(Kind::ServerReflexive).priority(), 1_694_498_815);
        assert_eq!(at(Kind::Relay).priority(), 16_777_215);
        let sdp = describe("ali1", &[at(Kind::Host), at(Kind::Relay)]);
        assert!(sdp.contains("a=candidate:1 1 udp 2130706431 192.168.1.10 50000 typ host"));
        assert_eq!(candidates(&sdp), [at(Kind::Host), at(Kind::Relay)]);
    }
}
