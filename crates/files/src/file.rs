//! The file every way moves, and who asks for it.

use cslab_sim::net::Addr;

/// The file server's name and address (RFC 5737 documentation range).
pub const HOST: &str = "files.example";
pub const SERVER: Addr = Addr::new(203, 0, 113, 21);

/// The file: 256 KiB, so that SFTP's 32 KiB reads take exactly 8
/// (262,144 = 8 × 32,768).
pub const NAME: &str = "report.pdf";
pub const SIZE: u32 = 262_144;

/// Alice's account on the server, and the password FTP sends in clear.
pub const USER: &str = "alice";
pub const PASSWORD: &str = "tulip-4-river";

/// The file's entity tag as nginx makes it: its modification time and its
/// length in hexadecimal (`ngx_http_set_etag`: `"%xT-%xO"`); 0x40000 is
/// 262,144.
pub const ETAG: &str = "\"6650c9a0-40000\"";
pub const LAST_MODIFIED: &str = "Fri, 24 May 2024 17:05:04 GMT";

/// `code` of the [`cslab_sim::trace::TraceEvent::App`] records the
/// lesson's programs write (its narration reads them).
pub mod files_trace {
    /// The client has the whole file (value: bytes).
    pub const COMPLETE: u32 = 70;
    /// The download stalled: the client gave its connection up (value:
    /// the bytes of the file it keeps).
    pub const STALLED: u32 = 71;
    /// The FTP server gave up opening the data connection (value: seconds
    /// it tried).
    pub const NO_DATA_CONNECTION: u32 = 72;
}
