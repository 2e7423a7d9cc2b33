//! The tracker's side of BEP 3: a client's `GET /announce?...` (its query
//! parameters `info_hash`, `peer_id`, `port`, `uploaded`, `downloaded`,
//! `left`, `event`, and `numwant` and `compact=1`, as libtorrent sends
//! them), and the tracker's bencoded answer: `interval` and the peers in
//! BEP 23's compact form (6 bytes a peer: its IPv4 address and port, big
//! endian), with the keys qBittorrent's embedded tracker writes
//! (`src/base/bittorrent/tracker.cpp`: `complete`, `external ip` of BEP 24,
//! `incomplete`, `interval`, `peers`).
//!
//! The answer is binary; the lab keeps it as text with every byte outside
//! printable ASCII (and `\`) written `\xNN`, and counts its real bytes.

use crate::net::Addr;

/// qBittorrent's embedded tracker asks for an announce every 30 minutes
/// (`ANNOUNCE_INTERVAL = 1800`).
pub const INTERVAL_S: u32 = 1800;
/// The peers libtorrent asks for (`settings_pack::num_want`, 200).
pub const NUM_WANT: u32 = 200;

/// What a client tells the tracker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Announce {
    /// The torrent's 20 bytes, in hexadecimal.
    pub info_hash: String,
    pub peer_id: String,
    pub port: u16,
    pub uploaded: u64,
    pub downloaded: u64,
    pub left: u64,
    /// `started`, `completed` (BEP 3's events; `stopped` is not sent here).
    pub event: &'static str,
}

impl Announce {
    /// The request's path and query, each binary byte URL-encoded (`%NN`,
    /// BEP 3: "urlencoded 20-byte SHA1 hash").
    pub fn path(&self) -> String {
        let hash: String = (0..self.info_hash.len() / 2)
            .map(|i| format!("%{}", self.info_hash[2 * i..2 * i + 2].to_ascii_uppercase()))
            .collect();
        format!(
            "/announce?info_hash={hash}&peer_id={}&port={}&uploaded={}&downloaded={}&left={}\
             &event={}&numwant={NUM_WANT}&compact=1",
            self.peer_id, self.port, self.uploaded, self.downloaded, self.left, self.event
        )
    }

    /// The announce a path asks, if it is one.
    pub fn parse(path: &str) -> Option<Announce> {
        let query = path.strip_prefix("/announce?")?;
        let value = |key: &str| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
        };
        let number = |key: &str| value(key)?.parse::<u64>().ok();
        let event = match value("event") {
            Some("started") => "started",
            Some("completed") => "completed",
            _ => "",
        };
        Some(Announce {
            info_hash: value("info_hash")?.replace('%', "").to_ascii_lowercase(),
            peer_id: value("peer_id")?.into(),
            port: value("port")?.parse().ok()?,
            uploaded: number("uploaded")?,
            downloaded: number("downloaded")?,
            left: number("left")?,
            event,
        })
    }
}

/// The tracker's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// Seeds and downloaders of the torrent.
    pub complete: u32,
    pub incomplete: u32,
    /// The address the request came from (BEP 24).
    pub external_ip: Addr,
    pub peers: Vec<(Addr, u16)>,
}

impl Answer {
    /// The bencoded dictionary (keys in sorted order, BEP 3).
    pub fn bencode(&self) -> Vec<u8> {
        let mut out = b"d".to_vec();
        let key = |out: &mut Vec<u8>, key: &str| {
            out.extend(format!("{}:{key}", key.len()).as_bytes());
        };
        let int = |out: &mut Vec<u8>, n: u32| out.extend(format!("i{n}e").as_bytes());
        let bytes = |out: &mut Vec<u8>, b: &[u8]| {
            out.extend(format!("{}:", b.len()).as_bytes());
            out.extend(b);
        };
        key(&mut out, "complete");
        int(&mut out, self.complete);
        key(&mut out, "external ip");
        bytes(&mut out, &self.external_ip.0.to_be_bytes());
        key(&mut out, "incomplete");
        int(&mut out, self.incomplete);
        key(&mut out, "interval");
        int(&mut out, INTERVAL_S);
        key(&mut out, "peers");
        let compact: Vec<u8> = (self.peers.iter())
            .flat_map(|(addr, port)| [addr.0.to_be_bytes().to_vec(), port.to_be_bytes().to_vec()])
            .flatten()
            .collect();
        bytes(&mut out, &compact);
        out.push(b'e');
        out
    }

    /// The peers of a bencoded answer: its `peers` string, 6 bytes each.
    pub fn peers_in(bencoded: &[u8]) -> Vec<(Addr, u16)> {
        let key = b"5:peers";
        let Some(at) = bencoded.windows(key.len()).position(|w| w == key) else {
            return Vec::new();
        };
        let rest = &bencoded[at + key.len()..];
        let Some(colon) = rest.iter().position(|&b| b == b':') else {
            return Vec::new();
        };
        let len: usize = std::str::from_utf8(&rest[..colon])
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let compact = rest.get(colon + 1..colon + 1 + len).unwrap_or_default();
        (compact.chunks_exact(6))
            .map(|p| {
                let addr = Addr(u32::from_be_bytes([p[0], p[1], p[2], p[3]]));
                (addr, u16::from_be_bytes([p[4], p[5]]))
            })
            .collect()
    }
}

/// `bytes` as text: printable ASCII as it is, every other byte (and `\`)
/// as `\xNN`.
pub fn escaped(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            b' '..=b'~' if b != b'\\' => char::from(b).to_string(),
            _ => format!("\\x{b:02X}"),
        })
        .collect()
}

/// The bytes [`escaped`] wrote.
pub fn unescaped(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'\\')
            .then(|| text.get(i + 2..i + 4))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) => {
                out.push(b);
                i += 4;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_announce_reads_back_from_its_path() {
        let announce = Announce {
            info_hash: "0123456789abcdef0123456789abcdef01234567".into(),
            peer_id: "-qB4650-abcdefghijkl".into(),
            port: 6881,
            uploaded: 0,
            downloaded: 0,
            left: 1_048_576,
            event: "started",
        };
        let path = announce.path();
        assert!(path.starts_with("/announce?info_hash=%01%23%45%67%89%AB%CD%EF"));
        assert!(path.contains("&port=6881&uploaded=0&downloaded=0&left=1048576&event=started"));
        assert_eq!(Announce::parse(&path), Some(announce));
    }

    #[test]
    fn the_answer_is_bencoded_with_compact_peers() {
        let answer = Answer {
            complete: 1,
            incomplete: 2,
            external_ip: Addr::new(10, 0, 0, 2),
            peers: vec![
                (Addr::new(10, 0, 0, 1), 6881),
                (Addr::new(10, 0, 0, 2), 6881),
            ],
        };
        let bytes = answer.bencode();
        let text = escaped(&bytes);
        assert_eq!(
            text,
            "d8:completei1e11:external ip4:\\x0A\\x00\\x00\\x0210:incompletei2e\
             8:intervali1800e5:peers12:\\x0A\\x00\\x00\\x01\\x1A\\xE1\\x0A\\x00\\x00\\x02\\x1A\\xE1e"
        );
        // 6 bytes a peer (BEP 23), 4 for the external address.
        assert_eq!(bytes.len(), text.len() - 3 * (4 + 12));
        assert_eq!(unescaped(&text), bytes);
        assert_eq!(Answer::peers_in(&bytes), answer.peers);
    }
}
