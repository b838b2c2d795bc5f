//! Stack outputs and their cross-stack exports.

use super::Expr;
use crate::cfn_struct;

cfn_struct! {
    pub struct Output {
        pub description: String,
        pub value: Expr,
        pub export: Option<Export>,
        pub condition: Option<String>,
    }

    pub struct Export {
        pub name: Expr,
    }
}

impl Output {
    pub fn new(description: &str, value: Expr) -> Self {
        Output {
            description: description.to_string(),
            value,
            export: None,
            condition: None,
        }
    }

    /// Exports the value as `${AWS::StackName}-{suffix}`, the convention that keeps export
    /// names unique per region and lets dependent stacks import by stack name.
    pub fn exported_as(mut self, suffix: &str) -> Self {
        self.export = Some(Export {
            name: Expr::sub(format!("${{AWS::StackName}}-{suffix}")),
        });
        self
    }
}
