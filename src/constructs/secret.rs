//! L2 generated secret: a value Secrets Manager makes at deploy time, which the template only
//! ever references.

use crate::resources::secretsmanager::{GenerateSecretString, Secret};
use crate::template::{Expr, Handle, RemovalPolicy, Stack};

/// A secret whose value Secrets Manager generates.
///
/// Defaults: 64 characters of letters and digits only (no punctuation, no space), so the value
/// is valid wherever a password may not contain `/`, `"`, `@` or quoting characters; encrypted
/// with the account's `aws/secretsmanager` key.
#[derive(Clone, Debug)]
pub struct GeneratedSecretProps {
    pub name: String,
    pub description: String,
    /// Default: 64 characters.
    pub length: u32,
}

impl GeneratedSecretProps {
    pub fn new(name: &str, description: &str) -> Self {
        GeneratedSecretProps {
            name: name.to_string(),
            description: description.to_string(),
            length: 64,
        }
    }
}

#[derive(Clone, Debug)]
pub struct GeneratedSecret {
    pub handle: Handle<Secret>,
}

pub fn generated_secret(
    stack: &mut Stack,
    id: &str,
    props: GeneratedSecretProps,
) -> GeneratedSecret {
    let handle = stack.add(
        id,
        Secret {
            name: Some(props.name.into()),
            description: Some(props.description),
            generate_secret_string: Some(GenerateSecretString {
                password_length: Some(props.length),
                exclude_punctuation: Some(true),
                include_space: Some(false),
                ..GenerateSecretString::default()
            }),
            ..Secret::default()
        },
    );
    // Stated rather than left to the default: CloudFormation deletes a secret at once, with
    // no recovery window, so the name is free for a stack re-created under the same name.
    // The value unlocks only what this stack creates, and goes with it.
    stack.set_removal_policy(&handle, RemovalPolicy::Delete);
    GeneratedSecret { handle }
}

impl GeneratedSecret {
    /// `{{resolve:secretsmanager:<ARN>:SecretString}}`: a dynamic reference CloudFormation
    /// resolves while it deploys, so the value appears in no template, parameter or output.
    pub fn resolve_string(&self) -> Expr {
        Expr::sub(format!(
            "{{{{resolve:secretsmanager:${{{}}}:SecretString}}}}",
            self.handle.logical_id()
        ))
    }
}
