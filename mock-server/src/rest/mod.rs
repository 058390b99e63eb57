//! The REST endpoint: `GET /public/<Method>`, parameters in headers.

mod error;

use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::{HeaderMap, StatusCode, Uri};

use crate::http::inject::{Dialect, Injected, inject};
use crate::http::response::reply;
use crate::journal::{PasswordType, Protocol, Recorder};
use crate::operation::Operation;
use crate::params::FacsimileFormat;
use crate::service::{self, Answer, Args, Refusal};
use crate::state::Shared;
use crate::users::{JwtError, jwt_expiry};
use error::RestError;

/// The parameter headers, by their REST names (note `fiIdType`, `fiId`).
const PARAM_HEADERS: [&str; 6] = [
    "dataSeries",
    "reportingPeriodEndDate",
    "lastUpdateDateTime",
    "fiIdType",
    "fiId",
    "facsimileFormat",
];

const JSON: &str = "application/json; charset=utf-8";

/// Answers one REST call of the method named `method`.
pub(crate) async fn handle(
    shared: &Shared,
    recorder: &Recorder,
    method: &str,
    uri: &Uri,
    headers: &HeaderMap,
) -> Response {
    recorder.update(|entry| entry.protocol = Protocol::Rest);
    match answer(shared, recorder, method, uri, headers).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn answer(
    shared: &Shared,
    recorder: &Recorder,
    method: &str,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<Response, RestError> {
    if let Some(query) = uri.query().filter(|query| !query.is_empty()) {
        return Err(RestError::missing_header(format!(
            "parameters must be sent as HTTP headers, not in the query string ('{query}')"
        )));
    }

    let operation = Operation::from_name(method)
        .filter(|operation| *operation != Operation::TestUserAccess)
        .ok_or_else(|| RestError::not_found(method))?;
    let params: Vec<(String, String)> = PARAM_HEADERS
        .iter()
        .filter_map(|name| Some(((*name).to_owned(), header(headers, name)?)))
        .collect();
    recorder.update(|entry| {
        entry.operation = Some(operation);
        entry.params = params.iter().cloned().collect();
    });

    let truncate = match inject(shared, operation, recorder, Dialect::Json).await {
        Injected::Respond(response) => return Ok(response),
        Injected::Proceed { truncate, quota } => {
            let user = authenticate(shared, recorder, headers)?;
            let now = shared.clock.now();
            if quota {
                return Err(RestError::quota(shared.quota.exceeded(now).wait_seconds));
            }
            shared
                .quota
                .charge(&user, now)
                .map_err(|exceeded| RestError::quota(exceeded.wait_seconds))?;
            truncate
        }
    };

    for name in required_headers(operation) {
        if header(headers, name).is_none() {
            return Err(RestError::missing_header(format!(
                "missing or invalid header '{name}'"
            )));
        }
    }

    let args = Args {
        data_series: header(headers, "dataSeries"),
        period: header(headers, "reportingPeriodEndDate"),
        last_update: header(headers, "lastUpdateDateTime"),
        id_type: header(headers, "fiIdType"),
        id: header(headers, "fiId"),
        format: header(headers, "facsimileFormat"),
    };
    let answer =
        service::execute(&shared.data, operation, &args).map_err(RestError::from_refusal)?;
    Ok(render(shared, &answer, args.format.as_deref(), truncate))
}

/// The headers each method requires, besides the auth pair.
fn required_headers(operation: Operation) -> &'static [&'static str] {
    match operation {
        Operation::TestUserAccess | Operation::RetrieveUBPRReportingPeriods => &[],
        Operation::RetrieveReportingPeriods => &["dataSeries"],
        Operation::RetrievePanelOfReporters => &["dataSeries", "reportingPeriodEndDate"],
        Operation::RetrieveFilersSinceDate | Operation::RetrieveFilersSubmissionDateTime => {
            &["dataSeries", "reportingPeriodEndDate", "lastUpdateDateTime"]
        }
        Operation::RetrieveFacsimile => &[
            "dataSeries",
            "reportingPeriodEndDate",
            "fiIdType",
            "fiId",
            "facsimileFormat",
        ],
        Operation::RetrieveUBPRXBRLFacsimile => &["reportingPeriodEndDate", "fiIdType", "fiId"],
    }
}

/// Checks `UserID` and `Authentication: Bearer <jwt>`; returns the user.
fn authenticate(
    shared: &Shared,
    recorder: &Recorder,
    headers: &HeaderMap,
) -> Result<String, RestError> {
    let fail = |error: RestError| {
        recorder.update(|entry| entry.authenticated = Some(false));
        error
    };

    let bearer = header(headers, "Authentication")
        .and_then(|value| {
            value
                .strip_prefix("Bearer ")
                .map(|token| token.trim().to_owned())
        })
        .filter(|token| !token.is_empty())
        .ok_or_else(|| {
            fail(RestError::unauthorized(
                "missing-bearer",
                "Missing bearer token.",
            ))
        })?;
    recorder.update(|entry| {
        entry.password_type = Some(PasswordType::Bearer);
        entry.token_fingerprint = Some(shared.fingerprint_key.fingerprint(&bearer));
    });

    let user = header(headers, "UserID").ok_or_else(|| {
        fail(RestError::missing_header(
            "missing or invalid header 'UserID'".to_owned(),
        ))
    })?;
    recorder.update(|entry| entry.user = Some(user.clone()));

    let expires = jwt_expiry(&bearer).map_err(|error| {
        let detail = match error {
            JwtError::Shape => "the token is not a JWT",
            JwtError::NoExpiry => "the token has no expiry",
        };
        fail(RestError::unauthorized(
            "invalid-jwt",
            &format!("Invalid JWT: {detail}."),
        ))
    })?;

    if shared.users.get(&user) != Some(&bearer) {
        return Err(fail(RestError::bad_request(
            "token-invalid",
            "Security token invalid.".to_owned(),
        )));
    }
    if expires <= shared.clock.now().as_second() {
        return Err(fail(RestError::bad_request(
            "token-expired",
            "Security token expired.".to_owned(),
        )));
    }

    recorder.update(|entry| entry.authenticated = Some(true));
    Ok(user)
}

/// The JSON (or raw document) of a successful answer.
fn render(shared: &Shared, answer: &Answer, format: Option<&str>, truncate: bool) -> Response {
    let json = match answer {
        Answer::Bool(value) => serde_json::to_string(value),
        Answer::Periods(periods) => {
            serde_json::to_string(&periods.iter().map(ToString::to_string).collect::<Vec<_>>())
        }
        Answer::Panel(rows) => serde_json::to_string(rows),
        Answer::Submissions(rows) => serde_json::to_string(rows),
        Answer::Ids(ids) => serde_json::to_string(ids),
        Answer::Document(bytes) if shared.rest_raw_facsimile => {
            let content_type = match format.and_then(|format| format.parse().ok()) {
                Some(FacsimileFormat::Pdf) => "application/pdf",
                Some(FacsimileFormat::Sdf) => "text/plain; charset=utf-8",
                _ => "application/xml",
            };
            return reply(StatusCode::OK, content_type, bytes.clone(), truncate);
        }
        Answer::Document(bytes) => serde_json::to_string(&STANDARD.encode(bytes)),
    };
    // Serialising plain data cannot fail; an empty array is the safe fallback.
    reply(
        StatusCode::OK,
        JSON,
        json.unwrap_or_else(|_| "[]".to_owned()),
        truncate,
    )
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(|value| value.trim().to_owned())
}

impl RestError {
    fn from_refusal(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Missing(name) => {
                Self::missing_header(format!("missing or invalid header '{name}'"))
            }
            Refusal::BadPeriod(_) => Self::bad_request("invalid-period", refusal.message()),
            Refusal::BadIdType(_) => Self::bad_request("invalid-fi-id-type", refusal.message()),
            Refusal::BadId(_) => Self::server_error("invalid-fi-id", refusal.message()),
            Refusal::NotFound { .. } => Self::no_content(refusal.message()),
            Refusal::BadSeries(_) | Refusal::BadUpdateTime(_) | Refusal::BadFormat(_) => {
                Self::bad_request("invalid-parameter", refusal.message())
            }
        }
    }
}
