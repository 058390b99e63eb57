//! The legacy model with real HTTP: the 0.2.7 design sending real requests to the mock.
//!
//! [`ReqwestSessions`] plugs a real `reqwest::Client` into the legacy connection's session
//! builder, configured from the proxy fields exactly as the builder read them: the URL from
//! scheme, host and port (a `None` port gives the URL `http://host:None`, which the HTTP
//! client refuses), basic auth from the user and password fields. [`LegacyTarget`] changes
//! credentials with the two per-field setters and the proxy with the four per-field
//! setters, each rebuilding first and assigning after, and sends each request as
//! `collect_reporting_periods(connection, creds)` does: it reads the connection's `session`
//! property (which rebuilds, N2), then the user and the token one after the other (N1).

use std::time::Duration;

use ffiec_core::sync::StdBackend;
use reqwest::header::CONTENT_TYPE;
use tokio::runtime::Handle;

use super::envelope::legacy_envelope;
use super::record::{JournalKey, LocalRecord, RequestOutcome, SentIdentity, SentRoute, StressCall};
use super::scenario::StressTarget;
use super::world::{Account, ProxyRoute};
use crate::legacy::{
    LegacyConnection, LegacyCredentials, LiveSession, ProxyFields, SessionFactory,
};
use crate::trace::Trace;

/// How long one legacy request may take before it counts as a client-side timeout.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// Builds a real HTTP client per legacy session.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReqwestSessions;

/// A legacy session's HTTP client, or why it could not be built (the error's kind only:
/// the proxy URL it was built from may hold a password).
pub type LegacyHttp = Result<reqwest::Client, String>;

impl SessionFactory for ReqwestSessions {
    type Session = LegacyHttp;

    fn build(&self, proxy: Option<&ProxyFields>) -> LegacyHttp {
        install_crypto_provider();

        // `requests.Session()` ignores no environment proxy on purpose; neither do we
        // want the machine's proxy variables to reroute a stress run.
        let builder = reqwest::Client::builder()
            .no_proxy()
            .timeout(REQUEST_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none());
        let builder = match proxy {
            None => builder,
            Some(fields) => builder.proxy(reqwest_proxy(fields)?),
        };
        builder
            .build()
            .map_err(|_| "building the HTTP client failed".to_owned())
    }
}

/// The proxy as the legacy builder assembles it: the URL from the fields as read, the
/// credentials as basic auth.
fn reqwest_proxy(fields: &ProxyFields) -> Result<reqwest::Proxy, String> {
    let scheme = fields.protocol.map_or("http", |protocol| protocol.scheme());
    let port = fields
        .port
        .map_or_else(|| "None".to_owned(), |port| port.to_string());
    let url = format!("{scheme}://{}:{port}", fields.host);

    let proxy = reqwest::Proxy::all(&url)
        .map_err(|_| format!("proxy URL refused by the HTTP client (port {port})"))?;
    Ok(match (&fields.user_name, &fields.password) {
        (Some(user), Some(password)) => proxy.basic_auth(user, password.expose()),
        _ => proxy,
    })
}

/// The HTTP client needs a TLS provider installed even for plain-HTTP runs; the ring one,
/// as the rest of the workspace uses. Another already installed is kept.
fn install_crypto_provider() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// The legacy connection and credentials, sending to the mock. `Debug` shows session
/// counts only.
#[derive(Debug)]
pub struct LegacyTarget {
    connection: LegacyConnection<StdBackend, ReqwestSessions>,
    credentials: LegacyCredentials<StdBackend>,
    soap_url: String,
    runtime: Handle,
}

impl LegacyTarget {
    /// A connection already set to `route` and credentials holding `account`, as a user
    /// configures them before starting threads; requests go to `soap_url` on `runtime`.
    pub fn new(account: &Account, route: &ProxyRoute, soap_url: String, runtime: Handle) -> Self {
        let trace = Trace::off();
        LegacyTarget {
            connection: LegacyConnection::with_proxy(
                ReqwestSessions,
                &route.legacy_settings(),
                &trace,
            ),
            credentials: LegacyCredentials::new(&account.user, account.token.clone(), &trace),
            soap_url,
            runtime,
        }
    }

    /// Sessions the connection built so far (F8, N3 at scale).
    pub fn sessions_built(&self) -> u64 {
        self.connection.session_counts().builds
    }

    fn send(
        &self,
        session: &LiveSession<LegacyHttp>,
        call: StressCall,
        user: &str,
        token: &str,
    ) -> (Option<JournalKey>, RequestOutcome) {
        let http = match &session.inner {
            Ok(http) => http,
            Err(kind) => return (None, RequestOutcome::ClientError(kind.clone())),
        };
        let envelope = legacy_envelope(call, user, token);

        let sent = self.runtime.block_on(async {
            let response = http
                .post(&self.soap_url)
                .header(CONTENT_TYPE, "text/xml; charset=utf-8")
                .header("SOAPAction", envelope.soap_action)
                .body(envelope.body)
                .send()
                .await?;
            let status = response.status().as_u16();
            let request_id = response
                .headers()
                .get(ffiec_mock::REQUEST_ID_HEADER)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            // Read the whole answer, as zeep does, so the connection can be reused.
            response.bytes().await?;
            Ok::<_, reqwest::Error>((status, request_id))
        });

        match sent {
            Err(error) => (None, RequestOutcome::ClientError(transport_kind(&error))),
            Ok((407, request_id)) => (
                request_id.map(JournalKey::RequestId),
                RequestOutcome::ProxyRefused,
            ),
            Ok((status, request_id)) => (
                request_id.map(JournalKey::RequestId),
                RequestOutcome::Answered {
                    accepted: status == 200,
                    answer_matches: None,
                },
            ),
        }
    }
}

impl StressTarget for LegacyTarget {
    /// `creds.username = ...; creds.password = ...`: two plain assignments.
    fn use_account(&self, account: &Account) -> Result<(), String> {
        self.credentials.set_username(&account.user);
        self.credentials.set_password(account.token.clone());
        Ok(())
    }

    /// Host, port, user, password: four setters, each rebuilding before it assigns.
    fn use_route(&self, route: &ProxyRoute) -> Result<(), String> {
        self.connection
            .apply_proxy(&route.legacy_settings())
            .map_err(|error| error.to_string())
    }

    fn request(&self, thread: usize, index: usize, call: StressCall) -> LocalRecord {
        let record = |key, sent, outcome| LocalRecord {
            thread,
            index,
            call,
            key,
            sent,
            outcome,
        };

        // `_client_factory(connection, creds)`: `connection.session` rebuilds (N2) ...
        let session = match self.connection.session() {
            Ok(session) => session,
            Err(error) => {
                return record(None, None, RequestOutcome::ClientError(error.to_string()));
            }
        };
        // ... then `UsernameToken(creds.username, creds.password)`: two reads (N1).
        let (user, token) = self.credentials.read_for_request();

        let sent = SentIdentity {
            user: user.clone(),
            token_fingerprint: super::world::fingerprint(token.expose()),
            route: session.proxy.as_ref().map(sent_route),
        };
        let (key, outcome) = self.send(&session, call, &user, token.expose());
        record(key, Some(sent), outcome)
    }
}

fn sent_route(fields: &ProxyFields) -> SentRoute {
    SentRoute {
        port: fields.port,
        user: fields.user_name.clone(),
        password_fingerprint: fields
            .password
            .as_ref()
            .map(|password| super::world::fingerprint(password.expose())),
    }
}

/// The kind of a transport failure, without its URL (a proxy URL can hold a password).
pub(super) fn transport_kind(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "connection failed"
    } else if error.is_builder() {
        "request could not be built"
    } else if error.is_body() || error.is_decode() {
        "response body failed"
    } else {
        "request failed"
    };
    format!("transport: {kind}")
}
