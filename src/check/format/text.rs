//! Human-readable report; ANSI colours only when asked (stdout is a terminal).

use crate::check::Report;
use crate::validate::Severity;

pub fn render(report: &Report, colour: bool) -> String {
    let paint = |code: &str, text: &str| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let mut out = format!("zael check: {}\n", report.subject);
    for item in &report.items {
        let label = match item.severity {
            Severity::Error => paint("1;31", "error"),
            Severity::Warning => paint("1;33", "warning"),
        };
        out.push_str(&format!(
            "{label} {} {}\n",
            paint("1", &item.rule),
            item.path
        ));
        out.push_str(&format!("  {}\n  hint: {}\n", item.message, item.hint));
        if let Some(source) = &item.source {
            out.push_str(&format!("  from: {source}\n"));
        }
    }
    for (skip, hit) in &report.suppressed {
        out.push_str(&format!(
            "{} {} ({} finding(s)): {}\n",
            paint("36", "suppressed"),
            skip.rule,
            hit.len(),
            skip.reason
        ));
    }
    let errors = report.errors();
    let warnings = report.items.len() - errors;
    let summary = format!(
        "{errors} error(s), {warnings} warning(s), {} suppression(s); {} rules run",
        report.suppressed.len(),
        report.rules.len()
    );
    out.push_str(&if errors > 0 {
        paint("31", &summary)
    } else {
        paint("32", &summary)
    });
    out.push('\n');
    out
}
