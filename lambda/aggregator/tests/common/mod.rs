//! Shared helpers of the integration tests: a moto server per test, the real table
//! schema, reading the table's stream back as a Lambda event, and a fake Lambda Runtime
//! API for running the `bootstrap` binary.
#![allow(dead_code)] // each test crate uses a different subset

use aws_lambda_events::dynamodb::Event;
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, GlobalSecondaryIndex, KeySchemaElement,
    KeyType, Projection, ProjectionType, ScalarAttributeType, StreamSpecification, StreamViewType,
};
use aws_sdk_dynamodbstreams::types::AttributeValue as StreamValue;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
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

/// The rate-limit table as deployed: PK/SK, GSI1, GSI2, stream with both images.
pub async fn create_table(ddb: &aws_sdk_dynamodb::Client, name: &str) {
    let attr = |n: &str| {
        AttributeDefinition::builder()
            .attribute_name(n)
            .attribute_type(ScalarAttributeType::S)
            .build()
            .unwrap()
    };
    let key = |n: &str, t: KeyType| {
        KeySchemaElement::builder()
            .attribute_name(n)
            .key_type(t)
            .build()
            .unwrap()
    };
    let gsi = |idx: &str, pk: &str, sk: &str| {
        GlobalSecondaryIndex::builder()
            .index_name(idx)
            .key_schema(key(pk, KeyType::Hash))
            .key_schema(key(sk, KeyType::Range))
            .projection(
                Projection::builder()
                    .projection_type(ProjectionType::All)
                    .build(),
            )
            .build()
            .unwrap()
    };
    ddb.create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attr("PK"))
        .attribute_definitions(attr("SK"))
        .attribute_definitions(attr("GSI1PK"))
        .attribute_definitions(attr("GSI1SK"))
        .attribute_definitions(attr("GSI2PK"))
        .attribute_definitions(attr("GSI2SK"))
        .key_schema(key("PK", KeyType::Hash))
        .key_schema(key("SK", KeyType::Range))
        .global_secondary_indexes(gsi("GSI1", "GSI1PK", "GSI1SK"))
        .global_secondary_indexes(gsi("GSI2", "GSI2PK", "GSI2SK"))
        .stream_specification(
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::NewAndOldImages)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("create table");
}

pub fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_owned())
}
pub fn n(v: impl ToString) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

/// Creates a bucket item the way the limiter does (optionally without the counter,
/// like buckets written before it existed).
pub async fn put_bucket(
    ddb: &aws_sdk_dynamodb::Client,
    table: &str,
    entity: &str,
    resource: &str,
    limit: &str,
    counter: Option<i64>,
    at_ms: i64,
) {
    let mut put = ddb
        .put_item()
        .table_name(table)
        .item("PK", s(&format!("ENTITY#{entity}")))
        .item("SK", s(&format!("#BUCKET#{resource}#{limit}")))
        .item("entity_id", s(entity))
        .item(
            "data",
            AttributeValue::M(HashMap::from([
                ("last_refill_ms".to_owned(), n(at_ms)),
                ("tokens_milli".to_owned(), n(1_000_000)),
            ])),
        );
    if let Some(c) = counter {
        put = put.item("total_consumed_milli", n(c));
    }
    put.send().await.expect("put bucket");
}

/// A consume (or a return, with a negative delta) as the limiter writes it: the counter
/// is ADDed and the refill time SET in one UpdateItem.
pub async fn consume(
    ddb: &aws_sdk_dynamodb::Client,
    table: &str,
    entity: &str,
    resource: &str,
    limit: &str,
    delta_milli: i64,
    at_ms: i64,
) {
    ddb.update_item()
        .table_name(table)
        .key("PK", s(&format!("ENTITY#{entity}")))
        .key("SK", s(&format!("#BUCKET#{resource}#{limit}")))
        .update_expression(
            "ADD total_consumed_milli :d SET #data.last_refill_ms = :t, #data.tokens_milli = :k",
        )
        .expression_attribute_names("#data", "data")
        .expression_attribute_values(":d", n(delta_milli))
        .expression_attribute_values(":t", n(at_ms))
        .expression_attribute_values(":k", n(500_000 + delta_milli))
        .send()
        .await
        .expect("consume");
}

fn stream_value_json(v: &StreamValue) -> Value {
    match v {
        StreamValue::S(x) => json!({"S": x}),
        StreamValue::N(x) => json!({"N": x}),
        StreamValue::Bool(x) => json!({"BOOL": x}),
        StreamValue::Null(x) => json!({"NULL": x}),
        StreamValue::Ss(x) => json!({"SS": x}),
        StreamValue::Ns(x) => json!({"NS": x}),
        StreamValue::M(m) => json!({"M": image_json(Some(m))}),
        StreamValue::L(l) => json!({"L": l.iter().map(stream_value_json).collect::<Vec<_>>()}),
        other => panic!("attribute type not used by the limiter: {other:?}"),
    }
}

fn image_json(img: Option<&HashMap<String, StreamValue>>) -> Value {
    match img {
        None => Value::Null,
        Some(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), stream_value_json(v)))
                .collect(),
        ),
    }
}

/// Reads every record of the table's stream (DynamoDB Streams API) and returns them as
/// the JSON records of a Lambda DynamoDB event, in stream order.
pub async fn read_stream(
    ddb: &aws_sdk_dynamodb::Client,
    streams: &aws_sdk_dynamodbstreams::Client,
    table: &str,
) -> Vec<Value> {
    let desc = ddb
        .describe_table()
        .table_name(table)
        .send()
        .await
        .expect("describe table");
    let arn = desc
        .table
        .and_then(|t| t.latest_stream_arn)
        .expect("table has a stream");
    let stream = streams
        .describe_stream()
        .stream_arn(&arn)
        .send()
        .await
        .expect("describe stream");
    let shards = stream
        .stream_description
        .map(|d| d.shards.unwrap_or_default())
        .unwrap_or_default();
    let mut out = Vec::new();
    for shard in shards {
        let it = streams
            .get_shard_iterator()
            .stream_arn(&arn)
            .shard_id(shard.shard_id.clone().unwrap())
            .shard_iterator_type(aws_sdk_dynamodbstreams::types::ShardIteratorType::TrimHorizon)
            .send()
            .await
            .expect("shard iterator");
        let mut iterator = it.shard_iterator;
        for _ in 0..1000 {
            let Some(i) = iterator.take() else { break };
            let page = streams
                .get_records()
                .shard_iterator(i)
                .send()
                .await
                .expect("get records");
            let records = page.records.unwrap_or_default();
            if records.is_empty() {
                break;
            }
            for r in records {
                let d = r.dynamodb.expect("stream record body");
                out.push(json!({
                    "eventID": r.event_id,
                    "eventName": r.event_name.map(|e| e.as_str().to_owned()),
                    "eventVersion": r.event_version,
                    "eventSource": r.event_source,
                    "awsRegion": r.aws_region.unwrap_or_else(|| REGION.to_owned()),
                    "eventSourceARN": arn,
                    "dynamodb": {
                        "ApproximateCreationDateTime": d.approximate_creation_date_time.map(|t| t.as_secs_f64()),
                        "Keys": image_json(d.keys.as_ref()),
                        "NewImage": image_json(d.new_image.as_ref()),
                        "OldImage": image_json(d.old_image.as_ref()),
                        "SequenceNumber": d.sequence_number,
                        "SizeBytes": d.size_bytes.unwrap_or(0),
                        "StreamViewType": d.stream_view_type.map(|v| v.as_str().to_owned()),
                    }
                }));
            }
            iterator = page.next_shard_iterator;
        }
    }
    out
}

pub fn event(records: &[Value]) -> Event {
    serde_json::from_value(json!({ "Records": records })).expect("a valid DynamoDB event")
}

pub type Item = HashMap<String, AttributeValue>;

/// Every usage snapshot in the table, by (PK, SK).
pub async fn usage_items(
    ddb: &aws_sdk_dynamodb::Client,
    table: &str,
) -> BTreeMap<(String, String), Item> {
    let mut out = BTreeMap::new();
    let mut start = None;
    loop {
        let page = ddb
            .scan()
            .table_name(table)
            .consistent_read(true)
            .set_exclusive_start_key(start)
            .send()
            .await
            .expect("scan");
        for item in page.items.unwrap_or_default() {
            let sk = item["SK"].as_s().unwrap().clone();
            if sk.starts_with("#USAGE#") {
                out.insert((item["PK"].as_s().unwrap().clone(), sk), item);
            }
        }
        start = page.last_evaluated_key;
        if start.is_none() {
            return out;
        }
    }
}

pub fn num(item: &Item, attr: &str) -> String {
    item.get(attr)
        .unwrap_or_else(|| panic!("{attr} missing in {item:?}"))
        .as_n()
        .unwrap()
        .clone()
}
pub fn text(item: &Item, attr: &str) -> String {
    item.get(attr)
        .unwrap_or_else(|| panic!("{attr} missing in {item:?}"))
        .as_s()
        .unwrap()
        .clone()
}
/// A counter in exact millitokens.
pub fn milli(item: &Item, attr: &str) -> i128 {
    let raw = num(item, attr);
    zael_aggregator::amount::decimal_to_milli(&raw)
        .unwrap_or_else(|| panic!("{attr} = {raw} is not exact"))
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
                 Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:zael-aggregator\r\n\
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
    let home = std::env::temp_dir().join("zael-aggregator-test-home");
    std::fs::create_dir_all(&home).unwrap();
    let mut cmd = Command::new(binary);
    cmd.env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", runtime_api)
        .env("AWS_LAMBDA_FUNCTION_NAME", "zael-aggregator")
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
