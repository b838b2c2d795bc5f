//! The real zae-limiter 0.17.0 on zael's stack, end to end, on moto server (contract §7):
//! zael's synthesized template deployed, `zael register`, `Repository.connect()` and its
//! refusals, the library's operations, its stream replayed through the template's own
//! filters, this crate's shipped `bootstrap` behind the fake Runtime API, and the usage read
//! back with the library. Then the differential run: the library's own aggregator, in process
//! with the same clock, on a copy of the table fed the same batches in the same order, and
//! the two tables compared item by item.
//!
//! Why here: this crate has the bootstrap binary and the test kit, and depends (for tests
//! only) on the synthesizer and the lifecycle crate, so the template and `register` are
//! zael's own code, not copies. The library is Python: `tests/e2e/library.py` runs each of its
//! steps under `.venv/bin/python` (`make venv` installs zae-limiter, pinned in
//! requirements-dev.txt) and exits non-zero with the reason when an assertion fails.

mod common;

use common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use zael::stacks::limiter::LimiterOptions;
use zael_lifecycle::register::{register, Place};

const TABLE: &str = "ZAEL-limiter";
const REFERENCE_TABLE: &str = "ZAEL-ref";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs one step of `tests/e2e/library.py`; its last stdout line is a JSON summary.
fn library(step: &str, endpoint: &str, work: &Path, extra: &[&str]) -> Value {
    let python = workspace().join(".venv/bin/python");
    assert!(
        python.exists(),
        "{} not found: run `make venv` (it installs zae-limiter and moto server)",
        python.display()
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/library.py");
    let output = Command::new(python)
        .arg(script)
        .args([step, endpoint, work.to_str().unwrap()])
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "library.py {step} failed:\n{stderr}\n{stdout}"
    );
    let summary = stdout.lines().last().unwrap_or_default();
    println!("{step}: {summary}");
    serde_json::from_str(summary).unwrap_or_else(|e| panic!("{step}: {e}: {stdout}"))
}

/// Feeds `batches` to the bootstrap, one invocation each, and requires that every record
/// was applied.
fn feed_bootstrap(moto: &MotoServer, table: &str, now_ms: i64, batches: &[Value]) {
    let now = now_ms.to_string();
    let (runtime, _bootstrap) = run_bootstrap(
        env!("CARGO_BIN_EXE_bootstrap"),
        &[
            ("TABLE_NAME", table),
            ("AWS_ENDPOINT_URL", &moto.endpoint),
            ("SNAPSHOT_WINDOWS", "hourly,daily"),
            ("SNAPSHOT_TTL_DAYS", "90"),
            ("AUDIT_ARCHIVE_BUCKET", "zael-archive"),
            ("ZAEL_TEST_NOW_MS", &now),
        ],
    );
    for (n, batch) in batches.iter().enumerate() {
        let request = format!("req-{n}");
        let answer = runtime.answer(
            &request,
            &json!({ "Records": batch }),
            Duration::from_secs(120),
        );
        assert_eq!(answer, json!({"batchItemFailures": []}), "{request}");
    }
}

/// Steps 1-5 of `library.py`, up to the delivered batches and a copy of the table taken
/// before any aggregator ran.
struct Prepared {
    moto: MotoServer,
    work: PathBuf,
    batches: Vec<Value>,
    now_ms: i64,
    s3: aws_sdk_s3::Client,
}

async fn prepare(name: &str) -> Prepared {
    let moto = MotoServer::start();
    let work = std::env::temp_dir().join(format!("zael-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let template = zael::synth::document(LimiterOptions::default()).unwrap();
    std::fs::write(work.join("template.json"), template.to_string()).unwrap();

    // 1. Deploy (the table is compared with the library's definition), then register.
    let deployed = library("deploy", &moto.endpoint, &work, &[]);
    assert_eq!(deployed["indexes"].as_array().unwrap().len(), 9);
    let sdk = sdk_config(&moto.endpoint).await;
    let s3 = aws_sdk_s3::Client::new(&sdk);
    s3.create_bucket()
        .bucket("zael-archive")
        .send()
        .await
        .unwrap();
    let place = Place {
        table: TABLE.into(),
        location: moto.endpoint.clone(),
    };
    let namespaces = ["default".to_string(), "tenant-a".to_string()];
    let registered = register(
        &aws_sdk_dynamodb::Client::new(&sdk),
        &place,
        &namespaces,
        "library_e2e",
    )
    .await
    .unwrap();
    assert_eq!(registered.namespaces.len(), 2);

    // 2. connect() works right after register, and refuses what contract §6 says.
    let connected = library("connect", &moto.endpoint, &work, &[]);
    assert_eq!(
        connected["connected"]["default"],
        registered.namespaces[0].id
    );
    assert_eq!(connected["refused"].as_array().unwrap().len(), 7);

    // 3. The library's operations; 4. their stream through the template's filters.
    let driven = library("drive", &moto.endpoint, &work, &[]);
    assert!(driven["records"].as_u64().unwrap() > 60, "{driven}");
    let filtered = library("filter", &moto.endpoint, &work, &[]);
    let batches: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(work.join("batches.json")).unwrap()).unwrap();
    assert_eq!(batches.len() as u64, filtered["batches"].as_u64().unwrap());
    let expect: Value =
        serde_json::from_str(&std::fs::read_to_string(work.join("expect.json")).unwrap()).unwrap();
    let now_ms = expect["now_ms"].as_i64().unwrap();

    // 5. The same table state for the reference, before zael's aggregator writes.
    library("clone", &moto.endpoint, &work, &[]);
    Prepared {
        moto,
        work,
        batches,
        now_ms,
        s3,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_real_library_on_zaels_stack_end_to_end() {
    let p = prepare("library-e2e").await;
    // 6. zael's shipped bootstrap on the delivered batches; the library reads the usage back.
    feed_bootstrap(&p.moto, TABLE, p.now_ms, &p.batches);
    let read = library("readback", &p.moto.endpoint, &p.work, &[TABLE, "exact"]);
    assert!(read["tokens"].as_u64().unwrap() > 4_000, "{read}");
    let archived =
        p.s3.list_objects_v2()
            .bucket("zael-archive")
            .send()
            .await
            .unwrap();
    assert!(
        archived.key_count().unwrap_or(0) >= 1,
        "the audit expiries are archived"
    );
    // The library's own aggregator on the copy, same batches and clock: its usage is short
    // by the acquires that created buckets, which zael counts.
    library("reference", &p.moto.endpoint, &p.work, &[]);
    library(
        "readback",
        &p.moto.endpoint,
        &p.work,
        &[REFERENCE_TABLE, "short"],
    );
    std::fs::remove_dir_all(&p.work).unwrap();
}

/// Item by item against the library's own aggregator (step 7 of `library.py`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zaels_aggregator_leaves_the_table_as_the_reference_does_but_for_its_improvements() {
    let p = prepare("library-diff").await;
    feed_bootstrap(&p.moto, TABLE, p.now_ms, &p.batches);
    library("reference", &p.moto.endpoint, &p.work, &[]);
    let compared = library("diff", &p.moto.endpoint, &p.work, &[]);
    assert!(
        compared["explained"]["counts the creating acquire"]
            .as_u64()
            .unwrap()
            > 0,
        "{compared}"
    );
    std::fs::remove_dir_all(&p.work).unwrap();
}
