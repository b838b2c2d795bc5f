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

/// `zael synth --format json FLAGS`, which must succeed: the template as JSON.
pub fn synth_json<S: AsRef<str>>(flags: &[S]) -> serde_json::Value {
    command_json("synth", flags)
}

/// `zael synth --format json` with no flags: the default stack's template.
pub fn default_template() -> serde_json::Value {
    synth_json::<&str>(&[])
}

/// `zael COMMAND --format json FLAGS`, which must succeed: its output as JSON.
pub fn command_json<S: AsRef<str>>(command: &str, flags: &[S]) -> serde_json::Value {
    let mut args = vec![command, "--format", "json"];
    args.extend(flags.iter().map(AsRef::as_ref));
    let output = zael(&args);
    let shown: Vec<&str> = flags.iter().map(AsRef::as_ref).collect();
    assert!(output.status.success(), "{shown:?}: {}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Asserts that `text` holds each of `parts`, showing the part missing and all of `text`.
#[track_caller]
pub fn assert_has_all(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
}

/// Bad usage or input: exit 2, nothing on stdout, and exactly `expected` on stderr.
pub fn assert_refused(output: &Output, expected: &str) {
    assert_eq!(stderr(output).trim_end(), expected);
    assert_eq!(output.status.code(), Some(2), "{expected}");
    assert_eq!(stdout(output), "", "{expected}");
}

/// Bad usage or input, in whatever words: exit 2, nothing on stdout, and one line on stderr
/// (ended by its newline), returned without the newline. `case` says which case failed.
#[track_caller]
pub fn refusal(output: &Output, case: impl std::fmt::Debug) -> String {
    let error = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{case:?}: {error}");
    assert_eq!(stdout(output), "", "{case:?} must print nothing on stdout");
    assert!(
        error.lines().count() == 1 && error.ends_with('\n'),
        "{case:?}: one line: {error:?}"
    );
    error.trim_end().to_string()
}

/// Each case (the flags after `command`) is refused: exit 2, nothing on stdout, and exactly
/// its line on stderr.
#[track_caller]
pub fn assert_each_refused<'a, F: AsRef<[&'a str]>>(command: &[&'a str], cases: &[(F, &str)]) {
    for (flags, expected) in cases {
        let args = [command, flags.as_ref()].concat();
        let output = zael(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&output), "", "{args:?} must print nothing on stdout");
        assert_eq!(stderr(&output), format!("{expected}\n"), "{args:?}");
    }
}

/// `zael check ARGS --format json`: the exit code and the report.
pub fn check_json<I, S>(args: I) -> (i32, serde_json::Value)
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut all: Vec<std::ffi::OsString> = vec!["check".into(), "--format".into(), "json".into()];
    all.extend(args.into_iter().map(|a| a.as_ref().to_os_string()));
    let output = zael(&all);
    let code = output.status.code().expect("zael exits");
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}); stderr: {}", stderr(&output)));
    (code, report)
}

/// (rule, path) of every finding of a `check` JSON report.
pub fn findings(report: &serde_json::Value) -> Vec<(String, String)> {
    string_pairs(&report["findings"], "rule", "path")
}

/// (`first`, `second`) of each object of the JSON array `list`, both strings.
pub fn string_pairs(list: &serde_json::Value, first: &str, second: &str) -> Vec<(String, String)> {
    let text = |value: &serde_json::Value, key: &str| {
        value[key]
            .as_str()
            .unwrap_or_else(|| panic!("{key} of {value} is no string"))
            .to_string()
    };
    list.as_array()
        .unwrap_or_else(|| panic!("not an array: {list:#}"))
        .iter()
        .map(|item| (text(item, first), text(item, second)))
        .collect()
}

/// `zael ARGS` succeeds and prints exactly the schema checked in at `path` (below the
/// repository root), else the test names the command that regenerates it: that schema.
#[track_caller]
pub fn checked_in_schema(args: &[&str], path: &str) -> serde_json::Value {
    let output = zael(args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    let checked_in = std::fs::read_to_string(root().join(path)).unwrap();
    assert!(
        stdout(&output) == checked_in,
        "{path} is stale: run `cargo run -- {} > {path}`",
        args.join(" ")
    );
    serde_json::from_str(&checked_in).unwrap()
}

/// The element of the JSON array `list` whose `field` is `value` (a finding by path, a
/// resource of a diff report by logical ID, ...); the panic shows the whole list.
#[track_caller]
pub fn element<'a>(list: &'a serde_json::Value, field: &str, value: &str) -> &'a serde_json::Value {
    list.as_array()
        .unwrap_or_else(|| panic!("not an array: {list:#}"))
        .iter()
        .find(|e| e[field] == value)
        .unwrap_or_else(|| panic!("no {field} {value:?} in {list:#}"))
}

/// Every output is exported as `<stack name>-<its logical ID>`.
#[track_caller]
pub fn assert_exported_under_stack_name(outputs: &serde_json::Map<String, serde_json::Value>) {
    for (id, output) in outputs {
        assert_eq!(
            output["Export"]["Name"],
            serde_json::json!({"Fn::Sub": format!("${{AWS::StackName}}-{id}")}),
            "{id}"
        );
    }
}

/// A fresh, empty directory for `label` under the temporary directory, named for the test
/// binary and the process (what a previous run left there is removed first).
pub fn scratch(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "zael-{}-{label}-{}",
        env!("CARGO_CRATE_NAME"),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file and folder (`name/`) under `dir`, by path relative to `dir`, with its contents:
/// to compare a directory before and after a run. A folder that is gone holds nothing.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(at) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(dir).unwrap().display().to_string();
            if path.is_dir() {
                files.push((format!("{name}/"), Vec::new()));
                pending.push(path);
            } else {
                files.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// `zael synth --stack p.yaml EXTRA...` run in a fresh directory holding the profile `text`
/// as `p.yaml` (so messages name `p.yaml`): its exit code, stdout and stderr.
pub fn synth_profile(text: &str, extra: &[&str]) -> (i32, String, String) {
    use std::hash::{Hash, Hasher};
    // A directory per profile and flags, so tests running at once do not share one.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (text, extra).hash(&mut hasher);
    let dir = scratch(&format!("p{:x}", hasher.finish()));
    std::fs::write(dir.join("p.yaml"), text).unwrap();
    let args = [&["synth", "--stack", "p.yaml"], extra].concat();
    let output = zael_in(&dir, &args);
    let _ = std::fs::remove_dir_all(&dir);
    (
        output.status.code().expect("zael exits"),
        stdout(&output),
        stderr(&output),
    )
}

/// A file in a fresh temporary directory, removed with the directory when dropped.
pub struct TempFile {
    pub dir: PathBuf,
    pub path: PathBuf,
}

impl TempFile {
    pub fn new(name: &str, contents: &str) -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "zael-test-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, contents).unwrap();
        TempFile { dir, path }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The validated template of a blueprint's options, through the library.
pub fn synth(options: impl Into<zael::blueprint::StackOptions>) -> serde_json::Value {
    zael::synth::document(options).expect("synthesizes")
}

/// The longest name a blueprint takes: its options with a name of `longest` characters
/// synthesize, and with one more the physical name it derives is refused, one character
/// over: that finding.
#[track_caller]
pub fn longest_name<O: Into<zael::blueprint::StackOptions>>(
    options: impl Fn(String) -> O,
    longest: usize,
) -> zael::validate::Finding {
    if let Err(error) = zael::synth::document(options("a".repeat(longest))) {
        panic!("a name of {longest} characters is refused: {error}");
    }
    match zael::synth::document(options("a".repeat(longest + 1))) {
        Err(zael::synth::SynthError::PhysicalName(finding)) => {
            assert_eq!(finding.excess, Some(1), "{finding:?}");
            *finding
        }
        other => panic!("expected a name finding, got {other:?}"),
    }
}

/// The resources of `kind`, by logical ID, in template order.
pub fn resources_of_type<'a>(
    doc: &'a serde_json::Value,
    kind: &str,
) -> Vec<(&'a String, &'a serde_json::Value)> {
    doc["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == kind)
        .collect()
}

/// The logical IDs of the resources of `kind`, in template order.
pub fn ids_of_type<'a>(doc: &'a serde_json::Value, kind: &str) -> Vec<&'a String> {
    resources_of_type(doc, kind)
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

/// `resource` keeps `policy` (`Retain`, `Snapshot`) both when the stack deletes it and when an
/// update replaces it, as `Stack::set_removal_policy` sets it.
#[track_caller]
pub fn assert_removal_policy(resource: &serde_json::Value, policy: &str) {
    assert_eq!(resource["DeletionPolicy"], policy, "DeletionPolicy");
    assert_eq!(
        resource["UpdateReplacePolicy"], policy,
        "UpdateReplacePolicy"
    );
}

/// The Properties of resource `id`.
pub fn props<'a>(doc: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    &doc["Resources"][id]["Properties"]
}
