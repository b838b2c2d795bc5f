//! Shared helpers of the integration tests: a moto server per test, the movies table as the
//! API blueprint deploys it, and a fake Lambda Runtime API for running the built binary.
//!
//! The moto server and the fake Runtime API follow `lambda/aggregator/tests/common/mod.rs`
//! (the same code, without the aggregator's stream helpers).

#![allow(dead_code)] // each test binary uses its own subset

use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType,
    ScalarAttributeType,
};
use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const REGION: &str = "us-east-1";

/// A `moto_server` child process on a free loopback port, killed on drop.
pub struct MotoServer {
    child: Child,
    pub endpoint: String,
}

fn moto_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("MOTO_SERVER") {
        return PathBuf::from(p);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/moto_server")
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl MotoServer {
    pub fn start() -> MotoServer {
        let bin = moto_binary();
        assert!(
            bin.exists(),
            "moto_server not found at {}: run `make venv` (it creates .venv with 'moto[server]'), \
             or set MOTO_SERVER to a moto_server binary",
            bin.display()
        );
        for _ in 0..5 {
            let port = free_port();
            let child = Command::new(&bin)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
            let mut server = MotoServer {
                child,
                endpoint: format!("http://127.0.0.1:{port}"),
            };
            let deadline = Instant::now() + Duration::from_secs(30);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = server.child.try_wait() {
                    break; // exited: port taken in between; try another
                }
                if http_ok(port) {
                    return server;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        panic!("moto_server did not answer on 127.0.0.1 within 30 s");
    }
}

fn http_ok(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut buf = [0u8; 12];
    s.read_exact(&mut buf).is_ok() && buf.starts_with(b"HTTP/1.")
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn sdk_config(endpoint: &str) -> aws_config::SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "tests"))
        .load()
        .await
}

/// The table as the API blueprint deploys it: partition key `id` (S), nothing else.
pub async fn create_table(ddb: &aws_sdk_dynamodb::Client, name: &str) {
    ddb.create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("id")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("id")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
}

pub type Item = HashMap<String, AttributeValue>;

/// Every item of the table.
pub async fn items(ddb: &aws_sdk_dynamodb::Client, name: &str) -> Vec<Item> {
    ddb.scan()
        .table_name(name)
        .send()
        .await
        .unwrap()
        .items
        .unwrap_or_default()
}

/// An API Gateway REST API (v1) proxy event for `POST /` with `body`, as the stage sends it.
pub fn post_event(body: Option<&str>) -> Value {
    serde_json::json!({
        "resource": "/",
        "path": "/",
        "httpMethod": "POST",
        "headers": {"Content-Type": "application/json", "x-api-key": "k"},
        "multiValueHeaders": {"Content-Type": ["application/json"], "x-api-key": ["k"]},
        "queryStringParameters": null,
        "multiValueQueryStringParameters": null,
        "pathParameters": null,
        "stageVariables": null,
        "requestContext": {
            "resourceId": "abc123",
            "resourcePath": "/",
            "httpMethod": "POST",
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "accountId": "123456789012",
            "apiId": "1234567890",
            "stage": "prod",
            "identity": {"sourceIp": "203.0.113.7", "userAgent": "curl/8.0", "apiKey": "k"},
            "protocol": "HTTP/1.1",
            "requestTimeEpoch": 1732700000000u64,
            "path": "/prod/"
        },
        "body": body,
        "isBase64Encoded": false
    })
}

// ---------------------------------------------------------------------------------------
// Fake Lambda Runtime API
// ---------------------------------------------------------------------------------------

/// What the runtime under test did.
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

impl FakeRuntime {
    pub fn start() -> FakeRuntime {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let queue: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
        let (tx, rx) = mpsc::channel();
        let q = queue.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { return };
                let (q, tx) = (q.clone(), tx.clone());
                std::thread::spawn(move || serve(conn, q, tx));
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

fn serve(conn: TcpStream, queue: Arc<Mutex<Vec<(String, String)>>>, tx: Sender<RuntimeCall>) {
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
                 Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:zael-api-handler\r\n\
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

impl Drop for Bootstrap {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `binary` as Lambda's `provided` runtime would, with a clean environment.
pub fn spawn_bootstrap(binary: &str, runtime_api: &str, extra_env: &[(&str, &str)]) -> Bootstrap {
    let home = std::env::temp_dir().join("zael-api-handler-test-home");
    std::fs::create_dir_all(&home).unwrap();
    let mut cmd = Command::new(binary);
    cmd.env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", runtime_api)
        .env("AWS_LAMBDA_FUNCTION_NAME", "zael-api-handler")
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
