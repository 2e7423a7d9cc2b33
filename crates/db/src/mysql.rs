//! MySQL 8.4's client/server protocol (the MySQL source's documentation,
//! "Client/Server Protocol"), as PyMySQL and the server speak it without
//! TLS. Every packet is a payload after a header of four bytes (its length,
//! three, and a sequence number). The server speaks first.

use crate::school::{COLUMNS, SQL, rows};
use crate::wire::{Msg, Opening, Turn, msg};

const VERSION: &str = "8.4.3";
const PLUGIN: &str = "caching_sha2_password";
const USER: &str = "flask";
const DATABASE: &str = "school";

/// A packet of `payload` bytes.
fn packet(text: impl Into<String>, payload: usize) -> Msg {
    msg(text, 4 + payload as u32)
}

/// A length-encoded string of `len` bytes (a length byte below 251).
fn lenenc(len: usize) -> usize {
    1 + len
}

/// PyMySQL 1.1's connection attributes (`_client_name`, `_client_version`,
/// `_pid`): each name and value a length-encoded string, all of them after
/// their total length.
const ATTRIBUTES: [(&str, &str); 3] = [
    ("_client_name", "pymysql"),
    ("_client_version", "1.1.1"),
    ("_pid", "4242"),
];

/// Initial Handshake (protocol 10); HandshakeResponse41; the server's
/// answer to caching_sha2_password (MySQL 8.0's default plugin): the
/// scramble checks out against the account's cached hash (`0x03`,
/// fast_auth_success), and an OK packet. The cache holds the account once
/// it has logged in over TLS or with the server's RSA key since the server
/// started; until then, the server asks for the full authentication.
pub fn opening() -> Opening {
    // Protocol version (1), the version and a zero, thread id (4), the
    // first 8 bytes of the scramble and a filler (9), capabilities' lower
    // half (2), character set (1), status (2), capabilities' upper half
    // (2), the scramble's length (1), 10 reserved, the scramble's other 13
    // bytes, the plugin's name and a zero.
    let greeting = 1 + VERSION.len() + 1 + 4 + 9 + 2 + 1 + 2 + 2 + 1 + 10 + 13 + PLUGIN.len() + 1;
    let attributes: usize = (ATTRIBUTES.iter())
        .map(|(name, value)| lenenc(name.len()) + lenenc(value.len()))
        .sum();
    // Capabilities (4), the largest packet (4), character set (1), 23
    // zeros, the user and a zero, the scramble's SHA-256 answer (32 bytes,
    // length-encoded), the database and a zero, the plugin and a zero, the
    // attributes.
    let response = 4
        + 4
        + 1
        + 23
        + USER.len()
        + 1
        + lenenc(32)
        + DATABASE.len()
        + 1
        + PLUGIN.len()
        + 1
        + lenenc(attributes);
    Opening {
        turns: vec![
            Turn {
                client: false,
                msgs: vec![packet(
                    format!("Server Greeting proto=10 version={VERSION} {PLUGIN}"),
                    greeting,
                )],
            },
            Turn {
                client: true,
                msgs: vec![packet(
                    format!("Login Request user={USER} db={DATABASE} {PLUGIN}"),
                    response,
                )],
            },
            Turn {
                client: false,
                // AuthMoreData: 0x01 and 0x03. OK: 0x00, affected rows and
                // last insert id (length-encoded 0, one byte each), status
                // (2) and warnings (2).
                msgs: vec![
                    packet("Auth More Data fast_auth_success", 2),
                    packet("OK", 7),
                ],
            },
        ],
        auth: 1,
    }
}

/// COM_QUERY (0x03 and the SQL); the result set as a client without
/// CLIENT_DEPRECATE_EOF (PyMySQL) gets it: the column count, a column
/// definition per column, EOF, a row per row (each value a length-encoded
/// string), EOF.
pub fn query() -> (Msg, Vec<Msg>) {
    let query = packet(format!("Request Query: {SQL}"), 1 + SQL.len());
    let mut reply = vec![packet(format!("Response {} columns", COLUMNS.len()), 1)];
    for (name, table) in COLUMNS {
        // catalog "def", schema, table's alias, table, name, original
        // name; then 0x0c and 12 bytes: character set (2), length (4),
        // type (1), flags (2), decimals (1), filler (2).
        let alias = &table[..1];
        let strings = lenenc(3)
            + lenenc(DATABASE.len())
            + lenenc(alias.len())
            + lenenc(table.len())
            + 2 * lenenc(name.len());
        reply.push(packet(
            format!("Field {DATABASE}.{table}.{name}"),
            strings + 1 + 12,
        ));
    }
    reply.push(eof());
    for row in rows() {
        let values: usize = row.iter().map(|value| lenenc(value.len())).sum();
        reply.push(packet(format!("Row {}", row.join(" | ")), values));
    }
    reply.push(eof());
    (query, reply)
}

/// 0xfe, warnings (2), status (2).
fn eof() -> Msg {
    packet("EOF", 5)
}

/// COM_QUIT: 0x01.
pub fn quit() -> Msg {
    packet("Request Quit", 1)
}

/// ER_CON_COUNT_ERROR: 0xff, the error's number (2), '#' and the SQLSTATE
/// (6), the message. The server sends it instead of its greeting when
/// max_connections + 1 are taken, and after authentication to an account
/// without CONNECTION_ADMIN that took the last one.
pub fn too_many_connections() -> Msg {
    let message = "Too many connections";
    packet(
        format!("Response Error 1040 (08004): {message}"),
        1 + 2 + 6 + message.len(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packets_have_the_documented_sizes() {
        let opening = opening();
        // Greeting: 1 + 6 + 4 + 9 + 2 + 1 + 2 + 2 + 1 + 10 + 13 + 22 = 73,
        // and the header: 77.
        assert_eq!(opening.turns[0].msgs[0].bytes, 77);
        // Attributes: (13 + 8) + (16 + 6) + (5 + 5) = 53, 54 with their
        // length. Response: 32 + 6 + 33 + 7 + 22 + 54 = 154; 158.
        assert_eq!(opening.turns[1].msgs[0].bytes, 158);
        assert_eq!(opening.turns[2].msgs[1].bytes, 11, "OK");
        let (query, reply) = query();
        assert_eq!(query.bytes, 4 + 1 + SQL.len() as u32);
        // Field title: 4 + 7 + 2 + 8 + 6 + 6 = 33 strings, + 13 = 46; + 4.
        assert_eq!(reply[1].bytes, 50);
        assert_eq!(reply[3].text, "EOF");
        // Row Networks | Ana: 9 + 4 = 13; + 4.
        assert_eq!(reply[4].bytes, 17);
        assert_eq!(reply.len(), 1 + 2 + 1 + 4 + 1);
        // 1 + 2 + 6 + 20 = 29; + 4.
        assert_eq!(too_many_connections().bytes, 33);
    }
}
