//! The three ways a browser can hear of new messages.

use cslab_sim::time::SimTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// One connection upgraded to a WebSocket: the server pushes.
    #[serde(rename = "websocket")]
    WebSocket,
    /// A request every `every`: "anything new?", answered at once.
    Polling { every: SimTime },
    /// A request the server holds until there is something new, or
    /// [`HOLD`] has passed.
    LongPolling,
}

/// How long a long-polling server holds a request before answering it
/// empty: 30 s, a common choice. RFC 6202 §5.5 warns that proxies and
/// browsers give up on a request that waits too long, so a server answers
/// before they do, and the browser asks again at once.
pub const HOLD: SimTime = SimTime::from_secs(30);

/// Where the chat lives on the server.
pub const SOCKET_PATH: &str = "/chat";
pub const MESSAGES_PATH: &str = "/messages";

/// The path of a poll for the messages after `since` (long: held).
pub fn poll_path(since: usize, long: bool) -> String {
    let wait = if long { "&wait=30" } else { "" };
    format!("{MESSAGES_PATH}?since={since}{wait}")
}

/// `since` and whether it asks to be held, from a poll's path.
pub fn read_poll(path: &str) -> Option<(usize, bool)> {
    let query = path.strip_prefix(MESSAGES_PATH)?.strip_prefix("?since=")?;
    let (since, wait) = query.split_once('&').unwrap_or((query, ""));
    Some((since.parse().ok()?, wait == "wait=30"))
}
