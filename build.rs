//! Embeds the aggregator artifact's source hash, so `synth` can name the content-addressed S3
//! key of the Lambda package without building it.
//!
//! The hash covers what determines the binary: the crate's manifest and sources, the
//! workspace lockfile, and the `[profile.lambda]` section it is compiled with.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

const CRATE_DIR: &str = "lambda/aggregator";

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut files = vec![
        root.join(CRATE_DIR).join("Cargo.toml"),
        root.join("Cargo.lock"),
    ];
    collect_sources(&root.join(CRATE_DIR).join("src"), &mut files);
    files.sort();

    let mut hasher = Sha256::new();
    for file in &files {
        let relative = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        // A missing lockfile (a fresh checkout before the first build) hashes as empty.
        let contents = fs::read(file).unwrap_or_default();
        hasher.update(relative.as_bytes());
        hasher.update([0]);
        hasher.update((contents.len() as u64).to_le_bytes());
        hasher.update(&contents);
        println!("cargo:rerun-if-changed={}", file.display());
    }
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    hasher.update(lambda_profile(&manifest).as_bytes());
    println!("cargo:rerun-if-changed=Cargo.toml");
    println!(
        "cargo:rerun-if-changed={}",
        root.join(CRATE_DIR).join("src").display()
    );

    let hash: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("cargo:rustc-env=ZAEL_AGGREGATOR_SOURCE_HASH={hash}");
}

fn collect_sources(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_sources(&path, files);
        } else {
            files.push(path);
        }
    }
}

/// The lines of `[profile.lambda]`, up to the next section.
fn lambda_profile(manifest: &str) -> String {
    let mut inside = false;
    let mut section = String::new();
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            inside = trimmed == "[profile.lambda]";
        }
        if inside && !trimmed.is_empty() && !trimmed.starts_with('#') {
            section.push_str(trimmed);
            section.push('\n');
        }
    }
    section
}
