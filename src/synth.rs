//! Synthesis: a blueprint's stack as a validated template document.

use std::path::Path;

use serde_json::Value;
use thiserror::Error;

use crate::assets::{self, Manifest, ManifestAsset, Package, PackageError};
use crate::profile::{apply_overrides, Override};
use crate::stacks::api::{self, ApiOptions, ApiOptionsError};
use crate::stacks::limiter::{self, LimiterOptions};
use crate::stacks::redis::{self, RedisOptions, RedisOptionsError};
use crate::template::{to_json, to_yaml};
use crate::validate::{self, Finding, Severity};

/// The template's text format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Yaml,
    Json,
}

impl Format {
    pub fn render(self, document: &Value) -> String {
        match self {
            Format::Yaml => to_yaml(document),
            Format::Json => to_json(document),
        }
    }

    pub fn template_file_name(self) -> &'static str {
        match self {
            Format::Yaml => "template.yaml",
            Format::Json => "template.json",
        }
    }
}

#[derive(Debug, Error)]
pub enum SynthError {
    /// The Lambda package cannot be made from the binary at hand.
    #[error(transparent)]
    Package(#[from] PackageError),
    /// A physical name derived from the options would be rejected by its service.
    #[error("{}", .0)]
    PhysicalName(Box<Finding>),
    /// The document itself is broken: a blueprint defect, never the user's input.
    #[error("the synthesized template is invalid: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Finding>),
    /// Options of the Redis tier that ElastiCache would reject together.
    #[error(transparent)]
    RedisOptions(#[from] RedisOptionsError),
    /// Options of the API service that CloudFormation would reject together.
    #[error(transparent)]
    ApiOptions(#[from] ApiOptionsError),
    /// A profile's override does not lead to anything in the template.
    #[error("{0}")]
    Override(String),
}

/// The rate-limiter stack's template, refused when CloudFormation would refuse it.
pub fn limiter_document(options: &LimiterOptions) -> Result<Value, SynthError> {
    limiter_document_with(options, &[])
}

/// The rate-limiter stack's template with a profile's overrides, validated after them.
pub fn limiter_document_with(
    options: &LimiterOptions,
    overrides: &[Override],
) -> Result<Value, SynthError> {
    overridden(limiter::build(options).to_document(), overrides)
}

/// The Redis tier's template, refused when CloudFormation or ElastiCache would refuse it.
pub fn redis_document(options: &RedisOptions) -> Result<Value, SynthError> {
    redis_document_with(options, &[])
}

/// The Redis tier's template with a profile's overrides, validated after them.
pub fn redis_document_with(
    options: &RedisOptions,
    overrides: &[Override],
) -> Result<Value, SynthError> {
    options.validate()?;
    overridden(redis::build(options).to_document(), overrides)
}

/// The API service's template (seed 003), refused when CloudFormation would refuse it.
pub fn api_document(options: &ApiOptions) -> Result<Value, SynthError> {
    api_document_with(options, &[])
}

/// The API service's template with a profile's overrides, validated after them.
pub fn api_document_with(
    options: &ApiOptions,
    overrides: &[Override],
) -> Result<Value, SynthError> {
    options.validate()?;
    overridden(api::build(options).to_document(), overrides)
}

/// Everything an API service deployment needs, as files (see [`bundle`]): the template and
/// the handler's zip.
pub fn api_bundle(
    document: &Value,
    format: Format,
    handler_binary: &Path,
) -> Result<Vec<(String, Vec<u8>)>, SynthError> {
    let package = assets::package(assets::api_handler(), handler_binary)?;
    Ok(bundle(
        document,
        format,
        &[(
            package,
            api::ARTIFACT_BUCKET_PARAMETER,
            api::ARTIFACT_KEY_PARAMETER,
        )],
    ))
}

fn overridden(mut document: Value, overrides: &[Override]) -> Result<Value, SynthError> {
    apply_overrides(&mut document, overrides).map_err(SynthError::Override)?;
    validated(document)
}

/// Every layer-1 rule runs; a template with errors is refused. Warnings (quotas at 90%) do
/// not stop synth: `zael check` reports them.
fn validated(document: Value) -> Result<Value, SynthError> {
    // Layer 1 once; then the errors by kind, so each reaches the user in its own words.
    let body_bytes = to_json(&document).len();
    let errors: Vec<Finding> = validate::template(&document, body_bytes)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let (references, rest): (Vec<Finding>, Vec<Finding>) = errors
        .into_iter()
        .partition(|f| f.rule == validate::REFERENCE_RULE);
    if !references.is_empty() {
        return Err(SynthError::Invalid(references));
    }
    let (names, rest): (Vec<Finding>, Vec<Finding>) = rest
        .into_iter()
        .partition(|f| f.rule == validate::PHYSICAL_NAME_RULE);
    // The longest overflow is the one to report: shortening by that much fixes every name.
    if let Some(worst) = names.into_iter().max_by_key(|f| f.excess.unwrap_or(0)) {
        return Err(SynthError::PhysicalName(Box::new(worst)));
    }
    if rest.is_empty() {
        Ok(document)
    } else {
        Err(SynthError::Invalid(rest))
    }
}

/// A synthesized template as files: the template, each Lambda package it needs, and
/// `manifest.json` saying where each package goes.
pub fn bundle(
    document: &Value,
    format: Format,
    packages: &[(Package, &'static str, &'static str)],
) -> Vec<(String, Vec<u8>)> {
    let template_name = format.template_file_name();
    let mut files = vec![(
        template_name.to_string(),
        format.render(document).into_bytes(),
    )];
    let mut manifest = Manifest {
        template: template_name.to_string(),
        assets: Vec::new(),
    };
    for (package, bucket_parameter, key_parameter) in packages {
        manifest
            .assets
            .push(ManifestAsset::new(package, bucket_parameter, key_parameter));
        files.push((package.file_name(), package.zip.clone()));
    }
    let mut manifest_json = serde_json::to_string_pretty(&manifest).expect("manifests serialize");
    manifest_json.push('\n');
    files.push(("manifest.json".to_string(), manifest_json.into_bytes()));
    files
}

/// Everything a rate-limiter deployment needs, as files (see [`bundle`]); the aggregator's
/// zip when the stack has the aggregator.
pub fn limiter_bundle(
    document: &Value,
    options: &LimiterOptions,
    format: Format,
    aggregator_binary: &Path,
) -> Result<Vec<(String, Vec<u8>)>, SynthError> {
    let mut packages = Vec::new();
    if options.enable_aggregator {
        let package = assets::package(assets::aggregator(), aggregator_binary)?;
        packages.push((
            package,
            limiter::ARTIFACT_BUCKET_PARAMETER,
            limiter::ARTIFACT_KEY_PARAMETER,
        ));
    }
    Ok(bundle(document, format, &packages))
}
