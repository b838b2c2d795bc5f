//! Guard variables that are defined through themselves (`let a = %a`, or `let a = %b` and
//! `let b = %a`). cfn-guard resolves such a variable by recursing until the stack overflows,
//! which aborts the whole process, so a user's rules file is read here first.
//!
//! The reading is lexical, enough to find `let NAME = VALUE` statements, the `%NAME`
//! references of each value, and the rule each statement is in: comments, quoted strings and
//! `<< >>` messages are skipped, and a value ends at a line break outside brackets. A `let`
//! inside a rule shadows a file-level one of the same name, as in cfn-guard.

/// A variable definition: its name, the rule it is in (None: file level), the variables its
/// value refers to.
#[derive(Debug)]
struct Definition {
    name: String,
    rule: Option<String>,
    references: Vec<String>,
}

/// Why the rules `text` of `file` cannot be handed to cfn-guard: a variable cycle, named with
/// the rule that uses it and the variables in their order.
pub fn variable_cycle(file: &str, text: &str) -> Option<String> {
    let (definitions, uses) = read(text);
    let key = |rule: &Option<String>, name: &str| -> Option<usize> {
        let scoped = rule.as_ref().and_then(|r| {
            definitions
                .iter()
                .position(|d| d.rule.as_deref() == Some(r.as_str()) && d.name == name)
        });
        scoped.or_else(|| {
            definitions
                .iter()
                .position(|d| d.rule.is_none() && d.name == name)
        })
    };
    // Each definition's edges, resolved in its own scope.
    let edges: Vec<Vec<usize>> = definitions
        .iter()
        .map(|d| {
            d.references
                .iter()
                .filter_map(|r| key(&d.rule, r))
                .collect()
        })
        .collect();
    let cycle = find_cycle(&edges)?;
    let names: Vec<&str> = cycle
        .iter()
        .map(|&i| definitions[i].name.as_str())
        .collect();
    let first = &definitions[cycle[0]];
    let rule = first.rule.clone().or_else(|| {
        // A file-level variable: the first rule that uses any variable of the cycle.
        uses.iter()
            .find(|(rule, name)| {
                cycle.iter().any(|&i| {
                    definitions[i].name == *name && key(&Some(rule.clone()), name) == Some(i)
                })
            })
            .map(|(rule, _)| rule.clone())
    });
    let place = match rule {
        Some(rule) => format!("rule {rule}"),
        None => "file level".to_string(),
    };
    let chain: Vec<String> = names
        .iter()
        .chain(names.first())
        .map(|n| format!("%{n}"))
        .collect();
    Some(format!(
        "{file}: {place}: variable {} is defined through itself ({}); cfn-guard cannot evaluate a variable cycle, define each variable from the template or from earlier variables",
        names[0],
        chain.join(" -> ")
    ))
}

/// A cycle of the graph, as node indexes in order, the smallest start first (iterative
/// depth-first search: a rules file is user input, and its size bounds the depth).
fn find_cycle(edges: &[Vec<usize>]) -> Option<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    let mut state = vec![State::New; edges.len()];
    for start in 0..edges.len() {
        if state[start] != State::New {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = State::Open;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&target) = edges[node].get(*next) {
                *next += 1;
                match state[target] {
                    State::New => {
                        state[target] = State::Open;
                        stack.push((target, 0));
                    }
                    State::Open => {
                        let from = stack.iter().position(|(n, _)| *n == target)?;
                        return Some(stack[from..].iter().map(|(n, _)| *n).collect());
                    }
                    State::Done => {}
                }
            } else {
                state[node] = State::Done;
                stack.pop();
            }
        }
    }
    None
}

/// The `let` statements of `text` and every `(rule, variable)` a rule body refers to.
fn read(text: &str) -> (Vec<Definition>, Vec<(String, String)>) {
    let tokens = tokens(text);
    let mut definitions = Vec::new();
    let mut uses = Vec::new();
    // The rule being read, and the bracket depth its body opened at.
    let mut rule: Option<(String, usize)> = None;
    let mut pending_rule: Option<String> = None;
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Word(w) if w == "rule" && rule.is_none() => {
                if let Some(Token::Word(name)) = tokens.get(i + 1) {
                    pending_rule = Some(name.clone());
                }
            }
            Token::Word(w) if w == "let" => {
                if let Some(Token::Word(name)) = tokens.get(i + 1) {
                    let scope = rule.as_ref().map(|(r, _)| r.clone());
                    let mut references = Vec::new();
                    let mut j = i + 2;
                    let mut inner = 0usize;
                    let mut seen = false;
                    while j < tokens.len() {
                        match &tokens[j] {
                            Token::Open => inner += 1,
                            Token::Close if inner == 0 => break,
                            Token::Close => inner -= 1,
                            Token::Newline if inner == 0 && seen => break,
                            Token::Newline => {}
                            Token::Variable(v) => references.push(v.clone()),
                            Token::Word(_) => {}
                        }
                        seen |= tokens[j] != Token::Newline;
                        j += 1;
                    }
                    definitions.push(Definition {
                        name: name.clone(),
                        rule: scope,
                        references,
                    });
                    i = j;
                    continue;
                }
            }
            Token::Variable(v) => {
                if let Some((r, _)) = &rule {
                    uses.push((r.clone(), v.clone()));
                }
            }
            Token::Open => {
                depth += 1;
                if let Some(name) = pending_rule.take() {
                    rule = Some((name, depth));
                }
            }
            Token::Close => {
                if rule.as_ref().is_some_and(|(_, d)| *d == depth) {
                    rule = None;
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        i += 1;
    }
    (definitions, uses)
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Variable(String),
    Open,
    Close,
    Newline,
}

fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != c {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'>' && bytes.get(i + 1) == Some(&b'>')) {
                    i += 1;
                }
                i += 1;
            }
            b'\n' => tokens.push(Token::Newline),
            b'{' | b'[' | b'(' => tokens.push(Token::Open),
            b'}' | b']' | b')' => tokens.push(Token::Close),
            b'%' => {
                let start = i + 1;
                let mut end = start;
                while end < bytes.len() && word(bytes[end]) {
                    end += 1;
                }
                tokens.push(Token::Variable(text[start..end].to_string()));
                i = end;
                continue;
            }
            _ if word(c) => {
                let start = i;
                while i < bytes.len() && word(bytes[i]) {
                    i += 1;
                }
                tokens.push(Token::Word(text[start..i].to_string()));
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variable_defined_through_itself_is_named_with_its_rule() {
        let text = "let a = %a\nrule R { %a exists }\n";
        assert_eq!(
            variable_cycle("c.guard", text).unwrap(),
            "c.guard: rule R: variable a is defined through itself (%a -> %a); cfn-guard cannot evaluate a variable cycle, define each variable from the template or from earlier variables"
        );
    }

    #[test]
    fn two_step_and_rule_scoped_cycles_are_found() {
        let text = "let a = %b\nlet b = [ %a,\n 1 ]\nrule R { %a exists }\n";
        let error = variable_cycle("c.guard", text).unwrap();
        assert!(error.contains("rule R: variable a"), "{error}");
        assert!(error.contains("(%a -> %b -> %a)"), "{error}");
        let scoped = "rule S {\n  let x = %y\n  let y = %x\n  %x exists\n}\n";
        let error = variable_cycle("s.guard", scoped).unwrap();
        assert!(error.contains("rule S: variable x"), "{error}");
    }

    #[test]
    fn chains_shadowing_comments_strings_and_messages_are_not_cycles() {
        let text = "# let a = %a\nlet a = Resources.*\nlet b = %a[ Type == '%b' ]\n\
                    rule R { let a = %b\n %a exists\n <<\n Violation: it's %a\n >> }\n";
        assert_eq!(variable_cycle("ok.guard", text), None);
        for pack in crate::check::packs::PACKS {
            for file in pack.rule_files() {
                assert_eq!(variable_cycle(&file.name, &file.text), None);
            }
        }
    }
}
