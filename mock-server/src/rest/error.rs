//! REST errors: a status and `{"StatusCode": n, "Message": "…"}`.

use axum::response::Response;
use http::StatusCode;
use http::header::{CONNECTION, HeaderValue};

use crate::http::raw_status::FORCE_204_HEADER;
use crate::http::response::{reply, with_fault_code};

const JSON: &str = "application/json; charset=utf-8";

/// One error answer of the REST endpoint.
#[derive(Debug, Clone)]
pub(crate) struct RestError {
    status: StatusCode,
    /// A short tag for the journal (`token-expired`, `5001`, ...).
    tag: &'static str,
    message: String,
}

impl RestError {
    pub(crate) fn unauthorized(tag: &'static str, message: &str) -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            tag,
            message: message.to_owned(),
        }
    }

    pub(crate) fn bad_request(tag: &'static str, message: String) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            tag,
            message,
        }
    }

    /// 500 with error code 5001: a header is missing or invalid (or a
    /// parameter came in the query string).
    pub(crate) fn missing_header(detail: String) -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            tag: "5001",
            message: format!("Error Code 5001: {detail}"),
        }
    }

    pub(crate) fn server_error(tag: &'static str, message: String) -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            tag,
            message: format!("An error has occurred: {message}"),
        }
    }

    /// 403 with the wait as a time span, as the live service words it.
    pub(crate) fn quota(wait_seconds: u64) -> Self {
        let span = format!(
            "{:02}:{:02}:{:02}",
            wait_seconds / 3600,
            wait_seconds / 60 % 60,
            wait_seconds % 60
        );
        Self {
            status: StatusCode::FORBIDDEN,
            tag: "quota",
            message: format!("Out of call volume quota. Quota will be replenished in {span}."),
        }
    }

    /// 204, sent with a JSON body as the live service has done (see
    /// `http::raw_status` for how the body survives).
    pub(crate) fn no_content(message: String) -> Self {
        Self {
            status: StatusCode::NO_CONTENT,
            tag: "not-found",
            message,
        }
    }

    pub(crate) fn not_found(method: &str) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            tag: "unknown-method",
            message: format!("No REST method '{method}'."),
        }
    }

    pub(crate) fn into_response(self) -> Response {
        let body =
            serde_json::json!({ "StatusCode": self.status.as_u16(), "Message": self.message });
        if self.status != StatusCode::NO_CONTENT {
            let response = reply(self.status, JSON, body.to_string(), false);
            return with_fault_code(response, self.tag);
        }

        // hyper drops the body of a 204: send a marked 200 that the
        // connection rewrites into a 204, and close after it.
        let mut response = reply(StatusCode::OK, JSON, body.to_string(), false);
        let headers = response.headers_mut();
        headers.insert(FORCE_204_HEADER, HeaderValue::from_static("1"));
        headers.insert(CONNECTION, HeaderValue::from_static("close"));
        with_fault_code(response, self.tag)
    }
}
