//! Sending one call over HTTP with one session, SOAP or REST.
//!
//! Everything a call uses comes from the one [`Session`] it was given:
//! endpoint, protocol, credentials, HTTP client (and so proxy and timeouts),
//! size limit, retry policy and rate limiter. Each attempt:
//!
//! 1. waits for a slot of the account's rate limiter;
//! 2. writes the request from the session's credentials (a fresh nonce and
//!    timestamp for a SOAP password digest);
//! 3. sends it with the session's HTTP client, under its connect and total
//!    timeouts;
//! 4. reads the body in chunks, refusing it once it passes the configured
//!    maximum;
//! 5. decodes it with the protocol's codec.
//!
//! Transient failures are retried by [`with_retries`](crate::retry).
//! reqwest errors are converted without their URL. Log events (debug and
//! trace level) name the operation, attempt, status and sizes; never a
//! header value, body or URL.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use reqwest::header::CONTENT_TYPE;

use crate::config::{PasswordType, Protocol, SoapOptions};
use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, Result};
use crate::proxy::ProxySetting;
use crate::retry::with_retries;
use crate::session::Session;
use crate::soap::{Arguments, Operation, PasswordEncoding, Reply, UsernameToken};
use crate::xml_limits::XmlLimits;
use crate::{rest, soap};

/// Header carrying the SOAP 1.1 action.
const SOAP_ACTION_HEADER: &str = "SOAPAction";

/// Calls `operation` with `arguments` over `session`, retrying transient
/// failures as the session's configuration allows.
///
/// # Errors
///
/// Whatever the last attempt failed with: a validation error from writing
/// the request, a timeout, transport, limit, status or fault error, or a
/// malformed response; its message names the request's arguments (see
/// [`Arguments::summary`]).
pub(crate) async fn call(
    session: &Session,
    operation: Operation,
    arguments: &Arguments,
) -> Result<Reply> {
    tracing::trace!(
        operation = operation.name(),
        generation = session.generation(),
        "call starts on a session snapshot"
    );
    with_retries(session.config().retry(), operation, |attempt| {
        attempt_once(session, operation, arguments, attempt)
    })
    .await
    .map_err(|error| name_the_request(error, operation, arguments))
}

/// The error with the request's non-secret arguments after the operation's
/// name (`RetrieveFacsimile (ID_RSSD 480228, 6/30/2026, XBRL): HTTP 204, no
/// content`), so that one failure among many calls says which one it was.
fn name_the_request(error: Error, operation: Operation, arguments: &Arguments) -> Error {
    let summary = arguments.summary();
    if summary.is_empty() {
        return error;
    }
    let named = format!("{operation} ({summary})");
    error.map_context(|context| match context.strip_prefix(operation.name()) {
        Some(rest) => format!("{named}{rest}"),
        None => format!("{named}: {context}"),
    })
}

async fn attempt_once(
    session: &Session,
    operation: Operation,
    arguments: &Arguments,
    attempt: u32,
) -> Result<Reply> {
    session.limiter().acquire().await;

    let request = match session.config().protocol() {
        Protocol::Soap(options) => soap_request(session, options, operation, arguments)?,
        Protocol::Rest => rest_request(session, operation, arguments)?,
    };
    tracing::debug!(
        operation = operation.name(),
        attempt,
        protocol = session.config().protocol().name(),
        "sending request"
    );

    let response = request
        .send()
        .await
        .map_err(|source| send_failed(session, operation, source))?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let body = read_body(session, operation, response).await?;
    tracing::debug!(
        operation = operation.name(),
        attempt,
        status,
        bytes = body.len(),
        "response received"
    );

    let secrets = secrets_of(session);
    let secrets = as_strs(&secrets);
    match session.config().protocol() {
        Protocol::Soap(_) => {
            let limits =
                XmlLimits::default().max_input_bytes(session.config().max_response_bytes());
            soap::decode_response_with_limits(operation, status, &body, &secrets, &limits)
        }
        Protocol::Rest => {
            rest::check_status(operation, status, content_type.as_deref(), &body, &secrets)?;
            rest::decode_response(operation, &body)
        }
    }
}

fn soap_request(
    session: &Session,
    options: SoapOptions,
    operation: Operation,
    arguments: &Arguments,
) -> Result<reqwest::RequestBuilder> {
    let Credentials::Soap(credentials) = session.credentials() else {
        return Err(Error::validation(format!(
            "{operation}: the SOAP protocol needs SOAP credentials"
        )));
    };

    // The nonce only has to be unique per request, not unpredictable: the
    // digest's secret is the token.
    let nonce: [u8; 16] = std::array::from_fn(|_| fastrand::u8(..));
    let created = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let encoding = match options.password {
        PasswordType::Text => PasswordEncoding::Text,
        PasswordType::Digest => PasswordEncoding::Digest {
            nonce: &nonce,
            created: &created,
        },
    };
    let token = UsernameToken::new(
        credentials.user_name(),
        credentials.expose_token(),
        encoding,
    );
    let request = soap::build_request(options.version, operation, arguments, &token)?;

    let mut builder = session
        .http()
        .post(session.config().endpoint().clone())
        .header(CONTENT_TYPE, request.content_type())
        .body(request.body().clone());
    if let Some(action) = request.soap_action() {
        builder = builder.header(SOAP_ACTION_HEADER, action);
    }
    Ok(builder)
}

fn rest_request(
    session: &Session,
    operation: Operation,
    arguments: &Arguments,
) -> Result<reqwest::RequestBuilder> {
    let Credentials::Rest(credentials) = session.credentials() else {
        return Err(Error::validation(format!(
            "{operation}: the REST protocol needs REST credentials"
        )));
    };

    let request = rest::build_request(
        operation,
        arguments,
        credentials.user_id(),
        credentials.expose_token(),
    )?;
    let url = request.url(session.config().endpoint().as_str());
    Ok(session.http().get(url).headers(request.headers().clone()))
}

/// Reads the body, refusing it as soon as it grows past the configured
/// maximum (or at once, when its declared length already does).
async fn read_body(
    session: &Session,
    operation: Operation,
    mut response: reqwest::Response,
) -> Result<Vec<u8>> {
    let limit = session.config().max_response_bytes();
    let declared = response.content_length();
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(too_large(operation, limit));
    }

    let capacity = declared.map_or(0, |length| length as usize);
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|source| body_cut_off(session, operation, source))?
    {
        if body.len() + chunk.len() > limit {
            return Err(too_large(operation, limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn too_large(operation: Operation, limit: usize) -> Error {
    Error::new(
        ErrorKind::LimitExceeded,
        format!("{operation}: the response is larger than the limit of {limit} bytes"),
    )
}

/// A failure to send the request or to receive the answer's head. The
/// message says where the request went (the endpoint's host and port, and
/// the proxy's, never their credentials) and the root cause, so a closed
/// port, a dead proxy and an unknown host read differently.
fn send_failed(session: &Session, operation: Operation, source: reqwest::Error) -> Error {
    let source = source.without_url();
    let message = format!(
        "sending the request to {} failed: {}",
        route(session),
        root_cause(session, &source)
    );
    from_reqwest(operation, message, source)
}

/// A failure while reading a body whose status and headers had already
/// arrived: the answer is incomplete, so it is malformed (and not retried),
/// unless the total timeout expired.
fn body_cut_off(session: &Session, operation: Operation, source: reqwest::Error) -> Error {
    let source = source.without_url();
    let cause = root_cause(session, &source);
    if source.is_timeout() {
        let message = format!("reading the response failed: {cause}");
        return from_reqwest(operation, message, source);
    }
    Error::malformed(format!(
        "{operation}: the response body ended early: {cause}"
    ))
    .with_source(source)
}

/// A reqwest error as the crate's error, stripped of its URL (a URL can
/// carry proxy credentials).
fn from_reqwest(operation: Operation, message: String, source: reqwest::Error) -> Error {
    let kind = if source.is_timeout() {
        ErrorKind::Timeout
    } else {
        ErrorKind::Transport
    };
    Error::new(kind, format!("{operation}: {message}")).with_source(source.without_url())
}

/// `host:port` of the endpoint, followed by ` via proxy host:port` when a
/// proxy is configured. Neither can hold credentials: the endpoint refuses
/// them, and a proxy's are kept apart from its address.
fn route(session: &Session) -> String {
    let endpoint = session.config().endpoint();
    let host = endpoint.host_str().unwrap_or_default();
    let target = match endpoint.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    match session.config().proxy() {
        ProxySetting::None => target,
        ProxySetting::Explicit(proxy) => {
            format!("{target} via proxy {}:{}", proxy.host(), proxy.port())
        }
        ProxySetting::FromEnvironment => format!("{target} via the environment's proxy, if any"),
    }
}

/// The messages of the error's causes, outermost first, joined by `: `
/// (`tcp connect error: Connection refused (os error 111)`). reqwest's own
/// message (`error sending request`) and hyper-util's stage wrapper
/// (`client error (Connect)`) say less than the levels below them and are
/// left out. These messages come from hyper, rustls and the OS and carry
/// no URL; the session's secrets are redacted anyway, should one ever
/// echo a credential. `error` must already be stripped of its URL.
fn root_cause(session: &Session, error: &reqwest::Error) -> String {
    let mut messages = Vec::new();
    let mut next = std::error::Error::source(error);
    while let Some(cause) = next {
        let message = cause.to_string();
        if !message.starts_with("client error (") {
            messages.push(message);
        }
        next = cause.source();
    }
    if messages.is_empty() {
        messages.push(error.to_string());
    }

    let secrets = secrets_of(session);
    soap::redact(&messages.join(": "), &as_strs(&secrets))
}

fn as_strs(strings: &[String]) -> Vec<&str> {
    strings.iter().map(String::as_str).collect()
}

/// The secrets a service answer could echo, to redact from error messages.
fn secrets_of(session: &Session) -> Vec<String> {
    let token = match session.credentials() {
        Credentials::Soap(credentials) => credentials.expose_token(),
        Credentials::Rest(credentials) => credentials.expose_token(),
    };
    let mut secrets = vec![token.to_owned()];
    if let ProxySetting::Explicit(proxy) = session.config().proxy()
        && let (Some(user), Some(password)) = (proxy.user(), proxy.expose_password())
    {
        secrets.push(password.to_owned());
        // A proxy's error page may list the request's headers: its
        // `Proxy-Authorization: Basic ...` value is the password, encoded.
        secrets.push(BASE64.encode(format!("{user}:{password}")));
    }
    secrets
}
