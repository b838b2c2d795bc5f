//! JSON duplicate keys. serde_json keeps the last of two equal keys silently, and YAML's
//! parser refuses them; CloudFormation refuses them too, so a JSON template with one is bad
//! input, reported with both lines.

use std::collections::HashMap;

enum Frame {
    Object {
        keys: HashMap<String, usize>,
        expecting_key: bool,
    },
    Array,
}

/// The first key that appears twice in one object of valid JSON `text`, as
/// `"key" on lines A and B`.
pub fn duplicate_key(text: &str) -> Option<String> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut line = 1;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        match c {
            '\n' => line += 1,
            '{' => stack.push(Frame::Object {
                keys: HashMap::new(),
                expecting_key: true,
            }),
            '[' => stack.push(Frame::Array),
            '}' | ']' => {
                stack.pop();
            }
            ',' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = true;
                }
            }
            '"' => {
                let mut end = start + 1;
                let mut escaped = false;
                for (i, c) in chars.by_ref() {
                    end = i + c.len_utf8();
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => break,
                        _ => escaped = false,
                    }
                }
                if let Some(Frame::Object {
                    keys,
                    expecting_key,
                }) = stack.last_mut()
                {
                    if *expecting_key {
                        *expecting_key = false;
                        // Decoded, so `"\u0041"` and `"A"` are the same key.
                        let key: String = serde_json::from_str(&text[start..end]).ok()?;
                        if let Some(first) = keys.insert(key.clone(), line) {
                            let quoted = serde_json::Value::String(key);
                            return Some(format!("{quoted} on lines {first} and {line}"));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_is_named_with_both_lines() {
        let text = "{\n \"Resources\": {\n  \"A\": {\"Type\": \"x\"},\n  \"B\": [\"A\", \"A\"],\n  \"\\u0041\": {}\n }\n}";
        assert_eq!(duplicate_key(text).unwrap(), "\"A\" on lines 3 and 5");
        assert_eq!(duplicate_key("{\"a\": {\"a\": 1}, \"b\": \"a\"}"), None);
        assert_eq!(
            duplicate_key("{\"a\\\"\": 1, \"a\\\"\": 2}").unwrap(),
            "\"a\\\"\" on lines 1 and 1"
        );
    }
}
