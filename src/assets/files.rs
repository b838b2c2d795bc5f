//! Writing a set of output files all or nothing.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes every `(file name, contents)` into `dir` (created if missing). Each file is
/// written to a temporary name first and renamed into place only once all were written, so
/// a failure leaves no partial file and no half-updated set behind.
pub fn write_all_or_nothing(dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = files.iter().try_for_each(|(name, contents)| {
        let target = dir.join(name);
        let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        written.push((temporary.clone(), target));
        let mut file = fs::File::create(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()
    });
    if let Err(error) = result {
        for (temporary, _) in &written {
            let _ = fs::remove_file(temporary);
        }
        return Err(error);
    }
    for (temporary, target) in &written {
        fs::rename(temporary, target)?;
    }
    Ok(())
}

/// Writes one file atomically: a temporary file beside it, renamed into place.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file path"))?
        .to_string_lossy()
        .into_owned();
    write_all_or_nothing(dir, &[(name, contents.to_vec())])
}
