//! The stack: owns logical IDs and every section of the template.

use serde::Serialize;
use serde_json::{Map, Value};

use super::handle::{ConditionHandle, Handle, ParameterHandle};
use super::to_value::{to_value, Fields};
use super::{Expr, Output, Parameter, Resource, ResourceType};

/// What CloudFormation does with a resource's physical resource when it leaves the stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RemovalPolicy {
    Delete,
    Retain,
    RetainExceptOnCreate,
    Snapshot,
}

/// Resource attributes beside `Properties`.
#[derive(Clone, Debug, Default)]
pub struct ResourceOptions {
    pub condition: Option<String>,
    pub depends_on: Vec<String>,
    pub deletion_policy: Option<RemovalPolicy>,
    pub update_replace_policy: Option<RemovalPolicy>,
}

#[derive(Debug)]
pub struct ResourceEntry {
    pub logical_id: String,
    pub resource: Box<dyn Resource>,
    pub options: ResourceOptions,
}

/// A CloudFormation stack under construction.
///
/// Logical IDs are explicit and stable: callers name every resource, parameter, condition and
/// output, and the stack refuses a name twice. Nothing is hashed from a construct path, so
/// moving code around never renames (and so replaces) a deployed resource.
#[derive(Debug)]
pub struct Stack {
    description: String,
    parameters: Vec<(String, Parameter)>,
    conditions: Vec<(String, Expr)>,
    resources: Vec<ResourceEntry>,
    outputs: Vec<(String, Output)>,
}

/// CloudFormation's rule for logical IDs: ASCII letters and digits, at most 255 characters.
pub fn is_valid_logical_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 255 && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Adds a condition or an output under a name of its own section: names follow the
/// logical-ID rule, and a section holds each once.
fn add_named<T>(section: &mut Vec<(String, T)>, kind: &str, id: &str, value: T) {
    assert!(
        is_valid_logical_id(id),
        "{kind} name {id:?} must be alphanumeric"
    );
    assert!(
        !section.iter().any(|(name, _)| name == id),
        "{kind} {id:?} is already defined"
    );
    section.push((id.to_string(), value));
}

impl Stack {
    pub fn new(description: impl Into<String>) -> Self {
        Stack {
            description: description.into(),
            parameters: Vec::new(),
            conditions: Vec::new(),
            resources: Vec::new(),
            outputs: Vec::new(),
        }
    }

    pub fn description(&self) -> &str {
        &self.description
    }

    /// Panics on an invalid or repeated ID: logical IDs come from blueprint code, never from
    /// user input, so a clash is a programming error to fix, not a condition to handle.
    fn claim(&self, id: &str) {
        assert!(
            is_valid_logical_id(id),
            "logical ID {id:?} must be alphanumeric"
        );
        let taken = self.parameters.iter().any(|(p, _)| p == id)
            || self.resources.iter().any(|r| r.logical_id == id);
        assert!(!taken, "logical ID {id:?} is already used in this stack");
    }

    pub fn add<T: ResourceType>(&mut self, id: &str, resource: T) -> Handle<T> {
        self.claim(id);
        self.resources.push(ResourceEntry {
            logical_id: id.to_string(),
            resource: Box::new(resource),
            options: ResourceOptions::default(),
        });
        Handle::new(id.to_string())
    }

    pub fn add_parameter(&mut self, id: &str, parameter: Parameter) -> ParameterHandle {
        self.claim(id);
        self.parameters.push((id.to_string(), parameter));
        ParameterHandle::new(id.to_string())
    }

    pub fn add_condition(&mut self, id: &str, expression: Expr) -> ConditionHandle {
        add_named(&mut self.conditions, "condition", id, expression);
        ConditionHandle::new(id.to_string())
    }

    pub fn add_output(&mut self, id: &str, output: Output) {
        add_named(&mut self.outputs, "output", id, output);
    }

    fn entry(&self, id: &str) -> &ResourceEntry {
        self.resources
            .iter()
            .find(|r| r.logical_id == id)
            .expect("handles are only issued for resources in this stack")
    }

    fn entry_mut(&mut self, id: &str) -> &mut ResourceEntry {
        self.resources
            .iter_mut()
            .find(|r| r.logical_id == id)
            .expect("handles are only issued for resources in this stack")
    }

    pub fn get<T: ResourceType>(&self, handle: &Handle<T>) -> &T {
        self.entry(handle.logical_id())
            .resource
            .downcast_ref::<T>()
            .expect("a handle's type is the type it was added with")
    }

    pub fn get_mut<T: ResourceType>(&mut self, handle: &Handle<T>) -> &mut T {
        self.entry_mut(handle.logical_id())
            .resource
            .downcast_mut::<T>()
            .expect("a handle's type is the type it was added with")
    }

    pub fn options_mut<T>(&mut self, handle: &Handle<T>) -> &mut ResourceOptions {
        &mut self.entry_mut(handle.logical_id()).options
    }

    /// What becomes of the resource's data when the stack deletes it and when an update
    /// replaces it: one answer for both (`DeletionPolicy` and `UpdateReplacePolicy`), since a
    /// replacement loses the old resource's data as surely as a deletion does.
    pub fn set_removal_policy<T>(&mut self, handle: &Handle<T>, policy: RemovalPolicy) {
        let options = self.options_mut(handle);
        options.deletion_policy = Some(policy);
        options.update_replace_policy = Some(policy);
    }

    /// Creates the resource only when `condition` holds at deploy time.
    pub fn set_condition<T>(&mut self, handle: &Handle<T>, condition: &ConditionHandle) {
        self.options_mut(handle).condition = Some(condition.name().to_string());
    }

    pub fn depends_on<T, U>(&mut self, handle: &Handle<T>, dependency: &Handle<U>) {
        let dependency = dependency.logical_id().to_string();
        let options = self.options_mut(handle);
        if !options.depends_on.contains(&dependency) {
            options.depends_on.push(dependency);
        }
    }

    /// Handles to every resource of type `T` in the stack, in the order they were added:
    /// for constructs that cover what others added (a dashboard showing every alarm).
    pub fn handles_of<T: ResourceType>(&self) -> Vec<Handle<T>> {
        self.resources
            .iter()
            .filter(|entry| entry.resource.resource_type() == T::TYPE)
            .map(|entry| Handle::new(entry.logical_id.clone()))
            .collect()
    }

    pub fn resources(&self) -> impl Iterator<Item = &ResourceEntry> {
        self.resources.iter()
    }

    pub fn resources_mut(&mut self) -> impl Iterator<Item = &mut ResourceEntry> {
        self.resources.iter_mut()
    }

    pub fn parameters(&self) -> impl Iterator<Item = (&str, &Parameter)> {
        self.parameters.iter().map(|(id, p)| (id.as_str(), p))
    }

    pub fn outputs(&self) -> impl Iterator<Item = (&str, &Output)> {
        self.outputs.iter().map(|(id, o)| (id.as_str(), o))
    }

    /// The template document. Sections and entries keep insertion order, so the same
    /// blueprint and options always produce the same bytes.
    pub fn to_document(&self) -> Value {
        let mut doc = Fields::with_capacity(6);
        doc.push("AWSTemplateFormatVersion", "2010-09-09".into());
        doc.push("Description", self.description.clone().into());
        push_section(&mut doc, "Parameters", &self.parameters);
        push_section(&mut doc, "Conditions", &self.conditions);
        if !self.resources.is_empty() {
            let mut resources = Map::with_capacity(self.resources.len());
            for entry in &self.resources {
                resources.insert(entry.logical_id.clone(), resource_json(entry));
            }
            doc.push("Resources", Value::Object(resources));
        }
        push_section(&mut doc, "Outputs", &self.outputs);
        doc.finish()
    }
}

fn push_section<T: Serialize>(doc: &mut Fields, name: &'static str, items: &[(String, T)]) {
    if items.is_empty() {
        return;
    }
    let mut section = Map::with_capacity(items.len());
    for (id, item) in items {
        section.insert(id.clone(), to_value(item));
    }
    doc.push(name, Value::Object(section));
}

fn resource_json(entry: &ResourceEntry) -> Value {
    let options = &entry.options;
    let mut resource = Fields::with_capacity(
        2 + usize::from(options.condition.is_some())
            + usize::from(!options.depends_on.is_empty())
            + usize::from(options.deletion_policy.is_some())
            + usize::from(options.update_replace_policy.is_some()),
    );
    resource.push("Type", entry.resource.resource_type().into());
    if let Some(condition) = &options.condition {
        resource.push("Condition", condition.clone().into());
    }
    if !options.depends_on.is_empty() {
        resource.push("DependsOn", options.depends_on.clone().into());
    }
    if let Some(policy) = options.deletion_policy {
        resource.push("DeletionPolicy", to_value(&policy));
    }
    if let Some(policy) = options.update_replace_policy {
        resource.push("UpdateReplacePolicy", to_value(&policy));
    }
    let properties = entry.resource.properties();
    if properties.as_object().is_some_and(|p| !p.is_empty()) {
        resource.push("Properties", properties);
    }
    resource.finish()
}
