//! The login's HTTP messages: heads kept as text
//! ([`cslab_sim::proto::http_message`]), with the cookies and forms that
//! what this lesson teaches travels in (`Cookie`, `Set-Cookie`, form
//! bodies).

pub use cslab_sim::proto::http_message::{Outgoing, header_values, request, response, send};

/// The cookie `name` a request's `Cookie` header carries (RFC 6265 §4.2).
pub fn cookie<'h>(head: &'h str, name: &str) -> Option<&'h str> {
    header_values(head, "Cookie")
        .flat_map(|value| value.split("; "))
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

/// `application/x-www-form-urlencoded` (the WHATWG URL standard): names
/// and values percent-encoded, except letters, digits and `*-._`.
pub fn form_encode(fields: &[(&str, &str)]) -> String {
    let encode = |text: &str| -> String {
        text.bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                    (b as char).to_string()
                }
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    fields
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of field `name` in a form body.
pub fn form_field(body: &str, name: &str) -> Option<String> {
    let raw = body
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))?;
    let mut bytes = Vec::new();
    let mut rest = raw.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        match b {
            b'%' if tail.len() >= 2 => {
                let hex = std::str::from_utf8(&tail[..2]).ok()?;
                bytes.push(u8::from_str_radix(hex, 16).ok()?);
                rest = &tail[2..];
                continue;
            }
            b'+' => bytes.push(b' '),
            _ => bytes.push(b),
        }
        rest = tail;
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_cookies_read_back() {
        let body = form_encode(&[("username", "alice"), ("next", "/notes/alice/")]);
        assert_eq!(body, "username=alice&next=%2Fnotes%2Falice%2F");
        assert_eq!(form_field(&body, "next").as_deref(), Some("/notes/alice/"));
        assert_eq!(form_field(&body, "password"), None);
        let head = "GET / HTTP/1.1\r\nHost: h\r\ncookie: csrftoken=abc; sessionid=xyz\r\n\r\n";
        assert_eq!(cookie(head, "sessionid"), Some("xyz"));
        assert_eq!(cookie(head, "csrftoken"), Some("abc"));
        assert_eq!(cookie(head, "session"), None);
    }
}
