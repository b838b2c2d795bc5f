//! The shape of a layer-1 rule: a [`Check`] carries its code, title, doc, why and example as
//! one [`About`] and runs on a [`Template`]. Each rule is a constant in its own file (most
//! of them a [`Rule`]); [`super::CHECKS`] lists them.

use serde_json::Value;

use super::walk::Calls;
use super::{arns, enums, names, ranges, schema, Finding};
use crate::template::yaml_len;

/// What a layer-1 rule checks.
pub trait Check: Sync {
    /// What the rule is, as data: its code, title, doc, why and example.
    fn about(&self) -> &About;
    fn run(&self, template: &Template<'_>) -> Vec<Finding>;

    /// The stable id: ZV0xx references, ZV1xx names and quotas, ZV2xx property values.
    fn code(&self) -> &'static str {
        self.about().code
    }
    /// One line: what holds when the rule passes.
    fn title(&self) -> &'static str {
        self.about().title
    }
    /// What the rule checks, for the catalogue.
    fn doc(&self) -> &'static str {
        self.about().doc
    }
    /// Why the rule exists and an example, for `zael explain` and SARIF's help text.
    fn explanation(&self) -> Explanation {
        let about = self.about();
        Explanation {
            why: about.why,
            example: about.example,
        }
    }
}

/// A rule's description, one literal per rule: what the catalogue, `--list-rules`, SARIF's
/// rule metadata and `zael explain` print.
#[derive(Clone, Copy, Debug)]
pub struct About {
    pub code: &'static str,
    pub title: &'static str,
    pub doc: &'static str,
    /// What goes wrong without the rule: when, and how, AWS refuses what it reports.
    pub why: &'static str,
    pub example: Example,
}

/// Why a rule exists, and what breaks it.
#[derive(Clone, Copy, Debug)]
pub struct Explanation {
    /// What goes wrong without the rule: when, and how, AWS refuses what it reports.
    pub why: &'static str,
    pub example: Example,
}

/// What breaks a rule, and what does not.
#[derive(Clone, Copy, Debug)]
pub enum Example {
    /// `examples/<code>.yaml`: a template the rule reports, `---`, and the same template
    /// fixed. A test runs both, so the example cannot drift from what the rules do.
    Templates(&'static str),
    /// For quotas no short template reaches (sizes, counts): what is reported, and the fix.
    Described {
        fails: &'static str,
        fix: &'static str,
    },
}

impl Example {
    /// The reported template and the fixed one, for a [`Example::Templates`].
    pub fn templates(&self) -> Option<(&'static str, &'static str)> {
        match self {
            Example::Templates(both) => Some(
                both.split_once("\n---\n")
                    .map(|(fails, passes)| (&both[..fails.len() + 1], passes))
                    .expect("an example file holds two documents split by ---"),
            ),
            Example::Described { .. } => None,
        }
    }
}

/// A rule that is its description and one function of the template: most rules are, so
/// each is a constant of this struct rather than a unit struct repeating the same `impl`.
pub struct Rule {
    pub about: About,
    pub run: fn(&Template<'_>) -> Vec<Finding>,
}

impl Rule {
    /// The rule's findings on `document` alone: what its unit tests ask for.
    #[cfg(test)]
    pub fn findings(&self, document: &Value) -> Vec<Finding> {
        (self.run)(&Template::new(document, Body::Synthesized))
    }
}

impl Check for Rule {
    fn about(&self) -> &About {
        &self.about
    }
    fn run(&self, template: &Template<'_>) -> Vec<Finding> {
        (self.run)(template)
    }
}

/// The template a check reads.
pub struct Template<'a> {
    pub document: &'a Value,
    body: Body,
    /// Whether the caller reads warnings: `check` does, synth keeps only errors.
    warnings: bool,
    /// The resource-schema walk, run once for the ten rules that share it.
    schema: std::cell::OnceCell<Vec<Finding>>,
    /// The template's intrinsic functions, found once for the rules that judge them.
    calls: std::cell::OnceCell<Calls<'a>>,
    /// The hand-written property rules' findings (ZV101, ZV201, ZV202, ZV203), found once:
    /// each rule reports its own, and the schema rules leave those paths to them.
    hand: [std::cell::OnceCell<Vec<Finding>>; 4],
}

/// The hand-written property rules, in [`Template::hand`]'s order.
#[derive(Clone, Copy)]
pub enum Hand {
    PhysicalNames,
    Ranges,
    Enums,
    Arns,
}

/// A hand-written property rule: its description, and which of [`Template::hand`]'s
/// findings are its own. The four rules run the same way, so they are one struct.
pub struct HandRule(pub About, pub Hand);

impl Check for HandRule {
    fn about(&self) -> &About {
        &self.0
    }
    fn run(&self, template: &Template<'_>) -> Vec<Finding> {
        template.hand(self.1).to_vec()
    }
}

/// Where the deployed body's size comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// A file of this many bytes, deployed as it is.
    File(usize),
    /// A document zael synthesized: measured as the YAML zael writes by default.
    Synthesized,
}

impl<'a> Template<'a> {
    pub fn new(document: &'a Value, body: Body) -> Self {
        Template {
            document,
            body,
            warnings: true,
            schema: Default::default(),
            calls: Default::default(),
            hand: Default::default(),
        }
    }

    /// The findings of hand-written property rule `rule`, found the first time one asks.
    pub(crate) fn hand(&self, rule: Hand) -> &[Finding] {
        self.hand[rule as usize].get_or_init(|| match rule {
            Hand::PhysicalNames => names::physical_names(self.document),
            Hand::Ranges => ranges::ranges(self.document),
            Hand::Enums => enums::enums(self.document),
            Hand::Arns => arns::arns(self.document),
        })
    }

    /// The same template for a caller that reads only errors: a rule may then skip work
    /// that only a warning's text needs.
    pub fn errors_only(self) -> Self {
        Template {
            warnings: false,
            ..self
        }
    }

    /// Whether the caller reads warnings (see [`Template::errors_only`]).
    pub fn reports_warnings(&self) -> bool {
        self.warnings
    }

    /// Every intrinsic function of the template, found the first time a rule asks.
    pub fn calls(&self) -> &Calls<'a> {
        self.calls.get_or_init(|| Calls::of(self.document))
    }

    /// The findings of resource-schema rule `code` (ZV006, ZV206-ZV215). The walk runs once
    /// per template; a finding at a path a hand-written rule (ZV101, ZV201-ZV203) already
    /// reports is left to that rule, whose message knows the service better.
    pub fn schema_findings(&self, code: &str) -> Vec<Finding> {
        let all = self.schema.get_or_init(|| {
            let mut findings = schema::findings(self.document);
            let hand = [Hand::PhysicalNames, Hand::Ranges, Hand::Enums, Hand::Arns];
            findings.retain(|f| {
                !hand
                    .iter()
                    .any(|rule| self.hand(*rule).iter().any(|h| h.path == f.path))
            });
            findings
        });
        all.iter().filter(|f| f.rule == code).cloned().collect()
    }

    /// The size of the body CloudFormation receives, measured one way for every caller.
    pub fn body_bytes(&self) -> usize {
        match self.body {
            Body::File(bytes) => bytes,
            Body::Synthesized => yaml_len(self.document),
        }
    }
}
