//! Reporting a failed initialisation to the Lambda Runtime API.
//!
//! `lambda_runtime` only reports init errors of its own (SnapStart hooks). When our
//! configuration is invalid we post to `/2018-06-01/runtime/init/error` ourselves, so the
//! invocation fails with our message (`Runtime.ConfigError: TABLE_NAME is not set ...`)
//! rather than a bare "Runtime exited". The Runtime API is plain HTTP on a local address,
//! so a few lines over `std::net` avoid pulling an HTTP client into init.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The error type reported for configuration errors.
pub const CONFIG_ERROR_TYPE: &str = "Runtime.ConfigError";

/// Posts the error to `http://{runtime_api}/2018-06-01/runtime/init/error` and returns the
/// HTTP status code (Lambda answers 202).
pub fn report(runtime_api: &str, error_type: &str, message: &str) -> std::io::Result<u16> {
    let body =
        serde_json::json!({"errorMessage": message, "errorType": error_type, "stackTrace": []})
            .to_string();
    let mut stream = TcpStream::connect(runtime_api)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    let request = format!(
        "POST /2018-06-01/runtime/init/error HTTP/1.1\r\nHost: {runtime_api}\r\n\
         Lambda-Runtime-Function-Error-Type: {error_type}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    // Only the status line matters; reading to EOF would wait on servers that keep the
    // connection open despite `Connection: close`.
    let mut response = Vec::new();
    let mut chunk = [0u8; 256];
    while !response.windows(2).any(|w| w == b"\r\n") {
        let read = stream.read(&mut chunk)?;
        if read == 0 {
            break;
        }
        response.extend_from_slice(&chunk[..read]);
    }
    let status_line = String::from_utf8_lossy(&response);
    status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "no HTTP status in the response",
            )
        })
}
