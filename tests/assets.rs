//! The aggregator artifact: content address, deterministic zip, `synth --out` and
//! `lambda-export`, as a user runs them.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{assert_has_all, scratch, stderr, zael};
use serde_json::Value;
use zael::assets::source_hash::{lockfile_closure, source_hash};

fn write(path: &Path, contents: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, contents).unwrap();
}

const LOCKFILE: &str = r#"version = 4

[[package]]
name = "zael-aggregator"
version = "0.1.0"
dependencies = [
 "serde",
 "tokio 1.0.0",
]

[[package]]
name = "serde"
version = "1.0.1"

[[package]]
name = "tokio"
version = "1.0.0"

[[package]]
name = "clap"
version = "4.0.0"
"#;

const MANIFEST: &str = "[package]\nname = \"zael\"\n\n[dependencies]\nclap = \"4\"\n\n[profile.lambda]\ninherits = \"release\"\nopt-level = \"s\"\n";

#[test]
fn the_key_changes_exactly_when_the_artifacts_inputs_change() {
    let root = scratch("source-hash");
    write(&root.join("Cargo.lock"), LOCKFILE);
    write(&root.join("Cargo.toml"), MANIFEST);
    write(
        &root.join("lambda/aggregator/Cargo.toml"),
        "[package]\nname = \"zael-aggregator\"\n",
    );
    write(
        &root.join("lambda/aggregator/src/main.rs"),
        "fn main() {}\n",
    );
    let base = source_hash(&root);
    assert_eq!(
        source_hash(&root),
        base,
        "the hash is a pure function of the files"
    );

    // (file, what it is given, what that edit is, whether the key must change); each edit is
    // undone before the next, which must give the key back.
    let edits = [
        (
            "lambda/aggregator/tests/t.rs",
            "#[test] fn t() {}".to_string(),
            "a test file",
            false,
        ),
        ("README.md", "docs".into(), "documentation", false),
        (
            "Cargo.lock",
            LOCKFILE.replace("4.0.0", "4.1.0"),
            "a lockfile change outside the aggregator's dependencies",
            false,
        ),
        (
            "Cargo.toml",
            MANIFEST.replace("clap = \"4\"", "clap = \"4.5\""),
            "the synthesizer's own dependencies",
            false,
        ),
        (
            "lambda/aggregator/src/main.rs",
            "fn main() { }\n".into(),
            "a source edit",
            true,
        ),
        (
            "lambda/aggregator/src/new.rs",
            String::new(),
            "a new source file",
            true,
        ),
        (
            "lambda/support/src/log.rs",
            String::new(),
            "a source file of the support crate both Lambdas link",
            true,
        ),
        (
            "Cargo.lock",
            LOCKFILE.replace("1.0.1", "1.0.2"),
            "a dependency's new version",
            true,
        ),
        (
            "Cargo.toml",
            MANIFEST.replace("\"s\"", "3"),
            "the lambda build profile",
            true,
        ),
    ];
    for (file, contents, what, changes) in edits {
        let path = root.join(file);
        let before = fs::read_to_string(&path).ok();
        write(&path, &contents);
        let edited = source_hash(&root);
        if changes {
            assert_ne!(edited, base, "{what} must change the key");
        } else {
            assert_eq!(edited, base, "{what} must not change the key");
        }
        match before {
            Some(text) => write(&path, &text),
            None => fs::remove_file(&path).unwrap(),
        }
        assert_eq!(
            source_hash(&root),
            base,
            "undoing {what} gives the key back"
        );
    }
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn the_lockfile_closure_follows_versioned_and_plain_dependencies() {
    let closure = lockfile_closure(LOCKFILE, "zael-aggregator");
    assert!(closure.contains("name = \"serde\""));
    assert!(closure.contains("name = \"tokio\""));
    assert!(!closure.contains("name = \"clap\""));
}

#[test]
fn the_template_names_the_key_of_the_sources_in_this_checkout() {
    let hash = source_hash(&common::root());
    assert_eq!(zael::assets::aggregator().source_hash, hash);
    let output = zael(["asset-hash"]);
    assert_eq!(common::stdout(&output), format!("{hash}\n"));
    let template: Value = serde_norway::from_slice(&zael(["synth"]).stdout).unwrap();
    assert_eq!(
        template["Parameters"]["ArtifactKey"]["Default"],
        format!("zael/aggregator-{hash}.zip")
    );
}

/// `zael synth --out OUT --aggregator-binary BINARY`.
fn synth_out(out: &Path, binary: &Path) -> Output {
    zael([
        OsStr::new("synth"),
        OsStr::new("--out"),
        out.as_os_str(),
        OsStr::new("--aggregator-binary"),
        binary.as_os_str(),
    ])
}

/// The manifest `--out` wrote into `dir`.
fn read_manifest(dir: &Path) -> Value {
    serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

/// `zael synth FLAGS --out DIR` of a stack that packages nothing: it succeeds, and its
/// manifest names `template` and no assets.
fn bundle_without_assets(dir: &Path, flags: &[&str], template: &str) {
    let out = dir.to_str().unwrap();
    let args = [&["synth"], flags, &["--out", out]].concat();
    let output = zael(&args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    assert_eq!(
        read_manifest(dir),
        serde_json::json!({"template": template, "assets": []})
    );
}

/// A stand-in binary with a stamp naming the expected sources, as `make lambda` leaves it.
fn fake_binary(dir: &Path, stamp: &str) -> PathBuf {
    let binary = dir.join("bootstrap");
    let contents: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 256) as u8).collect();
    fs::write(&binary, contents).unwrap();
    fs::write(dir.join("bootstrap.source-hash"), format!("{stamp}\n")).unwrap();
    binary
}

/// (name, unix mode, contents) of every entry, as Python's zipfile reads the archive.
fn read_zip(path: &Path) -> Vec<(String, u32, Vec<u8>)> {
    let script = "import sys, zipfile, json\n\
        z = zipfile.ZipFile(sys.argv[1])\n\
        print(json.dumps([[i.filename, i.external_attr >> 16, list(z.read(i.filename))] for i in z.infolist()]))";
    let output = Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn synth_out_writes_template_zip_and_manifest_that_agree() {
    let dir = scratch("synth-out");
    let binary = fake_binary(&dir, zael::assets::aggregator().source_hash);
    let out = dir.join("out");
    let output = synth_out(&out, &binary);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(output.stdout, b"", "with --out, stdout stays empty");

    let manifest = read_manifest(&out);
    let asset = &manifest["assets"][0];
    let key = asset["destination"]["key"].as_str().unwrap();
    let zip_name = asset["file"].as_str().unwrap();
    assert_eq!(manifest["template"], "template.yaml");
    assert_eq!(asset["destination"]["bucketParameter"], "ArtifactBucket");
    assert!(key.ends_with(zip_name));
    let template: Value =
        serde_norway::from_slice(&fs::read(out.join("template.yaml")).unwrap()).unwrap();
    assert_eq!(template["Parameters"]["ArtifactKey"]["Default"], key);

    let zip = fs::read(out.join(zip_name)).unwrap();
    assert_eq!(asset["size"], zip.len());
    let entries = read_zip(&out.join(zip_name));
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].0, "bootstrap");
    assert_eq!(
        entries[0].1, 0o100755,
        "Lambda must be able to execute bootstrap"
    );
    assert_eq!(entries[0].2, fs::read(&binary).unwrap());

    // Same binary, same bytes: again, and through lambda-export.
    let again = dir.join("again");
    assert!(synth_out(&again, &binary).status.success());
    assert_eq!(fs::read(again.join(zip_name)).unwrap(), zip);
    let exported = dir.join("lambda.zip");
    let output = zael([
        "lambda-export",
        "--output",
        exported.to_str().unwrap(),
        "--aggregator-binary",
        binary.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(fs::read(&exported).unwrap(), zip);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_or_stale_binary_is_refused_and_nothing_is_written() {
    let dir = scratch("stale");
    let out = dir.join("out");
    let missing = dir.join("nowhere/bootstrap");
    let output = synth_out(&out, &missing);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!("error: no aggregator binary at {}: build it with `make lambda` (or point --aggregator-binary at one)\n", missing.display())
    );
    assert!(!out.exists(), "a failed synth writes nothing");

    let binary = fake_binary(&dir, "0000");
    let output = zael([
        "lambda-export",
        "--output",
        dir.join("l.zip").to_str().unwrap(),
        "--aggregator-binary",
        binary.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_has_all(
        &stderr(&output),
        &["was built from other sources (hash 0000)"],
    );
    assert!(!dir.join("l.zip").exists());

    fs::remove_file(dir.join("bootstrap.source-hash")).unwrap();
    let output = synth_out(&out, &binary);
    assert_eq!(output.status.code(), Some(2));
    assert_has_all(&stderr(&output), &["has no source stamp"]);
    assert!(!out.exists());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_the_aggregator_there_is_nothing_to_package() {
    let dir = scratch("no-aggregator");
    let flags = [
        "--no-aggregator",
        "--format",
        "json",
        "--aggregator-binary",
        "/nonexistent",
    ];
    bundle_without_assets(&dir, &flags, "template.json");
    assert!(dir.join("template.json").is_file());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_blueprint_without_lambdas_bundles_its_template_and_an_empty_manifest() {
    let dir = scratch("redis-out");
    bundle_without_assets(&dir, &["--blueprint", "redis"], "template.yaml");
    let template: Value =
        serde_norway::from_slice(&fs::read(dir.join("template.yaml")).unwrap()).unwrap();
    assert_eq!(
        template["Resources"]["ReplicationGroup"]["Type"],
        "AWS::ElastiCache::ReplicationGroup"
    );
    fs::remove_dir_all(&dir).unwrap();
}
