//! The fuzz harness: generated bad input on each input surface (profile text, template text,
//! guard rule text), run through the real binary, for a bounded time.
//!
//! Each run mutates an input of the seed corpus (`tests/fuzz/<surface>/`, the cases of issue
//! 21) with a seeded generator, so a failure is reproducible from the seed it prints. The
//! property, for every run: the process exits 0, 1 or 2 (no panic, abort or signal) within
//! [`RUN_LIMIT`]; on exit 2 it prints nothing on stdout; and an `--out` directory is left as
//! it was or holds the complete new set.
//!
//! `ZAEL_FUZZ_SECONDS` (default 15 per surface) and `ZAEL_FUZZ_SEED` run it longer or from
//! another seed; inputs that break the property are kept in `target/fuzz-failures/`.

mod common;

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{root, tree};

/// The longest one run may take (a debug binary, on a loaded machine); a hang is far longer.
const RUN_LIMIT: Duration = Duration::from_secs(20);

/// xorshift64*: small, seeded, the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that reach the parsers' and rules' corners: nesting, numbers at the edges,
/// control characters, intrinsics, guard variables.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "{a: ",
    ": ",
    "- ",
    "\n",
    "\t",
    "\r",
    "\u{1b}[31m",
    "\u{0}",
    "'",
    "\"",
    "#",
    "&a ",
    "*a",
    "!Ref ",
    "!GetAtt ",
    "!Sub ",
    "!Nope ",
    "18446744073709551616",
    "-9223372036854775809",
    "1e308",
    "0x100",
    "2.56e2",
    "-1",
    "0",
    "[512]",
    "'256'",
    "~",
    "null",
    "true",
    "Fn::Join",
    "{\"Ref\": []}",
    "{\"Fn::Select\": [0, []]}",
    "DependsOn: ",
    "Resources",
    "Type: AWS::SQS::Queue",
    "let a = %a\n",
    "%",
    "rule R {",
    "<<",
    ">>",
    "lambda_memory: ",
    "tags:\n  k: ",
    "overrides:\n  - path: Resources..X\n    set: 1\n",
    "blueprint: redis\n",
    "name: ",
    "Resources.*[ Type == 'X' ]",
    "\u{feff}",
    "é",
    "𝄞",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(7) {
            0 | 1 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            2 if !bytes.is_empty() => {
                let end = (at + 1 + rng.below(32)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            3 if !bytes.is_empty() => {
                let end = (at + 1 + rng.below(64)).min(bytes.len());
                let slice = bytes[at.min(end)..end].to_vec();
                for _ in 0..1 + rng.below(50) {
                    bytes.splice(at..at, slice.iter().copied());
                }
            }
            4 => {
                let token = TOKENS[rng.below(6)].repeat(1 + rng.below(3000));
                bytes.splice(at..at, token.bytes());
            }
            5 if !bytes.is_empty() => {
                let i = at.min(bytes.len() - 1);
                bytes[i] = rng.next() as u8;
            }
            _ => {}
        }
    }
    bytes
}

fn corpus(surface: &str) -> Vec<(String, Vec<u8>)> {
    let mut inputs: Vec<_> = fs::read_dir(root().join("tests/fuzz").join(surface))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    inputs.sort();
    inputs
}

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    took: Duration,
}

/// Runs zael with a deadline, killing it past [`RUN_LIMIT`].
fn run(args: &[&std::ffi::OsStr], dir: &Path) -> Run {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_zael"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        let _ = stdout.read_to_end(&mut buffer);
        buffer
    });
    let err = std::thread::spawn(move || {
        let mut buffer = String::new();
        let _ = stderr.read_to_string(&mut buffer);
        buffer
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.and_then(|s| s.code()),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        took: started.elapsed(),
    }
}

/// Fuzzes one surface: `write` puts the input in place in a fresh directory and returns the
/// arguments; `out` names an output directory the run may write, if any.
fn fuzz(
    surface: &str,
    file: &str,
    args: impl Fn(&Path) -> Vec<std::ffi::OsString>,
    out: Option<&str>,
) {
    let seconds: u64 = std::env::var("ZAEL_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    let seed: u64 = std::env::var("ZAEL_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(21);
    let mut rng = Rng(seed
        ^ surface.bytes().fold(0x9E37_79B9_7F4A_7C15_u64, |h, b| {
            h.rotate_left(5) ^ b as u64
        }));
    let inputs = corpus(surface);
    let work = std::env::temp_dir().join(format!("zael-fuzz-{surface}-{}", std::process::id()));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut runs = 0;
    let mut failures = Vec::new();
    // Every seed as it is first, then mutations until the time is up.
    while runs < inputs.len() || Instant::now() < deadline {
        let (name, original) = &inputs[runs % inputs.len()];
        let input = if runs < inputs.len() {
            original.clone()
        } else {
            mutate(&mut rng, original)
        };
        let _ = fs::remove_dir_all(&work);
        fs::create_dir_all(work.join(file).parent().unwrap()).unwrap();
        fs::write(work.join(file), &input).unwrap();
        if let Some(out) = out {
            fs::create_dir_all(work.join(out)).unwrap();
            fs::write(work.join(out).join("mine.txt"), "kept").unwrap();
        }
        let before = out.map(|o| tree(&work.join(o)));
        let arguments = args(&work);
        let arguments: Vec<&std::ffi::OsStr> = arguments.iter().map(|a| a.as_os_str()).collect();
        let result = run(&arguments, &work);
        let mut broken = Vec::new();
        match result.code {
            Some(0..=2) => {}
            Some(code) => broken.push(format!("exit {code}")),
            None => broken.push(format!(
                "no exit within {:?} (killed or signalled)",
                result.took
            )),
        }
        if result.code == Some(2) && !result.stdout.is_empty() {
            broken.push("stdout on exit 2".into());
        }
        if let (Some(out), Some(before)) = (out, before) {
            let after = tree(&work.join(out));
            let complete = result.code == Some(0)
                && before
                    .iter()
                    .all(|b| after.contains(b) || b.0 == "template.yaml")
                && after.iter().any(|(p, _)| p == "manifest.json")
                && after.iter().any(|(p, _)| p == "template.yaml");
            if after != before && !complete {
                broken.push("--out is neither as it was nor complete".into());
            }
            let beside: Vec<_> = fs::read_dir(&work)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            if beside
                .iter()
                .any(|n| n.to_string_lossy().contains("zael-staging"))
            {
                broken.push("staging left beside --out".into());
            }
        }
        if !broken.is_empty() {
            let keep = root().join("target/fuzz-failures").join(surface);
            fs::create_dir_all(&keep).unwrap();
            let kept = keep.join(format!("{seed}-{runs}-{name}"));
            fs::write(&kept, &input).unwrap();
            failures.push(format!(
                "{}: {} (stderr: {})",
                kept.display(),
                broken.join(", "),
                result.stderr.trim()
            ));
        }
        runs += 1;
    }
    let _ = fs::remove_dir_all(&work);
    eprintln!("fuzz {surface}: {runs} runs in {seconds} s from seed {seed}");
    assert!(
        failures.is_empty(),
        "{} of {runs} runs broke the contract:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn profiles() {
    fuzz(
        "profile",
        "p.yaml",
        |dir| {
            ["synth", "--stack", "p.yaml", "--out"]
                .iter()
                .map(Into::into)
                .chain([dir.join("dist").into_os_string()])
                .collect()
        },
        Some("dist"),
    );
}

#[test]
fn templates() {
    fuzz(
        "template",
        "t.yaml",
        |_| {
            ["check", "--format", "junit", "--template", "t.yaml"]
                .iter()
                .map(Into::into)
                .collect()
        },
        None,
    );
}

#[test]
fn guard_rules() {
    fuzz(
        "guard",
        "rules/r.guard",
        |_| {
            let template = root().join("tests/fuzz/template/valid.yaml");
            ["check", "--rules", "rules", "--template"]
                .iter()
                .map(Into::into)
                .chain([template.into_os_string()])
                .collect()
        },
        None,
    );
}
