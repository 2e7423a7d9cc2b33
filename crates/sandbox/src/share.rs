//! A network in an address, `?lesson=sandbox#net=FRAGMENT`: its file's
//! JSON on one line, deflated (RFC 1951, raw: no zlib or gzip wrapper, as
//! the Compression Streams standard's "deflate-raw" writes it) and written
//! in base64url without padding (RFC 4648 §5, §3.2), whose characters an
//! address carries as they are (RFC 3986 §2.3). In the fragment, after `#`,
//! the network never reaches the server that serves the page (§3.5).
//!
//! Reading a fragment refuses, with its message, one that is damaged (a
//! character base64url has not, a length no bytes have), cut short, not
//! deflate, or that would unpack beyond a file's [`MAX_BYTES`] (inflation
//! stops there, so a small "zip bomb" cannot fill the memory); what it
//! unpacks is then read as a file is ([`Network::from_bytes`]), with the
//! same refusals.

use cslab_sim::proto::base64::{self, BadBase64};
use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_with_limit};

use crate::refusal::Refusal;
use crate::schema::{MAX_BYTES, Network};

/// What comes before the fragment's network in the address: `#net=`.
pub const FRAGMENT_KEY: &str = "net=";

/// zlib's best compression (its levels go 0 to 9).
const LEVEL: u8 = 9;

/// The fragment that carries `net` (without [`FRAGMENT_KEY`]).
pub fn to_url_fragment(net: &Network) -> String {
    let json = net.to_compact_json();
    fragment_of_deflated(&miniz_oxide::deflate::compress_to_vec(
        json.as_bytes(),
        LEVEL,
    ))
}

/// The fragment of a network's JSON already deflated (raw), as the page's
/// browser deflates it.
pub fn fragment_of_deflated(deflated: &[u8]) -> String {
    base64::encode_url(deflated)
}

/// The network a fragment carries (without [`FRAGMENT_KEY`]), or what is
/// wrong with it.
pub fn from_url_fragment(text: &str) -> Result<Network, Refusal> {
    if text.is_empty() {
        return Err(Refusal::new("sandbox-share-empty", &[]));
    }
    let deflated = base64::decode_url(text).map_err(|bad| match bad {
        BadBase64::Character(c, position) => Refusal::new(
            "sandbox-share-bad-character",
            &[("char", &c), ("position", &position)],
        ),
        BadBase64::Length(length) => {
            Refusal::new("sandbox-share-bad-length", &[("length", &length)])
        }
    })?;
    let json = decompress_to_vec_with_limit(&deflated, MAX_BYTES).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => {
            Refusal::new("sandbox-share-too-large", &[("max", &MAX_BYTES)])
        }
        // The data stops before its last block does.
        TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
            Refusal::new("sandbox-share-cut-short", &[])
        }
        _ => Refusal::new("sandbox-share-not-deflate", &[]),
    })?;
    Network::from_bytes(&json)
}
