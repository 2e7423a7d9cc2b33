//! MongoDB 8.0's wire protocol as PyMongo 4 speaks it (MongoDB's manual,
//! "MongoDB Wire Protocol": OP_MSG, opcode 2013): every message a header
//! of 16 bytes (length, request id, the id it answers, opcode), flag bits
//! (4) and one section of kind 0 (a byte) holding a BSON command or reply.
//!
//! The app names the Stable API (`ServerApi("1")`, as MongoDB's own
//! connection samples do), so its handshake is OP_MSG too (without it, a
//! driver's first `hello` goes as a legacy OP_QUERY), and every command
//! carries `apiVersion`. Since MongoDB 4.4 the `hello` carries the first
//! SCRAM step (`speculativeAuthenticate`, the handshake specification),
//! saving `saslStart`'s round trip: the reply brings the server's first
//! message, and one `saslContinue` ends it (`skipEmptyExchange`).

use crate::bson::{Bson, doc, string};
use crate::school::{COLLECTION, FILTER, documents};
use crate::wire::{Msg, Opening, Turn, msg};

const DATABASE: &str = "school";

/// An OP_MSG carrying `body`.
fn op_msg(body: &Bson) -> Msg {
    msg(format!("OP_MSG {}", body.show()), 16 + 4 + 1 + body.size())
}

/// SCRAM-SHA-256 (RFC 5802 §7, RFC 7677) as PyMongo and the server run
/// it: PyMongo's nonce is 32 random bytes, the server adds 24 and the
/// user's salt of 28 bytes, 15,000 iterations (scramSHA256IterationCount's
/// default); proofs and signatures are SHA-256's 32 bytes. Every one goes
/// as base64, and the lab's payload sizes are the messages' lengths.
pub mod scram {
    pub const USER: &str = "flask";
    pub const CLIENT_NONCE_BYTES: usize = 32;
    pub const SERVER_NONCE_BYTES: usize = 24;
    pub const SALT_BYTES: usize = 28;
    pub const ITERATIONS: u32 = 15_000;
    pub const PROOF_BYTES: usize = 32;

    /// The length of `n` bytes in base64 with padding (RFC 4648 §4).
    pub const fn base64_len(n: usize) -> usize {
        n.div_ceil(3) * 4
    }

    const NONCE: usize = base64_len(CLIENT_NONCE_BYTES) + base64_len(SERVER_NONCE_BYTES);
    /// `n,,n=flask,r=<client nonce>`
    pub const CLIENT_FIRST: u32 =
        ("n,,n=,r=".len() + USER.len() + base64_len(CLIENT_NONCE_BYTES)) as u32;
    /// `r=<both nonces>,s=<salt>,i=<iterations>`
    pub const SERVER_FIRST: u32 =
        ("r=,s=,i=".len() + NONCE + base64_len(SALT_BYTES) + ITERATIONS.ilog10() as usize + 1)
            as u32;
    /// `c=biws,r=<both nonces>,p=<proof>`
    pub const CLIENT_FINAL: u32 = ("c=biws,r=,p=".len() + NONCE + base64_len(PROOF_BYTES)) as u32;
    /// `v=<server signature>`
    pub const SERVER_FINAL: u32 = ("v=".len() + base64_len(PROOF_BYTES)) as u32;
}
use scram::{CLIENT_FINAL, CLIENT_FIRST, SERVER_FINAL, SERVER_FIRST};

fn api() -> (&'static str, Bson) {
    ("apiVersion", string("1"))
}

/// `hello` with the first SCRAM step; the reply (a few of its fields:
/// topologyVersion, localTime and the like left out) with the server's;
/// `saslContinue` with the proof, and the server's signature.
pub fn opening() -> Opening {
    let hello = doc(&[
        ("hello", Bson::Int(1)),
        (
            "client",
            doc(&[
                (
                    "driver",
                    doc(&[("name", string("PyMongo")), ("version", string("4.10.1"))]),
                ),
                ("os", doc(&[("type", string("Linux"))])),
            ]),
        ),
        (
            "speculativeAuthenticate",
            doc(&[
                ("saslStart", Bson::Int(1)),
                ("mechanism", string("SCRAM-SHA-256")),
                ("payload", Bson::Binary(CLIENT_FIRST)),
                ("options", doc(&[("skipEmptyExchange", Bson::Bool(true))])),
                ("db", string(DATABASE)),
            ]),
        ),
        api(),
        ("$db", string("admin")),
    ]);
    let hello_reply = doc(&[
        ("isWritablePrimary", Bson::Bool(true)),
        ("maxBsonObjectSize", Bson::Int(16_777_216)),
        ("maxMessageSizeBytes", Bson::Int(48_000_000)),
        ("maxWriteBatchSize", Bson::Int(100_000)),
        ("logicalSessionTimeoutMinutes", Bson::Int(30)),
        ("connectionId", Bson::Int(7)),
        ("minWireVersion", Bson::Int(0)),
        ("maxWireVersion", Bson::Int(25)),
        ("readOnly", Bson::Bool(false)),
        (
            "speculativeAuthenticate",
            doc(&[
                ("conversationId", Bson::Int(1)),
                ("done", Bson::Bool(false)),
                ("payload", Bson::Binary(SERVER_FIRST)),
            ]),
        ),
        ("ok", Bson::Double(1)),
    ]);
    let sasl_continue = doc(&[
        ("saslContinue", Bson::Int(1)),
        ("conversationId", Bson::Int(1)),
        ("payload", Bson::Binary(CLIENT_FINAL)),
        api(),
        ("$db", string(DATABASE)),
    ]);
    let done = doc(&[
        ("conversationId", Bson::Int(1)),
        ("done", Bson::Bool(true)),
        ("payload", Bson::Binary(SERVER_FINAL)),
        ("ok", Bson::Double(1)),
    ]);
    let turn = |client, body: &Bson| Turn {
        client,
        msgs: vec![op_msg(body)],
    };
    Opening {
        turns: vec![
            turn(true, &hello),
            turn(false, &hello_reply),
            turn(true, &sasl_continue),
            turn(false, &done),
        ],
        auth: 1,
    }
}

/// `find` with the filter (and the implicit session's id, a UUID); the
/// reply's cursor holds every document in its first batch, and its id 0
/// says there is nothing more to get.
pub fn query() -> (Msg, Vec<Msg>) {
    let find = doc(&[
        ("find", string(COLLECTION)),
        (
            "filter",
            doc(&[(FILTER, doc(&[("$exists", Bson::Bool(true))]))]),
        ),
        ("lsid", doc(&[("id", Bson::Binary(16))])),
        api(),
        ("$db", string(DATABASE)),
    ]);
    let reply = doc(&[
        (
            "cursor",
            doc(&[
                ("firstBatch", Bson::Array(documents())),
                ("id", Bson::Long(0)),
                ("ns", string(&format!("{DATABASE}.{COLLECTION}"))),
            ]),
        ),
        ("ok", Bson::Double(1)),
    ]);
    (op_msg(&find), vec![op_msg(&reply)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_find_and_its_documents() {
        let (find, reply) = query();
        assert_eq!(
            find.text,
            "OP_MSG { find: 'courses', filter: { 'students.0': { $exists: true } }, \
lsid: { id: Binary(16 bytes) }, apiVersion: '1', $db: 'school' }"
        );
        // The find: 4 + (1 + 5 + 12 'courses') + (1 + 7 + filter) + (1 + 5
        // + lsid) + (1 + 11 + 6 '1') + (1 + 4 + 11 'school') + 1, where the
        // filter is 4 + (1 + 11 + (4 + (1 + 8 + 1) + 1)) + 1 = 32 and the
        // lsid 4 + (1 + 3 + 21) + 1 = 30: 4 + 18 + 40 + 36 + 18 + 16 + 1 =
        // 133; with the header, flags and section kind: 154.
        assert_eq!(find.bytes, 154);
        assert!(reply[0].text.contains(
            "firstBatch: [ { _id: 1, title: 'Networks', students: [ { name: 'Ana' }, \
{ name: 'Luca' }, { name: 'Marta' } ] }, { _id: 2, title: 'Databases', students: \
[ { name: 'Bruno' } ] } ]"
        ));
        assert_eq!(opening().turns.len(), 4);
    }
}
