//! The two mail servers the course names, Postfix and Exim, as presets: the
//! words each says on the wire and the documented defaults that shape a
//! message's journey (how many connections it takes, how large a message,
//! how long it waits for a silent exchange, when it tries a deferred
//! message again).
//!
//! Postfix (postconf(5), Postfix 3.x as Ubuntu ships it):
//! - `default_process_limit = 100` smtpd processes; beyond them, new
//!   connections wait in the listen queue;
//! - `smtpd_client_connection_count_limit = 50` connections from one
//!   client (anvil(8)), refused beyond with `421 4.7.0 … Error: too many
//!   connections from …`;
//! - `message_size_limit = 10240000` bytes, announced as `SIZE` in EHLO;
//! - `smtp_connect_timeout = 30s`;
//! - a deferred message waits `minimal_backoff_time = 300s` before its
//!   next attempt, twice as long each time after (qmgr(8): "exponential
//!   backoff by doubling the time between delivery attempts"), never more
//!   than `maximal_backoff_time = 4000s`; the queue manager looks for
//!   messages whose wait is over every `queue_run_delay = 300s`.
//!
//! Exim (the Exim 4.96 specification, as Debian 12 ships it):
//! - `smtp_accept_max = 20` simultaneous incoming connections, refused
//!   beyond with `421 Too many concurrent SMTP connections; please try
//!   again later`; `smtp_accept_max_per_host` is unset;
//! - `message_size_limit = 50M` (52428800 bytes);
//! - the smtp transport's `connect_timeout = 5m`: longer than the 127 s
//!   after which Linux itself gives up a connection nobody answers
//!   (`tcp_syn_retries = 6`), so the kernel's limit is the one that acts;
//! - the default configuration's retry rule `* * F,2h,15m; G,16h,1h,1.5;
//!   F,4d,6h`: every 15 minutes for the first 2 hours after the first
//!   failure, then waits growing by half from 1 hour up to 16 hours, then
//!   every 6 hours up to 4 days; a retry happens at the first queue run
//!   after its time, and Debian starts the daemon with `-q30m`
//!   (`QUEUEINTERVAL='30m'` in /etc/default/exim4): a queue run every 30
//!   minutes.

use cslab_sim::time::SimTime;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mta {
    #[default]
    Postfix,
    Exim,
}

/// What an incoming connection finds when the server counts its clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Connections {
    /// Connections the server holds, all clients.
    pub all: usize,
    /// Of them, from this client's address.
    pub from_client: usize,
}

impl Mta {
    pub const ALL: [Mta; 2] = [Mta::Postfix, Mta::Exim];

    /// `message_size_limit`, bytes.
    pub fn size_limit(self) -> u32 {
        match self {
            Mta::Postfix => 10_240_000,
            Mta::Exim => 52_428_800,
        }
    }

    /// The connections the server takes at once (Postfix's process limit,
    /// Exim's `smtp_accept_max`).
    pub fn max_connections(self) -> usize {
        match self {
            Mta::Postfix => 100,
            Mta::Exim => 20,
        }
    }

    /// How long a relay waits for an exchange to answer its SYN.
    pub fn connect_timeout(self) -> SimTime {
        match self {
            Mta::Postfix => SimTime::from_secs(30),
            Mta::Exim => SimTime::from_secs(5 * 60),
        }
    }

    /// How often the queue is scanned for deferred messages whose wait is
    /// over.
    pub fn queue_run(self) -> SimTime {
        match self {
            Mta::Postfix => SimTime::from_secs(300),
            Mta::Exim => SimTime::from_secs(30 * 60),
        }
    }

    /// How long a message waits after a failed attempt: `previous` is the
    /// last wait (none after the first failure), `since_first` the time
    /// since the first failure.
    pub fn next_wait(self, previous: Option<SimTime>, since_first: SimTime) -> SimTime {
        let minutes = |m: u64| SimTime::from_secs(60 * m);
        match self {
            Mta::Postfix => {
                let (min, max) = (SimTime::from_secs(300), SimTime::from_secs(4_000));
                previous.map_or(min, |wait| (wait + wait).clamp(min, max))
            }
            Mta::Exim if since_first < minutes(120) => minutes(15),
            // G,16h,1h,1.5: the first wait of the rule is 1 hour, each next
            // one half as long again.
            Mta::Exim if since_first < minutes(16 * 60) => match previous {
                Some(wait) if wait >= minutes(60) => SimTime::from_nanos(wait.as_nanos() * 3 / 2),
                _ => minutes(60),
            },
            Mta::Exim => minutes(6 * 60),
        }
    }

    /// The refusal of a connection beyond the server's limits, if it is
    /// one.
    pub fn over_limit(self, hostname: &str, client: &str, count: Connections) -> Option<String> {
        match self {
            Mta::Postfix if count.from_client >= 50 => Some(format!(
                "421 4.7.0 {hostname} Error: too many connections from {client}"
            )),
            Mta::Exim if count.all >= self.max_connections() => {
                Some("421 Too many concurrent SMTP connections; please try again later".into())
            }
            _ => None,
        }
    }

    /// The greeting; `now` is the time since the scenario began, at noon
    /// UTC on Thursday 3 December 2026 (Exim's banner carries the date).
    pub fn banner(self, hostname: &str, now: SimTime) -> String {
        match self {
            Mta::Postfix => format!("220 {hostname} ESMTP Postfix (Ubuntu)"),
            Mta::Exim => {
                let secs = 12 * 3600 + now.as_nanos() / 1_000_000_000;
                let (h, m, s) = (secs / 3600 % 24, secs / 60 % 60, secs % 60);
                format!(
                    "220 {hostname} ESMTP Exim 4.96 Thu, 03 Dec 2026 {h:02}:{m:02}:{s:02} +0000"
                )
            }
        }
    }

    /// The first line of the EHLO reply, then the keywords it announces
    /// before STARTTLS and AUTH.
    pub fn ehlo_lines(self, hostname: &str, client_name: &str, client: &str) -> Vec<String> {
        let size = format!("SIZE {}", self.size_limit());
        match self {
            Mta::Postfix => [hostname, "PIPELINING", &size, "VRFY", "ETRN"]
                .map(String::from)
                .to_vec(),
            Mta::Exim => vec![
                format!("{hostname} Hello {client_name} [{client}]"),
                size,
                "8BITMIME".into(),
                "PIPELINING".into(),
                "CHUNKING".into(),
            ],
        }
    }

    /// The keywords after STARTTLS and AUTH.
    pub fn ehlo_tail(self) -> &'static [&'static str] {
        match self {
            Mta::Postfix => &[
                "ENHANCEDSTATUSCODES",
                "8BITMIME",
                "DSN",
                "SMTPUTF8",
                "CHUNKING",
            ],
            Mta::Exim => &["PRDR", "HELP"],
        }
    }

    /// The reply that says the message is queued, with its queue id drawn
    /// from `random` (Postfix: ten hexadecimal digits; Exim 4.96: time,
    /// process and fraction in base 62, `1tIXyz-0001Ab-2C`).
    pub fn queued(self, random: u64) -> String {
        match self {
            Mta::Postfix => format!("250 2.0.0 Ok: queued as {:010X}", random >> 24),
            Mta::Exim => {
                let digits = |mut n: u64, len: usize| {
                    let mut out = vec![b'0'; len];
                    for slot in out.iter_mut().rev() {
                        *slot = BASE62[(n % 62) as usize];
                        n /= 62;
                    }
                    String::from_utf8(out).unwrap_or_default()
                };
                format!(
                    "250 OK id=1{}-{}-{}",
                    digits(random, 5),
                    digits(random >> 30, 6),
                    digits(random >> 56, 2)
                )
            }
        }
    }

    /// The refusal of a recipient it does not take mail for from this
    /// client (Postfix names the recipient).
    pub fn no_relay(self, to: &str) -> String {
        match self {
            Mta::Postfix => format!("554 5.7.1 <{to}>: Relay access denied"),
            Mta::Exim => "550 relay not permitted".into(),
        }
    }

    /// The reply to a well-formed command the session may say now.
    pub fn says(self, reply: Reply, hostname: &str) -> String {
        use Reply::*;
        match (self, reply) {
            (Mta::Postfix, TlsReady) => "220 2.0.0 Ready to start TLS".into(),
            (Mta::Exim, TlsReady) => "220 TLS go ahead".into(),
            (Mta::Postfix, LoggedIn) => "235 2.7.0 Authentication successful".into(),
            (Mta::Exim, LoggedIn) => "235 Authentication succeeded".into(),
            (Mta::Postfix, BadLogin) => {
                "535 5.7.8 Error: authentication failed: authentication failure".into()
            }
            (Mta::Exim, BadLogin) => "535 Incorrect authentication data".into(),
            (Mta::Postfix, TlsFirst) => "530 5.7.0 Must issue a STARTTLS command first".into(),
            (Mta::Exim, TlsFirst) => "503 AUTH command used when not advertised".into(),
            (Mta::Postfix, SenderOk) => "250 2.1.0 Ok".into(),
            (Mta::Exim, SenderOk) => "250 OK".into(),
            (Mta::Postfix, RecipientOk) => "250 2.1.5 Ok".into(),
            (Mta::Exim, RecipientOk) => "250 Accepted".into(),
            (Mta::Postfix, GoAhead) => "354 End data with <CR><LF>.<CR><LF>".into(),
            (Mta::Exim, GoAhead) => {
                "354 Enter message, ending with \".\" on a line by itself".into()
            }
            (Mta::Postfix, Bye) => "221 2.0.0 Bye".into(),
            (Mta::Exim, Bye) => format!("221 {hostname} closing connection"),
            (Mta::Postfix, HelloFirst) => "503 5.5.1 Error: send HELO/EHLO first".into(),
            (Mta::Exim, HelloFirst) => "503 HELO or EHLO required".into(),
            (Mta::Postfix, SenderFirst) => "503 5.5.1 Error: need MAIL command".into(),
            (Mta::Exim, SenderFirst) => "503 sender not yet given".into(),
            (Mta::Postfix, RecipientFirst) => "503 5.5.1 Error: need RCPT command".into(),
            (Mta::Exim, RecipientFirst) => "503 valid RCPT command must precede DATA".into(),
            (Mta::Postfix, Unknown) => "502 5.5.2 Error: command not recognized".into(),
            (Mta::Exim, Unknown) => "500 unrecognized command".into(),
        }
    }
}

/// The replies whose words differ between the two servers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    TlsReady,
    LoggedIn,
    BadLogin,
    TlsFirst,
    SenderOk,
    RecipientOk,
    GoAhead,
    Bye,
    HelloFirst,
    SenderFirst,
    RecipientFirst,
    Unknown,
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

#[cfg(test)]
mod tests {
    use super::*;
    use cslab_sim::proto::text::is_smtp_queued;

    fn minutes(m: u64) -> SimTime {
        SimTime::from_secs(60 * m)
    }

    /// The waits between attempts, from the first failure at 0, when every
    /// attempt fails at once, up to `horizon`.
    fn schedule(mta: Mta, horizon: SimTime) -> Vec<u64> {
        let (mut t, mut previous, mut waits) = (SimTime::ZERO, None, Vec::new());
        while t < horizon {
            let wait = mta.next_wait(previous, t);
            waits.push(wait.as_nanos() / 1_000_000_000);
            previous = Some(wait);
            t += wait;
        }
        waits
    }

    #[test]
    fn postfix_doubles_its_wait_from_5_minutes_up_to_4000_seconds() {
        // 300, 600, 1200, 2400, then 4800 > 4000: 4000 from then on; the
        // sixth wait starts at 8500 s, under 12000 s, and ends past it.
        assert_eq!(
            schedule(Mta::Postfix, SimTime::from_secs(12_000)),
            [300, 600, 1200, 2400, 4000, 4000]
        );
    }

    #[test]
    fn exim_follows_its_default_retry_rule() {
        let waits = schedule(Mta::Exim, minutes(17 * 60));
        // F,2h,15m: 8 waits of 15 minutes reach 2 hours.
        assert_eq!(&waits[..8], [900; 8]);
        // G,16h,1h,1.5: 1 h, 1.5 h, 2.25 h, 3.375 h, 5.0625 h: at 2 h + 12.1875 h
        // = 14.1875 h, still under 16 h, so one more: 7.59375 h (27337.5 s,
        // integer nanoseconds halve exactly).
        assert_eq!(&waits[8..14], [3600, 5400, 8100, 12150, 18225, 27337]);
        // Past 16 hours: F,4d,6h.
        assert_eq!(
            Mta::Exim.next_wait(Some(minutes(60)), minutes(16 * 60)),
            minutes(360)
        );
    }

    #[test]
    fn each_server_refuses_beyond_its_own_limit() {
        let count = |all, from_client| Connections { all, from_client };
        let host = "mx1.bob.example";
        assert_eq!(
            Mta::Postfix.over_limit(host, "192.0.2.1", count(99, 49)),
            None
        );
        assert_eq!(
            Mta::Postfix
                .over_limit(host, "192.0.2.1", count(50, 50))
                .as_deref(),
            Some("421 4.7.0 mx1.bob.example Error: too many connections from 192.0.2.1")
        );
        assert_eq!(Mta::Exim.over_limit(host, "192.0.2.1", count(19, 19)), None);
        assert!(
            Mta::Exim
                .over_limit(host, "192.0.2.1", count(20, 1))
                .is_some_and(|reply| reply.starts_with("421 Too many concurrent"))
        );
    }

    #[test]
    fn queue_ids_look_like_each_servers_own() {
        let postfix = Mta::Postfix.queued(0x0123_4567_89AB_CDEF);
        // The top 40 bits, in 10 hexadecimal digits.
        assert_eq!(postfix, "250 2.0.0 Ok: queued as 0123456789");
        let exim = Mta::Exim.queued(u64::MAX);
        let id = exim.strip_prefix("250 OK id=").unwrap();
        let parts: Vec<_> = id.split('-').map(str::len).collect();
        assert_eq!(parts, [6, 6, 2]);
        assert!(is_smtp_queued(&postfix) && is_smtp_queued(&exim));
    }

    #[test]
    fn exims_banner_tells_the_time() {
        // 1 hour, 2 minutes and 3 seconds after noon.
        assert_eq!(
            Mta::Exim.banner("mx1.bob.example", SimTime::from_secs(3723)),
            "220 mx1.bob.example ESMTP Exim 4.96 Thu, 03 Dec 2026 13:02:03 +0000"
        );
    }
}
