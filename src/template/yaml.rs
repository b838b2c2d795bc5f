//! A small YAML emitter for template documents.
//!
//! Written here rather than taken from a serializer crate so that quoting is conservative and
//! stable: a string is left plain only when no YAML 1.1 or 1.2 reader could take it for
//! anything else (`yes`, `1e3`, `2024-01-01`, `: `), so every consumer (CloudFormation,
//! cfn-lint, PyYAML, editors) reads back exactly the JSON document we emit beside it.

use std::fmt::Write;

use serde_json::Value;

use super::json_text::push_string;

/// The document as block-style YAML, ending in a newline.
pub fn to_yaml(document: &Value) -> String {
    // Room for every blueprint's template (30-60 KB) from the start: growing from 16 KB
    // copied 48 KB twice per template, 1% of `synth --all`.
    let mut out = String::with_capacity(64 * 1024);
    write_document(&mut out, document);
    out
}

/// The length in bytes of [`to_yaml`]'s text, counted without writing it: what layer 1
/// measures the deployed body by when the template is printed as JSON.
pub fn yaml_len(document: &Value) -> usize {
    let mut length = Length(0);
    write_document(&mut length, document);
    length.0
}

/// Where the emitter's text goes: a `String`, or a count of its bytes.
trait Out: Write {
    fn push(&mut self, c: char);
    fn push_str(&mut self, s: &str);
}

impl Out for String {
    #[inline]
    fn push(&mut self, c: char) {
        String::push(self, c);
    }
    #[inline]
    fn push_str(&mut self, s: &str) {
        String::push_str(self, s);
    }
}

/// The byte count of the text written to it.
struct Length(usize);

impl Write for Length {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

impl Out for Length {
    fn push(&mut self, c: char) {
        self.0 += c.len_utf8();
    }
    fn push_str(&mut self, s: &str) {
        self.0 += s.len();
    }
}

fn write_document(out: &mut impl Out, document: &Value) {
    match document {
        Value::Object(map) if !map.is_empty() => write_map(out, map, 0),
        Value::Array(items) if !items.is_empty() => write_list(out, items, 0),
        scalar => {
            write_inline(out, scalar);
            out.push('\n');
        }
    }
}

fn indent(out: &mut impl Out, level: usize) {
    // A slice of spaces, not `level` pushes of one char: indentation is a fifth of the text.
    const SPACES: &str = "                                                                ";
    if level <= SPACES.len() {
        out.push_str(&SPACES[..level]);
        return;
    }
    let mut left = level;
    while left > 0 {
        let step = left.min(SPACES.len());
        out.push_str(&SPACES[..step]);
        left -= step;
    }
}

/// Writes `value` after a `key:` or `- ` that is already on the line.
fn write_after_key(out: &mut impl Out, value: &Value, level: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(out, map, level + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_list(out, items, level + 2);
        }
        scalar => {
            out.push(' ');
            write_inline(out, scalar);
            out.push('\n');
        }
    }
}

fn write_map(out: &mut impl Out, map: &serde_json::Map<String, Value>, level: usize) {
    for (key, value) in map {
        indent(out, level);
        write_string(out, key);
        out.push(':');
        write_after_key(out, value, level);
    }
}

fn write_list(out: &mut impl Out, items: &[Value], level: usize) {
    for item in items {
        indent(out, level);
        out.push('-');
        match item {
            // A map item starts on the dash line: `- Key: value`, then aligned keys.
            Value::Object(map) if !map.is_empty() => {
                let mut first = true;
                for (key, value) in map {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        indent(out, level + 2);
                    }
                    write_string(out, key);
                    out.push(':');
                    write_after_key(out, value, level + 2);
                }
            }
            Value::Array(nested) if !nested.is_empty() => {
                out.push('\n');
                write_list(out, nested, level + 2);
            }
            scalar => {
                out.push(' ');
                write_inline(out, scalar);
                out.push('\n');
            }
        }
    }
}

fn write_inline(out: &mut impl Out, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write!(out, "{n}").expect("writing to a String cannot fail"),
        Value::String(s) => write_string(out, s),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// Inlined into each writer: most strings are plain, and their path is a scan and a copy.
#[inline(always)]
fn write_string(out: &mut impl Out, s: &str) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else {
        write_quoted(out, s);
    }
}

#[inline(never)]
fn write_quoted(out: &mut impl Out, s: &str) {
    if has_control(s) {
        // JSON string escapes are valid YAML double-quoted escapes. (Rare: written apart.)
        let mut quoted = String::new();
        push_string(&mut quoted, s);
        out.push_str(&quoted);
    } else {
        // Quotes doubled as the text is copied: no second string to build.
        out.push('\'');
        for (i, part) in s.split('\'').enumerate() {
            if i > 0 {
                out.push_str("''");
            }
            out.push_str(part);
        }
        out.push('\'');
    }
}

/// Whether `s` holds a control character (`char::is_control`). Bytes below 0x20 and DEL are
/// ones; C1 controls (U+0080..U+009F) start with the byte 0xC2, so only a string holding
/// that byte is read again char by char. Checked sixteen bytes at a time, without a branch
/// per byte: the dashboard's body alone is 6 KB.
fn has_control(s: &str) -> bool {
    let suspect = s.as_bytes().chunks(16).any(|chunk| {
        chunk.iter().fold(false, |seen, &b| {
            seen | (b < 0x20) | (b == 0x7f) | (b == 0xc2)
        })
    });
    suspect && s.chars().any(char::is_control)
}

/// Words YAML 1.1 resolves to booleans or null (case-insensitively, to be safe).
const RESERVED_WORDS: &[&str] = &[
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
];

/// Bytes a plain scalar may not hold: all but ASCII letters, digits and `_-./:${}()*,=+@' `.
const NOT_PLAIN: u8 = 1;
/// `:`, allowed but not before a space.
const COLON: u8 = 2;
const BYTE_CLASS: [u8; 256] = {
    let mut table = [NOT_PLAIN; 256];
    let mut byte = 0;
    while byte < 256 {
        if (byte as u8).is_ascii_alphanumeric() {
            table[byte] = 0;
        }
        byte += 1;
    }
    let others = b"_-./${}()*,=+@' ";
    let mut i = 0;
    while i < others.len() {
        table[others[i] as usize] = 0;
        i += 1;
    }
    table[b':' as usize] = COLON;
    table
};

/// One pass over the bytes: every string of the template is asked this, most of them plain.
// Inlined into each writer: called apart, it took a tenth more instructions.
#[inline(always)]
fn is_plain_safe(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    // A letter, `_`, `/` or `$` first rules out numbers, dates, indicators and anchors.
    if !(first.is_ascii_alphabetic() || matches!(first, b'_' | b'/' | b'$')) {
        return false;
    }
    // One table lookup a byte, or-ed together with no branch: whether any byte is not
    // allowed, and whether there is a `:` at all.
    let seen = bytes[1..]
        .iter()
        .fold(0u8, |seen, &b| seen | BYTE_CLASS[b as usize]);
    if seen & NOT_PLAIN != 0 {
        return false;
    }
    // `: ` would start a mapping value. (` #`, a comment, cannot occur: `#` is not allowed.)
    if seen & COLON != 0 && bytes.windows(2).any(|pair| pair == b": ") {
        return false;
    }
    // The longest reserved word is `false`, and each starts with one of `ynotf` (`~` is
    // not a letter): any other string is none of them.
    let last = bytes[bytes.len() - 1];
    !matches!(last, b' ' | b':')
        && (bytes.len() > 5
            || !matches!(first | 0x20, b'y' | b'n' | b'o' | b't' | b'f')
            || !RESERVED_WORDS
                .iter()
                .any(|word| s.eq_ignore_ascii_case(word)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(value: &Value) -> Value {
        let yaml = to_yaml(value);
        serde_norway::from_str(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
    }

    #[test]
    fn ambiguous_strings_are_quoted_and_read_back_as_strings() {
        let tricky = json!([
            "yes",
            "No",
            "on",
            "Off",
            "TRUE",
            "False",
            "Y",
            "n",
            "null",
            "~",
            "",
            "123",
            "1e3",
            "0x1F",
            "2024-01-01",
            "12:30",
            "a: b",
            "a #b",
            "-dash",
            "'quoted'",
            "it's",
            "trailing ",
            ":end",
            "{\"json\": 1}",
            "line\nbreak",
            "tab\there",
            ".inf",
            "#comment",
            "*star",
            "&anchor",
            "!tag",
            "%pct",
            "@at",
            "`tick`",
            "[list]",
            "?q",
            "|pipe",
            ">fold",
            "ünï"
        ]);
        assert_eq!(round_trip(&tricky), tricky);
    }

    #[test]
    fn control_characters_are_found_as_char_is_control_finds_them() {
        for c in (0u32..0x800).filter_map(char::from_u32) {
            for text in [format!("{c}"), format!("a long prefix of seventeen {c} b")] {
                assert_eq!(has_control(&text), c.is_control(), "{c:?}");
            }
        }
    }

    #[test]
    fn the_counted_length_is_the_written_text_s() {
        let mut documents: Vec<Value> = crate::blueprint::BlueprintName::ALL
            .iter()
            .map(|blueprint| {
                crate::synth::unvalidated(&blueprint.defaults(), &[])
                    .expect("the defaults synthesize")
            })
            .collect();
        documents.push(json!({"A": ["yes", "line\nbreak", "it's", "ünï", 1.5, -3, null, {}, []]}));
        documents.push(json!("a scalar"));
        for document in documents {
            assert_eq!(yaml_len(&document), to_yaml(&document).len());
        }
    }

    #[test]
    fn plain_strings_stay_plain() {
        let yaml = to_yaml(&json!({"Fn::GetAtt": ["Table", "Arn"], "S": "${AWS::StackName}-X"}));
        assert_eq!(
            yaml,
            "Fn::GetAtt:\n  - Table\n  - Arn\nS: ${AWS::StackName}-X\n"
        );
    }

    #[test]
    fn nested_structures_round_trip() {
        let doc = json!({
            "A": {"B": [{"C": 1, "D": [true, false, null]}, [1, 2], [], {}], "E": {}},
            "F": [[{"G": "h"}]],
            "N": -5,
            "X": 1.5
        });
        assert_eq!(round_trip(&doc), doc);
    }
}
