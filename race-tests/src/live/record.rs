//! What each request of a stress run remembers about itself, on the client side.
//!
//! The mock's journal says what arrived; a [`LocalRecord`] says what the client meant to
//! send and what came back. The checker joins the two: by the `X-Mock-Request-Id` the
//! response carried, or, where the client does not show response headers, by a marker
//! parameter unique to the request.

use std::fmt;

/// The operation a stress request calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StressCall {
    /// `TestUserAccess`: authentication only (the setting of F3 and S2).
    TestUserAccess,
    /// A data call (N1): `RetrieveReportingPeriods` for the legacy client,
    /// `RetrieveFilersSinceDate` with a per-request marker for the hardened one.
    Data,
}

/// How a local record finds its journal entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JournalKey {
    /// The `X-Mock-Request-Id` of the response.
    RequestId(String),
    /// A parameter value sent by this request and no other.
    Marker {
        /// The parameter's wire name.
        param: &'static str,
        /// Its value.
        value: String,
    },
}

impl fmt::Display for JournalKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalKey::RequestId(id) => f.write_str(id),
            JournalKey::Marker { param, value } => write!(f, "{param}={value}"),
        }
    }
}

/// The proxy a legacy session was built for, as the client sent it. Secrets as
/// fingerprints (the mock's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentRoute {
    /// The port connected to, or `None` when the session had none.
    pub port: Option<u16>,
    /// The proxy user sent, if any.
    pub user: Option<String>,
    /// Fingerprint of the proxy password sent, if any.
    pub password_fingerprint: Option<String>,
}

/// What a client knows it sent: only the legacy client, which assembles each request
/// itself, can say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentIdentity {
    /// The user name read.
    pub user: String,
    /// Fingerprint of the token read.
    pub token_fingerprint: String,
    /// The route of the session used; `None` for a direct session.
    pub route: Option<SentRoute>,
}

/// How a request ended, seen from the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestOutcome {
    /// The service answered (a result or a fault).
    Answered {
        /// Whether the service accepted the credentials.
        accepted: bool,
        /// Whether the answer is the one the mock's data set gives for this request's own
        /// parameters; `None` where answers cannot tell requests apart.
        answer_matches: Option<bool>,
    },
    /// A recording proxy refused the proxy credentials (HTTP 407): the mock never saw the
    /// request.
    ProxyRefused,
    /// The request failed in the client; the text is the error's kind, not its message.
    ClientError(String),
}

/// One request of a stress run, as the client saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalRecord {
    /// The requesting thread's index.
    pub thread: usize,
    /// The request's index within its thread.
    pub index: usize,
    /// What it called.
    pub call: StressCall,
    /// How to find its journal entry; `None` when it has none to find.
    pub key: Option<JournalKey>,
    /// What it sent, when the client can tell.
    pub sent: Option<SentIdentity>,
    /// How it ended.
    pub outcome: RequestOutcome,
}

impl LocalRecord {
    /// Whether the mock should have journaled this request: it was answered.
    pub fn reached_service(&self) -> bool {
        matches!(self.outcome, RequestOutcome::Answered { .. })
    }

    /// `thread 3 request 7`, for examples.
    pub fn label(&self) -> String {
        format!("thread {} request {}", self.thread, self.index)
    }
}
