//! One API Gateway proxy request in, one response out: validate, then write.

use crate::item::{self, InvalidBody, Movie};
use crate::log;
use crate::store::ItemStore;
use aws_lambda_events::apigw::{ApiGatewayProxyRequest, ApiGatewayProxyResponse};
use aws_lambda_events::encodings::Body;
use aws_lambda_events::http::header::{HeaderValue, CONTENT_TYPE};
use serde_json::json;

/// The seed's answer to a stored item.
pub const SUCCESS: &str = "Successfully inserted data!";

/// Answers `request`. Every outcome is an HTTP response, never a Lambda error: API Gateway
/// turns a Lambda error into a bare 502, and the client would learn nothing.
///
/// - 400 with the reason when the body is not a valid item; nothing is written.
/// - 500 when the table refuses the write (details in the log, not in the reply).
/// - 200 `{"message": "Successfully inserted data!"}` once the item is stored.
pub async fn handle(
    store: &impl ItemStore,
    request: &ApiGatewayProxyRequest,
    request_id: &str,
) -> ApiGatewayProxyResponse {
    let movie = match parse(request) {
        Ok(movie) => movie,
        Err(reason) => {
            log::warn(
                "invalid request body",
                json!({"requestId": request_id, "reason": reason.0}),
            );
            return respond(400, &reason.0);
        }
    };
    match store.put(&movie).await {
        Ok(()) => {
            log::info(
                "item stored",
                json!({"requestId": request_id, "id": movie.id, "year": movie.year}),
            );
            respond(200, SUCCESS)
        }
        Err(error) => {
            log::error(
                "could not store the item",
                json!({"requestId": request_id, "id": movie.id, "error": error.0}),
            );
            respond(500, "The item could not be stored; try again later.")
        }
    }
}

fn parse(request: &ApiGatewayProxyRequest) -> Result<Movie, InvalidBody> {
    // No binary media types are configured on the API, so API Gateway passes JSON as text;
    // a base64 body means the client sent something other than JSON.
    if request.is_base64_encoded {
        return Err(InvalidBody(
            "the request body is binary; send JSON with Content-Type: application/json".into(),
        ));
    }
    item::parse(request.body.as_deref())
}

fn respond(status: i64, message: &str) -> ApiGatewayProxyResponse {
    let mut response = ApiGatewayProxyResponse::default();
    response.status_code = status;
    response
        .headers
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response.body = Some(Body::Text(json!({ "message": message }).to_string()));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreError;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Recording {
        items: Mutex<Vec<Movie>>,
        fail: bool,
    }

    impl ItemStore for Recording {
        async fn put(&self, movie: &Movie) -> Result<(), StoreError> {
            if self.fail {
                return Err(StoreError("ResourceNotFoundException".into()));
            }
            self.items.lock().unwrap().push(movie.clone());
            Ok(())
        }
    }

    fn request(body: Option<&str>) -> ApiGatewayProxyRequest {
        let mut request = ApiGatewayProxyRequest::default();
        request.body = body.map(String::from);
        request
    }

    fn body(response: &ApiGatewayProxyResponse) -> serde_json::Value {
        match &response.body {
            Some(Body::Text(text)) => serde_json::from_str(text).unwrap(),
            other => panic!("expected a text body, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_valid_item_is_stored_and_acknowledged_as_the_seed_says() {
        let store = Recording::default();
        let req = request(Some(r#"{"year":"2023","title":"kkkg","id":"12"}"#));
        let response = handle(&store, &req, "r1").await;
        assert_eq!(response.status_code, 200);
        assert_eq!(
            body(&response),
            json!({"message": "Successfully inserted data!"})
        );
        assert_eq!(response.headers[CONTENT_TYPE], "application/json");
        assert_eq!(store.items.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn an_invalid_body_gets_400_and_writes_nothing() {
        let store = Recording::default();
        for bad in [
            None,
            Some("{}"),
            Some(r#"{"year":"x","title":"t","id":"1"}"#),
        ] {
            let response = handle(&store, &request(bad), "r2").await;
            assert_eq!(response.status_code, 400, "{bad:?}");
            assert!(body(&response)["message"].as_str().unwrap().len() > 10);
        }
        let mut binary = request(Some("eyJ9"));
        binary.is_base64_encoded = true;
        assert_eq!(handle(&store, &binary, "r3").await.status_code, 400);
        assert!(store.items.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_refused_write_gets_500_without_internals() {
        let store = Recording {
            fail: true,
            ..Recording::default()
        };
        let req = request(Some(r#"{"year":2023,"title":"t","id":"1"}"#));
        let response = handle(&store, &req, "r4").await;
        assert_eq!(response.status_code, 500);
        assert!(!body(&response).to_string().contains("ResourceNotFound"));
    }
}
