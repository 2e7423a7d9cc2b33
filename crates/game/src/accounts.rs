//! The service's players and what proves who they are. The login server
//! signs a token with a key the service's servers share (HMAC-SHA256, as a
//! JSON Web Token's HS256 signature, RFC 7519 §3 and RFC 7518 §3.2), so a
//! presence server or the game server checks it without asking the login
//! server again. A matchmaker's ticket to a game is signed the same way.

use std::borrow::Cow;

use cslab_login::pbkdf2::hmac_sha256;
use cslab_sim::net::Addr;
use cslab_sim::proto::base64;

/// One account: the lesson's are written in the code, a sandbox's players
/// are made as it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: u32,
    pub name: Cow<'static, str>,
    pub password: Cow<'static, str>,
}

/// The learner's player, and her friend.
pub const ALICE: Account = Account {
    id: 1000,
    name: Cow::Borrowed("alice"),
    password: Cow::Borrowed("correct horse"),
};
pub const BOB: Account = Account {
    id: 1001,
    name: Cow::Borrowed("bob"),
    password: Cow::Borrowed("battery staple"),
};
pub const ACCOUNTS: [Account; 2] = [ALICE, BOB];

/// Alice and Bob are each other's friends.
pub fn are_friends(a: &str, b: &str) -> bool {
    a != b
        && [a, b]
            .iter()
            .all(|name| ACCOUNTS.iter().any(|acc| acc.name == *name))
}

/// The key the service's servers share (never sent).
const SERVICE_KEY: &[u8] = b"the game service's signing key";

fn signature(text: &str) -> String {
    // Half of HMAC-SHA256's 32 bytes: RFC 2104 §5 lets a tag be cut to no
    // less than half the hash.
    base64::encode(&hmac_sha256(SERVICE_KEY, text.as_bytes())[..16])
}

/// `text.signature`.
pub fn sign(text: &str) -> String {
    format!("{text}.{}", signature(text))
}

/// What a signed value says, if its signature is right.
pub fn verify(signed: &str) -> Option<&str> {
    let (text, tag) = signed.rsplit_once('.')?;
    (signature(text) == tag).then_some(text)
}

/// An account's token: its id and name, signed.
pub fn token(account: &Account) -> String {
    sign(&format!("{}:{}", account.id, account.name))
}

/// The player a token names, if it is the service's.
pub fn player_of(token: &str) -> Option<&str> {
    verify(token)?.split(':').nth(1)
}

/// The presence cluster's servers, and which one an account belongs to:
/// account id mod the number of servers (so a player's friends can be
/// anywhere; the servers tell each other).
pub const PRESENCE: [Addr; 2] = [Addr::new(203, 0, 113, 21), Addr::new(203, 0, 113, 22)];

/// The servers of the presence `cluster` in the order an account tries
/// them: its own first, then the others.
pub fn presence_for(id: u32, cluster: &[Addr]) -> Vec<Addr> {
    let home = id as usize % cluster.len().max(1);
    (0..cluster.len())
        .map(|i| cluster[(home + i) % cluster.len()])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_checked_by_its_signature() {
        let alice = token(&ALICE);
        assert!(alice.starts_with("1000:alice."));
        assert_eq!(player_of(&alice), Some("alice"));
        // Changing the name breaks the signature.
        let forged = alice.replace("alice", "bob1");
        assert_eq!(player_of(&forged), None);
        assert_eq!(presence_for(ALICE.id, &PRESENCE), PRESENCE.to_vec());
        assert_eq!(presence_for(BOB.id, &PRESENCE), [PRESENCE[1], PRESENCE[0]]);
        assert!(are_friends("alice", "bob") && !are_friends("alice", "alice"));
    }
}
