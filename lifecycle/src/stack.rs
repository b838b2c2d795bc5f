//! What CloudFormation says about a stack: whether it exists, its status, template, outputs
//! and resources.

use aws_sdk_cloudformation::error::ProvideErrorMetadata;
use aws_sdk_cloudformation::types::TemplateStage;
use serde_json::Value;

use crate::clients::Clients;
use crate::failure::{self, Failure};

/// A stack as DescribeStacks shows it.
#[derive(Clone, Debug)]
pub struct Deployed {
    pub id: String,
    pub status: String,
    pub reason: Option<String>,
    /// (key, value, description)
    pub outputs: Vec<(String, String, Option<String>)>,
}

/// The stack `name_or_id`, or `None` when CloudFormation has no such stack.
pub async fn describe(clients: &Clients, name_or_id: &str) -> Result<Option<Deployed>, Failure> {
    let result = clients
        .cloudformation
        .describe_stacks()
        .stack_name(name_or_id)
        .send()
        .await;
    let output = match result {
        Ok(output) => output,
        Err(error)
            if error.code() == Some("ValidationError")
                && error
                    .message()
                    .is_some_and(|m| m.contains("does not exist")) =>
        {
            return Ok(None)
        }
        Err(error) => {
            return Err(failure::aws(
                &format!("DescribeStacks {name_or_id}"),
                &clients.location,
                &error,
            ))
        }
    };
    let Some(stack) = output.stacks().first() else {
        return Ok(None);
    };
    let status = stack
        .stack_status()
        .map(|s| s.as_str().to_string())
        .unwrap_or_default();
    if status == "DELETE_COMPLETE" {
        return Ok(None);
    }
    let mut outputs: Vec<_> = stack
        .outputs()
        .iter()
        .map(|o| {
            (
                o.output_key().unwrap_or_default().to_string(),
                o.output_value().unwrap_or_default().to_string(),
                o.description().map(str::to_string),
            )
        })
        .collect();
    outputs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Some(Deployed {
        id: stack.stack_id().unwrap_or(name_or_id).to_string(),
        status,
        reason: stack.stack_status_reason().map(str::to_string),
        outputs,
    }))
}

/// The template the stack was last deployed with, as a document.
pub async fn template(clients: &Clients, stack: &str) -> Result<Value, Failure> {
    let output = clients
        .cloudformation
        .get_template()
        .stack_name(stack)
        .template_stage(TemplateStage::Original)
        .send()
        .await
        .map_err(|e| failure::aws(&format!("GetTemplate {stack}"), &clients.location, &e))?;
    let body = output.template_body().unwrap_or_default();
    zael::check::input::parse_template(body).map_err(|e| {
        Failure::failed(format!(
            "the deployed template of {stack} cannot be read: {e}"
        ))
    })
}

/// Each resource's physical ID, by logical ID.
pub async fn physical_ids(
    clients: &Clients,
    stack: &str,
) -> Result<Vec<(String, String)>, Failure> {
    let output = clients
        .cloudformation
        .describe_stack_resources()
        .stack_name(stack)
        .send()
        .await
        .map_err(|e| {
            failure::aws(
                &format!("DescribeStackResources {stack}"),
                &clients.location,
                &e,
            )
        })?;
    Ok(output
        .stack_resources()
        .iter()
        .map(|r| {
            (
                r.logical_resource_id().unwrap_or_default().to_string(),
                r.physical_resource_id().unwrap_or_default().to_string(),
            )
        })
        .collect())
}

/// The outputs, one `Key = Value` line each.
pub fn outputs_text(stack: &Deployed) -> String {
    if stack.outputs.is_empty() {
        return String::new();
    }
    let width = stack.outputs.iter().map(|o| o.0.len()).max().unwrap_or(0);
    let mut text = String::from("Outputs\n");
    for (key, value, _) in &stack.outputs {
        text.push_str(&format!("  {key:width$} = {value}\n"));
    }
    text
}
