//! One linear pass over YAML or JSON text, before any parser: flow nesting (`[`, `{`) deeper
//! than [`MAX_DEPTH`] and integers outside 64 bits are refused here, with their line and
//! column, the same way for both languages.
//!
//! The pass is lexical: it skips comments, quoted strings and block scalars (`|`, `>`), and
//! counts a bracket only where a flow collection can start. It may only refuse text that the
//! parser would refuse too or that holds an integer no template or profile value can carry.

use std::fmt;

/// The deepest flow nesting accepted. The YAML parser's own limit is 128 levels, reached only
/// after time that grows with the square of the depth; templates and profiles need fewer
/// than ten.
pub const MAX_DEPTH: usize = 64;

/// Where the text is refused, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScanError {
    /// 1-based line and column (in characters).
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ScanError {}

/// Refuses deep nesting and out-of-range integers in `text` (YAML or JSON).
pub fn scan(text: &str) -> Result<(), ScanError> {
    scan_text(text, false)
}

/// [`scan`], and refuses hexadecimal, octal and binary integers (`0x100`): the profile schema
/// says integer, in decimal, and the YAML reader would turn `0x100` into 256 unseen.
pub fn scan_profile(text: &str) -> Result<(), ScanError> {
    scan_text(text, true)
}

fn scan_text(text: &str, decimal_only: bool) -> Result<(), ScanError> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    // A block scalar's lines are those indented more than the line that opened it.
    let mut block_scalar: Option<usize> = None;
    // What holds the text being read, so that an error in a list names its list: the block
    // mapping keys open at each indent, and the key before each open `[` or `{`.
    let mut block_keys: Vec<(usize, String)> = Vec::new();
    let mut flow_keys: Vec<Option<String>> = Vec::new();
    for (index, line) in text.split('\n').enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(opener) = block_scalar {
            if quote.is_none() && (line.trim().is_empty() || indent > opener) {
                continue;
            }
            block_scalar = None;
        }
        if depth == 0 && quote.is_none() {
            follow_block_keys(&mut block_keys, line, indent);
        }
        let at = |column: usize, message: String| ScanError {
            line: index + 1,
            column: column + 1,
            message,
        };
        let chars: Vec<char> = line.chars().collect();
        // Both parsers refuse these anywhere (in strings, comments and block scalars too),
        // but YAML's reader counts their place from the start of the text.
        if let Some(column) = chars.iter().position(|&c| is_forbidden_control(c)) {
            return Err(at(
                column,
                format!(
                    "control character U+{:04X} is not allowed; write it as an escape (\\u{:04X}) in a double-quoted string",
                    chars[column] as u32, chars[column] as u32
                ),
            ));
        }
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if let Some(q) = quote {
                if c == '\\' && q == '"' {
                    i += 2;
                    continue;
                }
                if c == q {
                    // '' inside a single-quoted string is an escaped quote.
                    if q == '\'' && chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    quote = None;
                }
                i += 1;
                continue;
            }
            // Inside a flow collection, its punctuation ends a token; outside, only a space
            // does (`x[y` is one plain scalar).
            let starts_token = i == 0
                || chars[i - 1].is_whitespace()
                || (depth > 0 && matches!(chars[i - 1], ':' | ',' | '[' | '{'));
            match c {
                '#' if i == 0 || chars[i - 1].is_whitespace() => break,
                '"' | '\'' if starts_token || depth > 0 => quote = Some(c),
                '[' | '{' if starts_token || depth > 0 => {
                    flow_keys.push(key_before(&chars[..i]));
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(at(
                            i,
                            format!(
                                "nested deeper than {MAX_DEPTH} levels of [ ] and {{ }}; flatten the structure"
                            ),
                        ));
                    }
                }
                ']' | '}' if depth > 0 => {
                    flow_keys.pop();
                    depth -= 1;
                }
                '|' | '>' if depth == 0 && starts_token && is_block_header(&chars[i..]) => {
                    block_scalar = Some(indent);
                    break;
                }
                _ if starts_token && (c.is_ascii_digit() || c == '-' || c == '+') => {
                    let end = (i..chars.len())
                        .find(|&j| chars[j].is_whitespace() || matches!(chars[j], ',' | ']' | '}'))
                        .unwrap_or(chars.len());
                    let token: String = chars[i..end].iter().collect();
                    let refused = if decimal_only {
                        not_decimal(&token, &chars[end..])
                    } else {
                        None
                    };
                    if let Some(message) = refused.or_else(|| out_of_range(&token, &chars[end..])) {
                        let message = match key_before(&chars[..i]) {
                            Some(key) => format!("{key}: {message}"),
                            None => match holder(&flow_keys, &block_keys, line) {
                                Some(Holder::List(key)) => format!("an item of {key}: {message}"),
                                Some(Holder::Key(key)) => format!("{key}: {message}"),
                                None => message,
                            },
                        };
                        return Err(at(i, message));
                    }
                    i = end;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }
    Ok(())
}

/// Keeps `keys` (block mapping keys by indent) up to date with `line`, read at flow depth 0:
/// a line closes the keys at its indent and deeper (a list item `- ` stays inside the key at
/// its own indent), and a `key:` with its value on the lines below opens one.
fn follow_block_keys(keys: &mut Vec<(usize, String)>, line: &str, indent: usize) {
    let content = line.trim_start_matches(' ');
    if content.trim().is_empty() || content.starts_with('#') {
        return;
    }
    let item = content == "-" || content.starts_with("- ");
    keys.retain(|&(at, _)| at < indent || (item && at == indent));
    let (at, rest) = match content.strip_prefix('-').filter(|_| item) {
        Some(rest) => (indent + 2, rest.trim_start()),
        None => (indent, content),
    };
    let rest = rest.split(" #").next().unwrap_or_default().trim_end();
    if rest.ends_with(':') {
        let chars: Vec<char> = rest.chars().collect();
        if let Some(key) = key_before(&chars) {
            keys.push((at, key));
        }
    }
}

/// What holds a value that has no key of its own on its line.
enum Holder {
    /// It is an item of this key's list.
    List(String),
    /// It is this key's value, on a line of its own.
    Key(String),
}

/// The list or key holding a value without a key before it: the innermost open flow
/// collection's key, else (outside flow collections) the nearest open block key.
fn holder(
    flow_keys: &[Option<String>],
    block_keys: &[(usize, String)],
    line: &str,
) -> Option<Holder> {
    if let Some(innermost) = flow_keys.last() {
        return innermost.clone().map(Holder::List);
    }
    let (_, key) = block_keys.last()?;
    let content = line.trim_start_matches(' ');
    Some(if content.starts_with('-') {
        Holder::List(key.clone())
    } else {
        Holder::Key(key.clone())
    })
}

/// Why `token` (followed by `after` on its line) is refused in a profile, if it is an
/// integer written in base 16, 8 or 2.
fn not_decimal(token: &str, after: &[char]) -> Option<String> {
    let unsigned = token.trim_start_matches(['-', '+']);
    let unsigned = unsigned.strip_suffix(':').unwrap_or(unsigned);
    let (base, radix) = match unsigned.get(..2) {
        Some("0x") => ("a hexadecimal", 16),
        Some("0o") => ("an octal", 8),
        Some("0b") => ("a binary", 2),
        _ => return None,
    };
    let digits = &unsigned[2..];
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let rest: String = after.iter().collect();
    let rest = rest.trim_start();
    if !(rest.is_empty() || rest.starts_with(['#', ',', ']', '}'])) {
        return None;
    }
    let value = u64::from_str_radix(digits, radix)
        .map(|v| format!(" ({v})"))
        .unwrap_or_default();
    Some(format!(
        "{token} is {base} integer; write integers in decimal{value}, and text in quotes"
    ))
}

/// C0 control characters other than tab, line feed and carriage return: YAML and JSON text
/// may not hold them raw.
fn is_forbidden_control(c: char) -> bool {
    c < ' ' && !matches!(c, '\t' | '\n' | '\r')
}

/// The key whose value starts after `before` on its line (`key: `, `"key": `), so that an
/// error names it; `None` for a list item or a value on a line of its own.
fn key_before(before: &[char]) -> Option<String> {
    let mut end = before.len();
    while end > 0 && before[end - 1].is_whitespace() {
        end -= 1;
    }
    if end == 0 || before[end - 1] != ':' {
        return None;
    }
    end -= 1;
    while end > 0 && before[end - 1].is_whitespace() {
        end -= 1;
    }
    let key: String = match before[..end].last() {
        Some(&q @ ('"' | '\'')) => {
            let open = before[..end - 1].iter().rposition(|&c| c == q)?;
            before[open + 1..end - 1].iter().collect()
        }
        _ => {
            let start = before[..end]
                .iter()
                .rposition(|&c| c.is_whitespace() || matches!(c, '{' | '[' | ','))
                .map_or(0, |p| p + 1);
            before[start..end].iter().collect()
        }
    };
    (!key.is_empty()).then_some(key)
}

/// `|`, `>`, `|-`, `>+2` and the like, then nothing but a comment.
fn is_block_header(rest: &[char]) -> bool {
    let header: String = rest.iter().collect();
    let header = header.split(" #").next().unwrap_or_default().trim_end();
    header.len() <= 3
        && header[1..]
            .chars()
            .all(|c| c == '-' || c == '+' || c.is_ascii_digit())
}

/// Why the integer `token` (followed by `after` on its line) does not fit in 64 bits, if it
/// is an integer: YAML and JSON readers differ beyond that (one refuses, the other rounds to a
/// float), so neither is trusted with it.
fn out_of_range(token: &str, after: &[char]) -> Option<String> {
    let (negative, digits) = match token.as_bytes().first() {
        Some(b'-') => (true, &token[1..]),
        Some(b'+') => (false, &token[1..]),
        _ => (false, token),
    };
    let digits = digits.strip_suffix(':').unwrap_or(digits);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // A plain scalar that goes on after a space (`5 apples`) is text, not a number.
    let rest: String = after.iter().collect();
    let rest = rest.trim_start();
    if !(rest.is_empty() || rest.starts_with(['#', ',', ']', '}', ':'])) {
        return None;
    }
    let significant = digits.trim_start_matches('0');
    let (limit, range) = if negative {
        ("9223372036854775808", "-9223372036854775808")
    } else {
        ("18446744073709551615", "18446744073709551615")
    };
    let too_big = significant.len() > limit.len()
        || (significant.len() == limit.len() && significant > limit);
    if !too_big {
        return None;
    }
    let shown = if token.len() > 24 {
        format!("{}... ({} digits)", &token[..20], digits.len())
    } else {
        token.to_string()
    };
    Some(format!(
        "integer {shown} is out of range; integers are from -9223372036854775808 to {}",
        if negative {
            "18446744073709551615"
        } else {
            range
        }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_integer_out_of_range_names_its_key_when_it_has_one() {
        for (text, key) in [
            ("a: 18446744073709551616", Some("a")),
            ("\"a b\": 18446744073709551616", Some("a b")),
            ("{'k': 18446744073709551616}", Some("k")),
            ("{x: 1, y: 18446744073709551616}", Some("y")),
            ("- 18446744073709551616", None),
            ("[1, 18446744073709551616]", None),
            ("[[18446744073709551616]]", None),
            ("a:\n  18446744073709551616", Some("a")),
        ] {
            let message = scan(text).unwrap_err().message;
            let expected = match key {
                Some(key) => format!("{key}: integer"),
                None => "integer".to_string(),
            };
            assert!(message.starts_with(&expected), "{text}: {message}");
        }
    }

    #[test]
    fn an_integer_out_of_range_in_a_list_names_the_list() {
        for text in [
            "name: x\nids: [1, 18446744073709551616]\n",
            "name: x\nids:\n  - 1\n  - 18446744073709551616\n",
            "name: x\nids:\n- 18446744073709551616\n",
            "top:\n  other: 1\n  ids: # the list\n    - 18446744073709551616\n",
            "{\"name\": \"x\", \"ids\": [1,\n 18446744073709551616]}",
            "plans:\n  - name: a\n    ids: [18446744073709551616]\n",
            "plans:\n  - ids:\n      - 18446744073709551616\n",
        ] {
            let message = scan(text).unwrap_err().message;
            assert!(
                message.starts_with("an item of ids: integer 18446744073709551616 is out of range"),
                "{text:?}: {message}"
            );
        }
        // A sibling key closes the list: the value after it is that key's own.
        let message = scan("ids:\n  - 1\nother:\n  18446744073709551616\n")
            .unwrap_err()
            .message;
        assert!(message.starts_with("other: integer"), "{message}");
    }

    #[test]
    fn profiles_take_integers_in_decimal_only() {
        let error = scan_profile("a: 1\nlambda_memory: 0x100\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 16));
        assert_eq!(
            error.message,
            "lambda_memory: 0x100 is a hexadecimal integer; write integers in decimal (256), and text in quotes"
        );
        assert!(scan_profile("a: 0o400")
            .unwrap_err()
            .message
            .contains("octal integer"));
        assert!(scan_profile("a: [0b1]")
            .unwrap_err()
            .message
            .contains("binary integer"));
        assert!(scan_profile("a: '0x100'\nb: 0xzz\nc: 0x1 apples\nd: 256\n").is_ok());
        assert!(scan("a: 0x100").is_ok());
    }

    #[test]
    fn control_characters_are_refused_at_their_line_and_column_even_in_comments() {
        let error = scan("a: 1\nb: \"x\u{7}\"\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 6));
        let error = scan("a: 1 # \u{1b}[0m\n").unwrap_err();
        assert_eq!((error.line, error.column), (1, 8));
        assert!(scan("a:\tb\r\n").is_ok());
    }

    #[test]
    fn deep_flow_nesting_is_refused_at_its_place() {
        let deep = "{a: ".repeat(MAX_DEPTH + 1);
        let error = scan(&format!("key:\n  {deep}")).unwrap_err();
        assert_eq!((error.line, error.column), (2, 3 + 4 * MAX_DEPTH));
        assert_eq!(
            error.message,
            "nested deeper than 64 levels of [ ] and { }; flatten the structure"
        );
        assert!(scan(&"[".repeat(MAX_DEPTH)).is_ok());
        assert!(scan(&"[".repeat(MAX_DEPTH + 1)).is_err());
    }

    #[test]
    fn brackets_in_strings_comments_block_scalars_and_plain_text_do_not_count() {
        let many = "[".repeat(200);
        let text = format!(
            "a: \"{many}\"\nb: '{many}'' {many}'\n# {many}\nc: x{many}\nd: |\n  {many}\n\n  {many}\ne: 1\n"
        );
        assert_eq!(scan(&text), Ok(()));
    }

    #[test]
    fn integers_beyond_64_bits_are_refused_in_yaml_and_json_alike() {
        let yaml = scan("A:\n  B: 18446744073709551616\n").unwrap_err();
        let json = scan("{\"A\": {\"B\": 18446744073709551616}}").unwrap_err();
        assert_eq!(yaml.message, json.message);
        assert_eq!(
            yaml.to_string(),
            "line 2, column 6: B: integer 18446744073709551616 is out of range; integers are from -9223372036854775808 to 18446744073709551615"
        );
        assert_eq!((json.line, json.column), (1, 13));
        assert!(scan("a: 18446744073709551615\nb: -9223372036854775808\nc: 1e308\nd: 18446744073709551616 apples\n").is_ok());
        assert!(scan("a: -9223372036854775809").is_err());
        let long = scan(&format!("a: {}", "9".repeat(400))).unwrap_err();
        assert!(
            long.message
                .starts_with("a: integer 99999999999999999999... (400 digits) is out of range"),
            "{}",
            long.message
        );
    }
}
