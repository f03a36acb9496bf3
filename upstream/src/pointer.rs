//! JSON pointers (RFC 6901): building, splitting and the prefix relation the
//! deviation matcher uses.

/// Appends `segment` to a JSON pointer, escaping `~` as `~0` and `/` as `~1`.
pub fn push(base: &str, segment: &str) -> String {
    let mut out = String::with_capacity(base.len() + segment.len() + 1);
    out.push_str(base);
    out.push('/');
    for ch in segment.chars() {
        match ch {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Builds a pointer from unescaped segments.
pub fn from_segments<'a>(segments: impl IntoIterator<Item = &'a str>) -> String {
    segments.into_iter().fold(String::new(), |acc, s| push(&acc, s))
}

/// Splits a pointer into unescaped segments; `None` when it is not a valid
/// pointer (it must be empty or start with `/`, and `~` must be followed by
/// `0` or `1`).
pub fn segments(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/').map(unescape).collect()
}

fn unescape(segment: &str) -> Option<String> {
    let mut out = String::with_capacity(segment.len());
    let mut chars = segment.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Whether `prefix` equals `pointer` or names one of its ancestors, segment by
/// segment (`/definitions/Group` is a prefix of `/definitions/Group/required`
/// but not of `/definitions/GroupType`).
pub fn is_prefix(prefix: &str, pointer: &str) -> bool {
    match pointer.strip_prefix(prefix) {
        Some(rest) => rest.is_empty() || rest.starts_with('/'),
        None => false,
    }
}

/// Decodes the `%XX` escapes a URI fragment may carry (`#/paths/~1a%7Bid%7D`).
pub(crate) fn percent_decode(fragment: &str) -> Option<String> {
    if !fragment.contains('%') {
        return Some(fragment.to_owned());
    }
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = fragment.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_escapes_slash_and_tilde() {
        assert_eq!(from_segments(["paths", "/groups/{id}", "get"]), "/paths/~1groups~1{id}/get");
        assert_eq!(push("", "a~b"), "/a~0b");
    }

    #[test]
    fn segments_round_trip_and_refuse_bad_escapes() {
        assert_eq!(segments("/paths/~1a~0b/get").unwrap(), vec!["paths", "/a~b", "get"]);
        assert_eq!(segments("").unwrap(), Vec::<String>::new());
        assert!(segments("paths").is_none());
        assert!(segments("/a~2").is_none());
        assert!(segments("/a~").is_none());
    }

    #[test]
    fn prefix_is_segment_wise() {
        assert!(is_prefix("/definitions/Group", "/definitions/Group"));
        assert!(is_prefix("/definitions/Group", "/definitions/Group/required/0"));
        assert!(!is_prefix("/definitions/Group", "/definitions/GroupType"));
        assert!(is_prefix("", "/anything"));
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("/a%7Bid%7D").unwrap(), "/a{id}");
        assert!(percent_decode("/a%7").is_none());
    }
}
