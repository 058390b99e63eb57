//! The session: everything one request needs, published as one value.
//!
//! A [`Session`] holds the validated [`Config`], the [`Credentials`], the
//! HTTP client (connection pool) built from the two, the rate limiter of the
//! account, and the generation that counts how many updates produced it.
//! The [`Client`](crate::Client) publishes sessions whole through a
//! [`SessionCell`](crate::session_cell::SessionCell), and every call holds
//! one session from its first byte to its last, so no request can mix the
//! proxy, endpoint or credentials of two configurations (findings F1, F7,
//! N1, N7).
//!
//! When the last holder of a replaced session lets go, its connection pool
//! is dropped with it (N3).

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::config::{Config, RateLimit};
use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, Result};
use crate::rate_limit::{RateLimiter, RateLimiterRegistry, RatePolicy};

/// Where a session gets its account's rate limiter from.
#[derive(Debug, Clone)]
pub(crate) enum LimiterSource {
    /// The process-wide registry for the configuration's rate limit: every
    /// client of the same account and limit shares one limiter.
    Shared,
    /// A registry the caller provided; its policy overrides the
    /// configuration's rate limit.
    Registry(Arc<RateLimiterRegistry>),
}

impl LimiterSource {
    fn limiter_for(&self, config: &Config, account: &str) -> Result<Arc<RateLimiter>> {
        match self {
            LimiterSource::Shared => Ok(shared_registry(config.rate_limit())?.for_account(account)),
            LimiterSource::Registry(registry) => Ok(registry.for_account(account)),
        }
    }
}

/// One registry per distinct rate limit, for the life of the process.
fn shared_registry(rate_limit: RateLimit) -> Result<Arc<RateLimiterRegistry>> {
    static REGISTRIES: OnceLock<Mutex<HashMap<RateLimit, Arc<RateLimiterRegistry>>>> =
        OnceLock::new();

    let policy = RatePolicy::new(rate_limit.calls, rate_limit.per)?;
    let mut registries = REGISTRIES
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let registry = registries
        .entry(rate_limit)
        .or_insert_with(|| Arc::new(RateLimiterRegistry::new(policy)));
    Ok(Arc::clone(registry))
}

/// A published, immutable session. Cheap to share: callers hold it in an
/// `Arc`.
///
/// `Debug` shows the configuration (proxy password redacted), the user and
/// the generation; never a token.
pub struct Session {
    config: Arc<Config>,
    credentials: Credentials,
    http: reqwest::Client,
    limiter: Arc<RateLimiter>,
    generation: u64,
}

impl Session {
    /// Builds the session of generation `generation` for `config` and
    /// `credentials`, taking the account's limiter from `limiters`.
    pub(crate) fn build(
        config: Arc<Config>,
        credentials: Credentials,
        limiters: &LimiterSource,
        generation: u64,
    ) -> Result<Session> {
        if !config.protocol().accepts(&credentials) {
            let given = if credentials.is_soap() {
                "SOAP"
            } else {
                "REST"
            };
            return Err(Error::validation(format!(
                "the {} protocol needs {} credentials, got {given} credentials for user {:?}",
                config.protocol().name(),
                config.protocol().name(),
                credentials.user()
            )));
        }

        let http = build_http_client(&config)?;
        let limiter = limiters.limiter_for(&config, credentials.user())?;
        tracing::debug!(
            generation,
            protocol = config.protocol().name(),
            "session built"
        );

        Ok(Session {
            config,
            credentials,
            http,
            limiter,
            generation,
        })
    }

    /// The configuration this session was built from.
    pub fn config(&self) -> &Arc<Config> {
        &self.config
    }

    /// The credentials every request of this session sends.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The HTTP client (connection pool) built from the configuration.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The rate limiter of the account, shared with every other session and
    /// client of the same account.
    pub fn limiter(&self) -> &Arc<RateLimiter> {
        &self.limiter
    }

    /// How many updates were published before this session: 0 for the
    /// session a client starts with.
    pub fn generation(&self) -> u64 {
        self.generation
    }
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("generation", &self.generation)
            .field("config", &self.config)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

/// The reqwest client of a configuration: its timeouts, user agent and
/// proxy (from [`Config::http_client_builder`]), rustls with the ring
/// provider, and no redirects.
///
/// Redirects are refused because the token travels in a custom
/// `Authentication` header, which HTTP clients do not strip when a redirect
/// leads to another host.
fn build_http_client(config: &Config) -> Result<reqwest::Client> {
    install_crypto_provider();

    config
        .http_client_builder()?
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|source| {
            Error::new(ErrorKind::Transport, "building the HTTP client failed")
                .with_source(source.without_url())
        })
}

/// Installs rustls' ring provider as the process default, once. Another
/// default installed first (by the application) is kept.
fn install_crypto_provider() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        // An error only says that a provider is already installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Protocol, SoapOptions};
    use crate::credentials::SoapCredentials;

    fn soap_credentials() -> Credentials {
        SoapCredentials::new("alice", "ey.secret-token.")
            .unwrap()
            .into()
    }

    #[test]
    fn a_session_holds_its_values_and_hides_the_token() {
        let config = Arc::new(
            Config::builder()
                .protocol(Protocol::Soap(SoapOptions::default()))
                .build()
                .unwrap(),
        );
        let session = Session::build(
            Arc::clone(&config),
            soap_credentials(),
            &LimiterSource::Shared,
            4,
        )
        .unwrap();

        assert!(Arc::ptr_eq(session.config(), &config));
        assert_eq!(session.credentials().user(), "alice");
        assert_eq!(session.generation(), 4);

        let debug = format!("{session:?}");
        assert!(debug.contains("generation: 4"), "{debug}");
        assert!(!debug.contains("ey.secret-token."), "{debug}");
    }

    #[test]
    fn credentials_of_the_other_protocol_are_refused() {
        let rest = Arc::new(Config::default());
        let error =
            Session::build(rest, soap_credentials(), &LimiterSource::Shared, 0).unwrap_err();
        assert!(error.is_validation());
        assert_eq!(
            error.context(),
            "the REST protocol needs REST credentials, got SOAP credentials for user \"alice\""
        );
    }

    #[test]
    fn sessions_of_one_account_share_one_limiter() {
        let config = Arc::new(
            Config::builder()
                .protocol(Protocol::Soap(SoapOptions::default()))
                .build()
                .unwrap(),
        );
        let build = |credentials: Credentials| {
            Session::build(Arc::clone(&config), credentials, &LimiterSource::Shared, 0).unwrap()
        };

        let first = build(soap_credentials());
        let second = build(soap_credentials());
        let other = build(SoapCredentials::new("bob", "tok").unwrap().into());
        assert!(Arc::ptr_eq(first.limiter(), second.limiter()));
        assert!(!Arc::ptr_eq(first.limiter(), other.limiter()));

        let registry = Arc::new(RateLimiterRegistry::new(RatePolicy::default()));
        let own = Session::build(
            Arc::clone(&config),
            soap_credentials(),
            &LimiterSource::Registry(Arc::clone(&registry)),
            0,
        )
        .unwrap();
        assert!(Arc::ptr_eq(own.limiter(), &registry.for_account("alice")));
        assert!(!Arc::ptr_eq(own.limiter(), first.limiter()));
    }
}
