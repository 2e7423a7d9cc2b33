//! What is written in the chat, and when: Bob (another member, whose own
//! connection is not drawn) writes four messages, two of them 10 ms
//! apart, then nothing for half a minute; Alice answers once. The times
//! are the moments a message reaches the chat server from its writer.

use cslab_sim::time::SimTime;

/// One message of the script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    pub at: SimTime,
    pub from: &'static str,
    pub text: &'static str,
}

const fn line(at_ms: u64, from: &'static str, text: &'static str) -> Line {
    Line {
        at: SimTime::from_millis(at_ms),
        from,
        text,
    }
}

/// Bob's messages, in order.
pub const BOB: [Line; 4] = [
    line(2_000, "bob", "Hi Alice! Are you there?"),
    line(4_500, "bob", "The slides are up"),
    line(4_510, "bob", "Room 3, at ten"),
    line(37_000, "bob", "See you!"),
];

/// Alice's one message.
pub const ALICE: Line = line(8_000, "alice", "Thanks, Bob!");

/// When Alice closes the chat's page.
pub const END: SimTime = SimTime::from_secs(42);

/// A chat message as the server sends it in JSON (in a frame, or in a
/// polled answer's array).
pub fn json(id: usize, from: &str, text: &str) -> String {
    format!(r#"{{"id":{id},"from":"{from}","text":"{text}"}}"#)
}

/// The ids of the messages in a JSON answer or frame.
pub fn ids_in(json: &str) -> impl Iterator<Item = usize> + '_ {
    json.split(r#""id":"#)
        .skip(1)
        .filter_map(|rest| rest.split(',').next()?.parse().ok())
}

/// The `"text"` of a JSON message.
pub fn text_in(json: &str) -> &str {
    (json.split(r#""text":""#).nth(1))
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back() {
        let answer = format!("[{},{}]", json(2, "bob", "a"), json(3, "bob", "b"));
        assert_eq!(ids_in(&answer).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(ids_in("[]").count(), 0);
        assert_eq!(text_in(&answer), "a");
    }
}
