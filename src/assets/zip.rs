//! A deterministic ZIP archive of one executable file, the shape Lambda's custom runtimes
//! take (`bootstrap` at the root).
//!
//! Written by hand rather than with a ZIP crate so that every byte is fixed by the input:
//! the timestamp is the DOS epoch (1980-01-01 00:00), the mode is always `-rwxr-xr-x`, there
//! are no extra fields, comments or data descriptors, and deflate runs at a fixed level. The
//! same binary therefore always gives the same archive, and the same archive hash.

use miniz_oxide::deflate::compress_to_vec;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4b50;
/// Version 2.0: deflate.
const VERSION_NEEDED: u16 = 20;
/// Made by Unix (3) with version 2.0, so readers honour the Unix mode in the external
/// attributes.
const VERSION_MADE_BY: u16 = (3 << 8) | 20;
const DEFLATE: u16 = 8;
/// 1980-01-01, the earliest date a ZIP can hold; time 00:00.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;
/// Regular file, rwxr-xr-x: Lambda executes `bootstrap` directly.
const EXECUTABLE_MODE: u32 = 0o100_755;
const COMPRESSION_LEVEL: u8 = 9;

#[derive(Debug, thiserror::Error)]
pub enum ZipError {
    #[error("'{0}' is too large for a ZIP without ZIP64 (4 GiB)")]
    TooLarge(String),
}

/// An archive holding `contents` as the executable file `name`.
pub fn single_executable(name: &str, contents: &[u8]) -> Result<Vec<u8>, ZipError> {
    let too_large = || ZipError::TooLarge(name.to_string());
    let compressed = compress_to_vec(contents, COMPRESSION_LEVEL);
    let crc = crc32fast::hash(contents);
    let size = u32::try_from(contents.len()).map_err(|_| too_large())?;
    let compressed_size = u32::try_from(compressed.len()).map_err(|_| too_large())?;
    let name_length = u16::try_from(name.len()).map_err(|_| too_large())?;

    let mut zip = Vec::with_capacity(compressed.len() + 128);
    let entry = Entry {
        crc,
        compressed_size,
        size,
        name_length,
    };
    put32(&mut zip, LOCAL_HEADER);
    entry.put(&mut zip);
    zip.extend_from_slice(name.as_bytes());
    zip.extend_from_slice(&compressed);

    let central_directory_offset = u32::try_from(zip.len()).map_err(|_| too_large())?;
    put32(&mut zip, CENTRAL_HEADER);
    put16(&mut zip, VERSION_MADE_BY);
    entry.put(&mut zip);
    put16(&mut zip, 0); // comment length
    put16(&mut zip, 0); // disk number
    put16(&mut zip, 0); // internal attributes
    put32(&mut zip, EXECUTABLE_MODE << 16);
    put32(&mut zip, 0); // offset of the local header
    zip.extend_from_slice(name.as_bytes());
    let central_directory_size =
        u32::try_from(zip.len()).map_err(|_| too_large())? - central_directory_offset;

    put32(&mut zip, END_OF_CENTRAL_DIRECTORY);
    put16(&mut zip, 0); // this disk
    put16(&mut zip, 0); // disk with the central directory
    put16(&mut zip, 1); // entries on this disk
    put16(&mut zip, 1); // entries in total
    put32(&mut zip, central_directory_size);
    put32(&mut zip, central_directory_offset);
    put16(&mut zip, 0); // comment length
    Ok(zip)
}

/// The fields the local header and the central directory header share, in the order both
/// carry them (APPNOTE 4.3.7 and 4.3.12, from "version needed to extract" on).
struct Entry {
    crc: u32,
    compressed_size: u32,
    size: u32,
    name_length: u16,
}

impl Entry {
    fn put(&self, zip: &mut Vec<u8>) {
        put16(zip, VERSION_NEEDED);
        put16(zip, 0); // flags
        put16(zip, DEFLATE);
        put16(zip, DOS_TIME);
        put16(zip, DOS_DATE);
        put32(zip, self.crc);
        put32(zip, self.compressed_size);
        put32(zip, self.size);
        put16(zip, self.name_length);
        put16(zip, 0); // extra field length
    }
}

fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_contents_always_give_the_same_bytes() {
        let contents: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let first = single_executable("bootstrap", &contents).unwrap();
        assert_eq!(single_executable("bootstrap", &contents).unwrap(), first);
        assert_ne!(
            single_executable("bootstrap", &contents[1..]).unwrap(),
            first
        );
        // Compressible input is stored compressed.
        assert!(first.len() < contents.len() / 2);
    }
}
