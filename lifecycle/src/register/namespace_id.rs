//! Namespace ids as the library makes them (`secrets.token_urlsafe(8)`): 8 random bytes in
//! URL-safe base64 without padding, 11 characters, never starting with `-` (the library
//! redraws those, as an id is also a CLI argument). The alphabet has no `/`, which splits a
//! key's namespace from the rest.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A fresh random id.
pub fn generate() -> Result<String, getrandom::Error> {
    loop {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes)?;
        let id = encode(&bytes);
        if !id.starts_with('-') {
            return Ok(id);
        }
    }
}

/// URL-safe base64 without padding.
fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        let sextets = chunk.len() + 1;
        for i in 0..sextets {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_as_pythons_urlsafe_b64encode_without_padding() {
        // base64.urlsafe_b64encode(bytes([251, 255, 0, 1, 2, 3, 4, 5])).rstrip(b"=")
        assert_eq!(encode(&[251, 255, 0, 1, 2, 3, 4, 5]), "-_8AAQIDBAU");
        assert_eq!(encode(b"zael"), "emFlbA");
        assert_eq!(encode(b""), "");
    }

    #[test]
    fn ids_are_eleven_url_safe_characters_not_starting_with_a_dash() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..200 {
            let id = generate().unwrap();
            assert_eq!(id.len(), 11, "{id}");
            assert!(!id.starts_with('-'), "{id}");
            assert!(id.bytes().all(|b| ALPHABET.contains(&b)), "{id}");
            assert!(seen.insert(id));
        }
    }
}
