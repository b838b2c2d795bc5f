//! The commonest shape of a schema pattern, `^[class]{m,n}$` (or `+`, `*`, none, `\w` for
//! the class), matched without compiling it: every character in the class, and a count within
//! the bounds. Also its variants: in a group (`^([class]*)$`), without the end anchor (a
//! prefix: `^[^:]`), and `.*`, which every text matches.
//!
//! Why: `zael synth` meets a dozen patterns, each compiled once by regex-lite before its
//! first match (a thirteenth of synth's instructions), and `synth --all` runs regex-lite's
//! automaton on every name. 431 of the embedded schemas' 3,035 patterns have this shape,
//! among them most of those that names and identifiers meet. It is read
//! from the pattern regex-lite would compile (after `ecma` and `ascii_classes`), on ASCII
//! text only, and `tests::simple_patterns_agree_with_regex_lite` holds it to regex-lite on
//! every such pattern of every embedded schema.

/// A pattern of the shape: the ASCII characters it allows and the count it bounds.
#[derive(Debug, PartialEq)]
pub struct Simple {
    allowed: [bool; 128],
    min: usize,
    max: Option<usize>,
    /// Whether the pattern ends with `$`: without it, a prefix of the text is enough.
    whole: bool,
}

/// Counts this large are left to regex-lite, which refuses some of them.
const LARGEST_COUNT: usize = 10_000;

impl Simple {
    /// The pattern's shape, or `None` when it has another (which regex-lite then compiles).
    pub fn parse(pattern: &str) -> Option<Simple> {
        if pattern == ".*" {
            // Found in every text, if only as the empty match at its start.
            return Some(Simple {
                allowed: [true; 128],
                min: 0,
                max: None,
                whole: false,
            });
        }
        let rest = pattern.strip_prefix('^')?;
        // One group around the whole changes nothing a match says.
        let (rest, group) = match rest.strip_prefix("(?:").or_else(|| rest.strip_prefix('(')) {
            Some(inner) => (inner, true),
            None => (rest, false),
        };
        let (allowed, rest) = class(rest)?;
        let (min, max, rest) = count(rest)?;
        let rest = if group { rest.strip_prefix(')')? } else { rest };
        let whole = match rest {
            "$" | "\\z" => true,
            "" => false,
            _ => return None,
        };
        Some(Simple {
            allowed,
            min,
            max,
            whole,
        })
    }

    /// Whether the pattern matches `text`, an ASCII text.
    pub fn is_match(&self, text: &str) -> bool {
        let allowed = |b: u8| self.allowed.get(b as usize) == Some(&true);
        let count = text.len();
        if !self.whole {
            // A search from the start: the fewest characters the count allows will do.
            return count >= self.min && text.bytes().take(self.min).all(allowed);
        }
        count >= self.min && self.max.is_none_or(|max| count <= max) && text.bytes().all(allowed)
    }
}

/// A class at the start of `rest`: a bracket expression or a Perl class (`\w`, `\d`, `\s`,
/// upper case for the complement), and what follows it.
pub(super) fn class(rest: &str) -> Option<([bool; 128], &str)> {
    if let Some(after) = rest.strip_prefix('\\') {
        let mut allowed = [false; 128];
        let letter = after.chars().next()?;
        perl(letter, &mut allowed)?;
        return Some((allowed, &after[1..]));
    }
    let mut inner = rest.strip_prefix('[')?;
    let negated = inner.starts_with('^');
    if negated {
        inner = &inner[1..];
    }
    let mut allowed = [false; 128];
    let mut chars = inner.char_indices().peekable();
    let mut first = true;
    // The last literal added, which a following `-x` makes a range's start.
    let mut last: Option<u8> = None;
    loop {
        let (at, c) = chars.next()?;
        match c {
            ']' if !first => {
                if negated {
                    allowed.iter_mut().for_each(|a| *a = !*a);
                }
                return Some((allowed, &inner[at + 1..]));
            }
            '[' | ']' | '&' | '~' => return None,
            '\\' => {
                let (_, escaped) = chars.next()?;
                // regex-lite's literal escapes: ASCII punctuation but `<` and `>`.
                if escaped.is_ascii_punctuation() && !matches!(escaped, '<' | '>') {
                    allowed[escaped as usize] = true;
                    last = Some(escaped as u8);
                } else {
                    perl(escaped, &mut allowed)?;
                    last = None;
                }
            }
            // A range from the last literal: `a-z` (`--` is a class operator, `\w-z` an error).
            '-' if chars.peek().is_some_and(|(_, n)| *n != ']') && !first => {
                let (_, end) = chars.next()?;
                if !end.is_ascii() || end.is_ascii_control() || matches!(end, '\\' | '[' | '-') {
                    return None;
                }
                let start = last.take()?;
                if start > end as u8 {
                    return None;
                }
                (start..=end as u8).for_each(|b| allowed[b as usize] = true);
            }
            c if c.is_ascii() && !c.is_ascii_control() => {
                allowed[c as usize] = true;
                last = Some(c as u8);
            }
            _ => return None,
        }
        first = false;
    }
}

/// regex-lite's ASCII Perl classes.
fn perl(letter: char, allowed: &mut [bool; 128]) -> Option<()> {
    let member = |b: u8| -> bool {
        match letter.to_ascii_lowercase() {
            'w' => b.is_ascii_alphanumeric() || b == b'_',
            'd' => b.is_ascii_digit(),
            _ => matches!(b, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' '),
        }
    };
    if !matches!(letter, 'w' | 'd' | 's' | 'W' | 'D' | 'S') {
        return None;
    }
    for b in 0..128u8 {
        if member(b) != letter.is_ascii_uppercase() {
            allowed[b as usize] = true;
        }
    }
    Some(())
}

/// `+`, `*`, `{m}`, `{m,}` or `{m,n}` at the start of `rest`: the bounds and what follows;
/// none is one character (a `?` or a lazy count is left to regex-lite).
fn count(rest: &str) -> Option<(usize, Option<usize>, &str)> {
    if rest.is_empty() || rest.starts_with(['$', '\\', ')']) {
        return Some((1, Some(1), rest));
    }
    if let Some(after) = rest.strip_prefix('+') {
        return Some((1, None, after));
    }
    if let Some(after) = rest.strip_prefix('*') {
        return Some((0, None, after));
    }
    let (inside, after) = rest.strip_prefix('{')?.split_once('}')?;
    let (min, max) = bounds(inside, LARGEST_COUNT)?;
    Some((min, max, after))
}

/// The bounds of a counted repetition from what stands between its braces (`m`, `m,` or
/// `m,n`), each at most `largest`; none when it is not plain digits or `n` is below `m`.
pub(super) fn bounds(inside: &str, largest: usize) -> Option<(usize, Option<usize>)> {
    let number = |digits: &str| -> Option<usize> {
        let n: usize = digits.parse().ok()?;
        (digits.bytes().all(|b| b.is_ascii_digit()) && n <= largest).then_some(n)
    };
    let (min, max) = match inside.split_once(',') {
        None => (number(inside)?, Some(number(inside)?)),
        Some((min, "")) => (number(min)?, None),
        Some((min, max)) => (number(min)?, Some(number(max)?)),
    };
    (max.is_none_or(|max| max >= min)).then_some((min, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shape_and_nothing_else() {
        let name = Simple::parse(r"^[a-zA-Z0-9_.-]+$").unwrap();
        assert!(name.is_match("my-table.v2_x") && !name.is_match("") && !name.is_match("a b"));
        let bounded = Simple::parse(r"^[.\-_/#A-Za-z0-9]{1,3}\z").unwrap();
        assert!(bounded.is_match("a#/") && !bounded.is_match("abcd") && !bounded.is_match(""));
        let negated = Simple::parse(r"^[^\s]+$").unwrap();
        assert!(negated.is_match("a:b") && !negated.is_match("a b"));
        let word = Simple::parse(r"^\w{2}$").unwrap();
        assert!(word.is_match("a_") && !word.is_match("a-"));
        let prefix = Simple::parse(r"^[^:]").unwrap();
        assert!(prefix.is_match("AWS/Lambda") && prefix.is_match("a:") && !prefix.is_match(":a"));
        assert!(!prefix.is_match(""));
        let grouped = Simple::parse(r"^([A-Za-z0-9 _.:/=+\-@]*)$").unwrap();
        assert!(grouped.is_match("zael:blueprint") && grouped.is_match(""));
        assert!(!grouped.is_match("a,b"));
        let one = Simple::parse(r"^(?:[ab])$").unwrap();
        assert!(one.is_match("a") && !one.is_match("ab") && !one.is_match(""));
        let any = Simple::parse(".*").unwrap();
        assert!(any.is_match("") && any.is_match("x\ny"));
        let at_least = Simple::parse(r"^[a-z]{2,3}").unwrap();
        assert!(
            at_least.is_match("abcdef") && at_least.is_match("ab1") && !at_least.is_match("a1")
        );
        for other in [
            r"[a-z]+$",
            r"[a-z]+",
            r"^([a-z]+$",
            r"^[a-z]+)$",
            r"^[a-z]?$",
            r"^([a-z]+)+$",
            r"^(?i)[a-z]+$",
            r".+",
            r"^[a-z]+?$",
            r"^[z-a]+$",
            r"^[a-z]{3,1}$",
            r"^[\u0041]+$",
            r"^[[:alpha:]]+$",
            r"^[a&&b]+$",
            r"^[]+$",
            r"^\p{L}+$",
        ] {
            assert_eq!(Simple::parse(other), None, "{other}");
        }
    }
}
