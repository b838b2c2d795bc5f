//! `zael synth`: a blueprint's template on stdout, or a deployment's files in a directory.

use std::path::{Path, PathBuf};

use clap::{ArgMatches, Args};

use super::stack_args::{any_stack_flag_given, from_profile, Resolved, StackArgs};
use super::wording::options_error;
use super::{CliError, Output};
use crate::assets::{self, check_output_dir, write_set, Durability};
use crate::blueprint::Artifact;
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

    /// The prebuilt aggregator binary to package with --out [default: target/lambda/aggregator/bootstrap]
    #[arg(long, value_name = "PATH")]
    pub aggregator_binary: Option<PathBuf>,

    /// The prebuilt API handler binary to package with --out (--blueprint api) [default: target/lambda/api-handler/bootstrap]
    #[arg(long, value_name = "PATH")]
    pub api_handler_binary: Option<PathBuf>,

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
    let Some(dir) = &args.out else {
        return Ok(rendered.text.into_bytes());
    };
    let files = synth::bundle(&rendered.text, &resolved.options, args.format, |artifact| {
        args.binary(artifact)
    })
    .map_err(|e| synth_error(&resolved, e))?;
    write_files(dir, &files, Durability::Synced)
}

impl SynthArgs {
    /// The binary `--out` packages for `artifact`: its flag's, else where `make lambda`
    /// leaves it.
    fn binary(&self, artifact: &Artifact) -> PathBuf {
        assets::chosen_binary(
            artifact.asset,
            self.aggregator_binary.as_deref(),
            self.api_handler_binary.as_deref(),
        )
    }
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
/// profile fails.
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
    let results = in_parallel(&paths, |path| synth_profile(path, args.format));
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok((file, profile_warnings)) => {
                files.push(file);
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
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    write_files(dir, &files, Durability::Cached)
}

/// A file to write: its name and its bytes.
type NamedFile = (String, Vec<u8>);

/// A profile's file name and template, and its warnings (prefixed with the profile's path).
fn synth_profile(path: &Path, format: Format) -> Result<(NamedFile, Vec<String>), CliError> {
    let profile = profile::load(path).map_err(|e| CliError::usage(e.to_string()))?;
    let resolved = from_profile(&profile, path)?;
    resolved.check()?;
    let rendered = rendered(&resolved, format)?;
    let stem = path
        .file_stem()
        .expect("profiles are files")
        .to_string_lossy();
    Ok((
        (
            format!("{stem}.{}", format.extension()),
            rendered.text.into_bytes(),
        ),
        resolved.warnings(),
    ))
}

/// `work` over `items` on every core, results in the order of `items`.
fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&work).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("synthesis does not panic"))
            .collect()
    })
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
    let cleaned = write_set(dir, files, durability).map_err(|error| {
        CliError::usage(format!(
            "cannot write into --out {}: {error}; nothing was written",
            dir.display()
        ))
    })?;
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
