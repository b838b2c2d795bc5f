//! ZV202 for a Lambda function's `Runtime`: a runtime AWS knows, judged by its lifecycle.
//!
//! Why: a misspelled runtime fails the function; a runtime past its block date cannot be
//! used to create (or, later, update) a function, and the deploy fails; a deprecated runtime
//! still deploys but gets no security patches, so it is a warning. cfn-lint judges the same
//! (E2533 update blocked, E2531 create blocked, W2531 deprecated).
//!
//! The dates are AWS's published lifecycle as cfn-lint 1.58.0 carries it
//! (`data/AdditionalSpecs/LmbdRuntimeLifecycle.json`), judged as of [`AS_OF`], the date of
//! the pinned resource schemas, so that the same template always gets the same report.
//!
//! Example: `Runtime: nodejs4.3` is an error at `Resources.Fn.Properties.Runtime`;
//! `Runtime: python3.8` a warning.

use super::Finding;

/// The day the lifecycle is judged at: the pinned schemas' date (src/schema/data/SOURCE).
pub const AS_OF: &str = "2026-10-20";

pub struct Runtime {
    pub name: &'static str,
    /// ISO dates: deprecation, then no new functions, then no updates.
    pub deprecated: &'static str,
    pub create_block: Option<&'static str>,
    pub update_block: Option<&'static str>,
    pub successor: Option<&'static str>,
}

/// Every runtime in AWS's lifecycle, sorted by name.
pub const RUNTIMES: &[Runtime] = &[
    Runtime {
        name: "dotnet10",
        deprecated: "2028-11-14",
        create_block: Some("2028-12-14"),
        update_block: Some("2029-01-15"),
        successor: None,
    },
    Runtime {
        name: "dotnet6",
        deprecated: "2024-12-20",
        create_block: Some("2027-02-01"),
        update_block: Some("2027-03-03"),
        successor: Some("dotnet10"),
    },
    Runtime {
        name: "dotnet8",
        deprecated: "2026-11-10",
        create_block: Some("2027-02-01"),
        update_block: Some("2027-03-03"),
        successor: Some("dotnet10"),
    },
    Runtime {
        name: "dotnet9",
        deprecated: "2026-11-10",
        create_block: None,
        update_block: None,
        successor: Some("dotnet10"),
    },
    Runtime {
        name: "dotnetcore1.0",
        deprecated: "2019-06-27",
        create_block: Some("2019-06-30"),
        update_block: Some("2019-07-30"),
        successor: Some("dotnet10"),
    },
    Runtime {
        name: "dotnetcore2.0",
        deprecated: "2019-05-30",
        create_block: Some("2019-04-30"),
        update_block: Some("2019-05-30"),
        successor: Some("dotnet10"),
    },
    Runtime {
        name: "dotnetcore2.1",
        deprecated: "2022-01-05",
        create_block: Some("2022-01-05"),
        update_block: Some("2022-04-13"),
        successor: Some("dotnet10"),
    },
    Runtime {
        name: "dotnetcore3.1",
        deprecated: "2023-04-03",
        create_block: Some("2023-04-03"),
        update_block: Some("2023-05-03"),
        successor: Some("dotnet10"),
    },
    Runtime {
        name: "go1.x",
        deprecated: "2024-01-08",
        create_block: Some("2024-02-08"),
        update_block: Some("2027-03-03"),
        successor: Some("provided.al2023"),
    },
    Runtime {
        name: "java11",
        deprecated: "2027-06-30",
        create_block: Some("2027-07-31"),
        update_block: Some("2027-08-31"),
        successor: Some("java25"),
    },
    Runtime {
        name: "java17",
        deprecated: "2027-06-30",
        create_block: Some("2027-07-31"),
        update_block: Some("2027-08-31"),
        successor: Some("java25"),
    },
    Runtime {
        name: "java21",
        deprecated: "2029-06-30",
        create_block: Some("2029-07-31"),
        update_block: Some("2029-08-31"),
        successor: Some("java25"),
    },
    Runtime {
        name: "java25",
        deprecated: "2029-06-30",
        create_block: Some("2029-07-31"),
        update_block: Some("2029-08-31"),
        successor: None,
    },
    Runtime {
        name: "java8",
        deprecated: "2024-01-08",
        create_block: Some("2024-02-08"),
        update_block: Some("2027-03-03"),
        successor: Some("java25"),
    },
    Runtime {
        name: "java8.al2",
        deprecated: "2027-06-30",
        create_block: Some("2027-07-31"),
        update_block: Some("2027-08-31"),
        successor: Some("java25"),
    },
    Runtime {
        name: "nodejs",
        deprecated: "2016-08-30",
        create_block: Some("2016-09-30"),
        update_block: Some("2016-10-31"),
        successor: Some("nodejs24.x"),
    },
    Runtime {
        name: "nodejs10.x",
        deprecated: "2021-07-30",
        create_block: Some("2021-07-30"),
        update_block: Some("2022-02-14"),
        successor: Some("nodejs24.x"),
    },
    Runtime {
        name: "nodejs12.x",
        deprecated: "2023-03-31",
        create_block: Some("2023-03-31"),
        update_block: Some("2023-04-30"),
        successor: Some("nodejs24.x"),
    },
    Runtime {
        name: "nodejs14.x",
        deprecated: "2023-12-04",
        create_block: Some("2024-01-09"),
        update_block: Some("2027-03-03"),
        successor: Some("nodejs24.x"),
    },
    Runtime {
        name: "nodejs16.x",
        deprecated: "2024-06-12",
        create_block: Some("2027-02-01"),
        update_block: Some("2027-03-03"),
        successor: Some("nodejs24.x"),
    },
    Runtime {
        name: "nodejs18.x",
        deprecated: "2025-09-01",
        create_block: Some("2027-02-01"),
        update_block: Some("2027-03-03"),
        successor: Some("nodejs24.x"),
    },
    Runtime {
        name: "nodejs20.x",
        deprecated: "2026-04-30",
        create_block: Some("2027-02-01"),
        update_block: Some("2027-03-03"),
        successor: Some("nodejs24.x"),
    },
    Runtime {
        name: "nodejs22.x",
        deprecated: "2027-04-30",
        create_block: Some("2027-06-01"),
        update_block: Some("2027-07-01"),
        successor: Some("nodejs24.x"),
    },
    Runtime {
        name: "nodejs24.x",
        deprecated: "2028-04-30",
        create_block: Some("2028-06-01"),
        update_block: Some("2028-07-01"),
        successor: None,
    },
    Runtime {
        name: "nodejs4.3",
        deprecated: "2020-03-05",
        create_block: Some("2020-02-03"),
        update_block: Some("2020-03-05"),
        successor: Some("nodejs24.x"),
    },
    Runtime {
        name: "nodejs4.3-edge",
        deprecated: "2020-03-05",
        create_block: Some("2019-03-31"),
        update_block: Some("2019-04-30"),
        successor: Some("nodejs24.x"),
    },
    Runtime {
        name: "nodejs6.10",
        deprecated: "2019-08-12",
        create_block: Some("2019-07-12"),
        update_block: Some("2019-08-12"),
        successor: Some("nodejs24.x"),
    },
    Runtime {
        name: "nodejs8.10",
        deprecated: "2020-03-06",
        create_block: Some("2020-02-04"),
        update_block: Some("2020-03-06"),
        successor: Some("nodejs24.x"),
    },
    Runtime {
        name: "provided",
        deprecated: "2024-01-08",
        create_block: Some("2024-02-08"),
        update_block: Some("2027-03-03"),
        successor: Some("provided.al2023"),
    },
    Runtime {
        name: "provided.al2",
        deprecated: "2026-07-31",
        create_block: Some("2027-02-01"),
        update_block: Some("2027-03-03"),
        successor: Some("provided.al2023"),
    },
    Runtime {
        name: "provided.al2023",
        deprecated: "2029-06-30",
        create_block: Some("2029-07-31"),
        update_block: Some("2029-08-31"),
        successor: None,
    },
    Runtime {
        name: "python2.7",
        deprecated: "2021-07-15",
        create_block: Some("2021-07-15"),
        update_block: Some("2022-05-30"),
        successor: Some("python3.14"),
    },
    Runtime {
        name: "python3.10",
        deprecated: "2026-10-31",
        create_block: Some("2027-02-01"),
        update_block: Some("2027-03-03"),
        successor: Some("python3.14"),
    },
    Runtime {
        name: "python3.11",
        deprecated: "2027-06-30",
        create_block: Some("2027-07-31"),
        update_block: Some("2027-08-31"),
        successor: Some("python3.14"),
    },
    Runtime {
        name: "python3.12",
        deprecated: "2028-10-31",
        create_block: Some("2028-11-30"),
        update_block: Some("2029-01-10"),
        successor: Some("python3.14"),
    },
    Runtime {
        name: "python3.13",
        deprecated: "2029-06-30",
        create_block: Some("2029-07-31"),
        update_block: Some("2029-08-31"),
        successor: Some("python3.14"),
    },
    Runtime {
        name: "python3.14",
        deprecated: "2029-06-30",
        create_block: Some("2029-07-31"),
        update_block: Some("2029-08-31"),
        successor: None,
    },
    Runtime {
        name: "python3.6",
        deprecated: "2022-07-18",
        create_block: Some("2022-07-18"),
        update_block: Some("2022-08-29"),
        successor: Some("python3.14"),
    },
    Runtime {
        name: "python3.7",
        deprecated: "2023-12-04",
        create_block: Some("2024-01-09"),
        update_block: Some("2027-03-03"),
        successor: Some("python3.14"),
    },
    Runtime {
        name: "python3.8",
        deprecated: "2024-10-14",
        create_block: Some("2027-02-01"),
        update_block: Some("2027-03-03"),
        successor: Some("python3.14"),
    },
    Runtime {
        name: "python3.9",
        deprecated: "2025-12-15",
        create_block: Some("2027-02-01"),
        update_block: Some("2027-03-03"),
        successor: Some("python3.14"),
    },
    Runtime {
        name: "ruby2.5",
        deprecated: "2021-07-30",
        create_block: Some("2021-07-30"),
        update_block: Some("2022-03-31"),
        successor: Some("ruby4.0"),
    },
    Runtime {
        name: "ruby2.7",
        deprecated: "2023-12-07",
        create_block: Some("2024-01-09"),
        update_block: Some("2027-03-03"),
        successor: Some("ruby4.0"),
    },
    Runtime {
        name: "ruby3.2",
        deprecated: "2026-03-31",
        create_block: Some("2027-02-01"),
        update_block: Some("2027-03-03"),
        successor: Some("ruby4.0"),
    },
    Runtime {
        name: "ruby3.3",
        deprecated: "2027-03-31",
        create_block: Some("2027-04-30"),
        update_block: Some("2027-05-31"),
        successor: Some("ruby4.0"),
    },
    Runtime {
        name: "ruby3.4",
        deprecated: "2028-03-31",
        create_block: Some("2028-04-30"),
        update_block: Some("2028-05-31"),
        successor: Some("ruby4.0"),
    },
    Runtime {
        name: "ruby4.0",
        deprecated: "2029-03-31",
        create_block: Some("2029-04-30"),
        update_block: Some("2029-05-31"),
        successor: None,
    },
];

/// The finding for `name` at `path`, if any.
pub fn judge(name: &str, path: String, kind: &str) -> Option<Finding> {
    let Some(runtime) = RUNTIMES.iter().find(|r| r.name == name) else {
        let current: Vec<&str> = RUNTIMES
            .iter()
            .filter(|r| r.deprecated > AS_OF)
            .map(|r| r.name)
            .collect();
        return Some(Finding::error(
            "ZV202",
            path,
            format!("'{name}' is not a Lambda runtime of {kind}"),
            format!("use one of {}", current.join(", ")),
        ));
    };
    let instead = match runtime.successor {
        Some(successor) => format!("move to {successor}"),
        None => "move to a current runtime".into(),
    };
    let passed = |date: Option<&'static str>| date.filter(|d| *d <= AS_OF);
    if let Some(date) = passed(runtime.update_block) {
        return Some(Finding::error(
            "ZV202",
            path,
            format!(
                "Lambda no longer creates or updates functions on {name} (blocked since {date})"
            ),
            instead,
        ));
    }
    if let Some(date) = passed(runtime.create_block) {
        return Some(Finding::error(
            "ZV202",
            path,
            format!("Lambda no longer creates functions on {name} (blocked since {date})"),
            instead,
        ));
    }
    if runtime.deprecated <= AS_OF {
        let blocked = runtime
            .create_block
            .map(|d| format!("; new functions are blocked from {d}"))
            .unwrap_or_default();
        return Some(Finding::warning(
            "ZV202",
            path,
            format!("{name} is deprecated since {}{blocked}", runtime.deprecated),
            instead,
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Severity;

    fn severity(name: &str) -> Option<Severity> {
        judge(name, "R".into(), "AWS::Lambda::Function").map(|f| f.severity)
    }

    #[test]
    fn runtimes_are_judged_by_their_lifecycle() {
        assert_eq!(severity("provided.al2023"), None);
        assert_eq!(severity("python3.8"), Some(Severity::Warning));
        assert_eq!(severity("nodejs4.3"), Some(Severity::Error));
        assert_eq!(severity("python3.99"), Some(Severity::Error));
        let message = judge("go1.x", "R".into(), "T").unwrap().message;
        assert!(
            message.contains("no longer creates functions on go1.x (blocked since 2024-02-08)"),
            "{message}"
        );
    }

    #[test]
    fn the_table_is_sorted_with_ordered_dates() {
        assert!(RUNTIMES.windows(2).all(|w| w[0].name < w[1].name));
        for runtime in RUNTIMES {
            assert_eq!(runtime.deprecated.len(), 10, "{}", runtime.name);
        }
    }
}
