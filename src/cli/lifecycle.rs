//! Commands that talk to AWS live in the `zael-lifecycle` binary (crate `lifecycle/`), so the
//! AWS SDK never slows the synthesizer's build. `zael <command>` runs it from the directory
//! `zael` itself is in, with the same arguments, and exits with its exit code.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

/// The subcommands `zael-lifecycle` implements.
pub const COMMANDS: &[&str] = &["deploy", "status", "delete", "register"];

/// `diff` is the synthesizer's own with `--template OLD` (offline); without it, it compares
/// with the deployed stack, which `zael-lifecycle` fetches.
fn runs_in_lifecycle(command: &str, args: &[OsString]) -> bool {
    if COMMANDS.contains(&command) {
        return true;
    }
    let offline = args.iter().any(|a| {
        a.to_str().is_some_and(|a| {
            a == "--template" || a.starts_with("--template=") || a == "--help" || a == "-h"
        })
    });
    (command == "diff" && !offline) || (command == "fleet" && fleet_in_lifecycle(args))
}

/// The fleet commands that only `zael-lifecycle` has.
const FLEET_COMMANDS: &[&str] = &["apply", "status", "delete"];

/// `zael fleet apply|status|delete ...` (their `--help` included, and `fleet help apply`) and
/// `zael fleet plan` without `--offline` run in `zael-lifecycle`; `zael fleet --help` and
/// `zael fleet plan --offline|--help` are the synthesizer's own.
fn fleet_in_lifecycle(args: &[OsString]) -> bool {
    let word = |i: usize| args.get(i).and_then(|a| a.to_str()).unwrap_or("");
    if FLEET_COMMANDS.contains(&word(1)) {
        return true;
    }
    if word(1) == "help" {
        return FLEET_COMMANDS.contains(&word(2));
    }
    let local = args
        .iter()
        .any(|a| a == "--offline" || a == "--help" || a == "-h");
    word(1) == "plan" && !local
}

/// The binary's file name beside `zael`.
const BINARY: &str = "zael-lifecycle";

/// Runs `zael-lifecycle` with `args` (the subcommand first) when the subcommand is one of
/// [`COMMANDS`]; `None` when it is not, so the caller parses the line itself.
pub fn dispatch(args: &[OsString]) -> Option<u8> {
    let command = args.first()?.to_str()?;
    if !runs_in_lifecycle(command, args) {
        return None;
    }
    let Some(binary) = sibling_binary() else {
        eprintln!(
            "error: `zael {command}` needs the {BINARY} binary beside zael, which is not built: run `cargo build -p zael-lifecycle` (or `make install`)"
        );
        return Some(2);
    };
    match Command::new(&binary).args(args).status() {
        Ok(status) => Some(
            status
                .code()
                .and_then(|c| u8::try_from(c).ok())
                .unwrap_or(2),
        ),
        Err(error) => {
            eprintln!("error: cannot run {}: {error}", binary.display());
            Some(2)
        }
    }
}

fn sibling_binary() -> Option<PathBuf> {
    let binary = std::env::current_exe()
        .ok()?
        .parent()?
        .join(format!("{BINARY}{}", std::env::consts::EXE_SUFFIX));
    binary.is_file().then_some(binary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routed(line: &str) -> bool {
        let args: Vec<OsString> = line.split_whitespace().map(OsString::from).collect();
        runs_in_lifecycle(line.split_whitespace().next().unwrap(), &args)
    }

    #[test]
    fn fleet_commands_need_aws_unless_offline() {
        assert!(routed("fleet apply fleet.yaml"));
        assert!(routed("fleet status fleet.yaml"));
        assert!(routed("fleet delete fleet.yaml --yes"));
        assert!(routed("fleet plan fleet.yaml"));
        assert!(!routed("fleet plan fleet.yaml --offline"));
        assert!(!routed("fleet --help"));
        assert!(!routed("fleet"));
        assert!(routed("fleet apply --help"));
        assert!(routed("fleet status -h"));
        assert!(routed("fleet help delete"));
        assert!(routed("fleet apply"));
        assert!(!routed("fleet help"));
        assert!(!routed("fleet help plan"));
        assert!(!routed("fleet plan --help"));
        assert!(!routed("fleet --help apply"));
    }
}
