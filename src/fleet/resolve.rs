//! From a fleet file to stack sets: each target's options (the profile, then its overrides),
//! one synthesis per distinct set of overrides, and the targets grouped by stack set
//! (`ZAEL-{name}`). Targets of one stack set must share one template but for CloudFormation
//! parameters; what differs in parameters becomes each instance's parameter overrides.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::deployed::DeployedInstance;
use super::error::FleetError;
use super::file::{
    Canary, ConcurrencyMode, FleetFile, Permissions, ProfileKeys, RegionConcurrency, TargetSpec,
};
use super::values::{AccountId, Amount, OrganizationalUnit};
use crate::blueprint::{BlueprintName, StackOptions};
use crate::profile::{self, Override, ProfileError};
use crate::stacks::values::arn_region;

/// Where one stack instance goes, besides its region.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    Account(AccountId),
    Unit(OrganizationalUnit),
}

impl Place {
    pub fn id(&self) -> &str {
        match self {
            Place::Account(a) => &a.0,
            Place::Unit(u) => &u.0,
        }
    }
}

/// One stack instance of the fleet.
#[derive(Clone, Debug)]
pub struct Target {
    /// Its entry in the file's `targets` (0-based).
    pub spec: usize,
    pub place: Place,
    pub region: String,
    /// Every parameter's value for this instance.
    pub parameters: BTreeMap<String, String>,
}

impl Target {
    /// `111122223333/us-east-1`, `ou-ab12-cd34ef56/eu-west-1`.
    pub fn label(&self) -> String {
        format!("{}/{}", self.place.id(), self.region)
    }

    /// Whether the deployed `instance` is this target's: its account (self-managed) or its
    /// unit (service-managed), in its region.
    pub fn covers(&self, instance: &DeployedInstance) -> bool {
        instance.region == self.region
            && match &self.place {
                Place::Account(a) => instance.account == a.0,
                Place::Unit(u) => instance.organizational_unit.as_deref() == Some(u.0.as_str()),
            }
    }
}

/// One stack set: its template and its instances.
#[derive(Clone, Debug)]
pub struct StackSet {
    /// The blueprint's stack name: `ZAEL-{name}`, `ZAEL-{name}-redis` or `ZAEL-{name}-api`.
    pub name: String,
    pub blueprint: BlueprintName,
    /// The options of its first target (the packages it needs are the same for all).
    pub options: StackOptions,
    /// The template, with its first target's parameter values as defaults.
    pub document: Value,
    /// The template without parameter defaults: what its targets share.
    pub shape: Value,
    /// The parameter values the template carries as defaults.
    pub defaults: BTreeMap<String, String>,
    pub targets: Vec<Target>,
}

impl StackSet {
    /// The parameters of `target` that differ from the template's defaults.
    pub fn overrides_of(&self, target: &Target) -> BTreeMap<String, String> {
        target
            .parameters
            .iter()
            .filter(|(k, v)| self.defaults.get(*k) != Some(*v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

/// The rollout, with every default filled in.
#[derive(Clone, Debug)]
pub struct Rollout {
    pub region_order: Vec<String>,
    pub canary: Option<Canary>,
    pub max_concurrent: Amount,
    pub failure_tolerance: Amount,
    pub concurrency_mode: ConcurrencyMode,
    pub region_concurrency: RegionConcurrency,
}

/// A fleet ready to plan.
#[derive(Clone, Debug)]
pub struct Fleet {
    pub path: PathBuf,
    pub permissions: Permissions,
    pub rollout: Rollout,
    pub stack_sets: Vec<StackSet>,
    /// The profile it starts from, if any.
    pub profile: Option<PathBuf>,
    /// The profile's suppressions of `zael check` rules.
    pub skips: Vec<crate::check::Skip>,
}

impl Fleet {
    pub fn target_count(&self) -> usize {
        self.stack_sets.iter().map(|s| s.targets.len()).sum()
    }
}

/// Keys a target's overrides may not set: the fleet decides them.
const FLEET_KEYS: &[(&str, &str)] = &[
    ("blueprint", "the fleet's profile or blueprint decides it"),
    ("region", "each target's regions decide it"),
    ("overrides", "set template overrides in the profile"),
    ("skip", "set suppressions in the profile"),
];

/// Reads and resolves the fleet file at `path`.
pub fn load(path: &Path) -> Result<Fleet, FleetError> {
    let text = crate::input::read_text(path, crate::input::PROFILE_LIMIT)
        .map_err(|e| ProfileError::io(path, format!("cannot read the fleet file: {e}")))?;
    parse(path, &text)
}

/// Resolves the fleet file `text`; `path` names it in errors and locates its profile.
pub fn parse(path: &Path, text: &str) -> Result<Fleet, FleetError> {
    profile::scan(path, text)?;
    if let Ok(document) = serde_norway::from_str::<serde_norway::Value>(text) {
        if document.is_null() {
            return Err(ProfileError::io(
                path,
                "the fleet file is empty; it needs permissions and targets".into(),
            )
            .into());
        }
        profile::refuse_tags(path, text, &document)?;
    }
    let file: FleetFile = profile::read(path, text)?;
    Resolver::new(path, text, &file)?.resolve(&file)
}

struct Resolver<'a> {
    path: &'a Path,
    text: &'a str,
    blueprint: BlueprintName,
    base: StackOptions,
    template_overrides: Vec<Override>,
    profile: Option<PathBuf>,
    skips: Vec<crate::check::Skip>,
    /// Where each setting of the base came from, for region errors.
    base_source: String,
}

/// One synthesis: a distinct set of overrides.
struct Synthesized {
    options: StackOptions,
    document: Value,
    shape: Value,
    shape_text: String,
    parameters: BTreeMap<String, String>,
    /// The stack set's name: the blueprint's stack name (`ZAEL-{name}`, `ZAEL-{name}-redis`).
    stack_name: String,
    /// The first spec that gave these overrides, for errors.
    spec: usize,
}

impl<'a> Resolver<'a> {
    fn new(path: &'a Path, text: &'a str, file: &FleetFile) -> Result<Resolver<'a>, FleetError> {
        let mut skips = Vec::new();
        let (blueprint, base, template_overrides, profile) = match (&file.profile, file.blueprint) {
            (Some(_), Some(_)) => {
                return Err(at(
                    path,
                    text,
                    "blueprint",
                    "give a profile or a blueprint, not both: the profile names its blueprint",
                ))
            }
            (Some(relative), None) => {
                let profile_path = path.parent().unwrap_or(Path::new(".")).join(relative);
                let read = profile::load(&profile_path).map_err(|e| {
                    if e.file == profile_path.display().to_string()
                        && e.key.is_none()
                        && e.position.is_none()
                    {
                        at(
                            path,
                            text,
                            "profile",
                            &format!("{}: {}", profile_path.display(), e.message),
                        )
                    } else {
                        FleetError::File(e)
                    }
                })?;
                let mut options = read.blueprint().defaults();
                options
                    .apply(&read.settings)
                    .map_err(|error| FleetError::Settings {
                        file: profile_path.display().to_string(),
                        target: "profile".into(),
                        error,
                    })?;
                skips = read
                    .skips
                    .iter()
                    .map(|s| crate::check::Skip {
                        rule: s.rule.clone(),
                        reason: s.reason.clone(),
                    })
                    .collect();
                (
                    read.blueprint(),
                    options,
                    read.overrides.clone(),
                    Some(profile_path),
                )
            }
            (None, blueprint) => {
                let name = blueprint.map_or("limiter", |b| b.name());
                let blueprint =
                    BlueprintName::from_name(name).expect("the fleet names registered blueprints");
                (blueprint, blueprint.defaults(), Vec::new(), None)
            }
        };
        let base_source = match &profile {
            Some(p) => format!("the profile {}", p.display()),
            None => "the blueprint's defaults".into(),
        };
        Ok(Resolver {
            path,
            text,
            blueprint,
            base,
            template_overrides,
            profile,
            skips,
            base_source,
        })
    }

    fn error(&self, key: impl Into<String>, message: impl Into<String>) -> FleetError {
        FleetError::File(ProfileError {
            file: self.path.display().to_string(),
            position: None,
            key: Some(key.into()),
            message: message.into(),
        })
    }

    fn resolve(&self, file: &FleetFile) -> Result<Fleet, FleetError> {
        if file.targets.is_empty() {
            return Err(at(
                self.path,
                self.text,
                "targets",
                "a fleet needs at least one target: accounts or organizational_units, and regions",
            ));
        }
        let mut synthesized: Vec<Synthesized> = Vec::new();
        let mut by_overrides: HashMap<String, usize> = HashMap::new();
        let mut all_regions: Vec<String> = Vec::new();
        // (spec, synthesis) per target entry.
        let mut entries: Vec<(usize, usize, Vec<Place>, Vec<String>)> = Vec::new();
        for (index, spec) in file.targets.iter().enumerate() {
            let places = self.places(index, spec, &file.permissions)?;
            let regions = self.regions(index, spec)?;
            for region in &regions {
                if !all_regions.contains(region) {
                    all_regions.push(region.clone());
                }
            }
            let keys = spec.overrides.clone().unwrap_or_default();
            let memo = serde_norway::to_string(&keys.0).unwrap_or_default();
            let synthesis = match by_overrides.get(&memo) {
                Some(&known) => known,
                None => {
                    synthesized.push(self.synthesize(index, &keys)?);
                    by_overrides.insert(memo, synthesized.len() - 1);
                    synthesized.len() - 1
                }
            };
            for region in &regions {
                self.check_region(index, spec, &synthesized[synthesis].options, region)?;
            }
            entries.push((index, synthesis, places, regions));
        }
        let buckets = self.buckets(file, &all_regions, &synthesized)?;
        let rollout = self.rollout(file, &all_regions, &entries)?;

        let mut stack_sets: Vec<StackSet> = Vec::new();
        // The synthesis each stack set's template came from.
        let mut sources: Vec<usize> = Vec::new();
        let mut seen: HashMap<(String, Place, String), usize> = HashMap::new();
        for (spec, synthesis, places, regions) in entries {
            let made = &synthesized[synthesis];
            let name = made.stack_name.clone();
            let position = match stack_sets.iter().position(|s| s.name == name) {
                Some(found) => {
                    let first = &synthesized[sources[found]];
                    if first.shape_text != made.shape_text {
                        let difference = first_difference(&first.shape, &made.shape, String::new())
                            .unwrap_or_else(|| "the template".into());
                        return Err(self.error(
                            format!("targets[{spec}]"),
                            format!(
                                "its template differs from that of targets[{}] at {difference}, which no CloudFormation parameter carries, yet both deploy stack set {name}; give these targets their own name (overrides: {{name: ...}}) so they get their own stack set",
                                first.spec
                            ),
                        ));
                    }
                    found
                }
                None => {
                    stack_sets.push(StackSet {
                        name: name.clone(),
                        blueprint: self.blueprint,
                        options: made.options.clone(),
                        document: made.document.clone(),
                        shape: made.shape.clone(),
                        defaults: BTreeMap::new(),
                        targets: Vec::new(),
                    });
                    sources.push(synthesis);
                    stack_sets.len() - 1
                }
            };
            for region in &regions {
                let mut parameters = made.parameters.clone();
                if let Some((parameter, bucket)) =
                    buckets.get(region.as_str()).and_then(|b| b.as_ref())
                {
                    for p in parameter {
                        parameters.insert(p.clone(), bucket.clone());
                    }
                }
                for place in &places {
                    let key = (name.clone(), place.clone(), region.clone());
                    if let Some(earlier) = seen.insert(key, spec) {
                        return Err(self.error(
                            format!("targets[{spec}]"),
                            format!(
                                "{}/{region} is already a target of stack set {name} in targets[{earlier}]; a stack set has one instance per account (or unit) and region",
                                place.id()
                            ),
                        ));
                    }
                    stack_sets[position].targets.push(Target {
                        spec,
                        place: place.clone(),
                        region: region.clone(),
                        parameters: parameters.clone(),
                    });
                }
            }
        }
        for set in &mut stack_sets {
            set.defaults = set.targets[0].parameters.clone();
            set_defaults(&mut set.document, &set.defaults);
            self.check_required_parameters(set)?;
            self.check_global_names(set)?;
        }
        Ok(Fleet {
            path: self.path.to_path_buf(),
            permissions: file.permissions.clone(),
            rollout,
            stack_sets,
            profile: self.profile.clone(),
            skips: self.skips.clone(),
        })
    }

    fn places(
        &self,
        index: usize,
        spec: &TargetSpec,
        permissions: &Permissions,
    ) -> Result<Vec<Place>, FleetError> {
        let key = |k: &str| format!("targets[{index}].{k}");
        let places: Vec<Place> = match (&spec.accounts, &spec.organizational_units, permissions) {
            (Some(_), Some(_), _) => {
                return Err(self.error(
                    format!("targets[{index}]"),
                    "give accounts or organizational_units, not both",
                ))
            }
            (None, None, Permissions::SelfManaged { .. }) => {
                return Err(self.error(format!("targets[{index}]"), "missing accounts: self-managed permissions deploy to a list of 12-digit account IDs"))
            }
            (None, None, Permissions::ServiceManaged { .. }) => {
                return Err(self.error(format!("targets[{index}]"), "missing organizational_units: service-managed permissions deploy to organisational units (ou-...) or the root (r-...)"))
            }
            (Some(_), None, Permissions::ServiceManaged { .. }) => {
                return Err(self.error(key("accounts"), "service-managed permissions deploy to organizational_units; accounts are for permissions model self-managed"))
            }
            (None, Some(_), Permissions::SelfManaged { .. }) => {
                return Err(self.error(key("organizational_units"), "self-managed permissions deploy to accounts; organizational_units need permissions model service-managed"))
            }
            (Some(accounts), None, _) => accounts.iter().cloned().map(Place::Account).collect(),
            (None, Some(units), _) => units.iter().cloned().map(Place::Unit).collect(),
        };
        let field = if spec.accounts.is_some() {
            "accounts"
        } else {
            "organizational_units"
        };
        if places.is_empty() {
            return Err(self.error(key(field), "the list is empty; name at least one"));
        }
        let mut distinct = BTreeSet::new();
        for place in &places {
            if !distinct.insert(place) {
                return Err(self.error(key(field), format!("{} is listed twice", place.id())));
            }
        }
        Ok(places)
    }

    fn regions(&self, index: usize, spec: &TargetSpec) -> Result<Vec<String>, FleetError> {
        let key = format!("targets[{index}].regions");
        if spec.regions.is_empty() {
            return Err(self.error(key, "the list is empty; name at least one region"));
        }
        let mut regions: Vec<String> = Vec::new();
        for region in &spec.regions {
            if regions.contains(&region.0) {
                return Err(self.error(key, format!("{} is listed twice", region.0)));
            }
            regions.push(region.0.clone());
        }
        Ok(regions)
    }

    /// The base options with target `index`'s overrides applied, and its template.
    fn synthesize(&self, index: usize, keys: &ProfileKeys) -> Result<Synthesized, FleetError> {
        let target = format!("targets[{index}].overrides");
        for (key, why) in FLEET_KEYS {
            if keys.0.contains_key(*key) {
                return Err(self.error(
                    format!("{target}.{key}"),
                    format!("a target cannot override {key}: {why}"),
                ));
            }
        }
        let mut options = self.base.clone();
        if !keys.0.is_empty() {
            let mut mapping = keys.0.clone();
            mapping.insert(
                serde_norway::Value::String("blueprint".into()),
                serde_norway::Value::String(self.blueprint.name().into()),
            );
            let yaml = serde_norway::to_string(&mapping).unwrap_or_default();
            let read = self
                .blueprint
                .read_profile(self.path, &yaml, None)
                .map_err(|e| {
                    let key = e.key.map_or(target.clone(), |k| format!("{target}.{k}"));
                    self.error(key, e.message)
                })?;
            options
                .apply(&read.settings)
                .map_err(|error| FleetError::Settings {
                    file: self.path.display().to_string(),
                    target: target.clone(),
                    error,
                })?;
        }
        let origin = if keys.0.is_empty() {
            self.base_source.clone()
        } else {
            format!("targets[{index}]")
        };
        let document =
            crate::synth::document_with(&options, &self.template_overrides).map_err(|error| {
                match error {
                    crate::synth::SynthError::Options(error) => FleetError::Options {
                        file: self.path.display().to_string(),
                        target: origin.clone(),
                        error,
                    },
                    error => FleetError::Synth {
                        file: self.path.display().to_string(),
                        target: origin.clone(),
                        error,
                    },
                }
            })?;
        let parameters = parameter_defaults(&document);
        let mut shape = document.clone();
        strip_defaults(&mut shape);
        let shape_text = serde_json::to_string(&shape).expect("templates serialize");
        Ok(Synthesized {
            stack_name: options.stack_name(),
            options,
            document,
            shape,
            shape_text,
            parameters,
            spec: index,
        })
    }

    /// An ARN the options name must be in the target's region.
    fn check_region(
        &self,
        index: usize,
        spec: &TargetSpec,
        options: &StackOptions,
        region: &str,
    ) -> Result<(), FleetError> {
        for (key, arn) in options.regional_arns() {
            if let Some(other) = arn_region(&arn).filter(|r| *r != region) {
                let from_target = spec
                    .overrides
                    .as_ref()
                    .is_some_and(|o| o.0.contains_key(key));
                let (place, hint) = if from_target {
                    (
                        format!("targets[{index}].overrides.{key}"),
                        format!("use a resource of {region}"),
                    )
                } else {
                    (
                        format!("targets[{index}]"),
                        format!("{key} {arn} (from {}) is in {other}; set {key} for the targets in {region} in their overrides, with a resource of {region}", self.base_source),
                    )
                };
                let message = if from_target {
                    format!("{key} {arn} is in {other}, but the target deploys to region {region}; {hint}")
                } else {
                    format!("the target deploys to region {region}, but {hint}")
                };
                return Err(self.error(place, message));
            }
        }
        Ok(())
    }

    /// Each region's artifact bucket, and the parameters that name it: `None` for a region
    /// when no package is needed.
    #[allow(clippy::type_complexity)]
    fn buckets<'r>(
        &self,
        file: &FleetFile,
        regions: &'r [String],
        synthesized: &[Synthesized],
    ) -> Result<HashMap<&'r str, Option<(Vec<String>, String)>>, FleetError> {
        let parameters: BTreeSet<String> = synthesized
            .iter()
            .flat_map(|s| s.options.artifacts())
            .map(|a| a.bucket_parameter.to_string())
            .collect();
        let mut buckets = HashMap::new();
        if parameters.is_empty() {
            if file.artifact_bucket.is_some() {
                return Err(at(
                    self.path,
                    self.text,
                    "artifact_bucket",
                    &format!(
                        "the {} blueprint has no Lambda package to upload; remove artifact_bucket",
                        self.blueprint.name()
                    ),
                ));
            }
            return Ok(buckets);
        }
        let parameters: Vec<String> = parameters.into_iter().collect();
        let Some(pattern) = &file.artifact_bucket else {
            // The profile's bucket serves a single-region fleet.
            let from_profile = synthesized
                .iter()
                .all(|s| parameters.iter().all(|p| s.parameters.contains_key(p)));
            if from_profile && regions.len() == 1 {
                return Ok(buckets);
            }
            return Err(self.error(
                "artifact_bucket",
                format!(
                    "missing: the Lambda packages need an S3 bucket in each target region ({}); set artifact_bucket with {{region}} in its name, such as my-artifacts-{{region}}",
                    regions.join(", ")
                ),
            ));
        };
        if regions.len() > 1 && !pattern.contains("{region}") {
            return Err(at(
                self.path,
                self.text,
                "artifact_bucket",
                &format!("{pattern:?} names one bucket, but a Lambda function reads its package from its own region and the fleet spans {}; put {{region}} in the name, such as {pattern}-{{region}}", regions.join(", ")),
            ));
        }
        for region in regions {
            let bucket = pattern.replace("{region}", region);
            crate::stacks::limiter::values::bucket_name(&bucket).map_err(|e| {
                at(
                    self.path,
                    self.text,
                    "artifact_bucket",
                    &format!("in {region} it names {bucket:?}: {e}"),
                )
            })?;
            buckets.insert(region.as_str(), Some((parameters.clone(), bucket)));
        }
        Ok(buckets)
    }

    fn rollout(
        &self,
        file: &FleetFile,
        regions: &[String],
        entries: &[(usize, usize, Vec<Place>, Vec<String>)],
    ) -> Result<Rollout, FleetError> {
        let given = file.rollout.clone().unwrap_or_default();
        let region_order = match &given.region_order {
            None => regions.to_vec(),
            Some(order) => {
                let order: Vec<String> = order.iter().map(|r| r.0.clone()).collect();
                for (i, region) in order.iter().enumerate() {
                    if order[..i].contains(region) {
                        return Err(
                            self.error("rollout.region_order", format!("{region} is listed twice"))
                        );
                    }
                    if !regions.contains(region) {
                        return Err(self.error(
                            "rollout.region_order",
                            format!(
                                "{region} is no target's region; the target regions are {}",
                                regions.join(", ")
                            ),
                        ));
                    }
                }
                if let Some(missing) = regions.iter().find(|r| !order.contains(r)) {
                    return Err(self.error("rollout.region_order", format!("{missing} is a target region but is not in the order; list every target region: {}", regions.join(", "))));
                }
                order
            }
        };
        let canary = match &given.canary {
            None => None,
            Some(spec) => Some(spec.canary().ok_or_else(|| {
                self.error(
                    "rollout.canary",
                    "name exactly one of region, account or organizational_unit",
                )
            })?),
        };
        if let Some(canary) = &canary {
            let matches = entries
                .iter()
                .any(|(_, _, places, target_regions)| match canary {
                    Canary::Region(r) => target_regions.contains(r),
                    Canary::Account(a) => places.contains(&Place::Account(a.clone())),
                    Canary::OrganizationalUnit(u) => places.contains(&Place::Unit(u.clone())),
                });
            if !matches {
                let (kind, id) = match canary {
                    Canary::Region(r) => ("region", r.clone()),
                    Canary::Account(a) => ("account", a.0.clone()),
                    Canary::OrganizationalUnit(u) => ("organizational_unit", u.0.clone()),
                };
                return Err(self.error(
                    format!("rollout.canary.{kind}"),
                    format!(
                        "{id} is not among the targets; the canary is one of them, deployed first"
                    ),
                ));
            }
        }
        Ok(Rollout {
            region_order,
            canary,
            max_concurrent: given.max_concurrent.map_or(Amount::Count(1), |c| c.0),
            failure_tolerance: given.failure_tolerance.map_or(Amount::Count(0), |t| t.0),
            concurrency_mode: given.concurrency_mode.unwrap_or_default(),
            region_concurrency: given.region_concurrency.unwrap_or_default(),
        })
    }

    /// A parameter without a default needs a value from the fleet.
    fn check_required_parameters(&self, set: &StackSet) -> Result<(), FleetError> {
        let declared = set.document.get("Parameters").and_then(Value::as_object);
        for name in declared.into_iter().flat_map(|p| p.keys()) {
            if let Some(target) = set
                .targets
                .iter()
                .find(|t| !t.parameters.contains_key(name))
            {
                return Err(self.error(
                    format!("targets[{}]", target.spec),
                    format!("stack set {}'s parameter {name} has no value for {}; set the profile key that gives it a default", set.name, target.label()),
                ));
            }
        }
        Ok(())
    }

    /// IAM names are account-wide and bucket names world-wide: one template in two regions of
    /// an account would collide with itself, and CloudFormation would fail the second.
    fn check_global_names(&self, set: &StackSet) -> Result<(), FleetError> {
        let Some((resource, kind, name)) = fixed_global_name(&set.document) else {
            return Ok(());
        };
        let mut regions_of: BTreeMap<&Place, Vec<&Target>> = BTreeMap::new();
        for target in &set.targets {
            regions_of.entry(&target.place).or_default().push(target);
        }
        let collision = if kind == "AWS::S3::Bucket" {
            (set.targets.len() > 1).then(|| (&set.targets[0], &set.targets[1]))
        } else {
            regions_of
                .values()
                .find(|t| t.len() > 1)
                .map(|t| (t[0], t[1]))
        };
        if let Some((first, second)) = collision {
            let scope = if kind == "AWS::S3::Bucket" {
                "bucket names are unique across all of AWS"
            } else {
                "IAM names are account-wide"
            };
            return Err(self.error(
                format!("targets[{}]", second.spec),
                format!(
                    "{} and {} would both create {kind} {resource} named {name:?} in stack set {}, and {scope}: the second would fail; give the targets of each region their own name (overrides: {{name: ...}}), or keep the stack set to one region per account",
                    first.label(), second.label(), set.name
                ),
            ));
        }
        Ok(())
    }
}

/// An error at a top-level key of the fleet file, placed at its line.
fn at(path: &Path, text: &str, key: &str, message: &str) -> FleetError {
    FleetError::File(ProfileError::at_key(path, text, key, message.to_string()))
}

/// Each parameter's default as the string CloudFormation passes.
pub fn parameter_defaults(document: &Value) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    if let Some(parameters) = document.get("Parameters").and_then(Value::as_object) {
        for (name, parameter) in parameters {
            if let Some(default) = parameter.get("Default") {
                values.insert(name.clone(), parameter_text(default));
            }
        }
    }
    values
}

/// A parameter value as CloudFormation holds it: text.
pub fn parameter_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(parameter_text)
            .collect::<Vec<_>>()
            .join(","),
        other => other.to_string(),
    }
}

/// Removes every parameter's `Default`: what is left is the shape a stack set's instances
/// share (their values are parameter overrides), compared the same way for a synthesized
/// template and a deployed one.
pub(crate) fn strip_defaults(document: &mut Value) {
    if let Some(parameters) = document
        .get_mut("Parameters")
        .and_then(Value::as_object_mut)
    {
        for parameter in parameters.values_mut() {
            if let Some(parameter) = parameter.as_object_mut() {
                parameter.remove("Default");
            }
        }
    }
}

/// Sets each parameter's `Default` to its value in `defaults` (typed as the parameter is):
/// the template as one instance with those values deploys it.
pub fn set_defaults(document: &mut Value, defaults: &BTreeMap<String, String>) {
    let Some(parameters) = document
        .get_mut("Parameters")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (name, parameter) in parameters.iter_mut() {
        let (Some(value), Some(parameter)) = (defaults.get(name), parameter.as_object_mut()) else {
            continue;
        };
        let typed = match parameter.get("Type").and_then(Value::as_str) {
            Some("Number") => value
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(value.clone())),
            _ => Value::String(value.clone()),
        };
        parameter.insert("Default".into(), typed);
    }
}

/// The first path (`Resources.X.Properties.Y`) where two templates differ.
pub fn first_difference(a: &Value, b: &Value, at: String) -> Option<String> {
    let join = |key: &str| {
        if at.is_empty() {
            key.to_string()
        } else {
            format!("{at}.{key}")
        }
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, value) in x {
                match y.get(key) {
                    Some(other) => {
                        if let Some(found) = first_difference(value, other, join(key)) {
                            return Some(found);
                        }
                    }
                    None => return Some(join(key)),
                }
            }
            y.keys().find(|k| !x.contains_key(*k)).map(|k| join(k))
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                if let Some(found) = first_difference(p, q, join(&i.to_string())) {
                    return Some(found);
                }
            }
            (x.len() != y.len()).then(|| at.clone())
        }
        _ => (a != b).then_some(at),
    }
}

/// Resource types whose name property is unique beyond one region.
const GLOBAL_NAMES: &[(&str, &str)] = &[
    ("AWS::IAM::Role", "RoleName"),
    ("AWS::IAM::ManagedPolicy", "ManagedPolicyName"),
    ("AWS::IAM::User", "UserName"),
    ("AWS::IAM::Group", "GroupName"),
    ("AWS::IAM::InstanceProfile", "InstanceProfileName"),
    ("AWS::S3::Bucket", "BucketName"),
];

/// The first resource with a fixed (literal) name that is unique beyond its region.
fn fixed_global_name(document: &Value) -> Option<(String, &'static str, String)> {
    let resources = document.get("Resources")?.as_object()?;
    for (id, resource) in resources {
        let kind = resource.get("Type").and_then(Value::as_str).unwrap_or("");
        for (global, property) in GLOBAL_NAMES {
            if kind != *global {
                continue;
            }
            if let Some(name) = resource
                .pointer(&format!("/Properties/{property}"))
                .and_then(Value::as_str)
            {
                return Some((id.clone(), global, name.to_string()));
            }
        }
    }
    None
}
