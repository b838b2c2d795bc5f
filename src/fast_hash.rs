//! A fast deterministic hasher for the sets and maps of names layer 1 and the schema
//! table keep (logical IDs, parameters, conditions, resource types, a schema's properties).
//! At the crate's root: the schema layer, below layer 1, uses it too.
//!
//! Why: std's `HashSet` hashes with SipHash, built to resist keys chosen to collide, and
//! slow on the short names the rules look up by the thousand. The multiply-rotate of
//! rustc's own `FxHasher`, written out here rather than pulling in a crate, hashes eight bytes
//! per step. A template's names are at most a few thousand (500 resources, 200 parameters),
//! so even keys chosen to collide cost little; and no output depends on a set's order.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// rustc-hash's multiply-rotate hasher.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(word.try_into().expect("eight bytes")));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
            // The padding would make `a` and `a\0` one word: the length tells them apart.
            self.add(rest.len() as u64);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_usize(&mut self, number: usize) {
        self.add(number as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

pub type FastSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn equal_names_hash_equal_and_different_names_mostly_do_not() {
        let hash = |name: &str| BuildHasherDefault::<FxHasher>::default().hash_one(name);
        assert_eq!(hash("TableName"), hash("TableName"));
        let names: Vec<String> = (0..2000).map(|i| format!("Resource{i}")).collect();
        let hashes: FastSet<u64> = names.iter().map(|n| hash(n)).collect();
        assert_eq!(hashes.len(), names.len());
        assert_ne!(hash("a"), hash("a\0"), "the length is part of a str's hash");
        let set: FastSet<&str> = names.iter().map(String::as_str).collect();
        assert!(set.contains("Resource1999") && !set.contains("Resource2000"));
    }
}
