//! MySQL's client/server packets (the MySQL source's documentation,
//! "Client/Server Protocol") written back from the database lesson's
//! summaries (`cslab_db::mysql`): three bytes of length, a sequence number
//! (0 for the first packet of a connection and of each command, then one
//! more per packet either way), the payload. Scrambles and ids the lab does
//! not spell out are random bytes.

use super::Filler;

/// What PyMySQL asks for: long passwords and flags, a database at connect,
/// protocol 4.1, transactions, secure connection, multi-results,
/// authentication plugins, connection attributes and a length-encoded
/// authentication answer; not CLIENT_DEPRECATE_EOF (PyMySQL reads EOF).
const CLIENT_CAPABILITIES: u32 =
    0x1 | 0x4 | 0x8 | 0x200 | 0x2000 | 0x8000 | 0x2_0000 | 0x8_0000 | 0x10_0000 | 0x20_0000;
/// The server's: the client's and more (0xFFFFF7FF as MySQL 8 sends,
/// without CLIENT_SSL here).
const SERVER_CAPABILITIES: u32 = 0xFFFF_F7FF;
/// utf8mb4_0900_ai_ci.
const CHARSET: u8 = 255;
/// SERVER_STATUS_AUTOCOMMIT.
const STATUS: u16 = 0x0002;
/// MYSQL_TYPE_VAR_STRING.
const VAR_STRING: u8 = 0xfd;
const COM_QUERY: u8 = 0x03;
const COM_QUIT: u8 = 0x01;
/// PyMySQL 1.1's connection attributes (as `cslab_db::mysql` counts them).
const ATTRIBUTES: [(&str, &str); 3] = [
    ("_client_name", "pymysql"),
    ("_client_version", "1.1.1"),
    ("_pid", "4242"),
];

/// The packet `summary` names, numbered `seq`; `None` for a summary this
/// does not know.
pub fn packet(summary: &str, seq: u8, fill: &mut Filler) -> Option<Vec<u8>> {
    let words: Vec<&str> = summary.split(' ').collect();
    let mut p = Vec::new();
    match words[..] {
        ["Server", "Greeting", _proto, version, plugin] => {
            p.push(10);
            cstring(&mut p, version.strip_prefix("version=")?);
            p.extend(fill.bytes(4)); // thread id
            p.extend(scramble(fill, 8));
            p.push(0);
            p.extend((SERVER_CAPABILITIES as u16).to_le_bytes());
            p.push(CHARSET);
            p.extend(STATUS.to_le_bytes());
            p.extend(((SERVER_CAPABILITIES >> 16) as u16).to_le_bytes());
            p.push(21); // the scramble's length, its zero included
            p.extend([0; 10]);
            p.extend(scramble(fill, 12));
            p.push(0);
            cstring(&mut p, plugin);
        }
        ["Login", "Request", user, db, plugin] => {
            p.extend(CLIENT_CAPABILITIES.to_le_bytes());
            p.extend((16u32 << 20).to_le_bytes()); // largest packet: 16 MiB
            p.push(CHARSET);
            p.extend([0; 23]);
            cstring(&mut p, user.strip_prefix("user=")?);
            lenenc(&mut p, &fill.bytes(32)); // the scramble's SHA-256 answer
            cstring(&mut p, db.strip_prefix("db=")?);
            cstring(&mut p, plugin);
            let mut attributes = Vec::new();
            for (name, value) in ATTRIBUTES {
                lenenc(&mut attributes, name.as_bytes());
                lenenc(&mut attributes, value.as_bytes());
            }
            lenenc(&mut p, &attributes);
        }
        // caching_sha2_password's fast_auth_success.
        ["Auth", "More", "Data", "fast_auth_success"] => p.extend([0x01, 0x03]),
        // Affected rows and last insert id (0 each), status, warnings.
        ["OK"] => {
            p.extend([0x00, 0, 0]);
            p.extend(STATUS.to_le_bytes());
            p.extend([0, 0]);
        }
        ["EOF"] => {
            p.extend([0xfe, 0, 0]);
            p.extend(STATUS.to_le_bytes());
        }
        ["Request", "Quit"] => p.push(COM_QUIT),
        ["Request", "Query:", ..] => {
            p.push(COM_QUERY);
            p.extend(summary.split_once("Query: ")?.1.as_bytes());
        }
        ["Response", count, "columns"] => p.push(count.parse().ok()?),
        // ER_CON_COUNT_ERROR and its like: 0xff, the number, '#', the
        // SQLSTATE, the message.
        ["Response", "Error", code, ..] => {
            let (_, rest) = summary.split_once('(')?;
            let (state, message) = rest.split_once("): ")?;
            p.push(0xff);
            p.extend(code.parse::<u16>().ok()?.to_le_bytes());
            p.push(b'#');
            p.extend(state.as_bytes());
            p.extend(message.as_bytes());
        }
        // A column definition: catalog, schema, the table's alias (its
        // initial, as the lab's SQL writes it), table, name, original name;
        // then twelve bytes of fixed fields.
        ["Field", path] => {
            let mut parts = path.split('.');
            let (schema, table, name) = (parts.next()?, parts.next()?, parts.next()?);
            for s in ["def", schema, &table[..1], table, name, name] {
                lenenc(&mut p, s.as_bytes());
            }
            p.push(0x0c);
            p.extend((CHARSET as u16).to_le_bytes());
            p.extend(1020u32.to_le_bytes()); // VARCHAR(255) in utf8mb4
            p.push(VAR_STRING);
            p.extend([0, 0, 0, 0, 0]); // flags, decimals, filler
        }
        ["Row", ..] => {
            for value in summary.strip_prefix("Row ")?.split(" | ") {
                lenenc(&mut p, value.as_bytes());
            }
        }
        _ => return None,
    }
    let mut out = (p.len() as u32).to_le_bytes()[..3].to_vec();
    out.push(seq);
    out.extend(p);
    Some(out)
}

/// Whether a packet starts a command (the client's COM_*), numbered 0.
pub fn starts_command(summary: &str) -> bool {
    summary.starts_with("Request ")
}

/// A scramble's bytes: printable, never zero (MySQL's own are).
fn scramble(fill: &mut Filler, n: usize) -> Vec<u8> {
    fill.bytes(n).iter().map(|b| 0x21 + b % 94).collect()
}

fn cstring(out: &mut Vec<u8>, s: &str) {
    out.extend(s.as_bytes());
    out.push(0);
}

/// A length-encoded string whose length is below 251 (one byte).
fn lenenc(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(bytes.len() as u8);
    out.extend(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_opening_has_the_labs_sizes() {
        let fill = &mut Filler::new(1);
        let greeting = packet(
            "Server Greeting proto=10 version=8.4.3 caching_sha2_password",
            0,
            fill,
        );
        assert_eq!(greeting.unwrap().len(), 77);
        let login = packet(
            "Login Request user=flask db=school caching_sha2_password",
            1,
            fill,
        );
        let login = login.unwrap();
        assert_eq!(login.len(), 158);
        assert_eq!(&login[..4], &[154, 0, 0, 1]);
        assert_eq!(
            packet("EOF", 5, fill).unwrap(),
            [5, 0, 0, 5, 0xfe, 0, 0, 2, 0]
        );
    }
}
