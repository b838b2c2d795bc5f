//! How a stack set's template goes to StackSets: in the request (TemplateBody) up to
//! CloudFormation's 51,200 bytes, past that uploaded to an artifact bucket under a
//! content-addressed key and passed as TemplateURL (at most 1 MB, which layer 1 enforces).

use zael::fleet::{StackSet, Target};

use crate::args::AwsArgs;
use crate::clients::Clients;
use crate::failure::Failure;
use crate::upload::{upload_object, Uploaded};

/// CloudFormation's limit for a template passed in the request (TemplateBody).
pub const DIRECT_UPLOAD_BYTES: usize = 51_200;

/// The template as CreateStackSet and UpdateStackSet take it.
pub enum Template {
    Body(String),
    Url(String),
}

impl Template {
    pub fn body(&self) -> Option<String> {
        match self {
            Template::Body(body) => Some(body.clone()),
            Template::Url(_) => None,
        }
    }

    pub fn url(&self) -> Option<String> {
        match self {
            Template::Url(url) => Some(url.clone()),
            Template::Body(_) => None,
        }
    }
}

/// The content-addressed key of a template: the same body, the same object.
pub fn key(body: &str) -> String {
    format!(
        "zael/template-{}.yaml",
        zael::assets::sha256_hex(body.as_bytes())
    )
}

/// The bucket of the template: the stack set's artifact bucket in the administration region
/// (where StackSets reads it), else the first target's (a TemplateURL names its region).
fn bucket(set: &StackSet, admin_region: &str) -> Option<(String, String)> {
    let artifacts = set.options.artifacts();
    let of = |t: &Target| {
        artifacts
            .iter()
            .find_map(|a| t.parameters.get(a.bucket_parameter))
            .map(|bucket| (t.region.clone(), bucket.clone()))
    };
    set.targets
        .iter()
        .filter(|t| t.region == admin_region)
        .find_map(of)
        .or_else(|| set.targets.iter().find_map(of))
}

/// The template of `set`, uploaded first when the request cannot carry it.
pub async fn source(set: &StackSet, aws: &AwsArgs) -> Result<Template, Failure> {
    let body = zael::template::to_yaml(&set.document);
    if body.len() <= DIRECT_UPLOAD_BYTES {
        return Ok(Template::Body(body));
    }
    let admin = Clients::new(aws).await?;
    let Some((region, bucket)) = bucket(set, &admin.region) else {
        return Err(Failure::usage(format!(
            "stack set {}'s template is {} bytes, over the {DIRECT_UPLOAD_BYTES} StackSets takes in the request, and the {} blueprint has no artifact bucket to upload it to; make the template smaller (fewer or shorter tags)",
            set.name,
            body.len(),
            set.blueprint.name()
        )));
    };
    let clients = if region == admin.region {
        admin
    } else {
        Clients::new(&AwsArgs {
            region: Some(region.clone()),
            ..aws.clone()
        })
        .await?
    };
    let key = key(&body);
    let done = match upload_object(&clients, &bucket, &key, body.as_bytes(), "text/yaml").await? {
        Uploaded::Sent => "uploaded to",
        Uploaded::AlreadyThere => "already at",
    };
    println!(
        "{} template: {} bytes, over the {DIRECT_UPLOAD_BYTES} of a request: {done} s3://{bucket}/{key} ({region}), passed as TemplateURL",
        set.name,
        body.len()
    );
    Ok(Template::Url(format!(
        "https://{bucket}.s3.{region}.amazonaws.com/{key}"
    )))
}
