//! Which stack to build: a blueprint, an optional profile, and the flags over it. Shared by
//! every command that takes a stack.

use std::path::{Path, PathBuf};

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, Command, ValueEnum};

use super::{ApiArgs, CliError, LimiterArgs, RedisArgs, SharedArgs};
use crate::check::Skip;
use crate::profile::{self, Override, Profile};
use crate::stacks::api::ApiOptions;
use crate::stacks::limiter::values::KmsKey;
use crate::stacks::limiter::LimiterOptions;
use crate::stacks::redis::RedisOptions;
use crate::stacks::values::arn_region;

/// The systems zael synthesizes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Blueprint {
    /// The DynamoDB rate limiter of seeds 000-002
    #[default]
    Limiter,
    /// The ElastiCache for Redis tier of seed 004
    Redis,
    /// The API Gateway -> Lambda in VPC -> DynamoDB service of seed 003
    Api,
}

impl Blueprint {
    pub fn name(self) -> &'static str {
        match self {
            Blueprint::Limiter => "limiter",
            Blueprint::Redis => "redis",
            Blueprint::Api => "api",
        }
    }
}

#[derive(Args, Debug)]
pub struct StackArgs {
    /// Which system to synthesize [default: the profile's, else limiter]
    #[arg(long, value_enum)]
    pub blueprint: Option<Blueprint>,

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

#[derive(Clone, Debug)]
pub enum StackOptions {
    Limiter(Box<LimiterOptions>),
    Redis(Box<RedisOptions>),
    Api(Box<ApiOptions>),
}

impl Resolved {
    /// ARNs of another region than the profile's would fail at deploy (an alarm cannot
    /// notify a topic in another region; a table cannot use a key from another region).
    pub fn check(&self) -> Result<(), CliError> {
        if let StackOptions::Limiter(options) = &self.options {
            options
                .check()
                .map_err(|e| CliError::usage(self.in_profile(e)))?;
        }
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
        let Some(region) = &self.region else {
            return Ok(());
        };
        let mut arns = Vec::new();
        match &self.options {
            StackOptions::Limiter(options) => {
                arns.push(("alarm_sns_topic", options.alarm_sns_topic.clone()));
                if let Some(KmsKey::Existing(arn)) = &options.kms_key {
                    arns.push(("kms_key", Some(arn.clone())));
                }
            }
            StackOptions::Redis(options) => {
                arns.push(("alarm_sns_topic", options.alarm_sns_topic.clone()))
            }
            StackOptions::Api(options) => {
                arns.push(("alarm_sns_topic", options.alarm_sns_topic.clone()))
            }
        }
        for (key, arn) in arns {
            let Some(arn) = arn else { continue };
            if let Some(other) = arn_region(&arn).filter(|r| r != region) {
                let file = self
                    .profile
                    .as_ref()
                    .expect("a region comes from a profile");
                return Err(CliError::usage(format!(
                    "{}: {key} {arn} is in {other}, but the profile deploys to region {region}; use a resource of {region}",
                    file.display()
                )));
            }
        }
        Ok(())
    }

    pub fn name(&self) -> &str {
        match &self.options {
            StackOptions::Limiter(options) => &options.name,
            StackOptions::Redis(options) => &options.name,
            StackOptions::Api(options) => &options.name,
        }
    }
}

impl StackArgs {
    /// Defaults, then the profile, then the flags given; `matches` tell flags given from
    /// defaults, and are `None` for a profile synthesized as written (`synth --all`).
    pub fn resolve(&self, matches: &ArgMatches) -> Result<Resolved, CliError> {
        let profile = match &self.stack {
            Some(path) => Some(profile::load(path).map_err(|e| CliError::usage(e.to_string()))?),
            None => None,
        };
        let blueprint = match (&profile, self.blueprint) {
            (Some(profile), Some(flag)) if blueprint_of(profile) != flag => {
                return Err(CliError::usage(format!(
                    "--blueprint {} contradicts the profile {}, which is a {} profile",
                    flag.name(),
                    self.stack.as_ref().expect("a profile has a path").display(),
                    blueprint_of(profile).name()
                )))
            }
            (Some(profile), _) => blueprint_of(profile),
            (None, flag) => flag.unwrap_or_default(),
        };
        reject_flags_of_other_blueprints(blueprint, matches)?;
        let mut resolved = match &profile {
            Some(profile) => from_profile(profile, self.stack.as_deref().expect("has a path"))?,
            None => Resolved {
                options: match blueprint {
                    Blueprint::Limiter => StackOptions::Limiter(Box::default()),
                    Blueprint::Redis => StackOptions::Redis(Box::default()),
                    Blueprint::Api => StackOptions::Api(Box::default()),
                },
                overrides: Vec::new(),
                profile: None,
                region: None,
                skips: Vec::new(),
            },
        };
        match &mut resolved.options {
            StackOptions::Limiter(options) => {
                self.shared.apply(options.as_mut())?;
                self.limiter.apply(options)?;
            }
            StackOptions::Redis(options) => {
                self.shared.apply(options.as_mut())?;
                self.redis.apply(options)?;
            }
            StackOptions::Api(options) => {
                self.shared.apply(options.as_mut())?;
                self.api.apply(options);
            }
        }
        resolved.check()?;
        Ok(resolved)
    }
}

fn blueprint_of(profile: &Profile) -> Blueprint {
    match profile {
        Profile::Limiter(_) => Blueprint::Limiter,
        Profile::Redis(_) => Blueprint::Redis,
        Profile::Api(_) => Blueprint::Api,
    }
}

/// The options a profile sets, over the defaults. Errors that span keys name the file.
pub fn from_profile(profile: &Profile, path: &Path) -> Result<Resolved, CliError> {
    if let Some(blank) = profile.skips().iter().find(|s| s.reason.trim().is_empty()) {
        return Err(CliError::usage(format!(
            "{}: skip {}: a suppression needs a reason, shown in every report",
            path.display(),
            blank.rule
        )));
    }
    let in_file = |e: CliError| match e {
        CliError::Usage(message) => CliError::usage(format!("{}: {message}", path.display())),
        other => other,
    };
    let options = match profile {
        Profile::Limiter(p) => {
            let (shared, limiter) = p.to_args();
            let mut options = LimiterOptions::default();
            shared.apply(&mut options).map_err(in_file)?;
            limiter.apply(&mut options).map_err(in_file)?;
            StackOptions::Limiter(Box::new(options))
        }
        Profile::Redis(p) => {
            let (shared, redis) = p.to_args();
            let mut options = RedisOptions::default();
            shared.apply(&mut options).map_err(in_file)?;
            redis.apply(&mut options).map_err(in_file)?;
            StackOptions::Redis(Box::new(options))
        }
        Profile::Api(p) => {
            let (shared, api) = p.to_args();
            let mut options = ApiOptions::default();
            shared.apply(&mut options).map_err(in_file)?;
            api.apply(&mut options);
            StackOptions::Api(Box::new(options))
        }
    };
    Ok(Resolved {
        options,
        overrides: profile.overrides().to_vec(),
        profile: Some(path.to_path_buf()),
        region: profile.region().map(str::to_string),
        skips: profile
            .skips()
            .iter()
            .map(|s| Skip {
                rule: s.rule.clone(),
                reason: s.reason.clone(),
            })
            .collect(),
    })
}

/// Whether any flag that shapes the stack was given on the command line.
pub fn any_stack_flag_given(matches: &ArgMatches) -> Option<String> {
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
    blueprint: Blueprint,
    matches: &ArgMatches,
) -> Result<(), CliError> {
    let command = StackArgs::augment_args(Command::new("stack"));
    let owned_by = [
        (Blueprint::Limiter, <LimiterArgs as Args>::group_id()),
        (Blueprint::Redis, <RedisArgs as Args>::group_id()),
        (Blueprint::Api, <ApiArgs as Args>::group_id()),
    ];
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
