//! The values a machine's settings and a client's task take, and how each
//! is checked: a choice among words, a host or domain name, a mail address
//! or an IPv4 address.

use cslab_sim::net::Addr;

use crate::refusal::Refusal;

/// One setting of a kind of machine, or one parameter of a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    /// The message key of its name on screen.
    pub label: &'static str,
    pub takes: Takes,
    /// Its value on a new machine (empty for an address: the sandbox gives
    /// a free one).
    pub default: &'static str,
    /// Added to the format after files were saved without it: a file that
    /// lacks it reads as if it held the default (others must have it).
    pub added_later: bool,
}

/// What a field takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takes {
    /// One of these words.
    Choice(&'static [&'static str]),
    /// A host or domain name.
    Name,
    /// A mail address, `alice@example.org`.
    MailAddress,
    /// An IPv4 address, unique in the network like the machines' own.
    Address,
}

/// A field of the kinds' and tasks' tables.
pub(crate) const fn field(
    key: &'static str,
    label: &'static str,
    takes: Takes,
    default: &'static str,
) -> Field {
    Field {
        key,
        label,
        takes,
        default,
        added_later: false,
    }
}

/// The name of the server a machine is, or a client asks for.
pub(crate) const fn host(default: &'static str) -> Field {
    field("host", "sandbox-field-host", Takes::Name, default)
}

impl Field {
    /// The same field, [added later](Field::added_later).
    pub(crate) const fn added_later(self) -> Field {
        Field {
            added_later: true,
            ..self
        }
    }

    /// Checks `value`; `place` names where it is, for the message.
    pub fn check(&self, value: &str, place: &str) -> Result<(), Refusal> {
        let fits = match self.takes {
            Takes::Choice(words) => {
                return match words.contains(&value) {
                    true => Ok(()),
                    false => Err(unknown_word(place, value, words)),
                };
            }
            Takes::Name => is_domain_name(value),
            Takes::MailAddress => is_mail_address(value),
            Takes::Address => return parse_address(value, place).map(|_| ()),
        };
        match fits {
            true => Ok(()),
            false => Err(Refusal::new(
                match self.takes {
                    Takes::MailAddress => "sandbox-bad-mail-address",
                    _ => "sandbox-bad-name",
                },
                &[("where", &place), ("value", &value)],
            )),
        }
    }
}

/// `value` is none of `words`.
pub fn unknown_word(place: &str, value: &str, words: &[&str]) -> Refusal {
    Refusal::new(
        "sandbox-unknown-choice",
        &[
            ("where", &place),
            ("value", &value),
            ("choices", &words.join(", ")),
        ],
    )
}

/// A host or domain name as RFC 1123 §2.1 allows one: dot-separated labels
/// of letters, digits and hyphens, each 1 to 63 characters, neither
/// beginning nor ending with a hyphen, 253 characters at most in all (RFC
/// 1035 §2.3.4's 255 octets on the wire).
pub fn is_domain_name(name: &str) -> bool {
    name.len() <= 253
        && name.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// `local@domain`: the local part a dot-atom of RFC 5322 §3.2.3 (letters,
/// digits and ``!#$%&'*+-/=?^_`{|}~``, dots between them) of at most 64
/// octets (RFC 5321 §4.5.3.1.1), the domain a name.
pub fn is_mail_address(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let atext = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b);
    local.len() <= 64
        && local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.bytes().all(atext))
        && is_domain_name(domain)
}

/// An IPv4 address in dotted decimal (four numbers from 0 to 255, no
/// leading zeros, as `inet_pton` takes them), one a machine can have: not
/// in 0.0.0.0/8 ("this network"), 127.0.0.0/8 (loopback), 224.0.0.0/4
/// (multicast) or 240.0.0.0/4 (reserved, with the broadcast address)
/// (RFC 6890 §2.2.2).
pub fn parse_address(text: &str, place: &str) -> Result<Addr, Refusal> {
    let refuse = |key| Refusal::new(key, &[("where", &place), ("value", &text)]);
    let parts: Vec<&str> = text.split('.').collect();
    let octets: Option<Vec<u8>> = (parts.len() == 4)
        .then(|| {
            (parts.iter())
                .map(|part| {
                    let plain = !part.is_empty()
                        && part.bytes().all(|b| b.is_ascii_digit())
                        && (part.len() == 1 || !part.starts_with('0'));
                    plain.then(|| part.parse().ok()).flatten()
                })
                .collect()
        })
        .flatten();
    let Some(&[a, b, c, d]) = octets.as_deref() else {
        return Err(refuse("sandbox-bad-address"));
    };
    match a {
        0 | 127 | 224.. => Err(refuse("sandbox-reserved-address")),
        _ => Ok(Addr::new(a, b, c, d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_rfc_1123() {
        for good in ["www.example.com", "com", "a-b.example", "3com.example"] {
            assert!(is_domain_name(good), "{good}");
        }
        let long = "a".repeat(64);
        for bad in ["", "a..b", "-a.example", "a-.example", "a_b.example", &long] {
            assert!(!is_domain_name(bad), "{bad}");
        }
    }

    #[test]
    fn mail_addresses_are_local_at_domain() {
        assert!(is_mail_address("bob@example.org"));
        assert!(is_mail_address("bob.smith+lab@mail.example.org"));
        for bad in [
            "bob",
            "@example.org",
            "bob@",
            "bob..smith@example.org",
            "bo b@x.org",
        ] {
            assert!(!is_mail_address(bad), "{bad}");
        }
    }

    #[test]
    fn addresses_are_dotted_quads_a_machine_can_have() {
        assert_eq!(
            parse_address("192.168.1.10", "x"),
            Ok(Addr::new(192, 168, 1, 10))
        );
        for bad in [
            "192.168.1",
            "192.168.1.256",
            "192.168.01.1",
            "a.b.c.d",
            "1.2.3.4.5",
            "",
        ] {
            assert_eq!(
                parse_address(bad, "x").unwrap_err().key,
                "sandbox-bad-address",
                "{bad}"
            );
        }
        for reserved in ["0.0.0.0", "127.0.0.1", "224.0.0.1", "255.255.255.255"] {
            assert_eq!(
                parse_address(reserved, "x").unwrap_err().key,
                "sandbox-reserved-address",
                "{reserved}"
            );
        }
    }
}
