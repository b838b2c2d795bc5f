//! What operators and clients need after deploy: the URL, the API key IDs (seed 003: "note
//! the API key IDs from the stack outputs"), and the names of what to watch.

use super::gateway::{Gateway, STAGE_NAME};
use super::usage_plan::PlanSpec;
use crate::constructs::{AlarmTarget, LambdaFunction, TableConstruct};
use crate::resources::apigateway::ApiKey;
use crate::resources::wafv2::WebAcl;
use crate::template::{Expr, Handle, Output, Stack};

pub struct Outputs<'a> {
    pub gateway: &'a Gateway,
    pub keys: &'a [Handle<ApiKey>],
    pub plans: &'a [PlanSpec],
    pub handler: &'a LambdaFunction,
    pub table: &'a TableConstruct,
    pub web_acl: &'a Handle<WebAcl>,
    pub alarms: &'a AlarmTarget,
}

pub fn add_outputs(stack: &mut Stack, outputs: Outputs<'_>) {
    stack.add_output(
        "ApiUrl",
        Output::new(
            "POST JSON here with the x-api-key header",
            Expr::sub(format!(
                "https://${{{}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{STAGE_NAME}/",
                outputs.gateway.api.logical_id()
            )),
        ),
    );
    for (plan, key) in outputs.plans.iter().zip(outputs.keys) {
        stack.add_output(
            &format!("{}ApiKeyId", plan.name),
            Output::new(
                &format!(
                    "ID of the {} plan's API key; its value: aws apigateway get-api-key --api-key <id> --include-value --query value --output text",
                    plan.name
                ),
                key.id(),
            ),
        );
    }
    stack.add_output(
        "TableName",
        Output::new(
            "Table the handler writes items to",
            outputs.table.handle.name(),
        )
        .exported_as("TableName"),
    );
    stack.add_output(
        "HandlerFunctionName",
        Output::new("The handler function", outputs.handler.function.name()),
    );
    stack.add_output(
        "WebAclArn",
        Output::new("The web ACL in front of the stage", outputs.web_acl.arn()),
    );
    stack.add_output(
        "AlarmTopicArn",
        Output::new("Topic the alarms notify", outputs.alarms.topic_arn.clone()),
    );
}
