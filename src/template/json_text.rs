//! JSON text written straight into a `String`, for bodies built piece by piece (a dashboard's):
//! no `serde_json::Value` tree to build, clone and serialize. Strings are escaped exactly as
//! serde_json escapes them, so the text is the bytes `serde_json::to_string` gives.

use crate::decimal::Decimal;
use std::fmt::Write;

/// `"text"`, escaped.
pub fn push_string(out: &mut String, text: &str) {
    out.push('"');
    push_escaped(out, text);
    out.push('"');
}

/// The bytes JSON escapes: `"`, `\\` and the control characters below 0x20.
const ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// `text` escaped for the inside of a JSON string: `"`, `\` and the control characters, each as
/// serde_json writes it (`\n`, `\u001f`); everything else as it is.
pub fn push_escaped(out: &mut String, text: &str) {
    // Most texts need no escape: one branch-free pass says so (a table lookup a byte, where
    // three comparisons a byte were 4.9M instructions of `synth --all` over 200 profiles),
    // and they are copied whole.
    let needs_escape = text
        .bytes()
        .fold(false, |seen, b| seen | ESCAPED[usize::from(b)]);
    if !needs_escape {
        out.push_str(text);
        return;
    }
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escape: &str = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[start..at]);
        if escape.is_empty() {
            write!(out, "\\u{byte:04x}").expect("writing to a String cannot fail");
        } else {
            out.push_str(escape);
        }
        start = at + 1;
    }
    out.push_str(&text[start..]);
}

/// `"key":`, for the builders' own keys: plain ASCII words, copied as they are.
pub fn push_key(out: &mut String, key: &'static str) {
    debug_assert!(key.bytes().all(|b| b.is_ascii_alphanumeric()), "{key}");
    out.push('"');
    out.push_str(key);
    out.push_str("\":");
}

/// A whole number, digit by digit (`crate::decimal`): `write!` took about 200 instructions
/// for each of the dashboards' thousands of coordinates and periods.
pub fn push_integer(out: &mut String, number: impl Into<i64>) {
    let number = number.into();
    if number < 0 {
        out.push('-');
    }
    Decimal::new(number.unsigned_abs()).push_to(out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut every_control: String = (0u8..0x20).map(char::from).collect();
        every_control.push('\u{7f}');
        for text in [
            "",
            "plain",
            "quote \" and backslash \\",
            "${AWS::Region}",
            "ünï “quotes” 😀",
            "tab\tline\nreturn\r",
            &every_control,
        ] {
            let mut ours = String::new();
            push_string(&mut ours, text);
            assert_eq!(ours, serde_json::to_string(text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn integers_are_written_as_serde_json_writes_them() {
        for number in [0i64, 7, 9, 10, -1, -12, 60_000, i64::MAX, i64::MIN] {
            let mut ours = String::new();
            push_integer(&mut ours, number);
            assert_eq!(ours, serde_json::to_string(&number).unwrap());
        }
    }
}
