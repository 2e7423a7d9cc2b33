//! MongoDB's OP_MSG (its manual, "MongoDB Wire Protocol") written back from
//! the database lesson's summaries (`cslab_db::mongo`: `OP_MSG` and the
//! command as mongosh prints it): a 16-byte header (length, request id, the
//! id it answers, opcode 2013), flag bits, one section of kind 0 holding
//! the BSON document. A SCRAM-SHA-256 payload is the RFC 5802 message its
//! step sends, with the connection's nonces; the nonces, the salt, the
//! proof and the signature are deterministic bytes, not computed from a
//! password the lab does not have.

use super::Filler;
use cslab_db::bson::Bson;
use cslab_db::mongo::scram;
use cslab_sim::proto::base64;

const OP_MSG: i32 = 2013;

/// The message `summary` names, the `number`th of its connection (from 0):
/// its request id is `number + 1`; a reply (a document with `ok`) answers
/// the message before it. `conn` names the connection (its SCRAM nonces
/// come from it). `None` for a summary this does not know.
pub fn message(summary: &str, number: u32, conn: u64) -> Option<Vec<u8>> {
    let body = Bson::parse(summary.strip_prefix("OP_MSG ")?)?;
    let reply = matches!(&body, Bson::Doc(fields) if fields.iter().any(|(k, _)| k == "ok"));
    let step = scram_step(&body);
    let document = body.encode_with(&mut |n| match step {
        Some(step) => Conversation::new(conn).message(step).into_bytes(),
        None => vec![0; n as usize],
    });
    let mut out = Vec::with_capacity(21 + document.len());
    out.extend(((21 + document.len()) as i32).to_le_bytes());
    out.extend((number as i32 + 1).to_le_bytes());
    out.extend((if reply { number as i32 } else { 0 }).to_le_bytes());
    out.extend(OP_MSG.to_le_bytes());
    out.extend(0u32.to_le_bytes()); // flag bits
    out.push(0); // section kind 0: the body
    out.extend(document);
    Some(out)
}

/// The four messages of SCRAM (RFC 5802 §5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    ClientFirst,
    ServerFirst,
    ClientFinal,
    ServerFinal,
}

/// Which SCRAM message a command's or reply's `payload` holds: the
/// client's first in `saslStart` (alone, or as a `hello`'s
/// `speculativeAuthenticate`), its final in `saslContinue`; the server's
/// first in a reply not yet `done`, its final in the one that is.
fn scram_step(body: &Bson) -> Option<Step> {
    let Bson::Doc(fields) = body else {
        return None;
    };
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    if let Some(inner) = field("speculativeAuthenticate") {
        return scram_step(inner);
    }
    if field("saslStart").is_some() {
        return Some(Step::ClientFirst);
    }
    if field("saslContinue").is_some() {
        return Some(Step::ClientFinal);
    }
    match field("done")? {
        Bson::Bool(false) => Some(Step::ServerFirst),
        Bson::Bool(true) => Some(Step::ServerFinal),
        _ => None,
    }
}

/// What one connection's SCRAM conversation says, in base64.
struct Conversation {
    client_nonce: String,
    server_nonce: String,
    salt: String,
    proof: String,
    signature: String,
}

/// Seeds the user's salt: one for every conversation, as the server keeps
/// it with the user's credentials.
const SALT_SEED: u64 = 0x5A17;

impl Conversation {
    fn new(conn: u64) -> Conversation {
        let fill = &mut Filler::new(conn);
        let mut base64_of = |n| base64::encode(&fill.bytes(n));
        Conversation {
            client_nonce: base64_of(scram::CLIENT_NONCE_BYTES),
            server_nonce: base64_of(scram::SERVER_NONCE_BYTES),
            proof: base64_of(scram::PROOF_BYTES),
            signature: base64_of(scram::PROOF_BYTES),
            salt: base64::encode(&Filler::new(SALT_SEED).bytes(scram::SALT_BYTES)),
        }
    }

    /// RFC 5802 §7's grammar: no channel binding (`n,,`, so `c=biws`, its
    /// base64), the server's nonce after the client's.
    fn message(&self, step: Step) -> String {
        let (client, server) = (&self.client_nonce, &self.server_nonce);
        match step {
            Step::ClientFirst => format!("n,,n={},r={client}", scram::USER),
            Step::ServerFirst => {
                format!("r={client}{server},s={},i={}", self.salt, scram::ITERATIONS)
            }
            Step::ClientFinal => format!("c=biws,r={client}{server},p={}", self.proof),
            Step::ServerFinal => format!("v={}", self.signature),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_is_as_long_as_the_lab_counts_it_and_the_nonces_agree() {
        let c = Conversation::new(7);
        let sizes = [
            (Step::ClientFirst, scram::CLIENT_FIRST),
            (Step::ServerFirst, scram::SERVER_FIRST),
            (Step::ClientFinal, scram::CLIENT_FINAL),
            (Step::ServerFinal, scram::SERVER_FINAL),
        ];
        for (step, size) in sizes {
            assert_eq!(c.message(step).len() as u32, size, "{step:?}");
        }
        let first = c.message(Step::ClientFirst);
        let nonce = first.strip_prefix("n,,n=flask,r=").unwrap();
        let server_first = c.message(Step::ServerFirst);
        assert!(server_first.starts_with(&format!("r={nonce}")));
        assert!(server_first.ends_with(",i=15000"));
        let both = server_first[2..].split(',').next().unwrap();
        assert!(
            c.message(Step::ClientFinal)
                .starts_with(&format!("c=biws,r={both},p="))
        );
        assert_eq!(Conversation::new(8).salt, c.salt, "one salt per user");
        assert_ne!(Conversation::new(8).client_nonce, c.client_nonce);
    }
}
