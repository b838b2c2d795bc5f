//! A whole number's decimal digits, written without the formatting machinery.
//!
//! Why: `format!` and `write!` go through a `Display` call and padding checks per argument,
//! about 200 instructions a number, and `synth --all` writes them by the hundred thousand
//! (list indices in layer 1's paths, the dashboards' coordinates, zero-padded node IDs).
//! At the crate's root: the builders (template) and layer 1 (validate) both use it.

/// Up to 20 digits (`u64::MAX`), held on the stack.
pub(crate) struct Decimal {
    digits: [u8; 20],
    start: usize,
}

impl Decimal {
    pub(crate) fn new(number: u64) -> Self {
        Decimal::padded(number, 1)
    }

    /// At least `width` digits, zeros first: `format!("{number:0width$}")`.
    pub(crate) fn padded(number: u64, width: usize) -> Self {
        // The leading zeros are already there: the buffer starts as all `0`.
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
        Decimal {
            digits,
            start: start.min(digits.len() - width.min(digits.len())),
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.digits[self.start..]).expect("ASCII digits")
    }

    /// Appends the digits to `out`, each as a char: checking them as UTF-8 (`as_str`) cost
    /// more than writing them.
    pub(crate) fn push_to(&self, out: &mut String) {
        out.reserve(self.digits.len() - self.start);
        for &digit in &self.digits[self.start..] {
            out.push(digit as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_written_as_format_writes_them() {
        for n in [0, 7, 42, 100, 999, 1000, 123_456, u64::MAX] {
            assert_eq!(Decimal::new(n).as_str(), n.to_string());
            assert_eq!(Decimal::padded(n, 3).as_str(), format!("{n:03}"));
            let mut out = String::from("x");
            Decimal::new(n).push_to(&mut out);
            assert_eq!(out, format!("x{n}"));
        }
        assert_eq!(Decimal::padded(5, 25).as_str(), format!("{:020}", 5));
    }
}
