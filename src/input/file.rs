//! Regular files only, with a size cap.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The most bytes zael reads from one kind of file, and why that much.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub bytes: u64,
    pub why: &'static str,
}

/// CloudFormation's own limit: a template in S3 (`TemplateURL`) is at most 1 MB.
pub const TEMPLATE_LIMIT: Limit = Limit {
    bytes: 1_048_576,
    why: "CloudFormation accepts at most 1 MB of template",
};

/// A profile is a page of options; the largest bundled one is under 2 KB.
pub const PROFILE_LIMIT: Limit = Limit {
    bytes: 256 * 1024,
    why: "a stack profile is a page of options",
};

/// A rules file is a page of policy; the bundled packs are under 20 KB.
pub const RULES_LIMIT: Limit = Limit {
    bytes: 1_048_576,
    why: "a rules file is a page of policy",
};

/// Why a file could not be read. It does not name the file: the caller names it with the
/// flag or key that gave it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The operating system's own words (no such file, permission denied, ...).
    #[error("{0}")]
    Io(String),
    #[error("{kind}, not a regular file; zael reads only regular files")]
    NotRegular { kind: &'static str },
    #[error("larger than {} bytes, the limit ({})", limit.bytes, limit.why)]
    TooLarge { limit: Limit },
    #[error("not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { offset: usize },
}

/// The text of the regular file at `path`, refused if it is not a regular file (a FIFO would
/// block, a device never ends), is larger than `limit`, or is not UTF-8. The error does not
/// name the file: the caller names it with the flag or key that gave it.
pub fn read_text(path: &Path, limit: Limit) -> Result<String, ReadError> {
    let io = |e: std::io::Error| ReadError::Io(e.to_string());
    // `stat` before `open`: opening a FIFO for reading blocks until a writer appears.
    let metadata = std::fs::metadata(path).map_err(io)?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular {
            kind: kind(&metadata),
        });
    }
    let file = File::open(path).map_err(io)?;
    // Sized from the `stat`: the file in one read and its end in a second (from empty, the
    // buffer grew through four reads).
    let mut bytes = Vec::with_capacity(metadata.len().min(limit.bytes) as usize + 1);
    // One byte more than the limit tells a file at the limit from a larger one, even if the
    // file grows after the `stat`.
    file.take(limit.bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(ReadError::TooLarge { limit });
    }
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

fn kind(metadata: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = metadata.file_type();
    if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_directories_and_large_files_are_refused() {
        let error = read_text(Path::new("/dev/zero"), TEMPLATE_LIMIT)
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "a character device, not a regular file; zael reads only regular files"
        );
        let error = read_text(Path::new("/"), TEMPLATE_LIMIT)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("a directory"), "{error}");
        let dir = std::env::temp_dir().join(format!("zael-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.yaml");
        let small = Limit {
            bytes: 4,
            why: "test",
        };
        std::fs::write(&path, "12345").unwrap();
        let error = read_text(&path, small).unwrap_err().to_string();
        assert_eq!(error, "larger than 4 bytes, the limit (test)");
        std::fs::write(&path, "1234").unwrap();
        assert_eq!(read_text(&path, small).unwrap(), "1234");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
