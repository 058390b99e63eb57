//! REST status codes and error bodies, mapped to the crate's error kinds.
//!
//! The service answers errors with `{"StatusCode": n, "Message": "…"}`,
//! keys in any case. The same status can mean different things (a 400 is an
//! expired token or a bad date), so the message decides where the status
//! alone cannot:
//!
//! | status | error |
//! |---|---|
//! | 204 | not found (with or without a body) |
//! | any, message saying there is no such method | validation: the endpoint is not the REST base |
//! | 3xx | validation: the endpoint redirects, and redirects are not followed |
//! | 400, message about an invalid or expired security token | authentication |
//! | 400, message about something not found or unavailable | not found |
//! | other 400 | validation |
//! | 401 | authentication |
//! | 403 with an HTML page | firewall |
//! | 403, message about the call volume quota | quota, with the wait from a time span like `00:59:12` |
//! | other 403 | authentication |
//! | 404 | not found |
//! | 429 | quota |
//! | other 4xx | validation |
//! | 5xx | server, with the `Error Code 5001`-style code kept; codes 5001 and 5003 blame the request and are not retried |

use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};
use crate::soap::{
    Operation, clean_service_text, looks_like_html, parse_time_span, redirect_error,
};

/// The error a non-success answer means, or `Ok(())` for a 2xx other than
/// 204.
///
/// `content_type` helps tell a firewall's HTML page from the service's
/// JSON. Each of `secrets` is redacted from any service text copied into
/// the error.
///
/// # Example
///
/// ```
/// use std::time::Duration;
/// use ffiec_core::rest::check_status;
/// use ffiec_core::soap::Operation;
///
/// let body = br#"{"statusCode":403,"message":"Out of call volume quota. Quota will be replenished in 00:59:12."}"#;
/// let error = check_status(Operation::RetrieveFacsimile, 403, Some("application/json"), body, &[])
///     .unwrap_err();
/// assert_eq!(error.quota_wait(), Some(Duration::from_secs(3552)));
/// assert!(check_status(Operation::RetrieveFacsimile, 200, None, b"\"\"", &[]).is_ok());
/// ```
///
/// # Errors
///
/// The error of the table in the module documentation.
pub fn check_status(
    operation: Operation,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    secrets: &[&str],
) -> Result<()> {
    if (200..300).contains(&status) && status != 204 {
        return Ok(());
    }
    if (300..400).contains(&status) {
        return Err(redirect_error(operation, status));
    }

    let html = is_html(content_type, body);
    if status == 403 && html {
        return Err(Error::new(
            ErrorKind::Firewall { status },
            format!("{operation}: HTTP 403 with an HTML page, not the service's JSON"),
        ));
    }

    let message = if html {
        String::new()
    } else {
        clean_service_text(&service_message(body), secrets)
    };
    let lower = message.to_ascii_lowercase();
    if lower.contains("no rest method") || lower.contains("no such method") {
        return Err(wrong_endpoint(operation, status, &message));
    }
    let kind = match status {
        204 => ErrorKind::NotFound,
        400 if lower.contains("token")
            && (lower.contains("invalid") || lower.contains("expired")) =>
        {
            ErrorKind::Authentication
        }
        400 if lower.contains("not found") || lower.contains("unavailable") => ErrorKind::NotFound,
        401 => ErrorKind::Authentication,
        403 if lower.contains("quota") => ErrorKind::Quota {
            wait: parse_time_span(&message),
        },
        403 => ErrorKind::Authentication,
        404 => ErrorKind::NotFound,
        // The proxy, not the service, refused: its credentials are wrong.
        407 => ErrorKind::Transport,
        429 => ErrorKind::Quota {
            wait: parse_time_span(&message),
        },
        400..=499 => ErrorKind::Validation,
        _ => ErrorKind::Server {
            status: Some(status),
            code: error_code(&message),
        },
    };

    let context = match (status, message.is_empty()) {
        (204, true) => format!("{operation}: HTTP 204, no content"),
        (_, true) => format!("{operation}: HTTP {status}"),
        (_, false) => format!("{operation}: HTTP {status}: {message}"),
    };
    Err(Error::new(kind, context))
}

/// The error for an answer saying the service has no such method: the
/// request reached something that is not the REST base (a SOAP URL, a
/// path with an extra segment), so it is the endpoint that needs changing,
/// not a report that is missing.
fn wrong_endpoint(operation: Operation, status: u16, message: &str) -> Error {
    Error::validation(format!(
        "{operation}: HTTP {status}: {message}; the endpoint looks wrong: the service has no \
         such method there (expected the REST base URL, such as \
         https://ffieccdr.azure-api.us/public)"
    ))
}

/// The service's message: the `Message` member of a JSON error body (any
/// case), a JSON string body, or the body's text.
fn service_message(body: &[u8]) -> String {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => object
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case("message"))
            .map(|(_, value)| match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            })
            .unwrap_or_default(),
        Ok(Value::String(text)) => text,
        Ok(_) => String::new(),
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    }
}

fn is_html(content_type: Option<&str>, body: &[u8]) -> bool {
    let declared = content_type
        .map(|value| {
            value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("text/html")
        })
        .unwrap_or(false);
    declared || looks_like_html(body)
}

/// The number after `Error Code` in a message such as
/// `Error Code 5001: Missing header dataSeries`.
fn error_code(message: &str) -> Option<u32> {
    let lower = message.to_ascii_lowercase();
    let after = &message[lower.find("error code")? + "error code".len()..];
    let digits: String = after
        .trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '#')
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    const JSON: Option<&str> = Some("application/json; charset=utf-8");

    fn error(status: u16, body: &str) -> Error {
        check_status(
            Operation::RetrieveFacsimile,
            status,
            JSON,
            body.as_bytes(),
            &[],
        )
        .unwrap_err()
    }

    #[test]
    fn success_passes_and_204_is_not_found_with_or_without_body() {
        assert!(check_status(Operation::RetrieveFacsimile, 200, JSON, b"[]", &[]).is_ok());

        let empty = check_status(Operation::RetrieveFacsimile, 204, None, b"", &[]).unwrap_err();
        assert!(empty.is_not_found());
        assert_eq!(empty.context(), "RetrieveFacsimile: HTTP 204, no content");

        let with_body = error(
            204,
            r#"{"StatusCode":204,"Message":"Facsimile not available"}"#,
        );
        assert!(with_body.is_not_found());
        assert_eq!(
            with_body.context(),
            "RetrieveFacsimile: HTTP 204: Facsimile not available"
        );
    }

    #[test]
    fn a_400_about_the_token_is_authentication() {
        for message in ["Security token invalid", "Security Token Expired."] {
            let body = format!(r#"{{"StatusCode":400,"Message":"{message}"}}"#);
            assert!(error(400, &body).is_auth(), "{message}");
        }
    }

    #[test]
    fn a_400_about_a_missing_report_is_not_found_others_are_validation() {
        let not_found = error(
            400,
            r#"{"StatusCode":400,"Message":"Facsimile not found or unavailable"}"#,
        );
        assert!(not_found.is_not_found());

        let bad_date = error(
            400,
            r#"{"statuscode":400,"message":"Invalid reporting period end date"}"#,
        );
        assert!(bad_date.is_validation());
        assert_eq!(
            bad_date.context(),
            "RetrieveFacsimile: HTTP 400: Invalid reporting period end date"
        );

        let bad_type = error(400, r#"{"StatusCode":400,"Message":"Invalid FI ID type"}"#);
        assert!(bad_type.is_validation());
    }

    #[test]
    fn a_401_is_authentication() {
        let missing = error(
            401,
            r#"{"StatusCode":401,"Message":"Missing bearer token"}"#,
        );
        assert!(missing.is_auth());
        let invalid = error(401, r#"{"statusCode":401,"message":"Invalid JWT"}"#);
        assert!(invalid.is_auth());
        assert_eq!(
            invalid.context(),
            "RetrieveFacsimile: HTTP 401: Invalid JWT"
        );
    }

    #[test]
    fn a_403_quota_carries_the_wait_and_html_is_a_firewall() {
        let quota = error(
            403,
            r#"{"StatusCode":403,"Message":"Out of call volume quota. Quota will be replenished in 00:59:12."}"#,
        );
        assert_eq!(quota.quota_wait(), Some(Duration::from_secs(3552)));

        let page = "<html><head><title>Request Rejected</title></head></html>";
        let firewall = check_status(
            Operation::RetrieveFacsimile,
            403,
            Some("text/html"),
            page.as_bytes(),
            &[],
        )
        .unwrap_err();
        assert_eq!(firewall.kind(), &ErrorKind::Firewall { status: 403 });
        assert!(!firewall.context().contains("Request Rejected"));

        let sniffed = check_status(
            Operation::RetrieveFacsimile,
            403,
            None,
            page.as_bytes(),
            &[],
        )
        .unwrap_err();
        assert!(sniffed.is_firewall());

        let denied = error(403, r#"{"StatusCode":403,"Message":"Access denied"}"#);
        assert!(denied.is_auth());
    }

    #[test]
    fn a_500_keeps_the_error_code_and_names_the_header() {
        let missing_header = error(
            500,
            r#"{"StatusCode":500,"Message":"Error Code 5001: Missing or invalid header: dataSeries"}"#,
        );
        assert_eq!(
            missing_header.kind(),
            &ErrorKind::Server {
                status: Some(500),
                code: Some(5001)
            }
        );
        assert_eq!(
            missing_header.context(),
            "RetrieveFacsimile: HTTP 500: Error Code 5001: Missing or invalid header: dataSeries"
        );

        for (body, code) in [
            (r#"{"Message":"Error Code 5000 database"}"#, Some(5000)),
            (
                r#"{"Message":"error code: 5003 access denied"}"#,
                Some(5003),
            ),
            (r#"{"Message":"Error Code 5005"}"#, Some(5005)),
            (r#"{"Message":"An error has occurred."}"#, None),
        ] {
            assert_eq!(
                error(500, body).kind(),
                &ErrorKind::Server {
                    status: Some(500),
                    code
                },
                "{body}"
            );
        }
        assert!(error(503, "Service Unavailable").is_transient());
    }

    #[test]
    fn no_such_method_says_the_endpoint_looks_wrong() {
        let wrong_base = error(
            404,
            r#"{"StatusCode":404,"Message":"No REST method 'RetrieveFacsimile'."}"#,
        );
        assert!(wrong_base.is_validation(), "{wrong_base}");
        assert_eq!(
            wrong_base.context(),
            "RetrieveFacsimile: HTTP 404: No REST method 'RetrieveFacsimile'.; the endpoint \
             looks wrong: the service has no such method there (expected the REST base URL, \
             such as https://ffieccdr.azure-api.us/public)"
        );

        assert!(error(404, r#"{"Message":"Facsimile not found"}"#).is_not_found());
    }

    #[test]
    fn other_statuses_fall_back_by_class() {
        assert!(error(404, "").is_not_found());
        assert!(error(429, "").is_quota());
        assert!(error(422, r#"{"Message":"bad"}"#).is_validation());
    }

    #[test]
    fn secrets_echoed_by_the_service_are_redacted() {
        let body = r#"{"StatusCode":500,"Message":"Error Code 5001: invalid header Authentication: Bearer ey.secret."}"#;
        let error = check_status(
            Operation::RetrieveFacsimile,
            500,
            JSON,
            body.as_bytes(),
            &["ey.secret."],
        )
        .unwrap_err();
        assert!(!error.to_string().contains("ey.secret."));
        assert!(error.context().ends_with("Bearer <redacted>"), "{error}");
    }

    #[test]
    fn a_text_body_is_used_as_the_message() {
        let error = check_status(
            Operation::RetrieveReportingPeriods,
            500,
            Some("text/plain"),
            b"  upstream\n timeout ",
            &[],
        )
        .unwrap_err();
        assert_eq!(
            error.context(),
            "RetrieveReportingPeriods: HTTP 500: upstream timeout"
        );
    }
}
