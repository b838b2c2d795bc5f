//! Writing a set of output files all or nothing.
//!
//! The set is written into a staging directory beside the output directory, next to hard
//! links of whatever else the output directory holds, and the two directories are swapped in
//! one `renameat2(RENAME_EXCHANGE)`: a reader (or a crash) sees the old directory or the new
//! one, never a mix. Every failure path removes the staging directory; a run killed before it
//! could do so leaves a staging directory named after its process, which the next run
//! removes (and says so).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

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

/// Writes every `(file name, contents)` into `dir` (created if missing), all or nothing.
pub fn write_all_or_nothing(dir: &Path, files: &[(String, Vec<u8>)]) -> io::Result<Vec<String>> {
    write_set(dir, files, Durability::Synced)
}

/// Why a path cannot be an output directory. The caller names the path with its flag.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OutputDirError {
    #[error("it is a file, not a directory")]
    IsAFile,
    #[error("{} is a file, not a directory", .0.display())]
    AncestorIsAFile(std::path::PathBuf),
}

/// Why `dir` cannot be an output directory, found before any work is done: it (or one of its
/// ancestors) exists and is not a directory.
pub fn check_output_dir(dir: &Path) -> Result<(), OutputDirError> {
    let mut ancestor = Some(dir);
    while let Some(path) = ancestor.filter(|p| !p.as_os_str().is_empty()) {
        match fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => return Ok(()),
            Ok(_) if path == dir => return Err(OutputDirError::IsAFile),
            Ok(_) => return Err(OutputDirError::AncestorIsAFile(path.to_path_buf())),
            Err(_) => ancestor = path.parent(),
        }
    }
    Ok(())
}

/// [`write_all_or_nothing`] with the durability the caller needs. Returns what it cleaned up
/// of interrupted earlier runs, one line each, for the caller to report.
pub fn write_set(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    durability: Durability,
) -> io::Result<Vec<String>> {
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let staged = StagedSet::begin(dir, &names, durability)?;
    let jobs: Vec<(PathBuf, &Vec<u8>)> = files
        .iter()
        .map(|(name, contents)| (staged.staging.join(name), contents))
        .collect();
    write_files(&jobs, durability)?;
    staged.commit()
}

/// A set of files on its way into an output directory: staged beside it as each file is
/// made (`synth --all` writes each template as soon as it is synthesized, from every
/// worker, instead of holding them all), then put in place whole by [`StagedSet::commit`].
/// Dropped without a commit, it removes the staging directory and any parent it created:
/// nothing was written.
pub struct StagedSet {
    /// The output directory, symbolic links resolved.
    dir: PathBuf,
    staging: PathBuf,
    durability: Durability,
    /// The missing parents of `dir` that `begin` created, deepest first.
    created: Vec<PathBuf>,
    /// What `begin` cleaned up of interrupted earlier runs, for `commit` to return.
    cleaned: Vec<String>,
    committed: bool,
}

impl StagedSet {
    /// Stages a set of files named `names` for `dir` (created if missing): a staging
    /// directory beside it holding links to every entry of `dir` the set does not replace.
    /// Refused when one of `names` is a directory in `dir`.
    pub fn begin(dir: &Path, names: &[&str], durability: Durability) -> io::Result<StagedSet> {
        check_output_dir(dir).map_err(|e| io::Error::new(io::ErrorKind::NotADirectory, e))?;
        // Work on the real directory: swapping a symbolic link would replace the link itself.
        let dir = match fs::canonicalize(dir) {
            Ok(real) => real,
            Err(_) => absolute(dir)?,
        };
        let (parent, name) = match (dir.parent(), dir.file_name()) {
            (Some(parent), Some(name)) => {
                (parent.to_path_buf(), name.to_string_lossy().into_owned())
            }
            _ => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "the output directory needs a parent directory",
                ))
            }
        };
        let created: Vec<PathBuf> = parent
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && fs::symlink_metadata(a).is_err())
            .map(Path::to_path_buf)
            .collect();
        let staging = parent.join(format!("{}{}", staging_prefix(&name), std::process::id()));
        let mut staged = StagedSet {
            dir,
            staging,
            durability,
            created,
            cleaned: Vec::new(),
            committed: false,
        };
        fs::create_dir_all(&parent)?;
        staged.cleaned = clean_interrupted(&parent, &name);
        let _ = fs::remove_dir_all(&staged.staging);
        stage(&staged.dir, &staged.staging, names)?;
        Ok(staged)
    }

    /// Writes one file of the set into the staging directory; callable from several threads.
    pub fn write(&self, name: &str, contents: &[u8]) -> io::Result<()> {
        write_one(&self.staging.join(name), contents, self.durability)
    }

    /// Puts the staged set in place of the output directory in one step. Returns what
    /// `begin` cleaned up of interrupted earlier runs, one line each.
    pub fn commit(mut self) -> io::Result<Vec<String>> {
        let result = commit(&self.staging, &self.dir);
        // After a swap the staging name holds the old directory; before it, the partial new one.
        let _ = fs::remove_dir_all(&self.staging);
        result?;
        self.committed = true;
        if self.durability == Durability::Synced {
            if let Some(parent) = self.dir.parent() {
                fs::File::open(parent)?.sync_all()?;
            }
        }
        Ok(std::mem::take(&mut self.cleaned))
    }
}

impl Drop for StagedSet {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let _ = fs::remove_dir_all(&self.staging);
        for parent in &self.created {
            // Only if still empty: another process may have put something there since.
            let _ = fs::remove_dir(parent);
        }
    }
}

fn absolute(path: &Path) -> io::Result<PathBuf> {
    if path.is_absolute() {
        Ok(path.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(path))
    }
}

fn staging_prefix(name: &str) -> String {
    format!(".{name}.zael-staging.")
}

/// Removes staging directories of `name` left by runs that no longer exist.
fn clean_interrupted(parent: &Path, name: &str) -> Vec<String> {
    let prefix = staging_prefix(name);
    let mut cleaned = Vec::new();
    let Ok(entries) = fs::read_dir(parent) else {
        return cleaned;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        // Earlier versions staged a new directory as `.NAME.PID.partial`.
        let legacy = format!(".{name}.");
        let pid = file_name.strip_prefix(&prefix).or_else(|| {
            file_name
                .strip_prefix(&legacy)
                .and_then(|rest| rest.strip_suffix(".partial"))
        });
        let Some(pid) = pid else {
            continue;
        };
        let alive = pid.parse::<u32>().is_ok_and(|pid| {
            pid != std::process::id() && Path::new(&format!("/proc/{pid}")).exists()
        });
        if alive {
            continue;
        }
        let path = entry.path();
        let files = fs::read_dir(&path).map_or(0, |e| e.count());
        if fs::remove_dir_all(&path).is_ok() {
            cleaned.push(format!(
                "removed {} ({files} file(s) left by an interrupted run)",
                path.display()
            ));
        }
    }
    cleaned.sort();
    cleaned
}

/// The new directory's beginning in `staging`: links to every entry of `dir` the set named
/// `names` does not replace.
fn stage(dir: &Path, staging: &Path, names: &[&str]) -> io::Result<()> {
    fs::create_dir(staging)?;
    if let Ok(metadata) = fs::metadata(dir) {
        fs::set_permissions(staging, metadata.permissions())?;
        for name in names {
            if fs::symlink_metadata(dir.join(name)).is_ok_and(|m| m.is_dir()) {
                return Err(io::Error::new(
                    io::ErrorKind::IsADirectory,
                    format!(
                        "{} is a directory; zael writes a file of that name",
                        dir.join(name).display()
                    ),
                ));
            }
        }
        let replaced: std::collections::HashSet<&str> = names.iter().copied().collect();
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let entry_name = entry.file_name();
            if entry_name
                .to_str()
                .is_some_and(|name| replaced.contains(name))
            {
                continue;
            }
            // Earlier versions wrote `.FILE.PID.tmp` inside the directory: not carried over.
            if is_legacy_temporary(&entry_name.to_string_lossy()) {
                continue;
            }
            link_tree(&entry.path(), &staging.join(&entry_name))?;
        }
    }
    Ok(())
}

/// `.NAME.PID.tmp`, the temporary files of earlier versions.
fn is_legacy_temporary(name: &str) -> bool {
    name.starts_with('.')
        && name.strip_suffix(".tmp").is_some_and(|rest| {
            rest.rsplit_once('.')
                .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// `from` mirrored at `to` without copying file contents: files hard-linked, directories
/// recreated, symbolic links recreated.
fn link_tree(from: &Path, to: &Path) -> io::Result<()> {
    let metadata = fs::symlink_metadata(from)?;
    if metadata.is_dir() {
        fs::create_dir(to)?;
        fs::set_permissions(to, metadata.permissions())?;
        for entry in fs::read_dir(from)? {
            let entry = entry?;
            link_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else if metadata.file_type().is_symlink() {
        std::os::unix::fs::symlink(fs::read_link(from)?, to)
    } else {
        fs::hard_link(from, to)
    }
}

/// Puts `staging` in place of `dir` in one step: an exchange when `dir` exists (the old
/// directory is left at the staging name), a rename when it does not.
fn commit(staging: &Path, dir: &Path) -> io::Result<()> {
    if fs::symlink_metadata(dir).is_err() {
        return fs::rename(staging, dir);
    }
    exchange(staging, dir)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated strings that outlive the call.
    let status = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if status == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Without an atomic exchange: the old directory is moved aside and put back if the new one
/// cannot take its place.
#[cfg(not(target_os = "linux"))]
fn exchange(staging: &Path, dir: &Path) -> io::Result<()> {
    let aside = staging.with_extension("old");
    fs::rename(dir, &aside)?;
    if let Err(error) = fs::rename(staging, dir) {
        fs::rename(&aside, dir)?;
        return Err(error);
    }
    fs::rename(&aside, staging)
}

/// Writes (and syncs, if asked) each file. Many synced files are written from several
/// threads: the file system then commits their syncs together instead of one after another.
fn write_files(jobs: &[(PathBuf, &Vec<u8>)], durability: Durability) -> io::Result<()> {
    const WRITERS: usize = 4;
    let write_one = |(path, contents): &(PathBuf, &Vec<u8>)| write_one(path, contents, durability);
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
            .collect::<io::Result<Vec<()>>>()
            .map(|_| ())
    })
}

fn write_one(path: &Path, contents: &[u8], durability: Durability) -> io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(contents)?;
    match durability {
        Durability::Synced => file.sync_all(),
        Durability::Cached => Ok(()),
    }
}

/// Writes one file atomically: a temporary file beside it, renamed into place (one rename
/// is atomic), removed if anything fails.
pub fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?
        .to_string_lossy()
        .into_owned();
    if path.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a directory; give a file path",
        ));
    }
    let temporary = dir.join(format!(".{name}.zael-staging.{}", std::process::id()));
    let result = fs::File::create(&temporary)
        .and_then(|mut file| {
            file.write_all(contents)?;
            file.sync_all()
        })
        .and_then(|()| fs::rename(&temporary, path));
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(label: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zael-files-{label}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn set(pairs: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        pairs
            .iter()
            .map(|(n, c)| (n.to_string(), c.as_bytes().to_vec()))
            .collect()
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_set_replaces_its_files_and_keeps_the_others() {
        let root = scratch("replace");
        let out = root.join("out");
        write_set(&out, &set(&[("a", "1"), ("b", "1")]), Durability::Cached).unwrap();
        fs::create_dir(out.join("sub")).unwrap();
        fs::write(out.join("sub/keep"), "k").unwrap();
        fs::write(out.join("mine"), "m").unwrap();
        write_set(&out, &set(&[("a", "2"), ("c", "2")]), Durability::Synced).unwrap();
        assert_eq!(listing(&out), ["a", "b", "c", "mine", "sub"]);
        assert_eq!(fs::read_to_string(out.join("a")).unwrap(), "2");
        assert_eq!(fs::read_to_string(out.join("sub/keep")).unwrap(), "k");
        assert_eq!(listing(&root), ["out"], "no staging left beside");
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_directory_in_the_way_fails_the_whole_set_and_changes_nothing() {
        let root = scratch("blocked");
        let out = root.join("out");
        write_set(&out, &set(&[("a", "1")]), Durability::Cached).unwrap();
        fs::create_dir(out.join("m")).unwrap();
        let error = write_set(&out, &set(&[("a", "2"), ("m", "2")]), Durability::Cached)
            .unwrap_err()
            .to_string();
        assert!(
            error.ends_with("out/m is a directory; zael writes a file of that name"),
            "{error}"
        );
        assert_eq!(fs::read_to_string(out.join("a")).unwrap(), "1");
        assert_eq!(listing(&root), ["out"]);
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_set_dropped_before_its_commit_leaves_nothing_not_even_the_parents_it_made() {
        let root = scratch("dropped");
        let staged = StagedSet::begin(&root.join("a/b/out"), &["x"], Durability::Cached).unwrap();
        staged.write("x", b"1").unwrap();
        assert_eq!(listing(&root), ["a"]);
        drop(staged);
        assert!(listing(&root).is_empty());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn an_interrupted_run_s_staging_is_removed_and_reported() {
        let root = scratch("interrupted");
        let dead = root.join(".out.zael-staging.4000000000");
        fs::create_dir(&dead).unwrap();
        fs::write(dead.join("half"), "x").unwrap();
        let cleaned =
            write_set(&root.join("out"), &set(&[("a", "1")]), Durability::Cached).unwrap();
        assert_eq!(
            cleaned,
            [format!(
                "removed {} (1 file(s) left by an interrupted run)",
                fs::canonicalize(&root)
                    .unwrap()
                    .join(".out.zael-staging.4000000000")
                    .display()
            )]
        );
        assert_eq!(listing(&root), ["out"]);
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_file_where_the_directory_goes_is_named_before_any_work() {
        let root = scratch("afile");
        fs::write(root.join("afile"), "x").unwrap();
        assert_eq!(
            check_output_dir(&root.join("afile/sub"))
                .unwrap_err()
                .to_string(),
            format!(
                "{} is a file, not a directory",
                root.join("afile").display()
            )
        );
        assert_eq!(
            check_output_dir(&root.join("afile"))
                .unwrap_err()
                .to_string(),
            "it is a file, not a directory"
        );
        assert_eq!(check_output_dir(&root.join("new/deeper")), Ok(()));
        fs::remove_dir_all(&root).unwrap();
    }
}
