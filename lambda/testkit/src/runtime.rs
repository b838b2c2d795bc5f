//! A fake Lambda Runtime API, and a `bootstrap` binary run against it as Lambda runs it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The region the bootstrap process believes it runs in (moto accepts any).
pub const REGION: &str = "us-east-1";

#[derive(Debug)]
pub enum RuntimeCall {
    /// A `GET /next` arrived (at this instant).
    Next(Instant),
    Response {
        request_id: String,
        body: String,
    },
    Error {
        request_id: String,
        body: String,
    },
    InitError {
        error_type: Option<String>,
        body: String,
    },
}

/// A minimal Lambda Runtime API (HTTP/1.1, keep-alive) on a loopback port. Queued
/// events are handed out on `GET /next`; once the queue is empty, `/next` is held open,
/// as Lambda does between invocations.
pub struct FakeRuntime {
    pub addr: String,
    queue: Arc<Mutex<Vec<(String, String)>>>,
    pub calls: Receiver<RuntimeCall>,
}

/// The function the runtime serves: its name is in the invoked ARN it hands out.
type FunctionName = Arc<str>;

impl FakeRuntime {
    /// Serves invocations of `function` (a function name, as in its ARN).
    pub fn start(function: &str) -> FakeRuntime {
        let function: FunctionName = Arc::from(function);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let queue: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
        let (tx, rx) = mpsc::channel();
        let q = queue.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { return };
                let (q, tx, f) = (q.clone(), tx.clone(), function.clone());
                std::thread::spawn(move || serve(conn, q, tx, f));
            }
        });
        FakeRuntime {
            addr,
            queue,
            calls: rx,
        }
    }

    /// Queues an invocation with `payload`.
    pub fn invoke(&self, request_id: &str, payload: &Value) {
        self.queue
            .lock()
            .unwrap()
            .push((request_id.to_owned(), payload.to_string()));
    }

    /// The next call other than `/next`, waiting up to `timeout`.
    pub fn next_result(&self, timeout: Duration) -> RuntimeCall {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.calls.recv_timeout(left) {
                Ok(RuntimeCall::Next(_)) => continue,
                Ok(call) => return call,
                Err(_) => panic!("the runtime reported nothing within {timeout:?}"),
            }
        }
    }

    /// Invokes the function with `payload` and returns its response as JSON, waiting up to
    /// `timeout`; anything else (an invocation error, a response to another request) fails
    /// the test, naming the request.
    pub fn answer(&self, request_id: &str, payload: &Value, timeout: Duration) -> Value {
        self.invoke(request_id, payload);
        match self.next_result(timeout) {
            RuntimeCall::Response {
                request_id: answered,
                body,
            } => {
                assert_eq!(answered, request_id);
                serde_json::from_str(&body).unwrap_or_else(|e| {
                    panic!("{request_id}: the response is not JSON ({e}): {body}")
                })
            }
            other => panic!("{request_id}: expected a response, got {other:?}"),
        }
    }

    /// The instant of the first `/next`, waiting up to `timeout`.
    pub fn first_next(&self, timeout: Duration) -> Option<Instant> {
        match self.calls.recv_timeout(timeout) {
            Ok(RuntimeCall::Next(at)) => Some(at),
            _ => None,
        }
    }
}

struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

fn read_request(r: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if r.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        r.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
    }
    let header = |k: &str| headers.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let mut body = Vec::new();
    if let Some(len) = header("content-length") {
        body.resize(len.parse().ok()?, 0);
        r.read_exact(&mut body).ok()?;
    } else if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        loop {
            let mut size = String::new();
            r.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim(), 16).ok()?;
            let mut chunk = vec![0; size + 2];
            r.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    }
    Some(Request {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn serve(
    conn: TcpStream,
    queue: Arc<Mutex<Vec<(String, String)>>>,
    tx: Sender<RuntimeCall>,
    function: FunctionName,
) {
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut conn = conn;
    while let Some(req) = read_request(&mut reader) {
        const PREFIX: &str = "/2018-06-01/runtime";
        let path = req
            .path
            .strip_prefix(PREFIX)
            .unwrap_or(&req.path)
            .to_owned();
        let accepted = "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"status\":\"OK\"}\n";
        if req.method == "GET" && path == "/invocation/next" {
            let _ = tx.send(RuntimeCall::Next(Instant::now()));
            let (id, body) = loop {
                if let Some(next) = {
                    let mut q = queue.lock().unwrap();
                    (!q.is_empty()).then(|| q.remove(0))
                } {
                    break next;
                }
                std::thread::sleep(Duration::from_millis(5));
            };
            let deadline = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis()
                + 60_000;
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: {id}\r\n\
                 Lambda-Runtime-Deadline-Ms: {deadline}\r\n\
                 Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:{function}\r\n\
                 Lambda-Runtime-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1\r\n\
                 Content-Length: {}\r\n\r\n",
                body.len()
            );
            if conn
                .write_all(head.as_bytes())
                .and_then(|_| conn.write_all(body.as_bytes()))
                .is_err()
            {
                return;
            }
        } else if req.method == "POST" && path == "/init/error" {
            let error_type = req
                .headers
                .iter()
                .find(|(k, _)| k == "lambda-runtime-function-error-type")
                .map(|(_, v)| v.clone());
            let _ = tx.send(RuntimeCall::InitError {
                error_type,
                body: req.body,
            });
            let _ = conn.write_all(accepted.as_bytes());
        } else if let Some(rest) = path
            .strip_prefix("/invocation/")
            .filter(|_| req.method == "POST")
        {
            let (id, kind) = rest.split_once('/').unwrap_or((rest, ""));
            let (request_id, body) = (id.to_owned(), req.body);
            let call = match kind {
                "response" => RuntimeCall::Response { request_id, body },
                "error" => RuntimeCall::Error { request_id, body },
                _ => {
                    let _ = conn.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                    continue;
                }
            };
            let _ = tx.send(call);
            let _ = conn.write_all(accepted.as_bytes());
        } else {
            let _ = conn.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        }
    }
}

/// The `bootstrap` process under test, killed on drop.
pub struct Bootstrap(pub Child);

impl Bootstrap {
    /// The process's exit status once it exits, or `None` if it still runs after `timeout`.
    pub fn wait_for_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.0.try_wait().unwrap() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Init times of `binary` run as `function` with `env`, one per run, sorted: from spawning
/// the process to its first `GET /next`, the moment Lambda considers init done.
pub fn init_times(
    function: &str,
    binary: &str,
    env: &[(&str, &str)],
    runs: usize,
) -> Vec<Duration> {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let runtime = FakeRuntime::start(function);
            let started = Instant::now();
            let _bootstrap = spawn_bootstrap(function, binary, &runtime.addr, env);
            let at = runtime
                .first_next(Duration::from_secs(10))
                .expect("the runtime never asked for an event");
            at.duration_since(started)
        })
        .collect();
    samples.sort();
    samples
}

impl Drop for Bootstrap {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A fake Runtime API serving `function`, and `binary` spawned against it with `extra_env`
/// (see [`spawn_bootstrap`]): what a test invokes, and the process, killed when dropped.
pub fn run_bootstrap(
    function: &str,
    binary: &str,
    extra_env: &[(&str, &str)],
) -> (FakeRuntime, Bootstrap) {
    let runtime = FakeRuntime::start(function);
    let bootstrap = spawn_bootstrap(function, binary, &runtime.addr, extra_env);
    (runtime, bootstrap)
}

/// Runs `binary` as Lambda's `provided` runtime runs `function`'s bootstrap, with a clean
/// environment, against the runtime at `runtime_api`.
pub fn spawn_bootstrap(
    function: &str,
    binary: &str,
    runtime_api: &str,
    extra_env: &[(&str, &str)],
) -> Bootstrap {
    let home = std::env::temp_dir().join(format!("{function}-test-home"));
    std::fs::create_dir_all(&home).unwrap();
    let mut cmd = Command::new(binary);
    cmd.env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", runtime_api)
        .env("AWS_LAMBDA_FUNCTION_NAME", function)
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_FORMAT", "JSON")
        .env("AWS_REGION", REGION)
        .env("AWS_DEFAULT_REGION", REGION)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_SESSION_TOKEN", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("HOME", &home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn bootstrap");
    // Forward the function's JSON logs to the test output (captured unless it fails).
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("[bootstrap] {line}");
        }
    });
    Bootstrap(child)
}

/// The binary under test: the one cargo built (`built`, from `env!("CARGO_BIN_EXE_...")`), or
/// the artifact named by the environment variable `variable` (e.g.
/// `target/lambda/aggregator/bootstrap` from `scripts/build-lambda.sh`), so the shipped build
/// is checked the same way. A relative path means the workspace root, where `make lambda` and
/// the README's commands run (tests run in the crate's directory, two levels below).
pub fn binary_under_test(variable: &str, crate_dir: &str, built: &str) -> String {
    match std::env::var(variable) {
        Ok(path) => {
            let workspace = std::path::Path::new(crate_dir).join("../..");
            workspace.join(path).to_string_lossy().into_owned()
        }
        Err(_) => built.to_owned(),
    }
}

/// The body of the `Runtime.ConfigError` the bootstrap reports to the Runtime API at init,
/// after checking that the process then exits with a failure.
pub fn expect_config_error(runtime: &FakeRuntime, bootstrap: &mut Bootstrap) -> Value {
    let body = match runtime.next_result(Duration::from_secs(30)) {
        RuntimeCall::InitError { error_type, body } => {
            assert_eq!(error_type.as_deref(), Some("Runtime.ConfigError"));
            let body: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(body["errorType"], "Runtime.ConfigError");
            body
        }
        other => panic!("expected an init error, got {other:?}"),
    };
    let status = bootstrap
        .wait_for_exit(Duration::from_secs(10))
        .expect("bootstrap kept running after an init error");
    assert!(!status.success());
    body
}

/// Prints `binary`'s init time over 30 runs as `function` (min, median, max) and fails when
/// the median is over the 50 ms target. A measurement: the crates' `init_time` tests run it
/// on demand against the release artifact.
pub fn measure_init_time(function: &str, binary: &str) {
    let runs = 30;
    let env = [
        ("TABLE_NAME", "t"),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
    ];
    let samples = init_times(function, binary, &env, runs);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = samples[runs / 2];
    println!(
        "init time of {binary} over {runs} runs: min {:.1} ms, median {:.1} ms, max {:.1} ms",
        ms(samples[0]),
        ms(median),
        ms(samples[runs - 1])
    );
    assert!(
        median < Duration::from_millis(50),
        "median init {median:?} is over the 50 ms target"
    );
}
