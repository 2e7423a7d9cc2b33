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
