//! Building REST requests: every parameter travels in an HTTP header.
//!
//! A REST call is `GET <base>/<Method>` with no query string and no body.
//! The operation's parameters become headers named as SPEC section 3 names
//! them (`fiIdType`, `fiId`: lower-case d), and every call carries the
//! `UserID` and `Authentication: Bearer <token>` pair. The transport adds
//! the `User-Agent`.
//!
//! HTTP/1 header names are case-insensitive, and the HTTP stack writes them
//! in lower case on the wire; the service accepts that.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::soap::{Arguments, Operation};

/// Header carrying the user id.
pub const USER_ID_HEADER: &str = "UserID";
/// Header carrying the bearer token (the service's name; not `Authorization`).
pub const AUTHENTICATION_HEADER: &str = "Authentication";

/// A ready REST request: the method to call and the headers to send.
///
/// Its `Debug` shows header names and the values of every header but the
/// token's.
#[derive(Clone)]
pub struct RestRequest {
    method: &'static str,
    headers: HeaderMap,
}

impl RestRequest {
    /// The method name, the last segment of the path.
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The headers, the `Authentication` one marked sensitive.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The URL under `base` (`https://ffieccdr.azure-api.us/public`), with
    /// exactly one slash between the two.
    ///
    /// ```
    /// # use ffiec_core::rest::build_request;
    /// # use ffiec_core::soap::{Arguments, Operation};
    /// let request = build_request(
    ///     Operation::RetrieveUbprReportingPeriods,
    ///     &Arguments::new(),
    ///     "alice",
    ///     "ey.token.",
    /// )?;
    /// assert_eq!(
    ///     request.url("https://ffieccdr.azure-api.us/public/"),
    ///     "https://ffieccdr.azure-api.us/public/RetrieveUBPRReportingPeriods"
    /// );
    /// # Ok::<(), ffiec_core::Error>(())
    /// ```
    pub fn url(&self, base: &str) -> String {
        format!("{}/{}", base.trim_end_matches('/'), self.method)
    }
}

impl fmt::Debug for RestRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if value.is_sensitive() {
                    "<redacted>"
                } else {
                    value.to_str().unwrap_or("<non-ASCII>")
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("RestRequest")
            .field("method", &self.method)
            .field("headers", &headers)
            .finish()
    }
}

/// Builds the REST request for `operation` with `arguments`, for the
/// account `user_id` whose bearer token is `token`.
///
/// # Example
///
/// ```
/// use ffiec_core::rest::build_request;
/// use ffiec_core::soap::{Arguments, Operation, Param};
///
/// let arguments = Arguments::new()
///     .with(Param::ReportingPeriodEndDate, "6/30/2026")
///     .with(Param::FiIdType, "ID_RSSD")
///     .with(Param::FiId, "451965");
/// let request =
///     build_request(Operation::RetrieveUbprXbrlFacsimile, &arguments, "alice", "ey.token.")?;
/// assert_eq!(request.headers()["fiIdType"], "ID_RSSD");
/// assert_eq!(request.headers()["UserID"], "alice");
/// # Ok::<(), ffiec_core::Error>(())
/// ```
///
/// # Errors
///
/// A validation error when the operation has no REST method
/// (`TestUserAccess`), when a parameter of the operation is missing or
/// foreign to it, or when a value cannot be an HTTP header value (the
/// token's error never quotes the token).
pub fn build_request(
    operation: Operation,
    arguments: &Arguments,
    user_id: &str,
    token: &str,
) -> Result<RestRequest> {
    let method = operation.rest_method().ok_or_else(|| {
        Error::validation(format!("{operation}: the REST service has no such method"))
    })?;
    operation.check_arguments(arguments, true)?;

    let mut headers = HeaderMap::new();
    for (param, value) in arguments.in_order(operation) {
        let name = param.rest_header();
        let value = HeaderValue::from_str(value).map_err(|_| {
            Error::validation(format!(
                "{operation}: {name} {value:?} cannot be sent as an HTTP header value"
            ))
        })?;
        headers.insert(header_name(operation, name)?, value);
    }

    let user = HeaderValue::from_str(user_id).map_err(|_| {
        Error::validation(format!(
            "{operation}: the user id cannot be sent as an HTTP header value"
        ))
    })?;
    headers.insert(header_name(operation, USER_ID_HEADER)?, user);

    let bearer = Zeroizing::new(format!("Bearer {token}"));
    let mut authentication = HeaderValue::from_str(&bearer).map_err(|_| {
        Error::validation(format!(
            "{operation}: the token cannot be sent as an HTTP header value"
        ))
    })?;
    authentication.set_sensitive(true);
    headers.insert(
        header_name(operation, AUTHENTICATION_HEADER)?,
        authentication,
    );

    Ok(RestRequest { method, headers })
}

/// A header name from the constant tables above (lower-cased on the way).
fn header_name(operation: Operation, name: &'static str) -> Result<HeaderName> {
    HeaderName::from_bytes(name.as_bytes()).map_err(|source| {
        Error::validation(format!("{operation}: {name} is not a valid header name"))
            .with_source(source)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::soap::Param;

    fn names(request: &RestRequest) -> Vec<&str> {
        request.headers().keys().map(HeaderName::as_str).collect()
    }

    fn value<'a>(request: &'a RestRequest, name: &str) -> &'a str {
        request.headers()[name].to_str().unwrap()
    }

    #[test]
    fn facsimile_headers_follow_the_spec_names() {
        let arguments = Arguments::new()
            .with(Param::DataSeries, "Call")
            .with(Param::ReportingPeriodEndDate, "6/30/2026")
            .with(Param::FiIdType, "ID_RSSD")
            .with(Param::FiId, "480228")
            .with(Param::FacsimileFormat, "XBRL");
        let request =
            build_request(Operation::RetrieveFacsimile, &arguments, "alice", "ey.tok.").unwrap();

        assert_eq!(request.method(), "RetrieveFacsimile");
        assert_eq!(
            names(&request),
            [
                "dataseries",
                "reportingperiodenddate",
                "fiidtype",
                "fiid",
                "facsimileformat",
                "userid",
                "authentication",
            ]
        );
        assert_eq!(value(&request, "dataSeries"), "Call");
        assert_eq!(value(&request, "reportingPeriodEndDate"), "6/30/2026");
        assert_eq!(value(&request, "fiIdType"), "ID_RSSD");
        assert_eq!(value(&request, "fiId"), "480228");
        assert_eq!(value(&request, "facsimileFormat"), "XBRL");
        assert_eq!(value(&request, "UserID"), "alice");
        assert_eq!(value(&request, "Authentication"), "Bearer ey.tok.");
        assert!(request.headers()["Authentication"].is_sensitive());
    }

    #[test]
    fn every_method_sends_exactly_its_spec_headers() {
        let full = Arguments::new()
            .with(Param::DataSeries, "Call")
            .with(Param::ReportingPeriodEndDate, "12/31/2023")
            .with(Param::LastUpdateDateTime, "10/1/2023")
            .with(Param::FiIdType, "ID_RSSD")
            .with(Param::FiId, "37")
            .with(Param::FacsimileFormat, "PDF");
        let expected: [(Operation, &[&str]); 7] = [
            (Operation::RetrieveReportingPeriods, &["dataseries"]),
            (
                Operation::RetrievePanelOfReporters,
                &["dataseries", "reportingperiodenddate"],
            ),
            (
                Operation::RetrieveFilersSinceDate,
                &["dataseries", "reportingperiodenddate", "lastupdatedatetime"],
            ),
            (
                Operation::RetrieveFilersSubmissionDateTime,
                &["dataseries", "reportingperiodenddate", "lastupdatedatetime"],
            ),
            (
                Operation::RetrieveFacsimile,
                &[
                    "dataseries",
                    "reportingperiodenddate",
                    "fiidtype",
                    "fiid",
                    "facsimileformat",
                ],
            ),
            (Operation::RetrieveUbprReportingPeriods, &[]),
            (
                Operation::RetrieveUbprXbrlFacsimile,
                &["reportingperiodenddate", "fiidtype", "fiid"],
            ),
        ];

        for (operation, params) in expected {
            let arguments = operation
                .params()
                .iter()
                .fold(Arguments::new(), |arguments, spec| {
                    arguments.with(spec.param, full.get(spec.param).unwrap())
                });
            let request = build_request(operation, &arguments, "u", "t").unwrap();
            let mut expected_names = params.to_vec();
            expected_names.extend(["userid", "authentication"]);
            assert_eq!(names(&request), expected_names, "{operation}");
        }
    }

    #[test]
    fn rest_requires_every_parameter_and_has_no_test_user_access() {
        let arguments = Arguments::new().with(Param::DataSeries, "Call");
        let error =
            build_request(Operation::RetrieveFilersSinceDate, &arguments, "u", "t").unwrap_err();
        assert_eq!(
            error.context(),
            "RetrieveFilersSinceDate: parameter reportingPeriodEndDate is required"
        );

        let error =
            build_request(Operation::TestUserAccess, &Arguments::new(), "u", "t").unwrap_err();
        assert!(error.is_validation());
        assert_eq!(
            error.context(),
            "TestUserAccess: the REST service has no such method"
        );
    }

    #[test]
    fn a_token_that_cannot_be_a_header_is_refused_without_being_quoted() {
        let error = build_request(
            Operation::RetrieveUbprReportingPeriods,
            &Arguments::new(),
            "alice",
            "ey.secret\r\nX-Injected: 1",
        )
        .unwrap_err();
        assert!(error.is_validation());
        assert!(!error.to_string().contains("secret"));
        assert_eq!(
            error.context(),
            "RetrieveUBPRReportingPeriods: the token cannot be sent as an HTTP header value"
        );
    }

    #[test]
    fn debug_hides_the_token_and_shows_the_rest() {
        let request = build_request(
            Operation::RetrieveReportingPeriods,
            &Arguments::new().with(Param::DataSeries, "Call"),
            "alice",
            "ey.secret.",
        )
        .unwrap();
        let debug = format!("{request:?}");
        assert!(!debug.contains("ey.secret."), "{debug}");
        assert!(
            debug.contains("\"authentication\", \"<redacted>\""),
            "{debug}"
        );
        assert!(debug.contains("\"userid\", \"alice\""), "{debug}");
    }

    #[test]
    fn url_joins_base_and_method_with_one_slash() {
        let request = build_request(
            Operation::RetrieveReportingPeriods,
            &Arguments::new().with(Param::DataSeries, "Call"),
            "u",
            "t",
        )
        .unwrap();
        assert_eq!(
            request.url("http://127.0.0.1:8080/public"),
            "http://127.0.0.1:8080/public/RetrieveReportingPeriods"
        );
    }
}
