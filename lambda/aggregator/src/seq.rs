//! Stream sequence numbers as fixed-width strings that DynamoDB can compare.
//!
//! DynamoDB Streams sequence numbers are decimal strings of 21 to 40 digits. The
//! high-water marks stored on snapshot items are compared by DynamoDB in condition
//! expressions (`mark < :first`), and DynamoDB compares strings byte by byte. Left-padding
//! every sequence number with zeros to [`SEQ_WIDTH`] digits makes that lexicographic order
//! equal the numeric order, for any length up to 40 digits (too long for `u128`).

use std::fmt;

/// Digits in a padded sequence number (the longest DynamoDB Streams emits).
pub const SEQ_WIDTH: usize = 40;

/// A stream sequence number, zero-padded to [`SEQ_WIDTH`] ASCII digits.
/// `Ord` on the bytes is numeric order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SeqNo([u8; SEQ_WIDTH]);

/// Why a string is not a sequence number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeqError {
    Empty,
    NotDigits,
    TooLong(usize),
}

impl fmt::Display for SeqError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeqError::Empty => f.write_str("empty sequence number"),
            SeqError::NotDigits => f.write_str("sequence number has a non-digit character"),
            SeqError::TooLong(n) => {
                write!(f, "sequence number has {n} digits, more than {SEQ_WIDTH}")
            }
        }
    }
}

impl SeqNo {
    /// Parses a decimal sequence number (with or without leading zeros).
    pub fn parse(s: &str) -> Result<SeqNo, SeqError> {
        let bytes = s.as_bytes();
        if bytes.is_empty() {
            return Err(SeqError::Empty);
        }
        if bytes.len() > SEQ_WIDTH {
            return Err(SeqError::TooLong(bytes.len()));
        }
        if !bytes.iter().all(u8::is_ascii_digit) {
            return Err(SeqError::NotDigits);
        }
        let mut padded = [b'0'; SEQ_WIDTH];
        padded[SEQ_WIDTH - bytes.len()..].copy_from_slice(bytes);
        Ok(SeqNo(padded))
    }

    /// Parses a mark as stored on a snapshot item: exactly [`SEQ_WIDTH`] digits.
    /// Anything else was not written by this aggregator.
    pub fn parse_padded(s: &str) -> Result<SeqNo, SeqError> {
        if s.len() != SEQ_WIDTH {
            return Err(SeqError::TooLong(s.len()));
        }
        SeqNo::parse(s)
    }

    /// The zero-padded form, as stored in DynamoDB.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).expect("ASCII digits")
    }
}

impl fmt::Debug for SeqNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.as_str().trim_start_matches('0');
        write!(f, "SeqNo({})", if s.is_empty() { "0" } else { s })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_to_forty_digits() {
        let s = SeqNo::parse("123").unwrap();
        assert_eq!(s.as_str().len(), SEQ_WIDTH);
        assert_eq!(s.as_str(), format!("{:0>40}", "123"));
        assert_eq!(SeqNo::parse("000123").unwrap(), s);
    }

    #[test]
    fn string_order_is_numeric_order_across_lengths() {
        // Real DynamoDB sequence numbers grow in length over time (21 -> 40 digits).
        let raw = [
            "9",
            "10",
            "99999999999999999999",
            "100000000000000000000",
            "4421584500000000017450439091",
            "4421584500000000017450439092",
            "1000000000000000000000000000000000000000",
            "9999999999999999999999999999999999999999",
        ];
        let seqs: Vec<SeqNo> = raw.iter().map(|r| SeqNo::parse(r).unwrap()).collect();
        for w in seqs.windows(2) {
            assert!(w[0] < w[1]);
            // The property DynamoDB relies on: byte order of the stored strings.
            assert!(w[0].as_str() < w[1].as_str());
        }
        // Unpadded strings would order "9" after "10"; padded ones do not.
        assert!("9" > "10");
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(SeqNo::parse(""), Err(SeqError::Empty));
        assert_eq!(SeqNo::parse("12a"), Err(SeqError::NotDigits));
        assert_eq!(SeqNo::parse("-1"), Err(SeqError::NotDigits));
        assert_eq!(SeqNo::parse(&"1".repeat(41)), Err(SeqError::TooLong(41)));
        assert!(SeqNo::parse_padded("123").is_err());
        assert!(SeqNo::parse_padded(SeqNo::parse("123").unwrap().as_str()).is_ok());
    }
}
