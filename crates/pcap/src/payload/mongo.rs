//! MongoDB's OP_MSG (its manual, "MongoDB Wire Protocol") written back from
//! the database lesson's summaries (`cslab_db::mongo`: `OP_MSG` and the
//! command as mongosh prints it): a 16-byte header (length, request id, the
//! id it answers, opcode 2013), flag bits, one section of kind 0 holding
//! the BSON document.

use cslab_db::bson::Bson;

const OP_MSG: i32 = 2013;

/// The message `summary` names, the `number`th of its connection (from 0):
/// its request id is `number + 1`; a reply (a document with `ok`) answers
/// the message before it. `None` for a summary this does not know.
pub fn message(summary: &str, number: u32) -> Option<Vec<u8>> {
    let body = Bson::parse(summary.strip_prefix("OP_MSG ")?)?;
    let reply = matches!(&body, Bson::Doc(fields) if fields.iter().any(|(k, _)| k == "ok"));
    let document = body.encode();
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
