//! Each way's dialogue as it crosses the wire: order, ports, reply codes
//! and byte counts, checked against figures computed by hand.

use cslab_files::compare::{LIMIT, compare, report};
use cslab_files::file::{ETAG, SIZE};
use cslab_files::ftp::{FtpMode, Outcome, parse_host_port};
use cslab_files::world::{BREAK_AT, BREAK_FOR, FilesParams, FilesSim, How};
use cslab_sim::net::Addr;
use cslab_sim::proto::tcp::flags;
use cslab_sim::proto::{AppMsg, Header};
use cslab_sim::time::SimTime;
use cslab_sim::trace::{DropReason, TraceEvent};

fn run(how: How, ftp_mode: FtpMode, nat: bool) -> FilesSim {
    let mut sim = FilesSim::new(&FilesParams {
        how,
        ftp_mode,
        nat,
        ..FilesParams::default()
    });
    sim.run_to_end(LIMIT);
    sim
}

/// The first segment of each message: (sent at, header, its line).
fn lines(sim: &FilesSim) -> Vec<(SimTime, Header, String)> {
    let world = sim.world();
    let sent: Vec<(u64, SimTime)> = (world.trace().records())
        .filter_map(|r| match r.ev {
            TraceEvent::PacketSent { pkt, .. } => Some((pkt, r.t)),
            _ => None,
        })
        .collect();
    (world.trace().headers())
        .filter(|h| h.msg.tcp.is_some_and(|s| s.len > 0 && s.rec_off == 0))
        .filter_map(|h| {
            let line = match h.msg.app {
                AppMsg::Text(text) => world.names().text(text.line).to_owned(),
                AppMsg::Http(http) => world.names().text(http.head).to_owned(),
                _ => return None,
            };
            let at = sent.iter().find(|(pkt, _)| *pkt == h.pkt)?.1;
            Some((at, *h, line))
        })
        .collect()
}

#[test]
fn passive_ftp_logs_in_in_clear_and_fetches_on_a_second_connection() {
    let sim = run(How::Ftp, FtpMode::Passive, true);
    let said = lines(&sim);
    let words: Vec<&str> = said.iter().map(|(_, _, line)| line.as_str()).collect();
    let pasv = words.iter().find(|l| l.starts_with("227")).unwrap();
    assert_eq!(
        words,
        [
            "220 (vsFTPd 3.0.5)",
            "USER alice",
            "331 Please specify the password.",
            "PASS tulip-4-river",
            "230 Login successful.",
            "TYPE I",
            "200 Switching to Binary mode.",
            "PASV",
            pasv,
            "RETR report.pdf",
            "150 Opening BINARY mode data connection for report.pdf (262144 bytes).",
            "report.pdf, 262144 bytes",
            "226 Transfer complete.",
            "QUIT",
            "221 Goodbye.",
        ]
    );
    // 227's six numbers: the server's address, and 192·256 + 0 = 49152.
    let inside = pasv.split_once('(').unwrap().1.split_once(')').unwrap().0;
    let (addr, port) = parse_host_port(inside).unwrap();
    assert_eq!((addr, port), (Addr::new(203, 0, 113, 21), 49_152));
    for (_, header, line) in &said {
        let server_port = if header.src_node == sim.nodes().server {
            header.src_port
        } else {
            header.dst_port
        };
        let expected = if line.starts_with("report.pdf") {
            port
        } else {
            21
        };
        assert_eq!(server_port, expected, "{line}");
    }
    // The file, each byte sent once (leaving aside what slow start's
    // overflow of the server's 10 Mbit/s queue made it send again).
    let data: Vec<u32> = (sim.world().trace().headers())
        .filter(|h| h.src_node == sim.nodes().server && h.src_port == port)
        .filter(|h| h.msg.tcp.is_some_and(|s| s.len > 0 && !s.retransmission))
        .map(|h| h.msg.tcp.unwrap().len)
        .collect();
    // At most 1,460 bytes a segment: 180 at least (262,144 = 179 × 1,460
    // + 804).
    assert!(data.len() >= 180 && data.iter().all(|&n| n <= 1460));
    assert_eq!(data.iter().map(|&n| u64::from(n)).sum::<u64>(), 262_144);
    assert_eq!(sim.received(), (u64::from(SIZE), Outcome::Done));
}

#[test]
fn active_ftp_behind_the_nat_cannot_be_reached_and_gives_up_after_60_s() {
    let sim = run(How::Ftp, FtpMode::Active, true);
    let said = lines(&sim);
    let find = |prefix: &str| said.iter().find(|(_, _, l)| l.starts_with(prefix)).unwrap();
    // The router's public address, and the client's listening port 49153
    // (= 191·256 + 1).
    assert_eq!(find("PORT").2, "PORT 198,51,100,23,192,1");
    assert_eq!(
        find("200 PORT").2,
        "200 PORT command successful. Consider using PASV."
    );
    let retr = find("RETR").0;
    let world = sim.world();
    let (router, server) = (sim.nodes().router, sim.nodes().server);
    // vsftpd's SYNs from port 20, sent again at 1, 3, 7, 15 and 31 s
    // (Linux's initial RTO of 1 s, doubled each time).
    let syns: Vec<(SimTime, u64)> = (world.trace().headers())
        .filter(|h| h.src_node == server && h.src_port == 20)
        .map(|h| {
            assert_eq!((h.dst, h.dst_port), (Addr::new(198, 51, 100, 23), 49_153));
            assert_eq!(h.msg.tcp.unwrap().flags, flags::SYN);
            let at = (world.trace().records())
                .find_map(|r| match r.ev {
                    TraceEvent::PacketSent { pkt, .. } if pkt == h.pkt => Some(r.t),
                    _ => None,
                })
                .unwrap();
            (at, h.pkt)
        })
        .collect();
    let first = syns[0].0;
    let after: Vec<u64> = syns
        .iter()
        .map(|(t, _)| (*t - first).as_nanos() / 1_000_000)
        .collect();
    assert_eq!(after, [0, 1_000, 3_000, 7_000, 15_000, 31_000]);
    // Each one reaches the home router, which has no mapping for 49153.
    for (_, pkt) in &syns {
        let dropped = world.trace().records().find_map(|r| match r.ev {
            TraceEvent::Dropped {
                pkt: p,
                reason,
                node,
                ..
            } if p == *pkt => Some((reason, node)),
            _ => None,
        });
        assert_eq!(dropped, Some((DropReason::NoListener, router)));
    }
    // 425 at RETR + one way (20 ms) + connect_timeout (60 s).
    let (at, _, line) = find("425");
    assert_eq!(line, "425 Failed to establish connection.");
    let waited = (*at - retr).as_nanos() / 1_000_000;
    assert!((60_020..60_022).contains(&waited), "{waited}");
    assert_eq!(sim.received(), (0, Outcome::Failed));
}

#[test]
fn active_ftp_without_the_nat_connects_from_port_20() {
    let sim = run(How::Ftp, FtpMode::Active, false);
    let said = lines(&sim);
    assert!(said.iter().any(|(_, _, l)| l == "PORT 198,51,100,10,192,1"));
    let file = said
        .iter()
        .find(|(_, _, l)| l.starts_with("report.pdf"))
        .unwrap();
    assert_eq!((file.1.src_port, file.1.dst_port), (20, 49_153));
    assert_eq!(sim.received(), (u64::from(SIZE), Outcome::Done));
}

#[test]
fn sftp_is_one_connection_encrypted_after_newkeys() {
    let sim = run(How::Sftp, FtpMode::Passive, true);
    let said = lines(&sim);
    let names: Vec<&str> = (said.iter())
        .map(|(_, _, l)| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(
        names[..23],
        [
            "SSH-2.0-OpenSSH_9.6p1",
            "SSH-2.0-OpenSSH_9.6p1",
            "SSH_MSG_KEXINIT",
            "SSH_MSG_KEXINIT",
            "SSH_MSG_KEX_ECDH_INIT",
            "SSH_MSG_KEX_ECDH_REPLY",
            "SSH_MSG_NEWKEYS",
            "SSH_MSG_NEWKEYS",
            "SSH_MSG_SERVICE_REQUEST",
            "SSH_MSG_EXT_INFO",
            "SSH_MSG_SERVICE_ACCEPT",
            "SSH_MSG_USERAUTH_REQUEST",
            "SSH_MSG_USERAUTH_FAILURE",
            "SSH_MSG_USERAUTH_REQUEST",
            "SSH_MSG_USERAUTH_SUCCESS",
            "SSH_MSG_CHANNEL_OPEN",
            "SSH_MSG_CHANNEL_OPEN_CONFIRMATION",
            "SSH_MSG_CHANNEL_REQUEST",
            "SSH_MSG_CHANNEL_SUCCESS",
            "SSH_FXP_INIT",
            "SSH_FXP_VERSION",
            "SSH_FXP_STAT",
            "SSH_FXP_ATTRS",
        ]
    );
    // Every message on port 22; in clear up to each side's NEWKEYS, and
    // encrypted after it.
    let mut keys = [false, false];
    for (_, header, line) in &said {
        assert!(header.src_port == 22 || header.dst_port == 22);
        let side = usize::from(header.src_node == sim.nodes().server);
        assert_eq!(header.msg.encrypted(), keys[side], "{line}");
        assert_eq!(header.msg.on_the_wire().app == AppMsg::None, keys[side]);
        keys[side] |= line == "SSH_MSG_NEWKEYS";
    }
    // NEWKEYS in clear: 4 + 1 + 1, padded to 16. A READ after it:
    // CHANNEL_DATA of 1 + 4 + 4 + 29 = 38 bytes, 4 + 1 + 38 = 43, padded
    // to 48, and 16 of MAC: 64.
    let size = |prefix: &str| {
        let (_, h, _) = said.iter().find(|(_, _, l)| l.starts_with(prefix)).unwrap();
        h.msg.tcp.unwrap().len
    };
    assert_eq!(size("SSH_MSG_NEWKEYS"), 16);
    assert_eq!(size("SSH_FXP_READ"), 64);
    // 8 reads of 32,768 and one at the end, answered with EOF; each DATA
    // in two channel messages (32,768 + 13 > 32,768).
    let count = |prefix: &str| {
        said.iter()
            .filter(|(_, _, l)| l.starts_with(prefix))
            .count()
    };
    assert_eq!(count("SSH_FXP_READ"), 9);
    assert_eq!(count("SSH_FXP_DATA"), 16);
    assert_eq!(count("SSH_FXP_STATUS id=11 SSH_FX_EOF"), 1);
    let client = &sim.sftp_client().unwrap().app;
    assert_eq!(client.received, u64::from(SIZE));
    // One READ allowed, then one more per full block: after the first
    // DATA 2 outstanding, then 3, 4, and 5 once the READ at the end
    // (offset 262,144) is out; none after it.
    assert_eq!(client.widest, 5);
}

#[test]
fn the_download_resumes_where_the_line_broke_with_a_206() {
    let sim = run(How::Http, FtpMode::Passive, true);
    let said = lines(&sim);
    let heads: Vec<&str> = said.iter().map(|(_, _, l)| l.as_str()).collect();
    assert_eq!(heads.len(), 4, "{heads:?}");
    assert!(heads[1].starts_with("HTTP/1.1 200 OK\r\n"));
    assert!(heads[1].contains(&format!("\r\nETag: {ETAG}\r\n")));
    assert!(heads[1].contains("\r\nAccept-Ranges: bytes\r\n"));
    let downloader = &sim.downloader().unwrap().app;
    let (kept, status) = downloader.answers[1];
    assert_eq!(downloader.answers[0], (0, 200));
    assert_eq!(status, 206);
    // What it had when the line broke, about half of the file.
    assert!((100_000..160_000).contains(&kept), "{kept}");
    assert!(heads[2].contains(&format!("\r\nRange: bytes={kept}-\r\nIf-Range: {ETAG}\r\n")));
    // bytes N-262143/262144, and 262,144 − N of them.
    let rest = SIZE - kept;
    let expected = format!("\r\nContent-Range: bytes {kept}-262143/262144\r\n");
    assert!(heads[3].starts_with("HTTP/1.1 206 Partial Content\r\n"));
    assert!(heads[3].contains(&expected), "{}", heads[3]);
    assert!(heads[3].contains(&format!("\r\nContent-Length: {rest}\r\n")));
    assert_eq!(downloader.kept, u64::from(SIZE));
    // The second GET leaves once the line is back, not before.
    assert!(said[2].0 >= BREAK_AT + BREAK_FOR);
    // Packets the cut line was carrying or handed were lost, not delivered.
    let cut = (sim.world().trace().records())
        .filter(|r| {
            matches!(
                r.ev,
                TraceEvent::Dropped {
                    reason: DropReason::LinkDown,
                    ..
                }
            )
        })
        .count();
    assert!(cut > 0);
    sim.world().check_packet_conservation().unwrap();
}

#[test]
fn the_table_compares_connections_round_trips_and_what_is_readable() {
    let table = compare(FtpMode::Passive, true, true);
    let [ftp, sftp, http] = [table[0], table[1], table[2]];
    assert_eq!(
        [ftp.how, sftp.how, http.how],
        [How::Ftp, How::Sftp, How::Http]
    );
    // Control and data; one SSH connection; HTTP's first and the resumed.
    assert_eq!(
        [ftp.connections, sftp.connections, http.connections],
        [2, 1, 2]
    );
    // FTP: the handshake, USER, PASS, TYPE, PASV, the data handshake,
    // RETR, QUIT.
    assert_eq!(ftp.round_trips, 8);
    assert!(ftp.readable.password && ftp.readable.file);
    assert!(!sftp.readable.password && !sftp.readable.file && !sftp.readable.commands);
    assert!(!http.readable.password && http.readable.file && http.readable.commands);
    for way in &table {
        assert_eq!(way.received, u64::from(SIZE), "{way:?}");
        // The file, plus headers: more bytes on the wire than in it.
        assert!(way.wire_bytes > u64::from(SIZE), "{way:?}");
    }
    let again = report(&run(How::Ftp, FtpMode::Passive, true));
    assert_eq!(again, ftp);
}

/// Only FTP's figures depend on the home router's NAT: SFTP and HTTP open
/// every connection from Alice's side, so the same packets cross either
/// way (the settings card runs them once for both).
#[test]
fn the_nat_changes_only_ftps_figures() {
    for line_breaks in [true, false] {
        let with = compare(FtpMode::Active, true, line_breaks);
        let without = compare(FtpMode::Active, false, line_breaks);
        assert_ne!(with[0], without[0]);
        assert_eq!(with[1..], without[1..]);
    }
}
