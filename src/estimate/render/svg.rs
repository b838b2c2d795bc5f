//! The cost chart: monthly cost against requests per day, both axes logarithmic, one line
//! per billing mode, the break-even and the switch point marked. Coordinates are written
//! with one decimal, so the same estimate always gives the same bytes.

use std::fmt::Write;

use super::{usd, volume};
use crate::estimate::{Estimate, SWITCH_BUFFER_PCT};

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 440.0;
const LEFT: f64 = 90.0;
const RIGHT: f64 = 720.0;
const TOP: f64 = 60.0;
const BOTTOM: f64 = 370.0;
const ON_DEMAND_COLOUR: &str = "#c0392b";
const PROVISIONED_COLOUR: &str = "#2471a3";

struct Axes {
    x: (f64, f64),
    y: (f64, f64),
}

impl Axes {
    fn x(&self, requests_per_day: f64) -> f64 {
        let t = (requests_per_day.log10() - self.x.0) / (self.x.1 - self.x.0);
        LEFT + t * (RIGHT - LEFT)
    }

    fn y(&self, usd: f64) -> f64 {
        let t = (usd.max(10f64.powf(self.y.0)).log10() - self.y.0) / (self.y.1 - self.y.0);
        BOTTOM - t * (BOTTOM - TOP)
    }
}

fn short_volume(decade: i32) -> String {
    match decade {
        3 => "1K".into(),
        4 => "10K".into(),
        5 => "100K".into(),
        6 => "1M".into(),
        7 => "10M".into(),
        8 => "100M".into(),
        9 => "1B".into(),
        d => format!("1e{d}"),
    }
}

fn short_usd(decade: i32) -> String {
    if decade < 0 {
        format!("${}", 10f64.powi(decade))
    } else {
        format!("${}", super::super::cost::count(10f64.powi(decade)))
    }
}

pub fn svg(estimate: &Estimate, stack_name: &str) -> String {
    let points = &estimate.chart;
    let first = points.first().map_or(1e3, |p| p.requests_per_day);
    let last = points.last().map_or(1e9, |p| p.requests_per_day);
    let costs = points
        .iter()
        .flat_map(|p| std::iter::once(p.on_demand_usd).chain(p.provisioned_usd))
        .filter(|c| *c > 0.0);
    let (low, high) = costs.fold((f64::MAX, f64::MIN), |(l, h), c| (l.min(c), h.max(c)));
    let (low, high) = if low > high { (1.0, 10.0) } else { (low, high) };
    let axes = Axes {
        x: (first.log10().round(), last.log10().round()),
        y: (
            low.log10().floor(),
            high.log10().ceil().max(low.log10().floor() + 1.0),
        ),
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        out,
        r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#
    );
    let _ = writeln!(
        out,
        r#"<text x="{LEFT}" y="24" font-size="15" font-weight="bold">zael estimate: {} {stack_name}, monthly cost by request volume</text>"#,
        estimate.blueprint
    );
    let _ = writeln!(
        out,
        r##"<text x="{LEFT}" y="42" fill="#555">{} prices of {}; {} limits per request, {}% cascade, {}% stored limits</text>"##,
        estimate.prices.region,
        estimate.prices.as_of,
        estimate.workload.limits_per_request,
        estimate.workload.cascade_pct,
        estimate.workload.stored_limits_pct
    );
    for decade in axes.x.0 as i32..=axes.x.1 as i32 {
        let x = axes.x(10f64.powi(decade));
        let _ = writeln!(
            out,
            r##"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{BOTTOM}" stroke="#ddd"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            BOTTOM + 18.0,
            short_volume(decade)
        );
    }
    for decade in axes.y.0 as i32..=axes.y.1 as i32 {
        let y = axes.y(10f64.powi(decade));
        let _ = writeln!(
            out,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{RIGHT}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            LEFT - 8.0,
            y + 4.0,
            short_usd(decade)
        );
    }
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">requests per day</text>"#,
        (LEFT + RIGHT) / 2.0,
        BOTTOM + 40.0
    );
    let _ = writeln!(
        out,
        r#"<text x="20" y="{:.1}" transform="rotate(-90 20 {:.1})" text-anchor="middle">US dollars per month</text>"#,
        (TOP + BOTTOM) / 2.0,
        (TOP + BOTTOM) / 2.0
    );
    let mut marker = |value: Option<f64>, label: String, dash: &str, y: f64| {
        let Some(v) = value.filter(|v| *v >= first && *v <= last) else {
            return;
        };
        let x = axes.x(v);
        let _ = writeln!(
            out,
            r##"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{BOTTOM}" stroke="#333" stroke-dasharray="{dash}"/><text x="{:.1}" y="{y:.1}">{label}</text>"##,
            x + 4.0
        );
    };
    marker(
        estimate.break_even_requests_per_day,
        format!(
            "break-even {}/day",
            volume(estimate.break_even_requests_per_day.unwrap_or(0.0))
        ),
        "6 4",
        TOP + 14.0,
    );
    marker(
        estimate.switch_requests_per_day,
        format!(
            "+{SWITCH_BUFFER_PCT}%: switch at {}/day",
            volume(estimate.switch_requests_per_day.unwrap_or(0.0))
        ),
        "2 3",
        TOP + 30.0,
    );
    let series = |pick: &dyn Fn(&crate::estimate::ChartPoint) -> Option<f64>| {
        points
            .iter()
            .filter_map(|p| {
                pick(p).map(|c| format!("{:.1},{:.1}", axes.x(p.requests_per_day), axes.y(c)))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let on_demand_label = if estimate.provisioned.is_some() {
        "on-demand"
    } else {
        "monthly total"
    };
    let _ = writeln!(
        out,
        r#"<polyline fill="none" stroke="{ON_DEMAND_COLOUR}" stroke-width="2.5" points="{}"/>"#,
        series(&|p| Some(p.on_demand_usd))
    );
    let mut legend = vec![(ON_DEMAND_COLOUR, on_demand_label)];
    if estimate.provisioned.is_some() {
        let _ = writeln!(
            out,
            r#"<polyline fill="none" stroke="{PROVISIONED_COLOUR}" stroke-width="2.5" points="{}"/>"#,
            series(&|p| p.provisioned_usd)
        );
        legend.push((PROVISIONED_COLOUR, "provisioned with auto scaling"));
    }
    for (i, (colour, label)) in legend.iter().enumerate() {
        let y = BOTTOM - 60.0 + 18.0 * i as f64;
        let _ = writeln!(
            out,
            r#"<line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{colour}" stroke-width="2.5"/><text x="{:.1}" y="{:.1}">{label}</text>"#,
            RIGHT - 230.0,
            RIGHT - 205.0,
            RIGHT - 198.0,
            y + 4.0
        );
    }
    let _ = writeln!(
        out,
        r##"<text x="{LEFT}" y="{:.1}" fill="#555">At {} requests/day: {} on demand{}</text>"##,
        HEIGHT - 12.0,
        volume(estimate.workload.requests_per_hour * 24.0),
        usd(estimate.on_demand.total()),
        estimate
            .provisioned
            .as_ref()
            .map(|b| format!(", {} provisioned", usd(b.total())))
            .unwrap_or_default()
    );
    out.push_str("</svg>\n");
    out
}
