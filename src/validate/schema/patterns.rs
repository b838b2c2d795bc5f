//! The provider schemas' `pattern`s, compiled once per process. They are written for
//! ECMA/Python engines: fancy-regex (already linked for cfn-guard) reads lookarounds too. A
//! pattern it cannot compile decides nothing.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use fancy_regex::Regex;

/// Whether `text` contains a match of `pattern` (JSON Schema's unanchored search); `None`
/// when the pattern cannot be compiled or the match gives up.
pub fn matches(pattern: &str, text: &str) -> Option<bool> {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    let regex = cache
        .entry(pattern.to_string())
        .or_insert_with(|| Regex::new(&ecma(pattern)).ok())
        .as_ref()?;
    regex.is_match(text).ok()
}

/// Python's end-of-text `\Z` (cfn-lint's engine) is `\z` here; the rest of the syntax the
/// schemas use reads the same.
fn ecma(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '\\' {
            match chars.next() {
                Some('Z') => out.push('z'),
                Some(next) => out.push(next),
                None => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_end_anchors_and_unicode_escapes_compile() {
        assert_eq!(matches(r"^[a-z]{1,3}\Z", "abc"), Some(true));
        assert_eq!(matches(r"^[a-z]{1,3}\Z", "abcd"), Some(false));
        assert_eq!(
            matches(r"^(\u002F)|(\u002F[\u0021-\u007E]+\u002F)$", "/a/"),
            Some(true)
        );
        assert_eq!(
            matches(r"^(\u002F)|(\u002F[\u0021-\u007E]+\u002F)$", "a"),
            Some(false)
        );
        assert_eq!(matches(r"(?<=a)b", "ab"), Some(true));
        assert_eq!(matches(r"(unclosed", "x"), None);
    }
}
