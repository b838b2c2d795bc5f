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

/// `number` in decimal with at least three digits, as `format!("{number:03}")` writes it,
/// held on the stack: `concat(&["Node", Digits::three(node).as_str(), id])`.
pub struct Digits {
    digits: [u8; 20],
    start: usize,
}

impl Digits {
    pub fn three(number: usize) -> Self {
        let mut digits = [b'0'; 20];
        let mut start = digits.len();
        let mut rest = number;
        loop {
            start -= 1;
            digits[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        // The leading zeros are already there: the buffer starts as all `0`.
        Digits {
            digits,
            start: start.min(digits.len() - 3),
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.digits[self.start..]).expect("ASCII digits")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_joined_as_format_joins_them() {
        assert_eq!(concat(&[]), "");
        assert_eq!(concat(&["a", "", "bc"]), format!("{}{}{}", "a", "", "bc"));
    }

    #[test]
    fn three_digits_pads_as_format_pads() {
        for n in [0, 7, 42, 100, 999, 1000, 123_456] {
            assert_eq!(Digits::three(n).as_str(), format!("{n:03}"));
        }
    }
}
