//! Reading the few flat JSON values this service's messages carry (the
//! messages are written by the service itself, so a string has no escapes).

/// The string value of `"key"` in `json`.
pub fn string<'j>(json: &'j str, key: &str) -> Option<&'j str> {
    let rest = json.split(&format!(r#""{key}":""#)).nth(1)?;
    rest.split('"').next()
}

/// The number value of `"key"` in `json`.
pub fn number(json: &str, key: &str) -> Option<u64> {
    let rest = json.split(&format!(r#""{key}":"#)).nth(1)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The strings of the array `"key"` in `json`.
pub fn strings<'j>(json: &'j str, key: &str) -> Vec<&'j str> {
    let Some(rest) = json.split(&format!(r#""{key}":["#)).nth(1) else {
        return Vec::new();
    };
    let inside = rest.split(']').next().unwrap_or_default();
    (inside.split(','))
        .map(|item| item.trim_matches('"'))
        .filter(|item| !item.is_empty())
        .collect()
}

/// A dotted IPv4 address, as the service's messages write one.
pub fn addr(text: &str) -> Option<cslab_sim::net::Addr> {
    let octets: Vec<u8> = text
        .split('.')
        .filter_map(|part| part.parse().ok())
        .collect();
    match octets[..] {
        [a, b, c, d] => Some(cslab_sim::net::Addr::new(a, b, c, d)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back() {
        let json =
            r#"{"id":1000,"token":"a.b","presence":["203.0.113.21","203.0.113.22"],"none":[]}"#;
        assert_eq!(string(json, "token"), Some("a.b"));
        assert_eq!(number(json, "id"), Some(1000));
        assert_eq!(strings(json, "presence"), ["203.0.113.21", "203.0.113.22"]);
        assert!(strings(json, "none").is_empty());
        assert_eq!(string(json, "missing"), None);
        assert_eq!(
            addr("203.0.113.21"),
            Some(cslab_sim::net::Addr::new(203, 0, 113, 21))
        );
        assert_eq!(addr("203.0.113"), None);
    }
}
