//! An error is one line on stderr: a value the user gave may hold a line break or another
//! control character, which would cut the line or drive the terminal. Show it escaped.

/// `text` with every control character written as an escape (`\n`, `\t`, `\r`, `\u{1b}`).
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_controls;

    #[test]
    fn control_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(
            escape_controls("a\nb\tc\rd\u{1b}[0m é"),
            "a\\nb\\tc\\rd\\u{1b}[0m é"
        );
    }
}
