//! Bad input as a user gives it, to the real binary: every case exits 2 at once with one line
//! on stderr naming the flag or file, what is wrong and what is allowed, and nothing on
//! stdout. Each case is a finding of issue 21's fuzz campaign.

mod common;

use std::time::{Duration, Instant};

use common::{assert_has_all, refusal, stderr, synth_profile, zael, TempFile};

/// Runs zael, asserting the usage-error contract, and returns its one stderr line.
fn refused<I, S>(args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(|a| a.as_ref().into()).collect();
    let started = Instant::now();
    let error = refusal(&zael(&args), &args);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "refused only after {:?}",
        started.elapsed()
    );
    error
}

#[test]
fn a_guard_variable_defined_through_itself_is_refused_not_a_stack_overflow() {
    for (text, variables) in [
        ("let a = %a\nrule R { %a exists }\n", "(%a -> %a)"),
        (
            "let a = %b\nlet b = %a\nrule R { %a exists }\n",
            "(%a -> %b -> %a)",
        ),
    ] {
        let rules = TempFile::new("cycle.guard", text);
        let error = refused(["check", "--rules", rules.dir.to_str().unwrap()]);
        let file = rules.path.display();
        assert_eq!(
            error,
            format!("error: {file}: rule R: variable a is defined through itself {variables}; cfn-guard cannot evaluate a variable cycle, define each variable from the template or from earlier variables")
        );
    }
}

#[test]
fn deep_flow_nesting_is_refused_at_once_in_profiles_and_templates() {
    let deep = "{a: ".repeat(50_000);
    let profile = TempFile::new("deep.yaml", &deep);
    let error = refused(["synth", "--stack", profile.path.to_str().unwrap()]);
    assert_eq!(
        error,
        format!(
            "error: {}:1:257: nested deeper than 64 levels of [ ] and {{ }}; flatten the structure",
            profile.path.display()
        )
    );
    let template = TempFile::new("deep.json", &"[".repeat(50_000));
    let error = refused(["check", "--template", template.path.to_str().unwrap()]);
    assert!(error.ends_with(": line 1, column 65: nested deeper than 64 levels of [ ] and { }; flatten the structure"), "{error}");
}

#[test]
fn fifos_devices_and_oversized_files_are_refused_with_the_limit() {
    let dir = TempFile::new("x", "");
    let fifo = dir.dir.join("fifo.yaml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let error = refused(["check", "--template", fifo.to_str().unwrap()]);
    assert_eq!(
        error,
        format!(
            "error: cannot read --template {}: a FIFO, not a regular file; zael reads only regular files",
            fifo.display()
        )
    );
    let error = refused(["synth", "--stack", "/dev/zero"]);
    assert_eq!(error, "error: /dev/zero: cannot read the profile: a character device, not a regular file; zael reads only regular files");
    let big = TempFile::new("big.yaml", &format!("# {}\n", "x".repeat(1_048_576)));
    let error = refused(["check", "--template", big.path.to_str().unwrap()]);
    assert!(
        error.ends_with(": larger than 1048576 bytes, the limit (CloudFormation accepts at most 1 MB of template)"),
        "{error}"
    );
    let error = refused(["synth", "--stack", big.path.to_str().unwrap()]);
    assert!(
        error.ends_with(
            ": larger than 262144 bytes, the limit (a stack profile is a page of options)"
        ),
        "{error}"
    );
}

#[test]
fn integers_beyond_64_bits_are_refused_in_yaml_and_json_alike() {
    let message = "integer 18446744073709551616 is out of range; integers are from -9223372036854775808 to 18446744073709551615";
    // A template in YAML and in JSON: (file, contents, where the number stands).
    for (name, contents, place) in [
        (
            "t.yaml",
            "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 18446744073709551616\n",
            "line 5, column 21",
        ),
        (
            "t.json",
            r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": 18446744073709551616}}}}"#,
            "line 1, column 80",
        ),
    ] {
        let template = TempFile::new(name, contents);
        let error = refused(["check", "--template", template.path.to_str().unwrap()]);
        assert!(
            error.ends_with(&format!("{place}: DelaySeconds: {message}")),
            "{name}: {error}"
        );
    }
    // A profile: (file, contents, the line, column and key the error names).
    for (name, contents, at) in [
        (
            "p.yaml",
            "blueprint: limiter\nlambda_memory: 18446744073709551616\n",
            "2:16: lambda_memory",
        ),
        // A list item has no key of its own: the error names the list.
        (
            "l.yaml",
            "blueprint: limiter\nlambda_subnet_ids:\n  - subnet-0123456789abcdef0\n  - 18446744073709551616\n",
            "4:5: an item of lambda_subnet_ids",
        ),
    ] {
        let profile = TempFile::new(name, contents);
        let error = refused(["synth", "--stack", profile.path.to_str().unwrap()]);
        assert_eq!(
            error,
            format!("error: {}:{at}: {message}", profile.path.display())
        );
    }
}

#[test]
fn a_yaml_template_in_flow_style_is_read_as_yaml() {
    let flow = TempFile::new("flow.yaml", "{Resources: {Q: {Type: AWS::SQS::Queue}}}\n");
    let output = zael(["check", "--template", flow.path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn control_characters_of_a_template_are_escaped_in_junit_and_text_reports() {
    let template = TempFile::new(
        "t.json",
        "{\"Resources\": {\"Q\\u001b[31mX\\u0007\": {\"Type\": \"AWS::SQS::Queue\"}}}",
    );
    let path = template.path.to_str().unwrap();
    for format in ["junit", "text"] {
        let output = zael(["check", "--format", format, "--template", path]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let report = String::from_utf8(output.stdout).unwrap();
        let raw: Vec<char> = report
            .chars()
            .filter(|c| c.is_control() && *c != '\n')
            .collect();
        assert!(raw.is_empty(), "{format} report carries {raw:?}");
        assert_has_all(&report, &["Q\\u{1b}[31mX\\u{7}"]);
    }
}

#[test]
fn a_malformed_intrinsic_set_by_a_profile_override_fails_synth_with_its_path() {
    let (code, out, err) = synth_profile(
        "blueprint: limiter\noverrides:\n  - path: Resources.RateLimitsTable.Properties.TableClass\n    set: {Fn::Join: 5}\n",
        &[],
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "");
    assert_has_all(
        &err,
        &[
            "Resources.RateLimitsTable.Properties.TableClass.Fn::Join: Fn::Join takes [delimiter, [values]], not the number 5",
        ],
    );
}

#[test]
fn usage_errors_are_one_line_that_names_what_is_missing() {
    let error = refused(["synth", "--all"]);
    assert_eq!(
        error,
        "error: the following required arguments were not provided: --out <DIR>"
    );
    let error = refusal(&zael(Vec::<&str>::new()), "no command");
    assert!(
        error.starts_with("error: a command is required: synth, check, "),
        "{error}"
    );
    assert!(error.ends_with("(see `zael --help`)"), "{error}");
    // The commands zael hands to zael-lifecycle are commands too.
    assert_has_all(&error, &[", deploy, status, delete, register (see"]);
}

#[test]
fn integer_keys_take_yaml_integers_only_and_messages_name_no_rust_types() {
    for (value, said) in [
        ("[512]", "invalid type: sequence, expected a whole number"),
        (
            "'256'",
            "invalid type: string \"256\", expected a whole number",
        ),
        (
            "2.56e2",
            "invalid type: floating point `256.0`, expected a whole number",
        ),
        (
            "1e308",
            "invalid type: floating point `1e308`, expected a whole number",
        ),
    ] {
        let profile = TempFile::new(
            "p.yaml",
            &format!("blueprint: limiter\nlambda_memory: {value}\n"),
        );
        let error = refused(["synth", "--stack", profile.path.to_str().unwrap()]);
        assert_eq!(
            error,
            format!(
                "error: {}:2:16: lambda_memory: {said}",
                profile.path.display()
            )
        );
    }
    for (text, said) in [
        (
            "blueprint: limiter\noverrides: [5]\n",
            "expected a map of path and one of set, replace or delete",
        ),
        (
            "blueprint: limiter\nskip: [5]\n",
            "expected a map of rule and reason",
        ),
    ] {
        let profile = TempFile::new("p.yaml", text);
        let error = refused(["synth", "--stack", profile.path.to_str().unwrap()]);
        assert!(error.contains(said), "{error}");
        assert!(!error.contains("struct"), "{error}");
    }
}

#[test]
fn synth_all_says_error_once_per_failing_profile() {
    let stacks = TempFile::new("a.yaml", "lambda_memory: 1\n");
    std::fs::write(stacks.dir.join("b.yaml"), "lambda_memory: 2\n").unwrap();
    let out = std::env::temp_dir().join(format!("zael-twice-{}", std::process::id()));
    let output = zael([
        "synth",
        "--all",
        "--stacks-dir",
        stacks.dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let error = stderr(&output);
    assert_eq!(error.lines().count(), 2, "{error}");
    assert!(
        error
            .lines()
            .all(|l| l.starts_with("error: ") && !l.starts_with("error: error:")),
        "{error}"
    );
    assert!(!out.exists());
}

#[test]
fn a_value_with_a_line_break_is_shown_escaped_not_cut_at_it() {
    let error = refused(["synth", "--tag", "a=b\nc"]);
    assert_eq!(
        error,
        r#"error: invalid value 'a=b\nc' for '--tag <KEY=VALUE>': tag value of "a" contains '\n'; tags allow letters, digits, spaces and _.:/=+-@"#
    );
    let error = refused(["synth", "--blueprint", "a\nb"]);
    assert_eq!(
        error,
        r"error: invalid value 'a\nb' for '--blueprint <BLUEPRINT>': possible values: limiter, redis, api"
    );
    let error = refused(["synth", "--stack", "no\nfile"]);
    assert_eq!(
        error,
        r"error: no\nfile: cannot read the profile: No such file or directory (os error 2)"
    );
    let profile = TempFile::new("key.yaml", "\"bad\\nkey\": 1\n");
    let error = refused(["synth", "--stack", profile.path.to_str().unwrap()]);
    let start = format!(
        r#"error: {}:1:1: bad\nkey: unknown key "bad\nkey"; the keys here are blueprint,"#,
        profile.path.display()
    );
    assert!(error.starts_with(&start), "{error}");
}

#[test]
fn a_control_character_is_refused_at_its_own_line_and_column() {
    let message = r"control character U+0001 is not allowed; write it as an escape (\u0001) in a double-quoted string";
    let profile = TempFile::new("ctl.yaml", "name: x\ntags:\n  a: \"b\u{1}c\"\n");
    let error = refused(["synth", "--stack", profile.path.to_str().unwrap()]);
    assert_eq!(
        error,
        format!("error: {}:3:8: {message}", profile.path.display())
    );
    let template = TempFile::new(
        "ctl.yaml",
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue # \u{1}\n",
    );
    let error = refused(["check", "--template", template.path.to_str().unwrap()]);
    assert_eq!(
        error,
        format!(
            "error: --template {}: line 3, column 29: {message}",
            template.path.display()
        )
    );
}

#[test]
fn an_unreadable_template_or_rules_path_is_named_once() {
    let file = TempFile::new("afile", "");
    let missing = file.dir.join("missing.json");
    let under_a_file = file.path.join("sub");
    for command in ["check", "diff"] {
        let error = refused([command, "--template", missing.to_str().unwrap()]);
        assert_eq!(
            error,
            format!(
                "error: cannot read --template {}: No such file or directory (os error 2)",
                missing.display()
            )
        );
        let error = refused([command, "--template", under_a_file.to_str().unwrap()]);
        assert_eq!(
            error,
            format!(
                "error: cannot read --template {}: Not a directory (os error 20)",
                under_a_file.display()
            )
        );
    }
}

#[test]
fn a_hexadecimal_octal_or_binary_integer_in_a_profile_is_refused_with_the_decimal_form() {
    let profile = TempFile::new("hex.yaml", "lambda_memory: 0x100\n");
    let error = refused(["synth", "--stack", profile.path.to_str().unwrap()]);
    assert_eq!(
        error,
        format!(
            "error: {}:1:16: lambda_memory: 0x100 is a hexadecimal integer; write integers in decimal (256), and text in quotes",
            profile.path.display()
        )
    );
    let profile = TempFile::new("oct.yaml", "lambda_memory: 0o400\n");
    let error = refused(["synth", "--stack", profile.path.to_str().unwrap()]);
    assert!(
        error.ends_with("lambda_memory: 0o400 is an octal integer; write integers in decimal (256), and text in quotes"),
        "{error}"
    );
}

/// A negative number is a bad value of the flag it follows, named with what the flag allows,
/// in every command that takes stack or workload flags (clap would otherwise call `-5` an
/// unknown argument and name no flag).
#[test]
fn a_negative_number_is_refused_as_the_flags_value() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["synth", "--lambda-memory", "-5"],
            "error: invalid value '-5' for '--lambda-memory <MB>': expected a whole number from 128 to 10240 MB",
        ),
        (
            &["check", "--lambda-timeout", "-1"],
            "error: invalid value '-1' for '--lambda-timeout <SECONDS>': expected a whole number from 1 to 900 seconds",
        ),
        (
            &["estimate", "--requests-per-day", "5", "--storage-gb", "-1"],
            "error: invalid value '-1' for '--storage-gb <GB>': must be from 0 to 1,000,000 GB",
        ),
        (
            &["diff", "--template", "stacks/default.yaml", "--log-retention-days", "-30"],
            "error: invalid value '-30' for '--log-retention-days <DAYS>': expected a whole number; CloudWatch Logs allows 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(refused(args.iter()), *expected, "{args:?}");
    }
}
