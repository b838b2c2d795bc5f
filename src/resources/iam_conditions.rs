//! Principals and conditions of IAM policy statements, built by name instead of nested
//! `Expr::Map` literals, so a statement reads like the policy it becomes.

use crate::template::Expr;

/// `{"Service": service}`: an AWS service, e.g. `lambda.amazonaws.com`.
pub fn service_principal(service: impl Into<Expr>) -> Expr {
    Expr::Map(vec![("Service".into(), service.into())])
}

/// `{"AWS": "arn:…:iam::<account>:root"}`: the stack's account, whose own IAM policies then
/// decide which of its principals may act.
pub fn account_principal() -> Expr {
    Expr::Map(vec![(
        "AWS".into(),
        Expr::sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root"),
    )])
}

/// A statement's `Condition`: operators in the order first added, each with its keys in the
/// order added.
#[derive(Clone, Debug, Default)]
pub struct Condition(Vec<(String, Vec<(String, Expr)>)>);

impl Condition {
    pub fn new() -> Self {
        Condition::default()
    }

    /// `operator: {key: value}`, joining the operator's other keys if it was added before.
    pub fn with(mut self, operator: &str, key: impl Into<String>, value: impl Into<Expr>) -> Self {
        let entry = (key.into(), value.into());
        match self.0.iter_mut().find(|(op, _)| op == operator) {
            Some((_, keys)) => keys.push(entry),
            None => self.0.push((operator.to_string(), vec![entry])),
        }
        self
    }
}

impl From<Condition> for Expr {
    fn from(condition: Condition) -> Expr {
        Expr::Map(
            condition
                .0
                .into_iter()
                .map(|(operator, keys)| (operator, Expr::Map(keys)))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_one_operator_share_its_block_in_order() {
        let condition: Expr = Condition::new()
            .with("ForAllValues:StringLike", "dynamodb:LeadingKeys", "a/*")
            .with("Null", "dynamodb:LeadingKeys", "false")
            .with("Null", "aws:PrincipalTag/ns", "false")
            .into();
        assert_eq!(
            serde_json::to_value(&condition).unwrap(),
            serde_json::json!({
                "ForAllValues:StringLike": {"dynamodb:LeadingKeys": "a/*"},
                "Null": {"dynamodb:LeadingKeys": "false", "aws:PrincipalTag/ns": "false"}
            })
        );
    }
}
