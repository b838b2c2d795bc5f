//! L1: typed property structs, one file per AWS service, serialized exactly as CloudFormation
//! reads them. They hold no defaults and no logic; the L2 builders in `crate::constructs` do.

pub mod apigateway;
pub mod applicationautoscaling;
pub mod cloudwatch;
pub mod dynamodb;
pub mod ec2;
pub mod elasticache;
pub mod iam;
pub mod iam_conditions;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod s3;
pub mod secretsmanager;
pub mod sns;
pub mod sqs;
pub mod wafv2;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::cfn_struct;
use crate::template::Expr;

cfn_struct! {
    /// The standard `{Key, Value}` tag most resource types take.
    #[derive(PartialEq)]
    pub struct Tag {
        pub key: String,
        pub value: Expr,
    }
}

impl Tag {
    pub fn new(key: &str, value: impl Into<Expr>) -> Self {
        Tag {
            key: key.to_string(),
            value: value.into(),
        }
    }
}

/// A string-keyed map that keeps insertion order, for properties such as environment
/// variables whose keys are data rather than schema.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrderedMap(pub Vec<(String, Expr)>);

impl OrderedMap {
    pub fn insert(&mut self, key: &str, value: impl Into<Expr>) {
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key.to_string(), value)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for OrderedMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}
