//! Which stack to build: a blueprint, an optional profile, and the flags over it. Shared by
//! every command that takes a stack.

use std::path::{Path, PathBuf};

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, Command};

use super::wording::{concurrency_warning, options_error, settings_error};
use super::{ApiArgs, CliError, LimiterArgs, RedisArgs, SharedArgs};
use crate::blueprint::{BlueprintName, StackOptions, StackSettings};
use crate::check::Skip;
use crate::profile::{self, Override, Profile};
use crate::stacks::values::arn_region;

// `allow_negative_numbers`: `--lambda-memory -5` is a bad value of the flag (named, with what
// is allowed), not an unknown argument `-5`. Every command with stack flags flattens these.
#[derive(Args, Debug)]
#[command(allow_negative_numbers = true)]
pub struct StackArgs {
    /// Which system to synthesize [default: the profile's, else limiter]
    #[arg(long, value_enum)]
    pub blueprint: Option<BlueprintName>,

    /// A stack profile (stacks/*.yaml); flags given here override it
    #[arg(long, value_name = "FILE")]
    pub stack: Option<PathBuf>,

    #[command(flatten)]
    pub shared: SharedArgs,

    #[command(flatten)]
    pub limiter: LimiterArgs,

    #[command(flatten)]
    pub redis: RedisArgs,

    #[command(flatten)]
    pub api: ApiArgs,
}

/// A stack's options, with the overrides its profile applies to the template.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub options: StackOptions,
    pub overrides: Vec<Override>,
    /// The profile the stack came from, if any.
    pub profile: Option<PathBuf>,
    /// The region the profile deploys to, if it says.
    pub region: Option<String>,
    /// The profile's suppressions of `zael check` rules.
    pub skips: Vec<Skip>,
}

impl Resolved {
    fn new(options: StackOptions) -> Resolved {
        Resolved {
            options,
            overrides: Vec::new(),
            profile: None,
            region: None,
            skips: Vec::new(),
        }
    }

    /// Options that cannot work together, and ARNs of another region than the profile's
    /// (an alarm cannot notify a topic in another region; a table cannot use a key from
    /// another region).
    pub fn check(&self) -> Result<(), CliError> {
        self.options
            .validate()
            .map_err(|e| CliError::usage(self.in_profile(options_error(&e))))?;
        self.check_region()
    }

    /// `message`, prefixed with the profile's file when the stack came from one.
    pub fn in_profile(&self, message: String) -> String {
        match &self.profile {
            Some(path) => format!("{}: {message}", path.display()),
            None => message,
        }
    }

    fn check_region(&self) -> Result<(), CliError> {
        let (Some(region), Some(file)) = (&self.region, &self.profile) else {
            return Ok(());
        };
        for (key, arn) in self.options.regional_arns() {
            if let Some(other) = arn_region(&arn).filter(|r| r != region) {
                return Err(CliError::usage(format!(
                    "{}: {key} {arn} is in {other}, but the profile deploys to region {region}; use a resource of {region}",
                    file.display()
                )));
            }
        }
        Ok(())
    }

    pub fn name(&self) -> &str {
        self.options.name()
    }

    /// What works but may not do what the user expects, in the user's words (prefixed with
    /// the profile's file when the stack came from one).
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if let StackOptions::Api(options) = &self.options {
            if let Some(shortfall) = options.concurrency_shortfall() {
                warnings.push(concurrency_warning(&shortfall));
            }
        }
        warnings
            .into_iter()
            .map(|warning| self.in_profile(warning))
            .collect()
    }
}

impl StackArgs {
    /// Defaults, then the profile, then the flags given; `matches` tell flags given from
    /// defaults.
    pub fn resolve(&self, matches: &ArgMatches) -> Result<Resolved, CliError> {
        let profile = match &self.stack {
            Some(path) => Some(profile::load(path).map_err(|e| CliError::usage(e.to_string()))?),
            None => None,
        };
        let blueprint = match (&profile, self.blueprint) {
            (Some(profile), Some(flag)) if profile.blueprint() != flag => {
                return Err(CliError::usage(format!(
                    "--blueprint {} contradicts the profile {}, which is a {} profile",
                    flag.name(),
                    self.stack.as_ref().expect("a profile has a path").display(),
                    profile.blueprint().name()
                )))
            }
            (Some(profile), _) => profile.blueprint(),
            (None, flag) => flag.unwrap_or_default(),
        };
        reject_flags_of_other_blueprints(blueprint, matches)?;
        let mut resolved = match &profile {
            Some(profile) => from_profile(profile, self.stack.as_deref().expect("has a path"))?,
            None => Resolved::new(blueprint.defaults()),
        };
        resolved
            .options
            .apply(&self.settings(blueprint))
            .map_err(|e| CliError::usage(settings_error(&e)))?;
        resolved.check()?;
        Ok(resolved)
    }

    /// The settings the flags give, for `blueprint`.
    fn settings(&self, blueprint: BlueprintName) -> StackSettings {
        let shared = self.shared.settings();
        match blueprint {
            BlueprintName::Limiter => self.limiter.settings(shared).into(),
            BlueprintName::Redis => self.redis.settings(shared).into(),
            BlueprintName::Api => self.api.settings(shared).into(),
        }
    }
}

/// The options a profile sets, over the defaults. Errors name the file.
pub fn from_profile(profile: &Profile, path: &Path) -> Result<Resolved, CliError> {
    let mut options = profile.blueprint().defaults();
    options
        .apply(&profile.settings)
        .map_err(|e| CliError::usage(format!("{}: {}", path.display(), settings_error(&e))))?;
    Ok(Resolved {
        options,
        overrides: profile.overrides.clone(),
        profile: Some(path.to_path_buf()),
        region: profile.region.clone(),
        skips: profile
            .skips
            .iter()
            .map(|s| Skip {
                rule: s.rule.clone(),
                reason: s.reason.clone(),
            })
            .collect(),
    })
}

/// The argument groups of the stack flags: the shared ones, then each blueprint's (a derived
/// `Args` always has its group).
pub fn flag_groups() -> [clap::Id; 4] {
    [
        <SharedArgs as Args>::group_id(),
        <LimiterArgs as Args>::group_id(),
        <RedisArgs as Args>::group_id(),
        <ApiArgs as Args>::group_id(),
    ]
    .map(|id| id.expect("derived Args have a group"))
}

/// Whether any argument at all came from the command line (not a default).
fn any_given_on_command_line(matches: &ArgMatches) -> bool {
    matches
        .ids()
        .any(|id| matches.value_source(id.as_str()) == Some(ValueSource::CommandLine))
}

/// Whether any flag that shapes the stack was given on the command line.
pub fn any_stack_flag_given(matches: &ArgMatches) -> Option<String> {
    if !any_given_on_command_line(matches) {
        return None;
    }
    let command = StackArgs::augment_args(Command::new("stack"));
    command
        .get_arguments()
        .filter(|arg| matches.value_source(arg.get_id().as_str()) == Some(ValueSource::CommandLine))
        .min_by_key(|arg| {
            matches
                .index_of(arg.get_id().as_str())
                .unwrap_or(usize::MAX)
        })
        .and_then(|arg| arg.get_long().map(str::to_string))
}

/// A flag of another blueprint would be ignored: refuse it rather than let the user believe
/// it took effect. The first such flag on the command line is named.
fn reject_flags_of_other_blueprints(
    blueprint: BlueprintName,
    matches: &ArgMatches,
) -> Result<(), CliError> {
    let owned_by = [
        (BlueprintName::Limiter, <LimiterArgs as Args>::group_id()),
        (BlueprintName::Redis, <RedisArgs as Args>::group_id()),
        (BlueprintName::Api, <ApiArgs as Args>::group_id()),
    ];
    // Defining the flags again costs more than the rest of resolving: skip it unless a flag
    // of some blueprint's group was given (clap marks the group as given with it), so a
    // plain `zael synth`, `--blueprint api` or `--format json` does not pay for it.
    let any_blueprint_flag = owned_by.iter().any(|(_, group)| {
        group.as_ref().is_some_and(|group| {
            matches.value_source(group.as_str()) == Some(ValueSource::CommandLine)
        })
    });
    if !any_blueprint_flag {
        return Ok(());
    }
    let command = StackArgs::augment_args(Command::new("stack"));
    let mut given = Vec::new();
    for (owner, group_id) in owned_by {
        let group_id = group_id.expect("derived Args have a group");
        let group = command
            .get_groups()
            .find(|g| g.get_id() == &group_id)
            .expect("every flattened Args adds its group");
        for arg in group.get_args() {
            let from_command_line =
                matches.value_source(arg.as_str()) == Some(ValueSource::CommandLine);
            if owner != blueprint && from_command_line {
                let position = matches.index_of(arg.as_str()).unwrap_or(usize::MAX);
                given.push((position, owner, arg.clone()));
            }
        }
    }
    let Some((_, owner, arg)) = given.into_iter().min_by_key(|(position, _, _)| *position) else {
        return Ok(());
    };
    let flag = command
        .get_arguments()
        .find(|a| a.get_id() == &arg)
        .and_then(|a| a.get_long())
        .expect("blueprint flags are long flags");
    Err(CliError::usage(format!(
        "--{flag} does not apply to --blueprint {}; it is a flag of --blueprint {}",
        blueprint.name(),
        owner.name()
    )))
}
