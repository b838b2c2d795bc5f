//! The report of `zael check` in each output format. Every format lists the suppressions.

mod json;
mod junit;
mod sarif;
mod text;

use super::Report;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Human-readable, coloured on a terminal
    #[default]
    Text,
    /// One JSON document
    Json,
    /// SARIF 2.1.0, for GitHub code scanning
    Sarif,
    /// JUnit XML, for CI test reports
    Junit,
}

impl ReportFormat {
    pub fn render(self, report: &Report, colour: bool) -> String {
        self.render_all(std::slice::from_ref(report), colour)
    }

    /// One document for the reports of several templates (`zael check a.yaml b.yaml`): JSON
    /// and SARIF stay parseable as one document, JUnit has one test suite per file, text one
    /// report after the other. One report renders exactly as [`ReportFormat::render`].
    pub fn render_all(self, reports: &[Report], colour: bool) -> String {
        match self {
            ReportFormat::Text => reports.iter().map(|r| text::render(r, colour)).collect(),
            ReportFormat::Json => json::render(reports),
            ReportFormat::Sarif => sarif::render(reports),
            ReportFormat::Junit => junit::render(reports),
        }
    }
}
