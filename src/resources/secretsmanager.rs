//! AWS::SecretsManager::Secret

use super::Tag;
use crate::cfn_struct;
use crate::template::Expr;

cfn_struct! {
    #[derive(Default)]
    pub struct Secret as "AWS::SecretsManager::Secret" {
        pub name: Option<Expr>,
        pub description: Option<String>,
        pub generate_secret_string: Option<GenerateSecretString>,
        pub kms_key_id: Option<Expr>,
        pub tags: Vec<Tag>,
    }
    handle { ref arn }

    /// A value Secrets Manager generates at create time, so it never passes through the template.
    #[derive(Default)]
    pub struct GenerateSecretString {
        pub password_length: Option<u32>,
        pub exclude_punctuation: Option<bool>,
        pub exclude_characters: Option<String>,
        pub include_space: Option<bool>,
        pub require_each_included_type: Option<bool>,
    }
}
