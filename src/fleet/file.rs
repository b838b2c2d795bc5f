//! The fleet file (`fleet.yaml`) as written: serde reads it (every error carries the key path,
//! line and column) and schemars describes it for `zael schema fleet`.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;
use serde_json::json;

use super::values::{AccountId, Concurrency, OrganizationalUnit, Tolerance};
use crate::stacks::rule::Checked;
use crate::stacks::rules::Region;

/// The first line of a fleet file: editors validate and complete against the schema it names.
pub const MODELINE: &str = "# yaml-language-server: $schema=fleet.schema.json";

/// A fleet: one blueprint profile deployed by CloudFormation StackSets to many accounts or
/// organisational units and regions.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "zael fleet")]
pub struct FleetFile {
    /// The stack profile every target starts from (stacks/*.yaml), relative to this file
    /// [default: the blueprint's defaults]
    pub profile: Option<String>,
    /// The blueprint when no profile is named [default: limiter]
    pub blueprint: Option<FleetBlueprint>,
    /// The S3 bucket of the Lambda packages in each region, with {region} in its name when the
    /// fleet spans several regions (a Lambda function reads its code from its own region)
    /// [default: the profile's artifact_bucket, for a single-region fleet]
    pub artifact_bucket: Option<String>,
    /// Who deploys the stacks: self-managed (IAM roles you create) or service-managed
    /// (AWS Organizations)
    pub permissions: Permissions,
    /// Where the stacks go: accounts or organisational units, each in some regions
    pub targets: Vec<TargetSpec>,
    /// How the stacks roll out [default: regions in the order they first appear, one account at
    /// a time, no failure tolerated]
    pub rollout: Option<Rollout>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FleetBlueprint {
    /// The DynamoDB rate limiter of seeds 000-002
    Limiter,
    /// The ElastiCache for Redis tier of seed 004
    Redis,
    /// The API Gateway -> Lambda in VPC -> DynamoDB service of seed 003
    Api,
}

impl FleetBlueprint {
    pub fn name(self) -> &'static str {
        match self {
            FleetBlueprint::Limiter => "limiter",
            FleetBlueprint::Redis => "redis",
            FleetBlueprint::Api => "api",
        }
    }
}

/// The StackSets permission model.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(tag = "model", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Permissions {
    /// Roles you create: the administration role in the account that runs zael, the execution
    /// role in every target account; targets name accounts
    SelfManaged {
        /// The administration role's name or ARN [default: AWSCloudFormationStackSetAdministrationRole]
        administration_role: Option<String>,
        /// The execution role's name in each target account [default: AWSCloudFormationStackSetExecutionRole]
        execution_role: Option<String>,
    },
    /// AWS Organizations with trusted access for StackSets; targets name organisational units
    ServiceManaged {
        /// Deploy to accounts that join a target OU later [default: true]
        auto_deployment: Option<bool>,
        /// Keep an account's stacks when it leaves a target OU (with auto_deployment) [default: false]
        retain_stacks_on_account_removal: Option<bool>,
        /// Run as a delegated administrator rather than the management account [default: false]
        delegated_admin: Option<bool>,
    },
}

/// The administration role StackSets' self-managed permissions use by default.
pub const DEFAULT_ADMINISTRATION_ROLE: &str = "AWSCloudFormationStackSetAdministrationRole";
/// The execution role StackSets' self-managed permissions use by default.
pub const DEFAULT_EXECUTION_ROLE: &str = "AWSCloudFormationStackSetExecutionRole";

/// Accounts or organisational units, in regions, with the profile keys that differ there.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetSpec {
    /// Target accounts (self-managed permissions)
    pub accounts: Option<Vec<AccountId>>,
    /// Target organisational units (service-managed permissions)
    pub organizational_units: Option<Vec<OrganizationalUnit>>,
    /// The regions of these accounts or units
    pub regions: Vec<Checked<Region>>,
    /// Profile keys that differ for these targets (log_retention_days, alarm_sns_topic, name,
    /// ...): a value CloudFormation takes as a parameter becomes a parameter override; any
    /// other makes a different template, which needs its own stack set (another `name`)
    pub overrides: Option<ProfileKeys>,
}

/// A map of profile keys, read by the blueprint's own profile type once the blueprint is known.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ProfileKeys(pub serde_norway::Mapping);

impl JsonSchema for ProfileKeys {
    fn schema_name() -> Cow<'static, str> {
        "ProfileKeys".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        Schema::try_from(json!({
            "description": "Keys of the blueprint's stack profile (see profile.schema.json), except blueprint, region, overrides and skip",
            "type": "object",
            "not": {"anyOf": [
                {"required": ["blueprint"]}, {"required": ["region"]},
                {"required": ["overrides"]}, {"required": ["skip"]}
            ]}
        }))
        .expect("an object")
    }
}

/// How the operations roll out.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rollout {
    /// Regions in the order they are deployed; every target region, each once [default: the
    /// order they first appear in targets]
    pub region_order: Option<Vec<Checked<Region>>>,
    /// Deployed, and waited for, before everything else, with no failure tolerated
    pub canary: Option<CanarySpec>,
    /// Accounts deployed at once in a region [default: 1]
    pub max_concurrent: Option<Concurrency>,
    /// Failed accounts per region before the rollout stops [default: 0]
    pub failure_tolerance: Option<Tolerance>,
    /// strict: concurrency never above failure_tolerance + 1 (StackSets' default); soft:
    /// max_concurrent whatever fails [default: strict]
    pub concurrency_mode: Option<ConcurrencyMode>,
    /// One region at a time, or all at once [default: sequential]
    pub region_concurrency: Option<RegionConcurrency>,
}

/// The first targets deployed: one region, or one account or unit (in all of its regions).
/// Exactly one key.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("minProperties" = 1, "maxProperties" = 1))]
pub struct CanarySpec {
    /// Every target in this region
    pub region: Option<Checked<Region>>,
    /// Every target of this account
    pub account: Option<AccountId>,
    /// Every target of this organisational unit
    pub organizational_unit: Option<OrganizationalUnit>,
}

/// The canary, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Canary {
    Region(String),
    Account(AccountId),
    OrganizationalUnit(OrganizationalUnit),
}

impl CanarySpec {
    /// The one canary it names; `None` when it names none or several.
    pub fn canary(&self) -> Option<Canary> {
        match (&self.region, &self.account, &self.organizational_unit) {
            (Some(r), None, None) => Some(Canary::Region(r.0.clone())),
            (None, Some(a), None) => Some(Canary::Account(a.clone())),
            (None, None, Some(u)) => Some(Canary::OrganizationalUnit(u.clone())),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ConcurrencyMode {
    #[default]
    Strict,
    Soft,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RegionConcurrency {
    #[default]
    Sequential,
    Parallel,
}
