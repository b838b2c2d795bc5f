//! Eight bytes of a string asked at once whether one of them is a given byte (SWAR): the
//! rules scan every string of a template for a few bytes (`$`, a quote, a backslash), most
//! of which have none.

const ONES: u64 = u64::from_le_bytes([1; 8]);
const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);

/// Eight bytes as one word, in their order.
pub fn word(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes.try_into().expect("eight bytes"))
}

/// Whether any byte of `word` is `byte`.
pub fn has_byte(word: u64, byte: u8) -> bool {
    let x = word ^ u64::from_le_bytes([byte; 8]);
    // A zero byte of `x` borrows from its high bit, which it did not have.
    x.wrapping_sub(ONES) & !x & HIGHS != 0
}

/// Whether every byte of `word`, all ASCII (below 0x80), is at least 0x21: no control
/// character and no space.
pub fn all_above_space(word: u64) -> bool {
    // Adding 0x5f to an ASCII byte carries into its high bit exactly when the byte is 0x21
    // or more: no carry crosses into the next byte.
    (word + u64::from_le_bytes([0x5f; 8])) & HIGHS == HIGHS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_byte_at_each_place_is_found_as_a_scan_finds_it() {
        for byte in 0u8..0x80 {
            for at in 0..8 {
                let mut bytes = *b"abcdefgh";
                bytes[at] = byte;
                let word = word(&bytes);
                for wanted in [b'$', b'"', b'\\', byte] {
                    assert_eq!(has_byte(word, wanted), bytes.contains(&wanted));
                }
                assert_eq!(all_above_space(word), bytes.iter().all(|&b| b >= 0x21));
            }
        }
    }
}
