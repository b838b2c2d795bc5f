//! The provider schemas' `pattern`s, compiled once per process. They are written for
//! ECMA/Python engines: fancy-regex (already linked for cfn-guard) reads lookarounds too. A
//! pattern it cannot compile decides nothing.
//!
//! Compiling is most of the cost of the schema rules (the `regex` engine behind fancy-regex
//! builds Unicode automata for `\w` or `.`: about 0.1 ms a pattern, dozens per template), so
//! an ASCII text is matched by regex-lite, which compiles in a few microseconds; the parsers
//! that say whether fancy-regex would compile the pattern at all run only when regex-lite
//! finds a mismatch to report. On ASCII
//! text and an ASCII pattern the two engines agree: regex-lite's classes (`\w`, `\d`, `\s`,
//! `\b`, `(?i)`) are the ASCII halves of the Unicode ones, and a text without other
//! characters cannot tell them apart. Anything else (a lookaround, `\p{..}`, a character
//! beyond ASCII in either) goes to fancy-regex; `tests::the_fast_engine_agrees_with_fancy_regex`
//! holds both to every pattern of every embedded schema.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::backtrack::Backtrack;
use super::simple_pattern::Simple;

/// One pattern, compiled by each engine the first time a text needs it (`None`: it does not
/// compile there).
#[derive(Default)]
struct Compiled {
    /// `^[class]{m,n}$` and the like, matched without an automaton.
    simple: OnceLock<Option<Simple>>,
    /// Other plain patterns (alternatives, groups), matched by backtracking.
    backtrack: OnceLock<Option<Backtrack>>,
    lite: OnceLock<Option<regex_lite::Regex>>,
    /// Whether fancy-regex's parser and `regex`'s accept the pattern: asked only when
    /// regex-lite finds no match, since a match and a pattern that decides nothing say the
    /// same (no mismatch), and `regex`'s parser builds the Unicode tables of `\w` and `\p{L}`
    /// (most of the cost of a pattern at `zael synth`).
    parses: OnceLock<bool>,
    fancy: OnceLock<Option<fancy_regex::Regex>>,
}

/// Whether `text` certainly does not match `pattern` (JSON Schema's unanchored search):
/// `false` when it matches, and when the pattern cannot be compiled or the match gives up
/// (the pattern decides nothing).
pub fn mismatch(pattern: &str, text: &str) -> bool {
    mismatch_compiled(pattern, compiled(pattern), text)
}

/// A schema node's pattern with its compiled forms found: the node's keywords keep it, so
/// the walk does not lock the process's table and hash the pattern's text for every string
/// it judges (a third of what matching cost).
#[derive(Clone, Copy)]
pub struct Pattern {
    text: &'static str,
    compiled: &'static Compiled,
}

impl Pattern {
    pub fn of(text: &'static str) -> Self {
        Pattern {
            text,
            compiled: compiled(text),
        }
    }

    /// The pattern as the schema writes it.
    pub fn text(&self) -> &'static str {
        self.text
    }

    /// [`mismatch`] of this pattern.
    pub fn mismatch(&self, text: &str) -> bool {
        mismatch_compiled(self.text, self.compiled, text)
    }
}

/// The process's one `Compiled` for `pattern`.
fn compiled(pattern: &str) -> &'static Compiled {
    static CACHE: OnceLock<Mutex<HashMap<String, &'static Compiled>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    match cache.get(pattern) {
        Some(compiled) => compiled,
        None => {
            // Leaked: one per distinct pattern, kept for the process like the cache.
            let compiled: &'static Compiled = Box::leak(Box::default());
            cache.insert(pattern.to_string(), compiled);
            compiled
        }
    }
}

fn mismatch_compiled(pattern: &str, compiled: &'static Compiled, text: &str) -> bool {
    if text.is_ascii() && pattern.is_ascii() {
        let simple = compiled
            .simple
            .get_or_init(|| Simple::parse(&ascii_classes(&ecma(pattern))?));
        // A pattern regex-lite refuses (`\u002F`, lookarounds) goes to fancy-regex.
        let lite = || {
            compiled
                .lite
                .get_or_init(|| regex_lite::Regex::new(&ascii_classes(&ecma(pattern))?).ok())
                .as_ref()
                .map(|lite| lite.is_match(text))
        };
        let matched = match simple {
            Some(simple) => Some(simple.is_match(text)),
            None => {
                let backtrack = compiled
                    .backtrack
                    .get_or_init(|| Backtrack::parse(&ascii_classes(&ecma(pattern))?));
                match backtrack.as_ref().and_then(|b| b.is_match(text)) {
                    Some(matched) => Some(matched),
                    None => lite(),
                }
            }
        };
        if let Some(matched) = matched {
            if matched {
                return false;
            }
            // What fancy-regex refuses besides its size limit, regex-lite must refuse too:
            // fancy-regex's own parser (`$` repeated) and `regex`'s, which it delegates to.
            let parses = compiled.parses.get_or_init(|| {
                let ecma = ecma(pattern);
                fancy_regex::Expr::parse_tree(&ecma).is_ok() && regex_syntax::parse(&ecma).is_ok()
            });
            if *parses {
                return true;
            }
        }
    }
    fancy(pattern, compiled).is_some_and(|fancy| matches!(fancy.is_match(text), Ok(false)))
}

fn fancy<'a>(pattern: &str, compiled: &'a Compiled) -> Option<&'a fancy_regex::Regex> {
    compiled
        .fancy
        .get_or_init(|| fancy_regex::Regex::new(&ecma(pattern)).ok())
        .as_ref()
}

/// The Unicode classes the tag and name patterns use (`\p{L}`, `\p{N}`, `\p{Z}`), as
/// their ASCII members, which is all an ASCII text can hold of them; `None` for a class
/// not in the table, which regex-lite then refuses.
fn ascii_classes(pattern: &str) -> Option<String> {
    const CLASSES: &[(&str, &str)] = &[
        ("L", "A-Za-z"),
        ("Lu", "A-Z"),
        ("Ll", "a-z"),
        ("N", "0-9"),
        ("Nd", "0-9"),
        ("Z", " "),
        ("Zs", " "),
    ];
    if !pattern.contains("\\p") && !pattern.contains("\\P") {
        return Some(pattern.to_string());
    }
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut in_class = false;
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            '\\' => {
                let next = rest.chars().next()?;
                rest = &rest[next.len_utf8()..];
                if next == 'P' {
                    return None;
                }
                if next != 'p' {
                    out.push(c);
                    out.push(next);
                    continue;
                }
                let name = rest.strip_prefix('{')?.split_once('}')?.0;
                let (_, members) = CLASSES.iter().find(|(n, _)| *n == name)?;
                rest = &rest[name.len() + 2..];
                if in_class {
                    out.push_str(members);
                } else {
                    out.push('[');
                    out.push_str(members);
                    out.push(']');
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` first in a class (after an optional `^`) is a literal.
                for prefix in ["^]", "]", "^"] {
                    if let Some(after) = rest.strip_prefix(prefix) {
                        out.push_str(prefix);
                        rest = after;
                        break;
                    }
                }
            }
            '[' => return None, // nested classes: left to fancy-regex
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    Some(out)
}

/// Python's end-of-text `\Z` (cfn-lint's engine) is `\z` here; inside a character class,
/// `[` and `&` are literals for ECMA and Python but open a nested class or an intersection
/// here, so they are escaped. The rest of the syntax the schemas use reads the same.
fn ecma(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                match chars.next() {
                    Some('Z') => out.push('z'),
                    Some(next) => out.push(next),
                    None => {}
                }
            }
            '[' | '&' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '[' => {
                in_class = true;
                out.push(c);
                // `[^]...]` and `[]...]`: a leading `]` is a literal.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().expect("peeked"));
                }
                if chars.peek() == Some(&']') {
                    chars.next();
                    out.push_str("\\]");
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_end_anchors_and_unicode_escapes_compile() {
        assert!(!mismatch(r"^[a-z]{1,3}\Z", "abc"));
        assert!(mismatch(r"^[a-z]{1,3}\Z", "abcd"));
        assert!(!mismatch(
            r"^(\u002F)|(\u002F[\u0021-\u007E]+\u002F)$",
            "/a/"
        ));
        assert!(mismatch(r"^(\u002F)|(\u002F[\u0021-\u007E]+\u002F)$", "a"));
        assert!(!mismatch(r"(?<=a)b", "ab"));
        // A pattern that does not compile decides nothing.
        assert!(!mismatch(r"(unclosed", "x"));
        // EC2's GroupDescription: `[` and `&` inside a class are literals.
        let description = r"^([a-z,A-Z,0-9,. _\-:/()#,@[\]+=&;\{\}!$*])*$";
        assert!(!mismatch(description, "web [prod] & more"));
        assert!(mismatch(description, "caret ^ quote \""));
    }

    #[test]
    fn unicode_text_and_classes_go_to_fancy_regex() {
        // `\w` is Unicode-aware for a text beyond ASCII, as in cfn-lint's Python.
        assert!(!mismatch(r"^\w+$", "café"));
        assert!(!mismatch(r"^\w+$", "cafe"));
        assert!(!mismatch(r"^\p{L}+$", "abc"));
        assert!(mismatch(r"^\p{L}+$", "ab1"));
    }

    #[test]
    fn unicode_classes_become_their_ascii_members() {
        let tag = r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$";
        assert_eq!(
            ascii_classes(tag).as_deref(),
            Some(r"^([A-Za-z 0-9_.:/=+\-@]*)$")
        );
        assert_eq!(ascii_classes(r"^\p{L}+$").as_deref(), Some(r"^[A-Za-z]+$"));
        assert_eq!(ascii_classes(r"^[]\p{N}]$").as_deref(), Some(r"^[]0-9]$"));
        assert_eq!(ascii_classes(r"^\p{Greek}$"), None);
        assert_eq!(ascii_classes(r"^\P{L}$"), None);
        assert!(!mismatch(tag, "zael:blueprint"));
        assert!(mismatch(tag, "a|b"));
    }

    /// Every pattern of every embedded schema, on ASCII texts of the shapes the schemas
    /// constrain: the two-engine matcher finds a mismatch exactly where fancy-regex alone
    /// does (a match and a pattern that decides nothing both leave the value alone).
    #[test]
    fn the_fast_engine_agrees_with_fancy_regex() {
        let patterns = embedded_patterns();
        assert!(patterns.len() > 500, "{} patterns", patterns.len());
        let texts = texts();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        for pattern in &patterns {
            let reference = fancy_regex::Regex::new(&ecma(pattern)).ok();
            // Patterns too large for fancy-regex's default size limit (`^[\w]{1,2048}$` in
            // Unicode) decided nothing before; regex-lite judges them on ASCII text, as
            // cfn-lint's Python does, and must agree with fancy-regex given the room.
            let roomy = std::cell::OnceCell::new();
            let roomy = || {
                roomy.get_or_init(|| {
                    fancy_regex::RegexBuilder::new(&ecma(pattern))
                        .delegate_size_limit(1 << 30)
                        .build()
                        .ok()
                })
            };
            for &text in &texts {
                let got = mismatch(pattern, text);
                let expected = match &reference {
                    Some(reference) => reference.is_match(text).ok(),
                    // Too large for fancy-regex: regex-lite decides where it reads the
                    // pattern (ASCII, and both parsers accept it), else nothing is decided.
                    None if lite_decides(pattern, text) => {
                        roomy().as_ref().and_then(|r| r.is_match(text).ok())
                    }
                    None => None,
                };
                assert_eq!(
                    got,
                    expected == Some(false),
                    "pattern {pattern:?} on {text:?}"
                );
            }
        }
    }

    /// Texts of the shapes the schemas constrain, every ASCII character alone and inside a
    /// word.
    fn texts() -> Vec<String> {
        let texts = [
            "",
            "a",
            "A",
            "abc",
            "ABC",
            "aBc-1_2.3",
            "0",
            "123",
            "-1",
            "1.5",
            " ",
            "a b",
            "\t",
            "*",
            "/",
            "/a/",
            "a/b",
            "x\ny",
            "\n",
            "arn:aws:iam::123456789012:role/service-role/x",
            "arn:aws:s3:::bucket/key",
            "arn:aws:sns:us-east-1:123456789012:alerts",
            "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f:1",
            "us-east-1",
            "sg-0123456789abcdef0",
            "subnet-0123456789abcdef0",
            "vpc-0123456789abcdef0",
            "i-0123456789abcdef0",
            "ami-12345678",
            "https://example.com/a?b=c",
            "s3://bucket/key",
            "user@example.com",
            "10.0.0.0/16",
            "192.168.1.1",
            "2001:db8::/32",
            "2024-01-01T00:00:00Z",
            "cron(0 12 * * ? *)",
            "rate(5 minutes)",
            "{\"a\": 1}",
            "$LATEST",
            "my.bucket-name",
            "My_Table.v2",
            "alias/my-key",
            "12345678-1234-1234-1234-123456789012",
            "AKIAIOSFODNN7EXAMPLE",
            "true",
            "false",
            "null",
            "\\",
            "a\\b",
            "^$",
            ".*",
            "#!/bin/sh",
            "~!@#$%^&*()_+`-={}|[]:;'<>?,./",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "zael:blueprint",
            "Key_1 = value+2@x/y.z",
            "a-b:c/d=e+f@g_h.i j",
        ];
        // Every ASCII character alone, and inside a word: each side of every class.
        let singles: Vec<String> = (0u8..128)
            .flat_map(|b| [(b as char).to_string(), format!("a{}b", b as char)])
            .collect();
        texts
            .into_iter()
            .map(str::to_string)
            .chain(singles)
            .collect()
    }

    /// Every embedded pattern of the simple shape: regex-lite compiles it and agrees with
    /// the shortcut on every text (and on counts around the bounds).
    #[test]
    fn simple_patterns_agree_with_regex_lite() {
        let patterns = embedded_patterns();
        let mut texts = texts();
        for n in [0, 1, 2, 3, 63, 64, 65, 255, 256, 257, 1024, 2048, 2049] {
            texts.push("a".repeat(n));
            texts.push("A1".repeat(n / 2 + 1));
        }
        let mut simple = 0;
        let mut backtracked = 0;
        for pattern in &patterns {
            let Some(lite_pattern) = ascii_classes(&ecma(pattern)) else {
                continue;
            };
            if let Some(backtrack) = Backtrack::parse(&lite_pattern) {
                backtracked += 1;
                let lite = regex_lite::Regex::new(&lite_pattern)
                    .unwrap_or_else(|e| panic!("{pattern:?}: regex-lite refuses it: {e}"));
                for text in texts.iter().filter(|t| t.is_ascii()) {
                    if let Some(matched) = backtrack.is_match(text) {
                        assert_eq!(
                            matched,
                            lite.is_match(text),
                            "pattern {pattern:?} on {text:?}"
                        );
                    }
                }
            }
            let Some(shortcut) = Simple::parse(&lite_pattern) else {
                continue;
            };
            simple += 1;
            let lite = regex_lite::Regex::new(&lite_pattern)
                .unwrap_or_else(|e| panic!("{pattern:?}: regex-lite refuses it: {e}"));
            for text in texts.iter().filter(|t| t.is_ascii()) {
                assert_eq!(
                    shortcut.is_match(text),
                    lite.is_match(text),
                    "pattern {pattern:?} on {text:?}"
                );
            }
        }
        assert!(simple > 400, "{simple} simple patterns");
        assert!(backtracked > 1000, "{backtracked} patterns backtracked");
    }

    fn lite_decides(pattern: &str, text: &str) -> bool {
        let ecma = ecma(pattern);
        pattern.is_ascii()
            && text.is_ascii()
            && ascii_classes(&ecma).is_some_and(|p| regex_lite::Regex::new(&p).is_ok())
            && fancy_regex::Expr::parse_tree(&ecma).is_ok()
            && regex_syntax::parse(&ecma).is_ok()
    }

    /// Every pattern of every embedded resource schema, its definitions' included.
    fn embedded_patterns() -> std::collections::BTreeSet<String> {
        let mut patterns = std::collections::BTreeSet::new();
        for name in crate::schema::type_names() {
            let schema = crate::schema::resource_type(name).expect("listed");
            collect_patterns(&schema.schema().to_value(), &mut patterns);
            for (_, definition) in schema.definitions() {
                collect_patterns(&definition.to_value(), &mut patterns);
            }
        }
        patterns
    }

    fn collect_patterns(value: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    match (key.as_str(), item) {
                        ("pattern", serde_json::Value::String(p)) => {
                            out.insert(p.clone());
                        }
                        ("patternProperties", serde_json::Value::Object(props)) => {
                            out.extend(props.keys().cloned());
                            props.values().for_each(|v| collect_patterns(v, out));
                        }
                        _ => collect_patterns(item, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect_patterns(v, out)),
            _ => {}
        }
    }
}
