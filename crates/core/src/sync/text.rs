//! Small text formats of the protocol: UUIDs, RFC 3339 timestamps, URL percent-encoding.

use crate::expression::Date;

/// True for a UUID written as 36 characters `8-4-4-4-12` hex digits (any version, either
/// case), e.g. `0b5c6f3e-8d1a-4f2b-9c3d-5e6f7a8b9c0d`.
pub fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// True for an RFC 3339 date-time with a time zone: `2025-06-01T08:30:00Z`,
/// `2025-06-01T15:30:00.125+07:00` (what JavaScript's `toISOString()` writes is accepted).
pub fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let shape = b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && matches!(b[10], b'T' | b't')
        && b[13] == b':'
        && b[16] == b':';
    if !shape {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let date_ok = i32::try_from(year)
        .ok()
        .and_then(|y| Date::new(y, month, day))
        .is_some();
    let time_ok = digits(11..13).is_some_and(|h| h <= 23)
        && digits(14..16).is_some_and(|m| m <= 59)
        && digits(17..19).is_some_and(|s| s <= 60);
    if !date_ok || !time_ok {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let count = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if count == 0 {
            return false;
        }
        rest = &fraction[count..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            let two = |a: u8, b: u8| {
                (a.is_ascii_digit() && b.is_ascii_digit()).then(|| (a - b'0') * 10 + (b - b'0'))
            };
            two(*h1, *h2).is_some_and(|h| h <= 23) && two(*m1, *m2).is_some_and(|m| m <= 59)
        }
        _ => false,
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters (`A–Z a–z 0–9 - . _ ~`), so
/// the result is safe in a URL's query or fragment. Text is encoded as UTF-8.
pub fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

/// Decodes `%XX` escapes (and nothing else: `+` stays `+`). `None` when an escape is cut
/// short, is not hex, or the bytes are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let text = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(text, 16).ok()?);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn uuids_of_any_version_and_case() {
        assert!(is_uuid("0b5c6f3e-8d1a-4f2b-9c3d-5e6f7a8b9c0d"));
        assert!(is_uuid("0B5C6F3E-8D1A-4F2B-9C3D-5E6F7A8B9C0D"));
        assert!(!is_uuid("0b5c6f3e8d1a4f2b9c3d5e6f7a8b9c0d"));
        assert!(!is_uuid("0b5c6f3e-8d1a-4f2b-9c3d-5e6f7a8b9c0g"));
        assert!(!is_uuid("{0b5c6f3e-8d1a-4f2b-9c3d-5e6f7a8b9c0d}"));
        assert!(!is_uuid(""));
    }

    #[test]
    fn rfc3339_timestamps() {
        for good in [
            "2025-06-01T08:30:00Z",
            "2025-06-01T08:30:00.125Z",
            "2025-06-01t15:30:00+07:00",
            "2024-02-29T23:59:60-05:30",
        ] {
            assert!(is_timestamp(good), "{good}");
        }
        for bad in [
            "2025-06-01",
            "2025-06-01T08:30:00",
            "2025-06-01 08:30:00Z",
            "2025-02-30T08:30:00Z",
            "2025-06-01T24:00:00Z",
            "2025-06-01T08:30:00.Z",
            "2025-06-01T08:30:00+0700",
            "2025-06-01T08:30:00+07:00 ",
            "yesterday at noon, roughly",
        ] {
            assert!(!is_timestamp(bad), "{bad}");
        }
    }

    #[test]
    fn percent_encoding_round_trips_vietnamese_and_urls() {
        let text = "https://pq.example.vn:8443/a b?x=1&y=Đồng";
        let encoded = percent_encode(text);
        assert_eq!(
            encoded,
            "https%3A%2F%2Fpq.example.vn%3A8443%2Fa%20b%3Fx%3D1%26y%3D%C4%90%E1%BB%93ng"
        );
        assert_eq!(percent_decode(&encoded).as_deref(), Some(text));
        assert_eq!(percent_decode("a+b").as_deref(), Some("a+b"));
        assert_eq!(percent_decode("%4"), None);
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%FF"), None);
    }
}
