//! Exact token amounts.
//!
//! The bucket counter `total_consumed_milli` is an integer number of millitokens. Snapshot
//! counters hold **tokens as an exact decimal** with up to three fractional digits
//! (`1234.5` = 1,234,500 millitokens): DynamoDB numbers are exact decimals (38 significant
//! digits) and `ADD` on them is exact, so nothing is lost to rounding or to integer
//! division (the usual aggregator's `// 1000` drops sub-token consumption). Sums inside one
//! batch are done on `i128` millitokens; no floating point is used anywhere.

/// Formats millitokens as a decimal number of tokens, without trailing zeros:
/// `1500 -> "1.5"`, `-250 -> "-0.25"`, `3000 -> "3"`, `0 -> "0"`.
pub fn milli_to_decimal(milli: i128) -> String {
    let sign = if milli < 0 { "-" } else { "" };
    let abs = milli.unsigned_abs();
    let (whole, frac) = (abs / 1000, abs % 1000);
    if frac == 0 {
        return format!("{sign}{whole}");
    }
    let digits = format!("{frac:03}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

/// Parses a decimal token amount with at most three fractional digits back to millitokens.
/// Used to read snapshot counters in tests and tools; `None` if not exact in millitokens.
pub fn decimal_to_milli(s: &str) -> Option<i128> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
    if whole.is_empty()
        || frac.len() > 3
        || !(whole.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: i128 = whole.parse().ok()?;
    let frac: i128 = format!("{frac:0<3}").parse().ok()?;
    let v = whole.checked_mul(1000)?.checked_add(frac)?;
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_exactly() {
        assert_eq!(milli_to_decimal(0), "0");
        assert_eq!(milli_to_decimal(1), "0.001");
        assert_eq!(milli_to_decimal(10), "0.01");
        assert_eq!(milli_to_decimal(1500), "1.5");
        assert_eq!(milli_to_decimal(3000), "3");
        assert_eq!(milli_to_decimal(-250), "-0.25");
        assert_eq!(milli_to_decimal(-1), "-0.001");
        assert_eq!(milli_to_decimal(123_456), "123.456");
        assert_eq!(
            milli_to_decimal(i128::from(i64::MAX)),
            "9223372036854775.807"
        );
    }

    #[test]
    fn round_trips() {
        for v in [0i128, 1, -1, 999, 1000, 1001, -123_456, 10i128.pow(30) + 7] {
            assert_eq!(decimal_to_milli(&milli_to_decimal(v)), Some(v), "{v}");
        }
        assert_eq!(decimal_to_milli("1.2345"), None);
        assert_eq!(decimal_to_milli("1e3"), None);
        assert_eq!(decimal_to_milli(".5"), None);
    }

    #[test]
    fn sum_of_small_amounts_is_exact() {
        // 0.001 tokens ten thousand times is exactly 10 tokens; f64 would drift.
        let total: i128 = (0..10_000).map(|_| 1i128).sum();
        assert_eq!(milli_to_decimal(total), "10");
        let f: f64 = (0..10_000).map(|_| 0.001f64).sum();
        assert_ne!(f, 10.0);
    }
}
