//! The stack a command deploys or compares with: synthesized from the same flags or profile
//! as `zael synth`, with its Lambda packages when it is to be deployed.

use clap::{ArgMatches, Args};
use serde_json::Value;
use zael::assets::{self, Package};
use zael::cli::{synth_document, BinaryFlags, CliError, StackArgs};

use crate::failure::Failure;
use crate::parameters::Override;

/// The stack flags of `zael synth`, and the binaries `deploy` packages.
#[derive(Args, Debug)]
pub struct StackFlags {
    #[command(flatten)]
    pub stack: StackArgs,
}

pub struct Synthesized {
    /// The blueprint's stack name (`ZAEL-{name}`, `ZAEL-{name}-redis`, `ZAEL-{name}-api`),
    /// the one its template's `zael:stack` tags say.
    pub stack_name: String,
    /// `limiter`, `redis`, `api`.
    pub blueprint: &'static str,
    pub document: Value,
    /// The template as CloudFormation receives it (YAML).
    pub body: String,
    pub options: zael::blueprint::StackOptions,
}

fn usage(error: CliError) -> Failure {
    // zael's own messages already start with `error: `.
    let text = error.to_string();
    Failure::usage(text.strip_prefix("error: ").unwrap_or(&text).to_string())
}

impl StackFlags {
    pub fn synthesize(&self, matches: &ArgMatches) -> Result<Synthesized, Failure> {
        let resolved = self.stack.resolve(matches).map_err(usage)?;
        let document = synth_document(&resolved).map_err(usage)?;
        Ok(Synthesized {
            stack_name: resolved.options.stack_name(),
            blueprint: resolved.options.blueprint().name(),
            body: zael::template::to_yaml(&document),
            document,
            options: resolved.options,
        })
    }
}

/// A package to upload: the zip, the bucket and the content-addressed key the template's
/// parameters name.
pub struct Upload {
    pub package: Package,
    pub bucket: String,
    pub key: String,
}

impl Synthesized {
    /// The uploads the template needs: each artifact's package, to the bucket and key its
    /// parameters will have (a `--parameter` override, else the default).
    pub fn uploads(
        &self,
        binaries: &BinaryFlags,
        overrides: &[Override],
    ) -> Result<Vec<Upload>, Failure> {
        let mut uploads = Vec::new();
        for artifact in self.options.artifacts() {
            let default = |parameter: &str| {
                overrides
                    .iter()
                    .find(|o| o.name == parameter)
                    .map(|o| o.value.clone())
                    .or_else(|| {
                        self.document
                            .pointer(&format!("/Parameters/{parameter}/Default"))
                            .and_then(Value::as_str)
                            .map(str::to_string)
                    })
            };
            let bucket = default(artifact.bucket_parameter).ok_or_else(|| {
                // --artifact-bucket is a flag of the limiter blueprint only.
                let flag = if self.blueprint == "limiter" {
                    "--artifact-bucket BUCKET".to_string()
                } else {
                    format!("--parameter {}=BUCKET", artifact.bucket_parameter)
                };
                Failure::usage(format!(
                    "the {} package needs a bucket to upload to: pass {flag} (or set artifact_bucket in the profile)",
                    artifact.asset.name
                ))
            })?;
            let key = default(artifact.key_parameter).unwrap_or_else(|| artifact.asset.s3_key());
            let package = assets::package(artifact.asset, &binaries.binary(&artifact))
                .map_err(|e| Failure::usage(e.to_string()))?;
            uploads.push(Upload {
                package,
                bucket,
                key,
            });
        }
        Ok(uploads)
    }
}
