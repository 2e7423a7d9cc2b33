//! PostgreSQL 16's frontend/backend protocol, version 3.0 (its
//! documentation, chapter "Frontend/Backend Protocol": "Message Flow" and
//! "Message Formats"), as psycopg2 (libpq) and the server speak it without
//! TLS. Every message but the StartupMessage is a type byte, a length of
//! four bytes (itself included), and its contents.

use crate::school::{COLUMNS, SQL, rows};
use crate::wire::{Msg, Opening, Turn, msg};
use cslab_sim::proto::text::pg;

/// The app's account and database.
pub const USER: &str = "flask";
pub const DATABASE: &str = "school";

/// A message of `contents` bytes after its type and length.
fn sized(text: impl Into<String>, contents: usize) -> Msg {
    msg(text, 1 + 4 + contents as u32)
}

/// The ParameterStatus messages PostgreSQL 16 sends after authentication
/// (the "hard-wired set" of "Asynchronous Operations"; scram_iterations is
/// new in 16), with a Debian server's values.
const PARAMETERS: [(&str, &str); 14] = [
    ("application_name", ""),
    ("client_encoding", "UTF8"),
    ("DateStyle", "ISO, MDY"),
    ("default_transaction_read_only", "off"),
    ("in_hot_standby", "off"),
    ("integer_datetimes", "on"),
    ("IntervalStyle", "postgres"),
    ("is_superuser", "off"),
    ("scram_iterations", "4096"),
    ("server_encoding", "UTF8"),
    ("server_version", "16.4"),
    ("session_authorization", USER),
    ("standard_conforming_strings", "on"),
    ("TimeZone", "Etc/UTC"),
];

/// SCRAM-SHA-256 (RFC 7677) as libpq and the server run it: nonces of
/// 18 random bytes (24 characters of base64 each), a salt of 16 bytes
/// (24 characters), 4096 iterations (scram_iterations' default), proofs and
/// signatures of 32 bytes (44 characters). The client sends no user name
/// (`n=`): the StartupMessage gave it.
const CLIENT_FIRST: usize = "n,,n=,r=".len() + 24;
const SERVER_FIRST: usize = "r=".len() + 48 + ",s=".len() + 24 + ",i=4096".len();
const CLIENT_FINAL: usize = "c=biws,r=".len() + 48 + ",p=".len() + 44;
const SERVER_FINAL: usize = "v=".len() + 44;
const MECHANISM: &str = "SCRAM-SHA-256";

/// StartupMessage; the SASL exchange; then the server's parameters, the
/// key to cancel a query with, and ReadyForQuery ('I': idle).
pub fn opening() -> Opening {
    let (startup, startup_bytes) = pg::startup(USER, DATABASE);
    let (sasl, sasl_bytes) = pg::AUTHENTICATION_SASL;
    let client = |msgs| Turn { client: true, msgs };
    let server = |msgs| Turn {
        client: false,
        msgs,
    };
    let mut ready = vec![
        // 'R', length, 12 (SASL final), the server's signature.
        sized("AuthenticationSASLFinal v=…", 4 + SERVER_FINAL),
        // 'R', length 8, 0.
        sized("AuthenticationOk", 4),
    ];
    ready.extend(PARAMETERS.iter().map(|(name, value)| {
        sized(
            format!("ParameterStatus {name}={value}"),
            name.len() + 1 + value.len() + 1,
        )
    }));
    // The backend's process id and secret key, four bytes each.
    ready.push(sized("BackendKeyData", 8));
    ready.push(ready_for_query());
    Opening {
        turns: vec![
            client(vec![msg(startup, startup_bytes)]),
            server(vec![msg(sasl, sasl_bytes)]),
            // 'p', length, the mechanism and a zero, the message's length
            // (four bytes) and the client-first-message.
            client(vec![sized(
                format!("SASLInitialResponse {MECHANISM} n,,n=,r=…"),
                MECHANISM.len() + 1 + 4 + CLIENT_FIRST,
            )]),
            // 'R', length, 11 (SASL continue), the server-first-message.
            server(vec![sized(
                "AuthenticationSASLContinue r=…,s=…,i=4096",
                4 + SERVER_FIRST,
            )]),
            client(vec![sized("SASLResponse c=biws,r=…,p=…", CLIENT_FINAL)]),
            server(ready),
        ],
        auth: 2,
    }
}

fn ready_for_query() -> Msg {
    sized("ReadyForQuery I", 1)
}

/// The simple query protocol: Query (the SQL and a zero); RowDescription
/// (the number of fields, two bytes, then each one's name and a zero, its
/// table's OID, column number, type OID, size, modifier and format: 18
/// bytes), a DataRow per row (the number of columns, then each one's
/// length, four bytes, and its text), CommandComplete `SELECT n`, and
/// ReadyForQuery.
pub fn query() -> (Msg, Vec<Msg>) {
    let query = sized(format!("Query: {SQL}"), SQL.len() + 1);
    let names: Vec<&str> = COLUMNS.iter().map(|(name, _)| *name).collect();
    let fields: usize = names.iter().map(|name| name.len() + 1 + 18).sum();
    let mut reply = vec![sized(
        format!("RowDescription {}", names.join(", ")),
        2 + fields,
    )];
    let rows = rows();
    for row in &rows {
        let values: usize = row.iter().map(|value| 4 + value.len()).sum();
        reply.push(sized(format!("DataRow {}", row.join(" | ")), 2 + values));
    }
    let tag = format!("SELECT {}", rows.len());
    reply.push(sized(format!("CommandComplete {tag}"), tag.len() + 1));
    reply.push(ready_for_query());
    (query, reply)
}

/// 'X' and its length.
pub fn terminate() -> Msg {
    sized("Terminate", 0)
}

/// An ErrorResponse: each field a code byte and a string with its zero,
/// then a closing zero. Here severity (S and its untranslated V), the
/// SQLSTATE (C) and the message (M); the server also names its source
/// file, line and routine, left out.
fn fatal(sqlstate: &str, message: &str) -> Msg {
    let fields = [
        ("S", "FATAL"),
        ("V", "FATAL"),
        ("C", sqlstate),
        ("M", message),
    ];
    let contents: usize = fields.iter().map(|(_, value)| 1 + value.len() + 1).sum();
    sized(
        format!("ErrorResponse FATAL {sqlstate} {message}"),
        contents + 1,
    )
}

/// Every one of max_connections' backends is taken (InitProcess finds no
/// free slot, right after the StartupMessage). SQLSTATE 53300,
/// too_many_connections.
pub fn too_many_clients() -> Msg {
    fatal("53300", "sorry, too many clients already")
}

/// An ordinary role would take one of the superuser_reserved_connections
/// (InitPostgres checks once the role is authenticated; PostgreSQL 16's
/// wording).
pub fn reserved_for_superusers() -> Msg {
    fatal(
        "53300",
        "remaining connection slots are reserved for roles with the SUPERUSER attribute",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_have_the_documented_sizes() {
        let opening = opening();
        let bytes: Vec<u32> = (opening.turns.iter())
            .map(|turn| turn.msgs[0].bytes)
            .collect();
        // StartupMessage: 4 + 4 + "user\0flask\0database\0school\0" (27)
        // + 1 = 36. AuthenticationSASL 24. SASLInitialResponse: 1 + 4 +
        // "SCRAM-SHA-256\0" (14) + 4 + 32 = 55. SASLContinue: 1 + 4 + 4 +
        // 84 = 93. SASLResponse: 1 + 4 + 104 = 109. SASLFinal: 1 + 4 + 4 +
        // 46 = 55.
        assert_eq!(bytes, [36, 24, 55, 93, 109, 55]);
        let ready = &opening.turns[5].msgs;
        assert_eq!(ready[1].text, "AuthenticationOk");
        assert_eq!(ready[1].bytes, 9);
        // ParameterStatus server_version: 1 + 4 + 15 + 5 = 25.
        assert_eq!(ready[12].text, "ParameterStatus server_version=16.4");
        assert_eq!(ready[12].bytes, 25);
        assert_eq!(ready[ready.len() - 2].bytes, 13, "BackendKeyData");
        assert_eq!(ready[ready.len() - 1].bytes, 6, "ReadyForQuery");
        let (query, reply) = query();
        assert_eq!(query.bytes, 1 + 4 + SQL.len() as u32 + 1);
        // RowDescription: 1 + 4 + 2 + (6 + 18) + (5 + 18) = 54.
        assert_eq!(reply[0].bytes, 54);
        // DataRow Networks | Ana: 1 + 4 + 2 + (4 + 8) + (4 + 3) = 26.
        assert_eq!(reply[1].text, "DataRow Networks | Ana");
        assert_eq!(reply[1].bytes, 26);
        assert_eq!(reply[5].text, "CommandComplete SELECT 4");
        assert_eq!(reply[5].bytes, 1 + 4 + 9);
        // S FATAL, V FATAL, C 53300: 7 + 7 + 7; M and its text: 1 + 31 + 1;
        // the closing zero; 1 + 4 ahead: 60.
        assert_eq!(too_many_clients().bytes, 60);
        assert_eq!(terminate().bytes, 5);
    }
}
