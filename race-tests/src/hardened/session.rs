//! The published value of the hardened design, and the connection that publishes it.
//!
//! The shipping `Client` keeps one `SessionCell<Session>`: a session is the configuration
//! (with its proxy), the credential pair, and the HTTP client built from both. A request
//! loads one session and holds it to the end; `set_proxy` and `set_credentials` replace the
//! session whole through [`SessionCell::update`]. [`HardenedConnection`] does exactly that
//! with the real [`Config`], [`Proxy`](ffiec_core::Proxy) and [`Credentials`] types, and a
//! [`ModelHttpClient`] in place of the reqwest client: loom cannot run a connection pool,
//! and what the proofs need from the client is only *what it was built from*.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use ffiec_core::rate_limit::{RateLimiter, RateLimiterRegistry};
use ffiec_core::session_cell::SessionCell;
use ffiec_core::sync::Backend;
use ffiec_core::{Config, Credentials, ProxySetting};

use crate::trace::{Action, Trace};

/// The proxy a client sends through, as host and port (no password: see
/// [`ModelHttpClient::proxy_password_owner`] for that).
pub type ProxyAddress = (String, u16);

/// Builds and releases of model HTTP clients on one connection: the N3 and F8 evidence.
///
/// Plain std atomics: the counters observe the code under test and must add no loom
/// interleavings of their own.
#[derive(Debug, Default)]
pub struct ClientLedger {
    builds: AtomicU64,
    releases: AtomicU64,
}

impl ClientLedger {
    /// Clients built so far.
    pub fn builds(&self) -> u64 {
        self.builds.load(Ordering::SeqCst)
    }

    /// Clients dropped so far (their connection pool released).
    pub fn releases(&self) -> u64 {
        self.releases.load(Ordering::SeqCst)
    }

    /// Clients built and not yet dropped.
    pub fn live(&self) -> u64 {
        self.builds() - self.releases()
    }
}

/// Stands in for the session's reqwest client (its connection pool).
///
/// It keeps what a real client is built from, so a proof can compare it with the
/// configuration published next to it, and it tells the ledger when it is dropped, so a
/// proof can count live pools (N3).
pub struct ModelHttpClient {
    /// 1 for the first client of a connection, then one more per build.
    pub build_number: u64,
    /// The whole configuration the client was built from.
    pub built_from: Config,
    /// The proxy the builder checked was configured (the "check" of F2).
    pub checked_proxy: Option<ProxyAddress>,
    /// The proxy the builder then wrote into the client (the "use" of F2).
    pub used_proxy: Option<ProxyAddress>,
    ledger: Arc<ClientLedger>,
}

impl ModelHttpClient {
    /// Builds a client from `config`, the way the shipping session builder does: check the
    /// proxy setting, then configure the client from the same immutable value.
    fn build(config: &Config, ledger: &Arc<ClientLedger>, trace: &Trace) -> Self {
        let checked_proxy = proxy_address(config.proxy());
        trace.record(Action::Check, "config.proxy", describe(&checked_proxy));

        let used_proxy = proxy_address(config.proxy());
        let build_number = ledger.builds.fetch_add(1, Ordering::SeqCst) + 1;
        trace.record(Action::Build, "client", format!("#{build_number}"));

        ModelHttpClient {
            build_number,
            built_from: config.clone(),
            checked_proxy,
            used_proxy,
            ledger: Arc::clone(ledger),
        }
    }

    /// The proxy the client sends through.
    pub fn proxy(&self) -> Option<ProxyAddress> {
        self.used_proxy.clone()
    }

    /// The proxy password the client sends to its proxy, compared against `candidates`
    /// (host, password) and returned as the host it belongs to; never the password itself.
    pub fn proxy_password_owner<'a>(&self, candidates: &'a [(String, String)]) -> Option<&'a str> {
        let ProxySetting::Explicit(proxy) = self.built_from.proxy() else {
            return None;
        };
        let password = proxy.expose_password()?;
        candidates
            .iter()
            .find(|(_, known)| known == password)
            .map(|(host, _)| host.as_str())
    }
}

impl Drop for ModelHttpClient {
    fn drop(&mut self) {
        self.ledger.releases.fetch_add(1, Ordering::SeqCst);
    }
}

impl fmt::Debug for ModelHttpClient {
    /// Shows the build number and proxy address; the configuration's own `Debug` redacts
    /// the proxy password, and the client shows no more than that.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ModelHttpClient")
            .field("build_number", &self.build_number)
            .field("proxy", &self.used_proxy)
            .finish_non_exhaustive()
    }
}

/// One published session: configuration, credentials, the client built from them, and
/// the account's rate limiter, as the shipping `Session` holds them.
pub struct HardenedSession<B: Backend> {
    /// The validated configuration, proxy included.
    pub config: Config,
    /// The credential pair, replaced only whole.
    pub credentials: Credentials,
    /// The HTTP client built from `config`.
    pub client: ModelHttpClient,
    /// The account's limiter, from the registry every client of the account shares.
    pub limiter: Arc<RateLimiter<B>>,
}

impl<B: Backend> HardenedSession<B> {
    /// Builds a session the way the shipping `Session::build` does: the client from the
    /// configuration, then the account's limiter from the shared registry.
    fn build(
        config: Config,
        credentials: Credentials,
        parts: &SessionParts<B>,
    ) -> HardenedSession<B> {
        let client = ModelHttpClient::build(&config, &parts.ledger, &parts.trace);
        let limiter = parts.limiters.for_account(credentials.user());

        HardenedSession {
            config,
            credentials,
            client,
            limiter,
        }
    }
}

impl<B: Backend> fmt::Debug for HardenedSession<B> {
    /// Credentials and proxy print through their own redacting `Debug`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HardenedSession")
            .field("proxy", self.config.proxy())
            .field("credentials", &self.credentials)
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

/// What every session build of one connection draws on.
struct SessionParts<B: Backend> {
    limiters: Arc<RateLimiterRegistry<B>>,
    ledger: Arc<ClientLedger>,
    trace: Trace,
}

/// The hardened counterpart of the legacy connection: a [`SessionCell`] of
/// [`HardenedSession`]s, updated the way `Client::set_proxy` and `Client::set_credentials`
/// update theirs.
///
/// ```
/// use std::sync::Arc;
/// use ffiec_core::rate_limit::{RateLimiterRegistry, RatePolicy};
/// use ffiec_core::sync::StdBackend;
/// use ffiec_core::{Config, Credentials, Proxy, SoapCredentials};
/// use race_tests::hardened::HardenedConnection;
/// use race_tests::trace::Trace;
///
/// let credentials = Credentials::from(SoapCredentials::new("alice", "token-alice")?);
/// let limiters = Arc::new(RateLimiterRegistry::new(RatePolicy::default()));
/// let connection: HardenedConnection<StdBackend> =
///     HardenedConnection::new(Config::default(), credentials, limiters, &Trace::off());
/// let before = connection.session();
///
/// let proxy = Proxy::parse("http://proxy.example:3128")?;
/// let after = connection.set_proxy(proxy.into())?;
///
/// assert_eq!(after.client.proxy(), Some(("proxy.example".to_owned(), 3128)));
/// assert_eq!(before.client.proxy(), None, "a held session never changes");
/// assert!(Arc::ptr_eq(&before.limiter, &after.limiter), "one limiter per account");
/// assert_eq!(connection.ledger().builds(), 2, "one build per logical change");
/// # Ok::<(), ffiec_core::Error>(())
/// ```
pub struct HardenedConnection<B: Backend> {
    cell: SessionCell<HardenedSession<B>, B>,
    parts: SessionParts<B>,
}

impl<B: Backend> HardenedConnection<B> {
    /// A connection whose first session is built from `config` and `credentials`, taking
    /// account limiters from `limiters` (share one registry between connections to model
    /// clones of one client).
    pub fn new(
        config: Config,
        credentials: Credentials,
        limiters: Arc<RateLimiterRegistry<B>>,
        trace: &Trace,
    ) -> Self {
        let parts = SessionParts {
            limiters,
            ledger: Arc::new(ClientLedger::default()),
            trace: trace.clone(),
        };
        let first = HardenedSession::build(config, credentials, &parts);

        HardenedConnection {
            cell: SessionCell::new(first),
            parts,
        }
    }

    /// The session a request holds from its first byte to its last: one snapshot.
    pub fn session(&self) -> Arc<HardenedSession<B>> {
        let session = self.cell.load();
        self.parts.trace.record(
            Action::Read,
            "session",
            format!("client #{}", session.client.build_number),
        );
        session
    }

    /// Replaces the proxy setting: one new configuration, one new session, published
    /// whole.
    ///
    /// # Errors
    ///
    /// The configuration's validation error; nothing is published then.
    pub fn set_proxy(&self, proxy: ProxySetting) -> ffiec_core::Result<Arc<HardenedSession<B>>> {
        self.set_proxy_with_slow_build(proxy, || {})
    }

    /// [`set_proxy`](Self::set_proxy), with `during_build` run inside the build, where the
    /// shipping client builds its HTTP client (the slow, network-touching step). A proof
    /// uses it to hold a build open and show that no request waits for it.
    ///
    /// # Errors
    ///
    /// As [`set_proxy`](Self::set_proxy).
    pub fn set_proxy_with_slow_build(
        &self,
        proxy: ProxySetting,
        during_build: impl FnOnce(),
    ) -> ffiec_core::Result<Arc<HardenedSession<B>>> {
        self.cell.update(|current| {
            during_build();
            let config = current.config.to_builder().proxy(proxy).build()?;
            self.parts.trace.record(
                Action::Write,
                "config.proxy",
                describe(&proxy_address(config.proxy())),
            );

            let credentials = current.credentials.clone();
            Ok(HardenedSession::build(config, credentials, &self.parts))
        })
    }

    /// Replaces the credential pair whole; the session, client included, is rebuilt as the
    /// shipping `Client::set_credentials` does.
    ///
    /// # Errors
    ///
    /// None today (the credentials are validated when built); the signature matches the
    /// shipping setter.
    pub fn set_credentials(
        &self,
        credentials: Credentials,
    ) -> ffiec_core::Result<Arc<HardenedSession<B>>> {
        self.cell.update(|current| {
            self.parts.trace.record(
                Action::Write,
                "credentials",
                format!("user='{}'", credentials.user()),
            );

            let config = current.config.clone();
            Ok(HardenedSession::build(config, credentials, &self.parts))
        })
    }

    /// The string form for a log line: reads one snapshot, changes nothing (N2).
    pub fn describe(&self) -> String {
        format!("{:?}", self.cell)
    }

    /// How many updates have published a session.
    pub fn generation(&self) -> u64 {
        self.cell.generation()
    }

    /// The builds and releases of this connection's clients.
    pub fn ledger(&self) -> &Arc<ClientLedger> {
        &self.parts.ledger
    }
}

impl<B: Backend> fmt::Debug for HardenedConnection<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HardenedConnection")
            .field("cell", &self.cell)
            .field("ledger", &self.parts.ledger)
            .finish_non_exhaustive()
    }
}

/// The host and port of an explicit proxy; `None` for no proxy or the environment's.
pub fn proxy_address(setting: &ProxySetting) -> Option<ProxyAddress> {
    match setting {
        ProxySetting::Explicit(proxy) => Some((proxy.host().to_owned(), proxy.port())),
        ProxySetting::None | ProxySetting::FromEnvironment => None,
    }
}

fn describe(address: &Option<ProxyAddress>) -> String {
    match address {
        Some((host, port)) => format!("'{host}':{port}"),
        None => "no proxy".to_owned(),
    }
}
