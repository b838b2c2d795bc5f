//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The synth variants of `snapshots/variants.txt`: (name, flags).
pub fn variants() -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(root().join("snapshots/variants.txt")).unwrap();
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (name, flags) = line.split_once('\t').expect("NAME<TAB>FLAGS");
            let flags = flags.split_whitespace().map(String::from).collect();
            (name.to_string(), flags)
        })
        .collect()
}

/// Runs the real `zael` binary, as a user would.
pub fn zael<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    zael_in(&root(), args)
}

pub fn zael_in<I, S>(dir: &Path, args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_zael"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the zael binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}
