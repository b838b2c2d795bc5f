//! `--profile`: a named profile of the shared AWS files in the user's home (`~/.aws/config`
//! and `~/.aws/credentials`, a temporary HOME here), with no AWS variable set, decides the
//! region and the credentials of deploy and status against moto server. A profile without
//! credentials and a profile the files lack are said as such.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{assert_has_all, assert_starts_with, exited, stderr, BINARY};
use zael_lambda_testkit::MotoServer;

/// A home whose shared files have a default profile (another region) and two named ones.
fn home() -> PathBuf {
    let home = std::env::temp_dir().join(format!("zael-profile-home-{}", std::process::id()));
    let aws = home.join(".aws");
    std::fs::create_dir_all(&aws).unwrap();
    std::fs::write(
        aws.join("config"),
        "[default]\nregion = eu-west-1\n\n[profile zael-test]\nregion = us-east-1\n\n[profile nocreds]\nregion = us-east-1\n",
    )
    .unwrap();
    std::fs::write(
        aws.join("credentials"),
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = secret\n\n[zael-test]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = secret\n",
    )
    .unwrap();
    home
}

/// The binary with HOME and nothing else of AWS's in its environment.
fn run(home: &Path, args: &[&str]) -> Output {
    Command::new(BINARY)
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap()
}

#[test]
fn a_named_profile_in_home_gives_region_and_credentials() {
    let moto = MotoServer::start();
    let home = home();
    let flags = |command: &'static str, profile: Option<&'static str>| {
        let mut args = vec![
            command,
            "--endpoint-url",
            moto.endpoint.as_str(),
            "--no-dashboard",
            "--no-aggregator",
        ];
        if command == "deploy" {
            args.extend(["--poll-ms", "50"]);
        }
        if let Some(profile) = profile {
            args.extend(["--profile", profile]);
        }
        args
    };

    // No --region: the profile's.
    let out = exited(&run(&home, &flags("deploy", Some("zael-test"))), 0);
    assert_has_all(&out, &["ZAEL-limiter (new stack, region us-east-1 at "]);
    let out = exited(&run(&home, &flags("status", Some("zael-test"))), 0);
    assert!(out.starts_with("ZAEL-limiter: CREATE_COMPLETE\n"), "{out}");

    // Without --profile, the default profile's region: the stack is not there.
    let default = run(&home, &flags("status", None));
    assert_eq!(default.status.code(), Some(1));
    assert_starts_with(
        &stderr(&default),
        "error: no stack ZAEL-limiter (region eu-west-1 at ",
    );

    // The named profile's credentials or none: never the default profile's.
    let nocreds = run(&home, &flags("status", Some("nocreds")));
    assert_eq!(nocreds.status.code(), Some(1));
    assert_starts_with(
        &stderr(&nocreds),
        "error: DescribeStacks ZAEL-limiter failed (region us-east-1 at ",
    );
    assert!(
        stderr(&nocreds).contains("no usable AWS credentials (")
            && stderr(&nocreds).contains(": pass --profile with a profile that has them"),
        "{}",
        stderr(&nocreds)
    );

    // A profile the files lack: named, with those they have, before any call.
    let missing = run(&home, &flags("status", Some("nosuch")));
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        stderr(&missing),
        "error: --profile nosuch: no such profile in ~/.aws/config and ~/.aws/credentials; the profiles there: default, nocreds, zael-test\n"
    );
    std::fs::remove_dir_all(&home).unwrap();
}
