//! zael's layer 1 against cfn-lint on a corpus of public templates (tests/corpus/, written by
//! scripts/gen-corpus.py: cfn-lint 1.58.0's fixture templates and cfn-lint's verdicts on them).
//!
//! Two promises are asserted: every rule family zael covers finds at least 90% of cfn-lint's
//! errors of that family at the same template path, and no template cfn-lint finds clean gets
//! a zael error. Templates are checked in process as `zael check --template` reads them
//! (parse, template language, layer 1); the CLI path itself is tested in check_template.rs.
//! The baseline guard pack is left out: on a template zael did not synthesize its findings are
//! warnings, which can fail neither promise.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;
use zael::check::{input::parse_template, language};
use zael::validate::{self, Body, Severity};

/// A rule family: cfn-lint's rules and zael's rules that judge the same thing.
struct Family {
    name: &'static str,
    cfn_lint: &'static [&'static str],
    zael: &'static [&'static str],
}

/// What `zael check` reports when it refuses a file (exit 2).
const REFUSED: &str = "refused";

/// The families zael covers. A cfn-lint error counts as found when zael reports an error of
/// one of the family's rules at the same place (see `same_place`). The hand-written rules
/// (ZV101 names, ZV201 ranges, ZV202 enumerations, ZV203 ARNs) take over the schema rules'
/// findings at the paths they judge, in their own words, so they count for each schema
/// family; "one of these properties is required" is ZV214's (cfn-lint: E3003 per property).
const COVERED: &[Family] = &[
    Family {
        name: "template not readable",
        cfn_lint: &["E0000"],
        zael: &[REFUSED],
    },
    Family {
        name: "resource structure",
        cfn_lint: &["E3001", "E3006"],
        zael: &["ZV006", "ZV007", "ZV102"],
    },
    Family {
        name: "deletion policies",
        cfn_lint: &["E3035", "E3036"],
        zael: &["ZV007"],
    },
    Family {
        name: "unknown properties",
        cfn_lint: &["E3002"],
        zael: &["ZV207"],
    },
    Family {
        name: "required properties",
        cfn_lint: &["E3003"],
        zael: &["ZV206", "ZV214"],
    },
    Family {
        name: "value types",
        cfn_lint: &["E3012"],
        zael: &["ZV208", "ZV101", "ZV201", "ZV202", "ZV203"],
    },
    // A value of the wrong type is not one of the allowed values either: zael says the first.
    Family {
        name: "allowed values",
        cfn_lint: &["E3030"],
        zael: &["ZV209", "ZV208", "ZV101", "ZV201", "ZV202", "ZV203"],
    },
    Family {
        name: "patterns",
        cfn_lint: &["E3031"],
        zael: &["ZV210", "ZV101", "ZV201", "ZV202", "ZV203"],
    },
    Family {
        name: "lengths and counts",
        cfn_lint: &["E3032", "E3033"],
        zael: &["ZV211", "ZV101", "ZV201", "ZV202", "ZV203"],
    },
    Family {
        name: "number ranges",
        cfn_lint: &["E3034"],
        zael: &["ZV212", "ZV101", "ZV201", "ZV202", "ZV203"],
    },
    Family {
        name: "unique items",
        cfn_lint: &["E3037"],
        zael: &["ZV215"],
    },
    Family {
        name: "property combinations",
        cfn_lint: &["E3014", "E3017", "E3018", "E3020", "E3021"],
        zael: &["ZV214"],
    },
    Family {
        name: "Ref",
        cfn_lint: &["E1020"],
        zael: &["ZV001", "ZV004", "ZV007", "ZV208"],
    },
    Family {
        name: "DependsOn targets",
        cfn_lint: &["E3005"],
        zael: &["ZV001"],
    },
    Family {
        name: "dependency cycles",
        cfn_lint: &["E3004"],
        zael: &["ZV003"],
    },
    Family {
        name: "conditions",
        cfn_lint: &[
            "E8001", "E8002", "E8003", "E8004", "E8005", "E8006", "E1028",
        ],
        zael: &["ZV001", "ZV004"],
    },
    Family {
        name: "intrinsic arguments",
        cfn_lint: &["E1011", "E1015", "E1016", "E1017", "E1019", "E1022"],
        zael: &["ZV001", "ZV002", "ZV005", "ZV007", "ZV208"],
    },
    Family {
        name: "outputs",
        cfn_lint: &["E6001"],
        zael: &["ZV106"],
    },
    Family {
        name: "Lambda runtimes",
        cfn_lint: &["E2531", "E2533"],
        zael: &["ZV202"],
    },
    Family {
        name: "EC2 ID formats",
        cfn_lint: &["E1150", "E1151", "E1152", "E1154"],
        zael: &["ZV210"],
    },
    Family {
        name: "template sections",
        cfn_lint: &["E1001"],
        zael: &[REFUSED, "ZV004", "ZV008"],
    },
    Family {
        name: "parameters",
        cfn_lint: &["E2001", "E2002", "E2015"],
        zael: &["ZV009"],
    },
    Family {
        name: "Fn::Sub needed",
        cfn_lint: &["E1029"],
        zael: &["ZV010"],
    },
    Family {
        name: "DynamoDB keys",
        cfn_lint: &["E3039"],
        zael: &["ZV216"],
    },
    Family {
        name: "IAM policies",
        cfn_lint: &["E3510", "E3512", "E3513", "E3514", "E3530"],
        zael: &["ZV217"],
    },
    Family {
        name: "logical IDs",
        cfn_lint: &["E3007"],
        zael: &["ZV102"],
    },
];

/// Families zael judges in part: recall is printed, not asserted, and the README says why.
const PARTIAL: &[(Family, &str)] = &[(
    Family {
        name: "GetAtt",
        cfn_lint: &["E1010"],
        zael: &["ZV001", "ZV002", "ZV208"],
    },
    "the resource and attribute exist (ZV001, ZV002); the type of an attribute's value \
         (an integer where a string is required) is not in zael's schema data",
)];

/// cfn-lint rules with errors in the corpus that zael does not judge, and why. The README's
/// corpus section lists the same.
const NOT_COVERED: &[(&[&str], &str)] = &[
    (&["E6101"], "output values are strings: needs the types of GetAtt attributes"),
    (&["E0002"], "cfn-lint's own rule crashed: not a template error"),
    (&["E7001"], "mapping names and keys are not judged beyond what references need"),
    (&["E1005", "E3043", "E5001"], "transforms, nested stacks' parameters (needs the child template) and modules' contents (registered per account)"),
    (&["E1021", "E1032", "E1033", "E1040", "E1041"], "Fn::Base64, Fn::ForEach, Fn::GetStackOutput argument types, and Ref/GetAtt of the wrong kind for a property (needs property-to-resource relationships)"),
    (&["E1156"], "cfn-lint's format for role ARNs beyond the schemas' patterns"),
    (&["E3013", "E3015", "E3016", "E3019", "E3024", "E3045", "E3050", "E3058", "E3060", "E3065", "E3502", "E3504"], "cross-resource and service rules: CloudFront aliases, resource conditions, UpdatePolicy, unique primary identifiers, tag shapes, S3 ACLs, IAM paths, subnet CIDR overlap, DLQ types, backup lifecycles"),
    (&["E3022", "E3023", "E3025", "E3026", "E3029", "E3048", "E3052", "E3054", "E3647", "E3671", "E3673", "E3678", "E3687", "E3690", "E3691", "E3698", "E3700", "E3705", "E3707", "E3708", "E3715"], "service-specific relationships between properties (Route 53, RDS, ElastiCache, ECS, EC2 block devices and ports, API Gateway, CodePipeline, ...)"),
];

struct Template {
    file: String,
    /// cfn-lint finds no error in it.
    clean: bool,
    errors: Vec<(String, String)>,
}

fn corpus() -> (PathBuf, Vec<Template>) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let templates = manifest["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| Template {
            file: t["file"].as_str().unwrap().to_string(),
            clean: t["cfn_lint_clean"].as_bool().unwrap(),
            errors: t["cfn_lint"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["level"] == "Error")
                .map(|f| {
                    let text = |k: &str| f[k].as_str().unwrap().to_string();
                    (text("rule"), text("path"))
                })
                .collect(),
        })
        .collect();
    (dir.join("templates"), templates)
}

/// zael's errors on `text` as `zael check --template` finds them, (rule, path), and whether
/// the template uses the SAM transform.
fn zael_errors(text: &str) -> (Vec<(String, String)>, bool) {
    let mut document = match parse_template(text) {
        Ok(document) => document,
        Err(_) => return (vec![(REFUSED.to_string(), String::new())], false),
    };
    language::prepare(&mut document);
    let errors = validate::template(&document, Body::File(text.len()))
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.rule.to_string(), f.path))
        .collect();
    (
        errors,
        validate::has_transform(&document, "AWS::Serverless"),
    )
}

/// Whether zael's finding at `found` stands for cfn-lint's at `expected`: the same path, a
/// path inside it, or its parent (cfn-lint names the offending key of a mapping, or the
/// argument of a function, where zael names the mapping or the function). A refusal stands
/// for any error of the file.
fn same_place(rule: &str, found: &str, expected: &str) -> bool {
    rule == REFUSED
        || found == expected
        || inside(found, expected)
        || parent(expected) == Some(found)
}

/// Whether `path` lies inside `outer`.
fn inside(path: &str, outer: &str) -> bool {
    outer.is_empty()
        || path
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with(['.', '[']))
}

/// `A.B[0]` of `A.B[0].C` and `A.B` of `A.B[0]`.
fn parent(path: &str) -> Option<&str> {
    let cut = if path.ends_with(']') {
        path.rfind('[')
    } else {
        path.rfind('.')
    };
    cut.map(|i| &path[..i])
}

#[test]
fn recall_per_rule_family_and_no_error_on_clean_templates() {
    let (dir, templates) = corpus();
    assert!(
        templates.len() > 200,
        "the corpus has {} templates",
        templates.len()
    );
    let mut tally: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut missed = Vec::new();
    let mut false_errors = Vec::new();
    let mut uncovered: BTreeMap<String, usize> = BTreeMap::new();
    let mut sam_errors = 0;
    for template in &templates {
        let text = std::fs::read_to_string(dir.join(&template.file)).unwrap();
        let (found, sam) = zael_errors(&text);
        if template.clean {
            false_errors.extend(
                found
                    .iter()
                    .map(|(rule, path)| format!("{}: {rule} {path}", template.file)),
            );
        }
        // cfn-lint expands SAM and judges what it generates; zael says on stderr that it
        // does not, so a SAM template's errors are not expected of it (but no false error
        // is allowed on one).
        if sam {
            sam_errors += template.errors.len();
            continue;
        }
        for (rule, path) in &template.errors {
            let family = COVERED
                .iter()
                .chain(PARTIAL.iter().map(|(f, _)| f))
                .find(|f| f.cfn_lint.contains(&rule.as_str()));
            let Some(family) = family else {
                *uncovered.entry(rule.clone()).or_default() += 1;
                continue;
            };
            let hit = found
                .iter()
                .any(|(z, p)| family.zael.contains(&z.as_str()) && same_place(z, p, path));
            let entry = tally.entry(family.name).or_default();
            entry.1 += 1;
            if hit {
                entry.0 += 1;
            } else {
                missed.push(format!(
                    "{} [{}]: {rule} {path}",
                    template.file, family.name
                ));
            }
        }
    }
    let recall = |name: &str| {
        let (found, expected) = tally.get(name).copied().unwrap_or_default();
        let percent = if expected == 0 {
            100.0
        } else {
            100.0 * found as f64 / expected as f64
        };
        println!("{name:<28}{found:>5}/{expected:<10}{percent:>5.1}%");
        percent
    };
    println!("family                      found/expected  recall");
    let low: Vec<&str> = COVERED
        .iter()
        .filter(|family| recall(family.name) < 90.0)
        .map(|family| family.name)
        .collect();
    println!("partly covered (not asserted):");
    for (family, _) in PARTIAL {
        recall(family.name);
    }
    println!("\nmissed:\n{}", missed.join("\n"));
    println!("\nnot covered (cfn-lint errors): {uncovered:?}");
    println!("not expected: {sam_errors} cfn-lint errors in SAM templates");
    let unlisted: Vec<_> = uncovered
        .keys()
        .filter(|r| {
            !NOT_COVERED
                .iter()
                .any(|(rules, _)| rules.contains(&r.as_str()))
        })
        .collect();
    assert!(
        false_errors.is_empty(),
        "{} zael errors on templates cfn-lint finds clean:\n{}",
        false_errors.len(),
        false_errors.join("\n")
    );
    assert!(low.is_empty(), "recall under 90% in {low:?}");
    assert!(
        unlisted.is_empty(),
        "cfn-lint rules neither covered nor listed as not covered: {unlisted:?}"
    );
}

/// Every family and every rule the test does not cover is in the README with its reason, so
/// a user knows what `zael check` does not judge.
#[test]
fn the_readme_lists_what_the_corpus_test_does_not_cover() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for (family, _) in PARTIAL {
        for rule in family.cfn_lint {
            assert!(
                readme.contains(rule),
                "README.md does not mention {rule} ({})",
                family.name
            );
        }
    }
    for (rules, _) in NOT_COVERED {
        for rule in *rules {
            assert!(readme.contains(rule), "README.md does not mention {rule}");
        }
    }
    for family in COVERED {
        assert!(
            readme.contains(&format!("| {} |", family.name)),
            "README.md has no row for {}",
            family.name
        );
    }
}
