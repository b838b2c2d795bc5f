//! The schema patterns beyond the simple shape (`simple_pattern.rs`) that are still plain
//! (literals, classes, `.`, groups, alternatives, counts, `^`, `$`), matched by backtracking
//! over the pattern as parsed, without compiling an automaton.
//!
//! Why: regex-lite compiling a pattern such as `^(?:^(hourly|daily|monthly)(,(hourly|daily|
//! monthly))*$)$` costs more than matching a short text against it a few times by trying
//! each way in turn, and `zael synth` meets a handful of them (a twentieth of layer 1). A
//! match that tries more than [`BUDGET`] steps gives up and is left to regex-lite, so no
//! pattern costs more than it did. Like the simple shape, it reads the pattern regex-lite
//! would compile, on ASCII text, and `patterns::tests::simple_patterns_agree_with_regex_lite`
//! holds it to regex-lite on every embedded pattern it reads.

use std::cell::Cell;

use super::simple_pattern::{bounds, class};

/// Steps a match may take before it is left to regex-lite.
const BUDGET: usize = 10_000;

/// Texts longer than this are left to regex-lite: each character matched is a few frames
/// deeper on the stack.
const LONGEST_TEXT: usize = 256;

/// Counts this large are left to regex-lite (as the simple shape's).
const LARGEST_COUNT: usize = 1_000;

/// A pattern as parsed: alternatives, each a sequence.
#[derive(Debug)]
pub struct Backtrack {
    alternatives: Vec<Vec<Node>>,
}

#[derive(Debug)]
enum Node {
    /// One character of the class (a literal is a class of one; `.` all but `\n`).
    Class(Box<[bool; 128]>),
    /// `^`: the text's start.
    Start,
    /// `$` or `\z`: the text's end.
    End,
    /// A group's alternatives.
    Group(Vec<Vec<Node>>),
    /// A node repeated `min` to `max` times.
    Repeat {
        node: Box<Node>,
        min: usize,
        max: Option<usize>,
    },
}

impl Backtrack {
    /// The pattern parsed, or `None` when it uses anything else (regex-lite then compiles it).
    pub fn parse(pattern: &str) -> Option<Backtrack> {
        let (alternatives, rest) = alternatives(pattern)?;
        rest.is_empty().then_some(Backtrack { alternatives })
    }

    /// Whether the pattern is found in `text`, an ASCII text (`None`: too many steps).
    pub fn is_match(&self, text: &str) -> Option<bool> {
        if text.len() > LONGEST_TEXT {
            return None;
        }
        let text = text.as_bytes();
        let matcher = Matcher {
            text,
            steps: Cell::new(0),
        };
        let found = (0..=text.len()).any(|start| {
            self.alternatives
                .iter()
                .any(|sequence| matcher.sequence(sequence, start, &mut |_| true))
        });
        (matcher.steps.get() <= BUDGET).then_some(found)
    }
}

/// `a|b|...` up to an unmatched `)` or the end, and what follows.
fn alternatives(mut rest: &str) -> Option<(Vec<Vec<Node>>, &str)> {
    let mut all = Vec::new();
    loop {
        let (sequence, after) = sequence(rest)?;
        all.push(sequence);
        match after.strip_prefix('|') {
            Some(next) => rest = next,
            None => return Some((all, after)),
        }
    }
}

/// Nodes up to `|`, `)` or the end.
fn sequence(mut rest: &str) -> Option<(Vec<Node>, &str)> {
    let mut nodes = Vec::new();
    while let Some(c) = rest.chars().next() {
        let (node, after) = match c {
            '|' | ')' => break,
            '(' => {
                let inner = rest[1..]
                    .strip_prefix("?:")
                    .or_else(|| (!rest[1..].starts_with('?')).then_some(&rest[1..]))?;
                let (group, after) = alternatives(inner)?;
                (Node::Group(group), after.strip_prefix(')')?)
            }
            '^' => (Node::Start, &rest[1..]),
            '$' => (Node::End, &rest[1..]),
            '.' => {
                let mut any = [true; 128];
                any[b'\n' as usize] = false;
                (Node::Class(Box::new(any)), &rest[1..])
            }
            '[' => {
                let (allowed, after) = class(rest)?;
                (Node::Class(Box::new(allowed)), after)
            }
            '\\' => {
                let escaped = rest[1..].chars().next()?;
                if escaped == 'z' {
                    (Node::End, &rest[2..])
                } else if matches!(escaped, 'w' | 'd' | 's' | 'W' | 'D' | 'S') {
                    let (allowed, after) = class(rest)?;
                    (Node::Class(Box::new(allowed)), after)
                } else if escaped.is_ascii_punctuation() && !matches!(escaped, '<' | '>') {
                    (literal(escaped as u8), &rest[2..])
                } else {
                    return None;
                }
            }
            // Quantifiers with nothing to repeat, braces and anything beyond ASCII printable
            // characters: left to regex-lite.
            '*' | '+' | '?' | '{' | '}' | ']' => return None,
            c if c.is_ascii() && !c.is_ascii_control() => (literal(c as u8), &rest[1..]),
            _ => return None,
        };
        let (node, after) = repeated(node, after)?;
        nodes.push(node);
        rest = after;
    }
    Some((nodes, rest))
}

fn literal(byte: u8) -> Node {
    let mut one = [false; 128];
    one[byte as usize] = true;
    Node::Class(Box::new(one))
}

/// `node` with the quantifier at the start of `rest`, if any (a lazy one matches where the
/// greedy one does).
fn repeated(node: Node, rest: &str) -> Option<(Node, &str)> {
    let (min, max, after) = if let Some(after) = rest.strip_prefix('*') {
        (0, None, after)
    } else if let Some(after) = rest.strip_prefix('+') {
        (1, None, after)
    } else if let Some(after) = rest.strip_prefix('?') {
        (0, Some(1), after)
    } else if let Some(inside) = rest.strip_prefix('{') {
        let (inside, after) = inside.split_once('}')?;
        let (min, max) = bounds(inside, LARGEST_COUNT)?;
        (min, max, after)
    } else {
        return Some((node, rest));
    };
    if matches!(node, Node::Start | Node::End) {
        return None;
    }
    let after = after.strip_prefix('?').unwrap_or(after);
    // A quantifier on a quantifier (`a**`): left to regex-lite.
    if after.starts_with(['*', '+', '?', '{']) {
        return None;
    }
    let node = Box::new(node);
    Some((Node::Repeat { node, min, max }, after))
}

struct Matcher<'t> {
    text: &'t [u8],
    steps: Cell<usize>,
}

impl Matcher<'_> {
    /// Whether `nodes` match at `at`, and `then` accepts where they end.
    fn sequence(&self, nodes: &[Node], at: usize, then: &mut dyn FnMut(usize) -> bool) -> bool {
        let steps = self.steps.get() + 1;
        self.steps.set(steps);
        if steps > BUDGET {
            return false;
        }
        let Some((first, rest)) = nodes.split_first() else {
            return then(at);
        };
        self.node(first, at, &mut |end| self.sequence(rest, end, then))
    }

    fn node(&self, node: &Node, at: usize, then: &mut dyn FnMut(usize) -> bool) -> bool {
        match node {
            Node::Class(allowed) => {
                self.text
                    .get(at)
                    .is_some_and(|&b| allowed[b as usize & 127])
                    && then(at + 1)
            }
            Node::Start => at == 0 && then(at),
            Node::End => at == self.text.len() && then(at),
            Node::Group(alternatives) => alternatives
                .iter()
                .any(|sequence| self.sequence(sequence, at, then)),
            Node::Repeat { node, min, max } => self.repeat(node, *min, *max, 0, at, then),
        }
    }

    /// `node` matched `count` times so far, ending at `at`: once more (greedy), else done.
    fn repeat(
        &self,
        node: &Node,
        min: usize,
        max: Option<usize>,
        count: usize,
        at: usize,
        then: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        let steps = self.steps.get() + 1;
        self.steps.set(steps);
        if steps > BUDGET {
            return false;
        }
        if max.is_none_or(|max| count < max) {
            // Once the minimum is met, a repetition that matched nothing ends the loop.
            let more = self.node(node, at, &mut |end| {
                (end != at || count < min) && self.repeat(node, min, max, count + 1, end, then)
            });
            if more {
                return true;
            }
        }
        count >= min && then(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        Backtrack::parse(pattern)
            .unwrap_or_else(|| panic!("{pattern} parses"))
            .is_match(text)
            .expect("within budget")
    }

    #[test]
    fn alternatives_groups_counts_and_anchors() {
        let frequency = r"^(?:^(hourly|daily|monthly)(,(hourly|daily|monthly))*$)$";
        assert!(matches(frequency, "hourly,daily") && matches(frequency, "monthly"));
        assert!(!matches(frequency, "hourly,") && !matches(frequency, "weekly"));
        assert!(matches("(LATEST|TRIM_HORIZON|AT_TIMESTAMP)+", "xLATESTx"));
        assert!(!matches("(LATEST|TRIM_HORIZON|AT_TIMESTAMP)+", "latest"));
        assert!(matches("[a-zA-Z][a-zA-Z0-9_]+", "-TABLE_NAME"));
        assert!(!matches("[a-zA-Z][a-zA-Z0-9_]+", "a-b"));
        assert!(matches(r"^a{2,3}b?\.c*$", "aa.") && matches(r"^a{2,3}b?\.c*$", "aaab.cc"));
        assert!(!matches(r"^a{2,3}b?\.c*$", "a.") && !matches(r"^a{2,3}b?\.c*$", "aaaa."));
        assert!(matches("^(a*)*$", "aaaa") && matches("^(a|)+$", "") && matches("x.y", "x-y"));
        assert!(!matches("x.y", "x\ny"));
        assert!(matches(r"^\d{3}-\w+\z", "123-ab_c") && !matches(r"^\d{3}-\w+\z", "12-a"));
    }

    #[test]
    fn other_syntax_is_left_to_regex_lite() {
        for other in [
            "a**",
            "(?i)a",
            "(?=a)",
            r"\bword",
            "a{",
            "a{1",
            "{1}",
            "*a",
            "(a",
            "a)",
            r"\u0041",
            "é",
            "^*",
            "a{3,1}",
            r"[[:alpha:]]",
        ] {
            assert!(Backtrack::parse(other).is_none(), "{other}");
        }
    }

    #[test]
    fn a_match_that_tries_too_many_ways_gives_up() {
        let nested = Backtrack::parse("^(a|a)*(a|a)*(a|a)*b$").unwrap();
        assert_eq!(nested.is_match(&"a".repeat(40)), None);
        assert_eq!(nested.is_match("aab"), Some(true));
        let any = Backtrack::parse("^.*$").unwrap();
        assert_eq!(any.is_match(&"a".repeat(256)), Some(true));
        assert_eq!(any.is_match(&"a".repeat(257)), None);
    }
}
