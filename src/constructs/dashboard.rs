//! L2 CloudWatch dashboard: widgets made from the same [`Metric`]s the alarms use, so a
//! widget can only show a metric the stack's resources emit.
//!
//! The body is JSON inside a `Fn::Sub`: dimension values are `${LogicalId}` (or
//! `${LogicalId.Attribute}`) variables and the region is `${AWS::Region}`, so the dashboard
//! names the deployed resources and CloudFormation's reference checks cover every widget.
//! Widgets are laid out two to a row in the order they are added, so the body is the same
//! bytes for the same stack.

use super::metric::Metric;
use crate::resources::cloudwatch::{Alarm, Dashboard, Statistic};
use crate::template::json_text::{push_escaped, push_integer, push_key, push_string};
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

/// The body is written as JSON text widget by widget, the bytes `serde_json::to_string` gave
/// for the same widgets as `Value`s: building, cloning and serializing those trees was half of
/// building the limiter's stack.
#[derive(Clone, Debug, Default)]
pub struct DashboardBuilder {
    /// The widgets so far, comma-separated, without the enclosing `{"widgets":[`...`]}`.
    widgets: String,
    x: u32,
    y: u32,
    /// Height of the tallest widget in the current row.
    row_height: u32,
}

/// A dimension value as `Fn::Sub` text, a JSON string: references become `${..}` variables.
fn push_sub_text(out: &mut String, value: &Expr) {
    out.push('"');
    match value {
        Expr::Str(text) => {
            debug_assert!(!text.contains("${"), "a literal inside Fn::Sub: {text}");
            push_escaped(out, text);
        }
        Expr::Ref(id) => {
            out.push_str("${");
            push_escaped(out, id);
            out.push('}');
        }
        Expr::GetAtt(id, attribute) => {
            out.push_str("${");
            push_escaped(out, id);
            out.push('.');
            push_escaped(out, attribute);
            out.push('}');
        }
        Expr::Sub(text) => push_escaped(out, text),
        other => panic!("a dashboard dimension must be a literal, Ref, GetAtt or Sub: {other:?}"),
    }
    out.push('"');
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
fn push_number(out: &mut String, value: f64) {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        push_integer(out, value as i64);
    } else {
        out.push_str(&serde_json::to_string(&value).expect("numbers serialize"));
    }
}

/// One line of a graph: `[namespace, name, dimension, value, ..., {stat, period, label}]`.
fn push_metric_line(out: &mut String, metric: &Metric, label: &str) {
    out.push('[');
    push_string(out, metric.namespace);
    out.push(',');
    push_string(out, metric.name);
    for dimension in &metric.dimensions {
        out.push(',');
        push_string(out, &dimension.name);
        out.push(',');
        push_sub_text(out, &dimension.value);
    }
    out.push_str(",{");
    push_key(out, "stat");
    push_string(out, statistic(metric.statistic));
    out.push(',');
    push_key(out, "period");
    push_integer(out, metric.period_seconds);
    out.push(',');
    push_key(out, "label");
    push_string(out, label);
    out.push_str("}]");
}

impl DashboardBuilder {
    pub fn new() -> Self {
        // The limiter's body is about 6 KB: grown once or twice, not a dozen times.
        DashboardBuilder {
            widgets: String::with_capacity(4096),
            ..Self::default()
        }
    }

    /// Starts a widget of `kind` at the next place on the grid, up to its `"properties":`;
    /// the caller writes the properties object and closes the widget with `}`.
    fn place(&mut self, kind: &str, width: u32, height: u32) -> &mut String {
        if self.x + width > GRID_WIDTH {
            self.x = 0;
            self.y += self.row_height;
            self.row_height = 0;
        }
        let out = &mut self.widgets;
        if !out.is_empty() {
            out.push(',');
        }
        out.push('{');
        push_key(out, "type");
        push_string(out, kind);
        for (key, value) in [
            ("x", self.x),
            ("y", self.y),
            ("width", width),
            ("height", height),
        ] {
            out.push(',');
            push_key(out, key);
            push_integer(out, value);
        }
        out.push(',');
        push_key(out, "properties");
        self.x += width;
        self.row_height = self.row_height.max(height);
        &mut self.widgets
    }

    /// A full-width line of Markdown: a section heading.
    pub fn heading(mut self, markdown: &str) -> Self {
        let out = self.place("text", GRID_WIDTH, 1);
        out.push('{');
        push_key(out, "markdown");
        push_string(out, markdown);
        out.push_str("}}");
        self
    }

    /// A time-series graph of `metrics` (each with its label), with limits drawn across it.
    pub fn graph(
        mut self,
        title: &str,
        metrics: &[(Metric, impl AsRef<str>)],
        annotations: &[Annotation],
    ) -> Self {
        let out = self.place("metric", WIDGET_WIDTH, WIDGET_HEIGHT);
        out.push('{');
        push_key(out, "title");
        push_string(out, title);
        out.push_str(r#","view":"timeSeries","region":"${AWS::Region}","metrics":["#);
        for (i, (metric, label)) in metrics.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_metric_line(out, metric, label.as_ref());
        }
        out.push(']');
        if !annotations.is_empty() {
            out.push_str(r#","annotations":{"horizontal":["#);
            for (i, annotation) in annotations.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('{');
                push_key(out, "label");
                push_string(out, &annotation.label);
                out.push(',');
                push_key(out, "value");
                push_number(out, annotation.value);
                out.push('}');
            }
            out.push_str("]}");
        }
        out.push_str("}}");
        self
    }

    /// The state of every alarm given, at a glance.
    pub fn alarm_status(mut self, title: &str, alarms: &[Handle<Alarm>]) -> Self {
        if alarms.is_empty() {
            return self;
        }
        let out = self.place("alarm", GRID_WIDTH, WIDGET_HEIGHT);
        out.push('{');
        push_key(out, "title");
        push_string(out, title);
        out.push(',');
        push_key(out, "alarms");
        out.push('[');
        for (i, alarm) in alarms.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("\"${");
            push_escaped(out, alarm.logical_id());
            out.push_str(".Arn}\"");
        }
        out.push_str("]}}");
        self
    }

    /// Adds the dashboard to `stack` as `id`, named `name`.
    pub fn build(self, stack: &mut Stack, id: &str, name: &str) -> Handle<Dashboard> {
        let mut body = String::with_capacity(self.widgets.len() + 16);
        body.push_str(r#"{"widgets":["#);
        body.push_str(&self.widgets);
        body.push_str("]}");
        stack.add(
            id,
            Dashboard {
                dashboard_name: Some(Expr::str(name)),
                dashboard_body: Expr::Sub(body),
            },
        )
    }
}
