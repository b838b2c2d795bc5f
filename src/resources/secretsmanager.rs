//! AWS::SecretsManager::Secret

use serde::Serialize;

use super::Tag;
use crate::template::Expr;
use crate::{handle_accessors, l1_resource};

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Secret {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Expr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generate_secret_string: Option<GenerateSecretString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<Expr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(Secret, "AWS::SecretsManager::Secret", tags);

handle_accessors!(Secret, ref arn);

/// A value Secrets Manager generates at create time, so it never passes through the template.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GenerateSecretString {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude_punctuation: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude_characters: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_space: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_each_included_type: Option<bool>,
}
