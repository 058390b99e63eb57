//! The one error type of the crate.
//!
//! An [`Error`] carries a [`ErrorKind`] that a caller can ask about
//! ([`Error::is_auth`], [`Error::is_quota`], ...) instead of matching message
//! strings, a context message that names what failed and with which
//! non-secret input, and an optional source.
//!
//! # Secrets
//!
//! No constructor in this crate ever puts a token, password or proxy password
//! into an error's message. Sources are only ever errors whose text was
//! checked not to carry secrets (reqwest errors are stripped of their URL,
//! since a URL can carry proxy credentials).

use std::fmt;
use std::time::Duration;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, at the level a caller decides on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An argument or configuration value was rejected before anything was sent.
    Validation,
    /// The service rejected the credentials (unknown user, bad, invalid or expired token).
    Authentication,
    /// The account's call quota is used up; `wait` is how long until it refills, when known.
    Quota {
        /// Time until the quota is replenished, as the service reported it.
        wait: Option<Duration>,
    },
    /// The requested report or resource does not exist or is not available.
    NotFound,
    /// The request did not finish within its connect or total timeout.
    Timeout,
    /// The connection failed (refused, reset, TLS, proxy) before a response arrived.
    Transport,
    /// A response arrived but could not be understood (bad XML, JSON, base64, shape).
    MalformedResponse,
    /// A response or document exceeded a configured limit (size, nesting depth).
    LimitExceeded,
    /// The service answered with a server error.
    ///
    /// The REST service also uses HTTP 500 for two mistakes of the caller,
    /// told apart by their code: [`MISSING_OR_INVALID_HEADER`] (5001) and
    /// [`ACCESS_DENIED`] (5003). They keep this kind, so the code stays
    /// visible, but are not [transient](Error::is_transient): the same
    /// request would fail the same way and cost quota again.
    ///
    /// [`MISSING_OR_INVALID_HEADER`]: ErrorKind::MISSING_OR_INVALID_HEADER
    /// [`ACCESS_DENIED`]: ErrorKind::ACCESS_DENIED
    Server {
        /// The HTTP status, when there was one.
        status: Option<u16>,
        /// The service's own error code (REST `Error Code 5001` and the like), when given.
        code: Option<u32>,
    },
    /// A firewall or gateway in front of the service refused the request with
    /// an HTML page; this is not a statement about the credentials.
    Firewall {
        /// The HTTP status of the refusal.
        status: u16,
    },
}

impl ErrorKind {
    /// The REST service's error code for a missing or invalid request
    /// header, answered with HTTP 500.
    pub const MISSING_OR_INVALID_HEADER: u32 = 5001;

    /// The REST service's error code for "access denied", answered with
    /// HTTP 500.
    pub const ACCESS_DENIED: u32 = 5003;

    /// True for a server error whose code says the request itself is at
    /// fault (5001, 5003), not the service.
    fn is_callers_server_error(&self) -> bool {
        matches!(
            self,
            ErrorKind::Server {
                code: Some(ErrorKind::MISSING_OR_INVALID_HEADER | ErrorKind::ACCESS_DENIED),
                ..
            }
        )
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Validation => f.write_str("invalid input"),
            ErrorKind::Authentication => f.write_str("authentication failed"),
            ErrorKind::Quota { wait: Some(wait) } => {
                write!(f, "call quota exceeded (refills in {}s)", wait.as_secs())
            }
            ErrorKind::Quota { wait: None } => f.write_str("call quota exceeded"),
            ErrorKind::NotFound => f.write_str("not found"),
            ErrorKind::Timeout => f.write_str("timed out"),
            ErrorKind::Transport => f.write_str("transport error"),
            ErrorKind::MalformedResponse => f.write_str("malformed response"),
            ErrorKind::LimitExceeded => f.write_str("limit exceeded"),
            ErrorKind::Server { status, code } => {
                f.write_str("server error")?;
                if let Some(status) = status {
                    write!(f, " (HTTP {status})")?;
                }
                if let Some(code) = code {
                    write!(f, " (error code {code})")?;
                }
                Ok(())
            }
            ErrorKind::Firewall { status } => {
                write!(
                    f,
                    "refused by a firewall in front of the service (HTTP {status})"
                )
            }
        }
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The error of every fallible operation in this crate.
///
/// Its `Display` reads `<kind>: <context>`, for example
/// `invalid input: reporting period "2020-02-30": not a calendar date`.
pub struct Error {
    kind: ErrorKind,
    context: String,
    source: Option<BoxError>,
}

impl Error {
    /// Builds an error of `kind` whose message is `context`.
    ///
    /// `context` must name what failed and the non-secret input; it must
    /// never hold a secret.
    pub fn new(kind: ErrorKind, context: impl Into<String>) -> Self {
        Error {
            kind,
            context: context.into(),
            source: None,
        }
    }

    /// A [`ErrorKind::Validation`] error.
    pub fn validation(context: impl Into<String>) -> Self {
        Self::new(ErrorKind::Validation, context)
    }

    /// A [`ErrorKind::MalformedResponse`] error.
    pub fn malformed(context: impl Into<String>) -> Self {
        Self::new(ErrorKind::MalformedResponse, context)
    }

    /// Attaches the underlying cause. The cause's text must not hold a secret.
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The same error with its context rewritten by `change`, kind and
    /// source kept: for adding what only an outer layer knows (the
    /// request's arguments, the number of attempts).
    pub(crate) fn map_context(mut self, change: impl FnOnce(String) -> String) -> Self {
        self.context = change(self.context);
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The message naming what failed, without the kind.
    pub fn context(&self) -> &str {
        &self.context
    }

    /// True for rejected input or configuration.
    pub fn is_validation(&self) -> bool {
        matches!(self.kind, ErrorKind::Validation)
    }

    /// True when the service rejected the credentials.
    pub fn is_auth(&self) -> bool {
        matches!(self.kind, ErrorKind::Authentication)
    }

    /// True when the call quota is used up.
    pub fn is_quota(&self) -> bool {
        matches!(self.kind, ErrorKind::Quota { .. })
    }

    /// How long until the quota refills, when this is a quota error that said so.
    pub fn quota_wait(&self) -> Option<Duration> {
        match self.kind {
            ErrorKind::Quota { wait } => wait,
            _ => None,
        }
    }

    /// True when the report or resource does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self.kind, ErrorKind::NotFound)
    }

    /// True when a connect or total timeout expired.
    pub fn is_timeout(&self) -> bool {
        matches!(self.kind, ErrorKind::Timeout)
    }

    /// True when the connection failed before a response arrived.
    pub fn is_transport(&self) -> bool {
        matches!(self.kind, ErrorKind::Transport)
    }

    /// True when a response could not be understood.
    pub fn is_malformed(&self) -> bool {
        matches!(self.kind, ErrorKind::MalformedResponse)
    }

    /// True when a size or depth limit stopped the work.
    pub fn is_limit_exceeded(&self) -> bool {
        matches!(self.kind, ErrorKind::LimitExceeded)
    }

    /// True for a server-side failure (5xx, SOAP server fault).
    pub fn is_server(&self) -> bool {
        matches!(self.kind, ErrorKind::Server { .. })
    }

    /// True when a firewall's HTML page refused the request.
    pub fn is_firewall(&self) -> bool {
        matches!(self.kind, ErrorKind::Firewall { .. })
    }

    /// True when trying again later may succeed without any change by the
    /// caller: timeouts, transport failures and server errors, except the
    /// server errors whose code blames the request (5001 missing or invalid
    /// header, 5003 access denied; see [`ErrorKind::Server`]).
    /// Authentication, validation, not-found and quota errors are never
    /// transient. The client retries only transient errors.
    pub fn is_transient(&self) -> bool {
        match self.kind {
            ErrorKind::Timeout | ErrorKind::Transport => true,
            ErrorKind::Server { .. } => !self.kind.is_callers_server_error(),
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.context.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.kind, self.context)
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Error");
        debug
            .field("kind", &self.kind)
            .field("context", &self.context);
        if let Some(source) = &self.source {
            debug.field("source", &format_args!("{source}"));
        }
        debug.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_kind_and_context() {
        let error = Error::validation("reporting period \"2Q20x\": expected a quarter end");
        assert_eq!(
            error.to_string(),
            "invalid input: reporting period \"2Q20x\": expected a quarter end"
        );
        assert!(error.is_validation());
        assert!(!error.is_transient());
    }

    #[test]
    fn quota_wait_is_exposed() {
        let error = Error::new(
            ErrorKind::Quota {
                wait: Some(Duration::from_secs(3552)),
            },
            "RetrieveFacsimile",
        );
        assert!(error.is_quota());
        assert_eq!(error.quota_wait(), Some(Duration::from_secs(3552)));
        assert_eq!(
            error.to_string(),
            "call quota exceeded (refills in 3552s): RetrieveFacsimile"
        );
    }

    fn server(code: Option<u32>) -> Error {
        Error::new(
            ErrorKind::Server {
                status: Some(500),
                code,
            },
            "RetrieveFacsimile",
        )
    }

    #[test]
    fn server_errors_are_transient_auth_errors_are_not() {
        for code in [None, Some(5000), Some(5005)] {
            assert!(server(code).is_transient(), "{code:?}");
        }
        assert!(!Error::new(ErrorKind::Authentication, "TestUserAccess").is_transient());
    }

    #[test]
    fn server_errors_that_blame_the_request_are_not_transient() {
        let missing_header = Error::new(
            ErrorKind::Server {
                status: Some(500),
                code: Some(5001),
            },
            "missing header dataSeries",
        );
        assert!(missing_header.is_server());
        assert!(!missing_header.is_transient());
        assert_eq!(
            missing_header.to_string(),
            "server error (HTTP 500) (error code 5001): missing header dataSeries"
        );
        assert!(!server(Some(5003)).is_transient());
    }
}
