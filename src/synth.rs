//! Synthesis: a blueprint's stack as a validated template document.

use std::path::PathBuf;

use serde_json::Value;
use thiserror::Error;

use crate::assets::{self, Manifest, ManifestAsset, Package, PackageError};
use crate::blueprint::{Artifact, OptionsError, StackOptions};
use crate::profile::{apply_overrides, Override, OverrideError};
use crate::template::{to_json, to_yaml, yaml_len};
use crate::validate::{self, Finding};

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

    pub fn extension(self) -> &'static str {
        match self {
            Format::Yaml => "yaml",
            Format::Json => "json",
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
    /// Options that are valid one by one but not together.
    #[error(transparent)]
    Options(#[from] OptionsError),
    /// A profile's override does not lead to anything in the template.
    #[error(transparent)]
    Override(Box<OverrideError>),
}

impl From<OverrideError> for SynthError {
    fn from(error: OverrideError) -> Self {
        SynthError::Override(Box::new(error))
    }
}

/// The template of any blueprint's options (`LimiterOptions`, `RedisOptions`, ...), refused
/// when CloudFormation or the service would refuse it.
pub fn document(options: impl Into<StackOptions>) -> Result<Value, SynthError> {
    document_with(&options.into(), &[])
}

/// The template with a profile's overrides, validated after them.
pub fn document_with(options: &StackOptions, overrides: &[Override]) -> Result<Value, SynthError> {
    validated(unvalidated(options, overrides)?)
}

/// A validated template and its text in a format.
pub struct Rendered {
    pub document: Value,
    pub text: String,
}

/// The template with a profile's overrides, validated, and its text in `format`: the YAML
/// is rendered once, and layer 1 measures the deployed body's size on that text (measuring
/// rendered it a second time, a tenth of synth's own work); for JSON, the YAML's length is
/// counted without writing it.
pub fn rendered_with(
    options: &StackOptions,
    overrides: &[Override],
    format: Format,
) -> Result<Rendered, SynthError> {
    let document = unvalidated(options, overrides)?;
    // JSON is printed, but the body is measured as YAML: counted, not written.
    let yaml = (format == Format::Yaml).then(|| to_yaml(&document));
    let body_bytes = yaml
        .as_ref()
        .map_or_else(|| yaml_len(&document), String::len);
    let document = validated_as(document, validate::Body::File(body_bytes))?;
    let text = yaml.unwrap_or_else(|| to_json(&document));
    Ok(Rendered { document, text })
}

/// The template before layer-1 validation, for `check` to report on in full; options that
/// cannot make a template at all (Redis windows that overlap) are still refused, and the
/// overrides are applied.
pub fn unvalidated(options: &StackOptions, overrides: &[Override]) -> Result<Value, SynthError> {
    options.validate()?;
    let mut document = options.build().to_document();
    apply_overrides(&mut document, overrides)?;
    Ok(document)
}

/// Every layer-1 rule runs; a template with errors is refused. Warnings (quotas at 90%) do
/// not stop synth: `zael check` reports them.
fn validated(document: Value) -> Result<Value, SynthError> {
    validated_as(document, validate::Body::Synthesized)
}

fn validated_as(document: Value, body: validate::Body) -> Result<Value, SynthError> {
    // Layer 1 once; then the errors by kind, so each reaches the user in its own words.
    let errors = validate::errors(&document, body);
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

/// Everything a deployment needs, as files: the template, each Lambda package the stack
/// needs (built from the binary `binary_of` names for its asset), and `manifest.json`
/// saying where each package goes.
pub fn bundle(
    template: &str,
    options: &StackOptions,
    format: Format,
    binary_of: impl Fn(&Artifact) -> PathBuf,
) -> Result<Vec<(String, Vec<u8>)>, SynthError> {
    let mut packages = Vec::new();
    for artifact in options.artifacts() {
        let package = assets::package(artifact.asset, &binary_of(&artifact))?;
        packages.push((package, artifact));
    }
    Ok(files(template, format, &packages))
}

fn files(
    template: &str,
    format: Format,
    packages: &[(Package, Artifact)],
) -> Vec<(String, Vec<u8>)> {
    let template_name = format.template_file_name();
    let mut files = vec![(template_name.to_string(), template.as_bytes().to_vec())];
    let mut manifest = Manifest {
        template: template_name.to_string(),
        assets: Vec::new(),
    };
    for (package, artifact) in packages {
        manifest.assets.push(ManifestAsset::new(
            package,
            artifact.bucket_parameter,
            artifact.key_parameter,
        ));
        files.push((package.file_name(), package.zip.clone()));
    }
    let mut manifest_json = serde_json::to_string_pretty(&manifest).expect("manifests serialize");
    manifest_json.push('\n');
    files.push(("manifest.json".to_string(), manifest_json.into_bytes()));
    files
}
