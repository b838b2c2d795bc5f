//! Human-readable report; ANSI colours only when asked (stdout is a terminal).

use crate::check::Report;
use crate::validate::Severity;

/// A template's names and values as they may be printed on a terminal: control characters
/// (escape sequences, line breaks that would forge report lines) are shown escaped.
fn visible(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

pub fn render(report: &Report, colour: bool) -> String {
    let paint = |code: &str, text: &str| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let mut out = format!("zael check: {}\n", visible(&report.subject));
    for item in &report.items {
        let label = match item.severity {
            Severity::Error => paint("1;31", "error"),
            Severity::Warning => paint("1;33", "warning"),
        };
        out.push_str(&format!(
            "{label} {} {}\n",
            paint("1", &visible(&item.rule)),
            visible(&item.path)
        ));
        out.push_str(&format!(
            "  {}\n  hint: {}\n",
            visible(&item.message),
            visible(&item.hint)
        ));
        if let Some(source) = &item.source {
            out.push_str(&format!("  from: {}\n", visible(source)));
        }
        if item.origin != "layer 1" {
            out.push_str(&format!("  rule: {}\n", visible(&item.origin)));
        }
    }
    for (skip, hit) in &report.suppressed {
        out.push_str(&format!(
            "{} {} ({} finding(s)): {}\n",
            paint("36", "suppressed"),
            visible(&skip.rule),
            hit.len(),
            visible(&skip.reason)
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
