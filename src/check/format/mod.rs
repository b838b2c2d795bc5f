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
        match self {
            ReportFormat::Text => text::render(report, colour),
            ReportFormat::Json => json::render(report),
            ReportFormat::Sarif => sarif::render(report),
            ReportFormat::Junit => junit::render(report),
        }
    }
}
