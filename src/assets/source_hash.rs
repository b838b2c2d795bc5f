// The source hashes of the Lambda artifacts. Shared by `build.rs` (through `include!`, which is
// why this file has no module-level attributes or `use crate::` paths) and the library, so
// tests can check what changes the hash.
//
// The hash covers what determines the binary: the crate's manifest and sources and those of
// the support crate it links, the lockfile entries of the packages it is built from, and the
// `[profile.lambda]` section.
// Nothing else (tests, docs, the synthesizer's own dependencies) moves the S3 key.

/// The aggregator crate, relative to the workspace root.
pub const AGGREGATOR_DIR: &str = "lambda/aggregator";
/// The aggregator's package name, the root of its lockfile closure.
pub const AGGREGATOR_PACKAGE: &str = "zael-aggregator";

/// A Lambda crate of the workspace whose binary is shipped as an artifact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LambdaCrate {
    /// Relative to the workspace root.
    pub dir: &'static str,
    /// The package name, the root of its lockfile closure.
    pub package: &'static str,
}

pub const AGGREGATOR_CRATE: LambdaCrate = LambdaCrate {
    dir: AGGREGATOR_DIR,
    package: AGGREGATOR_PACKAGE,
};

/// The API blueprint's handler (seed 003).
pub const API_HANDLER_CRATE: LambdaCrate = LambdaCrate {
    dir: "lambda/api-handler",
    package: "zael-api-handler",
};

/// The crate both Lambda binaries link (logger, init errors): part of each one's sources.
pub const SUPPORT_DIR: &str = "lambda/support";

/// The aggregator's files whose contents are hashed, relative to `root`, sorted.
pub fn source_files(root: &std::path::Path) -> Vec<String> {
    crate_source_files(root, AGGREGATOR_CRATE)
}

/// The files of `krate` and of the support crate it links, whose contents are hashed,
/// relative to `root`, sorted.
pub fn crate_source_files(root: &std::path::Path, krate: LambdaCrate) -> Vec<String> {
    fn collect(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect(&path, root, out);
            } else if let Ok(relative) = path.strip_prefix(root) {
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut files = Vec::new();
    for dir in [krate.dir, SUPPORT_DIR] {
        files.push(format!("{dir}/Cargo.toml"));
        collect(&root.join(dir).join("src"), root, &mut files);
    }
    files.sort();
    files
}

/// The `[[package]]` blocks of `lockfile` reachable from `package`, sorted: what the crate
/// is built from, and nothing the rest of the workspace added.
pub fn lockfile_closure(lockfile: &str, package: &str) -> String {
    let blocks: Vec<&str> = lockfile
        .split("[[package]]")
        .skip(1)
        .map(str::trim)
        .collect();
    let field = |block: &str, key: &str| -> Option<String> {
        block.lines().find_map(|line| {
            let value = line.strip_prefix(key)?.trim_start().strip_prefix('=')?;
            Some(value.trim().trim_matches('"').to_string())
        })
    };
    let dependencies = |block: &str| -> Vec<String> {
        let Some(start) = block.find("dependencies = [") else {
            return Vec::new();
        };
        let list = &block[start + "dependencies = [".len()..];
        let list = &list[..list.find(']').unwrap_or(list.len())];
        list.split(',')
            .map(|d| d.trim().trim_matches('"').to_string())
            .filter(|d| !d.is_empty())
            .collect()
    };
    // A dependency is written "name" or "name version" or "name version (source)".
    let matches = |block: &str, dependency: &str| -> bool {
        let mut parts = dependency.split_whitespace();
        let name = parts.next().unwrap_or_default();
        let version = parts.next();
        field(block, "name").as_deref() == Some(name)
            && version.is_none_or(|v| field(block, "version").as_deref() == Some(v))
    };
    let mut seen = vec![false; blocks.len()];
    let mut pending = vec![package.to_string()];
    while let Some(dependency) = pending.pop() {
        for (index, block) in blocks.iter().enumerate() {
            if !seen[index] && matches(block, &dependency) {
                seen[index] = true;
                pending.extend(dependencies(block));
            }
        }
    }
    let mut closure: Vec<&str> = blocks
        .iter()
        .zip(&seen)
        .filter(|(_, seen)| **seen)
        .map(|(block, _)| *block)
        .collect();
    closure.sort();
    closure.join("\n")
}

/// The lines of `[profile.lambda]`, up to the next section, without comments.
pub fn lambda_profile(manifest: &str) -> String {
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

/// SHA-256, in hex, of the aggregator's sources, lockfile closure and build profile under the
/// workspace `root`.
pub fn source_hash(root: &std::path::Path) -> String {
    crate_source_hash(root, AGGREGATOR_CRATE)
}

/// SHA-256, in hex, of the sources, lockfile closure and build profile of `krate` under the
/// workspace `root`. Missing files hash as empty, so a checkout without the crate still builds.
pub fn crate_source_hash(root: &std::path::Path, krate: LambdaCrate) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    let mut part = |label: &str, contents: &[u8]| {
        hasher.update(label.as_bytes());
        hasher.update([0]);
        hasher.update((contents.len() as u64).to_le_bytes());
        hasher.update(contents);
    };
    for file in crate_source_files(root, krate) {
        part(&file, &std::fs::read(root.join(&file)).unwrap_or_default());
    }
    let lockfile = std::fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    part(
        "Cargo.lock",
        lockfile_closure(&lockfile, krate.package).as_bytes(),
    );
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap_or_default();
    part("[profile.lambda]", lambda_profile(&manifest).as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
