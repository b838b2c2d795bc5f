//! Writing a set of output files all or nothing.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes every `(file name, contents)` into `dir` (created if missing). Each file is
/// written to a temporary name first and renamed into place only once all were written, so
/// a failure leaves no partial file and no half-updated set behind.
pub fn write_all_or_nothing(dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let written: Vec<(PathBuf, PathBuf)> = files
        .iter()
        .map(|(name, _)| {
            let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
            (temporary, dir.join(name))
        })
        .collect();
    let jobs: Vec<(&PathBuf, &Vec<u8>)> = written
        .iter()
        .zip(files)
        .map(|((temporary, _), (_, contents))| (temporary, contents))
        .collect();
    if let Err(error) = write_synced(&jobs) {
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

/// Writes and syncs each file. Many files (`synth --all`) are written from several threads:
/// the file system then commits their syncs together instead of one after another.
fn write_synced(jobs: &[(&PathBuf, &Vec<u8>)]) -> std::io::Result<()> {
    const WRITERS: usize = 16;
    let write_one = |(path, contents): &(&PathBuf, &Vec<u8>)| -> std::io::Result<()> {
        let mut file = fs::File::create(path)?;
        file.write_all(contents)?;
        file.sync_all()
    };
    if jobs.len() < WRITERS {
        return jobs.iter().try_for_each(write_one);
    }
    let chunk = jobs.len().div_ceil(WRITERS);
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().try_for_each(write_one)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("writing does not panic"))
            .collect::<std::io::Result<Vec<()>>>()
            .map(|_| ())
    })
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
