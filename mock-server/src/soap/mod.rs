//! The SOAP 1.1 and 1.2 endpoint.

mod envelope;
mod fault;
mod respond;
pub mod security;

use axum::response::Response;
use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, StatusCode};

use crate::http::inject::{Dialect, Injected, inject};
use crate::http::response::{reply, with_fault_code};
use crate::journal::{PasswordType, Protocol, Recorder};
use crate::operation::Operation;
use crate::service::{self, Args, Refusal};
use crate::state::Shared;
use fault::SoapFault;

/// The target namespace of the service.
pub const SERVICE_NS: &str = "http://cdr.ffiec.gov/public/services";

/// The SOAP versions the service speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SoapVersion {
    V11,
    V12,
}

impl SoapVersion {
    fn envelope_ns(self) -> &'static str {
        match self {
            Self::V11 => "http://schemas.xmlsoap.org/soap/envelope/",
            Self::V12 => "http://www.w3.org/2003/05/soap-envelope",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Self::V11 => "text/xml; charset=utf-8",
            Self::V12 => "application/soap+xml; charset=utf-8",
        }
    }

    fn protocol(self) -> Protocol {
        match self {
            Self::V11 => Protocol::Soap11,
            Self::V12 => Protocol::Soap12,
        }
    }
}

/// Answers one SOAP POST.
pub(crate) async fn handle(
    shared: &Shared,
    recorder: &Recorder,
    headers: &HeaderMap,
    body: &Bytes,
) -> Response {
    let content_type = header_text(headers, CONTENT_TYPE.as_str());
    let mut version = if content_type
        .to_ascii_lowercase()
        .contains("application/soap+xml")
    {
        SoapVersion::V12
    } else {
        SoapVersion::V11
    };
    recorder.update(|entry| entry.protocol = version.protocol());

    let envelope = match envelope::parse(body) {
        Ok(envelope) => envelope,
        Err(reason) => {
            return fault(
                version,
                &SoapFault::client(format!("Server was unable to read the request: {reason}")),
            );
        }
    };
    version = envelope.version.unwrap_or(version);
    recorder.update(|entry| {
        entry.protocol = version.protocol();
        entry.params = envelope.params.iter().cloned().collect();
    });

    let operation = match operation(
        headers,
        &content_type,
        version,
        envelope.operation.as_deref(),
    ) {
        Ok(operation) => operation,
        Err(problem) => return fault(version, &problem),
    };
    recorder.update(|entry| entry.operation = Some(operation));

    let truncate = match admit(shared, recorder, version, operation, &envelope).await {
        Ok(truncate) => truncate,
        Err(response) => return response,
    };

    let args = Args {
        data_series: envelope.param("dataSeries"),
        period: envelope.param("reportingPeriodEndDate"),
        last_update: envelope.param("lastUpdateDateTime"),
        id_type: envelope.param("fiIDType"),
        id: envelope.param("fiID"),
        format: envelope.param("facsimileFormat"),
    };
    match service::execute(&shared.data, operation, &args) {
        Ok(answer) => {
            let xml = respond::envelope(version, operation, &answer);
            reply(StatusCode::OK, version.content_type(), xml, truncate)
        }
        Err(refusal @ Refusal::NotFound { .. }) => {
            fault(version, &SoapFault::not_found(refusal.message()))
        }
        Err(Refusal::Missing(name)) => fault(
            version,
            &SoapFault::client(format!("missing required element '{name}' in {operation}")),
        ),
        Err(refusal) => fault(version, &SoapFault::client(refusal.message())),
    }
}

/// The operation named by the SOAPAction header (1.1), the `action`
/// parameter of the content type (1.2), or else the body's element.
fn operation(
    headers: &HeaderMap,
    content_type: &str,
    version: SoapVersion,
    body_element: Option<&str>,
) -> Result<Operation, SoapFault> {
    let action = match version {
        SoapVersion::V11 => Some(header_text(headers, "soapaction")).filter(|a| !a.is_empty()),
        SoapVersion::V12 => content_type_action(content_type),
    };
    let action = action
        .map(|action| action.trim().trim_matches('"').to_owned())
        .filter(|a| !a.is_empty());

    let from_action = match &action {
        Some(action) => Some(
            action
                .strip_prefix(SERVICE_NS)
                .and_then(|rest| rest.strip_prefix('/'))
                .and_then(Operation::from_name)
                .ok_or_else(|| {
                    SoapFault::client(format!(
                        "Server did not recognize the value of the SOAP action: {action}"
                    ))
                })?,
        ),
        None => None,
    };

    let from_body = match body_element {
        Some(name) => Some(Operation::from_name(name).ok_or_else(|| {
            SoapFault::client(format!("unknown operation '{name}' in the SOAP body"))
        })?),
        None => None,
    };

    match (from_action, from_body) {
        (Some(action), Some(body)) if action != body => Err(SoapFault::client(format!(
            "the SOAP action names {action} but the body holds {body}"
        ))),
        (Some(operation), _) | (None, Some(operation)) => Ok(operation),
        (None, None) => Err(SoapFault::client(
            "the SOAP body holds no operation element in the namespace http://cdr.ffiec.gov/public/services",
        )),
    }
}

/// The `action` parameter of a SOAP 1.2 content type.
fn content_type_action(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("action")
            .then(|| value.trim().trim_matches('"').to_owned())
    })
}

/// Applies injected faults, authentication and the quota, in that order.
/// `Ok(truncate)` lets the call through (with a cut body if `truncate`);
/// `Err` is the answer instead.
async fn admit(
    shared: &Shared,
    recorder: &Recorder,
    version: SoapVersion,
    operation: Operation,
    envelope: &envelope::Envelope,
) -> Result<bool, Response> {
    let (truncate, spent) = match inject(shared, operation, recorder, Dialect::Xml).await {
        Injected::Respond(response) => return Err(response),
        Injected::Proceed { truncate, quota } => (truncate, quota),
    };

    authenticate(shared, recorder, envelope.token.as_ref())
        .map_err(|problem| fault(version, &problem))?;

    let now = shared.clock.now();
    let charged = if spent {
        Err(shared.quota.exceeded(now))
    } else {
        let user = recorder.snapshot().user.unwrap_or_default();
        shared.quota.charge(&user, now)
    };
    charged.map_err(|exceeded| fault(version, &SoapFault::quota(exceeded.wait_seconds)))?;
    Ok(truncate)
}

/// Checks the WS-Security token and records who called.
fn authenticate(
    shared: &Shared,
    recorder: &Recorder,
    token: Option<&envelope::UsernameToken>,
) -> Result<(), SoapFault> {
    let Some(token) = token else {
        recorder.update(|entry| entry.authenticated = Some(false));
        return Err(SoapFault::failed_authentication(
            "no UsernameToken in a wsse:Security header",
        ));
    };

    let verdict = security::verify(token, &shared.users);
    // A digest is not the token: fingerprint the account's token only once
    // the digest has proved the client holds it.
    let token_fingerprint = match verdict.password_type {
        PasswordType::Digest => token
            .username
            .as_ref()
            .and_then(|user| shared.users.get(user))
            .filter(|_| verdict.passed)
            .map(|secret| shared.fingerprint_key.fingerprint(secret)),
        _ => token
            .password
            .as_deref()
            .map(|password| shared.fingerprint_key.fingerprint(password)),
    };
    recorder.update(|entry| {
        entry.user = token.username.clone();
        entry.token_fingerprint = token_fingerprint;
        entry.password_type = Some(verdict.password_type);
        entry.authenticated = Some(verdict.passed);
    });

    if verdict.passed {
        Ok(())
    } else {
        Err(SoapFault::failed_authentication(
            "the user name or security token is not valid",
        ))
    }
}

fn fault(version: SoapVersion, fault: &SoapFault) -> Response {
    let response = reply(
        StatusCode::INTERNAL_SERVER_ERROR,
        version.content_type(),
        fault.render(version),
        false,
    );
    with_fault_code(response, fault.code_text())
}

fn header_text(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}
