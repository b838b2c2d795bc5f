//! L2 CloudWatch dashboard: widgets made from the same [`Metric`]s the alarms use, so a
//! widget can only show a metric the stack's resources emit.
//!
//! The body is JSON inside a `Fn::Sub`: dimension values are `${LogicalId}` (or
//! `${LogicalId.Attribute}`) variables and the region is `${AWS::Region}`, so the dashboard
//! names the deployed resources and CloudFormation's reference checks cover every widget.
//! Widgets are laid out two to a row in the order they are added, so the body is the same
//! bytes for the same stack.

use serde_json::{json, Map, Value};

use super::metric::Metric;
use crate::resources::cloudwatch::{Alarm, Dashboard, Statistic};
use crate::template::{Expr, Handle, Stack};

/// The dashboard grid is 24 units wide.
const GRID_WIDTH: u32 = 24;
const WIDGET_WIDTH: u32 = 12;
const WIDGET_HEIGHT: u32 = 6;

/// A horizontal line on a graph: a limit the metric is read against.
#[derive(Clone, Debug)]
pub struct Annotation {
    pub label: String,
    pub value: f64,
}

#[derive(Clone, Debug, Default)]
pub struct DashboardBuilder {
    widgets: Vec<Value>,
    x: u32,
    y: u32,
    /// Height of the tallest widget in the current row.
    row_height: u32,
}

/// A dimension value as `Fn::Sub` text: references become `${..}` variables.
fn sub_text(value: &Expr) -> String {
    match value {
        Expr::Str(text) => {
            debug_assert!(!text.contains("${"), "a literal inside Fn::Sub: {text}");
            text.clone()
        }
        Expr::Ref(id) => format!("${{{id}}}"),
        Expr::GetAtt(id, attribute) => format!("${{{id}.{attribute}}}"),
        Expr::Sub(text) => text.clone(),
        other => panic!("a dashboard dimension must be a literal, Ref, GetAtt or Sub: {other:?}"),
    }
}

fn statistic(statistic: Statistic) -> &'static str {
    match statistic {
        Statistic::Average => "Average",
        Statistic::Maximum => "Maximum",
        Statistic::Minimum => "Minimum",
        Statistic::SampleCount => "SampleCount",
        Statistic::Sum => "Sum",
    }
}

/// Whole numbers without a fraction: `60000`, not `60000.0`.
fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

/// One line of a graph: `[namespace, name, dimension, value, ..., {stat, period, label}]`.
fn metric_line(metric: &Metric, label: &str) -> Value {
    let mut line = vec![json!(metric.namespace), json!(metric.name)];
    for dimension in &metric.dimensions {
        line.push(json!(dimension.name));
        line.push(json!(sub_text(&dimension.value)));
    }
    line.push(json!({
        "stat": statistic(metric.statistic),
        "period": metric.period_seconds,
        "label": label,
    }));
    Value::Array(line)
}

impl DashboardBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    fn place(&mut self, width: u32, height: u32, widget: Map<String, Value>) {
        if self.x + width > GRID_WIDTH {
            self.x = 0;
            self.y += self.row_height;
            self.row_height = 0;
        }
        let mut placed = Map::new();
        placed.insert("type".into(), widget["type"].clone());
        placed.insert("x".into(), json!(self.x));
        placed.insert("y".into(), json!(self.y));
        placed.insert("width".into(), json!(width));
        placed.insert("height".into(), json!(height));
        placed.insert("properties".into(), widget["properties"].clone());
        self.widgets.push(Value::Object(placed));
        self.x += width;
        self.row_height = self.row_height.max(height);
    }

    /// A full-width line of Markdown: a section heading.
    pub fn heading(mut self, markdown: &str) -> Self {
        let widget = json!({"type": "text", "properties": {"markdown": markdown}});
        self.place(
            GRID_WIDTH,
            1,
            widget.as_object().expect("an object").clone(),
        );
        self
    }

    /// A time-series graph of `metrics` (each with its label), with limits drawn across it.
    pub fn graph(
        mut self,
        title: &str,
        metrics: &[(Metric, &str)],
        annotations: &[Annotation],
    ) -> Self {
        let lines: Vec<Value> = metrics
            .iter()
            .map(|(m, label)| metric_line(m, label))
            .collect();
        let mut properties = json!({
            "title": title,
            "view": "timeSeries",
            "region": "${AWS::Region}",
            "metrics": lines,
        });
        if !annotations.is_empty() {
            properties["annotations"] = json!({
                "horizontal": annotations.iter().map(|a| json!({"label": a.label, "value": number(a.value)})).collect::<Vec<_>>(),
            });
        }
        let widget = json!({"type": "metric", "properties": properties});
        self.place(
            WIDGET_WIDTH,
            WIDGET_HEIGHT,
            widget.as_object().expect("an object").clone(),
        );
        self
    }

    /// The state of every alarm given, at a glance.
    pub fn alarm_status(mut self, title: &str, alarms: &[Handle<Alarm>]) -> Self {
        if alarms.is_empty() {
            return self;
        }
        let arns: Vec<String> = alarms
            .iter()
            .map(|alarm| format!("${{{}.Arn}}", alarm.logical_id()))
            .collect();
        let widget = json!({"type": "alarm", "properties": {"title": title, "alarms": arns}});
        self.place(
            GRID_WIDTH,
            WIDGET_HEIGHT,
            widget.as_object().expect("an object").clone(),
        );
        self
    }

    /// Adds the dashboard to `stack` as `id`, named `name`.
    pub fn build(self, stack: &mut Stack, id: &str, name: &str) -> Handle<Dashboard> {
        let body = serde_json::to_string(&json!({"widgets": self.widgets}))
            .expect("a dashboard body serializes");
        stack.add(
            id,
            Dashboard {
                dashboard_name: Some(Expr::str(name)),
                dashboard_body: Expr::Sub(body),
            },
        )
    }
}
