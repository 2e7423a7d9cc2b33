//! PostgreSQL's frontend/backend messages (protocol 3.0, its documentation's
//! "Message Formats") written back from the summaries the database lesson
//! gives them (`cslab_db::postgres`): a type byte, a length of four bytes
//! that counts itself, and the contents. A summary's `…` stands for what
//! the lab does not spell out (SCRAM's nonces, salt and proofs): filled
//! with base64 characters to the lab's size.

use super::Filler;

/// Protocol 3.0 in the StartupMessage (196608).
const PROTOCOL_3_0: u32 = 3 << 16;
/// AuthenticationSASL, SASLContinue, SASLFinal and Ok's codes.
const SASL: u32 = 10;
const SASL_CONTINUE: u32 = 11;
const SASL_FINAL: u32 = 12;
const AUTH_OK: u32 = 0;
/// The OID of type `text`, which the lab's columns are.
const TEXT_OID: u32 = 25;

/// The message `summary` names, `len` bytes long; `None` for a summary
/// this does not know.
pub fn message(summary: &str, len: usize, fill: &mut Filler) -> Option<Vec<u8>> {
    let (kind, rest) = summary.split_once(' ').unwrap_or((summary, ""));
    // Type byte and length.
    let contents_len = len.saturating_sub(5);
    let mut c = Vec::new();
    let kind = match kind {
        "StartupMessage" => {
            let mut m = Vec::new();
            m.extend(PROTOCOL_3_0.to_be_bytes());
            for pair in rest.split(' ') {
                let (name, value) = pair.split_once('=')?;
                cstring(&mut m, name);
                cstring(&mut m, value);
            }
            m.push(0);
            let mut out = ((m.len() + 4) as u32).to_be_bytes().to_vec();
            out.extend(m);
            return Some(out);
        }
        "AuthenticationSASL" => {
            c.extend(SASL.to_be_bytes());
            cstring(&mut c, rest);
            c.push(0);
            b'R'
        }
        "SASLInitialResponse" => {
            let (mechanism, data) = rest.split_once(' ')?;
            cstring(&mut c, mechanism);
            let data_len = contents_len.saturating_sub(c.len() + 4);
            c.extend((data_len as u32).to_be_bytes());
            c.extend(fit_gaps(data, data_len, fill));
            b'p'
        }
        "AuthenticationSASLContinue" | "AuthenticationSASLFinal" => {
            let code = if kind.ends_with("Continue") {
                SASL_CONTINUE
            } else {
                SASL_FINAL
            };
            c.extend(code.to_be_bytes());
            c.extend(fit_gaps(rest, contents_len.saturating_sub(4), fill));
            b'R'
        }
        "SASLResponse" => {
            c.extend(fit_gaps(rest, contents_len, fill));
            b'p'
        }
        "AuthenticationOk" => {
            c.extend(AUTH_OK.to_be_bytes());
            b'R'
        }
        "ParameterStatus" => {
            let (name, value) = rest.split_once('=')?;
            cstring(&mut c, name);
            cstring(&mut c, value);
            b'S'
        }
        // The backend's process id and secret key.
        "BackendKeyData" => {
            c.extend(fill.bytes(8));
            b'K'
        }
        "ReadyForQuery" => {
            c.push(*rest.as_bytes().first()?);
            b'Z'
        }
        "Query:" => {
            cstring(&mut c, rest);
            b'Q'
        }
        "RowDescription" => {
            let names: Vec<&str> = rest.split(", ").collect();
            c.extend((names.len() as u16).to_be_bytes());
            for name in names {
                cstring(&mut c, name);
                c.extend(0u32.to_be_bytes()); // table OID: none
                c.extend(0u16.to_be_bytes()); // column number
                c.extend(TEXT_OID.to_be_bytes());
                c.extend((-1i16).to_be_bytes()); // size: variable
                c.extend((-1i32).to_be_bytes()); // type modifier: none
                c.extend(0u16.to_be_bytes()); // format: text
            }
            b'T'
        }
        "DataRow" => {
            let values: Vec<&str> = rest.split(" | ").collect();
            c.extend((values.len() as u16).to_be_bytes());
            for value in values {
                c.extend((value.len() as u32).to_be_bytes());
                c.extend(value.as_bytes());
            }
            b'D'
        }
        "CommandComplete" => {
            cstring(&mut c, rest);
            b'C'
        }
        "Terminate" => b'X',
        // Severity (S and V), SQLSTATE (C), message (M), then a zero.
        "ErrorResponse" => {
            let mut words = rest.splitn(3, ' ');
            let (severity, code, text) = (words.next()?, words.next()?, words.next()?);
            for (field, value) in [
                (b'S', severity),
                (b'V', severity),
                (b'C', code),
                (b'M', text),
            ] {
                c.push(field);
                cstring(&mut c, value);
            }
            c.push(0);
            b'E'
        }
        _ => return None,
    };
    let mut out = vec![kind];
    out.extend(((c.len() + 4) as u32).to_be_bytes());
    out.extend(c);
    Some(out)
}

fn cstring(out: &mut Vec<u8>, s: &str) {
    out.extend(s.as_bytes());
    out.push(0);
}

/// `template` with each `…` replaced by base64 characters, `len` bytes in
/// all (the last gap taking what does not divide evenly).
fn fit_gaps(template: &str, len: usize, fill: &mut Filler) -> Vec<u8> {
    const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let parts: Vec<&str> = template.split('…').collect();
    let fixed: usize = parts.iter().map(|p| p.len()).sum();
    let gaps = parts.len() - 1;
    let slack = len.saturating_sub(fixed);
    let mut out = Vec::with_capacity(len);
    for (i, part) in parts.iter().enumerate() {
        out.extend(part.as_bytes());
        if i < gaps {
            let n = slack / gaps + if i + 1 == gaps { slack % gaps } else { 0 };
            out.extend(fill.bytes(n).iter().map(|b| BASE64[(b & 63) as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_sim::proto::text::pg;

    #[test]
    fn messages_read_back_at_the_labs_sizes() {
        let fill = &mut Filler::new(1);
        let (text, bytes) = pg::startup("flask", "school");
        let startup = message(&text, bytes as usize, fill).unwrap();
        assert_eq!(startup.len() as u32, bytes);
        assert_eq!(&startup[..8], &[0, 0, 0, bytes as u8, 0, 3, 0, 0]);
        // CLIENT_FIRST and the mechanism: 'p', length, 14, 4, 32.
        let first = message("SASLInitialResponse SCRAM-SHA-256 n,,n=,r=…", 55, fill).unwrap();
        assert_eq!(first.len(), 55);
        assert_eq!(u32::from_be_bytes(first[1..5].try_into().unwrap()), 54);
        let row = message("DataRow Networks | Ana", 27, fill).unwrap();
        assert_eq!(row.len(), 1 + 4 + 2 + 4 + 8 + 4 + 3);
        assert_eq!(
            message("ReadyForQuery I", 6, fill).unwrap(),
            b"Z\0\0\0\x05I"
        );
    }
}
