//! Deploy-time template parameters.

use serde::Serialize;

use super::Expr;
use crate::cfn_struct;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ParameterType {
    String,
    Number,
    CommaDelimitedList,
    /// A VPC of the account: CloudFormation lists them, and checks the value exists.
    #[serde(rename = "AWS::EC2::VPC::Id")]
    VpcId,
    #[serde(rename = "List<AWS::EC2::Subnet::Id>")]
    SubnetIdList,
    #[serde(rename = "AWS::EC2::SecurityGroup::Id")]
    SecurityGroupId,
}

cfn_struct! {
    /// A `Parameters` entry. Constraints are checked by CloudFormation when the stack is deployed,
    /// so they are the contract for anyone overriding a default with `--parameter-overrides`.
    pub struct Parameter {
        #[serde(rename = "Type")]
        pub kind: ParameterType,
        pub description: String,
        pub default: Option<Expr>,
        pub allowed_values: Option<Vec<Expr>>,
        pub allowed_pattern: Option<String>,
        pub min_value: Option<i64>,
        pub max_value: Option<i64>,
        pub min_length: Option<u32>,
        pub max_length: Option<u32>,
        pub constraint_description: Option<String>,
    }
}

impl Parameter {
    fn new(kind: ParameterType, description: &str) -> Self {
        Parameter {
            kind,
            description: description.to_string(),
            default: None,
            allowed_values: None,
            allowed_pattern: None,
            min_value: None,
            max_value: None,
            min_length: None,
            max_length: None,
            constraint_description: None,
        }
    }

    pub fn string(description: &str) -> Self {
        Parameter::new(ParameterType::String, description)
    }

    pub fn number(description: &str) -> Self {
        Parameter::new(ParameterType::Number, description)
    }

    /// A parameter of one of the types CloudFormation checks against the account's resources.
    pub fn of_type(kind: ParameterType, description: &str) -> Self {
        Parameter::new(kind, description)
    }

    pub fn default(mut self, value: impl Into<Expr>) -> Self {
        self.default = Some(value.into());
        self
    }

    pub fn allowed_values<T: Into<Expr>>(mut self, values: impl IntoIterator<Item = T>) -> Self {
        self.allowed_values = Some(values.into_iter().map(Into::into).collect());
        self
    }

    pub fn range(mut self, min: i64, max: i64) -> Self {
        self.min_value = Some(min);
        self.max_value = Some(max);
        self
    }

    pub fn length(mut self, min: u32, max: u32) -> Self {
        self.min_length = Some(min);
        self.max_length = Some(max);
        self
    }

    pub fn pattern(mut self, pattern: &str, description: &str) -> Self {
        self.allowed_pattern = Some(pattern.to_string());
        self.constraint_description = Some(description.to_string());
        self
    }
}
