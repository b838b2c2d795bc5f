//! `synth --out`: a set of files is committed whole or not at all, a run killed midway is
//! cleaned up by the next one, and an output directory that would overwrite or mix with the
//! profiles is refused.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{assert_has_all, root, scratch, stderr, tree, zael};

fn args<'a>(parts: &'a [&'a str]) -> Vec<&'a str> {
    parts.to_vec()
}

/// The names of what `dir` holds: what a run left beside its output.
fn names_in(dir: &Path) -> Vec<std::ffi::OsString> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect()
}

#[test]
fn an_output_directory_that_overlaps_the_profiles_is_refused_and_nothing_is_touched() {
    let stacks = scratch("overlap");
    fs::copy(root().join("stacks/prod.yaml"), stacks.join("prod.yaml")).unwrap();
    let before = tree(&stacks);
    let s = stacks.to_str().unwrap();
    let inner = stacks.join("out");
    let parent = stacks.parent().unwrap().to_str().unwrap().to_string();
    for (out, relation) in [
        (s.to_string(), "is"),
        (inner.to_str().unwrap().to_string(), "is inside"),
        (parent.clone(), "contains"),
    ] {
        let output = zael(args(&["synth", "--all", "--out", &out, "--stacks-dir", s]));
        assert_eq!(output.status.code(), Some(2));
        assert!(output.stdout.is_empty());
        assert_eq!(
            stderr(&output),
            format!("error: --out {out} {relation} --stacks-dir {s}; write templates to a directory apart from the profiles\n")
        );
    }
    assert_eq!(tree(&stacks), before, "the profiles are untouched");
    let output = zael(args(&[
        "synth",
        "--stack",
        &format!("{s}/prod.yaml"),
        "--blueprint",
        "limiter",
        "--out",
        s,
    ]));
    assert_eq!(output.status.code(), Some(2));
    assert_has_all(&stderr(&output), &["is the directory of --stack"]);
    assert_eq!(tree(&stacks), before);
    fs::remove_dir_all(&stacks).unwrap();
}

#[test]
fn a_file_in_the_output_path_is_named_at_once() {
    let dir = scratch("afile");
    fs::write(dir.join("afile"), "x").unwrap();
    let out = dir.join("afile/sub");
    let started = Instant::now();
    let output = zael(args(&["synth", "--out", out.to_str().unwrap()]));
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "error: --out {}: {} is a file, not a directory\n",
            out.display(),
            dir.join("afile").display()
        )
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_set_that_cannot_be_committed_whole_changes_nothing() {
    let dir = scratch("blocked");
    let out = dir.join("dist");
    let o = out.to_str().unwrap();
    let first = zael(args(&["synth", "--blueprint", "redis", "--out", o]));
    assert!(first.status.success(), "{}", stderr(&first));
    // The next set needs `manifest.json` where a directory now is.
    fs::remove_file(out.join("manifest.json")).unwrap();
    fs::create_dir(out.join("manifest.json")).unwrap();
    fs::write(out.join("manifest.json/mine"), "keep").unwrap();
    let before = tree(&out);
    let output = zael(args(&[
        "synth",
        "--blueprint",
        "redis",
        "--cache-replicas",
        "3",
        "--out",
        o,
    ]));
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let error = stderr(&output);
    assert!(
        error.ends_with(
            "manifest.json is a directory; zael writes a file of that name; nothing was written\n"
        ),
        "{error}"
    );
    assert_eq!(tree(&out), before, "the old set is intact");
    assert_eq!(names_in(&dir), ["dist"], "no staging left behind");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn synth_all_replaces_its_templates_in_one_step_and_keeps_other_files() {
    let dir = scratch("all");
    let out = dir.join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("notes.txt"), "mine").unwrap();
    fs::write(out.join("prod.yaml"), "stale").unwrap();
    let output = zael(args(&["synth", "--all", "--out", out.to_str().unwrap()]));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
    assert_ne!(fs::read_to_string(out.join("prod.yaml")).unwrap(), "stale");
    assert_eq!(names_in(&dir), ["out"]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_staging_of_a_killed_run_is_removed_by_the_next_and_reported() {
    let dir = scratch("killed");
    let out = dir.join("out");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zael"))
        .args(["synth", "--all", "--out", out.to_str().unwrap()])
        .current_dir(root())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Whenever the kill lands, what is left is the old state or the new one, plus at most a
    // staging directory that the next run removes.
    std::thread::sleep(Duration::from_millis(20));
    let _ = child.kill();
    child.wait().unwrap();
    let leftover = dir.join(".out.zael-staging.4000000000");
    fs::create_dir_all(&leftover).unwrap();
    fs::write(leftover.join("half.yaml"), "x").unwrap();
    let output = zael(args(&["synth", "--all", "--out", out.to_str().unwrap()]));
    assert!(output.status.success(), "{}", stderr(&output));
    let real = fs::canonicalize(&dir).unwrap();
    // The killed run's own staging (templates are staged as they are made) is reported
    // the same way, in name order; the reports come before the files written.
    let report = stderr(&output);
    let removals: Vec<&str> = report
        .lines()
        .take_while(|line| line.starts_with("removed "))
        .collect();
    assert!(
        removals.contains(
            &format!(
                "removed {} (1 file(s) left by an interrupted run)",
                real.join(".out.zael-staging.4000000000").display()
            )
            .as_str()
        ),
        "{report}"
    );
    assert!(removals.len() <= 2, "{report}");
    assert!(
        report
            .lines()
            .skip(removals.len())
            .all(|l| l.starts_with("wrote ")),
        "{report}"
    );
    assert_eq!(names_in(&dir), ["out"]);
    fs::remove_dir_all(&dir).unwrap();
}
