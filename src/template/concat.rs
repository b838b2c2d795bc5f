//! Strings made of parts, for the names, IDs and descriptions the builders make by the
//! thousand in `synth --all`: `format!` goes through the formatting machinery (a `Display`
//! call and padding checks per argument), 300-1,000 instructions a string; these copy the
//! parts into one allocation of the right size.

/// The parts one after another: `concat(&[prefix, "Role"])` is `format!("{prefix}Role")`.
pub fn concat(parts: &[&str]) -> String {
    let mut text = String::with_capacity(parts.iter().map(|part| part.len()).sum());
    for part in parts {
        text.push_str(part);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_joined_as_format_joins_them() {
        assert_eq!(concat(&[]), "");
        assert_eq!(concat(&["a", "", "bc"]), format!("{}{}{}", "a", "", "bc"));
    }
}
