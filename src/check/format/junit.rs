//! JUnit XML: one test case per rule run; a rule with findings fails (errors) or passes with
//! its warnings in system-out; a suppressed rule is a skipped test case carrying the reason.

use crate::check::Report;
use crate::validate::Severity;

/// Text as XML 1.0 character data or attribute value. XML 1.0 cannot carry most control
/// characters even as references, so those (from a template's names and values) are shown
/// as `\u{1b}`; tab and line breaks are kept as character references.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push_str(&format!("&#{};", c as u32)),
            '\u{FFFE}' | '\u{FFFF}' => out.push_str(&c.escape_unicode().to_string()),
            c if c.is_control() && (c as u32) < 0x20 => {
                out.push_str(&c.escape_unicode().to_string())
            }
            c => out.push(c),
        }
    }
    out
}

/// One `<testsuites>` with one `<testsuite>` per report (per template file).
pub fn render(reports: &[Report]) -> String {
    let (mut suites, mut tests, mut failures, mut skipped) = (String::new(), 0, 0, 0);
    for report in reports {
        let (suite, f, s) = suite(report);
        suites.push_str(&suite);
        tests += report.rules.len();
        failures += f;
        skipped += s;
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"zael check\" tests=\"{tests}\" failures=\"{failures}\" skipped=\"{skipped}\">\n{suites}</testsuites>\n"
    )
}

/// One report's test suite, its failures and its skipped cases.
fn suite(report: &Report) -> (String, usize, usize) {
    let mut cases = String::new();
    let (mut failures, mut skipped) = (0, 0);
    for rule in &report.rules {
        let name = format!("{} {}", rule.id, rule.title);
        let class = escape(&rule.origin);
        let suppression = report
            .suppressed
            .iter()
            .find(|(_, hit)| hit.iter().any(|i| i.rule == rule.id));
        let items: Vec<_> = report.items.iter().filter(|i| i.rule == rule.id).collect();
        cases.push_str(&format!(
            "    <testcase classname=\"{class}\" name=\"{}\">\n",
            escape(&name)
        ));
        if let Some((skip, _)) = suppression {
            skipped += 1;
            cases.push_str(&format!(
                "      <skipped message=\"suppressed: {}\"/>\n",
                escape(&skip.reason)
            ));
        }
        let errors: Vec<_> = items
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .collect();
        if !errors.is_empty() {
            failures += 1;
            let body: Vec<String> = errors
                .iter()
                .map(|i| format!("{}: {} (hint: {})", i.path, i.message, i.hint))
                .collect();
            cases.push_str(&format!(
                "      <failure message=\"{}\">{}</failure>\n",
                escape(&errors[0].message),
                escape(&body.join("\n"))
            ));
        }
        let warnings: Vec<String> = items
            .iter()
            .filter(|i| i.severity == Severity::Warning)
            .map(|i| format!("warning {}: {}", i.path, i.message))
            .collect();
        if !warnings.is_empty() {
            cases.push_str(&format!(
                "      <system-out>{}</system-out>\n",
                escape(&warnings.join("\n"))
            ));
        }
        cases.push_str("    </testcase>\n");
    }
    let suite = format!(
        "  <testsuite name=\"{subject}\" tests=\"{n}\" failures=\"{failures}\" skipped=\"{skipped}\" errors=\"0\">\n{cases}  </testsuite>\n",
        n = report.rules.len(),
        subject = escape(&report.subject),
    );
    (suite, failures, skipped)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn control_characters_never_reach_the_xml() {
        assert_eq!(
            escape("a\u{1b}[31m<b>\"&\tc\nd\u{0}"),
            "a\\u{1b}[31m&lt;b&gt;&quot;&amp;&#9;c&#10;d\\u{0}"
        );
    }
}
