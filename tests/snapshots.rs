//! Whole-template snapshots of every synth variant, in `snapshots/`.
//!
//! A change to any template shows up as a snapshot diff to review (`cargo insta review`),
//! never as a silent change to what users deploy.

mod common;

#[test]
fn every_variant_matches_its_reviewed_snapshot() {
    for (name, flags) in common::variants() {
        let mut args = vec!["synth".to_string()];
        args.extend(flags);
        let output = common::zael(&args);
        assert!(
            output.status.success(),
            "{name}: {}",
            common::stderr(&output)
        );
        insta::with_settings!({
            snapshot_path => common::root().join("snapshots"),
            prepend_module_to_snapshot => false,
            description => format!("zael {}", args.join(" ")),
            omit_expression => true,
            // The artifact key changes with every edit of the Lambda's source, by design;
            // that is tested in tests/assets.rs, not re-reviewed in every template.
            filters => vec![
                (r"aggregator-[0-9a-f]{64}\.zip", "aggregator-[SOURCE-HASH].zip"),
                (r"api-handler-[0-9a-f]{64}\.zip", "api-handler-[SOURCE-HASH].zip"),
            ],
        }, {
            insta::assert_snapshot!(name.as_str(), common::stdout(&output));
        });
    }
}
