//! The catalogue of layer-1 rules: ids, one-line titles, and what each checks. Reports (SARIF
//! rule metadata, `zael check --list-rules`, README's table) read it from here.

pub struct Rule {
    pub id: &'static str,
    pub title: &'static str,
    pub checks: &'static str,
}

pub const RULES: &[Rule] = &[
    Rule { id: "ZV001", title: "references resolve", checks: "every Ref, Fn::GetAtt, Fn::Sub variable, DependsOn, Condition and Fn::FindInMap target exists" },
    Rule { id: "ZV002", title: "attributes exist", checks: "Fn::GetAtt and ${Resource.Attribute} name an attribute of the resource's type (modelled types)" },
    Rule { id: "ZV003", title: "no dependency cycles", checks: "resources do not depend on each other in a cycle (DependsOn, Ref, GetAtt, Sub)" },
    Rule { id: "ZV004", title: "conditions well formed", checks: "Fn::Equals/And/Or/Not/Condition take the right arguments; Fn::If has a condition and two values" },
    Rule { id: "ZV101", title: "physical names", checks: "role 64, managed policy 128, function 64, queue 80, table 3-255, alarm 255 ... characters and their allowed characters" },
    Rule { id: "ZV102", title: "logical IDs", checks: "alphanumeric, at most 255 characters, unique across Parameters and Resources" },
    Rule { id: "ZV103", title: "template size", checks: "over 51,200 bytes: upload via S3 (warning); over 1 MB: error; warning at 90%" },
    Rule { id: "ZV104", title: "section quotas", checks: "at most 500 resources and 200 parameters, outputs and mappings; warning at 90%" },
    Rule { id: "ZV105", title: "IAM policy size", checks: "managed policy 6,144 characters, a role's inline policies together 10,240; warning at 90% naming the largest" },
    Rule { id: "ZV106", title: "outputs and exports", checks: "every output has a Value; export names 1-255 of [A-Za-z0-9:-], unique" },
    Rule { id: "ZV201", title: "value ranges", checks: "Lambda memory/timeout, PITR days, queue retention/visibility, stream batch settings, capacities, ElastiCache nodes ..." },
    Rule { id: "ZV202", title: "enumerations", checks: "log retention days, billing modes, runtimes, stream view types, alarm operators and statistics ..." },
    Rule { id: "ZV203", title: "ARN shapes", checks: "permission boundaries, managed policy ARNs, function roles, alarm actions, failure destinations" },
    Rule { id: "ZV204", title: "alarm periods", checks: "period 10/20/30 or a multiple of 60 s, at most 7 days evaluated, DatapointsToAlarm <= EvaluationPeriods" },
    Rule { id: "ZV205", title: "alarm thresholds reachable", checks: "not above a percentage's 100 or a Lambda Duration's timeout, not below 0" },
];
