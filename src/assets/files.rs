//! Writing a set of output files all or nothing.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes every `(file name, contents)` into `dir` (created if missing). Each file is
/// written to a temporary name first and renamed into place only once all were written, so
/// a failure leaves no partial file and no half-updated set behind.
pub fn write_all_or_nothing(dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    write_set(dir, files, Durability::Synced)
}

/// Whether each file reaches the disk before the set is renamed into place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// Synced: a deployment bundle survives a crash right after `synth` returns.
    Synced,
    /// Left to the page cache: for many generated files (`synth --all`) that are reproducible
    /// from their profiles, where one sync per file costs more than the synthesis itself.
    /// Readers still see all of the set or none of it.
    Cached,
}

/// [`write_all_or_nothing`] with the durability the caller needs.
pub fn write_set(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    durability: Durability,
) -> std::io::Result<()> {
    if !dir.exists() {
        return write_new_dir(dir, files, durability);
    }
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
    if let Err(error) = write_files(&jobs, durability) {
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

/// A directory that does not exist yet is filled under a staging name beside it and renamed
/// into place in one step: all or nothing, with one rename instead of one per file.
fn write_new_dir(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    durability: Durability,
) -> std::io::Result<()> {
    let name = dir
        .file_name()
        .ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a directory path")
        })?
        .to_string_lossy()
        .into_owned();
    let staging = dir.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    fs::create_dir(&staging)?;
    let paths: Vec<PathBuf> = files.iter().map(|(name, _)| staging.join(name)).collect();
    let jobs: Vec<(&PathBuf, &Vec<u8>)> = paths
        .iter()
        .zip(files)
        .map(|(path, (_, contents))| (path, contents))
        .collect();
    let result = write_files(&jobs, durability).and_then(|()| fs::rename(&staging, dir));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Writes (and syncs, if asked) each file. Many synced files are written from several
/// threads: the file system then commits their syncs together instead of one after another.
fn write_files(jobs: &[(&PathBuf, &Vec<u8>)], durability: Durability) -> std::io::Result<()> {
    const WRITERS: usize = 4;
    let write_one = |(path, contents): &(&PathBuf, &Vec<u8>)| -> std::io::Result<()> {
        let mut file = fs::File::create(path)?;
        file.write_all(contents)?;
        match durability {
            Durability::Synced => file.sync_all(),
            Durability::Cached => Ok(()),
        }
    };
    // Unsynced files gain nothing from threads: they contend on the directory's lock.
    if jobs.len() < WRITERS || durability == Durability::Cached {
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
