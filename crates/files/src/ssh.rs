//! SSH's transport (RFC 4253) as two OpenSSH 9.6p1 (Ubuntu 24.04) ends
//! speak it: what each message is called and how many bytes it takes.
//!
//! After the identification strings (§4.2), every message travels in a
//! binary packet (§6): `uint32 packet_length`, `byte padding_length`, the
//! payload, at least 4 bytes of random padding so that the whole is a
//! multiple of 8 bytes, then (once keys are in use) the MAC. Until NEWKEYS
//! (§7.3) packets are in clear; after it, with chacha20-poly1305@openssh.com
//! (OpenSSH's first choice of cipher, PROTOCOL.chacha20poly1305), the
//! length, the padding and the payload are encrypted and a 16-byte
//! Poly1305 tag follows: an observer on the path sees how long each packet
//! is, nothing else.

use cslab_sim::proto::host::Net;
use cslab_sim::proto::tcp::ConnId;
use cslab_sim::proto::text::{TextProtocol, send_encrypted, send_text};

/// A binary packet's bytes on the wire for a payload of `payload` bytes.
pub fn packet_bytes(payload: u32, encrypted: bool) -> u32 {
    // packet_length, padding_length, payload: padded to a multiple of 8
    // with 4 bytes at least (RFC 4253 §6).
    let unpadded = 4 + 1 + payload;
    let mut padding = 8 - unpadded % 8;
    if padding < 4 {
        padding += 8;
    }
    unpadded + padding + if encrypted { 16 } else { 0 }
}

/// An SSH `string` of `len` bytes: its uint32 length, then the bytes.
pub const fn string(len: usize) -> u32 {
    4 + len as u32
}

/// The name-lists of a KEXINIT (§7.1), OpenSSH 9.6's defaults
/// (`myproposal.h`): key exchange, host key, cipher and MAC (each
/// direction), compression (each direction), languages (each direction).
pub struct Proposal {
    pub kex: &'static str,
    pub host_key: &'static str,
    pub cipher: &'static str,
    pub mac: &'static str,
    pub compression: &'static str,
}

/// Both ends' key exchange methods, best first.
macro_rules! kex_methods {
    () => {
        "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256"
    };
}
const CIPHERS: &str = "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com";
const MACS: &str = "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1";

/// The client's: every host key type it accepts; `ext-info-c` and
/// `kex-strict-c-v00@openssh.com` are markers, not methods (RFC 8308 §2.1,
/// OpenSSH's PROTOCOL "strict key exchange"); no compression
/// (`Compression no`).
pub const CLIENT_PROPOSAL: Proposal = Proposal {
    kex: concat!(kex_methods!(), ",ext-info-c,kex-strict-c-v00@openssh.com"),
    host_key: "ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256",
    cipher: CIPHERS,
    mac: MACS,
    compression: "none",
};

/// The server's: the host keys Ubuntu generates (RSA, ECDSA, Ed25519) and
/// delayed compression offered.
pub const SERVER_PROPOSAL: Proposal = Proposal {
    kex: concat!(kex_methods!(), ",ext-info-s,kex-strict-s-v00@openssh.com"),
    host_key: "rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256,ssh-ed25519",
    cipher: CIPHERS,
    mac: MACS,
    compression: "none,zlib@openssh.com",
};

impl Proposal {
    /// The first key exchange method of the client's the server also
    /// offers (RFC 4253 §7.1): both ends reach it without a word more.
    pub fn agreed_kex(client: &Proposal, server: &Proposal) -> &'static str {
        let offered: Vec<&str> = server.kex.split(',').collect();
        (client.kex.split(','))
            .find(|method| offered.contains(method))
            .unwrap_or_default()
    }

    /// SSH_MSG_KEXINIT's payload: its number, a 16-byte cookie, ten
    /// name-lists, `first_kex_packet_follows` and a reserved uint32.
    pub fn kexinit_payload(&self) -> u32 {
        let lists = [
            self.kex,
            self.host_key,
            self.cipher,
            self.cipher,
            self.mac,
            self.mac,
            self.compression,
            self.compression,
            "",
            "",
        ];
        1 + 16 + lists.iter().map(|list| string(list.len())).sum::<u32>() + 1 + 4
    }
}

/// The key exchange both OpenSSH 9.6 ends agree on: Streamlined NTRU Prime
/// with X25519, OpenSSH's default since 9.0 (its release notes), in
/// SSH_MSG_KEX_ECDH_INIT and _REPLY (RFC 5656 §4's messages; the draft
/// draft-josefsson-ntruprime-ssh). The client's ephemeral key is an
/// sntrup761 public key (1,158 bytes) and an X25519 one (32); the server
/// answers with a ciphertext (1,039 bytes) and its X25519 key (32).
pub const KEX_NAME: &str = "sntrup761x25519-sha512@openssh.com";
pub const ECDH_INIT_PAYLOAD: u32 = 1 + string(1158 + 32);
/// The reply: the host key (`ssh-ed25519`, 32 bytes: a blob of 51), the
/// server's part, and its Ed25519 signature of the exchange (a blob of 83).
pub const ECDH_REPLY_PAYLOAD: u32 =
    1 + string(string(11) as usize + string(32) as usize) + string(1039 + 32) + string(83);
/// NEWKEYS is its message number alone.
pub const NEWKEYS_PAYLOAD: u32 = 1;

/// One end of an SSH connection: whether its keys are in use yet.
#[derive(Clone, Copy, Debug, Default)]
pub struct Transport {
    /// NEWKEYS sent: what it sends from now on is encrypted.
    pub keys_out: bool,
}

impl Transport {
    /// Sends the identification string (§4.2), in clear, with its CRLF.
    pub fn identify(net: &mut Net, conn: ConnId, id: &str) {
        send_text(net, conn, TextProtocol::Ssh, id, None, false);
    }

    /// Sends one message of `payload` bytes in a binary packet, named by
    /// `line` (its SSH_MSG_ name and fields), as SSH or, for what rides in
    /// the SFTP channel, as SFTP.
    pub fn send(
        &mut self,
        net: &mut Net,
        conn: ConnId,
        protocol: TextProtocol,
        line: &str,
        payload: u32,
    ) {
        let bytes = packet_bytes(payload, self.keys_out);
        if self.keys_out {
            send_encrypted(net, conn, protocol, line, bytes);
        } else {
            send_text(net, conn, protocol, line, Some(bytes), false);
        }
        if line == "SSH_MSG_NEWKEYS" {
            self.keys_out = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packets_are_padded_to_eight_bytes_with_four_at_least() {
        // NEWKEYS: 4 + 1 + 1 = 6, 2 short of 8: padding 2 < 4, so 10: 16.
        assert_eq!(packet_bytes(1, false), 16);
        // Encrypted, the Poly1305 tag follows: 32.
        assert_eq!(packet_bytes(1, true), 32);
        // 4 + 1 + 3 = 8: a whole block already, padding 8.
        assert_eq!(packet_bytes(3, false), 16);
        // 4 + 1 + 7 = 12: padding 4, 16.
        assert_eq!(packet_bytes(7, false), 16);
    }

    #[test]
    fn openssh_ends_agree_on_ntru_prime_with_x25519() {
        let agreed = Proposal::agreed_kex(&CLIENT_PROPOSAL, &SERVER_PROPOSAL);
        assert_eq!(agreed, KEX_NAME);
        assert!(CLIENT_PROPOSAL.kex.starts_with(kex_methods!()));
        // 1 + 4 + 1190; the reply: 1 + (4 + 51) + (4 + 1071) + (4 + 83).
        assert_eq!(ECDH_INIT_PAYLOAD, 1195);
        assert_eq!(ECDH_REPLY_PAYLOAD, 1218);
    }

    #[test]
    fn a_kexinit_counts_its_lists() {
        let bare = Proposal {
            kex: "a",
            host_key: "bb",
            cipher: "",
            mac: "",
            compression: "none",
        };
        // 1 + 16 + ten lengths (40) + 1 + 2 + 4 + 4 + 1 + 4 = 73.
        assert_eq!(bare.kexinit_payload(), 1 + 16 + 40 + 1 + 2 + 4 + 4 + 1 + 4);
    }
}
