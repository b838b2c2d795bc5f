//! `zael synth`: a blueprint's template on stdout, or a deployment's files in a directory.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use clap::{ArgMatches, Args};

use super::binary_flags::BinaryFlags;
use super::stack_args::{any_stack_flag_given, from_profile, Resolved, StackArgs};
use super::wording::options_error;
use super::{CliError, Output};
use crate::assets::{check_output_dir, write_set, Durability, StagedSet};
use crate::profile;
use crate::synth::{self, Format, SynthError};
use crate::validate::{characters, Finding};

#[derive(Args, Debug)]
pub struct SynthArgs {
    /// Template format
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    pub format: Format,

    /// Write the template, the Lambda zips it needs and manifest.json into DIR instead of
    /// printing the template (with --all: one template per profile)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    // The binaries --out packages.
    #[command(flatten)]
    pub binaries: BinaryFlags,

    /// Synthesize every profile of --stacks-dir, in parallel, into --out (as written: no
    /// stack flags)
    #[arg(long, requires = "out", conflicts_with = "stack")]
    pub all: bool,

    /// Where --all finds the profiles
    #[arg(long, value_name = "DIR", default_value = "stacks", requires = "all")]
    pub stacks_dir: PathBuf,

    #[command(flatten)]
    pub stack: StackArgs,
}

/// Runs `synth`; `matches` are the subcommand's, to tell flags given from defaults.
pub fn run(args: &SynthArgs, matches: &ArgMatches) -> Result<Output, CliError> {
    if let Some(dir) = &args.out {
        check_out(dir)?;
    }
    if args.all {
        return run_all(args, matches);
    }
    let resolved = args.stack.resolve(matches)?;
    // `template.yaml` among the profiles would be read as one by the next `--all`.
    if let (Some(dir), Some(profile)) = (&args.out, &args.stack.stack) {
        let profiles = profile.parent().filter(|p| !p.as_os_str().is_empty());
        let profiles = profiles.unwrap_or(Path::new("."));
        if real_path(dir).is_some() && real_path(dir) == real_path(profiles) {
            return Err(CliError::usage(format!(
                "--out {} is the directory of --stack {}; write templates to a directory apart from the profiles",
                dir.display(),
                profile.display()
            )));
        }
    }
    let rendered = rendered(&resolved, args.format)?;
    // Stderr, so the template on stdout stays clean; a warning does not change the exit.
    for warning in resolved.warnings() {
        eprintln!("warning: {warning}");
    }
    let synth::Rendered { document, text } = rendered;
    // The process ends once the text is printed, and the OS takes the whole heap back at once:
    // freeing the document's thousands of nodes one by one first was 2% of a `zael synth`.
    std::mem::forget(document);
    let Some(dir) = &args.out else {
        return Ok(text.into_bytes());
    };
    let files = synth::bundle(&text, &resolved.options, args.format, |artifact| {
        args.binaries.binary(artifact)
    })
    .map_err(|e| synth_error(&resolved, e))?;
    write_files(dir, &files, Durability::Synced)
}

/// The validated template of a resolved stack, its overrides applied.
pub fn document(resolved: &Resolved) -> Result<serde_json::Value, CliError> {
    synth::document_with(&resolved.options, &resolved.overrides)
        .map_err(|e| synth_error(resolved, e))
}

/// The validated template of a resolved stack and its text in `format`, rendered once.
fn rendered(resolved: &Resolved, format: Format) -> Result<synth::Rendered, CliError> {
    synth::rendered_with(&resolved.options, &resolved.overrides, format)
        .map_err(|e| synth_error(resolved, e))
}

/// The template of a resolved stack before layer-1 validation, for `check` to report on in
/// full.
pub fn unvalidated_document(resolved: &Resolved) -> Result<serde_json::Value, CliError> {
    synth::unvalidated(&resolved.options, &resolved.overrides).map_err(|e| synth_error(resolved, e))
}

/// `synth --all --out DIR`: every profile, one template each, or nothing at all when any
/// profile fails. Each template is written to the staging directory as soon as it is made
/// (holding all 10,000 until the end took 660 MB), and the set is committed at the end.
fn run_all(args: &SynthArgs, matches: &ArgMatches) -> Result<Output, CliError> {
    if let Some(flag) = any_stack_flag_given(matches) {
        return Err(CliError::usage(format!(
            "--{flag} cannot be used with --all: --all synthesizes each profile as written"
        )));
    }
    let dir = args.out.as_ref().expect("clap requires --out with --all");
    refuse_overlap(dir, &args.stacks_dir, "--stacks-dir")?;
    let paths =
        profile::profiles_in(&args.stacks_dir).map_err(|e| CliError::usage(e.to_string()))?;
    let names: Vec<String> = paths
        .iter()
        .map(|path| template_name(path, args.format))
        .collect();
    // `a.yaml` and `a.yml` make the same template name: the later profile's is written.
    let mut last_of: HashMap<&str, usize> = HashMap::new();
    for (index, name) in names.iter().enumerate() {
        last_of.insert(name.as_str(), index);
    }
    let kept: Vec<bool> = names
        .iter()
        .enumerate()
        .map(|(index, name)| last_of[name.as_str()] == index)
        .collect();
    let unique: Vec<&str> = names
        .iter()
        .zip(&kept)
        .filter(|(_, kept)| **kept)
        .map(|(name, _)| name.as_str())
        .collect();
    // A profile's error is reported before any writing error, so one that cannot be
    // staged is kept until every profile is known to be good.
    let staged = StagedSet::begin(dir, &unique, Durability::Cached);
    let write_error: Mutex<Option<std::io::Error>> = Mutex::new(None);
    let failed = AtomicBool::new(staged.is_err());
    let results = in_parallel(&paths, |index, path| -> Result<_, CliError> {
        let (text, warnings) = synth_profile(path, args.format).inspect_err(|_| {
            failed.store(true, Ordering::Relaxed);
        })?;
        if let (Ok(staged), false, true) = (&staged, failed.load(Ordering::Relaxed), kept[index]) {
            if let Err(error) = staged.write(&names[index], text.as_bytes()) {
                failed.store(true, Ordering::Relaxed);
                write_error
                    .lock()
                    .expect("no writer panics")
                    .get_or_insert(error);
            }
        }
        Ok((text.len(), warnings))
    });
    let mut written = Vec::new();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for (result, name) in results.into_iter().zip(&names) {
        match result {
            Ok((size, profile_warnings)) => {
                written.push((name.as_str(), size));
                warnings.extend(profile_warnings);
            }
            // One `error: ` per line: the joined message gets its own below.
            Err(error) => {
                let text = error.to_string();
                errors.push(text.strip_prefix("error: ").unwrap_or(&text).to_string());
            }
        }
    }
    if !errors.is_empty() {
        // Escaped here, so that a line break in a value cannot pass for a separator.
        let errors: Vec<String> = errors
            .iter()
            .map(|e| super::escape::escape_controls(e))
            .collect();
        return Err(CliError::usage(errors.join(super::ERROR_SEPARATOR)));
    }
    // After the parallel work, in profile order, so stderr reads the same on every run.
    let mut report = String::new();
    for warning in warnings {
        report.push_str(&format!("warning: {warning}\n"));
    }
    let write_error = write_error.into_inner().expect("no writer panics");
    let committed = match (staged, write_error) {
        (Ok(staged), None) => staged.commit(),
        (Ok(_), Some(error)) | (Err(error), _) => Err(error),
    };
    let cleaned = committed.map_err(|error| cannot_write(dir, error))?;
    for note in cleaned {
        report.push_str(&note);
        report.push('\n');
    }
    for (name, size) in written {
        report.push_str(&format!(
            "wrote {} ({size} bytes)\n",
            dir.join(name).display()
        ));
    }
    // One write for 10,000 lines: stderr is unbuffered.
    let _ = std::io::stderr().lock().write_all(report.as_bytes());
    Ok(Vec::new())
}

/// The template file a profile becomes: its name with the format's extension.
fn template_name(path: &Path, format: Format) -> String {
    let stem = path
        .file_stem()
        .expect("profiles are files")
        .to_string_lossy();
    format!("{stem}.{}", format.extension())
}

/// A profile's template text, and its warnings (prefixed with the profile's path).
fn synth_profile(path: &Path, format: Format) -> Result<(String, Vec<String>), CliError> {
    let profile = profile::load(path).map_err(|e| CliError::usage(e.to_string()))?;
    let resolved = from_profile(&profile, path)?;
    resolved.check()?;
    let rendered = rendered(&resolved, format)?;
    Ok((rendered.text, resolved.warnings()))
}

/// `work` over `items` (with each one's index) on every core, results in the order of
/// `items`. Each thread takes the next item when it is done with one, so a thread that
/// drew the slower profiles does not leave the other core idle at the end.
fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(usize, &T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    let take = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                return done;
            };
            done.push((index, work(index, item)));
        }
    };
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.min(items.len()).max(1))
            .map(|_| scope.spawn(take))
            .collect();
        for handle in handles {
            for (index, result) in handle.join().expect("synthesis does not panic") {
                results[index] = Some(result);
            }
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("every item was taken"))
        .collect()
}

/// `--out` must be a directory or a path where one can be made: said at once, before any
/// synthesis or zipping.
fn check_out(dir: &Path) -> Result<(), CliError> {
    check_output_dir(dir).map_err(|e| CliError::usage(format!("--out {}: {e}", dir.display())))
}

/// The output directory may not be, contain or lie inside the profiles' directory: templates
/// written there would overwrite profiles or be read as profiles by the next `--all`.
fn refuse_overlap(out: &Path, profiles: &Path, flag: &str) -> Result<(), CliError> {
    let (Some(out_real), Some(profiles_real)) = (real_path(out), real_path(profiles)) else {
        return Ok(());
    };
    let relation = if out_real == profiles_real {
        "is"
    } else if profiles_real.starts_with(&out_real) {
        "contains"
    } else if out_real.starts_with(&profiles_real) {
        "is inside"
    } else {
        return Ok(());
    };
    Err(CliError::usage(format!(
        "--out {} {relation} {flag} {}; write templates to a directory apart from the profiles",
        out.display(),
        profiles.display()
    )))
}

/// `path` with symbolic links and `..` resolved, for the part that exists.
fn real_path(path: &Path) -> Option<PathBuf> {
    let absolute = std::env::current_dir().ok()?.join(path);
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            return Some(rest.iter().rev().fold(real, |p, part| p.join(part)));
        }
        rest.push(existing.file_name()?.to_os_string());
        existing = existing.parent()?;
    }
}

fn write_files(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    durability: Durability,
) -> Result<Output, CliError> {
    let cleaned = write_set(dir, files, durability).map_err(|error| cannot_write(dir, error))?;
    for note in cleaned {
        eprintln!("{note}");
    }
    for (name, contents) in files {
        eprintln!(
            "wrote {} ({} bytes)",
            dir.join(name).display(),
            contents.len()
        );
    }
    Ok(Vec::new())
}

fn cannot_write(dir: &Path, error: std::io::Error) -> CliError {
    CliError::usage(format!(
        "cannot write into --out {}: {error}; nothing was written",
        dir.display()
    ))
}

fn synth_error(resolved: &Resolved, error: SynthError) -> CliError {
    let in_profile = |message: String| resolved.in_profile(message);
    match error {
        SynthError::PhysicalName(finding) => CliError::usage(in_profile(name_error(
            resolved.name(),
            resolved.options.formats_names(),
            &finding,
        ))),
        SynthError::Override(error) => CliError::usage(in_profile(error.to_string())),
        SynthError::Package(error) => CliError::usage(error.to_string()),
        SynthError::Invalid(findings) => {
            CliError::Findings(findings.iter().map(|f| format!("error: {f}")).collect())
        }
        SynthError::Options(error) => CliError::usage(in_profile(options_error(&error))),
    }
}

/// Physical names derive from `--name` (and `--role-name-format` for roles): say which flag
/// to change, and by how much.
fn name_error(name: &str, formats_given: bool, finding: &Finding) -> String {
    let flags = if finding.path.ends_with(".RoleName") && formats_given {
        "--name or --role-name-format"
    } else if finding.path.ends_with(".ManagedPolicyName") && formats_given {
        "--name or --policy-name-format"
    } else {
        "--name"
    };
    let fix = match finding.excess {
        Some(excess) => format!("shorten {flags} by {}", characters(excess)),
        None => format!("{} (via {flags})", finding.hint),
    };
    format!(
        "invalid value '{name}' for '--name': {}: {}; {fix}",
        finding.path, finding.message
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::stack_args::flag_groups;
    use clap::Command;

    /// The refusal of other blueprints' flags works by group, so it covers a new flag only if
    /// the flag is in exactly one group: shared, limiter, redis or api.
    #[test]
    fn every_synth_flag_belongs_to_exactly_one_group() {
        let command = StackArgs::augment_args(Command::new("stack"));
        let groups = flag_groups();
        for arg in command.get_arguments() {
            let id = arg.get_id();
            if ["blueprint", "stack"].contains(&id.as_str()) {
                continue;
            }
            let owners = command
                .get_groups()
                .filter(|g| groups.contains(g.get_id()) && g.get_args().any(|a| a == id))
                .count();
            assert_eq!(owners, 1, "--{} is in {owners} groups", id.as_str());
        }
    }
}
