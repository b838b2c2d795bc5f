//! Every bundled pack's rule tests (`rules/<pack>/tests/*_tests.yaml`: PASS, FAIL and SKIP
//! cases), run through the cfn-guard library as `cfn-guard test --dir rules/<pack>` runs them.

use cfn_guard::commands::validate::OutputFormatType;
use cfn_guard::commands::Executable;
use cfn_guard::utils::reader::{ReadBuffer, Reader};
use cfn_guard::utils::writer::{WriteBuffer, Writer};
use cfn_guard::{CommandBuilder, TestBuilder};
use zael::check::packs::PACKS;

fn run_tests(dir: &str) -> (i32, String) {
    let command = TestBuilder::default()
        .directory(Some(dir.to_string()))
        .output_format(OutputFormatType::SingleLineSummary)
        .try_build()
        .expect("a test command");
    let mut writer =
        Writer::new_with_err(WriteBuffer::Vec(Vec::new()), WriteBuffer::Vec(Vec::new())).unwrap();
    let mut reader = Reader::new(ReadBuffer::Cursor(std::io::Cursor::new(Vec::new())));
    let code = command.execute(&mut writer, &mut reader).expect("runs");
    (code, writer.into_string().unwrap_or_default())
}

#[test]
fn every_packs_rule_tests_pass() {
    let root = env!("CARGO_MANIFEST_DIR");
    for pack in PACKS {
        let (code, report) = run_tests(&format!("{root}/{}", pack.dir));
        assert_eq!(code, 0, "{}:\n{report}", pack.dir);
        for (file, _) in pack.files {
            let rule = file.trim_end_matches(".guard");
            assert!(report.contains(rule), "{rule} was not tested:\n{report}");
        }
        for (file, _) in pack.files {
            let rule = file.trim_end_matches(".guard");
            for expected in ["PASS", "FAIL"] {
                let tests =
                    std::fs::read_to_string(format!("{root}/{}/tests/{rule}_tests.yaml", pack.dir))
                        .unwrap_or_else(|_| panic!("{rule} has tests"));
                assert!(
                    tests.contains(&format!("{rule}: \"{expected}\"")),
                    "{rule} has a {expected} case"
                );
            }
        }
    }
}

#[test]
fn a_wrong_expectation_fails_the_run() {
    let dir = std::env::temp_dir().join(format!("zael-guard-test-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    let pack = &PACKS[0];
    let (file, text) = pack.files[0];
    let rule = file.trim_end_matches(".guard");
    std::fs::write(dir.join(file), text).unwrap();
    std::fs::write(
        dir.join(format!("tests/{rule}_tests.yaml")),
        format!("---\n- name: wrong\n  input:\n    Resources: {{}}\n  expectations:\n    rules:\n      {rule}: PASS\n"),
    )
    .unwrap();
    let (code, report) = run_tests(dir.to_str().unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
    assert_ne!(
        code, 0,
        "an empty template SKIPs {rule}, so PASS is wrong:\n{report}"
    );
}
